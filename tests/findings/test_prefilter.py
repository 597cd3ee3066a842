"""The prefilter never drops a finding: with it, every paragraph gets what all the rules find without it."""

from __future__ import annotations

import random

import pytest

from mtdetect.findings import RULES, paragraph_findings, prefilter
from mtdetect.findings.catalogue import PARAGRAPH_CHECKS
from mtdetect.findings.lexical import WORD_RE, words_in

ALL = frozenset(RULES)
NBSP, NNBSP = "\u00a0", "\u202f"

# Examples of every rule, each with the code it fires, several in the forms that the prefilter
# reads differently: no-break spaces, digits of other scripts, capitals, non-ASCII text.
EXAMPLES = [
    ("MT101", "The minister said the situation was « very worrying » for the region."),
    ("MT101", "A ‹ small step › forward."),
    ("MT102", "He called the plan “a historic step» for the country."),
    ("MT102", "She spoke of „a new era\" for the city."),
    ("MT103", "What will happen now ? Nobody knows : the government has not decided."),
    ("MT103", f"What now{NBSP}? The talks went on{NNBSP}; nobody left."),
    ("MT103", "Stop ! The vote ; is over."),
    ("MT104", "The so-called “ yellow vests ” marched again on Saturday."),
    ("MT105", "The chancellor spoke of „a new beginning“ for Europe."),
    ("MT105", "He called it ‚a mistake‘ on Monday."),
    ("MT106", "Unemployment fell to 7,1 % in the third quarter."),
    ("MT106", f"Unemployment fell to 7{NBSP}% and then to 6{NNBSP}%."),
    ("MT201", "Fighting resumed in theNorth of the country on Sunday."),
    ("MT202", "The decision was taken inthe capital on Monday."),
    ("MT203", "Talks will resume next week.The minister did not comment."),
    ("MT203", "Why not?The minister did not say!Nobody asked."),
    ("MT301", "The talks ended without agreement.\nTo see also: the minister's full interview"),
    ("MT301", "Prices rose again.\nRead also: the budget in detail"),
    ("MT302", "The minister resigned on Tuesday evening. (with AFP)"),
    ("MT302", "Published on 27/01/2023 at 10h30"),
    ("MT401", "The summit will take place on monday 27 march in Brussels."),
    ("MT401", "The vote is on 12 may, the count on 13 may."),
    ("MT402", "The economy grew by 2,3% and exports reached 3,5 million tonnes."),
    ("MT402", "Growth reached ٣,٥ million tonnes."),
    ("MT403", "More than 100 thousand people took part in the protest."),
    ("MT404", "The decree was signed on 27 janvier 2023 and takes effect at 15h30."),
    ("MT404", "It was signed on 27.01.2023 in Paris."),
    ("MT404", "The shops open at 9 h and close at 18h."),
    ("MT405", "The fine can reach 12 500 euros for each offence."),
    ("MT405", f"The fine can reach 12{NBSP}500 euros, or 3{NNBSP}000 dollars."),
    ("MT501", "The minister said that the reform was necessary selon the government."),
    ("MT502", "The spokesman said the talks were 非常成功的会谈 and would resume next week."),
    ("MT503", "Advances in counterfeit consciousness and profound neural organizations changed the field."),
    ("MT503", "Advances in COUNTERFEIT CONSCIOUSNESS changed the field."),
    ("MT503", "A meeting at the White Residence on Monday."),
    ("MT504", "The European Commission announced that she will present a new plan in May."),
    ("MT702", "The minister travelled to Pékin on Monday to meet his counterpart."),
]
# Paragraphs where a rule's gate opens but the rule finds nothing, and degenerate ones.
QUIET = ["", " ", "\n", "1", "«", "„", "a.B", "\ud800", "naïve\udcff café", "U.S. officials met in Paris.",
         "The vote may pass.", "In 2023 the group grew.", "x = a ? b : c", "He said 10 % 3 is 1."]


def unfiltered(text: str) -> tuple:
    """What :func:`paragraph_findings` returned before the prefilter: every rule's findings, by position."""
    found = [finding for code in sorted(PARAGRAPH_CHECKS) for finding in PARAGRAPH_CHECKS[code](text)]
    return tuple(sorted(found, key=lambda f: (f.start, f.end, f.code)))


def test_every_paragraph_rule_has_a_known_gate():
    assert set(PARAGRAPH_CHECKS) == prefilter.CHARACTER_CODES | prefilter.WORD_CODES


CASES = [*EXAMPLES, *((code, RULES[code].example) for code in sorted(PARAGRAPH_CHECKS))]


@pytest.mark.parametrize(("code", "text"), CASES)
def test_each_example_keeps_its_rule_and_its_findings(code, text):
    assert code in {f.code for f in unfiltered(text)}
    assert code in prefilter.possible_codes(text)
    assert paragraph_findings(text, ALL) == unfiltered(text)


@pytest.mark.parametrize("text", QUIET)
def test_quiet_paragraphs_find_the_same(text):
    assert paragraph_findings(text, ALL) == unfiltered(text)


def test_mixed_paragraphs_find_the_same():
    """Examples cut and joined at random, so that clues meet in ways no single example shows."""
    pieces = [piece for _, text in EXAMPLES for piece in text.split(" ")] + ["\n", "\t", NBSP, "٣", "Ω", "“", "»"]
    rng = random.Random(7)
    for _ in range(400):
        text = "".join(rng.choice(pieces) + rng.choice(["", " ", " ", "."]) for _ in range(rng.randint(1, 25)))
        assert paragraph_findings(text, ALL) == unfiltered(text), text


def test_chosen_codes_are_respected():
    text = "Fighting resumed in theNorth of the country on Sunday. (with AFP)"
    assert {f.code for f in paragraph_findings(text, frozenset({"MT302"}))} == {"MT302"}


@pytest.mark.parametrize("text", [
    "Plain ASCII words, and-hyphens 3rd x", "naïve café—straße «ok» ’tis", "日本語 text Ωmega ٣٤", "a\ud800b c\udcffd"])
def test_words_in_splits_as_the_regex_does(text):
    assert words_in(text) == frozenset(WORD_RE.findall(text))
