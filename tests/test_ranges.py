"""Uncertainty ranges as inputs: the default rule around the user's own estimate, typed
ranges in the assumptions block / CSV / JSON / the template, and what the simulation
makes of them (docs/uncertainty-ranges.md)."""

from __future__ import annotations

import json

import numpy as np
import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xlengine import cli, resources
from xlengine.decision import uncertainty as U
from xlengine.engine import case
from xlengine.engine.errors import InputError
from xlengine.engine.register import BY_KEY, REGISTER, defaults
from xlengine.engine.validate import assumptions
from xlengine.udfs import ENG_RANGE, ENG_SIMULATE, ENG_SIMULATION_RESULT
from xlengine.workbook import layout, template
from xlengine.workbook.headless import fill_workbook


def _case(**kw):
    a = defaults()
    a.update(kw)
    return a


# The user-like cases of the issue: plans that differ from the embedded example.
USER_CASES = {
    "falls 12% -> 10%, productivity +1%": dict(turnover_before=0.12, turnover_after=0.10, productivity_gain=0.01),
    "rises 10% -> 11%": dict(turnover_before=0.10, turnover_after=0.11),
    "no productivity gain": dict(productivity_gain=0.0),
}


# --- the default rule ---------------------------------------------------------------------


def test_lever_ranges_follow_the_users_plan_whichever_direction():
    # register: turnover_after 7%..11% around a 4-point fall (12% -> 8%): half-width 2 points,
    # 0.5 of the planned improvement. A planned rise of 1 point (10% -> 11%) gets 11% -/+ 0.5 point.
    low, mode, high = U.ranges(_case(turnover_before=0.10, turnover_after=0.11))["turnover_after"]
    assert (low, mode, high) == pytest.approx((0.105, 0.11, 0.115), abs=1e-12)
    # a 2-point fall 12% -> 10%: 10% -/+ 1 point (the old rule kept the register's 7%..11%)
    assert U.ranges(_case(turnover_after=0.10))["turnover_after"] == pytest.approx((0.09, 0.10, 0.11), abs=1e-12)
    # absence 5.6% -> 4.1% in the register, 3.5%..5.0%: half-width 0.75 point over 1.5 points = 0.5
    assert U.ranges(_case(absence_after=0.046))["absence_after"] == pytest.approx((0.041, 0.046, 0.051), abs=1e-12)


@settings(max_examples=200, deadline=None)
@given(st.floats(0.0, 0.4), st.floats(0.0, 0.4), st.floats(-0.05, 0.1))
def test_lever_ranges_are_centred_on_the_plan_and_inside_the_allowed_range(before, after, gain):
    a = _case(turnover_before=before, turnover_after=after, productivity_gain=gain)
    r = U.ranges(a)
    for key in ("turnover_after", "productivity_gain"):
        low, mode, high = r[key]
        lo, hi = BY_KEY[key].allowed
        assert lo <= low <= mode <= high <= hi
        if low > lo and high < hi:  # not clipped: symmetric around the user's value
            assert mode - low == pytest.approx(high - mode, abs=1e-12)
    # no improvement planned: no range
    assert U.ranges(_case(turnover_before=before, turnover_after=before))["turnover_after"] == (before, before, before)


def test_other_assumptions_scale_with_the_value():
    # programme_cost_one_off: register 90,000..130,000 around 100,000 -> x 0.9 .. x 1.3
    assert U.ranges(_case(programme_cost_one_off=200_000.0))["programme_cost_one_off"] == (180_000.0, 200_000.0, 260_000.0)
    # cover_share: default 0 with 0..0.3: shifted by the value
    assert U.ranges(_case(cover_share=0.2))["cover_share"] == pytest.approx((0.2, 0.2, 0.5))


def test_p5_moves_continuously_with_the_users_value():
    # The old rule jumped at the register's edge: turnover_after 11.0% gave P5 28,952, 11.1% gave
    # -38,528 while the base NPV moved 5k. Now P5 moves about as much as the base NPV does.
    grid = np.round(np.arange(0.100, 0.1201, 0.001), 6)
    p5, base = [], []
    for t in grid:
        a = _case(turnover_after=float(t))
        p5.append(U.simulate(a, 10_000, 1).percentiles()["npv"][0])
        base.append(case.compute(a).npv)
    assert np.max(np.abs(np.diff(p5))) < 1.5 * np.max(np.abs(np.diff(base)))


def test_productivity_zero_stays_zero_in_every_draw_and_scenario():
    a = _case(productivity_gain=0.0)
    assert U.ranges(a)["productivity_gain"] == (0.0, 0.0, 0.0)
    s = U.scenarios(a)
    assert s["conservative"]["productivity_gain"] == s["optimistic"]["productivity_gain"] == 0.0
    # Independent check: with no productivity gain the value of an FTE's output cannot move the
    # NPV; the draws of every other assumption are the same streams, so NPV is bit-identical.
    sim = U.simulate(a, 20_000, 7)
    other = U.simulate(dict(a, value_per_fte=6_000_000.0), 20_000, 7)
    assert np.array_equal(sim.npv, other.npv)


def _symmetric(a, share=0.1):
    """Typed ranges value -/+ share x value for every uncertain key, kept inside the allowed range."""
    out = dict(a)
    for key, (_, m, _) in U.ranges(a).items():
        lo, hi = BY_KEY[key].allowed
        h = share * min(abs(m), m - lo, hi - m)
        out[f"{key}_low"], out[f"{key}_high"] = m - h, m + h
    return assumptions(out)  # checked as a user's block would be


@pytest.mark.parametrize("name", list(USER_CASES) + ["default"])
def test_median_is_near_the_base_npv_when_ranges_are_symmetric(name):
    a = _case(**USER_CASES.get(name, {}))
    base = case.compute(a).npv
    sim = U.simulate(_symmetric(a), 50_000, 1)
    p5, p50, p95 = sim.percentiles()["npv"]
    assert abs(p50 / base - 1) < 0.03  # measured: within 1%
    assert abs(sim.npv.mean() / base - 1) < 0.01  # the case is multilinear: the mean is the base
    assert p5 < base < p95


@pytest.mark.parametrize("name", list(USER_CASES))
def test_default_rule_keeps_the_median_near_the_users_case(name):
    # The old rule gave the rising-turnover case a median of 601,170 against a base of 380,257.
    a = _case(**USER_CASES[name])
    base = case.compute(a).npv
    p5, p50, p95 = U.simulate(a, 20_000, 1).percentiles()["npv"]
    assert p5 < base < p95
    assert abs(p50 - base) < 0.35 * (p95 - p5)


# --- typed ranges -------------------------------------------------------------------------


def test_point_ranges_for_every_key_give_the_deterministic_npv():
    block = [[a.key, float(a.default), float(a.default), float(a.default)] for a in REGISTER]
    npv = case.compute(defaults()).npv
    rows = ENG_SIMULATE(block, 2_000.0, 1.0)
    assert rows[1][1:4] == [npv, npv, npv]  # P5 = P50 = P95 = the case's NPV
    assert ENG_SIMULATION_RESULT(block, "npv_p95", 2_000.0, 1.0) == npv
    # a user's own case too
    a = _case(**USER_CASES["rises 10% -> 11%"])
    block = [[k, v, v, v] for k, v in a.items()]
    assert ENG_SIMULATE(block, 500.0, 3.0)[1][1:4] == [case.compute(a).npv] * 3


def test_four_column_block_with_blanks_takes_the_default_rule_per_end():
    two = ENG_RANGE([["turnover_after", 0.11], ["turnover_before", 0.10]], "turnover_after", "high")
    assert two == pytest.approx(0.115)
    four = [["key", "value", "low", "high"], ["turnover_before", 0.10, None, None], ["turnover_after", 0.11, 0.10, ""]]
    assert ENG_RANGE(four, "turnover_after", "low") == 0.10  # typed
    assert ENG_RANGE(four, "turnover_after", "high") == pytest.approx(0.115)  # blank: the rule


@pytest.mark.parametrize(
    "row,message",
    [
        (["turnover_after", 0.08, 0.09, None], "turnover_after_low = 0.09 is above the value turnover_after = 0.08"),
        (["turnover_after", 0.08, None, 0.07], "turnover_after_high = 0.07 is below the value turnover_after = 0.08"),
        (["turnover_after", 0.08, -0.01, None], "turnover_after_low = -0.01 is outside the allowed range 0% to 100%"),
        (["headcount", 200.0, 150.0, 250.0], "headcount, which is a decision or a fact, not an estimate"),
    ],
)
def test_bad_typed_range_is_one_sentence_naming_it(row, message):
    with pytest.raises(InputError, match=message.replace("(", r"\(")):
        assumptions({row[0]: row[1], f"{row[0]}_low": row[2], f"{row[0]}_high": row[3]})
    shown = ENG_SIMULATE([row], 100.0, 1.0)
    assert isinstance(shown, InputError) and message in str(shown)  # a failed call is a failure value


def test_three_columns_is_refused_by_name():
    assert (
        str(ENG_SIMULATE([["turnover_after", 0.08, 0.07]], 100.0, 1.0))
        == "assumptions has 3 columns: select two (key, value) or four (key, value, low, high)."
    )


def test_cli_csv_and_json_carry_low_and_high(tmp_path, capsys):
    csv_file = tmp_path / "case.csv"
    csv_file.write_text("key,value,low,high\nturnover_before,10%,,\nturnover_after,11%,10.5%,12%\n", encoding="utf-8")
    assert cli.main(["simulate", str(csv_file), "--draws", "500", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ranges"]["turnover_after"] == pytest.approx({"low": 0.105, "most_likely": 0.11, "high": 0.12})
    json_file = tmp_path / "case.json"
    json_file.write_text(json.dumps({"turnover_after": {"value": 0.08, "low": 0.08, "high": 0.08}, "headcount": 100}))
    assert cli.main(["simulate", str(json_file), "--draws", "500", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ranges"]["turnover_after"] == {"low": 0.08, "most_likely": 0.08, "high": 0.08}
    # a header names the columns, wherever they stand; other columns (a source note) are ignored
    named = tmp_path / "named.csv"
    named.write_text("key,value,source,high,low\nturnover_after,0.08,HR plan,0.085,0.075\n", encoding="utf-8")
    assert cli.main(["simulate", str(named), "--draws", "500", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ranges"]["turnover_after"] == {"low": 0.075, "most_likely": 0.08, "high": 0.085}
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"turnover_after": {"value": 0.08, "low": 0.09}}))
    assert cli.main(["simulate", str(bad)]) == 2
    assert "turnover_after_low = 0.09 is above the value turnover_after = 0.08" in capsys.readouterr().err


# --- the template: low/high inputs, derived until typed -----------------------------------


def test_template_prefills_low_high_with_the_default_rule():
    cache = template.cached_values()
    a = defaults()
    for a_ in REGISTER:
        if not a_.uncertain:
            continue
        low, high = U.default_range(a_.key, a)
        assert cache[layout.RANGE_CELL[(a_.key, "low")]] == pytest.approx(low)
        assert cache[layout.RANGE_CELL[(a_.key, "high")]] == pytest.approx(high)
        assert cache[layout.RANGE_ORIGIN_CELL[a_.key]] == "derived"


def test_template_typed_range_reaches_the_simulation_and_the_audit(tmp_path, capsys):
    filled = fill_workbook(resources.path_of(resources.TEMPLATE), tmp_path / "typed.xlsm", defaults())
    book = openpyxl.load_workbook(filled, keep_vba=True)
    ws = book[layout.ASSUMPTIONS_SHEET]
    low_cell, high_cell = (layout.RANGE_CELL[("turnover_after", e)][1] for e in ("low", "high"))
    ws[low_cell], ws[high_cell] = 0.08, 0.08  # typed: a point range
    book.save(filled)
    assert cli.main(["compute", str(filled), "-o", str(tmp_path / "r.xlsx"), "--json"]) == 0
    capsys.readouterr()
    from xlengine.workbook import evaluate

    ev = evaluate.evaluate(filled)
    origin = layout.RANGE_ORIGIN_CELL["turnover_after"]
    assert ev.value(*origin) == "typed"
    assert ev.value(*layout.RANGE_ORIGIN_CELL["attribution"]) == "derived"
    # the tornado's turnover bar is now zero wide: the decision sheets read the typed range
    r = U.sensitivity(dict(defaults(), turnover_after_low=0.08, turnover_after_high=0.08))
    assert next(x for x in r if x["key"] == "turnover_after")["swing"] == 0.0
    # low above the value: the audit names the cell
    ws[low_cell] = 0.09
    book.save(filled)
    assert cli.main(["audit", str(filled), "--json"]) == 1
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert [(f["cell"], f["check"]) for f in findings if f["check"] == "range-order"] == [(low_cell, "range-order")]
