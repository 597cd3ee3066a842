"""Which findings report the web-pipeline tells, and how little the style score moves for them.

WMT and the Google/DeepL news sets are clean: French typography, glued words and
translated boilerplate occur in well under 1% of their paragraphs (of every origin).
Since 1.8.0 these tells are the findings' job (``mtdetect/findings/``, MT101...MT702), not
columns of the style model. This benchmark plants one tell at a time in native-English
test paragraphs (never trained on) and prints, for each, the share of changed paragraphs
in which the findings catalogue reports a finding it did not report before, the codes
it reports, and the mean change in the style score's log-odds (small: the model is
typography-blind and leaves these tells to the findings). The tells are written here
independently of ``mtdetect.lab.spin.pipeline_tells`` (the training generator, whose output
``benchmarks/finding_rates.py`` counts as ``spun:pipeline``), so the probe is not the
recipe the rules were checked on. A benchmark, not a test: figures are printed.

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


def new_codes(before: str, after: str, codes: frozenset[str]) -> set[str]:
    """The codes of the findings in ``after`` that ``before`` did not have (compared as code counts)."""
    from collections import Counter

    from mtdetect.findings import paragraph_findings

    had = Counter(f.code for f in paragraph_findings(before, codes))
    has = Counter(f.code for f in paragraph_findings(after, codes))
    return {code for code, n in has.items() if n > had[code]}


def main(argv: Sequence[str] | None = None) -> int:
    from collections import Counter

    from mtdetect.lab.corpus import load_corpus
    from mtdetect.findings import selected_codes
    from mtdetect.model.load import load_detector

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus" / "build")
    parser.add_argument("--model", type=Path, default=None, help="default: the shipped model")
    parser.add_argument("--paragraphs", type=int, default=600, help="native test paragraphs to use")
    args = parser.parse_args(argv)
    detector = load_detector(args.model)
    codes = selected_codes()
    texts = [r["text"] for r in load_corpus(args.corpus)
             if r["split"] == "test" and r["origin"] == "native"][: args.paragraphs]
    before = detector.predict_proba(texts)
    tells = {**TELLS, "all five": lambda t: foreign_boilerplate(glued_words(french_spacing(guillemets(
        lowercase_months(t)))))}
    print(f"{len(texts)} native test paragraphs\n")
    print("| tell planted | paragraphs changed | with a new finding | codes found (paragraphs) "
          "| mean change in style log-odds |")
    print("|---|---|---|---|---|")
    for name, plant in tells.items():
        planted = [plant(text) for text in texts]
        changed = np.array([a != b for a, b in zip(texts, planted)])
        found = [new_codes(a, b, codes) for a, b, c in zip(texts, planted, changed) if c]
        by_code = Counter(code for new in found for code in new)
        after = detector.predict_proba(planted)
        shift = float((logit(after) - logit(before))[changed].mean()) if changed.any() else 0.0
        listed = ", ".join(f"{code} ({n})" for code, n in sorted(by_code.items())) or "none"
        print(f"| {name} | {changed.sum()} | {sum(map(bool, found)) / max(len(found), 1):.1%} | {listed} "
              f"| {shift:+.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
