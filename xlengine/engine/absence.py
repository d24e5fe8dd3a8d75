"""The Dutch absence cost in full: pure, vectorised formulas (docs/business-case.md, "Absence in full").

Continued pay in sickness year 1 and year 2 (Dutch Civil Code art. 7:629: at least 70% of
the wage for up to 104 weeks, capped at the maximum daily wage), the cost of a long-term
sick day with re-integration and the WGA own risk, the absence lever with the duration
classes (short, medium, long, as CBS and TNO use them) priced apart, and what absence
costs a year. The conventions of :mod:`.model`: scalars in give a float out, arrays give
arrays; rates are fractions, money in euros.
"""

from __future__ import annotations

import numpy as np

from .model import _f, _out, sick_days_avoided
from .register import BY_KEY as _REGISTER

__all__ = ["sick_pay_per_day", "cost_per_long_sick_day", "absence_savings_by_class", "absence_cost_per_year"]


def sick_pay_per_day(
    annual_employer_cost, pay_share, max_daily_wage=np.inf, working_days=_REGISTER["working_days"].default, wage_days=261.0
):
    """Continued pay of one sick working day, capped at the maximum daily wage.

    .. math:: p_d = s \\cdot \\min\\left(\\frac{W}{d}, \\frac{m \\cdot 261}{d}\\right)

    Parameters
    ----------
    annual_employer_cost : array_like
        W, employer cost per FTE per year, EUR/FTE/yr.
    pay_share : array_like
        s, share continued: year 1 at least 70% of the wage (many collective agreements
        100%), year 2 at least 70% (Dutch Civil Code art. 7:629, 104 weeks in all).
    max_daily_wage : array_like, optional
        m, the maximum daily wage (UWV "maximumdagloon", EUR per wage day; 261 wage days a
        year). The law caps the 70% at 70% of it; inf: no cap.
    working_days : array_like, optional
        d, working days per FTE per year.
    wage_days : float, optional
        Wage days per year of the maximum daily wage (261: UWV's convention).

    Returns
    -------
    float or ndarray
        EUR per sick working day.

    Notes
    -----
    The cap applies to the wage; applied here to the daily employer cost (which includes
    on-costs), it binds a little later than the law's: a simplification that never
    counts more than the law requires.

    Examples
    --------
    W = 60,000, d = 220: 272.73 a day, under the cap 290.67 x 261 / 220 = 344.84; at 70%:
    190.91. W = 120,000: 545.45 a day, capped at 344.84; at 70%: 241.39.

    >>> round(sick_pay_per_day(60_000, 0.7, 290.67, 220), 2), round(sick_pay_per_day(120_000, 0.7, 290.67, 220), 2)
    (190.91, 241.39)
    """
    d = _f(working_days)
    daily = np.minimum(_f(annual_employer_cost) / d, _f(max_daily_wage) * wage_days / d)
    return _out(_f(pay_share) * daily)


def cost_per_long_sick_day(
    annual_employer_cost,
    continued_pay,
    continued_pay_year2,
    year2_share,
    max_daily_wage,
    cover_share,
    long_case_days,
    reintegration_cost,
    wga_cost_per_case=0.0,
    working_days=_REGISTER["working_days"].default,
):
    """Employer cost of one day of long-term absence (over 42 days), everything counted.

    .. math::

        c_L = (1 - y_2) \\cdot p_1 + y_2 \\cdot p_2 + \\frac{W}{d} k + \\frac{R + G}{L}

    with p_1 = continued_pay x W / d the year-1 pay per day (as :func:`cost_per_sick_day`:
    collective agreements that top up year 1 pay over the full wage) and p_2 the year-2
    pay, the statutory 70% capped at the maximum daily wage (:func:`sick_pay_per_day`).

    Parameters
    ----------
    annual_employer_cost : array_like
        W, EUR/FTE/yr.
    continued_pay, continued_pay_year2 : array_like
        Pay shares in year 1 and year 2 of sickness (BW 7:629: at least 70%, 104 weeks).
    year2_share : array_like
        y_2, share of the long-term sick days that fall in the second year of sickness.
    max_daily_wage : array_like
        EUR per wage day (see :func:`sick_pay_per_day`).
    cover_share : array_like
        k, cost of cover as a share of the daily employer cost.
    long_case_days : array_like
        L, working days lost per long-term case.
    reintegration_cost : array_like
        R, re-integration cost per long-term case (occupational health, case manager,
        trajectory), EUR.
    wga_cost_per_case : array_like, optional
        G, the WGA own-risk cost an eigenrisicodrager expects per long-term case, EUR
        (0 when the employer is publicly insured with UWV).

    Returns
    -------
    float or ndarray
        EUR per long-term sick day.

    Examples
    --------
    W = 60,000, d = 220 (272.727 a day), year 1 at 100%, year 2 at 70%, a quarter of the
    long-term days in year 2, no cover, 120 days per case, re-integration 3,500, WGA 0:
    0.75 x 272.727 + 0.25 x 190.909 + 3,500 / 120 = 204.545 + 47.727 + 29.167 = 281.44

    >>> round(cost_per_long_sick_day(60_000, 1.0, 0.7, 0.25, 290.67, 0.0, 120, 3_500, 0.0, 220), 2)
    281.44
    """
    p1 = _f(continued_pay) * _f(annual_employer_cost) / _f(working_days)
    p2 = sick_pay_per_day(annual_employer_cost, continued_pay_year2, max_daily_wage, working_days)
    y2 = _f(year2_share)
    cover = _f(annual_employer_cost) / _f(working_days) * _f(cover_share)
    per_case = (_f(reintegration_cost) + _f(wga_cost_per_case)) / _f(long_case_days)
    return _out((1.0 - y2) * p1 + y2 * p2 + cover + per_case)


def absence_savings_by_class(
    headcount,
    absence_before,
    absence_after,
    share_short,
    share_medium,
    cost_per_short_day,
    cost_per_long_day,
    engagement_on_long=0.0,
    working_days=_REGISTER["working_days"].default,
):
    """Yearly saving from lower absence, with the duration classes priced apart.

    Short (1-7 calendar days) and medium (8-42) absence cost the continued pay of sickness
    year 1 (plus cover) per day; long absence (over 42 days, CBS and TNO's classes) also
    costs year-2 pay, re-integration and, for an eigenrisicodrager, the WGA own risk
    (:func:`cost_per_long_sick_day`). Engagement acts on short and medium absence
    (``engagement_on_long`` = 0: every avoided day is a short or medium one, at most as
    many as short and medium absence holds); with 1 the avoided days fall in the classes
    in proportion to their shares.

    .. math::

        D = H d (a_{before} - a_{after}), \\quad
        S = \\begin{cases} \\min(D, H d a_{before} (s + m)) \\, c_S & e = 0 \\\\
                            D [(s + m) c_S + (1 - s - m) c_L] & e = 1 \\end{cases}

    Parameters
    ----------
    headcount, absence_before, absence_after : array_like
        H (FTE) and the absence rates (CBS definition), fractions.
    share_short, share_medium : array_like
        s, m: shares of the sick days in short and medium absence; long = 1 - s - m.
    cost_per_short_day, cost_per_long_day : array_like
        c_S (see :func:`cost_per_sick_day`) and c_L (see :func:`cost_per_long_sick_day`), EUR.
    engagement_on_long : array_like, optional
        e, 1 when engagement also shortens long-term absence, 0 (default) when not.
    working_days : array_like, optional
        d.

    Returns
    -------
    float or ndarray
        EUR per year.

    Examples
    --------
    200 FTE, 5.6% -> 4.1%: 200 x 220 x 0.015 = 660 days. Short and medium only, at
    272.727: 180,000 (the lever's figure). With long absence too (shares 15% / 20% /
    65%): 660 x (0.35 x 272.727 + 0.65 x 281.439) = 63,000 + 120,737.5 = 183,737.5.

    >>> round(absence_savings_by_class(200, 0.056, 0.041, 0.15, 0.20, 60_000 / 220, 281.439393939, 0, 220), 2)
    180000.0
    >>> round(absence_savings_by_class(200, 0.056, 0.041, 0.15, 0.20, 60_000 / 220, 281.439393939, 1, 220), 2)
    183737.5
    """
    days = _f(sick_days_avoided(headcount, absence_before, absence_after, working_days))
    short = _f(share_short) + _f(share_medium)
    on_long = _f(engagement_on_long) > 0
    # short and medium only: no more days can be avoided than short and medium absence holds
    engaged = np.minimum(days, _f(headcount) * _f(working_days) * _f(absence_before) * short)
    only_short = engaged * _f(cost_per_short_day)
    every_class = days * (short * _f(cost_per_short_day) + (1.0 - short) * _f(cost_per_long_day))
    return _out(np.where(on_long, every_class, only_short))


def absence_cost_per_year(
    headcount,
    absence_rate,
    share_short,
    share_medium,
    cost_per_short_day,
    cost_per_long_day,
    occupational_health_cost,
    working_days=_REGISTER["working_days"].default,
):
    """What absence costs the employer in a year, every part counted (the problem's size).

    .. math:: K = H d a [(s + m) c_S + (1 - s - m) c_L] + H \\cdot A

    ``occupational_health_cost`` A (the arbo service's fee, EUR per employee per year) is
    part of the cost of absence but not of its savings: the contract is paid per
    employee, whatever the absence.

    Examples
    --------
    200 FTE at 5.6%: 2,464 sick days; 35% short/medium at 272.727 = 235,200; 65% long at
    281.439 = 450,753.3; arbo 200 x 140 = 28,000: 713,953.3

    >>> round(absence_cost_per_year(200, 0.056, 0.15, 0.20, 60_000 / 220, 281.439393939, 140, 220), 1)
    713953.3
    """
    days = _f(headcount) * _f(working_days) * _f(absence_rate)
    short = _f(share_short) + _f(share_medium)
    return _out(
        days * (short * _f(cost_per_short_day) + (1.0 - short) * _f(cost_per_long_day))
        + _f(headcount) * _f(occupational_health_cost)
    )
