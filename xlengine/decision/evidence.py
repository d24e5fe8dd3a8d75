"""The organisation's own evidence: how team eNPS and turnover / absence go together.

Across teams, a binomial GLM with a logit link, weighted by exposure:

.. math::

    \\operatorname{logit} r_t = \\beta_0 + \\beta_1 \\frac{eNPS_t}{10}, \\qquad
    r_t = \\frac{y_t}{w_t}

with r_t the team's rate (voluntary turnover per year, or the share of working days lost),
w_t its exposure (average headcount in FTE) and y_t = r_t w_t. beta_1 is the change in the
log-odds of the rate per 10 eNPS points; exp(beta_1) the odds ratio. Teams differ in more
than eNPS, so the variance is quasi-binomial: the binomial variance times the Pearson
dispersion phi = sum(w (r - mu)^2 / (mu (1 - mu))) / (k - 2), never below 1 (McCullagh &
Nelder, *Generalized Linear Models*, 2nd ed., 1989, sections 4.5 and 9.2). The interval is
beta_1 +- z SE (Wald), as statsmodels' ``GLM(...).fit(scale="X2").conf_int()``.

What it implies: with the planned change Delta = enps_after - enps_before, the rate after is
expit(logit(rate_before) + beta_1 Delta / 10), its interval from the ends of beta_1's.

This is an **association across teams, not proof of cause**: teams with a higher eNPS may
lose fewer people for other reasons (pay, manager, work), and low turnover may raise eNPS
as much as the reverse. With fewer than :data:`MIN_TEAMS` teams, or an interval of the
slope that spans zero, no figure is given: the sentence says why.

The fit is iteratively reweighted least squares in numpy (it runs in xlwings Lite);
tests/test_evidence.py checks it against statsmodels.
"""

from __future__ import annotations

import math
from typing import Any
from dataclasses import dataclass

import numpy as np

from ..engine.errors import InputError
from .survey import z_value

__all__ = ["MIN_TEAMS", "OUTCOMES", "Fit", "Evidence", "fit_binomial", "evidence", "implied_after", "sentence", "apply"]

#: Fewest teams (with an eNPS shown and people in them) for a fit: two coefficients and a
#: dispersion need at least 6 degrees of freedom to say anything.
MIN_TEAMS = 8

#: outcome -> the Teams table's "before" column
OUTCOMES = {"turnover": "turnover_before", "absence": "absence_before"}


def _expit(x):
    return 1.0 / (1.0 + np.exp(-x))


@dataclass(frozen=True)
class Fit:
    """A fitted quasi-binomial GLM: coefficients (intercept, slope per 10 points) and covariance."""

    params: np.ndarray
    cov: np.ndarray
    dispersion: float
    iterations: int


def fit_binomial(rate, x, exposure, max_iter: int = 100, tol: float = 1e-12) -> Fit:
    """Binomial GLM (logit) of ``rate`` on ``x``, weights ``exposure``; quasi-binomial covariance.

    IRLS: eta = X b, mu = expit(eta), W = w mu (1 - mu), z = eta + (r - mu) / (mu (1 - mu)),
    b <- (X'WX)^-1 X'Wz until b stops moving.

    Examples
    --------
    Two groups of 100 with rates 0.1 (x = 0) and 0.2 (x = 1): the fit is exact,
    b0 = logit 0.1 = -2.197225, b1 = logit 0.2 - logit 0.1 = ln(0.25 / 0.1111) = 0.81093.

    >>> f = fit_binomial([0.1, 0.2], [0.0, 1.0], [100, 100])
    >>> [round(float(b), 6) for b in f.params]
    [-2.197225, 0.81093]
    """
    r = np.asarray(rate, dtype=float)
    w = np.asarray(exposure, dtype=float)
    X = np.column_stack([np.ones_like(r), np.asarray(x, dtype=float)])
    mean = np.average(r, weights=w)
    mean = min(max(mean, 1e-6), 1 - 1e-6)
    b = np.array([math.log(mean / (1 - mean)), 0.0])
    for it in range(1, max_iter + 1):  # noqa: B007 - the count of iterations goes into the fit
        eta = X @ b
        mu = _expit(eta)
        v = np.maximum(mu * (1 - mu), 1e-300)
        W = w * v
        z = eta + (r - mu) / v
        XtW = X.T * W
        new = np.linalg.solve(XtW @ X, XtW @ z)
        done = np.max(np.abs(new - b)) < tol * (1 + np.max(np.abs(b)))
        b = new
        if done:
            break
    mu = _expit(X @ b)
    v = mu * (1 - mu)
    k = r.size
    pearson = float(np.sum(w * (r - mu) ** 2 / v))
    phi = max(pearson / (k - 2), 1.0) if k > 2 else 1.0
    cov = phi * np.linalg.inv((X.T * (w * v)) @ X)
    return Fit(b, cov, phi, it)


@dataclass(frozen=True)
class Evidence:
    """The fit across teams and what it implies for the organisation; ``figure`` False means "no figure"."""

    outcome: str
    teams: int
    slope: float | None  # change in log-odds per 10 eNPS points
    low: float | None
    high: float | None
    confidence: float
    rate_before: float
    enps_change: float
    after: float | None
    after_low: float | None
    after_high: float | None
    reason: str  # "" when there is a figure; else why not (one sentence)

    @property
    def figure(self) -> bool:
        return not self.reason

    @property
    def odds_ratio(self) -> float | None:
        return None if self.slope is None else math.exp(self.slope)


def implied_after(rate_before, slope, enps_change):
    """expit(logit(rate_before) + slope x change / 10): the rate after, by the fitted odds ratio.

    Odds 0.12 / 0.88 = 0.136364, x exp(-0.2 x 15 / 10) = 0.740818 -> 0.101021;
    rate = 0.101021 / 1.101021 = 0.091752.

    >>> round(implied_after(0.12, -0.2, 15), 6)
    0.091752
    """
    r = np.asarray(rate_before, dtype=float)
    out = _expit(np.log(r / (1 - r)) + np.asarray(slope, dtype=float) * np.asarray(enps_change, dtype=float) / 10.0)
    return float(out) if np.ndim(out) == 0 else out


def evidence(
    enps, rate, exposure, outcome: str, rate_before: float, enps_change: float, confidence: float = 0.95, language: str = "en"
) -> Evidence:
    """Fit across teams and apply to the organisation; no figure with too few teams or a slope
    whose interval spans zero (the reason says which).

    ``enps``, ``rate`` and ``exposure`` are per team; a team with NaN eNPS (hidden: too few
    answers), NaN rate or no exposure is not used.
    """
    if outcome not in OUTCOMES:
        raise InputError("outcome", f'outcome = {outcome!r} is not known: enter "turnover" or "absence".')
    z = z_value(confidence)
    e = np.asarray(enps, dtype=float).reshape(-1)
    r = np.asarray(rate, dtype=float).reshape(-1)
    w = np.asarray(exposure, dtype=float).reshape(-1)
    if not (e.size == r.size == w.size):
        raise InputError("teams", "the eNPS, rate and headcount columns have different lengths: give one value per team in each.")
    use = ~np.isnan(e) & ~np.isnan(r) & ~np.isnan(w) & (w > 0)
    if np.any((r[use] < 0) | (r[use] >= 1)):
        raise InputError("teams", f"a team's {outcome} rate is outside 0..100%: give rates as fractions (12% or 0.12).")
    k = int(use.sum())
    nl = language == "nl"
    base: dict[str, Any] = dict(
        outcome=outcome, teams=k, confidence=float(confidence), rate_before=float(rate_before), enps_change=float(enps_change)
    )
    if k < MIN_TEAMS:
        reason = (
            f"Te weinig teams voor eigen bewijs: {k} teams met een eNPS en een {_nl(outcome)}cijfer, minimaal {MIN_TEAMS} nodig."
            if nl
            else f"Too few teams for the organisation's own evidence: {k} teams with an eNPS and {_a_rate(outcome)}, "
            f"at least {MIN_TEAMS} needed."
        )
        return Evidence(slope=None, low=None, high=None, after=None, after_low=None, after_high=None, reason=reason, **base)
    if np.ptp(e[use]) == 0:
        reason = (
            "Alle teams hebben dezelfde eNPS: er is geen verband te schatten."
            if nl
            else "Every team has the same eNPS: no association can be estimated."
        )
        return Evidence(slope=None, low=None, high=None, after=None, after_low=None, after_high=None, reason=reason, **base)
    f = fit_binomial(r[use], e[use] / 10.0, w[use])
    slope = float(f.params[1])
    se = math.sqrt(float(f.cov[1, 1]))
    low, high = slope - z * se, slope + z * se
    pct = f"{confidence * 100:g}%"
    if low <= 0 <= high:
        reason = (
            f"Over {k} teams is het verband tussen eNPS en {_nl(outcome)} niet van nul te onderscheiden "
            f"({pct}-interval van de helling {low:.3f} tot {high:.3f} per 10 eNPS-punten): geen eigen cijfer."
            if nl
            else f"Across {k} teams the association of eNPS with {outcome} cannot be told from zero "
            f"({pct} interval of the slope {low:.3f} to {high:.3f} per 10 eNPS points): no own figure."
        )
        return Evidence(slope=slope, low=low, high=high, after=None, after_low=None, after_high=None, reason=reason, **base)
    ends = sorted((implied_after(rate_before, low, enps_change), implied_after(rate_before, high, enps_change)))
    return Evidence(
        slope=slope,
        low=low,
        high=high,
        after=implied_after(rate_before, slope, enps_change),
        after_low=ends[0],
        after_high=ends[1],
        reason="",
        **base,
    )


def _a_rate(outcome: str) -> str:
    """ "a turnover rate", "an absence rate": the article the outcome's sound takes."""
    return {"turnover": "a turnover rate", "absence": "an absence rate"}[outcome]


def _nl(outcome: str) -> str:
    return {"turnover": "verloop", "absence": "verzuim"}[outcome]


def sentence(results, language: str = "en") -> str:
    """What the organisation's own evidence says, for the story and the command line.

    One clause per outcome: the slope with its interval, the number of teams and the "after"
    value it implies, or the reason there is no figure; always ending with the caveat that
    this is an association across teams, not proof of cause.
    """
    nl = language == "nl"
    parts = []
    for r in results:
        if not r.figure:
            parts.append(r.reason)
            continue
        pct = f"{r.confidence * 100:g}%"
        word = _nl(r.outcome) if nl else r.outcome
        after = _rate(r.after, nl)
        span = f"{_rate(r.after_low, nl)} - {_rate(r.after_high, nl)}"
        if nl:
            parts.append(
                f"Eigen bewijs over {r.teams} teams: per 10 eNPS-punten verandert de log-odds van het {word} met "
                f"{_dec(r.slope, nl)} ({pct}-interval {_dec(r.low, nl)} tot {_dec(r.high, nl)}; odds ratio "
                f"{_dec(r.odds_ratio, nl)}). Bij de geplande eNPS-verandering van {_signed(r.enps_change, nl)} punten "
                f"hoort een {word} van {after} (interval {span}) tegen {_rate(r.rate_before, nl)} nu."
            )
        else:
            parts.append(
                f"Own evidence across {r.teams} teams: per 10 eNPS points the log-odds of {word} change by "
                f"{_dec(r.slope, nl)} ({pct} interval {_dec(r.low, nl)} to {_dec(r.high, nl)}; odds ratio "
                f"{_dec(r.odds_ratio, nl)}). The planned eNPS change of {_signed(r.enps_change, nl)} points goes with "
                f"{word} of {after} (interval {span}) against {_rate(r.rate_before, nl)} today."
            )
    parts.append(
        "Dit is een verband tussen teams, geen bewijs van oorzaak en gevolg."
        if nl
        else "This is an association across teams, not proof of cause."
    )
    return " ".join(parts)


def _dec(x: float, nl: bool) -> str:
    text = f"{x:.3f}"
    return text.replace(".", ",") if nl else text


def _signed(x: float, nl: bool) -> str:
    text = f"{x:+.0f}"
    return text


def _rate(x: float, nl: bool) -> str:
    text = f"{x * 100:.1f}%"
    return text.replace(".", ",") if nl else text


def apply(cols, a, language: str = "en", outcomes=("turnover", "absence"), confidence: float = 0.95):
    """The third way to set the "after" values: the assumptions ``a`` with turnover_after /
    absence_after from the fit across the teams (``cols`` from
    :func:`xlengine.decision.teams.parse_table`) where it gives a figure, and the results
    (for the story, which says where the targets come from)."""
    if "enps_before" not in cols:
        raise InputError(
            "teams",
            "the teams have no enps_before column: the fit needs each team's eNPS "
            "(xlengine roster ... --survey ANSWERS fills it).",
        )
    change = float(a["enps_after"]) - float(a["enps_before"])
    results = [
        evidence(
            cols["enps_before"], cols[OUTCOMES[o]], cols["headcount"], o, float(a[OUTCOMES[o]]), change, confidence, language
        )
        for o in outcomes
        if OUTCOMES[o] in cols
    ]
    if not results:
        raise InputError("teams", "the teams have neither turnover_before nor absence_before: nothing to fit.")
    out = dict(a)
    for r in results:
        if r.figure:
            out[f"{r.outcome}_after"] = r.after
    return out, results
