"""Metrics on hand-made arrays with known answers, reports and LOPO folds."""

from __future__ import annotations

import json

import numpy as np
import pytest

from mtdetect.lab import evaluation as ev


def _record(i: int, origin: str, *, pair: str = "", source: str = "wmt", system: str = "",
            split: str = "train", group: str | None = None, n_words: int = 50) -> dict:
    return {"id": f"r{i}", "text": f"paragraph {i}", "origin": origin, "system": system,
            "pair": pair, "source": source, "group": group or f"g{i}", "split": split,
            "n_words": n_words}


def _toy_corpus() -> list[dict]:
    """Two pairs (one with two sources), two MT systems, natives, round trips, spun."""
    records, i = [], 0
    for pair, source in [("de-en", "wmt"), ("de-en", "htmt"), ("cs-en", "wmt")]:
        for doc in range(4):
            split = ["train", "train", "val", "test"][doc]
            group = f"{pair}-{source}-{doc}"
            for origin, system in [("human", "ref"), ("machine", "sysA"), ("machine", "sysB")]:
                for _ in range(2):
                    records.append(_record(i, origin, pair=pair, source=source, system=system,
                                           split=split, group=group))
                    i += 1
    for doc in range(6):
        split = ["train", "train", "train", "val", "test", "test"][doc]
        for origin, system in [("native", ""), ("roundtrip", "rt-fr"), ("spun", "syn")]:
            for _ in range(2):
                records.append(_record(i, origin, system=system, split=split, group=f"nat{doc}"))
                i += 1
    return records


@pytest.mark.parametrize(
    ("y", "s", "expected"),
    [
        ([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9], 1.0),
        ([0, 0, 1, 1], [0.9, 0.8, 0.2, 0.1], 0.0),
        ([0, 0, 1, 1], [0.5, 0.5, 0.5, 0.5], 0.5),
        ([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], 0.75),
        ([0, 1, 0, 1], [0.2, 0.2, 0.7, 0.7], 0.5),
    ],
)
def test_auroc_known_answers(y, s, expected):
    assert ev.auroc(np.array(y), np.array(s)) == pytest.approx(expected)


def test_auroc_matches_pairwise_count_with_ties():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 200)
    s = rng.integers(0, 5, 200) / 4
    pos, neg = s[y == 1], s[y == 0]
    pairwise = ((pos[:, None] > neg) + 0.5 * (pos[:, None] == neg)).mean()
    assert ev.auroc(y, s) == pytest.approx(pairwise)


@pytest.mark.parametrize("y", [[], [0, 0], [1, 1, 1]])
def test_missing_class_gives_none(y):
    s = np.linspace(0, 1, len(y))
    assert ev.auroc(np.array(y), s) is None
    assert ev.tpr_at_fpr(np.array(y, dtype=int), s) is None


def test_threshold_at_fpr_never_exceeds_the_rate():
    neg = np.arange(100) / 100
    assert ev.threshold_at_fpr(neg, 0.05) == pytest.approx(0.94)
    assert np.mean(neg > ev.threshold_at_fpr(neg, 0.05)) == pytest.approx(0.05)
    tied = np.array([0.1] * 50 + [0.9] * 50)
    assert np.mean(tied > ev.threshold_at_fpr(tied, 0.01)) == 0.0
    assert ev.threshold_at_fpr(np.array([]), 0.01) is None
    assert ev.threshold_at_fpr(np.array([0.3]), 0.0) == 0.3


def test_tpr_at_fpr():
    y = np.r_[np.zeros(100, int), np.ones(4, int)]
    s = np.r_[np.arange(100) / 100, 0.2, 0.985, 0.995, 1.0]
    assert ev.tpr_at_fpr(y, s, fpr=0.01) == pytest.approx(0.75)
    assert ev.tpr_at_fpr(y, s, fpr=0.5) == pytest.approx(0.75)
    assert ev.tpr_at_fpr(y, -s, fpr=0.01) == 0.0  # inverted scores


def test_brier():
    assert ev.brier(np.array([0, 1]), np.array([0.0, 1.0])) == 0.0
    assert ev.brier(np.array([0, 1]), np.array([1.0, 0.0])) == 1.0
    assert ev.brier(np.array([0, 1]), np.array([0.5, 0.5])) == 0.25
    assert ev.brier(np.array([]), np.array([])) is None


def test_ece_of_calibrated_and_overconfident_toys():
    # In each bin the observed rate equals the predicted probability.
    s = np.repeat([0.05, 0.25, 0.55, 0.95], 20)
    y = np.r_[np.repeat([1, 0], [1, 19]), np.repeat([1, 0], [5, 15]),
              np.repeat([1, 0], [11, 9]), np.repeat([1, 0], [19, 1])]
    assert ev.expected_calibration_error(y, s) == pytest.approx(0.0)
    # Always 0.9 confident, right half the time: gap 0.4 everywhere.
    assert ev.expected_calibration_error(np.array([0, 1] * 10), np.full(20, 0.9)) == (
        pytest.approx(0.4))
    assert ev.expected_calibration_error(np.array([1]), np.array([1.0])) == 0.0
    assert ev.expected_calibration_error(np.array([]), np.array([])) is None


def test_document_scores_pool_word_weighted_logits():
    records = [
        {"group": "d1", "origin": "machine", "system": "A", "n_words": 30},
        {"group": "d1", "origin": "machine", "system": "A", "n_words": 10},
        {"group": "d1", "origin": "human", "system": "ref", "n_words": 10},
        {"group": "d2", "origin": "native", "system": "", "n_words": 10},
        {"group": "d2", "origin": "native", "system": "", "n_words": 10},
    ]
    p = np.array([0.9, 0.1, 0.0, 0.5, np.nan])
    keys, scores, labels, origin = ev.document_scores(records, p)
    assert keys == [("d1", "machine", "A"), ("d1", "human", "ref"), ("d2", "native", "")]
    logit = (30 * np.log(9) + 10 * np.log(1 / 9)) / 40
    assert scores[0] == pytest.approx(1 / (1 + np.exp(-logit)))
    assert scores[1] == pytest.approx(1e-6)
    assert scores[2] == pytest.approx(0.5)
    assert labels.tolist() == [1, 0, 0]
    assert origin.tolist() == ["machine", "human", "native"]


def test_evaluate_report_is_json_and_tolerates_missing_classes():
    records = _toy_corpus()
    y = ev.labels_of(records)
    report = ev.evaluate(records, y * 0.8 + 0.1, threshold=0.5)
    json.dumps(report)
    assert report["paragraph"]["auroc"]["native_vs_machine"] == 1.0
    assert report["document"]["auroc"]["human_vs_machine"] == 1.0
    assert report["paragraph"]["at_threshold"]["fpr_native"] == 0.0
    assert report["paragraph"]["at_threshold"]["tpr"]["spun"] == 1.0
    assert set(report["by_pair"]) == {"cs-en/wmt", "de-en/htmt", "de-en/wmt"}
    assert report["by_system"]["sysA"]["auroc_vs_human"] == 1.0
    assert report["by_spinner"]["syn"]["auroc_vs_native"] == 1.0
    assert report["counts"]["paragraphs"]["native"] == 12
    assert "| pair |" in ev.format_report(report)
    assert "1 hardest of 2" in ev.format_report(report, max_systems=1)

    natives_only = [r for r in records if r["origin"] == "native"]
    report = ev.evaluate(natives_only, np.full(len(natives_only), 0.3), threshold=0.5)
    json.dumps(report)
    assert report["paragraph"]["auroc"]["native_vs_machine"] is None
    assert report["paragraph"]["tpr_at_1pct_fpr_native"] is None
    assert report["paragraph"]["at_threshold"]["tpr"]["machine"] is None
    ev.format_report(report)


def test_evaluate_skips_unscored_paragraphs():
    records = _toy_corpus()
    scores = ev.labels_of(records).astype(float)
    scores[:5] = np.nan
    report = ev.evaluate(records, scores, threshold=0.5)
    assert report["counts"]["scored"] == len(records) - 5
    assert report["paragraph"]["brier"] == 0.0


def test_lopo_folds_integrity():
    records = _toy_corpus()
    folds = ev.lopo_folds(records)
    assert set(folds) == {"cs-en/wmt", "de-en/htmt", "de-en/wmt"}
    for name, (train, test) in folds.items():
        assert len(train) and len(test)
        train_recs = [records[i] for i in train]
        test_recs = [records[i] for i in test]
        assert not any(r["origin"] in ("human", "machine") and ev.fold_name(r) == name
                       for r in train_recs)
        assert {r["split"] for r in train_recs} == {"train"}
        assert not {r["group"] for r in train_recs} & {r["group"] for r in test_recs}
        held = [r for r in records
                if r["origin"] in ("human", "machine") and ev.fold_name(r) == name]
        assert {r["id"] for r in held} <= {r["id"] for r in test_recs}
        assert {r["origin"] for r in test_recs} >= {"human", "machine", "native", "roundtrip"}
        assert all(r["split"] == "test" for r in test_recs
                   if r["origin"] not in ("human", "machine"))


def test_docstring_examples():
    import doctest

    assert doctest.testmod(ev).failed == 0
