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

from mtdetect.features.lexicon import FUNCTION_WORD_SET, PROFILE_WORDS
from mtdetect.features.parsed import parse
from mtdetect.features.stats import log1p_count, mean_of_counts, std

PUNCTUATION = {",": "comma", ";": "semicolon", ":": "colon", "(": "paren", '"': "straight_quote",
               "“": "curly_quote", "'": "apostrophe", "-": "hyphen", "—": "em_dash", "–": "en_dash",
               "!": "exclamation", "?": "question"}
WINDOW = 25
ZEROS = repeat(0)  # the default for each dict.get when counting the profile words and marks

COLUMNS: tuple[str, ...] = (
    "log_words", "sentences", "sentence_len_mean", "sentence_len_std", "word_len_mean",
    "word_len_std", "function_word_share", "capitalised_share", "digit_token_share",
    "type_token_mattr", "hapax_share", "repeated_content_share", "repeated_bigram_share",
    *(f"punct_{name}" for name in PUNCTUATION.values()),
    *(f"fw_{word}" for word in PROFILE_WORDS),
)


def _mattr(tokens: Sequence[str]) -> float:
    """Moving-average type-token ratio: length-independent lexical variety."""
    if len(tokens) <= WINDOW:
        return len(set(tokens)) / max(len(tokens), 1)
    counts: dict[str, int] = dict(Counter(tokens[:WINDOW]))
    total = len(counts)
    for new, old in zip(tokens[WINDOW:], tokens):
        counts[new] = counts.get(new, 0) + 1
        if counts[old] == 1:
            del counts[old]
        else:
            counts[old] -= 1
        total += len(counts)
    return total / (len(tokens) - WINDOW + 1) / WINDOW


def _row(text: str) -> list[float]:
    p = parse(text)
    lowered = p.lowered
    n = max(len(lowered), 1)
    n_tokens = max(len(p.tokens), 1)
    sentence_lengths = [len(s.split()) for s in p.sentences]
    word_lengths = list(map(len, lowered)) or [0]
    counts = Counter(lowered)
    content = [w for w in lowered if w not in FUNCTION_WORD_SET]
    token_counts = Counter(p.tokens)
    n_bigrams = max(len(lowered) - 1, 0)
    shape = [
        log1p_count(len(lowered)),
        float(len(p.sentences)),
        mean_of_counts(sentence_lengths),
        std(sentence_lengths),
        mean_of_counts(word_lengths),
        std(word_lengths),
        (len(lowered) - len(content)) / n,
        sum(1 for w in p.words[1:] if w[0].isupper()) / n,
        sum(1 for t in p.tokens if t[0].isdigit()) / n_tokens,
        _mattr(lowered),
        list(counts.values()).count(1) / n,
        (len(content) - len(set(content))) / max(len(content), 1),
        (n_bigrams - len(set(zip(lowered, lowered[1:])))) / n,
    ]
    punctuation = [count * 100.0 / n_tokens for count in map(token_counts.get, PUNCTUATION, ZEROS)]
    profile = [count * 100.0 / n for count in map(counts.get, PROFILE_WORDS, ZEROS)]
    return shape + punctuation + profile


def compute(paragraphs: Sequence[str]) -> np.ndarray:
    """One row of :data:`COLUMNS` per paragraph."""
    return np.array([_row(text) for text in paragraphs], dtype=float).reshape(-1, len(COLUMNS))
