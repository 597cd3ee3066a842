"""Memory and time of ``mtdetect score`` on one huge generated file (issue: bounded memory).

Writes a file of ``--megabytes`` MB made of test-split paragraphs (blank-line separated,
repeated in order), plus one ``--long-paragraph`` MB paragraph without blank lines, then
runs the installed command on it in a subprocess and prints wall time, time to the first
output line and the child's peak RSS. A benchmark, not a test: figures are printed, never
asserted.

Usage::

    python -m benchmarks.huge_input [--megabytes 1024] [--long-paragraph 1] [--jobs 1]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from benchmarks.peak import launched, split_peak

ROOT = Path(__file__).resolve().parent.parent


def write_huge_file(path: Path, corpus: Path, megabytes: float, long_paragraph_mb: float) -> int:
    """Write the input file; return its number of blank-line separated paragraphs."""
    from mtdetect.lab.corpus import load_corpus

    texts = [r["text"].replace("\n", " ") for r in load_corpus(corpus) if r["split"] == "test"]
    target = int(megabytes * 2**20)
    written = paragraphs = 0
    with open(path, "w", encoding="utf-8") as handle:
        sentence = "The committee met again on Tuesday and said it would publish its findings soon. "
        long_text = sentence * int(long_paragraph_mb * 2**20 / len(sentence))
        handle.write(long_text + "\n\n")
        written += len(long_text) + 2
        paragraphs += 1
        while written < target:
            block = texts[paragraphs % len(texts)] + "\n\n"
            handle.write(block)
            written += len(block.encode("utf-8"))
            paragraphs += 1
    return paragraphs


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus" / "build")
    parser.add_argument("--megabytes", type=float, default=1024)
    parser.add_argument("--long-paragraph", type=float, default=1.0, help="MB of one paragraph without blank lines")
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "huge.txt"
        n = write_huge_file(path, args.corpus, args.megabytes, args.long_paragraph)
        size = path.stat().st_size / 2**20
        command = [sys.executable, "-m", "mtdetect", "score", "-f", "jsonl", "--jobs", str(args.jobs), str(path)]
        env = dict(os.environ)  # the installed mtdetect, as users run it
        start = time.perf_counter()
        with subprocess.Popen(launched(command), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) as proc:
            assert proc.stdout is not None
            first_line = proc.stdout.readline()
            first = time.perf_counter() - start
            lines = 1 if first_line else 0
            for _ in proc.stdout:
                lines += 1
            stderr = proc.stderr.read() if proc.stderr else ""
        seconds = time.perf_counter() - start
        peak_mib, stderr = split_peak(stderr)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"huge_input: mtdetect failed ({proc.returncode}): {stderr.strip()}")
    print(f"| input | {size:,.0f} MB, {n:,} paragraphs (one of {args.long_paragraph:g} MB without blank lines) |")
    print(f"| command | `mtdetect score -f jsonl --jobs {args.jobs} huge.txt` ({lines:,} output lines) |")
    print(f"| wall time | {seconds:,.0f} s ({n / seconds:,.0f} paragraphs/s) |")
    print(f"| first output line after | {first:.1f} s |")
    print(f"| peak RSS | {peak_mib:,.0f} MiB |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
