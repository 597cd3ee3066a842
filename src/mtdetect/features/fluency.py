"""Fluency signals from word frequencies (wordfreq's Zipf scale).

Machine translation prefers frequent, safe words and rarely produces the rare
or slangy vocabulary of native writing; round trips flatten vocabulary further.
Unknown words (Zipf 0) catch mangled names and untranslated tokens.
wordfreq is used instead of a hand-built list because it pools several large,
balanced corpora and is maintained with a documented methodology.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from mtdetect.features._text.lexicon import FUNCTION_WORD_SET
from mtdetect.features._text.parsed import parse
from mtdetect.features._text.stats import mean, percentile, std
from mtdetect.features._text.wordtable import WordTable

# The same row in C (mtdetect/_counts.c)
from mtdetect._compiled import counts as _counts

COLUMNS: tuple[str, ...] = (
    "zipf_mean", "zipf_std", "zipf_content_mean", "zipf_content_min", "rare_share",
    "oov_share", "very_common_share", "zipf_p10", "zipf_p25",
)
RARE_ZIPF = 3.0
VERY_COMMON_ZIPF = 6.0


@lru_cache(maxsize=1)
def _english_frequencies() -> dict[str, float]:
    from wordfreq import get_frequency_dict

    return get_frequency_dict("en", "best")


def _plain_zipf(word: str) -> float:
    """``zipf_frequency(word, "en")`` of a word of lower-case ASCII letters, which wordfreq's tokenizer
    keeps whole: its lookup and arithmetic without the tokenizer, 1 µs instead of 8 (the same value for
    every such word of wordfreq's English list and for random ones; ``tests/test_features.py``).
    """
    from wordfreq import freq_to_zipf, zipf_to_freq

    minimum = zipf_to_freq(0.0)  # zipf_frequency's default floor, as a frequency
    frequency = _english_frequencies().get(word)
    if frequency is None:
        return round(freq_to_zipf(minimum), 2)
    unrounded = max(1.0 / (1.0 / frequency), minimum)  # _word_frequency's combination of one token
    return round(freq_to_zipf(round(unrounded, math.floor(-math.log(unrounded, 10)) + 3)), 2)


def _zipf_frequency(word: str) -> float:
    if word.isascii() and word.isalpha() and word.islower():
        return _plain_zipf(word)
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


zipf: WordTable[float] = WordTable(_zipf_frequency, size=200_000)
"""Zipf frequency of a lower-cased English word (0 when unknown)."""


def _python_row(lowered: tuple[str, ...]) -> list[float]:
    """:func:`_row` of non-empty words without the compiled module (the reference for ``_counts.fluency_row``)."""
    zipfs = [zipf(w) for w in lowered]
    ordered, n = sorted(zipfs), len(zipfs)
    content = [z for w, z in zip(lowered, zipfs) if w not in FUNCTION_WORD_SET] or [0.0]
    return [
        mean(zipfs),
        std(zipfs),
        mean(content),
        min(content),
        bisect_left(ordered, RARE_ZIPF) / n,
        bisect_right(ordered, 0.0) / n,  # Zipf values are never negative
        (n - bisect_left(ordered, VERY_COMMON_ZIPF)) / n,
        *(float(percentile(ordered, q)) for q in (10, 25)),
    ]


def _row(text: str) -> list[float]:
    lowered = parse(text).lowered
    if not lowered:
        return [0.0] * len(COLUMNS)
    if _counts is None:
        return _python_row(lowered)
    return _counts.fluency_row(lowered, zipf, zipf.fill, FUNCTION_WORD_SET, RARE_ZIPF, VERY_COMMON_ZIPF)


def compute(paragraphs: Sequence[str]) -> np.ndarray:
    """One row of :data:`COLUMNS` per paragraph."""
    return np.array([_row(text) for text in paragraphs], dtype=float).reshape(-1, len(COLUMNS))
