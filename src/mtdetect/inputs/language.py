"""Decide whether a paragraph may be scored as English.

Identification uses ``py3langid``, the maintained fork of langid.py: a naive
Bayes model over byte n-grams for ~100 languages, shipped inside the wheel (no
download at run time), about 0.2 ms a paragraph, with calibrated probabilities
(``norm_probs``). fastText-based detectors need a separate model download, and
lingua's models weigh hundreds of MB.

The question the detector asks is "may we score this as English?", so the
decision leans towards English: a paragraph is called non-English only when
the identifier is confident, English itself is unlikely, and few English
function words occur. Short paragraphs and English MT output sprinkled with
foreign names ("the Bundesverfassungsgericht ruled") therefore still count
as English.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from mtdetect.inputs.twins import TwinPattern

from mtdetect._compiled import ngrams_function

# The same runs of letters, and _looks_english's counts of them, found in C (mtdetect/_ngrams.c); None without a compiler
_compiled_english_evidence = ngrams_function("english_evidence")
_compiled_letter_runs = ngrams_function("letter_runs")

MIN_LETTERS = 20
MIN_CONFIDENCE = 0.9
MAX_ENGLISH_PROBABILITY = 0.05
MIN_FUNCTION_WORD_SHARE = 0.15
MIN_LATIN_SHARE = 0.5  # below this share of Latin letters, a paragraph is in another script
# Varieties and labels that do not mean "not English": Nigerian Pidgin and
# Scots are English-based; zxx means "no linguistic content".
ENGLISH_LIKE = frozenset({"en", "pcm", "sco", "zxx"})
# Their probabilities are summed in this fixed order: a set's order, and with it the sum's last bit,
# changes with each process's string hash seed.
ENGLISH_LIKE_ORDER = tuple(sorted(ENGLISH_LIKE))
# English function words rare as words in other Latin-script languages
# (no "a", "in", "is", "was", "die", "on", "an", "also", "to").
ENGLISH_MARKERS = frozenset(
    "the and of that with for this which were they their have has from are would will been there "
    "these those than what when who should could about into not but our you your its it he she we "
    "his her them be by or can more such because while".split()
)
LONGEST_MARKER = max(map(len, ENGLISH_MARKERS))
WORD_RE = TwinPattern.compile(r"[^\W\d_]+", r"[A-Za-z]+")


@lru_cache(maxsize=1)
def _identifier() -> Any:
    """Load the model once (mapped from the cache: a few ms; decompressed: about 0.5 s), and only when needed."""
    from mtdetect.inputs.langid_cache import load_identifier

    return load_identifier()


def rank_languages(text: str) -> list[tuple[str, float]]:
    """Every language the model knows, with its probability, most likely first."""
    return _identifier().rank(text)


def detect_language(text: str) -> tuple[str, float | None]:
    """Return ``(code, probability)``, deciding for ``"en"`` unless another language is sure.

    Returns ``("en", None)`` without running the identifier when the text is
    short or mostly English function words (most input: this saves loading the
    identifier's model, about 0.5 s, and 0.2 ms a paragraph); ``("en", p_en)``
    when it is not confidently identified; otherwise the identifier's top ISO
    639 code and its probability.

    >>> detect_language("Le chat dort sur la table de la cuisine depuis ce matin.")[0]
    'fr'
    >>> detect_language("The Bundesverfassungsgericht ruled on the Grundgesetz.")[0]
    'en'
    """
    if _looks_english(text):
        return "en", None
    ranked = rank_languages(text)
    probabilities = dict(ranked)
    p_english = sum(probabilities.get(code, 0.0) for code in ENGLISH_LIKE_ORDER)
    top, confidence = ranked[0]
    if top not in ENGLISH_LIKE and latin_share(text) < MIN_LATIN_SHARE:
        return top, confidence  # mostly another script: not English, however unsure the identifier is
    if top in ENGLISH_LIKE or confidence < MIN_CONFIDENCE or p_english > MAX_ENGLISH_PROBABILITY:
        return "en", p_english
    return top, confidence


def latin_share(text: str) -> float:
    """Share of the letters of ``text`` that are Latin (1.0 for a text without letters).

    >>> latin_share("Perl 的首頁"), latin_share("abc")
    (0.5714285714285714, 1.0)
    """
    letters = [c for c in text if c.isalpha()]
    return sum(c < "\u0250" for c in letters) / len(letters) if letters else 1.0


def _letter_runs(text: str) -> list[str]:
    """What :data:`WORD_RE` finds in ``text``."""
    return _compiled_letter_runs(text) if _compiled_letter_runs else WORD_RE.findall(text)


def english_evidence(text: str) -> tuple[int, int, int]:
    """Letters in the lower-cased runs of letters, the runs, and the runs that are English markers."""
    if _compiled_english_evidence is not None:
        return _compiled_english_evidence(text, ENGLISH_MARKERS, LONGEST_MARKER)
    if text.isascii():  # lower-casing ASCII maps letters to letters: the same words, found faster
        words = _letter_runs(text.lower())
    else:
        words = [w.lower() for w in _letter_runs(text)]
    return sum(map(len, words)), len(words), sum(map(ENGLISH_MARKERS.__contains__, words))


def _looks_english(text: str) -> bool:
    letters, n_words, markers = english_evidence(text)
    if letters < MIN_LETTERS:
        return True
    return markers >= 2 and markers >= MIN_FUNCTION_WORD_SHARE * n_words


def is_english(text: str) -> bool:
    """Whether ``text`` may be scored as English (only confident non-English is refused)."""
    return detect_language(text)[0] == "en"
