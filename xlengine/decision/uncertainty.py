"""Honest uncertainty: scenarios, sensitivity (tornado), Monte Carlo and break-even.

Everything here runs the one business case of :func:`xlengine.engine.case.compute`, fed with
arrays (one element per scenario, swing or draw); no formula of the case is repeated.
This module holds the scenarios and the tornado; the ranges and Beta-PERT live in
:mod:`.ranges`, the Monte Carlo in :mod:`.montecarlo`, break-even in :mod:`.breakeven`,
and every name of theirs is importable from here as well.

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

from typing import Any, Mapping

import numpy as np

from ..engine.case import compute
from .breakeven import LEVERS, BreakEven, NoBreakEven, breakeven
from .montecarlo import CHUNK, MAX_DRAWS, Simulation, simulate
from .ranges import (
    IMPROVEMENTS,
    PERT_LAMBDA,
    beta_draws,
    default_range,
    pert_alpha_beta,
    pert_draws,
    pert_mean,
    pert_sd,
    range_of,
    range_origin,
    ranges,
    relative_spread,
)

__all__ = [
    "PERT_LAMBDA",
    "CHUNK",
    "LEVERS",
    "SCENARIOS",
    "phillips_strict",
    "IMPROVEMENTS",
    "ranges",
    "range_of",
    "range_origin",
    "default_range",
    "relative_spread",
    "pert_alpha_beta",
    "pert_mean",
    "pert_sd",
    "beta_draws",
    "pert_draws",
    "swing_npvs",
    "scenarios",
    "sensitivity",
    "Simulation",
    "simulate",
    "breakeven",
    "BreakEven",
    "NoBreakEven",
    "MAX_DRAWS",
]


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
    rows = [
        {
            "key": k,
            "low": r[k][0],
            "value": r[k][1],
            "high": r[k][2],
            "npv_low": float(nl),
            "npv_high": float(nh),
            "swing": float(abs(nh - nl)),
        }
        for k, nl, nh in zip(keys, low, high)
    ]
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
