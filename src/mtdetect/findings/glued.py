"""Glued words (MT2xx): spaces lost between words or sentences by a broken pipeline.

Scrapers that strip markup, and engines that realign segments, drop the space
between two words ("theNorth", "ofthe") or two sentences ("end.The"). People make
such typos too, but rarely, and technical English is full of look-alikes that
are no typo at all: identifiers (getName, isinstance, os.Path), brands (iPhone,
eBay, easyJet), file names and URLs. Each rule therefore checks both halves
against the English word list and steps aside wherever code may be.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from functools import lru_cache

from mtdetect.findings.catalogue import Finding, paragraph_rule, quote
from mtdetect.findings.lexical import KNOWN_WORD, english_zipf, looks_like_code, rare_words_in

ENGLISH_WORD = 3.0  # Zipf at or above: a word (or name) English writers use

# MT201 glued-capitalised -------------------------------------------------------------------

GLUED_CAPS_RE = re.compile(r"(?<!\w)([a-z]{2,})([A-Z][a-z]+|[A-Z]{2,})(?!\w)")
# Clues open with the rarer character and look behind for the other: the regex engine skips to
# capitals (or to sentence marks) instead of trying every lower-case letter, twice as fast.
LOWER_UPPER_RE = re.compile(r"[A-Z](?<=[a-z].)")
TWO_LETTER_WORDS = frozenset("an as at be by do he in is it my no of on or so to up us we".split())
# After these function words a capitalised word or acronym is glued in any prose paragraph
# ('theNorth', 'ofNATO'); an acronym after another word is a product or a molecule (macOS, mRNA).
FUNCTION_HEADS = frozenset("the of in and for from with by at that".split())
# camelCase identifiers start with a verb or a type and end with a common part name.
CODE_HEADS = frozenset("""
    add all any array as assert auto base build calc call can check class close count create current data
    default del do empty find first get handle has host init int is item key last len list load log make map
    max min mock my new next node num obj on open page parse port post prev print read remove render run
    save select self set setup should show sort start stop str string sub tear test text this to type update
    use user val value var write
""".split())
CODE_PARTS = frozenset("""
    Args Array Attribute Body Box Buffer Button Callback Cell Class Code Color Column Component Config
    Container Context Controller Count Data Date Element End Error Event Factory Field File Frame Function
    Handler Header Height Icon Image Index Info Input Item Key Label Length Level Link List Listener Manager
    Map Message Method Mode Model Module Name Node Number Object Offset Options Output Page Panel Params Path
    Point Position Property Provider Range Reader Request Response Result Row Service Set Settings Size Source
    Start State Status Stream String Style Table Target Text Time Type Url Value View Width Window Writer
""".split())
# A sentence opener glued to the word before it is a lost sentence break, never an identifier.
OPENERS = frozenset("""
    According After Also An And As At But During For From He Her His However If In Its It Meanwhile On
    Our She Since The Their There These They This Those To We When While With
""".split())
NAME_PARTICLES = frozenset("abu al bin da das de del della den der di dos du el ibn la le mac mc ter ten van von"
                           .split())
BRANDS = frozenset("easyJet easyHotel eDreams hiQ iHeart ownCloud smartTV".split())
# Where identifiers live: calls, assignments, paths, markup, indented blocks, a quoted camelCase name.
CODE_PARAGRAPH_RE = re.compile(r"\w\(|\(\)|_|=|::|->|`|[{}$<>|#@*\\/]|^\s|\n\s|[‘'\"“]\w+[A-Z]\w*[’'\"”]")
CAMEL_RE = re.compile(r"\b[a-z]+[A-Z]")
PLAIN_PROSE_SPACES = 20


def _glued_capitalised(left: str, right: str) -> bool:
    """Whether ``left`` + ``right`` is an English word fused with a capitalised word or acronym."""
    if left in NAME_PARTICLES or left + right in BRANDS:
        return False
    if right.isupper():
        return left in FUNCTION_HEADS
    if len(right) < 3 and right not in OPENERS:
        return False
    if left in CODE_HEADS or right in CODE_PARTS:
        return False
    if len(left) == 2 and left not in TWO_LETTER_WORDS:
        return False
    return english_zipf(left) >= ENGLISH_WORD and english_zipf(right.lower()) >= ENGLISH_WORD


def _plain_prose(text: str) -> bool:
    """Twenty words or more and a single camelCase token: not identifier-laden documentation."""
    return len(CAMEL_RE.findall(text)) == 1 and text.count(" ") >= PLAIN_PROSE_SPACES


@paragraph_rule(
    "MT201", "glued-capitalised",
    summary="A lower-case English word fused to a capitalised word ('theNorth', 'policyNorth').",
    rationale=("A scraper or an engine that loses the space before a name or a heading fuses two words. "
               "Both halves must be English words (or a name). Not counted: brands and names (iPhone, eBay, "
               "McDonald, macOS, deGrasse), molecules (mRNA), identifiers (getName, toString, userName), "
               "and any paragraph with code punctuation, an indented line or a quoted camelCase name. "
               "A content word fused to a word that does not open sentences ('policyNorth') counts only "
               "in plain prose of 20+ words with no other camelCase token, since documentation writes "
               "identifiers of that shape (loggingSetting, tearDown) in running text."),
    example="Fighting resumed in theNorth of the country on Sunday.",
)
def glued_capitalised(text: str) -> Iterator[Finding]:
    """Yield each word+Capitalised fusion that is not a brand, a name or an identifier."""
    if not LOWER_UPPER_RE.search(text) or CODE_PARAGRAPH_RE.search(text):
        return
    for match in GLUED_CAPS_RE.finditer(text):
        left, right = match.groups()
        start, end = match.span()
        if not _glued_capitalised(left, right) or looks_like_code(text, start, end):
            continue
        if left in FUNCTION_HEADS or right in OPENERS or _plain_prose(text):
            yield Finding("MT201", start, end, f"words glued together: {quote(text, start, end)!r}")


# MT202 glued-lowercase ---------------------------------------------------------------------

LOWER_TOKEN_RE = re.compile(r"(?<![\w'’-])[a-z]{4,}(?![\w'’-])")
GLUE_WORDS = frozenset("""
    about after also and are as at be been but by for from had has have he in into is it not of on or over
    she than that the their then there they this to under was we were which who with
""".split())
# What a function word is fused to: a determiner ('ofthe', 'thatthere'), a verb after its subject
# ('itis'), 'be' after a modal ('willbe'). Pronouns like 'her' and 'an' are left out: 'washer',
# 'asher', 'hasan', 'anon' are words and names.
DETERMINERS = frozenset("the this that these those their its our his there".split())
SINGULAR_SUBJECTS = frozenset("it this that there he she which".split())
SINGULAR_VERBS = frozenset("is was has had will would".split())
PLURAL_SUBJECTS = frozenset("we they".split())
PLURAL_VERBS = frozenset("are were have had will would".split())
MODALS = frozenset("will would can could should must might has have had".split())
BE = frozenset({"be", "been"})
# Fusions that native writers type, or that name a tool or an identifier: not translation tells.
NATIVE_FUSIONS = frozenset("alot aswell atleast eachother infact inits ofcourse tobe whois".split())
FUSED_WITH_THE = 2.0  # Zipf below which 'the'+word is a fusion ('theworld' 1.87; 'thereto' is a word)


def _function_fusion(left: str, right: str) -> bool:
    return ((left in GLUE_WORDS and right in DETERMINERS) or (left in MODALS and right in BE)
            or (left in SINGULAR_SUBJECTS and right in SINGULAR_VERBS)
            or (left in PLURAL_SUBJECTS and right in PLURAL_VERBS))


def _fused_with_the(left: str, right: str) -> bool:
    if left == "the":
        return len(right) >= 4 and right not in GLUE_WORDS and english_zipf(right) >= 4.0
    return right == "the" and len(left) >= 4 and english_zipf(left) >= 4.0


@lru_cache(maxsize=1 << 16)
def fused_pair(token: str) -> tuple[str, str] | None:
    """The two words fused in ``token`` ('ofthe' -> ('of', 'the')), if it is such a fusion.

    Notes
    -----
    Either two function words that follow each other in English (:func:`_function_fusion`),
    or, in a token rarer still, 'the' fused to a frequent content word on either side
    ('thecompany', 'policythe'). The token must be rarer than a real word: compounds
    (into, within, username) and names are known to the word list ('ofthe' is 3.33 from
    web typos, 'washer' 3.34).
    """
    if len(token) < 4 or not (token.isascii() and token.islower()) or token in NATIVE_FUSIONS:
        return None
    zipf = english_zipf(token)
    if zipf >= KNOWN_WORD:  # a word in its own right ('ofthe' is 3.33: web typos)
        return None
    for cut in range(2, len(token) - 1):
        left, right = token[:cut], token[cut:]
        if _function_fusion(left, right) or (zipf < FUSED_WITH_THE and _fused_with_the(left, right)):
            return left, right
    return None


@paragraph_rule(
    "MT202", "glued-lowercase",
    summary="Two lower-case words fused into one unknown token ('ofthe', 'inthe', 'thatthere').",
    rationale=("The same lost space between two lower-case words. The token must be unknown to English "
               "(or known only as a web typo: 'ofthe' has Zipf 3.3) and split into two function words that "
               "follow each other in English (a preposition and a determiner, a subject and its verb, a "
               "modal and 'be'), or 'the' and a frequent word. Not counted: real words and names that split "
               "the same way (washer, hasan, thereto), compounds (into, username), common native fusions "
               "(alot, aswell, eachother, inits) and code contexts."),
    example="The decision was taken inthe capital on Monday.",
)
def glued_lowercase(text: str) -> Iterator[Finding]:
    """Yield each lower-case token made of two fused words."""
    if not any(map(fused_pair, rare_words_in(text))):
        return
    for match in LOWER_TOKEN_RE.finditer(text):
        pair = fused_pair(match.group())
        start, end = match.span()
        if pair and not looks_like_code(text, start, end):
            yield Finding("MT202", start, end,
                          f"words glued together: {quote(text, start, end)!r} ({pair[0]!r} + {pair[1]!r})")


# MT203 no-space-after-sentence --------------------------------------------------------------

SENTENCE_CLUE_RE = re.compile(r"[.!?](?<=[a-z].)[A-Z]")
GLUED_SENTENCE_RE = re.compile(r"(?<![\w.@/\\-])([a-z]{2,})([.!?])([A-Z][a-z]+)(?![\w.(@/\\=-])")
# 'email.Message', 'typing.Optional', 'self.Foo': a module or object, then a class.
MODULE_NAMES = frozenset(sys.stdlib_module_names) | frozenset(
    "bar baz cls django eggs flask foo ham np numpy pandas pd requests scipy self spam super tf torch".split())
DOMAIN_ENDINGS = frozenset("com org net gov edu info biz io co uk de fr".split())


def _glued_sentence(left: str, right: str) -> bool:
    if left in MODULE_NAMES or right.lower() in DOMAIN_ENDINGS or right.lower() == left:
        return False  # a module and its class ('thread.Thread'), a domain ('example.Com')
    return english_zipf(left) >= ENGLISH_WORD and english_zipf(right.lower()) >= ENGLISH_WORD


@paragraph_rule(
    "MT203", "no-space-after-sentence",
    summary="A sentence end glued to the next sentence ('end.The').",
    rationale=("Segments rejoined without their separating space leave 'end.The'. Both sides must be English "
               "words. Not counted: abbreviations (U.S., Ph.D., e.g.), domains and URLs (example.com), "
               "file names (README.md), a module and its class (os.Path, email.Message, thread.Thread, "
               "obj.Method()), and anything in a code line or a chunk with code punctuation."),
    example="Talks will resume next week.The minister did not comment.",
)
def no_space_after_sentence(text: str) -> Iterator[Finding]:
    """Yield each word.Word junction that is not a domain, an abbreviation or code."""
    if not SENTENCE_CLUE_RE.search(text):
        return
    for match in GLUED_SENTENCE_RE.finditer(text):
        start, end = match.span()
        if _glued_sentence(match.group(1), match.group(3)) and not looks_like_code(text, start, end):
            yield Finding("MT203", start, end, f"no space after sentence end: {quote(text, start, end)!r}")
