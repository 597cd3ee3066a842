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


def test_summary_shows_each_validation_fold_beside_both_peers() -> None:
    def run(nat_mt: float, hum_mt: float) -> dict:
        return {"paragraph": {"native_vs_machine": nat_mt, "human_vs_machine": hum_mt}}

    card = {"name": "m", "validation": {"runs": {"temporal | mtdetect": run(0.7281, 0.6349),
                                                 "temporal | peer": run(0.617, 0.655),
                                                 "temporal | peer_plain": run(0.616, 0.601),
                                                 "family:online | mtdetect": run(0.854, 0.714)}}}
    lines = render_card(card).splitlines()
    assert any(line.split() == ["temporal", "0.728", "0.617", "0.616", "0.635", "0.655", "0.601"] for line in lines)
    assert any(line.split() == ["family:online", "0.854", "n/a", "n/a", "0.714", "n/a", "n/a"] for line in lines)
    assert "validation folds" not in render_card({"name": "m"})
