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
from mtdetect.features.stats import log1p_count


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
WORD_RE = re.compile(r"\b[^\W\d_]{4,}\b")
BOILERPLATE_RE = re.compile("|".join(re.escape(b) for b in BOILERPLATE), re.IGNORECASE)
STRAIGHT_QUOTE_RE = re.compile(r'"')
CURLY_QUOTE_RE = re.compile(r"[“”]")


def _pattern_evidence(text: str) -> Iterator[Evidence]:
    for kind, (pattern, reason) in PATTERNS.items():
        for match in pattern.finditer(text):
            mark = match.group().strip()
            yield Evidence(kind, match.start(), match.end(), reason.format(mark=mark))


def _glued_words(text: str) -> Iterator[Evidence]:
    """'theNorth': a function word fused with the next, capitalised word."""
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


def _foreign_words(text: str) -> Iterator[Evidence]:
    """Lower-case words unknown in English but frequent in a source language."""
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
