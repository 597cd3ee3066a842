"""Peak memory of a command, read by a small launcher process rather than by the benchmark itself.

``resource.getrusage(RUSAGE_CHILDREN)`` in a benchmark that holds the corpus overstates a child's
peak: the child is forked (or vforked) from the benchmark, and the kernel keeps the high-water mark
of the pages it shared before ``exec``. A launcher of a few MiB starts the command instead and
reports the peak of the command and everything it waited for (``--jobs`` workers, Dask workers).
"""

from __future__ import annotations

import sys

MARKER = "peak-rss-mib "
_LAUNCHER = (
    "import resource, subprocess, sys\n"
    "done = subprocess.run(sys.argv[1:])\n"
    "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "print(f'" + MARKER + "{peak / (2 ** 20 if sys.platform == \"darwin\" else 2 ** 10):.1f}', file=sys.stderr)\n"
    "sys.exit(done.returncode)\n"
)


def launched(command: list[str]) -> list[str]:
    """``command``, started by the launcher (same exit status, output and error output, plus one marker line)."""
    return [sys.executable, "-c", _LAUNCHER, *command]


def split_peak(stderr: str) -> tuple[float, str]:
    """The launcher's peak (MiB) and the command's own error output."""
    head, _, tail = stderr.rpartition(MARKER)
    return float(tail.split()[0]), head
