"""Invariants that must hold for every valid input (hypothesis)."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from xlengine.engine import case, model
from xlengine.engine.register import REGISTER, defaults


def _value(a):
    lo, hi = a.plausible
    if a.integer:
        return st.integers(int(lo), int(hi)).map(float)
    return st.floats(lo, hi, allow_nan=False, allow_infinity=False)


# Every assumption drawn anywhere in its plausible range (which lies inside the allowed one).
valid_case = (
    st.fixed_dictionaries({a.key: _value(a) for a in REGISTER})
    .filter(lambda d: d["programme_cost_one_off"] + d["programme_cost_annual"] >= 1)
    .map(  # compute refuses less
        lambda d: dict(d, benchmark_mode=0.0)
    )
)  # typed targets; benchmark mode: tests/test_benchmark.py

SETTINGS = settings(max_examples=150, deadline=None)


@SETTINGS
@given(valid_case)
def test_valid_input_never_yields_nan(a):
    r = case.compute(a)
    for x in (r.benefits, r.costs, r.net, r.cumulative, r.npv, r.roi, r.bcr):
        assert np.all(np.isfinite(x))
    assert not np.isnan(r.payback_months)  # inf means "not within the horizon"


@SETTINGS
@given(valid_case)
def test_no_improvement_saves_nothing(a):
    a = dict(a, turnover_after=a["turnover_before"], absence_after=a["absence_before"], productivity_gain=0.0)
    r = case.compute(a)
    assert np.all(r.benefits == 0)
    # then the NPV is minus the programme costs: the one-off at the start, undiscounted (year 0)
    assert np.isclose(r.npv, -r.costs[0] + model.npv(a["discount_rate"], -r.costs[1:]))


@SETTINGS
@given(valid_case, st.floats(1.01, 10))
def test_savings_scale_linearly_with_headcount(a, factor):
    small = case.compute(a)
    big = case.compute(dict(a, headcount=a["headcount"] * factor))
    for lever in case.LEVERS:
        np.testing.assert_allclose(big.benefits_by_lever[lever], small.benefits_by_lever[lever] * factor, rtol=1e-9, atol=1e-6)


@SETTINGS
@given(valid_case, st.floats(1.01, 10))
def test_savings_grow_with_headcount_when_things_improve(a, factor):
    a = dict(
        a,
        turnover_after=a["turnover_before"] * 0.5,
        absence_after=a["absence_before"] * 0.5,
        productivity_gain=abs(a["productivity_gain"]),
    )
    small = case.compute(a)
    big = case.compute(dict(a, headcount=a["headcount"] * factor))
    assert big.total_benefits >= small.total_benefits
    assert big.npv >= small.npv


@settings(max_examples=40, deadline=None)
@given(st.lists(valid_case, min_size=2, max_size=6))
def test_arrays_and_scalars_agree(cases):
    # the horizon and the Phillips-strict switch (which sets it) are one value per case
    whole = {"horizon_years": cases[0]["horizon_years"], "phillips_strict": cases[0]["phillips_strict"]}
    keys = [k for k in cases[0] if k not in whole]
    stacked = {k: np.array([c[k] for c in cases]) for k in keys}
    stacked.update(whole)
    r = case.compute(stacked)
    for i, c in enumerate(cases):
        s = case.compute(dict(c, **whole))
        np.testing.assert_allclose(r.net[i], s.net, rtol=1e-12, atol=1e-6)
        np.testing.assert_allclose([r.npv[i], r.roi[i], r.bcr[i]], [s.npv, s.roi, s.bcr], rtol=1e-12, atol=1e-9)
        assert r.payback_months[i] == s.payback_months or np.isclose(r.payback_months[i], s.payback_months)


@SETTINGS
@given(valid_case)
def test_payback_is_where_the_cumulative_turns(a):
    r = case.compute(a)
    m = r.payback_months
    if np.isfinite(m) and m > 0:
        year = int(min(m // 12, r.horizon_years - 1)) + 1  # index 0 is the start
        assert r.cumulative[year] >= -1e-6  # positive by the end of that year
        if year > 1:
            assert r.cumulative[year - 1] < 1e-6  # not yet at the end of the previous one


def test_defaults_are_a_valid_case():
    assert np.isfinite(case.compute(defaults()).npv)


@SETTINGS
@given(valid_case)
def test_case_equals_an_independent_plain_python_case(a):
    import pytest

    import oracle

    r, want = case.compute(a), oracle.independent_case(a)
    scale = max(1.0, abs(want["total_benefits"]), abs(want["total_costs"]))  # cancellation bounds the error
    for name in ("npv", "total_benefits", "total_costs"):
        assert float(getattr(r, name)) == pytest.approx(want[name], rel=1e-9, abs=1e-9 * scale), name
    assert float(r.roi) == pytest.approx(want["roi"], rel=1e-9, abs=1e-12)
    assert float(r.bcr) == pytest.approx(want["bcr"], rel=1e-9, abs=1e-12)
