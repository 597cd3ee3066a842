"""How the shipped model answers the web-pipeline tells the training corpus barely contains.

WMT and the Google/DeepL news sets are clean: French typography, glued words and
translated boilerplate occur in well under 1% of their paragraphs (of every origin),
so the model learns about them only through its character n-grams and the artifact
features. This benchmark plants one tell at a time in native-English test paragraphs
(never trained on) and prints the mean change in log-odds and the share flagged at the
model's threshold, before and after. The tells are written here independently of
``mtdetect.spin.pipeline_tells`` (the training generator), so the probe is not the
recipe the model learned from. A benchmark, not a test: figures are printed.

Usage::

    python -m benchmarks.tells [--model models/mtdetect-en.joblib] [--paragraphs 600]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DAYS_AND_MONTHS = re.compile(r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February"
                             r"|March|April|June|July|September|October|November|December)\b")


def guillemets(text: str) -> str:
    """Quotations in « » (French/Italian typography), or one added after the first "said"."""
    quoted = re.sub(r'["“]([^"”]{3,200})["”]', r"« \1 »", text)
    return quoted if quoted != text else text.replace(" said ", " said: « ", 1) + " »"


def french_spacing(text: str) -> str:
    """A space before every ? ! : ; ("casus belli ?")."""
    return re.sub(r"(\w)([?!:;])", r"\1 \2", text)


def glued_words(text: str) -> str:
    """The first lower-case word before a capitalised one glued to it ("theNorth")."""
    return re.sub(r"\b([a-z]{2,}) ([A-Z][a-z]+)", r"\1\2", text, count=1)


def lowercase_months(text: str) -> str:
    """Day and month names in lower case (Romance-language style)."""
    return DAYS_AND_MONTHS.sub(lambda match: match.group().lower(), text)


def foreign_boilerplate(text: str) -> str:
    """A literally translated video teaser at the end ("À voir en vidéo")."""
    return text + " To see in video."


TELLS: dict[str, Callable[[str], str]] = {
    "guillemets": guillemets,
    "French spacing": french_spacing,
    "glued words": glued_words,
    "lower-case months": lowercase_months,
    "foreign boilerplate": foreign_boilerplate,
}


def logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def main(argv: Sequence[str] | None = None) -> int:
    from mtdetect.corpus import load_corpus
    from mtdetect.model import load_detector

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus" / "build")
    parser.add_argument("--model", type=Path, default=None, help="default: the shipped model")
    parser.add_argument("--paragraphs", type=int, default=600, help="native test paragraphs to use")
    args = parser.parse_args(argv)
    detector = load_detector(args.model)
    texts = [r["text"] for r in load_corpus(args.corpus)
             if r["split"] == "test" and r["origin"] == "native"][: args.paragraphs]
    before = detector.predict_proba(texts)
    threshold = detector.threshold
    tells = {**TELLS, "all five": lambda t: foreign_boilerplate(glued_words(french_spacing(guillemets(
        lowercase_months(t)))))}
    print(f"{len(texts)} native test paragraphs; threshold {threshold:.3f}; "
          f"flagged unchanged: {(before > threshold).mean():.1%}\n")
    print("| tell planted | paragraphs changed | mean change in log-odds | flagged before | flagged after |")
    print("|---|---|---|---|---|")
    for name, plant in tells.items():
        planted = [plant(text) for text in texts]
        changed = np.array([a != b for a, b in zip(texts, planted)])
        after = detector.predict_proba(planted)
        shift = float((logit(after) - logit(before))[changed].mean())
        print(f"| {name} | {changed.sum()} | {shift:+.2f} | {(before[changed] > threshold).mean():.1%} "
              f"| {(after[changed] > threshold).mean():.1%} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
