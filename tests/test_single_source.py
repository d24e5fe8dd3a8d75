"""One source of truth: the privacy minimum, the number formats, the checks of every argument."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import numpy as np
import pytest

from xlengine.decision import survey, teams, workforce
from xlengine.engine import model, register, validate
from xlengine.excel import arguments
from xlengine.excel import functions as udfs
from xlengine.workbook import layout, report

PACKAGE = Path(__file__).resolve().parents[1] / "xlengine"


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path.relative_to(PACKAGE).as_posix(), ast.parse(path.read_text(encoding="utf-8"))


def test_the_privacy_minimum_has_one_name():
    # no module gives the minimum a name of its own (an alias could be changed on its own)
    for name, tree in _modules():
        for node in ast.walk(tree):
            bound = (
                [node.value]
                if isinstance(node, ast.Assign)
                else (node.args.defaults + node.args.kw_defaults if isinstance(node, ast.FunctionDef) else [])
            )
            for value in bound:  # a name or a default fixed at import
                alias = (
                    isinstance(value, (ast.Name, ast.Attribute)) and ast.unparse(value).rpartition(".")[2] == "PRIVACY_MINIMUM"
                )
                assert not alias, (name, ast.unparse(node)[:80])
            if isinstance(node, ast.Name):
                assert node.id not in ("MIN_ENPS_GROUP", "MIN_ENPS_ANSWERS"), name


def test_every_privacy_rule_follows_the_register(monkeypatch):
    # Raise the minimum from 5 to 7: six answers or six people are then too few everywhere.
    six = [10.0, 10.0, 9.0, 8.0, 7.0, 3.0]  # 3 promoters, 1 detractor: 100 x (3 - 1) / 6 = 33.3
    assert udfs.ENG_ENPS([[v] for v in six]) == pytest.approx(100 * 2 / 6)
    assert register.PRIVACY_MINIMUM == 5
    monkeypatch.setattr(register, "PRIVACY_MINIMUM", 7)
    assert "at least 7" in str(udfs.ENG_ENPS([[v] for v in six]))
    with pytest.raises(Exception, match="at least 7"):
        survey.enps_interval(np.array(six))
    assert np.isnan(survey.by_team(["A"] * 6, six)["enps"][0])
    org = register.defaults()
    result = teams.analyse((["A", "B"], {"headcount": np.array([6.0, 7.0]), "enps_before": np.array([20.0, 20.0])}), org)
    assert np.isnan(result.enps_before[0]) and result.enps_before[1] == 20.0
    day = lambda *d: np.array(d, dtype="datetime64[D]")  # noqa: E731
    rates = workforce.team_rates(
        ["A"] * 6 + ["B"] * 7,
        day(*["2020-01-01"] * 13),
        day(*["NaT"] * 13),
        [1.0] * 13,
        [False] * 13,
        np.datetime64("2024-01-01"),
        np.datetime64("2024-12-31"),
    )
    # 6 people all year: under 7, merged into "other", which alone is still under 7
    assert rates.team == ["B"] and rates.left_out == ["A"], (rates.team, rates.left_out)


def test_promoters_and_detractors_are_counted_by_one_rule(monkeypatch):
    answers = [10.0, 9.0, 8.0, 7.0, 6.0, 3.0]  # 9-10 promoters (2), 0-6 detractors (2): eNPS 0
    assert model.enps(answers) == 0.0 and survey.counts(answers) == (2, 2, 6)
    # the bounds moved (as a check only): 10 alone promotes, 7 and below detract
    monkeypatch.setattr(model, "PROMOTER_MIN", 10)
    monkeypatch.setattr(model, "DETRACTOR_MAX", 7)
    # 1 promoter, 3 detractors of 6: 100 x (1 - 3) / 6 = -33.3
    assert model.enps(answers) == pytest.approx(-100 * 2 / 6)
    assert survey.counts(answers) == (1, 3, 6)
    assert survey.by_team(["A"] * 6, answers)["enps"][0] == pytest.approx(-100 * 2 / 6)
    assert udfs.ENG_ENPS([[v] for v in answers]) == pytest.approx(-100 * 2 / 6)


def test_working_days_default_is_the_registers():
    default = register.BY_KEY["working_days"].default
    with_days = [f for _, f in inspect.getmembers(model, inspect.isfunction) if "working_days" in inspect.signature(f).parameters]
    assert len(with_days) >= 4
    for f in with_days:
        assert inspect.signature(f).parameters["working_days"].default == default, f.__name__
    for name in ("ENG_COST_PER_LEAVER", "ENG_SICK_DAY_COST", "ENG_ABSENCE_SAVINGS"):
        assert inspect.signature(getattr(udfs, name)).parameters["working_days"].default == default, name


@pytest.mark.parametrize("roster_name, answer_team", [("Sales", "sales"), ("Sales North", "  sales   NORTH "), ("12", 12.0)])
def test_team_names_match_by_one_rule_on_the_command_line_and_in_excel(roster_name, answer_team):
    assert teams.team_key(roster_name) == teams.team_key(answer_team)
    # Excel: ENG_ENPS_CI with a teams column; 5 answers of the team: 3 promoters, 1 detractor -> 40
    scores = [[10.0], [10.0], [9.0], [7.0], [0.0], [10.0]]
    labels = [[answer_team]] * 5 + [["elsewhere"]]
    assert udfs.ENG_ENPS_CI(scores, 0.95, "enps", labels, roster_name) == pytest.approx(40.0)
    # command line: xlengine roster --survey matches the answers to the roster's team
    day = lambda *d: np.array(d, dtype="datetime64[D]")  # noqa: E731
    rates = workforce.team_rates(
        [roster_name] * 5,
        day(*["2020-01-01"] * 5),
        day(*["NaT"] * 5),
        [1.0] * 5,
        [False] * 5,
        np.datetime64("2024-01-01"),
        np.datetime64("2024-12-31"),
    )
    rows, _ = workforce.teams_rows(
        rates, [str(answer_team) if isinstance(answer_team, str) else "12"] * 5, np.array([10.0, 10.0, 9.0, 7.0, 0.0])
    )
    assert rows[0][list(teams.COLUMNS).index("enps_before")] == pytest.approx(40.0)
    # and a Teams table cannot hold both spellings
    assert "given twice" in str(
        udfs.ENG_TEAMS([["team", "headcount"], [roster_name, 10.0], [answer_team, 12.0]], [["headcount", 22.0]])
    )


def test_one_number_format_table():
    assert report.NUM_FORMATS is layout.NUMBER_FORMATS
    units = {a.unit for a in register.REGISTER if a.unit not in ("switch", "edition")}
    assert units <= set(layout.NUMBER_FORMATS), units - set(layout.NUMBER_FORMATS)


def test_one_table_of_argument_checks():
    assert arguments.CHECKS is validate.CHECKS  # the very table, not a copy
    for key, a in register.BY_KEY.items():
        assert validate.CHECKS[key] == dict(allowed=a.allowed, unit=a.unit, fraction=a.is_fraction, integer=a.integer)
    assert not set(validate.ARGUMENT_CHECKS) & set(register.BY_KEY)


@pytest.mark.parametrize(
    "key,x,expected",
    [
        ("turnover_before", 0.5, "turnover_before = 50% is outside the plausible range 2% to 40%"),
        ("ramp_up_months", 30.0, "ramp_up_months = 30 is outside the plausible range 1 to 24 months"),
        ("ramp_up_months", 24.0, None),
    ],
)
def test_the_audit_and_validation_share_the_plausible_range_wording(key, x, expected):
    assert validate.implausible(key, x) == expected
