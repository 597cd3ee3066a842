"""The peer a practitioner builds first: TF-IDF n-grams + logistic regression.

Word 1-2-grams and character 2-5-grams (``char_wb``), each capped by
``max_features``, feed a ``class_weight="balanced"`` liblinear logistic
regression with fixed ``C=4`` (no tuning). Machine paragraphs are subsampled in
training: each source-document group keeps the paragraphs of at most
``--machine-systems`` MT systems (default 3), drawn with a fixed seed, so the
dozen WMT systems per document do not swamp the human and native classes.
``--typography plain`` makes it read the text as mtdetect's style features do
(:func:`mtdetect.features.as_texts`: one quote, dash and space style, no "Mr"
before names), ``--typography quotes`` with straight quotes and apostrophes only
(``benchmarks.restyle.straightened``); together they tell how much of its lead is
house typography (docs/validation.md, "What the peer's lead is made of").

It is scored on the test split with :func:`mtdetect.lab.evaluation.evaluate`, at the
threshold giving 1% FPR on native val paragraphs, and on leave-one-pair-out
folds (human-vs-MT and native-vs-MT AUROC of the held-out pair). Writes
``benchmarks/out/peer_tfidf.json`` and prints the Markdown summary.

Usage::

    python -m benchmarks.peer_tfidf [--corpus corpus/build] [--no-lopo]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import FunctionTransformer

from mtdetect.lab.corpus import load_corpus
from mtdetect.errors import MtdetectError
from mtdetect.features import as_texts
from mtdetect.lab.evaluation import (
    REPORT_FPR,
    evaluate,
    fold_metrics,
    format_lopo,
    format_report,
    labels_of,
    lopo_folds,
    summarise_lopo,
    threshold_at_fpr,
)

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT / "corpus" / "build"
DEFAULT_OUT = ROOT / "benchmarks" / "out" / "peer_tfidf.json"


def subsample_machine(
    records: Sequence[dict], idx: np.ndarray, *, systems: int, seed: int
) -> np.ndarray:
    """Keep every non-machine record and, per group, machine records of ``systems`` MT systems."""
    rng = np.random.default_rng(seed)
    by_group: dict[str, set[str]] = defaultdict(set)
    for i in idx:
        if records[i]["origin"] == "machine":
            by_group[records[i]["group"]].add(records[i]["system"])
    chosen = {
        g: set(rng.permutation(sorted(names))[:systems]) for g, names in sorted(by_group.items())
    }
    keep = [
        i for i in idx
        if records[i]["origin"] != "machine" or records[i]["system"] in chosen[records[i]["group"]]
    ]
    return np.array(keep, dtype=int)


def straight_quotes(texts: Sequence[str]) -> list[str]:
    """The texts with straight quotes, apostrophes and ``...`` (:func:`benchmarks.restyle.straightened`)."""
    from benchmarks.restyle import straightened

    return [straightened(text) for text in texts]


# How the peer sees the text: as it comes, with plain quotes only, or in mtdetect's plain typography.
TYPOGRAPHY = {"raw": None, "quotes": straight_quotes, "plain": as_texts}
# The peer's settings, fixed (no tuning); the command line's defaults.
DEFAULTS: dict[str, Any] = {"word_features": 200_000, "char_features": 300_000, "c": 4.0,
                            "machine_systems": 3, "seed": 0, "typography": "raw"}


def default_args(**overrides: Any) -> argparse.Namespace:
    """The peer's settings as :func:`fit_peer` takes them: :data:`DEFAULTS` with ``overrides``."""
    return argparse.Namespace(**{**DEFAULTS, **overrides})


def make_peer(*, word_features: int, char_features: int, c: float, seed: int,
              typography: str = "raw") -> Pipeline:
    """TF-IDF word 1-2-grams + char_wb 2-5-grams into a balanced logistic regression.

    ``typography`` (a key of :data:`TYPOGRAPHY`) names what the text goes through first.
    """
    common = {"sublinear_tf": True, "min_df": 2, "dtype": np.float32}
    features = FeatureUnion([
        ("word", TfidfVectorizer(ngram_range=(1, 2), max_features=word_features, **common)),
        ("char", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5),
                                 max_features=char_features, **common)),
    ])
    classifier = LogisticRegression(C=c, solver="liblinear", class_weight="balanced",
                                    max_iter=1000, random_state=seed)
    view = TYPOGRAPHY[typography]
    steps = [("typography", FunctionTransformer(view))] if view is not None else []
    return Pipeline([*steps, ("tfidf", features), ("lr", classifier)])


def fit_peer(records: Sequence[dict], idx: np.ndarray, args: argparse.Namespace) -> Pipeline:
    """Fit the peer on ``records[idx]`` after subsampling machine paragraphs."""
    idx = subsample_machine(records, idx, systems=args.machine_systems, seed=args.seed)
    model = make_peer(word_features=args.word_features, char_features=args.char_features,
                      c=args.c, seed=args.seed, typography=args.typography)
    chosen = [records[i] for i in idx]
    return model.fit([r["text"] for r in chosen], labels_of(chosen))


def score(model: Pipeline, records: Sequence[dict]) -> np.ndarray:
    """Probability of machine origin for each record."""
    return model.predict_proba([r["text"] for r in records])[:, 1]


def _log(message: str) -> None:
    print(f"[peer_tfidf] {message}", file=sys.stderr, flush=True)


def run_split(records: list[dict], args: argparse.Namespace) -> dict[str, Any]:
    """Train on the train split, threshold on native val, evaluate on test."""
    split = np.array([r["split"] for r in records])
    start = time.perf_counter()
    model = fit_peer(records, np.flatnonzero(split == "train"), args)
    fit_s = time.perf_counter() - start
    _log(f"fitted on the train split in {fit_s:.0f} s")
    val_native = [r for r in records if r["split"] == "val" and r["origin"] == "native"]
    threshold = threshold_at_fpr(score(model, val_native), REPORT_FPR)
    test = [r for r in records if r["split"] == "test"]
    start = time.perf_counter()
    test_scores = score(model, test)
    rate = len(test) / (time.perf_counter() - start)
    _log(f"scored {len(test)} test paragraphs at {rate:.0f} paragraphs/s (single process)")
    return {
        "fit_seconds": round(fit_s, 1),
        "throughput_paragraphs_per_s": round(rate, 1),
        "threshold": threshold,
        "report": evaluate(test, test_scores, threshold=threshold),
    }


def run_lopo(records: list[dict], args: argparse.Namespace) -> dict[str, Any]:
    """Per held-out pair, human-vs-MT and native-vs-MT AUROC, plus their means."""
    folds: dict[str, dict[str, Any]] = {}
    for name, (train, test) in lopo_folds(records).items():
        start = time.perf_counter()
        held = [records[i] for i in test]
        folds[name] = fold_metrics(held, score(fit_peer(records, train, args), held))
        _log(f"LOPO {name}: {folds[name]} ({time.perf_counter() - start:.0f} s)")
    return summarise_lopo(folds)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--word-features", type=int, default=DEFAULTS["word_features"])
    parser.add_argument("--char-features", type=int, default=DEFAULTS["char_features"])
    parser.add_argument("--c", type=float, default=DEFAULTS["c"])
    parser.add_argument("--machine-systems", type=int, default=DEFAULTS["machine_systems"])
    parser.add_argument("--seed", type=int, default=DEFAULTS["seed"])
    parser.add_argument("--no-lopo", action="store_true", help="skip leave-one-pair-out folds")
    parser.add_argument("--typography", choices=sorted(TYPOGRAPHY), default=DEFAULTS["typography"],
                        help="plain: read the text in mtdetect's plain typography (quotes, dashes, spaces, "
                        "honorifics); quotes: with straight quotes and apostrophes only")
    args = parser.parse_args(argv)
    try:
        records = load_corpus(args.corpus)
    except MtdetectError as error:
        print(f"peer_tfidf: error: {error}", file=sys.stderr)
        return 2
    _log(f"{len(records)} records from {args.corpus}")
    result: dict[str, Any] = {
        "config": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
        "test": run_split(records, args),
    }
    print(format_report(result["test"]["report"]))
    print(f"Threshold (1% FPR on native val): {result['test']['threshold']:.4f}; "
          f"throughput: {result['test']['throughput_paragraphs_per_s']:.0f} paragraphs/s\n")
    if not args.no_lopo:
        result["lopo"] = run_lopo(records, args)
        print(format_lopo(result["lopo"]))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    _log(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
