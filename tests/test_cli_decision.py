"""Command line: simulate (with its progress bar), scenarios, sensitivity, breakeven, story, teams."""

import io
import json

import pytest

import oracle
from xlengine.cli import main
from xlengine.cli.decision import ProgressBar
from xlengine.decision import uncertainty
from xlengine.engine.register import defaults


@pytest.fixture
def files(tmp_path):
    a = tmp_path / "a.csv"
    a.write_text("key,value\nheadcount,200\n", encoding="utf-8")
    t = tmp_path / "teams.csv"
    t.write_text("team,headcount,turnover_before,turnover_after\nSales,40,15%,10%\nIT,4,,\nOps,156,,\n", encoding="utf-8")
    return a, t


def run(capsys, *argv):
    code = main([str(x) for x in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_simulate_json_matches_the_engine(files, capsys):
    code, out, err = run(capsys, "simulate", files[0], "--draws", 20_000, "--seed", 5, "--json")
    assert code == 0 and err == ""  # a short run shows no progress bar
    data = json.loads(out)
    # The command prints the engine's simulation unchanged (test_uncertainty.py checks the
    # simulation itself against exact distributions) ...
    sim = uncertainty.simulate(defaults(), 20_000, 5)
    assert data["npv"]["p5"] == sim.percentiles()["npv"][0]
    assert data["prob_npv_positive"] == sim.prob_positive
    # ... and what it prints is a distribution around the hand-worked plan.
    assert data["npv"]["p5"] < oracle.NPV < data["npv"]["p95"]
    assert 0.5 < data["prob_npv_positive"] < 1
    # 8% -/+ 0.5 x the planned 4-point fall (the default range rule)
    assert data["ranges"]["turnover_after"] == pytest.approx({"low": 0.06, "most_likely": 0.08, "high": 0.10}, abs=1e-12)


def test_simulate_text_and_bad_draws(files, capsys):
    code, out, _ = run(capsys, "simulate", files[0], "--draws", 1000)
    assert code == 0 and "With 90% probability the NPV lies between EUR" in out
    code, _, err = run(capsys, "simulate", files[0], "--draws", 0)
    assert code == 2 and "--draws = 0 is outside" in err


def test_progress_bar_appears_only_after_a_second():
    now = [0.0]
    stream = io.StringIO()
    bar = ProgressBar("simulating", stream=stream, clock=lambda: now[0])
    bar(1, 4)
    assert stream.getvalue() == ""  # 0 s: nothing
    now[0] = 1.5
    bar(2, 4)
    assert "50.0%" in stream.getvalue() and "2 / 4" in stream.getvalue()
    bar(4, 4)
    assert stream.getvalue().endswith("100.0%  4 / 4\n")


def _npv_with_attribution(attribution: float) -> float:
    # benefits scale with attribution (0.5 in the plan); costs do not
    return oracle.npv(oracle.cash_flows((oracle.TURNOVER + oracle.ABSENCE + oracle.PRODUCTIVITY) * attribution / 0.5))


# Ops: 156 people at the defaults, counted at 40%: 156 x (4% x 31,181.82 + 60,000 x 1.5% + 60,000 x 2%) x 0.4
OPS_PER_YEAR = 156 * (0.04 * oracle.COST_PER_LEAVER + 60_000 * 0.015 + 60_000 * 0.02) * oracle.COUNTED  # 208,870


def test_scenarios_sensitivity_breakeven_story_teams(files, capsys):
    a, t = files
    code, out, _ = run(capsys, "scenarios", a, "--json")
    rows = json.loads(out)
    assert code == 0 and rows[0] == [
        "Measure",
        "Stress test: all unfavourable at once",
        "Base",
        "Stress test: all favourable at once",
    ]
    assert next(r for r in rows if r[0] == "NPV")[2] == pytest.approx(oracle.NPV, abs=1e-6)
    code, out, _ = run(capsys, "sensitivity", a, "--json")
    first = json.loads(out)[0]
    assert first["key"] == "attribution"  # the widest bar: attribution 0.3 .. 0.7
    assert (first["npv_at_low"], first["npv_at_high"]) == (
        pytest.approx(_npv_with_attribution(0.3), abs=1e-6),
        pytest.approx(_npv_with_attribution(0.7), abs=1e-6),
    )
    code, out, _ = run(capsys, "breakeven", a, "--lever", "absence", "--json")
    be = json.loads(out)
    assert be["improvement"] == pytest.approx(oracle.breakeven_points(oracle.ABSENCE, oracle.ABSENCE_PER_POINT) / 100, abs=1e-12)
    assert be["npv_without"] == pytest.approx(oracle.NPV - oracle.WEIGHT * oracle.ABSENCE, abs=1e-6)
    code, out, _ = run(capsys, "story", a, "--language", "en")
    assert code == 0 and "Problem\nTurnover is 12% a year today" in out
    code, out, _ = run(capsys, "teams", t, a, "--json")
    teams = json.loads(out)
    assert [r["Team"] for r in teams] == ["Ops", "Sales", "IT", "Total"]
    assert teams[0]["Total / yr"] == pytest.approx(OPS_PER_YEAR)
    assert teams[2]["eNPS before"] is None


def test_text_outputs_and_errors(files, capsys):
    a, t = files
    code, out, _ = run(capsys, "scenarios", a)
    npv_row = next(line for line in out.splitlines() if line.startswith("NPV"))
    assert code == 0 and f"EUR {oracle.NPV:,.0f}" in npv_row and "EUR 337,272" in npv_row
    code, out, _ = run(capsys, "sensitivity", a, "--language", "nl")
    attribution = next(line for line in out.splitlines() if line.startswith("attribution"))
    assert code == 0 and out.startswith("sleutel")
    for end in (0.3, 0.7):  # Dutch: "€ 110.821", the range ends as percentages
        assert "€ " + f"{_npv_with_attribution(end):,.0f}".replace(",", ".") in attribution
    assert attribution.split()[1:4] == ["30,0%", "50,0%", "70,0%"]
    code, out, _ = run(capsys, "breakeven", a)  # turnover: 12% - 8% = 4 points planned
    points = oracle.breakeven_points(oracle.TURNOVER, oracle.TURNOVER_PER_POINT)  # -2.54
    assert code == 0 and f"{points:.2f} percentage points (turnover_after = {12 - points:.2f}%)" in out
    assert "the plan assumes 4.00 points" in out
    code, out, _ = run(capsys, "teams", t, a)
    ops = next(line for line in out.splitlines() if line.startswith("Ops"))
    assert code == 0 and f"{OPS_PER_YEAR:,.0f}" in ops and f"{OPS_PER_YEAR * 2.5:,.0f}" in ops  # 2.5 = 0.5 + 1 + 1
    code, _, err = run(capsys, "teams", t.parent / "missing.csv", a)
    assert code == 2 and "does not exist" in err
    code, _, err = run(capsys, "breakeven", a, "--lever", "gap_closed")
    assert code == 2 and "benchmark mode only" in err
