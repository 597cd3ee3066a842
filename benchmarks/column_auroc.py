"""How well does each dense feature column separate two origins on its own? AUROC per column, test split.

A column's AUROC above 0.5 means higher values go with the second origin (``machine``,
a spinner ...), below 0.5 with the first. Useful to see what a new column adds before
training with it, and that a spinner tell stays neutral on translations. Reads the
feature cache of ``benchmarks.regularisation`` (computed on first use, about 5 minutes).

Usage::

    python -m benchmarks.column_auroc [--family synonyms] [--top 15]
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

import numpy as np

from benchmarks.regularisation import ROOT, corpus_blocks
from mtdetect.lab.corpus import load_corpus
from mtdetect.lab.evaluation import auroc
from mtdetect.features import dense_columns
from mtdetect.lab.workflows import recipe_families

# (negative, positive): an origin, or spun text of one generator.
CONTRASTS = (("native", "synonym"), ("native", "namemangle+synonym"), ("native", "apertium-spa"),
             ("native", "machine"), ("human", "machine"), ("native", "roundtrip"))


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--family", default=None, help="only this family's columns (default: all)")
    parser.add_argument("--top", type=int, default=15, help="columns shown, furthest from 0.5 on the first contrast")
    args = parser.parse_args(argv)
    records = load_corpus(ROOT / "corpus" / "build")
    dense = corpus_blocks([r["text"] for r in records], ROOT / "benchmarks" / "out" / "regularisation-cache")["dense"]
    names = dense_columns(recipe_families())
    kind = np.array([r["system"] if r["origin"] == "spun" else r["origin"] for r in records])
    test = np.array([r["split"] == "test" for r in records])
    table = np.array([[auroc((kind[chosen] == positive).astype(int), dense[chosen, j])
                       for j in range(len(names))]
                      for negative, positive in CONTRASTS
                      for chosen in [test & np.isin(kind, (negative, positive))]])
    shown = [j for j in np.argsort(-np.abs(table[0] - 0.5)) if args.family in (None, names[j].split("__")[0])]
    print("| column | " + " | ".join(f"{n} vs {p}" for n, p in CONTRASTS) + " |")
    print("|---|" + "---|" * len(CONTRASTS))
    for j in shown[: args.top]:
        print(f"| {names[j]} | " + " | ".join(f"{v:.3f}" for v in table[:, j]) + " |")


if __name__ == "__main__":
    main()
