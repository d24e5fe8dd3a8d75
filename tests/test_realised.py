"""Realised results: difference-in-differences with team-clustered intervals, realised savings.

Oracles: a 4-team example worked by hand (below), statsmodels' WLS with cluster-robust
covariance (an independent implementation), scipy's t quantile, and a synthetic export
with a planted effect whose interval must cover it in at least 90 of 100 seeded runs.

Hand-worked 4-team example (turnover, fractions):
  participating A 0.15 -> 0.10 (change -0.05), B 0.12 -> 0.09 (-0.03)
  comparison    C 0.14 -> 0.13 (-0.01),        D 0.10 -> 0.11 (+0.01)
  unweighted: participating mean change -0.04, comparison 0.00: DiD = -0.04 - 0 = -0.04
    a_i = +1/2 (A, B), -1/2 (C, D); deviations from the arm's mean change:
    A -0.01, B +0.01, C -0.01, D +0.01; sum a^2 dev^2 = 4 x 1/4 x 0.0001 = 0.0001
    CR1 factor c = G/(G-1) x (N-1)/(N-K) = 4/3 x 7/4 = 7/3 (N = 8 team-periods, K = 4)
    Var = 7/3 x 0.0001 = 0.000233333, SE = 0.0152753; t(3; 0.975) = 3.182446
    95% interval -0.04 +- 3.182446 x 0.0152753 = -0.04 +- 0.0486127 = (-0.0886127, 0.0086127)
  weighted by average headcount A 30, B 10, C 20, D 20:
    participating (30 x -0.05 + 10 x -0.03) / 40 = -1.8 / 40 = -0.045
    comparison    (20 x -0.01 + 20 x +0.01) / 40 = 0
    DiD = -0.045; a = 30/40, 10/40, -20/40, -20/40; deviations A -0.005, B +0.015,
    C -0.01, D +0.01; sum a^2 dev^2 = 0.5625 x 0.000025 + 0.0625 x 0.000225 + 2 x 0.25 x 0.0001
    = 0.0000140625 + 0.0000140625 + 0.00005 = 0.000078125; Var = 7/3 x that = 0.000182292
"""

from __future__ import annotations

import csv
import json
import math
import shutil
import subprocess

import numpy as np
import pytest

from xlengine.decision import realised as R
from xlengine.decision import realised_import as RI
from xlengine.engine import register
from xlengine.engine.errors import InputError

BEFORE = [0.15, 0.12, 0.14, 0.10]
AFTER = [0.10, 0.09, 0.13, 0.11]
PART = [True, True, False, False]
HEAD = [30, 10, 20, 20]


def test_four_teams_by_hand_unweighted():
    e = R.did(BEFORE, AFTER, PART)
    assert e.effect == pytest.approx(-0.04, abs=1e-15)
    se = math.sqrt(7 / 3 * 0.0001)
    assert e.se == pytest.approx(se, rel=1e-12) and se == pytest.approx(0.0152753, abs=1e-7)
    assert e.low == pytest.approx(-0.04 - 3.182446305284263 * se, abs=1e-12)
    assert (e.low, e.high) == pytest.approx((-0.0886127, 0.0086127), abs=1e-7)
    assert (e.participating_before, e.participating_after) == pytest.approx((0.135, 0.095))
    assert (e.comparison_before, e.comparison_after) == pytest.approx((0.12, 0.12))
    assert not e.distinguishable and (e.teams_participating, e.teams_comparison) == (2, 2)


def test_four_teams_by_hand_weighted():
    e = R.did(BEFORE, AFTER, PART, HEAD)
    assert e.effect == pytest.approx(-0.045, abs=1e-15)
    assert e.se**2 == pytest.approx(7 / 3 * 0.000078125, rel=1e-12)


def _panel(before, after, part):
    g = len(before)
    y = np.r_[before, after]
    post = np.r_[np.zeros(g), np.ones(g)]
    d = np.r_[part, part].astype(float)
    return y, np.c_[np.ones(2 * g), post, d, post * d], np.r_[np.arange(g), np.arange(g)]


@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_equals_statsmodels_cluster_robust(seed, weighted):
    sm = pytest.importorskip("statsmodels.api")
    rng = np.random.default_rng(seed)
    g = 7 + seed * 3
    before = rng.uniform(0.05, 0.25, g)
    after = before + rng.normal(-0.01, 0.03, g)
    part = rng.permutation(np.arange(g) < g // 2)
    w = rng.uniform(5, 80, g) if weighted else None
    y, X, groups = _panel(before, after, part)
    model = sm.WLS(y, X, weights=np.r_[w, w]) if weighted else sm.OLS(y, X)
    fit = model.fit(cov_type="cluster", cov_kwds={"groups": groups}, use_t=True)
    e = R.did(before, after, part, w, 0.90)
    assert e.effect == pytest.approx(fit.params[3], abs=1e-8)
    assert e.se == pytest.approx(fit.bse[3], abs=1e-8)
    low, high = fit.conf_int(alpha=0.10)[3]
    assert (e.low, e.high) == pytest.approx((low, high), abs=1e-8)


@pytest.mark.parametrize("p,df", [(0.975, 1), (0.975, 3), (0.95, 7), (0.995, 12), (0.8, 40), (0.025, 5), (0.9999, 2)])
def test_t_quantile_equals_scipy(p, df):
    stats = pytest.importorskip("scipy.stats")
    assert R.t_quantile(p, df) == pytest.approx(stats.t.ppf(p, df), rel=1e-10)


# --- a synthetic export with a planted effect ------------------------------------------


def _spells(rng, seats_per_team, rate_before, rate_after):
    """Seats always filled: an occupant who resigns is replaced the next day. 2024 and 2025."""
    seats = np.asarray(seats_per_team)
    seat_team = np.repeat(np.arange(seats.size), seats)
    n = seat_team.size
    leave24 = rng.random(n) < np.asarray(rate_before)[seat_team]
    day24 = np.datetime64("2024-01-01", "D") + rng.integers(0, 366, n)
    leave25 = rng.random(n) < np.asarray(rate_after)[seat_team]
    day25 = np.datetime64("2025-01-01", "D") + rng.integers(0, 365, n)
    nat = np.datetime64("NaT", "D")
    names = np.array([f"T{t:02d}" for t in range(seats.size)])
    # first occupant; the replacement after a 2024 resignation; the one after a 2025 resignation
    first_end = np.where(leave24, day24, np.where(leave25, day25, nat))
    second_end = np.where(leave25, day25, nat)[leave24]
    team = np.concatenate([names[seat_team], names[seat_team][leave24], names[seat_team][leave25]])
    start = np.concatenate([np.full(n, np.datetime64("2020-01-01", "D")), day24[leave24] + 1, day25[leave25] + 1])
    end = np.concatenate([first_end, second_end, np.full(int(leave25.sum()), nat)])
    return team, start, end, np.ones(team.size), ~np.isnat(end)


PERIODS = ((np.datetime64("2024-01-01"), np.datetime64("2024-12-31")), (np.datetime64("2025-01-01"), np.datetime64("2025-12-31")))


def _planted_run(seed, effect=-0.03, drift=0.01, teams=30):
    rng = np.random.default_rng(seed)
    seats = rng.integers(40, 200, teams)
    part = np.arange(teams) < teams // 2
    base = rng.uniform(0.08, 0.18, teams)
    trend = rng.normal(0.0, 0.01, teams)  # team-specific drift: why the interval is clustered by team
    after = base + drift + trend + np.where(part, effect, 0.0)
    team, start, end, fte, vol = _spells(rng, seats, base, after)
    took = {f"T{t:02d}": bool(part[t]) for t in range(teams)}
    names, cols, findings = RI.team_panel(team, start, end, fte, vol, took, *PERIODS)
    assert not findings and len(names) == teams
    return R.did(
        cols["turnover_before"],
        cols["turnover_after"],
        cols["participating"],
        (cols["headcount_before"] + cols["headcount_after"]) / 2,
    )


def test_planted_effect_is_covered_in_at_least_90_of_100_runs():
    runs = [_planted_run(seed) for seed in range(100)]
    covered = sum(e.low <= -0.03 <= e.high for e in runs)
    assert covered >= 90, covered
    # and the estimate is centred on the planted effect, not on the drift
    assert np.mean([e.effect for e in runs]) == pytest.approx(-0.03, abs=0.004)


# --- realised savings through the engine's formulas ------------------------------------


def _table():
    return [
        [
            "team",
            "participating",
            "headcount_before",
            "headcount_after",
            "turnover_before",
            "turnover_after",
            "absence_before",
            "absence_after",
            "enps_before",
            "enps_after",
        ],
        ["A", 1, 30, 30, 0.15, 0.10, 0.060, 0.050, 20, 35],
        ["B", 1, 10, 10, 0.12, 0.09, 0.050, 0.045, 10, 30],
        ["C", 0, 20, 20, 0.14, 0.13, 0.055, 0.055, 15, 15],
        ["D", 0, 20, 20, 0.10, 0.11, 0.045, 0.047, 25, 20],
    ]


def test_realised_savings_by_hand():
    """Register defaults price the effects.

    cost per leaver = 5,000 + 3,000 + 30 x 60,000 / 220 + 6/12 x 60,000 x 0.5 = 31,181.818
    turnover DiD (weighted) = -0.045: leavers avoided = 40 FTE x 0.045 = 1.8; 1.8 x 31,181.818 = 56,127.27 /yr
    absence DiD: participating (30 x -0.010 + 10 x -0.005) / 40 = -0.35 / 40 = -0.00875;
      comparison (20 x 0 + 20 x 0.002) / 40 = 0.001; DiD = -0.00975
      sick days avoided = 40 x 220 x 0.00975 = 85.8; cost per sick day 60,000 / 220 x (1 + 0) = 272.727
      85.8 x 272.727 = 23,400.00 /yr
    over 1.5 years: (56,127.27 + 23,400.00) x 1.5 = 119,290.91; actual cost 80,000:
      ROI = (119,290.91 - 80,000) / 80,000 = 0.491136
    """
    names, cols = R.parse_table(_table())
    r = R.evaluate(names, cols, register.defaults(), years_after=1.5, actual_cost=80_000)
    assert r.cost_per_leaver == pytest.approx(31_181.818181818, rel=1e-12)
    assert r.effects["turnover"].effect == pytest.approx(-0.045, abs=1e-15)
    assert r.effects["absence"].effect == pytest.approx(-0.00975, abs=1e-15)
    assert r.yearly["turnover"] == pytest.approx(1.8 * 31_181.818181818, rel=1e-12)
    assert r.yearly["absence"] == pytest.approx(85.8 * 60_000 / 220, rel=1e-12)
    assert r.benefits == pytest.approx((56_127.2727272727 + 23_400.0) * 1.5, rel=1e-12)
    assert r.roi == pytest.approx((119_290.909090909 - 80_000) / 80_000, rel=1e-10)
    # the interval's ends in euros: the worse end is the higher (less negative) effect
    t = r.effects["turnover"]
    assert r.yearly_low["turnover"] == pytest.approx(40 * -t.high * 31_181.818181818, rel=1e-10)
    assert r.yearly_high["turnover"] == pytest.approx(40 * -t.low * 31_181.818181818, rel=1e-10)
    assert r.effects["enps"].effect == pytest.approx((30 * 15 + 10 * 20) / 40 - (20 * 0 + 20 * -5) / 40)
    assert r.planned["turnover_change"] == pytest.approx(-0.04)
    rows = R.comparison_rows(r)
    assert rows[1][1:3] == [pytest.approx(-0.04), pytest.approx(-0.045)]


def test_unweighted_gives_every_team_the_same_weight():
    names, cols = R.parse_table(_table())
    r = R.evaluate(names, cols, register.defaults(), weighted=False)
    assert r.effects["turnover"].effect == pytest.approx(-0.04, abs=1e-15)
    assert not r.effects["turnover"].weighted


@pytest.mark.parametrize(
    "part, words",
    [([1, 1, 1, 1], "no comparison team"), ([0, 0, 0, 0], "no participating team"), ([1, 0, 0, 0], "needs at least 2 in each")],
)
def test_refusals_name_the_argument_and_the_fix(part, words):
    rows = _table()
    for row, p in zip(rows[1:], part):
        row[1] = p
    names, cols = R.parse_table(rows)
    with pytest.raises(InputError) as e:
        R.evaluate(names, cols, register.defaults())
    assert words in str(e.value) and e.value.argument in ("participation", "teams") and e.value.fix


def test_overlapping_periods_are_refused():
    d = np.datetime64
    with pytest.raises(InputError, match="overlap: let the after period start after 2024-12-31"):
        R.check_periods(d("2024-01-01"), d("2024-12-31"), d("2024-12-01"), d("2025-11-30"))
    R.check_periods(d("2024-01-01"), d("2024-12-31"), d("2025-01-01"), d("2025-12-31"))


def test_small_teams_merge_within_their_arm():
    rng = np.random.default_rng(5)
    # T00..T03 of 30 seats; two small teams of 3 seats, one per arm
    team, start, end, fte, vol = _spells(rng, [30, 30, 30, 30, 3, 3, 3, 3], [0.1] * 8, [0.1] * 8)
    took = {"T00": True, "T01": True, "T02": False, "T03": False, "T04": True, "T05": True, "T06": False, "T07": False}
    names, cols, findings = RI.team_panel(team, start, end, fte, vol, took, *PERIODS)
    assert names == ["T00", "T01", "T02", "T03", RI.OTHER_COMPARISON, RI.OTHER_PARTICIPATING]
    assert cols["participating"].tolist() == [True, True, False, False, False, True]
    assert cols["headcount_before"][-1] == pytest.approx(6.0) and "merged" in findings[0]


# --- the command line, from CSV exports ------------------------------------------------


def _write_exports(tmp_path, seed=7, teams=8):
    rng = np.random.default_rng(seed)
    part = np.arange(teams) < teams // 2
    base = np.full(teams, 0.15)
    team, start, end, fte, vol = _spells(rng, [40] * teams, base, base + np.where(part, -0.06, 0.0))
    emp = tmp_path / "employees.csv"
    with emp.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["employee_id", "name", "team", "start_date", "end_date", "reason", "fte"])
        for i, (t, s, e) in enumerate(zip(team, start, end)):
            w.writerow(
                [f"E{i}", f"Person {i}", t, str(s), "" if np.isnat(e) else str(e), "" if np.isnat(e) else "Resignation", 1]
            )
    sick = tmp_path / "sick.csv"
    with sick.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["employee_id", "start_date", "end_date", "percentage"])
        # the first employee of every team: Mon 4 - Fri 8 Mar 2024 (5 days) and, in comparison teams, again in 2025
        for t in range(teams):
            i = int(np.flatnonzero(team == f"T{t:02d}")[0])
            w.writerow([f"E{i}", "2024-03-04", "2024-03-08", 100])
            if not part[t]:
                w.writerow([f"E{i}", "2025-03-03", "2025-03-07", 100])
    par = tmp_path / "participation.csv"
    with par.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["team", "took_part", "start_date"])
        for t in range(teams):
            w.writerow([f"T{t:02d}", "ja" if part[t] else "nee", "2025-01-01" if part[t] else ""])
    return emp, sick, par


def test_cli_realised_json_from_exports(tmp_path, capsys):
    from xlengine.cli import main

    emp, sick, par = _write_exports(tmp_path)
    out = tmp_path / "teams.csv"
    code = main(
        [
            "realised",
            str(emp),
            "--absence",
            str(sick),
            "--participation",
            str(par),
            "--before",
            "2024-01-01:2024-12-31",
            "--after",
            "2025-01-01:2025-12-31",
            "--actual-cost",
            "50000",
            "--json",
            "-o",
            str(out),
        ]
    )
    captured = capsys.readouterr()
    text = captured.out
    assert code == 0, captured.err
    data = json.loads(text)
    assert "NaN" not in text
    assert [t["team"] for t in data["teams"]] == [f"T{t:02d}" for t in range(8)]
    e = data["effects"]["turnover"]
    assert e["teams_participating"] == 4 and e["teams_comparison"] == 4 and e["low"] < e["effect"] < e["high"]
    # the file holds the same team table; nobody's id or name
    with out.open() as f:
        written = list(csv.reader(f))
    assert written[0] == list(R.TABLE_COLUMNS) and len(written) == 9
    assert "Person" not in out.read_text() and "E0" not in out.read_text()
    # absence: every team loses 5 working days of one person in 2024; comparison teams again in 2025
    a = data["effects"]["absence"]
    assert a["comparison_after"] > 0 and a["participating_after"] == 0
    assert data["roi"] == pytest.approx((data["benefits"] - 50_000) / 50_000)


@pytest.mark.parametrize(
    "change, words",
    [
        (["--before", "2024-01-01:2024-12-31", "--after", "2024-06-01:2025-05-31"], "overlap"),
        (["--before", "2024-01-01"], "not a period"),
    ],
)
def test_cli_refusals_are_one_sentence_exit_2(tmp_path, capsys, change, words):
    from xlengine.cli import main

    emp, sick, par = _write_exports(tmp_path)
    args = [
        "realised",
        str(emp),
        "--participation",
        str(par),
        "--before",
        "2024-01-01:2024-12-31",
        "--after",
        "2025-01-01:2025-12-31",
        "-o",
        str(tmp_path / "out.csv"),
    ]
    for i in range(0, len(change), 2):
        j = args.index(change[i])
        if i + 1 < len(change) and change[i] == args[j]:
            args[j + 1] = change[i + 1]
    code = main(args)
    err = capsys.readouterr().err.strip()
    assert code == 2 and words in err and len(err.splitlines()) == 1
    assert not (tmp_path / "out.csv").exists()


def test_cli_refuses_without_comparison_teams(tmp_path, capsys):
    from xlengine.cli import main

    emp, sick, par = _write_exports(tmp_path)
    par.write_text("team,took_part\n" + "".join(f"T{t:02d},1\n" for t in range(8)), encoding="utf-8")
    code = main(
        [
            "realised",
            str(emp),
            "--participation",
            str(par),
            "--before",
            "2024-01-01:2024-12-31",
            "--after",
            "2025-01-01:2025-12-31",
        ]
    )
    err = capsys.readouterr().err
    assert code == 2 and "no comparison team" in err


def test_cli_from_the_team_table(tmp_path, capsys):
    from xlengine.cli import main

    path = tmp_path / "table.csv"
    with path.open("w", newline="") as f:
        csv.writer(f).writerows(_table())
    assert main(["realised", "--teams", str(path), "--years-after", "1.5", "--actual-cost", "80000"]) == 0
    text = capsys.readouterr().out
    assert "-4.5" in text and "ROI 49.1% on the actual cost" in text


def test_results_sheet_filled_into_a_copy_and_shown_on_the_board_report(tmp_path, capsys):
    openpyxl = pytest.importorskip("openpyxl")
    from xlengine.cli import main
    from xlengine.workbook import results_fill

    emp, sick, par = _write_exports(tmp_path)
    book = tmp_path / "book.xlsm"
    assert main(["template", "-o", str(book)]) == 0
    before = book.read_bytes()
    out = tmp_path / "filled.xlsm"
    assert (
        main(
            [
                "realised",
                str(emp),
                "--absence",
                str(sick),
                "--participation",
                str(par),
                "--before",
                "2024-01-01:2024-12-31",
                "--after",
                "2025-01-01:2025-12-31",
                "--actual-cost",
                "50000",
                "--workbook",
                str(book),
                "-o",
                str(out),
            ]
        )
        == 0
    )
    assert book.read_bytes() == before  # the input is only read
    wb = openpyxl.load_workbook(out, keep_vba=True)
    ws = wb[results_fill.RESULTS_SHEET]
    sentence = ws[results_fill.SENTENCE_CELL].value
    assert sentence.startswith("The case promised voluntary turnover down 4 points")
    assert ws.cell(results_fill.COMPARISON_HEADER_ROW, 2).value == "Planned (case)"
    assert ws.cell(results_fill.COMPARISON_HEADER_ROW + 1, 2).value == pytest.approx(-0.04)
    assert results_fill.TEAMS_TABLE in ws.tables
    first, last = results_fill.results_sheet_rows([None] * 10, [None] * 9)
    assert ws.cell(first, 1).value == "team" and ws.cell(last, 1).value == "T07"
    assert wb.vba_archive is not None and "Board" in wb.sheetnames
    # the copy keeps its figures (values stored) and passes its own audit
    capsys.readouterr()
    assert main(["audit", str(out)]) == 0, capsys.readouterr()
    # the board report of the filled workbook carries the Results sheet and the sentence
    report = tmp_path / "report.xlsx"
    capsys.readouterr()
    assert main(["compute", str(out), "-o", str(report)]) in (0, 1)
    rb = openpyxl.load_workbook(report)
    assert results_fill.RESULTS_SHEET in rb.sheetnames
    board_text = [c.value for row in rb["Board"].iter_rows() for c in row if isinstance(c.value, str)]
    assert sentence in board_text
    # and the board pack has its page "Planned and realised", from the same sheet
    from xlengine.workbook import evaluate, results_fill as rf

    rows = rf.read_realised(evaluate.evaluate(out))
    assert rows[0].planned == pytest.approx(-0.04) and rows[0].unit == "fraction"
    assert [r.label for r in rows][-1] == "ROI" and rows[-1].realised == pytest.approx(
        next(v for v in (ws.cell(results_fill.COMPARISON_HEADER_ROW + 9, 3).value,))
    )
    pdf = tmp_path / "board.pdf"
    if main(["report", str(out), "-o", str(pdf)]) == 0 and shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
        assert "Planned and realised" in text
