"""Document context: evidence that no single paragraph shows, turned into a document-score term.

Entity drift (one name spelled two ways in one article, e.g. "Blinken" and
"Blinker") is typical of round trips and name-mangling spinners, but it also
occurs in careful native writing (typos, two different people). Its weight is
therefore measured, not guessed: the likelihood ratio of "the document has
drift" between machine-made and people-made training documents, each origin
weighted equally. The log of that ratio is added to the pooled document logit,
which is exactly Bayes' rule for one extra, conditionally independent clue.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from mtdetect.drift import DriftFinding, find_entity_drift

MAX_CONTEXT_PARAGRAPHS = 2000  # drift is checked on a document's first paragraphs only: bounded memory
POSITIVE = ("machine", "roundtrip", "spun")
NEGATIVE = ("native", "human")

DocumentKey = tuple[str, str, str]


@dataclass(frozen=True)
class DriftWeight:
    """Log-likelihood ratios added to a document's logit with and without entity drift."""

    present: float = 0.0
    absent: float = 0.0

    def offset(self, findings: Sequence[DriftFinding]) -> float:
        return self.present if findings else self.absent

    @classmethod
    def from_card(cls, card: Mapping[str, Any]) -> DriftWeight:
        stored = card.get("document_context", {}).get("entity_drift", {})
        return cls(float(stored.get("log_lr_present", 0.0)), float(stored.get("log_lr_absent", 0.0)))


def document_drift(texts_by_index: dict[int, list[str]]) -> tuple[DriftFinding, ...]:
    """Entity drift in a document, from its paragraphs' texts by paragraph index (pieces of one joined)."""
    by_index = [" ".join(texts_by_index.get(i, ())) for i in range(max(texts_by_index, default=-1) + 1)]
    return tuple(find_entity_drift(by_index))


def documents(records: Sequence[Mapping[str, Any]]) -> dict[DocumentKey, list[str]]:
    """Paragraph texts per (group, origin, system) document, in corpus order."""
    grouped: dict[DocumentKey, list[str]] = defaultdict(list)
    for record in records:
        grouped[(str(record["group"]), str(record["origin"]), str(record.get("system", "")))].append(
            record["text"])
    return grouped


def drift_by_document(records: Sequence[Mapping[str, Any]]) -> dict[DocumentKey, bool]:
    """Whether each document shows entity drift."""
    return {key: bool(find_entity_drift(texts[:MAX_CONTEXT_PARAGRAPHS]))
            for key, texts in documents(records).items()}


def measure_drift_weight(records: Sequence[Mapping[str, Any]]) -> tuple[DriftWeight, dict[str, Any]]:
    """Estimate :class:`DriftWeight` from documents; also return the per-origin rates for the card."""
    seen: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for (_, origin, _), has_drift in drift_by_document(records).items():
        seen[origin][0] += has_drift
        seen[origin][1] += 1
    rates = {origin: (hits + 0.5) / (total + 1.0) for origin, (hits, total) in seen.items()}
    positive = [rates[o] for o in POSITIVE if o in rates]
    negative = [rates[o] for o in NEGATIVE if o in rates]
    if not positive or not negative:
        return DriftWeight(), {"rates": rates}
    p_pos, p_neg = sum(positive) / len(positive), sum(negative) / len(negative)
    weight = DriftWeight(math.log(p_pos / p_neg), math.log((1 - p_pos) / (1 - p_neg)))
    summary = {"rates": {o: round(r, 4) for o, r in sorted(rates.items())},
               "log_lr_present": round(weight.present, 4), "log_lr_absent": round(weight.absent, 4),
               "how": "share of training documents with entity drift, per origin (add-0.5 smoothed); "
                      "machine-made origins averaged against people-made origins"}
    return DriftWeight(weight.present, weight.absent), summary


def document_offsets(records: Sequence[Mapping[str, Any]], weight: DriftWeight) -> dict[DocumentKey, float]:
    """Logit offset per document from its entity drift."""
    return {key: weight.present if drift else weight.absent for key, drift in drift_by_document(records).items()}
