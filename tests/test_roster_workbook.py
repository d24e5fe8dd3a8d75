"""`roster --workbook TEMPLATE -o NEW.xlsm`: a Dutch export of 140 employees in 6 teams into a
copy of the template that shows its figures and passes its own audit.

Period 2024 (366 days; 262 working days, Jan-Jun 130). Each team's first employee resigned
with last day 2024-06-30 (182 days, 130 working days), everyone else stayed the whole year.
Employees 1-4 of each team were sick (100%) Mon 5 - Fri 16 Feb (10 working days) and
Mon 4 - Fri 29 Mar (20): 30 days each, at their FTE. Annual employer cost = the team's cost
per FTE x FTE. So, for the organisation (the Assumptions sheet):

  average FTE        = sum(fte x days) / 366
  average headcount  = sum(days) / 366 ; voluntary turnover = 6 leavers / average headcount
  cost per FTE       = sum(cost x days) / sum(fte x days)
  absence            = sum(30 x fte of the sick) / sum(fte x working days employed)
"""

from __future__ import annotations

import contextlib
import csv
import io
import json

import openpyxl
import pytest

from xlengine import cli, resources
from xlengine.workbook import headless
from xlengine.workbook import layout as L

TEAMS = [
    ("Operations", 40, 50_000),
    ("Sales", 30, 60_000),
    ("Customer service", 25, 45_000),
    ("Finance", 20, 70_000),
    ("IT", 15, 80_000),
    ("HR", 10, 65_000),
]
FTES = (1.0, 0.8, 0.6, 1.0, 0.5)
SURVEY = [(s, "Operations") for s in (10, 9, 9, 10, 8, 7, 9, 3, 6, 9)] + [(s, "Sales") for s in (10, 4, 8)]


def employees():
    for team, n, cost in TEAMS:
        for i in range(n):
            yield f"{team[:2].upper()}{i}", team, i == 0, i in (1, 2, 3, 4), FTES[i % 5], cost * FTES[i % 5]


def dutch(x: float) -> str:
    return f"{x:g}".replace(".", ",")


@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    d = tmp_path_factory.mktemp("roster")
    with open(d / "medewerkers.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, delimiter=";")
        w.writerow(
            [
                "Personeelsnummer",
                "Naam",
                "Afdeling",
                "Datum in dienst",
                "Datum uit dienst",
                "Reden vertrek",
                "FTE",
                "Werkgeverslasten",
            ]
        )
        for eid, team, leaver, _, fte, cost in employees():
            w.writerow(
                [
                    eid,
                    "A. Naam",
                    team,
                    "01-01-2020",
                    "30-06-2024" if leaver else "",
                    "Ontslag op eigen verzoek" if leaver else "",
                    dutch(fte),
                    f"{round(cost):,}".replace(",", "."),
                ]
            )
    with open(d / "verzuim.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, delimiter=";")
        w.writerow(["personeelsnummer", "datum_ziekmelding", "datum_herstel", "verzuimpercentage"])
        for eid, _, _, sick, _, _ in employees():
            if sick:
                w.writerow([eid, "05-02-2024", "16-02-2024", 100])
                w.writerow([eid, "04-03-2024", "29-03-2024", 100])
    with open(d / "enquete.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, delimiter=";")
        w.writerow(["score", "team"])
        w.writerows(SURVEY)
    return d


def organisation():
    rows = list(employees())
    days = [182 if leaver else 366 for _, _, leaver, _, _, _ in rows]
    fte_days = sum(fte * d for (_, _, _, _, fte, _), d in zip(rows, days))
    available = sum(fte * (130 if leaver else 262) for _, _, leaver, _, fte, _ in rows)
    return {
        "headcount": fte_days / 366,
        "turnover_before": 6 / (sum(days) / 366),
        "annual_employer_cost": sum(cost * d for (_, _, _, _, _, cost), d in zip(rows, days)) / fte_days,
        "absence_before": sum(30 * fte for _, _, _, sick, fte, _ in rows if sick) / available,
    }


@pytest.fixture(scope="module")
def filled(exports):
    template = resources.path_of(resources.TEMPLATE)
    out = exports / "nieuw.xlsm"
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        rc = cli.main(
            [
                "roster",
                str(exports / "medewerkers.csv"),
                "--absence",
                str(exports / "verzuim.csv"),
                "--survey",
                str(exports / "enquete.csv"),
                "--from",
                "2024-01-01",
                "--to",
                "2024-12-31",
                "--workbook",
                str(template),
                "-o",
                str(out),
            ]
        )
    return rc, out, err.getvalue()


def test_a_roster_figure_not_above_the_workbooks_target_is_a_warning(filled):
    # the template's targets: turnover 8%, absence 4.1%; this organisation is below both already
    rc, _, err = filled
    o = organisation()
    assert o["turnover_before"] < 0.08 and o["absence_before"] < 0.041
    assert rc == 1
    assert err.splitlines() == [
        f"warning: the organisation's turnover_before from the roster ({o['turnover_before'] * 100:.6g}%) is not above "
        "turnover_after on the Assumptions sheet (8%), so the case counts a loss on that lever: set turnover_after "
        "(Assumptions!B6) to your target.",
        f"warning: the organisation's absence_before from the roster ({o['absence_before'] * 100:.6g}%) is not above "
        "absence_after on the Assumptions sheet (4.1%), so the case counts a loss on that lever: set absence_after "
        "(Assumptions!B13) to your target.",
    ]


def test_the_filled_workbook_passes_its_own_audit(filled, capsys):
    _, out, _ = filled
    capsys.readouterr()
    assert cli.main(["audit", str(out), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["errors"] == 0
    # what is left: eNPS withheld for teams with fewer than 5 answers (privacy), and no earlier wave
    assert {f["check"] for f in data["findings"]} == {"too-few-answers"}


def test_the_organisation_figures_follow_the_roster(filled):
    _, out, _ = filled
    ws = openpyxl.load_workbook(out)[L.ASSUMPTIONS_SHEET]
    for key, expected in organisation().items():
        assert ws[L.ASSUMPTION_CELL[key][1]].value == pytest.approx(expected, rel=1e-9), key
    assert organisation()["headcount"] == pytest.approx((140 * 0.78 * 366 - 6 * 184) / 366)  # 6 leavers of 1.0 FTE
    # the survey's 13 answers: promoters 10, 9, 9, 10, 9, 9 + 10 = 7, detractors 3, 6 + 4 = 3
    assert ws[L.ASSUMPTION_CELL["enps_before"][1]].value == pytest.approx(100 * (7 - 3) / 13, rel=1e-12)


def test_every_team_row_has_the_template_rows_formats_and_input_styling(filled):
    _, out, _ = filled
    ws = openpyxl.load_workbook(out)[L.TEAMS_SHEET]
    first = L.TEAMS_HEADER_ROW + 1
    assert ws.tables["Teams"].ref == f"A{L.TEAMS_HEADER_ROW}:I{first + len(TEAMS) - 1}"
    columns = [*range(1, len(L.TEAM_COLUMNS) + 1), *range(L.TEAM_ENPS_FIRST_COL + 1, L.TEAM_ENPS_FIRST_COL + 6)]
    for r in range(first + 1, first + len(TEAMS)):  # the fifth and sixth rows too
        for c in columns:
            model, cell = ws.cell(first, c), ws.cell(r, c)
            assert (
                cell.number_format,
                cell.fill.fgColor.rgb,
                cell.font.color and cell.font.color.rgb,
                cell.border.left.style,
            ) == (
                model.number_format,
                model.fill.fgColor.rgb,
                model.font.color and model.font.color.rgb,
                model.border.left.style,
            ), (r, c)
    assert ws.cell(first, 2).fill.fgColor.rgb == "FFFFF2CC" and ws.cell(first, 4).number_format == "0.0%"


def test_the_survey_sheet_holds_the_exports_answers_not_the_examples(filled):
    _, out, _ = filled
    ws = openpyxl.load_workbook(out)[L.SURVEY_SHEET]
    rows = range(L.SURVEY_FIRST_ROW, L.SURVEY_LAST_ROW + 1)
    assert [(ws.cell(r, 1).value, ws.cell(r, 3).value) for r in rows if ws.cell(r, 1).value is not None] == SURVEY
    assert all(ws.cell(r, 2).value is None and ws.cell(r, 3).value is None for r in rows[len(SURVEY) :])


def test_the_copy_carries_its_computed_values(filled):
    _, out, _ = filled
    values = openpyxl.load_workbook(out, data_only=True)
    formulas = openpyxl.load_workbook(out)
    # Operations: 10 answers, 6 promoters (9-10), 2 detractors (0-6): eNPS 100 x (6 - 2) / 10 = 40
    row = L.TEAMS_HEADER_ROW + 1 + [t[0] for t in sorted(TEAMS)].index("Operations")
    assert formulas[L.TEAMS_SHEET].cell(row, L.TEAM_ENPS_FIRST_COL + 1).value.startswith("=ENG_ENPS_CI(")
    assert values[L.TEAMS_SHEET].cell(row, L.TEAM_ENPS_FIRST_COL + 1).value == 40
    # the headcount line reads the new headcount: leavers avoided = headcount x (before - after)
    a = {k: formulas[L.ASSUMPTIONS_SHEET][c].value for k, (_, c) in L.ASSUMPTION_CELL.items()}
    leavers = values[L.CASE_SHEET][L.cell(L.LEVER_ROW["leavers_avoided"], L.CASE_VALUE_COL)].value
    assert leavers == pytest.approx(a["headcount"] * (a["turnover_before"] - a["turnover_after"]), rel=1e-12)
    # every headline carries its figure (a case that does not pay back says so in words)
    shown = {name: values[s][c].value for name, (s, c) in L.HEADLINES.items()}
    assert all(isinstance(v, float) for name, v in shown.items() if name != "payback_months"), shown
    assert isinstance(shown["payback_months"], float) or headless.is_no_payback(shown["payback_months"])
