"""Property-based tests for every feature extractor: total, finite, deterministic, whitespace-blind."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtdetect.features import FAMILIES
from mtdetect.features._text.lexicon import lexical_text, masked_text

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=400)
PROSE = st.lists(st.sampled_from(["The", "minister", "said", "«", "»", "?", " ?", "theNorth", "3,5 %",
                                  "monday", "également", ".", ",", "\"", "“", "Blinken", "and", "of"]),
                 max_size=60).map(" ".join)


@pytest.mark.parametrize("family", sorted(FAMILIES))
@settings(max_examples=60, deadline=None)
@given(text=st.one_of(TEXT, PROSE))
def test_family_is_total_finite_deterministic_and_blind_to_trailing_space(family: str, text: str) -> None:
    compute = FAMILIES[family].compute
    first = compute([text])
    assert first.shape == (1, len(FAMILIES[family].COLUMNS))
    assert np.isfinite(first).all()
    assert np.array_equal(first, compute([text]))
    assert np.allclose(first, compute([text + "  \n\t"]))


@settings(max_examples=100, deadline=None)
@given(text=st.one_of(TEXT, PROSE))
def test_masking_never_raises_and_keeps_token_count(text: str) -> None:
    assert len(masked_text(text).split()) == len(lexical_text(text).split())


@settings(max_examples=300, deadline=None)
@given(values=st.lists(st.floats(-10, 10, allow_nan=False), min_size=1, max_size=120),
       q=st.sampled_from([0, 10, 25, 50, 90, 100]))
def test_percentile_is_numpys_to_the_bit(values: list[float], q: int) -> None:
    from mtdetect.features._text.stats import percentile

    assert percentile(sorted(values), q) == float(np.percentile(values, q))


@settings(max_examples=500, deadline=None)
@given(values=st.one_of(st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=1, max_size=300),
                        st.lists(st.integers(0, 40), min_size=1, max_size=300)))
def test_mean_std_and_sum_are_numpys_to_the_bit(values: list[float]) -> None:
    """Around the sequential/pairwise switch at 8 values and numpy's 128-value blocks alike."""
    from mtdetect.features._text.stats import mean, numpy_sum, std

    array = np.array(values, dtype=float)
    assert numpy_sum(values) == float(array.sum())
    assert mean(values) == float(array.mean())
    assert std(values) == float(array.std())


@settings(max_examples=300, deadline=None)
@given(counts=st.lists(st.integers(0, 10_000), min_size=1, max_size=400))
def test_mean_of_counts_is_numpys_to_the_bit(counts: list[int]) -> None:
    from mtdetect.features._text.stats import mean_of_counts

    assert mean_of_counts(counts) == float(np.mean(np.array(counts, dtype=float)))


READABILITY_PROSE = st.lists(st.sampled_from(["The", "minister", "said", "it's", "Don’t", "A.", "U.S.", "e.g.", "?",
                                              "!", "...", "=", "‘quoted’", "extraordinarily", "ça", "İstanbul",
                                              "3.5", "-", "\n", "was", "a", "b"]), max_size=80).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(TEXT, PROSE, READABILITY_PROSE))
def test_readability_is_textstats_own_to_the_bit(text: str) -> None:
    """The one-pass counts and formulas give exactly what textstat 0.7.3's own methods give."""
    import math

    from textstat.textstat import textstatistics

    from mtdetect.features import readability

    textstat = textstatistics()
    n_words = max(textstat.lexicon_count(text), 1)
    expected = [
        textstat.flesch_reading_ease(text), textstat.flesch_kincaid_grade(text), textstat.gunning_fog(text),
        textstat.coleman_liau_index(text), textstat.dale_chall_readability_score(text),
        textstat.syllable_count(text) / n_words, textstat.difficult_words(text) / n_words,
    ]
    low, high = readability.CLIP
    expected = [float(min(max(v, low), high)) if math.isfinite(v) else 0.0 for v in expected]
    assert readability.compute([text])[0].tolist() == expected


SENTENCE_PIECES = st.lists(st.sampled_from(["a", "B", "3", ".", "..", "!", "?", "…", "\"", "”", "’", "»", ")", "]",
                                            " ", "  ", "\n", "“", "‘", "«", "(", "[", "word", "Mr"]),
                           max_size=40).map("".join)


@settings(max_examples=500, deadline=None)
@given(text=st.one_of(TEXT, SENTENCE_PIECES))
def test_sentence_split_is_the_look_behind_split(text: str) -> None:
    from mtdetect.features._text.parsed import SENTENCE_END_RE, split_sentences

    assert split_sentences(text) == SENTENCE_END_RE.split(text)
