"""Spin the native paragraphs of the corpus into ``corpus/build/spun.jsonl.gz``.

Examples
--------
python scripts/make_spun.py
python scripts/make_spun.py --generators synonym,namemangle+synonym --rate 0.3 --seed 13
python scripts/make_spun.py --limit 200 --out /tmp/spun.jsonl.gz
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from mtdetect.errors import EXIT_CLEAN, EXIT_ERROR, MtdetectError
from mtdetect.lab import corpus, spin

ROOT = Path(__file__).resolve().parents[1]

DEFAULT_GENERATORS = "synonym,apertium-spa,apertium-cat,namemangle+synonym,pipeline"


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0], epilog=__doc__.split("\n", 2)[2],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--corpus", type=Path, default=ROOT / "corpus" / "build" / corpus.PARAGRAPHS_FILE)
    p.add_argument("--out", type=Path, default=ROOT / "corpus" / "build" / "spun.jsonl.gz")
    p.add_argument("--generators", default=DEFAULT_GENERATORS,
                   help=f"comma-separated; steps chained with '+' from {', '.join(spin.STEPS)}")
    p.add_argument("--seed", type=int, default=13)
    p.add_argument("--rate", type=float, default=0.3, help="share of content words a synonym step replaces")
    p.add_argument("--limit", type=int, default=None, help="spin only the first N native paragraphs")
    return p


def _error(message: str) -> int:
    print(f"make_spun: error: {message}", file=sys.stderr)
    return EXIT_ERROR


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    generators = [g for g in args.generators.split(",") if g]
    unknown = sorted({s for g in generators for s in g.split("+")} - set(spin.STEPS))
    if unknown or not generators:
        return _error(f"unknown generator step(s): {', '.join(unknown) or '(none given)'}")
    if not 0 < args.rate <= 1:
        return _error("need 0 < --rate <= 1")
    if not args.corpus.is_file():
        return _error(f"{args.corpus}: no such corpus file; run scripts/build_corpus.py")
    try:
        native = [r for r in corpus.read_rows(args.corpus) if r["origin"] == "native"][: args.limit]
        spun: list[dict] = []
        for generator in generators:
            start = time.perf_counter()
            made = spin.spin_records(native, generator, seed=args.seed, rate=args.rate)
            spun += made
            print(f"{generator:<22} {len(made):>7} of {len(native)} paragraphs changed "
                  f"{time.perf_counter() - start:7.1f} s", file=sys.stderr)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        corpus._write_jsonl_gz(args.out, spun)
    except (MtdetectError, OSError, ValueError) as exc:
        return _error(str(exc))
    print(f"spun paragraphs {len(spun)} -> {args.out}", file=sys.stderr)
    return EXIT_CLEAN


if __name__ == "__main__":
    sys.exit(main())
