"""Which paragraph rules can fire on a paragraph, asked once for all of them.

Every paragraph rule opens with a gate: a character, a word or a short pattern without
which it finds nothing, and most paragraphs pass no gate. Calling twenty rules to hear each
say no cost more than the rules' real work, so :func:`possible_codes` asks the gates
together, more cheaply than the rules ask their own: set operations with the words that
some rule needs, and substring tests on a copy with each ASCII letter and digit replaced by
its class (``theNorth`` is ``aaaAaaaa``), where "a lower-case letter then a capital" is
``"aA" in``. A code left out is one whose rule would have found
nothing; a code kept may still find nothing. ``tests/findings/test_prefilter.py`` checks
that the rules find the same with and without this on examples of every rule.
"""

from __future__ import annotations

import re
from functools import lru_cache

from mtdetect.findings.boilerplate import ALSO_WORDS, BYLINES, TEASER_WORDS
from mtdetect.findings.formats import AMBIGUOUS_MONTHS as MONTHS_BY_DAY
from mtdetect.findings.formats import DIGIT_FORMAT_CLUE_RE, LOWERCASE_NAMES, MONTH_WORDS
from mtdetect.findings.glued import fused_pair
from mtdetect.findings.lexical import SUBJECT_WORDS, known_words, phrase_keys, untranslated_language, words_in
from mtdetect.findings.names import first_words

# Lower-case ASCII letters read 'a', capitals 'A', digits '0', the marks French typography spaces
# (? ! : ;) '?'; every other byte of the UTF-8 text stays itself (a non-ASCII character's bytes
# are all above 127, so they never read as a class).
_CLASS_OF = {**dict.fromkeys("abcdefghijklmnopqrstuvwxyz", "a"), **dict.fromkeys("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "A"),
             **dict.fromkeys("0123456789", "0"), **dict.fromkeys("?!:;", "?")}
CLASSES = bytes(ord(_CLASS_OF.get(chr(byte), chr(byte))) for byte in range(128)) + bytes(range(128, 256))
# Marks only a non-ASCII paragraph holds, without which these rules find nothing (MT102 needs
# one that opens or closes a mismatched pair).
QUOTE_MARKS = {"MT101": "«‹", "MT102": "«„»", "MT104": "«“", "MT105": "„‚"}
NO_BREAK_SPACES = "\u00a0\u202f"
OTHER_DIGIT_RE = re.compile(r"[^\x00-\x7f](?<=\d)")  # a digit of another script: the rules' \d reads it
DIGIT_CODES = frozenset("MT106 MT402 MT404 MT405".split())
# Every paragraph rule, by what its gate reads: characters, or words (MT401, MT403 and MT404 a digit too).
CHARACTER_CODES = frozenset("MT101 MT102 MT103 MT104 MT105 MT106 MT201 MT203 MT402 MT404 MT405 MT502".split())
WORD_CODES = frozenset("MT202 MT301 MT302 MT401 MT403 MT404 MT501 MT503 MT504 MT702".split())
AMBIGUOUS_MONTHS = frozenset(MONTHS_BY_DAY.split("|"))  # MT401 counts them only beside a day number


def _typography_codes(classes: str) -> set[str]:
    """Those of MT103, MT201 and MT203 whose gates' ASCII characters stand in the text.

    MT103 needs a space before ? ! : or ;, MT201 a lower-case letter before a capital, MT203
    a lower-case letter, a sentence mark and a capital.
    """
    codes = set()
    if "?" in classes and " ?" in classes:
        codes.add("MT103")
    if "aA" in classes:
        codes.add("MT201")
    if "a.A" in classes or "?" in classes and "a?A" in classes:
        codes.add("MT203")
    return codes


def _digit_codes(text: str, classes: str) -> set[str]:
    """Of the rules that need a digit, those whose ASCII context stands in the text.

    MT106 a space and %, MT402 a comma between digits, MT404 its own clue, MT405 a space
    and three digits.
    """
    codes = set()
    if "%" in classes and " %" in classes:
        codes.add("MT106")
    if "," in classes and "0,0" in classes:
        codes.add("MT402")
    if DIGIT_FORMAT_CLUE_RE.search(text):
        codes.add("MT404")
    if "0 000" in classes:
        codes.add("MT405")
    return codes


def _non_ascii_codes(text: str) -> tuple[set[str], bool]:
    """The codes a non-ASCII paragraph may add, and whether it holds a digit of another script.

    Guillemets and low or curly quotes open the quotation rules, any character MT502 (its own
    gate looks for a script); a no-break space may stand where the other tests expect a space,
    a digit of another script where they expect 0-9, so each keeps the rules that read them.
    """
    codes = {code for code, marks in QUOTE_MARKS.items() if any(mark in text for mark in marks)}
    codes.add("MT502")
    if any(space in text for space in NO_BREAK_SPACES):
        codes |= {"MT103", "MT106", "MT405"}
    other_digits = OTHER_DIGIT_RE.search(text) is not None
    if other_digits:
        codes |= DIGIT_CODES
    return codes, other_digits


def _keyed(groups: list[tuple[str, frozenset[str]]]) -> dict[str, frozenset[str]]:
    """Word -> the codes of the groups that hold it."""
    keyed: dict[str, set[str]] = {}
    for code, words in groups:
        for word in words:
            keyed.setdefault(word, set()).add(code)
    return {word: frozenset(codes) for word, codes in keyed.items()}


@lru_cache(maxsize=1)
def _triggers() -> dict[str, frozenset[str]]:
    """Word -> the codes whose gate it opens (MT301, MT302, MT401's unambiguous names, MT503, MT504, MT702).

    A rule that needs a word from each of several groups is keyed by one group and asks
    for the others itself.
    """
    return _keyed([("MT301", TEASER_WORDS | ALSO_WORDS), *(("MT302", needs[-1]) for needs, _ in BYLINES),
                   ("MT401", LOWERCASE_NAMES - AMBIGUOUS_MONTHS), ("MT503", phrase_keys()),
                   ("MT504", SUBJECT_WORDS), ("MT702", first_words())])


# Word -> the codes it opens when the paragraph holds a digit, as each of their patterns needs:
# MT401's may, march and august ('27 march'), MT403's thousand, MT404's foreign months.
DIGIT_TRIGGERS = _keyed([("MT401", AMBIGUOUS_MONTHS), ("MT403", frozenset({"thousand"})),
                         ("MT404", MONTH_WORDS)])


@lru_cache(maxsize=1)
def _plain_words() -> frozenset[str]:
    """The known English words that open no gate.

    Taken from a paragraph's words in one set difference, they leave a handful: its rare words
    (:func:`~mtdetect.findings.lexical.rare_words_in`) and its trigger words.
    """
    return known_words().difference(_triggers(), DIGIT_TRIGGERS)


def possible_codes(text: str) -> set[str]:
    """The paragraph rules that may find something in ``text``: a superset of those that do."""
    classes = text.encode(errors="surrogatepass").translate(CLASSES).decode("latin-1")
    codes = _typography_codes(classes)
    digits = "0" in classes
    if not text.isascii():
        other, other_digits = _non_ascii_codes(text)
        codes |= other
        digits = digits or other_digits
    if digits:
        codes |= _digit_codes(text, classes)
    rest = words_in(text) - _plain_words()
    triggers = _triggers()
    for word in rest & triggers.keys():
        codes |= triggers[word]
    if digits:
        for word in rest & DIGIT_TRIGGERS.keys():
            codes |= DIGIT_TRIGGERS[word]
    rare = rest - known_words()
    if any(map(fused_pair, rare)):
        codes.add("MT202")
    if any(map(untranslated_language, rare)):
        codes.add("MT501")
    return codes
