"""Explanations: exact linear contributions, plain-words reasons, spans that point at the tells."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from mtdetect.findings.drift import find_entity_drift
from mtdetect.scoring.explain import (
    BLOCK_WORDS, Contribution, baseline, contribution_record, describe, drift_contributions, explain_batch,
)
from mtdetect.model.lengths import word_counts
from mtdetect.model.load import load_detector

TELLS = ("The minister declared that the situation is « very worrying » for the population of the region ? "
         "He added that it is necessary to put in place measures to face the crisis, on monday, "
         "and to see in video the declarations of the minister.")
PLAIN = ("Her neighbour reckoned the queue snaked round the block well before the doors opened, "
         "though nobody seemed to mind much and the cafe stayed open late.")


@pytest.fixture(scope="module")
def detector(tiny_model: Path):
    return load_detector(tiny_model)


@pytest.fixture(scope="module")
def explained(detector) -> tuple[np.ndarray, list[tuple[Contribution, ...]]]:
    return explain_batch(detector.estimator, [TELLS, PLAIN], top_k=None)


def test_scores_match_predict_proba(detector, examples: dict[str, str]) -> None:
    texts = [TELLS, PLAIN, *examples.values()]
    probabilities, _ = explain_batch(detector.estimator, texts)  # before the length calibration
    calibrated = detector.length_calibrated(probabilities, word_counts(texts))
    assert np.allclose(calibrated, detector.predict_proba(texts), atol=1e-9)


def test_contributions_add_up_to_the_log_odds(detector, explained) -> None:
    probabilities, contributions = explained
    for p, items in zip(probabilities, contributions):
        total = baseline(detector.estimator) + sum(c.weight for c in items)
        assert total == pytest.approx(np.log(p / (1 - p)), abs=1e-9)


def test_top_k_keeps_the_largest_weights(detector, explained) -> None:
    _, [top] = explain_batch(detector.estimator, [TELLS], top_k=3)
    full = explained[1][0]
    assert len(top) == 3
    assert [abs(c.weight) for c in top] == sorted((abs(c.weight) for c in full), reverse=True)[:3]


def test_each_reason_is_listed_once(explained) -> None:
    for items in explained[1]:
        reasons = [c.reason for c in items]
        assert len(reasons) == len(set(reasons))


def test_hashed_ngrams_are_one_function_word_item(explained) -> None:
    for items in explained[1]:
        masked = [c for c in items if c.name == "masked"]
        assert len(masked) == 1
        assert masked[0].reason == BLOCK_WORDS["masked"][0 if masked[0].weight > 0 else 1]
        assert not any(c.name.startswith("masked__") for c in items)


def test_no_typography_column_explains_a_score(explained) -> None:
    """Typography is the findings' job: the style score's explanations name no quote, dash or artifact column."""
    names = [c.name for items in explained[1] for c in items]
    assert names and not [n for n in names if "artifact" in n or "curly" in n or "em_dash" in n or "en_dash" in n]


@pytest.mark.parametrize(("name", "value", "reason"), [
    ("dense__style__fw_of", 1.2, "'of' used more often than usual"),
    ("dense__style__fw_the", -0.4, "'the' used less often than usual"),
    ("dense__style__punct_comma", 2.0, "more commas than usual"),
    ("dense__style__punct_dash", -1.0, "fewer dashes than usual"),
    ("dense__style__punct_quote", 1.0, "more quotation marks than usual"),
    ("dense__style__sentence_len_mean", 1.0, "long sentences"),
    ("dense__readability__flesch_reading_ease", -1.0, "hard to read (Flesch)"),
    ("dense__newfamily__odd_measure", 0.5, "newfamily odd measure: higher than usual"),
])
def test_describe_in_plain_words(name: str, value: float, reason: str) -> None:
    assert describe(name, value, "") == (reason, ())


def test_describe_marks_unknown_words() -> None:
    text = "The envoy met the zorblat delegation in the capital."
    reason, spans = describe("dense__fluency__oov_share", 1.0, text)
    assert [text[s:e] for s, e in spans] == ["zorblat"]
    assert reason == "words unknown in English: 'zorblat'"


def test_drift_contributions_point_at_the_variant() -> None:
    doc = ["Mr. Blinken met Mr. Peskov.", "Later Blinken's aide said Blinker would fly home."]
    [item] = drift_contributions(find_entity_drift(doc), 1)
    assert item.weight is None
    assert item.reason == "name spelled 'Blinker' here and 'Blinken' in paragraph 0"
    assert [doc[1][s:e] for s, e in item.spans] == ["Blinker"]
    assert drift_contributions(find_entity_drift(doc), 0) == ()


def test_record_keys_are_stable() -> None:
    record = contribution_record(Contribution("dense__x", "why", 0.123456, ((1, 3),)))
    assert record == {"name": "dense__x", "reason": "why", "weight": 0.1235, "spans": [[1, 3]]}
    assert contribution_record(Contribution("drift__entity", "why", None))["weight"] is None


def test_rejects_a_bare_string(detector) -> None:
    with pytest.raises(TypeError):
        explain_batch(detector.estimator, TELLS)


def test_scoring_with_explain_adds_contributions_and_json_keys(detector) -> None:
    from mtdetect.report.records import paragraph_record
    from mtdetect.scoring.paragraphs import score_paragraphs
    # score_paragraphs reads only these attributes of mtdetect.inputs.text.Paragraph
    paragraphs = [SimpleNamespace(index=0, text=TELLS, start_line=1),
                  SimpleNamespace(index=1, text=PLAIN, start_line=3)]
    plain = list(score_paragraphs(detector, paragraphs, threshold=0.5))
    explained = list(score_paragraphs(detector, paragraphs, threshold=0.5, explain=True))
    assert [p.score for p in explained] == pytest.approx([p.score for p in plain], abs=1e-9)
    assert all(not p.contributions for p in plain)
    signals = [[c for c in p.contributions if c.name != "length__calibration"] for p in explained]
    assert all(0 < len(items) <= 5 for items in signals)  # the top 5, plus the length item of a short one
    record = paragraph_record("a.txt", explained[0])
    assert "explanations" not in paragraph_record("a.txt", plain[0])
    assert set(record["explanations"][0]) == {"name", "reason", "weight", "spans"}
    for item in record["explanations"]:
        for start, end in item["spans"]:
            assert 0 <= start < end <= len(TELLS)


def test_a_short_paragraphs_explanation_includes_its_length_calibration(detector) -> None:
    import math
    from dataclasses import replace

    from mtdetect.scoring.paragraphs import score_paragraphs

    band = {"min_words": 25, "max_words": 39, "slope": 0.5, "intercept": -0.2}
    banded = replace(detector, card={**detector.card, "length_calibration": {"bands": [band]}})
    paragraphs = [SimpleNamespace(index=0, text=PLAIN, start_line=1),  # 26 words: inside the band
                  SimpleNamespace(index=1, text=TELLS, start_line=3)]  # longer: left alone
    short, long = score_paragraphs(banded, paragraphs, threshold=0.5, explain=True)
    [item] = [c for c in short.contributions if c.name == "length__calibration"]
    assert "26 words" in item.reason
    assert item.weight == pytest.approx(math.log(short.score / (1 - short.score))
                                        - math.log(short.raw_score / (1 - short.raw_score)), abs=1e-9)
    assert item.weight == pytest.approx(-0.5 * math.log(short.raw_score / (1 - short.raw_score)) - 0.2, abs=1e-9)
    assert all(c.name != "length__calibration" for c in long.contributions)


def _by_name(items: tuple[Contribution, ...]) -> dict[str, Contribution]:
    return {c.name: c for c in items}


def test_explanations_from_the_plain_arrays_equal_the_pipelines(detector, examples: dict[str, str]) -> None:
    """``--explain`` reads the arrays (no pickle, no scikit-learn version check); same items, reasons, spans, weights."""
    texts = [TELLS, PLAIN, *examples.values()]
    assert detector.scorer is not None
    from_arrays = explain_batch(detector, texts, top_k=None)
    from_pipeline = explain_batch(detector.estimator, texts, top_k=None)
    assert np.abs(from_arrays[0] - from_pipeline[0]).max() < 1e-9
    assert np.abs(from_arrays[0] - detector.raw_proba(texts)).max() < 1e-9
    for arrays, pipeline in zip(from_arrays[1], from_pipeline[1]):
        assert len(arrays) == len(pipeline) > 5
        mine, theirs = _by_name(arrays), _by_name(pipeline)
        assert set(mine) == set(theirs)
        for name, item in mine.items():
            assert (item.reason, item.spans) == (theirs[name].reason, theirs[name].spans)
            assert item.weight == pytest.approx(theirs[name].weight, abs=1e-9)
    assert baseline(detector) == pytest.approx(baseline(detector.estimator), abs=1e-12)
    _, [top] = explain_batch(detector, [TELLS])
    assert [c.name for c in top] == [c.name for c in from_pipeline[1][0][:5]]


def test_contributions_from_the_arrays_add_up_to_the_log_odds(detector) -> None:
    probabilities, contributions = explain_batch(detector, [TELLS, PLAIN], top_k=None)
    for p, items in zip(probabilities, contributions):
        assert baseline(detector) + sum(c.weight for c in items) == pytest.approx(np.log(p / (1 - p)), abs=1e-9)


@pytest.fixture
def unloadable_pickle(tiny_model: Path, tmp_path: Path) -> Path:
    """A copy of the tiny model whose card says another scikit-learn pickled it (the pickle is refused)."""
    import json
    import shutil

    copy = tmp_path / tiny_model.name  # the card names the arrays file: same names, another folder
    for suffix in (".joblib", ".npz"):
        shutil.copy(tiny_model.with_suffix(suffix), copy.with_suffix(suffix))
    card = json.loads(tiny_model.with_suffix(".json").read_text())
    copy.with_suffix(".json").write_text(json.dumps({**card, "sklearn_version": "0.1.0"}))
    return copy


def test_explanations_need_no_loadable_pickle(detector, unloadable_pickle: Path) -> None:
    from mtdetect.errors import ModelError
    from mtdetect.model.load import Detector

    other = load_detector(unloadable_pickle)
    with pytest.raises(ModelError, match="scikit-learn 0.1.0"):
        other.estimator  # noqa: B018 - the pipeline is refused ...
    expected = explain_batch(detector, [TELLS, PLAIN])
    explained = explain_batch(other, [TELLS, PLAIN])  # ... and not needed
    assert np.array_equal(explained[0], expected[0]) and explained[1] == expected[1]
    no_pickle = Detector(card=detector.card, scorer=detector.scorer)  # no pipeline, no model file at all
    assert explain_batch(no_pickle, [TELLS])[1] == explain_batch(detector, [TELLS])[1]


@pytest.mark.parametrize("output_format", ["text", "html"])
def test_score_explain_works_when_the_pickle_is_refused(unloadable_pickle: Path, tmp_path: Path,
                                                       output_format: str) -> None:
    from typer.testing import CliRunner

    from mtdetect.cli import app

    source = tmp_path / "tells.txt"
    source.write_text(f"{TELLS}\n\n{PLAIN}\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["score", "--explain", "--format", output_format, "--model",
                                      str(unloadable_pickle), str(source)])
    assert result.exit_code in (0, 1), result.output
    assert "pattern typical of" in result.stdout
