"""The organisation's own evidence: the numpy IRLS fit against statsmodels, a planted slope, the refusals."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from xlengine.cli import main
from xlengine.decision import evidence
from xlengine.excel import functions as F

TRUE_SLOPE = -0.25  # log-odds of turnover per 10 eNPS points
TRUE_INTERCEPT = -1.6


def planted(seed: int, k: int = 40):
    rng = np.random.default_rng(seed)
    head = rng.integers(20, 200, k).astype(float)
    enps = rng.uniform(-20, 70, k).round()
    p = 1 / (1 + np.exp(-(TRUE_INTERCEPT + TRUE_SLOPE * enps / 10)))
    leavers = rng.binomial(head.astype(int), p)
    return enps, leavers / head, head


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_irls_equals_statsmodels(seed):
    sm = pytest.importorskip("statsmodels.api")
    enps, rate, head = planted(seed)
    rate = rate * np.random.default_rng(seed).uniform(0.6, 1.4, rate.size)  # overdispersed: phi > 1
    ours = evidence.fit_binomial(rate, enps / 10, head)
    X = sm.add_constant(enps / 10)
    ref = sm.GLM(rate, X, family=sm.families.Binomial(), var_weights=head).fit(scale="X2")
    assert ref.scale > 1  # the case where the dispersion matters
    assert ours.params == pytest.approx(ref.params, rel=1e-8)
    assert ours.dispersion == pytest.approx(ref.scale, rel=1e-8)
    assert ours.cov == pytest.approx(np.asarray(ref.cov_params()), rel=1e-6)
    lo, hi = ref.conf_int(alpha=0.05)[1]
    ev = evidence.evidence(enps, rate, head, "turnover", 0.12, 15)
    assert (ev.low, ev.high) == pytest.approx((lo, hi), rel=1e-6)


def test_dispersion_never_below_binomial():
    sm = pytest.importorskip("statsmodels.api")
    enps, rate, head = planted(4)
    ours = evidence.fit_binomial(rate, enps / 10, head)
    ref = sm.GLM(rate, sm.add_constant(enps / 10), family=sm.families.Binomial(), var_weights=head).fit(scale="X2")
    scale = max(ref.scale, 1.0)
    refit = sm.GLM(rate, sm.add_constant(enps / 10), family=sm.families.Binomial(), var_weights=head).fit(scale=scale)
    assert ours.dispersion == scale
    assert ours.cov == pytest.approx(np.asarray(refit.cov_params()), rel=1e-6)


def test_planted_slope_is_recovered_within_its_interval():
    enps, rate, head = planted(11)
    ev = evidence.evidence(enps, rate, head, "turnover", 0.12, 15)
    assert ev.figure and ev.teams == 40
    assert ev.low <= TRUE_SLOPE <= ev.high
    # and over 300 planted organisations the 95% interval covers the slope about 95% of the time
    hits = 0
    for seed in range(300):
        e, r, h = planted(1000 + seed)
        f = evidence.fit_binomial(r, e / 10, h)
        se = math.sqrt(f.cov[1, 1])
        hits += abs(f.params[1] - TRUE_SLOPE) <= 1.959964 * se
    assert 0.92 <= hits / 300 <= 0.99


def test_implied_after_by_hand():
    # slope -0.25 per 10 points, eNPS +15: odds x exp(-0.375) = x 0.687289;
    # 0.12 -> odds 0.136364 x 0.687289 = 0.093721 -> rate 0.093721 / 1.093721 = 0.085690
    assert evidence.implied_after(0.12, -0.25, 15) == pytest.approx(0.085690, abs=1e-6)
    enps, rate, head = planted(11)
    ev = evidence.evidence(enps, rate, head, "turnover", 0.12, 15)
    assert ev.after == pytest.approx(evidence.implied_after(0.12, ev.slope, 15))
    assert ev.after_low <= ev.after <= ev.after_high < 0.12


def test_too_few_teams_and_no_association():
    enps, rate, head = planted(11, k=7)
    ev = evidence.evidence(enps, rate, head, "turnover", 0.12, 15)
    assert not ev.figure and ev.after is None
    assert "7 teams" in ev.reason and "at least 8 needed" in ev.reason
    rng = np.random.default_rng(3)
    flat = rng.binomial(100, 0.12, 30) / 100  # no association at all
    ev = evidence.evidence(rng.uniform(-20, 70, 30), flat, np.full(30, 100.0), "turnover", 0.12, 15)
    assert ev.low < 0 < ev.high and ev.after is None  # seeded: -0.035 .. 0.065
    assert not ev.figure and "cannot be told from zero" in ev.reason
    hidden = np.array([np.nan] * 5 + list(range(10)), dtype=float)  # teams without an eNPS are not used
    assert evidence.evidence(hidden, np.full(15, 0.1), np.full(15, 50.0), "turnover", 0.12, 15).teams == 10


def _teams_table(enps, rate, head):
    rows = [["team", "headcount", "turnover_before", "absence_before", "enps_before"]]
    for i, (e, r, h) in enumerate(zip(enps, rate, head)):
        rows.append([f"T{i}", float(h), float(r), 0.05, float(e)])
    return rows


def test_eng_evidence_and_cli(tmp_path, capsys):
    enps, rate, head = planted(11)
    rows = _teams_table(enps, rate, head)
    a = [["turnover_before", 0.12], ["enps_before", 45], ["enps_after", 60]]
    ev = evidence.evidence(enps, rate, head, "turnover", 0.12, 15)
    assert F.ENG_EVIDENCE(rows, a) == pytest.approx(ev.after)
    assert F.ENG_EVIDENCE(rows, a, "turnover", "slope") == pytest.approx(ev.slope)
    assert F.ENG_EVIDENCE(rows, a, "turnover", "teams") == 40.0
    assert "not proof of cause" in F.ENG_EVIDENCE(rows, a, "turnover", "sentence")
    assert "at least 8 needed" in F.ENG_EVIDENCE(rows[:5], a)
    # the command line: same figure, and -o writes the case with turnover_after from the fit
    t = tmp_path / "teams.csv"
    t.write_text("\n".join(",".join(map(str, r)) for r in rows) + "\n", encoding="utf-8")
    c = tmp_path / "case.csv"
    c.write_text("key,value\nturnover_before,0.12\nenps_before,45\nenps_after,60\n", encoding="utf-8")
    code = main(["evidence", str(t), str(c), "--outcome", "turnover", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and data[0]["after"] == pytest.approx(ev.after) and data[0]["teams"] == 40
    out = tmp_path / "case_evidence.csv"
    code = main(["evidence", str(t), str(c), "--outcome", "turnover", "-o", str(out)])
    text = capsys.readouterr().out
    assert "association across teams, not proof of cause" in text
    lines = out.read_text().splitlines()
    assert lines[0] == "key,value" and len(lines) == 2  # only what the fit derived: no default, no typed value
    assert lines[1].split(",")[0] == "turnover_after" and float(lines[1].split(",")[1]) == pytest.approx(ev.after)
    assert f"Written: {out} (turnover_after from the fit; add the rows to the case file)" in text


def test_story_says_the_targets_come_from_own_evidence(tmp_path, capsys):
    enps, rate, head = planted(11)
    t = tmp_path / "teams.csv"
    t.write_text("\n".join(",".join(map(str, r)) for r in _teams_table(enps, rate, head)) + "\n", encoding="utf-8")
    c = tmp_path / "case.csv"
    c.write_text("key,value\nturnover_before,0.12\nenps_before,45\nenps_after,60\n", encoding="utf-8")
    code = main(["story", str(c), "--language", "en", "--evidence", str(t), "--draws", "1000"])
    out = capsys.readouterr().out
    expected = out.split("Expected result\n")[1].split("\n")[0]
    ev = evidence.evidence(enps, rate, head, "turnover", 0.12, 15)
    # the story's "after" turnover is the fit's, and it says where it comes from and what it is not
    assert f"Turnover falls from 12% to {round(ev.after * 100, 1):g}%" in expected
    assert "The turnover target comes from the organisation's own evidence" in expected and "not proof of cause" in expected
    # absence (0.05 in every team) cannot be told from zero: absence_after stays the register's 4.1%,
    # and the story says so instead of crediting the evidence; the run is a finding (exit 1)
    assert "cannot be told from zero" in expected
    assert (
        "The organisation's evidence gives no figure for absence: the case uses the register's default (absence_after = 4.1%)."
    ) in expected
    assert code == 1 and "absence target comes from" not in expected


def test_too_few_teams_never_credit_the_evidence(tmp_path, capsys):
    t = tmp_path / "teams.csv"  # 3 teams: under MIN_TEAMS (8), no figure for either rate
    t.write_text(
        "team,headcount,turnover_before,absence_before,enps_before\nA,20,0.1,0.05,10\nB,30,0.15,0.04,30\nC,25,0.2,0.06,-5\n",
        encoding="utf-8",
    )
    c = tmp_path / "case.csv"
    c.write_text("key,value\nturnover_after,9%\nenps_before,20\nenps_after,35\n", encoding="utf-8")
    code = main(["story", str(c), "--language", "en", "--evidence", str(t), "--draws", "1000"])
    out, err = capsys.readouterr()
    expected = out.split("Expected result\n")[1].split("\n")[0]
    assert code == 1 and "comes from the organisation's own evidence" not in out
    assert "Turnover falls from 12% to 9%" in expected  # the typed target
    assert "no figure for turnover: the case uses the target as entered (turnover_after = 9%)" in expected
    assert "no figure for absence: the case uses the register's default (absence_after = 4.1%)" in expected
    assert "3 teams with an eNPS and an absence rate, at least 8 needed" in expected  # "an", not "a absence"
    assert err.splitlines() == [
        "xlengine: finding: the evidence gives no figure for turnover_after (too few teams for the organisation's own "
        "evidence: 3 teams with an eNPS and a turnover rate, at least 8 needed); the story uses the case's own turnover_after.",
        "xlengine: finding: the evidence gives no figure for absence_after (too few teams for the organisation's own "
        "evidence: 3 teams with an eNPS and an absence rate, at least 8 needed); the story uses the case's own absence_after.",
    ]
    code = main(["story", str(c), "--language", "nl", "--evidence", str(t), "--draws", "1000"])
    out = capsys.readouterr().out
    assert (
        code == 1 and "eigen bewijs geeft geen cijfer voor het verloop: de businesscase gebruikt het doel zoals ingevoerd" in out
    )
    assert "komt uit het eigen bewijs" not in out
    out_file = tmp_path / "derived.csv"
    code = main(["evidence", str(t), str(c), "-o", str(out_file)])
    assert code == 1 and not out_file.exists()
    assert f"{out_file} not written: the fit gives no figure" in capsys.readouterr().err
