"""Share of test paragraphs and documents flagged at the default threshold, by paragraph length.

The corpus paragraphs are about 40-120 words; articles also have shorter ones.
Test-split paragraphs are cut at sentence ends into pieces of each short band
(``mtdetect.model.lengths.sentence_pieces``) and scored like any input; the whole
paragraphs are the reference row. Up to ``--per-origin`` paragraphs are drawn per
origin (seeded). The second table re-cuts whole test documents (up to
``--documents`` per origin) into such pieces and pools them as ``mtdetect score``
pools a document's paragraphs (without the entity-drift term). ``--raw`` scores without the length calibration, as the model
did before it.

Usage::

    python -m benchmarks.short_paragraphs [--model models/mtdetect-en.joblib] [--raw]
"""

from __future__ import annotations

import argparse
import random
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from mtdetect.model.load import Detector

ORIGINS = ("native", "human", "machine", "roundtrip", "spun")
DOCUMENT_ORIGINS = ("native", "human", "machine")


def main(argv: Sequence[str] | None = None) -> int:
    from mtdetect.lab.corpus import load_corpus
    from mtdetect.model.lengths import BANDS, sentence_pieces
    from mtdetect.model.load import load_detector

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("corpus/build"))
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--per-origin", type=int, default=3000)
    parser.add_argument("--documents", type=int, default=600)
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
    _documents(detector, test, args.documents)
    return 0


def _documents(detector: Detector, test: list[dict], per_origin: int) -> None:
    from mtdetect.model.lengths import BANDS, sentence_pieces
    from mtdetect.scoring.paragraphs import DocumentScore, score_paragraphs
    from mtdetect.inputs.text import Paragraph

    by_document: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for record in test:
        by_document[(record["group"], record["origin"], record["system"])].append(record["text"])
    keys = sorted(by_document)
    random.Random(0).shuffle(keys)
    print("\nDocuments flagged (documents scored), paragraphs cut into pieces of each band")
    print("| paragraph words | " + " | ".join(DOCUMENT_ORIGINS) + " |")
    print("|---" * (len(DOCUMENT_ORIGINS) + 1) + "|")
    for band in (*BANDS, None):
        cells = []
        for origin in DOCUMENT_ORIGINS:
            flagged = []
            for key in [k for k in keys if k[1] == origin][:per_origin]:
                texts = [p for text in by_document[key] for p in ([text] if band is None else sentence_pieces(text, *band))]
                document = DocumentScore(name=key[0], threshold=detector.threshold, bands=detector.length_bands)
                paragraphs = [Paragraph(i, text, 1) for i, text in enumerate(texts)]
                for scored in score_paragraphs(detector, paragraphs, threshold=detector.threshold):
                    document.add(scored)
                if document.score is not None:
                    flagged.append(document.score > detector.threshold)
            cells.append(f"{np.mean(flagged):.1%} ({len(flagged)})")
        print(f"| {'whole paragraphs' if band is None else f'{band[0]}-{band[1]}'} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    raise SystemExit(main())
