"""Machine-translation artifacts, each found with its character span and a reason.

These are the tells an editor recognises: French typography left in English,
words glued together by a broken pipeline, untranslated words, boilerplate
translated literally. Each detector returns :class:`Evidence` so that the
feature counts, the explanations and the HTML report come from one place.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from mtdetect.features.fluency import zipf
from mtdetect.features.lexicon import FUNCTION_WORD_SET
from mtdetect.features.parsed import parse
from mtdetect.features.stats import log1p_count
from mtdetect.features.wordtable import WordTable

try:  # the clues in one compiled pass (mtdetect/_counts.c)
    from mtdetect import _counts
except ImportError:  # built without a C compiler
    _counts = None


@dataclass(frozen=True)
class Evidence:
    """One detected tell: which detector, where (character offsets), and why in plain words."""

    kind: str
    start: int
    end: int
    reason: str


FOREIGN_LANGUAGES = ("fr", "de", "it", "es")
FOREIGN_ZIPF = 3.5  # at or above: a common word of that language
BOILERPLATE = (
    "to see in video", "see in video", "to see also", "read also", "to read also", "see also :",
    "reproduction reserved", "all reproduction reserved", "to discover", "find the article",
    "with afp", "with agencies", "this article was originally published in",
)
LOWERCASE_NAMES = (
    "monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|april|june|july|"
    "september|october|november|december"
)

# Patterns open with a character class wherever they can, so the regex engine skips straight to
# candidate characters: a look-behind written first (``(?<=\w) +[?!:;]``) would be tried at every
# position, three times slower. The look-behind then follows the first character (``(?<=\w.)``);
# tests check each pattern against its look-behind-first form.
PATTERNS: dict[str, tuple[re.Pattern[str], str]] = {
    "guillemets": (re.compile(r"[«»‹›]"), "guillemet quotation mark (French/Italian typography)"),
    "space_before_punct": (
        re.compile(r"[ \u00a0\u202f](?<=\w.)[ \u00a0\u202f]*[?!:;](?=\s|$|[\"”»])"),
        "space before '{mark}' (French typography)",
    ),
    "low_quotes": (re.compile(r"[„‚]"), "low-9 quotation mark (German/Eastern European typography)"),
    "glued_sentence": (re.compile(r"\b[a-z]{3,}[.!?][A-Z][a-z]+"), "no space after sentence end"),
    "decimal_comma": (
        re.compile(r"\d(?<![\d,]\d)\d{0,2},\d{1,2}(?![\d,])(?=\s*(?:%|per|million|billion|percent|euros?|dollars?))"),
        "decimal comma (continental number format)",
    ),
    "space_thousands": (
        re.compile(r"\d(?<!\w\d)\d{0,2}(?:[\u00a0\u202f ]\d{3})+(?=\s*(?:euros?|dollars?|people|inhabitants|km|%)\b)"),
        "space as thousands separator (continental number format)",
    ),
    "space_percent": (re.compile(r"[ \u00a0\u202f](?<=\d.)%"), "space before '%' (continental typography)"),
    "lowercase_month": (
        re.compile(rf"(?<=\s)(?:{LOWERCASE_NAMES})\b"), "lower-case day or month name (Romance-language style)"
    ),
    "lowercase_sentence": (
        re.compile(r" (?<=[a-z]{3}[.!?] ) *(?=[a-z]{2,})"), "sentence starts in lower case"
    ),
}
GLUED_RE = re.compile(r"\b([a-z]{2,})([A-Z][a-z]{2,})\b")


def _holds_any(*needles: str) -> Callable[[str], bool]:
    """Whether a text holds any of ``needles``: plain substring tests, faster than any regex scan."""
    return lambda text: any(needle in text for needle in needles)


# A clue is what every match of a pattern holds, found by a plain substring test or a scan for a
# rare character: most paragraphs lack it and skip the pattern, which costs several times more.
# The compiled module finds all clues in one pass (mtdetect._counts.artifact_clues); these are its
# reference. With the foreign-word prefilter below, find_evidence took 37 µs a paragraph instead of
# 81 (test split, warm caches; the same evidence for all 173,391 corpus and spun paragraphs). Tests
# check each clue against its pattern and the compiled pass against these.
CLUES: dict[str, Callable[[str], object]] = {
    "space_before_punct": re.compile(r"[?!:;]").search,
    "glued_sentence": re.compile(r"[.!?][A-Z]").search,
    "decimal_comma": re.compile(r",\d").search,
    "space_percent": _holds_any("%"),
    "lowercase_month": _holds_any("nday", "sday", "iday", "rday", "uary", "april", "june", "july", "ber"),
    "glued_words": re.compile(r"[A-Z](?<=[a-z].)").search,
    "space_thousands": re.compile(r"\d[\u00a0\u202f ]\d\d\d").search,
    "lowercase_sentence": re.compile(r"[.!?] +[a-z]").search,
    "guillemets": re.compile(r"[«»‹›]").search,
    "low_quotes": re.compile(r"[„‚]").search,
}
CLUE_KINDS: tuple[str, ...] = tuple(CLUES)  # the bits of mtdetect._counts.artifact_clues, in order
NON_ASCII_KINDS = frozenset({"guillemets", "low_quotes"})
WORD_RE = re.compile(r"\b[^\W\d_]{4,}\b")
APOSTROPHE_RE = re.compile(r"['’]")
BOILERPLATE_RE = re.compile("|".join(re.escape(b) for b in BOILERPLATE), re.IGNORECASE)
STRAIGHT_QUOTE_RE = re.compile(r'"')
CURLY_QUOTE_RE = re.compile(r"[“”]")


def python_clues(text: str) -> frozenset[str]:
    """The kinds whose clue ``text`` holds, by :data:`CLUES` (the reference for the compiled pass)."""
    ascii_text = text.isascii()
    return frozenset(kind for kind, clue in CLUES.items()
                     if not (ascii_text and kind in NON_ASCII_KINDS) and clue(text))


@lru_cache(maxsize=4)  # asked twice per paragraph: by the patterns and by the glued-word scan
def clued_kinds(text: str) -> frozenset[str]:
    """The kinds whose pattern may match ``text``: those whose clue it holds."""
    if _counts is None:
        return python_clues(text)
    found = _counts.artifact_clues(text)
    return frozenset(kind for bit, kind in enumerate(CLUE_KINDS) if found >> bit & 1)


def _pattern_evidence(text: str) -> Iterator[Evidence]:
    clued = clued_kinds(text)
    for kind, (pattern, reason) in PATTERNS.items():
        if kind not in clued:
            continue
        for match in pattern.finditer(text):
            mark = match.group().strip()
            yield Evidence(kind, match.start(), match.end(), reason.format(mark=mark))


def _glued_words(text: str) -> Iterator[Evidence]:
    """'theNorth': a function word fused with the next, capitalised word."""
    if "glued_words" not in clued_kinds(text):
        return
    for match in GLUED_RE.finditer(text):
        if match.group(1) in FUNCTION_WORD_SET:
            yield Evidence("glued_words", match.start(), match.end(),
                           f"words glued together: '{match.group()}'")


@lru_cache(maxsize=200_000)
def _foreign_zipf(word: str, lang: str) -> float:
    """Zipf frequency of ``word`` in ``lang`` from wordfreq's *small* list.

    The small list holds every word down to Zipf 3, enough for the 3.5 cut-off
    below, in about 4 MB of memory per language instead of 30-60 MB for the full one.
    """
    from wordfreq import zipf_frequency

    return zipf_frequency(word, lang, wordlist="small")


def _holds_unknown_run(token: str) -> bool:
    return any(len(run) >= 4 and run.islower() and zipf(run) <= 1.0 for run in APOSTROPHE_RE.split(token))


_may_be_foreign: WordTable[bool] = WordTable(_holds_unknown_run, size=1 << 16)
"""Whether a token of the shared parse holds a lower-case run of 4+ letters unknown in English.

Every word that :func:`_foreign_words` checks is such a run, and the tokenizer keeps it
whole (joined to other runs by apostrophes at most): a paragraph whose tokens hold none
(94% of test paragraphs) skips the slow scan for word boundaries.
"""


def _foreign_words(text: str) -> Iterator[Evidence]:
    """Lower-case words unknown in English but frequent in a source language."""
    if not any(map(_may_be_foreign.__getitem__, parse(text).tokens)):
        return
    for match in WORD_RE.finditer(text):
        word = match.group()
        if not word.islower() or zipf(word) > 1.0:
            continue
        for lang in FOREIGN_LANGUAGES:
            if _foreign_zipf(word, lang) >= FOREIGN_ZIPF:
                yield Evidence("foreign_word", match.start(), match.end(),
                               f"untranslated word '{word}' (common in '{lang}', unknown in English)")
                break


def _may_hold_boilerplate(text: str) -> bool:
    """False only when :data:`BOILERPLATE_RE` cannot match: a substring test instead of a slow regex scan.

    Case-folding maps every character that ``re.IGNORECASE`` equates with an ASCII
    letter onto that letter, except the Turkish dotted and dotless i, mapped here by hand.
    """
    folded = text.casefold().replace("\u0307", "").replace("ı", "i")
    return any(phrase in folded for phrase in BOILERPLATE)


def _boilerplate(text: str) -> Iterator[Evidence]:
    if not _may_hold_boilerplate(text):
        return
    for match in BOILERPLATE_RE.finditer(text):
        yield Evidence("boilerplate", match.start(), match.end(),
                       f"literally translated boilerplate: '{match.group()}'")


def _mixed_quotes(text: str) -> Iterator[Evidence]:
    straight = STRAIGHT_QUOTE_RE.search(text)
    if straight and CURLY_QUOTE_RE.search(text):
        yield Evidence("mixed_quotes", straight.start(), straight.end(),
                       "straight and curly quotation marks mixed")


DETECTORS: tuple[Callable[[str], Iterator[Evidence]], ...] = (
    _pattern_evidence, _glued_words, _foreign_words, _boilerplate, _mixed_quotes,
)
KINDS: tuple[str, ...] = (*PATTERNS, "glued_words", "foreign_word", "boilerplate", "mixed_quotes")
COLUMNS: tuple[str, ...] = (*(f"artifact_{kind}" for kind in KINDS), "artifact_total")


@lru_cache(maxsize=4096)
def find_evidence(text: str) -> tuple[Evidence, ...]:
    """All artifacts in one paragraph, ordered by position (cached: features and reports both ask)."""
    found = [evidence for detect in DETECTORS for evidence in detect(text)]
    return tuple(sorted(found, key=lambda e: (e.start, e.end, e.kind)))


def _row(text: str) -> list[float]:
    counts = dict.fromkeys(KINDS, 0)
    for evidence in find_evidence(text):
        counts[evidence.kind] += 1
    return [*map(log1p_count, counts.values()), log1p_count(sum(counts.values()))]


def compute(paragraphs: Sequence[str]) -> np.ndarray:
    """One row of :data:`COLUMNS` per paragraph (log1p of counts)."""
    return np.array([_row(text) for text in paragraphs], dtype=float).reshape(-1, len(COLUMNS))
