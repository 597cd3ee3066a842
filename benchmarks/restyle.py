"""How much restyling quotes, apostrophes and ellipses moves a paragraph's style score.

Publishing software curls straight quotes and apostrophes (or straightens curly ones) and
turns "..." into "…". None of that says anything about translation, so the style score must
not move: the target is a change of at most 0.02 at the 99th percentile. Takes held-out
paragraphs (the ``test`` split of ``corpus/build``, every origin), restyles each both ways,
and prints the distribution of ``|score(restyled) - score(original)|``.

``--peer`` measures the TF-IDF peer of ``benchmarks/peer_tfidf.py`` instead, fitted on the
corpus ``train`` split (on the raw text, or as ``--typography`` of ``benchmarks.peer_tfidf`` says).

Usage::

    python -m benchmarks.restyle [--model models/mtdetect-en.joblib] [--n 3000]
    python -m benchmarks.restyle --peer [--typography plain]
"""

from __future__ import annotations

import argparse
import random
import re
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from mtdetect.lab.corpus import load_corpus
from mtdetect.model.load import load_detector

Scorer = Callable[[list[str]], np.ndarray]

ROOT = Path(__file__).resolve().parents[1]
OPENING_DOUBLE = re.compile(r'(^|[\s(\[{])"')
OPENING_SINGLE = re.compile(r"(^|[\s(\[{])'")


def curled(text: str) -> str:
    """Straight quotes and apostrophes made typographic, ``...`` made ``…``: what a CMS does.

    >>> curled('He said "it\\'s over..." and left.')
    'He said “it’s over…” and left.'
    """
    text = OPENING_DOUBLE.sub("\\1\u201c", text).replace('"', "\u201d")
    text = OPENING_SINGLE.sub("\\1\u2018", text).replace("'", "\u2019")
    return text.replace("...", "\u2026")


def straightened(text: str) -> str:
    """Typographic quotes, apostrophes and ellipses made plain ASCII.

    >>> straightened("«Oui» — “it’s” over…")
    '"Oui" — "it\\'s" over...'
    """
    for marks, plain in (("\u201c\u201d\u201e\u00ab\u00bb", '"'), ("\u2018\u2019\u201a", "'")):
        for mark in marks:
            text = text.replace(mark, plain)
    return text.replace("\u2026", "...")


def peer_scorer(records: list[dict], *, typography: str) -> Scorer:
    """The TF-IDF peer with its defaults, fitted on the ``train`` split of ``records``."""
    from benchmarks.peer_tfidf import default_args, fit_peer

    train = np.array([i for i, r in enumerate(records) if r["split"] == "train"], dtype=int)
    peer = fit_peer(records, train, default_args(typography=typography))
    return lambda texts: peer.predict_proba(texts)[:, 1]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None)
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus" / "build")
    parser.add_argument("--n", type=int, default=3000, help="paragraphs sampled (seeded) from the test split")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--peer", action="store_true", help="measure the TF-IDF peer instead of --model")
    parser.add_argument("--typography", choices=("raw", "quotes", "plain"), default="raw",
                        help="with --peer: what the peer reads (benchmarks.peer_tfidf.TYPOGRAPHY)")
    args = parser.parse_args(argv)
    corpus = load_corpus(args.corpus)
    records = [r for r in corpus if r["split"] == "test"]
    # Paragraphs with something to restyle first: the others cannot move at all.
    styled = [r["text"] for r in records if re.search("[\"'\u2018\u2019\u201c\u201d\u00ab\u00bb\u2026]|\\.\\.\\.", r["text"])]
    sample = random.Random(args.seed).sample(styled, min(args.n, len(styled)))
    predict_proba: Scorer = (peer_scorer(corpus, typography=args.typography) if args.peer
                             else load_detector(args.model).predict_proba)
    original = predict_proba(sample)
    print(f"{len(sample)} test paragraphs holding quotes, apostrophes or ellipses")
    for name, restyle in (("curled", curled), ("straightened", straightened)):
        changed = [restyle(text) for text in sample]
        delta = np.abs(predict_proba(changed) - original)
        moved = sum(a != b for a, b in zip(changed, sample))
        print(f"{name:13} ({moved} paragraphs changed): mean {delta.mean():.4f}, p99 {np.quantile(delta, 0.99):.4f}, "
              f"max {delta.max():.4f} (target: p99 <= 0.02)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
