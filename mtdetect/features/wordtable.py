"""A bounded memo of one function of a word, kept as a plain dict that compiled code reads directly."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

Value = TypeVar("Value")


class WordTable(Generic[Value]):
    """``table(word)`` is ``compute(word)``, remembered in :attr:`values` (emptied whenever it reaches ``size``).

    Emptying all at once instead of evicting the least recently used word keeps lookups a plain dict
    read; the values never depend on what is remembered.

    >>> lengths = WordTable(len, size=2)
    >>> lengths("cat"), lengths("horse"), lengths("cat"), len(lengths.values)
    (3, 5, 3, 2)
    """

    def __init__(self, compute: Callable[[str], Value], size: int) -> None:
        self.compute, self.size = compute, size
        self.values: dict[str, Value] = {}

    def fill(self, word: str) -> Value:
        """Compute and remember ``word``'s value."""
        if len(self.values) >= self.size:
            self.values.clear()
        value = self.values[word] = self.compute(word)
        return value

    def __call__(self, word: str) -> Value:
        try:
            return self.values[word]
        except KeyError:
            return self.fill(word)
