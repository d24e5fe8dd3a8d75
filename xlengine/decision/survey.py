"""eNPS with its margin of error, and the change between two survey waves (numpy only).

eNPS = 100 x (p_P - p_D), with p_P the share of promoters (answers 9-10) and p_D the
share of detractors (answers 0-6) among the n answers of one wave. Both shares come from
one multinomial sample (promoter / passive / detractor), so the variance of their
difference is

.. math::

    \\operatorname{Var}\\left(\\frac{eNPS}{100}\\right)
      = \\frac{p_P(1-p_P) + p_D(1-p_D) + 2 p_P p_D}{n}
      = \\frac{p_P + p_D - (p_P - p_D)^2}{n}

(Var(X - Y) = Var X + Var Y - 2 Cov(X, Y) with the multinomial covariance
Cov(p_P, p_D) = -p_P p_D / n; Agresti, *Categorical Data Analysis*, 3rd ed., 2013,
section 1.2.2 and the delta method of section 16.1). The interval is the normal (Wald)
interval eNPS +- z x 100 x sqrt(Var), clipped to [-100, 100]; z is the standard normal
quantile of (1 + confidence) / 2. Two waves are independent samples, so the variance of
the change is the sum of the two variances.

The Wald interval is honest from about 30 answers on when neither share is close to 0 or
1; for very small groups (or eNPS near +-100) it is too narrow, which is one more reason
why fewer than :data:`~xlengine.engine.register.PRIVACY_MINIMUM` answers show nothing at all (privacy first).

No pandas, no scipy: this module runs in xlwings Lite (Pyodide) behind the ENG_ functions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist
from typing import Any

import numpy as np

from ..engine.errors import InputError
from ..engine import model as _model
from ..engine import register as _register

__all__ = [
    "planned_change_margin",
    "too_few_answers",
    "WIDE_INTERVAL_POINTS",
    "EnpsInterval",
    "EnpsChange",
    "z_value",
    "counts",
    "interval_from_counts",
    "enps_interval",
    "enps_change",
    "by_team",
]

#: An interval wider than this many eNPS points (high - low) is flagged as too wide to act on.
WIDE_INTERVAL_POINTS = 30.0


def z_value(confidence: float = 0.95, name: str = "confidence") -> float:
    """Two-sided standard normal quantile: 1.959964 for 95%.

    >>> round(z_value(0.95), 6), round(z_value(0.90), 6)
    (1.959964, 1.644854)
    """
    try:
        c = float(confidence)
    except (TypeError, ValueError):
        raise InputError(name, f"{name} = {confidence!r} is not a number: enter a confidence level such as 0.95 (95%).") from None
    if not 0.5 <= c <= 0.9999 or math.isnan(c):  # the quantile of 1 - 1e-16 is infinite
        raise InputError(name, f"{name} = {confidence!r} is outside 50%..99.99%: enter a confidence level such as 0.95 (95%).")
    return NormalDist().inv_cdf((1.0 + c) / 2.0)


def counts(scores: Any, name: str = "scores") -> tuple[int, int, int]:
    """(promoters, detractors, answers) of 0-10 answers; NaN and blanks are not answers.

    >>> counts([10, 9, 8, 7, 6, 0, float("nan")])
    (2, 2, 6)
    """
    s = np.asarray(scores, dtype=float).reshape(-1)
    s = s[~np.isnan(s)]
    bad = (s < 0) | (s > 10) | (s != np.floor(s))
    if bad.any():
        raise InputError(
            name, f"{name} holds {s[bad][0]:g}, not a 0-10 answer: keep whole numbers from 0 to 10 (blank cells are skipped)."
        )
    return int(_model.is_promoter(s).sum()), int(_model.is_detractor(s).sum()), int(s.size)


def interval_from_counts(promoters, detractors, answers, confidence: float = 0.95):
    """eNPS, low, high and standard error (points) from counts; vectorised over teams.

    Var(eNPS/100) = (p_P + p_D - (p_P - p_D)^2) / n (see the module notes).

    Examples
    --------
    n = 40 with 16 promoters and 10 detractors: eNPS = 100 x (0.40 - 0.25) = 15;
    Var = (0.40 + 0.25 - 0.15^2) / 40 = 0.6275 / 40 = 0.0156875, SE = 12.525 points;
    95%: 15 +- 1.959964 x 12.525 = 15 +- 24.549 (the "about +-25" of the domain notes).

    >>> e, lo, hi, se = interval_from_counts(16, 10, 40)
    >>> float(e), round(float(se), 3), round(float(lo), 3), round(float(hi), 3)
    (15.0, 12.525, -9.549, 39.549)
    """
    z = z_value(confidence)
    n = np.asarray(answers, dtype=float)
    p = np.asarray(promoters, dtype=float)
    d = np.asarray(detractors, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        points = 100.0 * (p - d) / n  # exact for whole counts (no 0.15 x 100 rounding)
        e = (p - d) / n
        se = 100.0 * np.sqrt(np.maximum((p + d) / n - e * e, 0.0) / n)
    return points, np.maximum(points - z * se, -100.0), np.minimum(points + z * se, 100.0), se


@dataclass(frozen=True)
class EnpsInterval:
    """One wave's eNPS (points, -100..100) with its interval at ``confidence``."""

    enps: float
    low: float
    high: float
    answers: int
    se: float
    confidence: float

    @property
    def wide(self) -> bool:
        """True when the interval is wider than :data:`WIDE_INTERVAL_POINTS`."""
        return self.high - self.low > WIDE_INTERVAL_POINTS


def too_few_answers() -> str:
    """What a team's eNPS cell says under the privacy minimum (a statement, not an error).

    >>> too_few_answers()
    'fewer than 5 answers'
    """
    return f"fewer than {_register.PRIVACY_MINIMUM} answers"


def enps_interval(scores: Any, confidence: float = 0.95, name: str = "scores") -> EnpsInterval:
    """eNPS with its interval; fewer than :data:`~xlengine.engine.register.PRIVACY_MINIMUM` answers are refused (privacy).

    >>> r = enps_interval([10] * 16 + [8] * 14 + [3] * 10)
    >>> r.enps, round(r.low, 1), round(r.high, 1), r.answers, r.wide
    (15.0, -9.5, 39.5, 40, True)
    """
    p, d, n = counts(scores, name)
    if n < _register.PRIVACY_MINIMUM:
        raise InputError(
            name,
            f"{name} holds {n} answer{'s' if n != 1 else ''}: an eNPS needs at least {_register.PRIVACY_MINIMUM} "
            "(a smaller group can be identified); add answers or merge groups.",
            privacy=True,
        )
    e, lo, hi, se = interval_from_counts(p, d, n, confidence)
    return EnpsInterval(float(e), float(lo), float(hi), n, float(se), float(confidence))


@dataclass(frozen=True)
class EnpsChange:
    """After minus before (eNPS points) with its interval; the waves are independent."""

    change: float
    low: float
    high: float
    se: float
    before: EnpsInterval
    after: EnpsInterval

    @property
    def distinguishable(self) -> bool:
        """True when the interval excludes 0: the change is more than survey noise."""
        return self.low > 0 or self.high < 0


def enps_change(before: Any, after: Any, confidence: float = 0.95) -> EnpsChange:
    """The change in eNPS between two independent waves: variances add.

    Var(change) = Var(before) + Var(after); interval change +- z x SE, clipped to
    [-200, 200].

    Examples
    --------
    Before: 20 answers, 12 promoters and 3 detractors (eNPS 45); after: 20 answers, 14 and
    2 (eNPS 60). Var before = (0.60 + 0.15 - 0.45^2) / 20 = 0.027375, after =
    (0.70 + 0.10 - 0.60^2) / 20 = 0.022; SE = 100 x sqrt(0.049375) = 22.22 points;
    95%: 15 +- 43.55: the change cannot be told from noise.

    >>> c = enps_change([10] * 12 + [8] * 5 + [3] * 3, [10] * 14 + [8] * 4 + [3] * 2)
    >>> round(c.change, 6), round(c.se, 2), round(c.low, 2), round(c.high, 2), c.distinguishable
    (15.0, 22.22, -28.55, 58.55, False)
    """
    b = enps_interval(before, confidence, "before")
    a = enps_interval(after, confidence, "after")
    z = z_value(confidence)
    se = math.hypot(b.se, a.se)
    change = a.enps - b.enps
    return EnpsChange(change, max(change - z * se, -200.0), min(change + z * se, 200.0), se, b, a)


def by_team(team: Any, scores: Any, confidence: float = 0.95) -> dict[str, np.ndarray]:
    """Per team (sorted): answers, eNPS, low, high and the wide flag; NaN under the minimum.

    >>> out = by_team(["A"] * 5 + ["B"] * 2, [10, 10, 9, 7, 3, 10, 10])
    >>> out["team"].tolist(), out["answers"].tolist(), out["enps"].tolist()[0], bool(np.isnan(out["enps"][1]))
    (['A', 'B'], [5, 2], 40.0, True)
    """
    s = np.asarray(scores, dtype=float).reshape(-1)
    counts(s)  # the 0-10 check
    teams, idx = np.unique(np.asarray(team).reshape(-1), return_inverse=True)
    ok = ~np.isnan(s)
    k = teams.size
    n = np.bincount(idx[ok], minlength=k)
    p = np.bincount(idx[ok & _model.is_promoter(s)], minlength=k)
    d = np.bincount(idx[ok & _model.is_detractor(s)], minlength=k)
    e, lo, hi, se = interval_from_counts(p, d, n, confidence)
    hidden = n < _register.PRIVACY_MINIMUM
    out = {name: np.where(hidden, np.nan, v) for name, v in (("enps", e), ("low", lo), ("high", hi), ("se", se))}
    out["wide"] = ~hidden & (hi - lo > WIDE_INTERVAL_POINTS)
    out["team"], out["answers"] = teams, n
    return out


def planned_change_margin(enps_before: float, enps_after: float, answers: float, confidence: float = 0.95) -> float:
    """The largest margin of error (eNPS points) of a measured change from ``enps_before`` to
    ``enps_after`` with ``answers`` answers in each wave.

    Per wave Var(eNPS/100) = (p_P + p_D - e^2) / n <= (1 - e^2) / n (equality when nobody
    is passive, p_P + p_D = 1); the waves add: margin <= z x 100 x sqrt((1 - e1^2 + 1 - e2^2) / n).

    Examples
    --------
    45 -> 60 with 200 answers a wave: (1 - 0.2025 + 1 - 0.36) / 200 = 0.0071875;
    sqrt = 0.084779; x 1.959964 x 100 = 16.62 points.

    >>> round(planned_change_margin(45, 60, 200), 2)
    16.62
    """
    e1, e2 = float(enps_before) / 100.0, float(enps_after) / 100.0
    n = float(answers)
    if n < _register.PRIVACY_MINIMUM:
        raise InputError(
            "answers",
            f"answers = {n:g} is under {_register.PRIVACY_MINIMUM}: an eNPS needs at least {_register.PRIVACY_MINIMUM} answers.",
        )
    return z_value(confidence) * 100.0 * math.sqrt((max(1 - e1 * e1, 0.0) + max(1 - e2 * e2, 0.0)) / n)
