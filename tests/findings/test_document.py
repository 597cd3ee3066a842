"""Document rules: a repeated paragraph (MT601) and a name spelled two ways (MT701)."""

from __future__ import annotations

import pytest

from mtdetect.findings.document import entity_drift, repeated_paragraphs

LEAD = ("The minister said on Monday that the talks with the unions would resume next week in Rome, "
        "after a month in which the two sides met only once.")


@pytest.mark.parametrize("repeat", [LEAD, LEAD.replace("Monday that", "Monday, that"), LEAD.upper()])
def test_a_repeated_lead_is_found(repeat: str) -> None:
    found = list(repeated_paragraphs([LEAD, "Read also", repeat]))
    assert [(f.code, f.paragraph) for f in found] == [("MT601", 2)]
    assert "repeats paragraph 0" in found[0].reason and "minister said" in found[0].reason.lower()


def test_a_block_pasted_twice_in_a_row_is_found() -> None:
    body = [f"Paragraph {i} of the story says something else entirely, in twenty words or more, about the talks "
            f"and the unions and the week ahead." for i in range(6)]
    found = list(repeated_paragraphs([*body, body[5]]))
    assert [(f.code, f.paragraph) for f in found] == [("MT601", 6)]


@pytest.mark.parametrize("paragraphs", [
    [LEAD, "The minister said on Tuesday that the strike by the unions would end next month in Milan, "
           "after a week in which the two sides did not meet at all."],
    ["See the table below.", "More text follows here.", "See the table below."],  # short refrains
    [LEAD],
    # A manual repeats an item's description far from its first use: not the tell.
    ["Intro.", "Overview.", *(f"Method {i} is documented here in a sentence or two of plain prose." for i in range(5)),
     "The sock argument transfers ownership of the socket to the transport created, and the caller must not use it.",
     *(f"Method {i} is documented here in a sentence or two of plain prose." for i in range(5, 9)),
     "The sock argument transfers ownership of the socket to the transport created, and the caller must not use it."],
    # Near-identical reference items are two items, not a pasted copy.
    [LEAD, "If tzinfo is None, returns None, else returns self.tzinfo.dst(self), and raises an exception if the "
           "latter does not return None or a timedelta object.",
     "If tzinfo is None, returns None, else returns self.tzinfo.dst(None), and raises an exception if the "
     "latter does not return None or a timedelta object."],
])
def test_different_paragraphs_and_short_refrains_are_not_repeats(paragraphs: list[str]) -> None:
    assert list(repeated_paragraphs(paragraphs)) == []


def test_entity_drift_quotes_both_spellings_at_the_variant() -> None:
    paragraphs = ["Secretary of State Antony Blinken arrived in Kyiv.", "Blinken met the president.",
                  "Blinker told reporters the aid would continue."]
    found = list(entity_drift(paragraphs))
    assert [(f.code, f.paragraph, paragraphs[f.paragraph][f.start:f.end]) for f in found] == [("MT701", 2, "Blinker")]
    assert "'Blinker'" in found[0].reason and "'Blinken'" in found[0].reason


@pytest.mark.parametrize("paragraphs", [
    ["CPython is the reference implementation.", "Python is the language."],
    ["The Licensees shall comply.", "Other Licenses may apply."],
    ["Immutable objects cannot change.", "Mutable objects can."],
    ["Use the Encode extension.", "Unicode strings are decoded with Encode::XS."],
    ["Strtol() and Strtoul() differ.", "Avoid Atol() and Atoul()."],
    ["HvENAME differs from HvNAME."],
])
def test_entity_drift_ignores_morphology_and_compounds(paragraphs: list[str]) -> None:
    assert list(entity_drift(paragraphs)) == []


@pytest.mark.parametrize("name", ["Blinken", "Today", "Peskov", "Straße", "Ñandú", "İstanbul", "Œuvre", "Zxqvbn"])
def test_drift_reads_name_frequencies_as_wordfreq_does(name: str) -> None:
    from wordfreq import zipf_frequency

    from mtdetect.findings.drift import _zipf

    assert _zipf(name) == zipf_frequency(name, "en")
