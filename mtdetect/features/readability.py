"""Readability indices from textstat.

Translations tend towards mid-range, regular sentences; the indices summarise
syllable and sentence structure in numbers with known formulas (see textstat's
documentation for each). Values are clipped because the formulas explode on
one-sentence or number-heavy paragraphs.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np

COLUMNS: tuple[str, ...] = (
    "flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog", "coleman_liau",
    "dale_chall", "syllables_per_word", "difficult_word_share",
)
CLIP = (-100.0, 150.0)
WORD_CACHE_SIZE = 1 << 16
DIFFICULT_WORD_RE = re.compile(r"[\w\='‘’]+")  # textstat 0.7.3's difficult_words_list


@lru_cache(maxsize=1)
def _statistics() -> Any:
    """textstat's calculator with word-level caches that hold a vocabulary.

    textstat memoises each method for only 128 arguments, so its per-word checks
    (syllables, Dale-Chall difficulty) recompute for almost every word of a batch.
    The values are the same; only the caches are larger.
    """
    from textstat.textstat import textstatistics

    class WordCachedStatistics(textstatistics):  # type: ignore[misc]
        def is_difficult_word(self, word: str, syllable_threshold: int = 2) -> bool:
            return _is_difficult_word(word, syllable_threshold)

        def difficult_words_list(self, text: str, syllable_threshold: int = 2) -> list[str]:
            return [word for word in _word_set(text) if _is_difficult_word(word, syllable_threshold)]

        def syllable_count(self, text: str, lang: str | None = None) -> int:
            if lang is not None or not isinstance(text, str):
                return super().syllable_count(text, lang)
            return _text_syllables(text)

    return WordCachedStatistics()


@lru_cache(maxsize=256)  # the indices ask for the same paragraph's count about seven times
def _text_syllables(text: str) -> int:
    """textstat's own counting, with each word's hyphenation cached."""
    return sum(_hyphenated_syllables(word) for word in _statistics().remove_punctuation(text.lower()).split())


@lru_cache(maxsize=256)  # asked for by three indices, each with its own syllable threshold
def _word_set(text: str) -> frozenset[str]:
    """The distinct words textstat 0.7.3 checks for difficulty (its own pattern)."""
    return frozenset(DIFFICULT_WORD_RE.findall(text.lower()))


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _is_difficult_word(word: str, syllable_threshold: int) -> bool:
    from textstat.textstat import textstatistics

    return bool(textstatistics.is_difficult_word.__wrapped__(_statistics(), word, syllable_threshold))


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _hyphenated_syllables(word: str) -> int:
    return len(_statistics().pyphen.positions(word)) + 1


def _row(text: str) -> list[float]:
    textstat = _statistics()
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
    low, high = CLIP
    return [float(min(max(v, low), high)) if math.isfinite(v) else 0.0 for v in values]


def compute(paragraphs: Sequence[str]) -> np.ndarray:
    """One row of :data:`COLUMNS` per paragraph."""
    return np.array([_row(text) for text in paragraphs], dtype=float).reshape(-1, len(COLUMNS))
