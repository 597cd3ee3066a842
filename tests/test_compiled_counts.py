"""The compiled feature counts (mtdetect._counts) give exactly the Python paths' numbers."""

from __future__ import annotations

import os

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtdetect import _compiled
from mtdetect.features import fluency, readability, style, synonyms

from mtdetect.features._text import stats
from mtdetect.features._text.parsed import parse

# Under CI (which has a C compiler) these tests run, and fail, where the module is missing.
needs_module = pytest.mark.skipif(_compiled.counts is None and not os.environ.get("CI"),
                                  reason="built without a C compiler: the Python paths are the only ones")

FLOATS = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12)
# Pieces that exercise every count: repeated words (hapaxes, bigrams, the 25-word window), function and
# profile words, capitals, digits, each punctuation mark, sentence ends and odd white space.
PIECES = st.lists(st.sampled_from(["the", "The", "of", "cat", "Cat", "sat", "it's", "état", "3", "4.5", ",", ";",
                                   ":", "(", '"', "“", "'", "-", "—", "–", "!", "?", ".", "...", " ", "  ", "\n",
                                   "\x1c", "\u00a0", "_", "a=b", "ﬁ", "İ", "Ⅻ", "mr.", "x"]), max_size=120)
# Thesaurus words, two-word expressions and capitals for the synonym row.
SPUN_PIECES = st.lists(st.sampled_from(["old", "age", "Old", "curative", "remedy", "peculiarly", "said", "unfair",
                                        "mold", "over", "the", "of", "Paris", "curatives", "in", "fact", "iPhone",
                                        "Ébène", "naïve", "3", ",", "."]), max_size=60)
TEXTS = st.one_of(st.text(max_size=300), PIECES.map(" ".join), PIECES.map("".join))
ASCII_TEXTS = st.one_of(st.text(st.characters(max_codepoint=127), max_size=300),
                        PIECES.map(" ".join).filter(str.isascii), PIECES.map("".join).filter(str.isascii))


def test_the_extension_is_built_in_ci() -> None:
    """CI has a C compiler, so it must test the compiled paths, not silently the fallbacks."""
    if os.environ.get("CI"):
        assert stats._counts is not None


@needs_module
@settings(max_examples=500, deadline=None)
@given(st.lists(FLOATS, min_size=1, max_size=700))
def test_sums_and_spreads_are_numpys_to_the_bit(values: list[float]) -> None:
    array = np.array(values, dtype=np.float64)
    assert stats._counts.numpy_sum(values) == float(np.add.reduce(array))
    deviations = array - np.add.reduce(array) / len(values)
    assert stats._counts.std(values) == float(np.sqrt(np.add.reduce(deviations * deviations) / len(values)))
    assert stats._counts.std(tuple(values)) == float(np.std(array))


@needs_module
@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_style_counts_are_the_python_counts(text: str) -> None:
    parse.cache_clear()
    p = parse(text)
    assert style._counts_of(p) == style._python_counts(p)


@needs_module
@settings(max_examples=600, deadline=None)
@given(st.one_of(ASCII_TEXTS, TEXTS, st.text(st.characters(blacklist_categories=()), max_size=200)))
def test_readability_counts_are_the_python_counts(text: str) -> None:
    assert readability.Counts.of(text) == readability.Counts.python_of(text)


@needs_module
@settings(max_examples=600, deadline=None)
@given(st.integers(0, 400), st.integers(1, 60), st.integers(0, 1200), st.integers(0, 3000),
       st.lists(st.integers(0, 9), max_size=60))
def test_readability_row_is_the_python_row(words: int, sentences: int, syllables: int, letters: int,
                                           difficulties: list[int]) -> None:
    counts = readability.Counts(words, sentences, syllables, letters, tuple(sorted(difficulties)))
    compiled = stats._counts.readability_row(counts.words, counts.sentences, counts.syllables, counts.letters,
                                             counts.difficulties, *readability.CLIP)
    assert compiled == readability._python_row(counts)


@needs_module
def test_readability_word_table_survives_being_emptied_and_long_words() -> None:
    """More distinct words than the compiled table holds (it empties itself), and words too long to keep."""
    texts = [" ".join(f"w{k}x{j}" for j in range(500)) + "." for k in range(140)] + ["a" * 60 + " " + "b=c'" * 20]
    for text in texts:
        assert readability.Counts.of(text) == readability.Counts.python_of(text)


@needs_module
@settings(max_examples=300, deadline=None)
@given(st.one_of(TEXTS, SPUN_PIECES.map(" ".join)))
def test_fluency_and_synonym_rows_are_the_python_rows(text: str) -> None:
    parse.cache_clear()
    p = parse(text)
    if p.lowered:
        assert fluency._row(text) == fluency._python_row(p.lowered)
    assert synonyms._row(text) == synonyms._python_row(p.tokens)


NAMES = st.lists(st.text(st.sampled_from("abkeloinrsİıσς"), min_size=1, max_size=9), max_size=40)


@needs_module
@settings(max_examples=300, deadline=None)
@given(NAMES)
def test_deletion_pairs_are_the_python_pairs(names: list[str]) -> None:
    from mtdetect.findings import drift

    lowered = [name.lower() for name in names]
    assert stats._counts.deletion_pairs(lowered, 64) == drift._python_pairs_by_deletions(lowered)


@needs_module
@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz"), max_size=30),
                 st.text(st.sampled_from("aeiouxyzstrnlİıσΣéß'-"), max_size=20), st.text(max_size=12)))
def test_hyphenation_points_are_pyphens(word: str) -> None:
    from pyphen import Pyphen

    fresh = Pyphen(lang="en_US")  # pyphen shares its dictionary (and that dictionary's cache) between instances
    hd = readability._hyphenator().hd
    assert stats._counts.hyphenation_points(word, hd.patterns, hd.maxlen, fresh.left, fresh.right) == len(
        fresh.positions(word))


def test_without_the_module_the_rows_are_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = ["The cat sat on the mat. It sat, again; and again (twice) -- \"quietly\"! A curative in old age.",
             "« Bonjour » ? theNorth Atlantic. Ⅻ ² ½ naïve café, 3.5 million — twice.", "x " * 80, ""]
    families = (style, readability, fluency, synonyms)
    compiled = [family.compute(texts) for family in families]
    spread = stats.std([float(i) for i in range(30)])
    for module in (stats, *families):
        monkeypatch.setattr(module, "_counts", None)
    parse.cache_clear()
    for family, rows in zip(families, compiled):
        assert np.array_equal(family.compute(texts), rows), family.__name__
    assert stats.std([float(i) for i in range(30)]) == spread


@needs_module
def test_bad_arguments_raise_instead_of_crashing() -> None:
    with pytest.raises(TypeError):
        stats._counts.readability_counts(b"cafe", len, len)
    with pytest.raises(ValueError, match="non-negative"):
        stats._counts.readability_counts("zebu", lambda word: -1, len)
    with pytest.raises(ZeroDivisionError):
        stats._counts.fluency_row(("cat",), {}, lambda word: 1 / 0, frozenset(), 3.0, 6.0)
    with pytest.raises(TypeError):
        stats._counts.numpy_sum([1.0, "two"])
    with pytest.raises(ValueError, match="no values"):
        stats._counts.std([])
    with pytest.raises(TypeError, match="tuple of str"):
        stats._counts.style_counts(("a", 1), (), (), (), frozenset(), (), (), 25)
    with pytest.raises(ValueError, match="one character"):
        stats._counts.style_counts((), (), (), (), frozenset(), (), ("ab",), 25)
