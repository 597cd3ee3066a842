"""The verdict formula on hand-made documents: style log-odds plus capped, once-per-family finding weights."""

from __future__ import annotations

import math

import pytest

from mtdetect.findings import Finding, selected_codes
from mtdetect.scoring.paragraphs import LABEL_CLEAN, LABEL_FLAGGED, DocumentScore, ParagraphScore
from mtdetect.scoring.verdict import (
    MAX_FINDINGS_LOG_LR,
    MAX_RULE_LOG_LR,
    counted_findings,
    findings_log_lr,
    load_weights,
    rule_weight,
)

WEIGHTS = {"MT601": 2.0, "MT701": 1.0}


def _logit(p: float) -> float:
    return math.log(p / (1 - p))


def _document(scores: list[tuple[float, int]], findings: list[Finding], threshold: float = 0.9) -> DocumentScore:
    document = DocumentScore("doc.txt", threshold=threshold, weights=WEIGHTS)
    for index, (score, n_words) in enumerate(scores):
        document.add(ParagraphScore(index, n_words, score, LABEL_CLEAN, raw_score=score))
    document.findings.extend(findings)
    return document


def test_rule_weight_is_the_capped_non_negative_log_likelihood_ratio() -> None:
    assert rule_weight(0.1, 0.01) == pytest.approx(math.log(10))
    assert rule_weight(0.1, 1e-9) == MAX_RULE_LOG_LR
    assert rule_weight(0.01, 0.1) == 0.0


def test_document_log_odds_is_pooled_style_plus_findings() -> None:
    finding = Finding("MT601", 0, 10, "paragraph repeats paragraph 0", 1)
    document = _document([(0.6, 40), (0.2, 60)], [finding])
    style = (40 * _logit(0.6) + 60 * _logit(0.2)) / 100
    assert document.style_logit == pytest.approx(style)
    assert document.score == pytest.approx(1 / (1 + math.exp(-(style + 2.0))))
    assert [c.code for c in document.counted] == ["MT601"]


def test_a_family_counts_once_with_its_strongest_code() -> None:
    weights = {"MT101": 3.0, "MT102": 1.0, "MT201": 2.0}
    findings = [Finding("MT102", 0, 1, "a", 0), Finding("MT101", 0, 1, "b", 0), Finding("MT101", 5, 6, "c", 2),
                Finding("MT201", 0, 1, "d", 1)]
    counted = counted_findings(findings, weights)
    assert [(c.code, c.weight) for c in counted] == [("MT101", 3.0), ("MT201", 2.0)]
    assert findings_log_lr(counted) == pytest.approx(5.0)


def test_findings_together_are_capped() -> None:
    weights = {code: MAX_RULE_LOG_LR for code in ("MT101", "MT201", "MT301", "MT401")}
    findings = [Finding(code, 0, 1, "x", 0) for code in weights]
    assert findings_log_lr(counted_findings(findings, weights)) == MAX_FINDINGS_LOG_LR


def test_findings_alone_decide_a_document_with_no_scored_paragraph() -> None:
    document = DocumentScore("doc.txt", threshold=0.8, weights=WEIGHTS)
    document.add(ParagraphScore(0, 4, None, None, "too short to judge (4 words; need 12)",
                                (Finding("MT601", 0, 4, "x", 0),)))
    assert document.style_logit is None
    assert document.score == pytest.approx(1 / (1 + math.exp(-2.0)))
    assert document.label == LABEL_FLAGGED
    assert document.verdict == "machine-translated or spun: repeated paragraph"


def test_unweighted_or_unselected_findings_do_not_count() -> None:
    document = _document([(0.5, 50)], [Finding("MT101", 0, 1, "x", 0)])  # MT101 has no weight here
    assert document.counted == [] and document.score == pytest.approx(0.5)
    assert document.label == LABEL_CLEAN and document.verdict == "no clear sign of machine translation"


def test_shipped_weights_cover_every_rule_within_the_caps() -> None:
    weights = load_weights()
    assert set(weights) == set(selected_codes())
    assert all(0.0 <= w <= MAX_RULE_LOG_LR for w in weights.values())


def test_select_and_ignore_take_codes_and_prefixes() -> None:
    every = selected_codes()
    assert selected_codes(select=["MT6"]) == {c for c in every if c.startswith("MT6")}
    assert selected_codes(ignore=["MT701"]) == every - {"MT701"}
    assert selected_codes(select=["mt7"], ignore=["MT701"]) == {c for c in every if c.startswith("MT7")} - {"MT701"}
    with pytest.raises(ValueError, match="no finding code starts with 'XY'"):
        selected_codes(select=["XY"])
