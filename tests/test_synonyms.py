"""Synonym-gap and spin-odds features: the spinner tells fire on spun text, the shipped tables are well formed."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mtdetect.scoring.explain import describe
from mtdetect.features import synonyms

ORIGINAL = ("BSkyB argued that forcing it to reduce its ITV stake was unreasonable and a disproportionate "
            "remedy, especially as BSkyB had said it would give up its voting rights.")
SPUN = ("BSkyB debated that coercing it to reduce its ITV stake was unreasonable and a disproportionate "
        "curative, peculiarly as BSkyB had said it would surrender its voting rights.")


def test_spun_paragraph_has_larger_synonym_gaps_than_its_original() -> None:
    original, spun = synonyms.compute([ORIGINAL, SPUN])
    columns = dict(zip(synonyms.COLUMNS, zip(original, spun)))
    for name in ("gap_mean", "gap1_share", "gap_top3", "odds_top3", "odds_positive_share", "odds_over_half_count"):
        before, after = columns[name]
        assert after > before, name


def test_spin_odds_point_at_the_swapped_words() -> None:
    tells = {SPUN[start:end] for start, end, odds in synonyms.word_spin_odds(SPUN) if odds > 0.5}
    assert {"coercing", "curative", "peculiarly"} <= tells
    assert not tells & {"BSkyB", "ITV", "it", "its", "was", "said", "reduce"}
    assert synonyms.spin_odds("curatives") == synonyms.spin_odds("curative")
    assert synonyms.spin_odds("xyzzyqq") is None


def test_gaps_point_at_the_swapped_words_and_skip_names_and_function_words() -> None:
    tells = {SPUN[start:end] for start, end, gap in synonyms.word_gaps(SPUN) if gap >= 1.0}
    assert {"coercing", "curative", "peculiarly"} <= tells
    assert not tells & {"BSkyB", "ITV", "it", "its", "was"}


def test_inflected_words_are_looked_up_by_their_base_form() -> None:
    assert synonyms.synonym_gap("curatives") == synonyms.synonym_gap("curative")
    assert synonyms.synonym_gap("xyzzyqq") is None


def test_explanation_names_the_rare_synonyms() -> None:
    reason, spans = describe("dense__synonyms__gap_top3", 1.5, SPUN)
    assert "spinner" in reason and "'coercing'" in reason
    assert describe("dense__synonyms__gap_mean", 0.7, SPUN)[0] == reason  # one reason: merged in listings
    assert (SPUN.index("curative"), SPUN.index("curative") + len("curative")) in spans
    odds_reason, odds_spans = describe("dense__synonyms__odds_top3", 1.2, SPUN)
    assert odds_reason.split(":")[0] == reason.split(":")[0]  # merged with the gap columns in listings
    assert (SPUN.index("peculiarly"), SPUN.index("peculiarly") + len("peculiarly")) in odds_spans


def test_empty_and_nameless_text_gives_zero_rows() -> None:
    assert synonyms.compute(["", "Zelensky Kuleba Blinken."]).tolist() == [[0.0] * len(synonyms.COLUMNS)] * 2


@pytest.mark.parametrize(("path", "min_rows"), [(synonyms.TABLE_PATH, 50_000), (synonyms.ODDS_PATH, 15_000)])
def test_shipped_tables_are_sorted_tab_separated_and_finite(path: Path, min_rows: int) -> None:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        rows = [line.rstrip("\n").split("\t") for line in handle]
    assert len(rows) > min_rows
    assert all(len(row) == 2 and row[0] == row[0].strip().lower() and row[0] for row in rows)
    words = [word for word, _ in rows]
    assert words == sorted(words) and len(set(words)) == len(words)
    assert all(-10.0 < float(value) < 10.0 for _, value in rows)
    assert synonyms._read(path) == {word: float(value) for word, value in rows}  # read in one piece, the same


def test_table_builder_reproduces_the_shipped_tables(tmp_path: Path) -> None:
    if not Path("/usr/share/wordnet").is_dir():
        if os.environ.get("CI"):
            pytest.fail("WordNet is not installed: apt-get install wordnet-base")
        pytest.skip("WordNet is not installed")
    root = Path(__file__).resolve().parent.parent
    subprocess.run([sys.executable, "scripts/build_synonym_table.py", "--out", str(tmp_path)], cwd=root, check=True)
    for shipped in (synonyms.TABLE_PATH, synonyms.ODDS_PATH):
        assert (tmp_path / shipped.name).read_bytes() == shipped.read_bytes(), shipped.name
