"""Build the paragraph corpus: ``corpus/build/paragraphs.jsonl.gz`` and ``stats.json``.

Examples
--------
python scripts/build_corpus.py
python scripts/build_corpus.py --from ../shared/data/wmt --from ../shared/data/htmt --out corpus/build
python scripts/build_corpus.py --strict --seed 13 --val 0.1 --test 0.2
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from mtdetect.errors import EXIT_CLEAN, EXIT_ERROR, MtdetectError
from mtdetect.lab import corpus

ROOT = Path(__file__).resolve().parents[1]

DEFAULT_FROM = [ROOT.parent / "shared" / "data" / "wmt", ROOT.parent / "shared" / "data" / "htmt"]
DEFAULTS = corpus.BuildOptions()


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0], epilog=__doc__.split("\n", 2)[2],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--from", dest="inputs", action="append", type=Path, metavar="DIR",
                   help="folder whose *.jsonl.gz segment files are read (repeatable; "
                        "default: ../shared/data/wmt and ../shared/data/htmt from the repo root)")
    p.add_argument("--out", type=Path, default=ROOT / "corpus" / "build", help="output folder")
    p.add_argument("--manifest", type=Path, default=ROOT / "corpus" / "manifest.json")
    p.add_argument("--strict", action="store_true", help="fail if an input differs from the manifest")
    for name in ("min_words", "max_words", "min_keep", "seed"):
        p.add_argument("--" + name.replace("_", "-"), type=int, default=getattr(DEFAULTS, name))
    p.add_argument("--val", type=float, default=DEFAULTS.val, help="share of groups in val")
    p.add_argument("--test", type=float, default=DEFAULTS.test, help="share of groups in test")
    return p


def _error(message: str) -> int:
    print(f"build_corpus: error: {message}", file=sys.stderr)
    return EXIT_ERROR


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    options = corpus.BuildOptions(min_words=args.min_words, max_words=args.max_words,
                                  min_keep=args.min_keep, seed=args.seed, val=args.val, test=args.test)
    if not 0 < options.min_keep <= options.min_words <= options.max_words:
        return _error("need 0 < --min-keep <= --min-words <= --max-words")
    if not (0 <= options.val and 0 <= options.test and options.val + options.test < 1):
        return _error("need --val >= 0, --test >= 0 and --val + --test < 1")
    folders = args.inputs or DEFAULT_FROM
    missing = [str(d) for d in folders if not d.is_dir()]
    if missing:
        return _error(f"no such input folder: {', '.join(missing)}")
    paths = sorted(p for d in folders for p in d.glob("*.jsonl.gz"))
    if not paths:
        return _error("no *.jsonl.gz files in the input folders")
    start = time.perf_counter()
    try:
        manifest = json.loads(args.manifest.read_text(encoding="utf-8"))
        problems = corpus.check_manifest(paths, manifest)
        for problem in problems:
            print(f"build_corpus: warning: {problem}", file=sys.stderr)
        if problems and args.strict:
            return _error(f"{len(problems)} input(s) differ from {args.manifest} (--strict)")
        stats = corpus.build_corpus(paths, args.out, options)
    except (MtdetectError, OSError, ValueError) as exc:
        return _error(str(exc))
    print(f"origin       {'train':>8} {'val':>8} {'test':>8}", file=sys.stderr)
    for origin, splits in stats["origin_split"].items():
        cells = " ".join(f"{splits.get(s, 0):>8}" for s in ("train", "val", "test"))
        print(f"{origin:<12} {cells}", file=sys.stderr)
    print(f"paragraphs {stats['paragraphs']}; label collisions dropped: "
          f"{stats['label_collisions']['texts']} texts, "
          f"{stats['label_collisions']['paragraphs_dropped']} paragraphs; "
          f"{time.perf_counter() - start:.1f} s -> {args.out}", file=sys.stderr)
    return EXIT_CLEAN


if __name__ == "__main__":
    sys.exit(main())
