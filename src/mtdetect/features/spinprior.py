"""The spinner prior (opt-in): a likelihood ratio, thesaurus spinner against writer, that needs no training.

The spin odds of a word (:mod:`mtdetect.features.synonyms`) say how much likelier a
thesaurus spinner makes it than writers do. A spinner that replaces a share ``rate`` of
the words it can therefore writes a word of spin odds ``o`` about ``1 - rate + rate * 10**o``
times as often as a writer does, and a paragraph's log10 likelihood ratio is the sum over
its words. Models trained with ``mtdetect train --spinner-prior`` read this column in their
combiner, next to the heads, with a weight fitted on the val split (docs/experiments/results-1.7.md, "Spinner prior").
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from mtdetect.features.synonyms import word_spin_odds

COLUMNS: tuple[str, ...] = ("log_ratio",)
SPIN_RATE = 0.2  # share of the words it can replace that the modelled spinner replaces


def spinner_log10_ratio(odds: np.ndarray, rate: float = SPIN_RATE) -> float:
    """log10 likelihood ratio, thesaurus spinner against writer, of words with these spin odds.

    Only words with odds above 0 count: the ratio of commoner words, just under 1, would
    make every plain paragraph, machine translations most, read as evidence against spinning.

    >>> round(spinner_log10_ratio(np.array([2.0, -1.0])), 3)  # 1 - 0.2 + 0.2 * 100 = 20.8
    1.318
    """
    positive = odds[odds > 0.0]
    return float(np.log10(1.0 - rate + rate * 10.0**positive).sum()) if positive.size else 0.0


def compute(paragraphs: Sequence[str]) -> np.ndarray:
    """One row of :data:`COLUMNS` per paragraph (0 when no word has positive spin odds)."""
    rows = [spinner_log10_ratio(np.array([odds for _, _, odds in word_spin_odds(text)], dtype=float))
            for text in paragraphs]
    return np.array(rows, dtype=float).reshape(-1, len(COLUMNS))
