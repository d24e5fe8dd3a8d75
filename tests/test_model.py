"""The model's formulas against numbers worked out by hand (arithmetic in the comments)."""

import numpy as np
import pytest

from xlengine.engine import model


def test_cost_per_leaver_issue_example():
    # 5,000 + 3,000 + 30 x 60,000/220 (= 8,181.818) + 6/12 x 60,000 x 0.5 (= 15,000) = 31,181.82
    assert model.cost_per_leaver(60_000, 5_000, 3_000, 30, 6, 0.5, 220) == pytest.approx(31_181.818181, abs=1e-5)


def test_cost_per_leaver_second_case():
    # 4,000 + 1,000 + 20 x 50,000/200 (= 5,000) + 3/12 x 50,000 x 0.4 (= 5,000) = 15,000
    assert model.cost_per_leaver(50_000, 4_000, 1_000, 20, 3, 0.4, 200) == pytest.approx(15_000)


def test_cost_per_leaver_defaults_are_the_registers():
    # the register's 30 vacancy days and 6 months of ramp-up at 50%, 220 working days:
    # 5,000 + 3,000 + 30 x 60,000 / 220 + 6 / 12 x 60,000 x 0.5 = 31,181.82
    assert model.cost_per_leaver(60_000, 5_000, 3_000) == pytest.approx(5_000 + 3_000 + 30 * 60_000 / 220 + 15_000, rel=1e-12)
    # no vacancy, no ramp-up: 5,000 + 3,000
    assert model.cost_per_leaver(60_000, 5_000, 3_000, 0, 0) == 8_000.0


def test_leavers_and_turnover_savings():
    # 200 x (0.12 - 0.08) = 8 leavers; 8 x 31,181.82 = 249,454.56
    assert model.leavers_avoided(200, 0.12, 0.08) == pytest.approx(8.0)
    assert model.turnover_savings(200, 0.12, 0.08, 31_181.82) == pytest.approx(249_454.56)


def test_turnover_rising_gives_a_negative_saving():
    # 100 x (0.10 - 0.15) = -5 leavers x 10,000 = -50,000: a real answer, not an error
    assert model.turnover_savings(100, 0.10, 0.15, 10_000) == pytest.approx(-50_000)


def test_absence_issue_example():
    # sick day: 60,000/220 x (1 + 0.3) = 354.545...; days avoided 200 x 220 x 0.015 = 660
    # 660 x 354.545... = 234,000
    day = model.cost_per_sick_day(60_000, 1.0, 0.3, 220)
    assert day == pytest.approx(354.545454, abs=1e-5)
    assert model.sick_days_avoided(200, 0.055, 0.040, 220) == pytest.approx(660)
    assert model.absence_savings(200, 0.055, 0.040, day, 220) == pytest.approx(234_000)


def test_sick_day_at_legal_minimum_pay():
    # Dutch legal minimum 70%: 44,000/220 = 200 a day x 0.7 = 140
    assert model.cost_per_sick_day(44_000, 0.7, 0.0, 220) == pytest.approx(140)


def test_productivity_issue_example():
    # 200 x 60,000 x 0.02 = 240,000
    assert model.productivity_gain_value(200, 60_000, 0.02) == pytest.approx(240_000)


def test_phillips_example():
    # BCR 750,000 / 425,000 = 1.7647; ROI (750,000 - 425,000) / 425,000 = 0.7647
    assert model.bcr(750_000, 425_000) == pytest.approx(1.764706, abs=1e-6)
    assert model.roi(750_000, 425_000) == pytest.approx(0.764706, abs=1e-6)


def test_payback_months():
    # 12 x 90,000 / (250,000 - 70,000) = 6 months
    assert model.payback_months(90_000, 250_000, 70_000) == pytest.approx(6.0)
    assert model.payback_months(90_000, 70_000, 70_000) == float("inf")
    assert model.payback_months(0, 10, 5) == 0.0


def test_npv_matches_hand_discounting():
    # -23,400/1.1 + 71,500/1.1^2 + 71,500/1.1^3 = -21,272.727 + 59,090.909 + 53,719.008
    assert model.npv(0.10, [-23_400, 71_500, 71_500]) == pytest.approx(91_537.19, abs=0.01)


def test_npv_at_zero_rate_is_the_sum():
    assert model.npv(0.0, [1, 2, 3]) == pytest.approx(6)


def test_enps_counts():
    # 3 promoters (9, 10, 10), 1 passive (8), 2 detractors (6, 0) of 6: (3 - 2)/6 = 16.67
    assert model.enps([9, 10, 10, 8, 6, 0]) == pytest.approx(100 / 6)
    # blanks (NaN) ignored: all promoters
    assert model.enps([9, np.nan, 10]) == 100.0
    assert np.isnan(model.enps([]))


def test_scalar_in_float_out_and_arrays_broadcast():
    assert type(model.leavers_avoided(10, 0.2, 0.1)) is float
    out = model.leavers_avoided(np.array([100, 200, 300]), 0.12, np.array([[0.08], [0.10]]))
    assert out.shape == (2, 3)
    # row 0: 0.04 x (100, 200, 300); row 1: 0.02 x (100, 200, 300)
    np.testing.assert_allclose(out, [[4, 8, 12], [2, 4, 6]])
