"""Build the native-genre false-alarm corpus from installed Debian documentation packages.

Writes ``corpus/build/genres/native_genres.jsonl.gz`` (one JSON record per paragraph: genre, package,
version, doc, paragraph, text) and ``native_genres.stats.json`` next to it. Deterministic:
sorted files, seeded sampling, gzip mtime 0. See corpus/DATASHEET.md.

Examples
--------
python scripts/build_native_genres.py
python scripts/build_native_genres.py --root /srv/chroot --max-docs-per-genre 100 --seed 13
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from mtdetect.lab import native_genres as ng

ROOT = Path(__file__).resolve().parents[1]

EXIT_CLEAN, EXIT_ERROR = 0, 2
DEFAULT_OUT = ROOT / "corpus" / "build" / "genres" / "native_genres.jsonl.gz"  # not build/: load_corpus reads every file there


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0], epilog=__doc__.split("\n", 2)[2],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--root", type=Path, default=Path("/"),
                   help="filesystem root holding the packages and var/lib/dpkg (default /)")
    p.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output .jsonl.gz; the stats "
                   "go to the same folder as <name>.stats.json")
    p.add_argument("--max-docs-per-genre", type=int, default=400,
                   help="seeded sample of files when a genre has more (default 400)")
    p.add_argument("--seed", type=int, default=13)
    p.add_argument("--jobs", type=int, default=min(8, os.cpu_count() or 1),
                   help="threads extracting documents (the output does not depend on it)")
    return p


def _stats_path(out: Path) -> Path:
    name = out.name.removesuffix(".gz").removesuffix(".jsonl")
    return out.with_name(name + ".stats.json")


def _write(out: Path, records: list[dict], stats: dict) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    with open(tmp, "wb") as raw, gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0) as gz, \
            io.TextIOWrapper(gz, encoding="utf-8") as text:
        for record in records:
            text.write(json.dumps(record, ensure_ascii=False) + "\n")
    tmp.replace(out)
    _stats_path(out).write_text(json.dumps(stats, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.max_docs_per_genre < 1 or args.jobs < 1:
        print("build_native_genres: error: --max-docs-per-genre and --jobs must be >= 1",
              file=sys.stderr)
        return EXIT_ERROR
    packages = ng.installed_packages(args.root)
    records: list[dict] = []
    stats: dict = {"options": {"max_docs_per_genre": args.max_docs_per_genre, "seed": args.seed,
                               "man_renderer": "man -l" if ng.man_available() else "roff_paragraphs"},
                   "genres": {}, "missing": {}}
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for genre in ng.GENRES:
            start = time.perf_counter()
            docs, available, names = ng.genre_documents(args.root, genre, packages,
                                                        args.max_docs_per_genre, args.seed)
            if not docs:
                why = (f"no installed files match {', '.join(genre.include)}" if names
                       else f"package {genre.package} is not installed")
                print(f"{genre.name}: {why}; skipped", file=sys.stderr)
                stats["missing"][genre.name] = why
                continue
            genre_records = [r for rs in pool.map(lambda d: ng.document_records(args.root, d), docs)
                             for r in rs]
            counts = ng.genre_stats(genre_records, len(docs), available)
            counts["packages"] = {n: packages[n]["version"] for n in names}
            stats["genres"][genre.name] = counts
            records += genre_records
            print(f"{genre.name}: {counts['docs']} docs (of {available} files), "
                  f"{counts['paragraphs']:,} paragraphs, {counts['words']:,} words "
                  f"[{', '.join(f'{n} {v}' for n, v in counts['packages'].items())}] "
                  f"{time.perf_counter() - start:.1f} s", file=sys.stderr)
    if not stats["genres"]:
        print("build_native_genres: error: none of the packages was found under "
              f"{args.root}", file=sys.stderr)
        return EXIT_ERROR
    stats["total"] = {key: sum(g[key] for g in stats["genres"].values())
                      for key in ("docs", "paragraphs", "words")}
    _write(args.out, records, stats)
    print(f"wrote {args.out} and {_stats_path(args.out).name}: {stats['total']['docs']} docs, "
          f"{stats['total']['paragraphs']:,} paragraphs", file=sys.stderr)
    return EXIT_CLEAN


if __name__ == "__main__":
    sys.exit(main())
