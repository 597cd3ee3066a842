"""MT2xx glued-word rules: fusions fire; brands, names, identifiers, URLs and compounds stay quiet."""

from __future__ import annotations

import pytest

from mtdetect.findings import glued
from mtdetect.findings.catalogue import RULES

NEWS = ("The government announced on Sunday that talks with the opposition would resume next week, "
        "after a month of protests in the capital and in several other cities of the country. ")


def spans(check, text: str) -> list[str]:
    """The text of each finding, after checking that its reason quotes it."""
    found = list(check(text))
    assert all(f.paragraph == -1 and repr(text[f.start:f.end]) in f.reason for f in found)
    return [text[f.start:f.end] for f in found]


@pytest.mark.parametrize(("text", "expected"), [
    ("Fighting resumed in theNorth of the country on Sunday.", ["theNorth"]),
    ("The collapse of theSoviet Union changed everything.", ["theSoviet"]),
    ("Troops from theUS and ofNATO arrived.", ["theUS", "ofNATO"]),
    ("The report followed the new policyThe minister said nothing.", ["policyThe"]),
    (NEWS + "It was a new policyNorth Korea rejected at once.", ["policyNorth"]),
    (NEWS + "Read the full articleDriven by anger, crowds gathered.", ["articleDriven"]),
])
def test_glued_capitalised_fires(text, expected):
    assert spans(glued.glued_capitalised, text) == expected


@pytest.mark.parametrize("text", [
    "She bought an iPhone, an iPad and a book on eBay.",
    "We ate at McDonald's and watched YouTube on macOS.",
    "Load jQuery before the mRNA data; the pH was 7.",
    "Call document.getElementById to find the node.",
    "The isNaN and toString methods are standard.",
    "Call getName() to read it.",
    "Set my_varName before use.",
    "Use `fooBar` in the config.",
    "See http://example.com/theNorth for details.",
    "Neil deGrasse Tyson flew easyJet to Paris.",
    "Delete a loggingSetting",
    "Each userName is unique.",
    NEWS + "The setUp and tearDown functions are passed test objects, and tearDown restores sanity.",
    NEWS + "Set a port with the portSpecification option, ideally in the file.",
    NEWS + "Use theValue in C code = fine.",
])
def test_glued_capitalised_quiet_on_brands_and_identifiers(text):
    assert spans(glued.glued_capitalised, text) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("The decision was taken inthe capital on Monday.", ["inthe"]),
    ("Most ofthe people went tothe square andthe park.", ["ofthe", "tothe", "andthe"]),
    ("He said thatthere was no deal.", ["thatthere"]),
    ("Shares in thecompany fell; itis unclear why.", ["thecompany", "itis"]),
])
def test_glued_lowercase_fires(text, expected):
    assert spans(glued.glued_lowercase, text) == expected


@pytest.mark.parametrize("text", [
    "Read from stdin into the filename given by the username.",
    "Use readline, setattr and isinstance in the namespace.",
    "He walked into the washer room with alot of clothes aswell.",
    "Look up the owner with whois and the value of os.environ.",
    "They said thereto and therefore, within the hour.",
    "Call inthe_loop() or use ofthe.py for that.",
])
def test_glued_lowercase_quiet_on_words_and_code(text):
    assert spans(glued.glued_lowercase, text) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("Talks will resume next week.The minister did not comment.", ["week.The"]),
    ("It will not work!It is a waste.", ["work!It"]),
    ("What should we do?And who pays?", ["do?And"]),
])
def test_no_space_after_sentence_fires(text, expected):
    assert spans(glued.no_space_after_sentence, text) == expected


@pytest.mark.parametrize("text", [
    "The U.S. economy and a Ph.D. thesis, e.g. this one.",
    "Visit example.com or Booking.Com and read README.md first.",
    "Use os.Path, email.Message and thread.Thread here.",
    "Call obj.Method() and then obj.Other.value.",
    "The return type is requests.Response in this case.",
    "See https://example.org/index.Html for more.",
])
def test_no_space_after_sentence_quiet(text):
    assert spans(glued.no_space_after_sentence, text) == []


@pytest.mark.parametrize(("code", "check"), [
    ("MT201", glued.glued_capitalised), ("MT202", glued.glued_lowercase),
    ("MT203", glued.no_space_after_sentence),
])
def test_each_example_fires_its_rule(code, check):
    assert {f.code for f in check(RULES[code].example)} == {code}
