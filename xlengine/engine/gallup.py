"""Benchmark mode: derive the "after" values from the Gallup Q12 quartile gap.

Gallup's meta-analysis compares the top and bottom quartile of business units; it does
not measure what a programme achieves. So a case in benchmark mode states, explicitly,
which share of that gap the programme closes (``gap_closed``) and derives:

.. math::

    t_{after} = t_{before} \\cdot (1 + g \\cdot G_{turnover}) \\qquad
    a_{after} = a_{before} \\cdot (1 + g \\cdot G_{absenteeism}) \\qquad
    p = g \\cdot G_{productivity}

with g = ``gap_closed`` and G the signed quartile differences of the chosen edition
(:data:`xlengine.engine.register.GALLUP`). Turnover uses the high-turnover row when the turnover
before exceeds 40% a year, the low-turnover row otherwise (Gallup's own split).

Typed targets (``turnover_after``, ``absence_after``, ``productivity_gain``) are ignored
while ``benchmark_mode`` is 1; everything is vectorised (``gap_closed`` may be an array of
Monte Carlo draws).
"""

from __future__ import annotations

from typing import Any, Mapping

import numpy as np

from .errors import InputError
from .register import GALLUP_EDITIONS, gallup_gap

__all__ = ["DERIVED", "HIGH_TURNOVER", "is_on", "resolve", "gaps"]

#: The assumptions benchmark mode derives (typed values are ignored while it is on).
DERIVED = ("turnover_after", "absence_after", "productivity_gain")

#: Gallup's threshold between low- and high-turnover organisations (turnover per year).
HIGH_TURNOVER = 0.40


def is_on(a: Mapping[str, Any]) -> bool:
    """True when ``a`` asks for benchmark mode (``benchmark_mode`` = 1)."""
    mode = np.asarray(a.get("benchmark_mode", 0), dtype=float)
    if mode.ndim and np.any(mode != mode.reshape(-1)[0]):
        raise InputError("benchmark_mode", "benchmark_mode must be one value (0 or 1) for the whole case, not a range of values.")
    return bool(mode.reshape(-1)[0] == 1)


def gaps(edition: Any = 2024) -> dict[str, float]:
    """The Gallup gaps benchmark mode uses, for one edition.

    >>> gaps(2024)["absenteeism"], gaps(2024)["turnover_low"], gaps(2024)["productivity"]
    (-0.78, -0.51, 0.14)
    """
    year = int(np.asarray(edition).reshape(-1)[0])
    if year not in GALLUP_EDITIONS:
        editions = " or ".join(str(e) for e in GALLUP_EDITIONS)
        raise InputError("gallup_edition", f"gallup_edition = {year} is not available: enter {editions}.")
    return {k: gallup_gap(k, year) for k in ("absenteeism", "turnover_low", "turnover_high", "productivity")}


def resolve(a: Mapping[str, Any]) -> Mapping[str, Any]:
    """The assumptions with the derived "after" values filled in when benchmark mode is on.

    Returns ``a`` itself when the mode is off (no copy), else a new dict.

    Examples
    --------
    Turnover 12% (a low-turnover organisation), absence 5.6%, 15% of the 2024 gap closed:
    turnover 0.12 x (1 - 0.15 x 0.51) = 0.11082; absence 0.056 x (1 - 0.15 x 0.78) = 0.049448;
    productivity 0.15 x 0.14 = 0.021.

    >>> r = resolve({"benchmark_mode": 1, "gap_closed": 0.15, "gallup_edition": 2024,
    ...              "turnover_before": 0.12, "absence_before": 0.056})
    >>> round(r["turnover_after"], 6), round(r["absence_after"], 6), round(r["productivity_gain"], 6)
    (0.11082, 0.049448, 0.021)
    """
    if not is_on(a):
        return a
    g = gaps(a.get("gallup_edition", 2024))
    closed = np.asarray(a["gap_closed"], dtype=float)
    before = np.asarray(a["turnover_before"], dtype=float)
    turnover_gap = np.where(before > HIGH_TURNOVER, g["turnover_high"], g["turnover_low"])
    out = dict(a)
    out["turnover_after"] = _out(before * (1.0 + closed * turnover_gap))
    out["absence_after"] = _out(np.asarray(a["absence_before"], dtype=float) * (1.0 + closed * g["absenteeism"]))
    out["productivity_gain"] = _out(closed * g["productivity"])
    return out


def _out(x):
    x = np.asarray(x, dtype=float)
    return float(x) if x.ndim == 0 else x
