"""The Dutch absence cost in full, and the Phillips-strict switch: worked by hand.

A long-term case by hand. W = 60,000 employer cost, d = 220 working days: 272.727 a day.
The employee is sick 300 working days: the first 220 in sickness year 1 (paid at 100%,
a collective agreement's top-up), the other 80 in year 2 at the statutory 70%
(BW 7:629), under the cap (290.67 x 261 / 220 = 344.84 a day); re-integration 3,500.
  year 1: 220 x 272.727 = 60,000.00
  year 2:  80 x 0.7 x 272.727 = 80 x 190.909 = 15,272.73
  re-integration: 3,500.00
  the case: 78,772.73, i.e. 262.576 per sick day over 300 days.
A high earner, W = 120,000 (545.45 a day): year 2 is capped at 0.7 x 344.8402 = 241.3882 a day:
  220 x 545.455 + 80 x 241.3882 + 3,500 = 120,000 + 19,311.06 + 3,500 = 142,811.06.
With the WGA own risk on (eigenrisicodrager) at 5,000 per long-term case: + 5,000.
"""

import numpy as np
import pytest

from xlengine.engine import absence as model
from xlengine.engine import case, register
from xlengine.engine.errors import InputError

CAP = 290.67 * 261 / 220  # 344.8402 a day


def test_a_long_term_case_by_hand():
    per_day = model.cost_per_long_sick_day(60_000, 1.0, 0.7, 80 / 300, 290.67, 0.0, 300, 3_500, 0.0, 220)
    assert per_day * 300 == pytest.approx(60_000 + 80 * 0.7 * 60_000 / 220 + 3_500, rel=1e-12)
    assert per_day * 300 == pytest.approx(78_772.73, abs=0.005)
    high = model.cost_per_long_sick_day(120_000, 1.0, 0.7, 80 / 300, 290.67, 0.0, 300, 3_500, 0.0, 220)
    assert high * 300 == pytest.approx(120_000 + 80 * 0.7 * CAP + 3_500, rel=1e-12)
    assert high * 300 == pytest.approx(142_811.06, abs=0.005)
    wga = model.cost_per_long_sick_day(60_000, 1.0, 0.7, 80 / 300, 290.67, 0.0, 300, 3_500, 5_000, 220)
    assert (wga - per_day) * 300 == pytest.approx(5_000, rel=1e-12)


def test_off_by_default_the_demo_is_unchanged():
    d = register.defaults()
    assert d["absence_in_full"] == 0 and d["phillips_strict"] == 0 and d["wga_own_risk"] == 0
    r = case.compute(d)
    assert round(r.npv, 2) == 337_271.80 and round(r.roi, 4) == 1.6778


def test_short_and_medium_only_prices_every_avoided_day_at_year_one_cost():
    """Default shares 15% + 20%: 5.6% x 35% = 1.96 points of short/medium absence, more than
    the 1.5 points the example avoids: the lever is the same 180,000 a year."""
    a = {**register.defaults(), "absence_in_full": 1}
    assert case.lever_savings(a)["absence"] == pytest.approx(660 * 60_000 / 220, rel=1e-12)
    assert case.compute(a).npv == pytest.approx(337_271.80, abs=0.01)


def test_engagement_on_long_counts_the_long_term_day_in_full():
    """660 avoided days: 35% at 272.727 (63,000), 65% at the long-term day:
    0.75 x 272.727 + 0.25 x 190.909 + 3,500 / 120 = 281.439 -> 429 x 281.439 = 120,737.50;
    with the WGA own risk 5,000 / 120 = 41.667 more a day: 429 x 41.667 = 17,875."""
    a = {**register.defaults(), "absence_in_full": 1, "engagement_on_long": 1}
    assert case.lever_savings(a)["absence"] == pytest.approx(63_000 + 120_737.5, rel=1e-12)
    a["wga_own_risk"] = 1
    assert case.lever_savings(a)["absence"] == pytest.approx(63_000 + 120_737.5 + 17_875, rel=1e-12)


def test_cost_of_absence_in_full_includes_the_arbo_fee_but_saves_none_of_it():
    a = {**register.defaults(), "absence_in_full": 1}
    full = case.absence_in_full(a)
    # 2,464 sick days: 862.4 at 272.727 + 1,601.6 at 281.439 + 200 x 140
    assert full["cost_before"] == pytest.approx(862.4 * 60_000 / 220 + 1_601.6 * 281.4393939393939 + 28_000, rel=1e-12)
    assert full["cost_before"] - full["cost_after"] == pytest.approx(
        (0.056 - 0.041) * 200 * 220 * (0.35 * 60_000 / 220 + 0.65 * 281.4393939393939), rel=1e-12
    )


def test_a_plan_beyond_short_and_medium_absence_is_refused_when_typed():
    values = {"absence_in_full": 1, "absence_before": 0.056, "absence_after": 0.03}
    with pytest.raises(InputError) as e:
        case.compute_checked(values)
    assert e.value.argument == "absence_after" and "engagement_on_long to 1" in str(e.value)
    # the model itself caps (Monte Carlo draws must not fail): at most 5.6% x 35% of the days
    a = {**register.defaults(), **values}
    assert case.lever_savings(a)["absence"] == pytest.approx(200 * 220 * 0.056 * 0.35 * 60_000 / 220, rel=1e-12)


def test_phillips_strict_counts_only_first_year_benefits():
    """Year 1: benefits at half effect (effect_year1 0.5) x attribution x confidence (0.4):
    (249,454.55 + 180,000 + 240,000) x 0.4 x 0.5 = 133,890.91; costs 100,000 + 50,000;
    NPV = -100,000 + (133,890.91 - 50,000) / 1.08 = -22,323.23; ROI = -16,109.09 / 150,000."""
    a = {**register.defaults(), "phillips_strict": 1}
    r = case.compute(a)
    year1 = (8 * 31_181.818181818 + 180_000 + 240_000) * 0.4 * 0.5
    assert r.horizon_years == 1
    assert r.total_benefits == pytest.approx(year1, rel=1e-12)
    assert r.npv == pytest.approx(-100_000 + (year1 - 50_000) / 1.08, rel=1e-12)
    assert r.roi == pytest.approx((year1 - 150_000) / 150_000, rel=1e-12)
    assert np.isinf(r.payback_months)


def test_phillips_strict_is_a_scenario_column(tmp_path, capsys):
    import json

    from xlengine.cli import main

    path = tmp_path / "case.csv"
    path.write_text("key,value\nheadcount,200\n", encoding="utf-8")
    assert main(["scenarios", str(path), "--phillips-strict", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    npv = next(r for r in rows if r[0] == "NPV")
    assert npv[2] == pytest.approx(337_271.80, abs=0.01)  # the base column is unchanged
    assert npv[4] == pytest.approx(-100_000 + ((8 * 31_181.818181818 + 420_000) * 0.2 - 50_000) / 1.08, rel=1e-12)
