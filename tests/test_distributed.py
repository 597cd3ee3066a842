"""Batch scoring on a Dask LocalCluster: identical rows, model shipped once per worker."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from mtdetect.run.batch import BatchOptions, iter_chunks, run_batch
from mtdetect.model.load import load_detector

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=":0") as cluster, distributed.Client(cluster) as client:
        yield client


def _source(tmp_path: Path, examples: dict[str, str], n: int = 30) -> Path:
    path = tmp_path / "in.jsonl"
    with open(path, "w", encoding="utf-8") as handle:
        for k in range(n):
            text = "\n\n".join(examples[("native", "machine")[(k + j) % 2]] for j in range(1 + k % 3))
            handle.write(json.dumps({"id": k, "text": text}) + "\n")
    return path


def test_dask_rows_equal_serial_rows(client, tmp_path: Path, tiny_model: Path, examples: dict[str, str]) -> None:
    from mtdetect.run.distributed import score_chunks

    source = _source(tmp_path, examples)
    options = BatchOptions(model=str(tiny_model), per_paragraph=True, chunk_size=4)
    run_batch([str(source)], str(tmp_path / "serial.jsonl"), options)
    serial = [json.loads(line) for line in (tmp_path / "serial.jsonl").read_text().splitlines()]
    detector = load_detector(tiny_model)
    rows = [row for part in score_chunks(client, detector, iter_chunks([str(source)], options),
                                         threshold=detector.threshold, id_field="id", input_format="text",
                                         per_paragraph=True) for row in part]
    assert rows == serial
    for a, b in zip(rows, serial):
        assert a["score"] == pytest.approx(b["score"], abs=1e-9)


def test_dask_jsonl_text_and_counts_equal_serial_output(client, tmp_path: Path, tiny_model: Path,
                                                        examples: dict[str, str]) -> None:
    from mtdetect.run.distributed import score_chunks_jsonl

    source = _source(tmp_path, examples)
    options = BatchOptions(model=str(tiny_model), per_paragraph=True, chunk_size=4)
    serial = run_batch([str(source)], str(tmp_path / "serial.jsonl"), options)
    detector = load_detector(tiny_model)
    parts = list(score_chunks_jsonl(client, detector, iter_chunks([str(source)], options),
                                    threshold=detector.threshold, id_field="id", input_format="text",
                                    per_paragraph=True))
    assert "".join(part.text for part in parts) == (tmp_path / "serial.jsonl").read_text(encoding="utf-8")
    counts = [sum(part.counts[k] for part in parts) for k in range(3)]
    assert counts == [serial.n_records, serial.n_paragraphs, serial.n_flagged] and serial.n_flagged > 0


def test_workers_reading_their_own_slices_give_the_serial_rows(client, tmp_path: Path, tiny_model: Path,
                                                              examples: dict[str, str]) -> None:
    from mtdetect.run.distributed import score_chunks
    from mtdetect.inputs.slices import FileSlice, work_units

    source = _source(tmp_path, examples)
    options = BatchOptions(model=str(tiny_model), per_paragraph=True, chunk_size=4)
    run_batch([str(source)], str(tmp_path / "serial.jsonl"), options)
    serial = [json.loads(line) for line in (tmp_path / "serial.jsonl").read_text().splitlines()]
    parts = list(work_units([str(source)], options))
    assert len(parts) == 8 and all(isinstance(part, FileSlice) for part in parts)
    detector = load_detector(tiny_model)
    rows = [row for part in score_chunks(client, detector, parts, threshold=detector.threshold, id_field="id",
                                         input_format="text", per_paragraph=True) for row in part]
    assert rows == serial


def test_model_is_sent_once_per_worker(client, tmp_path: Path, tiny_model: Path,
                                       examples: dict[str, str]) -> None:
    from mtdetect.run.distributed import score_chunks

    options = BatchOptions(model=str(tiny_model), chunk_size=2)
    detector = load_detector(tiny_model)
    chunks = list(iter_chunks([str(_source(tmp_path, examples))], options))
    parts = score_chunks(client, detector, chunks, threshold=0.5, id_field="id", input_format="text",
                         per_paragraph=False)
    first = next(parts)
    # while tasks run, each worker holds exactly one Detector, shared by all its tasks
    held = client.run(lambda dask_worker: sum(type(v).__name__ == "Detector" for v in dask_worker.data.values()))
    assert list(held.values()) == [1, 1]
    assert len([first, *parts]) == len(chunks) == 15


def test_cli_dask_local(tmp_path: Path, tiny_model: Path, examples: dict[str, str]) -> None:
    from typer.testing import CliRunner

    from mtdetect.cli import app

    source = _source(tmp_path, examples, n=8)
    serial = CliRunner().invoke(app, ["batch", str(source), "-o", str(tmp_path / "a.jsonl"),
                                      "--model", str(tiny_model)])
    dask = CliRunner().invoke(app, ["batch", str(source), "-o", str(tmp_path / "b.jsonl"),
                                    "--model", str(tiny_model), "--dask-local", "2", "--chunk-size", "3"])
    assert serial.exit_code == dask.exit_code == 1, dask.output
    assert (tmp_path / "a.jsonl").read_bytes() == (tmp_path / "b.jsonl").read_bytes()


def test_cli_dask_local_reports_a_bad_record_a_worker_read_as_the_serial_run_does(tmp_path: Path,
                                                                                tiny_model: Path) -> None:
    from typer.testing import CliRunner

    from mtdetect.cli import app

    source = tmp_path / "bad.jsonl"
    source.write_text('{"id": 1, "text": "fine"}\n{"id": 2, "text": "fine"}\n\n{"id": 3, "text": "fine"}\n{"text": \n',
                      encoding="utf-8")
    runs = [CliRunner().invoke(app, ["batch", str(source), "-o", str(tmp_path / f"{k}.jsonl"), "--model",
                                     str(tiny_model), "--chunk-size", "2", *extra])
            for k, extra in enumerate([[], ["--dask-local", "1"]])]
    assert [run.exit_code for run in runs] == [2, 2]
    assert runs[0].output == runs[1].output == f"mtdetect: error: {source}:5: not JSON (Expecting value)\n"


def test_a_bad_record_a_worker_read_leaves_no_worker_traceback_on_the_terminal(tmp_path: Path,
                                                                              tiny_model: Path) -> None:
    import subprocess

    source = tmp_path / "bad.jsonl"
    source.write_text('{"id": 1, "text": "fine"}\n{"id": 2, "text": "fine"}\n{"text": \n', encoding="utf-8")
    # a subprocess: its stderr is also the workers' (CliRunner sees only the client's)
    done = subprocess.run([sys.executable, "-m", "mtdetect", "batch", str(source), "-o", str(tmp_path / "o.jsonl"),
                           "--model", str(tiny_model), "--chunk-size", "2", "--dask-local", "1"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 2
    assert done.stderr == f"mtdetect: error: {source}:3: not JSON (Expecting value)\n", done.stderr


def test_local_cluster_workers_run_without_profiler_malloc_trimming_or_frequent_ticks() -> None:
    import os

    import dask

    from mtdetect.run.distributed import dask_client

    with dask_client(None, local_workers=1) as client:
        trim = client.run(lambda: os.environ.get("MALLOC_TRIM_THRESHOLD_"))
        profiling = client.run(lambda: dask.config.get("distributed.worker.profile.enabled"))
        wake_ups = client.run(lambda: (dask.config.get("distributed.admin.tick.interval"),
                                       dask.config.get("distributed.admin.system-monitor.interval")))
    assert list(trim.values()) == [None]
    assert list(profiling.values()) == [False]
    assert list(wake_ups.values()) == [("1s", "5s")]
    assert dask.config.get("distributed.worker.profile.enabled") is True  # the client's own config is restored


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux only")
def test_local_cluster_workers_are_forked_with_the_language_model_loaded() -> None:
    from mtdetect.run.distributed import dask_client

    def loaded() -> int:
        from mtdetect.inputs.language import _identifier

        return _identifier.cache_info().currsize

    with dask_client(None, local_workers=1) as client:
        assert list(client.run(loaded).values()) == [1]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux only")
def test_a_forked_child_gets_its_own_offload_pool() -> None:
    """A pool whose thread was started before a fork has no thread in the child: the child needs a new one."""
    import os

    import distributed.utils

    from mtdetect.run.distributed import _renew_offload_pool_in_forked_children

    distributed.utils._offload_executor.submit(int).result()  # the parent's pool now has its thread
    _renew_offload_pool_in_forked_children()
    pid = os.fork()
    if pid == 0:  # the child: offloaded work must run, not wait for a thread that is not there
        try:
            done = distributed.utils._offload_executor.submit(int, "7").result(timeout=10)
            os._exit(0 if done == 7 else 1)
        finally:
            os._exit(2)  # a timeout: the child never returns to pytest
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
