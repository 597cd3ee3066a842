"""Validation that predicts unseen MT systems: temporal, system-family and domain folds.

Leave-one-language-pair-out (``mtdetect eval --lopo``) keeps every MT system and every year
in training, so it rewards a model for knowing *those* systems. The folds here hold out what
an unseen system differs in:

- **temporal**: train on WMT21 and HT-vs-MT (``htmt``) test sets up to 2015; test on WMT22
  and ``htmt`` 2016-17. Most WMT22 systems never took part in WMT21.
- **family**: leave one family of MT systems out (:data:`SYSTEM_FAMILIES`): its machine
  output (and round trips, for the online engines that made them) is dropped from training,
  and the test split's natives and human references are scored against its test-split output.
- **domain**: leave one WMT22 domain out (every record of that domain, all origins): natives
  of a genre the model never saw, against MT of that genre.

A fold is a ``pool`` (indices a model may learn from; inside it the corpus ``val`` split
calibrates and everything else fits) and a ``test`` (indices it is measured on). No group
(source document) is ever on both sides. Only WMT21-22 and HT-vs-MT 2008-17 may be used:
:func:`check_allowed` refuses anything later, so held-back test data cannot leak in.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from mtdetect.lab.evaluation import (
    POSITIVE_ORIGINS,
    auroc,
    evaluate,
    threshold_at_fpr,
    tpr_at_fpr,
)

# Machine-translation systems of the corpus, grouped by how they were built. Names come from
# the WMT21/22 system-output repositories and HT-vs-MT (google, deepl); a family is what a
# never-seen system of the same kind would most resemble. Attributions follow the WMT21/22
# findings papers where the team is known; team names that say nothing about the system
# (anonymous or pseudonymous submissions) go to "unattributed". There is no LLM-based system
# in WMT21-22, so no LLM family can be held out here.
SYSTEM_FAMILIES: dict[str, tuple[str, ...]] = {
    # Commercial online engines, anonymised by WMT as Online-*; Google Translate and DeepL in htmt.
    "online": ("Online-A", "Online-B", "Online-G", "Online-W", "Online-Y", "google", "deepl"),
    # One large multilingual model (Facebook-AI's WMT21 multilingual system); no NLLB/M2M outputs.
    "multilingual": ("Facebook-AI",),
    # Industry labs' constrained/unconstrained submissions (big ensembles, back-translation).
    "industry": ("HuaweiTSC", "JDExploreAcademy", "Lan-Bridge", "LanguageX", "PROMT", "SRPOL",
                 "Allegro.eu", "DIDI-NLP", "GTCOM", "KwaiNLP", "MS-EgDC", "Mideind", "NVIDIA-NeMo",
                 "NiuTrans", "SHOPLINE-PL", "TRANSSION", "VolcTrans-AT", "VolcTrans-GLAT", "WeChat-AI"),
    # Universities, public research institutes and non-profits (research systems).
    "academic": ("AISP-SJTU", "AIST", "ALMAnaCH-Inria", "ARC-NKUA", "CUNI-DocTransformer",
                 "CUNI-Transformer", "CUNI-Transformer2018", "DLUT", "Liv4ever", "NAIST-NICT-TIT",
                 "TAL-SJTU", "TartuNLP", "AMU", "IIE-MT", "Illini", "UEdin", "UF", "XMU", "AFRL",
                 "TWB", "ICL", "SMU"),
}
# Every other system name: in WMT21-22 Borderline, HappyNewYear, KYB, LT22, Machine_Translation,
# Manifold, MiSS, NJUSC_TSC, NT5, P3AI, Watermelon, ZMT, ZengHuiMT, capitalmarvel, happypoet,
# movelikeajaguar, yyds (teams whose names do not say what they built).
UNATTRIBUTED = "unattributed"
# Origins whose ``system`` names an MT system (round trips were made by google/deepl).
SYSTEM_ORIGINS = ("machine", "roundtrip")

# Data this project must never train, tune or validate on (held back as the real test).
LATEST_YEAR = {"wmt": 2022, "htmt": 2017}
FORBIDDEN_SOURCES = ("web", "webnews", "web-news")

TEMPORAL_TRAIN = {"wmt": (2021, 2021), "htmt": (2008, 2015)}
TEMPORAL_TEST = {"wmt": (2022, 2022), "htmt": (2016, 2017)}
DOMAINS = ("social", "ecommerce", "conversation")  # WMT22's non-news domains
DOMAIN_YEAR = 2022


@dataclass(frozen=True)
class Fold:
    """Indices into a record list: what a model may learn from, and what it is measured on."""

    pool: np.ndarray
    test: np.ndarray


def family_of(system: str) -> str:
    """The family of an MT system name (:data:`SYSTEM_FAMILIES`), else ``"unattributed"``."""
    for family, names in SYSTEM_FAMILIES.items():
        if system in names:
            return family
    return UNATTRIBUTED


def check_allowed(records: Sequence[dict]) -> None:
    """Refuse records from data held back for the final test (WMT23+, HT-vs-MT 2018+, web news)."""
    for record in records:
        source, year = str(record.get("source", "")), int(record.get("year") or 0)
        if source in FORBIDDEN_SOURCES or (source in LATEST_YEAR and year > LATEST_YEAR[source]):
            raise ValueError(f"record {record.get('id')}: {source} {year} is held-back data; "
                             "validation must never see it")


def _no_shared_groups(records: Sequence[dict], pool: np.ndarray, test: np.ndarray) -> Fold:
    """Drop from ``pool`` every record whose group (source document) is also on the test side."""
    test_groups = {str(records[i]["group"]) for i in test}
    pool = np.array([i for i in pool if str(records[i]["group"]) not in test_groups], dtype=int)
    return Fold(pool=pool, test=np.asarray(test, dtype=int))


def _in_years(record: dict, ranges: Mapping[str, tuple[int, int]]) -> bool:
    low_high = ranges.get(str(record["source"]))
    return low_high is not None and low_high[0] <= int(record["year"]) <= low_high[1]


def temporal_fold(records: Sequence[dict], train_years: Mapping[str, tuple[int, int]] = TEMPORAL_TRAIN,
                  test_years: Mapping[str, tuple[int, int]] = TEMPORAL_TEST) -> Fold:
    """Train on the ``train_years`` of each source, test on its ``test_years`` (every origin, every split)."""
    check_allowed(records)
    pool = [i for i, r in enumerate(records) if _in_years(r, train_years)]
    test = [i for i, r in enumerate(records) if _in_years(r, test_years)]
    return _no_shared_groups(records, np.array(pool, dtype=int), np.array(test, dtype=int))


def is_family(record: dict, family: str) -> bool:
    """Whether ``record`` is output of an MT system of ``family`` (machine or round trip)."""
    return record["origin"] in SYSTEM_ORIGINS and family_of(str(record["system"])) == family


def family_folds(records: Sequence[dict], families: Sequence[str] | None = None) -> dict[str, Fold]:
    """Leave-one-system-family-out: ``{family: Fold}`` for each family with output in the test split.

    Pool: train and val records minus the family's output. Test: the test split's natives,
    human references, the family's output and (when the family made them) its round trips.
    """
    check_allowed(records)
    present = sorted({family_of(str(r["system"])) for r in records if r["origin"] in SYSTEM_ORIGINS})
    folds = {}
    for family in families or present:
        mine = [is_family(r, family) for r in records]
        test = [i for i, r in enumerate(records) if r["split"] == "test"
                and (r["origin"] in ("native", "human") or mine[i])]
        pool = [i for i, r in enumerate(records) if r["split"] != "test" and not mine[i]]
        if any(mine[i] for i in test):
            folds[family] = _no_shared_groups(records, np.array(pool, dtype=int), np.array(test, dtype=int))
    return folds


def domain_folds(records: Sequence[dict], domains: Sequence[str] = DOMAINS, year: int = DOMAIN_YEAR,
                 source: str = "wmt") -> dict[str, Fold]:
    """Leave-one-domain-out over ``source`` ``year``: test every record of the domain, train on the rest."""
    check_allowed(records)
    folds = {}
    for domain in domains:
        test = [i for i, r in enumerate(records)
                if r["source"] == source and int(r["year"]) == year and r.get("domain") == domain]
        if test:
            pool = np.setdiff1d(np.arange(len(records)), test)
            folds[domain] = _no_shared_groups(records, pool, np.array(test, dtype=int))
    return folds


def named_folds(records: Sequence[dict], names: Sequence[str]) -> dict[str, Fold]:
    """The folds of the kinds in ``names`` (``temporal``, ``family``, ``domain``) or of single names
    (``family:online``, ``domain:social``), keyed ``temporal``, ``family:<name>``, ``domain:<name>``."""
    kinds = {name.split(":")[0] for name in names}
    unknown = kinds - {"temporal", "family", "domain"}
    if unknown:
        raise ValueError(f"unknown folds {sorted(unknown)}; choose from temporal, family, domain")
    folds: dict[str, Fold] = {}
    if "temporal" in kinds:
        folds["temporal"] = temporal_fold(records)
    if "family" in kinds:
        folds.update({f"family:{k}": v for k, v in family_folds(records).items()})
    if "domain" in kinds:
        folds.update({f"domain:{k}": v for k, v in domain_folds(records).items()})
    wanted = [name for name in names if ":" in name]
    missing = [name for name in wanted if name not in folds]
    if missing:
        raise ValueError(f"no such fold in this corpus: {', '.join(missing)}")
    whole = {name for name in names if ":" not in name}
    return {key: fold for key, fold in folds.items() if key.split(":")[0] in whole or key in wanted}


def fold_records(records: Sequence[dict], fold: Fold) -> tuple[list[dict], list[dict]]:
    """The pool as training records (its ``val`` split stays ``val``, all else becomes ``train``) and the test records."""
    pool = [{**records[i], "split": "val" if records[i]["split"] == "val" else "train"} for i in fold.pool]
    return pool, [records[i] for i in fold.test]


# --- metrics --------------------------------------------------------------------------------

KEYS = ("native_vs_machine", "human_vs_machine", "native_vs_roundtrip", "native_vs_spun")


def summarise(test: Sequence[dict], scores: np.ndarray, report: Mapping[str, Any],
              seen_systems: set[str] | None = None) -> dict[str, Any]:
    """The figures the validation tables show, from an :func:`mtdetect.lab.evaluation.evaluate` report.

    TPR at 1% FPR is measured on the test natives (the oracle threshold for that fold), for all
    positives together and for machine output alone; ``seen_systems`` adds native-vs-MT AUROC on
    the output of systems the pool never had.
    """
    origin = np.array([r["origin"] for r in test], dtype=object)
    scores = np.asarray(scores, dtype=float)
    native, machine = origin == "native", origin == "machine"
    out: dict[str, Any] = {"n": {o: int((origin == o).sum()) for o in ("native", "human", *POSITIVE_ORIGINS)}}
    for level in ("paragraph", "document"):
        out[level] = {k: report[level]["auroc"][k] for k in KEYS}
    out["paragraph"]["tpr_at_1pct_fpr_native"] = report["paragraph"]["tpr_at_1pct_fpr_native"]
    both = native | machine
    tpr = tpr_at_fpr(machine[both].astype(int), scores[both]) if machine.any() and native.any() else None
    out["paragraph"]["tpr_machine_at_1pct_fpr_native"] = None if tpr is None else round(tpr, 4)
    domain = np.array([str(r.get("domain")) for r in test], dtype=object)
    out["by_domain"] = {}
    for name in sorted(set(domain[native])):
        here = domain == name
        y = machine[here & both].astype(int)
        value = auroc(y, scores[here & both]) if y.any() and not y.all() else None
        out["by_domain"][name] = {"n_native": int((here & native).sum()), "n_machine": int((here & machine).sum()),
                                  "auroc_native_vs_machine": None if value is None else round(value, 4)}
    if seen_systems is not None:
        system = np.array([str(r["system"]) for r in test], dtype=object)
        unseen = machine & ~np.isin(system, sorted(seen_systems))
        y = np.r_[np.zeros(native.sum(), int), np.ones(unseen.sum(), int)]
        value = auroc(y, np.r_[scores[native], scores[unseen]])
        out["unseen_systems"] = {"systems": sorted(set(system[unseen])), "n_machine": int(unseen.sum()),
                                 "auroc_native_vs_machine": None if value is None else round(value, 4)}
    return out


COLUMNS = (("paragraph", "native_vs_machine"), ("document", "native_vs_machine"),
           ("paragraph", "human_vs_machine"), ("document", "human_vs_machine"),
           ("paragraph", "native_vs_roundtrip"), ("paragraph", "native_vs_spun"),
           ("paragraph", "tpr_machine_at_1pct_fpr_native"), ("paragraph", "tpr_at_1pct_fpr_native"))
HEADER = ("fold", "model", "n native", "n MT", "para nat/MT", "doc nat/MT", "para hum/MT", "doc hum/MT",
          "para nat/RT", "para nat/spun", "TPR MT @1% nat", "TPR all @1% nat", "unseen sys nat/MT")


def _cell(x: Any) -> str:
    return "–" if x is None else f"{x:.3f}" if isinstance(x, float) else str(x)


def format_runs(runs: Mapping[str, Mapping[str, Any]]) -> str:
    """Markdown, one row per run keyed ``"<fold> | <model>"`` (a :func:`summarise` result each)."""
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    for key, r in runs.items():
        fold, model = key.split(" | ")
        unseen = r.get("unseen_systems", {}).get("auroc_native_vs_machine") if fold == "temporal" else None
        cells = [fold, model, r["n"]["native"], r["n"]["machine"], *(r[lv][k] for lv, k in COLUMNS), unseen]
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(lines) + "\n"


def validate_on_folds(corpus: Path, folds: Sequence[str], *, seed: int, max_systems: int,
                      progress: Callable[[str], None], language_model: bool = False,
                      spinner_prior: bool = False) -> dict[str, dict[str, Any]]:
    """``mtdetect eval --folds``: retrain the training recipe on each fold named in ``folds`` (:func:`named_folds`)."""
    from mtdetect.lab.corpus import load_corpus
    from mtdetect.lab.workflows import recipe

    records = load_corpus(corpus)
    chosen = named_folds(records, [name.strip() for name in folds if name.strip()])
    options, selection = recipe(seed=seed, max_systems=max_systems, language_model=language_model,
                                spinner_prior=spinner_prior)
    return validate_recipe(records, chosen, model_options=options, selection=selection, progress=progress)


def validate_recipe(records: Sequence[dict], folds: Mapping[str, Fold], *, model_options: Any, selection: Any,
                    progress: Callable[[str], None]) -> dict[str, dict[str, Any]]:
    """Train the recipe on each fold's pool and measure it on the fold's test: ``{fold: summary}``."""
    import time

    results = {}
    for name, fold in folds.items():
        started = time.perf_counter()
        pool, test = fold_records(records, fold)
        progress(f"fold {name}: training on {len(pool)} paragraphs, testing on {len(test)}")
        scores, report, _ = score_mtdetect(pool, test, model_options=model_options, selection=selection)
        results[name] = summarise(test, scores, report, seen_systems(pool))
        results[name]["seconds"] = round(time.perf_counter() - started, 1)
        progress(f"fold {name}: native vs MT {results[name]['paragraph']['native_vs_machine']}, "
                 f"human vs MT {results[name]['paragraph']['human_vs_machine']}")
    return results


def score_mtdetect(pool: list[dict], test: list[dict], *, model_options: Any, selection: Any,
                   progress: Callable[[str], None] | None = None) -> tuple[np.ndarray, dict[str, Any], Any]:
    """Train mtdetect's style model on ``pool`` (library :func:`mtdetect.lab.training.train`), score ``test``.

    Scores and report are those ``mtdetect eval`` gives (length calibration, document pooling).
    """
    from mtdetect.lab.training import train
    from mtdetect.lab.workflows import _report

    detector, _ = train(pool, model_options=model_options, selection=selection,
                        progress=progress or (lambda message: None))
    report, scores = _report(detector, test)
    return scores, report, detector


def score_peer(pool: list[dict], test: list[dict], *, peer_args: Any) -> tuple[np.ndarray, dict[str, Any], Any]:
    """Train the TF-IDF peer (``benchmarks.peer_tfidf``) on the pool's train part; threshold on its val natives."""
    from benchmarks.peer_tfidf import fit_peer, score

    fit_idx = np.array([i for i, r in enumerate(pool) if r["split"] == "train"], dtype=int)
    model = fit_peer(pool, fit_idx, peer_args)
    val_native = [r for r in pool if r["split"] == "val" and r["origin"] == "native"]
    threshold = threshold_at_fpr(score(model, val_native), 0.01) if val_native else 0.5
    scores = score(model, test)
    return scores, evaluate(test, scores, threshold=threshold), model


def seen_systems(pool: Sequence[dict]) -> set[str]:
    """MT systems with output in the pool."""
    return {str(r["system"]) for r in pool if r["origin"] in SYSTEM_ORIGINS}


# --- ablations ------------------------------------------------------------------------------

ABLATIONS: dict[str, str] = {
    "default": "the recipe: dense families + both n-gram blocks, the translation head alone (no spun text), C=3",
    "spin_max": "a spin head beside the translation head (spun text in), the strongest decides",
    "spin_fold": "a spin head beside the translation head, both folded into one linear combination fitted "
                 "on val (the recipe up to 1.8)",
    "keep_boilerplate": "paragraphs with source boilerplate (MT301, MT302) kept in training (left out since 1.9)",
    "ngrams_only": "hashed n-gram blocks only (no dense families)",
    "dense_only": "dense families only (no n-gram blocks)",
    "no_lexical": "dense families + masked n-grams, without the lexical word/char block (words, names masked)",
    "heads_all": "one head over every origin ('--heads all')",
    "C=0.3": "regularisation C=0.3",
    "C=30": "regularisation C=30",
}


def ablation_options(name: str, *, seed: int, max_systems: int) -> tuple[Any, Any]:
    """Model and selection options of ablation ``name`` (:data:`ABLATIONS`) from the training recipe."""
    from mtdetect.lab.workflows import recipe

    options, selection = recipe(seed=seed, max_systems=max_systems)
    if name == "default":
        return options, selection
    if name == "ngrams_only":
        return replace(options, families=()), selection
    if name == "dense_only":
        return replace(options, masked_ngrams=False, lexical_ngrams=False), selection
    if name == "no_lexical":
        return replace(options, lexical_ngrams=False), selection
    if name in ("spin_max", "spin_fold"):
        options, selection = recipe(seed=seed, max_systems=max_systems, heads=("translation", "spin"))
        return replace(options, combine=name[5:]), selection
    if name == "keep_boilerplate":
        return options, replace(selection, excluded_findings=())
    if name == "heads_all":
        return recipe(seed=seed, max_systems=max_systems, heads=("all",))
    if name.startswith("C="):
        return replace(options, C=float(name[2:])), selection
    raise ValueError(f"unknown ablation {name!r}; choose from {list(ABLATIONS)}")


# --- what the model learned ----------------------------------------------------------------

def recover_ngrams(blocks: Sequence[Any], texts: Sequence[str], top: int = 25, per_bucket: int = 3,
                   head: int = 0) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """The heaviest buckets of each hashed block for one ``head``, named by the n-grams of ``texts`` in them.

    ``blocks`` are :class:`mtdetect.model.inference.HashedBlock`s. Each block's ``top`` most positive
    (towards machine) and most negative (towards native/human) buckets are listed with their
    weight and up to ``per_bucket`` of the most frequent corpus n-grams falling in them (a bucket
    can hold several: the names are candidates, not proof).
    """
    import re
    from collections import Counter

    import mmh3

    from mtdetect.features import as_texts
    from mtdetect.model.inference import (
        TEXT_VIEWS,
        TOKEN_PATTERN,
        char_wb_ngrams,
        word_ngrams,
    )

    out: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for block in blocks:
        coef = np.asarray(block.coef, dtype=float)[:, head]
        order = np.argsort(coef)
        wanted = {"machine": order[::-1][:top], "native": order[:top]}
        want = {int(b) for side in wanted.values() for b in side}
        view = TEXT_VIEWS[block.view]
        pattern = re.compile(block.token_pattern or TOKEN_PATTERN)
        low, high = block.ngram_range
        found: dict[int, Counter] = {b: Counter() for b in want}
        for text in as_texts(texts):  # plain typography first, as the pipeline's transformers read it
            viewed = view(text)
            grams = char_wb_ngrams(viewed, low, high) if block.analyzer == "char_wb" \
                else word_ngrams(viewed, pattern, low, high)
            for gram in grams:
                bucket = abs(mmh3.hash(gram)) % len(coef)
                if bucket in found:
                    found[bucket][gram] += 1
        name = f"{block.view}:{block.analyzer}{low}-{high}"
        out[name] = {side: [{"bucket": int(b), "weight": round(float(coef[b]), 4),
                             "ngrams": [g for g, _ in found[int(b)].most_common(per_bucket)]}
                            for b in buckets] for side, buckets in wanted.items()}
    return out


def heaviest_dense(scorer: Any, columns: Sequence[str], top: int = 15,
                   head: int = 0) -> dict[str, list[dict[str, Any]]]:
    """One head's dense columns with the largest weights per class (weights per standard deviation of the column)."""
    coef = np.asarray(scorer.dense_coef, dtype=float)[:, head]
    order = np.argsort(coef)
    pick = lambda idx: [{"column": columns[j], "weight": round(float(coef[j]), 4)} for j in idx]
    return {"machine": pick(order[::-1][:top]), "native": pick(order[:top])}
