"""Write the spinner tables shipped with the package (``mtdetect/data/*.tsv.gz``).

``synonym_gaps.tsv.gz`` (``mtdetect.lab.thesaurus.synonym_gaps``) and ``spin_odds.tsv.gz``
(``mtdetect.lab.spin.spin_odds_table``), from WordNet 3.0 (Debian's ``wordnet-base``) and
wordfreq. Each is sorted and gzipped without a timestamp, so rebuilding with the
same inputs gives the same bytes. Run it again after upgrading wordfreq.

    python scripts/build_synonym_table.py [--wordnet /usr/share/wordnet] [--out DIR]
"""

from __future__ import annotations

import argparse
import gzip
import sys
from pathlib import Path

from mtdetect.features.synonyms import ODDS_PATH, TABLE_PATH
from mtdetect.lab.spin import spin_odds_table
from mtdetect.lab.thesaurus import WORDNET_DIR, load_thesaurus, synonym_gaps


def write_table(values: dict[str, float], path: Path) -> None:
    """``word<TAB>value`` lines, sorted, one decimal, gzipped reproducibly."""
    lines = "".join(f"{word}\t{value:.1f}\n" for word, value in sorted(values.items()))
    with open(path, "wb") as raw, gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0) as handle:
        handle.write(lines.encode("utf-8"))
    print(f"{len(values)} words -> {path}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wordnet", type=Path, default=WORDNET_DIR)
    parser.add_argument("--out", type=Path, default=TABLE_PATH.parent, help="folder for both tables")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    write_table(synonym_gaps(args.wordnet), args.out / TABLE_PATH.name)
    write_table(spin_odds_table(load_thesaurus(args.wordnet)), args.out / ODDS_PATH.name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
