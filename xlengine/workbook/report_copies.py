"""The report's cell formats and values, its copies of the workbook's sheets (values only,
merged cells, widths and print set-up kept) and its Audit trail sheet, laid out to print readably."""

from __future__ import annotations

import datetime as _dt
import math
from typing import Any

from .headless import Computed
from .layout import ASSUMPTION_HEADERS, ASSUMPTIONS_SHEET


class _Formats:
    def __init__(self, wb) -> None:
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


def _hidden_columns(sheet: str, language: str) -> set[int]:
    """Columns a printed copy leaves out (hidden, not removed): on the Assumptions sheet the
    other language's label and the allowed and plausible ranges, which the audit checks and
    which would shrink the page to an unreadable scale."""
    if sheet != ASSUMPTIONS_SHEET:
        return set()
    other = "label_en" if language == "nl" else "label_nl"
    return {ASSUMPTION_HEADERS.index(h) for h in (other, "allowed_min", "allowed_max", "plausible_min", "plausible_max")}


def _text_lines(text: str, width: float) -> int:
    """Lines a wrapped text takes in a column ``width`` characters wide (XlsxWriter cannot measure)."""
    per_line = max(width * 1.1, 1)
    return sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))


def _pixels(width: float) -> int:
    """A column's width in pixels, as Excel and XlsxWriter convert it (7 per character plus 5)."""
    return int(width * 7 + 5)


def _copy_sheet(
    ws, fm: _Formats, computed: Computed, sheet: str, language: str = "en", replaced: dict[str, str] | None = None
) -> None:
    ev = computed.evaluation
    cells: dict[str, Any] = dict(ev.constants.get(sheet, {}))
    for f in ev.formula_cells:
        if f.sheet == sheet:
            cells[f.cell] = f.value
    cells.update(replaced or {})
    from openpyxl.utils.cell import coordinate_from_string, column_index_from_string, range_boundaries

    fmts = ev.number_formats.get(sheet, {})
    bolds = ev.bold.get(sheet, set())
    merges = {}
    covered: set[tuple[int, int]] = set()
    for ref in ev.merged.get(sheet, []):
        c0, r0, c1, r1 = range_boundaries(ref)
        merges[(r0 - 1, c0 - 1)] = (r1 - 1, c1 - 1)
        covered.update((r, c) for r in range(r0 - 1, r1) for c in range(c0 - 1, c1))
    widths: dict[int, float] = {}
    for coord, value in cells.items():  # fit columns the source leaves at the default width
        letters, row = coordinate_from_string(coord)
        col = column_index_from_string(letters) - 1
        if (row - 1, col) in covered:
            continue  # a merged cell's text spans its columns
        shown = len(str(value)) if isinstance(value, str) else 12
        widths[col] = min(max(widths.get(col, 8), shown + 2), 60)
    widths.update(ev.column_widths.get(sheet, {}))
    hidden = _hidden_columns(sheet, language)
    for col, width in widths.items():
        ws.set_column(col, col, width, None, {"hidden": True} if col in hidden else None)
    for col in hidden - set(widths):
        ws.set_column(col, col, None, None, {"hidden": True})
    heights: dict[int, float] = dict(ev.row_heights.get(sheet, {}))
    filled = set()
    for coord in cells:
        letters, row = coordinate_from_string(coord)
        filled.add((row - 1, column_index_from_string(letters) - 1))
    # What prints: the source's print area, without the room its charts took (a copy has no charts).
    last_row = max([r for r, _ in filled] + [r1 for r1, _ in merges.values()] + [0])
    last_col = max([c for _, c in filled] + [c1 for _, c1 in merges.values()] + [0])
    first_row = first_col = 0
    if ev.print_areas.get(sheet):
        c0, r0, c1, r1 = range_boundaries(ev.print_areas[sheet])
        first_row, first_col, last_row, last_col = r0 - 1, c0 - 1, min(r1 - 1, last_row), min(c1 - 1, last_col)
    for coord, value in cells.items():
        letters, row = coordinate_from_string(coord)
        r, col = row - 1, column_index_from_string(letters) - 1
        if (r, col) in covered and (r, col) not in merges:
            continue  # inside a merged range: only its first cell holds the value
        num_format = fmts.get(coord)
        span = merges.get((r, col))
        width = sum(widths.get(c, 8.43) for c in range(col, span[1] + 1) if c not in hidden) if span else widths.get(col, 8.43)
        # Long text wraps inside its merged range, or inside its column when the next cell
        # holds a value or the page ends first (a title with room beside it runs on, as in the workbook).
        room = sum(widths.get(c, 8.43) for c in range(col, last_col + 1) if c not in hidden)
        wrap = isinstance(value, str) and (
            span is not None or (len(value) > width * 1.1 and ((r, col + 1) in filled or len(value) > room * 1.1))
        )
        # Top-aligned throughout, so a row with wrapped text still reads across.
        extra = {"text_wrap": True} if wrap else {}
        fmt = fm.get(num_format, bold=coord in bolds, valign="top", **extra)
        date_fmt = fm.get(num_format or "yyyy-mm-dd", valign="top")
        if span is not None:
            ws.merge_range(r, col, span[0], span[1], None, fmt)
        write_value(ws, r, col, value, fmt, date_fmt)
        if wrap and (span is None or span[0] == r):
            heights[r] = max(heights.get(r, 15), 15 * _text_lines(value, width))
    for row, height in heights.items():
        ws.set_row(row, height)
    if filled:
        ws.print_area(first_row, first_col, max(first_row, last_row), max(first_col, last_col))
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.set_footer(f"&L&8{sheet} (values only)&R&8Page &P of &N")


def _write_audit_trail(ws, fm: _Formats, computed: Computed) -> None:
    head = fm.get(bold=True, bottom=1, bg_color="#D9E1F2", valign="top")
    widths = (16, 8, 70, 50)
    for c, w in enumerate(widths):
        ws.set_column(c, c, w)
    for c, h in enumerate(("Sheet", "Cell", "Formula", "Value")):
        ws.write_string(0, c, h, head)
    # Every text wraps in its column: text running on to the right would widen the
    # printed page and shrink the type.
    text = fm.get(valign="top", text_wrap=True)
    number = fm.get("#,##0.00##", valign="top")
    cells = computed.evaluation.formula_cells
    for r, f in enumerate(cells, start=1):
        ws.write_string(r, 0, f.sheet, text)
        ws.write_string(r, 1, f.cell, text)
        ws.write_string(r, 2, f.formula, text)  # starts with "=": must stay text
        write_value(ws, r, 3, f.value, number if isinstance(f.value, float) else text)
        lines = max(_text_lines(f.formula, widths[2]), _text_lines(f.value, widths[3]) if isinstance(f.value, str) else 1)
        if lines > 1:
            ws.set_row(r, 15 * lines)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(1, len(cells)), 3)
    ws.repeat_rows(0)
    ws.print_area(0, 0, max(1, len(cells)), 3)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.set_footer("&L&8Audit trail: every formula cell of the workbook and its computed value&R&8Page &P of &N")
