"""Scenarios, tornado, Monte Carlo and break-even, checked against hand calculations."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xlengine.engine import case
from xlengine.decision import ranges, uncertainty
from xlengine.engine.errors import InputError
from xlengine.engine.register import BY_KEY, defaults
from xlengine.udfs import ENG_BREAKEVEN, ENG_BUSINESS_CASE, ENG_SCENARIOS, ENG_SENSITIVITY, ENG_SIMULATE

# The default case by hand (register defaults, 8% discount rate, 3 years):
# costs 100,000 at the start (year 0), then 50,000 a year
# -> PV = 100,000 + 50,000/1.08 + 50,000/1.08^2 + 50,000/1.08^3
PV_COSTS = 100_000 + 50_000 / 1.08 + 50_000 / 1.08**2 + 50_000 / 1.08**3  # 228,854.85
ANNUITY = 1 / 1.08 + 1 / 1.08**2 + 1 / 1.08**3  # 2.577097
# full-year benefit (turnover 249,454.55 + absence 180,000 + productivity 240,000) / 2.5
FULL_YEAR = (8 * 31_181.818181818 + 660 * 272.727272727 + 240_000) * 0.4  # 267,781.82
PV_BENEFITS = FULL_YEAR * (0.5 / 1.08 + 1 / 1.08**2 + 1 / 1.08**3)  # 566,126.65
BASE_NPV = PV_BENEFITS - PV_COSTS  # 337,271.80


def test_hand_figures_match_the_case():
    assert BASE_NPV == pytest.approx(case.compute(defaults()).npv, abs=1e-3)
    assert BASE_NPV == pytest.approx(337_271.80, abs=0.01)


# --- ranges -------------------------------------------------------------------------------


def test_ranges_cover_every_uncertain_register_entry_in_typed_mode():
    r = uncertainty.ranges(defaults())
    expected = {a.key for a in BY_KEY.values() if a.uncertain} - {"gap_closed"}
    assert set(r) == expected
    levers = {"turnover_after": (0.06, 0.10), "absence_after": (0.0335, 0.0485), "productivity_gain": (0.0, 0.04)}
    for key, (low, mode, high) in r.items():
        a = BY_KEY[key]
        if key in levers:
            # the default rule on the improvement: 8% -/+ 0.5 x 4 points; 4.1% -/+ 0.5 x 1.5 points; 2% -/+ 1.0 x 2%
            assert (low, mode, high) == pytest.approx((levers[key][0], a.default, levers[key][1]), abs=1e-12)
        else:  # at its default value every other assumption has the register's own range
            assert (low, mode, high) == (a.low, a.default, a.high)


def test_ranges_in_benchmark_mode_swap_typed_targets_for_gap_closed():
    a = defaults()
    a["benchmark_mode"] = 1
    r = uncertainty.ranges(a)
    assert "gap_closed" in r
    assert not {"turnover_after", "absence_after", "productivity_gain"} & set(r)


def test_range_follows_a_value_outside_the_register_range():
    a = defaults()
    a["programme_cost_annual"] = 200_000.0  # register 40k..70k around 50k -> x 0.8 .. x 1.4
    a["cover_share"] = 0.5  # default 0: same absolute offsets 0 .. +0.3
    r = uncertainty.ranges(a)
    assert r["programme_cost_annual"] == pytest.approx((160_000, 200_000, 280_000))
    assert r["cover_share"] == pytest.approx((0.5, 0.5, 0.8))


# --- scenarios ------------------------------------------------------------------------------


def test_base_scenario_equals_the_business_case():
    pairs = [["headcount", 150], ["turnover_before", 0.2], ["programme_cost_one_off", 80_000]]
    sc = ENG_SCENARIOS(pairs)
    bc = ENG_BUSINESS_CASE(pairs)
    total = {r[0]: r[-1] for r in bc}
    base = {r[0]: r[2] for r in sc}
    for label in (
        "Turnover savings",
        "Absence savings",
        "Productivity gain",
        "Total benefits",
        "Programme cost",
        "Net benefit",
        "NPV",
        "ROI",
        "BCR",
        "Payback (months)",
    ):
        assert base[label] == total[label], label


def test_scenarios_pick_the_bad_end_by_effect_on_npv():
    s = uncertainty.scenarios(defaults())
    con, opt = s["conservative"], s["optimistic"]
    # Higher cost is bad, higher attribution is good, a higher "after" turnover is bad:
    assert (con["programme_cost_annual"], opt["programme_cost_annual"]) == (70_000, 40_000)
    assert (con["attribution"], opt["attribution"]) == (0.3, 0.7)
    assert (con["turnover_after"], opt["turnover_after"]) == pytest.approx((0.10, 0.06), abs=1e-12)
    assert (con["discount_rate"], opt["discount_rate"]) == (0.10, 0.06)
    # continued pay (1.0 .. 0.7 .. 1.0): the low end lowers the saving, the high end is the value itself
    assert (con["continued_pay"], opt["continued_pay"]) == (0.7, 1.0)
    npvs = [case.compute(s[n]).npv for n in ("conservative", "base", "optimistic")]
    assert npvs[0] < npvs[1] < npvs[2]


def test_scenario_table_lists_assumptions_and_dutch_labels():
    rows = ENG_SCENARIOS([["headcount", 200]], "nl")
    assert rows[0] == ["Uitkomst", "Stresstest: alles tegelijk ongunstig", "Basis", "Stresstest: alles tegelijk gunstig"]
    split = [r[0] for r in rows].index("Aanname")
    assert len(rows) - split - 1 == len(uncertainty.ranges(defaults()))


# --- sensitivity (tornado) ------------------------------------------------------------------


def _bar(key):
    rows = ENG_SENSITIVITY([["headcount", 200]])
    return next(dict(zip(rows[0], r)) for r in rows[1:] if r[0] == key)


def test_tornado_bar_programme_cost_by_hand():
    bar = _bar("programme_cost_annual")
    # 40,000 .. 70,000 around 50,000: each year's cost moves by -10,000 / +20,000
    assert bar["npv_at_low"] == pytest.approx(BASE_NPV + 10_000 * ANNUITY, abs=0.01)  # 363,042.77
    assert bar["npv_at_high"] == pytest.approx(BASE_NPV - 20_000 * ANNUITY, abs=0.01)  # 285,729.86
    assert bar["change_at_low"] == pytest.approx(10_000 * ANNUITY, abs=0.01)
    assert bar["swing"] == pytest.approx(30_000 * ANNUITY, abs=0.01)  # 77,312.91


def test_tornado_bar_attribution_by_hand():
    bar = _bar("attribution")
    # Benefits scale with attribution: PV(benefits) x 0.3/0.5 and x 0.7/0.5
    assert bar["npv_at_low"] == pytest.approx(PV_BENEFITS * 0.6 - PV_COSTS, abs=0.01)  # 110,821.14
    assert bar["npv_at_high"] == pytest.approx(PV_BENEFITS * 1.4 - PV_COSTS, abs=0.01)  # 563,722.46


def test_tornado_bar_discount_rate_by_hand():
    bar = _bar("discount_rate")
    net = [-100_000, FULL_YEAR * 0.5 - 50_000, FULL_YEAR - 50_000, FULL_YEAR - 50_000]  # start, then years 1..3
    at = lambda r: sum(cf / (1 + r) ** y for y, cf in enumerate(net))  # noqa: E731 - year 0 undiscounted
    assert bar["npv_at_low"] == pytest.approx(at(0.06), abs=0.01)  # 355,821.22
    assert bar["npv_at_high"] == pytest.approx(at(0.10), abs=0.01)  # 319,872.14


def test_tornado_sorted_widest_first():
    rows = uncertainty.sensitivity(defaults())
    swings = [r["swing"] for r in rows]
    # widest first; swings equal to 1e-9 of the widest are ties in register order (test_misleading_figures.py)
    assert all(a >= b - 1e-9 * swings[0] for a, b in zip(swings, swings[1:]))
    assert rows[0]["key"] == "attribution"


_PLAUSIBLE = {k: a for k, a in BY_KEY.items() if a.uncertain and k not in ("gap_closed",)}


@st.composite
def cases(draw):
    a = defaults()
    for key, entry in _PLAUSIBLE.items():
        lo, hi = entry.plausible
        if entry.unit == "EUR":
            lo = max(lo, 1_000.0)  # a programme costs something (0 is refused by the case)
        a[key] = draw(st.floats(min_value=lo, max_value=hi, allow_nan=False))
    a["headcount"] = float(draw(st.integers(min_value=5, max_value=5_000)))
    a["turnover_before"] = draw(st.floats(min_value=0.02, max_value=0.40))
    a["absence_before"] = draw(st.floats(min_value=0.01, max_value=0.12))
    return a


@settings(max_examples=30, deadline=None)
@given(cases())
def test_property_npv_is_linear_in_every_assumption_but_the_discount_rate(a):
    # So each tornado bar passes through the base NPV at the base value: a check on every bar.
    base = case.compute(a).npv
    for row in uncertainty.sensitivity(a):
        if row["key"] == "discount_rate" or row["high"] == row["low"]:
            continue
        t = (row["value"] - row["low"]) / (row["high"] - row["low"])
        line = row["npv_low"] + t * (row["npv_high"] - row["npv_low"])
        assert line == pytest.approx(base, rel=1e-9, abs=1e-4), row["key"]
        assert row["swing"] >= 0


# --- Beta-PERT ------------------------------------------------------------------------------


@pytest.mark.parametrize("key", sorted(uncertainty.ranges(defaults())))
def test_pert_sample_mean_matches_theory(key):
    low, mode, high = uncertainty.ranges(defaults())[key]
    n = 200_000
    x = uncertainty.pert_draws(np.random.default_rng(7), low, mode, high, n)
    assert low <= x.min() and x.max() <= high
    mean = (low + 4 * mode + high) / 6
    sd = math.sqrt((mean - low) * (high - mean) / 7)  # PERT variance, lambda = 4
    # Tolerance: 4 standard errors of the mean (a false alarm about once in 16,000 runs)
    assert abs(x.mean() - mean) <= 4 * sd / math.sqrt(n), (x.mean(), mean)
    # and the spread: sample sd within 2% of the PERT sd
    assert x.std() == pytest.approx(sd, rel=0.02)


def test_pert_parameters_and_moments_by_hand():
    # (0.07, 0.08, 0.11): alpha = 1 + 4 x 0.01/0.04 = 2, beta = 1 + 4 x 0.03/0.04 = 4
    assert uncertainty.pert_alpha_beta(0.07, 0.08, 0.11) == (2.0, 4.0)
    assert uncertainty.pert_mean(0.07, 0.08, 0.11) == pytest.approx(0.5 / 6)
    # Beta(2, 4) variance = 2 x 4 / (36 x 7) = 0.031746 (unit range) -> x 0.04^2
    assert uncertainty.pert_sd(0.07, 0.08, 0.11) ** 2 == pytest.approx(8 / 252 * 0.04**2)


# --- Monte Carlo ----------------------------------------------------------------------------


def test_collapsed_ranges_give_the_deterministic_case():
    a = defaults()
    a.update(turnover_after=0.09, attribution=0.4)
    point = {k: (a[k], a[k], a[k]) for k in uncertainty.ranges(a)}
    sim = uncertainty.simulate(a, draws=70_000, seed=3, ranges_=point)
    r = case.compute(a)
    p = sim.percentiles((1, 5, 50, 95, 99))
    assert p["npv"] == [r.npv] * 5
    assert p["roi"] == [r.roi] * 5
    assert sim.prob_positive == (1.0 if r.npv > 0 else 0.0)


def test_same_seed_same_numbers_any_threads():
    a = defaults()
    one = uncertainty.simulate(a, draws=150_000, seed=42, workers=1)
    two = uncertainty.simulate(a, draws=150_000, seed=42, workers=2)
    assert np.array_equal(one.npv, two.npv) and np.array_equal(one.roi, two.roi)
    other = uncertainty.simulate(a, draws=150_000, seed=43, workers=1)
    assert not np.array_equal(one.npv, other.npv)
    # Whole blocks are shared: a run of one block is the start of a longer run
    n = uncertainty.CHUNK
    assert np.array_equal(uncertainty.simulate(a, draws=n, seed=42).npv, one.npv[:n])


def test_simulation_is_plausible_around_the_case():
    sim = uncertainty.simulate(defaults(), draws=20_000, seed=1)
    p5, p50, p95 = sim.percentiles()["npv"]
    assert p5 < BASE_NPV < p95
    # Every draw is a complete case: ROI = NPV-free ratio, so P(ROI > 0) and P(NPV > 0) are close
    assert 0.9 < sim.prob_positive <= 1.0
    assert sim.histogram(10)[0][0] == pytest.approx(sim.npv.min())
    assert sum(c for _, _, c in sim.histogram(10)) == 20_000


def test_progress_reaches_the_total():
    calls = []
    uncertainty.simulate(defaults(), draws=140_000, seed=1, progress=lambda d, t: calls.append((d, t)), workers=1)
    assert calls[-1] == (140_000, 140_000)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    assert len(calls) == math.ceil(140_000 / uncertainty.CHUNK)


def test_eng_simulate_table_and_bad_draws():
    rows = ENG_SIMULATE([["headcount", 200]], 5_000, 9)
    assert rows[0] == ["", "P5", "P50", "P95", "Mean"]
    assert rows[1][1] < rows[1][2] < rows[1][3]
    assert rows == ENG_SIMULATE([["headcount", 200]], 5_000, 9)
    assert "draws = 0" in str(ENG_SIMULATE([["headcount", 200]], 0))
    assert "whole number" in str(ENG_SIMULATE([["headcount", 200]], 10.5))
    assert "seed" in str(ENG_SIMULATE([["headcount", 200]], 100, -1))


# --- break-even -----------------------------------------------------------------------------


def _plug(a, be):
    b = dict(a)
    b[be.key] = be.value
    return case.compute(b).npv


@pytest.mark.parametrize("lever", ["turnover", "absence", "productivity"])
def test_breakeven_round_trip_within_a_cent(lever):
    a = defaults()
    a.update(programme_cost_one_off=400_000.0, programme_cost_annual=150_000.0)
    be = uncertainty.breakeven(a, lever)
    assert abs(_plug(a, be)) < 0.01
    assert be.improvement > be.planned  # this expensive programme needs more than planned


def test_breakeven_turnover_alone_by_hand():
    a = defaults()
    a.update(productivity_gain=0.0, absence_after=a["absence_before"])
    be = uncertainty.breakeven(a, "turnover")
    # One point of turnover: 200 x 0.01 x 31,181.82 x 0.4 = 24,945.45 a year; PV factor 2.114134
    per_point = 200 * 0.01 * 31_181.818181818 * 0.4 * (0.5 / 1.08 + 1 / 1.08**2 + 1 / 1.08**3)
    assert be.improvement == pytest.approx(PV_COSTS / per_point * 0.01, rel=1e-9)  # 0.041990
    assert be.value == pytest.approx(0.12 - be.improvement)


def test_eng_breakeven_plugged_into_the_business_case():
    pairs = [["headcount", 120], ["productivity_gain", 0.0], ["programme_cost_annual", 80_000]]
    x = ENG_BREAKEVEN(pairs, "absence")
    npv = next(r[-1] for r in ENG_BUSINESS_CASE(pairs + [["absence_after", 0.056 - x]]) if r[0] == "NPV")
    assert abs(npv) < 0.01


def test_breakeven_on_gap_closed_in_benchmark_mode():
    a = defaults()
    a["benchmark_mode"] = 1
    be = uncertainty.breakeven(a, "gap_closed")
    assert 0 < be.improvement < 1 and abs(_plug(a, be)) < 0.01


@pytest.mark.parametrize(
    "change, lever, fragment",
    [
        ({"attribution": 0.0}, "turnover", "worth nothing"),
        ({"programme_cost_one_off": 50_000_000.0}, "turnover", "even turnover falling to 0%"),
        ({"programme_cost_one_off": 50_000_000.0}, "productivity", "no productivity improvement alone"),
        ({}, "gap_closed", "benchmark mode only"),
        ({}, "morale", "is not a lever"),
        ({"turnover_before": 0.0, "turnover_after": 0.0}, "turnover", "cannot fall"),
    ],
)
def test_breakeven_says_why_nothing_pays_back(change, lever, fragment):
    a = defaults()
    a.update(change)
    with pytest.raises(InputError) as e:
        uncertainty.breakeven(a, lever)
    assert fragment in str(e.value)


def test_breakeven_message_in_the_cell():
    assert "attribution" in str(ENG_BREAKEVEN([["attribution", 0]], "turnover"))
    assert "enter turnover" in str(ENG_BREAKEVEN([["headcount", 200]], None))


@settings(max_examples=30, deadline=None)
@given(cases(), st.sampled_from(["turnover", "absence", "productivity"]))
def test_property_breakeven_round_trip(a, lever):
    # Either the break-even puts NPV at 0, or the refusal's reason holds for this case.
    key = {"turnover": "turnover_after", "absence": "absence_after", "productivity": "productivity_gain"}[lever]
    best = {"turnover": 0.0, "absence": 0.0, "productivity": BY_KEY["productivity_gain"].allowed[1]}[lever]
    worst = {"turnover": 1.0, "absence": 1.0, "productivity": BY_KEY["productivity_gain"].allowed[0]}[lever]
    try:
        be = uncertainty.breakeven(a, lever)
    except InputError as e:
        if str(e).startswith("even "):
            assert case.compute({**a, key: best}).npv < 0, str(e)
        else:
            assert "pays back whatever happens" in str(e), str(e)
            assert case.compute({**a, key: worst}).npv > 0, str(e)
        return
    assert abs(_plug(a, be)) < 0.01


@pytest.mark.parametrize("alpha, beta", [(2, 4), (3, 3), (5, 1), (1, 5), (4, 2)])
def test_beta_sampler_matches_the_exact_cdf(alpha, beta):
    # For whole alpha, beta the Beta CDF is a binomial tail: I_x(a, b) = sum_{j=a}^{a+b-1} C(a+b-1, j) x^j (1-x)^(a+b-1-j)
    n = 200_000
    y = uncertainty.beta_draws(np.random.default_rng(11), alpha, beta, n)
    m = alpha + beta - 1
    for x in np.linspace(0.1, 0.9, 9):
        exact = sum(math.comb(m, j) * x**j * (1 - x) ** (m - j) for j in range(alpha, m + 1))
        empirical = np.count_nonzero(y <= x) / n
        # 4.5 binomial standard errors (45 checks: a false alarm well under once in 1,000 runs)
        assert abs(empirical - exact) <= 4.5 * math.sqrt(exact * (1 - exact) / n) + 1e-12, (x, empirical, exact)


def test_envelope_bounds_the_density():
    slot_step, top, bottom = ranges._envelope(2.6, 3.4)
    k = ranges.ENVELOPE_STEPS
    x = (np.arange(k)[:, None] + np.linspace(0, 1, 33)[None, :]) / k  # 33 points on every step
    f = x**1.6 * (1 - x) ** 2.4
    assert np.all(f <= top[:, None]) and np.all(f >= bottom[:, None])
    # every slot holds the same envelope area: a step's slots are proportional to its height
    counts = np.bincount(slot_step, minlength=k)
    assert top / counts == pytest.approx(np.full(k, top[0] / counts[0]), rel=1e-6)
    # and the raised envelope wastes little: at most 1/64 of the area above the tight one
    assert counts.sum() <= ranges.ENVELOPE_SLOTS + k
