"""The model card summary printed by ``mtdetect info``."""

from __future__ import annotations

from mtdetect.model.card import render_card


def test_summary_lists_held_out_generators_and_the_limits() -> None:
    card = {"name": "m", "threshold": {"value": 0.7, "how": "at most 0.5% of native val paragraphs"},
            "logo": {"folds": {"synonym": {"n_generated": 10, "auroc_native_vs_generator": 0.8123},
                               "google": {"n_generated": 12, "auroc_native_vs_generator": None}}}}
    text = render_card(card)
    assert "leave-one-generator-out AUROC vs native: synonym 0.812, google" in text
    assert "threshold 0.700" in text and "Known limits" in text
