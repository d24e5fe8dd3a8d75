"""The template's layout: sheets, cells and defined names (a contract other code reads).

``xlengine template`` writes exactly this; the headless compute and audit and
the macros read it. Change a position here and every user follows.

* ``SHEETS``: sheet names in workbook order (more may be appended later).
* Assumptions sheet: row 1 headers, then one row per register entry in ``REGISTER``
  order: A key, B value (the input cell; a workbook-scoped defined name equal to the
  key), C low and D high (for an uncertain entry: input cells named ``<key>_low`` /
  ``<key>_high``, prefilled with ``RANGE_FORMULAS``, the default rule; a number typed
  over one is a typed range), E whether the range is typed or derived, F unit, G label
  EN, H label NL, I/J allowed min/max, K/L plausible min/max, M source.
  ``ASSUMPTION_ROW`` / ``ASSUMPTION_CELL`` / ``RANGE_CELL`` give the place of each key;
  the defined name ``assumptions`` covers A2:D<last> (key, value, low, high: what the
  decision formulas read) and ``assumption_values`` A2:B<last> (key and value: what
  the default rule reads).
* ``FORMULAS``: every formula cell of the template that must stay a formula,
  ``(sheet, cell) -> formula text``; ``RANGE_FORMULAS``: the low/high cells' formulas,
  which a user may type over.
  There are no array formulas: every ENG_ call returns one value (LibreOffice
  recalculates array formulas on load, which would hide the cached values).
* ``HEADLINES``: headline name -> (sheet, cell), each also a defined name.
* ``NAMES``: every defined name -> (sheet, cell or range).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..engine.register import REGISTER

__all__ = [
    "SHEETS",
    "ASSUMPTIONS_SHEET",
    "ASSUMPTION_HEADERS",
    "ASSUMPTION_ROW",
    "ASSUMPTION_CELL",
    "ASSUMPTIONS_RANGE",
    "ASSUMPTION_VALUES_RANGE",
    "RANGE_CELL",
    "RANGE_FORMULAS",
    "RANGE_ORIGIN_CELL",
    "range_origin_formula",
    "Line",
    "LEVER_LINES",
    "SUMMARY_LINES",
    "YEARLY_LINES",
    "SURVEY",
    "FORMULAS",
    "HEADLINES",
    "NAMES",
    "TEAM_COLUMNS",
    "BOARD_HEADLINE_CELLS",
    "cell",
    "col_letter",
    "NUMBER_FORMATS",
]

# Excel number format per register unit: the template, the board report and anything else
# that writes a figure take it from here.
NUMBER_FORMATS = {
    "EUR": "€ #,##0",
    "EUR/FTE/yr": "€ #,##0",
    "EUR/yr": "€ #,##0",
    "EUR/day": "€ #,##0.00",
    "fraction": "0.0%",
    "FTE": "#,##0",
    "FTE/yr": "#,##0.0",
    "days": "0",
    "months": "0.0",
    "years": "0",
    "eNPS points": "0",
    "ratio": "0.00",
}

SHEETS = (
    "Start",
    "Assumptions",
    "Teams",
    "Survey",
    "Business case",
    "Board",
    "Scenarios",
    "Sensitivity",
    "Simulation",
    "xlwings.conf",
)
ASSUMPTIONS_SHEET = "Assumptions"
CASE_SHEET = "Business case"
BOARD_SHEET = "Board"
SURVEY_SHEET = "Survey"
TEAMS_SHEET = "Teams"
SCENARIOS_SHEET = "Scenarios"
SENSITIVITY_SHEET = "Sensitivity"
SIMULATION_SHEET = "Simulation"
CONF_SHEET = "xlwings.conf"

ASSUMPTION_HEADERS = (
    "key",
    "value",
    "low",
    "high",
    "range",
    "unit",
    "label_en",
    "label_nl",
    "allowed_min",
    "allowed_max",
    "plausible_min",
    "plausible_max",
    "source",
)
FIRST_ASSUMPTION_ROW = 2
ASSUMPTION_ROW = {a.key: FIRST_ASSUMPTION_ROW + i for i, a in enumerate(REGISTER)}
ASSUMPTION_CELL = {key: (ASSUMPTIONS_SHEET, f"B{row}") for key, row in ASSUMPTION_ROW.items()}
LAST_ASSUMPTION_ROW = FIRST_ASSUMPTION_ROW + len(REGISTER) - 1
ASSUMPTIONS_RANGE = f"$A${FIRST_ASSUMPTION_ROW}:$D${LAST_ASSUMPTION_ROW}"
ASSUMPTION_VALUES_RANGE = f"$A${FIRST_ASSUMPTION_ROW}:$B${LAST_ASSUMPTION_ROW}"
# Whether the Assumptions sheet still holds the embedded example's figures (1) or the
# organisation's own (0): the board story tells example figures from the organisation's
# by this cell, where the values came from, never by comparing a value with a default.
EXAMPLE_FLAG_ROW = LAST_ASSUMPTION_ROW + 4
EXAMPLE_FLAG_CELL = (ASSUMPTIONS_SHEET, f"B{EXAMPLE_FLAG_ROW}")
EXAMPLE_FLAG_VALUE = 1.0  # what the template ships: the embedded example
# Low (C) and high (D) of every uncertain entry; E says whether they are typed or derived.
RANGE_COLUMN = {"low": "C", "high": "D"}
RANGE_CELL = {
    (a.key, end): (ASSUMPTIONS_SHEET, f"{col}{ASSUMPTION_ROW[a.key]}")
    for a in REGISTER
    if a.uncertain
    for end, col in RANGE_COLUMN.items()
}
RANGE_FORMULAS = {where: f'=ENG_RANGE(assumption_values,"{key}","{end}")' for (key, end), where in RANGE_CELL.items()}
RANGE_ORIGIN_CELL = {a.key: (ASSUMPTIONS_SHEET, f"E{ASSUMPTION_ROW[a.key]}") for a in REGISTER if a.uncertain}


def range_origin_formula(row: int) -> str:
    """The range-origin cell: "derived" while both ends hold the default rule's formula."""
    return (
        f'=IF(AND(ISFORMULA(C{row}),ISFORMULA(D{row})),"derived",'
        f'IF(OR(ISFORMULA(C{row}),ISFORMULA(D{row})),"typed in part","typed"))'
    )


TEAM_COLUMNS = (
    "team",
    "headcount",
    "employer_cost",
    "turnover_before",
    "turnover_after",
    "absence_before",
    "absence_after",
    "enps_before",
    "enps_after",
)


def col_letter(col: int) -> str:
    """0-based column index -> Excel letters (0 -> A)."""
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell(row: int, col: int) -> str:
    """1-based row, 0-based column -> "A1" style."""
    return f"{col_letter(col)}{row}"


@dataclass(frozen=True)
class Line:
    """One row of the Business case sheet: label, unit and (for formula rows) the call."""

    name: str  # defined name of the value cell
    label_en: str
    label_nl: str
    unit: str  # EUR, EUR/yr, FTE/yr, EUR/day, fraction, ratio, months
    function: str = ""  # ENG_ function; its arguments are defined names (or a quoted figure name)
    args: tuple[str, ...] = ()

    @property
    def formula(self) -> str:
        return f"={self.function}({','.join(self.args)})"


def _result(name: str, en: str, nl: str, unit: str) -> Line:
    return Line(name, en, nl, unit, "ENG_CASE_RESULT", ("assumptions", f'"{name}"'))


# Business case sheet: columns A label EN, B label NL, C unit, D value.
CASE_VALUE_COL = 3  # D
LEVER_FIRST_ROW = 6


def in_use_name(key: str) -> str:
    """The defined name of the value the case uses for ``key`` (see :data:`IN_USE_ROW`)."""
    return f"{key}_in_use"


LEVER_LINES = (
    Line(
        "cost_per_leaver",
        "Cost per leaver",
        "Kosten per vertrekker",
        "EUR",
        "ENG_COST_PER_LEAVER",
        (
            "annual_employer_cost",
            "recruitment_cost",
            "onboarding_cost",
            "vacancy_days",
            "ramp_up_months",
            "ramp_up_shortfall",
            "working_days",
        ),
    ),
    Line(
        "leavers_avoided",
        "Leavers avoided per year",
        "Vermeden vertrekkers per jaar",
        "FTE/yr",
        "ENG_LEAVERS_AVOIDED",
        ("headcount", "turnover_before", in_use_name("turnover_after")),
    ),
    Line(
        "turnover_savings_gross",
        "Turnover savings, full year (gross)",
        "Besparing verloop, volledig jaar (bruto)",
        "EUR/yr",
        "ENG_TURNOVER_SAVINGS",
        ("headcount", "turnover_before", in_use_name("turnover_after"), "cost_per_leaver"),
    ),
    Line(
        "cost_per_sick_day",
        "Cost of a sick day",
        "Kosten van een verzuimdag",
        "EUR/day",
        "ENG_SICK_DAY_COST",
        ("annual_employer_cost", "continued_pay", "cover_share", "working_days"),
    ),
    Line(
        "absence_savings_gross",
        "Absence savings, full year (gross)",
        "Besparing verzuim, volledig jaar (bruto)",
        "EUR/yr",
        "ENG_ABSENCE_SAVINGS",
        ("headcount", "absence_before", in_use_name("absence_after"), "cost_per_sick_day", "working_days"),
    ),
    Line(
        "productivity_gain_gross",
        "Productivity gain, full year (gross)",
        "Productiviteitswinst, volledig jaar (bruto)",
        "EUR/yr",
        "ENG_PRODUCTIVITY_GAIN",
        ("headcount", "value_per_fte", in_use_name("productivity_gain")),
    ),
)
LEVER_ROW = {line.name: LEVER_FIRST_ROW + i for i, line in enumerate(LEVER_LINES)}
# Beside the lever lines (key in column E, value in F): the three targets benchmark mode
# derives, as the case uses them (=ENG_CASE_RESULT(assumptions,"turnover_after")): the typed
# target, or in benchmark mode the value from the Gallup gap. The lever lines and the Board
# compute with these, so every figure follows the same values as the headlines.
IN_USE_KEY_COL, IN_USE_COL = 4, 5  # E, F
IN_USE_ROW = {
    "turnover_after": LEVER_ROW["leavers_avoided"],
    "absence_after": LEVER_ROW["absence_savings_gross"],
    "productivity_gain": LEVER_ROW["productivity_gain_gross"],
}
IN_USE_CELL = {key: (CASE_SHEET, cell(row, IN_USE_COL)) for key, row in IN_USE_ROW.items()}

# The headline figures, over the horizon, after attribution x confidence: one
# ENG_CASE_RESULT formula per row.
SUMMARY_FIRST_ROW = LEVER_FIRST_ROW + len(LEVER_LINES) + 3
SUMMARY_LINES = (
    _result("turnover_savings", "Turnover savings", "Besparing verloop", "EUR"),
    _result("absence_savings", "Absence savings", "Besparing verzuim", "EUR"),
    _result("productivity_savings", "Productivity gain", "Productiviteitswinst", "EUR"),
    _result("total_benefits", "Total benefits", "Totale baten", "EUR"),
    _result("total_costs", "Programme cost", "Programmakosten", "EUR"),
    _result("net_benefit", "Net benefit", "Netto baten", "EUR"),
    _result("npv", "Net present value (NPV)", "Netto contante waarde (NCW)", "EUR"),
    _result("roi", "Return on investment (ROI)", "Rendement (ROI)", "fraction"),
    _result("bcr", "Benefit-cost ratio (BCR)", "Baten-kostenverhouding", "ratio"),
    _result("payback_months", "Payback", "Terugverdientijd", "months"),
)
SUMMARY_ROW = {line.name: SUMMARY_FIRST_ROW + i for i, line in enumerate(SUMMARY_LINES)}


def _default_horizon() -> int:
    return int(next(a.default for a in REGISTER if a.key == "horizon_years"))


# Year by year: header row with the year numbers (0 for the start, shown as "Start", then
# 1, 2, ... shown as "Year 1"), column C the start (the one-off cost, year 0), columns D..
# one per year of the default horizon, then a Total column that refers to the headline
# cell above. Each cell: ENG_CASE_RESULT(assumptions, "<figure>", <year header>); beyond
# the case's horizon a cell stays empty; totals count the whole horizon.
YEARS = _default_horizon()
YEAR_FIRST_COL = 2  # C: the start (year 0); year y in column YEAR_FIRST_COL + y
TOTAL_COL = YEAR_FIRST_COL + YEARS + 1
YEAR_HEADER_ROW = SUMMARY_FIRST_ROW + len(SUMMARY_LINES) + 3
YEARLY_LINES = SUMMARY_LINES[:6] + (_result("cumulative_net", "Cumulative net", "Cumulatief netto", "EUR"),)
YEARLY_ROW = {line.name: YEAR_HEADER_ROW + 1 + i for i, line in enumerate(YEARLY_LINES)}
CUMULATIVE_ROW = YEARLY_ROW["cumulative_net"]


def yearly_formula(name: str, year_col: int) -> str:
    return f'=ENG_CASE_RESULT(assumptions,"{name}",{col_letter(year_col)}${YEAR_HEADER_ROW})'


# Survey: answers in A5:A504 (blank cells are ignored), eNPS in D5.
SURVEY_FIRST_ROW = 5
SURVEY_LAST_ROW = 504
SURVEY = {
    "answers": (SURVEY_SHEET, f"$A${SURVEY_FIRST_ROW}:$A${SURVEY_LAST_ROW}"),
    "enps": (SURVEY_SHEET, "D5"),
    # the earlier wave's answers (column B) and the team of each answer (column C), both optional
    "before": (SURVEY_SHEET, f"$B${SURVEY_FIRST_ROW}:$B${SURVEY_LAST_ROW}"),
    "teams": (SURVEY_SHEET, f"$C${SURVEY_FIRST_ROW}:$C${SURVEY_LAST_ROW}"),
}
SURVEY_FORMULA = "=ENG_ENPS(survey_answers)"
# The margin of error: eNPS interval in E5:G5 (low, high, answers); the change since the
# earlier wave in D8:G8 (change, low, high, distinguishable from noise). One value per cell.
SURVEY_CONFIDENCE = (SURVEY_SHEET, "J5", 0.95)  # an input cell, named survey_confidence
SURVEY_CI_CELLS = {"low": "E5", "high": "F5", "answers": "G5"}
SURVEY_CHANGE_ROW = 8
SURVEY_CHANGE_CELLS = {"change": "D8", "low": "E8", "high": "F8", "distinguishable": "G8"}

# Teams: beside the Teams table (header in row 3, teams from row 4), per row the team's
# eNPS from the Survey sheet's answers with its interval; columns K.. as TEAM_ENPS_COLUMNS.
TEAMS_HEADER_ROW = 3
TEAM_ENPS_COLUMNS = ("enps", "low", "high", "answers", "wide")
TEAM_ENPS_FIRST_COL = 10  # K
TEAM_ENPS_ROWS = 4  # one per example team; `xlengine roster --workbook` writes one per team it fills


def team_enps_formula(row: int, field: str) -> str:
    return f'=ENG_ENPS_CI(survey_answers,survey_confidence,"{field}",survey_teams,$A{row})'


# Board: headline rows; column A label EN, B label NL, C value (=<name>).
BOARD_FIRST_ROW = 5
BOARD_HEADLINES = ("total_benefits", "total_costs", "net_benefit", "npv", "roi", "bcr", "payback_months")
BOARD_HEADLINE_CELLS = {name: (BOARD_SHEET, f"C{BOARD_FIRST_ROW + i}") for i, name in enumerate(BOARD_HEADLINES)}
BOARD_ASSUMPTIONS_FIRST_ROW = BOARD_FIRST_ROW + len(BOARD_HEADLINES) + 3
BOARD_ASSUMPTIONS = (
    "headcount",
    "turnover_before",
    "turnover_after",
    "absence_before",
    "absence_after",
    "productivity_gain",
    "attribution",
    "confidence",
    "horizon_years",
    "discount_rate",
)
BOARD_ASSUMPTION_CELLS = {key: (BOARD_SHEET, f"C{BOARD_ASSUMPTIONS_FIRST_ROW + i}") for i, key in enumerate(BOARD_ASSUMPTIONS)}

# Board story: under "what the case assumes", the board story in English, then in
# Dutch; one section per row, text in column A (merged A:C), =ENG_STORY_SECTION(...).
STORY_SECTIONS = (
    "problem",
    "intervention",
    "expected_result",
    "impact",
    "uncertainty",
    "break_even",
    "not_in_the_money",
    "sources",
)
# It starts on a page of its own, below the cumulative-net chart (anchored at E20, 290 px,
# about 15 default rows): row 37.
BOARD_STORY_HEADER_ROW = {"en": max(BOARD_ASSUMPTIONS_FIRST_ROW + len(BOARD_ASSUMPTIONS) + 1, 37)}
BOARD_STORY_HEADER_ROW["nl"] = BOARD_STORY_HEADER_ROW["en"] + len(STORY_SECTIONS) + 2
BOARD_STORY_CELLS = {
    (lang, key): (BOARD_SHEET, f"A{BOARD_STORY_HEADER_ROW[lang] + 1 + i}")
    for lang in ("en", "nl")
    for i, key in enumerate(STORY_SECTIONS)
}
BOARD_LAST_ROW = BOARD_STORY_HEADER_ROW["nl"] + len(STORY_SECTIONS)

# Scenarios: one row per figure, a column per scenario (D conservative, E base,
# F optimistic); =ENG_SCENARIO_RESULT(assumptions,"<scenario>","<figure>").
SCENARIO_NAMES = ("conservative", "base", "optimistic")
SCENARIO_HEADER_ROW = 4
SCENARIO_FIRST_COL = 3  # D
SCENARIO_LINES = SUMMARY_LINES  # the headline figures, same labels and units
SCENARIO_ROW = {line.name: SCENARIO_HEADER_ROW + 1 + i for i, line in enumerate(SCENARIO_LINES)}

# Sensitivity: the tornado, one row per rank (column A holds 1, 2, ...; a rank
# beyond the case's uncertain assumptions stays empty), columns B..I as TORNADO_COLUMNS.
TORNADO_COLUMNS = ("label", "low", "most_likely", "high", "npv_at_low", "npv_at_high", "change_at_low", "change_at_high")
TORNADO_HEADER_ROW = 4
# every uncertain register entry but one: gap_closed (benchmark mode) replaces three
TORNADO_ROWS = sum(1 for a in REGISTER if a.uncertain) - 1
TORNADO_FIRST_ROW = TORNADO_HEADER_ROW + 1
TORNADO_LAST_ROW = TORNADO_FIRST_ROW + TORNADO_ROWS - 1

# Simulation: inputs draws (B4) and seed (B5); statistics of NPV (row 9) and ROI
# (row 10), P(NPV > 0) in B11; the NPV histogram: bar number in column A (1, 2, ...),
# columns B..E as HISTOGRAM_COLUMNS.
SIMULATION_INPUTS = {"simulation_draws": (SIMULATION_SHEET, "B4", 10_000.0), "simulation_seed": (SIMULATION_SHEET, "B5", 1.0)}
SIMULATION_STAT_HEADER_ROW = 8
SIMULATION_STATS = ("p5", "p50", "p95", "mean")
SIMULATION_MEASURE_ROW = {"npv": 9, "roi": 10}
SIMULATION_PROB_CELL = (SIMULATION_SHEET, "B11")
HISTOGRAM_COLUMNS = ("npv_from", "npv_to", "draws", "share")
HISTOGRAM_HEADER_ROW = 14
HISTOGRAM_BARS = 20  # ENG_NPV_HISTOGRAM_BIN's default number of bars
HISTOGRAM_FIRST_ROW = HISTOGRAM_HEADER_ROW + 1
HISTOGRAM_LAST_ROW = HISTOGRAM_FIRST_ROW + HISTOGRAM_BARS - 1

# Plain numbers the decision sheets' formulas refer to (ranks, bar numbers, inputs).
DECISION_CONSTANTS = {
    **{(SENSITIVITY_SHEET, f"A{r}"): float(r - TORNADO_FIRST_ROW + 1) for r in range(TORNADO_FIRST_ROW, TORNADO_LAST_ROW + 1)},
    **{
        (SIMULATION_SHEET, f"A{r}"): float(r - HISTOGRAM_FIRST_ROW + 1)
        for r in range(HISTOGRAM_FIRST_ROW, HISTOGRAM_LAST_ROW + 1)
    },
    **{(sheet, ref): value for sheet, ref, value in SIMULATION_INPUTS.values()},
    SURVEY_CONFIDENCE[:2]: SURVEY_CONFIDENCE[2],
}


def _decision_formulas() -> dict[tuple[str, str], str]:
    formulas: dict[tuple[str, str], str] = {}
    for (lang, key), where in BOARD_STORY_CELLS.items():
        formulas[where] = f'=ENG_STORY_SECTION(assumptions,"{key}","{lang}",example_values)'
    for line in SCENARIO_LINES:
        for i, scenario in enumerate(SCENARIO_NAMES):
            formulas[(SCENARIOS_SHEET, cell(SCENARIO_ROW[line.name], SCENARIO_FIRST_COL + i))] = (
                f'=ENG_SCENARIO_RESULT(assumptions,"{scenario}","{line.name}")'
            )
    for r in range(TORNADO_FIRST_ROW, TORNADO_LAST_ROW + 1):
        for i, field in enumerate(TORNADO_COLUMNS, start=1):
            formulas[(SENSITIVITY_SHEET, cell(r, i))] = f'=ENG_SENSITIVITY_RESULT(assumptions,$A{r},"{field}")'
    for measure, r in SIMULATION_MEASURE_ROW.items():
        for i, stat in enumerate(SIMULATION_STATS, start=1):
            formulas[(SIMULATION_SHEET, cell(r, i))] = (
                f'=ENG_SIMULATION_RESULT(assumptions,"{measure}_{stat}",simulation_draws,simulation_seed)'
            )
    formulas[SIMULATION_PROB_CELL] = '=ENG_SIMULATION_RESULT(assumptions,"prob_npv_positive",simulation_draws,simulation_seed)'
    for r in range(HISTOGRAM_FIRST_ROW, HISTOGRAM_LAST_ROW + 1):
        for i, field in enumerate(HISTOGRAM_COLUMNS, start=1):
            formulas[(SIMULATION_SHEET, cell(r, i))] = (
                f'=ENG_NPV_HISTOGRAM_BIN(assumptions,$A{r},"{field}",simulation_draws,simulation_seed)'
            )
    return formulas


def _names() -> dict[str, tuple[str, str]]:
    names = {key: (sheet, f"${c[0]}${c[1:]}") for key, (sheet, c) in ASSUMPTION_CELL.items()}
    names["assumptions"] = (ASSUMPTIONS_SHEET, ASSUMPTIONS_RANGE)
    names["assumption_values"] = (ASSUMPTIONS_SHEET, ASSUMPTION_VALUES_RANGE)
    names["example_values"] = (ASSUMPTIONS_SHEET, f"$B${EXAMPLE_FLAG_ROW}")
    for (key, end), (sheet, c) in RANGE_CELL.items():
        names[f"{key}_{end}"] = (sheet, f"${c[0]}${c[1:]}")
    col = col_letter(CASE_VALUE_COL)
    for key, (sheet, c) in IN_USE_CELL.items():
        names[in_use_name(key)] = (sheet, f"${c[0]}${c[1:]}")
    for line in LEVER_LINES:
        names[line.name] = (CASE_SHEET, f"${col}${LEVER_ROW[line.name]}")
    for line in SUMMARY_LINES:
        names[line.name] = (CASE_SHEET, f"${col}${SUMMARY_ROW[line.name]}")
    names["survey_answers"] = SURVEY["answers"]
    names["survey_enps"] = (SURVEY_SHEET, "$D$5")
    names["survey_before"] = SURVEY["before"]
    names["survey_teams"] = SURVEY["teams"]
    names["survey_confidence"] = (SURVEY_SHEET, f"${SURVEY_CONFIDENCE[1][0]}${SURVEY_CONFIDENCE[1][1:]}")
    for name, (sheet, ref, _) in SIMULATION_INPUTS.items():
        names[name] = (sheet, f"${ref[0]}${ref[1:]}")
    return names


def _formulas() -> dict[tuple[str, str], str]:
    formulas: dict[tuple[str, str], str] = {}
    for key, where in RANGE_ORIGIN_CELL.items():
        formulas[where] = range_origin_formula(ASSUMPTION_ROW[key])
    for key, where in IN_USE_CELL.items():  # before the lever lines, which use them
        formulas[where] = f'=ENG_CASE_RESULT(assumptions,"{key}")'
    for line in LEVER_LINES:
        formulas[(CASE_SHEET, cell(LEVER_ROW[line.name], CASE_VALUE_COL))] = line.formula
    for line in SUMMARY_LINES:
        formulas[(CASE_SHEET, cell(SUMMARY_ROW[line.name], CASE_VALUE_COL))] = line.formula
    for line in YEARLY_LINES:
        row = YEARLY_ROW[line.name]
        for col in range(YEAR_FIRST_COL, TOTAL_COL):
            formulas[(CASE_SHEET, cell(row, col))] = yearly_formula(line.name, col)
        if line.name in SUMMARY_ROW:
            formulas[(CASE_SHEET, cell(row, TOTAL_COL))] = f"={line.name}"
    formulas[(SURVEY_SHEET, SURVEY["enps"][1])] = SURVEY_FORMULA
    for field, ref in SURVEY_CI_CELLS.items():
        formulas[(SURVEY_SHEET, ref)] = f'=ENG_ENPS_CI(survey_answers,survey_confidence,"{field}")'
    for field, ref in SURVEY_CHANGE_CELLS.items():
        formulas[(SURVEY_SHEET, ref)] = f'=ENG_ENPS_CHANGE(survey_before,survey_answers,survey_confidence,"{field}")'
    for r in range(TEAMS_HEADER_ROW + 1, TEAMS_HEADER_ROW + 1 + TEAM_ENPS_ROWS):
        for i, field in enumerate(TEAM_ENPS_COLUMNS):
            formulas[(TEAMS_SHEET, cell(r, TEAM_ENPS_FIRST_COL + i))] = team_enps_formula(r, field)
    for name, where in BOARD_HEADLINE_CELLS.items():
        formulas[where] = f"={name}"
    for key, where in BOARD_ASSUMPTION_CELLS.items():
        formulas[where] = f"={in_use_name(key) if key in IN_USE_ROW else key}"
    formulas.update(_decision_formulas())
    return formulas


NAMES = _names()
FORMULAS = _formulas()
HEADLINES = {line.name: (CASE_SHEET, cell(SUMMARY_ROW[line.name], CASE_VALUE_COL)) for line in SUMMARY_LINES}
