"""Command line: simulate (with its progress bar), scenarios, sensitivity, breakeven, story, teams."""

import io
import json

import pytest

from xlengine.engine import case
from xlengine.decision import uncertainty
from xlengine.cli import main
from xlengine.cli.decision import ProgressBar
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
    assert code == 0 and err == ""   # a short run shows no progress bar
    data = json.loads(out)
    sim = uncertainty.simulate(defaults(), 20_000, 5)
    assert data["npv"]["p5"] == sim.percentiles()["npv"][0]
    assert data["prob_npv_positive"] == sim.prob_positive
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
    assert stream.getvalue() == ""          # 0 s: nothing
    now[0] = 1.5
    bar(2, 4)
    assert "50.0%" in stream.getvalue() and "2 / 4" in stream.getvalue()
    bar(4, 4)
    assert stream.getvalue().endswith("100.0%  4 / 4\n")


def test_scenarios_sensitivity_breakeven_story_teams(files, capsys):
    a, t = files
    code, out, _ = run(capsys, "scenarios", a, "--json")
    rows = json.loads(out)
    assert code == 0 and rows[0] == ["Measure", "Stress test: all unfavourable at once", "Base",
                                     "Stress test: all favourable at once"]
    assert next(r for r in rows if r[0] == "NPV")[2] == case.compute(defaults()).npv
    code, out, _ = run(capsys, "sensitivity", a, "--json")
    assert json.loads(out)[0]["key"] == "attribution"
    code, out, _ = run(capsys, "breakeven", a, "--lever", "absence", "--json")
    be = json.loads(out)
    assert be["improvement"] == uncertainty.breakeven(defaults(), "absence").improvement
    code, out, _ = run(capsys, "story", a, "--language", "en")
    assert code == 0 and "Problem\nTurnover is 12% a year today" in out
    code, out, _ = run(capsys, "teams", t, a, "--json")
    teams = json.loads(out)
    assert [r["Team"] for r in teams] == ["Ops", "Sales", "IT", "Total"]
    assert teams[2]["eNPS before"] is None


def test_text_outputs_and_errors(files, capsys):
    a, t = files
    for argv in (["scenarios", a], ["sensitivity", a, "--language", "nl"], ["breakeven", a], ["teams", t, a]):
        code, out, _ = run(capsys, *argv)
        assert code == 0 and out.strip()
    code, _, err = run(capsys, "teams", t.parent / "missing.csv", a)
    assert code == 2 and "does not exist" in err
    code, _, err = run(capsys, "breakeven", a, "--lever", "gap_closed")
    assert code == 2 and "benchmark mode only" in err
