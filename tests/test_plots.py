"""Evaluation plots: files written, non-empty PNGs, a clear error without matplotlib."""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

import numpy as np
import pytest

from mtdetect.errors import MtdetectError

pytest.importorskip("matplotlib")

from mtdetect.lab.plots import FILES, require_matplotlib, write_plots  # noqa: E402

PNG = b"\x89PNG\r\n\x1a\n"
ORIGINS = ("native", "human", "machine", "roundtrip", "spun")


def _records(n: int = 100) -> tuple[list[dict], np.ndarray]:
    rng = np.random.default_rng(0)
    records = [{"origin": ORIGINS[i % 5]} for i in range(n)]
    scores = np.array([rng.beta(2, 5) if r["origin"] in ("native", "human") else rng.beta(5, 2) for r in records])
    scores[3] = np.nan  # not scored: left out
    return records, scores


def test_writes_every_plot(tmp_path: Path) -> None:
    records, scores = _records()
    written = write_plots(records, scores, tmp_path / "plots", threshold=0.6)
    assert [p.name for p in written] == list(FILES)
    for path in written:
        data = path.read_bytes()
        assert data[:8] == PNG and len(data) > 5000


def test_one_class_only_still_writes(tmp_path: Path) -> None:
    records, scores = _records()
    natives = [i for i, r in enumerate(records) if r["origin"] == "native"]
    written = write_plots([records[i] for i in natives], scores[natives], tmp_path)
    assert all(p.stat().st_size > 0 for p in written)


def test_missing_matplotlib_is_one_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(MtdetectError, match=r"pip install 'mtdetect\[plots\]'"):
        require_matplotlib()


def test_eval_command_writes_plots(tmp_path: Path, tiny_model: Path, tiny_records: list[dict]) -> None:
    from typer.testing import CliRunner

    from mtdetect.cli import app

    corpus = tmp_path / "paragraphs.jsonl.gz"
    with gzip.open(corpus, "wt", encoding="utf-8") as handle:
        handle.writelines(json.dumps(r) + "\n" for r in tiny_records)
    result = CliRunner().invoke(app, ["eval", "--corpus", str(corpus), "--split", "test", "--model",
                                      str(tiny_model), "--plots", str(tmp_path / "plots")])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "plots").iterdir()) == sorted(FILES)
