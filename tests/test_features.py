"""Feature families: named columns, finite values, masking and determinism on crafted text."""

from __future__ import annotations

import numpy as np
import pytest

from mtdetect.features import FAMILIES
from mtdetect.features.transformers import DenseFeatures, MaskedText
from mtdetect.features._text.lexicon import mask_token, masked_text

CLEAN = (
    "The council voted on Tuesday to extend the library's opening hours. Residents had asked for "
    "the change for years, and the mayor said the extra cost was modest. \"It's a good day,\" she said."
)

# Paragraphs with the tells of a translation pipeline (the findings report them; the features must stay total).
TELLS = [
    "The minister called it a « historic step » for the region and its people.",
    "Why did the government wait so long ? Nobody could answer that question.",
]


def test_masking_hides_content_but_keeps_function_words() -> None:
    assert mask_token("the") == "the"
    assert mask_token("Paris") == "<cap>"
    assert mask_token("2021") == "<num>"
    assert mask_token("running") == "<w-ing>"
    assert masked_text("The cat sat.") == "the <w> <w> ."


def test_masking_reads_acronyms_as_names_not_as_the_function_words_they_spell() -> None:
    assert masked_text("The US told us.") == "the <cap> <w> us ."
    assert mask_token("WHO") == "<cap>" and mask_token("who") == "who"
    assert masked_text("I think A is right.") == "i <w> a is <w> ."


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_every_family_returns_named_finite_columns(family: str) -> None:
    module = FAMILIES[family]
    values = module.compute([CLEAN, "", "???", TELLS[0]])
    assert values.shape == (4, len(module.COLUMNS))
    assert np.isfinite(values).all()
    assert len(set(module.COLUMNS)) == len(module.COLUMNS)


def test_dense_features_are_deterministic_and_named() -> None:
    features = DenseFeatures().fit([CLEAN])
    first, second = features.transform([CLEAN, TELLS[1]]), features.transform([CLEAN, TELLS[1]])
    assert np.array_equal(first, second)
    assert first.shape[1] == len(features.get_feature_names_out())


def test_dense_features_reject_a_bare_string_and_unknown_families() -> None:
    with pytest.raises(TypeError):
        DenseFeatures().transform(CLEAN)
    with pytest.raises(ValueError, match="unknown feature families"):
        DenseFeatures(families=("style", "astrology")).fit([CLEAN])


def test_masked_text_transformer_is_stateless() -> None:
    assert MaskedText().fit_transform(["The cat sat."]) == ["the <w> <w> ."]


def test_readability_works_without_pkg_resources_and_never_imports_textstat():
    """textstat 0.7.3 imports pkg_resources (gone from setuptools 82 and from Python 3.12's venvs)."""
    import subprocess
    import sys

    code = ("import sys; sys.modules['pkg_resources'] = None\n"
            "from mtdetect.features import readability\n"
            "row = readability.compute(['The cat sat on the mat. It was a remarkably contented animal.'])[0]\n"
            "assert 'textstat' not in sys.modules, 'textstat was imported'\n"
            "print(row[readability.COLUMNS.index('difficult_word_share')])")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert float(done.stdout) > 0  # "remarkably" and "contented" are not Dale-Chall easy words


def test_plain_words_zipf_is_wordfreqs_own() -> None:
    """The tokenizer-free lookup gives zipf_frequency's value for every word of lower-case ASCII letters."""
    import random
    import string

    from wordfreq import zipf_frequency

    from mtdetect.features.fluency import _english_frequencies, _plain_zipf

    listed = [w for w in list(_english_frequencies())[::50] if w.isascii() and w.isalpha() and w.islower()]
    rng = random.Random(0)
    made_up = ["".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(1, 12))) for _ in range(2000)]
    for word in listed + made_up + ["the", "zzzzqx", "a"]:
        assert repr(_plain_zipf(word)) == repr(zipf_frequency(word, "en")), word


def test_python_syllable_count_leaves_pyphens_cache_as_it_was(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the compiled module, pyphen's own per-word cache (never emptied) must not grow with the vocabulary."""
    from mtdetect.features import readability

    monkeypatch.setattr(readability, "_counts", None)
    cache = readability._hyphenator().hd.cache
    before = dict(cache)
    words = ["unquestionably", "hyphenation", "blinker", "pskov", "casus"]
    counts = [readability._hyphenation_syllables(word) for word in words]
    assert cache == before
    assert counts == [len(readability._hyphenator().positions(word)) + 1 for word in words]
