"""Per-team analysis: hand-worked teams, totals equal to the organisation's case, privacy."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xlengine.engine import case
from xlengine.decision import teams
from xlengine.engine.errors import InputError
from xlengine.engine.register import defaults
from xlengine.udfs import ENG_BUSINESS_CASE, ENG_TEAMS

HEADER = [
    "team",
    "headcount",
    "employer_cost",
    "turnover_before",
    "turnover_after",
    "absence_before",
    "absence_after",
    "enps_before",
    "enps_after",
]

# The organisation (register defaults): attribution 0.5 x confidence 0.8 = 0.4 on every lever,
# value per FTE 60,000, productivity gain 2%, year 1 at 50% of the effect, 3 years.
ADJUST = 0.5 * 0.8


def run(rows, org=None):
    return teams.analyse(teams.parse_table(rows), org or defaults())


def test_hand_worked_team_with_its_own_figures():
    t = run([HEADER, ["Sales", 40, 50_000, 0.15, 0.10, 0.06, 0.04, 30, 50]])
    # Cost per leaver at 50,000: 5,000 + 3,000 + 30 x 50,000 / 220 + 6/12 x 50,000 x 0.5
    #   = 8,000 + 6,818.18 + 12,500 = 27,318.18
    cost_per_leaver = 5_000 + 3_000 + 30 * 50_000 / 220 + 6 / 12 * 50_000 * 0.5
    assert cost_per_leaver == pytest.approx(27_318.1818, abs=1e-3)
    # Leavers avoided 40 x (0.15 - 0.10) = 2 -> 54,636.36 gross -> x 0.4 = 21,854.55 a year
    assert t.per_year["turnover"][0] == pytest.approx(2 * cost_per_leaver * ADJUST, rel=1e-12)
    assert t.per_year["turnover"][0] == pytest.approx(21_854.55, abs=0.01)
    # Sick days avoided 40 x 220 x 0.02 = 176 at 50,000 / 220 = 227.27 -> 40,000 gross -> 16,000
    assert t.per_year["absence"][0] == pytest.approx(16_000.0, abs=1e-6)
    # Productivity: 40 x 60,000 (the organisation's value per FTE) x 0.02 = 48,000 -> 19,200
    assert t.per_year["productivity"][0] == pytest.approx(19_200.0, abs=1e-6)
    # Horizon: year 1 at half the effect, then two full years: 2.5 x 57,054.55 = 142,636.36
    assert t.horizon_total[0] == pytest.approx(2.5 * (21_854.5454 + 16_000 + 19_200), abs=0.01)
    assert (t.enps_before[0], t.enps_after[0]) == (30.0, 50.0)


def test_hand_worked_small_team_falls_back_and_hides_enps():
    t = run([HEADER, ["Legal", 3, None, None, None, None, None, 70, 80]])
    # Organisation's rates: turnover 12% -> 8%: 3 x 0.04 = 0.12 leavers x 31,181.82 = 3,741.82 -> 1,496.73
    assert t.per_year["turnover"][0] == pytest.approx(0.12 * 31_181.8182 * ADJUST, abs=1e-3)
    # Absence 5.6% -> 4.1%: 3 x 220 x 0.015 = 9.9 days x 272.73 = 2,700 -> 1,080
    assert t.per_year["absence"][0] == pytest.approx(1_080.0, abs=1e-6)
    # Productivity 3 x 60,000 x 0.02 = 3,600 -> 1,440
    assert t.per_year["productivity"][0] == pytest.approx(1_440.0, abs=1e-6)
    # 3 people: the eNPS they typed is not shown (privacy), the money still counts
    assert math.isnan(t.enps_before[0]) and math.isnan(t.enps_after[0])
    rows = teams.table(t)
    assert rows[1][2] is None and rows[1][3] is None
    assert rows[-1][2] is None  # the total has no team large enough to show an eNPS


def test_ranking_biggest_opportunity_first_and_total_row():
    rows = ENG_TEAMS(
        [
            HEADER,
            ["Small", 10, None, None, None, None, None, None, None],
            ["Big", 150, None, None, None, None, None, None, None],
            ["Mid", 40, None, None, None, None, None, None, None],
        ],
        [["headcount", 200]],
    )
    assert [r[0] for r in rows[1:]] == ["Big", "Mid", "Small", "Total"]
    total = rows[-1]
    assert total[1] == 200.0
    assert total[9] == 1.0
    # Shares: 150/200, 40/200, 10/200 (same rates everywhere)
    assert [r[9] for r in rows[1:4]] == pytest.approx([0.75, 0.2, 0.05])


def test_total_equals_the_organisation_case_when_teams_add_up():
    org = defaults()
    rows = ENG_TEAMS([["team", "headcount"], ["A", 120], ["B", 50], ["C", 30]], [["headcount", 200]])
    business = ENG_BUSINESS_CASE([["headcount", 200]])
    by_label = {r[0]: r for r in business}
    total = rows[-1]
    # Per lever a year at full effect = the case's year 2 (column 3: label, start, year 1, year 2);
    # over the horizon = its Total column
    assert total[4] == pytest.approx(by_label["Turnover savings"][3], rel=1e-12)
    assert total[5] == pytest.approx(by_label["Absence savings"][3], rel=1e-12)
    assert total[6] == pytest.approx(by_label["Productivity gain"][3], rel=1e-12)
    assert total[8] == pytest.approx(case.compute(org).total_benefits, rel=1e-12)
    assert total[8] == pytest.approx(669_454.545454, abs=1e-4)


def test_weighted_rates_add_up_to_the_organisation():
    # Two teams of 100 with turnover 16% -> 10% and 8% -> 6%: weighted 12% -> 8%, as the organisation
    t = run([["team", "headcount", "turnover_before", "turnover_after"], ["X", 100, 0.16, 0.10], ["Y", 100, 0.08, 0.06]])
    org = case.compute(defaults())
    assert t.per_year["turnover"].sum() == pytest.approx(org.benefits_by_lever["turnover"][-1], rel=1e-12)
    # X: 100 x 0.06 = 6 leavers, Y: 100 x 0.02 = 2 leavers
    assert t.per_year["turnover"] == pytest.approx(np.array([6, 2]) * 31_181.8182 * ADJUST, abs=1e-2)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.integers(min_value=1, max_value=500), min_size=1, max_size=12),
    st.floats(min_value=0.05, max_value=0.4),
    st.floats(min_value=0.0, max_value=0.05),
)
def test_property_any_split_adds_up(heads, turnover_before, absence_after):
    org = defaults()
    org.update(headcount=float(sum(heads)), turnover_before=turnover_before, absence_after=absence_after)
    t = run([["team", "headcount"], *([f"T{i}", h] for i, h in enumerate(heads))], org)
    whole = case.compute(org)
    for lever in case.LEVERS:
        assert t.per_year[lever].sum() == pytest.approx(whole.benefits_by_lever[lever][-1], rel=1e-9, abs=1e-6)
    assert t.horizon_total.sum() == pytest.approx(whole.total_benefits, rel=1e-9, abs=1e-6)


def test_enps_total_is_weighted_over_shown_teams():
    rows = ENG_TEAMS([["team", "headcount", "enps_before"], ["A", 30, 10], ["B", 10, 50], ["C", 2, -100]], [["headcount", 42]])
    # (30 x 10 + 10 x 50) / 40 = 20; team C (2 people) is hidden and left out
    assert rows[-1][2] == pytest.approx(20.0)


@pytest.mark.parametrize(
    "rows, fragment",
    [
        ([["team"]], "header row and at least one team"),
        ([["team", "size"], ["A", 1]], "column 'size' that is not known"),
        ([["team", "turnover_before"], ["A", 0.1]], "no 'headcount' column"),
        ([["team", "headcount"], [None, 12]], "row 2 has figures but no team name"),
        ([["team", "headcount"], ["A", 12], ["A", 3]], "'A' is given twice"),
        ([["team", "headcount"], ["A", None]], "has no headcount"),
        ([["team", "headcount", "turnover_before"], ["A", 10, 12]], "looks like a percentage"),
        ([["team", "headcount"], ["A", "many"]], "is text"),
    ],
)
def test_bad_tables_give_one_sentence(rows, fragment):
    with pytest.raises(InputError) as e:
        teams.parse_table(rows)
    assert fragment in str(e.value)
    assert fragment in str(ENG_TEAMS(rows, [["headcount", 200]]))


def test_blank_rows_skipped_and_dutch_labels():
    rows = ENG_TEAMS([["Team", "Headcount"], [None, None], ["A", 5.0], ["", ""]], [["headcount", 5]], "nl")
    assert rows[0][1] == "Medewerkers"
    assert rows[1][0] == "A" and rows[1][2] == 45.0  # 5 people: eNPS shown
    assert rows[-1][0] == "Totaal"
