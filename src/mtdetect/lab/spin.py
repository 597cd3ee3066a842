"""Generators of spun English for training: synonym spinning, round trips, name mangling, pipeline tells.

Each generator is a pure function of its input and seed, so a corpus build is
reproducible. They imitate four ways text is laundered in the wild: a
SpinBot-style synonym spinner, a round trip through another language with a
rule-based engine, the name drift of a round trip through a script without
vowels or with another transliteration (``Blinken`` → ``Blinker``), and the
typography and boilerplate a republished machine-translated foreign story keeps.
"""

from __future__ import annotations

import hashlib
import html
import math
import random
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from functools import lru_cache

from wordfreq import top_n_list, word_frequency, zipf_frequency

from mtdetect.findings.drift import consonant_skeleton
from mtdetect.errors import MtdetectError
from mtdetect.features._text.lexicon import FUNCTION_WORD_SET
from mtdetect.findings.formats import UNAMBIGUOUS_NAMES
from mtdetect.findings.entities import is_capitalised, is_sentence_start, name_tokens
from mtdetect.lab.thesaurus import Thesaurus, load_thesaurus

# Plain words only: contractions, possessives and hyphenated compounds are left alone.
SPIN_WORD_RE = re.compile(r"(?<![\w'’-])[A-Za-z]+(?![\w'’-])")
USABLE_SYNONYM_RE = re.compile(r"[a-z]+(?:[ -][a-z]+)*")
MIN_SYNONYM_ZIPF = 2.0  # drop synonyms almost nobody writes ("domiciliate")
LONGEST_EXPRESSION = 3  # words in the longest WordNet expression we look up ("take part in")
APERTIUM_MARK_RE = re.compile(r"(?<![\w*#@~])[*#@~]+(?=\w)")
PARAGRAPH_RE = re.compile(r"<p>(.*?)</p>", re.DOTALL)
APERTIUM_BATCH = 400  # paragraphs per engine call: few process starts, bounded memory
VOWELS = "aeiou"
MAX_NAME_ZIPF = 4.0  # "Friday", "London", "Johnson" are too familiar to be respelled
# Apertium eng-spa/eng-cat glue "a 63-year-old man" into "hombrede51años"; such output is dropped.
GLUED_NUMBER_RE = re.compile(r"\w*(?:[^\W\d_]\d|\d[^\W\d_]{3})\w*")
# Spelling pairs that differ between transliteration schemes; each is tried both ways.
TRANSLITERATIONS: tuple[tuple[str, str], ...] = (
    ("ky", "ki"), ("sky", "ski"), ("sh", "ch"), ("ts", "z"), ("tz", "z"), ("kh", "h"), ("ov", "off"),
    ("ev", "yev"), ("w", "v"), ("ou", "u"), ("c", "k"), ("ph", "f"), ("ee", "i"), ("y", "j"), ("ai", "ay"),
)


class ApertiumError(MtdetectError):
    """Apertium or the language pair needed for a round trip is missing or failed."""


# --- synonym spinning -------------------------------------------------------------------


def _add_suffix(word: str, suffix: str) -> str:
    """Regular English inflection: ``box``+s → ``boxes``, ``try``+ed → ``tried``, ``make``+ing → ``making``."""
    consonant_y = word.endswith("y") and len(word) > 1 and word[-2] not in VOWELS
    if suffix == "s":
        if word.endswith(("s", "x", "z", "ch", "sh")):
            return word + "es"
        return word[:-1] + "ies" if consonant_y else word + "s"
    if suffix == "ed":
        return word + "d" if word.endswith("e") else word[:-1] + "ied" if consonant_y else word + "ed"
    if word.endswith("ie"):
        return word[:-2] + "ying"
    return word[:-1] + "ing" if word.endswith("e") and not word.endswith("ee") else word + "ing"


def _parses(word: str) -> Iterator[tuple[str, str, str]]:
    """Candidate ``(lemma, parts of speech, suffix)`` readings of a lowercase word, likeliest first."""
    yield word, "nvar", ""
    if word.endswith("ies"):
        yield word[:-3] + "y", "nv", "s"
    if word.endswith(("ses", "xes", "zes", "ches", "shes")):
        yield word[:-2], "nv", "s"
    if word.endswith("s") and not word.endswith("ss"):
        yield word[:-1], "nv", "s"
    for ending, suffix in (("ied", "ed"), ("ed", "ed"), ("ing", "ing")):
        if word.endswith(ending):
            stem = word[: -len(ending)]
            yield (stem + "y" if ending == "ied" else stem), "v", suffix
            if ending != "ied":
                yield stem + "e", "v", suffix
                if len(stem) > 2 and stem[-1] == stem[-2]:
                    yield stem[:-1], "v", suffix


@lru_cache(maxsize=65536)
def _usable(synonym: str) -> bool:
    return bool(USABLE_SYNONYM_RE.fullmatch(synonym)) and zipf_frequency(synonym, "en") >= MIN_SYNONYM_ZIPF


def _replacements(thesaurus: Thesaurus, phrase: str) -> tuple[str, ...]:
    """Inflected synonyms for a lowercase word or expression, from its commonest sense."""
    if phrase in thesaurus.irregular:
        return ()
    for lemma, allowed, suffix in _parses(phrase):
        for sense in thesaurus.senses(lemma):
            if sense.pos not in allowed:
                continue
            head = -1 if sense.pos == "n" else 0
            found = []
            for synonym in sense.synonyms:
                words = synonym.split(" ")
                if not _usable(synonym) or (suffix and words[head] in thesaurus.irregular_bases):
                    continue
                if suffix:
                    words[head] = _add_suffix(words[head], suffix)
                found.append(" ".join(words))
            if found:
                return tuple(found)
    return ()


def _match_case(replacement: str, original: str) -> str:
    return replacement[0].upper() + replacement[1:] if original[0].isupper() else replacement


def synonym_spin(text: str, *, rate: float = 0.3, seed: int, thesaurus: Thesaurus | None = None) -> str:
    """Replace about ``rate`` of the content words and WordNet expressions with synonyms.

    Imitates SpinBot/SpinnerChief: no part-of-speech tagging, the commonest
    sense's synonyms, regular inflection copied over (``meetings`` →
    ``encounters``). Function words, proper names (capitalised mid-sentence)
    and words joined by hyphens or apostrophes are never touched; case and
    punctuation are kept.

    Synonyms come from WordNet 3.0 (Princeton University, WordNet 3.0 licence),
    read offline by :mod:`mtdetect.lab.thesaurus`.
    """
    thesaurus = thesaurus or load_thesaurus()
    rng = random.Random(seed)
    words = list(SPIN_WORD_RE.finditer(text))
    pieces: list[str] = []
    done = i = 0
    while i < len(words):
        for n in range(min(LONGEST_EXPRESSION, len(words) - i), 0, -1):
            span = words[i : i + n]
            surface = [m.group() for m in span]
            if any(text[a.end() : b.start()] != " " for a, b in zip(span, span[1:])):
                continue
            if any(w[0].isupper() for w in surface[1:]) or not _spinnable(text, span[0]):
                continue
            phrase = " ".join(surface).lower()
            if all(w in FUNCTION_WORD_SET for w in phrase.split(" ")) or len(phrase) < 3:
                continue
            options = _replacements(thesaurus, phrase)
            if options:
                if rng.random() < rate:
                    pieces += [text[done : span[0].start()], _match_case(rng.choice(options), surface[0])]
                    done = span[-1].end()
                i += n - 1
                break
        i += 1
    return "".join(pieces) + text[done:]


def spin_odds_table(thesaurus: Thesaurus | None = None) -> dict[str, float]:
    """Each word a thesaurus spinner writes to how much likelier spinners make it than writers (log10).

    Notes
    -----
    A spinner that rewrites every word ``v`` it can, choosing uniformly among the
    synonyms :func:`synonym_spin` offers for ``v``, writes ``w`` at the rate
    ``spun(w) = sum(freq(v) / len(options(v)) for v with w in options(v))``; people
    write it at ``freq(w)`` (wordfreq). ``odds(w) = log10(spun(w) / freq(w))``:
    "peculiarly" (offered for "especially") is far above 0, "said" far below it. Single-word lemmas known to wordfreq on both sides. Unlike the synonym
    gap, which asks only whether a commoner synonym exists, this weighs how often a
    spinner lands on the word, which separates spun text from native text better
    (docs/experiments/results-1.7.md, "Spin odds").
    """
    thesaurus = thesaurus or load_thesaurus()
    spun: dict[str, float] = {}
    for lemma in thesaurus.entries:
        frequency = word_frequency(lemma, "en")
        if " " in lemma or not lemma.islower() or frequency == 0.0:
            continue
        options = [w for w in _replacements(thesaurus, lemma) if " " not in w and "-" not in w]
        for word in options:
            spun[word] = spun.get(word, 0.0) + frequency / len(options)
    return {word: math.log10(rate / own) for word, rate in spun.items() if (own := word_frequency(word, "en")) > 0}


def _spinnable(text: str, match: re.Match[str]) -> bool:
    """Lowercase words, and capitalised ones only where a sentence starts (not names)."""
    word = match.group()
    if word.islower():
        return True
    return is_capitalised(word) and word[1:].islower() and is_sentence_start(text, match.start())


# --- round trip through another language ------------------------------------------------


def _apertium(direction: str, document: str) -> str:
    done = subprocess.run(
        ["apertium", "-u", "-f", "html", direction], input=document, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise ApertiumError(f"apertium {direction} failed: {done.stderr.strip()[:300]}")
    return done.stdout


def apertium_roundtrip(texts: list[str], *, via: str = "spa") -> list[str]:
    """Translate each paragraph English → ``via`` → English with the Apertium engine.

    Paragraphs travel in batches as HTML ``<p>`` elements, which Apertium
    copies verbatim, so they can be split apart again. Unknown-word marks
    (``*word``, ``#word``, ``@word``) are removed. Needs the Debian packages
    ``apertium`` and ``apertium-eng-spa`` (or ``apertium-eng-cat`` for ``via="cat"``).

    Raises
    ------
    ApertiumError
        If apertium or the language pair is not installed, or the engine fails.
    """
    if shutil.which("apertium") is None:
        raise ApertiumError("apertium is not installed; install the Debian packages apertium and apertium-eng-" + via)
    listed = subprocess.run(["apertium", "-l"], capture_output=True, text=True, check=False).stdout.split()
    if f"eng-{via}" not in listed or f"{via}-eng" not in listed:
        raise ApertiumError(f"apertium has no eng-{via} pair; install the Debian package apertium-eng-{via}")
    result: list[str] = []
    for first in range(0, len(texts), APERTIUM_BATCH):
        batch = texts[first : first + APERTIUM_BATCH]
        document = "\n".join(f"<p>{html.escape(t, quote=False)}</p>" for t in batch)
        back = PARAGRAPH_RE.findall(_apertium(f"{via}-eng", _apertium(f"eng-{via}", document)))
        if len(back) != len(batch):
            raise ApertiumError(f"apertium returned {len(back)} paragraphs for {len(batch)}")
        result += [" ".join(APERTIUM_MARK_RE.sub("", html.unescape(t)).split()) for t in back]
    return result


# --- name mangling ----------------------------------------------------------------------


@lru_cache(maxsize=1)
def _lookalike_words() -> frozenset[str]:
    """Lowercase words of 4+ letters a name can be misread as: real, but not household words."""
    return frozenset(
        w for w in top_n_list("en", 60000)
        if w.isalpha() and w.isascii() and len(w) >= 4 and zipf_frequency(w, "en") < MAX_NAME_ZIPF
    )


def _edits(word: str) -> set[str]:
    """Strings one deletion, substitution, transposition or insertion away (lowercase letters)."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return (
        {a + b[1:] for a, b in splits if b}
        | {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
        | {a + c + b[1:] for a, b in splits if b for c in letters}
        | {a + c + b for a, b in splits for c in letters}
    )


@lru_cache(maxsize=8192)
def _lookalike(name: str) -> list[str]:
    """Words one edit from ``name``, or two keeping its consonants, same first letter (``Blinken`` → ``blinker``).

    A vowel-less script keeps the consonants and loses the vowels, hence the skeleton condition.
    """
    low = name.lower()
    one = _edits(low) & _lookalike_words()
    two = {w for d in (low[:i] + low[i + 1 :] for i in range(1, len(low))) for w in _edits(d)} & _lookalike_words()
    two = {w for w in two if consonant_skeleton(w) == consonant_skeleton(low)}
    return sorted(w for w in one | two if w[0] == low[0] and not w.startswith(low) and not low.startswith(w))


@lru_cache(maxsize=8192)
def _variants(name: str) -> list[str]:
    """Candidate misspellings of ``name`` as a vowel-less script or another transliteration would give."""
    low = name.lower()
    inner = range(1, len(low))  # the first letter stays: readers anchor on it
    found = {low[:i] + low[i + 1 :] for i in inner if low[i] in VOWELS or low[i] == low[i - 1]}
    found |= {low[:i] + v + low[i + 1 :] for i in inner if low[i] in VOWELS for v in VOWELS}
    found |= {
        low[: i + 1] + low[i:]
        for i in range(1, len(low) - 1)
        if low[i] not in VOWELS + "y" and low[i - 1] in VOWELS and low[i + 1] in VOWELS
    }
    for a, b in TRANSLITERATIONS:
        for old, new in ((a, b), (b, a)):
            found |= {low[: m.start()] + new + low[m.end() :] for m in re.finditer(old, low) if m.start() > 0}
    return sorted(v for v in found if len(v) >= 4 and not v.startswith(low) and not low.startswith(v))


def mangle_names(text: str, *, rate: float = 0.5, seed: int, thesaurus: Thesaurus | None = None) -> str:
    """Respell about ``rate`` of the proper names, every occurrence the same way.

    Mimics a round trip through a script without vowels or another
    transliteration: a vowel dropped or shifted (``Peskov`` → ``Pskov``),
    ky/ki, sh/ch, ts/z and doubled consonants swapped, or a look-alike common
    word (``Blinken`` → ``Blinker``). Names are capitalised words of 4+ letters
    not opening a sentence (or opening one as the first part of a multiword
    name) that WordNet never writes in lowercase, so titles such as
    ``Foreign Minister`` are left alone, and that are not household words
    (Zipf frequency under 4: ``Friday`` and ``London`` stay). Which names change, and how, depends
    only on ``seed`` and the name itself.
    """
    lowercase = (thesaurus or load_thesaurus()).lowercase_words
    tokens = name_tokens(text)
    chosen: dict[str, str] = {}
    pieces: list[str] = []
    done = 0
    for k, token in enumerate(tokens):
        multiword = k + 1 < len(tokens) and text[token.end : tokens[k + 1].start] == " "
        if len(token.text) < 4 or (token.sentence_initial and not multiword) or token.text.lower() in lowercase:
            continue
        if zipf_frequency(token.text, "en") >= MAX_NAME_ZIPF:
            continue
        if token.text not in chosen:
            rng = random.Random(f"{seed}\0{token.text}")
            options = (_lookalike(token.text) if rng.random() < 0.25 else []) or _variants(token.text)
            chosen[token.text] = _match_case(rng.choice(options), token.text) if options and rng.random() < rate else ""
        if chosen[token.text]:
            pieces += [text[done : token.start], chosen[token.text]]
            done = token.end
    return "".join(pieces) + text[done:]


# --- republishing-pipeline tells ---------------------------------------------------------

# A foreign wire story machine-translated and pasted into a CMS keeps its source's
# typography and boilerplate. The day and month names are those finding MT401 reports in lower case
# whatever their context (May, March and August are also common words, so neither touches them).
DAY_MONTH_RE = re.compile(rf"\b(?:{'|'.join(name.capitalize() for name in UNAMBIGUOUS_NAMES.split('|'))})\b")
QUOTED_RE = re.compile(r'["“]([^"”]{2,300})["”]')
BEFORE_MARK_RE = re.compile(r"(?<=\w)(?=[?!:;](?:\s|$))")
GLUE_RE = re.compile(r"\b[a-z]{2,}( )[A-Z][a-z]{2,}")
TRANSLATED_BOILERPLATE = ("To see in video.", "Read also:", "To read also:", "See also:", "With AFP.",
                          "All reproduction reserved.", "To discover:")
FRENCH_SPACES = (" ", "\u00a0", "\u202f")


def _french_spacing(text: str, rng: random.Random) -> str:
    space = rng.choice(FRENCH_SPACES)
    return BEFORE_MARK_RE.sub(space, text)


def _guillemets(text: str, rng: random.Random) -> str:
    inner = rng.choice((" ", "\u00a0", ""))
    return QUOTED_RE.sub(lambda m: f"«{inner}{m.group(1)}{inner}»", text)


def _glued_word(text: str, rng: random.Random) -> str:
    spaces = [m.start(1) for m in GLUE_RE.finditer(text)]
    if not spaces:
        return text
    cut = rng.choice(spaces)
    return text[:cut] + text[cut + 1:]


def _lowercase_names(text: str, rng: random.Random) -> str:
    return DAY_MONTH_RE.sub(lambda m: m.group().lower(), text)


def _boilerplate(text: str, rng: random.Random) -> str:
    line = rng.choice(TRANSLATED_BOILERPLATE)
    return f"{line} {text}" if rng.random() < 0.5 else f"{text} {line}"


PIPELINE_TELLS: tuple[Callable[[str, random.Random], str], ...] = (
    _french_spacing, _guillemets, _glued_word, _lowercase_names, _boilerplate,
)


def pipeline_tells(text: str, *, seed: int) -> str:
    """Add what republishing a machine-translated foreign story leaves behind.

    Each tell is applied with probability 1/2, in a seeded order: French spacing
    before ``? ! : ;`` ("casus belli ?"), quotations in « », one lower-case word glued
    to the capitalised word after it ("theNorth"), lower-case day and month names,
    and a literally translated teaser line ("To see in video."). If none of the drawn
    tells applies, the remaining ones are tried in turn until one changes the text.
    """
    rng = random.Random(seed)
    order = list(PIPELINE_TELLS)
    rng.shuffle(order)
    drawn = [tell for tell in order if rng.random() < 0.5]
    spun = text
    for tell in drawn:
        spun = tell(spun, rng)
    for tell in order:
        if spun != text:
            break
        if tell not in drawn:
            spun = tell(spun, rng)
    return spun


# --- spun corpus records ----------------------------------------------------------------

# Each step maps a batch of texts and per-text seeds to new texts; a generator
# name chains steps with "+" ("namemangle+synonym" mangles names, then spins).
STEPS: dict[str, Callable[[list[str], list[int], float], list[str]]] = {
    "synonym": lambda texts, seeds, rate: [synonym_spin(t, rate=rate, seed=s) for t, s in zip(texts, seeds)],
    "namemangle": lambda texts, seeds, rate: [mangle_names(t, rate=0.5, seed=s) for t, s in zip(texts, seeds)],
    "apertium-spa": lambda texts, seeds, rate: apertium_roundtrip(texts, via="spa"),
    "apertium-cat": lambda texts, seeds, rate: apertium_roundtrip(texts, via="cat"),
    "pipeline": lambda texts, seeds, rate: [pipeline_tells(t, seed=s) for t, s in zip(texts, seeds)],
}


def record_seed(seed: int, record_id: str, generator: str) -> int:
    """A seed per record and generator, independent of file order and ``--limit``."""
    return int.from_bytes(hashlib.sha256(f"{seed}\0{generator}\0{record_id}".encode()).digest()[:8], "big")


def spin_records(records: list[dict], generator: str, *, seed: int, rate: float) -> list[dict]:
    """Spun copies of ``records`` (origin ``spun``), dropping unchanged or garbled ones.

    Garbled means new tokens gluing letters to digits (an Apertium bug), a
    giveaway a model should not learn. Each copy keeps its source's ``group``, ``doc_id`` and ``split``, so a
    spun test document never reaches training; ``id`` gains ``/<generator>``.
    """
    texts = [r["text"] for r in records]
    seeds = [record_seed(seed, r["id"], generator) for r in records]
    for step in generator.split("+"):
        texts = STEPS[step](texts, seeds, rate)
    return [
        {**r, "id": f"{r['id']}/{generator}", "text": t, "origin": "spun", "system": generator,
         "n_words": len(t.split())}
        for r, t in zip(records, texts)
        if t != r["text"] and set(GLUED_NUMBER_RE.findall(t)) <= set(GLUED_NUMBER_RE.findall(r["text"]))
    ]
