"""What each uncertain assumption may be: its range (typed, or by the default rule) and its
Beta-PERT distribution, drawn exactly.

Conventions: :mod:`xlengine.decision.uncertainty` (uncertain assumptions, the default
rule, Beta-PERT); docs/uncertainty-ranges.md.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Mapping

import numpy as np

from ..engine import gallup as _gallup
from ..engine.register import BY_KEY, REGISTER

__all__ = [
    "PERT_LAMBDA",
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
]

#: Weight of the most likely value in the Beta-PERT distribution (the classic 4).
PERT_LAMBDA = 4.0


# --- ranges ------------------------------------------------------------------------------


def _active(key: str, benchmark_on: bool) -> bool:
    if key in _gallup.DERIVED:
        return not benchmark_on
    if key == "gap_closed":
        return benchmark_on
    return True


#: The levers: assumption -> the "before" rate its improvement counts from (before -
#: after), or None where the value is the improvement itself (a gain, a share closed).
IMPROVEMENTS = {
    "turnover_after": "turnover_before",
    "absence_after": "absence_before",
    "productivity_gain": None,
    "gap_closed": None,
}


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
    low, high = entry.default_range
    return round((high - low) / 2.0 / abs(planned), 12)


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
            low, high = sorted((entry.default_range[0] * scale, entry.default_range[1] * scale))
        else:
            low, high = value + entry.default_range[0], value + entry.default_range[1]
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
    """ "typed" when both ends of ``key``'s range were typed, "derived" when neither was,
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
    return _out(
        (np.asarray(low, dtype=float) + lamb * np.asarray(mode, dtype=float) + np.asarray(high, dtype=float)) / (lamb + 2.0)
    )


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
        u -= slot  # the fraction: uniform on [0, 1), independent of the slot
        step = slot_step[slot]
        u += step
        u /= k  # x, uniform on the step
        y = rng.random(m, dtype=np.float32)
        y *= top[step]
        ok = y < bottom[step]
        unsure = np.flatnonzero(~ok)
        if unsure.size:
            xu = u[unsure]
            ok[unsure] = y[unsure] < xu ** (alpha - 1.0) * (1.0 - xu) ** (beta - 1.0)
        taken = u[ok]
        out[filled : filled + taken.size] = taken
        filled += taken.size
    return out


def pert_draws(
    rng: np.random.Generator, low: float, mode: float, high: float, size: int, lamb: float = PERT_LAMBDA
) -> np.ndarray | float:
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


def _out(x):
    x = np.asarray(x, dtype=float)
    return float(x) if x.ndim == 0 else x
