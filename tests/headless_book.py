"""A small workbook that follows the template's contract, for the headless tests.

Sheets, defined names and the Assumptions columns as the template has them; the Business
case is one ENG_BUSINESS_CASE array plus headline cells that refer into it. Cached values
are written for every formula cell (as Excel saves them), from the engine itself.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import xlsxwriter

from xlengine.engine import register
from xlengine.engine.errors import CELL_ERROR, InputError
from xlengine import udfs
from xlengine.workbook import layout

SHEETS = layout.SHEETS  # every sheet of the template; the decision sheets stay empty here
TABLE = "A1:F12"  # ENG_BUSINESS_CASE for a 3-year horizon: header + 11 rows, label + start + 3 years + total
# headline name -> (cell on "Business case", formula)
HEADLINE_CELLS = {
    "turnover_savings": ("H2", "=F2"),
    "absence_savings": ("H3", "=F3"),
    "productivity_savings": ("H4", "=F4"),
    "total_benefits": ("H5", "=F5"),
    "total_costs": ("H6", "=F6"),
    "net_benefit": ("H7", "=F7"),
    "npv": ("H9", "=F9"),
    "roi": ("H10", "=F10"),
    "bcr": ("H11", "=F11"),
    "payback_months": ("H12", "=F12"),
}
ROW_OF = {a.key: i for i, a in enumerate(register.REGISTER, start=2)}  # key -> row on Assumptions
LAST_ROW = 1 + len(register.REGISTER)

# The fixture's template formulas, as layout.FORMULAS gives them for the real template.
FORMULAS = {("Business case", cell): f for cell, f in HEADLINE_CELLS.values()}
FORMULAS[("Business case", "A1")] = "{=ENG_BUSINESS_CASE(assumptions)}"


def _col(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _rc(cell: str) -> tuple[int, int]:
    letters = "".join(c for c in cell if c.isalpha())
    return int(cell[len(letters) :]) - 1, _col(letters)


def build(
    path: Path,
    values: dict[str, Any] | None = None,
    *,
    typed: dict[tuple[str, str], Any] | None = None,
    drop_sheets=(),
    drop_names=(),
    udf_modules: str = "xlengine.udfs",
    cached: dict[tuple[str, str], Any] | None = None,
    extra_formulas=(),
    teams=("Sales", "Operations", "Support"),
) -> Path:
    """Write the contract workbook; ``values`` override register defaults (any type, text too).

    typed: (sheet, cell) -> value typed over a formula cell; cached: (sheet, cell) -> a cached
    value different from the computation (tampering); extra_formulas: (sheet, cell, formula, cached).
    """
    values = {**register.defaults(), **(values or {})}
    typed = dict(typed or {})
    cached = dict(cached or {})
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_numbers": False})
    ws = {}
    for name in SHEETS:
        if name not in drop_sheets:
            ws[name] = wb.add_worksheet(name)
    if "Start" in ws:
        ws["Start"].write_string(0, 0, "Fill in the Assumptions sheet; the Business case sheet computes.")
    a = ws.get("Assumptions")
    if a is not None:
        pct = wb.add_format({"num_format": "0.0%"})
        for c, h in enumerate(
            (
                "key",
                "value",
                "unit",
                "label_en",
                "label_nl",
                "allowed_min",
                "allowed_max",
                "plausible_min",
                "plausible_max",
                "source",
            )
        ):
            a.write_string(0, c, h)
        for entry in register.REGISTER:
            r = ROW_OF[entry.key] - 1
            v = values[entry.key]
            a.write_string(r, 0, entry.key)
            if isinstance(v, str):
                a.write_string(r, 1, v)
            elif isinstance(v, dt.date):  # a date typed where a number belongs
                a.write_datetime(r, 1, v, wb.add_format({"num_format": "yyyy-mm-dd"}))
            else:
                a.write_number(r, 1, v, pct if entry.is_fraction else None)
            a.write_string(r, 2, entry.unit)
            a.write_string(r, 3, entry.label_en)
            a.write_string(r, 4, entry.label_nl)
            a.write_row(r, 5, [*entry.allowed, *entry.plausible])
            a.write_string(r, 9, entry.source)
            if entry.key not in drop_names:
                wb.define_name(entry.key, f"=Assumptions!$B${r + 1}")
        if "assumptions" not in drop_names:
            wb.define_name("assumptions", f"=Assumptions!$A$2:$B${LAST_ROW}")
    if "Teams" in ws:
        ws["Teams"].write_row(0, 0, ["team", "headcount"])
        for i, team in enumerate(teams, start=1):
            ws["Teams"].write_string(i, 0, team)
            ws["Teams"].write_number(i, 1, 10 * i)
    if "Survey" in ws:
        ws["Survey"].write_string(0, 0, "score")
        for i, s in enumerate((10, 9, 9, 7, 6, 10, 8), start=1):
            ws["Survey"].write_number(i, 0, s)
    bc = ws.get("Business case")
    if bc is not None:
        pairs = [[k, values[k]] for k in register.BY_KEY]
        table = udfs.ENG_BUSINESS_CASE(pairs)
        if isinstance(table, InputError):
            table = CELL_ERROR  # what Excel saves for a failed call where it shows an error value
        bc.write_array_formula(
            TABLE, "{=ENG_BUSINESS_CASE(assumptions)}", None, table[0][0] if isinstance(table, list) else table
        )
        if isinstance(table, list):
            # Excel saves each cell of an array formula with its value: do the same.
            for i, row in enumerate(table):
                for j, v in enumerate(row):
                    if (i, j) == (0, 0):
                        continue
                    bc.write(i, j, "" if v is None else v) if not isinstance(v, str) else bc.write_string(i, j, v)
        for name, (cell, formula) in HEADLINE_CELLS.items():
            r, c = _rc(cell)
            bc.write_string(r, c - 1, name)
            if ("Business case", cell) in typed:
                bc.write_number(r, c, typed[("Business case", cell)])
            else:
                src_r, src_c = _rc(formula[1:])
                value = table[src_r][src_c] if isinstance(table, list) else table
                value = cached.get(("Business case", cell), value)
                bc.write_formula(r, c, formula, None, value)
            if name not in drop_names:
                wb.define_name(name, f"='Business case'!${cell[0]}${cell[1:]}")
        for sheet, cell, formula, value in extra_formulas:
            r, c = _rc(cell)
            if value is None:
                ws[sheet].write_formula(r, c, formula)
            else:
                ws[sheet].write_formula(r, c, formula, None, value)
    if "Board" in ws:
        ws["Board"].write_string(0, 0, "Board summary")
    if "xlwings.conf" in ws:
        ws["xlwings.conf"].write_string(0, 0, "UDF Modules")
        ws["xlwings.conf"].write_string(0, 1, udf_modules)
    wb.close()
    return Path(path)
