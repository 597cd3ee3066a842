"""The plain-array scorer equals the scikit-learn pipeline and loads without pickle or scikit-learn."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from sklearn.feature_extraction.text import HashingVectorizer

from mtdetect.errors import ModelError
from mtdetect.model.inference import char_wb_ngrams, load_scorer, word_ngrams
from mtdetect.model.load import arrays_path, card_path, load_detector

AWKWARD = [
    "« Bonjour » ? theNorth  Atlantic\n\nwith\ttabs and   spaces, 2024 — naïve café Zürich.",
    "a", "", "   ", "I", "Ok ok ok ok ok ok ok ok ok ok ok ok ok.", "日本語のテキスト and English",
]


@pytest.mark.parametrize("text", AWKWARD)
def test_ngrams_match_scikit_learn_analyzers(text: str) -> None:
    chars = HashingVectorizer(analyzer="char_wb", ngram_range=(2, 5), lowercase=False).build_analyzer()
    word_analyzer = HashingVectorizer(analyzer="word", token_pattern=r"\S+", ngram_range=(1, 3),
                                      lowercase=False).build_analyzer()
    assert char_wb_ngrams(text, 2, 5) == chars(text)
    assert sorted(word_ngrams(text, re.compile(r"\S+"), 1, 3)) == sorted(word_analyzer(text))


def test_array_scorer_equals_the_pipeline(tiny_model: Path, examples: dict[str, str],
                                          tiny_records: list[dict]) -> None:
    detector = load_detector(tiny_model)
    assert detector.scorer is not None and detector.pipeline is None  # nothing unpickled to score
    texts = [r["text"] for r in tiny_records[:200]] + list(examples.values()) + AWKWARD
    from_arrays = detector.scorer.predict_proba(texts)
    from_pipeline = detector.estimator.predict_proba(texts)[:, 1]
    assert np.abs(from_arrays - from_pipeline).max() < 1e-9


def test_arrays_are_read_without_pickle(tiny_model: Path) -> None:
    with np.load(arrays_path(tiny_model), allow_pickle=False) as data:
        assert all(data[name].dtype != object for name in data.files)
    scorer = load_scorer(arrays_path(tiny_model))
    classifier = load_detector(tiny_model).estimator.named_steps["classifier"]
    assert scorer.heads == ("translation", "spin") == classifier.names
    assert scorer.intercept == pytest.approx(classifier.intercept_)


def test_arrays_of_format_1_still_load(tiny_model: Path, tmp_path: Path, examples: dict[str, str]) -> None:
    """A one-head model written by mtdetect 1.8 (arrays format 1: flat coefficients, one intercept)."""
    scorer = load_scorer(arrays_path(tiny_model))
    arrays = {"spec": np.array(json.dumps({
        "format": 1, "families": list(scorer.families), "intercept": float(scorer.intercept[0]),
        "blocks": [{"view": b.view, "analyzer": b.analyzer, "ngram_range": list(b.ngram_range),
                    "token_pattern": b.token_pattern} for b in scorer.blocks]})),
        "dense_mean": scorer.dense_mean, "dense_scale": scorer.dense_scale, "dense_coef": scorer.dense_coef[:, 0]}
    for k, block in enumerate(scorer.blocks):
        arrays[f"block{k}_idf"], arrays[f"block{k}_coef"] = block.idf, block.coef[:, 0]
    old = tmp_path / "old.npz"
    np.savez_compressed(old, **arrays)
    one_head = load_scorer(old)
    assert one_head.heads == ("folded",)
    texts = list(examples.values())
    assert np.allclose(one_head.decision_function(texts), scorer.head_logits(texts)[:, 0], atol=1e-12)


def test_arrays_whose_coefficients_do_not_fit_are_refused(tiny_model: Path, tmp_path: Path) -> None:
    with np.load(arrays_path(tiny_model), allow_pickle=False) as data:
        arrays = {name: data[name] for name in data.files}
    arrays["block0_coef"] = arrays["block0_coef"][:-1]
    broken = tmp_path / "broken.npz"
    np.savez_compressed(broken, **arrays)
    with pytest.raises(ValueError, match="coefficients for"):
        load_scorer(broken)


def _copy_model(source: Path, folder: Path, *, with_arrays: bool = True) -> Path:
    copy = folder / source.name
    for path in (source, card_path(source)) + ((arrays_path(source),) if with_arrays else ()):
        shutil.copy(path, folder / path.name)
    return copy


def test_tampered_arrays_are_refused(tiny_model: Path, tmp_path: Path) -> None:
    copy = _copy_model(tiny_model, tmp_path)
    with open(arrays_path(copy), "ab") as handle:
        handle.write(b"\0")
    with pytest.raises(ModelError, match="sha256 does not match"):
        load_detector(copy)


def test_damaged_arrays_are_a_model_error_even_when_trusted(tiny_model: Path, tmp_path: Path) -> None:
    copy = _copy_model(tiny_model, tmp_path)
    arrays_path(copy).write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ModelError, match="cannot load model arrays"):
        load_detector(copy, trust=True)


def test_model_without_its_arrays_falls_back_to_the_pipeline(tiny_model: Path, tmp_path: Path,
                                                            examples: dict[str, str]) -> None:
    copy = _copy_model(tiny_model, tmp_path, with_arrays=False)
    detector = load_detector(copy)
    assert detector.scorer is None and detector.pipeline is not None
    texts = list(examples.values())
    assert np.allclose(detector.predict_proba(texts), load_detector(tiny_model).predict_proba(texts), atol=1e-9)


def test_scoring_imports_neither_scikit_learn_nor_joblib(tiny_model: Path, tmp_path: Path,
                                                         examples: dict[str, str]) -> None:
    text = tmp_path / "in.txt"
    text.write_text(examples["native"] + "\n", encoding="utf-8")
    probe = ("import sys; from mtdetect.cli import main; sys.argv = ['mtdetect', 'score', '-f', 'json', "
             f"'--model', {str(tiny_model)!r}, {str(text)!r}]\n"
             "try:\n    main()\nexcept SystemExit:\n    pass\n"
             "print(sorted({m.split('.')[0] for m in sys.modules} & {'sklearn', 'scipy', 'joblib'}), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
    assert done.stderr.strip().splitlines()[-1] == "[]", done.stderr
    assert json.loads(done.stdout)
