"""From an employee-level HR extract to the per-team figures the case needs.

HR systems export one row per employee. The Teams sheet needs one row per team:
headcount, average employer cost, turnover rate, absence rate and eNPS. This module does
that aggregation with numpy only (grouping by ``np.unique`` and ``np.bincount``), so a
100,000-row extract aggregates in milliseconds and no pandas is needed to call it.
"""

from __future__ import annotations

import numpy as np

from ..engine import register as _register

__all__ = ["aggregate", "MIN_ENPS_ANSWERS"]

# Below this many answers a team's eNPS is withheld: a smaller group can be identified.
MIN_ENPS_ANSWERS = _register.PRIVACY_MINIMUM


def aggregate(team, employer_cost, left, sick_days, enps_score=None, fte=None, working_days=220.0):
    """Aggregate an employee roster to teams.

    .. math::

        H_t = \\sum_{i \\in t} f_i, \\quad
        W_t = \\frac{\\sum f_i w_i}{H_t}, \\quad
        t_t = \\frac{\\sum_{i \\in t} \\ell_i}{H_t}, \\quad
        a_t = \\frac{\\sum_{i \\in t} s_i}{H_t \\cdot d}

    Parameters
    ----------
    team : array_like
        Team name or code per employee (any sortable type).
    employer_cost : array_like
        w, yearly employer cost per FTE of each employee, EUR/FTE/yr.
    left : array_like
        l, 1 if the employee left in the year (counted against the team's average
        headcount), else 0.
    sick_days : array_like
        s, sick days of the employee in the year.
    enps_score : array_like, optional
        The employee's 0-10 answer; NaN where the employee did not answer.
    fte : array_like, optional
        f, FTE per employee (default 1).
    working_days : float
        d, working days per FTE per year.

    Returns
    -------
    dict
        ``team`` (sorted unique teams), ``headcount`` (FTE), ``employer_cost`` (FTE-weighted
        mean), ``turnover`` (fraction), ``absence`` (fraction, CBS definition), ``enps``
        (NaN where fewer than :data:`MIN_ENPS_ANSWERS` answers) and ``answers``.

    Examples
    --------
    Team A: two people at 50,000 and 70,000, one left, 11 sick days between them:
    headcount 2, cost 60,000, turnover 1/2, absence 11 / (2 x 220) = 2.5%.

    >>> out = aggregate(["A", "A", "B"], [50_000, 70_000, 40_000], [1, 0, 0], [11, 0, 22])
    >>> out["headcount"].tolist(), out["employer_cost"].tolist(), out["turnover"].tolist()
    ([2.0, 1.0], [60000.0, 40000.0], [0.5, 0.0])
    >>> out["absence"].tolist()
    [0.025, 0.1]
    """
    teams, idx = np.unique(np.asarray(team), return_inverse=True)
    n = teams.size
    f = np.ones(idx.size) if fte is None else np.asarray(fte, dtype=float)
    headcount = np.bincount(idx, weights=f, minlength=n)
    cost = np.bincount(idx, weights=f * np.asarray(employer_cost, dtype=float), minlength=n) / headcount
    turnover = np.bincount(idx, weights=np.asarray(left, dtype=float), minlength=n) / headcount
    absence = np.bincount(idx, weights=np.asarray(sick_days, dtype=float), minlength=n) / (headcount * working_days)
    out = {"team": teams, "headcount": headcount, "employer_cost": cost, "turnover": turnover, "absence": absence}
    if enps_score is not None:
        s = np.asarray(enps_score, dtype=float)
        answered = ~np.isnan(s)
        answers = np.bincount(idx[answered], minlength=n)
        promoters = np.bincount(idx[answered & (s >= 9)], minlength=n)
        detractors = np.bincount(idx[answered & (s <= 6)], minlength=n)
        with np.errstate(divide="ignore", invalid="ignore"):
            score = 100.0 * (promoters - detractors) / answers
        out["enps"] = np.where(answers >= MIN_ENPS_ANSWERS, score, np.nan)
        out["answers"] = answers
    return out

