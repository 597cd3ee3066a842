"""One parse per paragraph, shared by every feature family.

Each family needs tokens, words and sentences; computing them once per text
(behind a bounded cache, as textstat does) keeps the families independent
without paying for the parse four times.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from mtdetect.features.lexicon import tokenize, words

SENTENCE_END_RE = re.compile(r"(?<=[.!?…])[\"”’»)\]]*\s+(?=[\"“‘«(\[]*[A-Z0-9])")


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


# Eight scoring batches (mtdetect.scoring.BATCH_SIZE): every family of a batch finds its parses.
# A larger cache only holds memory (8192 parses held 58 MiB more in a 31,000-paragraph run).
@lru_cache(maxsize=2048)
def parse(text: str) -> Parsed:
    """Parse a paragraph; identical texts share one result."""
    sentences = tuple(s for s in SENTENCE_END_RE.split(text.strip()) if s)
    found = words(text)
    # Words hold no white space, so on ASCII text one lower-casing of them all, split again, is theirs.
    lowered = " ".join(found).lower().split() if text.isascii() else [w.lower() for w in found]
    return Parsed(text, tokenize(text), tuple(found), tuple(lowered), sentences or (text,))
