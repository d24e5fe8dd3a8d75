"""The template's layout: sheets, cells and defined names (a contract other code reads).

``xlengine template`` writes exactly this; the headless compute and audit (issue 4) and
the macros read it. Change a position here and every user follows.

* ``SHEETS``: sheet names in workbook order (more may be appended later).
* Assumptions sheet: row 1 headers, then one row per register entry in ``REGISTER``
  order: A key, B value (the input cell; a workbook-scoped defined name equal to the
  key), C unit, D label EN, E label NL, F/G allowed min/max, H/I plausible min/max,
  J source. ``ASSUMPTION_ROW`` / ``ASSUMPTION_CELL`` give the place of each key; the
  defined name ``assumptions`` covers A2:B<last> (key and value columns).
* ``FORMULAS``: every formula cell of the template, ``(sheet, cell) -> formula text``;
  cells of an array formula range all map to the range's formula (``ARRAY_RANGES`` gives
  each array range by its top-left cell).
* ``HEADLINES``: headline name -> (sheet, cell), each also a defined name.
* ``NAMES``: every defined name -> (sheet, cell or range).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..register import REGISTER

__all__ = [
    "SHEETS", "ASSUMPTIONS_SHEET", "ASSUMPTION_HEADERS", "ASSUMPTION_ROW", "ASSUMPTION_CELL",
    "ASSUMPTIONS_RANGE", "Line", "LEVER_LINES", "SUMMARY_LINES", "CASE_TABLE", "SURVEY",
    "FORMULAS", "ARRAY_RANGES", "HEADLINES", "NAMES", "TEAM_COLUMNS", "BOARD_HEADLINE_CELLS",
    "cell", "col_letter",
]

SHEETS = ("Start", "Assumptions", "Teams", "Survey", "Business case", "Board", "xlwings.conf")
ASSUMPTIONS_SHEET = "Assumptions"
CASE_SHEET = "Business case"
BOARD_SHEET = "Board"
SURVEY_SHEET = "Survey"
TEAMS_SHEET = "Teams"

ASSUMPTION_HEADERS = ("key", "value", "unit", "label_en", "label_nl", "allowed_min", "allowed_max",
                      "plausible_min", "plausible_max", "source")
FIRST_ASSUMPTION_ROW = 2
ASSUMPTION_ROW = {a.key: FIRST_ASSUMPTION_ROW + i for i, a in enumerate(REGISTER)}
ASSUMPTION_CELL = {key: (ASSUMPTIONS_SHEET, f"B{row}") for key, row in ASSUMPTION_ROW.items()}
LAST_ASSUMPTION_ROW = FIRST_ASSUMPTION_ROW + len(REGISTER) - 1
ASSUMPTIONS_RANGE = f"$A${FIRST_ASSUMPTION_ROW}:$B${LAST_ASSUMPTION_ROW}"

TEAM_COLUMNS = ("team", "headcount", "employer_cost", "turnover_before", "turnover_after",
                "absence_before", "absence_after", "enps_before", "enps_after")


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

    name: str          # defined name of the value cell
    label_en: str
    label_nl: str
    unit: str          # EUR, EUR/yr, FTE/yr, EUR/day, fraction, ratio, months
    function: str = ""  # ENG_ function; its arguments are defined names
    args: tuple[str, ...] = ()

    @property
    def formula(self) -> str:
        return f"={self.function}({','.join(self.args)})"


# Business case sheet: columns A label EN, B label NL, C unit, D value.
CASE_VALUE_COL = 3  # D
LEVER_FIRST_ROW = 6
LEVER_LINES = (
    Line("cost_per_leaver", "Cost per leaver", "Kosten per vertrekker", "EUR", "ENG_COST_PER_LEAVER",
         ("annual_employer_cost", "recruitment_cost", "onboarding_cost", "vacancy_days", "ramp_up_months",
          "ramp_up_shortfall", "working_days")),
    Line("leavers_avoided", "Leavers avoided per year", "Vermeden vertrekkers per jaar", "FTE/yr",
         "ENG_LEAVERS_AVOIDED", ("headcount", "turnover_before", "turnover_after")),
    Line("turnover_savings_gross", "Turnover savings, full year (gross)", "Besparing verloop, volledig jaar (bruto)",
         "EUR/yr", "ENG_TURNOVER_SAVINGS", ("headcount", "turnover_before", "turnover_after", "cost_per_leaver")),
    Line("cost_per_sick_day", "Cost of a sick day", "Kosten van een verzuimdag", "EUR/day", "ENG_SICK_DAY_COST",
         ("annual_employer_cost", "continued_pay", "cover_share", "working_days")),
    Line("absence_savings_gross", "Absence savings, full year (gross)", "Besparing verzuim, volledig jaar (bruto)",
         "EUR/yr", "ENG_ABSENCE_SAVINGS", ("headcount", "absence_before", "absence_after", "cost_per_sick_day", "working_days")),
    Line("productivity_gain_gross", "Productivity gain, full year (gross)", "Productiviteitswinst, volledig jaar (bruto)",
         "EUR/yr", "ENG_PRODUCTIVITY_GAIN", ("headcount", "value_per_fte", "productivity_gain")),
)
LEVER_ROW = {line.name: LEVER_FIRST_ROW + i for i, line in enumerate(LEVER_LINES)}

# The headline figures: one array formula, ENG_CASE_SUMMARY(assumptions), ten rows (its
# row order is xlengine.udfs.SUMMARY_KEYS). Over the horizon, after attribution x confidence.
SUMMARY_FIRST_ROW = LEVER_FIRST_ROW + len(LEVER_LINES) + 3
SUMMARY_FORMULA = "=ENG_CASE_SUMMARY(assumptions)"
SUMMARY_LINES = (
    Line("turnover_savings", "Turnover savings", "Besparing verloop", "EUR"),
    Line("absence_savings", "Absence savings", "Besparing verzuim", "EUR"),
    Line("productivity_savings", "Productivity gain", "Productiviteitswinst", "EUR"),
    Line("total_benefits", "Total benefits", "Totale baten", "EUR"),
    Line("total_costs", "Programme cost", "Programmakosten", "EUR"),
    Line("net_benefit", "Net benefit", "Netto baten", "EUR"),
    Line("npv", "Net present value (NPV)", "Netto contante waarde (NCW)", "EUR"),
    Line("roi", "Return on investment (ROI)", "Rendement (ROI)", "fraction"),
    Line("bcr", "Benefit-cost ratio (BCR)", "Baten-kostenverhouding", "ratio"),
    Line("payback_months", "Payback", "Terugverdientijd", "months"),
)
SUMMARY_ROW = {line.name: SUMMARY_FIRST_ROW + i for i, line in enumerate(SUMMARY_LINES)}
SUMMARY_RANGE = f"{cell(SUMMARY_FIRST_ROW, CASE_VALUE_COL)}:{cell(SUMMARY_FIRST_ROW + len(SUMMARY_LINES) - 1, CASE_VALUE_COL)}"

# Year by year: ENG_BUSINESS_CASE(assumptions), a dynamic array (it spills to the horizon
# in Excel 365); built for the register's default horizon.
CASE_TABLE_FIRST_ROW = SUMMARY_FIRST_ROW + len(SUMMARY_LINES) + 3
CASE_TABLE_FORMULA = "=ENG_BUSINESS_CASE(assumptions)"


def _default_horizon() -> int:
    return int(next(a.default for a in REGISTER if a.key == "horizon_years"))


CASE_TABLE_ROWS = 12  # header, 3 levers, benefits, costs, net, cumulative, NPV, ROI, BCR, payback
CASE_TABLE_COLS = _default_horizon() + 2  # label, years, total
CASE_TABLE = (CASE_SHEET, f"A{CASE_TABLE_FIRST_ROW}:{cell(CASE_TABLE_FIRST_ROW + CASE_TABLE_ROWS - 1, CASE_TABLE_COLS - 1)}")
CUMULATIVE_ROW = CASE_TABLE_FIRST_ROW + 8  # "Cumulative net" row of the table

# Survey: answers in A5:A504 (blank cells are ignored), eNPS in D5.
SURVEY_FIRST_ROW = 5
SURVEY_LAST_ROW = 504
SURVEY = {
    "answers": (SURVEY_SHEET, f"$A${SURVEY_FIRST_ROW}:$A${SURVEY_LAST_ROW}"),
    "enps": (SURVEY_SHEET, "D5"),
}
SURVEY_FORMULA = "=ENG_ENPS(survey_answers)"

# Board: headline rows; column A label EN, B label NL, C value (=<name>).
BOARD_FIRST_ROW = 5
BOARD_HEADLINES = ("total_benefits", "total_costs", "net_benefit", "npv", "roi", "bcr", "payback_months")
BOARD_HEADLINE_CELLS = {name: (BOARD_SHEET, f"C{BOARD_FIRST_ROW + i}") for i, name in enumerate(BOARD_HEADLINES)}
BOARD_ASSUMPTIONS_FIRST_ROW = BOARD_FIRST_ROW + len(BOARD_HEADLINES) + 3
BOARD_ASSUMPTIONS = ("headcount", "turnover_before", "turnover_after", "absence_before", "absence_after",
                     "productivity_gain", "attribution", "confidence", "horizon_years", "discount_rate")
BOARD_ASSUMPTION_CELLS = {key: (BOARD_SHEET, f"C{BOARD_ASSUMPTIONS_FIRST_ROW + i}") for i, key in enumerate(BOARD_ASSUMPTIONS)}


def _cells(rng: str):
    import re

    a, b = rng.replace("$", "").split(":")
    (c1, r1), (c2, r2) = (re.match(r"([A-Z]+)(\d+)", x).groups() for x in (a, b))

    def num(letters):
        n = 0
        for ch in letters:
            n = n * 26 + ord(ch) - 64
        return n - 1

    for r in range(int(r1), int(r2) + 1):
        for c in range(num(c1), num(c2) + 1):
            yield cell(r, c)


def _names() -> dict[str, tuple[str, str]]:
    names = {key: (sheet, f"${c[0]}${c[1:]}") for key, (sheet, c) in ASSUMPTION_CELL.items()}
    names["assumptions"] = (ASSUMPTIONS_SHEET, ASSUMPTIONS_RANGE)
    col = col_letter(CASE_VALUE_COL)
    for line in LEVER_LINES:
        names[line.name] = (CASE_SHEET, f"${col}${LEVER_ROW[line.name]}")
    for line in SUMMARY_LINES:
        names[line.name] = (CASE_SHEET, f"${col}${SUMMARY_ROW[line.name]}")
    start, end = CASE_TABLE[1].split(":")
    names["case_table"] = (CASE_SHEET, f"${start[0]}${start[1:]}:${end[0]}${end[1:]}")
    names["survey_answers"] = SURVEY["answers"]
    names["survey_enps"] = (SURVEY_SHEET, "$D$5")
    return names


def _formulas() -> tuple[dict[tuple[str, str], str], dict[tuple[str, str], str]]:
    formulas: dict[tuple[str, str], str] = {}
    arrays: dict[tuple[str, str], str] = {}
    for line in LEVER_LINES:
        formulas[(CASE_SHEET, cell(LEVER_ROW[line.name], CASE_VALUE_COL))] = line.formula
    for rng, formula in ((SUMMARY_RANGE, SUMMARY_FORMULA), (CASE_TABLE[1], CASE_TABLE_FORMULA)):
        cells = list(_cells(rng))
        arrays[(CASE_SHEET, cells[0])] = rng
        formulas.update({(CASE_SHEET, c): formula for c in cells})
    formulas[(SURVEY_SHEET, SURVEY["enps"][1])] = SURVEY_FORMULA
    for name, where in BOARD_HEADLINE_CELLS.items():
        formulas[where] = f"={name}"
    for key, where in BOARD_ASSUMPTION_CELLS.items():
        formulas[where] = f"={key}"
    return formulas, arrays


NAMES = _names()
FORMULAS, ARRAY_RANGES = _formulas()
HEADLINES = {line.name: (CASE_SHEET, cell(SUMMARY_ROW[line.name], CASE_VALUE_COL)) for line in SUMMARY_LINES}
