"""Difference-in-differences across teams: the programme's effect on one outcome as the
participating teams' change minus the comparison teams' change, with a team-clustered (CR1)
standard error and a t interval with G - 1 degrees of freedom (the equations: :mod:`.realised`).
The t quantile is computed here (regularised incomplete beta), so Lite needs no scipy."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..engine.errors import InputError
from .survey import z_value


#: Fewest teams in each arm (participating, comparison): a team-clustered interval needs
#: the spread of the teams' changes within both arms.
MIN_TEAMS_PER_ARM = 2


def _betacf(a: float, b: float, x: float) -> float:
    """Continued fraction of the regularized incomplete beta (modified Lentz; Numerical
    Recipes, 3rd ed., section 6.4)."""
    tiny, qab, qap, qam = 1e-300, a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 400):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-15:
            break
    return h


def _betainc(a: float, b: float, x: float) -> float:
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    front = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x))
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _betacf(a, b, x) / a
    return 1.0 - front * _betacf(b, a, 1.0 - x) / b


def _t_cdf(t: float, df: float) -> float:
    tail = 0.5 * _betainc(df / 2.0, 0.5, df / (df + t * t))
    return 1.0 - tail if t > 0 else tail


def t_quantile(p: float, df: float) -> float:
    """The Student t quantile: P(T <= q) = p for T with ``df`` degrees of freedom.

    The t distribution function through the regularized incomplete beta function,
    F(t) = 1 - I_{df/(df+t^2)}(df/2, 1/2) / 2 for t > 0, inverted by bisection then Newton
    (scipy is not available in xlwings Lite).

    >>> round(t_quantile(0.975, 3), 6), round(t_quantile(0.975, 30), 6), round(t_quantile(0.95, 1), 6)
    (3.182446, 2.042272, 6.313752)
    """
    if not 0.0 < p < 1.0 or df <= 0:
        raise InputError(
            "confidence", f"a t quantile needs 0 < p < 1 and df > 0 (p = {p}, df = {df}): enter a confidence such as 0.95."
        )
    if p < 0.5:
        return -t_quantile(1.0 - p, df)
    if p == 0.5:
        return 0.0
    lo, hi = 0.0, 1.0
    while _t_cdf(hi, df) < p:
        lo, hi = hi, hi * 2.0
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        if _t_cdf(mid, df) < p:
            lo = mid
        else:
            hi = mid
        if hi - lo < 1e-10 * max(1.0, hi):
            break
    q = 0.5 * (lo + hi)
    for _ in range(3):  # Newton polish with the t density
        dens = math.exp(
            math.lgamma((df + 1) / 2) - math.lgamma(df / 2) - 0.5 * math.log(df * math.pi) - (df + 1) / 2 * math.log1p(q * q / df)
        )
        q -= (_t_cdf(q, df) - p) / dens
    return q


@dataclass(frozen=True)
class Effect:
    """One outcome's difference-in-differences with its team-clustered interval."""

    outcome: str
    effect: float  # delta: participating change minus comparison change
    se: float
    low: float
    high: float
    confidence: float
    teams_participating: int
    teams_comparison: int
    participating_before: float  # weighted means of the arm
    participating_after: float
    comparison_before: float
    comparison_after: float
    weighted: bool = True

    @property
    def distinguishable(self) -> bool:
        """True when the interval excludes 0: the effect is more than the teams' noise."""
        return self.low > 0 or self.high < 0

    def as_dict(self) -> dict[str, Any]:
        out = {
            k: getattr(self, k)
            for k in (
                "outcome",
                "effect",
                "se",
                "low",
                "high",
                "confidence",
                "teams_participating",
                "teams_comparison",
                "participating_before",
                "participating_after",
                "comparison_before",
                "comparison_after",
                "weighted",
            )
        }
        out["distinguishable"] = self.distinguishable
        return out


def did(
    before: Any, after: Any, participating: Any, weights: Any = None, confidence: float = 0.95, outcome: str = "outcome"
) -> Effect:
    """Difference-in-differences of one outcome across teams, with a team-clustered interval.

    Parameters
    ----------
    before, after : array_like
        The outcome per team in the period before and the period after (a rate as a
        fraction, or eNPS points); a team with NaN in either period is left out.
    participating : array_like of bool
        True for a team that took part in the programme, False for a comparison team.
    weights : array_like, optional
        Per team, e.g. the average headcount (FTE); None gives every team weight 1.
    confidence : float
        Of the interval (t with G - 1 degrees of freedom, G the number of teams).

    Returns
    -------
    Effect
        delta (units of the outcome; for turnover -0.03 is 3 points down), SE, interval,
        the arms' weighted means.

    Examples
    --------
    Four teams, unweighted. Participating A 15% -> 10% (-5 points), B 12% -> 9% (-3);
    comparison C 14% -> 13% (-1), D 10% -> 11% (+1). delta = -4 - 0 = -4 points.
    a = +-1/2; deviations from the arm's mean change -1, +1, -1, +1 points:
    sum a^2 dev^2 = 4 x 0.25 x 0.0001 = 0.0001; c = 4/3 x 7/4 = 7/3; SE = sqrt(0.000233) =
    0.015275; t(3) = 3.182446: interval -0.04 +- 0.048613.

    >>> e = did([0.15, 0.12, 0.14, 0.10], [0.10, 0.09, 0.13, 0.11], [1, 1, 0, 0])
    >>> round(e.effect, 10), round(e.se, 6), round(e.low, 6), round(e.high, 6)
    (-0.04, 0.015275, -0.088613, 0.008613)
    """
    b = np.asarray(before, dtype=float).reshape(-1)
    a = np.asarray(after, dtype=float).reshape(-1)
    d = np.asarray(participating, dtype=bool).reshape(-1)
    w = np.ones(b.size) if weights is None else np.asarray(weights, dtype=float).reshape(-1)
    if not (a.size == b.size == d.size == w.size):
        raise InputError(
            outcome,
            f"{outcome}: before, after, participating and weights have different lengths "
            f"({b.size}, {a.size}, {d.size}, {w.size}): give one value per team.",
        )
    keep = np.isfinite(a) & np.isfinite(b) & np.isfinite(w) & (w > 0)
    b, a, d, w = b[keep], a[keep], d[keep], w[keep]
    n_t, n_c = int(d.sum()), int((~d).sum())
    if n_c == 0:
        raise InputError(
            "participation",
            f"{outcome}: no comparison team has figures in both periods: the effect needs "
            "teams that did not take part (or started later); mark them as not participating.",
        )
    if n_t == 0:
        raise InputError(
            "participation", f"{outcome}: no participating team has figures in both periods: mark the teams that took part."
        )
    if min(n_t, n_c) < MIN_TEAMS_PER_ARM:
        raise InputError(
            "participation",
            f"{outcome}: {n_t} participating and {n_c} comparison team(s) have figures in both "
            f"periods; a team-clustered interval needs at least {MIN_TEAMS_PER_ARM} in each: "
            "add teams or leave this outcome out.",
        )
    g = b.size
    z_value(confidence)  # the confidence check, in the words of every interval
    change = a - b
    wt, wc = w * d, w * ~d
    coef = wt / wt.sum() - wc / wc.sum()
    effect = float(coef @ change)
    mean_t, mean_c = float(wt @ change / wt.sum()), float(wc @ change / wc.sum())
    dev = change - np.where(d, mean_t, mean_c)
    n_rows, k = 2 * g, 4
    c = g / (g - 1) * (n_rows - 1) / (n_rows - k)
    se = math.sqrt(c * float(np.sum(coef * coef * dev * dev)))
    half = t_quantile((1.0 + float(confidence)) / 2.0, g - 1) * se
    return Effect(
        outcome,
        effect,
        se,
        effect - half,
        effect + half,
        float(confidence),
        n_t,
        n_c,
        float(wt @ b / wt.sum()),
        float(wt @ a / wt.sum()),
        float(wc @ b / wc.sum()),
        float(wc @ a / wc.sum()),
        weights is not None,
    )
