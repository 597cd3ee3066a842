"""Language-model fluency: spun and scrambled text gains less from context than the original."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest

from mtdetect.errors import ModelError
from mtdetect.features import lm

ORIGINAL = ("BSkyB argued that forcing it to reduce its ITV stake was unreasonable and a disproportionate "
            "remedy, especially as BSkyB had said it would give up its voting rights.")
SPUN = ("BSkyB debated that coercing it to reduce its ITV stake was unreasonable and a disproportionate "
        "curative, peculiarly as BSkyB had said it would surrender its voting rights.")
SCRAMBLED = "The the of and in house it was to so for on blue the the market of a a of."


@pytest.fixture()
def fresh_model() -> Iterator[None]:
    """Forget the loaded model before and after, so a test can swap the expected checksum."""
    lm._model.cache_clear()
    yield
    lm._model.cache_clear()


def columns(text: str) -> dict[str, float]:
    return dict(zip(lm.COLUMNS, lm.compute([text])[0]))


def test_synonym_swaps_lower_the_context_gain_and_the_probability() -> None:
    original, spun = columns(ORIGINAL), columns(SPUN)
    assert spun["gain_mean"] < original["gain_mean"] - 0.3
    assert spun["logprob_mean"] < original["logprob_mean"] - 0.5


def test_scrambled_words_are_unexpected_in_context_although_each_is_common() -> None:
    scrambled, original = columns(SCRAMBLED), columns(ORIGINAL)
    assert scrambled["unigram_mean"] > original["unigram_mean"]  # common words...
    assert scrambled["gain_mean"] < 0 < original["gain_mean"]  # ...in an unlikely order
    assert scrambled["unexpected_share"] > 0.5 > original["unexpected_share"]


def test_unknown_words_count_as_out_of_vocabulary_and_empty_text_gives_zeros() -> None:
    assert columns("Zzqxv wvbnm the house.")["oov_share"] == pytest.approx(2 / 5)  # with </s>
    assert not lm.compute(["", "12345 678"]).any()


def test_curly_apostrophes_score_like_straight_ones() -> None:
    assert columns("It’s the company’s best year.") == columns("It's the company's best year.")


def test_a_different_language_model_file_is_refused(fresh_model: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lm, "MODEL_SHA256", "0" * 64)
    with pytest.raises(ModelError, match="not the one mtdetect was trained with"):
        lm.compute([ORIGINAL])


def test_a_missing_pocketsphinx_is_one_clear_error(fresh_model: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pocketsphinx", None)  # import now raises ImportError
    with pytest.raises(ModelError, match=r"pip install 'mtdetect\[lm\]'"):
        lm.compute([ORIGINAL])
