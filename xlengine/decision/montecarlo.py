"""Monte Carlo of the whole case: every uncertain assumption drawn from its Beta-PERT, in
seeded blocks (conventions: :mod:`xlengine.decision.uncertainty`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping

import numpy as np

from ..engine.case import compute
from ..engine.errors import InputError
from .ranges import pert_draws, ranges

__all__ = ["CHUNK", "MAX_DRAWS", "Simulation", "simulate"]

#: Draws per block of the Monte Carlo: a block's temporaries stay in the CPU cache, and
#: the progress bar moves per block. Fixed, so a seed gives the same numbers on every
#: machine and whole blocks are shared between runs of different length.
CHUNK = 1 << 16


@dataclass(frozen=True)
class Simulation:
    """Monte Carlo result: one NPV and one ROI per draw."""

    npv: np.ndarray
    roi: np.ndarray
    seed: int
    ranges: Mapping[str, tuple[float, float, float]]

    @property
    def draws(self) -> int:
        return int(self.npv.size)

    def percentiles(self, which=(5, 50, 95)) -> dict[str, list[float]]:
        """``{"npv": [P5, P50, P95], "roi": [...]}`` (linear interpolation, numpy's default)."""
        q = np.asarray(which, dtype=float)
        return {"npv": [float(v) for v in np.percentile(self.npv, q)], "roi": [float(v) for v in np.percentile(self.roi, q)]}

    @property
    def prob_positive(self) -> float:
        """Share of draws with NPV > 0."""
        return float(np.count_nonzero(self.npv > 0)) / self.draws

    def histogram(self, bins: int = 20) -> list[tuple[float, float, int]]:
        """NPV distribution as (bin start, bin end, count) rows, for a chart."""
        counts, edges = np.histogram(self.npv, bins=bins)
        return [(float(edges[i]), float(edges[i + 1]), int(counts[i])) for i in range(len(counts))]


#: Most draws one simulation accepts, whoever asks (command line, story, cells): two float64
#: results per draw, 320 MB at the top.
MAX_DRAWS = 20_000_000


def simulate(
    a: Mapping[str, Any],
    draws: int = 10_000,
    seed: int = 1,
    ranges_: Mapping[str, tuple[float, float, float]] | None = None,
    progress: Callable[[int, int], None] | None = None,
    workers: int | None = None,
) -> Simulation:
    """Monte Carlo of the whole case: every uncertain assumption drawn from its Beta-PERT.

    The draws run in blocks of :data:`CHUNK`; each block is one vectorised call of
    :func:`compute` (all levers, all years, NPV, ROI) with its own random stream, child
    ``i`` of ``SeedSequence(seed)``. So the same ``seed`` and ``draws`` give the same
    numbers whichever thread runs a block. ``workers`` threads (default: the CPU count,
    at most 4; 1 where threads are unavailable, e.g. xlwings Lite) share the blocks:
    numpy releases the GIL while it samples and computes.

    ``ranges_`` overrides :func:`ranges` (e.g. to collapse them); ``progress(done, total)``
    is called as blocks finish.

    >>> from xlengine.engine.register import defaults
    >>> sim = simulate(defaults(), draws=10_000, seed=1)
    >>> [round(v, -3) for v in sim.percentiles()["npv"]]
    [115000.0, 313000.0, 568000.0]
    >>> round(sim.prob_positive, 3)
    0.999
    >>> bool((simulate(defaults(), 10_000, seed=1, workers=1).npv == sim.npv).all())
    True
    """
    draws = int(draws)
    if draws < 1:
        raise InputError("draws", f"draws = {draws} is too few: enter a whole number of at least 1 (10,000 is a good start).")
    if draws > MAX_DRAWS:
        raise InputError(
            "draws",
            f"draws = {draws:,} is above the limit of {MAX_DRAWS:,} (two results of 8 bytes per draw): "
            "enter fewer draws; 100,000 already fix the percentiles to a fraction of a percent.",
        )
    if isinstance(seed, int) and not 0 <= seed < 2**63:
        raise InputError("seed", f"seed = {seed} is outside 0 to {2**63 - 1}: enter a whole number of at least 0.")
    r = ranges(a) if ranges_ is None else dict(ranges_)
    npv = np.empty(draws)
    roi = np.empty(draws)
    base = dict(a)
    blocks = [(i, start, min(CHUNK, draws - start)) for i, start in enumerate(range(0, draws, CHUNK))]

    def run(block):
        i, start, n = block
        rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(int(seed), spawn_key=(i,))))
        values = dict(base)
        for key, (low, mode, high) in r.items():
            values[key] = pert_draws(rng, low, mode, high, n)
        result = compute(values)
        npv[start : start + n] = result.npv
        roi[start : start + n] = result.roi
        return n

    done = 0
    for n in _map(run, blocks, workers):
        done += n
        if progress is not None:
            progress(done, draws)
    return Simulation(npv=npv, roi=roi, seed=int(seed), ranges=r)


def _map(func, items, workers):
    """``map`` over threads when there is more than one block and threads can start."""
    import os

    workers = min(os.cpu_count() or 1, 4) if workers is None else int(workers)
    if workers > 1 and len(items) > 1:
        try:
            from concurrent.futures import ThreadPoolExecutor

            pool = ThreadPoolExecutor(max_workers=min(workers, len(items)))
        except (ImportError, RuntimeError):  # no threads (e.g. Pyodide): run serially
            pool = None
        if pool is not None:
            with pool:
                try:
                    yield from pool.map(func, items)
                    return
                except RuntimeError as e:  # "can't start new thread"
                    if "thread" not in str(e):
                        raise
    yield from map(func, items)
