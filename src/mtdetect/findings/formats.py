"""Number and date formats (MT4xx): continental conventions kept in English text.

Engines translate words but copy numbers and dates as they stand: a decimal comma
(3,5 million), a space between thousands (12 500 euros), "100 thousand", a
lower-case month ("27 march") or an untranslated one ("27 janvier"), an hour
written 15h30. Each pattern demands the context that makes it a number format
and not a list, a phone number, a version or a verb ("they may", "protesters
march").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

from mtdetect.findings.catalogue import Finding, paragraph_rule, quote
from mtdetect.findings.lexical import chunk_around, in_code_line, looks_like_code, words_in

SPACES = " \u00a0\u202f"
NUMBER_CODE_CHARS = frozenset("_/\\@#$^&*=<>|~`{}[]")  # '%', '+', digits and dots are at home in numbers


def _in_code(text: str, start: int, end: int) -> bool:
    """Whether the number at ``start:end`` sits in a code line or a chunk with code punctuation."""
    return not NUMBER_CODE_CHARS.isdisjoint(chunk_around(text, start, end)) or in_code_line(text, start)


# MT401 lowercase-day-or-month ---------------------------------------------------------------

UNAMBIGUOUS_NAMES = ("monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|april|june|"
                     "july|september|october|november|december")
AMBIGUOUS_MONTHS = "may|march|august"  # verbs and an adjective: only with a day number
ORDINAL = r"\d{1,2}(?:st|nd|rd|th)?"
DATE_FOLLOWER = r"(?=,? (?:19|20)\d\d\b|[,.;)]|\s*$| (?:the|at|in|on|and|to|from|when|after|before)\b)"
DAY_BEFORE = r"(?:(?<=\b\d )|(?<=\b[12]\d )|(?<=\b3[01] )|(?<=\d(?:st|nd|rd|th) ))"
DAY_AFTER = rf" {ORDINAL}(?:,? (?:19|20)\d\d\b|(?![\d,.]?\d)(?! ?(?:%|percent|per|times|[a-z]{{3,}})))"
LOWERCASE_NAME_RE = re.compile(
    rf"(?<![\w'’-])(?:{UNAMBIGUOUS_NAMES})(?![\w'’-])"
    rf"|{DAY_BEFORE}(?:{AMBIGUOUS_MONTHS}){DATE_FOLLOWER}"
    rf"|(?<![\w'’-])(?:{AMBIGUOUS_MONTHS})(?={DAY_AFTER})"
)
ENUMERATION = 3
LOWERCASE_NAMES = frozenset(f"{UNAMBIGUOUS_NAMES}|{AMBIGUOUS_MONTHS}".split("|"))
CASUAL_RE = re.compile(r"(?:^|[\s(])i(?:['’]m|['’]ve|['’]ll|['’]d)?\s")
QUOTES = frozenset("\"'“”‘’`«»")


def _written_casually(text: str) -> bool:
    """Chat and social posts skip capitals throughout ('i'll call on monday'): no translation tell there."""
    return text[:1].islower() or bool(CASUAL_RE.search(text))


def _quoted_token(text: str, start: int, end: int) -> bool:
    return (start > 0 and text[start - 1] in QUOTES) or (end < len(text) and text[end] in QUOTES)


@paragraph_rule(
    "MT401", "lowercase-day-or-month",
    summary="A day or month name in lower case ('on monday', 'in january', '27 march').",
    rationale=("French, Italian, Spanish and Portuguese write days and months in lower case, and engines "
               "keep the case. 'may', 'march' and 'august' are also English words, so they count only next "
               "to a day number ('27 march', 'march 27'). Not counted: code and quoted tokens, lists of "
               "three names or more (documented values: 'one of: monday, tuesday, ...'), and paragraphs "
               "written casually throughout (a lower-case start or a lower-case 'i')."),
    example="The summit will take place on monday 27 march in Brussels.",
)
def lowercase_day_or_month(text: str) -> Iterator[Finding]:
    """Yield each lower-case day or month name (may, march, august only beside a day number)."""
    if LOWERCASE_NAMES.isdisjoint(words_in(text)) or _written_casually(text):
        return
    matches = list(LOWERCASE_NAME_RE.finditer(text))
    if len({match.group() for match in matches}) >= ENUMERATION:
        return  # 'must be one of: monday, tuesday, wednesday': a list of values in documentation
    for match in matches:
        start, end = match.span()
        if looks_like_code(text, start, end) or _quoted_token(text, start, end):
            continue
        yield Finding("MT401", start, end, f"lower-case day or month: {quote(text, start, end)!r}")


# MT402 decimal-comma ------------------------------------------------------------------------

MAGNITUDES = (r"%|percent|per cent|points?|million|millions|billion|billions|trillion|thousand|"
              r"euros?|dollars?|pounds|francs|roubles|rubles|yuan|yen|kroner|kronor|zlotys?|hryvnias?|"
              r"km|kilometres|kilometers|metres|meters|kg|kilos|tonnes|tons|litres|liters|degrees|°C?|"
              r"hours|times|years|months|inhabitants|residents")
# Opening with a digit class lets the regex engine skip to digits (a look-behind first is tried everywhere).
DECIMAL_COMMA_RE = re.compile(
    rf"\d(?<![\d,.]\d)(?<!\d, \d)\d{{0,2}},\d{{1,2}}(?![\d,])(?=[{SPACES}]?(?P<unit>{MAGNITUDES})(?!\w))")


@paragraph_rule(
    "MT402", "decimal-comma",
    summary="A continental decimal comma before a unit or magnitude ('3,5 million', '2,3%').",
    rationale=("Most of Europe writes decimals with a comma; English uses a point and keeps the comma for "
               "thousands (1,000; 3,500). One or two digits after the comma, followed by a unit, currency "
               "or magnitude, is a decimal. Bare pairs ('columns 1,2') are not counted: they may be lists."),
    example="The economy grew by 2,3% and exports reached 3,5 million tonnes.",
)
def decimal_comma(text: str) -> Iterator[Finding]:
    """Yield each number with one or two decimals after a comma, before a unit or magnitude."""
    if "," not in text:
        return
    for match in DECIMAL_COMMA_RE.finditer(text):
        start, end = match.span()
        if _in_code(text, start, end):
            continue
        yield Finding("MT402", start, end, f"decimal comma: {quote(text, start, match.end('unit'))!r}")


# MT403 thousand-as-word ---------------------------------------------------------------------

NOT_NOUNS = frozenset("a an and at by for from in into of on or the to than with".split())
THOUSAND_RE = re.compile(
    rf"(?<![\d.,])\d+(?:[.,]\d+)?[{SPACES}]+million[{SPACES}]+\d{{1,3}}[{SPACES}]+thousand\b"
    rf"|(?<![\d.,])\d+[{SPACES}]+thousand[{SPACES}]+\d{{1,3}}\b"
    rf"|(?<![\d.,])(?:\d{{2,3}}|\d+[.,]\d+)[{SPACES}]+thousand(?=[{SPACES}]+([a-z]+)\b)"
)


@paragraph_rule(
    "MT403", "thousand-as-word",
    summary="A digit number with the word 'thousand' ('100 thousand people', '2 million 500 thousand').",
    rationale=("Russian, Chinese, Italian and Spanish count in thousands ('100 тысяч', '10万') and engines "
               "write '100 thousand'; English news writes 100,000. Counted: 'N million M thousand', 'N "
               "thousand M', and two- or three-digit or decimal numbers before 'thousand' and a noun. English "
               "'thousands of', 'a few thousand', 'five thousand' and a single digit ('5 thousand') are "
               "not counted."),
    example="More than 100 thousand people took part in the protest.",
)
def thousand_as_word(text: str) -> Iterator[Finding]:
    """Yield each number written with digits and the word 'thousand'."""
    if "thousand" not in text:
        return
    for match in THOUSAND_RE.finditer(text):
        if match.group(1) and match.group(1) in NOT_NOUNS:
            continue
        start, end = match.span()
        yield Finding("MT403", start, end, f"'thousand' written out after digits: {quote(text, start, end)!r}")


# MT404 foreign-date --------------------------------------------------------------------------

FOREIGN_MONTHS = (
    "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|"  # fr
    "gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|dicembre|"  # it
    "enero|febrero|abril|mayo|junio|julio|septiembre|setiembre|octubre|noviembre|diciembre|"  # es
    "janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|dezembro|"  # pt
    "januari|februari|maart|mei|augustus|oktober"  # nl
)
GERMAN_MONTHS = "Januar|Februar|März|Mai|Juni|Juli|Oktober|Dezember"
FOREIGN_DATE_RE = re.compile(
    rf"(?<![\w.,])\d{{1,2}}(?:er|º|°)?\.?[{SPACES}]+(?:de[{SPACES}]+)?(?:{FOREIGN_MONTHS})(?![\w'’-])"
    rf"|(?<![\w.,])\d{{1,2}}\.?[{SPACES}]+(?:{GERMAN_MONTHS})(?![\w'’-])"
    r"|(?<![\w.])(?:0?[1-9]|[12]\d|3[01])\.(?:0?[1-9]|1[0-2])\.(?:19|20)\d\d(?![\w]|\.\d)"
    r"|(?<![\w.:])(?:[01]?\d|2[0-3])h[0-5]\d(?!\w)"
    rf"|\b(?:[Aa]t|from|until|before|after|around)[{SPACES}]+(?P<hour>(?:[01]?\d|2[0-3])[{SPACES}]?h)(?!\w)"
    rf"|(?<![\w.:])(?:[01]?\d|2[0-3])[{SPACES}]h[{SPACES}][0-5]\d(?!\w)"
)
MONTH_WORDS = frozenset(f"{FOREIGN_MONTHS}|{GERMAN_MONTHS}".split("|"))
DIGIT_FORMAT_CLUE_RE = re.compile(r"\d(?:\.\d\d?\.\d|[ \u00a0\u202f]?h(?![a-z]))")  # a dotted date or an hour


@paragraph_rule(
    "MT404", "foreign-date",
    summary="An untranslated month ('27 janvier', '15 de mayo', '12. März'), a dotted date or an hour like 15h30.",
    rationale=("Engines sometimes leave dates as the source wrote them: a French, Italian, Spanish, "
               "Portuguese, Dutch or German month name after a day number, a day-first dotted date "
               "(27.01.2023), or a French hour (15h30, 'at 10h'). Month names are counted only after a day "
               "number, so 'Mars' the planet and 'mayo' the sauce stay quiet; 'at 10h' needs the "
               "preposition, as '24h' alone is an English duration and '10h' a hexadecimal number."),
    example="The decree was signed on 27 janvier 2023 and takes effect at 15h30.",
)
def foreign_date(text: str) -> Iterator[Finding]:
    """Yield each date or hour written in a source language's format."""
    if MONTH_WORDS.isdisjoint(words_in(text)) and not DIGIT_FORMAT_CLUE_RE.search(text):
        return
    for match in FOREIGN_DATE_RE.finditer(text):
        start, end = match.span("hour") if match.group("hour") else match.span()
        if _in_code(text, start, end):
            continue
        yield Finding("MT404", start, end, f"date or time in a foreign format: {quote(text, start, end)!r}")


# MT405 space-thousands -----------------------------------------------------------------------

SPACE_THOUSANDS_RE = re.compile(
    rf"(?<![\d.,])(?<!\d[{SPACES}])(?P<number>\d{{1,3}}(?:[{SPACES}]\d{{3}})+)(?![\d.,]|[{SPACES}]\d)"
    rf"(?=[{SPACES}]?(?P<unit>[€$£%]|[a-z]{{3,}}\b))"
)
SPACE_DIGIT_RE = re.compile(rf"\d[{SPACES}]\d{{3}}")
GROUP_SPLIT_RE = re.compile(f"[{SPACES}]")


def _is_ascending_list(number: str) -> bool:
    """'128 256 512': three-digit numbers in ascending order are a list, not one number."""
    groups = GROUP_SPLIT_RE.split(number)
    return len(groups[0]) == 3 and all(int(a) < int(b) for a, b in pairwise(groups))


@paragraph_rule(
    "MT405", "space-thousands",
    summary="A space as thousands separator before a noun or currency ('12 500 euros').",
    rationale=("French, Russian, Polish and other languages group thousands with a (no-break) space; English "
               "uses a comma. The number must be followed by a word or currency: a phone number or a list "
               "of numbers is not. Ascending three-digit lists (128 256 512) and numbers right after "
               "another number are not counted."),
    example="The fine can reach 12 500 euros for each offence.",
)
def space_thousands(text: str) -> Iterator[Finding]:
    """Yield each number grouped by spaces and followed by a noun or currency."""
    if not SPACE_DIGIT_RE.search(text):
        return
    for match in SPACE_THOUSANDS_RE.finditer(text):
        start, end = match.span("number")
        if match.group("unit") in NOT_NOUNS or _is_ascending_list(match.group("number")):
            continue
        if not _in_code(text, start, end):
            yield Finding("MT405", start, end,
                          f"space as thousands separator: {quote(text, start, match.end('unit'))!r}")
