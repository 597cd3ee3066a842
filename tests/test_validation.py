"""Fold builders of mtdetect.lab.validation on synthetic records (never the real corpus)."""

from __future__ import annotations

import random
from dataclasses import replace

import numpy as np
import pytest
from conftest import NATIVE_TAILS, NATIVE_VERBS, _paragraph, make_records

from mtdetect.lab.validation import (
    SYSTEM_FAMILIES,
    UNATTRIBUTED,
    Fold,
    ablation_options,
    check_allowed,
    domain_folds,
    family_folds,
    family_of,
    fold_records,
    is_family,
    summarise,
    temporal_fold,
)

SYSTEMS = ("Online-A", "google", "CUNI-Transformer", "HuaweiTSC", "Facebook-AI", "yyds")
DOMAINS = ("news", "social", "ecommerce", "conversation")


def synthetic(n_docs: int = 60) -> list[dict]:
    """Fixture records spread over sources, years, MT systems and domains; groups never cross years."""
    records = []
    for r in make_records(n_docs=n_docs, seed=5):
        doc = int(r["doc_id"][1:])
        source = "htmt" if doc % 3 == 0 else "wmt"
        year = 2008 + doc % 10 if source == "htmt" else 2021 + doc % 2
        record = {**r, "source": source, "year": year, "group": f"{source}{year}:{r['doc_id']}",
                  "domain": DOMAINS[(doc // 2) % 4] if source == "wmt" and year == 2022 else "news"}
        if r["origin"] == "machine":  # a person's translation reads like a person's writing, not like the MT
            reference = _paragraph(random.Random(r["id"]), NATIVE_VERBS, NATIVE_TAILS)
            records.append({**record, "id": f"{r['id']}/ref", "origin": "human", "system": "ref-A", "text": reference})
            for k, system in enumerate(SYSTEMS):  # every document translated by several systems
                if (doc + k) % 2 == 0:
                    records.append({**record, "id": f"{r['id']}/{system}", "system": system})
        else:
            records.append(record)
        if r["origin"] == "native" and source == "htmt" and doc % 2 == 0:
            records.append({**record, "id": f"{r['id']}/rt", "origin": "roundtrip", "system": "deepl",
                            "pair": "en-de-en"})
    return records


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return synthetic()


def groups(records: list[dict], idx: np.ndarray) -> set[str]:
    return {records[i]["group"] for i in idx}


def assert_split_by_document(records: list[dict], fold: Fold) -> None:
    assert len(fold.pool) and len(fold.test)
    assert not groups(records, fold.pool) & groups(records, fold.test)
    assert not set(fold.pool.tolist()) & set(fold.test.tolist())


def test_temporal_fold_keeps_years_apart(records):
    fold = temporal_fold(records)
    assert_split_by_document(records, fold)
    train = {(records[i]["source"], records[i]["year"]) for i in fold.pool}
    test = {(records[i]["source"], records[i]["year"]) for i in fold.test}
    assert train <= {("wmt", 2021)} | {("htmt", y) for y in range(2008, 2016)}
    assert test <= {("wmt", 2022), ("htmt", 2016), ("htmt", 2017)}
    assert ("wmt", 2021) in train and ("wmt", 2022) in test and ("htmt", 2016) in test


def test_temporal_fold_drops_a_document_that_straddles_the_years(records):
    straddling = [{**r, "group": "shared"} if r["year"] in (2021, 2022) and r["doc_id"] in ("d1", "d2") else r
                  for r in records]
    fold = temporal_fold(straddling)
    assert_split_by_document(straddling, fold)
    assert "shared" in groups(straddling, fold.test)


def test_validation_refuses_held_back_data(records):
    for bad in ({"source": "wmt", "year": 2023}, {"source": "htmt", "year": 2018}, {"source": "web", "year": 2020}):
        with pytest.raises(ValueError, match="held-back"):
            temporal_fold([*records, {**records[0], **bad}])
        with pytest.raises(ValueError):
            check_allowed([{**records[0], **bad}])


def test_family_fold_holds_out_exactly_that_family(records):
    folds = family_folds(records)
    assert set(folds) == {family_of(s) for s in SYSTEMS}
    for family, fold in folds.items():
        assert_split_by_document(records, fold)
        pool_systems = {records[i]["system"] for i in fold.pool if records[i]["origin"] in ("machine", "roundtrip")}
        test_systems = {records[i]["system"] for i in fold.test if records[i]["origin"] in ("machine", "roundtrip")}
        expected = {s for s in SYSTEMS + ("deepl",) if family_of(s) == family}
        assert test_systems == expected & {r["system"] for r in records if r["split"] == "test"}
        assert not pool_systems & expected
        assert pool_systems == {s for s in SYSTEMS + ("deepl",) if family_of(s) != family}
        assert {records[i]["split"] for i in fold.test} == {"test"}
        assert {records[i]["origin"] for i in fold.test} >= {"native", "human", "machine"}


def test_online_family_takes_the_round_trips_with_it(records):
    fold = family_folds(records, ["online"])["online"]
    assert not any(records[i]["origin"] == "roundtrip" for i in fold.pool)
    assert any(records[i]["origin"] == "roundtrip" for i in fold.test)
    assert family_of("deepl") == family_of("Online-W") == "online"
    assert family_of("never-heard-of-it") == UNATTRIBUTED
    assert is_family({"origin": "roundtrip", "system": "google"}, "online")
    assert not is_family({"origin": "human", "system": "Online-A"}, "online")


def test_families_are_disjoint():
    names = [s for systems in SYSTEM_FAMILIES.values() for s in systems]
    assert len(names) == len(set(names))


def test_domain_folds_hold_out_one_domain(records):
    folds = domain_folds(records)
    assert set(folds) == {"social", "ecommerce", "conversation"}
    for domain, fold in folds.items():
        assert_split_by_document(records, fold)
        assert {records[i]["domain"] for i in fold.test} == {domain}
        assert not any(records[i]["domain"] == domain for i in fold.pool)


def test_fold_records_keep_val_for_calibration(records):
    fold = temporal_fold(records)
    pool, test = fold_records(records, fold)
    assert {r["split"] for r in pool} == {"train", "val"}
    assert [r["split"] == "val" for r in pool] == [records[i]["split"] == "val" for i in fold.pool]
    assert [r["id"] for r in test] == [records[i]["id"] for i in fold.test]


def test_ablation_options():
    base, _selection = ablation_options("default", seed=1, max_systems=2)
    assert ablation_options("ngrams_only", seed=1, max_systems=2)[0].families == ()
    dense = ablation_options("dense_only", seed=1, max_systems=2)[0]
    assert not dense.masked_ngrams and not dense.lexical_ngrams and dense.families == base.families
    lexical = ablation_options("no_lexical", seed=1, max_systems=2)[0]
    assert not lexical.lexical_ngrams and lexical.masked_ngrams and lexical.families == base.families
    assert base.heads == ("translation",) and "spun" not in _selection.origins
    options, chosen = ablation_options("spin_max", seed=1, max_systems=2)
    assert options == replace(base, heads=("translation", "spin")) and "spun" in chosen.origins
    assert ablation_options("heads_all", seed=1, max_systems=2)[0].heads == ("all",)
    assert ablation_options("spin_fold", seed=1, max_systems=2)[0] == replace(base, heads=("translation", "spin"),
                                                                                combine="fold")
    assert ablation_options("keep_boilerplate", seed=1, max_systems=2)[1].excluded_findings == ()
    assert ablation_options("C=30", seed=1, max_systems=2)[0] == replace(base, C=30.0)
    with pytest.raises(ValueError):
        ablation_options("nonsense", seed=1, max_systems=2)


@pytest.mark.parametrize("ablation", ["default", "ngrams_only"])
def test_a_fold_trains_and_scores(records, ablation):
    """End to end on a tiny fold: the library trainer, the metrics the tables show."""
    from mtdetect.lab.validation import score_mtdetect, seen_systems

    options, selection = ablation_options(ablation, seed=3, max_systems=2)
    pool, test = fold_records(records, temporal_fold(records))
    scores, report, _ = score_mtdetect(pool, test, model_options=replace(options, hash_bits=10),
                                       selection=selection)
    summary = summarise(test, scores, report, seen_systems(pool))
    assert summary["paragraph"]["native_vs_machine"] > 0.9
    assert summary["n"]["native"] > 0 and summary["unseen_systems"]["n_machine"] == 0
    assert set(summary["by_domain"]) == {"news", "social", "ecommerce", "conversation"}


def test_recovered_ngrams_hash_into_their_buckets(tiny_model):
    import mmh3

    from mtdetect.model.inference import load_scorer
    from mtdetect.model.load import arrays_path
    from mtdetect.lab.validation import recover_ngrams

    scorer = load_scorer(arrays_path(tiny_model))
    texts = [r["text"] for r in make_records(n_docs=10)]
    found = recover_ngrams(scorer.blocks, texts, top=3)
    assert len(found) == len(scorer.blocks)
    for block, (name, sides) in zip(scorer.blocks, found.items()):
        for item in sides["machine"] + sides["native"]:
            for gram in item["ngrams"]:
                assert abs(mmh3.hash(gram)) % len(block.idf) == item["bucket"]


def test_named_folds_take_kinds_and_single_folds(records):
    from mtdetect.lab.validation import named_folds

    assert set(named_folds(records, ["temporal"])) == {"temporal"}
    families = named_folds(records, ["family"])
    assert set(families) == {f"family:{name}" for name in ("online", "academic", "industry", "multilingual",
                                                           UNATTRIBUTED)}
    assert set(named_folds(records, ["temporal", "family:online", "domain:social"])) == {
        "temporal", "family:online", "domain:social"}
    with pytest.raises(ValueError, match="unknown folds"):
        named_folds(records, ["lopo"])
    with pytest.raises(ValueError, match="no such fold"):
        named_folds(records, ["family:llm"])


def test_eval_folds_retrains_on_each_fold(records, tmp_path):
    """``mtdetect eval --folds``: one retraining per fold, the table on stdout, the figures as JSON."""
    import gzip
    import json

    from typer.testing import CliRunner

    from mtdetect.cli import app

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    with gzip.open(corpus / "paragraphs.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.writelines(json.dumps(r) + "\n" for r in records)
    out = tmp_path / "folds.json"
    result = CliRunner().invoke(app, ["eval", "--folds", "temporal,family:online", "--corpus", str(corpus),
                                      "--max-systems", "2", "--out", str(out)])
    assert result.exit_code == 0, result.output
    found = json.loads(out.read_text())
    assert set(found) == {"temporal", "family:online"}
    assert found["temporal"]["paragraph"]["native_vs_machine"] > 0.9
    assert "| temporal | mtdetect |" in result.output and "| family:online | mtdetect |" in result.output
    refused = CliRunner().invoke(app, ["eval", "--folds", "temporal", "--lopo", "--corpus", str(corpus)])
    assert refused.exit_code == 2
