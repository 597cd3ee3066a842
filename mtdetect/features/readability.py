"""Readability indices from textstat.

Translations tend towards mid-range, regular sentences; the indices summarise
syllable and sentence structure in numbers with known formulas (see textstat's
documentation for each). Values are clipped because the formulas explode on
one-sentence or number-heavy paragraphs.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

COLUMNS: tuple[str, ...] = (
    "flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog", "coleman_liau",
    "dale_chall", "syllables_per_word", "difficult_word_share",
)
CLIP = (-100.0, 150.0)


def _row(text: str) -> list[float]:
    import textstat

    n_words = max(textstat.lexicon_count(text), 1)
    values = [
        textstat.flesch_reading_ease(text),
        textstat.flesch_kincaid_grade(text),
        textstat.gunning_fog(text),
        textstat.coleman_liau_index(text),
        textstat.dale_chall_readability_score(text),
        textstat.syllable_count(text) / n_words,
        textstat.difficult_words(text) / n_words,
    ]
    return [float(np.clip(v, *CLIP)) if np.isfinite(v) else 0.0 for v in values]


def compute(paragraphs: Sequence[str]) -> np.ndarray:
    """One row of :data:`COLUMNS` per paragraph."""
    return np.array([_row(text) for text in paragraphs], dtype=float).reshape(-1, len(COLUMNS))
