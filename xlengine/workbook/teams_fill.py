"""Fill the Teams table of a copy of a workbook (the input is only read).

The Teams sheet holds an Excel table named ``Teams`` whose headers are
:data:`~xlengine.workbook.layout.TEAM_COLUMNS`. Its data rows are replaced by the given
rows (the table grows or shrinks with them); every other cell, sheet, name and the VBA
project stay as they are. The copy is written through :func:`.safe_io.write_new`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence

from ..engine.errors import InputError
from . import layout as L
from . import safe_io, scan

__all__ = ["fill_teams"]


def fill_teams(source: Path, target: Path, rows: Sequence[Sequence[Any]], force: bool = False) -> Path:
    """Write ``target``: ``source`` with the Teams table's data rows replaced by ``rows``.

    ``rows`` are in :data:`~.layout.TEAM_COLUMNS` order; ``None`` leaves a cell blank.
    """
    import openpyxl
    from openpyxl.utils import get_column_letter, range_boundaries

    source = Path(source)
    with safe_io.private_copy(source) as copy, safe_io.quiet_reader():
        try:
            scan.workbook_shape(copy, source.name)  # refused above a budget before openpyxl builds it
            wb = openpyxl.load_workbook(copy, keep_vba=copy.suffix.lower() == ".xlsm")
        except InputError:
            raise
        except Exception as e:  # noqa: BLE001 - any parser failure becomes one sentence
            raise safe_io.reading_failure(source, e) from None
    if L.TEAMS_SHEET not in wb.sheetnames or "Teams" not in wb[L.TEAMS_SHEET].tables:
        raise InputError("--workbook", f"{source.name} has no Teams table on a '{L.TEAMS_SHEET}' sheet: use a workbook made "
                                       "from the xlengine template.")
    ws = wb[L.TEAMS_SHEET]
    table = ws.tables["Teams"]
    min_col, min_row, max_col, max_row = range_boundaries(table.ref)
    headers = [str(ws.cell(min_row, c).value or "").strip().lower() for c in range(min_col, max_col + 1)]
    where = {h: min_col + i for i, h in enumerate(headers)}
    missing = [h for h in L.TEAM_COLUMNS if h not in where]
    if missing:
        raise InputError("--workbook", f"the Teams table in {source.name} has no column {', '.join(missing)} (headers found: "
                                       f"{', '.join(headers)}): use a workbook made from the xlengine template.")
    for r in range(min_row + 1, max_row + 1):  # clear the old data rows
        for c in range(min_col, max_col + 1):
            ws.cell(r, c).value = None
    for i, row in enumerate(rows, start=min_row + 1):
        for name, value in zip(L.TEAM_COLUMNS, row):
            ws.cell(i, where[name]).value = value
    # the eNPS block beside the table: one row of formulas per team, none below
    c0 = L.TEAM_ENPS_FIRST_COL + 1
    for r in range(min_row + 1, max(max_row, min_row + len(rows)) + 1):
        for i, field in enumerate(L.TEAM_ENPS_COLUMNS):
            ws.cell(r, c0 + i).value = L.team_enps_formula(r, field) if r <= min_row + len(rows) else None
    last = min_row + max(len(rows), 1)
    table.ref = f"{get_column_letter(min_col)}{min_row}:{get_column_letter(max_col)}{last}"
    if table.autoFilter is not None:
        table.autoFilter.ref = table.ref
    return safe_io.write_new(Path(target), wb.save, force=force, protect={Path(source): "the input workbook"})
