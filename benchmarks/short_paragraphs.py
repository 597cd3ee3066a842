"""Share of test paragraphs flagged at the default threshold, by paragraph length.

The corpus paragraphs are about 40-120 words; articles also have shorter ones.
Test-split paragraphs are cut at sentence ends into pieces of each short band
(``mtdetect.lengths.sentence_pieces``) and scored like any input; the whole
paragraphs are the reference row. Up to ``--per-origin`` paragraphs are drawn per
origin (seeded). ``--raw`` scores without the length calibration, as the model
did before it.

Usage::

    python -m benchmarks.short_paragraphs [--model models/mtdetect-en.joblib] [--raw]
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Sequence
from pathlib import Path

import numpy as np

ORIGINS = ("native", "human", "machine", "roundtrip", "spun")


def main(argv: Sequence[str] | None = None) -> int:
    from mtdetect.corpus import load_corpus
    from mtdetect.lengths import BANDS, sentence_pieces
    from mtdetect.model import load_detector

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("corpus/build"))
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--per-origin", type=int, default=3000)
    args = parser.parse_args(argv)
    detector = load_detector(args.model)
    test = [r for r in load_corpus(args.corpus) if r["split"] == "test"]
    rng = random.Random(0)
    drawn = {}
    for origin in ORIGINS:
        records = [r for r in test if r["origin"] == origin]
        drawn[origin] = rng.sample(records, min(len(records), args.per_origin))
    print(f"threshold {detector.threshold:.3f}; share flagged (pieces scored)")
    print("| words | " + " | ".join(ORIGINS) + " |")
    print("|---" * (len(ORIGINS) + 1) + "|")
    for band in (*BANDS, None):
        cells = []
        for origin in ORIGINS:
            texts = ([r["text"] for r in drawn[origin]] if band is None else
                     [p for r in drawn[origin] for p in sentence_pieces(r["text"], *band)])
            flagged = np.mean(detector.predict_proba(texts) > detector.threshold) if texts else float("nan")
            cells.append(f"{flagged:.1%} ({len(texts)})")
        print(f"| {'whole paragraphs' if band is None else f'{band[0]}-{band[1]}'} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
