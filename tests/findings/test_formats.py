"""MT4xx number and date rules: continental formats fire; English numbers, verbs and lists stay quiet."""

from __future__ import annotations

import pytest

from mtdetect.findings import formats
from mtdetect.findings.catalogue import RULES


def spans(check, text: str) -> list[str]:
    """The text of each finding, after checking that its reason quotes it."""
    found = list(check(text))
    assert all(f.paragraph == -1 and " ".join(text[f.start:f.end].split()) in f.reason for f in found)
    return [text[f.start:f.end] for f in found]


@pytest.mark.parametrize(("text", "expected"), [
    ("The summit takes place on monday in Brussels.", ["monday"]),
    ("Prices rose in january and february.", ["january", "february"]),
    ("It was signed on 27 march in Rome.", ["march"]),
    ("It opens march 27, the mayor said.", ["march"]),
    ("The deadline is 1st may.", ["may"]),
])
def test_lowercase_day_or_month_fires(text, expected):
    assert spans(formats.lowercase_day_or_month, text) == expected


@pytest.mark.parametrize("text", [
    "The summit takes place on Monday in Brussels.",
    "Rule 3 may be ignored; they may 10,000 times.",
    "The protesters march 5 miles and may march again in august.",
    "i'll call you on monday",
    "WEEKLY_CYCLE must be one of: monday, tuesday, wednesday.",
    "Try date -d 'next monday' in a shell.",
    "Set the day with --day=monday.",
])
def test_lowercase_day_or_month_quiet(text):
    assert spans(formats.lowercase_day_or_month, text) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("The economy grew by 2,3% and exports reached 3,5 million tonnes.", ["2,3", "3,5"]),
    ("The project costs 1,2 billion euros.", ["1,2"]),
])
def test_decimal_comma_fires(text, expected):
    assert spans(formats.decimal_comma, text) == expected


@pytest.mark.parametrize("text", [
    "About 1,000 people and 3,500 euros.",
    "See columns 1,2 of the table.",
    "For her daughters (8, 10,12 years).",
    "The ratio was 2.3% and 3.5 million.",
])
def test_decimal_comma_quiet(text):
    assert spans(formats.decimal_comma, text) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("More than 100 thousand people took part.", ["100 thousand"]),
    ("The fund holds 2 million 500 thousand euros.", ["2 million 500 thousand"]),
    ("A loss of 1,5 thousand jobs.", ["1,5 thousand"]),
])
def test_thousand_as_word_fires(text, expected):
    assert spans(formats.thousand_as_word, text) == expected


@pytest.mark.parametrize("text", [
    "Thousands of people and a few thousand more.",
    "Some five thousand people and 5 thousand others came.",
    "About 100,000 people came.",
    "Of the 100 thousand, most left.",
])
def test_thousand_as_word_quiet(text):
    assert spans(formats.thousand_as_word, text) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("The decree was signed on 27 janvier 2023.", ["27 janvier"]),
    ("It opened on 3 marzo and closed on 15 de mayo.", ["3 marzo", "15 de mayo"]),
    ("The law of 12. März applies.", ["12. März"]),
    ("The decree of 27.01.2023 applies.", ["27.01.2023"]),
    ("The meeting starts at 15h30 and ends at 18h.", ["15h30", "18h"]),
])
def test_foreign_date_fires(text, expected):
    assert spans(formats.foreign_date, text) == expected


@pytest.mark.parametrize("text", [
    "The Mars rover landed on 18 February.",
    "A mayo sandwich costs 5 dollars.",
    "Watch 24h news; call INT 10h to print.",
    "Released on 27/01/2023 and 2023-01-27.",
])
def test_foreign_date_quiet(text):
    assert spans(formats.foreign_date, text) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("The fine can reach 12 500 euros.", ["12 500"]),
    ("About 1\u00a0200\u00a0000 people live there.", ["1\u00a0200\u00a0000"]),
])
def test_space_thousands_fires(text, expected):
    assert spans(formats.space_thousands, text) == expected


@pytest.mark.parametrize("text", [
    "Call 0800 123 456 for help.",
    "Block sizes 128 256 512 bytes.",
    "The fine can reach 12,500 euros.",
    "Scores of 100 200 and 300.",
])
def test_space_thousands_quiet(text):
    assert spans(formats.space_thousands, text) == []


@pytest.mark.parametrize(("code", "check"), [
    ("MT401", formats.lowercase_day_or_month), ("MT402", formats.decimal_comma),
    ("MT403", formats.thousand_as_word), ("MT404", formats.foreign_date), ("MT405", formats.space_thousands),
])
def test_each_example_fires_its_rule(code, check):
    assert {f.code for f in check(RULES[code].example)} == {code}
