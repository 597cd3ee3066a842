"""Stylometric signals: function-word profile, sentence shape, punctuation, variety, repetition.

Translations (by people or machines) inherit sentence structure from the
source language; machine output in particular is more uniform in sentence
length, poorer in vocabulary and heavier in some function words.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from itertools import repeat

import numpy as np

from mtdetect.features._text.lexicon import FUNCTION_WORD_SET, PROFILE_WORDS
from mtdetect.features._text.parsed import Parsed, parse
from mtdetect.features._text.stats import mean_of_counts, std

# The same counts in C (mtdetect/_counts.c)
from mtdetect._compiled import counts as _counts

# Marks as the features read them, after mtdetect.features._text.typography: every quote style is '"' and every
# dash '-', so the profile counts how often a text quotes and dashes, not which typography it was set in.
PUNCTUATION = {",": "comma", ";": "semicolon", ":": "colon", "(": "paren", '"': "quote",
               "'": "apostrophe", "-": "dash", "!": "exclamation", "?": "question"}
MARKS = tuple(PUNCTUATION)
WINDOW = 25
ZEROS = repeat(0)  # the default for each dict.get when counting the profile words and marks

# No paragraph length or sentence count: the corpus cuts paragraphs at 40-120 words on sentence
# ends, and native sentences are longer, so length told native from translated there and nowhere
# else (docs/validation.md, "What the shipped model learned").
COLUMNS: tuple[str, ...] = (
    "sentence_len_mean", "sentence_len_std", "word_len_mean",
    "word_len_std", "function_word_share", "capitalised_share", "digit_token_share",
    "type_token_mattr", "hapax_share", "repeated_content_share", "repeated_bigram_share",
    *(f"punct_{name}" for name in PUNCTUATION.values()),
    *(f"fw_{word}" for word in PROFILE_WORDS),
)
# content words, distinct content words, hapaxes, distinct bigrams, moving type-token total, capitalised words
# (after the first), digit tokens, mean and std of words per sentence, mean and std of word lengths, share of
# each profile word among the words and of each mark among the tokens (percent)
StyleCounts = tuple[int, int, int, int, int, int, int, float, float, float, float, list[float], list[float]]


def _mattr_total(tokens: Sequence[str]) -> int:
    """Distinct tokens of the first window plus those of each window one step further (all tokens if fewer)."""
    if len(tokens) <= WINDOW:
        return len(set(tokens))
    counts: dict[str, int] = dict(Counter(tokens[:WINDOW]))
    total = len(counts)
    for new, old in zip(tokens[WINDOW:], tokens):
        counts[new] = counts.get(new, 0) + 1
        if counts[old] == 1:
            del counts[old]
        else:
            counts[old] -= 1
        total += len(counts)
    return total


def _mattr(n_tokens: int, window_total: int) -> float:
    """Moving-average type-token ratio (length-independent lexical variety) from :func:`_mattr_total`."""
    if n_tokens <= WINDOW:
        return window_total / max(n_tokens, 1)
    return window_total / (n_tokens - WINDOW + 1) / WINDOW


def _python_counts(p: Parsed) -> StyleCounts:
    """What :func:`_row` counts in one parse (the reference for ``mtdetect._counts.style_counts``)."""
    lowered = p.lowered
    counts = Counter(lowered)
    content = [w for w in lowered if w not in FUNCTION_WORD_SET]
    token_counts = Counter(p.tokens)
    sentence_lengths = [len(s.split()) for s in p.sentences]
    word_lengths = list(map(len, lowered)) or [0]
    return (len(content), len(set(content)), list(counts.values()).count(1), len(set(zip(lowered, lowered[1:]))),
            _mattr_total(lowered), sum(1 for w in p.words[1:] if w[0].isupper()),
            sum(1 for t in p.tokens if t[0].isdigit()),
            mean_of_counts(sentence_lengths), std(sentence_lengths), mean_of_counts(word_lengths), std(word_lengths),
            [count * 100.0 / max(len(lowered), 1) for count in map(counts.get, PROFILE_WORDS, ZEROS)],
            [count * 100.0 / max(len(p.tokens), 1) for count in map(token_counts.get, MARKS, ZEROS)])


def _counts_of(p: Parsed) -> StyleCounts:
    if _counts is None:
        return _python_counts(p)
    return _counts.style_counts(p.lowered, p.words, p.tokens, p.sentences, FUNCTION_WORD_SET, PROFILE_WORDS, MARKS,
                                WINDOW)


def _row(text: str) -> list[float]:
    p = parse(text)
    lowered = p.lowered
    n = max(len(lowered), 1)
    n_tokens = max(len(p.tokens), 1)
    (content, distinct_content, hapax, distinct_bigrams, window_total, capitalised, digits,
     sentence_mean, sentence_std, word_mean, word_std, profile, marks) = _counts_of(p)
    shape = [
        sentence_mean,
        sentence_std,
        word_mean,
        word_std,
        (len(lowered) - content) / n,
        capitalised / n,
        digits / n_tokens,
        _mattr(len(lowered), window_total),
        hapax / n,
        (content - distinct_content) / max(content, 1),
        (max(len(lowered) - 1, 0) - distinct_bigrams) / n,
    ]
    return shape + marks + profile


def compute(paragraphs: Sequence[str]) -> np.ndarray:
    """One row of :data:`COLUMNS` per paragraph."""
    return np.array([_row(text) for text in paragraphs], dtype=float).reshape(-1, len(COLUMNS))
