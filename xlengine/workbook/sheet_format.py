"""How the template's sheets look: the cell formats, column widths, notes and print
set-up every sheet writer shares (XlsxWriter)."""

from __future__ import annotations

from typing import Any

from .. import __version__
from . import layout as L
from .template_values import _REF


_UNIT_LABEL = {
    "fraction": "%",
    "ratio": "ratio",
    "months": "months",
    "EUR/FTE/yr": "EUR per FTE per year",
    "EUR/yr": "EUR per year",
    "EUR/day": "EUR per day",
    "FTE/yr": "FTE per year",
}


# A 1/0 answer shown as yes/no (the eNPS flags).
_YES_NO = '"yes";"yes";"no"'


class _Formats:
    def __init__(self, wb) -> None:
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
    if m is None:
        raise ValueError(f"{sheet}: not a cell reference: {ref!r}")
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


def _unit_label(unit: str) -> str:
    return _UNIT_LABEL.get(unit, unit)


_BOLD_LINES = ("total_benefits", "net_benefit", "npv", "roi")
