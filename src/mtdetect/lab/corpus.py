"""Read corpus files, build paragraphs from segments, assign grouped splits.

Inputs are segment rows (one sentence each, the schema of ``shared/data/*/README.md``).
A paragraph is a run of consecutive segments of one document from one producer
(origin + system), so no paragraph mixes documents, translators or MT systems.
Splits are drawn per ``group`` (``testset:doc_id``): every translation of a source
document, and an English original with its round trips, land on the same side, so a
model is never tested on a document whose other renderings it was trained on.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from mtdetect.errors import CorpusError
from mtdetect.model.load import sha256_of

POSITIVE_ORIGINS = frozenset({"machine", "roundtrip", "spun"})
NEGATIVE_ORIGINS = frozenset({"native", "human"})
PARAGRAPHS_FILE = "paragraphs.jsonl.gz"
RECORD_KEYS = ("id", "text", "origin", "system", "pair", "year", "testset", "doc_id",
               "group", "domain", "split", "n_words", "source")
_ROW_KEYS = ("year", "testset", "pair", "doc_id", "seg", "origin", "system", "text")


@dataclass(frozen=True)
class BuildOptions:
    """Paragraph sizes (in whitespace-separated words) and split settings."""

    min_words: int = 40
    max_words: int = 120
    min_keep: int = 15
    seed: int = 13
    val: float = 0.1
    test: float = 0.2


def label_of(origin: str) -> int:
    """Binary label: 1 for machine-made text (machine, roundtrip, spun), 0 for people's."""
    if origin in POSITIVE_ORIGINS:
        return 1
    if origin in NEGATIVE_ORIGINS:
        return 0
    raise CorpusError(f"unknown origin {origin!r}; expected one of "
                      f"{sorted(POSITIVE_ORIGINS | NEGATIVE_ORIGINS)}")


def assign_split(group: str, *, seed: int = 13, val: float = 0.1, test: float = 0.2) -> str:
    """``"train"``, ``"val"`` or ``"test"`` for a group, from a seeded hash.

    Notes
    -----
    u = int(sha256(f"{seed}:{group}")[:12 hex], 16) / 16**12; train if u < 1 - val - test,
    val if u < 1 - test, else test. A hash rather than a shuffle keeps a group's side fixed
    when other documents are added or removed.
    """
    u = int(hashlib.sha256(f"{seed}:{group}".encode()).hexdigest()[:12], 16) / 16**12
    if u < 1.0 - val - test:
        return "train"
    return "val" if u < 1.0 - test else "test"


def read_rows(path: str | os.PathLike[str]) -> Iterator[dict]:
    """Yield the JSON objects of a ``.jsonl`` or ``.jsonl.gz`` file, one per non-blank line."""
    path = Path(path)
    opener = gzip.open if path.name.endswith(".gz") else open
    try:
        with opener(path, "rt", encoding="utf-8") as handle:
            for lineno, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise CorpusError(f"{path}:{lineno}: not valid JSON ({exc.msg})") from None
                if not isinstance(row, dict):
                    raise CorpusError(f"{path}:{lineno}: expected a JSON object")
                yield row
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise CorpusError(f"{path}: cannot be read ({exc})") from None


def _chunks(words: Sequence[int], *, min_words: int, max_words: int, min_keep: int
            ) -> list[list[int]]:
    """Greedy segment-index chunks; see :func:`build_paragraphs` for the rules."""
    chunks: list[list[int]] = []
    sizes: list[int] = []

    def close(chunk: list[int], size: int) -> None:
        if size < min_words:  # a short run: merge backwards if it fits, else keep if long enough
            if chunks and sizes[-1] + size <= max_words:
                chunks[-1] += chunk
                sizes[-1] += size
                return
            if size < min_keep:
                return
        chunks.append(chunk)
        sizes.append(size)

    current: list[int] = []
    size = 0
    for i, n in enumerate(words):
        if current and size + n > max_words:
            close(current, size)
            current, size = [], 0
        current.append(i)
        size += n
        if size >= min_words:
            close(current, size)
            current, size = [], 0
    if current:
        close(current, size)
    return chunks


def build_paragraphs(rows: Iterable[dict], *, min_words: int = 40, max_words: int = 120,
                     min_keep: int = 15, source: str | None = None) -> Iterator[dict]:
    """Group segment rows into paragraph records (without ``split``/``source`` unless given).

    Parameters
    ----------
    rows : segment rows with at least year, testset, pair, doc_id, seg, origin, system, text.
    min_words, max_words : segments are added until a paragraph has ``min_words``; it never
        exceeds ``max_words`` unless one segment alone is longer (it is then its own paragraph).
    min_keep : a run shorter than ``min_words`` is merged into the previous paragraph when the
        result stays within ``max_words``, else kept only if it has ``min_keep`` words.
    source : value of the ``source`` field; by default each row's own ``source`` (or null).

    Yields
    ------
    dict with the keys of ``RECORD_KEYS`` except ``split``, ordered by document key.
    """
    docs: dict[tuple, list[dict]] = defaultdict(list)
    for row in rows:
        missing = [k for k in _ROW_KEYS if k not in row]
        if missing:
            raise CorpusError(f"segment row lacks {missing}: {str(row)[:80]}")
        docs[(row["testset"], row["pair"], row["doc_id"], row["origin"], row["system"])].append(row)
    for key in sorted(docs):
        testset, pair, doc_id, origin, system = key
        segs = sorted(docs[key], key=lambda r: r["seg"])
        words = [len(r["text"].split()) for r in segs]
        chunks = _chunks(words, min_words=min_words, max_words=max_words, min_keep=min_keep)
        for k, chunk in enumerate(chunks):
            text = " ".join(segs[i]["text"] for i in chunk)
            first = segs[chunk[0]]
            yield {
                "id": f"{testset}/{pair}/{doc_id}/{system}/{k}", "text": text, "origin": origin,
                "system": system, "pair": pair, "year": int(first["year"]), "testset": testset,
                "doc_id": doc_id, "group": f"{testset}:{doc_id}", "domain": first.get("domain"),
                "n_words": sum(words[i] for i in chunk),
                "source": source if source is not None else first.get("source"),
            }


def drop_label_collisions(records: Iterable[dict]) -> tuple[list[dict], int]:
    """Remove every record whose exact text also occurs with the other binary label.

    Returns the kept records and the number of distinct colliding texts.
    """
    records = list(records)
    labels: dict[str, set[int]] = defaultdict(set)
    for r in records:
        labels[r["text"]].add(label_of(r["origin"]))
    colliding = {text for text, seen in labels.items() if len(seen) > 1}
    return [r for r in records if r["text"] not in colliding], len(colliding)


def source_of(path: Path) -> str:
    """Corpus source named by an input file: ``htmt08-17.jsonl.gz`` -> ``htmt``, else ``wmt``."""
    return "htmt" if path.name.startswith("htmt") else "wmt"


def check_manifest(paths: Sequence[Path], manifest: dict) -> list[str]:
    """One message per input whose name is not in the manifest or whose sha256 differs."""
    known = {Path(f["path"]).name: f for f in manifest.get("files", [])}
    problems = []
    for path in paths:
        entry = known.get(path.name)
        if entry is None:
            problems.append(f"{path}: not listed in the manifest")
        elif sha256_of(path) != entry["sha256"]:
            problems.append(f"{path}: sha256 differs from the manifest ({entry['sha256'][:12]}…)")
    return problems


def _write_jsonl_gz(path: Path, records: Iterable[dict]) -> None:
    """Write atomically and reproducibly (gzip mtime 0) so rebuilds are byte-identical."""
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz, \
            io.TextIOWrapper(gz, encoding="utf-8") as text:
        for record in records:
            text.write(json.dumps(record, ensure_ascii=False) + "\n")
    tmp.replace(path)


def corpus_stats(records: Sequence[dict]) -> dict[str, Any]:
    """Counts per origin x split, source, pair, system and the groups per split."""
    def nested(outer: str, inner: str) -> dict[str, dict[str, int]]:
        table: dict[str, Counter] = defaultdict(Counter)
        for r in records:
            table[str(r[outer])][str(r[inner])] += 1
        return {k: dict(sorted(v.items())) for k, v in sorted(table.items())}

    groups: dict[str, set[str]] = defaultdict(set)
    for r in records:
        groups[r["split"]].add(r["group"])
    return {
        "paragraphs": len(records),
        "origin_split": nested("origin", "split"),
        "source_origin": nested("source", "origin"),
        "pair_origin": nested("pair", "origin"),
        "system_origin": nested("system", "origin"),
        "groups_split": {k: len(v) for k, v in sorted(groups.items())},
        "words_origin": {o: sum(r["n_words"] for r in records if r["origin"] == o)
                         for o in sorted({r["origin"] for r in records})},
    }


def build_corpus(paths: Sequence[Path], out_dir: Path, options: BuildOptions) -> dict[str, Any]:
    """Build ``out_dir/paragraphs.jsonl.gz`` and ``out_dir/stats.json``; return the stats."""
    records: list[dict] = []
    inputs = []
    for path in paths:
        rows = list(read_rows(path))
        records += build_paragraphs(rows, min_words=options.min_words,
                                    max_words=options.max_words, min_keep=options.min_keep,
                                    source=source_of(path))
        inputs.append({"file": path.name, "rows": len(rows), "sha256": sha256_of(path)})
    for r in records:
        r["split"] = assign_split(r["group"], seed=options.seed, val=options.val,
                                  test=options.test)
    duplicate = next((i for i, n in Counter(r["id"] for r in records).items() if n > 1), None)
    if duplicate is not None:
        raise CorpusError(f"paragraph id {duplicate!r} occurs twice; is an input file repeated?")
    kept, n_collisions = drop_label_collisions(records)
    kept = [{k: r[k] for k in RECORD_KEYS} for r in kept]
    stats = {"options": asdict(options), "inputs": inputs,
             "label_collisions": {"texts": n_collisions,
                                  "paragraphs_dropped": len(records) - len(kept)},
             **corpus_stats(kept)}
    out_dir.mkdir(parents=True, exist_ok=True)
    _write_jsonl_gz(out_dir / PARAGRAPHS_FILE, kept)
    (out_dir / "stats.json").write_text(json.dumps(stats, indent=1) + "\n", encoding="utf-8")
    return stats


def load_corpus(path_or_dir: str | os.PathLike[str]) -> list[dict]:
    """Records of one corpus file, or of every ``*.jsonl.gz`` in a build directory.

    In a directory, ``paragraphs.jsonl.gz`` comes first and the other files (such as
    ``spun.jsonl.gz``) follow in name order; every record must carry ``RECORD_KEYS``.
    """
    path = Path(path_or_dir)
    if path.is_dir():
        files = sorted(path.glob("*.jsonl.gz"), key=lambda p: (p.name != PARAGRAPHS_FILE, p.name))
        if not files:
            raise CorpusError(f"{path}: no *.jsonl.gz corpus files; run scripts/build_corpus.py")
    elif path.is_file():
        files = [path]
    else:
        raise CorpusError(f"{path}: no such corpus file or directory")
    records = []
    for file in files:
        for i, record in enumerate(read_rows(file), 1):
            missing = [k for k in RECORD_KEYS if k not in record]
            if missing:
                raise CorpusError(f"{file}: record {i} lacks {', '.join(missing)}")
            records.append(record)
    return records


def fold_name(record: dict) -> str:
    """LOPO fold of a human or machine record: ``"<pair>/<source>"``, e.g. ``de-en/htmt``."""
    return f"{record['pair']}/{record['source']}"


def lopo_folds(records: Sequence[dict]) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Leave-one-language-pair-out folds: ``{fold_name: (train_idx, test_idx)}``.

    Holding out one X->en pair tests on translations from a source language the model
    never saw. Test: all human and machine records of the held-out pair (every split) plus
    the test-split records of the shared origins (native, roundtrip, spun). Train: the
    train-split records of every other pair and of the shared origins, minus any record whose
    group also occurs on the test side, so no document straddles a fold.
    """
    origin = np.array([r["origin"] for r in records], dtype=object)
    split = np.array([r["split"] for r in records], dtype=object)
    group = np.array([str(r["group"]) for r in records], dtype=object)
    paired = np.isin(origin, ("human", "machine"))
    fold = np.array([fold_name(r) if p else "" for r, p in zip(records, paired)], dtype=object)
    folds = {}
    for name in sorted(set(fold[paired])):
        test = (fold == name) | (~paired & (split == "test"))
        train = (split == "train") & (fold != name)
        train &= ~np.isin(group, np.unique(group[test]))
        folds[name] = (np.flatnonzero(train), np.flatnonzero(test))
    return folds
