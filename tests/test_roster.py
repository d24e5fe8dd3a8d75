"""Aggregating an employee extract to teams."""

import numpy as np
import pytest

from xlengine.engine import model
from xlengine.decision import roster


def test_hand_worked_roster():
    # Team "Sales": 5 people, 2 left, sick days 0+4+6+10+2 = 22 -> 22 / (5 x 220) = 2%
    # answers 10, 9, 8, 3, 6: promoters 2, detractors 2 -> eNPS 0
    # Team "Ops": 2 people (too few answers for an eNPS), costs 40,000 and 60,000 -> 50,000
    team = ["Sales"] * 5 + ["Ops"] * 2
    cost = [50_000] * 5 + [40_000, 60_000]
    left = [1, 1, 0, 0, 0, 0, 1]
    sick = [0, 4, 6, 10, 2, 0, 44]
    answers = [10, 9, 8, 3, 6, 9, np.nan]
    out = roster.aggregate(team, cost, left, sick, answers)
    assert out["team"].tolist() == ["Ops", "Sales"]
    assert out["headcount"].tolist() == [2, 5]
    assert out["employer_cost"].tolist() == [50_000, 50_000]
    assert out["turnover"].tolist() == pytest.approx([0.5, 0.4])
    # Ops: 44 / (2 x 220) = 10%
    assert out["absence"].tolist() == pytest.approx([0.10, 0.02])
    assert np.isnan(out["enps"][0]) and out["answers"].tolist() == [1, 5]
    assert out["enps"][1] == pytest.approx(0.0, abs=1e-12)  # (2 - 2) / 5 x 100


def test_fte_weights():
    # a half-time employee counts 0.5 FTE: headcount 1.5; cost (1 x 60,000 + 0.5 x 30,000) / 1.5
    out = roster.aggregate(["A", "A"], [60_000, 30_000], [0, 1], [0, 0], fte=[1.0, 0.5])
    assert out["headcount"][0] == 1.5
    assert out["employer_cost"][0] == pytest.approx(75_000 / 1.5)
    assert out["turnover"][0] == pytest.approx(1 / 1.5)


def test_team_enps_equals_the_model_on_random_data():
    rng = np.random.default_rng(3)
    team = rng.integers(0, 20, 2_000)
    scores = rng.integers(0, 11, 2_000).astype(float)
    out = roster.aggregate(team, np.full(2_000, 50_000.0), np.zeros(2_000), np.zeros(2_000), scores)
    for i, t in enumerate(out["team"]):
        assert out["enps"][i] == pytest.approx(model.enps(scores[team == t]))
