"""Entity drift: planted respellings are found, legitimate variation is not."""

from __future__ import annotations

import itertools
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtdetect.findings.drift import (
    MAX_EDITS,
    DriftFinding,
    _close_pairs,
    _pairs_by_deletions,
    damerau_levenshtein,
    drift_rate,
    find_entity_drift,
)

DOC = [
    "President Volodymyr Zelensky met Secretary of State Antony Blinken in Kyiv on Monday.",
    "Kremlin spokesman Dmitry Peskov said Moscow was not impressed by Blinken's visit.",
    "Zelensky told reporters that Ukraine needed more help from its allies.",
]


def _pairs(paragraphs: list[str]) -> set[tuple[str, str]]:
    return {(f.canonical, f.variant) for f in find_entity_drift(paragraphs)}


@pytest.mark.parametrize(
    "variant_paragraph, pair",
    [
        ("Later, President Zelenski thanked the Americans.", ("Zelensky", "Zelenski")),
        ("Later, President Belinsky thanked the Americans.", ("Zelensky", "Belinsky")),
        ("Later, Mr. Blinker flew on to Warsaw.", ("Blinken", "Blinker")),
        ("Later, Kremlin spokesman Pskov refused to comment.", ("Peskov", "Pskov")),
    ],
)
def test_planted_variants_are_found(variant_paragraph, pair):
    findings = find_entity_drift(DOC + [variant_paragraph])
    assert [(f.canonical, f.variant) for f in findings] == [pair]
    (finding,) = findings
    assert finding.paragraphs == (3,)
    index, start, end = finding.spans[0]
    assert (DOC + [variant_paragraph])[index][start:end] == pair[1]
    assert f"'{pair[1]}'" in finding.reason and f"'{pair[0]}'" in finding.reason


def test_finding_is_frozen_and_reason_names_the_first_canonical_paragraph():
    (finding,) = find_entity_drift(DOC + ["Mr. Blinker left.", "Blinker's aide stayed."])
    assert isinstance(finding, DriftFinding)
    assert finding.paragraphs == (3, 4) and len(finding.spans) == 2
    assert finding.reason == "name spelled 'Blinker' here and 'Blinken' in paragraph 0"
    with pytest.raises(AttributeError):
        finding.variant = "x"  # type: ignore[misc]


@pytest.mark.parametrize(
    "extra",
    [
        "Blinken's aides and the Blinkens' friends were there.",  # possessives, plurals
        "Mr. Blinken and Mr. Zelensky spoke again.",  # titles
        "American, Russian, Ukrainian, European and Chinese officials met in America, Russia, Europe and China.",
        "Britain and the British, France and the French.",  # demonyms that are common words
        "Hill said Hall was right. Smith and Smyth disagreed.",  # distinct common words
        "Then the Kremlin replied. There was no answer.",  # sentence-initial common words
        "Ivan and Iван met Ian, Ion and Ina.",  # tokens under four letters
        "Dmytro Kuleba and Dmitry Peskov are different people.",  # given names of different people
    ],
)
def test_legitimate_variation_is_ignored(extra):
    assert find_entity_drift(DOC + [extra]) == []


def test_empty_inputs():
    assert find_entity_drift([]) == [] and find_entity_drift([""]) == []
    assert drift_rate([]) == 0.0


def test_drift_rate_counts_flagged_paragraphs():
    assert drift_rate(DOC + ["Later, Mr. Blinker flew home."]) == 0.25


def test_damerau_levenshtein():
    assert damerau_levenshtein("Peskov", "Pskov") == 1
    assert damerau_levenshtein("Kuleba", "Kaleb") == 2
    assert damerau_levenshtein("abcd", "abdc") == 1
    assert damerau_levenshtein("", "abc") == 3


NAME_LISTS = st.lists(st.text(alphabet="abcAB", min_size=1, max_size=7), min_size=2, max_size=40, unique=True)


@pytest.mark.parametrize("pairs_of", [_close_pairs, _pairs_by_deletions])
@settings(max_examples=300, deadline=None)
@given(names=NAME_LISTS)
def test_candidate_pairs_are_every_pair_within_max_edits_in_combinations_order(pairs_of, names):
    within = [(a, b) for a, b in itertools.combinations(names, 2)
              if damerau_levenshtein(a.lower(), b.lower()) <= MAX_EDITS]
    candidates = pairs_of(names)
    assert set(within) <= set(candidates) <= set(itertools.combinations(names, 2))
    order = {pair: k for k, pair in enumerate(itertools.combinations(names, 2))}
    assert [order[pair] for pair in candidates] == sorted(order[pair] for pair in candidates)


def test_long_document_with_many_names_finds_the_planted_variant():
    rng = random.Random(0)
    invented = ["".join(rng.choice("bdfgklmnprstvz") + rng.choice("aeiou") for _ in range(6)).title()
                for _ in range(1200)]
    filler = [f"Mr. {a} of Springfield met Dr. {b}." for a, b in zip(invented[::2], invented[1::2])]
    [finding] = find_entity_drift([*DOC, *filler, "Later, Mr. Blinker flew on to Warsaw."])
    assert (finding.canonical, finding.variant) == ("Blinken", "Blinker")


def test_both_spellings_in_one_paragraph_are_named_as_such() -> None:
    doc = ["The weather was mild.", "Mr. Blinken met the press; later Blinken's aide said Blinker would fly home."]
    [finding] = find_entity_drift(doc)
    assert finding.reason == "name spelled both 'Blinken' and 'Blinker' in paragraph 1"


def test_tokens_over_forty_letters_are_no_names():
    rng = random.Random(1)
    stem = "".join(rng.choice("bdfgklmnprstvz") + rng.choice("aeiou") for _ in range(21))  # 42 letters
    long_names = [f"Mr. {stem.title()} arrived.", f"Later Mr. {stem[:-1].title()}x left."]
    assert find_entity_drift(long_names) == []
    assert find_entity_drift(["Mr. Blinken arrived.", "Later Mr. Blinker left."])  # the same at a name's length


@pytest.mark.parametrize("paragraphs", [
    ["CPython is the reference implementation.", "Python is the language it implements."],
    ["The Licensees shall comply with this licence.", "Other Licenses may apply to parts."],
    ["Immutable objects cannot change.", "Mutable objects can."],
    ["Cython compiles extension modules.", "Python runs them."],
    ["Blinken's aides arrived.", "The Blinkens flew home."],
])
def test_morphology_compounds_and_other_names_are_not_drift(paragraphs: list[str]) -> None:
    assert find_entity_drift(paragraphs) == []
