"""The engagement model: pure, vectorised formulas.

Every function follows numpy broadcasting: scalars in give a float out, arrays in give
arrays out. So one function serves a single Excel cell, a team table and a million Monte
Carlo draws. No I/O, no validation (that is the register's and the adapters' job), no
pandas. Rates are fractions (12% is 0.12); money is in euros.

The layout follows numpy-financial's ``_financial.py``: each docstring gives the
equation, the unit of every parameter, the source of any default and a runnable example.
"""

from __future__ import annotations

import numpy as np

from .register import BY_KEY as _REGISTER

__all__ = [
    "PROMOTER_MIN",
    "DETRACTOR_MAX",
    "is_promoter",
    "is_detractor",
    "enps",
    "leavers_avoided",
    "cost_per_leaver",
    "turnover_savings",
    "cost_per_sick_day",
    "sick_days_avoided",
    "absence_savings",
    "productivity_gain_value",
    "roi",
    "bcr",
    "payback_months",
    "npv",
]


def _f(x):
    """A Python number stays a float (plain arithmetic: a cell's call costs ~1 us instead of
    ~20 us through numpy scalars); anything else becomes a float ndarray that broadcasts."""
    t = type(x)
    if t is float:
        return x
    if t is int:
        return float(x)
    return np.asarray(x, dtype=float)


def _out(x):
    """Return a Python float for 0-d results, the array otherwise (numpy-financial style)."""
    if type(x) is float:
        return x
    x = np.asarray(x, dtype=float)
    return float(x) if x.ndim == 0 else x


#: Reichheld's NPS scale: promoters answer 9-10, passives 7-8, detractors 0-6 (the one
#: home of these bounds: the survey statistics and the ENG_ functions count by them).
PROMOTER_MIN = 9
DETRACTOR_MAX = 6


def is_promoter(scores):
    """True where a 0-10 answer is a promoter's (9 or 10).

    >>> is_promoter(np.array([10, 9, 8, 6])).tolist()
    [True, True, False, False]
    """
    return np.asarray(scores) >= PROMOTER_MIN


def is_detractor(scores):
    """True where a 0-10 answer is a detractor's (0 to 6).

    >>> is_detractor(np.array([10, 7, 6, 0])).tolist()
    [False, False, True, True]
    """
    return np.asarray(scores) <= DETRACTOR_MAX


def enps(scores):
    """Employee Net Promoter Score from 0-10 answers.

    .. math:: eNPS = 100 \\cdot \\frac{n_{9..10} - n_{0..6}}{n}

    Parameters
    ----------
    scores : array_like
        Answers on the 0-10 scale to "How likely are you to recommend this organisation
        as a place to work?". NaN entries (blank cells) are ignored.

    Returns
    -------
    float
        eNPS in points, from -100 to +100 (NaN when no answers).

    Notes
    -----
    Promoters answer 9-10, passives 7-8, detractors 0-6 (Reichheld's NPS scale; some
    tools wrongly count 0-5 as detractors). There is no official benchmark.

    Examples
    --------
    Four promoters, three passives, three detractors out of ten:

    >>> enps([10, 9, 9, 10, 7, 8, 8, 3, 6, 0])
    10.0
    """
    s = np.asarray(scores, dtype=float).ravel()
    s = s[~np.isnan(s)]
    if s.size == 0:
        return float("nan")
    promoters = np.count_nonzero(is_promoter(s))
    detractors = np.count_nonzero(is_detractor(s))
    return float(100.0 * (promoters - detractors) / s.size)


def leavers_avoided(headcount, turnover_before, turnover_after):
    """Leavers avoided per year by a lower turnover rate.

    .. math:: L = H \\cdot (t_{before} - t_{after})

    Parameters
    ----------
    headcount : array_like
        Average headcount H, in FTE.
    turnover_before, turnover_after : array_like
        Annual turnover rates (leavers / average headcount), as fractions.

    Returns
    -------
    float or ndarray
        Leavers avoided per year (negative when turnover rises).

    Examples
    --------
    The seed's example: 200 FTE, turnover 12% -> 8%: 200 x 0.04 = 8 leavers.

    >>> round(leavers_avoided(200, 0.12, 0.08), 10)
    8.0
    >>> leavers_avoided([100, 200], 0.10, 0.05)
    array([ 5., 10.])
    """
    return _out(_f(headcount) * (_f(turnover_before) - _f(turnover_after)))


def cost_per_leaver(
    annual_employer_cost,
    recruitment_cost,
    onboarding_cost,
    vacancy_days=_REGISTER["vacancy_days"].default,
    ramp_up_months=_REGISTER["ramp_up_months"].default,
    ramp_up_shortfall=_REGISTER["ramp_up_shortfall"].default,
    working_days=_REGISTER["working_days"].default,
):
    """Full cost of replacing one leaver, bottom-up.

    .. math::

        C = R + O + v \\cdot \\frac{W}{d} + \\frac{m}{12} \\cdot W \\cdot s

    Parameters
    ----------
    annual_employer_cost : array_like
        W, employer cost per FTE per year (salary plus on-costs), EUR/FTE/yr.
    recruitment_cost : array_like
        R, cost of recruiting one hire (advertising, agency fees, interview hours), EUR.
    onboarding_cost : array_like
        O, onboarding and training cost per hire, EUR.
    vacancy_days : array_like, optional
        v, working days the post stays vacant with its work not covered (default: the
        register's, 30).
    ramp_up_months : array_like, optional
        m, months until the new hire is fully productive (default: the register's, 6).
    ramp_up_shortfall : array_like, optional
        s, average productivity shortfall over the ramp-up, fraction (default 0.5, the
        CLASP-CEPR calculator's 50% of the time to proficiency).
    working_days : array_like, optional
        d, working days per FTE per year (default 220).

    Returns
    -------
    float or ndarray
        Cost per leaver, EUR.

    Notes
    -----
    Components after Cascio & Boudreau, *Investing in People* (2nd ed., 2011), ch. 4, and
    the CLASP-CEPR turnover calculator: recruitment, onboarding, vacancy and the ramp-up
    of the new hire (the largest part, Oxford Economics 2014).

    Examples
    --------
    W = 60,000, R = 5,000, O = 3,000, 30 vacancy days, 6 months at 50%:
    5,000 + 3,000 + 30 x 60,000 / 220 + 6/12 x 60,000 x 0.5 = 31,181.82

    >>> round(cost_per_leaver(60_000, 5_000, 3_000, 30, 6, 0.5, 220), 2)
    31181.82
    """
    w = _f(annual_employer_cost)
    vacancy = _f(vacancy_days) * w / _f(working_days)
    ramp_up = _f(ramp_up_months) / 12.0 * w * _f(ramp_up_shortfall)
    return _out(_f(recruitment_cost) + _f(onboarding_cost) + vacancy + ramp_up)


def turnover_savings(headcount, turnover_before, turnover_after, cost_per_leaver):
    """Yearly saving from lower turnover.

    .. math:: S_T = H \\cdot (t_{before} - t_{after}) \\cdot C

    Parameters
    ----------
    headcount : array_like
        H, average headcount, FTE.
    turnover_before, turnover_after : array_like
        Annual turnover rates, fractions.
    cost_per_leaver : array_like
        C, full cost of replacing one leaver, EUR (see :func:`cost_per_leaver`).

    Returns
    -------
    float or ndarray
        EUR per year (negative when turnover rises).

    Examples
    --------
    200 FTE, 12% -> 8%, 31,181.82 per leaver: 8 x 31,181.82 = 249,454.55

    >>> round(turnover_savings(200, 0.12, 0.08, 31_181.82), 2)
    249454.56
    """
    return _out(leavers_avoided(headcount, turnover_before, turnover_after) * _f(cost_per_leaver))


def cost_per_sick_day(
    annual_employer_cost,
    continued_pay=_REGISTER["continued_pay"].default,
    cover_share=_REGISTER["cover_share"].default,
    working_days=_REGISTER["working_days"].default,
):
    """Employer cost of one sick day.

    .. math:: c = \\frac{W}{d} \\cdot (p + k)

    Parameters
    ----------
    annual_employer_cost : array_like
        W, employer cost per FTE per year, EUR/FTE/yr.
    continued_pay : array_like, optional
        p, share of pay continued during sickness, fraction (default 1: many Dutch
        collective agreements pay 100% in year 1; the legal minimum is 70%,
        Civil Code art. 7:629).
    cover_share : array_like, optional
        k, extra cost of cover (temp or overtime) per sick day as a share of the daily
        employer cost (default 0, the conservative choice).
    working_days : array_like, optional
        d, working days per FTE per year (default 220).

    Returns
    -------
    float or ndarray
        EUR per sick day.

    Examples
    --------
    60,000 / 220 x (1 + 0.3) = 354.55

    >>> round(cost_per_sick_day(60_000, 1.0, 0.3, 220), 2)
    354.55
    """
    w = _f(annual_employer_cost)
    return _out(w / _f(working_days) * (_f(continued_pay) + _f(cover_share)))


def sick_days_avoided(headcount, absence_before, absence_after, working_days=_REGISTER["working_days"].default):
    """Sick days avoided per year.

    .. math:: D = H \\cdot d \\cdot (a_{before} - a_{after})

    The absence rate is the share of working days lost to sickness (the CBS definition).

    >>> round(sick_days_avoided(200, 0.055, 0.040, 220), 6)
    660.0
    """
    h = _f(headcount)
    return _out(h * _f(working_days) * (_f(absence_before) - _f(absence_after)))


def absence_savings(headcount, absence_before, absence_after, cost_per_sick_day, working_days=_REGISTER["working_days"].default):
    """Yearly saving from lower absence.

    .. math:: S_A = H \\cdot d \\cdot (a_{before} - a_{after}) \\cdot c

    Parameters
    ----------
    headcount : array_like
        H, average headcount, FTE.
    absence_before, absence_after : array_like
        Absence rates: sick days / working days (CBS definition), fractions.
    cost_per_sick_day : array_like
        c, EUR per sick day (see :func:`cost_per_sick_day`).
    working_days : array_like, optional
        d, working days per FTE per year (default 220).

    Returns
    -------
    float or ndarray
        EUR per year.

    Examples
    --------
    200 FTE, 5.5% -> 4.0%, 354.5454... per day: 200 x 220 x 0.015 = 660 days;
    660 x 60,000 / 220 x 1.3 = 234,000

    >>> round(absence_savings(200, 0.055, 0.040, 60_000 / 220 * 1.3, 220), 2)
    234000.0
    """
    return _out(sick_days_avoided(headcount, absence_before, absence_after, working_days) * _f(cost_per_sick_day))


def productivity_gain_value(headcount, value_per_fte, productivity_gain):
    """Yearly value of a productivity gain.

    .. math:: S_P = H \\cdot V \\cdot g

    Parameters
    ----------
    headcount : array_like
        H, FTE.
    value_per_fte : array_like
        V, value of one FTE's output per year, EUR/FTE/yr. Employer cost per FTE is the
        conservative human-capital basis; never use revenue per FTE (it overstates).
    productivity_gain : array_like
        g, fraction.

    Returns
    -------
    float or ndarray
        EUR per year.

    Examples
    --------
    200 x 60,000 x 0.02 = 240,000

    >>> round(productivity_gain_value(200, 60_000, 0.02), 2)
    240000.0
    """
    return _out(_f(headcount) * _f(value_per_fte) * _f(productivity_gain))


def roi(benefits, costs):
    """Return on investment, Phillips ROI Methodology.

    .. math:: ROI = \\frac{B - C}{C}

    Parameters
    ----------
    benefits, costs : array_like
        Total programme benefits and fully loaded costs, EUR.

    Returns
    -------
    float or ndarray
        Fraction (0.76 is 76%). NaN-free only for costs != 0: the adapters refuse 0.

    Examples
    --------
    Phillips' example: benefits 750,000, costs 425,000 -> ROI 76.47%

    >>> round(roi(750_000, 425_000), 4)
    0.7647
    """
    b = np.asarray(benefits, dtype=float)
    c = np.asarray(costs, dtype=float)
    return _out((b - c) / c)


def bcr(benefits, costs):
    """Benefit-cost ratio, Phillips ROI Methodology.

    .. math:: BCR = \\frac{B}{C}

    The divisor is the cost of the programme, not the cost of the problem (a known
    defect of a public calculator).

    >>> round(bcr(750_000, 425_000), 4)
    1.7647
    """
    return _out(np.asarray(benefits, dtype=float) / np.asarray(costs, dtype=float))


def payback_months(one_off_cost, annual_benefit, annual_cost):
    """Months until a one-off investment is earned back by a steady yearly net benefit.

    .. math:: P = 12 \\cdot \\frac{I}{B - C}

    Parameters
    ----------
    one_off_cost : array_like
        I, one-off cost, EUR.
    annual_benefit, annual_cost : array_like
        B and C, yearly benefit and yearly running cost, EUR/yr.

    Returns
    -------
    float or ndarray
        Months; ``inf`` where B <= C (it never pays back).

    Examples
    --------
    100,000 one-off, 250,000 benefit, 50,000 running cost: 12 x 100,000 / 200,000 = 6

    >>> payback_months(100_000, 250_000, 50_000)
    6.0
    >>> payback_months(100_000, 50_000, 50_000)
    inf
    """
    i = np.asarray(one_off_cost, dtype=float)
    net = np.asarray(annual_benefit, dtype=float) - np.asarray(annual_cost, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        months = np.where(net > 0, 12.0 * i / np.where(net > 0, net, 1.0), np.inf)
    months = np.where((i <= 0) & (net >= 0), 0.0, months)
    return _out(months)


def npv(rate, cashflows):
    """Net present value of yearly cash flows received at the end of each year.

    .. math:: NPV = \\sum_{y=1}^{N} \\frac{CF_y}{(1 + r)^y}

    Like Excel's ``NPV(rate, values)``: the first flow is discounted one full year.

    Parameters
    ----------
    rate : array_like
        r, discount rate per year, fraction. Broadcasts against ``cashflows[..., 0]``.
    cashflows : array_like
        CF, EUR per year; the last axis is the year (year 1 first).

    Returns
    -------
    float or ndarray

    Examples
    --------
    -100 then 60 and 60 at 10%: -100/1.1 + 60/1.21 + 60/1.331 = -90.9091 + 49.5868 + 45.0789 = 3.7566

    >>> round(npv(0.10, [-100, 60, 60]), 4)
    3.7566
    """
    cf = np.asarray(cashflows, dtype=float)
    discount = 1.0 / (1.0 + np.asarray(rate, dtype=float))
    # Year by year with a running factor: no power and no reduction over a short last
    # axis, which is what a million draws of a 3-year case would spend its time on.
    factor, total = 1.0, 0.0
    for y in range(cf.shape[-1]):
        factor = factor * discount
        total = total + cf[..., y] * factor
    return _out(total)
