"""Words and phrasing (MT5xx): source-language words, scripts, spinner swaps and grammatical gender.

A translation pipeline leaks its source: a word the engine left as it was, a run
of Cyrillic it could not render, a masculine pronoun for a country that is
masculine in Italian. A synonym spinner leaves its own fingerprint, the
"tortured phrase" (Cabanac, Labbé & Magazinov 2021): a fixed expression whose
words were each swapped for a synonym ("counterfeit consciousness" for
"artificial intelligence").

The word knowledge the other families share (English and source-language
frequencies, code-like contexts, foreign quotations) lives here too, so that each
rule asks one cached question instead of keeping its own copy.
"""

from __future__ import annotations

import math
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources

from mtdetect.findings.catalogue import Finding, paragraph_rule, quote

SOURCE_LANGUAGES = ("fr", "it", "es", "pt", "de", "nl")
KNOWN_WORD = 3.4  # English Zipf at or above: a word in its own right, never a leak or a fusion
FOREIGN_COMMON = 4.0  # Zipf at or above: a common word of a source language
ENGLISH_RARE = 2.5  # Zipf at or below: too rare in English to be a loanword in use
FOREIGN_MARGIN = 2.5  # how much more common in the source language than in English

# Native English keeps these words although wordfreq finds them far more common abroad: set phrases
# (coup de grâce, joie de vivre, cause célèbre, en passant, no respecter of), currencies, toasts,
# and the terms of Unix and Python documentation (os.environ, DNS resolver, uids and gids).
LOANWORDS = frozenset("""
    accompli bête célèbre époque gesundheit grâce grazie idées laïcité legno mañana niente niña objet
    passant prego précis quoi reais rendez respecter rigueur rôle savoir scène será siècle sotto tête
    vivos vivre voce
""".split())
TECHNICAL_TERMS = frozenset("""
    dele depender doit environ exacto gids opname opnames quadro resolver riscos servent werkzeug
""".split())

# A token touching one of these, or sharing its whitespace-delimited chunk with one, is code,
# a path, a URL or an address: "self.getName()", "README.md", "user@example.org".
CODE_CHARS = frozenset("_/\\@#$%^&*=<>|~`{}[]+")
HYPHENS = frozenset("-\u2010\u2011\u00ad")


def chunk_around(text: str, start: int, end: int) -> str:
    """The whitespace-delimited stretch of ``text`` that holds ``text[start:end]``."""
    left = start
    while left > 0 and not text[left - 1].isspace():
        left -= 1
    right = end
    while right < len(text) and not text[right].isspace():
        right += 1
    return text[left:right]


def looks_like_code(text: str, start: int, end: int) -> bool:
    """Whether the token at ``start:end`` sits in code, a URL, a path, an address or a hyphenated word.

    Notes
    -----
    Technical documentation writes identifiers in running prose (``obj.getName()``,
    ``Net::servent``, ``$wert``) and examples in code lines (``>>> f("on monday")``);
    man pages hyphenate at line ends (``invita‐ tion``).
    A word glued to code punctuation is never a translation leak, so every word rule
    asks this first.
    """
    chunk = chunk_around(text, start, end)
    if not CODE_CHARS.isdisjoint(chunk) or "::" in chunk or "://" in chunk or in_code_line(text, start):
        return True
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    if before in HYPHENS or after in HYPHENS or after == "(" or before.isdigit() or after.isdigit():
        return True
    if before.isspace() and _continues_hyphenated_line(text, start):
        return True
    return (before == "." or after == ".") and _dotted(text, start, end)


# A line of code, a shell command or an interactive session: a call, an assignment, an option
# (-L, --name), a prompt (>>>), markup, a comment or an indented block.
CODE_LINE_RE = re.compile(
    r">>>|(?<!\w):[a-z]+:|\w\(|\(\)|=|::|->|`|[{}<>|\\]|\$(?!\d)|\w_\w|\s--?[A-Za-z]|^\s*#|(?<=\n)[ \t]+\S",
    re.MULTILINE,
)


def in_code_line(text: str, position: int) -> bool:
    """Whether the line of ``text`` holding ``position`` looks like code rather than prose."""
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    return CODE_LINE_RE.search(text, start, end if end >= 0 else len(text)) is not None


def _continues_hyphenated_line(text: str, start: int) -> bool:
    """The token is the second half of a word hyphenated at the end of the line before ('con‐\\nsent')."""
    before = text[max(0, start - 40):start]
    kept = before.rstrip()
    return kept[-1:] in HYPHENS and "\n" in before[len(kept):]


def _dotted(text: str, start: int, end: int) -> bool:
    """A dot joins the token to another word (``os.path``, ``www.site``), not a sentence end."""
    after_dot = text[end + 1:end + 2] if text[end:end + 1] == "." else ""
    before_dot = text[start - 2:start - 1] if start >= 2 and text[start - 1] == "." else ""
    return after_dot.isalnum() or before_dot.isalnum()


WORD_RE = re.compile(r"[^\W\d_]+")
# Each ASCII byte but a letter made a space; the bytes of other characters (all above 127 in UTF-8,
# lone surrogates included) kept. Split in C, the result gives the ASCII words whole (WORD_RE's
# letters are [A-Za-z] in ASCII) and leaves only the few tokens with other characters to the regex.
ASCII_NON_LETTERS_AS_SPACES = bytes(byte if byte > 127 or chr(byte).isalpha() else ord(" ") for byte in range(256))


@lru_cache(maxsize=4)
def words_in(text: str) -> frozenset[str]:
    """The distinct words of ``text`` (runs of letters, case kept), computed once per paragraph.

    Notes
    -----
    A regex scan costs microseconds per paragraph even when it finds nothing, and most
    rules find nothing in most paragraphs. So most rules first ask whether a word they
    need is in this set (a few set operations) and scan only if it is; the rules run
    one after another on the same text, which the cache keeps while they do. The words
    come from a split in C (:data:`ASCII_NON_LETTERS_AS_SPACES`), in a third of the time
    of a regex scan of the whole text.
    """
    tokens = text.encode(errors="surrogatepass").translate(ASCII_NON_LETTERS_AS_SPACES).decode(
        errors="surrogatepass").split()
    if text.isascii():
        return frozenset(tokens)
    words = {token for token in tokens if token.isascii()}
    words.update(WORD_RE.findall(" ".join(token for token in tokens if not token.isascii())))
    return frozenset(words)


@lru_cache(maxsize=1)
def known_words() -> frozenset[str]:
    """English words at :data:`KNOWN_WORD` or above, as written, capitalised and in capitals.

    wordfreq ranks its words by frequency, so they are a prefix of its ranked list, found
    by bisection (about 17,000 words; a fifth of a second, once).
    """
    from wordfreq import top_n_list

    ranked = top_n_list("en", 40_000)
    known = bisect_left(range(len(ranked)), True, key=lambda rank: english_zipf(ranked[rank]) < KNOWN_WORD)
    return frozenset(form for word in ranked[:known] for form in (word, word.capitalize(), word.upper()))


@lru_cache(maxsize=4)
def rare_words_in(text: str) -> frozenset[str]:
    """The words of ``text`` below :data:`KNOWN_WORD`: the only ones that may be leaks or fusions.

    A set difference in C leaves some ten words a paragraph for the word rules to look up.
    """
    return words_in(text) - known_words()


def zipf(word: str, lang: str, wordlist: str = "best") -> float:
    """wordfreq's ``zipf_frequency(word, lang, wordlist)``, read straight from its table for a plain word.

    wordfreq tokenises every word it is asked about; a word of lower-case Latin letters that
    case folding and NFC leave alone is its own single token, so its frequency is the table's entry,
    rounded as wordfreq rounds it (three significant digits, then hundredths of a Zipf unit).
    Any other word goes through wordfreq itself. Half of what the rules spent on a paragraph
    of new words was that tokenising (``tests/findings/test_lexical.py`` checks the equality).
    """
    from wordfreq import get_frequency_dict, zipf_frequency

    if not (word.isalpha() and max(word) < "\u0250" and word.casefold() == word
            and unicodedata.is_normalized("NFC", word)):
        return zipf_frequency(word, lang, wordlist)
    frequency = get_frequency_dict(lang, wordlist).get(word, 0.0)
    if frequency <= 0.0:
        return 0.0
    frequency = round(frequency, math.floor(-math.log(frequency, 10)) + 3)
    return round(math.log(frequency, 10) + 9, 2)


@lru_cache(maxsize=1 << 17)
def english_zipf(word: str) -> float:
    """Zipf frequency of ``word`` in English (wordfreq's large list; cached)."""
    return zipf(word, "en")


@lru_cache(maxsize=1 << 17)
def foreign_zipf(word: str) -> tuple[float, str]:
    """The highest Zipf frequency of ``word`` among :data:`SOURCE_LANGUAGES`, with that language.

    Notes
    -----
    wordfreq's *small* lists hold every word down to Zipf 3, enough for the cut-offs
    here, in about 4 MB a language instead of 30-60 MB for the large ones.
    """
    return max((zipf(word, lang, "small"), lang) for lang in SOURCE_LANGUAGES)


def leans_foreign(word: str) -> bool:
    """Whether a lower-cased word is clearly more at home in a source language than in English."""
    foreign, _ = foreign_zipf(word)
    return foreign >= 3.0 and foreign > english_zipf(word) + 0.5


def is_foreign_phrase(phrase: str) -> bool:
    """Whether a (quoted) phrase is in a source language rather than in English.

    Notes
    -----
    Each word votes for the language where it is more common (a capitalised word, which
    may be a name, only when it opens the phrase). A quotation whose foreign votes win
    is a foreign-language quotation: ``« La France est en deuil. »`` is quoted
    French, ``« very worrying »`` is English in French quotation marks.
    """
    foreign = english = 0
    for word in WORD_RE.findall(phrase):
        if word[0].isupper() and foreign + english:
            continue
        lowered = word.lower()
        if leans_foreign(lowered):
            foreign += 1
        elif english_zipf(lowered) >= 3.0:
            english += 1
    return foreign > english


QUOTATION_RE = re.compile(r"«([^«»]{1,400})»|“([^“”]{1,400})”|„([^„“”\"]{1,400})[“”\"]|\"([^\"]{1,400})\"")


def foreign_quotations(text: str) -> list[tuple[int, int]]:
    """The spans of the quotations in ``text`` whose words are mostly in a source language."""
    if not any(mark in text for mark in "\"«“„"):
        return []
    return [match.span() for match in QUOTATION_RE.finditer(text)
            if is_foreign_phrase(next(group for group in match.groups() if group is not None))]


# MT501 untranslated-word ------------------------------------------------------------------

CANDIDATE_RE = re.compile(r"(?<![^\W\d_])[^\W\d_A-Z]{4,}(?![^\W\d_])")
FOREIGN_PARAGRAPH_SHARE = 0.25
WORD_BEFORE_RE = re.compile(r"(\S+)\s+\Z")
WORD_AFTER_RE = re.compile(r"\s+(\S+)")


def _inside_name(text: str, start: int, end: int) -> bool:
    """A lower-case word between two capitalised ones is part of a name: 'Corriere dello Sport'."""
    before = WORD_BEFORE_RE.search(text, max(0, start - 40), start)
    after = WORD_AFTER_RE.match(text, end)
    return bool(before and after and before.group(1)[0].isupper() and after.group(1)[0].isupper())


@lru_cache(maxsize=1 << 17)
def untranslated_language(word: str) -> str | None:
    """The source language in which ``word`` is common while English hardly knows it, if any."""
    if len(word) < 4 or not word.islower() or word in LOANWORDS or word in TECHNICAL_TERMS:
        return None
    english = english_zipf(word)
    if english > ENGLISH_RARE:
        return None
    foreign, lang = foreign_zipf(word)
    return lang if foreign >= FOREIGN_COMMON and foreign - english >= FOREIGN_MARGIN else None


def mostly_foreign(text: str) -> bool:
    """Whether a quarter or more of the words of ``text`` lean to a source language (a quotation, not a leak)."""
    words = [word.lower() for word in WORD_RE.findall(text) if len(word) > 1]
    return bool(words) and sum(map(leans_foreign, words)) >= FOREIGN_PARAGRAPH_SHARE * len(words)


@paragraph_rule(
    "MT501", "untranslated-word",
    summary="A lower-case word unknown in English but common in a source language (fr, it, es, pt, de, nl).",
    rationale=("An engine leaves words it cannot translate as they were ('selon', 'anche', 'también'). "
               "Not counted: words inside a quotation that is itself mostly foreign, paragraphs a quarter "
               "or more foreign (a quotation or a foreign text, not a leak), words inside a name "
               "(Corriere dello Sport), code, URLs, hyphenated words, technical terms (environ, resolver) "
               "and loanwords English uses in set phrases (coup de grâce, inter vivos)."),
    example="The minister said that the reform was necessary selon the government.",
)
def untranslated_word(text: str) -> Iterator[Finding]:
    """Yield each untranslated source-language word outside foreign quotations."""
    if not any(map(untranslated_language, rare_words_in(text))) or mostly_foreign(text):
        return
    quoted = foreign_quotations(text)
    for match in CANDIDATE_RE.finditer(text):
        lang = untranslated_language(match.group())
        start, end = match.span()
        if lang is None or looks_like_code(text, start, end) or _inside_name(text, start, end):
            continue
        if any(q_start <= start and end <= q_end for q_start, q_end in quoted):
            continue
        yield Finding("MT501", start, end,
                      f"untranslated word {quote(text, start, end)!r} (common in '{lang}', rare in English)")


# MT502 foreign-script ----------------------------------------------------------------------

SCRIPTS: dict[str, str] = {
    "Greek": "\u0370-\u03ff\u1f00-\u1fff",
    "Cyrillic": "\u0400-\u052f",
    "Hebrew": "\u0590-\u05ff",
    "Arabic": "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff",
    "Devanagari": "\u0900-\u097f",
    "Thai": "\u0e00-\u0e7f",
    "Hangul": "\u1100-\u11ff\u3130-\u318f\uac00-\ud7af",
    "Japanese kana": "\u3040-\u30ff",
    "CJK": "\u3400-\u4dbf\u4e00-\u9fff",
}
SCRIPT_CLASS = "".join(SCRIPTS.values())
SCRIPT_RUN_RE = re.compile(rf"[{SCRIPT_CLASS}]+(?:[\s'’-]+[{SCRIPT_CLASS}]+)*")
SCRIPT_OF = tuple((name, re.compile(f"[{chars}]")) for name, chars in SCRIPTS.items())
IDEOGRAPHIC = frozenset({"CJK", "Japanese kana", "Hangul"})
LATIN_LETTER_RE = re.compile(r"[A-Za-z]")
SCRIPT_LETTER_RE = re.compile(f"[{SCRIPT_CLASS}]")
SYLLABLE_RE = re.compile("[" + "".join(SCRIPTS[name] for name in IDEOGRAPHIC) + "]")
LETTERS_PER_SYLLABLE = 3  # an ideograph or a Hangul syllable carries about as much as three Latin letters
ENGLISH_SHARE = 0.5  # of the letters: below, the paragraph is not English prose with a leftover in it
QUOTE_MARKS = frozenset("\"'“”‘’«»„‚‹›「」『』")


def _script_name(run: str) -> str:
    return next(name for name, pattern in SCRIPT_OF if pattern.search(run))


def _long_enough(run: str, script: str) -> bool:
    """Four characters of an ideographic or syllabic script, three words of an alphabet: not a name.

    Credits and etymologies write a person's name or a single word in its script
    (Михаил Козачков, 唐鳳, Greek σύνταξις); a leftover of source text is longer.
    """
    if script in IDEOGRAPHIC:
        return sum(char.isalpha() for char in run) >= 4
    return len(run.split()) >= 3


def _mostly_english(text: str) -> bool:
    """Whether Latin letters make half the text or more (a syllable counting as three letters)."""
    latin = len(LATIN_LETTER_RE.findall(text))
    other = len(SCRIPT_LETTER_RE.findall(text)) + (LETTERS_PER_SYLLABLE - 1) * len(SYLLABLE_RE.findall(text))
    return latin >= ENGLISH_SHARE * (latin + other)


def _is_gloss(text: str, start: int, end: int) -> bool:
    """``Kyiv (Київ)``: a native-script name in parentheses right after its Latin form."""
    opening = text.rfind("(", 0, start)
    closing = text.find(")", end)
    if opening < 0 or closing < 0 or ")" in text[opening:start]:
        return False
    return opening > 0 and text[:opening].rstrip()[-1:].isalpha()


def _is_quoted_or_code(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    if before in QUOTE_MARKS or after in QUOTE_MARKS or in_code_line(text, start):
        return True
    return not CODE_CHARS.isdisjoint(chunk_around(text, start, end))


@paragraph_rule(
    "MT502", "foreign-script",
    summary="A run of Cyrillic, Greek, Arabic, Hebrew, Devanagari, Thai, Hangul, kana or CJK in English prose.",
    rationale=("Source text the pipeline did not translate stays in its own script. Counted: three words "
               "of an alphabet or four characters of CJK, kana or Hangul, bare in English prose. Not "
               "counted: shorter runs (a contributor's name, a symbol, an etymology: Михаил Козачков, μ, "
               "σύνταξις), runs in quotation marks or code, a native-script name glossed in parentheses "
               "after its Latin form (Kyiv (Київ), an editor's courtesy), and paragraphs less than half "
               "Latin (a foreign text, not English prose with a leftover)."),
    example="The spokesman said the talks were 非常成功的会谈 and would resume next week.",
)
def foreign_script(text: str) -> Iterator[Finding]:
    """Yield each bare run of a non-Latin script inside an English paragraph."""
    if text.isascii() or not SCRIPT_LETTER_RE.search(text) or not _mostly_english(text):
        return
    for match in SCRIPT_RUN_RE.finditer(text):
        start, end = match.span()
        run = match.group()
        script = _script_name(run)
        if not _long_enough(run, script):
            continue
        if _is_gloss(text, start, end) or _is_quoted_or_code(text, start, end):
            continue
        yield Finding("MT502", start, end, f"{script} text left in English: {quote(text, start, end)!r}")


# MT503 tortured-phrase ---------------------------------------------------------------------

TORTURED_FILE = "tortured_phrases.tsv"
PHRASE_WORD_RE = re.compile(r"[a-z]+")


@lru_cache(maxsize=1)
def tortured_phrases() -> dict[str, str]:
    """The spinner's swaps (phrase -> the expression it replaced) from ``data/tortured_phrases.tsv``."""
    table = resources.files("mtdetect").joinpath("data", TORTURED_FILE).read_text(encoding="utf-8")
    rows = (line.split("\t") for line in table.splitlines() if line and not line.startswith("#"))
    return {phrase: original for phrase, original in rows}


def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    """Words apart by spaces or hyphens, the last one maybe plural; a phrase with capitals keeps them."""
    body = r"[\s-]+".join(map(re.escape, re.split(r"[\s-]+", phrase)))
    return re.compile(rf"\b{body}(?:s|es)?\b", 0 if phrase != phrase.lower() else re.IGNORECASE)


def _leading_words(phrase: str) -> list[str]:
    """The words of a phrase but the last, which may be plural (one-letter words left out), lower-cased."""
    return [word for word in PHRASE_WORD_RE.findall(phrase.lower())[:-1] if len(word) > 1]


PhraseEntry = tuple[tuple[frozenset[str], ...], str, re.Pattern[str], str]


@lru_cache(maxsize=1)
def _phrase_entries() -> tuple[PhraseEntry, ...]:
    """Each phrase as (each leading word in its three cases, last word, pattern, original), in pattern order.

    A paragraph must hold each leading word in one of its cases, and an ASCII one the last word
    (in any case where the pattern ignores case), for the pattern to be tried.
    """
    entries = [(tuple(frozenset({word, word.capitalize(), word.upper()}) for word in set(_leading_words(phrase))),
                re.split(r"[\s-]+", phrase)[-1], _phrase_pattern(phrase), original)
               for phrase, original in tortured_phrases().items()]
    return tuple(sorted(entries, key=lambda entry: entry[2].pattern))


@lru_cache(maxsize=1)
def _phrases_by_key() -> dict[str, tuple[int, ...]]:
    """Each phrase's place in :func:`_phrase_entries`, under its rarest leading word in three cases.

    A paragraph lacking every key skips all the patterns (one set intersection); a phrase whose
    other leading words are missing from the paragraph skips its pattern.
    """
    place = {entry[2].pattern: index for index, entry in enumerate(_phrase_entries())}
    keyed: dict[str, list[int]] = {}
    for phrase in tortured_phrases():
        key = min(_leading_words(phrase), key=lambda word: (english_zipf(word), word))
        for form in {key, key.capitalize(), key.upper()}:
            keyed.setdefault(form, []).append(place[_phrase_pattern(phrase).pattern])
    return {key: tuple(indexes) for key, indexes in keyed.items()}


@lru_cache(maxsize=1)
def phrase_keys() -> frozenset[str]:
    """The words that key the phrases (:func:`_phrases_by_key`): a paragraph without one holds no tortured phrase."""
    return frozenset(_phrases_by_key())


IGNORE_CASE = int(re.IGNORECASE)  # an int: '&' with the enum member runs Python code


def _may_match(text: str, lowered: str | None, last: str, pattern: re.Pattern[str]) -> bool:
    """Whether ``text`` holds the phrase's last word as its pattern reads it: a substring test, far cheaper than a scan.

    A pattern that ignores case is asked only of ASCII text (``lowered``): in other text the
    regex folds case more widely than ``str.lower`` ('ſ' matches 's').
    """
    if not pattern.flags & IGNORE_CASE:
        return last in text
    return lowered is None or last in lowered


@paragraph_rule(
    "MT503", "tortured-phrase",
    summary="A fixed expression with its words swapped for synonyms ('counterfeit consciousness').",
    rationale=("Synonym spinners replace each word of a set phrase, which no person does: 'bosom peril' "
               "for breast cancer, 'White Residence' for White House (Cabanac, Labbé & Magazinov 2021, "
               "'Tortured phrases'). Only swaps that native writers essentially never write are listed "
               "(mtdetect/data/tortured_phrases.tsv): ambiguous ones are left out ('top minister' is "
               "native news English, 'profound learning experience' native prose), and a phrase listed "
               "with capitals ('White Residence') must keep them ('a white residence' is a house)."),
    example="Advances in counterfeit consciousness and profound neural organizations changed the field.",
)
def tortured_phrase(text: str) -> Iterator[Finding]:
    """Yield each listed tortured phrase, naming the expression it replaced."""
    entries, keyed = _phrase_entries(), _phrases_by_key()
    words = words_in(text)
    lowered = text.lower() if text.isascii() else None
    for index in sorted({index for key in words & phrase_keys() for index in keyed[key]}):
        leading, last, pattern, original = entries[index]
        if any(forms.isdisjoint(words) for forms in leading) or not _may_match(text, lowered, last, pattern):
            continue
        for match in pattern.finditer(text):
            start, end = match.span()
            yield Finding("MT503", start, end,
                          f"{quote(text, start, end)!r} looks like a spinner's swap for {original!r}")


# MT504 pronoun-gender-for-institution ----------------------------------------------------

INSTITUTIONS = (
    "agency|army|assembly|authority|bank|cabinet|commission|committee|company|council|court|"
    "federation|firm|government|group|ministry|organisation|organization|parliament|party|police|"
    "senate|union"
)
COUNTRIES = (
    "Algeria|Argentina|Austria|Belgium|Brazil|Britain|Canada|Chile|China|Egypt|France|Germany|Greece|"
    "Hungary|India|Iran|Iraq|Israel|Italy|Japan|Lebanon|Mexico|Morocco|Poland|Portugal|Romania|Russia|"
    "Serbia|Spain|Sweden|Switzerland|Syria|Tunisia|Turkey|Ukraine|Venezuela"
)
OWN_THINGS = (
    "air defences?|airspace|army|borders|branches|budget|citizens|counter-offensive|customers|debt|decision|"
    "defences?|defenses?|deficit|diplomats|economy|embassy|employees|exports|factories|forces|headquarters|"
    "imports|members|nationals|offensive|plans?|policy|population|position|profits?|proposals?|reforms?|"
    "revenues?|shareholders|soldiers|staff|strategy|subsidiaries|territory|troops|turnover|workforce"
)
REPORTING = (
    "said|says|announced|announces|stated|declared|indicated|explained|specified|stressed|underlined|"
    "affirmed|assured|confirmed|estimated|considered|recalled|warned"
)
MODALS = "will|would|has|had|is|was|intends|wants|plans|hopes|wishes|refuses|remains|can|could|must|should"
SUBJECT = rf"(?:The|This|Our)\s+(?:[A-Za-z-]+\s+){{0,3}}?(?i:{INSTITUTIONS})"
INSTITUTION_PRONOUN_RE = re.compile(
    rf"^{SUBJECT}\b(?:\s+(?:has|had))?\s+(?:{REPORTING})(?:\s+(?:on|last)\s+[A-Z]?[a-z]+)?(?:\s+that)?\s+"
    rf"(?P<pronoun>she|he)\s+(?:{MODALS})\b"
    rf"|^{SUBJECT}\b(?P<gap>[^.;:\"“”«»]{{1,120}}?)\b(?P<possessive>her|his)\s+(?:own\s+)?(?:{OWN_THINGS})\b"
)
COUNTRY_PRONOUN_RE = re.compile(
    rf"^(?:{COUNTRIES})\b(?P<gap>[^.;:\"“”«»]{{1,120}}?)\b(?P<possessive>his)\s+(?:own\s+)?(?:{OWN_THINGS})\b"
)
PERSON_WORDS_RE = re.compile(
    r"\b(?:he|she|him|her|his|hers|himself|herself|who|whom|mr|mrs|ms|dr|minister|president|premier|"
    r"chancellor|spokes(?:man|woman|person)|woman|man|women|men|leader|chief|head|director|chair(?:man|"
    r"woman)?|official|secretary|king|queen|prince|princess|mayor|governor|judge|ceo|founder|boss|"
    r"manager|coach|player|father|mother|son|daughter|wife|husband|boy|girl|child|lady|gentleman|"
    r"ambassador|envoy|prosecutor|lawyer|candidate|senator|deputy|mp|general|commander|owner)\b",
    re.IGNORECASE,
)
INSTITUTION_NAME_RE = re.compile(rf"(?:[A-Z][a-z]+\s+){{0,3}}(?i:{INSTITUTIONS})\b")
NOT_PERSONS = frozenset(
    "January February March April May June July August September October November December "
    f"Monday Tuesday Wednesday Thursday Friday Saturday Sunday {COUNTRIES.replace('|', ' ')}".split())
CAPITALISED_RE = re.compile(r"\b[A-Z][a-z]+\b")
COMMON_WORD = 5.5  # Zipf at or above: a sentence-initial capital is an ordinary word ('However'); 'Smith' is 4.9
SENTENCE_SPLIT_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")
GENDERED_WORDS = frozenset({"she", "he", "her", "his"})
SUBJECT_WORDS = frozenset(
    [*INSTITUTIONS.split("|"), *(word.capitalize() for word in INSTITUTIONS.split("|")), *COUNTRIES.split("|")])


def _names_someone(words: str) -> bool:
    """Whether ``words`` may name a person: a person noun, a pronoun, or a capitalised name.

    Institution names ('the European Commission'), countries, months, days and very
    common words opening a sentence ('However', 'Today') are not persons.
    """
    if PERSON_WORDS_RE.search(words):
        return True
    rest = INSTITUTION_NAME_RE.sub(" ", words)
    for match in CAPITALISED_RE.finditer(rest):
        word = match.group()
        opens_sentence = rest[:match.start()].rstrip()[-1:] in ("", ".", "!", "?", '"', "“")
        if word not in NOT_PERSONS and not (opens_sentence and english_zipf(word.lower()) >= COMMON_WORD):
            return True
    return False


def _gendered_institutions(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, clause) of each gendered pronoun whose only possible referent is an institution."""
    offset = 0
    for sentence in SENTENCE_SPLIT_RE.split(text):
        start = text.index(sentence, offset)
        offset = start + len(sentence)
        match = INSTITUTION_PRONOUN_RE.match(sentence) or COUNTRY_PRONOUN_RE.match(sentence)
        if match is None or _names_someone(match.groupdict().get("gap") or "") or _names_someone(text[:start]):
            continue  # a person named before the pronoun may be its referent
        group = "pronoun" if match.groupdict().get("pronoun") else "possessive"
        yield start + match.start(group), start + match.end(group), sentence[:match.end()]


@paragraph_rule(
    "MT504", "pronoun-gender-for-institution",
    summary="An institution or country referred to as 'she'/'he' ('The Commission said she will...').",
    rationale=("French, Italian, Spanish and German give institutions and countries a grammatical gender "
               "that a translation engine carries over: 'la Commission' becomes 'she', 'il governo' 'he'. "
               "Conservative: the institution must open the sentence, the pronoun must be the subject of "
               "its reported clause or own its troops, staff, budget, plans or decisions, and no person "
               "may be named before it in the paragraph. Misses pronouns far from their institution, and "
               "'she' for a country (archaic but native English: 'Britain and her allies')."),
    example="The European Commission announced that she will present a new plan in May.",
)
def pronoun_gender_for_institution(text: str) -> Iterator[Finding]:
    """Yield each she/he/her/his whose referent can only be the institution opening its sentence."""
    words = words_in(text)
    if GENDERED_WORDS.isdisjoint(words) or SUBJECT_WORDS.isdisjoint(words):
        return
    for start, end, clause in _gendered_institutions(text):
        pronoun = text[start:end]
        yield Finding("MT504", start, end,
                      f"{pronoun!r} for an institution or country: {quote(clause, 0, len(clause))!r}")
