"""``xlengine template``: build workbook_templates/engagement_business_case.xlsm.

Built from the assumption register with XlsxWriter, deterministically (same input, same
bytes), never edited by hand. The layout is the contract in :mod:`.layout`. Every
formula cell carries its cached value, computed by calling the same ``xlengine.udfs``
functions Excel calls, so the file shows correct numbers before Python recalculates and
in viewers without Python (LibreOffice, previews, Excel without the add-in).

The VBA project (``xlwings_udfs`` + our macros, from ``vba/``) is built by
:mod:`.vbaproject`; xlwings' own VBA module is not embedded (see docs/windows-setup.md).
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path
from typing import Any

from .. import __version__
from .. import register as _register
from .. import udfs as _udfs
from . import layout as L
from .vba import vba_modules
from .vbaproject import build_vba_project

__all__ = ["TEMPLATE", "build_template", "cached_values", "EXAMPLE_TEAMS", "EXAMPLE_ANSWERS"]

TEMPLATE = Path(__file__).resolve().parents[2] / "workbook_templates" / "engagement_business_case.xlsm"
_BUILD_DATE = dt.datetime(2024, 1, 1)  # fixed document date: two builds give the same bytes

# Example teams: they add up to the organisation on the Assumptions sheet (headcount-
# weighted): 80+50+30+40 = 200 FTE; turnover (80x15 + 50x12 + 30x10 + 40x7.5)/200 = 12%
# -> (80x10 + 50x8 + 30x6 + 40x5.5)/200 = 8%; absence (80x7 + 50x5 + 30x5 + 40x4)/200 =
# 5.6% -> (80x5 + 50x4 + 30x4 + 40x2.5)/200 = 4.1%.
EXAMPLE_TEAMS = (
    # team, headcount, employer_cost, turnover_before/after, absence_before/after, eNPS before/after
    ("Operations", 80, 60_000, 0.15, 0.10, 0.07, 0.05, 35, 55),
    ("Sales", 50, 60_000, 0.12, 0.08, 0.05, 0.04, 50, 62),
    ("Customer service", 30, 60_000, 0.10, 0.06, 0.05, 0.04, 45, 58),
    ("Head office", 40, 60_000, 0.075, 0.055, 0.04, 0.025, 55, 66),
)
# 20 example answers: 12 promoters (9-10), 5 passives (7-8), 3 detractors (0-6):
# eNPS = 100 x (12 - 3) / 20 = 45, the register's enps_before.
EXAMPLE_ANSWERS = (10, 9, 9, 10, 8, 7, 9, 10, 6, 9, 8, 10, 9, 3, 7, 9, 10, 8, 5, 9)

_UNIT_FORMAT = {
    "EUR": "€ #,##0", "EUR/FTE/yr": "€ #,##0", "EUR/yr": "€ #,##0", "EUR/day": "€ #,##0.00",
    "fraction": "0.0%", "FTE": "#,##0", "FTE/yr": "#,##0.0", "days": "0", "months": "0.0",
    "years": "0", "eNPS points": "0", "ratio": "0.00",
}
_UNIT_LABEL = {"fraction": "%", "ratio": "ratio", "months": "months", "EUR/FTE/yr": "EUR per FTE per year",
               "EUR/yr": "EUR per year", "EUR/day": "EUR per day", "FTE/yr": "FTE per year"}


def _assumption_rows(values: dict[str, float]) -> list[list[Any]]:
    return [[a.key, float(values[a.key])] for a in _register.REGISTER]


def _checked(name: str, result: Any) -> Any:
    """A UDF result, or stop the build: the template must never cache an error text."""
    if isinstance(result, str) or (isinstance(result, list) and any(isinstance(v, str) and v.endswith(".") for r in result for v in r)):
        raise RuntimeError(f"{name} gives {result!r} for the register defaults: fix the register or the function.")
    return result


def cached_values() -> dict[str, Any]:
    """Every value the template caches, computed by the ENG_ functions on the defaults.

    Keys: each defined name of a formula cell (lever lines, headlines, ``survey_enps``),
    ``case_table`` (the ENG_BUSINESS_CASE rows) and ``summary`` (the ENG_CASE_SUMMARY rows).
    """
    values: dict[str, Any] = {k: float(v) for k, v in _register.defaults().items()}
    for line in L.LEVER_LINES:
        values[line.name] = _checked(line.function, getattr(_udfs, line.function)(*(values[a] for a in line.args)))
    rows = _assumption_rows(values)
    summary = _checked("ENG_CASE_SUMMARY", _udfs.ENG_CASE_SUMMARY(rows))
    values["summary"] = summary
    for line, (value,) in zip(L.SUMMARY_LINES, summary):
        values[line.name] = value
    values["case_table"] = _checked("ENG_BUSINESS_CASE", _udfs.ENG_BUSINESS_CASE(rows))
    values["survey_enps"] = _checked("ENG_ENPS", _udfs.ENG_ENPS([[a] for a in EXAMPLE_ANSWERS]))
    return values


class _Formats:
    def __init__(self, wb):
        self.wb = wb
        self._cache: dict[tuple, Any] = {}
        self.title = self.get(bold=True, font_size=16, font_color="#1F3864")
        self.subtitle = self.get(italic=True, font_color="#595959", text_wrap=True, valign="top")
        self.header = self.get(bold=True, bg_color="#D9E1F2", bottom=1, text_wrap=True, valign="top")
        self.section = self.get(bold=True, font_color="#1F3864", top=1)
        self.text = self.get(text_wrap=True, valign="top")
        self.bold = self.get(bold=True)
        self.note = self.get(italic=True, font_color="#595959", text_wrap=True, valign="top")

    def get(self, **props):
        key = tuple(sorted(props.items()))
        if key not in self._cache:
            self._cache[key] = self.wb.add_format(props)
        return self._cache[key]

    def number(self, unit: str, **extra):
        return self.get(num_format=_UNIT_FORMAT.get(unit, "General"), **extra)

    def input(self, unit: str):
        # One input style (FAST): blue figures on light yellow, a thin border.
        return self.number(unit, font_color="#0000FF", bg_color="#FFF2CC", border=1, border_color="#BFBFBF")

    def calc(self, unit: str, bold: bool = False):
        return self.number(unit, bold=bold) if bold else self.number(unit)


def _print_setup(ws, area: str, landscape: bool = True, repeat_rows: int | None = None):
    ws.set_paper(9)  # A4
    if landscape:
        ws.set_landscape()
    ws.fit_to_pages(1, 0)  # one page wide, as many tall as needed
    ws.print_area(area)
    ws.set_margins(left=0.5, right=0.5, top=0.7, bottom=0.7)
    ws.set_header('&L&"Calibri,Bold"Engagement business case&R&A')
    ws.set_footer(f"&Lxlengine {__version__}&RPage &P of &N")
    if repeat_rows is not None:
        ws.repeat_rows(0, repeat_rows)


def _quoted(sheet: str) -> str:
    return f"'{sheet}'" if " " in sheet or "." in sheet else sheet


def _write_start(wb, ws, f: _Formats):
    ws.set_column("A:A", 115)
    ws.hide_gridlines(2)
    lines = [
        ("Engagement business case / Businesscase betrokkenheid", f.title),
        ("What this workbook is: it turns an employee engagement programme into a board business case: "
         "savings on turnover, absence and productivity against the programme's cost, as NPV, ROI, "
         "benefit-cost ratio and payback.", f.text),
        ("Wat dit werkboek is: het vertaalt een betrokkenheidsprogramma naar een businesscase voor de directie: "
         "besparingen op verloop, verzuim en productiviteit tegenover de programmakosten, als NCW, ROI, "
         "baten-kostenverhouding en terugverdientijd.", f.text),
        ("", None),
        ("Who fills in what / Wie vult wat in", f.section),
        ("HR: the yellow input cells on 'Assumptions' (turnover, absence, eNPS, programme cost), the 'Teams' "
         "table and the survey answers on 'Survey'. / HR: de gele invoercellen op 'Assumptions', de tabel "
         "'Teams' en de antwoorden op 'Survey'.", f.text),
        ("Finance / controller: cost of capital (discount_rate), employer cost per FTE, attribution and "
         "confidence; review 'Business case'. / Financiën: disconteringsvoet, werkgeverslasten, toerekening "
         "en betrouwbaarheid; controleer 'Business case'.", f.text),
        ("Board: read 'Board'. Every figure there is a formula on 'Business case', which is a formula on "
         "'Assumptions', where each input shows its source (cell comment). / Directie: lees 'Board'.", f.text),
        ("", None),
        ("Set-up on Windows / Installatie op Windows (details: docs/windows-setup.md)", f.section),
        ("1. pip install xlengine (with xlwings), then: xlwings addin install", f.text),
        ("2. Open this file and click 'Enable content' (macros). In the VBA editor (Alt+F11): Tools > "
         "References > tick 'xlwings'.", f.text),
        ("3. The sheet 'xlwings.conf' tells xlwings to load the functions from xlengine.udfs. If cells show "
         "#NAME?: xlwings ribbon > Import Functions.", f.text),
        ("4. A cell that shows a sentence instead of a number names the input to fix. / Een cel met een zin "
         "in plaats van een getal noemt de invoer die u moet aanpassen.", f.text),
        ("", None),
        ("Without Python the workbook still shows the figures it was saved with (cached values). / Zonder "
         "Python toont het werkboek de laatst berekende waarden.", f.note),
    ]
    for i, (text, fmt) in enumerate(lines):
        if text:
            ws.write_string(i, 0, text, fmt)
    row = len(lines) + 1
    ws.write_string(row, 0, "Buttons (need the xlwings add-in) / Knoppen:", f.section)
    for j, (macro, caption) in enumerate((("Recalculate", "Recalculate / Herberekenen"),
                                          ("WriteBoardReport", "Write board report / Rapport"),
                                          ("RunAudit", "Run audit / Controle"),
                                          ("ResetInputs", "Reset inputs / Standaardwaarden"))):
        ws.insert_button(row + 1, 0, {"macro": macro, "caption": caption, "width": 200, "height": 28,
                                      "x_offset": j * 210, "y_offset": 4})
    ws.set_row(row + 1, 36)
    _print_setup(ws, f"A1:A{row + 2}", landscape=False)


def _write_assumptions(wb, ws, f: _Formats, values):
    widths = {"A": 24, "B": 14, "C": 12, "D": 48, "E": 48, "F": 12, "G": 14, "H": 12, "I": 14, "J": 70}
    for col, w in widths.items():
        ws.set_column(f"{col}:{col}", w)
    for c, h in enumerate(L.ASSUMPTION_HEADERS):
        ws.write_string(0, c, h, f.header)
    ws.freeze_panes(1, 2)
    ws.set_comments_author("xlengine register")
    for a in _register.REGISTER:
        r = L.ASSUMPTION_ROW[a.key] - 1
        num = f.number(a.unit)
        ws.write_string(r, 0, a.key, f.bold)
        ws.write_number(r, 1, float(values[a.key]), f.input(a.unit))
        ws.write_string(r, 2, a.unit)
        ws.write_string(r, 3, a.label_en, f.text)
        ws.write_string(r, 4, a.label_nl, f.text)
        for c, v in enumerate((a.allowed[0], a.allowed[1], a.plausible[0], a.plausible[1]), start=5):
            ws.write_number(r, c, float(v), num)
        source = a.source if a.verified else f"{a.source} (unverified)"
        ws.write_string(r, 9, source, f.text)
        ws.write_comment(r, 1, f"Source: {source}", {"x_scale": 3, "y_scale": 2})
        lo, hi = a.allowed
        shown = (f"{lo * 100:g}% to {hi * 100:g}%" if a.is_fraction else f"{lo:,.0f} to {hi:,.0f} {a.unit}")
        ws.data_validation(r, 1, r, 1, {
            "validate": "integer" if a.integer else "decimal", "criteria": "between",
            "minimum": float(lo), "maximum": float(hi),
            "input_title": a.key[:32],
            "input_message": f"{a.label_en}. Allowed {shown}; plausible {a.plausible[0]:g} to {a.plausible[1]:g}."[:255],
            "error_title": "Outside the allowed range",
            "error_message": f"{a.key} must be {shown}{' (a whole number)' if a.integer else ''}."[:255],
        })
    _print_setup(ws, f"A1:J{L.LAST_ASSUMPTION_ROW}", repeat_rows=0)


def _write_teams(wb, ws, f: _Formats):
    ws.write_string(0, 0, "Teams / Teams: per-team inputs (an Excel table named Teams)", f.title)
    ws.write_string(1, 0, "The example teams add up to the organisation on 'Assumptions' (200 FTE, turnover 12% -> 8%, "
                    "absence 5.6% -> 4.1%, headcount-weighted). eNPS does not add up: it is a score per team.", f.note)
    units = ("", "FTE", "EUR/FTE/yr", "fraction", "fraction", "fraction", "fraction", "eNPS points", "eNPS points")
    widths = (22, 12, 15, 15, 15, 15, 15, 12, 12)
    for c, w in enumerate(widths):
        ws.set_column(c, c, w)
    first = 3
    last = first + len(EXAMPLE_TEAMS)
    ws.add_table(first - 1, 0, last - 1, len(L.TEAM_COLUMNS) - 1, {
        "name": "Teams", "style": "Table Style Medium 2",
        "columns": [{"header": h, "format": f.input(u) if u else f.get(font_color="#0000FF", bg_color="#FFF2CC", border=1, border_color="#BFBFBF")}
                    for h, u in zip(L.TEAM_COLUMNS, units)],
        "data": [list(t) for t in EXAMPLE_TEAMS],
    })
    ws.set_row(first - 1, 30)
    _print_setup(ws, f"A1:I{last + 1}")


def _write_survey(wb, ws, f: _Formats, values):
    ws.set_column("A:A", 18)
    ws.set_column("B:C", 4)
    ws.set_column("D:D", 14)
    ws.set_column("E:E", 60)
    ws.write_string(0, 0, "Survey / Medewerkersonderzoek", f.title)
    ws.write_string(1, 0, '"How likely are you to recommend this organisation as a place to work?" (0-10). Paste one '
                    "answer per cell from A5 down (up to 500); blank cells are ignored.", f.note)
    ws.write_string(3, 0, "Answer (0-10)", f.header)
    ws.write_string(3, 3, "eNPS", f.header)
    r0 = L.SURVEY_FIRST_ROW - 1
    for i, answer in enumerate(EXAMPLE_ANSWERS):
        ws.write_number(r0 + i, 0, answer, f.input("eNPS points"))
    ws.data_validation(r0, 0, L.SURVEY_LAST_ROW - 1, 0, {
        "validate": "integer", "criteria": "between", "minimum": 0, "maximum": 10,
        "input_title": "Answer 0-10", "input_message": "One answer per cell: a whole number from 0 to 10.",
        "error_title": "Not an answer", "error_message": "Enter a whole number from 0 to 10."})
    ws.write_formula(r0, 3, L.SURVEY_FORMULA, f.number("eNPS points", bold=True, font_size=14), values["survey_enps"])
    ws.write_string(r0, 4, "eNPS = % promoters (9-10) - % detractors (0-6), from -100 to +100; at least 5 answers "
                    "(privacy). Compare with enps_before / enps_after on 'Assumptions'.", f.note)
    ws.set_row(r0, 45)
    _print_setup(ws, f"A1:E{L.SURVEY_FIRST_ROW + len(EXAMPLE_ANSWERS)}", landscape=False)


def _unit_label(unit: str) -> str:
    return _UNIT_LABEL.get(unit, unit)


def _write_case(wb, ws, f: _Formats, values):
    for col, w in {"A": 44, "B": 44, "C": 15, "D": 16, "E": 16}.items():
        ws.set_column(f"{col}:{col}", w)
    ws.write_string(0, 0, "Business case / Businesscase", f.title)
    ws.write_string(1, 0, "Every value here is a formula on the named inputs of 'Assumptions' (FAST: inputs apart from "
                    "calculations, one formula per row, units in column C). / Elke waarde is een formule op de aannames.",
                    f.note)
    ws.set_row(1, 30)
    for c, h in enumerate(("Line item", "Post", "Unit / Eenheid", "Value / Waarde")):
        ws.write_string(3, c, h, f.header)
    ws.write_string(L.LEVER_FIRST_ROW - 2, 0, "Per lever, one full year, before attribution / Per hefboom, volledig jaar, voor toerekening", f.section)
    for line in L.LEVER_LINES:
        r = L.LEVER_ROW[line.name] - 1
        ws.write_string(r, 0, line.label_en)
        ws.write_string(r, 1, line.label_nl)
        ws.write_string(r, 2, _unit_label(line.unit))
        ws.write_formula(r, L.CASE_VALUE_COL, line.formula, f.calc(line.unit), values[line.name])
    ws.write_string(L.SUMMARY_FIRST_ROW - 2, 0, "Over the horizon, after attribution x confidence / Over de looptijd, na toerekening x betrouwbaarheid", f.section)
    first = L.SUMMARY_FIRST_ROW - 1
    for i, line in enumerate(L.SUMMARY_LINES):
        r = first + i
        bold = line.name in ("total_benefits", "net_benefit", "npv", "roi")
        ws.write_string(r, 0, line.label_en, f.bold if bold else None)
        ws.write_string(r, 1, line.label_nl, f.bold if bold else None)
        ws.write_string(r, 2, _unit_label(line.unit))
    summary = values["summary"]
    summary_formats = [f.calc(line.unit, bold=line.name in ("total_benefits", "net_benefit", "npv", "roi")) for line in L.SUMMARY_LINES]
    ws.write_array_formula(first, L.CASE_VALUE_COL, first + len(summary) - 1, L.CASE_VALUE_COL,
                           "{" + L.SUMMARY_FORMULA + "}", summary_formats[0], summary[0][0])
    for i in range(1, len(summary)):  # the other cells of the array range hold their cached values
        _write_value(ws, first + i, L.CASE_VALUE_COL, summary[i][0], summary_formats[i])
    # Year by year: a dynamic array (Excel 365 spills it to the horizon).
    t0 = L.CASE_TABLE_FIRST_ROW - 1
    ws.write_string(t0 - 1, 0, "Year by year (EUR) / Per jaar (EUR)", f.section)
    table = values["case_table"]
    row_units = ["header"] + ["EUR"] * 7 + ["EUR", "fraction", "ratio", "months"]
    for i, row in enumerate(table):
        for j, v in enumerate(row):
            unit = row_units[i]
            fmt = f.header if unit == "header" else (f.calc(unit, bold=j == len(row) - 1) if j else None)
            if i == 0 and j == 0:
                ws.write_dynamic_array_formula(t0, 0, t0 + len(table) - 1, len(row) - 1, L.CASE_TABLE_FORMULA, fmt, v)
            else:
                _write_value(ws, t0 + i, j, v, fmt)
    last = t0 + len(table)
    ws.write_string(last + 1, 0, "Conventions: benefits x attribution x confidence; year 1 at effect_year1; NPV discounts "
                    "year y by (1+r)^y (as Excel's NPV); ROI and BCR on undiscounted totals (Phillips); payback "
                    "counts months from the start.", f.note)
    ws.set_row(last + 1, 30)
    _print_setup(ws, f"A1:E{last + 2}")


def _write_value(ws, r, c, v, fmt):
    if v is None or v == "":
        ws.write_blank(r, c, None, fmt)
    elif isinstance(v, str):
        ws.write_string(r, c, v, fmt)
    else:
        ws.write_number(r, c, float(v), fmt)


def _write_board(wb, ws, f: _Formats, values):
    for col, w in {"A": 34, "B": 36, "C": 16, "D": 3}.items():
        ws.set_column(f"{col}:{col}", w)
    ws.hide_gridlines(2)
    ws.write_string(0, 0, "Engagement programme: the business case / Betrokkenheidsprogramma: de businesscase", f.title)
    horizon = int(values["horizon_years"])
    ws.write_string(1, 0, f"Amounts in EUR over the horizon of the case, after attribution and confidence (see "
                    f"'Business case'). / Bedragen in EUR over de looptijd, na toerekening en betrouwbaarheid.", f.note)
    ws.set_row(1, 30)
    for c, h in enumerate(("Headline", "Kerncijfer", "Value / Waarde")):
        ws.write_string(3, c, h, f.header)
    by_name = {line.name: line for line in L.SUMMARY_LINES}
    big = {"fraction": f.number("fraction", bold=True, font_size=12), "ratio": f.number("ratio", bold=True, font_size=12),
           "months": f.number("months", bold=True, font_size=12), "EUR": f.number("EUR", bold=True, font_size=12)}
    for name, (_, ref) in L.BOARD_HEADLINE_CELLS.items():
        line = by_name[name]
        r = int(ref[1:]) - 1
        unit = f" ({_unit_label(line.unit)})" if line.unit in ("months", "ratio") else ""
        ws.write_string(r, 0, line.label_en + unit)
        ws.write_string(r, 1, line.label_nl + ("" if not unit else " (maanden)" if line.unit == "months" else " (ratio)"))
        ws.write_formula(r, 2, f"={name}", big[line.unit], values[name])
    r0 = L.BOARD_ASSUMPTIONS_FIRST_ROW - 1
    ws.write_string(r0 - 1, 0, "What the case assumes", f.header)
    ws.write_string(r0 - 1, 1, "Uitgangspunten", f.header)
    ws.write_string(r0 - 1, 2, "Value / Waarde", f.header)
    for key, (_, ref) in L.BOARD_ASSUMPTION_CELLS.items():
        a = _register.BY_KEY[key]
        r = int(ref[1:]) - 1
        ws.write_string(r, 0, a.label_en, f.text)
        ws.write_string(r, 1, a.label_nl, f.text)
        ws.write_formula(r, 2, f"={key}", f.number(a.unit), float(values[key]))
    story = L.BOARD_ASSUMPTIONS_FIRST_ROW + len(L.BOARD_ASSUMPTIONS) + 1
    ws.write_string(story - 1, 0, "The story / Het verhaal", f.header)
    ws.write_string(story - 1, 1, "", f.header)
    ws.write_string(story - 1, 2, "", f.header)
    parts = (
        ("Problem: turnover and absence cost money every year.", "Probleem: verloop en verzuim kosten elk jaar geld."),
        ("Intervention: the engagement programme (cost on 'Assumptions').", "Interventie: het betrokkenheidsprogramma."),
        ("Expected result: lower turnover and absence, higher eNPS and output.", "Verwacht resultaat: minder verloop en verzuim, hogere eNPS en productiviteit."),
        ("Impact: the savings above, only the share the programme causes.", "Impact: de besparingen hierboven, alleen het deel dat het programma veroorzaakt."),
    )
    for i, (en, nl) in enumerate(parts):
        ws.write_string(story + i, 0, en, f.text)
        ws.write_string(story + i, 1, nl, f.text)
        ws.set_row(story + i, 30)
    # Charts: benefits by lever, cumulative net per year.
    case = _quoted(L.CASE_SHEET)
    col = L.col_letter(L.CASE_VALUE_COL)
    s0, s1 = L.SUMMARY_ROW["turnover_savings"], L.SUMMARY_ROW["productivity_savings"]
    levers = wb.add_chart({"type": "bar"})
    levers.add_series({"name": "Benefits by lever", "categories": f"={case}!$A${s0}:$A${s1}",
                       "values": f"={case}!${col}${s0}:${col}${s1}", "fill": {"color": "#2F5597"},
                       "data_labels": {"value": True, "num_format": "€ #,##0"}})
    levers.set_title({"name": f"Benefits by lever, {horizon} years (EUR) / Baten per hefboom", "name_font": {"size": 11}})
    levers.set_legend({"none": True})
    levers.set_x_axis({"num_format": "€ #,##0", "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
    levers.set_y_axis({"reverse": True})
    levers.set_size({"width": 620, "height": 300})
    ws.insert_chart("E4", levers)
    t0 = L.CASE_TABLE_FIRST_ROW
    last_year_col = L.col_letter(L.CASE_TABLE_COLS - 2)
    cumulative = wb.add_chart({"type": "column"})
    cumulative.add_series({"name": "Cumulative net", "categories": f"={case}!$B${t0}:${last_year_col}${t0}",
                           "values": f"={case}!$B${L.CUMULATIVE_ROW}:${last_year_col}${L.CUMULATIVE_ROW}",
                           "fill": {"color": "#548235"}, "invert_if_negative": False,
                           "data_labels": {"value": True, "num_format": "€ #,##0"}})
    cumulative.set_title({"name": "Cumulative net per year (EUR) / Cumulatief netto per jaar", "name_font": {"size": 11}})
    cumulative.set_legend({"none": True})
    cumulative.set_y_axis({"num_format": "€ #,##0", "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
    cumulative.set_size({"width": 620, "height": 300})
    ws.insert_chart("E21", cumulative)
    _print_setup(ws, "A1:N36")
    ws.fit_to_pages(1, 1)


def _write_conf(wb, ws, f: _Formats):
    ws.set_column("A:A", 20)
    ws.set_column("B:B", 30)
    ws.set_column("C:C", 95)
    # The active block starts at A1 and ends at the first blank row: xlwings reads A1 down.
    ws.write_string(0, 0, "UDF Modules")
    ws.write_string(0, 1, "xlengine.udfs")
    ws.write_string(2, 0, "Other keys you may need. They are NOT active here: a key with a blank value in the block "
                    "above would override the add-in's setting with nothing. To use one, move its row up so that "
                    "it joins the block at A1 (no blank row in between) and fill in column B.", f.note)
    ws.set_row(2, 45)
    keys = (
        ("Interpreter_Win", "", r"Full path of pythonw.exe of the environment where xlengine is installed, e.g. "
         r"C:\Users\you\envs\xlengine\Scripts\pythonw.exe. Default: the add-in's setting, else pythonw on PATH."),
        ("Interpreter_Mac", "", "Path of the python executable on a Mac (RunPython macros only: UDFs need Windows)."),
        ("PYTHONPATH", "", "Folder that holds the xlengine package, only if it is not installed with pip."),
        ("Conda Path", "", r"Conda installation folder, e.g. C:\Users\you\miniconda3 (with Conda Env)."),
        ("Conda Env", "", "Name of the conda environment, e.g. xlengine."),
        ("Use UDF Server", "", "True: one Python process serves all function calls (faster recalculation)."),
        ("Show Console", "", "True: show the Python console window (for finding problems)."),
    )
    ws.write_string(4, 0, "key", f.header)
    ws.write_string(4, 1, "value", f.header)
    ws.write_string(4, 2, "what it does", f.header)
    for i, (k, v, note) in enumerate(keys, start=5):
        ws.write_string(i, 0, k)
        ws.write_blank(i, 1, None)
        ws.write_string(i, 2, note, f.text)
    _print_setup(ws, f"A1:C{5 + len(keys)}")


def build_bytes(vba: bool = True) -> bytes:
    """The template's bytes (built in a temporary directory)."""
    import xlsxwriter

    values = cached_values()
    with tempfile.TemporaryDirectory(prefix="xlengine-template-") as tmp:
        path = Path(tmp, "template.xlsm" if vba else "template.xlsx")
        wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False,
                                             "strings_to_urls": False})
        wb.set_properties({"title": "Engagement business case", "subject": "Employee engagement as a board business case",
                           "author": "xlengine", "company": "", "created": _BUILD_DATE,
                           "comments": f"Built by xlengine {__version__} from the assumption register. Do not edit by hand."})
        wb.set_calc_mode("auto")
        f = _Formats(wb)
        sheets = {name: wb.add_worksheet(name) for name in L.SHEETS}
        _write_start(wb, sheets["Start"], f)
        _write_assumptions(wb, sheets["Assumptions"], f, values)
        _write_teams(wb, sheets["Teams"], f)
        _write_survey(wb, sheets["Survey"], f, values)
        _write_case(wb, sheets["Business case"], f, values)
        _write_board(wb, sheets["Board"], f, values)
        _write_conf(wb, sheets["xlwings.conf"], f)
        for name, (sheet, ref) in L.NAMES.items():
            wb.define_name(name, f"={_quoted(sheet)}!{ref}")
        sheets["Board"].activate()
        if vba:
            bin_path = Path(tmp, "vbaProject.bin")
            bin_path.write_bytes(build_vba_project(vba_modules(), len(L.SHEETS)))
            wb.add_vba_project(str(bin_path))
        wb.close()
        return path.read_bytes()


def build_template(out: Path = TEMPLATE) -> Path:
    """Write the template to ``out`` atomically (temp file in the same folder, then rename)."""
    data = build_bytes(vba=out.suffix.lower() == ".xlsm")
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out


def cmd_template(args) -> int:
    out = build_template(Path(args.output))
    print(f"Wrote {out}")
    return 0


def add_parser(sub) -> None:
    p = sub.add_parser("template", help="build the Excel template from the assumption register")
    p.add_argument("-o", "--output", default=str(TEMPLATE), help="where to write (default: %(default)s)")
    p.set_defaults(func=cmd_template)
