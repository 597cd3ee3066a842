"""Entity drift: one person or organisation spelled two ways in one document.

A writer keeps a name's spelling; a round trip through another script or a
careless translation does not (``Blinken`` here, ``Blinker`` three paragraphs
on). This is document-level evidence, computed once per document and attached
to the paragraphs holding the odd spelling.

Legitimate variation is ignored: possessives and plurals (``Blinken's``,
``Blinkens``), demonyms (``Ukraine``/``Ukrainian``, ``China``/``Chinese``),
sentence-initial common words, pairs of common words (``Hill``/``Hall``,
``France``/``French``) and tokens under four or over forty letters.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import chain, combinations

from mtdetect.findings.entities import TITLE_WORDS, name_spans
from mtdetect.findings.lexical import english_zipf

# The candidate pairs from a compiled index (mtdetect/_counts.c)
from mtdetect._compiled import counts as _counts

MIN_LETTERS = 4
MIN_STEM = 3  # "Fixers"/"Fixes": both "fix"
MAX_LETTERS = 40  # longer tokens are no names (and would cost the pair index quadratic memory)
MAX_EDITS = 2
# Both spellings at least this frequent as English words: two different words, not drift.
COMMON_ZIPF = 3.0
# Either spelling this frequent ("British", "Internet"): a typo at most, not a respelled name.
HOUSEHOLD_ZIPF = 4.0
MIN_SIMILARITY = 0.6  # 1 - edits / length of the longer spelling
# Endings that turn a name into a plural, adjective or demonym ("Ukrain|ian", "Blinken|s").
MORPHOLOGICAL_ENDINGS = frozenset(
    "s es n an ans ian ians ean eans ese ish i is ic ics ist ists ism ite ites ern er ers".split()
)
DROPPED_BEFORE_ENDING = frozenset({"", "a", "e", "o", "y"})
# Endings stripped before comparing stems, longest first ("Licensees"/"Licenses" share "licens").
STEM_ENDINGS = tuple(sorted(
    "s es ed ing ee ees er ers or ors ion ions ation ations able ible ity ities ness ment ments al ally ly ive".split(),
    key=len, reverse=True))
SKELETON_RULES = (("ch", "sh"), ("tz", "z"), ("ts", "z"), ("ck", "k"), ("ph", "f"), ("kh", "h"), ("c", "k"), ("w", "v"))
VOWEL_RE = re.compile(r"[aeiouy]+")
DOUBLE_RE = re.compile(r"(.)\1+")
TRIPLE_RE = re.compile(r"(.)\1\1")  # "Gifffords": a typing slip, not a transliteration
PAIRWISE_NAMES = 24  # up to this many names, every pair is compared (measured crossover)
COMPILED_LONGEST = 64  # the compiled pair index takes lower-cased names up to this long
TITLE_WINDOW = 60  # characters searched backwards for a title
CODE_AFTER = frozenset("(_[<{=")  # a name followed by one of these is an identifier
CODE_BEFORE = frozenset("$@%&:_.>/\\`#-")  # "-Dusethreads" is an option


@dataclass(frozen=True)
class DriftFinding:
    """A rarer spelling (``variant``) of a name also written ``canonical`` in the same document.

    ``paragraphs`` are the 0-based indexes of paragraphs holding the variant,
    ``spans`` each of its occurrences as ``(paragraph, start, end)`` character offsets.
    """

    canonical: str
    variant: str
    paragraphs: tuple[int, ...]
    spans: tuple[tuple[int, int, int], ...]
    reason: str


def _zipf(word: str) -> float:
    """wordfreq's ``zipf_frequency(word, "en")``: wordfreq case-folds a word before it looks it up, so
    the folded word's entry, read without its tokenizer (a third of what the drift rule spent on a
    document of new names) and remembered by :func:`english_zipf`'s cache."""
    return english_zipf(word.casefold())


@lru_cache(maxsize=65536)
def consonant_skeleton(name: str) -> str:
    """Consonants with transliteration variants merged: ``Zelensky`` → ``zlnsk``."""
    low = name.lower()
    for a, b in SKELETON_RULES:
        low = low.replace(a, b)
    return DOUBLE_RE.sub(r"\1", VOWEL_RE.sub("", low))


def damerau_levenshtein(a: str, b: str) -> int:
    """Edits (insert, delete, substitute, swap adjacent) turning ``a`` into ``b``.

    >>> damerau_levenshtein("Peskov", "Pskov"), damerau_levenshtein("ab", "ba")
    (1, 1)
    """
    previous, current = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        before, previous, current = previous, current, [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if before is not None and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], before[j - 2] + 1)
    return current[-1]


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    """``word`` lower-cased without one English inflection or derivation ending (``Licensees`` → ``licens``)."""
    low = word.lower()
    for ending in STEM_ENDINGS:
        if low.endswith(ending) and len(low) - len(ending) >= MIN_STEM:
            return low[: -len(ending)]
    return low


def _morphological(a: str, b: str) -> bool:
    """True when one spelling derives from the other rather than respelling it.

    Covers extensions (``Blinkens``, ``CapitalFM``), demonyms (``Chinese``), compounds and
    prefixes (``CPython``/``Python``, ``Immutable``/``Mutable``) and a shared stem under
    different English endings (``Licensees``/``Licenses``).
    """
    short, long = sorted((a.lower(), b.lower()), key=len)
    if _stem(a) == _stem(b):
        return True
    if len(short) == len(long):
        return False
    if long.startswith(short) or long.endswith(short):
        return True
    for cut in range(len(short), max(len(short) - 2, MIN_LETTERS - 1), -1):
        if long.startswith(short[:cut]) and short[cut:] in DROPPED_BEFORE_ENDING:
            if long[cut:] in MORPHOLOGICAL_ENDINGS:
                return True
    return False


def _may_be_respelled(a: str, b: str) -> bool:
    """False for two spellings that are two words or a derivation, whatever titles stand before them.

    Most pairs fail this, so :func:`find_entity_drift` looks for titles only before names of pairs that pass.
    """
    if abs(len(a) - len(b)) > MAX_EDITS or len(set(a.lower()) ^ set(b.lower())) > 2 * MAX_EDITS:
        return False
    zipfs = _zipf(a), _zipf(b)
    if min(zipfs) >= COMMON_ZIPF or max(zipfs) >= HOUSEHOLD_ZIPF or TRIPLE_RE.search(a + " " + b):
        return False
    return not _morphological(a, b)


def _respelled(a: str, b: str, shared_title: bool) -> bool:
    """True when two spellings that :func:`_may_be_respelled` passed look like one rare name respelled.

    One edit suffices for names of 5+ letters (``Peskov``/``Pskov``) or a
    vowel change in a shorter one (``Modi``/``Mudi``); two edits need a like
    consonant skeleton (``Kuleba``/``Kaleb``) or a shared title before both
    (``President Zelensky``/``President Belinsky``).
    """
    if a[0].lower() != b[0].lower() and not shared_title:
        return False  # "Cython"/"Python", "Unicode"/"Encode": two names, unless one title stands before both
    edits = damerau_levenshtein(a.lower(), b.lower())
    longest = max(len(a), len(b))
    same_consonants = consonant_skeleton(a) == consonant_skeleton(b)
    if edits == 1:
        return longest >= 5 or shared_title or same_consonants
    return edits == 2 and 1 - edits / longest >= MIN_SIMILARITY and (shared_title or same_consonants)


def _title_before(text: str, start: int) -> str | None:
    """The title standing before a name, skipping given names: ``President`` in ``President Volodymyr Zelensky``."""
    for word in reversed(text[max(0, start - TITLE_WINDOW) : start].split()):
        bare = word.strip(".,;:'\"’”“()").lower()
        if bare in TITLE_WORDS:
            return bare
        if not word[:1].isupper() or word[-1] in ",;:":
            return None
    return None


def _latin(name: str) -> bool:
    """Whether a name is written in Latin letters only ("Perl의", a name with a Korean particle, is not)."""
    return all(c < "\u0250" for c in name)


def _in_code(text: str, start: int, end: int) -> bool:
    """Whether a name token stands as a code identifier: ``Strtol(``, ``Encode::``, ``$Name``, ``obj.Name``."""
    after, before = text[end:end + 2], text[start - 1:start] if start else ""
    return after[:1] in CODE_AFTER or after == "::" or (before != "" and before in CODE_BEFORE)


def _different_people(surnames: dict[str, set[str]], a: str, b: str) -> bool:
    """True when two given names always precede clearly different surnames (``Dmytro Kuleba``, ``Dmitry Peskov``).

    Surnames within two edits of each other count as the same (both may have drifted).
    """
    after_a, after_b = surnames.get(a, set()), surnames.get(b, set())
    if not after_a or not after_b:
        return False
    return all(damerau_levenshtein(x.lower(), y.lower()) > MAX_EDITS for x in after_a for y in after_b)


def _deletions(word: str, depth: int = MAX_EDITS) -> set[str]:
    """``word`` and every string made from it by deleting up to ``depth`` letters."""
    found, frontier = {word}, {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1:] for w in frontier for i in range(len(w))}
        found |= frontier
    return found


def _pairs_by_deletions(names: Sequence[str]) -> list[tuple[str, str]]:
    """The pairs of :func:`itertools.combinations` whose lower-cased spellings may be ``MAX_EDITS`` apart, in order.

    Each edit (substitution, insertion, deletion, adjacent swap) is undone by deleting at most
    one letter from each spelling, so two spellings within ``MAX_EDITS`` edits share a string
    reached by ``MAX_EDITS`` deletions from each (symmetric-deletion indexing, as in SymSpell).
    Indexing those strings finds the candidates without comparing every pair. The compiled index
    compares those strings by 64-bit hashes: a collision could only add a pair, which
    :func:`_respelled` (exact) then rejects, so the findings are the same.
    """
    lowered = [name.lower() for name in names]
    if _counts is not None and max(map(len, lowered), default=0) <= COMPILED_LONGEST:
        return [(names[i], names[j]) for i, j in _counts.deletion_pairs(lowered, COMPILED_LONGEST)]
    return [(names[i], names[j]) for i, j in _python_pairs_by_deletions(lowered)]


def _python_pairs_by_deletions(lowered: Sequence[str]) -> list[tuple[int, int]]:
    """The index pairs of :func:`_pairs_by_deletions` (the reference for ``mtdetect._counts.deletion_pairs``)."""
    keysets = [_deletions(name) for name in lowered]
    # Only a string that two names reach can pair them: count in C, then index just those.
    counts = Counter(chain.from_iterable(keysets))
    shared = {key for key, count in counts.items() if count > 1}
    holders: dict[str, list[int]] = {}
    for index, keys in enumerate(keysets):
        for key in keys & shared:
            holders.setdefault(key, []).append(index)
    pairs = {(i, j) for group in holders.values() if len(group) > 1
             for k, i in enumerate(group) for j in group[k + 1:]}
    return sorted(pairs)


def _close_pairs(names: Sequence[str]) -> list[tuple[str, str]]:
    """The pairs of :func:`itertools.combinations` that :func:`_may_be_respelled` may pass, in the same order.

    A document with a few names compares every pair (cheaper than indexing them), keeping those
    of like length and letters as :func:`_may_be_respelled` would; a long one with thousands of
    names pays only for the pairs :func:`_pairs_by_deletions` finds, which keeps it linear.
    :func:`_may_be_respelled` rejects any further pair.
    """
    if len(names) <= PAIRWISE_NAMES:
        letters = {name: frozenset(name.lower()) for name in names}
        return [(a, b) for a, b in combinations(names, 2)
                if abs(len(a) - len(b)) <= MAX_EDITS and len(letters[a] ^ letters[b]) <= 2 * MAX_EDITS]
    return _pairs_by_deletions(names)


@lru_cache(maxsize=65536)
def _may_drift(word: str) -> bool:
    """Whether a capitalised word may be half of a drifted pair, as far as the word alone tells.

    Household words (sentence-initial "Today" included) and typing slips never are (see
    :func:`_may_be_respelled`). Names are Titlecase: "HvENAME", "PRIiPTR" and "MacOS" are code
    identifiers and trademarks, whose near-twins ("HvNAME", "PRIdPTR") are other identifiers, not
    a respelled name. Asked first of every token, so the other words cost one cached look-up.
    """
    return (MIN_LETTERS <= len(word) <= MAX_LETTERS and word[1:].islower() and _latin(word)
            and _zipf(word) < HOUSEHOLD_ZIPF and not TRIPLE_RE.search(word))


def _word_after(text: str, tokens: Sequence[tuple[str, int, int]], position: int) -> str | None:
    """The capitalised word one space after token ``position`` (a surname), unless either is a title."""
    if position + 1 == len(tokens):
        return None
    word, _, end = tokens[position]
    right, right_start, _ = tokens[position + 1]
    if right_start != end + 1 or text[end] != " " or word.lower() in TITLE_WORDS or right.lower() in TITLE_WORDS:
        return None
    return right


def _occurrences(paragraphs: Sequence[str]) -> tuple[dict[str, list[tuple[int, int, int]]], dict[str, set[str]]]:
    """Where each word that :func:`_may_drift` passes stands, as ``(paragraph, start, end)``, and its surnames.

    A word seen as an identifier anywhere ("Strtol()", "Encode::XS", "$Foo") is left out.
    """
    spans: dict[str, list[tuple[int, int, int]]] = {}
    followers: dict[str, set[str]] = {}
    in_code: set[str] = set()
    for index, text in enumerate(paragraphs):
        tokens = name_spans(text)
        for position, (word, start, end) in enumerate(tokens):
            if not _may_drift(word):
                continue
            if _in_code(text, start, end):
                in_code.add(word)
                continue
            spans.setdefault(word, []).append((index, start, end))
            if (right := _word_after(text, tokens, position)) is not None:
                followers.setdefault(word, set()).add(right)
    for word in in_code:
        spans.pop(word, None)
    return spans, followers


def _titles_before(paragraphs: Sequence[str], where: Sequence[tuple[int, int, int]]) -> set[str]:
    """The titles (``President``) standing before a name's occurrences ``where``."""
    return {title for index, start, _ in where if (title := _title_before(paragraphs[index], start))}


def find_entity_drift(paragraphs: Sequence[str]) -> list[DriftFinding]:
    """Names written in two close spellings within one document, rarer spelling as the variant.

    >>> doc = ["Mr. Blinken met Mr. Peskov.", "Later Blinken's aide said Blinker would fly home."]
    >>> [f.reason for f in find_entity_drift(doc)]
    ["name spelled 'Blinker' here and 'Blinken' in paragraph 0"]
    """
    spans, followers = _occurrences(paragraphs)
    # Most frequent first (ties: first seen), so the canonical spelling comes first in each pair.
    names = sorted(spans, key=lambda n: (-len(spans[n]), spans[n][0]))
    pairs = _close_pairs(names)
    if not pairs:
        return []  # two documents in three: no two names alike enough to compare
    # Titles only for the names of pairs that _may_be_respelled passes: the few it does not reject.
    titles = cache(lambda name: _titles_before(paragraphs, spans[name]))
    canonical_of: dict[str, str] = {}
    for a, b in pairs:
        if b in canonical_of or a in canonical_of or not _may_be_respelled(a, b):
            continue
        if _respelled(a, b, bool(titles(a) & titles(b))) and not _different_people(followers, a, b):
            canonical_of[b] = a
    findings = []
    for variant, canonical in canonical_of.items():
        where = tuple(spans[variant])
        paragraphs_with_variant = tuple(sorted({p for p, _, _ in where}))
        first = spans[canonical][0][0]
        if paragraphs_with_variant == (first,):
            reason = f"name spelled both '{canonical}' and '{variant}' in paragraph {first}"
        else:
            reason = f"name spelled '{variant}' here and '{canonical}' in paragraph {first}"
        findings.append(DriftFinding(canonical, variant, paragraphs_with_variant, where, reason))
    return sorted(findings, key=lambda f: f.spans[0])


def drift_rate(paragraphs: Sequence[str]) -> float:
    """Share of paragraphs holding a drifted name spelling (0..1; 0.0 for an empty document too)."""
    if not paragraphs:
        return 0.0
    flagged = {p for finding in find_entity_drift(paragraphs) for p in finding.paragraphs}
    return len(flagged) / len(paragraphs)
