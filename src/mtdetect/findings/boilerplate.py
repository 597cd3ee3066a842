"""Boilerplate (MT3xx): a source site's teasers, bylines and credits, translated word for word.

Content farms translate whole pages, navigation included: "À voir aussi" becomes
"To see also", "Avec AFP" becomes "With AFP", "Publié le 27/01/2023 à 10h30"
becomes "Published on 27/01/2023 at 10h30". English sites have their own forms
("See also", "(Reuters) -", "Photo: AP"), which are not counted. Every pattern is
anchored where boilerplate stands: at the start of a line, or right after a
sentence when a flattened page joined the lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from mtdetect.findings.catalogue import Finding, paragraph_rule, quote
from mtdetect.findings.lexical import words_in

BULLETS = " \t>»►•*|–—-"
LINE_START = rf"(?:^|(?<=[.!?»”\"]\s))[{BULLETS}]*"
TAIL = r"(?=\s*(?:$|\n|[:|–—»>-]))"  # the phrase ends its line or introduces a headline

# MT301 teaser-line ---------------------------------------------------------------------------

# Never English anywhere: literal translations and the untranslated originals.
TEASERS = (
    r"(?:to )?see (?:also )?(?:in|on) video", r"to see (?:also|too)", r"(?:to )?(?:re)?read (?:also|too)",
    r"to \(re\)read", r"\(re\)read", r"to reread", r"also to (?:read|see|discover)",
    r"(?:to )?(?:watch|discover|listen) (?:also|too)", r"(?:it )?may interest you",
    r"(?:you )?(?:may|might) be interested\s*:",
    r"(?:à|a) (?:voir|lire|découvrir|écouter|suivre) (?:aussi|également|en vidéo)", r"(?:lire|voir) aussi",
    r"leggi anche", r"guarda anche", r"potrebbe interessarti", r"ti potrebbe interessare",
    r"(?:lee|lea) también", r"te puede interesar", r"(?:leia|veja) também", r"lesen sie auch",
    r"читайте также", r"смотрите также",
)
# English only as a whole line, or before a colon or dash: 'To discover: ...' is a teaser,
# 'To discover the truth, he ...' is English.
SHAPED_TEASERS = (r"to discover", r"find (?:the|this|our) (?:full )?article")
TEASER_RE = re.compile(
    rf"{LINE_START}(?P<phrase>(?:{'|'.join(TEASERS)})\b|(?:{'|'.join(SHAPED_TEASERS)}){TAIL})",
    re.IGNORECASE | re.MULTILINE,
)


def _any_case(words: str) -> frozenset[str]:
    """The words as written, capitalised and in capitals: the forms a heading may take."""
    return frozenset(form for word in words.split() for form in (word, word.capitalize(), word.upper()))


# Every teaser holds one of these words, or 'also'/'too' with a verb of reading or seeing: most
# paragraphs hold none and skip the pattern.
TEASER_WORDS = _any_case("""
    video vidéo re reread interest interested discover article aussi également anche interessarti
    interessare interesar también também auch также
""")
ALSO_WORDS = _any_case("also too")
SEEING_WORDS = _any_case("read see watch listen discover")


@paragraph_rule(
    "MT301", "teaser-line",
    summary="A translated 'see also' or video teaser pasted into the article ('To see in video', 'Read also').",
    rationale=("Romance, German and Russian news sites break articles with related-link lines (À voir "
               "aussi, Leggi anche, Lee también, Lesen Sie auch, Читайте также) that engines translate "
               "word for word. Only literal forms count: English 'See also' headings (technical docs), "
               "'Also read' (Indian English news), 'In video:' (like 'In pictures:') and 'Click here to "
               "see' are native; 'To discover' and 'Find the article' count only as a line of their own "
               "or before a colon or dash."),
    example="The talks ended without agreement.\nTo see also: the minister's full interview",
)
def teaser_line(text: str) -> Iterator[Finding]:
    """Yield each literally translated teaser or related-link line."""
    words = words_in(text)
    if TEASER_WORDS.isdisjoint(words) and (ALSO_WORDS.isdisjoint(words) or SEEING_WORDS.isdisjoint(words)):
        return
    for match in TEASER_RE.finditer(text):
        start, end = match.span("phrase")
        yield Finding("MT301", start, end, f"literally translated teaser: {quote(text, start, end)!r}")


# MT302 translated-byline ---------------------------------------------------------------------

AGENCIES = (r"AFP|AP|ANSA|ATS|Belga|dpa|EFE|Europa Press|Interfax|Kyodo|Lusa|Reuters|RIA Novosti|TASS|"
            r"Xinhua|Yonhap|agencies")
DAY_FIRST_DATE = r"(?:0?[1-9]|[12]\d|3[01])[./-](?:0?[1-9]|1[0-2])[./-](?:\d{4}|\d{2})"
TIME = r"(?:[01]?\d|2[0-3])(?::[0-5]\d|h(?:[0-5]\d)?)\b(?!\s*[ap]\.?m\b)"
FRENCH_HOUR = r"(?:[01]?\d|2[0-3])h(?:[0-5]\d)?\b"
STAMP = r"(?:published|updated|posted|modified|last update)"
WITH_AGENCY = rf"with (?:{AGENCIES})(?:\s+and\s+(?:{AGENCIES}))?"


def _byline(*alternatives: str) -> re.Pattern[str]:
    return re.compile("|".join(alternatives), re.IGNORECASE | re.MULTILINE)


# Each byline pattern with the word groups it needs (one word of each): a paragraph missing one
# skips the pattern.
BYLINES: tuple[tuple[tuple[frozenset[str], ...], re.Pattern[str]], ...] = (
    ((_any_case("with"), _any_case(AGENCIES.replace("|", " "))), _byline(
        rf"[(\[]\s*{WITH_AGENCY}\s*[)\]]",
        rf"{LINE_START}(?:(?:the )?editorial staff )?{WITH_AGENCY}\s*\.?(?=\s*(?:$|\n))")),
    ((_any_case("editorial"), _any_case("staff")), _byline(
        rf"{LINE_START}(?:the )?editorial staff\s*\.?(?=\s*(?:$|\n))")),
    ((_any_case("reproduction"), _any_case("reserved")), _byline(
        r"\b(?:all )?(?:rights of )?reproduction (?:rights )?(?:is |are )?(?:strictly )?reserved\b")),
    ((_any_case("credit credits"), _any_case("photo photos picture pictures")), _byline(
        rf"{LINE_START}credits? (?:photos?|pictures?)\s*:", r"\bphotos? credits?[\u00a0\u202f ]+:")),
    ((_any_case("our"), _any_case("envoy envoys correspondent correspondents")), _byline(
        rf"{LINE_START}(?:of our (?:special )?(?:correspondents?|envoys?)|(?:from|by) our special envoys?)"
        r"(?=\s+(?:in|to|at)\s+[A-Z]|\s*(?:$|\n|,))")),
    ((_any_case("published updated posted modified update"),), _byline(
        rf"\b{STAMP}\s+(?:on\s+(?:the\s+)?|the\s+){DAY_FIRST_DATE}\s*(?:at|à|to)\s+{TIME}",
        rf"\b{STAMP}\b[^\n]{{0,20}}?{DAY_FIRST_DATE}[^\n]{{0,10}}?\b{FRENCH_HOUR}")),
)


@paragraph_rule(
    "MT302", "translated-byline",
    summary="A byline or credit translated word for word ('With AFP', 'All reproduction reserved').",
    rationale=("French and other European sites sign articles 'Avec AFP', 'La rédaction', 'Tous droits de "
               "reproduction réservés', 'Crédit photo :', 'De notre envoyé spécial à', 'Publié le "
               "27/01/2023 à 10h30'; engines translate them literally. Native credits ('(Reuters) -', "
               "'Photo: AP', 'All rights reserved', 'Published January 27, 2023 at 10:30 a.m.') are not "
               "counted, nor is 'By/From our correspondent in', which South Asian and British papers "
               "print natively; a date with a.m./p.m. is taken as English."),
    example="The minister resigned on Tuesday evening. (with AFP)",
)
def translated_byline(text: str) -> Iterator[Finding]:
    """Yield each literally translated byline, credit or publication stamp."""
    words = words_in(text)
    spans = sorted(match.span() for needs, pattern in BYLINES
                   if not any(group.isdisjoint(words) for group in needs) for match in pattern.finditer(text))
    for start, end in spans:
        while start < end and text[start] in BULLETS:
            start += 1
        yield Finding("MT302", start, end, f"literally translated byline: {quote(text, start, end)!r}")
