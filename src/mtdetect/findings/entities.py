"""Find capitalised name tokens and tell whether they open a sentence.

Shared by the name mangler (which plants spelling variants) and the entity
drift detector (which finds them), so both agree on what a name is. Imports
nothing heavy: the detector runs at scoring time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mtdetect.inputs.twins import TwinPattern

from mtdetect._compiled import ngrams_function

# The same spans, found in C (mtdetect/_ngrams.c) (None without a compiler)
_compiled_name_spans = ngrams_function("name_spans")

# A word of two or more letters not opening in ASCII lower case (the cheap half of
# :func:`is_capitalised`, so the lower-case majority of words never leaves the regex engine),
# with an optional possessive ending kept out of the name itself.
NAME_CANDIDATE_RE = TwinPattern.compile(r"(?<![\w'’])([^\W\d_a-z][^\W\d_]+)(?:['’]s?)?(?!\w)",
                                        r"(?<![A-Za-z0-9_'’])([A-Z][A-Za-z]+)(?:['’]s?)?(?![A-Za-z0-9_])")
OPENERS = "\"'“‘«([{—–- "
SENTENCE_ENDS = ".!?…"
# Abbreviations whose full stop does not end a sentence ("Mr. Blinken").
TITLE_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st gen lt col capt sgt sen rep gov pres amb adm maj cmdr rev jr sr vs no mt ft".split()
)
# Words that stand before a name as a title: a shared one hints at the same person.
TITLE_WORDS = frozenset(
    """
    president minister secretary chancellor premier senator governor mayor general king queen prince princess
    lord lady sir dame judge justice chief inspector officer spokesman spokeswoman spokesperson professor doctor
    pope saint bishop archbishop cardinal father captain sergeant colonel major lieutenant commander admiral
    ambassador envoy director chairman chairwoman chair coach manager leader deputy vice foreign prime defence
    defense interior finance state congressman congresswoman representative sheikh emir ayatollah rabbi imam
    """.split()
) | TITLE_ABBREVIATIONS
LAST_WORD_RE = re.compile(r"(\w+)\.$")


@dataclass(frozen=True)
class NameToken:
    """A capitalised word (possessive ending excluded) and where it stands."""

    text: str
    start: int
    end: int
    sentence_initial: bool


def is_sentence_start(text: str, start: int) -> bool:
    """True when only openers (quotes, brackets) stand between ``start`` and the last sentence end."""
    end = start - 1  # walk back over openers without copying the text before them
    while end >= 0 and text[end] in OPENERS:
        end -= 1
    if end < 0 or text[end] == "\n":
        return True
    if text[end] not in SENTENCE_ENDS:
        return False
    last = LAST_WORD_RE.search(text[max(0, end - 11) : end + 1])
    return not (last and (last.group(1).lower() in TITLE_ABBREVIATIONS or len(last.group(1)) == 1))


def is_capitalised(word: str) -> bool:
    """True for ``Blinken`` and ``McDonald``, false for ``NATO``, ``blinken`` and ``I``."""
    return len(word) > 1 and word[0].isupper() and not word.isupper()


def name_spans(text: str) -> list[tuple[str, int, int]]:
    """``(word, start, end)`` of each capitalised word of ``text``: :func:`name_tokens` without the sentence test."""
    if _compiled_name_spans is not None:
        return _compiled_name_spans(text)
    return python_name_spans(text)


def python_name_spans(text: str) -> list[tuple[str, int, int]]:
    """:func:`name_spans` by :data:`NAME_CANDIDATE_RE` (the reference for the compiled scan)."""
    return [(word, *m.span(1)) for m in NAME_CANDIDATE_RE.finditer(text) if is_capitalised(word := m.group(1))]


def name_tokens(text: str) -> list[NameToken]:
    """Capitalised words of ``text`` in order, possessive endings (``'s``, ``’``) dropped.

    >>> [(t.text, t.sentence_initial) for t in name_tokens("Today Blinken's aide met NATO. Mr. Kuleba-Smith left.")]
    [('Today', True), ('Blinken', False), ('Mr', True), ('Kuleba', False), ('Smith', False)]
    """
    return [NameToken(word, start, end, is_sentence_start(text, start)) for word, start, end in name_spans(text)]
