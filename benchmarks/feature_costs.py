"""Where scoring time goes: microseconds per paragraph for each feature family and n-gram block.

Times, on warm word caches (the first half of the paragraphs warms every cache; the second half
is timed) and with the per-paragraph caches (parse, tokens, evidence) emptied before each part,
as a stream of new paragraphs finds them: each dense feature family of the model, each text view
the hashed n-gram blocks of its plain-array scorer read (computed once, as the scorer does) and
each block, the language check, and the whole :func:`mtdetect.scoring.score_paragraphs`, which
shares one parse between the families and so costs less than the sum of its parts. Where the compiled n-gram module is built, each block's
Python path (what runs without it) is timed too, below the sum. Prints a Markdown table.

Usage::

    python -m benchmarks.feature_costs [--corpus corpus/build] [--model models/mtdetect-en.joblib] [--paragraphs 8000]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from mtdetect.corpus import load_corpus
from mtdetect.features import FAMILIES
from mtdetect.features.artifacts import find_evidence
from mtdetect.features.lexicon import tokenize
from mtdetect.features.parsed import parse
from mtdetect.inference import TEXT_VIEWS, _ngrams
from mtdetect.language import detect_language
from mtdetect.model import load_detector
from mtdetect.scoring import score_paragraphs
from mtdetect.text import Paragraph

ROOT = Path(__file__).resolve().parent.parent


def _forget_paragraphs() -> None:
    """Empty the caches keyed by whole paragraphs, so no part reuses another part's work on the same texts."""
    parse.cache_clear()
    tokenize.clear()
    find_evidence.cache_clear()


def _microseconds(work: Callable[[], object], n: int) -> float:
    _forget_paragraphs()
    start = time.perf_counter()
    work()
    return (time.perf_counter() - start) / n * 1e6


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus" / "build")
    parser.add_argument("--model", type=Path, default=None, help="default: the shipped model")
    parser.add_argument("--paragraphs", type=int, default=8000)
    args = parser.parse_args(argv)
    detector = load_detector(args.model)
    if detector.scorer is None:
        raise SystemExit("feature_costs: the model has no plain-array scorer (.npz) to time")
    texts = [r["text"] for r in load_corpus(args.corpus) if r["split"] == "test"][: args.paragraphs]
    warm, timed = texts[: len(texts) // 2], texts[len(texts) // 2 :]
    paragraphs = [Paragraph(i, text, i) for i, text in enumerate(timed)]
    families = detector.scorer.families
    for name in families:
        FAMILIES[name].compute(warm)
    detector.raw_proba(warm)
    for text in warm:
        detect_language(text)

    rows = [(f"family `{name}`", _microseconds(lambda name=name: FAMILIES[name].compute(timed), len(timed)))
            for name in families]
    views: dict[str, list[str]] = {}
    python_paths: list[tuple[str, float]] = []
    for block in detector.scorer.blocks:
        if block.view not in views:
            name, view = block.view, TEXT_VIEWS[block.view]
            rows.append((f"text view `{name}`",
                         _microseconds(lambda name=name, view=view: views.setdefault(name, [view(t) for t in timed]),
                                       len(timed))))
        cost = _microseconds(lambda block=block: block.decision(views[block.view]), len(timed))
        label = f"n-grams over `{block.view}`: {block.analyzer} {block.ngram_range[0]}-{block.ngram_range[1]}"
        rows.append((label, cost))
        if _ngrams is not None:  # also time the Python path that runs where the C extension is not built
            block.python_decision([TEXT_VIEWS[block.view](t) for t in warm])  # warms its word cache
            python_paths.append((f"{label}, Python path",
                                 _microseconds(lambda block=block: block.python_decision(views[block.view]),
                                               len(timed))))
    rows.append(("language check", _microseconds(lambda: [detect_language(t) for t in timed], len(timed))))
    rows.append(("sum of the parts", sum(cost for _, cost in rows)))
    threshold = detector.threshold
    rows.append(("`score_paragraphs` (everything, shared caches)",
                 _microseconds(lambda: list(score_paragraphs(detector, paragraphs, threshold=threshold)), len(timed))))
    print(f"{len(timed)} test paragraphs timed after {len(warm)} to warm the caches\n")
    print("| part | µs per paragraph |\n|---|---|")
    for name, cost in rows + python_paths:
        print(f"| {name} | {cost:,.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
