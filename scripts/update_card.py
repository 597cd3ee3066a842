"""Attach evaluation, peer and leave-one-pair-out results to a model card.

The card is JSON beside the model; its sha256 covers the joblib file only, so
adding measured results does not invalidate it.

    python scripts/update_card.py --model models/mtdetect-en.joblib --eval benchmarks/out/eval_test.json \\
        --peer benchmarks/out/peer_tfidf.json --lopo benchmarks/out/lopo.json --logo benchmarks/out/logo.json
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from mtdetect.model.load import card_path, read_card


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=Path("models/mtdetect-en.joblib"))
    parser.add_argument("--peer", type=Path, help="benchmarks/peer_tfidf.py output (JSON)")
    parser.add_argument("--lopo", type=Path, help="mtdetect eval --lopo --out output (JSON)")
    parser.add_argument("--logo", type=Path, help="mtdetect eval --logo --out output (JSON)")
    parser.add_argument("--eval", type=Path, help="mtdetect eval --split test --out output (JSON)")
    args = parser.parse_args(argv)
    card = read_card(args.model)
    if args.peer:
        peer = json.loads(args.peer.read_text(encoding="utf-8"))
        card["peer"] = {"what": "TF-IDF word 1-2 + char 2-5 grams + logistic regression "
                                "(benchmarks/peer_tfidf.py), same corpus and split",
                        "report": peer["test"]["report"], "lopo": peer.get("lopo")}
    if args.eval:
        card["evaluation"] = {"split": "test", "report": json.loads(args.eval.read_text(encoding="utf-8"))}
    if args.lopo:
        card["lopo"] = json.loads(args.lopo.read_text(encoding="utf-8"))
    if args.logo:
        card["logo"] = json.loads(args.logo.read_text(encoding="utf-8"))
    card_path(args.model).write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    print(f"updated {card_path(args.model)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
