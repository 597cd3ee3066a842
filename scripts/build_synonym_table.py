"""Write the synonym-gap table shipped with the package (``mtdetect/data/synonym_gaps.tsv.gz``).

Reads WordNet 3.0 from Debian's ``wordnet-base`` and word frequencies from
wordfreq (see ``mtdetect.thesaurus.synonym_gaps``). The output is sorted and
gzipped without a timestamp, so rebuilding with the same inputs gives the same
bytes. Run it again after upgrading wordfreq.

    python scripts/build_synonym_table.py [--wordnet /usr/share/wordnet]
"""

from __future__ import annotations

import argparse
import gzip
import sys
from pathlib import Path

from mtdetect.features.synonyms import TABLE_PATH
from mtdetect.thesaurus import WORDNET_DIR, synonym_gaps


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wordnet", type=Path, default=WORDNET_DIR)
    parser.add_argument("--out", type=Path, default=TABLE_PATH)
    args = parser.parse_args(argv)
    gaps = synonym_gaps(args.wordnet)
    lines = "".join(f"{word}\t{gap:.1f}\n" for word, gap in sorted(gaps.items()))
    with open(args.out, "wb") as raw, gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0) as handle:
        handle.write(lines.encode("utf-8"))
    print(f"{len(gaps)} words -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
