"""Length calibration: short paragraphs are re-scored per band, long ones keep their scores."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from mtdetect.model.lengths import BANDS, LengthBand, adjust, bands_from_card, sentence_pieces, word_counts
from mtdetect.model.load import load_detector

TEXT = ("The council met on Monday. It approved the budget after a long debate about schools. "
        "Three members voted against it. The mayor said the vote was a turning point for the city. "
        "Work on the new library will start in spring and should take two years to finish.")


def test_pieces_are_whole_consecutive_sentences_within_the_band() -> None:
    pieces = sentence_pieces(TEXT, 12, 24)
    assert pieces == ["The council met on Monday. It approved the budget after a long debate about schools.",
                      "Three members voted against it. The mayor said the vote was a turning point for the city.",
                      "Work on the new library will start in spring and should take two years to finish."]
    assert all(12 <= n <= 24 for n in word_counts(pieces))


def test_a_run_of_sentences_longer_than_the_band_is_dropped() -> None:
    assert sentence_pieces(TEXT, 5, 6) == ["The council met on Monday.", "Three members voted against it."]


def test_bands_shrink_log_odds_inside_and_leave_other_lengths_alone() -> None:
    band = LengthBand(12, 24, slope=0.5, intercept=0.0)
    adjusted = adjust(np.array([0.9, 0.9, 0.9, 0.5]), [11, 12, 25, 20], [band])
    assert adjusted[0] == adjusted[2] == 0.9  # outside the band
    assert adjusted[1] == pytest.approx(1 / (1 + np.sqrt(1 / 9)))  # odds 9 -> 3
    assert adjusted[3] == pytest.approx(0.5)


def test_training_fits_every_band_and_scoring_applies_it(tiny_model: Path) -> None:
    detector = load_detector(tiny_model)
    bands = bands_from_card(detector.card)
    assert [(b.min_words, b.max_words) for b in bands] == list(BANDS)
    assert all(b.slope > 0 for b in bands)
    texts = sentence_pieces(TEXT, 12, 24) + [TEXT]
    raw = detector.scorer.predict_proba(texts)
    expected = adjust(raw, word_counts(texts), bands)
    assert np.allclose(detector.predict_proba(texts), expected, atol=1e-12)
    assert detector.predict_proba([TEXT])[0] == pytest.approx(raw[-1], abs=1e-12)  # 60 words: no band


def test_a_card_without_bands_scores_raw(tiny_model: Path) -> None:
    detector = load_detector(tiny_model)
    detector.card = {k: v for k, v in detector.card.items() if k != "length_calibration"}
    texts = sentence_pieces(TEXT, 12, 24)
    assert np.array_equal(detector.predict_proba(texts), detector.scorer.predict_proba(texts))


def test_documents_pool_the_scores_before_length_calibration(tiny_model: Path) -> None:
    from mtdetect.scoring.paragraphs import DocumentScore, score_paragraphs
    from mtdetect.inputs.text import Paragraph

    detector = load_detector(tiny_model)
    pieces = sentence_pieces(TEXT, 12, 24)
    scored = list(score_paragraphs(detector, [Paragraph(i, t, 1) for i, t in enumerate(pieces)],
                                   threshold=detector.threshold))
    raw = detector.raw_proba(pieces)
    assert [p.raw_score for p in scored] == pytest.approx(list(raw), abs=1e-12)
    assert [p.score for p in scored] == pytest.approx(list(detector.predict_proba(pieces)), abs=1e-12)
    document = DocumentScore(name="doc", threshold=detector.threshold)
    for paragraph in scored:
        document.add(paragraph)
    counts = np.array(word_counts(pieces))
    pooled = float(np.sum(counts * np.log(raw / (1 - raw))) / counts.sum())
    assert document.score == pytest.approx(1 / (1 + np.exp(-pooled)), abs=1e-9)


def test_a_document_short_in_all_gets_the_band_of_its_length() -> None:
    """One 20-word paragraph is no more evidence as a document than as a paragraph; 40 words pooled are."""
    from mtdetect.scoring.paragraphs import DocumentScore, ParagraphScore

    band = LengthBand(12, 24, slope=0.5, intercept=-0.2)
    raw_logit = float(np.log(0.9 / 0.1))
    paragraph = ParagraphScore(0, 20, score=0.7, label="human", raw_score=0.9)
    short = DocumentScore(name="short", threshold=0.75, bands=(band,))
    short.add(paragraph)
    assert short.score == pytest.approx(1 / (1 + np.exp(-(0.5 * raw_logit - 0.2))), abs=1e-9)
    assert short.label == "human"
    longer = DocumentScore(name="longer", threshold=0.75, bands=(band,))
    longer.add(paragraph)
    longer.add(paragraph)  # 40 words: outside every band, pooled as before
    assert longer.score == pytest.approx(0.9, abs=1e-9)
    assert longer.label == "machine"


def test_evaluation_pools_short_documents_as_scoring_does() -> None:
    from mtdetect.lab.evaluation import document_scores

    band = LengthBand(12, 24, slope=0.5, intercept=-0.2)
    records = [{"group": "g1", "origin": "native", "system": "", "n_words": 20},
               {"group": "g2", "origin": "native", "system": "", "n_words": 20},
               {"group": "g2", "origin": "native", "system": "", "n_words": 20}]
    _, scores, _, _ = document_scores(records, np.array([0.9, 0.9, 0.9]), (band,))
    raw_logit = float(np.log(0.9 / 0.1))
    assert scores == pytest.approx([1 / (1 + np.exp(-(0.5 * raw_logit - 0.2))), 0.9], abs=1e-9)
