"""Where scoring time goes: microseconds per paragraph for each feature family and n-gram block.

Times, on warm word caches (the first half of the paragraphs warms every cache; the second half
is timed) and with the per-paragraph caches (parse, tokens) emptied before each part,
as a stream of new paragraphs finds them: each dense feature family of the model, each view the
hashed n-gram blocks of its plain-array scorer read (computed once, as the scorer does: token lists
where the compiled module takes them, else text) and each block, the language check, and the whole
:func:`mtdetect.scoring.paragraphs.score_paragraphs`, which shares one parse between the families and so costs
less than the sum of its parts. Where the compiled n-gram module is built, each block's Python path
(what runs without it, on the text views) is timed too, below the sum. Prints a Markdown table.

Usage::

    python -m benchmarks.feature_costs [--corpus corpus/build] [--model models/mtdetect-en.joblib] [--paragraphs 8000]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from mtdetect.lab.corpus import load_corpus
from mtdetect.features import FAMILIES
from mtdetect.features._text.lexicon import tokenize
from mtdetect.features._text.parsed import parse
from mtdetect.model.inference import TEXT_VIEWS, TOKEN_VIEWS, _ngrams, reads_token_lists
from mtdetect.inputs.language import detect_language
from mtdetect.model.load import load_detector
from mtdetect.scoring.paragraphs import score_paragraphs
from mtdetect.inputs.text import Paragraph

ROOT = Path(__file__).resolve().parent.parent


def _forget_paragraphs() -> None:
    """Empty the caches keyed by whole paragraphs, so no part reuses another part's work on the same texts."""
    parse.cache_clear()
    tokenize.clear()


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
    token_views: dict[str, list[list[str]]] = {}
    python_paths: list[tuple[str, float]] = []
    untimed_views: dict[str, list[str]] = {}  # the Python paths' input, built once per view
    for block in detector.scorer.blocks:
        name = block.view
        label = f"n-grams over `{name}`: {block.analyzer} {block.ngram_range[0]}-{block.ngram_range[1]}"
        if reads_token_lists(block):  # as the scorer reads it: the view's tokens, never joined into text
            if name not in token_views:
                rows.append((f"token view `{name}`", _microseconds(
                    lambda name=name: token_views.setdefault(name, [TOKEN_VIEWS[name](t) for t in timed]),
                    len(timed))))
            rows.append((label, _microseconds(lambda block=block: block.compiled_decision_on_items(
                token_views[block.view]), len(timed))))
        else:
            if name not in views:
                rows.append((f"text view `{name}`", _microseconds(
                    lambda name=name: views.setdefault(name, [TEXT_VIEWS[name](t) for t in timed]), len(timed))))
            rows.append((label, _microseconds(lambda block=block: block.decision(views[block.view]), len(timed))))
        if _ngrams is not None:  # also time the Python path that runs where the C extension is not built
            if name not in untimed_views:
                untimed_views[name] = [TEXT_VIEWS[name](t) for t in timed]
            viewed = untimed_views[name]
            block.python_decision([TEXT_VIEWS[name](t) for t in warm])  # warms its word cache
            python_paths.append((f"{label}, Python path",
                                 _microseconds(lambda block=block, viewed=viewed: block.python_decision(viewed),
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
