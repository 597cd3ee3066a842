"""Measure the trade-off behind the training weight of spun text, on the val split.

Spun copies share their native originals' words, so the more weight spun text
gets, the better spinning is caught and the worse machine translation is. For
each weight this trains the standard recipe and prints val-split AUROCs.

    python scripts/sweep_spun_weight.py --weights 0 0.25 0.5 1
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from mtdetect.corpus import load_corpus
from mtdetect.evaluation import evaluate
from mtdetect.model import ModelOptions
from mtdetect.training import SelectionOptions, train
from mtdetect.workflows import score_records

ORIGINS = ("native", "human", "machine", "roundtrip", "spun")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("corpus/build"))
    parser.add_argument("--weights", type=float, nargs="+", default=[0.0, 0.25, 0.5, 1.0])
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)
    records = load_corpus(args.corpus)
    val = [r for r in records if r["split"] == "val"]
    print("| spun weight | native vs MT | human vs MT | native vs round trip | native vs spun |")
    print("|---|---|---|---|---|")
    for weight in args.weights:
        origins = ORIGINS if weight > 0 else ORIGINS[:-1]
        selection = SelectionOptions(seed=args.seed, origins=origins, spun_weight=weight or 1.0)
        detector, _ = train(records, model_options=ModelOptions(seed=args.seed), selection=selection)
        auroc = evaluate(val, score_records(detector, val), threshold=detector.threshold)["paragraph"]["auroc"]
        keys = ("native_vs_machine", "human_vs_machine", "native_vs_roundtrip", "native_vs_spun")
        print(f"| {weight} | " + " | ".join(json.dumps(auroc[k]) for k in keys) + " |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
