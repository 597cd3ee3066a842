"""Measure the entity drift detector on native test/val documents of the corpus.

Recall: in each document, one paragraph is replaced by a copy whose names went
through ``mangle_names``; a planted variant counts as found when a finding
pairs it with the original spelling (either way round: the detector calls the
commoner spelling in the document canonical). Only names that also occur
elsewhere in the document can be found, so only those are counted.
False alarms: share of the clean documents with any finding.

Examples
--------
python scripts/eval_drift.py
python scripts/eval_drift.py --seed 7 --splits test --show 10
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

from mtdetect.lab import corpus
from mtdetect.findings.drift import find_entity_drift
from mtdetect.errors import EXIT_CLEAN, EXIT_ERROR
from mtdetect.findings.entities import name_tokens
from mtdetect.lab.spin import mangle_names

ROOT = Path(__file__).resolve().parents[1]


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0], epilog=__doc__.split("\n", 4)[4],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--corpus", type=Path, default=ROOT / "corpus" / "build" / corpus.PARAGRAPHS_FILE)
    p.add_argument("--splits", default="test,val", help="comma-separated splits to read")
    p.add_argument("--seed", type=int, default=13)
    p.add_argument("--show", type=int, default=5, help="print this many misses and false alarms")
    return p


def native_documents(path: Path, splits: set[str]) -> dict[str, list[str]]:
    """Native paragraphs grouped by ``group``, in file order, duplicates dropped."""
    docs: dict[str, list[str]] = {}
    for record in corpus.read_rows(path):
        if record["origin"] == "native" and record["split"] in splits:
            doc = docs.setdefault(record["group"], [])
            if record["text"] not in doc:
                doc.append(record["text"])
    return docs


def plant(doc: list[str], rng: random.Random) -> tuple[list[str], set[tuple[str, str]]]:
    """Replace one paragraph by a name-mangled copy; the (original, variant) pairs that can be found."""
    order = list(range(len(doc)))
    rng.shuffle(order)
    for i in order:
        mangled = mangle_names(doc[i], rate=1.0, seed=rng.randrange(2**32))
        changed = {(a.text, b.text) for a, b in zip(name_tokens(doc[i]), name_tokens(mangled)) if a.text != b.text}
        elsewhere = {t.text for j, text in enumerate(doc) if j != i for t in name_tokens(text)}
        findable = {(a, b) for a, b in changed if a in elsewhere}
        if findable:
            return doc[:i] + [mangled] + doc[i + 1 :], findable
    return doc, set()


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if not args.corpus.is_file():
        print(f"eval_drift: error: {args.corpus}: no such corpus file", file=sys.stderr)
        return EXIT_ERROR
    docs = native_documents(args.corpus, set(args.splits.split(",")))
    rng = random.Random(args.seed)
    start = time.perf_counter()
    alarms = [(g, f) for g, doc in docs.items() for f in find_entity_drift(doc)]
    clean_seconds = time.perf_counter() - start
    planted = found = 0
    misses: list[str] = []
    for doc in docs.values():
        spiked, variants = plant(doc, rng)
        findings = find_entity_drift(spiked)
        seen = {(f.canonical, f.variant) for f in findings} | {(f.variant, f.canonical) for f in findings}
        planted += len(variants)
        found += len(variants & seen)
        misses += [f"{a} -> {b}" for a, b in sorted(variants - seen)]
    flagged_docs = len({g for g, _ in alarms})
    print(f"documents: {len(docs)} ({sum(map(len, docs.values()))} paragraphs, splits {args.splits})")
    print(f"recall: {found}/{planted} planted variants found = {found / max(planted, 1):.1%}")
    print(f"false alarms: {flagged_docs}/{len(docs)} clean documents flagged = {flagged_docs / max(len(docs), 1):.1%}")
    print(f"speed: {1000 * clean_seconds / max(len(docs), 1):.2f} ms per clean document")
    for g, f in alarms[: args.show]:
        print(f"  false alarm {g}: {f.reason}")
    for miss in misses[: args.show]:
        print(f"  missed {miss}")
    return EXIT_CLEAN


if __name__ == "__main__":
    sys.exit(main())
