"""The compiled n-gram blocks (mtdetect._ngrams) give exactly the Python path's numbers."""

from __future__ import annotations

import os
from pathlib import Path

import mmh3
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtdetect import _compiled
from mtdetect.model import inference
from mtdetect.model.inference import HashedBlock
from mtdetect.model.load import load_detector

# Not a module-level importorskip: the CI check and the fallback tests below must run without the module too.
# Under CI (which has a C compiler) these tests run, and fail, where the module is missing.
needs_module = pytest.mark.skipif(_compiled.ngrams is None and not os.environ.get("CI"),
                                  reason="built without a C compiler: the Python path is the only one")

AWKWARD = [
    "« Bonjour » ? theNorth  Atlantic\n\nwith\ttabs and   spaces, 2024 — naïve café Zürich.",
    "a", "", "   ", "I", "Ok ok ok ok ok ok ok ok ok ok ok ok ok.", "日本語のテキスト and English",
    "emoji 🙂🙂 and\u00a0no-break\u2003em space", "e\u0301 combining, Ελληνικά, кириллица",
]
BLOCKS = [("word", (1, 3), r"\S+"), ("word", (1, 2), None), ("word", (2, 2), None),
          ("char_wb", (2, 5), None), ("char_wb", (1, 1), None), ("char_wb", (3, 4), None)]


def _block(analyzer: str, ngram_range: tuple[int, int], pattern: str | None, bits: int = 10,
           heads: int = 1) -> HashedBlock:
    rng = np.random.default_rng(len(analyzer) + 10 * ngram_range[0] + ngram_range[1])
    coef = rng.normal(0.0, 1.0, (1 << bits, heads))
    return HashedBlock(view="raw", analyzer=analyzer, ngram_range=ngram_range, token_pattern=pattern,
                       idf=rng.uniform(1.0, 9.0, 1 << bits), coef=coef if heads > 1 else coef.ravel())


def test_the_extension_is_built_in_ci() -> None:
    """CI has a C compiler, so it must test the compiled path, not silently the fallback."""
    if os.environ.get("CI"):
        assert inference._ngrams is not None


@needs_module
@pytest.mark.parametrize(("analyzer", "ngram_range", "pattern"), BLOCKS)
def test_compiled_equals_python_exactly(analyzer: str, ngram_range: tuple[int, int], pattern: str | None,
                                        tiny_records: list[dict]) -> None:
    block = _block(analyzer, ngram_range, pattern)
    texts = AWKWARD + [r["text"] for r in tiny_records[:300]]
    np.testing.assert_array_equal(block.compiled_decision(texts), block.python_decision(texts))


@needs_module
@pytest.mark.parametrize(("analyzer", "ngram_range", "pattern"), BLOCKS)
def test_compiled_equals_python_for_several_heads(analyzer: str, ngram_range: tuple[int, int],
                                                  pattern: str | None, tiny_records: list[dict]) -> None:
    """Each head's share from one pass over the n-grams: the same numbers as one head at a time."""
    block = _block(analyzer, ngram_range, pattern, heads=3)
    texts = AWKWARD + [r["text"] for r in tiny_records[:100]]
    shares = block.compiled_decision(texts)
    assert shares.shape == (len(texts), 3)
    np.testing.assert_array_equal(shares, block.python_decision(texts))
    for head in range(3):
        one = HashedBlock(view="raw", analyzer=analyzer, ngram_range=ngram_range, token_pattern=pattern,
                          idf=block.idf, coef=np.ascontiguousarray(block.coef[:, head]))
        np.testing.assert_array_equal(one.compiled_decision(texts)[:, 0], shares[:, head])


@needs_module
@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=80), max_size=4))
def test_compiled_equals_python_on_any_text(texts: list[str]) -> None:
    texts = [t.encode("utf-8", "ignore").decode("utf-8") for t in texts]  # no lone surrogates
    for analyzer, ngram_range, pattern in BLOCKS:
        block = _block(analyzer, ngram_range, pattern, bits=4)  # 16 buckets: collisions everywhere
        np.testing.assert_array_equal(block.compiled_decision(texts), block.python_decision(texts))


@needs_module
@given(st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40))
def test_the_hash_is_murmurhash3(token: str) -> None:
    """A one-token paragraph's only unigram lands in the bucket mmh3 gives it."""
    width = 1 << 20
    coef = np.zeros(width)
    coef[abs(mmh3.hash(token)) % width] = 1.0
    assert inference._ngrams.block_decision([token], False, 1, 1, np.ones(width), coef) == 1.0


def test_decision_falls_back_to_python_without_the_extension(monkeypatch: pytest.MonkeyPatch) -> None:
    block = _block("char_wb", (2, 5), None)
    compiled = block.decision(AWKWARD)
    monkeypatch.setattr(inference, "_ngrams", None)
    np.testing.assert_array_equal(block.decision(AWKWARD), compiled)


@needs_module
def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError, match="float64 buffer"):
        inference._ngrams.block_decision(["a"], True, 2, 5, np.ones(8), np.ones(4))
    with pytest.raises(ValueError, match="whole number of its width"):
        inference._ngrams.block_decision(["a"], True, 2, 5, np.ones(8), np.ones(12))
    with pytest.raises(TypeError, match="list of str"):
        inference._ngrams.block_decision(["a", 3], True, 2, 5, np.ones(8), np.ones(8))


def test_lone_surrogates_score_on_either_path(tiny_model: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """mmh3 crashes the interpreter on a lone surrogate, so the scorer replaces them before hashing."""
    detector = load_detector(tiny_model)
    texts = ["A lone \ud800 surrogate in an otherwise ordinary English sentence about the weather today."]
    compiled = detector.predict_proba(texts)
    monkeypatch.setattr(inference, "_ngrams", None)
    assert detector.predict_proba(texts) == pytest.approx(compiled, abs=1e-12)
    assert compiled == pytest.approx(detector.predict_proba([texts[0].replace("\ud800", "\ufffd")]), abs=1e-12)


ANY_CHARACTER = st.characters(blacklist_categories=())  # surrogates, controls and unassigned too
TOKEN_PIECES = st.lists(st.sampled_from(["minister", "'", "’", "s", "-", "3", ",", ".", ":", "5", "_", " ", "\u00a0",
                                         "é", "\u0301", "²", "٣", "l'", "don’t", "e-mail", "1,000.5", "«", "\x1c"]),
                        max_size=40).map("".join)


@needs_module
@settings(max_examples=500, deadline=None)
@given(text=st.one_of(st.text(ANY_CHARACTER, max_size=200), TOKEN_PIECES))
def test_compiled_tokenizers_find_what_the_patterns_find(text: str) -> None:
    from mtdetect.inputs import language
    from mtdetect.features._text.lexicon import TOKEN_RE, WORD_RE

    assert inference._ngrams.tokens(text) == TOKEN_RE.unicode.findall(text)
    assert inference._ngrams.words(text) == WORD_RE.unicode.findall(text)
    assert inference._ngrams.letter_runs(text) == language.WORD_RE.unicode.findall(text)


def test_tokenizers_without_the_module_give_the_same_tokens(monkeypatch: pytest.MonkeyPatch) -> None:
    from mtdetect.features._text import lexicon

    text = "The minister’s e-mail: 1,000.5 «euros» l'économie _x_ ²."
    compiled = lexicon.tokenize.compute(text), lexicon.words(text)
    monkeypatch.setattr(lexicon, "_compiled_tokens", None)
    monkeypatch.setattr(lexicon, "_compiled_words", None)
    assert (lexicon.tokenize.compute(text), lexicon.words(text)) == compiled
    assert compiled[1] == ["The", "minister’s", "e-mail", "euros", "l'économie", "x", "²"]


def test_letter_runs_without_the_module_are_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    from mtdetect.inputs import language

    text = "The minister’s e-mail: 1,000.5 «euros» l'économie _x_ ²."
    compiled = language._letter_runs(text)
    monkeypatch.setattr(language, "_compiled_letter_runs", None)
    assert language._letter_runs(text) == compiled == ["The", "minister", "s", "e", "mail", "euros", "l", "économie",
                                                      "x", "²"]


VIEW_PIECES = st.lists(st.sampled_from(["The", "the", "Paris", "running", "iPhone", "İstanbul", "ΣΑΣ", "3", ".", "(",
                                        "«", ":", "?", " ", "É", "ǅ", "Ⅻ", "x", "running.", "Mr"]),
                       max_size=40).map(" ".join)


@needs_module
@settings(max_examples=400, deadline=None)
@given(text=st.one_of(st.text(ANY_CHARACTER, max_size=200), TOKEN_PIECES, VIEW_PIECES))
def test_compiled_views_are_the_python_views_and_their_texts_split_back(text: str) -> None:
    from mtdetect.features._text import lexicon

    compiled = lexicon.masked_tokens(text), lexicon.lexical_tokens(text)
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(lexicon, "_compiled_mapped_tokens", None)
        patched.setattr(lexicon, "_compiled_lexical_tokens", None)
        assert (lexicon.masked_tokens(text), lexicon.lexical_tokens(text)) == compiled
    assert lexicon.masked_text(text).split() == compiled[0] and lexicon.lexical_text(text).split() == compiled[1]


def test_blocks_score_the_same_from_token_lists_as_from_view_texts(tiny_model: Path) -> None:
    """The scorer hands whitespace-split blocks its views' token lists; the joined texts give the same shares."""
    scorer = load_detector(tiny_model).scorer
    texts = AWKWARD + ["The minister said in Paris that 3 of the 12 reforms were running late."]
    for block in scorer.blocks:
        view, tokens = inference.TEXT_VIEWS[block.view], inference.TOKEN_VIEWS.get(block.view)
        expected = block.python_decision([view(t) for t in texts])
        if inference._ngrams is not None and tokens is not None and block.splits_on_white_space:
            assert np.array_equal(block.compiled_decision_on_items([tokens(t) for t in texts]), expected)


NAME_PIECES = st.lists(st.sampled_from(["Blinken", "NATO", "'s", "’", "s", "O'", "Brien", "x", "1", "_", " ", "-",
                                        "Straße", "İstanbul", "ǅemal", "Σσ", "É", "a", "Mc", "Donald", "\u0301", "."]),
                       max_size=40).map("".join)


@needs_module
@settings(max_examples=500, deadline=None)
@given(text=st.one_of(st.text(ANY_CHARACTER, max_size=200), NAME_PIECES))
def test_compiled_name_spans_are_the_patterns(text: str) -> None:
    from mtdetect.findings import entities as names

    assert names.name_spans(text) == names.python_name_spans(text)


@needs_module
@settings(max_examples=400, deadline=None)
@given(text=st.one_of(st.text(ANY_CHARACTER, max_size=200), TOKEN_PIECES, VIEW_PIECES))
def test_compiled_english_evidence_is_the_python_count(text: str) -> None:
    from mtdetect.inputs import language

    compiled = language.english_evidence(text)
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(language, "_compiled_english_evidence", None)
        assert language.english_evidence(text) == compiled


@needs_module
@settings(max_examples=400, deadline=None)
@given(text=st.one_of(st.text(ANY_CHARACTER, max_size=200), TOKEN_PIECES, VIEW_PIECES, NAME_PIECES))
def test_compiled_parse_pieces_are_the_python_parse(text: str) -> None:
    from mtdetect.features._text import lexicon, parsed

    parsed.parse.cache_clear()
    compiled = parsed.parse(text)
    assert lexicon.tokenize(text) == compiled.tokens
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(parsed, "_compiled_pieces", None)
        parsed.parse.cache_clear()
        assert parsed.parse(text) == compiled
    parsed.parse.cache_clear()
