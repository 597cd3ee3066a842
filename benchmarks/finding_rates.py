"""Measure every finding rule: false alarms on native English of every genre, hits on machine-made text.

Reads the built corpus (``corpus/build``: news written in English, professional human
translations, machine translations, round trips, spun copies) and the native-genre
corpus (``corpus/build/genres``: Python and Perl documentation, GNU standards, manual
pages, licences; ``scripts/build_native_genres.py``). For each rule it prints

* false alarms per 10,000 paragraphs and per 1,000 documents, per people-made genre;
* hit rates (share of documents with the finding) per machine-made origin (the pipeline
  spinner's output, which plants these tells, is shown but not counted);
* the rule's weight in the verdict, ``min(log 100, max(0, log(hit / false_alarm)))``
  (:func:`mtdetect.scoring.verdict.rule_weight`), where ``false_alarm`` is the add-half smoothed
  share of documents it fires in, taken from the people-made genre where that share is
  highest (genres of at least ``MIN_GENRE_DOCUMENTS`` documents), and ``hit`` is the
  measured machine-made share or the rate assumed for republishing pipelines
  (:data:`ASSUMED_HIT_RATES`), whichever is higher.

``--write`` stores the table in ``mtdetect/data/finding_weights.json`` (which the verdict
reads) and the rule reference in ``docs/findings.md``.

Usage::

    python -m benchmarks.finding_rates [--corpus corpus/build] [--genres corpus/build/genres] [--write]
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from mtdetect.lab.corpus import load_corpus
from mtdetect.findings import RULES, document_findings, paragraph_findings
from mtdetect.scoring.verdict import WEIGHTS_PATH, rule_weight

ROOT = Path(__file__).resolve().parents[1]
DOCS_PATH = ROOT / "docs" / "findings.md"
MIN_GENRE_DOCUMENTS = 100  # smaller genres are reported, but their smoothing floor would swamp the weights
PEOPLE = ("news-native", "news-human-translation")
# The pipeline spinner plants the very tells these rules look for: its output shows that a rule finds
# what it should, not how often real pipelines leave the tell, so it is left out of measured hit rates.
PLANTED = frozenset({"spun:pipeline"})
MACHINE = ("machine", "roundtrip")
# Share of machine-made web articles (machine-translated and/or spun republications) that we assume
# show a tell of each family, where our machine-made data cannot show it: WMT systems translate
# clean, pre-segmented sentences, so they never meet the guillemets, teaser lines, bylines and
# source-language dates of a scraped page. The figures are deliberately low (content-farm pages we
# read while designing the rules showed several families each); a rule's weight is driven by its
# measured false-alarm rate, and these only set how much one finding can say.
ASSUMED_HIT_RATES = {
    "typography": 0.10, "glued words": 0.10, "boilerplate": 0.05, "number and date formats": 0.05,
    "words and phrasing": 0.05, "document structure": 0.03, "names": 0.05,
}

Document = tuple[str, list[str]]  # (genre or origin, paragraph texts in order)


def corpus_documents(corpus: Path, splits: Sequence[str] = ("train", "val", "test")) -> Iterator[Document]:
    """News documents of the built corpus's ``splits``, keyed by origin (spun ones by their generator)."""
    grouped: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for record in load_corpus(corpus):
        if record["split"] not in splits:
            continue
        origin = {"native": PEOPLE[0], "human": PEOPLE[1]}.get(record["origin"], record["origin"])
        if origin == "spun":
            origin = f"spun:{record['system']}"
        grouped[(origin, record["group"], record.get("system", ""))].append(record["text"])
    for (origin, _, _), texts in grouped.items():
        yield origin, texts


def genre_documents(folder: Path) -> Iterator[Document]:
    """Native documents of other genres, paragraphs in order (``scripts/build_native_genres.py``)."""
    grouped: dict[tuple[str, str], list[tuple[int, str]]] = defaultdict(list)
    for path in sorted(folder.glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                grouped[(record["genre"], record["doc"])].append((record["paragraph"], record["text"]))
    for (genre, _), numbered in grouped.items():
        yield genre, [text for _, text in sorted(numbered)]


def count(documents: Iterable[Document], codes: frozenset[str]) -> tuple[dict[str, Any], float]:
    """Per genre: documents, paragraphs, and for each code the documents and paragraphs it fired in."""
    table: dict[str, Any] = defaultdict(lambda: {"documents": 0, "paragraphs": 0,
                                                 "doc_hits": defaultdict(int), "paragraph_hits": defaultdict(int),
                                                 "examples": defaultdict(list)})
    started, n_paragraphs = time.perf_counter(), 0
    for genre, texts in documents:
        row = table[genre]
        row["documents"] += 1
        row["paragraphs"] += len(texts)
        n_paragraphs += len(texts)
        found = [f.at(i) for i, text in enumerate(texts) for f in paragraph_findings(text, codes)]
        found += document_findings(texts, codes)
        for code in {f.code for f in found}:
            row["doc_hits"][code] += 1
        for code, paragraph in {(f.code, f.paragraph) for f in found}:
            row["paragraph_hits"][code] += 1
        for finding in found:
            if len(row["examples"][finding.code]) < 3:
                row["examples"][finding.code].append(finding.reason)
    return table, 1e6 * (time.perf_counter() - started) / max(n_paragraphs, 1)


def smoothed(hits: int, total: int) -> float:
    return (hits + 0.5) / (total + 1.0)


def weigh(table: dict[str, Any], code: str) -> dict[str, Any]:
    """One rule's rates and weight (see the module docstring)."""
    people = [g for g in table if not _machine_made(g)]
    machine = [g for g in table if _machine_made(g) and g not in PLANTED]
    large = [g for g in people if table[g]["documents"] >= MIN_GENRE_DOCUMENTS] or people
    worst = max(large, key=lambda g: smoothed(table[g]["doc_hits"][code], table[g]["documents"]))
    false_alarm = smoothed(table[worst]["doc_hits"][code], table[worst]["documents"])
    measured = sum(table[g]["doc_hits"][code] / table[g]["documents"] for g in machine) / max(len(machine), 1)
    assumed = ASSUMED_HIT_RATES[RULES[code].family]
    hit = max(measured, assumed)
    return {
        "name": RULES[code].name,
        "weight": round(rule_weight(hit, false_alarm), 4),
        "false_alarm_rate": round(false_alarm, 6),
        "false_alarm_genre": worst,
        "hit_rate": round(hit, 6),
        "hit_source": "measured" if measured >= assumed else "assumed",
        "measured_hit_rate": round(measured, 6),
        "native_per_10k_paragraphs": {g: round(1e4 * table[g]["paragraph_hits"][code] / max(table[g]["paragraphs"], 1), 2)
                                      for g in people},
        "native_per_1k_documents": {g: round(1e3 * table[g]["doc_hits"][code] / max(table[g]["documents"], 1), 2)
                                    for g in people},
        "machine_document_hit_rate": {g: round(table[g]["doc_hits"][code] / max(table[g]["documents"], 1), 4)
                                      for g in machine},
    }


def _machine_made(genre: str) -> bool:
    return genre in MACHINE or genre.startswith("spun:")


def render_docs(weights: dict[str, Any], sizes: dict[str, tuple[int, int]]) -> str:
    """``docs/findings.md``: every rule with its rationale, example and measured rates."""
    lines = ["# Findings: the rule catalogue", "",
             "Written by `python -m benchmarks.finding_rates --write`; do not edit by hand.",
             "Each rule's weight is the log-likelihood ratio it adds to a document's style log-odds",
             "(`src/mtdetect/scoring/verdict.py` gives the formula). False alarms are measured on people-made English;",
             "hit rates on machine-made text, or assumed where our data cannot show the tell.", "",
             "| corpus | documents | paragraphs |", "|---|---:|---:|"]
    lines += [f"| {g} | {d:,} | {p:,} |" for g, (d, p) in sorted(sizes.items())]
    lines += ["", "| code | name | weight | false alarms / 1k docs (worst genre) | hit rate (source) |",
              "|---|---|---:|---|---|"]
    for code, w in sorted(weights.items()):
        lines.append(f"| {code} | {w['name']} | {w['weight']:.2f} | {1e3 * w['false_alarm_rate']:.2f} "
                     f"({w['false_alarm_genre']}) | {w['hit_rate']:.3f} ({w['hit_source']}) |")
    for code, w in sorted(weights.items()):
        rule = RULES[code]
        per_10k = ", ".join(f"{g} {v:g}" for g, v in w["native_per_10k_paragraphs"].items())
        hits = ", ".join(f"{g} {v:.1%}" for g, v in w["machine_document_hit_rate"].items())
        lines += ["", f"## {code} {rule.name}", "", rule.summary[0].upper() + rule.summary[1:] + ".", "",
                  f"**Why:** {rule.rationale}", "", f"**Example:** {rule.example}", "",
                  f"**Native false alarms per 10,000 paragraphs:** {per_10k}.", "",
                  f"**Machine-made documents with it:** {hits}.", "",
                  f"**Weight:** {w['weight']:.2f} (hit rate {w['hit_rate']:.3f}, {w['hit_source']}; "
                  f"false-alarm rate {w['false_alarm_rate']:.5f}, {w['false_alarm_genre']}). "
                  f"Turn off with `--ignore {code}`."]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus" / "build")
    parser.add_argument("--genres", type=Path, default=ROOT / "corpus" / "build" / "genres")
    parser.add_argument("--codes", default="", help="comma-separated code prefixes to measure (default: all)")
    parser.add_argument("--write", action="store_true", help="store the weights and docs/findings.md")
    args = parser.parse_args(argv)
    prefixes = [p for p in args.codes.split(",") if p]
    codes = frozenset(c for c in RULES if not prefixes or c.startswith(tuple(prefixes)))
    if args.write and codes != frozenset(RULES):
        parser.error("--write needs every rule measured (leave out --codes)")
    documents = [*corpus_documents(args.corpus), *genre_documents(args.genres)]
    table, micros = count(documents, codes)
    weights = {code: weigh(table, code) for code in sorted(codes)}
    sizes = {g: (row["documents"], row["paragraphs"]) for g, row in table.items()}
    print(f"{sum(d for d, _ in sizes.values()):,} documents, {sum(p for _, p in sizes.values()):,} paragraphs; "
          f"findings took {micros:.0f} µs a paragraph")
    print("code  weight  FA/1k docs (worst genre)          hit (source)      paragraphs fired per genre")
    for code, w in weights.items():
        fired = {g: table[g]["paragraph_hits"][code] for g in table if table[g]["paragraph_hits"][code]}
        print(f"{code} {w['weight']:6.2f}  {1e3 * w['false_alarm_rate']:6.2f} ({w['false_alarm_genre']:24}) "
              f"{w['hit_rate']:.3f} ({w['hit_source']:8})  {fired}")
        for genre in table:
            if not _machine_made(genre) and table[genre]["examples"][code]:
                print(f"      {genre}: {table[genre]['examples'][code][:2]}")
    if args.write:
        payload = {"how": "python -m benchmarks.finding_rates --write; formula in src/mtdetect/scoring/verdict.py",
                   "corpora": {g: {"documents": d, "paragraphs": p} for g, (d, p) in sorted(sizes.items())},
                   "assumed_hit_rates": ASSUMED_HIT_RATES, "rules": weights}
        WEIGHTS_PATH.write_text(json.dumps(payload, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        DOCS_PATH.write_text(render_docs(weights, sizes), encoding="utf-8")
        print(f"wrote {WEIGHTS_PATH.relative_to(ROOT)} and {DOCS_PATH.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
