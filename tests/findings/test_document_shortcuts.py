"""The document rules' shortcuts find what the full comparisons find.

MT601 splits into words only the paragraphs whose letter counts another shares; MT701 compares
only the pairs of names of like length and letters, and stops when there are none.
"""

from __future__ import annotations

import itertools
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtdetect.findings import document, drift
from mtdetect.findings.document import repeated_paragraphs
from mtdetect.findings.drift import MAX_EDITS, _close_pairs, _may_be_respelled, damerau_levenshtein, find_entity_drift

LEAD = ("The minister said on Monday that the talks with the unions would resume next week in Rome, "
        "after a month in which the two sides met only once.")


def _every_paragraph(paragraphs: list[str]) -> list[tuple[int, str]]:
    return list(enumerate(paragraphs))


def _repeats(paragraphs: list[str]) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """MT601's findings (paragraph, reason) with the shortcut, then splitting every paragraph."""
    fast = [(f.paragraph, f.reason) for f in repeated_paragraphs(paragraphs)]
    with mock.patch.object(document, "_possible_repeats", _every_paragraph):
        full = [(f.paragraph, f.reason) for f in repeated_paragraphs(paragraphs)]
    return fast, full


@pytest.mark.parametrize("paragraphs", [
    [LEAD, "Read also", LEAD.upper()],
    [LEAD, "Read also", LEAD.replace("Monday that", "Monday, that").replace(" the ", " the\n")],
    ["İ" * 20, "x", "İ" * 20],  # twenty words in twenty characters: "İ" lower-cases to "i" and a combining dot
    ["Intro.", *(f"Item {i} is described here in twenty words or so, as items in a reference manual are "
                 "described, one after another." for i in range(4)), LEAD, LEAD],
])
def test_the_shortcut_finds_every_repeated_paragraph(paragraphs: list[str]) -> None:
    fast, full = _repeats(paragraphs)
    assert fast == full and fast


WORDS = st.sampled_from(["the", "The", "THE", "talks", "Talks", "minister", "Rome", "a", "eat", "toe", "İ", "9"])
SEPARATORS = st.sampled_from([" ", ", ", ". ", "\n", " — ", "-"])
PARAGRAPHS = st.lists(st.tuples(WORDS, SEPARATORS), min_size=1, max_size=30).map(
    lambda pairs: "".join(word + separator for word, separator in pairs))


@settings(max_examples=200, deadline=None)
@given(pool=st.lists(PARAGRAPHS, min_size=1, max_size=4), picks=st.lists(st.integers(0, 3), max_size=8))
def test_the_shortcut_finds_what_splitting_every_paragraph_finds(pool: list[str], picks: list[int]) -> None:
    fast, full = _repeats([pool[pick % len(pool)] for pick in picks])
    assert fast == full


NAMES = st.lists(st.text(alphabet="abeilnrkzs", min_size=3, max_size=9).map(str.title),
                 min_size=2, max_size=40, unique=True)


@settings(max_examples=200, deadline=None)
@given(names=NAMES)
def test_close_pairs_keep_every_pair_that_may_be_respelled_in_order(names: list[str]) -> None:
    def may_drift(a: str, b: str) -> bool:  # what _respelled can accept: one or two edits apart
        return _may_be_respelled(a, b) and damerau_levenshtein(a.lower(), b.lower()) <= MAX_EDITS

    kept = [pair for pair in _close_pairs(names) if may_drift(*pair)]
    assert kept == [pair for pair in itertools.combinations(names, 2) if may_drift(*pair)]


def _every_pair(names: list[str]) -> list[tuple[str, str]]:
    return list(itertools.combinations(names, 2))


@pytest.mark.parametrize("paragraphs, pairs", [
    (["President Zelensky spoke on Monday.", "Later President Belensky thanked them."], [("Zelensky", "Belensky")]),
    (["Zelensky spoke on Monday.", "Later Belensky thanked them."], []),  # no shared title: two names
    (["Dmytro Kuleba met reporters.", "Dmitry Peskov said no."], []),  # given names of different people
    (["Dmytro Kuleba met reporters.", "Dmitry Kuleba said no."], [("Dmytro", "Dmitry")]),
    (["Sheikh Hamad Blinken met Sheikh Blinker."], [("Blinken", "Blinker")]),
    (["Use the Encode extension.", "Unicode strings are decoded with Encode::XS."], []),
    (["Mr. Blinken met Mr. Peskov.", "Later Blinken's aide said Blinker would fly home."], [("Blinken", "Blinker")]),
    (["The weather was mild on Monday.", "Nobody came."], []),
])
def test_drift_compares_the_pairs_that_matter(paragraphs: list[str], pairs: list[tuple[str, str]]) -> None:
    found = find_entity_drift(paragraphs)
    with mock.patch.object(drift, "_close_pairs", _every_pair):
        assert find_entity_drift(paragraphs) == found
    assert [(f.canonical, f.variant) for f in found] == pairs
