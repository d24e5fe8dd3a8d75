"""eNPS with its margin of error: hand arithmetic, a seeded coverage simulation, the CLI and ENG_ functions."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xlengine.cli import main
from xlengine.decision import survey
from xlengine.engine.errors import InputError
from xlengine.excel import functions as F


def test_hand_worked_interval():
    # 50 answers: 20 promoters, 20 passives, 10 detractors; p_P = 0.4, p_D = 0.2, eNPS 20.
    # Var = (0.4 + 0.2 - 0.2^2) / 50 = 0.56 / 50 = 0.0112; SE = 100 x 0.105830 = 10.5830 points
    # 95%: z = 1.959964; 1.959964 x 10.583005 = 20.742309 -> -0.742309 .. 40.742309 (width 41.5: "wide")
    r = survey.enps_interval([10] * 20 + [7] * 20 + [0] * 10)
    assert r.enps == 20.0 and r.answers == 50
    assert r.se == pytest.approx(10.583005, abs=1e-6)
    assert (r.low, r.high) == pytest.approx((-0.742309, 40.742309), abs=1e-6)
    assert r.wide
    # 90%: z = 1.644854 -> 20 +- 17.4075
    r90 = survey.enps_interval([10] * 20 + [7] * 20 + [0] * 10, 0.90)
    assert r90.high - r90.enps == pytest.approx(1.644854 * 10.583005, abs=1e-5)


def test_variance_equals_the_multinomial_covariance_form():
    # Var(X - Y) = Var X + Var Y - 2 Cov(X, Y), Cov = -p_P p_D / n, for many shares
    rng = np.random.default_rng(5)
    for _ in range(50):
        p, d = rng.dirichlet([1, 1, 1])[:2]
        n = int(rng.integers(5, 500))
        direct = (p * (1 - p) + d * (1 - d) + 2 * p * d) / n
        P, D = round(p * n), round(d * n)
        _, _, _, se = survey.interval_from_counts(P, D, n)
        p, d = P / n, D / n
        assert (se / 100) ** 2 == pytest.approx((p * (1 - p) + d * (1 - d) + 2 * p * d) / n)
        assert direct >= 0


@pytest.mark.parametrize("n, shares", [(40, (0.40, 0.35, 0.25)), (200, (0.55, 0.30, 0.15)), (25, (0.3, 0.4, 0.3))])
def test_intervals_cover_the_true_enps_in_about_95_percent_of_surveys(n, shares):
    # 4,000 simulated surveys of n answers from a population with known shares (seeded).
    rng = np.random.default_rng(2024)
    true = 100 * (shares[0] - shares[2])
    draws = rng.multinomial(n, shares, size=4_000)  # promoters, passives, detractors
    e, lo, hi, _ = survey.interval_from_counts(draws[:, 0], draws[:, 2], n)
    coverage = np.mean((lo <= true) & (true <= hi))
    # binomial noise on 4,000 surveys: SE of a 95% share = 0.0034; the Wald interval runs a little low at n = 25
    assert 0.93 <= coverage <= 0.97, coverage


def test_change_interval_covers_the_true_change_in_about_95_percent():
    rng = np.random.default_rng(7)
    n1, n2, s1, s2 = 60, 80, (0.35, 0.40, 0.25), (0.50, 0.35, 0.15)
    true = 100 * ((s2[0] - s2[2]) - (s1[0] - s1[2]))
    z = survey.z_value(0.95)
    a = rng.multinomial(n1, s1, size=4_000)
    b = rng.multinomial(n2, s2, size=4_000)
    e1, _, _, se1 = survey.interval_from_counts(a[:, 0], a[:, 2], n1)
    e2, _, _, se2 = survey.interval_from_counts(b[:, 0], b[:, 2], n2)
    se = np.hypot(se1, se2)
    coverage = np.mean(np.abs((e2 - e1) - true) <= z * se)
    assert 0.93 <= coverage <= 0.97, coverage


def test_change_hand_worked_and_noise():
    before = [10] * 12 + [8] * 5 + [3] * 3  # eNPS 45, Var 0.027375
    after = [10] * 14 + [8] * 4 + [3] * 2  # eNPS 60, Var 0.022
    c = survey.enps_change(before, after)
    assert c.change == pytest.approx(15.0)
    assert c.se == pytest.approx(100 * math.sqrt(0.027375 + 0.022))
    assert not c.distinguishable
    big = survey.enps_change(before * 20, after * 20)  # 400 answers each: SE / sqrt(20)
    assert big.se == pytest.approx(c.se / math.sqrt(20)) and big.distinguishable


def test_privacy_and_bad_answers():
    with pytest.raises(InputError, match="holds 4 answers: an eNPS needs at least 5"):
        survey.enps_interval([10, 9, 8, 7])
    with pytest.raises(InputError, match="holds 11, not a 0-10 answer"):
        survey.enps_interval([10, 11, 8, 7, 6])
    with pytest.raises(InputError, match="confidence = 1.5 is outside"):
        survey.enps_interval([10] * 10, 1.5)
    out = survey.by_team(["A"] * 4 + ["B"] * 40, [10] * 4 + [10] * 16 + [8] * 14 + [3] * 10)
    assert np.isnan(out["enps"][0]) and not out["wide"][0]
    assert out["enps"][1] == 15.0 and out["wide"][1]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 10), min_size=5, max_size=300), st.floats(0.5, 0.999))
def test_interval_properties(scores, confidence):
    r = survey.enps_interval(scores, confidence)
    assert -100 <= r.low <= r.enps <= r.high <= 100
    wider = survey.enps_interval(scores, min(confidence + (1 - confidence) / 2, 0.9999))
    assert wider.low <= r.low + 1e-9 and wider.high >= r.high - 1e-9
    # doubling every answer keeps the eNPS and shrinks the SE by sqrt(2)
    twice = survey.enps_interval(scores * 2, confidence)
    assert twice.enps == pytest.approx(r.enps) and twice.se == pytest.approx(r.se / math.sqrt(2))


def test_eng_functions():
    scores = [[10]] * 20 + [[7]] * 20 + [[0]] * 10 + [[None]] * 5
    row = F.ENG_ENPS_CI(scores)
    assert row[0][0] == 20.0 and row[0][3] == 50.0
    assert row[0][1] == pytest.approx(-0.742309, abs=1e-6)
    assert F.ENG_ENPS_CI(scores, 0.95, "high") == pytest.approx(40.742309, abs=1e-6)
    assert F.ENG_ENPS_CI(scores, 0.95, "answers") == 50.0
    assert "at least 5" in str(F.ENG_ENPS_CI([[10], [9]]))
    before = [[10]] * 12 + [[8]] * 5 + [[3]] * 3
    after = [[10]] * 14 + [[8]] * 4 + [[2]] * 2
    ch = F.ENG_ENPS_CHANGE(before, after)
    assert ch[0][0] == pytest.approx(15.0) and ch[0][3] == 0.0
    assert F.ENG_ENPS_CHANGE(before, after, 0.95, "low") == pytest.approx(15 - 1.959964 * 22.2205, abs=1e-3)
    assert "field" in str(F.ENG_ENPS_CHANGE(before, after, 0.95, "median"))


def test_survey_command(tmp_path, capsys):
    now = tmp_path / "wave2.csv"
    now.write_text(
        "team;score\n"
        + "".join(f"Sales;{s}\n" for s in [10] * 20 + [7] * 20 + [0] * 10)
        + "".join(f"IT;{s}\n" for s in [9, 9, 3]),
        encoding="utf-8-sig",
    )
    before = tmp_path / "wave1.csv"
    before.write_text("answer\n" + "".join(f"{s}\n" for s in [10] * 15 + [7] * 20 + [0] * 15), encoding="utf-8")
    code = main(["survey", str(now), "--before", str(before), "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    # wave 2: 22 promoters, 20 passives, 11 detractors of 53 -> eNPS 100 x 11 / 53
    assert data["enps"] == pytest.approx(100 * 11 / 53) and data["answers"] == 53
    assert data["change"]["change"] == pytest.approx(100 * 11 / 53 - 0.0)
    teams = {t["team"]: t for t in data["teams"]}
    assert teams["IT"]["enps"] is None and teams["Sales"]["enps"] == 20.0 and teams["Sales"]["wide"]
    code = main(["survey", str(now), "--before", str(before)])
    out = capsys.readouterr().out
    assert "not distinguishable from survey noise" in out and "under 5 answers: not shown" in out


def test_template_survey_and_teams_sheets_show_the_margin_of_error():
    from xlengine.workbook import layout as L
    from xlengine.workbook.template import cached_values

    c = cached_values()
    # this wave: 12 promoters, 5 passives, 3 detractors of 20 -> 45; Var = (0.6 + 0.15 - 0.45^2) / 20
    # = 0.027375, SE = 16.5454 points, 95%: 45 +- 32.4284 = 12.5716 .. 77.4284
    assert c[(L.SURVEY_SHEET, "D5")] == 45.0
    assert (c[(L.SURVEY_SHEET, "E5")], c[(L.SURVEY_SHEET, "F5")]) == pytest.approx((12.5716, 77.4284), abs=1e-4)
    # earlier wave: 10 / 6 / 4 of 20 -> 30, Var = (0.5 + 0.2 - 0.09) / 20 = 0.0305;
    # change 15, SE = 100 x sqrt(0.057875) = 24.0572, 95%: 15 +- 47.1513; includes 0: noise
    assert c[(L.SURVEY_SHEET, "D8")] == 15.0
    assert (c[(L.SURVEY_SHEET, "E8")], c[(L.SURVEY_SHEET, "F8")]) == pytest.approx((-32.1513, 62.1513), abs=1e-4)
    assert c[(L.SURVEY_SHEET, "G8")] == 0.0
    # Teams: Operations' five answers 10, 9, 9, 10, 8 -> eNPS 80; Var = (0.8 - 0.64) / 5 = 0.032,
    # SE 17.8885, 95% +- 35.0609 -> 44.94 .. 100 (clipped); wider than 30 points
    assert c[(L.TEAMS_SHEET, "K4")] == 80.0
    assert c[(L.TEAMS_SHEET, "L4")] == pytest.approx(44.9391, abs=1e-4)
    assert c[(L.TEAMS_SHEET, "M4")] == 100.0 and c[(L.TEAMS_SHEET, "O4")] == 1.0


@pytest.mark.parametrize(
    "lang, needle", [("en", "its 95% margin of error is up to ±16.6 points"), ("nl", "is de 95%-foutmarge tot ±16,6 punten")]
)
def test_board_story_states_the_margin_of_error_of_the_enps_change(lang, needle):
    # 45 -> 60, 200 answers a wave at best: z x 100 x sqrt((1 - 0.45^2 + 1 - 0.6^2) / 200)
    # = 1.959964 x 100 x sqrt(0.0071875) = 16.62 points (no passives: the largest variance)
    from xlengine.decision import story
    from xlengine.engine.register import defaults

    # the Board's story: every key stands in the template's assumptions range, eNPS included
    text = dict(story.story(defaults(), lang, given=set(defaults())))[("Uncertainty" if lang == "en" else "Onzekerheid")]
    assert needle in text
    # an eNPS the user never entered is not told, nor its margin
    assert "eNPS" not in dict(story.story(defaults(), lang))[("Uncertainty" if lang == "en" else "Onzekerheid")]
