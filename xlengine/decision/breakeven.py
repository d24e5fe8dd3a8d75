"""Break-even: the improvement on one lever for which NPV = 0, the other assumptions as
given (conventions: :mod:`xlengine.decision.uncertainty`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

import numpy as np

from ..engine import gallup as _gallup
from ..engine.case import compute
from ..engine.errors import InputError
from ..engine.register import BY_KEY

__all__ = ["LEVERS", "BreakEven", "NoBreakEven", "breakeven"]

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

    def __init__(self, lever: str, reason: str, message: str, npv_at_best: float | None = None, best: float | None = None):
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
            raise InputError(
                "lever",
                "lever gap_closed applies in benchmark mode only: set benchmark_mode to 1, or enter turnover, absence or productivity.",
            )
        base = dict(a)
        x_max, planned = 1.0, float(a["gap_closed"])
    elif on:
        # the typed target of this lever does nothing in benchmark mode: a break-even on it
        # would be a figure no cell of the case can take
        raise InputError(
            "lever",
            f"lever {name} has no break-even in benchmark mode: {LEVERS[name]} is derived from the "
            "Gallup gap there, so enter --lever gap_closed (or set benchmark_mode to 0 for typed targets).",
        )
    else:
        base = dict(a)
        if name in ("turnover", "absence"):
            before = float(base[f"{name}_before"])
            x_max, planned = before, before - float(base[f"{name}_after"])
        else:
            x_max, planned = float(BY_KEY["productivity_gain"].allowed[1]), float(base["productivity_gain"])
    key = LEVERS[name]
    if x_max <= 0:
        raise NoBreakEven(
            name, "cannot_fall", f"{name} before the programme is 0%: it cannot fall, so no {name} improvement can pay back."
        )

    def npv_at(xs):
        batch = dict(base)
        batch[key] = _lever_setting(base, name, np.asarray(xs, dtype=float))[1]
        return np.asarray(compute(batch).npv, dtype=float)

    n0, n1 = npv_at([0.0, x_max])
    slope = (n1 - n0) / x_max
    if not slope > 0:
        raise NoBreakEven(
            name,
            "worth_nothing",
            f"an improvement on {name} is worth nothing in this case (attribution, confidence, headcount or the cost it saves is 0), so no {name} improvement can pay back.",
        )
    x = -n0 / slope
    x_min = {
        "turnover": x_max - 1.0,
        "absence": x_max - 1.0,
        "productivity": float(BY_KEY["productivity_gain"].allowed[0]),
        "gap_closed": 0.0,
    }[name]
    if x < x_min:
        raise NoBreakEven(
            name,
            "always_pays",
            f"the case pays back whatever happens to {name} (NPV stays above 0 even at its worst), so there is no break-even on {name}.",
        )
    if x > x_max:
        what = {
            "turnover": "turnover falling to 0%",
            "absence": "absence falling to 0%",
            "productivity": f"a productivity gain of {x_max:.0%}",
            "gap_closed": "closing the whole Gallup gap",
        }[name]
        raise NoBreakEven(
            name,
            "not_enough",
            f"even {what} leaves NPV at EUR {n1:,.0f}: no {name} improvement alone can pay back; lower the cost or add other levers.",
            npv_at_best=float(n1),
            best=float(x_max),
        )
    # One secant step removes the rounding of the extrapolation (linear, so it is tiny).
    fx = float(npv_at([x])[0])
    if fx != 0.0:
        x -= fx / slope
    value = float(_lever_setting(base, name, x)[1])
    return BreakEven(lever=name, improvement=float(x), key=key, value=value, planned=planned, npv_without=float(n0))
