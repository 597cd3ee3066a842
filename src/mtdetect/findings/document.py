"""Document rules: tells that only show across paragraphs (a repeated paragraph, a name spelled two ways)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence

from mtdetect.findings.drift import find_entity_drift
from mtdetect.findings.catalogue import Finding, document_rule, quote

MIN_REPEAT_WORDS = 20  # shorter repeats are headings, datelines, refrains, "Changed in version 3.4: ..." notes
LEAD_PARAGRAPHS = 2  # a repeat of one of the first paragraphs (the lead pasted again after a teaser) ...
NEAR = 2  # ... or of a paragraph at most this many before it (a block pasted twice) is the tell
WORD_RE = re.compile(r"\w+")


@document_rule(
    "MT601", "repeated-paragraph",
    summary="a paragraph repeated, word for word, later in the same article",
    rationale="Scraping and republishing pipelines paste a paragraph twice: the lead again after a "
              "teaser, a block translated twice in a row. Writers and editors rarely repeat a whole "
              "paragraph of twenty words or more. Reference manuals do repeat parameter descriptions "
              "and version notes far apart, so only a repeat of the first two paragraphs or of one of "
              "the two paragraphs just before counts.",
    example="The minister said the talks would resume on Monday. [...] The minister said the talks "
            "would resume on Monday.",
)
def repeated_paragraphs(paragraphs: Sequence[str]) -> Iterator[Finding]:
    """Each paragraph of at least twenty words repeating, word for word, the lead or a paragraph just before.

    Words are compared lower-cased, without punctuation: a pasted copy, not a reworded one
    (reference manuals repeat near-identical items, "dst(self)" beside "dst(None)").
    """
    first_seen: dict[str, int] = {}
    for index, text in _possible_repeats(paragraphs):
        words = WORD_RE.findall(text.lower())
        if len(words) < MIN_REPEAT_WORDS:
            continue
        earlier = first_seen.setdefault(" ".join(words), index)
        if earlier != index and (earlier < LEAD_PARAGRAPHS or index - earlier <= NEAR):
            yield Finding("MT601", 0, len(text), f"paragraph repeats paragraph {earlier}: "
                          f"'{quote(text, 0, len(text), limit=50)}'", index)


def _possible_repeats(paragraphs: Sequence[str]) -> list[tuple[int, str]]:
    """The paragraphs (with their indexes) that share their :func:`_letter_counts` with another, in order.

    Splitting every paragraph into words took most of this rule's time. Paragraphs with the same
    words share their letter counts, so the others can neither repeat one nor be repeated.
    """
    counts = [_letter_counts(text) for text in paragraphs]
    seen = Counter(counts)
    return [(index, text) for index, (text, key) in enumerate(zip(paragraphs, counts)) if key and seen[key] > 1]


def _letter_counts(text: str) -> tuple[int, ...]:
    """How often ``e``, ``t``, ``a`` and ``o`` stand in the lower-cased text; ``()`` if too short for twenty words.

    Each of these letters stands in one of the lower-cased text's words, so two paragraphs with
    the same words count the same. Twenty words take at least 39 characters.
    """
    low = text.lower()
    if len(low) < 2 * MIN_REPEAT_WORDS - 1:
        return ()
    return low.count("e"), low.count("t"), low.count("a"), low.count("o")


@document_rule(
    "MT701", "name-spelled-two-ways",
    summary="one name spelled two ways in one article (Blinken / Blinker, Peskov / Pskov)",
    rationale="A writer keeps a name's spelling; a round trip through another language or script, "
              "or a name-mangling spinner, does not. Morphology (possessives, plurals, demonyms, "
              "CPython/Python, Licensees/Licenses) and pairs of ordinary words are ignored.",
    example="Secretary of State Antony Blinken [...] Blinker told reporters",
)
def entity_drift(paragraphs: Sequence[str]) -> Iterator[Finding]:
    """Each occurrence of a name's rarer spelling, quoting both spellings."""
    for drift in find_entity_drift(paragraphs):
        for paragraph, start, end in drift.spans:
            yield Finding("MT701", start, end, f"name spelled '{drift.variant}' here and "
                          f"'{drift.canonical}' elsewhere in the article", paragraph)
