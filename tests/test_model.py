"""Training, calibration, persistence and integrity checks on a tiny model."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from mtdetect.errors import ModelError
from mtdetect.model.load import ModelOptions, card_path, load_detector, origin_weights, save_detector, sha256_of
from mtdetect.lab.training import SelectionOptions, native_threshold, select, train


def test_tiny_model_separates_its_classes(tiny_model: Path, examples: dict[str, str]) -> None:
    detector = load_detector(tiny_model)
    native, machine = detector.predict_proba([examples["native"], examples["machine"]])
    assert machine > 0.5 > native


def test_training_is_reproducible(tiny_records: list[dict], examples: dict[str, str]) -> None:
    options, selection = ModelOptions(hash_bits=12, seed=5), SelectionOptions(seed=5)
    texts = list(examples.values())
    first, _ = train(tiny_records, model_options=options, selection=selection)
    second, _ = train(tiny_records, model_options=options, selection=selection)
    assert np.array_equal(first.predict_proba(texts), second.predict_proba(texts))


def test_card_records_hash_threshold_and_data(tiny_model: Path) -> None:
    card = json.loads(card_path(tiny_model).read_text())
    assert card["sha256"] == sha256_of(tiny_model)
    assert 0.0 <= card["threshold"]["value"] <= 1.0
    assert "native" in card["threshold"]["how"]
    assert card["training_data"]["train"]["native"] > 0
    assert card["options"]["hash_bits"] == 12


def test_tampered_model_is_refused_before_unpickling(tiny_model: Path, tmp_path: Path) -> None:
    copy = tmp_path / "model.joblib"
    shutil.copy(tiny_model, copy)
    shutil.copy(card_path(tiny_model), card_path(copy))
    with open(copy, "ab") as handle:
        handle.write(b"\0")
    with pytest.raises(ModelError, match="sha256 does not match"):
        load_detector(copy)


def test_truncated_model_is_refused_even_when_trusted(tiny_model: Path, tmp_path: Path) -> None:
    copy = tmp_path / "model.joblib"
    copy.write_bytes(tiny_model.read_bytes()[:100])
    shutil.copy(card_path(tiny_model), card_path(copy))
    with pytest.raises(ModelError, match="sha256"):
        load_detector(copy)
    with pytest.raises(ModelError, match="cannot load model"):
        load_detector(copy, trust=True)


def test_model_with_other_feature_columns_is_refused(tiny_model: Path, tmp_path: Path) -> None:
    """A model from a version whose feature columns differ gets one clear error, not a shape error."""
    copy = tmp_path / tiny_model.name
    card = json.loads(card_path(tiny_model).read_text())
    assert card["features"]["dense_columns"][0] == "style__sentence_len_mean"
    for suffix in (".joblib", ".npz"):
        shutil.copy(tiny_model.with_suffix(suffix), copy.with_suffix(suffix))
    card["features"]["dense_columns"] = card["features"]["dense_columns"][:-1]  # as if one were added since
    card_path(copy).write_text(json.dumps(card))
    with pytest.raises(ModelError, match="other feature columns .* retrain it"):
        load_detector(copy)  # scoring from the plain arrays
    copy.with_suffix(".npz").unlink()
    with pytest.raises(ModelError, match="other feature columns"):
        load_detector(copy)  # from the pickle


def test_missing_card_and_missing_model_are_model_errors(tiny_model: Path, tmp_path: Path) -> None:
    copy = tmp_path / "model.joblib"
    shutil.copy(tiny_model, copy)
    with pytest.raises(ModelError, match="card not found"):
        load_detector(copy)
    with pytest.raises(ModelError, match="not found"):
        load_detector(tmp_path / "absent.joblib")


def test_selection_caps_systems_per_document_and_balances_origins() -> None:
    records = [{"split": "train", "origin": "machine", "group": "g", "pair": "p", "system": f"s{i}", "text": "x"}
               for i in range(10)] + [{"split": "train", "origin": "native", "group": "h", "pair": "q",
                                       "system": "source", "text": "y"}]
    kept = select(records, "train", SelectionOptions(max_systems=3, seed=1))
    assert sum(r["origin"] == "machine" for r in kept) == 3
    weights = origin_weights(np.array([r["origin"] for r in kept]))
    assert weights[-1] == pytest.approx(3 * weights[0])


def test_val_only_generators_train_no_head_but_stay_in_val() -> None:
    records = [{"split": split, "origin": "spun", "group": "g", "pair": "en-xx", "system": system, "text": "x"}
               for split in ("train", "val") for system in ("synonym", "namemangle+synonym", "apertium-spa")]
    selection = SelectionOptions(val_only_generators=("synonym",))
    assert [r["system"] for r in select(records, "train", selection)] == ["apertium-spa"]
    assert len(select(records, "val", selection)) == 3
    assert len(select(records, "train", SelectionOptions())) == 3


def test_combiner_columns_fold_next_to_the_heads() -> None:
    from types import SimpleNamespace

    from mtdetect.model.load import _fold

    heads = [SimpleNamespace(coef_=np.array([[1.0, 0.0, 2.0]]), intercept_=np.array([0.5])),
             SimpleNamespace(coef_=np.array([[0.0, 3.0, 0.0]]), intercept_=np.array([-1.0]))]
    combiner = SimpleNamespace(coef_=np.array([[2.0, 1.0, 4.0]]), intercept_=np.array([0.25]))
    folded = _fold(heads, combiner, 3, direct=[2])
    assert folded.coef_.tolist() == [[2.0, 3.0, 8.0]]  # 2 * head 1 + 1 * head 2, plus 4 on column 2 itself
    assert folded.intercept_.tolist() == [0.25 + 2 * 0.5 - 1.0]


def test_spinner_prior_recipe_trains_and_scores(tiny_records: list[dict], examples: dict[str, str],
                                                tmp_path: Path) -> None:
    """``mtdetect train --spinner-prior``: the prior column in the combiner, the synonym spinner's text in val only."""
    from mtdetect.lab.workflows import SPINNER_PRIOR_COLUMN, recipe

    records = [dict(r, system="apertium-spa") if r["origin"] == "spun" and int(r["doc_id"][1:]) % 2 else r
               for r in tiny_records]  # the fixture's spinner is "synonym": keep half of it trainable
    options, selection = recipe(seed=5, max_systems=4, spinner_prior=True)
    detector, card = train(records, model_options=replace(options, hash_bits=12), selection=selection)
    assert list(card["heads"]["combiner_columns"]) == [SPINNER_PRIOR_COLUMN]
    assert card["selection"]["val_only_generators"] == ["synonym"]
    assert card["training_data"]["train"]["spun"] == sum(
        r["split"] == "train" and r["system"] == "apertium-spa" for r in records)
    native, machine = detector.predict_proba([examples["native"], examples["machine"]])
    assert machine > native
    path = tmp_path / "prior.joblib"
    save_detector(detector, path)
    texts = [examples["native"], examples["machine"], *[r["text"] for r in records if r["origin"] == "spun"][:4]]
    loaded = load_detector(path)  # the plain-array scorer computes the prior column too
    assert np.allclose(loaded.scorer.predict_proba(texts), loaded.estimator.predict_proba(texts)[:, 1], atol=1e-9)


TWO_HEADS = ("translation", "spin")


def test_the_strongest_calibrated_head_decides(tiny_records: list[dict], examples: dict[str, str]) -> None:
    detector, card = train(tiny_records, model_options=ModelOptions(hash_bits=12, seed=5, heads=TWO_HEADS),
                           selection=SelectionOptions(seed=5))
    assert card["heads"]["combine"] == "max"
    assert set(card["heads"]["heads"]) == {"translation", "spin"}
    assert card["heads"]["heads"]["spin"]["origins"] == ["native", "spun"]
    assert card["heads"]["heads"]["translation"]["shift"] == 0.0  # the others are aligned on it
    pipeline = detector.estimator
    X = pipeline.named_steps["features"].transform(list(examples.values()))
    classifier = pipeline.named_steps["classifier"]
    logits = np.column_stack([X @ row + b for row, b in zip(classifier.coef_, classifier.intercept_)])
    assert logits.shape == (len(examples), 2)
    assert np.allclose(detector.raw_proba(list(examples.values())), 1 / (1 + np.exp(-logits.max(axis=1))))


def test_heads_aligned_flag_the_same_share_of_val_natives(tiny_records: list[dict]) -> None:
    from mtdetect.lab.training import labelled_texts
    detector, _ = train(tiny_records, model_options=ModelOptions(hash_bits=12, seed=5, heads=TWO_HEADS),
                        selection=SelectionOptions(seed=5))
    natives = labelled_texts([r for r in select(tiny_records, "val", SelectionOptions(seed=5))
                              if r["origin"] == "native"])
    X = detector.estimator.named_steps["features"].transform(natives.texts)
    logits = detector.estimator.named_steps["classifier"].head_logits(X)
    levels = np.quantile(logits, ModelOptions().align_quantile, axis=0)
    assert levels[0] == pytest.approx(levels[1], abs=1e-9)


def test_heads_fold_into_one_calibrated_linear_classifier(tiny_records: list[dict],
                                                          examples: dict[str, str]) -> None:
    detector, card = train(tiny_records, model_options=ModelOptions(hash_bits=12, seed=5, heads=TWO_HEADS,
                                                                    combine="fold"),
                           selection=SelectionOptions(seed=5))
    assert card["heads"]["combine"] == "fold"
    assert set(card["heads"]["heads"]) == {"translation", "spin"}
    pipeline = detector.estimator
    X = pipeline.named_steps["features"].transform(list(examples.values()))
    classifier = pipeline.named_steps["classifier"]
    logit = X @ classifier.coef_.ravel() + classifier.intercept_[0]
    assert np.allclose(detector.predict_proba(list(examples.values())), 1 / (1 + np.exp(-logit)))


def test_unknown_combine_is_refused(tiny_records: list[dict]) -> None:
    with pytest.raises(ValueError, match="unknown combine"):
        train(tiny_records, model_options=ModelOptions(hash_bits=12, combine="mean"), selection=SelectionOptions())


def test_the_default_model_is_the_translation_head_alone(tiny_records: list[dict]) -> None:
    """The shipped recipe since 1.9: no spin head (docs/validation.md, "1.9.0")."""
    detector, card = train(tiny_records, model_options=ModelOptions(hash_bits=12, seed=5),
                           selection=SelectionOptions(seed=5))
    assert list(card["heads"]["heads"]) == ["translation"]
    native = [r["text"] for r in tiny_records if r["split"] == "test" and r["origin"] == "native"]
    machine = [r["text"] for r in tiny_records if r["split"] == "test" and r["origin"] == "machine"]
    assert detector.predict_proba(machine).mean() > detector.predict_proba(native).mean()


def test_n_gram_blocks_alone_are_a_model_too(tiny_records: list[dict]) -> None:
    """No dense family: the union has no dense part to weight (the ngrams_only ablation of mtdetect.lab.validation)."""
    detector, card = train(tiny_records, model_options=ModelOptions(hash_bits=12, seed=5, families=()),
                           selection=SelectionOptions(seed=5))
    assert card["features"]["dense_columns"] == []
    native = [r["text"] for r in tiny_records if r["split"] == "test" and r["origin"] == "native"]
    machine = [r["text"] for r in tiny_records if r["split"] == "test" and r["origin"] == "machine"]
    assert detector.predict_proba(machine).mean() > detector.predict_proba(native).mean()


def test_a_spin_head_scores_spun_text_above_its_original(tiny_records: list[dict]) -> None:
    detector, _ = train(tiny_records, model_options=ModelOptions(hash_bits=12, seed=5, heads=TWO_HEADS),
                        selection=SelectionOptions(seed=5))
    pairs = [(r["text"], s["text"]) for r in tiny_records for s in tiny_records
             if r["split"] == "test" and r["origin"] == "native" and s["origin"] == "spun"
             and s["id"] == r["id"].replace("/native/", "/spun/")]
    native, spun = (detector.predict_proba(list(texts)) for texts in zip(*pairs))
    assert (spun > native).mean() > 0.8


def test_unknown_head_is_refused(tiny_records: list[dict]) -> None:
    with pytest.raises(ValueError, match="unknown heads"):
        train(tiny_records, model_options=ModelOptions(hash_bits=12, heads=("poetry",)),
              selection=SelectionOptions())


def test_native_threshold_flags_at_most_the_given_share() -> None:
    scores = np.linspace(0, 1, 200)
    threshold = native_threshold(scores, ["native"] * 200, fpr=0.01)
    assert (scores > threshold).mean() <= 0.01


def test_paragraphs_with_source_boilerplate_are_left_out_of_training() -> None:
    """MT301/MT302 count "Read also:" and the like in the verdict; the style score must not learn them too."""
    text = "The minister spoke at length about the harvest, the prices and the weather of the coming season."
    records = [{"split": "train", "origin": origin, "group": f"g{k}", "pair": "xx-en", "system": "s", "text": body}
               for k, (origin, body) in enumerate([("machine", text), ("machine", "Read also: " + text),
                                                    ("native", text), ("native", "To see in video")])]
    assert [r["text"] for r in select(records, "train", SelectionOptions())] == [text, text]
    assert len(select(records, "train", SelectionOptions(excluded_findings=()))) == 4


def test_features_read_names_without_honorifics(examples: dict[str, str]) -> None:
    from mtdetect.features import dense_matrix

    plain = "Blinken told Lee and Ardern that the talks in Geneva would resume after the summer recess."
    styled = "Mr Blinken told Mrs. Lee and Ms Ardern that the talks in Geneva would resume after the summer recess."
    assert np.array_equal(dense_matrix([plain], ("style", "fluency")), dense_matrix([styled], ("style", "fluency")))
