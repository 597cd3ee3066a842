"""Small statistics computed per paragraph, where numpy's per-call overhead would dominate."""

from __future__ import annotations

import math
from collections.abc import Sequence


def percentile(ordered: Sequence[float], q: float) -> float:
    """``numpy.percentile(values, q)`` (linear method) of already sorted, non-empty ``ordered``.

    The same arithmetic as numpy, so the same float, in a twentieth of the time on the
    few dozen values of a paragraph.

    >>> percentile([1.0, 2.0, 4.0, 8.0], 25)
    1.75
    """
    last = len(ordered) - 1
    index = last * (q / 100)
    if index >= last:
        return ordered[last]
    below = math.floor(index)
    gamma = index - below
    low, high = ordered[below], ordered[below + 1]
    if gamma >= 0.5:
        return high - (high - low) * (1 - gamma)
    return low + (high - low) * gamma
