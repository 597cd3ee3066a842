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


@settings(max_examples=500, deadline=None)
@given(values=st.one_of(st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=1, max_size=300),
                        st.lists(st.integers(0, 40), min_size=1, max_size=300)))
def test_mean_std_and_sum_are_numpys_to_the_bit(values: list[float]) -> None:
    """Around the sequential/pairwise switch at 8 values and numpy's 128-value blocks alike."""
    from mtdetect.features.stats import mean, numpy_sum, std

    array = np.array(values, dtype=float)
    assert numpy_sum(values) == float(array.sum())
    assert mean(values) == float(array.mean())
    assert std(values) == float(array.std())


@settings(max_examples=300, deadline=None)
@given(counts=st.lists(st.integers(0, 10_000), min_size=1, max_size=400))
def test_mean_of_counts_is_numpys_to_the_bit(counts: list[int]) -> None:
    from mtdetect.features.stats import mean_of_counts

    assert mean_of_counts(counts) == float(np.mean(np.array(counts, dtype=float)))


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


# Each artifact pattern that opens with a character class, in the look-behind-first form it replaces.
LOOK_BEHIND_FIRST = {
    "space_before_punct": r"(?<=\w)[ \u00a0\u202f]+[?!:;](?=\s|$|[\"”»])",
    "decimal_comma": r"(?<![\d,])\d{1,3},\d{1,2}(?![\d,])(?=\s*(?:%|per|million|billion|percent|euros?|dollars?))",
    "space_thousands": r"\b\d{1,3}(?:[\u00a0\u202f ]\d{3})+(?=\s*(?:euros?|dollars?|people|inhabitants|km|%)\b)",
    "space_percent": r"(?<=\d)[ \u00a0\u202f]%",
    "lowercase_sentence": r"(?<=[a-z]{3}[.!?]) +(?=[a-z]{2,})",
}
PATTERN_PIECES = st.lists(st.sampled_from(["1", "23", "456", ",", ", ", " ", "  ", "\u00a0", "\u202f", "%", "?", ";",
                                           "!", ".", "abc", "word", "A", "_", "é", "»", "\"", " million", " euros",
                                           " people", " km", "\n"]), max_size=40).map("".join)


@pytest.mark.parametrize("kind", sorted(LOOK_BEHIND_FIRST))
@settings(max_examples=400, deadline=None)
@given(text=st.one_of(TEXT, PATTERN_PIECES))
def test_artifact_pattern_matches_as_its_look_behind_first_form(kind: str, text: str) -> None:
    import re

    from mtdetect.features.artifacts import PATTERNS

    expected = [m.span() for m in re.finditer(LOOK_BEHIND_FIRST[kind], text)]
    assert [m.span() for m in PATTERNS[kind][0].finditer(text)] == expected


CLUE_PIECES = st.lists(st.sampled_from(["1", "23", ",", ", ", " ", "\u00a0", "%", "?", ";", ":", "!", ".", "abc",
                                        "word", "The", "North", "the", "A", "_", "é", "monday", "Sunday", "april",
                                        "june", "july", "january", "october", "december", "\n", "»", "456",
                                        " euros", " people", "„", "‹", "\u202f", "٣"]),
                       max_size=40).map("".join)


@pytest.mark.parametrize("kind", ["space_before_punct", "glued_sentence", "decimal_comma", "space_percent",
                                  "lowercase_month", "glued_words", "space_thousands", "lowercase_sentence",
                                  "guillemets", "low_quotes"])
@settings(max_examples=400, deadline=None)
@given(text=st.one_of(TEXT, PROSE, PATTERN_PIECES, CLUE_PIECES))
def test_artifact_clue_holds_wherever_its_pattern_matches(kind: str, text: str) -> None:
    from mtdetect.features.artifacts import CLUES, GLUED_RE, PATTERNS

    pattern = GLUED_RE if kind == "glued_words" else PATTERNS[kind][0]
    assert kind in CLUES
    if pattern.search(text):
        assert CLUES[kind](text)


@settings(max_examples=300, deadline=None)
@given(text=st.text(st.characters(max_codepoint=127), max_size=300))
def test_typographic_mark_patterns_never_match_ascii_text(text: str) -> None:
    from mtdetect.features.artifacts import NON_ASCII_KINDS, PATTERNS

    assert not any(PATTERNS[kind][0].search(text) for kind in NON_ASCII_KINDS)


FOREIGN_PIECES = st.lists(st.sampled_from(["destinazione", "l'économie", "également", "vergeben", "Hinten",
                                           "hinten", "xqzv", "abcd1", "_vergeben", "-", "'", "’", "2", " ", ".",
                                           "the", "aujourd’hui", "café", "über"]), max_size=30).map("".join)


@settings(max_examples=400, deadline=None)
@given(text=st.one_of(TEXT, FOREIGN_PIECES))
def test_foreign_word_prefilter_keeps_every_candidate(text: str) -> None:
    """Every lower-case word unknown in English that the scan would check lies in a token the prefilter flags."""
    from mtdetect.features.artifacts import WORD_RE, _may_be_foreign
    from mtdetect.features.fluency import zipf
    from mtdetect.features.parsed import parse

    candidates = [w for w in WORD_RE.findall(text) if w.islower() and zipf(w) <= 1.0]
    if candidates:
        assert any(map(_may_be_foreign, parse(text).tokens))


def test_month_clue_holds_for_every_lower_case_day_and_month_name() -> None:
    from mtdetect.features.artifacts import CLUES, LOWERCASE_NAMES, PATTERNS

    for name in LOWERCASE_NAMES.split("|"):
        text = f"It happened on {name} morning."
        assert PATTERNS["lowercase_month"][0].search(text), name
        assert CLUES["lowercase_month"](text), name


SENTENCE_PIECES = st.lists(st.sampled_from(["a", "B", "3", ".", "..", "!", "?", "…", "\"", "”", "’", "»", ")", "]",
                                            " ", "  ", "\n", "“", "‘", "«", "(", "[", "word", "Mr"]),
                           max_size=40).map("".join)


@settings(max_examples=500, deadline=None)
@given(text=st.one_of(TEXT, SENTENCE_PIECES))
def test_sentence_split_is_the_look_behind_split(text: str) -> None:
    from mtdetect.features.parsed import SENTENCE_END_RE, split_sentences

    assert split_sentences(text) == SENTENCE_END_RE.split(text)
