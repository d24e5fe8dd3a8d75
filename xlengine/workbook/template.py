"""``xlengine template``: build workbook_templates/engagement_business_case.xlsm.

Built from the assumption register with XlsxWriter, deterministically (same input, same
bytes), never edited by hand. The layout is the contract in :mod:`.layout`. Every
formula cell carries its cached value, computed by calling the same ``xlengine.udfs``
functions Excel calls, so the file shows correct numbers before Python recalculates and
in viewers without Python (LibreOffice, previews, Excel without the add-in).

Two variants (docs/windows.md). The shipped template's VBA project holds ``xlwings_udfs``
and our macros (from ``vba/``), not xlwings' own VBA: it runs through the xlwings add-in,
and serves previews, LibreOffice and the headless ``compute``/``audit``. A standalone
workbook (``xlengine template -o FILE``, built on the user's PC) also carries xlwings'
VBA module and Dictionary class from the installed xlwings (:func:`.vba.xlwings_standalone`)
and names this Python on its ``xlwings.conf`` sheet: no add-in, no reference, and the
VBA module can only be the version of the xlwings it runs with.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

from .. import __version__, i18n, resources
from ..engine import register as _register
from ..engine.errors import InputError
from ..excel import functions as _udfs
from ..extras import require_extra
from . import layout as L
from . import safe_io
from .vba import _is_generated, vba_modules, xlwings_standalone
from .vbaproject import build_vba_project

require_extra("workbook")  # the libraries this module uses, or the sentence naming the extra

__all__ = ["build_template", "cached_values", "dll_not_found", "excel_interpreter", "EXAMPLE_TEAMS",
           "EXAMPLE_ANSWERS", "EXAMPLE_BEFORE", "EXAMPLE_ANSWER_TEAMS"]

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
# Five answers per example team, in order (Operations 80, Sales 40, Customer service 20,
# Head office 40): five answers give intervals of about +-50 points, flagged as too wide.
EXAMPLE_ANSWER_TEAMS = tuple(t[0] for t in EXAMPLE_TEAMS for _ in range(5))
# An earlier wave of 20 answers: 10 promoters, 6 passives, 4 detractors: eNPS 30, so the
# change is +15 points, with 20 answers a wave not distinguishable from noise.
EXAMPLE_BEFORE = (10, 9, 9, 10, 8, 7, 9, 10, 6, 9, 8, 10, 9, 3, 7, 8, 10, 8, 5, 4)

_UNIT_LABEL = {"fraction": "%", "ratio": "ratio", "months": "months", "EUR/FTE/yr": "EUR per FTE per year",
               "EUR/yr": "EUR per year", "EUR/day": "EUR per day", "FTE/yr": "FTE per year"}


# A 1/0 answer shown as yes/no (the eNPS flags).
_YES_NO = '"yes";"yes";"no"'


def _checked(where: tuple[str, str], result: Any) -> Any:
    """A UDF result, or stop the build: the template must never cache a failed call."""
    if isinstance(result, InputError):
        raise RuntimeError(f"{where[0]}!{where[1]} fails for the register defaults ({result}): fix the register or the layout.")
    return result


_CALL = re.compile(r"^=(ENG_[A-Z_]+)\((.*)\)$")
_NAME = re.compile(r"^=([a-z_][a-z0-9_]*)$")
_REF = re.compile(r"^\$?([A-Z]+)\$?(\d+)$")


def cached_values() -> dict[tuple[str, str], Any]:
    """The value of every formula cell in ``layout.FORMULAS``, as Excel would compute it.

    Each ``=ENG_...(args)`` formula is evaluated by calling that function of
    ``xlengine.udfs`` with its arguments resolved the way Excel resolves them (a defined
    name to its cell's value or range, a quoted text to the text, a cell reference to the
    cell's value); ``=name`` takes the named cell's value. So the cached values follow the
    formula text, with no second implementation of anything.
    """
    defaults = _register.defaults()
    cells: dict[tuple[str, str], Any] = {where: float(defaults[key]) for key, where in L.ASSUMPTION_CELL.items()}
    for y in range(L.YEARS + 1):  # 0 is the start
        cells[(L.CASE_SHEET, L.cell(L.YEAR_HEADER_ROW, L.YEAR_FIRST_COL + y))] = float(y)
    cells.update(L.DECISION_CONSTANTS)  # ranks, bar numbers, simulation draws and seed
    cells[L.EXAMPLE_FLAG_CELL] = L.EXAMPLE_FLAG_VALUE
    named_cell = {name: (sheet, ref.replace("$", "")) for name, (sheet, ref) in L.NAMES.items() if ":" not in ref}
    values_block = [[a.key, float(defaults[a.key])] for a in _register.REGISTER]
    for where, formula in L.RANGE_FORMULAS.items():  # low/high by the default rule
        m = _CALL.match(formula)
        key, end = (t.strip('"') for t in m.group(2).split(",")[1:])
        cells[where] = _checked(where, getattr(_udfs, m.group(1))(values_block, key, end))
    for where in L.RANGE_ORIGIN_CELL.values():
        cells[where] = "derived"  # every range of the template holds the default rule's formula
    survey_rows = L.SURVEY_LAST_ROW - L.SURVEY_FIRST_ROW + 1
    ranges = {
        "assumption_values": values_block,
        "assumptions": [[a.key, float(defaults[a.key]),
                         *(cells.get(L.RANGE_CELL.get((a.key, end))) for end in ("low", "high"))]
                        for a in _register.REGISTER],
        "survey_answers": [[float(a)] for a in EXAMPLE_ANSWERS] + [[None]] * (survey_rows - len(EXAMPLE_ANSWERS)),
        "survey_before": [[float(a)] for a in EXAMPLE_BEFORE] + [[None]] * (survey_rows - len(EXAMPLE_BEFORE)),
        "survey_teams": [[t] for t in EXAMPLE_ANSWER_TEAMS] + [[None]] * (survey_rows - len(EXAMPLE_ANSWER_TEAMS)),
    }
    for i, team in enumerate(EXAMPLE_TEAMS):  # the Teams table's names, which the eNPS block beside it reads
        cells[(L.TEAMS_SHEET, f"A{L.TEAMS_HEADER_ROW + 1 + i}")] = team[0]

    def argument(sheet: str, text: str) -> Any:
        text = text.strip()
        if text.startswith('"'):
            return text.strip('"')
        if text in ranges:
            return ranges[text]
        if text in named_cell:
            return cells[named_cell[text]]
        m = _REF.match(text)
        if m:
            return cells[(sheet, f"{m.group(1)}{m.group(2)}")]
        raise ValueError(f"cannot resolve {text!r}")

    for where, formula in L.FORMULAS.items():
        if where in cells:  # filled above (the range-origin cells)
            continue
        m = _CALL.match(formula)
        if m:
            function = getattr(_udfs, m.group(1))
            args = [argument(where[0], a) for a in m.group(2).split(",")] if m.group(2) else []
            cells[where] = _checked(where, function(*args))
        else:
            cells[where] = cells[named_cell[_NAME.match(formula).group(1)]]
    return cells


class _Formats:
    def __init__(self, wb):
        self.wb = wb
        self._cache: dict[tuple, Any] = {}
        self.title = self.get(bold=True, font_size=16, font_color="#1F3864")
        self.subtitle = self.get(italic=True, font_color="#595959", text_wrap=True)
        self.header = self.get(bold=True, bg_color="#D9E1F2", bottom=1, text_wrap=True)
        self.section = self.get(bold=True, font_color="#1F3864", top=1)
        self.text = self.get(text_wrap=True)
        self.bold = self.get(bold=True)
        self.note = self.get(italic=True, font_color="#595959", text_wrap=True)

    def get(self, **props):
        props.setdefault("valign", "vcenter")  # wrapped text and numbers on one line per row
        key = tuple(sorted(props.items()))
        if key not in self._cache:
            self._cache[key] = self.wb.add_format(props)
        return self._cache[key]

    def number(self, unit: str, **extra):
        return self.get(num_format=L.NUMBER_FORMATS.get(unit, "General"), **extra)

    def input(self, unit: str):
        # One input style (FAST): blue figures on light yellow, a thin border.
        return self.number(unit, font_color="#0000FF", bg_color="#FFF2CC", border=1, border_color="#BFBFBF")

    def calc(self, unit: str, bold: bool = False):
        return self.number(unit, bold=bold) if bold else self.number(unit)


def _formula(ws, sheet: str, ref: str, fmt, cache, formulas=L.FORMULAS) -> None:
    """Write the layout's formula for ``sheet!ref`` with its cached value."""
    m = _REF.match(ref)
    row, col = int(m.group(2)) - 1, _col_index(m.group(1))
    value = cache[(sheet, ref)]
    ws.write_formula(row, col, formulas[(sheet, ref)], fmt, "" if value is None else value)


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _fit(ws, row: int, *cells: tuple[str, float], minimum: float = 15) -> None:
    """Set the row height for wrapped text (XlsxWriter cannot measure text; LibreOffice
    and Excel do not re-fit rows written with the default height)."""
    lines = max([1] + [-(-len(text) // max(1, int(width * 1.1))) for text, width in cells])
    ws.set_row(row, max(minimum, 15 * lines))


def _note(ws, row: int, last_col: int, text: str, width: float, f) -> None:
    """A note across columns A..last_col, wrapped, with a row height that fits."""
    ws.merge_range(row, 0, row, last_col, text, f.note)
    _fit(ws, row, (text, width))


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
    ws.set_column("A:A", 110)
    ws.hide_gridlines(2)
    lines = [
        ("Engagement business case / Businesscase betrokkenheid", f.title),
        ("What this workbook is: it turns an employee engagement programme into a board business case: "
         "savings on turnover, absence and productivity against the programme's cost, as NPV, ROI, "
         "benefit-cost ratio and payback.", f.text),
        ("Wat deze werkmap is: ze vertaalt een betrokkenheidsprogramma naar een businesscase voor de directie: "
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
        ("Excel on Windows in three steps / Excel op Windows in drie stappen (help: docs/windows.md)", f.section),
        (f"1. Install, once per PC, in a Command Prompt: Python 3.10 or later if it is missing (winget install "
         f"Python.Python.3.12, or python.org), then xlengine from the wheel file you were given: py -m pip install "
         f"\"xlengine-{__version__}-py3-none-any.whl[workbook]\" in its folder (from the repository folder: "
         f"py -m pip install \".[workbook]\"; xlengine is not on the package index). / Installeer, eenmaal per pc, "
         f"in een opdrachtprompt: Python 3.10 of nieuwer als het ontbreekt (winget install Python.Python.3.12, of "
         f"python.org), dan xlengine uit het wheel-bestand dat u kreeg: py -m pip install "
         f"\"xlengine-{__version__}-py3-none-any.whl[workbook]\" in de map ervan.", f.text),
        ("2. Build your own workbook: py -m xlengine template -o my_case.xlsm, and open that file. It carries "
         "xlwings' own VBA and names your Python: no add-in, no VBA reference. / Maak uw eigen werkmap: "
         "py -m xlengine template -o mijn_case.xlsm, en open dat bestand. Het bevat de VBA van xlwings en noemt "
         "uw Python: geen invoegtoepassing, geen VBA-verwijzing.", f.text),
        ("3. Click 'Enable Content' in the yellow bar. A red bar ('macros blocked') means the file came from "
         "the internet or e-mail: right-click it > Properties > Unblock. / Klik op 'Inhoud inschakelen' in "
         "de gele balk. Een rode balk: klik met rechts op het bestand > Eigenschappen > Blokkering opheffen.", f.text),
        ("This file as shipped has no xlwings VBA of its own (it serves previews, LibreOffice and xlengine "
         "compute): build your own in step 2. / Het meegeleverde sjabloon zelf heeft geen eigen xlwings-VBA: "
         "maak uw eigen werkmap (stap 2).", f.note),
        ("", None),
        ("Mac and Excel on the web: xlwings Lite / Mac en Excel op het web: xlwings Lite (help: docs/lite.md)", f.section),
        ("On a PC with Python and xlengine (step 1): py -m xlengine lite -o lite writes main.py and "
         "requirements.txt. In Excel: Home > Add-ins > xlwings Lite; paste both files into the tabs of its editor "
         "and save the workbook: it keeps the code. / Op een pc met Python en xlengine (stap 1): py -m xlengine "
         "lite -o lite maakt main.py en requirements.txt. In Excel: Start > Invoegtoepassingen > xlwings Lite; "
         "plak beide in de tabbladen van de editor en sla de "
         "werkmap op: de code blijft erin.", f.text),
        ("", None),
        ("A cell that shows a sentence instead of a number names the input to fix. / Een cel met een zin "
         "in plaats van een getal noemt de invoer die u moet aanpassen.", f.text),
        ("", None),
        ("Without Python the workbook still shows the figures it was saved with (cached values). / Zonder "
         "Python toont de werkmap de laatst berekende waarden.", f.note),
    ]
    for i, (text, fmt) in enumerate(lines):
        if text:
            ws.write_string(i, 0, text, fmt)
            _fit(ws, i, (text, 110), minimum=22 if i == 0 else 15)
    row = len(lines) + 1
    ws.write_string(row, 0, "Buttons (Excel on Windows; not in xlwings Lite) / Knoppen (Excel op Windows; niet in xlwings Lite):", f.section)
    for j, (macro, caption) in enumerate((("Recalculate", "Recalculate / Herberekenen"),
                                          ("WriteBoardReport", "Write board report / Rapport"),
                                          ("RunAudit", "Run audit / Controle"),
                                          ("ResetInputs", "Reset inputs / Standaardwaarden"))):
        ws.insert_button(row + 1, 0, {"macro": macro, "caption": caption, "width": 180, "height": 28,
                                      "x_offset": j * 190, "y_offset": 4})
    ws.set_row(row + 1, 36)
    _print_setup(ws, f"A1:A{row + 2}")
    ws.fit_to_pages(1, 1)  # the set-up text on one page


def _write_assumptions(wb, ws, f: _Formats, cache):
    widths = {"A": 24, "B": 13, "C": 13, "D": 13, "E": 12, "F": 11, "G": 40, "H": 40, "I": 12, "J": 15, "K": 14,
              "L": 14, "M": 62}
    for col, w in widths.items():
        ws.set_column(f"{col}:{col}", w)
    for c, h in enumerate(L.ASSUMPTION_HEADERS):
        ws.write_string(0, c, h, f.header)
    ws.set_landscape()
    ws.set_paper(9)
    ws.freeze_panes(1, 2)
    ws.set_comments_author("xlengine register")
    range_note = ("low / high: the range the scenarios, the tornado and the Monte Carlo use; the value is the most "
                  "likely. Grey italic: derived from the value by the default rule (docs/uncertainty-ranges.md). "
                  "Type a number over it for your own end (blue); column E says which ranges are typed.")
    for c in (2, 3, 4):
        ws.write_comment(0, c, range_note, {"x_scale": 3, "y_scale": 2})
    derived = f.get(italic=True, font_color="#808080")
    for a in _register.REGISTER:
        r = L.ASSUMPTION_ROW[a.key] - 1
        num = f.number(a.unit)
        ws.write_string(r, 0, a.key, f.bold)
        ws.write_number(r, 1, float(a.default), f.input(a.unit))
        ws.write_string(r, 5, a.unit, f.get())
        ws.write_string(r, 6, a.label_en, f.text)
        ws.write_string(r, 7, a.label_nl, f.text)
        for c, v in enumerate((a.allowed[0], a.allowed[1], a.plausible[0], a.plausible[1]), start=8):
            ws.write_number(r, c, float(v), num)
        source = a.source if a.verified else f"{a.source} (unverified)"
        ws.write_string(r, 12, source, f.text)
        _fit(ws, r, (a.label_en, widths["G"]), (a.label_nl, widths["H"]), (source, widths["M"]))
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
        if not a.uncertain:
            continue
        row = r + 1
        for end, col in L.RANGE_COLUMN.items():
            where = L.RANGE_CELL[(a.key, end)]
            _formula(ws, where[0], where[1], f.input(a.unit), cache, L.RANGE_FORMULAS)
            rule = (f"AND({col}{row}>={float(lo)!r},{col}{row}<=B{row})" if end == "low"
                    else f"AND({col}{row}>=B{row},{col}{row}<={float(hi)!r})")
            ws.data_validation(r, _col_index(col), r, _col_index(col), {
                "validate": "custom", "value": f"={rule}", "input_title": f"{a.key}_{end}"[:32],
                "input_message": (f"The {end} end of {a.key}'s range ({shown}; low <= value <= high). "
                                  "Empty: the default rule.")[:255],
                "error_title": "Outside the range", "error_message":
                    (f"{a.key}_{end} must lie in {shown} and {'at most' if end == 'low' else 'at least'} the value in B{row}.")[:255],
            })
        # Relative to C: in D the same rule reads D (a derived end shows grey italic).
        ws.conditional_format(r, 2, r, 3, {"type": "formula", "criteria": f"=ISFORMULA(C{row})", "format": derived})
        _formula(ws, *L.RANGE_ORIGIN_CELL[a.key], f.get(font_color="#595959"), cache)
    # which turnover the case counts (docs/hr-data.md has the definitions)
    ws.merge_range(L.LAST_ASSUMPTION_ROW + 1, 0, L.LAST_ASSUMPTION_ROW + 1, 12, "Turnover = VOLUNTARY turnover (resignations): "
                   "voluntary leavers / average headcount per year (ISO 30414); retirement, dismissal and ended contracts are not "
                   "counted. / Verloop = VRIJWILLIG verloop (ontslag op eigen verzoek).", f.note)
    # where the figures come from: the story says "example" until this is set to 0
    r = L.EXAMPLE_FLAG_ROW - 1
    ws.write_string(r, 0, "example_values", f.bold)
    ws.write_number(r, 1, L.EXAMPLE_FLAG_VALUE, f.input("switch"))
    ws.merge_range(r, 2, r, 12, "1 = the values above are still the embedded example's; set to 0 once they are your "
                   "organisation's own figures (the board story says which). / 1 = nog de voorbeeldwaarden; zet op 0 "
                   "zodra het de eigen cijfers van de organisatie zijn (het bestuursverhaal zegt welke).", f.note)
    ws.set_row(r, 30)
    ws.data_validation(r, 1, r, 1, {"validate": "list", "source": ["1", "0"], "input_title": "example_values",
                                    "input_message": "1: the example's figures; 0: the organisation's own."})
    _print_setup(ws, f"A1:M{L.EXAMPLE_FLAG_ROW}", repeat_rows=0)


def _write_teams(wb, ws, f: _Formats, cache):
    ws.write_string(0, 0, "Teams / Teams: per-team inputs (an Excel table named Teams)", f.title)
    _note(ws, 1, 8, "The example teams add up to the organisation on 'Assumptions' (200 FTE, turnover 12% -> 8%, "
          "absence 5.6% -> 4.1%, headcount-weighted). eNPS does not add up: it is a score per team. Turnover is "
          "VOLUNTARY turnover (resignations): voluntary leavers / average headcount per year (ISO 30414); "
          "`xlengine roster` fills this table from HR exports.", 130, f)
    units = ("", "FTE", "EUR/FTE/yr", "fraction", "fraction", "fraction", "fraction", "eNPS points", "eNPS points")
    widths = (22, 12, 15, 15, 15, 15, 15, 12, 12)
    for c, w in enumerate(widths):
        ws.set_column(c, c, w)
    first = L.TEAMS_HEADER_ROW
    last = first + len(EXAMPLE_TEAMS)
    ws.add_table(first - 1, 0, last - 1, len(L.TEAM_COLUMNS) - 1, {
        "name": "Teams", "style": "Table Style Medium 2",
        "columns": [{"header": h, "format": f.input(u) if u else f.get(font_color="#0000FF", bg_color="#FFF2CC", border=1, border_color="#BFBFBF")}
                    for h, u in zip(L.TEAM_COLUMNS, units)],
        "data": [list(t) for t in EXAMPLE_TEAMS],
    })
    ws.set_row(first - 1, 30)
    # beside the table: each team's eNPS from the Survey sheet's answers (column C names the
    # team), with its 95% interval; under 5 answers the cell says so instead of a figure
    c0 = L.TEAM_ENPS_FIRST_COL
    ws.set_column(c0 - 1, c0 - 1, 3)
    ws.set_column(c0, c0 + len(L.TEAM_ENPS_COLUMNS) - 1, 13)
    ws.write_string(first - 2, c0, "eNPS from the Survey sheet (95% interval)", f.section)
    headers = ("eNPS (survey)", "Low (95%)", "High (95%)", "Answers", "Interval > 30 points")
    for i, h in enumerate(headers):
        ws.write_string(first - 1, c0 + i, h, f.header)
    for r in range(first + 1, first + 1 + L.TEAM_ENPS_ROWS):
        for i, field in enumerate(L.TEAM_ENPS_COLUMNS):
            ref = L.cell(r, c0 + i)
            _formula(ws, L.TEAMS_SHEET, ref, f.number("eNPS points") if field != "wide" else f.get(num_format=_YES_NO), cache)
    _print_setup(ws, f"A1:{L.col_letter(c0 + len(L.TEAM_ENPS_COLUMNS) - 1)}{max(last + 1, first + L.TEAM_ENPS_ROWS)}")


def _write_survey(wb, ws, f: _Formats, cache):
    ws.set_column("A:C", 14)
    ws.set_column("D:H", 13)
    ws.set_column("J:J", 12)
    ws.write_string(0, 0, "Survey / Medewerkersonderzoek", f.title)
    _note(ws, 1, 7, '"How likely are you to recommend this organisation as a place to work?" (0-10). Paste one '
          "answer per cell from A5 down (up to 500); blank cells are ignored. Column B: the earlier wave's answers "
          "(optional); column C: the team of each answer (optional, for the Teams sheet).", 100, f)
    ws.write_string(3, 0, "Answer (0-10)", f.header)
    ws.write_string(3, 1, "Earlier wave", f.header)
    ws.write_string(3, 2, "Team", f.header)
    ws.write_string(3, 3, "eNPS", f.header)
    ws.write_string(3, 4, "Low (95%)", f.header)
    ws.write_string(3, 5, "High (95%)", f.header)
    ws.write_string(3, 6, "Answers", f.header)
    sheet, ref, confidence = L.SURVEY_CONFIDENCE
    ws.write_string(3, 9, "Confidence", f.header)
    ws.write_number(int(ref[1:]) - 1, _col_index(ref[0]), confidence, f.input("fraction"))
    r0 = L.SURVEY_FIRST_ROW - 1
    for i, answer in enumerate(EXAMPLE_ANSWERS):
        ws.write_number(r0 + i, 0, answer, f.input("eNPS points"))
    for i, answer in enumerate(EXAMPLE_BEFORE):
        ws.write_number(r0 + i, 1, answer, f.input("eNPS points"))
    for i, team in enumerate(EXAMPLE_ANSWER_TEAMS):
        ws.write_string(r0 + i, 2, team, f.get(font_color="#0000FF", bg_color="#FFF2CC", border=1, border_color="#BFBFBF"))
    ws.data_validation(r0, 0, L.SURVEY_LAST_ROW - 1, 1, {
        "validate": "integer", "criteria": "between", "minimum": 0, "maximum": 10,
        "input_title": "Answer 0-10", "input_message": "One answer per cell: a whole number from 0 to 10.",
        "error_title": "Not an answer", "error_message": "Enter a whole number from 0 to 10."})
    _formula(ws, L.SURVEY_SHEET, L.SURVEY["enps"][1], f.number("eNPS points", bold=True, font_size=14), cache)
    for ref in L.SURVEY_CI_CELLS.values():
        _formula(ws, L.SURVEY_SHEET, ref, f.number("eNPS points"), cache)
    row = L.SURVEY_CHANGE_ROW - 1
    ws.set_row(row - 1, 45)
    ws.write_string(row - 1, 3, "Change since the earlier wave", f.header)
    ws.write_string(row - 1, 4, "Low (95%)", f.header)
    ws.write_string(row - 1, 5, "High (95%)", f.header)
    ws.write_string(row - 1, 6, "More than noise?", f.header)
    for field, ref in L.SURVEY_CHANGE_CELLS.items():
        _formula(ws, L.SURVEY_SHEET, ref, f.get(num_format=_YES_NO) if field == "distinguishable" else f.number("eNPS points"), cache)
    ws.merge_range(row + 2, 3, row + 9, 7, "eNPS = % promoters (9-10) - % detractors (0-6), from -100 to +100; at least "
                   f"{_register.PRIVACY_MINIMUM} answers (privacy). Margin of error: Var(eNPS/100) = (p_P + p_D - (p_P - p_D)^2) / n (one "
                   "multinomial sample); the interval is eNPS +- z x 100 x sqrt(Var), z from the confidence in J5 (1.96 at 95%). Two waves are independent: "
                   "their variances add. A change whose interval includes 0 cannot be told from survey noise. "
                   "Compare with enps_before / enps_after on 'Assumptions'.", f.note)
    _print_setup(ws, f"A1:J{L.SURVEY_FIRST_ROW + len(EXAMPLE_ANSWERS)}", landscape=False)


def _unit_label(unit: str) -> str:
    return _UNIT_LABEL.get(unit, unit)


_BOLD_LINES = ("total_benefits", "net_benefit", "npv", "roi")


def _write_case(wb, ws, f: _Formats, cache):
    for col, w in {"A": 40, "B": 42, "C": 16, "D": 16, "E": 16, "F": 16, "G": 16}.items():
        ws.set_column(f"{col}:{col}", w)
    sheet = L.CASE_SHEET
    ws.write_string(0, 0, "Business case / Businesscase", f.title)
    _note(ws, 1, 5, "Every value here is a formula on the named inputs of 'Assumptions' (FAST: inputs apart from "
          "calculations, one formula per row, units in column C). / Elke waarde is een formule op de benoemde "
          "aannames van 'Assumptions'.", 150, f)
    for c, h in enumerate(("Line item", "Post", "Unit / Eenheid", "Value / Waarde")):
        ws.write_string(3, c, h, f.header)
    ws.write_string(L.LEVER_FIRST_ROW - 2, 0, "Per lever, one full year, before attribution / Per hefboom, volledig jaar, vóór toerekening", f.section)
    for line in L.LEVER_LINES:
        r = L.LEVER_ROW[line.name]
        ws.write_string(r - 1, 0, line.label_en)
        ws.write_string(r - 1, 1, line.label_nl)
        ws.write_string(r - 1, 2, _unit_label(line.unit))
        _formula(ws, sheet, L.cell(r, L.CASE_VALUE_COL), f.calc(line.unit), cache)
    ws.write_string(3, L.IN_USE_KEY_COL, "Target used / Gebruikt doel", f.header)
    ws.write_string(3, L.IN_USE_COL, "Value / Waarde", f.header)
    ws.write_comment(3, L.IN_USE_KEY_COL, "The targets the lever lines compute with: as typed on 'Assumptions', or, "
                     "with benchmark_mode = 1, derived from the Gallup gap (gap_closed), as the headlines. / De doelen "
                     "waarmee de hefbomen rekenen: zoals ingevuld, of in benchmarkmodus afgeleid uit het Gallup-verschil.",
                     {"x_scale": 3, "y_scale": 2})
    for key, row in L.IN_USE_ROW.items():
        ws.write_string(row - 1, L.IN_USE_KEY_COL, key)
        _formula(ws, sheet, L.cell(row, L.IN_USE_COL), f.calc(_register.BY_KEY[key].unit), cache)
    ws.write_string(L.SUMMARY_FIRST_ROW - 2, 0, "Over the horizon, after attribution x confidence / Over de looptijd, na toerekening x betrouwbaarheid", f.section)
    for line in L.SUMMARY_LINES:
        r = L.SUMMARY_ROW[line.name]
        bold = line.name in _BOLD_LINES
        ws.write_string(r - 1, 0, line.label_en, f.bold if bold else None)
        ws.write_string(r - 1, 1, line.label_nl, f.bold if bold else None)
        ws.write_string(r - 1, 2, _unit_label(line.unit))
        _formula(ws, sheet, L.cell(r, L.CASE_VALUE_COL), f.calc(line.unit, bold=bold), cache)
    # Year by year.
    h = L.YEAR_HEADER_ROW - 1
    ws.write_string(h - 1, 0, "Year by year (EUR) / Per jaar (EUR)", f.section)
    ws.write_string(h, 0, "Line item", f.header)
    ws.write_string(h, 1, "Post", f.header)
    year_format = f.get(num_format='[=0]"Start";"Year "0', bold=True, bg_color="#D9E1F2", bottom=1, align="right")
    for y in range(L.YEARS + 1):  # 0 is the start (the one-off cost)
        ws.write_number(h, L.YEAR_FIRST_COL + y, y, year_format)
    ws.write_string(h, L.TOTAL_COL, "Total / Totaal", f.get(bold=True, bg_color="#D9E1F2", bottom=1, align="right"))
    for line in L.YEARLY_LINES:
        r = L.YEARLY_ROW[line.name]
        bold = line.name in _BOLD_LINES
        ws.write_string(r - 1, 0, line.label_en, f.bold if bold else None)
        ws.write_string(r - 1, 1, line.label_nl, f.bold if bold else None)
        for col in range(L.YEAR_FIRST_COL, L.TOTAL_COL + 1):
            ref = L.cell(r, col)
            if (sheet, ref) in L.FORMULAS:
                _formula(ws, sheet, ref, f.calc("EUR", bold=bold or col == L.TOTAL_COL), cache)
    last = L.CUMULATIVE_ROW
    _note(ws, last + 1, 5, f"Years beyond {L.YEARS} (horizon_years on 'Assumptions') are counted in the totals and the "
          "headlines; a year column beyond the horizon stays empty. " + i18n.CONVENTIONS["en"], 150, f)
    _print_setup(ws, f"A1:G{last + 2}")


def _write_board(wb, ws, f: _Formats, cache):
    for col, w in {"A": 42, "B": 46, "C": 16, "D": 3}.items():
        ws.set_column(f"{col}:{col}", w)
    ws.hide_gridlines(2)
    sheet = L.BOARD_SHEET
    ws.write_string(0, 0, "Engagement programme: the business case / Betrokkenheidsprogramma: de businesscase", f.title)
    ws.set_row(0, 24)
    _note(ws, 1, 2, "Amounts in EUR over the horizon of the case, after attribution and confidence (see 'Business "
          "case'). / Bedragen in EUR over de looptijd, na toerekening en betrouwbaarheid.", 100, f)
    for c, h in enumerate(("Headline", "Kerncijfer", "Value / Waarde")):
        ws.write_string(3, c, h, f.header)
    by_name = {line.name: line for line in L.SUMMARY_LINES}
    for name, (_, ref) in L.BOARD_HEADLINE_CELLS.items():
        line = by_name[name]
        r = int(ref[1:]) - 1
        en, nl = line.label_en, line.label_nl
        if line.unit == "months":
            en, nl = f"{en} (months)", f"{nl} (maanden)"
        ws.write_string(r, 0, en, f.bold)
        ws.write_string(r, 1, nl, f.bold)
        ws.set_row(r, 18)
        _formula(ws, sheet, ref, f.number(line.unit, bold=True, font_size=12), cache)
    r0 = L.BOARD_ASSUMPTIONS_FIRST_ROW - 1
    for c, h in enumerate(("What the case assumes", "Uitgangspunten", "Value / Waarde")):
        ws.write_string(r0 - 1, c, h, f.header)
    for key, (_, ref) in L.BOARD_ASSUMPTION_CELLS.items():
        a = _register.BY_KEY[key]
        r = int(ref[1:]) - 1
        ws.write_string(r, 0, a.label_en, f.text)
        ws.write_string(r, 1, a.label_nl, f.text)
        _fit(ws, r, (a.label_en, 42), (a.label_nl, 46))
        _formula(ws, sheet, ref, f.number(a.unit), cache)
    # The board story: problem -> intervention -> expected result -> impact, with the
    # range, the break-even, attribution, intangibles and sources; one section per row.
    for lang, title in (("en", "The story (English)"), ("nl", "Het verhaal (Nederlands)")):
        h = L.BOARD_STORY_HEADER_ROW[lang] - 1
        ws.merge_range(h, 0, h, 2, title, f.header)
        for key in L.STORY_SECTIONS:
            sheet_, ref = L.BOARD_STORY_CELLS[(lang, key)]
            r = int(ref[1:]) - 1
            text = cache[(sheet_, ref)]
            ws.merge_range(r, 0, r, 2, "", f.text)
            _formula(ws, sheet_, ref, f.get(text_wrap=True, valign="top"), cache)
            _fit(ws, r, (text, 100))
    # Charts: benefits by lever, cumulative net per year (from the Business case sheet).
    case = _quoted(L.CASE_SHEET)
    col = L.col_letter(L.CASE_VALUE_COL)
    s0, s1 = L.SUMMARY_ROW["turnover_savings"], L.SUMMARY_ROW["productivity_savings"]
    levers = wb.add_chart({"type": "bar"})
    levers.add_series({"name": "Benefits by lever", "categories": f"={case}!$A${s0}:$A${s1}",
                       "values": f"={case}!${col}${s0}:${col}${s1}", "fill": {"color": "#2F5597"},
                       "data_labels": {"value": True, "num_format": "€ #,##0"}})
    levers.set_title({"name": "Benefits by lever over the horizon (EUR) / Baten per hefboom", "name_font": {"size": 11}})
    levers.set_legend({"none": True})
    levers.set_x_axis({"num_format": "€ #,##0", "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
    levers.set_y_axis({"reverse": True})
    levers.set_size({"width": 600, "height": 290})
    ws.insert_chart("E4", levers)
    first, last = L.col_letter(L.YEAR_FIRST_COL), L.col_letter(L.TOTAL_COL - 1)
    hdr, cum = L.YEAR_HEADER_ROW, L.CUMULATIVE_ROW
    cumulative = wb.add_chart({"type": "column"})
    cumulative.add_series({"name": "Cumulative net", "categories": f"={case}!${first}${hdr}:${last}${hdr}",
                           "values": f"={case}!${first}${cum}:${last}${cum}",
                           "fill": {"color": "#548235"}, "invert_if_negative": False,
                           "data_labels": {"value": True, "num_format": "€ #,##0"}})
    cumulative.set_title({"name": "Cumulative net per year (EUR) / Cumulatief netto per jaar", "name_font": {"size": 11}})
    cumulative.set_legend({"none": True})
    cumulative.set_x_axis({"num_format": '[=0]"Start";"Year "0', "label_position": "low"})
    cumulative.set_y_axis({"num_format": "€ #,##0", "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
    cumulative.set_size({"width": 600, "height": 290})
    ws.insert_chart("E20", cumulative)
    _decision_charts(wb, ws)
    _print_setup(ws, f"A1:N{L.BOARD_LAST_ROW}")
    # Three pages: headlines and the first two charts; the story in English beside the
    # tornado; in Dutch beside the NPV distribution. Manual breaks need a fixed scale
    # (fit-to-page would override them).
    ws.fit_page = False
    ws.set_print_scale(55)
    ws.set_h_pagebreaks([L.BOARD_STORY_HEADER_ROW["en"] - 1, L.BOARD_STORY_HEADER_ROW["nl"] - 1])


# --- decision support: scenarios, sensitivity, simulation ------------------------------------

def _tornado_chart(wb, title: str):
    sheet = _quoted(L.SENSITIVITY_SHEET)
    first, last = L.TORNADO_FIRST_ROW, L.TORNADO_LAST_ROW
    chart = wb.add_chart({"type": "bar"})
    for col, name, color in (("H", "NPV change at the low value", "#C00000"), ("I", "NPV change at the high value", "#2F5597")):
        chart.add_series({"name": name, "categories": f"={sheet}!$B${first}:$B${last}",
                          "values": f"={sheet}!${col}${first}:${col}${last}", "fill": {"color": color},
                          "overlap": 100, "gap": 40})
    chart.set_title({"name": title, "name_font": {"size": 11}})
    chart.set_x_axis({"num_format": "€ #,##0", "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
    chart.set_y_axis({"reverse": True, "label_position": "low", "num_font": {"size": 8}})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 620, "height": 420})
    return chart


def _histogram_chart(wb, title: str):
    sheet = _quoted(L.SIMULATION_SHEET)
    first, last = L.HISTOGRAM_FIRST_ROW, L.HISTOGRAM_LAST_ROW
    chart = wb.add_chart({"type": "column"})
    chart.add_series({"name": "Draws", "categories": f"={sheet}!$B${first}:$B${last}",
                      "values": f"={sheet}!$D${first}:$D${last}", "fill": {"color": "#548235"}, "gap": 10})
    chart.set_title({"name": title, "name_font": {"size": 11}})
    chart.set_x_axis({"num_format": "€ #,##0", "num_font": {"rotation": -45, "size": 8},
                      "name": "NPV from (EUR) / NCW vanaf"})
    chart.set_y_axis({"name": "Draws / Trekkingen", "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
    chart.set_legend({"none": True})
    chart.set_size({"width": 620, "height": 320})
    return chart


def _decision_charts(wb, ws):
    """The tornado and the NPV distribution on the Board, under its two charts."""
    # Beside the story (tall rows), inside the print area.
    ws.insert_chart(f"E{L.BOARD_STORY_HEADER_ROW['en']}", _tornado_chart(wb, "What moves the NPV most (tornado, EUR) / Wat de NCW het meest beweegt"))
    ws.insert_chart(f"E{L.BOARD_STORY_HEADER_ROW['nl']}", _histogram_chart(wb, "NPV distribution (Monte Carlo) / Verdeling van de NCW"))


def _write_scenarios(wb, ws, f: _Formats, cache):
    for col, w in {"A": 40, "B": 42, "C": 16, "D": 30, "E": 24, "F": 30}.items():
        ws.set_column(f"{col}:{col}", w)
    sheet = L.SCENARIOS_SHEET
    ws.write_string(0, 0, "Scenarios / Scenario's", f.title)
    _note(ws, 1, 5, "A stress test, not a forecast: the unfavourable column puts every uncertain assumption at the end "
          "of its range (low or high on 'Assumptions') that lowers the NPV, all at the same time; the favourable column "
          "the other end; base is the case itself. Both lie far outside the Monte Carlo's P5..P95 ('Simulation'), the "
          "range to plan with. The values used: =ENG_SCENARIOS(assumptions). / Een stresstest, geen prognose: elke "
          "onzekere aanname tegelijk aan de kant die de NCW verlaagt (of verhoogt); de bandbreedte om mee te plannen "
          "staat op 'Simulation'.", 150, f)
    h = L.SCENARIO_HEADER_ROW - 1
    for c, text in enumerate(("Figure", "Uitkomst", "Unit / Eenheid",
                              "Stress test: all unfavourable at once / Stresstest: alles tegelijk ongunstig",
                              "Base / Basis", "Stress test: all favourable at once / Stresstest: alles tegelijk gunstig")):
        ws.write_string(h, c, text, f.header)
    ws.set_row(h, 60)
    for line in L.SCENARIO_LINES:
        r = L.SCENARIO_ROW[line.name]
        bold = line.name in _BOLD_LINES
        ws.write_string(r - 1, 0, line.label_en, f.bold if bold else None)
        ws.write_string(r - 1, 1, line.label_nl, f.bold if bold else None)
        ws.write_string(r - 1, 2, _unit_label(line.unit))
        for i in range(len(L.SCENARIO_NAMES)):
            _formula(ws, sheet, L.cell(r, L.SCENARIO_FIRST_COL + i), f.calc(line.unit, bold=bold), cache)
    npv = L.SCENARIO_ROW["npv"]
    chart = wb.add_chart({"type": "column"})
    chart.add_series({"name": "NPV", "categories": f"={sheet}!$D${L.SCENARIO_HEADER_ROW}:$F${L.SCENARIO_HEADER_ROW}",
                      "values": f"={sheet}!$D${npv}:$F${npv}", "fill": {"color": "#2F5597"}, "invert_if_negative": False,
                      "data_labels": {"value": True, "num_format": "€ #,##0"}})
    chart.set_title({"name": "NPV: stress tests and base (EUR) / NCW: stresstests en basis", "name_font": {"size": 11}})
    chart.set_x_axis({"label_position": "low"})
    chart.set_legend({"none": True})
    chart.set_y_axis({"num_format": "€ #,##0", "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
    chart.set_size({"width": 600, "height": 290})
    last = max(L.SCENARIO_ROW.values())
    ws.insert_chart(f"A{last + 3}", chart)
    _print_setup(ws, f"A1:F{last + 19}")


def _write_sensitivity(wb, ws, f: _Formats, cache):
    widths = (6, 52, 11, 11, 11, 15, 15, 15, 15)
    for c, w in enumerate(widths):
        ws.set_column(c, c, w)
    sheet = L.SENSITIVITY_SHEET
    ws.write_string(0, 0, "Sensitivity: the tornado / Gevoeligheid", f.title)
    _note(ws, 1, 8, "Each uncertain assumption swings from its low to its high value (columns C and D on 'Assumptions': "
          "typed, or derived from the value; the value is the most likely), the others stay at base; NPV at each end and the change from the base "
          "NPV, widest swing first. Check the top rows first. / Elke onzekere aanname van laag naar hoog, de rest "
          "op de basiswaarde; de grootste bandbreedte bovenaan.", 150, f)
    h = L.TORNADO_HEADER_ROW - 1
    for c, text in enumerate(("Rank", "Assumption / Aanname", "Low", "Most likely", "High", "NPV at low",
                              "NPV at high", "Change at low", "Change at high")):
        ws.write_string(h, c, text, f.header)
    ws.set_row(h, 30)
    money = f.calc("EUR")
    for r in range(L.TORNADO_FIRST_ROW, L.TORNADO_LAST_ROW + 1):
        ws.write_number(r - 1, 0, L.DECISION_CONSTANTS[(sheet, f"A{r}")], f.get(align="center"))
        for i, field in enumerate(L.TORNADO_COLUMNS, start=1):
            fmt = f.text if field == "label" else money if field.startswith(("npv", "change")) else f.get(num_format="General")
            _formula(ws, sheet, L.cell(r, i), fmt, cache)
    ws.insert_chart(f"B{L.TORNADO_LAST_ROW + 3}", _tornado_chart(wb, "Tornado: change in NPV from each assumption's low to high value (EUR)"))
    _print_setup(ws, f"A1:I{L.TORNADO_LAST_ROW + 25}")


def _write_simulation(wb, ws, f: _Formats, cache):
    for c, w in enumerate((36, 17, 17, 17, 19, 3)):
        ws.set_column(c, c, w)
    sheet = L.SIMULATION_SHEET
    ws.write_string(0, 0, "Simulation (Monte Carlo) / Simulatie", f.title)
    _note(ws, 1, 6, "Every uncertain assumption is drawn from a Beta-PERT distribution (low, most likely = the value on "
          "'Assumptions', low and high in its columns C and D); the whole case is computed for each draw. The same seed "
          "gives the same numbers. P5..P95 is the range to plan with; the stress tests on 'Scenarios' lie far outside it. "
          "/ Elke onzekere aanname wordt getrokken uit een Beta-PERT-verdeling; dezelfde seed geeft dezelfde uitkomst.", 105, f)
    labels = {"simulation_draws": "Draws / Trekkingen (1 - 1,000,000)", "simulation_seed": "Seed"}
    for name, (_, ref, value) in L.SIMULATION_INPUTS.items():
        r = int(ref[1:]) - 1
        ws.write_string(r, 0, labels[name], f.bold)
        ws.write_number(r, 1, value, f.input("FTE"))
        ws.data_validation(r, 1, r, 1, {"validate": "integer", "criteria": "between", "minimum": 1 if name == "simulation_draws" else 0,
                                        "maximum": 1_000_000 if name == "simulation_draws" else 2**31 - 1,
                                        "error_title": "Not allowed", "error_message": f"{labels[name]}: enter a whole number in the range."})
    h = L.SIMULATION_STAT_HEADER_ROW - 1
    for c, text in enumerate(("", "P5", "P50 (median)", "P95", "Mean / Gemiddelde")):
        ws.write_string(h, c, text, f.header)
    ws.set_row(h, 30)
    for measure, r in L.SIMULATION_MEASURE_ROW.items():
        ws.write_string(r - 1, 0, "NPV / NCW (EUR)" if measure == "npv" else "ROI", f.bold)
        for i in range(len(L.SIMULATION_STATS)):
            _formula(ws, sheet, L.cell(r, i + 1), f.calc("EUR" if measure == "npv" else "fraction"), cache)
    prob_row = int(L.SIMULATION_PROB_CELL[1][1:]) - 1
    ws.write_string(prob_row, 0, "P(NPV > 0) / Kans op NCW > 0", f.bold)
    _formula(ws, sheet, L.SIMULATION_PROB_CELL[1], f.calc("fraction", bold=True), cache)
    _note(ws, prob_row + 1, 4, "With 90% probability the NPV lies between P5 and P95. / Met 90% kans ligt de NCW "
          "tussen P5 en P95.", 100, f)
    h = L.HISTOGRAM_HEADER_ROW - 1
    ws.write_string(h - 1, 0, "NPV distribution / Verdeling van de NCW", f.section)
    for c, text in enumerate(("Bar / Staaf", "NPV from", "NPV to", "Draws", "Share")):
        ws.write_string(h, c, text, f.header)
    for r in range(L.HISTOGRAM_FIRST_ROW, L.HISTOGRAM_LAST_ROW + 1):
        ws.write_number(r - 1, 0, L.DECISION_CONSTANTS[(sheet, f"A{r}")], f.get(align="center"))
        for i, field in enumerate(L.HISTOGRAM_COLUMNS, start=1):
            fmt = f.calc("EUR") if field.startswith("npv") else f.calc("fraction") if field == "share" else f.get(num_format="#,##0")
            _formula(ws, sheet, L.cell(r, i), fmt, cache)
    ws.insert_chart(f"G{L.SIMULATION_STAT_HEADER_ROW}", _histogram_chart(wb, "NPV distribution (Monte Carlo, EUR) / Verdeling van de NCW"))
    _print_setup(ws, f"A1:Q{L.HISTOGRAM_LAST_ROW + 1}")


def excel_interpreter() -> str | None:
    """The Python a standalone workbook built here should start: this one, windowless.

    On Windows, ``pythonw.exe`` beside this interpreter (a venv's ``Scripts`` folder, a
    conda environment, a python.org install): xlwings' VBA loads its DLL from that folder or
    the one above it, where pip put it. Elsewhere None: classic xlwings functions need
    Excel on Windows, and the sheet then leaves the setting to xlwings.
    """
    if not sys.platform.startswith("win"):
        return None
    exe = Path(sys.executable)
    windowless = exe.with_name("pythonw.exe")
    return str(windowless if windowless.is_file() else exe)


def dll_not_found(interpreter: str) -> str | None:
    """Why xlwings' VBA would not find its DLL when it starts ``interpreter``; None if it would.

    xlwings' VBA module loads ``xlwings64-<version>.dll`` (``xlwings32-`` in 32-bit Excel)
    from the interpreter's folder or the one above it. pip puts the DLL in the environment's
    root: right for a python.org install, a virtual environment and conda, wrong for a
    user installation (``pip install --user``, or pip's "Defaulting to user installation",
    which puts it under ``%APPDATA%\\Python``) and for the Microsoft Store Python.
    """
    import importlib.metadata

    import xlwings

    names = {f"xlwings64-{xlwings.__version__}.dll", f"xlwings32-{xlwings.__version__}.dll"}
    dlls = [Path(f.locate()).resolve() for f in importlib.metadata.files("xlwings") or () if f.name in names]
    looked_in = [Path(interpreter).parent, Path(interpreter).parent.parent]
    if any(dll.parent == folder.resolve() for dll in dlls for folder in looked_in):
        return None
    where = f"is in {dlls[0].parent}" if dlls else "was not installed with it"
    return (f"xlwings {xlwings.__version__}'s DLL {where}, where Excel will not look for it (beside {interpreter} "
            "or one folder up): install xlengine into a virtual environment and build from there (docs/windows.md, step 1).")


def _write_conf(wb, ws, f: _Formats, interpreter: str | None = None):
    ws.set_column("A:A", 20)
    ws.set_column("B:B", 30)
    ws.set_column("C:C", 95)
    # The active block starts at A1 and ends at the first blank row: xlwings reads A1 down.
    ws.write_string(0, 0, "UDF Modules")
    ws.write_string(0, 1, "xlengine.udfs")
    if interpreter:
        ws.write_string(1, 0, "Interpreter_Win")
        ws.write_string(1, 1, interpreter)
    # Row 3 stays blank (the block may reach row 2): xlwings stops reading at a blank row.
    _note(ws, 3, 2, "Other keys you may need. They are NOT active here: a key with a blank value in the block "
          "above would override the add-in's setting with nothing. To use one, move its row up so that "
          "it joins the block at A1 (no blank row in between) and fill in column B.", 140, f)
    keys = (
        ("Interpreter_Win", "", r"Full path of pythonw.exe of the environment where xlengine is installed, e.g. "
         r"C:\Users\you\envs\xlengine\Scripts\pythonw.exe. A workbook built with xlengine template -o has it in "
         r"row 2. Default: the add-in's setting, else pythonw on PATH."),
        ("Interpreter_Mac", "", "Path of the python executable on a Mac (RunPython macros only: UDFs need Windows)."),
        ("PYTHONPATH", "", "Folder that holds the xlengine package, only if it is not installed with pip."),
        ("Conda Path", "", r"Conda installation folder, e.g. C:\Users\you\miniconda3 (with Conda Env)."),
        ("Conda Env", "", "Name of the conda environment, e.g. xlengine."),
        ("Use UDF Server", "", "True: one Python process serves all function calls (faster recalculation)."),
        ("Show Console", "", "True: show the Python console window (for finding problems)."),
    )
    ws.write_string(5, 0, "key", f.header)
    ws.write_string(5, 1, "value", f.header)
    ws.write_string(5, 2, "what it does", f.header)
    for i, (k, _v, note) in enumerate(keys, start=6):
        ws.write_string(i, 0, k)
        ws.write_blank(i, 1, None)
        ws.write_string(i, 2, note, f.text)
        _fit(ws, i, (note, 95))
    _print_setup(ws, f"A1:C{6 + len(keys)}")


def build_bytes(vba: bool = True, standalone: bool = False, interpreter: str | None = None) -> bytes:
    """The workbook's bytes (built in a temporary directory).

    ``standalone``: embed xlwings' VBA from the installed xlwings (see the module
    docstring); ``interpreter``: the Python the ``xlwings.conf`` sheet names
    (``Interpreter_Win``), None to leave it to xlwings.
    """
    import xlsxwriter

    cache = cached_values()
    with tempfile.TemporaryDirectory(prefix="xlengine-template-") as tmp:
        path = Path(tmp, "template.xlsm" if vba else "template.xlsx")
        wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False,
                                             "strings_to_urls": False,
                                             "tmpdir": tmp})  # its part files too go where an interrupt cleans up
        wb.set_properties({"title": "Engagement business case", "subject": "Employee engagement as a board business case",
                           "author": "xlengine", "company": "", "created": _BUILD_DATE,
                           "comments": f"Built by xlengine {__version__} from the assumption register. Do not edit by hand."})
        # Show the cached values on open: no full recalculation on load (XlsxWriter asks for
        # one by default), and the calc engine id of current Excel (365: 191029), since Excel
        # fully recalculates a file last calculated by an older engine. Without Python every
        # ENG_ cell would turn to #NAME? the moment the file opens.
        wb.set_calc_mode("auto", calc_id=191029)
        wb.calc_on_load = False
        f = _Formats(wb)
        sheets = {name: wb.add_worksheet(name) for name in L.SHEETS}
        _write_start(wb, sheets["Start"], f)
        _write_assumptions(wb, sheets["Assumptions"], f, cache)
        _write_teams(wb, sheets["Teams"], f, cache)
        _write_survey(wb, sheets["Survey"], f, cache)
        _write_case(wb, sheets["Business case"], f, cache)
        _write_board(wb, sheets["Board"], f, cache)
        _write_scenarios(wb, sheets["Scenarios"], f, cache)
        _write_sensitivity(wb, sheets["Sensitivity"], f, cache)
        _write_simulation(wb, sheets["Simulation"], f, cache)
        _write_conf(wb, sheets["xlwings.conf"], f, interpreter)
        for name, (sheet, ref) in L.NAMES.items():
            wb.define_name(name, f"={_quoted(sheet)}!{ref}")
        sheets["Board"].activate()
        if vba:
            bin_path = Path(tmp, "vbaProject.bin")
            modules, classes = xlwings_standalone() if standalone else ({}, {})
            bin_path.write_bytes(build_vba_project({**modules, **vba_modules()}, len(L.SHEETS), classes))
            wb.add_vba_project(str(bin_path))
        wb.close()
        return path.read_bytes()


def build_template(out: Path, standalone: bool = False, force: bool = False) -> Path:
    """Write the workbook to ``out`` (:func:`xlengine.workbook.safe_io.write_new`).

    ``standalone``: the user's own workbook for this PC (xlwings' VBA from the installed
    xlwings, ``Interpreter_Win`` = this Python); otherwise the shipped template. The
    package's own template is generated, so it is replaced without ``force``; any other
    existing file (a filled-in workbook) only with ``force``.
    """
    out = Path(out)
    replace = force or _is_generated(out, resources.default_output(resources.TEMPLATE))
    safe_io.check_target(out, force=replace)  # before the build
    vba = out.suffix.lower() == ".xlsm"
    interpreter = excel_interpreter() if standalone else None
    problem = dll_not_found(interpreter) if interpreter else None
    if problem:
        raise InputError("interpreter", problem)
    return safe_io.write_bytes_new(out, build_bytes(vba=vba, standalone=standalone and vba, interpreter=interpreter),
                                   force=replace)


