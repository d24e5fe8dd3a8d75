"""Issue 17, what misleads a new user at the edges: sources beside the user's own figures,
benchmark mode's one source of values, strict JSON, tornado ties (points 2, 4, 5, 6).

Every expected figure is worked out here by hand from the register's published defaults
(see oracle.py) and the Gallup gaps of the 2024 edition (productivity +14%, absenteeism
-78%, low-turnover -51%).
"""

from __future__ import annotations

import json
import math

import openpyxl
import pytest

import oracle
from xlengine.cli import main
from xlengine.cli.jsonout import dumps, strict
from xlengine.decision import uncertainty
from xlengine.engine.errors import InputError
from xlengine.engine.register import defaults


def run(capsys, *argv):
    code = main([str(x) for x in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def strict_json(text: str):
    """json.loads that refuses NaN / Infinity (what a strict reader does)."""

    def refuse(name):
        raise ValueError(f"not JSON: {name}")

    return json.loads(text, parse_constant=refuse)


# A Dutch organisation's own assumptions file (`;`, decimal commas): 118 FTE, 14% -> 10% turnover.
DUTCH_CASE = "sleutel;waarde\nheadcount;118\nturnover_before;14%\nturnover_after;10%\n"
# The same organisation in benchmark mode, closing 15% of the Gallup gap; its typed targets stay in the file.
BENCHMARK_CASE = DUTCH_CASE + "benchmark_mode;1\ngap_closed;15%\nproductivity_gain;2%\n"
# 118 x 0.14 x (1 - 0.15 x 0.51) = 15.25914 leavers a year now after 16.52: 118 x 0.14 = 16.52
TURNOVER_AFTER_BENCHMARK = 0.14 * (1 - 0.15 * 0.51)  # 0.129290
ABSENCE_AFTER_BENCHMARK = 0.056 * (1 - 0.15 * 0.78)  # 0.049448
PRODUCTIVITY_BENCHMARK = 0.15 * 0.14  # 0.021


# --- point 2: "your input" beside the user's own figure -----------------------------------


def test_case_text_says_your_input_beside_the_users_figures(tmp_path, capsys):
    f = tmp_path / "eigen.csv"
    f.write_text(DUTCH_CASE, encoding="utf-8")
    code, out, _ = run(capsys, "case", f)
    assert code == 0
    lines = {
        line.split()[0]: line
        for line in out.split("Assumptions and sources")[1].splitlines()[3:]
        if line.startswith("  ") and line.split()
    }
    assert lines["headcount"].split()[1:] == ["118", "your", "input", "(eigen.csv)"]
    assert "200 FTE" not in lines["headcount"]
    assert lines["turnover_before"].split()[1:] == ["14.0%", "your", "input", "(eigen.csv)"]
    # a key the user did not give keeps the register's source
    assert "CBS" in lines["absence_before"]
    # productivity: 118 FTE x EUR 60,000 x 2% = EUR 141,600 gross a year
    assert "EUR 141,600  = 118 FTE x EUR 60,000 x 2.0%" in out


def test_case_json_marks_the_users_keys_and_their_source(tmp_path, capsys):
    f = tmp_path / "eigen.csv"
    f.write_text(DUTCH_CASE, encoding="utf-8")
    code, out, _ = run(capsys, "case", f, "--json")
    data = strict_json(out)
    assert code == 0
    assert data["user_keys"] == ["headcount", "turnover_after", "turnover_before"]
    assert data["sources"]["headcount"] == "your input (eigen.csv)"
    assert data["sources"]["absence_before"].startswith("CBS")
    assert data["assumptions"]["headcount"] == 118.0
    assert data["not_used"] == {}


def test_case_dutch_text_names_eigen_invoer(tmp_path, capsys):
    f = tmp_path / "eigen.csv"
    f.write_text(DUTCH_CASE, encoding="utf-8")
    _, out, _ = run(capsys, "case", f, "--language", "nl")
    assert "eigen invoer (eigen.csv)" in out


# --- point 4: benchmark mode, one source of values ------------------------------------------


def test_case_in_benchmark_mode_shows_the_values_it_uses(tmp_path, capsys):
    f = tmp_path / "gallup.csv"
    f.write_text(BENCHMARK_CASE, encoding="utf-8")
    code, out, _ = run(capsys, "case", f)
    assert code == 0
    # 118 FTE x EUR 60,000 x 2.1% = EUR 148,680 gross a year (not the typed 2%)
    assert "EUR 148,680  = 118 FTE x EUR 60,000 x 2.1%" in out
    rows = {
        line.split()[0]: line
        for line in out.split("Assumptions and sources")[1].splitlines()
        if line.startswith("  ") and line.split()
    }
    assert rows["productivity_gain"].split()[1] == "2.1%"
    assert "benchmark mode: 15% of the Gallup Q12 2024 quartile gap" in rows["productivity_gain"]
    assert (
        rows["turnover_after"].split()[1] == f"{TURNOVER_AFTER_BENCHMARK * 100:.2f}%" == "12.93%"
    )  # rates to two decimals where they have them
    code, out, _ = run(capsys, "case", f, "--json")
    data = strict_json(out)
    assert data["assumptions"]["productivity_gain"] == pytest.approx(PRODUCTIVITY_BENCHMARK, abs=1e-15)
    assert data["assumptions"]["turnover_after"] == pytest.approx(TURNOVER_AFTER_BENCHMARK, abs=1e-15)
    assert data["assumptions"]["absence_after"] == pytest.approx(ABSENCE_AFTER_BENCHMARK, abs=1e-15)
    assert data["not_used"] == {"turnover_after": 0.10, "absence_after": 0.041, "productivity_gain": 0.02}
    # the headline in the same JSON follows the same values: productivity 148,680 a year x 40% x 2.5 years
    assert data["summary"]["productivity_savings"] == pytest.approx(118 * 60_000 * PRODUCTIVITY_BENCHMARK * oracle.COUNTED * 2.5)


def test_breakeven_on_a_lever_refuses_in_benchmark_mode(tmp_path, capsys):
    f = tmp_path / "gallup.csv"
    f.write_text(BENCHMARK_CASE, encoding="utf-8")
    code, out, err = run(capsys, "breakeven", f, "--lever", "turnover")
    assert code == 2 and out == ""
    assert "lever turnover has no break-even in benchmark mode" in err and "--lever gap_closed" in err
    assert len(err.strip().splitlines()) == 1
    code, out, _ = run(capsys, "breakeven", f, "--lever", "gap_closed", "--json")
    assert code == 0 and 0 < strict_json(out)["improvement"] < 1


def test_breakeven_outside_benchmark_mode_is_unchanged():
    # the hand-worked break-even of oracle.py: turnover alone, 4.34 points
    a = defaults()
    be = uncertainty.breakeven(a, "turnover")
    assert be.improvement * 100 == pytest.approx(oracle.breakeven_points(oracle.TURNOVER, oracle.TURNOVER_PER_POINT), abs=1e-9)
    a["benchmark_mode"] = 1
    with pytest.raises(InputError, match="no break-even in benchmark mode"):
        uncertainty.breakeven(a, "productivity")


# --- point 5: strict JSON -----------------------------------------------------------------

# No payback: a one-off cost of EUR 5,000,000 against the default benefits (669,455 in 3 years).
NO_PAYBACK = "key,value\nprogramme_cost_one_off,5000000\n"


def test_case_json_without_payback_is_strict_with_a_reason(tmp_path, capsys):
    f = tmp_path / "dear.csv"
    f.write_text(NO_PAYBACK, encoding="utf-8")
    code, out, _ = run(capsys, "case", f, "--json")
    assert code == 0 and "Infinity" not in out and "NaN" not in out
    s = strict_json(out)["summary"]
    assert s["payback_months"] is None and s["payback_reason"] == "No payback within 3 years"
    # ROI = 669,454.55 / (5,000,000 + 150,000) - 1
    assert s["roi"] == pytest.approx(oracle.BENEFITS / 5_150_000 - 1)


@pytest.mark.parametrize(
    "command",
    [
        ["simulate", "--draws", "200"],
        ["scenarios"],
        ["sensitivity"],
        ["breakeven", "--lever", "absence"],
        ["story", "--draws", "200"],
    ],
)
def test_every_decision_json_is_strict_without_payback(tmp_path, capsys, command):
    f = tmp_path / "dear.csv"
    f.write_text(NO_PAYBACK, encoding="utf-8")
    code, out, err = run(capsys, command[0], f, *command[1:], "--json")
    assert code in (0, 2), err
    if code == 0:
        strict_json(out)


def test_teams_json_with_no_saving_is_strict(tmp_path, capsys):
    # every team at its targets already: nothing to save, so no share of a total of 0
    a = tmp_path / "a.csv"
    a.write_text("key,value\nturnover_after,0.12\nabsence_after,0.056\nproductivity_gain,0\n", encoding="utf-8")
    t = tmp_path / "t.csv"
    t.write_text("team,headcount\nSales,10\nOps,20\n", encoding="utf-8")
    code, out, _ = run(capsys, "teams", t, a, "--json")
    rows = strict_json(out)
    assert code == 0 and all(r["Share of total"] is None for r in rows)


def test_strict_turns_every_non_finite_into_null():
    import numpy as np

    assert strict([math.inf, -math.inf, math.nan, np.float64("nan"), (1.5, np.int32(2))]) == [None, None, None, None, [1.5, 2]]
    assert dumps({"x": float("inf")}) == '{\n  "x": null\n}'


# --- point 6: tornado ties keep register order ----------------------------------------------


def test_tornado_ties_keep_register_order():
    """Two exact ties of the default case, which floating point ranks by 1e-10 EUR noise:

    * continued_pay (0.7 .. 1.0) and cover_share (0 .. 0.3) both move the cost of a sick day
      by 0.3 x 60,000 / 220: 200 x 220 x 1.5% = 660 days x 81.82 = EUR 54,000 a year gross;
    * recruitment_cost (3,000 .. 8,000) moves 8 leavers x 5,000 = EUR 40,000 a year and
      value_per_fte (55,000 .. 65,000) moves 200 x 2% x 10,000 = EUR 40,000 a year.
    Both pairs swing NPV by gross x oracle.WEIGHT; register order puts continued_pay before
    cover_share and recruitment_cost before value_per_fte.
    """
    rows = uncertainty.sensitivity(defaults())
    keys = [r["key"] for r in rows]
    swing = {r["key"]: r["swing"] for r in rows}
    assert swing["continued_pay"] == pytest.approx(54_000 * oracle.WEIGHT, rel=1e-12)
    assert swing["cover_share"] == pytest.approx(54_000 * oracle.WEIGHT, rel=1e-12)
    assert swing["recruitment_cost"] == pytest.approx(40_000 * oracle.WEIGHT, rel=1e-12)
    assert swing["value_per_fte"] == pytest.approx(40_000 * oracle.WEIGHT, rel=1e-12)
    assert keys.index("continued_pay") + 1 == keys.index("cover_share")
    assert keys.index("recruitment_cost") + 1 == keys.index("value_per_fte")
    # the rest stays widest first
    assert all(a["swing"] >= b["swing"] * (1 - 1e-9) for a, b in zip(rows, rows[1:]))


def test_tornado_rank_keeps_substantial_differences():
    rows = [{"key": k, "swing": s} for k, s in (("a", 100.0), ("b", 100.0 + 1e-8), ("c", 100.0 + 1e-3), ("d", 50.0))]
    ranked = [r["key"] for r in sorted(rows, key=uncertainty._tornado_rank(rows))]
    assert ranked == ["c", "a", "b", "d"]  # a and b tie (1e-10 of 100); c is wider by a real 0.001


# --- point 7: a team under the privacy minimum on the Teams sheet -----------------------------


def test_eng_enps_ci_states_a_team_under_five_answers():
    from xlengine.excel import functions as F

    scores = [[10], [9], [3], [8], [10], [9], [9], [2], [10]]
    teams = [["Sales"]] * 4 + [["Ops"]] * 5
    assert F.ENG_ENPS_CI(scores, 0.95, "enps", teams, "Sales") == "fewer than 5 answers"
    assert F.ENG_ENPS_CI(scores, 0.95, "low", teams, "Sales") is None
    assert F.ENG_ENPS_CI(scores, 0.95, "wide", teams, "Sales") is None
    assert F.ENG_ENPS_CI(scores, 0.95, "answers", teams, "Sales") == 4.0
    # Ops: 5 answers, promoters 10, 9, 9, 10 (4), detractors 2 (1): eNPS 100 x (4 - 1) / 5 = 60
    assert F.ENG_ENPS_CI(scores, 0.95, "enps", teams, "Ops") == pytest.approx(60.0)
    # without teams the whole survey under 5 answers is still refused (the Survey sheet's own cell)
    assert "at least 5" in str(F.ENG_ENPS_CI([[10], [9]]))


def test_teams_sheet_team_under_five_answers_is_no_error(tmp_path):
    """The template's Survey sheet gives each example team 5 answers (C5:C24); moving the
    first answer (Operations) to Sales leaves Operations 4: its Teams row says so."""
    from xlengine import resources
    from xlengine.workbook import jobs
    from xlengine.workbook import layout as L

    book = openpyxl.load_workbook(resources.path_of(resources.TEMPLATE), keep_vba=True)
    survey = book[L.SURVEY_SHEET]
    assert survey[f"C{L.SURVEY_FIRST_ROW}"].value == "Operations"
    survey[f"C{L.SURVEY_FIRST_ROW}"] = "Sales"
    path = tmp_path / "edited.xlsm"
    book.save(path)
    ev, findings = jobs.audit_workbook(path)
    row = L.TEAMS_HEADER_ROW + 1  # Operations, the first example team
    col = lambda field: L.col_letter(L.TEAM_ENPS_FIRST_COL + L.TEAM_ENPS_COLUMNS.index(field))  # noqa: E731
    assert ev.value(L.TEAMS_SHEET, f"A{row}") == "Operations"
    assert ev.value(L.TEAMS_SHEET, f"{col('enps')}{row}") == "fewer than 5 answers"
    assert ev.value(L.TEAMS_SHEET, f"{col('answers')}{row}") == 4.0
    assert ev.value(L.TEAMS_SHEET, f"{col('low')}{row}") in (None, "")
    assert not [f for f in findings if f.sheet == L.TEAMS_SHEET and f.severity == "error"]
    # Sales now has 6 answers and an eNPS (a number)
    assert isinstance(ev.value(L.TEAMS_SHEET, f"{col('enps')}{row + 1}"), float)


# --- points 2 and 4 in the workbook and the board report --------------------------------------


@pytest.fixture(scope="module")
def benchmark_report(tmp_path_factory):
    """The template with 118 FTE, benchmark mode on and 15% of the gap closed, computed
    without Excel into a board report."""
    from xlengine import resources
    from xlengine.workbook import jobs
    from xlengine.workbook.headless import fill_workbook

    d = tmp_path_factory.mktemp("benchmark")
    values = defaults()
    values.update(headcount=118.0, benchmark_mode=1.0, gap_closed=0.15)
    book = fill_workbook(resources.path_of(resources.TEMPLATE), d / "gallup.xlsm", values)
    computed, report = jobs.run_compute(book, d / "report.xlsx", force=False)
    return computed, openpyxl.load_workbook(report)


# 118 FTE, benchmark mode, 15% of the 2024 gap (by hand, independent of xlengine):
#   turnover after 12% x (1 - 0.15 x 0.51) = 11.082%: 118 x 0.918 points = 1.08324 leavers avoided a year
#   absence after 5.6% x (1 - 0.15 x 0.78) = 4.9448%: 118 x 220 x 0.6552% days x 60,000/220 = EUR 46,388.16
#   productivity 0.15 x 14% = 2.1%: 118 x 60,000 x 2.1% = EUR 148,680
LEAVERS = 118 * 0.12 * 0.15 * 0.51
ABSENCE_GROSS = 118 * 0.056 * 0.15 * 0.78 * 60_000
PRODUCTIVITY_GROSS = 118 * 60_000 * 0.15 * 0.14


def test_business_case_lever_lines_follow_benchmark_mode(benchmark_report):
    from xlengine.workbook import layout as L

    computed, _ = benchmark_report
    ev = computed.evaluation
    lever = lambda name: ev.value(L.CASE_SHEET, L.cell(L.LEVER_ROW[name], L.CASE_VALUE_COL))  # noqa: E731
    assert lever("leavers_avoided") == pytest.approx(LEAVERS, rel=1e-12)
    assert lever("turnover_savings_gross") == pytest.approx(LEAVERS * oracle.COST_PER_LEAVER, rel=1e-12)
    assert lever("absence_savings_gross") == pytest.approx(ABSENCE_GROSS, rel=1e-12)
    assert lever("productivity_gain_gross") == pytest.approx(PRODUCTIVITY_GROSS, rel=1e-12)
    # the headline over the horizon is the same gross x 40% x 2.5 years
    assert computed.case.summary()["productivity_savings"] == pytest.approx(PRODUCTIVITY_GROSS * oracle.COUNTED * 2.5, rel=1e-12)
    assert ev.value(*L.IN_USE_CELL["turnover_after"]) == pytest.approx(0.12 * (1 - 0.15 * 0.51), abs=1e-15)
    # the workbook's Board shows the values used, not the typed 8% / 4.1% / 2%
    assert ev.value(*L.BOARD_ASSUMPTION_CELLS["productivity_gain"]) == pytest.approx(0.021, abs=1e-15)
    assert ev.value(*L.BOARD_ASSUMPTION_CELLS["absence_after"]) == pytest.approx(0.056 * (1 - 0.15 * 0.78), abs=1e-15)


def test_report_shows_the_values_used_and_your_input(benchmark_report):
    from xlengine.workbook import layout as L

    _, report = benchmark_report
    board = report["Board"]
    rows = {board.cell(r, 1).value: (board.cell(r, 2).value, board.cell(r, 3).value) for r in range(1, board.max_row + 1)}
    from xlengine.engine.register import BY_KEY

    value, source = rows[BY_KEY["productivity_gain"].label_en]
    assert value == pytest.approx(0.021, abs=1e-15)
    assert source.startswith("benchmark mode: 15% of the Gallup Q12 2024 quartile gap")
    sheet = report[L.ASSUMPTIONS_SHEET]
    row = L.ASSUMPTION_ROW["headcount"]
    assert sheet[f"B{row}"].value == 118
    assert sheet[f"M{row}"].value == f"your input (cell Assumptions!B{row})"
    assert "200 FTE" not in sheet[f"M{row}"].value
    assert sheet[f"M{L.ASSUMPTION_ROW['absence_before']}"].value.startswith("CBS")  # not given: the register's source


def test_template_in_normal_mode_keeps_its_figures():
    from xlengine.workbook import layout as L
    from xlengine.workbook.template import cached_values

    cells = cached_values()
    assert cells[L.IN_USE_CELL["turnover_after"]] == 0.08
    assert cells[(L.CASE_SHEET, L.cell(L.LEVER_ROW["leavers_avoided"], L.CASE_VALUE_COL))] == pytest.approx(8.0, abs=1e-12)
    assert cells[L.HEADLINES["npv"]] == pytest.approx(oracle.NPV, abs=1e-6)


def test_evidence_json_with_too_few_teams_is_strict(tmp_path, capsys):
    """Two teams give no fit: slope, interval and after are null (not NaN), the reason says why."""
    t = tmp_path / "teams.csv"
    t.write_text("team,headcount,turnover_before,enps_before\nA,20,0.10,40\nB,30,0.15,10\n", encoding="utf-8")
    code, out, err = run(capsys, "evidence", t, "--outcome", "turnover", "--json")
    assert code == 1, err
    (r,) = strict_json(out)
    assert r["slope"] is None and r["after"] is None and r["teams"] == 2
    assert "at least 8 needed" in r["reason"]


from hypothesis import given, strategies as st  # noqa: E402


@given(
    st.lists(st.floats(min_value=0.0, max_value=0.5), min_size=1, max_size=8),
    st.floats(min_value=0.0, max_value=0.5),
    st.floats(min_value=0.0, max_value=0.5),
)
def test_property_a_blank_target_never_gives_a_negative_saving(befores, org_before, org_after):
    """A team with its own turnover and a blank target saves max(0, before - target) points."""
    from xlengine.decision import teams

    org = defaults()
    org.update(turnover_before=org_before, turnover_after=min(org_after, org_before))
    rows = [["team", "headcount", "turnover_before"], *([f"T{i}", 10, b] for i, b in enumerate(befores))]
    t = teams.analyse(teams.parse_table(rows), org)
    per_rate = 10 * oracle.COST_PER_LEAVER * oracle.COUNTED  # 10 FTE: a fall of x in the rate is 10x leavers
    for i, b in enumerate(befores):
        expected = max(0.0, b - org["turnover_after"]) * per_rate
        assert t.per_year["turnover"][i] == pytest.approx(expected, abs=1e-6)
        assert bool(t.kept["turnover_after"][i]) == (b <= org["turnover_after"])


@given(st.lists(st.sampled_from([1.0, 1.0 + 1e-12, 2.0, 2.0 - 1e-12, 3.0]), min_size=1, max_size=10))
def test_property_tornado_ties_keep_input_order(swings):
    rows = [{"key": f"k{i}", "swing": s} for i, s in enumerate(swings)]
    ranked = sorted(rows, key=uncertainty._tornado_rank(rows))
    groups = [round(r["swing"]) for r in ranked]
    assert groups == sorted(groups, reverse=True)  # widest (3, 2, 1) first
    for g in set(groups):  # within a tie: input order
        keys = [int(r["key"][1:]) for r in ranked if round(r["swing"]) == g]
        assert keys == sorted(keys)
