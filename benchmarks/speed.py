"""Throughput, cold start and memory of mtdetect, next to the TF-IDF peer, in one run.

Paragraphs come from the built corpus (``test`` split, repeated to ``--paragraphs``)
and are written as text files (``--files`` of them, for ``score``) and as one
JSONL file (for ``batch``). Each figure is the best of ``--repeat`` timed runs of
the real command, each in a fresh subprocess, so imports and model loading count;
the exact commands are printed next to the figures. The peer (benchmarks/peer_tfidf.py)
is fitted on the train split (not timed) and times ``predict_proba`` on the same
paragraphs. The runs are interleaved: each of ``--repeat`` rounds times every command and the
peer once, so a machine whose speed drifts over minutes slows both sides of a ratio alike.
Each figure is the best of its rounds, as ``timeit`` takes the best, which keeps a busy
moment of a shared machine out of the ratios. Each round also runs ``--jobs`` independent
one-process commands at once, each on its share of the input (every ``--jobs``-th file or
record): that split needs no coordination at all, so its speed-up over the one process of the
same round is what the machine's cores gave this workload then, the reference for ``--jobs``
and Dask beside it, and its best time next to theirs shows what their coordination costs. The
language model's cache (src/mtdetect/inputs/langid_cache.py) is filled before anything is timed, as any
earlier use of mtdetect on the machine leaves it.

Usage::

    python -m benchmarks.speed [--model models/mtdetect-en.joblib] [--paragraphs 100000] [--files 64] [--repeat 2]
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from benchmarks.peak import launched, split_peak

ROOT = Path(__file__).resolve().parent.parent
PEER = "TF-IDF peer (predict_proba, 1 process)"


def _paragraphs(corpus: Path, n: int) -> tuple[list[str], list[dict]]:
    from mtdetect.lab.corpus import load_corpus

    records = load_corpus(corpus)
    test = [r["text"].replace("\n\n", "\n") for r in records if r["split"] == "test"]
    return [test[i % len(test)] for i in range(n)], records


def _write_inputs(texts: list[str], folder: Path, n_files: int, shares: int) -> tuple[list[str], Path, list[str]]:
    """The text files, the JSONL file of all records, and one JSONL file per share of them."""
    per_file = -(-len(texts) // n_files)
    files = []
    for k in range(n_files):
        path = folder / f"doc{k:04d}.txt"
        path.write_text("\n\n".join(texts[k * per_file:(k + 1) * per_file]) + "\n", encoding="utf-8")
        files.append(str(path))
    jsonl = folder / "records.jsonl"
    parts = [str(folder / f"records.part{k}.jsonl") for k in range(shares)]
    with ExitStack() as stack:
        whole = stack.enter_context(open(jsonl, "w", encoding="utf-8"))
        shared = [stack.enter_context(open(part, "w", encoding="utf-8")) for part in parts]
        for i, text in enumerate(texts):
            line = json.dumps({"id": i, "text": text}) + "\n"
            whole.write(line)
            shared[i % shares].write(line)
    return files, jsonl, parts


def _timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of ``command`` and its workers."""
    start = time.perf_counter()
    done = subprocess.run(launched(command), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - start
    peak, stderr = split_peak(done.stderr)
    if done.returncode not in (0, 1):
        raise SystemExit(f"speed: {shlex.join(command)} failed ({done.returncode}): {stderr.strip()}")
    return seconds, peak


def _first_result(command: list[str], env: dict[str, str]) -> float:
    """Seconds until the first line of output appears."""
    start = time.perf_counter()
    with subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True) as proc:
        assert proc.stdout is not None
        proc.stdout.readline()
        elapsed = time.perf_counter() - start
        proc.kill()
    return elapsed


def _together(commands: list[list[str]], env: dict[str, str]) -> float:
    """Wall seconds until all of ``commands``, started at once, have finished."""
    start = time.perf_counter()
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    for process in [subprocess.Popen(c, env=env, **quiet) for c in commands]:
        if process.wait() not in (0, 1):
            raise SystemExit(f"speed: {shlex.join(process.args)} failed ({process.returncode})")
    return time.perf_counter() - start


def _per_round(timings: dict[str, list[tuple[float, float]]], serial: str, parallel: str) -> list[float]:
    """Each round's speed-up of ``parallel`` over ``serial``."""
    return [one[0] / many[0] for one, many in zip(timings[serial], timings[parallel])]


def _listed(values: list[float]) -> str:
    return ", ".join(f"{v:.2f}" for v in values)


def _fitted_peer(records: list[dict]) -> Any:
    import numpy as np

    from benchmarks.peer_tfidf import default_args, fit_peer

    train = np.flatnonzero(np.array([r["split"] == "train" for r in records]))
    return fit_peer(records, train, default_args())


def _peer_seconds(peer: Any, texts: list[str]) -> float:
    start = time.perf_counter()
    for i in range(0, len(texts), 2048):
        peer.predict_proba(texts[i:i + 2048])
    return time.perf_counter() - start


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus" / "build")
    parser.add_argument("--model", type=Path, default=None, help="default: the shipped model")
    parser.add_argument("--paragraphs", type=int, default=100_000)
    parser.add_argument("--files", type=int, default=64)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=1,
                        help="rounds, each timing every command and the peer once; the best of each counts")
    parser.add_argument("--no-peer", action="store_true")
    args = parser.parse_args(argv)
    env = dict(os.environ)  # the installed mtdetect, as users run it
    if args.model:
        env["MTDETECT_MODEL"] = str(args.model)
    cli = [sys.executable, "-m", "mtdetect"]
    texts, records = _paragraphs(args.corpus, args.paragraphs)
    from mtdetect.inputs.langid_cache import load_identifier

    load_identifier()  # fill the language model's cache first, as any earlier use of mtdetect on this machine has
    n = len(texts)
    peer = None if args.no_peer else _fitted_peer(records)  # fitted before any timing, not timed
    figures: list[tuple[str, str, str]] = []
    jobs_label, dask_label = f"score --jobs {args.jobs}", f"batch --dask-local {args.jobs}"
    pairs = [("score, 1 process", jobs_label), ("score, 1 process", "reference score"),
             ("batch, 1 process", dask_label), ("batch, 1 process", "reference batch")]
    with tempfile.TemporaryDirectory() as tmp:
        files, jsonl, parts = _write_inputs(texts, Path(tmp), args.files, args.jobs)
        out = str(Path(tmp) / "out.jsonl")
        shown = f"<{len(files)} files of {n} paragraphs>"
        runs = {
            "score, 1 process": (cli + ["score", "-f", "jsonl", *files], f"mtdetect score -f jsonl {shown}"),
            jobs_label: (cli + ["score", "-f", "jsonl", "--jobs", str(args.jobs), *files],
                         f"mtdetect score -f jsonl --jobs {args.jobs} {shown}"),
            "batch, 1 process": (cli + ["batch", str(jsonl), "-o", out],
                                 f"mtdetect batch records.jsonl -o out.jsonl  # {n} records"),
            dask_label: (
                cli + ["batch", str(jsonl), "-o", out, "--dask-local", str(args.jobs)],
                f"mtdetect batch records.jsonl -o out.jsonl --dask-local {args.jobs}"),
        }
        timings: dict[str, list[tuple[float, float]]] = {label: [] for label in runs}
        peer_seconds: list[float] = []
        cold: dict[str, list[float]] = {"help": [], "first": []}
        split = {
            "score": [cli + ["score", "-f", "jsonl", *files[k::args.jobs]] for k in range(args.jobs)],
            "batch": [cli + ["batch", part, "-o", part.replace(".jsonl", ".out.jsonl")] for part in parts],
        }
        timings.update({f"reference {kind}": [] for kind in split})
        for round_number in range(1, args.repeat + 1):
            for label, (command, _) in runs.items():
                timings[label].append(_timed(command, env))
            if peer is not None:
                peer_seconds.append(_peer_seconds(peer, texts))
            cold["help"].append(_timed(cli + ["--help"], env)[0])
            cold["first"].append(_first_result(cli + ["score", "-f", "jsonl", files[0]], env))
            for kind, commands in split.items():
                timings[f"reference {kind}"].append((_together(commands, env), 0.0))
            took = [f"{label} {t[-1][0]:.1f} s" for label, t in timings.items()]
            took += [f"peer {seconds:.1f} s" for seconds in peer_seconds[-1:]]
            took += [f"{parallel} {_per_round(timings, serial, parallel)[-1]:.2f}×" for serial, parallel in pairs]
            print(f"[speed] round {round_number}: " + ", ".join(took), file=sys.stderr, flush=True)
    rates = {label: n / min(t[0] for t in rounds) for label, rounds in timings.items()}
    for label, (_, shown_command) in runs.items():
        seconds, peak = min(t[0] for t in timings[label]), max(t[1] for t in timings[label])
        figures.append((label, f"{rates[label]:,.0f} paragraphs/s ({seconds:.1f} s; peak RSS {peak:,.0f} MiB)",
                        shown_command))
    figures.append(("cold start: --help", f"{min(cold['help']):.2f} s", "mtdetect --help"))
    figures.append(("cold start: first result", f"{min(cold['first']):.2f} s", "mtdetect score -f jsonl doc0000.txt"))
    if peer is not None:
        peer_rate = n / min(peer_seconds)
        figures.append((PEER, f"{peer_rate:,.0f} paragraphs/s", "benchmarks/peer_tfidf.py fit_peer, its defaults, fitted on train"))
        figures.append(("mtdetect / peer", f"{rates['score, 1 process'] / peer_rate:.2f}×", "score, 1 process"))
    base = rates["score, 1 process"]
    figures.append((f"speed-up --jobs {args.jobs}", f"{rates[jobs_label] / base:.2f}× "
                    f"(rounds: {_listed(_per_round(timings, 'score, 1 process', jobs_label))})", ""))
    figures.append((f"speed-up Dask {args.jobs} workers", f"{rates[dask_label] / rates['batch, 1 process']:.2f}× "
                    f"(rounds: {_listed(_per_round(timings, 'batch, 1 process', dask_label))})", "vs batch"))
    for kind, unit in (("score", "files"), ("batch", "records")):
        speedups = _per_round(timings, f"{kind}, 1 process", f"reference {kind}")
        figures.append((f"reference: {args.jobs} one-process {kind} runs at once, 1/{args.jobs} of the input each",
                        f"{min(t[0] for t in timings[f'reference {kind}']):.1f} s; {max(speedups):.2f}× "
                        f"(rounds: {_listed(speedups)})",
                        f"{args.jobs} × mtdetect {kind} <1/{args.jobs} of the {unit}>"))
    print(f"{n} paragraphs, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, "
          f"best of {args.repeat} interleaved rounds\n")
    print("| measure | figure | command |\n|---|---|---|")
    for label, figure, command in figures:
        print(f"| {label} | {figure} | `{command}` |" if command else f"| {label} | {figure} | |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
