"""Spinner evidence: words that a thesaurus swapped in for a much commoner synonym.

A synonym spinner (SpinBot, SpinnerChief, our own ``mtdetect.lab.spin``) replaces the
common word a writer chose with a dictionary alternative: "unfair mold over"
for "unfair hold over", "a disproportionate curative" for "remedy". Such words
have a *synonym gap*: their commonest WordNet synonym is far more frequent than
they are (``mtdetect.lab.thesaurus.synonym_gaps``, shipped as a table so no WordNet
is needed at run time). Writers mostly pick the common word, so a paragraph with
many large gaps reads as spun. The *spin odds* of a word (``mtdetect.lab.spin.spin_odds_table``,
also a shipped table) go further: how much likelier a thesaurus spinner makes the
word than writers do, which weighs how often a spinner lands on it. The columns
see only words WordNet knows (lowercase, not sentence-internal capitalised names).
"""

from __future__ import annotations

import gzip
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from mtdetect.features._text.lexicon import FUNCTION_WORD_SET, TOKEN_RE
from mtdetect.features._text.parsed import parse
from mtdetect.features._text.stats import log1p_count, mean
from mtdetect.features._text.wordtable import WordTable

# The same row in C (mtdetect/_counts.c)
from mtdetect._compiled import counts as _counts

COLUMNS: tuple[str, ...] = ("gap_mean", "gap1_share", "gap2_share", "gap_top3", "phrase_gap_max",
                            "odds_top3", "odds_positive_share", "odds_over_half_count")
DATA_DIR = Path(__file__).resolve().parent.parent / "data"
TABLE_PATH = DATA_DIR / "synonym_gaps.tsv.gz"
ODDS_PATH = DATA_DIR / "spin_odds.tsv.gz"
# Regular inflections to strip before a lookup (WordNet's own "morphy" rules, condensed).
SUFFIX_RULES: tuple[tuple[str, str], ...] = (
    ("ies", "y"), ("es", "e"), ("es", ""), ("s", ""), ("ed", "e"), ("ed", ""), ("ing", "e"), ("ing", ""),
    ("er", ""), ("est", ""), ("ly", ""),
)


@lru_cache(maxsize=2)
def _read(path: Path) -> dict[str, float]:
    """A table of ``word<TAB>value`` lines, decompressed and decoded in one piece.

    Reading it line by line through a text stream took a quarter longer (58 ms against 46 for both
    tables), in every scoring process's start-up.
    """
    lines = gzip.decompress(path.read_bytes()).decode("utf-8").splitlines()
    return {word: float(value) for word, value in (line.split("\t") for line in lines)}


def _lookup(table: dict[str, float], word: str) -> float | None:
    """``table``'s value for a lowercase word or phrase, trying its base forms."""
    if word in table:
        return table[word]
    for suffix, replacement in SUFFIX_RULES:
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            base = word[: -len(suffix)] + replacement
            if base in table:
                return table[base]
    return None


synonym_gap: WordTable[float | None] = WordTable(lambda word: _lookup(_read(TABLE_PATH), word), size=200_000)
"""Gap of a lowercase word or phrase, trying its base forms; None when WordNet lacks it.

>>> synonym_gap("curative") > 1.0 > synonym_gap("remedy")
True
"""

spin_odds: WordTable[float | None] = WordTable(lambda word: _lookup(_read(ODDS_PATH), word), size=200_000)
"""Spin odds (log10) of a lowercase word, trying its base forms; None when no spinner writes it.

>>> spin_odds("peculiarly") > 1.0 > 0.0 > spin_odds("said")
True
"""


@lru_cache(maxsize=1 << 16)
def _content_form(token: str) -> tuple[str | None, bool]:
    """The token's lowercase form unless it is a function word, number or mark; and whether it is capitalised."""
    lower = token.lower()
    return (lower if token[0].isalpha() and lower not in FUNCTION_WORD_SET else None), token[0].isupper()


def _content_word(token: str, position: int) -> str | None:
    """The lowercase form of a token a spinner may have swapped; None for names, function words, numbers, marks."""
    lower, capitalised = _content_form(token)
    return None if capitalised and position > 0 else lower


def _content_words(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, lowercase word)`` of the words a spinner may have swapped (names and function words skipped)."""
    return [(match.start(), match.end(), lower) for i, match in enumerate(TOKEN_RE.finditer(text))
            if (lower := _content_word(match.group(), i)) is not None]


def word_gaps(text: str) -> list[tuple[int, int, float]]:
    """``(start, end, gap)`` of each word of ``text`` that WordNet knows (names and function words skipped)."""
    return [(start, end, gap) for start, end, lower in _content_words(text)
            if (gap := synonym_gap(lower)) is not None]


def word_spin_odds(text: str) -> list[tuple[int, int, float]]:
    """``(start, end, odds)`` of each word of ``text`` that a spinner writes (names and function words skipped)."""
    return [(start, end, odds) for start, end, lower in _content_words(text)
            if (odds := spin_odds(lower)) is not None]


@lru_cache(maxsize=1)
def _phrase_openers() -> frozenset[str]:
    """First words of the two-word expressions in the gap table: only these can open a phrase."""
    return frozenset(key.split(" ", 1)[0] for key in _read(TABLE_PATH) if " " in key)


def _phrase_gap_max(tokens: Sequence[str]) -> float:
    """Largest gap of a two-word WordNet expression ("old age") among ``tokens``; 0 when none.

    Every pair of adjacent words counts, a pair that is no expression as gap 0, so an
    expression's negative gap shows only when it is the paragraph's one pair of words.
    """
    table, openers = _read(TABLE_PATH), _phrase_openers()
    pairs = [(a, b) for a, b in zip(tokens, tokens[1:]) if a[0].isalpha() and b[0].isalpha() and b.islower()]
    gaps = [table[key] for a, b in pairs if (lower := a.lower()) in openers and (key := f"{lower} {b}") in table]
    if len(gaps) < len(pairs):
        gaps.append(0.0)
    return max(gaps, default=0.0)


def _gap_columns(gaps: list[float], phrase_max: float) -> list[float]:
    if not gaps:
        return [0.0, 0.0, 0.0, 0.0, phrase_max]
    ordered, n = sorted(gaps), len(gaps)
    return [mean(gaps), (n - bisect_left(ordered, 1.0)) / n, (n - bisect_left(ordered, 2.0)) / n,
            mean(ordered[-3:]), phrase_max]


def _odds_columns(odds: list[float]) -> list[float]:
    if not odds:
        return [0.0, 0.0, 0.0]
    ordered, n = sorted(odds), len(odds)
    return [mean(ordered[-3:]), (n - bisect_right(ordered, 0.0)) / n, log1p_count(n - bisect_right(ordered, 0.5))]


def _python_row(tokens: tuple[str, ...]) -> list[float]:
    """:func:`_row` without the compiled module (the reference for ``mtdetect._counts.synonyms_row``)."""
    words = [lower for i, token in enumerate(tokens) if (lower := _content_word(token, i)) is not None]
    gaps = [gap for lower in words if (gap := synonym_gap(lower)) is not None]
    odds = [value for lower in words if (value := spin_odds(lower)) is not None]
    return _gap_columns(gaps, _phrase_gap_max(tokens)) + _odds_columns(odds)


def _row(text: str) -> list[float]:
    tokens = parse(text).tokens
    if _counts is None:
        return _python_row(tokens)
    row = _counts.synonyms_row(tokens, FUNCTION_WORD_SET, synonym_gap, synonym_gap.fill, spin_odds, spin_odds.fill,
                               _read(TABLE_PATH), _phrase_openers())
    row[-1] = log1p_count(row[-1])  # the compiled row ends with the count of words with odds over 0.5
    return row


def compute(paragraphs: Sequence[str]) -> np.ndarray:
    """One row of :data:`COLUMNS` per paragraph (all zeros when no word is in WordNet)."""
    return np.array([_row(text) for text in paragraphs], dtype=float).reshape(-1, len(COLUMNS))
