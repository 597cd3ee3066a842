"""Readability indices, textstat's formulas computed from one pass of counts.

Translations tend towards mid-range, regular sentences; the indices summarise
syllable and sentence structure in numbers with known formulas (see textstat's
documentation for each). Values are clipped because the formulas explode on
one-sentence or number-heavy paragraphs.

textstat 0.7.3 recounts words, sentences and syllables inside every index and
memoises only 128 texts and words, so most of its time went on recounting. This
module counts each paragraph once, caches each word's syllables and difficulty
for a whole vocabulary, and applies textstat's English formulas and rounding to
the counts: the values are textstat's own, to the bit (``tests/test_features_properties.py``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from mtdetect.features._text.wordtable import WordTable
from mtdetect.inputs.twins import TwinPattern

# The same counts in C (mtdetect/_counts.c)
from mtdetect._compiled import counts as _counts

COLUMNS: tuple[str, ...] = (
    "flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog", "coleman_liau",
    "dale_chall", "syllables_per_word", "difficult_word_share",
)
CLIP = (-100.0, 150.0)
WORD_CACHE_SIZE = 1 << 16
# textstat's remove_punctuation, apostrophes removed too (its default)
PUNCTUATION_RE = TwinPattern.compile(r"[^\w\s]", r"[^A-Za-z0-9_\s]")
SENTENCE_RE = re.compile(r"\b[^.!?]+[.!?]*")  # textstat's sentence_count
DIFFICULT_WORD_RE = TwinPattern.compile(r"[\w\='‘’]+", r"[A-Za-z0-9_\='‘’]+")  # textstat's difficult_words_list
GUNNING_FOG_SYLLABLES = 3  # textstat's English "syllable_threshold"
FRE_BASE, FRE_SENTENCE_LENGTH, FRE_SYLLABLES_PER_WORD = 206.835, 1.015, 84.6  # textstat's English constants


@lru_cache(maxsize=1)
def _hyphenator() -> Any:
    """The hyphenation dictionary textstat counts syllables with (pyphen's en_US)."""
    from pyphen import Pyphen

    return Pyphen(lang="en_US")


@lru_cache(maxsize=1)
def _easy_words() -> frozenset[str]:
    """The Dale-Chall easy words, read from textstat's own list as textstat reads it.

    The package is located, not imported: textstat 0.7.3 imports ``pkg_resources``, which
    setuptools 82 removed and Python 3.12's virtual environments do not have at all.
    """
    from importlib.util import find_spec

    spec = find_spec("textstat")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("textstat is not installed; reinstall mtdetect")
    folder = Path(next(iter(spec.submodule_search_locations)))
    lines = (folder / "resources" / "en" / "easy_words.txt").read_bytes().split(b"\n")
    return frozenset(line.decode("utf-8").strip() for line in lines)


def _legacy_round(number: float, points: int) -> float:
    """textstat's rounding (half away from zero), which its indices apply at each step."""
    p = 10**points
    return float(math.floor((number * p) + math.copysign(0.5, number))) / p


def _lexicon_count(text: str) -> int:
    return len(PUNCTUATION_RE.sub("", text).split())


@lru_cache(maxsize=1)
def _integer_patterns() -> bool:
    """Whether every hyphenation pattern is plain (integer points, no nonstandard hyphenation), as the compiled
    count needs."""
    patterns = _hyphenator().hd.patterns
    return all(type(offset) is int and all(type(v) is int for v in values) for offset, values in patterns.values())


def _hyphenation_syllables(word: str) -> int:
    hyphenator = _hyphenator()
    if _counts is not None and _integer_patterns():  # 4-5 times faster, and without pyphen's unbounded cache
        hd = hyphenator.hd
        return _counts.hyphenation_points(word, hd.patterns, hd.maxlen, hyphenator.left, hyphenator.right) + 1
    points = hyphenator.positions(word)
    hyphenator.hd.cache.pop(word.lower(), None)  # _word_syllables remembers it, within bounds; pyphen never forgets
    return len(points) + 1


_word_syllables: WordTable[int] = WordTable(_hyphenation_syllables, size=WORD_CACHE_SIZE)
"""Syllables of one whitespace-free, punctuation-free, lower-case word (pyphen's hyphenation points + 1)."""


def _syllable_count(text: str) -> int:
    """textstat's syllable_count: lower-case, drop punctuation, hyphenate each word."""
    return sum(map(_word_syllables.__getitem__, PUNCTUATION_RE.sub("", text.lower()).split()))


def _least_easy_threshold(word: str) -> int:
    if word in _easy_words():
        return 0
    return _syllable_count(word) + 1


_word_difficulty: WordTable[int] = WordTable(_least_easy_threshold, size=WORD_CACHE_SIZE)
"""The least syllable threshold at which textstat calls ``word`` easy (0: always easy)."""


@dataclass(frozen=True)
class Counts:
    """Everything textstat's seven indices read from one paragraph."""

    words: int
    sentences: int
    syllables: int
    letters: int
    difficulties: tuple[int, ...]  # of the distinct words, in ascending order

    @classmethod
    def of(cls, text: str) -> Counts:
        if _counts is not None:
            words, letters, sentences, short, syllables, difficulties = _counts.readability_counts(
                text, _word_syllables, _word_difficulty)
            return cls(words=words, sentences=max(1, sentences - short), syllables=syllables, letters=letters,
                       difficulties=difficulties)
        return cls.python_of(text)

    @classmethod
    def python_of(cls, text: str) -> Counts:
        """:meth:`of` without the compiled module (the reference for ``mtdetect._counts.readability_counts``)."""
        stripped = PUNCTUATION_RE.sub("", text)
        words = stripped.split()
        sentences = SENTENCE_RE.findall(text)
        short = sum(1 for sentence in sentences if _lexicon_count(sentence) <= 2)
        # On ASCII text, lower-casing and dropping punctuation commute: one pass serves both.
        if text.isascii():
            syllables = sum(map(_word_syllables.__getitem__, stripped.lower().split()))
        else:
            syllables = _syllable_count(text)
        distinct = set(DIFFICULT_WORD_RE.findall(text.lower()))
        return cls(
            words=len(words),
            sentences=max(1, len(sentences) - short),
            syllables=syllables,
            letters=sum(map(len, words)),  # textstat's letter_count: no whitespace, no punctuation
            difficulties=tuple(sorted(map(_word_difficulty.__getitem__, distinct))),
        )

    def difficult_words(self, syllable_threshold: int) -> int:
        """textstat's difficult_words: distinct words not easy at ``syllable_threshold``."""
        return sum(1 for d in self.difficulties if d > syllable_threshold)


def _indices(c: Counts) -> list[float]:
    """textstat's Flesch, Flesch-Kincaid, Gunning fog, Coleman-Liau and Dale-Chall, with its rounding."""
    sentence_length = _legacy_round(c.words / c.sentences, 1)
    if c.words == 0:  # textstat's indices that divide by the word count give 0.0
        return [_legacy_round(FRE_BASE - FRE_SENTENCE_LENGTH * sentence_length, 2),
                _legacy_round(0.39 * sentence_length - 15.59, 1), 0.0, _legacy_round(-15.8, 2), 0.0]
    syllables_per_word = _legacy_round(c.syllables / c.words, 1)
    flesch = _legacy_round(FRE_BASE - FRE_SENTENCE_LENGTH * sentence_length
                           - FRE_SYLLABLES_PER_WORD * syllables_per_word, 2)
    kincaid = _legacy_round(0.39 * sentence_length + 11.8 * syllables_per_word - 15.59, 1)
    fog_share = c.difficult_words(GUNNING_FOG_SYLLABLES) / c.words * 100
    fog = _legacy_round(0.4 * (sentence_length + fog_share), 2)
    letters = _legacy_round(_legacy_round(c.letters / c.words, 2) * 100, 2)
    sentences = _legacy_round(_legacy_round(c.sentences / c.words, 2) * 100, 2)
    coleman = _legacy_round(0.058 * letters - 0.296 * sentences - 15.8, 2)
    difficult_share = 100 - float(c.words - c.difficult_words(0)) / float(c.words) * 100
    dale_chall = 0.1579 * difficult_share + 0.0496 * sentence_length + (3.6365 if difficult_share > 5 else 0.0)
    return [flesch, kincaid, fog, coleman, _legacy_round(dale_chall, 2)]


def _row(text: str) -> list[float]:
    counts = Counts.of(text)
    if _counts is not None:
        return _counts.readability_row(counts.words, counts.sentences, counts.syllables, counts.letters,
                                       counts.difficulties, *CLIP)
    return _python_row(counts)


def _python_row(counts: Counts) -> list[float]:
    """:func:`_row` from the counts without the compiled module (the reference for ``readability_row``)."""
    n_words = max(counts.words, 1)
    values = [*_indices(counts), counts.syllables / n_words, counts.difficult_words(2) / n_words]
    low, high = CLIP
    return [float(min(max(v, low), high)) if math.isfinite(v) else 0.0 for v in values]


def compute(paragraphs: Sequence[str]) -> np.ndarray:
    """One row of :data:`COLUMNS` per paragraph."""
    return np.array([_row(text) for text in paragraphs], dtype=float).reshape(-1, len(COLUMNS))
