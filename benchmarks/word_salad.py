"""Does the style score notice word salad? Native paragraphs against garbled copies of themselves.

A detector of machine-made text should score broken word order at least as high as the fluent
original. mtdetect's style score is a linear model over n-grams and stylometric columns fitted
on fluent MT; garbled text lies outside what it saw, and nothing in it checks fluency. This
benchmark measures that blind spot on the ``test`` split of ``corpus/build``:

- ``shuffled``: each native paragraph with its words in a random order (seeded);
- ``swapped``: a quarter as many adjacent-word swaps as words, and one word in twenty dropped,
  which is closer to a broken MT system;
- ``AIST``: the output of WMT22's AIST ja-en system, word salad from a real MT system, where
  the test split holds it.

For each, the AUROC of the garbled paragraphs against the native ones (1.0: every garbled
paragraph above every native one; 0.5: blind; below 0.5: garbage reads as *more* human). Last,
the share of AIST's documents (every split) that the full verdict (style score and findings, as
``mtdetect score`` computes it) flags at the model's threshold.

Usage::

    python -m benchmarks.word_salad [--model models/mtdetect-en.joblib] [--seed 0]
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from benchmarks.verdict import document_scores
from mtdetect.lab.corpus import load_corpus
from mtdetect.lab.evaluation import auroc
from mtdetect.model.load import load_detector

ROOT = Path(__file__).resolve().parent.parent
BROKEN_SYSTEM = "AIST"


def shuffled(text: str, rng: random.Random) -> str:
    """The paragraph's words in a random order."""
    words = text.split()
    rng.shuffle(words)
    return " ".join(words)


def swapped(text: str, rng: random.Random) -> str:
    """``len(words) // 4`` random adjacent swaps (at least one), then each word dropped with probability 1/20."""
    words = text.split()
    for _ in range(max(1, len(words) // 4)):
        if len(words) > 1:
            i = rng.randrange(len(words) - 1)
            words[i], words[i + 1] = words[i + 1], words[i]
    return " ".join(word for word in words if rng.random() > 0.05)


def versus_native(native: np.ndarray, other: np.ndarray) -> float:
    """AUROC of ``other`` scores against ``native`` scores."""
    value = auroc(np.r_[np.zeros(len(native)), np.ones(len(other))], np.r_[native, other])
    return float("nan") if value is None else value


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None)
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus" / "build")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    records = load_corpus(args.corpus)
    test = [r for r in records if r["split"] == "test"]
    natives = [r["text"] for r in test if r["origin"] == "native"]
    detector = load_detector(args.model)
    native = detector.predict_proba(natives)
    rows: list[tuple[str, int, np.ndarray]] = []
    garblers: dict[str, Callable[[str, random.Random], str]] = {"shuffled": shuffled, "swapped": swapped}
    for name, garble in garblers.items():
        rng = random.Random(args.seed)
        rows.append((f"native, {name}", len(natives), detector.predict_proba([garble(t, rng) for t in natives])))
    broken = [r["text"] for r in test if r["origin"] == "machine" and r["system"] == BROKEN_SYSTEM]
    if broken:
        rows.append((f"{BROKEN_SYSTEM} (WMT22 ja-en MT output)", len(broken), detector.predict_proba(broken)))
    print(f"{len(natives)} native test paragraphs, mean style score {native.mean():.3f}\n")
    print("| paragraphs | count | mean style score | AUROC against the native paragraphs |")
    print("|---|---:|---:|---:|")
    for name, count, scores in rows:
        print(f"| {name} | {count} | {scores.mean():.3f} | {versus_native(native, scores):.3f} |")
    documents: dict[str, list[str]] = {}
    for record in records:
        if record["origin"] == "machine" and record["system"] == BROKEN_SYSTEM:
            documents.setdefault(record["group"], []).append(record["text"])
    if documents:
        verdicts = [score for score, _ in document_scores(detector, [(BROKEN_SYSTEM, texts) for texts in
                                                                      documents.values()])[BROKEN_SYSTEM]]
        flagged = float(np.mean(np.array(verdicts) > detector.threshold))
        print(f"\n{BROKEN_SYSTEM} documents flagged by the verdict at threshold {detector.threshold:.3f}: "
              f"{flagged:.1%} of {len(verdicts)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
