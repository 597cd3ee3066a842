"""One parse per paragraph, shared by every feature family.

Each family needs tokens, words and sentences; computing them once per text
(behind a bounded cache, as textstat does) keeps the families independent
without paying for the parse four times.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from mtdetect.features._text.lexicon import tokenize, words

from mtdetect._compiled import ngrams_function

# Tokens, words and their lower-cased forms in one pass (mtdetect/_ngrams.c) (None without a compiler)
_compiled_pieces = ngrams_function("parse_pieces")

SENTENCE_END_RE = re.compile(r"(?<=[.!?…])[\"”’»)\]]*\s+(?=[\"“‘«(\[]*[A-Z0-9])")  # what splits sentences
# The same boundaries, each match opening with its end mark: a pattern that opens with a character class lets
# re skip to candidate characters instead of trying the look-behind everywhere (twice as fast; property-tested).
SENTENCE_BREAK_RE = re.compile(r"[.!?…][\"”’»)\]]*\s+(?=[\"“‘«(\[]*[A-Z0-9])")


@dataclass(frozen=True)
class Parsed:
    """Tokens, words (as written and lower-cased) and sentences of one paragraph."""

    text: str
    tokens: tuple[str, ...]
    words: tuple[str, ...]
    lowered: tuple[str, ...]
    sentences: tuple[str, ...]

    @property
    def n_words(self) -> int:
        return len(self.words)


def split_sentences(text: str) -> list[str]:
    """``SENTENCE_END_RE.split(text)``, found with :data:`SENTENCE_BREAK_RE`."""
    pieces, start = [], 0
    for match in SENTENCE_BREAK_RE.finditer(text):
        pieces.append(text[start : match.start() + 1])
        start = match.end()
    pieces.append(text[start:])
    return pieces


# Eight scoring batches (mtdetect.scoring.paragraphs.BATCH_SIZE): every family of a batch finds its parses.
# A larger cache only holds memory (8192 parses held 58 MiB more in a 31,000-paragraph run).
@lru_cache(maxsize=2048)
def parse(text: str) -> Parsed:
    """Parse a paragraph; identical texts share one result."""
    sentences = tuple(s for s in split_sentences(text.strip()) if s)
    if _compiled_pieces is not None:  # one pass; a word that is also a token, or already lower case, is one object
        tokens, found, lowered = _compiled_pieces(text)
        tokenize.remember(text, tokens)
        return Parsed(text, tokens, found, lowered, sentences or (text,))
    found = words(text)
    # Words hold no white space, so on ASCII text one lower-casing of them all, split again, is theirs.
    lowered = " ".join(found).lower().split() if text.isascii() else [w.lower() for w in found]
    return Parsed(text, tokenize(text), tuple(found), tuple(lowered), sentences or (text,))
