"""``mtdetect batch --scheduler ADDRESS`` / ``--dask-local N``: the batch scoring on Dask.

The inputs are cut into work units of ``--chunk-size`` records: on a cluster, chunks that the
client reads (:func:`mtdetect.inputs.records.iter_chunks`); on a LocalCluster, byte ranges of the
uncompressed JSONL files that the workers read themselves (:mod:`mtdetect.inputs.slices`). Each unit
becomes one Dask task running the very :func:`mtdetect.run.rows.score_chunk` of the serial path,
so the rows are identical. For JSONL output the task also encodes
its rows (:func:`mtdetect.run.rows.score_chunk_jsonl`), so the client, which shares the
machine's cores with the workers on a LocalCluster, only writes text. The model is loaded and verified
once, on the client, then broadcast with ``client.scatter(..., broadcast=True)``:
every worker holds one deserialised copy, which all its tasks share, instead of
loading it per record or per task, and workers need no access to the model file.

Tasks are submitted through a bounded window (``WINDOW_PER_THREAD`` tasks per
worker thread), and results are collected strictly in submission order, so the
output keeps the input order and memory stays bounded on inputs of any size.
The workers need the same mtdetect version as the client (and the same scikit-learn
only for a model without its plain-array copy, which is then scored by its pipeline).
"""

from __future__ import annotations

import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from mtdetect.errors import InputError, MtdetectError
from mtdetect.run.rows import JsonlChunk, score_chunk, score_chunk_jsonl
from mtdetect.scoring.paragraphs import load_resources
from mtdetect.inputs.slices import FileSlice, records_of

if TYPE_CHECKING:
    from distributed import Client

    from mtdetect.model.load import Detector
    from mtdetect.inputs.records import Chunk

WINDOW_PER_THREAD = 3
# Settings of the LocalCluster that ``--dask-local`` starts. Dask's defaults cost scoring 5-6% of
# each worker's CPU (one worker, 20,000 records: 29.3 -> 27.6 CPU seconds in its tasks): the
# profiler samples every task's stack every 10 ms, and MALLOC_TRIM_THRESHOLD_ makes glibc hand
# memory back so eagerly that numpy's temporary arrays are mapped and faulted in again each time.
# Every process's event loop also wakes every 20 ms to check that it is not blocked, and every
# 500 ms to sample CPU and memory for the dashboard; on two cores shared with the client, those
# wake-ups took the scoring threads' GIL and CPU (100,000 records: 76-77 -> 72-73 CPU seconds in
# all, 39.8-40.1 -> 37.2-37.5 s wall). Both only feed diagnostics.
LOCAL_CLUSTER_CONFIG: dict[str, Any] = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.nanny.pre-spawn-environ": {"OMP_NUM_THREADS": 1, "MKL_NUM_THREADS": 1, "OPENBLAS_NUM_THREADS": 1},
}


def _distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise MtdetectError("Dask needs its distributed scheduler: pip install 'mtdetect[dask]'") from None
    return distributed


@contextmanager
def dask_client(scheduler: str | None, local_workers: int = 0) -> Iterator[Client]:
    """A client of the cluster at ``scheduler``, or of a LocalCluster of ``local_workers`` processes."""
    distributed = _distributed()
    if scheduler:
        try:
            client = distributed.Client(scheduler, timeout="30s")
        except OSError as error:
            raise MtdetectError(f"cannot reach the Dask scheduler at {scheduler} ({error})") from None
        with client:
            yield client
        return
    import dask

    settings = dict(LOCAL_CLUSTER_CONFIG)
    if sys.platform.startswith("linux"):  # fork is safe and cheap there; macOS and Windows spawn
        load_resources()
        _renew_offload_pool_in_forked_children()
        settings["distributed.worker.multiprocessing-method"] = "fork"
    with dask.config.set(settings), \
            distributed.LocalCluster(n_workers=local_workers, threads_per_worker=1, processes=True,
                                     dashboard_address=":0") as cluster, distributed.Client(cluster) as client:
        yield client


def _renew_offload_pool() -> None:
    """Give a forked process its own Dask offload thread pool.

    distributed keeps one module-level pool (``distributed.utils._offload_executor``) for
    (de)serialising large messages. A fork copies the pool but not its thread: in the child the
    pool believes its thread exists, so work offloaded there would wait for ever. A process that
    has scored with Dask before (the scheduler offloads every graph) and then forks new workers
    is exactly that case.
    """
    from concurrent.futures import ThreadPoolExecutor

    import distributed.utils

    distributed.utils._offload_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="Dask-Offload")


@lru_cache(maxsize=1)
def _renew_offload_pool_in_forked_children() -> None:
    """Register :func:`_renew_offload_pool` to run in every child this process forks (once per process)."""
    os.register_at_fork(after_in_child=_renew_offload_pool)


def _threads(client: Client) -> int:
    return max(1, sum(client.nthreads().values()))


def _on_records(score: Callable[..., Any], detector: Detector, part: Chunk | FileSlice, **settings: Any) -> Any:
    """The task: ``score(detector, records, **settings)``, or the input error met reading a slice."""
    records = records_of(part)
    return records if isinstance(records, InputError) else score(detector, records, **settings)


def score_chunks(client: Client, detector: Detector, parts: Iterable[Chunk | FileSlice],
                 **settings: Any) -> Iterator[list[dict[str, Any]]]:
    """Rows of every chunk or slice, scored on the cluster, yielded in input order (``settings``: of ``score_chunk``)."""
    return _in_order(client, score_chunk, detector, parts, settings)


def score_chunks_jsonl(client: Client, detector: Detector, parts: Iterable[Chunk | FileSlice],
                       **settings: Any) -> Iterator[JsonlChunk]:
    """:func:`score_chunks` with each unit's rows encoded as JSONL on its worker (see :class:`JsonlChunk`)."""
    return _in_order(client, score_chunk_jsonl, detector, parts, settings)


def _in_order(client: Client, score: Callable[..., Any], detector: Detector, parts: Iterable[Chunk | FileSlice],
              settings: dict[str, Any]) -> Iterator[Any]:
    """``score(detector, records, **settings)`` of every unit on the cluster, through the bounded window, in order."""
    model = client.scatter(detector, broadcast=True, hash=False)
    window = WINDOW_PER_THREAD * _threads(client)
    pending: deque[Any] = deque()
    try:
        for part in parts:
            pending.append(client.submit(_on_records, score, model, part, pure=False, **settings))
            if len(pending) >= window:
                yield _raised(pending.popleft().result())
        while pending:
            yield _raised(pending.popleft().result())
    finally:
        for future in pending:
            future.cancel()


def _raised(result: Any) -> Any:
    """``result``, or its input error raised here (see :func:`mtdetect.inputs.slices.records_of`)."""
    if isinstance(result, InputError):
        raise result
    return result
