"""MT3xx boilerplate rules: literal translations fire; native headings and credits stay quiet."""

from __future__ import annotations

import pytest

from mtdetect.findings import boilerplate
from mtdetect.findings.catalogue import RULES


def spans(check, text: str) -> list[str]:
    """The text of each finding, after checking that its reason quotes it."""
    found = list(check(text))
    assert all(f.paragraph == -1 and repr(text[f.start:f.end]) in f.reason for f in found)
    return [text[f.start:f.end] for f in found]


@pytest.mark.parametrize(("text", "expected"), [
    ("To see in video", ["To see in video"]),
    ("See in video", ["See in video"]),
    ("The talks ended.\nTo see also: the minister's interview", ["To see also"]),
    ("The talks ended. Read also: the minister's interview", ["Read also"]),
    ("To read also\nThe budget in five charts", ["To read also"]),
    ("Also to read: the budget in five charts", ["Also to read"]),
    ("To (re)read: the budget in five charts", ["To (re)read"]),
    ("To discover:\nThe best beaches of Sicily", ["To discover"]),
    ("Find the article\nin our print edition", ["Find the article"]),
    ("• It may interest you: the new tax rules", ["It may interest you"]),
    ("Lire aussi : le gouvernement démissionne", ["Lire aussi"]),
    ("À voir aussi", ["À voir aussi"]),
    ("Leggi anche: il governo", ["Leggi anche"]),
    ("Lee también: el gobierno", ["Lee también"]),
    ("Leia também: o governo", ["Leia também"]),
    ("Lesen Sie auch: Die Regierung", ["Lesen Sie auch"]),
    ("Читайте также: правительство", ["Читайте также"]),
])
def test_teaser_line_fires(text, expected):
    assert spans(boilerplate.teaser_line, text) == expected


@pytest.mark.parametrize("text", [
    "See also\n\nModule os.path: common pathname manipulations.",
    "See also: the shutil module.",
    "Also read: Sensex ends 300 points higher",
    "I also read the reviews before buying.",
    "To discover the truth, he went back to the archive.",
    "Click here to see the full list of winners.",
    "We watched the video twice and read the article too.",
    "You may be interested in the new release.",
])
def test_teaser_line_quiet_on_native_forms(text):
    assert spans(boilerplate.teaser_line, text) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("The minister resigned on Tuesday. (with AFP)", ["(with AFP)"]),
    ("The minister resigned on Tuesday.\nWith AFP", ["With AFP"]),
    ("The minister resigned. With agencies", ["With agencies"]),
    ("All reproduction reserved.", ["All reproduction reserved"]),
    ("© Le Monde. Reproduction reserved.", ["Reproduction reserved"]),
    ("Photo credit : AFP", ["Photo credit :"]),
    ("Credits photo: Reuters", ["Credits photo:"]),
    ("The editorial staff", ["The editorial staff"]),
    ("Editorial staff with AFP", ["Editorial staff with AFP"]),
    ("Of our correspondent in Rome", ["Of our correspondent"]),
    ("From our special envoy in Kyiv", ["From our special envoy"]),
    ("Published on 27/01/2023 at 10:30", ["Published on 27/01/2023 at 10:30"]),
    ("Updated 27.01.2023 10h30", ["Updated 27.01.2023 10h30"]),
])
def test_translated_byline_fires(text, expected):
    assert spans(boilerplate.translated_byline, text) == expected


@pytest.mark.parametrize("text", [
    "LONDON (Reuters) - The minister resigned on Tuesday.",
    "Photo: AP",
    "Photo credit: Jane Doe",
    "All rights reserved.",
    "Published January 27, 2023 at 10:30 a.m.",
    "Published on 01/27/2023 at 10:30 AM",
    "By our correspondent in Karachi",
    "She worked with AFP for years before joining the BBC.",
    "Our special envoy to the Middle East met the king.",
])
def test_translated_byline_quiet_on_native_credits(text):
    assert spans(boilerplate.translated_byline, text) == []


@pytest.mark.parametrize(("code", "check"), [
    ("MT301", boilerplate.teaser_line), ("MT302", boilerplate.translated_byline),
])
def test_each_example_fires_its_rule(code, check):
    assert {f.code for f in check(RULES[code].example)} == {code}
