"""The style score is blind to typography: quotes, apostrophes, dashes, ellipses and odd spaces."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtdetect.features import as_texts
from mtdetect.features._text import typography
from mtdetect.features._text.typography import normalise_typography
from mtdetect.model.load import load_detector
from mtdetect.report.json import JsonlWriter
from mtdetect.run.runner import ScoreOptions, score_inputs

STRAIGHT = ('The minister said "we will not accept it" and added that the talks, which began in March, '
            "would go on... It's the third round this year - and it's not the last, officials said.")
CURLED = ("The minister said “we will not accept it” and added that the talks, which began in March, "
          "would go on… It’s the third round this year — and it’s not the last, officials said.")
FRENCH = ("The minister said «\u00a0we will not accept it\u00a0» and added that the talks, which began in March, "
          "would go on… It’s the third round this year – and it’s not the last, officials said.")


@pytest.mark.parametrize(("text", "plain"), [
    ("“Quoted” and ‘single’ it’s", "\"Quoted\" and 'single' it's"),
    ("a — b – c", "a - b - c"),
    ("wait…", "wait..."),
    ("Really ? Yes ! Note : fine ; done", "Really? Yes! Note: fine; done"),
    ("12\u202f500 and\u00a0more", "12 500 and more"),
    ("plain `code' stays", "plain `code' stays"),
])
def test_normalise_typography(text: str, plain: str) -> None:
    assert normalise_typography(text) == plain


@settings(max_examples=500, deadline=None)
@given(text=st.text(st.sampled_from(list(" \t\n\u00a0\u202fa?!;:.")), max_size=30))
def test_spaces_before_marks_go_whether_or_not_the_cheap_test_runs_first(text: str) -> None:
    plain = text.translate(typography._TABLE)
    assert normalise_typography(text) == typography._SPACE_BEFORE_MARK.sub("", plain)


def test_every_feature_reads_the_normalised_text() -> None:
    assert as_texts([CURLED]) == as_texts([STRAIGHT])


def test_restyled_quotes_and_apostrophes_score_the_same_with_the_shipped_model() -> None:
    detector = load_detector(None)
    straight, curled = detector.predict_proba([STRAIGHT, CURLED])
    assert abs(straight - curled) <= 1e-12


def test_no_typography_column_in_the_shipped_model() -> None:
    columns = load_detector(None).card["features"]["dense_columns"]
    assert not [c for c in columns if c.startswith("artifacts__") or "curly" in c or "em_dash" in c]


def test_french_typography_is_left_to_the_findings(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_text(FRENCH + "\n", encoding="utf-8")
    stream = io.StringIO()
    score_inputs([str(path)], ScoreOptions(), JsonlWriter(stream), on_error=pytest.fail)
    paragraph = json.loads(stream.getvalue().splitlines()[0])
    assert "MT101" in {f["code"] for f in paragraph["findings"]}
