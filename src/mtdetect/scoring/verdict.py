"""The document verdict: the style score plus the findings' measured likelihood ratios.

Formula (natural logarithms)::

    document log-odds = style log-odds
                        + min(MAX_FINDINGS_LOG_LR,
                              sum over families f of max over codes c of f found in the document of w_c)

    w_c = min(MAX_RULE_LOG_LR, max(0, log(hit_c / false_alarm_c)))

``style log-odds`` is the length-weighted pool of the paragraphs' style log-odds
(:class:`mtdetect.scoring.paragraphs.DocumentScore`); 0 (even odds) when no paragraph could be scored.
``false_alarm_c`` is the share of native-English documents in which rule ``c`` fires,
measured on every genre of the false-alarm corpus and taken from the genre where it is
highest; ``hit_c`` is the share of machine-made documents in which it fires, measured, or
the rate we assume for republishing pipelines where our machine-made data cannot show it
(``benchmarks/finding_rates.py`` writes both, with its reasons, to
``mtdetect/data/finding_weights.json``, :data:`mtdetect.findings.catalogue.WEIGHTS_PATH`). This is Bayes' rule for independent clues; tells of
one family (two typography tells, two glued-word shapes) are correlated, so a family counts
once, with its strongest code, and the total is capped so that findings alone cannot make a
verdict certain. A finding's absence is not counted: ``log((1 - hit) / (1 - false_alarm))``
is under 0.05 for every rule.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from mtdetect.findings.catalogue import FAMILIES, WEIGHTS_PATH, Finding

MAX_RULE_LOG_LR = math.log(100.0)  # one rule moves the odds by at most 100:1
MAX_FINDINGS_LOG_LR = math.log(1000.0)  # all findings together by at most 1000:1


@dataclass(frozen=True)
class Counted:
    """A rule counted in a verdict: its code, its weight (log-likelihood ratio) and its first finding."""

    code: str
    weight: float
    finding: Finding


def rule_weight(hit_rate: float, false_alarm_rate: float) -> float:
    """``w_c`` of the module formula: the capped, non-negative log-likelihood ratio of a rule.

    >>> round(rule_weight(0.05, 0.0005), 3), rule_weight(0.01, 0.02)
    (4.605, 0.0)
    """
    return min(MAX_RULE_LOG_LR, max(0.0, math.log(hit_rate / false_alarm_rate)))


@lru_cache(maxsize=4)
def load_weights(path: Path = WEIGHTS_PATH) -> dict[str, float]:
    """Each rule's weight ``w_c`` by code, from the measured table.

    Read once per process and shared by every document: callers must not change it.
    """
    table = json.loads(path.read_text(encoding="utf-8"))
    return {code: float(entry["weight"]) for code, entry in table["rules"].items()}


def counted_findings(findings: Iterable[Finding], weights: Mapping[str, float]) -> list[Counted]:
    """The finding that counts for each family (its highest-weighted code), strongest first."""
    best: dict[str, Counted] = {}
    for finding in findings:
        weight = weights.get(finding.code, 0.0)
        family = FAMILIES[finding.code[:3]]
        if weight > 0 and (family not in best or weight > best[family].weight):
            best[family] = Counted(finding.code, weight, finding)
    return sorted(best.values(), key=lambda c: (-c.weight, c.code))


def findings_log_lr(counted: Iterable[Counted]) -> float:
    """The findings' term of the document log-odds: the counted weights summed, then capped."""
    return min(MAX_FINDINGS_LOG_LR, sum(c.weight for c in counted))
