"""The board report: a values-only .xlsx anyone can open (no formulas, no macros, no Python).

Sheets: *Board* (headlines, key assumptions, the case by year, two charts), a values-only
copy of each sheet of the workbook (its own Board and ``xlwings.conf`` left out), and
*Audit trail* (every formula cell: sheet, address, formula text, value).

Every text is written with ``write_string`` and the workbook is opened with
``strings_to_formulas`` off: a team called ``=HYPERLINK(...)`` stays text.
"""

from __future__ import annotations

import datetime as _dt
import math
from pathlib import Path
from typing import Any

from .. import __version__
from .. import i18n
from ..decision import provenance, tables
from ..engine import case as _case
from ..engine import register as _register
from .headless import Computed, where
from .layout import ASSUMPTION_HEADERS, ASSUMPTION_ROW, ASSUMPTIONS_SHEET, BOARD_SHEET, CONF_SHEET, col_letter
from .layout import NUMBER_FORMATS
from . import safe_io

AUDIT_SHEET = "Audit trail"
#: The Assumptions sheet's source column (M), which the report fills with each value's own source.
ASSUMPTION_SOURCE_COLUMN = col_letter(ASSUMPTION_HEADERS.index("source"))

NUM_FORMATS = NUMBER_FORMATS  # one table for the template and the report (layout)

# Assumptions a board asks about first; all of them are on the Assumptions sheet.
BOARD_ASSUMPTIONS = ("headcount", "turnover_before", "turnover_after", "absence_before", "absence_after",
                     "productivity_gain", "attribution", "confidence", "programme_cost_one_off",
                     "programme_cost_annual", "horizon_years", "discount_rate")

WORKBOOK_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
                    "nan_inf_to_errors": True,
                    "in_memory": True}  # no temporary files of XlsxWriter's own, which an interrupt would leave behind


class _Formats:
    def __init__(self, wb):
        self.wb = wb
        self._cache: dict[tuple, Any] = {}

    def get(self, num_format: str | None = None, bold: bool = False, **extra) -> Any:
        key = (num_format, bold, tuple(sorted(extra.items())))
        if key not in self._cache:
            props = dict(extra)
            if num_format:
                props["num_format"] = num_format
            if bold:
                props["bold"] = True
            self._cache[key] = self.wb.add_format(props) if props else None
        return self._cache[key]


def write_value(ws, row: int, col: int, value: Any, fmt=None, date_fmt=None) -> None:
    """One value, typed; text is always text (never a formula, a URL or a number)."""
    if value is None or value == "":
        if fmt is not None:
            ws.write_blank(row, col, None, fmt)
        return
    if isinstance(value, bool):
        ws.write_boolean(row, col, value, fmt)
    elif isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            ws.write_string(row, col, "n/a", fmt)
        else:
            ws.write_number(row, col, value, fmt)
    elif isinstance(value, (_dt.datetime, _dt.date)):
        ws.write_datetime(row, col, value, date_fmt or fmt)
    else:
        ws.write_string(row, col, str(value), fmt)


def _safe_sheet_name(name: str, taken: set[str]) -> str:
    base = safe_io.excel_prefix(name, safe_io.MAX_SHEET_NAME)
    n = 2
    while base.lower() in taken:
        suffix = f" ({n})"
        base = safe_io.excel_prefix(name, safe_io.MAX_SHEET_NAME - len(suffix)) + suffix
        n += 1
    taken.add(base.lower())
    return base


def assumption_sources(computed: Computed, language: str = "en") -> dict[str, str]:
    """The source of every assumption of a computed workbook (:mod:`xlengine.decision.provenance`):
    a value that differs from the register's default is the user's input in its cell."""
    given = {k for k, v in computed.assumptions.items()
             if k in _register.BY_KEY and v != float(_register.BY_KEY[k].default)}
    return provenance.sources(computed.assumptions, given,
                              lambda key: f"cell {where(*computed.assumption_cells[key])}", language)


def _assumption_source_cells(computed: Computed, language: str) -> dict[str, str]:
    """The Assumptions sheet's source column (M), cell -> text, as the report shows it."""
    sources = assumption_sources(computed, language)
    return {f"{ASSUMPTION_SOURCE_COLUMN}{ASSUMPTION_ROW[key]}": text for key, text in sources.items()}


def write_report(target: Path, computed: Computed, source_name: str, language: str = "en") -> None:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(target), WORKBOOK_OPTIONS)
    wb.set_properties({"title": f"Business case report: {source_name}",
                       "comments": f"Written by xlengine {__version__} from {source_name}: values only, no formulas, no macros."})
    fm = _Formats(wb)
    taken = {BOARD_SHEET.lower(), AUDIT_SHEET.lower()}
    board = wb.add_worksheet(BOARD_SHEET)
    _write_board(wb, board, fm, computed, source_name, language)
    for sheet in computed.evaluation.sheetnames:
        if sheet in (BOARD_SHEET, CONF_SHEET):
            continue
        _copy_sheet(wb.add_worksheet(_safe_sheet_name(sheet, taken)), fm, computed, sheet,
                    _assumption_source_cells(computed, language) if sheet == ASSUMPTIONS_SHEET else None)
    _write_audit_trail(wb.add_worksheet(AUDIT_SHEET), fm, computed)
    board.activate()
    wb.close()


def _write_board(wb, ws, fm: _Formats, computed: Computed, source_name: str, language: str) -> None:
    title = fm.get(bold=True, font_size=16)
    h2 = fm.get(bold=True, font_size=12)
    head = fm.get(bold=True, bottom=1)
    head_right = fm.get(bold=True, bottom=1, align="right")
    head_source = fm.get(bold=True, bottom=1, indent=1)
    note = fm.get(italic=True, font_color="#595959")
    source = fm.get(italic=True, font_color="#595959", indent=1)
    stamp = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    nl = language == "nl"

    years = computed.case.horizon_years + 1  # data columns: the start (year 0) and years 1..N
    ws.set_column(0, 0, 52)
    ws.set_column(1, years + 1, 13)
    ws.set_column(years + 2, years + 2, 4)
    ws.write_string(0, 0, "Betrokkenheidsprogramma: businesscase" if nl else "Employee engagement programme: business case", title)
    ws.write_string(1, 0, f"Werkmap {source_name}; berekend {stamp} door xlengine {__version__} zonder Excel. "
                          "Alleen waarden: elk cijfer is te herleiden tot de getoonde broncel." if nl else
                    f"Workbook {source_name}; computed {stamp} by xlengine {__version__} without Excel. "
                    "Values only: every figure traces to the source cell shown.", note)

    # Headline figures, each with the cell it comes from (the source text may run on into
    # the empty cells to its right).
    ws.write_string(3, 0, "Headline figure" if not nl else "Kerncijfer", head)
    ws.write_string(3, 1, "Value" if not nl else "Waarde", head_right)
    ws.write_string(3, 2, "Source cell" if not nl else "Broncel", head_source)
    for i, h in enumerate(computed.headlines, start=4):
        ws.write_string(i, 0, h.label, fm.get(bold=h.name in ("npv", "roi")))
        write_value(ws, i, 1, h.value if h.is_number else str(h.value), fm.get(NUM_FORMATS.get(h.unit), bold=h.name in ("npv", "roi")))
        ws.write_string(i, 2, where(h.sheet, h.cell), source)
    top = 4 + len(computed.headlines) + 1

    # The case by year (from the workbook's Assumptions sheet, by the xlengine engine); each
    # row's number format from its unit.
    case = tables.case_rows(computed.case, language)
    table = case.grid()
    ws.write_string(top, 0, "Business case by year (EUR)" if not nl else "Businesscase per jaar (EUR)", h2)
    ws.write_string(top, 2, "computed by xlengine from the Assumptions sheet" if not nl
                    else "door xlengine berekend uit het blad Assumptions", source)
    header_row = top + 1
    bold_rows = ("benefits", "net")
    for c, v in enumerate(case.header):
        ws.write_string(header_row, c, str(v), head if c == 0 else head_right)
    for r, row in enumerate(case.rows, start=1):
        rr = header_row + r
        ws.write_string(rr, 0, row.label, fm.get(bold=row.key in bold_rows))
        for c, v in enumerate(row.values, start=1):
            number = NUM_FORMATS.get(row.unit) if row.unit != "EUR" else "#,##0;-#,##0"  # the title says EUR
            write_value(ws, rr, c, v, fm.get(number) if v is not None else None)
    ws.write_string(header_row + len(table), 0, i18n.CONVENTIONS[i18n.pick(language)], note)

    # The assumptions a board asks about first.
    top = header_row + len(table) + 3
    ws.write_string(top, 0, "Key assumption" if not nl else "Belangrijkste aanname", head)
    ws.write_string(top, 1, "Value" if not nl else "Waarde", head_right)
    ws.write_string(top, 2, "Source cell" if not nl else "Broncel", head_source)
    used = provenance.in_use(computed.assumptions)  # benchmark mode: the derived values the headline uses
    derived = provenance.ignored(computed.assumptions)
    sources = assumption_sources(computed, language)
    for i, key in enumerate(BOARD_ASSUMPTIONS, start=top + 1):
        a = _register.BY_KEY[key]
        ws.write_string(i, 0, a.label(language))
        write_value(ws, i, 1, used[key], fm.get(NUM_FORMATS.get(a.unit)))
        ws.write_string(i, 2, sources[key] if key in derived else where(*computed.assumption_cells[key]), source)
    ws.write_string(top + 1 + len(BOARD_ASSUMPTIONS), 0,
                    "The source of every assumption is on the Assumptions sheet." if not nl
                    else "De bron van elke aanname staat op het blad Assumptions.", note)
    _write_realised(ws, fm, computed, top + 3 + len(BOARD_ASSUMPTIONS), nl)

    # Charts on the table's cells, to the right of the tables.
    sheet_ref = BOARD_SHEET
    cats = [sheet_ref, header_row, 1, header_row, years]
    columns = wb.add_chart({"type": "column", "subtype": "stacked"})
    colours = ("#1F4E79", "#2E75B6", "#9DC3E6")
    for k, lever in enumerate(_case.LEVERS):
        row = header_row + case.index(lever)
        columns.add_series({"name": [sheet_ref, row, 0], "categories": cats,
                            "values": [sheet_ref, row, 1, row, years], "fill": {"color": colours[k]}})
    cost_row = header_row + case.index("costs")
    cost_line = wb.add_chart({"type": "line"})
    cost_line.add_series({"name": [sheet_ref, cost_row, 0], "categories": cats,
                          "values": [sheet_ref, cost_row, 1, cost_row, years],
                          "line": {"color": "#C00000", "width": 2.5}, "marker": {"type": "diamond", "size": 7,
                                                                                "fill": {"color": "#C00000"}, "border": {"color": "#C00000"}}})
    columns.combine(cost_line)
    columns.set_title({"name": "Benefits by lever and programme cost per year" if not nl else "Baten per hefboom en programmakosten per jaar",
                       "name_font": {"size": 11}})
    columns.set_y_axis({"num_format": NUMBER_FORMATS["EUR"], "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
    columns.set_legend({"position": "bottom"})
    columns.set_size({"width": 560, "height": 300})

    cumulative_row = header_row + case.index("cumulative")
    line = wb.add_chart({"type": "column"})
    line.add_series({"name": [sheet_ref, cumulative_row, 0], "categories": cats,
                     "values": [sheet_ref, cumulative_row, 1, cumulative_row, years],
                     "fill": {"color": "#548235"}, "invert_if_negative": False,
                     "data_labels": {"value": True, "num_format": '#,##0'}})
    line.set_title({"name": "Cumulative net benefit (payback when it turns positive)" if not nl
                    else "Cumulatief netto resultaat (terugverdiend zodra positief)", "name_font": {"size": 11}})
    line.set_y_axis({"num_format": NUMBER_FORMATS["EUR"], "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
    line.set_legend({"none": True})
    line.set_size({"width": 560, "height": 300})
    line.set_x_axis({"label_position": "low"})
    ws.insert_chart(3, years + 3, columns)
    ws.insert_chart(19, years + 3, line)

    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 1)
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    ws.hide_gridlines(2)
    ws.set_footer("&L&8xlengine bestuursrapport&R&8Pagina &P van &N" if nl else "&L&8xlengine board report&R&8Page &P of &N")


def _write_realised(ws, fm: _Formats, computed: Computed, row: int, nl: bool) -> None:
    """The realised results' sentence, when the workbook has a Results sheet (``xlengine realised``)."""
    from .results_fill import RESULTS_SHEET, SENTENCE_CELL

    if RESULTS_SHEET not in computed.evaluation.sheetnames:
        return
    sentence = computed.evaluation.value(RESULTS_SHEET, SENTENCE_CELL)
    ws.write_string(row, 0, "Realised results (measured against comparison teams)" if not nl
                    else "Gerealiseerde resultaten (gemeten tegen vergelijkingsteams)", fm.get(bold=True, font_size=12))
    ws.write_string(row + 1, 0, str(sentence or ""), fm.get(text_wrap=False))
    ws.write_string(row + 2, 0, f"Planned beside measured and realised: the {RESULTS_SHEET} sheet ({where(RESULTS_SHEET, SENTENCE_CELL)})."
                    if not nl else f"Gepland naast gemeten en gerealiseerd: het blad {RESULTS_SHEET} ({where(RESULTS_SHEET, SENTENCE_CELL)}).",
                    fm.get(italic=True, font_color="#595959"))


def _copy_sheet(ws, fm: _Formats, computed: Computed, sheet: str, replaced: dict[str, str] | None = None) -> None:
    ev = computed.evaluation
    cells: dict[str, Any] = dict(ev.constants.get(sheet, {}))
    for f in ev.formula_cells:
        if f.sheet == sheet:
            cells[f.cell] = f.value
    cells.update(replaced or {})
    from openpyxl.utils.cell import coordinate_from_string, column_index_from_string

    fmts = ev.number_formats.get(sheet, {})
    bolds = ev.bold.get(sheet, set())
    widths: dict[int, float] = {}
    for coord, value in cells.items():  # fit columns the source leaves at the default width
        col = column_index_from_string(coordinate_from_string(coord)[0]) - 1
        shown = len(str(value)) if isinstance(value, str) else 12
        widths[col] = min(max(widths.get(col, 8), shown + 2), 60)
    widths.update(ev.column_widths.get(sheet, {}))
    for col, width in widths.items():
        ws.set_column(col, col, width)
    heights: dict[int, float] = {}
    for coord, value in cells.items():
        letters, row = coordinate_from_string(coord)
        col = column_index_from_string(letters) - 1
        num_format = fmts.get(coord)
        # Long text wraps inside its column instead of running off the printed page.
        wrap = isinstance(value, str) and len(value) > widths.get(col, 8.43) * 1.1
        # Top-aligned throughout, so a row with wrapped text still reads across.
        extra = {"text_wrap": True} if wrap else {}
        fmt = fm.get(num_format, bold=coord in bolds, valign="top", **extra)
        date_fmt = fm.get(num_format or "yyyy-mm-dd", valign="top")
        write_value(ws, row - 1, col, value, fmt, date_fmt)
        if wrap:  # XlsxWriter cannot measure text: size the row for the wrapped lines
            lines = math.ceil(len(value) / max(widths.get(col, 8.43) * 1.1, 1))
            heights[row - 1] = max(heights.get(row - 1, 15), 15 * lines)
    for row, height in heights.items():
        ws.set_row(row, height)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.set_footer(f"&L&8{sheet} (values only)&R&8Page &P of &N")


def _write_audit_trail(ws, fm: _Formats, computed: Computed) -> None:
    head = fm.get(bold=True, bottom=1)
    ws.set_column(0, 0, 16)
    ws.set_column(1, 1, 8)
    ws.set_column(2, 2, 70)
    ws.set_column(3, 3, 40)
    for c, h in enumerate(("Sheet", "Cell", "Formula", "Value")):
        ws.write_string(0, c, h, head)
    number = fm.get("#,##0.00##")
    for r, f in enumerate(computed.evaluation.formula_cells, start=1):
        ws.write_string(r, 0, f.sheet)
        ws.write_string(r, 1, f.cell)
        ws.write_string(r, 2, f.formula)  # starts with "=": must stay text
        write_value(ws, r, 3, f.value, number if isinstance(f.value, float) else None)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(1, len(computed.evaluation.formula_cells)), 3)
    ws.repeat_rows(0)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.set_footer("&L&8Audit trail: every formula cell of the workbook and its computed value&R&8Page &P of &N")
