"""Spinner evidence: words that a thesaurus swapped in for a much commoner synonym.

A synonym spinner (SpinBot, SpinnerChief, our own ``mtdetect.spin``) replaces the
common word a writer chose with a dictionary alternative: "unfair mold over"
for "unfair hold over", "a disproportionate curative" for "remedy". Such words
have a *synonym gap*: their commonest WordNet synonym is far more frequent than
they are (``mtdetect.thesaurus.synonym_gaps``, shipped as a table so no WordNet
is needed at run time). Writers mostly pick the common word, so a paragraph with
many large gaps reads as spun. The columns see only words WordNet knows
(lowercase, not sentence-internal capitalised names).
"""

from __future__ import annotations

import gzip
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from mtdetect.features.lexicon import FUNCTION_WORD_SET, TOKEN_RE
from mtdetect.features.parsed import parse

COLUMNS: tuple[str, ...] = ("gap_mean", "gap1_share", "gap2_share", "gap_top3", "phrase_gap_max")
TABLE_PATH = Path(__file__).resolve().parent.parent / "data" / "synonym_gaps.tsv.gz"
# Regular inflections to strip before a lookup (WordNet's own "morphy" rules, condensed).
SUFFIX_RULES: tuple[tuple[str, str], ...] = (
    ("ies", "y"), ("es", "e"), ("es", ""), ("s", ""), ("ed", "e"), ("ed", ""), ("ing", "e"), ("ing", ""),
    ("er", ""), ("est", ""), ("ly", ""),
)


@lru_cache(maxsize=1)
def _table() -> dict[str, float]:
    with gzip.open(TABLE_PATH, "rt", encoding="utf-8") as handle:
        return {word: float(gap) for word, gap in (line.rstrip("\n").split("\t") for line in handle)}


@lru_cache(maxsize=200_000)
def synonym_gap(word: str) -> float | None:
    """Gap of a lowercase word or phrase, trying its base forms; None when WordNet lacks it.

    >>> synonym_gap("curative") > 1.0 > synonym_gap("remedy")
    True
    """
    table = _table()
    if word in table:
        return table[word]
    for suffix, replacement in SUFFIX_RULES:
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            base = word[: -len(suffix)] + replacement
            if base in table:
                return table[base]
    return None


def word_gaps(text: str) -> list[tuple[int, int, float]]:
    """``(start, end, gap)`` of each word of ``text`` that WordNet knows (names and function words skipped)."""
    found = []
    for i, match in enumerate(TOKEN_RE.finditer(text)):
        token = match.group()
        lower = token.lower()
        if not token[0].isalpha() or lower in FUNCTION_WORD_SET or (token[0].isupper() and i > 0):
            continue
        gap = synonym_gap(lower)
        if gap is not None:
            found.append((match.start(), match.end(), gap))
    return found


def _phrase_gap_max(text: str) -> float:
    """Largest gap of a two-word WordNet expression ("old age") in ``text``; 0 when none."""
    tokens = parse(text).tokens
    table = _table()
    gaps = [table.get(f"{a.lower()} {b}", 0.0) for a, b in zip(tokens, tokens[1:])
            if a[0].isalpha() and b[0].isalpha() and b.islower()]
    return max(gaps, default=0.0)


def _row(text: str) -> list[float]:
    gaps = np.array([gap for _, _, gap in word_gaps(text)])
    phrase_max = _phrase_gap_max(text)
    if not gaps.size:
        return [0.0, 0.0, 0.0, 0.0, phrase_max]
    return [float(gaps.mean()), float((gaps >= 1.0).mean()), float((gaps >= 2.0).mean()),
            float(np.sort(gaps)[-3:].mean()), phrase_max]


def compute(paragraphs: Sequence[str]) -> np.ndarray:
    """One row of :data:`COLUMNS` per paragraph (all zeros when no word is in WordNet)."""
    return np.array([_row(text) for text in paragraphs], dtype=float).reshape(-1, len(COLUMNS))
