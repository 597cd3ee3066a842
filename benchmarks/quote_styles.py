"""Which quotation marks each origin writes, per source collection: a dataset artefact, measured.

Prints, per origin and test set, the share of paragraphs holding typographic ("curly") quotes or
apostrophes and the share holding straight ASCII ones. In WMT21-22 the professional reference
translations hold curly quotes five to nine times as often as MT output (23% and 32% of paragraphs
against 5% and 3%), and native sources rarely (0% and 10%),
so any model that reads raw characters learns "curly quotes: written by a translator", a
property of how the references were typed, which a publisher's software rewrites
(``benchmarks/restyle.py``). mtdetect's style features read one plain quote style
(:mod:`mtdetect.features._text.typography`); the TF-IDF peer reads the raw characters
(docs/validation.md, "What the peer's lead is made of").

Usage::

    python -m benchmarks.quote_styles [--corpus corpus/build]
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from mtdetect.lab.corpus import load_corpus

ROOT = Path(__file__).resolve().parent.parent
CURLY = frozenset("\u201c\u201d\u2018\u2019")
STRAIGHT = frozenset("\"'")
ORIGINS = ("native", "human", "machine")


def quote_shares(records: Sequence[dict]) -> dict[tuple[str, str], tuple[int, float, float]]:
    """``(origin, collection)``: paragraphs, share with curly quotes, share with straight quotes.

    The collection is ``wmt<year>`` for WMT21-22 and ``htmt`` for the WMT08-17 news of the htmt set.
    """
    counts: dict[tuple[str, str], Counter] = {}
    for record in records:
        if record["origin"] not in ORIGINS:
            continue
        year = int(record["year"])
        key = (record["origin"], f"wmt{year % 100}" if year >= 2021 else "htmt 2008-17")
        count = counts.setdefault(key, Counter())
        characters = set(record["text"])
        count["n"] += 1
        count["curly"] += bool(characters & CURLY)
        count["straight"] += bool(characters & STRAIGHT)
    return {key: (c["n"], c["curly"] / c["n"], c["straight"] / c["n"]) for key, c in sorted(counts.items())}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus" / "build")
    args = parser.parse_args(argv)
    print("| origin | collection | paragraphs | with curly quotes | with straight quotes |")
    print("|---|---|---|---|---|")
    for (origin, collection), (n, curly, straight) in quote_shares(load_corpus(args.corpus)).items():
        print(f"| {origin} | {collection} | {n} | {curly:.1%} | {straight:.1%} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
