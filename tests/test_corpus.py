"""Tests for mtdetect.lab.corpus and scripts/build_corpus.py on invented fixture rows."""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import json
import shutil
from collections import defaultdict
from pathlib import Path

import pytest

from mtdetect.lab.corpus import (
    POSITIVE_ORIGINS, RECORD_KEYS, BuildOptions, assign_split, build_corpus, build_paragraphs,
    check_manifest, label_of, load_corpus, lopo_folds, read_rows,
)
from mtdetect.errors import CorpusError

FIXTURE = Path(__file__).parent / "fixtures" / "corpus" / "segments.jsonl"
ROOT = Path(__file__).resolve().parents[1]
SMALL = BuildOptions(min_words=25, max_words=45, min_keep=10)


def synthetic(counts: list[int], doc: str = "d") -> list[dict]:
    """Rows of one document whose segments have the given word counts."""
    return [{"year": 2030, "testset": "t", "pair": "xx-en", "doc_id": doc, "seg": i,
             "origin": "human", "system": "ref-A", "text": " ".join([f"w{i}"] * n)}
            for i, n in enumerate(counts)]


def sizes(counts: list[int], **kw) -> list[int]:
    opts = {"min_words": 40, "max_words": 120, "min_keep": 15} | kw
    return [p["n_words"] for p in build_paragraphs(synthetic(counts), **opts)]


@pytest.mark.parametrize(("counts", "expected"), [
    ([20, 20, 20, 20], [40, 40]),        # accumulate until min_words
    ([60, 60, 60], [60, 60, 60]),        # one segment already reaches min_words
    ([20, 20, 10], [50]),                # short remainder merged into the previous paragraph
    ([115, 10], [115]),                  # remainder cannot merge (125 > max) and is < min_keep
    ([115, 20], [115, 20]),              # ... but is kept when it has min_keep words
    ([100, 30, 100], [100, 30, 100]),    # a short run in the middle: same rule
    ([10, 150, 30], [150, 30]),          # an over-long segment is its own paragraph
    ([5], []),                           # a document shorter than min_keep yields nothing
])
def test_paragraph_sizes(counts: list[int], expected: list[int]) -> None:
    assert sizes(counts) == expected


def test_paragraph_never_exceeds_max_unless_single_segment() -> None:
    counts = [7, 33, 12, 90, 4, 41, 18, 18, 18, 130, 3, 22, 60, 1]
    paragraphs = list(build_paragraphs(synthetic(counts), min_words=40, max_words=120,
                                       min_keep=15))
    for p in paragraphs:
        segs = set(p["text"].split())
        assert p["n_words"] <= 120 or len(segs) == 1
        assert p["n_words"] == len(p["text"].split())
    order = [int(w[1:]) for p in paragraphs for w in dict.fromkeys(p["text"].split())]
    assert order == sorted(order)  # consecutive segments, document order kept


def test_paragraphs_never_cross_documents() -> None:
    rows = list(read_rows(FIXTURE))
    by_doc = defaultdict(list)
    for r in sorted(rows, key=lambda r: r["seg"]):
        by_doc[(r["testset"], r["pair"], r["doc_id"], r["origin"], r["system"])].append(r["text"])
    paragraphs = list(build_paragraphs(rows, min_words=25, max_words=45, min_keep=10))
    assert len({p["id"] for p in paragraphs}) == len(paragraphs)
    for p in paragraphs:
        doc_text = " ".join(by_doc[(p["testset"], p["pair"], p["doc_id"], p["origin"], p["system"])])
        assert p["text"] in doc_text
        assert p["group"] == f"{p['testset']}:{p['doc_id']}"
        assert p["id"].startswith(f"{p['testset']}/{p['pair']}/{p['doc_id']}/{p['system']}/")


def test_build_paragraphs_rejects_incomplete_rows() -> None:
    with pytest.raises(CorpusError, match="lacks"):
        list(build_paragraphs([{"text": "x"}]))


def test_assign_split_is_seeded_and_deterministic() -> None:
    u = int(hashlib.sha256(b"13:g-1").hexdigest()[:12], 16) / 16**12
    expected = "train" if u < 0.7 else "val" if u < 0.8 else "test"
    assert assign_split("g-1", seed=13, val=0.1, test=0.2) == expected
    groups = [f"toy:{i}" for i in range(4000)]
    first = [assign_split(g, seed=13) for g in groups]
    assert first == [assign_split(g, seed=13) for g in groups]
    assert first != [assign_split(g, seed=14) for g in groups]
    share = {s: first.count(s) / len(first) for s in ("train", "val", "test")}
    assert share["train"] == pytest.approx(0.7, abs=0.03)
    assert share["val"] == pytest.approx(0.1, abs=0.02)
    assert share["test"] == pytest.approx(0.2, abs=0.03)


def test_labels() -> None:
    assert POSITIVE_ORIGINS == {"machine", "roundtrip", "spun"}
    assert [label_of(o) for o in ("native", "human", "machine", "roundtrip", "spun")] == [0, 0, 1, 1, 1]
    with pytest.raises(CorpusError):
        label_of("robot")


@pytest.fixture()
def build(tmp_path: Path) -> tuple[Path, dict]:
    out = tmp_path / "build"
    return out, build_corpus([FIXTURE], out, SMALL)


def test_build_groups_and_collisions(build: tuple[Path, dict]) -> None:
    out, stats = build
    records = load_corpus(out)
    assert records and all(tuple(r) == RECORD_KEYS for r in records)
    sides = defaultdict(set)
    for r in records:
        sides[r["group"]].add(r["split"])
    assert all(len(s) == 1 for s in sides.values())
    # d3 has the same text as a reference and as a system output: both are dropped
    assert stats["label_collisions"] == {"texts": 1, "paragraphs_dropped": 2}
    assert not [r for r in records if r["doc_id"] == "d3"]
    # d4 repeats d2's machine text under the same label: kept
    assert [r for r in records if r["doc_id"] == "d4"]
    assert stats["paragraphs"] == len(records)
    assert sum(sum(v.values()) for v in stats["origin_split"].values()) == len(records)
    assert json.loads((out / "stats.json").read_text())["options"]["min_words"] == 25


def test_build_is_byte_identical(build: tuple[Path, dict], tmp_path: Path) -> None:
    out, _ = build
    again = tmp_path / "again"
    build_corpus([FIXTURE], again, SMALL)
    for name in ("paragraphs.jsonl.gz", "stats.json"):
        assert (out / name).read_bytes() == (again / name).read_bytes()


def test_load_corpus_reads_extra_files(build: tuple[Path, dict]) -> None:
    out, _ = build
    base = load_corpus(out / "paragraphs.jsonl.gz")
    spun = dict(base[0], id="spun/0", origin="spun", system="toy-spinner")
    with gzip.open(out / "a_spun.jsonl.gz", "wt", encoding="utf-8") as f:
        f.write(json.dumps(spun) + "\n")
    records = load_corpus(out)
    assert records[: len(base)] == base  # paragraphs.jsonl.gz comes first
    assert records[-1]["origin"] == "spun" and label_of(records[-1]["origin"]) == 1


def test_load_corpus_errors(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="no such"):
        load_corpus(tmp_path / "missing")
    with pytest.raises(CorpusError, match="no \\*.jsonl.gz"):
        load_corpus(tmp_path)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x"}\n{not json\n')
    with pytest.raises(CorpusError, match="bad.jsonl:2"):
        list(read_rows(bad))
    with pytest.raises(CorpusError, match="lacks"):
        load_corpus(tmp_path / "bad.jsonl")


def test_lopo_folds(build: tuple[Path, dict]) -> None:
    out, _ = build
    records = load_corpus(out)
    for r in records:  # spread groups over splits so every side is populated
        r["split"] = {"d1": "train", "d2": "test", "d4": "train", "n1": "test"}[r["doc_id"]]
    folds = lopo_folds(records)
    assert set(folds) == {"xx-en/wmt", "yy-en/wmt"}
    train, test = folds["yy-en/wmt"]
    assert {records[i]["pair"] for i in test} == {"yy-en", "en-xx", "en-xx-en"}
    assert {records[i]["doc_id"] for i in train} == {"d1"}
    train, test = folds["xx-en/wmt"]
    assert {records[i]["doc_id"] for i in test} == {"d1", "d2", "n1"}
    assert {records[i]["group"] for i in train}.isdisjoint({records[i]["group"] for i in test})


def load_script():
    spec = importlib.util.spec_from_file_location("build_corpus", ROOT / "scripts" / "build_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_script(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    data.mkdir()
    with open(FIXTURE, "rb") as src, gzip.open(data / "toy.jsonl.gz", "wb") as dst:
        shutil.copyfileobj(src, dst)
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps({"files": [{"path": "toy.jsonl.gz", "sha256": "0" * 64}]}))
    args = ["--from", str(data), "--out", str(tmp_path / "out"), "--manifest", str(manifest),
            "--min-words", "25", "--max-words", "45", "--min-keep", "10"]
    script = load_script()
    assert script.main([*args, "--strict"]) == 2
    assert "sha256 differs" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
    assert script.main(args) == 0
    err = capsys.readouterr().err
    assert "warning" in err and "machine" in err and "label collisions dropped: 1 texts" in err
    assert {r["source"] for r in load_corpus(tmp_path / "out")} == {"wmt"}
    assert check_manifest([data / "toy.jsonl.gz"], {"files": []}) == [
        f"{data / 'toy.jsonl.gz'}: not listed in the manifest"]
    assert script.main([*args, "--min-words", "200"]) == 2


def test_shipped_manifest_lists_every_input() -> None:
    manifest = json.loads((ROOT / "corpus" / "manifest.json").read_text())
    names = {Path(f["path"]).name for f in manifest["files"]}
    assert names == {"wmt21.jsonl.gz", "wmt22.jsonl.gz", "htmt08-17.jsonl.gz"}
    for entry in manifest["files"]:
        assert len(entry["sha256"]) == 64 and entry["rows"] > 0 and entry["derived_from"]
    assert manifest["build_defaults"]["seed"] == BuildOptions().seed
