"""Every ASCII twin matches exactly as its Unicode pattern does, on any ASCII text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtdetect.model import inference

from mtdetect.inputs import language

from mtdetect.findings import entities as names
from mtdetect.features._text import lexicon
from mtdetect.features import readability
from mtdetect.inputs.twins import TwinPattern

TWINS = {
    "lexicon.TOKEN_RE": lexicon.TOKEN_RE,
    "lexicon.WORD_RE": lexicon.WORD_RE,
    "names.NAME_CANDIDATE_RE": names.NAME_CANDIDATE_RE,
    "language.WORD_RE": language.WORD_RE,
    "inference.DEFAULT_TOKENS": inference.DEFAULT_TOKENS,
    "readability.PUNCTUATION_RE": readability.PUNCTUATION_RE,
    "readability.DIFFICULT_WORD_RE": readability.DIFFICULT_WORD_RE,
}
ASCII_TEXT = st.text(st.characters(max_codepoint=127), max_size=300)
ASCII_PROSE = st.lists(st.sampled_from(["The", "minister's", "don't", "O'Neill", "e-mail", "U.S.", "3.5", "1,000",
                                        "12:30", "_id", "a_b", "x2", "2x", "NATO", "McDonald", "I", "=", "\x1c", "\x1f",
                                        "\t", "\n", " ", "  ", "-", "'", ".", "?", "Blinken", "blinken"]),
                       max_size=60).map(" ".join)


@pytest.mark.parametrize("name", sorted(TWINS))
@settings(max_examples=400, deadline=None)
@given(text=st.one_of(ASCII_TEXT, ASCII_PROSE))
def test_ascii_twin_matches_as_its_pattern(name: str, text: str) -> None:
    twin = TWINS[name]
    expected = [(m.span(), m.groups()) for m in twin.unicode.finditer(text)]
    assert [(m.span(), m.groups()) for m in twin.ascii.finditer(text)] == expected
    assert twin.sub("", text) == twin.unicode.sub("", text)


def test_the_unicode_pattern_runs_on_other_text() -> None:
    twin = TwinPattern.compile(r"[^\W\d_]+", r"[A-Za-z]+")
    assert twin.pattern_for("plain") is twin.ascii
    assert twin.findall("Straße café") == ["Straße", "café"]
    assert twin.findall("Strasse cafe") == ["Strasse", "cafe"]
