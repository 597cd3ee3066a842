"""MT1xx typography rules: each fires on the tell and stays quiet on native look-alikes."""

from __future__ import annotations

import pytest

from mtdetect.findings import typography
from mtdetect.findings.catalogue import RULES


def spans(check, text: str) -> list[str]:
    """The text of each finding, after checking that its reason quotes it."""
    found = list(check(text))
    assert all(f.paragraph == -1 and text[f.start:f.end].split()[0] in f.reason for f in found)
    return [text[f.start:f.end] for f in found]


@pytest.mark.parametrize(("text", "expected"), [
    ("The minister said the situation was « very worrying » for the region.", ["« very worrying »"]),
    ("The so-called «yellow vests» marched again.", ["«yellow vests»"]),
    ("The operation « Barkhane » ended.", ["« Barkhane »"]),
    ("He spoke of ‹ new ideas ›.", ["‹ new ideas ›"]),
])
def test_guillemets_fire_around_english(text, expected):
    assert spans(typography.guillemets, text) == expected


@pytest.mark.parametrize("text", [
    "Le Monde wrote: « La France est en deuil. »",
    "The paper ran the headline «Le gouvernement démissionne» on Monday.",
    "Home » News » World",
    "Read more »",
    "my @array = qw« tinker tailor soldier spy »;",
    "Defaults to «/usr/share/dpkg».",
    "To see in video",
])
def test_guillemets_quiet_on_quotations_and_navigation(text):
    assert spans(typography.guillemets, text) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("He called the plan “a historic step» for the country.", ["“a historic step»"]),
    ("He called the plan «a historic step” for the country.", ["«a historic step”"]),
    ('He called the plan "a historic step» for the country.', ['"a historic step»']),
    ("The chancellor spoke of „a new beginning“ for Europe.", ["„a new beginning“"]),
])
def test_mismatched_quotes_fire(text, expected):
    assert spans(typography.mismatched_quotes, text) == expected


@pytest.mark.parametrize("text", [
    "“He wrote «non» twice,” she said.",
    'He said "yes" and Home » News.',
    "He said “yes” and “no”.",
    'Mixed "straight” marks are an autocorrect habit.',
    "Any change line like \"[ RaphaÃ«l Hertzog ]\" is an item.",
])
def test_mismatched_quotes_quiet_on_consistent_quotes(text):
    assert spans(typography.mismatched_quotes, text) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("What will happen now ? Nobody knows.", ["now ?"]),
    ("Note : the government has not decided.", ["Note :"]),
    ("The reform failed ; the minister resigned.", ["failed ;"]),
    ("Pourquoi pas\u00a0? Because it is late !", ["pas\u00a0?", "late !"]),
    ("To see in video :", ["video :"]),
])
def test_space_before_punctuation_fires(text, expected):
    assert spans(typography.space_before_punctuation, text) == expected


@pytest.mark.parametrize("text", [
    "The meeting starts at 10 : 30 and the ratio is 3 : 1.",
    "That works :) and this too ;)",
    "Parameters\n----------\nG : NetworkX graph\n    The input graph.",
    "x : int\n    The value.",
    "lb, ub : int, optional",
    "Return ``a ? b : c`` for the ternary case.",
    "    if ! grep -q foo file; then",
    "Author          : Johan Vromans",
    "gcloud run services describe (SERVICE : --namespace=NAMESPACE)",
    'help exec gives help on the ! command.',
    "use strict ;",
    "printf '%s : %s' name value",
])
def test_space_before_punctuation_quiet_on_code_and_numbers(text):
    assert spans(typography.space_before_punctuation, text) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("The so-called “ yellow vests ” marched again.", ["“ yellow vests ”"]),
    ("The situation is « very worrying », he said.", ["« very worrying »"]),
])
def test_space_inside_quotes_fires(text, expected):
    assert spans(typography.space_inside_quotes, text) == expected


@pytest.mark.parametrize("text", [
    "The so-called “yellow vests” marched again.",
    "Le Monde wrote: « La France est en deuil. »",
    "the 2021 ”Made in Vietnam“ Excellent Digital Product award and the ”Book Carnival“ events",
    'He said " hello " to them.',
])
def test_space_inside_quotes_quiet(text):
    assert spans(typography.space_inside_quotes, text) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("The chancellor spoke of „a new beginning“ for Europe.", ["„a new beginning“"]),
    ("„We worry about her very much,” she said.", ["„We worry about her very much,”"]),
    ("He said „hello and left.", ["„"]),
    ("a ‚small‘ change", ["‚small‘"]),
])
def test_low_quotes_fire(text, expected):
    assert spans(typography.low_quotes, text) == expected


@pytest.mark.parametrize("text", [
    "Merkel told Bild: „Wir schaffen das, und wir werden es schaffen.“",
    "Hello‚ world",
    "Plain “English” quotes.",
])
def test_low_quotes_quiet(text):
    assert spans(typography.low_quotes, text) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("Unemployment fell to 7,1 % in the third quarter.", ["7,1 %"]),
    ("About 25 % of voters and 30\u00a0% of members.", ["25 %", "30\u00a0%"]),
])
def test_space_before_percent_fires(text, expected):
    assert spans(typography.space_before_percent, text) == expected


@pytest.mark.parametrize("text", [
    "Unemployment fell to 7.1% in the third quarter.",
    "The remainder 10 % 3 is one.",
    "ARG1 % ARG2 is the remainder.",
    'printf("%d %s", 10, name)',
    "x = 100 % of",
])
def test_space_before_percent_quiet(text):
    assert spans(typography.space_before_percent, text) == []


@pytest.mark.parametrize("code", ["MT101", "MT102", "MT103", "MT104", "MT105", "MT106"])
def test_each_example_fires_its_rule(code):
    check = {"MT101": typography.guillemets, "MT102": typography.mismatched_quotes,
             "MT103": typography.space_before_punctuation, "MT104": typography.space_inside_quotes,
             "MT105": typography.low_quotes, "MT106": typography.space_before_percent}[code]
    assert {f.code for f in check(RULES[code].example)} == {code}
