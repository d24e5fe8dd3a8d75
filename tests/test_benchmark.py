"""Benchmark mode: 'after' values from the Gallup quartile gap x gap_closed."""

import pytest

import oracle
from xlengine.engine import gallup as benchmark, case
from xlengine.engine.errors import InputError
from xlengine.engine.register import BY_KEY, defaults
from xlengine.udfs import ENG_BUSINESS_CASE


def test_register_entries_have_sources():
    for key in ("benchmark_mode", "gap_closed", "gallup_edition"):
        a = BY_KEY[key]
        assert a.source and a.label_nl and a.label_en
    assert BY_KEY["gap_closed"].uncertain and BY_KEY["benchmark_mode"].default == 0


def test_off_by_default_and_unchanged():
    a = defaults()
    assert benchmark.resolve(a) is a
    assert case.compute(a).npv == pytest.approx(337_271.80, abs=0.01)


def test_derived_values_by_hand_low_turnover_2024():
    a = defaults()
    a.update(benchmark_mode=1, gap_closed=0.25)
    r = benchmark.resolve(a)
    # 12% x (1 - 0.25 x 0.51) = 10.47%; 5.6% x (1 - 0.25 x 0.78) = 4.508%; 0.25 x 14% = 3.5%
    assert r["turnover_after"] == pytest.approx(0.1047)
    assert r["absence_after"] == pytest.approx(0.04508)
    assert r["productivity_gain"] == pytest.approx(0.035)
    typed = defaults()
    typed.update(turnover_after=0.1047, absence_after=0.04508, productivity_gain=0.035)
    assert case.compute(a).npv == pytest.approx(case.compute(typed).npv, abs=1e-6)


def test_high_turnover_row_and_2020_edition():
    a = defaults()
    a.update(benchmark_mode=1, gap_closed=0.5, turnover_before=0.5, gallup_edition=2020)
    r = benchmark.resolve(a)
    # Above 40% a year: the high-turnover row, 2020: -18% -> 0.5 x (1 - 0.5 x 0.18) = 0.455
    assert r["turnover_after"] == pytest.approx(0.455)
    # 2020 absenteeism -81%: 0.056 x (1 - 0.5 x 0.81) = 0.03332
    assert r["absence_after"] == pytest.approx(0.03332)


def test_typed_targets_are_ignored_in_benchmark_mode():
    a = defaults()
    a.update(benchmark_mode=1, turnover_after=0.01)
    assert benchmark.resolve(a)["turnover_after"] == pytest.approx(0.12 * (1 - 0.15 * 0.51))


def test_unknown_edition_refused_in_words():
    rows = ENG_BUSINESS_CASE([["benchmark_mode", 1], ["gallup_edition", 2022]])
    assert str(rows) == "gallup_edition = 2022 is not available: enter 2020 or 2024."


def test_business_case_in_benchmark_mode():
    rows = ENG_BUSINESS_CASE([["benchmark_mode", 1], ["gap_closed", 0.25]])
    # The derived rates above (10.47%, 4.508%, 3.5%) in the hand-worked case (tests/oracle.py):
    gross = (
        200 * (0.12 - 0.1047) * oracle.COST_PER_LEAVER  # 95,416.36
        + 200 * 60_000 * (0.056 - 0.04508)  # 131,040
        + 200 * 60_000 * 0.035
    )  # 420,000
    assert next(r[-1] for r in rows if r[0] == "NPV") == pytest.approx(oracle.npv(oracle.cash_flows(gross)), abs=1e-6)


def test_switch_must_be_0_or_1():
    assert "outside the allowed range" in str(ENG_BUSINESS_CASE([["benchmark_mode", 2]]))
    with pytest.raises(InputError):
        benchmark.is_on({"benchmark_mode": [0, 1]})
