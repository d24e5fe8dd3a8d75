"""The template workbook: built deterministically from the register, laid out as agreed,
every formula cell cached with the engine's value."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

import oracle
from xlengine.engine import case, register
from xlengine import cli
from xlengine.workbook import layout as L
from xlengine.workbook import template
from xlengine import resources

TEMPLATE = Path(__file__).resolve().parents[1] / resources.TEMPLATE  # the committed template

DEFAULTS = register.defaults()


@pytest.fixture(scope="module")
def built(template_bytes) -> bytes:
    return template_bytes


@pytest.fixture(scope="module")
def book(built):
    return openpyxl.load_workbook(io.BytesIO(built), keep_vba=True)


@pytest.fixture(scope="module")
def cached(built):
    return openpyxl.load_workbook(io.BytesIO(built), data_only=True)


def test_build_is_deterministic_and_the_committed_template_is_current(built):
    assert template.build_bytes() == built
    assert TEMPLATE.read_bytes() == built, (
        "run `xlengine template --addin -o workbook_templates/engagement_business_case.xlsm` and commit the template"
    )


def test_template_command_writes_a_new_file(tmp_path):
    # --addin: the shipped template's variant (the standalone one: tests/test_standalone.py)
    out = tmp_path / "copy.xlsm"
    assert cli.main(["template", "-o", str(out), "--addin"]) == 0
    assert out.read_bytes() == TEMPLATE.read_bytes()


def test_macro_enabled_package_with_a_vba_project(built):
    with zipfile.ZipFile(io.BytesIO(built)) as z:
        names = z.namelist()
        types = z.read("[Content_Types].xml").decode()
    assert "xl/vbaProject.bin" in names
    assert "application/vnd.ms-excel.sheet.macroEnabled.main+xml" in types
    # Board: benefits by lever, cumulative net, tornado, NPV distribution; one each on
    # Scenarios (NPV per scenario), Sensitivity (tornado) and Simulation (NPV distribution)
    assert sum(n.startswith("xl/charts/chart") for n in names) == 7


def test_excel_shows_the_cached_values_on_open(built):
    # No full recalculation on load: without Python every ENG_ cell would show #NAME?.
    with zipfile.ZipFile(io.BytesIO(built)) as z:
        calc = re.search(r"<calcPr[^>]*/>", z.read("xl/workbook.xml").decode()).group(0)
    assert "fullCalcOnLoad" not in calc and int(re.search(r'calcId="(\d+)"', calc).group(1)) >= 191029


def test_sheets_in_the_agreed_order(book):
    assert tuple(book.sheetnames) == L.SHEETS


def test_assumptions_sheet_one_row_per_register_entry(book):
    ws = book["Assumptions"]
    assert tuple(c.value for c in ws[1][:13]) == L.ASSUMPTION_HEADERS
    fills, fonts = set(), set()
    validations = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    for a in register.REGISTER:
        r = L.ASSUMPTION_ROW[a.key]
        row = [ws.cell(r, c).value for c in range(1, 14)]
        assert row[:2] == [a.key, a.default] and row[5:8] == [a.unit, a.label_en, a.label_nl]
        assert row[8:12] == [a.allowed[0], a.allowed[1], a.plausible[0], a.plausible[1]]
        assert row[12].startswith(a.source) and (a.verified or row[12].endswith("(unverified)"))
        if a.uncertain:  # low / high: the default rule's formula (typed over for an own range), validated
            assert row[2:4] == [f'=ENG_RANGE(assumption_values,"{a.key}","{end}")' for end in ("low", "high")]
            assert row[4].startswith("=IF(AND(ISFORMULA(")
            low, high = validations[f"C{r}"], validations[f"D{r}"]
            assert low.type == high.type == "custom"
            assert f"C{r}<=B{r}" in low.formula1 and f"D{r}>=B{r}" in high.formula1
        else:
            assert row[2:5] == [None, None, None]
        value = ws.cell(r, 2)
        assert value.comment is not None and a.source in value.comment.text
        fills.add(value.fill.fgColor.rgb)
        fonts.add(value.font.color.rgb)
        dv = validations[f"B{r}"]
        assert dv.type == ("whole" if a.integer else "decimal") and dv.operator in (None, "between")  # between is the default
        assert (float(dv.formula1), float(dv.formula2)) == (float(a.allowed[0]), float(a.allowed[1]))
        assert dv.promptTitle and dv.prompt and dv.error
    assert len(fills) == 1 and len(fonts) == 1, "one input style"


def test_defined_names(book):
    names = {n: book.defined_names[n].attr_text for n in book.defined_names}
    for key, row in L.ASSUMPTION_ROW.items():
        assert names[key] == f"Assumptions!$B${row}"
    assert names["assumptions"] == f"Assumptions!$A$2:$D${len(register.REGISTER) + 1}"
    assert names["assumption_values"] == f"Assumptions!$A$2:$B${len(register.REGISTER) + 1}"
    for (key, end), (_, ref) in L.RANGE_CELL.items():
        assert names[f"{key}_{end}"] == f"Assumptions!${ref[0]}${ref[1:]}"
    for name, (sheet, ref) in L.HEADLINES.items():
        col, row = re.match(r"([A-Z]+)(\d+)", ref).groups()
        assert names[name] == f"'{sheet}'!${col}${row}"
    assert set(names) == set(L.NAMES)


def test_every_formula_cell_is_in_the_layout_and_no_number_is_typed_into_one(book):
    found = {}
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f":
                    found[(ws.title, c.coordinate)] = c.value
    assert found == {**L.FORMULAS, **L.RANGE_FORMULAS}
    for (sheet, ref), formula in found.items():
        # FAST: drop quoted texts and cell references; what is left holds no number.
        bare = re.sub(r'"[^"]*"', "", formula)
        bare = re.sub(r"\$?[A-Z]{1,3}\$?\d+", "", bare)
        assert not re.search(r"(?<![A-Za-z_])\d", bare), f"{sheet}!{ref}: {formula}"
        if formula.startswith("=ENG_"):
            args = re.sub(r'"[^"]*"', "", formula[formula.index("(") + 1 : -1])
            for token in re.findall(r"[a-z_][a-z0-9_]*", args):
                assert token in L.NAMES, f"{sheet}!{ref}: {token} is not a defined name"


def test_cached_headlines_are_the_engines_values(cached):
    # The embedded example worked out by hand (tests/oracle.py shows the arithmetic).
    summary = oracle.SUMMARY
    for name, (sheet, ref) in L.HEADLINES.items():
        assert cached[sheet][ref].value == pytest.approx(summary[name], rel=1e-12), name
    ws = cached["Business case"]
    shown = {n: round(ws[L.HEADLINES[n][1]].value, 2) for n in ("total_benefits", "total_costs", "npv", "payback_months")}
    assert shown == {"total_benefits": 669_454.55, "total_costs": 250_000.0, "npv": 337_271.80, "payback_months": 12.89}
    assert round(ws[L.HEADLINES["roi"][1]].value, 4) == 1.6778
    for name, (sheet, ref) in L.BOARD_HEADLINE_CELLS.items():
        assert cached[sheet][ref].value == pytest.approx(summary[name], rel=1e-12), name


def test_cached_lever_lines_and_years(cached):
    ws = cached["Business case"]
    value = {line.name: ws.cell(L.LEVER_ROW[line.name], L.CASE_VALUE_COL + 1).value for line in L.LEVER_LINES}
    # 5,000 + 3,000 + 30 x 60,000/220 + 6/12 x 60,000 x 0.5 = 31,181.82; 200 x 0.04 = 8 leavers
    assert round(value["cost_per_leaver"], 2) == 31_181.82 and value["leavers_avoided"] == pytest.approx(8.0)
    # 60,000 / 220 = 272.73 a sick day; 660 days avoided -> 180,000; 200 x 60,000 x 2% = 240,000
    assert round(value["cost_per_sick_day"], 2) == 272.73
    assert value["absence_savings_gross"] == pytest.approx(180_000.0)
    assert value["productivity_gain_gross"] == pytest.approx(240_000.0)
    # the start (year 0: the one-off 100,000), then years 1..3
    years = [ws.cell(L.YEARLY_ROW["net_benefit"], L.YEAR_FIRST_COL + 1 + y).value for y in range(L.YEARS + 1)]
    assert [round(v, 2) for v in years] == [-100_000, 83_890.91, 217_781.82, 217_781.82]
    cumulative = [ws.cell(L.CUMULATIVE_ROW, L.YEAR_FIRST_COL + 1 + y).value for y in range(L.YEARS + 1)]
    assert [round(v, 2) for v in cumulative] == [-100_000, -16_109.09, 201_672.73, 419_454.55]


def test_survey_and_teams(book, cached):
    assert cached["Survey"]["D5"].value == 45.0  # 12 promoters - 3 detractors of 20 answers
    ws = book["Teams"]
    table = ws.tables["Teams"]
    rows = [[c.value for c in r] for r in ws[table.ref]]
    assert tuple(rows[0]) == L.TEAM_COLUMNS
    teams = rows[1:]
    head = sum(t[1] for t in teams)
    assert head == DEFAULTS["headcount"]
    for i, key in ((3, "turnover_before"), (4, "turnover_after"), (5, "absence_before"), (6, "absence_after")):
        assert sum(t[1] * t[i] for t in teams) / head == pytest.approx(DEFAULTS[key]), key


def test_xlwings_conf_sheet(book):
    ws = book["xlwings.conf"]
    assert (ws["A1"].value, ws["B1"].value) == ("UDF Modules", "xlengine.udfs")
    assert ws["A2"].value is None, "xlwings reads the block from A1 down to the first blank row"
    assert ws["A3"].value is None, "a blank row ends the block even where Interpreter_Win fills A2"
    keys = [ws.cell(r, 1).value for r in range(7, 14)]
    assert keys == [
        "Interpreter_Win",
        "Interpreter_Mac",
        "PYTHONPATH",
        "Conda Path",
        "Conda Env",
        "Use UDF Server",
        "Show Console",
    ]


def test_template_evaluates_with_the_formulas_engine(tmp_path):
    """The formulas package computes every formula cell to the value the template cached."""
    from xlengine.workbook import evaluate

    result = evaluate.evaluate(TEMPLATE)
    assert not result.unsupported
    expected = template.cached_values()
    for sheet, ref in L.FORMULAS:
        got = result.value(sheet, ref)
        want = expected[(sheet, ref)]
        if isinstance(want, float):
            assert got == pytest.approx(want, rel=1e-9), f"{sheet}!{ref}"
        else:
            assert got == want, f"{sheet}!{ref}"


# --- decision support sheets -------------------------------------------------------------------


def test_scenario_sheet_cached_values_are_the_engines(cached):
    from xlengine.decision import uncertainty

    sets = uncertainty.scenarios(DEFAULTS)
    ws = cached["Scenarios"]
    for i, scenario in enumerate(L.SCENARIO_NAMES):
        summary = case.compute(sets[scenario]).summary()
        for line in L.SCENARIO_LINES:
            got = ws.cell(L.SCENARIO_ROW[line.name], L.SCENARIO_FIRST_COL + 1 + i).value
            if line.name == "payback_months" and summary[line.name] == float("inf"):
                assert got == "No payback within 3 years"
            else:
                assert got == pytest.approx(summary[line.name], rel=1e-12), (scenario, line.name)
    # the base column is the business case itself
    assert ws.cell(L.SCENARIO_ROW["npv"], L.SCENARIO_FIRST_COL + 2).value == cached["Business case"][L.HEADLINES["npv"][1]].value


def test_tornado_sheet_cached_values_are_the_engines(cached):
    from xlengine.decision import uncertainty

    rows = uncertainty.sensitivity(DEFAULTS)
    ws = cached["Sensitivity"]
    assert len(rows) == L.TORNADO_ROWS
    for rank, row in enumerate(rows, start=1):
        r = L.TORNADO_FIRST_ROW + rank - 1
        assert ws.cell(r, 1).value == rank
        assert ws.cell(r, 2).value == register.BY_KEY[row["key"]].label_en
        assert ws.cell(r, 6).value == pytest.approx(row["npv_low"], rel=1e-12)
        assert ws.cell(r, 7).value == pytest.approx(row["npv_high"], rel=1e-12)
    # widest bar: attribution 30% .. 70% moves NPV by PV(benefits) 566,126.65 x 0.8 = 452,901.32
    assert round(ws.cell(L.TORNADO_FIRST_ROW, 7).value - ws.cell(L.TORNADO_FIRST_ROW, 6).value, 2) == 452_901.32


def test_simulation_sheet_cached_values_are_the_engines(cached):
    from xlengine.decision import uncertainty

    ws = cached["Simulation"]
    draws, seed = ws["B4"].value, ws["B5"].value
    assert (draws, seed) == (10_000, 1)
    sim = uncertainty.simulate(DEFAULTS, draws=int(draws), seed=int(seed))
    p = sim.percentiles()
    assert [ws.cell(L.SIMULATION_MEASURE_ROW["npv"], c).value for c in (2, 3, 4)] == pytest.approx(p["npv"], rel=1e-12)
    assert [ws.cell(L.SIMULATION_MEASURE_ROW["roi"], c).value for c in (2, 3, 4)] == pytest.approx(p["roi"], rel=1e-12)
    assert ws[L.SIMULATION_PROB_CELL[1]].value == sim.prob_positive
    counts = [ws.cell(r, 4).value for r in range(L.HISTOGRAM_FIRST_ROW, L.HISTOGRAM_LAST_ROW + 1)]
    assert counts == [c for _, _, c in sim.histogram(L.HISTOGRAM_BARS)] and sum(counts) == draws


def test_board_story_cells_are_the_engines_story(cached):
    from xlengine.decision import story

    ws = cached["Board"]
    for lang in ("en", "nl"):
        texts = [ws[L.BOARD_STORY_CELLS[(lang, key)][1]].value for key in L.STORY_SECTIONS]
        # the template ships the embedded example (example_values = 1): none counts as entered
        assert texts == [t for _, t in story.story(DEFAULTS, lang, given=frozenset())]
    assert "net present value (NPV) of EUR 337,272" in ws[L.BOARD_STORY_CELLS[("en", "impact")][1]].value
