"""Closed word classes and tokenisation shared by the feature families.

Function words carry syntax but no topic, so features built on them (and on
content words masked to their shape) cannot learn *what* a text is about, only
*how* it is phrased: the property that separates translation from original
writing across topics.
"""

from __future__ import annotations

from mtdetect.features._text.wordtable import WordTable
from mtdetect.inputs.twins import TwinPattern

from mtdetect._compiled import ngrams_function

# The same tokens and views, found in C (mtdetect/_ngrams.c), two to three times faster than the patterns;
# None without a compiler
_compiled_lexical_tokens = ngrams_function("lexical_tokens")
_compiled_mapped_tokens = ngrams_function("mapped_tokens")
_compiled_tokens = ngrams_function("tokens")
_compiled_words = ngrams_function("words")

TOKEN_RE = TwinPattern.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d+(?:[.,:]\d+)*|[^\w\s]",
                               r"[A-Za-z]+(?:['’][A-Za-z]+)*|[0-9]+(?:[.,:][0-9]+)*|[^A-Za-z0-9_\s]")
WORD_RE = TwinPattern.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", r"[A-Za-z]+(?:['’-][A-Za-z]+)*")

FUNCTION_WORDS: tuple[str, ...] = tuple(
    """
    a about above across after against all almost along already also although always am among an and
    another any anyone anything are around as at be because been before being below between both but
    by can cannot could did do does doing down during each either enough even ever every few for from
    further had has have having he her here hers herself him himself his how however i if in into is it
    its itself just least less many may me might more most much must my myself neither never no nor not
    now of off often on once one only or other others our ours ourselves out over own per perhaps quite
    rather same she should since so some such than that the their theirs them themselves then there
    therefore these they this those though through thus to too toward towards under unless until up upon
    us very was we well were what whatever when whenever where whereas whether which while who whom
    whose why will with within without would yet you your yours yourself
    """.split()
)
FUNCTION_WORD_SET = frozenset(FUNCTION_WORDS)

# The most frequent function words get a column each in the style profile.
PROFILE_WORDS: tuple[str, ...] = (
    "the", "of", "and", "to", "a", "in", "that", "is", "was", "it", "for", "on", "with", "as", "be",
    "by", "at", "this", "which", "from", "have", "are", "has", "not", "but", "had", "also", "were",
    "been", "will", "would", "their", "they", "he", "she", "we", "i", "you", "there", "an", "its",
    "or", "more", "who", "so", "if", "than", "all", "such", "however", "thus", "while", "since",
    "very", "only", "then", "into", "about", "can", "could", "should", "must", "may", "just", "well",
)

SHAPE_SUFFIXES: tuple[str, ...] = ("ing", "ed", "ly", "tion", "ment", "ness", "ous", "ive", "al", "s")


def _tokens(text: str) -> tuple[str, ...]:
    return tuple(_compiled_tokens(text) if _compiled_tokens else TOKEN_RE.findall(text))


# The parse, the masked view and the lexical view all tokenize each paragraph: the parse stores its tokens here.
tokenize: WordTable[tuple[str, ...]] = WordTable(_tokens, size=8192)
"""Split into words, numbers and single punctuation marks (what :data:`TOKEN_RE` finds)."""


def words(text: str) -> list[str]:
    """Alphabetic words only, apostrophes and inner hyphens kept (what :data:`WORD_RE` finds)."""
    return _compiled_words(text) if _compiled_words else WORD_RE.findall(text)


SENTENCE_OPENERS = frozenset('.!?"“«(:')


def _is_acronym(token: str) -> bool:
    """Two or more capitals, as in "US", "WHO", "IT": a name, whatever function word it spells.

    Masked, "US" would read as the pronoun "us", and news translated from abroad names the
    United States far more often than English-language news does: in mtdetect 1.9.0 it was the
    heaviest n-gram towards machine (docs/validation.md, "what the shipped model learned").
    """
    return len(token) > 1 and token.isupper()


def _token_shape(token: str) -> str:
    lower = token.lower()
    if lower in FUNCTION_WORD_SET and not _is_acronym(token):
        return lower
    if token[0].isdigit():
        return "<num>"
    if not token[0].isalpha():
        return token
    if token[0].isupper():
        return "<cap>"
    for suffix in SHAPE_SUFFIXES:
        if lower.endswith(suffix) and len(lower) > len(suffix) + 2:
            return f"<w-{suffix}>"
    return "<w>"


mask_token: WordTable[str] = WordTable(_token_shape, size=1 << 16)  # called for every token
"""Keep function words and punctuation; replace content words by their shape.

The shape (capitalised, number, or a frequent suffix) keeps morphosyntax
visible while hiding the topic.
"""


def masked_tokens(text: str) -> list[str]:
    """The paragraph's tokens with content words masked (:func:`mask_token`)."""
    tokens = tokenize(text)
    if _compiled_mapped_tokens is not None:
        return _compiled_mapped_tokens(tokens, mask_token, mask_token.fill)
    return [mask_token(token) for token in tokens]


def masked_text(text: str) -> str:
    """The paragraph with content words masked, tokens joined by spaces."""
    return " ".join(masked_tokens(text))


def lexical_tokens(text: str) -> list[str]:
    """Lower-cased tokens with names and numbers masked.

    Word choice ("carry out", "in the framework of") is a real translation tell,
    but proper names and numbers mostly say which country a story is about; masking
    them keeps the first and drops most of the topic.
    """
    tokens = tokenize(text)
    if _compiled_lexical_tokens is not None:
        return _compiled_lexical_tokens(tokens, SENTENCE_OPENERS, "<num>", "<cap>")
    out = []
    for i, token in enumerate(tokens):
        if token[0].isdigit():
            out.append("<num>")
        elif token[0].isupper() and i > 0 and tokens[i - 1] not in SENTENCE_OPENERS:
            out.append("<cap>")
        else:
            out.append(token.lower())
    return out


def lexical_text(text: str) -> str:
    """:func:`lexical_tokens` joined by spaces."""
    return " ".join(lexical_tokens(text))
