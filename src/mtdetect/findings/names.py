"""Names (MT702): a place or person named in the form of the source language.

A translation engine, or a spinner run over a half-translated text, sometimes leaves a
name as the source wrote it: "Pékin" for Beijing, "Londra" for London, "Vladimir Poutine"
for Vladimir Putin. English has its own form of each listed name and essentially never
uses these (``mtdetect/data/foreign_names.tsv``). A name inside a quotation that is itself
mostly foreign, or in a paragraph a quarter or more foreign, is a quotation, not a leak.
(MT701, one name spelled two ways, is in :mod:`mtdetect.findings.document`.)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources

from mtdetect.findings.catalogue import Finding, paragraph_rule, quote
from mtdetect.findings.lexical import foreign_quotations, mostly_foreign, words_in


@lru_cache(maxsize=1)
def _names() -> tuple[dict[str, tuple[str, str]], frozenset[str], re.Pattern[str]]:
    """Foreign form -> (English form, languages); the first words of the forms; one pattern for all."""
    table: dict[str, tuple[str, str]] = {}
    lines = resources.files("mtdetect").joinpath("data/foreign_names.tsv").read_text(encoding="utf-8")
    for line in lines.splitlines()[1:]:
        foreign, english, languages = line.split("\t")
        table[foreign] = (english, languages)
    firsts = frozenset(re.split(r"[\s-]", form)[0] for form in table)
    alternatives = "|".join(re.escape(form) for form in sorted(table, key=len, reverse=True))
    return table, firsts, re.compile(rf"(?<![^\W\d_])(?:{alternatives})(?![^\W\d_])")


def first_words() -> frozenset[str]:
    """The first words of the listed foreign forms: a paragraph with none of them names none."""
    return _names()[1]


@paragraph_rule(
    "MT702", "foreign-name-form",
    summary="A place or person named in a source language's form where English has its own ('Pékin', 'Londra').",
    rationale=("Engines and half-translating pipelines leave names as the source wrote them: 'Pékin' for "
               "Beijing, 'Stati Uniti' for the United States, 'Vladimir Poutine' for Vladimir Putin. Only forms "
               "that English essentially never uses are listed (mtdetect/data/foreign_names.tsv); a name "
               "inside a foreign quotation or a mostly foreign paragraph is a quotation, not a leak."),
    example="The minister travelled to Pékin on Monday to meet his counterpart.",
)
def foreign_name_form(text: str) -> Iterator[Finding]:
    """Yield each listed foreign form of a name, naming the English form."""
    table, firsts, pattern = _names()
    if not words_in(text) & firsts or mostly_foreign(text):
        return
    quoted = foreign_quotations(text)
    for match in pattern.finditer(text):
        start, end = match.span()
        if any(q_start <= start and end <= q_end for q_start, q_end in quoted):
            continue
        english, languages = table[match.group()]
        yield Finding("MT702", start, end, f"{quote(text, start, end)!r} is the {languages} form of "
                                           f"{english!r}, not the English one")
