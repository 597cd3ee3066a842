"""Offline synonym lookup over the WordNet 3.0 database files.

The synonym spinner needs a thesaurus that works without network access, so we
read the plain-text WordNet files Debian ships in ``wordnet-base``
(``/usr/share/wordnet``: ``index.{noun,verb,adj,adv}`` and ``data.*``) instead of
NLTK's downloader.

WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved.
Used under the WordNet 3.0 licence (permission to use, copy, modify and
distribute for any purpose without fee, provided the copyright notice and
disclaimer appear on all copies); see ``/usr/share/doc/wordnet-base/copyright``
and https://wordnet.princeton.edu/license-and-commercial-use.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from mtdetect.errors import CorpusError

WORDNET_DIR = Path("/usr/share/wordnet")
# WordNet file suffix and the one-letter part of speech used in its records.
PARTS_OF_SPEECH: dict[str, str] = {"noun": "n", "verb": "v", "adj": "a", "adv": "r"}
# How many senses of a word (most frequent first) contribute synonyms.
SENSES_USED = 2


@dataclass(frozen=True)
class Sense:
    """Synonyms of one lemma in one part of speech.

    ``tagged_senses`` (how many senses occur in WordNet's sense-tagged corpus)
    ranks the parts of speech of a word that has several, so an untagged text
    is read with the commonest one.
    """

    pos: str
    tagged_senses: int
    synonyms: tuple[str, ...]


@dataclass(frozen=True)
class Thesaurus:
    """Lemma (lowercase, multiword joined by spaces) to its senses, commonest POS first.

    ``irregular`` holds the inflected forms of WordNet's exception lists
    (``said``, ``children``): they are not lemmas, whatever the index says.
    ``irregular_bases`` holds their lemmas (``say``, ``child``), which a regular
    suffix would misspell. ``lowercase_words`` are the words WordNet writes in
    lowercase somewhere (``minister``, ``hill``), as opposed to names only
    (``Russia``, ``Kremlin``).
    """

    entries: dict[str, tuple[Sense, ...]]
    irregular: frozenset[str]
    irregular_bases: frozenset[str]
    lowercase_words: frozenset[str]

    def senses(self, lemma: str) -> tuple[Sense, ...]:
        """Senses of ``lemma``; empty when WordNet does not know it."""
        return self.entries.get(lemma, ())

    def __contains__(self, lemma: object) -> bool:
        return lemma in self.entries


def _clean(word: str) -> str:
    """Turn a WordNet word field (``look_after``, ``big(a)``) into plain text."""
    return word.split("(", 1)[0].replace("_", " ")


def _read_synsets(path: Path) -> dict[int, tuple[str, ...]]:
    """Byte offset of each synset in a ``data.*`` file to its words."""
    synsets: dict[int, tuple[str, ...]] = {}
    with path.open(encoding="latin-1") as lines:
        for line in lines:
            if line.startswith("  "):  # licence header
                continue
            fields = line.split(" ", 4 + 2 * 255)
            count = int(fields[3], 16)
            synsets[int(fields[0])] = tuple(_clean(w) for w in fields[4 : 4 + 2 * count : 2])
    return synsets


def _read_index(path: Path, synsets: dict[int, tuple[str, ...]], pos: str) -> dict[str, Sense]:
    """Each lemma of an ``index.*`` file to the synonyms of its first senses."""
    senses: dict[str, Sense] = {}
    with path.open(encoding="latin-1") as lines:
        for line in lines:
            if line.startswith("  "):
                continue
            fields = line.split()
            n_synsets, n_pointers = int(fields[2]), int(fields[3])
            tagged = int(fields[5 + n_pointers])
            offsets = fields[6 + n_pointers : 6 + n_pointers + n_synsets]
            lemma = _clean(fields[0])
            synonyms: dict[str, None] = {}
            for offset in offsets[:SENSES_USED]:
                for word in synsets[int(offset)]:
                    if word.lower() != lemma and word.islower():
                        synonyms[word] = None
            senses[lemma] = Sense(pos, tagged, tuple(synonyms))
    return senses


@lru_cache(maxsize=2)
def load_thesaurus(directory: Path = WORDNET_DIR) -> Thesaurus:
    """Load WordNet from ``directory`` (about 2 s; cached per directory).

    Raises
    ------
    CorpusError
        If the WordNet files are missing (install Debian's ``wordnet-base``).
    """
    by_lemma: dict[str, list[Sense]] = {}
    irregular: dict[str, str] = {}
    lowercase: set[str] = set()
    for name, pos in PARTS_OF_SPEECH.items():
        data, index, exc = directory / f"data.{name}", directory / f"index.{name}", directory / f"{name}.exc"
        if not (data.is_file() and index.is_file() and exc.is_file()):
            raise CorpusError(f"WordNet files for {name} are missing in {directory}; install Debian's wordnet-base.")
        synsets = _read_synsets(data)
        lowercase.update(word for words in synsets.values() for word in words if word.islower())
        for lemma, sense in _read_index(index, synsets, pos).items():
            by_lemma.setdefault(lemma, []).append(sense)
        for line in exc.read_text(encoding="latin-1").splitlines():
            inflected, base = (_clean(word) for word in line.split(" ")[:2])
            irregular[inflected] = base
    entries = {lemma: tuple(sorted(s, key=lambda sense: -sense.tagged_senses)) for lemma, s in by_lemma.items()}
    return Thesaurus(entries, frozenset(irregular), frozenset(irregular.values()), frozenset(lowercase))


def synonym_gaps(directory: Path = WORDNET_DIR) -> dict[str, float]:
    """Each lowercase WordNet word to how much commoner its commonest synonym is (Zipf units).

    Notes
    -----
    ``gap(w) = max(zipf(s) for s sharing any synset with w) - zipf(w)``, over words
    wordfreq knows (Zipf > 0) that have at least one lowercase synonym. A synonym
    spinner swaps the common word a writer chose for a dictionary alternative, so
    spun text is full of words with a large gap ("curative" where "remedy" would
    do); writers mostly pick the common word, whose gap is zero or negative.
    """
    from wordfreq import zipf_frequency

    together: dict[str, set[str]] = {}
    for name in PARTS_OF_SPEECH:
        data = directory / f"data.{name}"
        if not data.is_file():
            raise CorpusError(f"WordNet file {data} is missing; install Debian's wordnet-base.")
        for words in _read_synsets(data).values():
            lowercase = [word for word in words if word.islower()]
            for word in lowercase:
                together.setdefault(word, set()).update(other for other in lowercase if other != word)
    gaps = {}
    for word, synonyms in together.items():
        own = zipf_frequency(word, "en")
        if own > 0 and synonyms:
            gaps[word] = max(zipf_frequency(s, "en") for s in synonyms) - own
    return gaps
