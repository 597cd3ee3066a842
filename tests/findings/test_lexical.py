"""MT5xx word rules, the shared word knowledge, the tortured-phrase table and the whole registry."""

from __future__ import annotations

from importlib import resources

import pytest

from mtdetect.findings import boilerplate, formats, glued, lexical, typography
from mtdetect.findings.catalogue import PARAGRAPH_CHECKS, RULES

FAMILY_MODULES = (typography, glued, boilerplate, formats, lexical)


def spans(check, text: str) -> list[str]:
    """The text of each finding, after checking that its reason quotes it."""
    found = list(check(text))
    assert all(f.paragraph == -1 and " ".join(text[f.start:f.end].split()) in f.reason for f in found)
    return [text[f.start:f.end] for f in found]


@pytest.mark.parametrize(("text", "expected"), [
    ("The minister said that the reform was necessary selon the government.", ["selon"]),
    ("The team played well anche in the second half.", ["anche"]),
    ("Prices rose, también in the north of the country.", ["también"]),
])
def test_untranslated_word_fires(text, expected):
    assert spans(lexical.untranslated_word, text) == expected


@pytest.mark.parametrize("text", [
    "Le Monde wrote: « La France est en deuil. »",
    'The paper quoted him: "Nous sommes aussi très inquiets pour la suite."',
    "It was the coup de grâce for a government already on its knees.",
    "Run sudo, then regexp and printf; see nbsp etc.",
    "He told the Corriere dello Sport that he would stay.",
    "Read lemonde.fr/societe/article/selon-nous for details.",
    "The WSGI environ dict and the DNS resolver config.",
    "La France est en deuil après la mort du président, selon le gouvernement.",
    "To see in video",
])
def test_untranslated_word_quiet_on_quotations_loans_and_code(text):
    assert spans(lexical.untranslated_word, text) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("The spokesman said the talks were 非常成功的会谈 and would resume next week.", ["非常成功的会谈"]),
    ("The statement ended with Слава нашим героям навеки and nothing more.", ["Слава нашим героям навеки"]),
])
def test_foreign_script_fires(text, expected):
    assert spans(lexical.foreign_script, text) == expected


@pytest.mark.parametrize("text", [
    "The capital Kyiv (Київ) is large and old.",
    "The crowd chanted “Слава Україні, героям слава” outside the embassy.",
    "The wire has a resistance of 5 Ω and a length of 3 μm.",
    "Patch by Михаил Козачков and 唐鳳.",
    "这是一个完全用中文写的段落，没有英文。",
    '>>> print("日本語のテキスト")',
])
def test_foreign_script_quiet(text):
    assert spans(lexical.foreign_script, text) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("Advances in counterfeit consciousness changed the field.", ["counterfeit consciousness"]),
    ("Screening for bosom peril saves lives.", ["bosom peril"]),
    ("Tools for colossal information and irregular woodland models.", ["colossal information", "irregular woodland"]),
    ("The debate on local weather change in the joined together states.", ["local weather change",
                                                                             "joined together states"]),
    ("The White Residence said the prime clergyman would attend.", ["prime clergyman", "White Residence"]),
    ("A press convention on human privileges.", ["press convention", "human privileges"]),
    ("We trained profound neural organizations.", ["profound neural organizations"]),
])
def test_tortured_phrase_fires(text, expected):
    assert sorted(spans(lexical.tortured_phrase, text)) == sorted(expected)


def test_tortured_phrase_reason_names_the_original():
    (finding,) = lexical.tortured_phrase("Officials at the White Residence declined.")
    assert finding.reason == "'White Residence' looks like a spinner's swap for 'White House'"


@pytest.mark.parametrize("text", [
    "Advances in artificial intelligence and deep learning changed the field.",
    "They bought a white residence near the lake.",
    "A top minister resigned after a profound learning experience.",
])
def test_tortured_phrase_quiet(text):
    assert spans(lexical.tortured_phrase, text) == []


def test_tortured_phrase_table_is_sorted_documented_and_large():
    table = resources.files("mtdetect").joinpath("data", "tortured_phrases.tsv").read_text(encoding="utf-8")
    header, *rows = table.splitlines()
    pairs = [row.split("\t") for row in rows]
    phrases = [phrase for phrase, _ in pairs]
    assert header.startswith("# ") and "Cabanac" in header
    assert all(len(pair) == 2 and all(pair) for pair in pairs)
    assert phrases == sorted(phrases, key=str.lower) and len(set(phrases)) == len(phrases) >= 60


@pytest.mark.parametrize("phrase", sorted(lexical.tortured_phrases()))
def test_every_tortured_phrase_fires_on_itself(phrase):
    assert spans(lexical.tortured_phrase, f"They discussed {phrase} at length.") == [phrase]


@pytest.mark.parametrize(("text", "expected"), [
    ("The European Commission announced that she will present a new plan.", ["she"]),
    ("The company announced that she will sell the plant.", ["she"]),
    ("Russia withdrew his troops from the border.", ["his"]),
    ("The government has confirmed he would raise taxes.", ["he"]),
    ("The Commission has presented her proposals to the member states.", ["her"]),
    ("The government defended his decision to raise taxes.", ["his"]),
])
def test_pronoun_gender_for_institution_fires(text, expected):
    assert spans(lexical.pronoun_gender_for_institution, text) == expected


@pytest.mark.parametrize("text", [
    "Merkel said the government would keep her promises.",
    "The minister said she will present a new plan.",
    "The company said its profits rose.",
    "Britain and her allies stood firm.",
    "Smith was fired. The company said he would appeal.",
    "The government spokeswoman said she will resign.",
    "The company hired a new chief executive, who said her plans would be ready soon.",
    "The party chose a new leader and she defended her position in the debate.",
])
def test_pronoun_gender_for_institution_quiet(text):
    assert spans(lexical.pronoun_gender_for_institution, text) == []


@pytest.mark.parametrize(("code", "check"), [
    ("MT501", lexical.untranslated_word), ("MT502", lexical.foreign_script),
    ("MT503", lexical.tortured_phrase), ("MT504", lexical.pronoun_gender_for_institution),
])
def test_each_example_fires_its_rule(code, check):
    assert {f.code for f in check(RULES[code].example)} == {code}


def test_every_rule_is_documented_and_codes_are_unique():
    codes = [code for code in RULES if code[:3] in {"MT1", "MT2", "MT3", "MT4", "MT5"}]
    assert len(codes) == len(set(codes)) >= 20
    for code in codes:
        rule = RULES[code]
        assert rule.name and rule.summary and rule.rationale and rule.example, code
        assert code in PARAGRAPH_CHECKS
    assert len({RULES[code].name for code in codes}) == len(codes)


@pytest.mark.parametrize("text", ["", " ", "\n\n", "1", "«", "„", "a.B"])
def test_every_rule_accepts_degenerate_text(text):
    for check in PARAGRAPH_CHECKS.values():
        assert isinstance(list(check(text)), list)


@pytest.mark.parametrize("word", ["the", "selon", "también", "straße", "Paris", "l'été", "まof", "naïve", "zxqv", "x"])
@pytest.mark.parametrize(("lang", "wordlist"), [("en", "best"), ("fr", "small"), ("de", "small"), ("es", "small")])
def test_zipf_reads_wordfreq_as_wordfreq_does(word, lang, wordlist):
    from wordfreq import zipf_frequency

    assert lexical.zipf(word, lang, wordlist) == zipf_frequency(word, lang, wordlist)
