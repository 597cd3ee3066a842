"""Property-based tests for every feature extractor: total, finite, deterministic, whitespace-blind."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtdetect.features import FAMILIES
from mtdetect.features.artifacts import find_evidence
from mtdetect.features.lexicon import lexical_text, masked_text

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
def test_evidence_spans_lie_inside_the_text(text: str) -> None:
    for evidence in find_evidence(text):
        assert 0 <= evidence.start < evidence.end <= len(text)


@settings(max_examples=100, deadline=None)
@given(text=st.one_of(TEXT, PROSE))
def test_masking_never_raises_and_keeps_token_count(text: str) -> None:
    assert len(masked_text(text).split()) == len(lexical_text(text).split())


@settings(max_examples=300, deadline=None)
@given(values=st.lists(st.floats(-10, 10, allow_nan=False), min_size=1, max_size=120),
       q=st.sampled_from([0, 10, 25, 50, 90, 100]))
def test_percentile_is_numpys_to_the_bit(values: list[float], q: int) -> None:
    from mtdetect.features.stats import percentile

    assert percentile(sorted(values), q) == float(np.percentile(values, q))


LOOKALIKES = {"i": "iIİı", "s": "sSſ", "k": "kKK"}


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_boilerplate_prefilter_never_hides_a_match(data: st.DataObject) -> None:
    from mtdetect.features.artifacts import BOILERPLATE, BOILERPLATE_RE, _may_hold_boilerplate

    phrase = data.draw(st.sampled_from(BOILERPLATE))
    respelled = "".join(data.draw(st.sampled_from(LOOKALIKES.get(c, c + c.upper()))) for c in phrase)
    text = data.draw(TEXT) + respelled + data.draw(TEXT)
    assert BOILERPLATE_RE.search(text)
    assert _may_hold_boilerplate(text)


@settings(max_examples=200, deadline=None)
@given(text=st.one_of(TEXT, PROSE), threshold=st.sampled_from([1, 2, 3]))
def test_cached_readability_counts_are_textstats_own(text: str, threshold: int) -> None:
    from textstat.textstat import textstatistics

    from mtdetect.features.readability import _statistics

    plain = textstatistics()
    cached = _statistics()
    assert cached.syllable_count(text) == plain.syllable_count(text)
    assert sorted(cached.difficult_words_list(text, threshold)) == sorted(
        textstatistics.difficult_words_list.__wrapped__(plain, text, threshold))
