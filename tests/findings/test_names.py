"""MT702: a place or person named in a source language's form."""

from __future__ import annotations

import pytest

from mtdetect.findings.names import foreign_name_form

BODY = "The minister said on Monday that the talks with the unions would resume next week in {}, officials said."


@pytest.mark.parametrize(("name", "english"), [
    ("Pékin", "Beijing"), ("Londra", "London"), ("Stati Uniti", "United States"), ("Royaume-Uni", "United Kingdom"),
    ("Moskau", "Moscow"), ("Vladimir Poutine", "Vladimir Putin"),
])
def test_a_source_language_form_is_found_with_its_english_form(name: str, english: str) -> None:
    text = BODY.format(name)
    [found] = foreign_name_form(text)
    assert found.code == "MT702" and text[found.start:found.end] == name
    assert f"'{name}'" in found.reason and f"'{english}'" in found.reason


@pytest.mark.parametrize("text", [
    BODY.format("Beijing"), BODY.format("Kiev"), BODY.format("Vienne"), BODY.format("Florence"),
    BODY.format("Pékingese"),  # not a whole word
    "Le Monde wrote: « Les États-Unis et la Russie ne sont pas d'accord », the paper said in its editorial today.",
    "Les États-Unis et la Russie ne sont pas d'accord sur la Syrie, a déclaré le ministre lundi.",
    "A poutine is a dish of chips, cheese curds and gravy from Quebec, served in every diner in Montreal.",
])
def test_english_forms_foreign_quotations_and_look_alikes_are_not_found(text: str) -> None:
    assert list(foreign_name_form(text)) == []
