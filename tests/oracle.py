"""The embedded example (the register's defaults), worked out by hand, independently of xlengine.

Every figure below is arithmetic on the register's published defaults; discounting is
numpy_financial's. Tests compare xlengine's output with these, never with xlengine itself.

  leavers avoided   = 200 x (12% - 8%)                                  = 8 per year
  cost per leaver   = 5,000 + 3,000 + 30 x 60,000/220 + 6/12 x 60,000 x 50% = 31,181.82
  turnover, gross   = 8 x 31,181.82                                     = 249,454.55 per year
  absence, gross    = 200 x 220 x (5.6% - 4.1%) x 60,000/220 x 100%     = 180,000 per year
  productivity      = 200 x 60,000 x 2%                                 = 240,000 per year
  counted share     = attribution 50% x confidence 80%                  = 40%, year 1 at half effect
"""

from __future__ import annotations

import numpy_financial as npf

HEADCOUNT = 200
RATE = 0.08
COUNTED = 0.5 * 0.8  # attribution x confidence
EFFECT = [0.5, 1.0, 1.0]  # share of the full effect, years 1..3
COST_PER_LEAVER = 5_000 + 3_000 + 30 * 60_000 / 220 + 6 / 12 * 60_000 * 0.5  # 31,181.82
TURNOVER_PER_POINT = HEADCOUNT / 100 * COST_PER_LEAVER  # a year, gross
ABSENCE_PER_POINT = HEADCOUNT * 220 / 100 * 60_000 / 220  # 120,000 a year, gross
TURNOVER = HEADCOUNT * (0.12 - 0.08) * COST_PER_LEAVER  # 249,454.55 a year
ABSENCE = HEADCOUNT * 220 * (0.056 - 0.041) * 60_000 / 220  # 180,000 a year
PRODUCTIVITY = HEADCOUNT * 60_000 * 0.02  # 240,000 a year
ONE_OFF, ANNUAL = 100_000, 50_000


def benefits_by_year(gross_per_year: float) -> list[float]:
    """Counted benefits of a yearly gross saving, years 1..3."""
    return [COUNTED * e * gross_per_year for e in EFFECT]


def cash_flows(
    gross_per_year: float = TURNOVER + ABSENCE + PRODUCTIVITY, one_off: float = ONE_OFF, annual: float = ANNUAL
) -> list[float]:
    """Net cash flow at the start (year 0: the one-off cost) and at the end of years 1..3."""
    return [-one_off] + [b - annual for b in benefits_by_year(gross_per_year)]


def npv(flows: list[float], rate: float = RATE) -> float:
    """NPV of flows at years 0, 1, ..., N: numpy_financial.npv discounts value i by (1+r)^i
    (in Excel: =NPV(rate, year1..yearN) + year0)."""
    return float(npf.npv(rate, flows))


BENEFITS = sum(benefits_by_year(TURNOVER + ABSENCE + PRODUCTIVITY))  # 669,454.55
COSTS = ONE_OFF + 3 * ANNUAL  # 250,000
NET = cash_flows()  # -100,000, 83,890.91, 217,781.82, 217,781.82
NPV = npv(NET)  # 337,271.80
ROI = BENEFITS / COSTS - 1  # 167.78%
BCR = BENEFITS / COSTS  # 2.6778
PAYBACK_MONTHS = 12 + 12 * (-(NET[0] + NET[1]) / NET[2])  # 12.89: year 2 recovers the 16,109.09 left after year 1
# The NPV weight of one euro of yearly gross saving over the three years (nothing at the start).
WEIGHT = npv([0.0, *benefits_by_year(1.0)])  # 0.8457


def breakeven_points(lever_gross: float, per_point: float, case_npv: float | None = None) -> float:
    """The improvement in percentage points of one lever at which NPV = 0, the others as planned.

    NPV is linear in a lever's gross saving: NPV = NPV_without + WEIGHT x per_point x points.
    """
    return -((NPV if case_npv is None else case_npv) - WEIGHT * lever_gross) / (WEIGHT * per_point)


# The headline figures, keyed as the layout names them.
SUMMARY = {
    "turnover_savings": sum(benefits_by_year(TURNOVER)),  # 249,454.55 (40% x 2.5 years = 1.0 x gross)
    "absence_savings": sum(benefits_by_year(ABSENCE)),  # 180,000
    "productivity_savings": sum(benefits_by_year(PRODUCTIVITY)),  # 240,000
    "total_benefits": BENEFITS,
    "total_costs": COSTS,
    "net_benefit": BENEFITS - COSTS,  # 419,454.55
    "npv": NPV,
    "roi": ROI,
    "bcr": BCR,
    "payback_months": PAYBACK_MONTHS,
}


def independent_case(a: dict) -> dict:
    """The case of docs/business-case.md in plain Python floats, for any typed assumptions
    (benchmark mode off): an implementation independent of xlengine's numpy code.

    The cash flows are built explicitly, year by year, and discounted by numpy_financial.
    """
    daily = a["annual_employer_cost"] / a["working_days"]
    per_leaver = (
        a["recruitment_cost"]
        + a["onboarding_cost"]
        + a["vacancy_days"] * daily
        + a["ramp_up_months"] / 12 * a["annual_employer_cost"] * a["ramp_up_shortfall"]
    )
    sick_day = daily * (a["continued_pay"] + a["cover_share"])
    days_avoided = a["headcount"] * a["working_days"] * (a["absence_before"] - a["absence_after"])
    absence = days_avoided * sick_day
    if a.get("absence_in_full"):
        # the duration classes (docs/business-case.md, "Absence in full"), written out
        short = a["absence_share_short"] + a["absence_share_medium"]
        if a["engagement_on_long"]:
            cap = a["max_daily_wage"] * 261 / a["working_days"]
            y2 = a["long_absence_year2_share"]
            long_day = (
                (1 - y2) * a["continued_pay"] * daily
                + y2 * a["continued_pay_year2"] * min(daily, cap)
                + daily * a["cover_share"]
                + (a["reintegration_cost_per_case"] + a["wga_own_risk"] * a["wga_cost_per_long_case"]) / a["long_case_days"]
            )
            absence = days_avoided * (short * sick_day + (1 - short) * long_day)
        else:
            most = a["headcount"] * a["working_days"] * a["absence_before"] * short
            absence = min(days_avoided, most) * sick_day
    gross = (
        a["headcount"] * (a["turnover_before"] - a["turnover_after"]) * per_leaver
        + absence
        + a["headcount"] * a["value_per_fte"] * a["productivity_gain"]
    )
    full = gross * a["attribution"] * a["confidence"]
    years = 1 if a.get("phillips_strict") else int(a["horizon_years"])  # Phillips strict: year 1 only
    benefits = [full * (a["effect_year1"] if y == 1 else 1.0) for y in range(1, years + 1)]
    flows = [-a["programme_cost_one_off"]] + [b - a["programme_cost_annual"] for b in benefits]  # years 0..N
    total_b = sum(benefits)
    total_c = a["programme_cost_one_off"] + years * a["programme_cost_annual"]
    return {
        "npv": npv(flows, a["discount_rate"]),
        "total_benefits": total_b,
        "total_costs": total_c,
        "roi": (total_b - total_c) / total_c,
        "bcr": total_b / total_c,
    }
