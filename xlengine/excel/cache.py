"""What the function server remembers between calls: bounded by memory, clearable.

Excel calls the ENG_ functions one cell at a time, and many cells of a sheet read the
same table (the scenarios, the tornado, a simulation, the story). Those are computed once
per distinct set of inputs and kept here, least recently used first out, within a budget
in bytes: a 1,000,000-draw simulation holds 16 MB (two float64 arrays), a 10,000-draw one
160 KB, a scenario set or a story a few KB.

The keys hold every input (the checked assumption values, the draws, the seed, the
language), so a changed input is a new key, never a stale answer. Failures are not kept:
a bad input raises inside ``make`` and every cell shows its own failure.

:func:`clear_caches` empties every cache of the function server, this module's and the
ones registered with :func:`on_clear` (xlwings' conversion pipelines in
:mod:`.xlconvert`). The workbook's Recalculate button calls it before Excel recalculates.
"""

from __future__ import annotations

import sys
from collections import OrderedDict
from dataclasses import fields, is_dataclass
from typing import Any, Callable, Hashable

__all__ = ["MemoryBoundCache", "RESULTS", "CHECKED_ASSUMPTIONS", "clear_caches", "nbytes", "on_clear"]

MB = 2**20


def nbytes(value: Any) -> int:
    """Bytes held by ``value``, counted the way that matters here: numpy buffers in full,
    containers and dataclasses through their contents, other objects by ``sys.getsizeof``.

    >>> import numpy as np
    >>> nbytes(np.zeros(1_000_000)) >= 8_000_000
    True
    """
    seen: set[int] = set()
    total = 0
    stack = [value]
    while stack:
        obj = stack.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        buffer = getattr(obj, "nbytes", None)
        if isinstance(buffer, int) and hasattr(obj, "dtype"):  # a numpy array (or scalar)
            total += buffer + 112  # the array object itself
            continue
        total += sys.getsizeof(obj)
        if isinstance(obj, dict):
            stack.extend(obj.keys())
            stack.extend(obj.values())
        elif isinstance(obj, (list, tuple, set, frozenset)):
            stack.extend(obj)
        elif is_dataclass(obj) and not isinstance(obj, type):
            stack.extend(getattr(obj, f.name) for f in fields(obj))
    return total


class MemoryBoundCache:
    """A least-recently-used cache whose entries together hold at most ``budget`` bytes.

    An entry larger than the whole budget is computed and returned but not kept.
    """

    def __init__(self, name: str, budget: int):
        self.name = name
        self.budget = budget
        self._entries: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self.nbytes = 0

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._entries

    def get(self, key: Hashable, make: Callable[[], Any]) -> Any:
        """The value for ``key``: remembered, or made now (and remembered if it fits)."""
        hit = self._entries.get(key)
        if hit is not None:
            self._entries.move_to_end(key)
            return hit[0]
        value = make()
        size = nbytes(value)
        if size > self.budget:
            return value
        while self._entries and self.nbytes + size > self.budget:
            _, (_, freed) = self._entries.popitem(last=False)
            self.nbytes -= freed
        self._entries[key] = (value, size)
        self.nbytes += size
        return value

    def clear(self) -> None:
        self._entries.clear()
        self.nbytes = 0


# Scenario sets, their cases, tornado tables, simulations, histograms and stories. One
# recalculation of the template touches about ten entries (well under 2 MB at the
# template's 10,000 draws); 64 MB keeps a few 1,000,000-draw simulations besides.
RESULTS = MemoryBoundCache("results", 64 * MB)
# The checked assumptions of an assumptions range, per distinct content: hundreds of
# template cells read the same range (each entry about 10 KB).
CHECKED_ASSUMPTIONS = MemoryBoundCache("checked assumptions", 4 * MB)

_CACHES = (RESULTS, CHECKED_ASSUMPTIONS)
_other_clears: list[Callable[[], None]] = []


def on_clear(clear: Callable[[], None]) -> None:
    """Have :func:`clear_caches` call ``clear`` too (for a cache kept elsewhere)."""
    _other_clears.append(clear)


def clear_caches() -> None:
    """Forget every remembered result and conversion pipeline of the function server.

    >>> clear_caches()
    >>> len(RESULTS), RESULTS.nbytes
    (0, 0)
    """
    for cache in _CACHES:
        cache.clear()
    for clear in _other_clears:
        clear()
