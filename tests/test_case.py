"""The multi-year case against a case worked out by hand, and its conventions."""

import numpy as np
import pytest

from xlengine.decision import tables
from xlengine.engine import case
from xlengine.engine.errors import InputError
from xlengine.engine.register import defaults

# A case with round numbers, worked out by hand:
#   cost per leaver   4,000 + 1,000 + 20 x 50,000/200 + 3/12 x 50,000 x 0.4 = 15,000
#   turnover          100 x (0.15 - 0.10) = 5 leavers x 15,000           =  75,000
#   sick day          50,000/200 x (1 + 0.5)                            =     375
#   absence           100 x 200 x (0.06 - 0.04) = 400 days x 375         = 150,000
#   productivity      100 x 80,000 x 0.01                               =  80,000
#   gross             75,000 + 150,000 + 80,000                          = 305,000
#   full effect       305,000 x attribution 0.6 x confidence 0.5         =  91,500
#   benefits/yr       year 1 x 0.4 = 36,600; years 2 and 3 = 91,500      (total 219,600)
#   costs             start (year 0) 40,000; years 1..3 20,000 each       (total 100,000)
#   net               -40,000; 16,600; 71,500; 71,500
#   cumulative        -40,000; -23,400; 48,100; 119,600
#   NPV at 10%        -40,000 + 16,600/1.1 + 71,500/1.21 + 71,500/1.331
#                     = -40,000 + 15,090.91 + 59,090.91 + 53,719.01      =  87,900.83
#   ROI               (219,600 - 100,000) / 100,000 = 1.196; BCR 2.196
#   payback           start -40,000; year 1 flow 36,600 - 20,000 = 16,600 -> -23,400;
#                     year 2: 12 + 12 x 23,400 / 71,500 = 15.927 months
HAND = dict(
    defaults(),
    headcount=100,
    annual_employer_cost=50_000,
    working_days=200,
    turnover_before=0.15,
    turnover_after=0.10,
    recruitment_cost=4_000,
    onboarding_cost=1_000,
    vacancy_days=20,
    ramp_up_months=3,
    ramp_up_shortfall=0.4,
    absence_before=0.06,
    absence_after=0.04,
    continued_pay=1.0,
    cover_share=0.5,
    value_per_fte=80_000,
    productivity_gain=0.01,
    attribution=0.6,
    confidence=0.5,
    programme_cost_one_off=40_000,
    programme_cost_annual=20_000,
    horizon_years=3,
    effect_year1=0.4,
    discount_rate=0.10,
)


def test_hand_worked_case():
    r = case.compute(HAND)
    assert r.gross["cost_per_leaver"] == pytest.approx(15_000)
    assert r.gross["turnover"] == pytest.approx(75_000)
    assert r.gross["cost_per_sick_day"] == pytest.approx(375)
    assert r.gross["absence"] == pytest.approx(150_000)
    assert r.gross["productivity"] == pytest.approx(80_000)
    np.testing.assert_allclose(r.benefits, [0, 36_600, 91_500, 91_500])
    np.testing.assert_allclose(r.costs, [40_000, 20_000, 20_000, 20_000])
    np.testing.assert_allclose(r.net, [-40_000, 16_600, 71_500, 71_500])
    np.testing.assert_allclose(r.cumulative, [-40_000, -23_400, 48_100, 119_600])
    assert r.npv == pytest.approx(87_900.83, abs=0.01)
    assert r.roi == pytest.approx(1.196)
    assert r.bcr == pytest.approx(2.196)
    assert r.payback_months == pytest.approx(12 + 12 * 23_400 / 71_500)


def test_lever_rows_add_up_to_total_benefits():
    r = case.compute(HAND)
    # turnover year 2: 75,000 x 0.6 x 0.5 = 22,500; year 1 at 40% = 9,000
    np.testing.assert_allclose(r.benefits_by_lever["turnover"], [0, 9_000, 22_500, 22_500])
    np.testing.assert_allclose(sum(r.benefits_by_lever.values()), r.benefits)


def test_payback_in_year_one_equals_the_simple_formula():
    # with the full effect in year 1 the flows are steady, so the interpolated payback
    # equals 12 x one-off / (annual benefit - annual cost) = 12 x 40,000 / (91,500 - 20,000)
    r = case.compute(dict(HAND, effect_year1=1.0))
    assert r.payback_months == pytest.approx(12 * 40_000 / 71_500)


def test_no_payback_within_horizon():
    r = case.compute(dict(HAND, productivity_gain=0, turnover_after=0.15, absence_after=0.06))
    assert r.payback_months == float("inf")
    row = tables.case_table(r)[-1]
    assert row[0] == "Payback (months)" and row[-1] == "No payback within 3 years"
    assert tables.case_table(r, "nl")[-1][-1] == "Niet terugverdiend binnen 3 jaar"
    one = case.compute(dict(HAND, productivity_gain=0, turnover_after=0.15, absence_after=0.06, horizon_years=1))
    assert tables.case_table(one)[-1][-1] == "No payback within 1 year"  # singular
    assert tables.case_table(one, "nl")[-1][-1] == "Niet terugverdiend binnen 1 jaar"


def test_horizon_one_year_and_five_years():
    r1 = case.compute(dict(HAND, horizon_years=1))
    # year 1 only: benefits 36,600, costs 60,000 -> ROI (36,600 - 60,000)/60,000 = -0.39
    assert r1.roi == pytest.approx(-0.39)
    r5 = case.compute(dict(HAND, horizon_years=5))
    # years 4 and 5 add 71,500 each, discounted by 1.1^4 and 1.1^5
    assert r5.npv == pytest.approx(87_900.83 + 71_500 / 1.1**4 + 71_500 / 1.1**5, abs=0.01)


def test_table_layout():
    t = tables.case_table(case.compute(HAND))
    assert t[0] == ["Line item", "Start (year 0)", "Year 1", "Year 2", "Year 3", "Total"]
    labels = [r[0] for r in t]
    assert labels == [
        "Line item",
        "Turnover savings",
        "Absence savings",
        "Productivity gain",
        "Total benefits",
        "Programme cost",
        "Net benefit",
        "Cumulative net",
        "NPV",
        "ROI",
        "BCR",
        "Payback (months)",
    ]
    assert t[4][1:] == pytest.approx([0, 36_600, 91_500, 91_500, 219_600])
    assert t[5][1:] == pytest.approx([40_000, 20_000, 20_000, 20_000, 100_000])
    assert t[7][-1] is None  # a cumulative has no total
    assert t[8][-1] == pytest.approx(87_900.83, abs=0.01)
    assert all(len(r) == 6 for r in t)


def test_zero_programme_cost_is_refused():
    with pytest.raises(InputError, match="programme_cost_one_off and programme_cost_annual are both 0"):
        case.compute(dict(HAND, programme_cost_one_off=0, programme_cost_annual=0))


def test_vectorised_case_matches_scalar_cases():
    draws = np.array([0.08, 0.10, 0.12])
    r = case.compute(dict(HAND, turnover_after=draws))
    for i, t in enumerate(draws):
        s = case.compute(dict(HAND, turnover_after=float(t)))
        assert r.npv[i] == pytest.approx(s.npv)
        assert r.payback_months[i] == pytest.approx(s.payback_months)


def test_compute_checked_fills_defaults_and_checks():
    r = case.compute_checked({"Headcount": 100})
    assert r.inputs["headcount"] == 100 and r.inputs["discount_rate"] == defaults()["discount_rate"]
    with pytest.raises(InputError, match="turnover_after = 8 looks like a percentage"):
        case.compute_checked({"turnover_after": 8})
