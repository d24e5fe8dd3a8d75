"""Honest uncertainty: scenarios, sensitivity (tornado), Monte Carlo and break-even.

Everything here runs the one business case of :func:`xlengine.engine.case.compute`, fed with
arrays (one element per scenario, swing or draw); no formula of the case is repeated.

Conventions
-----------
* **Uncertain assumptions** are the register entries with ``low``/``high``
  (:attr:`xlengine.engine.register.Assumption.uncertain`). The value the user entered is
  always the most likely value. A range the user typed (``<key>_low`` / ``<key>_high``,
  checked by :func:`xlengine.engine.validate.assumptions`) is used as typed; a blank end
  takes the default rule (:func:`default_range`; docs/uncertainty-ranges.md): for a lever
  (:data:`IMPROVEMENTS`) the range is on the improvement, value +- the register's relative
  half-width x the planned improvement; any other assumption scales the register's range
  with the value (``value x low / default`` .. ``value x high / default``; for a zero
  default the same absolute offsets); clipped to the allowed range. In benchmark mode
  ``gap_closed`` is uncertain and the three derived "after" values are not
  (:data:`xlengine.engine.gallup.DERIVED`); otherwise the reverse.
* **Beta-PERT** (Malcolm et al. 1959; Vose, *Risk Analysis*, 3rd ed. 2008, ch. 9) with
  low a, most likely m, high b and the usual weight lambda = 4:
  alpha = 1 + 4 (m - a) / (b - a), beta = 1 + 4 (b - m) / (b - a), X = a + (b - a) Y with
  Y ~ Beta(alpha, beta); mean (a + 4 m + b) / 6; variance (mean - a)(b - mean) / 7.
  Y is drawn exactly by rejection under a step envelope (:func:`beta_draws`).
* **Monte Carlo**: blocks of :data:`CHUNK` draws, each with its own PCG64 stream (child
  ``i`` of ``SeedSequence(seed)``), each one vectorised call of :func:`compute`; the same
  seed gives the same numbers, whichever thread runs a block.
* **Scenarios (stress tests)**: "conservative" takes, for every uncertain assumption,
  whichever of its low and high value gives the lower NPV with the others at base (one at
  a time to choose the end), then all of them at once; "optimistic" the other one. So
  "conservative" means "bad for the case", whatever the direction of the assumption (a
  high programme cost, a low attribution). Every assumption at its end at the same time
  is far outside the Monte Carlo's P5..P95: the tables and the story call these columns
  stress tests, not forecasts.
* **Sensitivity**: each uncertain assumption swings from low to high, the others at base;
  the NPV range per assumption, sorted by its width (the tornado).
* **Break-even**: the improvement on one lever for which NPV = 0, the other assumptions
  as given. NPV is linear in each lever's improvement, so two evaluations of the case
  give the line and its root exactly (up to rounding; one secant refinement follows).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Mapping

import numpy as np

from ..engine import gallup as _gallup
from ..engine.case import compute
from ..engine.errors import InputError
from ..engine.register import BY_KEY, REGISTER

__all__ = [
    "PERT_LAMBDA", "CHUNK", "LEVERS", "SCENARIOS", "phillips_strict", "IMPROVEMENTS", "ranges", "range_of", "range_origin",
    "default_range", "relative_spread", "pert_alpha_beta", "pert_mean", "pert_sd",
    "beta_draws", "pert_draws", "swing_npvs", "scenarios", "sensitivity", "Simulation", "simulate",
    "breakeven", "BreakEven", "NoBreakEven",
]

#: Weight of the most likely value in the Beta-PERT distribution (the classic 4).
PERT_LAMBDA = 4.0

#: Draws per block of the Monte Carlo: a block's temporaries stay in the CPU cache, and
#: the progress bar moves per block. Fixed, so a seed gives the same numbers on every
#: machine and whole blocks are shared between runs of different length.
CHUNK = 1 << 16


# --- ranges ------------------------------------------------------------------------------

def _active(key: str, benchmark_on: bool) -> bool:
    if key in _gallup.DERIVED:
        return not benchmark_on
    if key == "gap_closed":
        return benchmark_on
    return True


#: The levers: assumption -> the "before" rate its improvement counts from (before -
#: after), or None where the value is the improvement itself (a gain, a share closed).
IMPROVEMENTS = {"turnover_after": "turnover_before", "absence_after": "absence_before",
                "productivity_gain": None, "gap_closed": None}


def _improvement(key: str, values: Mapping[str, Any]) -> float:
    before = IMPROVEMENTS[key]
    return float(values[key]) if before is None else float(values[before]) - float(values[key])


def relative_spread(key: str) -> float:
    """A lever's register half-width over its planned improvement, both at the defaults.

    >>> relative_spread("turnover_after")     # (11% - 7%) / 2 over 12% - 8%
    0.5
    >>> relative_spread("productivity_gain")  # (4% - 0%) / 2 over 2%
    1.0
    """
    entry = BY_KEY[key]
    planned = _improvement(key, {k: BY_KEY[k].default for k in BY_KEY})
    return round((float(entry.high) - float(entry.low)) / 2.0 / abs(planned), 12)


def default_range(key: str, a: Mapping[str, Any]) -> tuple[float, float]:
    """(low, high) of uncertain assumption ``key`` by the default rule, around its value in ``a``.

    A lever (:data:`IMPROVEMENTS`): value -/+ :func:`relative_spread` x |improvement|,
    where the improvement is before - after (or the gain): centred on what the user
    planned, in whichever direction, continuous in the value, and a single point when
    the plan is no improvement. Any other assumption: the register's range scaled by
    value / default (a zero default: shifted by the value). Clipped to the allowed range.

    >>> from xlengine.engine.register import defaults
    >>> a = defaults(); a["turnover_after"] = 0.11                # a rise of 1 point
    >>> [round(x, 6) for x in default_range("turnover_after", a)] # 11% -/+ 0.5 x 1 point
    [0.105, 0.115]
    >>> a["productivity_gain"] = 0.0
    >>> default_range("productivity_gain", a)
    (0.0, 0.0)
    >>> a["programme_cost_one_off"] = 200_000.0                   # 200,000 x 90/100 .. x 130/100
    >>> default_range("programme_cost_one_off", a)
    (180000.0, 260000.0)
    """
    entry = BY_KEY[key]
    value = float(a[key])
    if key in IMPROVEMENTS:
        half = relative_spread(key) * abs(_improvement(key, a))
        low, high = value - half, value + half
    else:
        d = float(entry.default)
        if d != 0:
            scale = value / d  # exactly 1 at the default: the register's own range, to the bit
            low, high = sorted((float(entry.low) * scale, float(entry.high) * scale))
        else:
            low, high = value + float(entry.low), value + float(entry.high)
    return max(low, float(entry.allowed[0])), min(high, float(entry.allowed[1]))


def ranges(a: Mapping[str, Any]) -> dict[str, tuple[float, float, float]]:
    """``{key: (low, most likely, high)}`` for every uncertain assumption active in case ``a``.

    A typed end (``<key>_low`` / ``<key>_high`` in ``a``) as typed, a missing one by
    :func:`default_range`. See the module notes. In register order.

    >>> from xlengine.engine.register import defaults
    >>> [round(x, 6) for x in ranges(defaults())["turnover_after"]]   # 8% -/+ 0.5 x 4 points
    [0.06, 0.08, 0.1]
    >>> a = defaults(); a["annual_employer_cost"] = 90_000.0
    >>> ranges(a)["annual_employer_cost"]   # 90,000 x 55/60 .. 90,000 x 65/60
    (82500.0, 90000.0, 97500.0)
    >>> a["attribution_low"] = 0.5; a["attribution_high"] = 0.5
    >>> ranges(a)["attribution"]
    (0.5, 0.5, 0.5)
    """
    on = _gallup.is_on(a)
    out: dict[str, tuple[float, float, float]] = {}
    for entry in REGISTER:
        if not entry.uncertain or not _active(entry.key, on):
            continue
        out[entry.key] = range_of(entry.key, a)
    return out


def range_of(key: str, a: Mapping[str, Any]) -> tuple[float, float, float]:
    """(low, most likely, high) of one uncertain assumption: typed ends as typed, the rest
    by :func:`default_range`."""
    value = float(a[key])
    typed_low, typed_high = a.get(f"{key}_low"), a.get(f"{key}_high")
    if typed_low is None or typed_high is None:
        low, high = default_range(key, a)
    low = float(typed_low) if typed_low is not None else low
    high = float(typed_high) if typed_high is not None else high
    return low, value, high


def range_origin(key: str, a: Mapping[str, Any]) -> str:
    """"typed" when both ends of ``key``'s range were typed, "derived" when neither was,
    "typed low" / "typed high" for one of them."""
    low, high = f"{key}_low" in a, f"{key}_high" in a
    return "typed" if low and high else "typed low" if low else "typed high" if high else "derived"


# --- Beta-PERT -------------------------------------------------------------------------

def pert_alpha_beta(low, mode, high, lamb=PERT_LAMBDA):
    """Shape parameters of the Beta-PERT distribution.

    .. math:: \\alpha = 1 + \\lambda \\frac{m - a}{b - a}, \\quad \\beta = 1 + \\lambda \\frac{b - m}{b - a}

    >>> pert_alpha_beta(0.07, 0.08, 0.11)   # 1 + 4 x 0.01/0.04, 1 + 4 x 0.03/0.04
    (2.0, 4.0)
    """
    low, mode, high = (np.asarray(v, dtype=float) for v in (low, mode, high))
    width = np.where(high > low, high - low, 1.0)
    alpha = 1.0 + lamb * (mode - low) / width
    beta = 1.0 + lamb * (high - mode) / width
    return _out(np.round(alpha, 12)), _out(np.round(beta, 12))


def pert_mean(low, mode, high, lamb=PERT_LAMBDA):
    """Mean of the Beta-PERT distribution: (a + 4 m + b) / 6.

    >>> round(pert_mean(0.07, 0.08, 0.11), 10)   # (0.07 + 0.32 + 0.11) / 6
    0.0833333333
    """
    return _out((np.asarray(low, dtype=float) + lamb * np.asarray(mode, dtype=float) + np.asarray(high, dtype=float)) / (lamb + 2.0))


def pert_sd(low, mode, high, lamb=PERT_LAMBDA):
    """Standard deviation of the Beta-PERT distribution.

    .. math:: \\sigma^2 = \\frac{(\\mu - a)(b - \\mu)}{\\lambda + 3}

    >>> round(pert_sd(0.07, 0.08, 0.11), 6)   # sqrt((0.013333 x 0.026667) / 7)
    0.007127
    """
    mu = np.asarray(pert_mean(low, mode, high, lamb))
    return _out(np.sqrt((mu - np.asarray(low, dtype=float)) * (np.asarray(high, dtype=float) - mu) / (lamb + 3.0)))


#: Steps of the envelope under the Beta density, and slots of the lookup table that
#: picks a step in proportion to its area (see :func:`beta_draws`).
ENVELOPE_STEPS = 256
ENVELOPE_SLOTS = 64 * ENVELOPE_STEPS


@lru_cache(maxsize=256)
def _envelope(alpha: float, beta: float):
    """Step envelope and squeeze of the Beta(alpha, beta) density, and its slot table.

    The density (unnormalised) f(x) = x^(alpha-1) (1-x)^(beta-1) is unimodal for
    alpha, beta >= 1 (always so for PERT), so on each of ENVELOPE_STEPS equal steps its
    maximum is at an end or at the mode and its minimum at an end: exact bounds (widened
    by 1e-6 against float32 rounding). Each step gets n_k = ceil(area_k / s) slots of equal
    area s = total area / ENVELOPE_SLOTS, and its envelope is raised to n_k s per unit
    width, so every slot holds the same area: a uniform slot is a step drawn in
    proportion to its envelope area, exactly (the rounding costs at most 1/64 of the area
    in extra rejections).

    Returns ``(slot_step, top, bottom)``: the step of each slot, and per step the raised
    envelope height and the squeeze (float32).
    """
    k = ENVELOPE_STEPS
    edges = np.linspace(0.0, 1.0, k + 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        f = edges ** (alpha - 1.0) * (1.0 - edges) ** (beta - 1.0)
    top = np.maximum(f[:-1], f[1:])
    bottom = np.minimum(f[:-1], f[1:]) * (1.0 - 1e-6)
    mode = (alpha - 1.0) / (alpha + beta - 2.0) if alpha + beta > 2.0 else 0.5
    step = min(int(mode * k), k - 1)
    top[step] = max(top[step], mode ** (alpha - 1.0) * (1.0 - mode) ** (beta - 1.0))
    area = top * (1.0 + 1e-6) / k
    slot_area = area.sum() / ENVELOPE_SLOTS
    slots = np.ceil(area / slot_area).astype(np.intp)
    raised = slots * slot_area * k
    return np.repeat(np.arange(k), slots), raised.astype(np.float32), bottom.astype(np.float32)


def beta_draws(rng: np.random.Generator, alpha: float, beta: float, size: int) -> np.ndarray:
    """``size`` exact Beta(alpha, beta) draws for alpha, beta >= 1, by rejection from a step
    envelope (the table method; Devroye, *Non-Uniform Random Variate Generation*, 1986,
    ch. VIII).

    A point is drawn uniformly under the envelope: one float64 uniform picks a slot (so a
    step, in proportion to its envelope area) and, with its fraction, x on the step; a
    float32 uniform gives y up to the step's envelope. The point is kept when y lies under
    the density; below the step's squeeze that needs no density evaluation, which is
    almost always. Accepted x are exactly Beta-distributed. About twice as fast as the
    ratio of two gamma variates on this kind of machine.

    >>> x = beta_draws(np.random.default_rng(1), 2.0, 4.0, 200_000)   # mean 2/6
    >>> round(float(x.mean()), 3), bool(0 < x.min() and x.max() < 1)
    (0.333, True)
    """
    slot_step, top, bottom = _envelope(float(alpha), float(beta))
    slots, k = slot_step.size, ENVELOPE_STEPS
    out = np.empty(size)
    filled = 0
    while filled < size:
        m = size - filled
        u = rng.random(m)
        u *= slots
        slot = u.astype(np.intp)
        u -= slot                      # the fraction: uniform on [0, 1), independent of the slot
        step = slot_step[slot]
        u += step
        u /= k                         # x, uniform on the step
        y = rng.random(m, dtype=np.float32)
        y *= top[step]
        ok = y < bottom[step]
        unsure = np.flatnonzero(~ok)
        if unsure.size:
            xu = u[unsure]
            ok[unsure] = y[unsure] < xu ** (alpha - 1.0) * (1.0 - xu) ** (beta - 1.0)
        taken = u[ok]
        out[filled:filled + taken.size] = taken
        filled += taken.size
    return out


def pert_draws(rng: np.random.Generator, low: float, mode: float, high: float, size: int,
               lamb: float = PERT_LAMBDA) -> np.ndarray | float:
    """``size`` Beta-PERT draws, or ``mode`` itself when the range is one point.

    X = low + (high - low) Y with Y ~ Beta(alpha, beta) from :func:`beta_draws`.

    >>> rng = np.random.default_rng(1)
    >>> x = pert_draws(rng, 0.07, 0.08, 0.11, 100_000)
    >>> bool(0.07 <= x.min() and x.max() <= 0.11), round(float(x.mean()), 3)
    (True, 0.083)
    >>> pert_draws(rng, 5.0, 5.0, 5.0, 10)
    5.0
    """
    if not high > low:
        return float(mode)
    alpha, beta = pert_alpha_beta(low, mode, high, lamb)
    y = beta_draws(rng, alpha, beta, size)
    y *= high - low
    y += low
    return y


# --- one at a time: swings and scenarios ------------------------------------------------

def swing_npvs(a: Mapping[str, Any], rng_: Mapping[str, tuple[float, float, float]] | None = None):
    """NPV with each uncertain assumption at its low and at its high value, the rest at base.

    Returns ``(keys, npv_low, npv_high)``: one batch of 2K cases through :func:`compute`.
    """
    rng_ = ranges(a) if rng_ is None else rng_
    keys = list(rng_)
    if not keys:
        return keys, np.zeros(0), np.zeros(0)
    n = 2 * len(keys)
    batch = dict(a)
    for i, k in enumerate(keys):
        col = np.full(n, float(a[k]))
        col[2 * i], col[2 * i + 1] = rng_[k][0], rng_[k][2]
        batch[k] = col
    npv = np.asarray(compute(batch).npv, dtype=float)
    return keys, npv[0::2].copy(), npv[1::2].copy()


#: The scenarios, in the order they are shown.
SCENARIOS = ("conservative", "base", "optimistic")


def scenarios(a: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Conservative / base / optimistic assumption sets (see the module notes).

    >>> from xlengine.engine.register import defaults
    >>> s = scenarios(defaults())
    >>> s["conservative"]["programme_cost_one_off"], s["optimistic"]["programme_cost_one_off"]
    (130000.0, 90000.0)
    >>> s["conservative"]["attribution"], s["optimistic"]["attribution"]
    (0.3, 0.7)
    """
    r = ranges(a)
    keys, low, high = swing_npvs(a, r)
    conservative, optimistic = dict(a), dict(a)
    for k, nl, nh in zip(keys, low, high):
        lo, mode, hi = r[k]
        if nl < nh:
            conservative[k], optimistic[k] = lo, hi
        elif nh < nl:
            conservative[k], optimistic[k] = hi, lo
        # equal NPVs: the assumption does not move the case; it stays at its value
    return {"conservative": conservative, "base": dict(a), "optimistic": optimistic}


def phillips_strict(a: Mapping[str, Any]) -> dict[str, Any]:
    """The Phillips-strict scenario: the same case with first-year benefits only
    (guiding principle 9, register entry ``phillips_strict``).

    >>> from xlengine.engine.register import defaults
    >>> from xlengine.engine.case import compute
    >>> r = compute(phillips_strict(defaults()))
    >>> r.horizon_years, round(r.npv, 2)
    (1, -22323.23)
    """
    return {**a, "phillips_strict": 1.0}


def sensitivity(a: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The tornado: per uncertain assumption its range and the NPV at each end, widest first.

    Each row: ``key``, ``low``, ``high`` (the assumption's values), ``npv_low``,
    ``npv_high`` (NPV with the assumption there), ``swing`` = |npv_high - npv_low|.
    Ties (swings within :data:`TIE_TOLERANCE` of the widest swing) keep register order.

    >>> from xlengine.engine.register import defaults
    >>> rows = sensitivity(defaults())
    >>> rows[0]["key"], round(rows[0]["swing"])   # PV(benefits) 566,126.65 x (0.7 - 0.3) / 0.5
    ('attribution', 452901)
    """
    r = ranges(a)
    keys, low, high = swing_npvs(a, r)
    rows = [{"key": k, "low": r[k][0], "value": r[k][1], "high": r[k][2],
             "npv_low": float(nl), "npv_high": float(nh), "swing": float(abs(nh - nl))}
            for k, nl, nh in zip(keys, low, high)]
    return sorted(rows, key=_tornado_rank(rows))


#: Swings closer than this share of the widest swing are a tie: two assumptions that move
#: NPV by the same euros differ only by floating-point noise (1e-10 EUR), not in substance.
TIE_TOLERANCE = 1e-9


def _tornado_rank(rows: list[dict[str, Any]]):
    """The sort key of the tornado: swing descending, ties (within :data:`TIE_TOLERANCE`
    of the widest swing) in register order.

    Each swing is snapped to the largest swing of its tie group: a group is a run of swings
    (sorted descending) each within the tolerance of the next one, so the key is exact,
    transitive and leaves swings that differ in substance in their order.
    """
    if not rows:
        return lambda row: 0.0
    swings = sorted({row["swing"] for row in rows}, reverse=True)
    tolerance = TIE_TOLERANCE * swings[0]
    snapped: dict[float, float] = {}
    head = swings[0]
    for prev, s in zip([swings[0], *swings], swings):
        if prev - s > tolerance:
            head = s
        snapped[s] = head
    return lambda row: -snapped[row["swing"]]


# --- Monte Carlo -----------------------------------------------------------------------

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
        return {"npv": [float(v) for v in np.percentile(self.npv, q)],
                "roi": [float(v) for v in np.percentile(self.roi, q)]}

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


def simulate(a: Mapping[str, Any], draws: int = 10_000, seed: int = 1,
             ranges_: Mapping[str, tuple[float, float, float]] | None = None,
             progress: Callable[[int, int], None] | None = None,
             workers: int | None = None) -> Simulation:
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
        raise InputError("draws", f"draws = {draws:,} is above the limit of {MAX_DRAWS:,} (two results of 8 bytes per draw): "
                                  "enter fewer draws; 100,000 already fix the percentiles to a fraction of a percent.")
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
        npv[start:start + n] = result.npv
        roi[start:start + n] = result.roi
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


# --- break-even ------------------------------------------------------------------------

#: lever -> (assumption that moves, description of the improvement)
LEVERS = {
    "turnover": "turnover_after",
    "absence": "absence_after",
    "productivity": "productivity_gain",
    "gap_closed": "gap_closed",
}


class NoBreakEven(InputError):
    """No improvement on ``lever`` gives NPV = 0, for ``reason``: "cannot_fall" (the rate is
    0% before), "worth_nothing" (an improvement saves nothing), "always_pays" (NPV > 0
    even at the lever's worst), "not_enough" (NPV < 0 even at its best: ``npv_at_best``
    at improvement ``best``). The message is the English sentence; the story words the
    reason in its own language."""

    def __init__(self, lever: str, reason: str, message: str, npv_at_best: float | None = None,
                 best: float | None = None):
        super().__init__("lever", message)
        self.lever, self.reason, self.npv_at_best, self.best = lever, reason, npv_at_best, best


@dataclass(frozen=True)
class BreakEven:
    """The improvement on ``lever`` for NPV = 0 and the assumption value that gives it.

    ``improvement``: turnover and absence in rate points as a fraction (0.023 = 2.3
    points fewer), productivity as the gain (fraction), gap_closed as the share.
    ``key``/``value``: the assumption to set (e.g. ``turnover_after`` = before - improvement).
    ``planned``: the improvement the case assumes now. A negative improvement means the
    other levers pay back on their own: this lever may even worsen by that much.
    """

    lever: str
    improvement: float
    key: str
    value: float
    planned: float
    npv_without: float


def _lever_setting(a, lever, x):
    """The assumption key and value(s) that give improvement ``x`` on ``lever``."""
    if lever == "turnover":
        return "turnover_after", np.asarray(a["turnover_before"], dtype=float) - x
    if lever == "absence":
        return "absence_after", np.asarray(a["absence_before"], dtype=float) - x
    return LEVERS[lever], np.asarray(x, dtype=float)


def breakeven(a: Mapping[str, Any], lever: str) -> BreakEven:
    """Solve NPV(improvement on ``lever``) = 0, the other assumptions as given.

    .. math:: x^* = -\\frac{NPV(0)}{NPV(x_1) - NPV(0)} x_1

    NPV is linear in the improvement x (savings are linear in it; attribution, confidence,
    phasing and discounting multiply), so the line through x = 0 and x = x_1 (the largest
    possible improvement) has the root x*. Raises :class:`InputError` with the reason when
    no improvement on this lever can pay back.

    Examples
    --------
    The default case with turnover as the only lever: how many points must it fall?
    Costs PV = 100,000 (at the start) + 50,000/1.08 + 50,000/1.08^2 + 50,000/1.08^3
    = 228,854.85. One point
    (x = 0.01) saves 200 x 0.01 x 31,181.82 per leaver x 0.5 attribution x 0.8 confidence
    = 24,945.45 a year; PV factor 0.5/1.08 + 1/1.08^2 + 1/1.08^3 = 2.114134; so
    x* = 228,854.85 / (2,494,545.45 x 2.114134) = 0.043395: turnover 12% -> 7.66%.

    >>> from xlengine.engine.register import defaults
    >>> a = defaults(); a["productivity_gain"] = 0.0; a["absence_after"] = a["absence_before"]
    >>> be = breakeven(a, "turnover")
    >>> round(be.improvement, 6), round(be.value, 6)
    (0.043395, 0.076605)
    """
    name = str(lever or "").strip().lower()
    if name not in LEVERS:
        raise InputError("lever", f"lever = {lever!r} is not a lever: enter turnover, absence, productivity or gap_closed.")
    on = _gallup.is_on(a)
    if name == "gap_closed":
        if not on:
            raise InputError("lever", "lever gap_closed applies in benchmark mode only: set benchmark_mode to 1, or enter turnover, absence or productivity.")
        base = dict(a)
        x_max, planned = 1.0, float(a["gap_closed"])
    elif on:
        # the typed target of this lever does nothing in benchmark mode: a break-even on it
        # would be a figure no cell of the case can take
        raise InputError("lever", f"lever {name} has no break-even in benchmark mode: {LEVERS[name]} is derived from the "
                                  "Gallup gap there, so enter --lever gap_closed (or set benchmark_mode to 0 for typed targets).")
    else:
        base = dict(a)
        if name in ("turnover", "absence"):
            before = float(base[f"{name}_before"])
            x_max, planned = before, before - float(base[f"{name}_after"])
        else:
            x_max, planned = float(BY_KEY["productivity_gain"].allowed[1]), float(base["productivity_gain"])
    key = LEVERS[name]
    if x_max <= 0:
        raise NoBreakEven(name, "cannot_fall", f"{name} before the programme is 0%: it cannot fall, so no {name} improvement can pay back.")

    def npv_at(xs):
        batch = dict(base)
        batch[key] = _lever_setting(base, name, np.asarray(xs, dtype=float))[1]
        return np.asarray(compute(batch).npv, dtype=float)

    n0, n1 = npv_at([0.0, x_max])
    slope = (n1 - n0) / x_max
    if not slope > 0:
        raise NoBreakEven(name, "worth_nothing", f"an improvement on {name} is worth nothing in this case (attribution, confidence, headcount or the cost it saves is 0), so no {name} improvement can pay back.")
    x = -n0 / slope
    x_min = {"turnover": x_max - 1.0, "absence": x_max - 1.0,
             "productivity": float(BY_KEY["productivity_gain"].allowed[0]), "gap_closed": 0.0}[name]
    if x < x_min:
        raise NoBreakEven(name, "always_pays", f"the case pays back whatever happens to {name} (NPV stays above 0 even at its worst), so there is no break-even on {name}.")
    if x > x_max:
        what = {"turnover": "turnover falling to 0%", "absence": "absence falling to 0%",
                "productivity": f"a productivity gain of {x_max:.0%}", "gap_closed": "closing the whole Gallup gap"}[name]
        raise NoBreakEven(name, "not_enough", f"even {what} leaves NPV at EUR {n1:,.0f}: no {name} improvement alone can pay back; lower the cost or add other levers.",
                          npv_at_best=float(n1), best=float(x_max))
    # One secant step removes the rounding of the extrapolation (linear, so it is tiny).
    fx = float(npv_at([x])[0])
    if fx != 0.0:
        x -= fx / slope
    value = float(_lever_setting(base, name, x)[1])
    return BreakEven(lever=name, improvement=float(x), key=key, value=value, planned=planned, npv_without=float(n0))


def _out(x):
    x = np.asarray(x, dtype=float)
    return float(x) if x.ndim == 0 else x
