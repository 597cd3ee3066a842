"""Which regularisation generalises? The heads' ``C`` and the dense block's weight, judged on unseen pairs.

``mtdetect train`` fits its heads with ``C=3`` and weighs the standardised dense
families by 0.1 against the l2-normalised n-gram blocks. Both were set on the
in-distribution validation split. This benchmark refits the shipped recipe over a grid
of both and scores each fit where generalisation shows: on every leave-one-pair-out
fold (the same folds and calibration sets as ``mtdetect eval --lopo``) and on the test
split, at paragraph level before length calibration.

The features are computed once: the dense families and the hashed n-gram counts are
stateless, so only the TF-IDF weights and the standardisation are refitted per fold,
exactly as the pipeline would. Computing them for the whole corpus takes about
5 minutes on two cores and is cached (``--cache``); each fit of both heads takes
about a minute.

Usage::

    python -m benchmarks.regularisation [--C 1 3 10] [--dense-weight 0.1 0.3] \\
        [--folds cs-en/wmt ...] [--out benchmarks/out/regularisation.json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

from mtdetect.lab.corpus import fold_name, label_of, load_corpus, lopo_folds
from mtdetect.lab.evaluation import PAIRED_ORIGINS, auroc, tpr_at_fpr
from mtdetect.features.transformers import DenseFeatures
from mtdetect.model.load import COMBINER_C, ModelOptions, build_features, fit_head
from mtdetect.lab.training import SelectionOptions, balanced_class_weights, select
from mtdetect.lab.workflows import recipe_families

ROOT = Path(__file__).resolve().parent.parent
BLOCKS = ("masked", "words", "chars")  # the hashed n-gram blocks, in the pipeline's column order
TEST_PAIRS = (("native", "machine"), ("human", "machine"), ("native", "roundtrip"), ("native", "spun"))


def _raw_blocks(texts: list[str]) -> dict[str, object]:
    """The stateless part of the pipeline: dense columns and hashed n-gram counts."""
    parts = dict(build_features(ModelOptions(families=recipe_families())).transformer_list)
    masked = parts["masked"]
    lexical = parts["lexical"]
    lexical_texts = lexical.named_steps["mask"].transform(texts)
    hashers = dict(lexical.named_steps["ngrams"].transformer_list)
    return {
        "dense": parts["dense"].named_steps["features"].transform(texts),
        "masked": masked.named_steps["ngrams"].named_steps["hash"].transform(masked.named_steps["mask"].transform(texts)),
        "words": hashers["words"].named_steps["hash"].transform(lexical_texts),
        "chars": hashers["chars"].named_steps["hash"].transform(lexical_texts),
    }


def corpus_blocks(texts: list[str], cache: Path, workers: int = 2) -> dict[str, object]:
    """Raw blocks of every corpus paragraph, from ``cache`` when it holds them."""
    if cache.is_dir() and (cache / "dense.npy").is_file():
        blocks: dict[str, object] = {"dense": np.load(cache / "dense.npy")}
        blocks.update({name: sp.load_npz(cache / f"{name}.npz") for name in BLOCKS})
        if blocks["dense"].shape == (len(texts), len(DenseFeatures(recipe_families()).get_feature_names_out())):
            return blocks
    started = time.perf_counter()
    chunks = [texts[i:i + 5000] for i in range(0, len(texts), 5000)]
    with ProcessPoolExecutor(workers) as pool:
        parts = list(pool.map(_raw_blocks, chunks))
    blocks = {"dense": np.vstack([p["dense"] for p in parts])}
    blocks.update({name: sp.vstack([p[name] for p in parts]).tocsr() for name in BLOCKS})
    cache.mkdir(parents=True, exist_ok=True)
    np.save(cache / "dense.npy", blocks["dense"])
    for name in BLOCKS:
        sp.save_npz(cache / f"{name}.npz", blocks[name])
    print(f"[regularisation] features of {len(texts)} paragraphs in {time.perf_counter() - started:.0f} s",
          file=sys.stderr, flush=True)
    return blocks


class FoldMatrices:
    """The pipeline's feature matrix for one training set: TF-IDF and scaling fitted on its rows."""

    def __init__(self, blocks: dict[str, object], train_rows: np.ndarray) -> None:
        self.blocks = blocks
        self.scaler = StandardScaler().fit(blocks["dense"][train_rows])
        self.tfidf = {name: TfidfTransformer(sublinear_tf=True).fit(blocks[name][train_rows]) for name in BLOCKS}

    def rows(self, rows: np.ndarray, dense_weight: float) -> sp.csr_matrix:
        dense = sp.csr_matrix(dense_weight * self.scaler.transform(self.blocks["dense"][rows]))
        return sp.hstack([dense, *(self.tfidf[name].transform(self.blocks[name][rows]) for name in BLOCKS)],
                         format="csr")


def fit_and_score(matrices: FoldMatrices, train_rows: np.ndarray, calibration_rows: np.ndarray,
                  held_rows: np.ndarray, origins: np.ndarray, labels: np.ndarray, calibration_weights: np.ndarray,
                  *, C: float, dense_weight: float, seed: int = 13) -> np.ndarray:
    """Fit the two heads and their combiner as ``model.fit_detector`` does; log-odds of ``held_rows``."""
    X = matrices.rows(train_rows, dense_weight)
    heads = [fit_head(X, labels[train_rows], origins[train_rows], name, C=C, seed=seed)
             for name in ("translation", "spin")]
    X_calibration = matrices.rows(calibration_rows, dense_weight)
    combiner = LogisticRegression(C=COMBINER_C, max_iter=1000, random_state=seed)
    combiner.fit(np.column_stack([h.decision_function(X_calibration) for h in heads]), labels[calibration_rows],
                 sample_weight=calibration_weights)
    X_held = matrices.rows(held_rows, dense_weight)
    return combiner.decision_function(np.column_stack([h.decision_function(X_held) for h in heads]))


def _versus(origins: np.ndarray, scores: np.ndarray, negative: str, positive: str) -> float | None:
    chosen = np.isin(origins, (negative, positive))
    if len(set(origins[chosen])) < 2:
        return None
    return round(float(auroc((origins[chosen] == positive).astype(int), scores[chosen])), 4)


def fold_sets(records: list[dict], fold: str, index: dict[int, int], selection: SelectionOptions
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Rows of (train, calibration, held) for ``fold`` (``test`` or a LOPO pair), and calibration weights."""
    if fold == "test":
        train, calibration = select(records, "train", selection), select(records, "val", selection)
        held = [r for r in records if r["split"] == "test"]
    else:
        train_idx, test_idx = lopo_folds(records)[fold]
        held = [records[i] for i in test_idx]
        held_groups = {r["group"] for r in held}
        train = select([records[i] for i in train_idx], "train", selection)
        calibration = select([r for r in records if r["split"] == "val" and r["group"] not in held_groups
                              and not (r["origin"] in PAIRED_ORIGINS and fold_name(r) == fold)], "val", selection)
    rows = [np.array([index[id(r)] for r in part]) for part in (train, calibration, held)]
    return rows[0], rows[1], rows[2], balanced_class_weights(calibration)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus" / "build")
    parser.add_argument("--cache", type=Path, default=ROOT / "benchmarks" / "out" / "regularisation-cache")
    parser.add_argument("--C", type=float, nargs="+", default=[1.0, 3.0, 10.0])
    parser.add_argument("--dense-weight", type=float, nargs="+", default=[0.1])
    parser.add_argument("--folds", nargs="+", default=None, help="LOPO folds and/or 'test' (default: all)")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out" / "regularisation.json")
    args = parser.parse_args(argv)

    records = load_corpus(args.corpus)
    index = {id(r): i for i, r in enumerate(records)}
    origins = np.array([r["origin"] for r in records])
    systems = np.array([r["system"] if r["origin"] == "spun" else "" for r in records])
    labels = np.array([label_of(o) for o in origins])
    blocks = corpus_blocks([r["text"] for r in records], args.cache)
    folds = args.folds or ["test", *lopo_folds(records)]
    results: dict[str, dict[str, dict[str, float | None]]] = {}
    if args.out.is_file():
        results = json.loads(args.out.read_text())
    for fold in folds:
        train, calibration, held, weights = fold_sets(records, fold, index, SelectionOptions())
        matrices = FoldMatrices(blocks, train)
        for C in args.C:
            for dense_weight in args.dense_weight:
                config = f"C={C:g} dense={dense_weight:g}"
                started = time.perf_counter()
                scores = fit_and_score(matrices, train, calibration, held, origins, labels, weights,
                                       C=C, dense_weight=dense_weight)
                held_origins = origins[held]
                metrics = {f"{n}_vs_{p}": _versus(held_origins, scores, n, p) for n, p in TEST_PAIRS}
                held_systems = systems[held]
                for system in sorted(set(held_systems[held_origins == "spun"])):
                    versus_native = (held_origins == "native") | (held_systems == system)
                    metrics[f"native_vs_{system}"] = _versus(held_systems[versus_native], scores[versus_native],
                                                             "", system)  # native rows carry system ""
                native_or_machine = np.isin(held_origins, ("native", "machine"))
                metrics["tpr_at_1pct_native"] = round(float(tpr_at_fpr(
                    (held_origins[native_or_machine] == "machine").astype(int), scores[native_or_machine])), 4)
                results.setdefault(fold, {})[config] = metrics
                args.out.parent.mkdir(parents=True, exist_ok=True)
                args.out.write_text(json.dumps(results, indent=1) + "\n")
                print(f"{fold:12} {config:18} {metrics} ({time.perf_counter() - started:.0f} s)", flush=True)
    summarise(results)


def summarise(results: dict[str, dict[str, dict[str, float | None]]]) -> None:
    """Print the test-split figures and the LOPO means per configuration."""
    configs = sorted({c for fold in results.values() for c in fold},
                     key=lambda c: tuple(float(part.split("=")[1]) for part in c.split()))
    lopo = [f for f in results if f != "test"]
    print("\n| configuration | test: native vs MT | human vs MT | native vs round trip | native vs spun "
          f"| native vs synonym | TPR at 1% FPR | LOPO ({len(lopo)} folds) mean: human vs MT | native vs MT |")
    print("|---|---|---|---|---|---|---|---|---|")
    for config in configs:
        test = results.get("test", {}).get(config, {})
        cells = [test.get(f"{n}_vs_{p}") for n, p in TEST_PAIRS]
        cells += [test.get("native_vs_synonym"), test.get("tpr_at_1pct_native")]
        complete = lopo and all(config in results[f] for f in lopo)
        for key in ("human_vs_machine", "native_vs_machine"):  # liv-en has no human translations
            values = [results[f][config][key] for f in lopo if complete and results[f][config][key] is not None]
            cells.append(round(float(np.mean(values)), 4) if values else None)
        print(f"| {config} | " + " | ".join("—" if c is None else f"{c:.3f}" for c in cells) + " |")


if __name__ == "__main__":
    main()
