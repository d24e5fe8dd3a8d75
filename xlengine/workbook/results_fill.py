"""Fill the Results sheet of a copy of a workbook: planned, measured and realised (the input is only read).

``xlengine realised --workbook FILLED.xlsm -o NEW.xlsm`` writes a copy whose *Results*
sheet holds the board sentence (:data:`SENTENCE_CELL`), the planned-vs-realised table
(planned from the case, measured effect with its interval, realised savings and ROI) and
the team table (an Excel table named :data:`TEAMS_TABLE`, the columns of
:data:`xlengine.decision.realised.TABLE_COLUMNS`). Values, as ``roster`` fills the Teams
table: ``=ENG_REALISED(RealisedTeams[#All], assumptions)`` beside them recomputes the
table from the team rows in Excel. A Results sheet already there is replaced; every other
sheet, name and the VBA project stay as they are. The board report shows the sheet and
the sentence (:mod:`.report`). Written through :func:`.safe_io.write_new`.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any, Sequence

from . import layout as L
from . import safe_io

__all__ = ["RESULTS_SHEET", "SENTENCE_CELL", "TEAMS_TABLE", "RESULT_UNITS", "fill_results", "results_sheet_rows", "read_realised"]

RESULTS_SHEET = "Results"
SENTENCE_CELL = "A3"
TEAMS_TABLE = "RealisedTeams"
COMPARISON_HEADER_ROW = 5  # 1-based
#: The unit of each row of the planned-vs-realised table (decision.realised.comparison_rows)
RESULT_UNITS = ("fraction", "fraction", "eNPS points", "EUR", "EUR", "FTE", "EUR", "EUR", "fraction")


def results_sheet_rows(comparison: Sequence[Sequence[Any]], teams: Sequence[Sequence[Any]]) -> tuple[int, int]:
    """(first row of the team table's header, its last row), 1-based, below the comparison."""
    first = COMPARISON_HEADER_ROW + len(comparison) + 2
    return first, first + max(len(teams) - 1, 1)


def fill_results(
    source: Path,
    target: Path,
    teams: Sequence[Sequence[Any]],
    comparison: Sequence[Sequence[Any]],
    sentence: str,
    force: bool = False,
) -> Path:
    """Write ``target``: ``source`` with a Results sheet of the sentence, ``comparison``
    (header row first; rates as fractions, money in EUR) and ``teams`` (header first)."""
    import openpyxl
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.table import Table, TableStyleInfo

    from .evaluate import evaluate
    from .saved_values import store_values

    source = Path(source)
    with safe_io.private_copy(source) as copy:
        try:
            wb = openpyxl.load_workbook(copy, keep_vba=copy.suffix.lower() == ".xlsm")
        except Exception as e:  # noqa: BLE001 - any parser failure becomes one sentence
            raise safe_io.reading_failure(source, e) from None
    if RESULTS_SHEET in wb.sheetnames:
        del wb[RESULTS_SHEET]
    ws = wb.create_sheet(RESULTS_SHEET)
    ws["A1"] = "Realised results: measured against comparison teams / Gerealiseerde resultaten"
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = (
        "Difference-in-differences of the participating minus the comparison teams' change, 95% interval "
        "clustered by team; savings through the case's cost per leaver and per sick day (docs/realised.md). "
        f"=ENG_REALISED({TEAMS_TABLE}[#All], assumptions) recomputes the table below from the team rows."
    )
    ws["A2"].font = Font(italic=True, color="595959")
    ws[SENTENCE_CELL] = sentence
    bold = Font(bold=True)
    # a change of a rate (rows 1-2) shows its sign; eNPS points too
    formats = {"EUR": L.NUMBER_FORMATS["EUR"], "FTE": "#,##0.0", "fraction": "0.0%", "eNPS points": "+0.0;-0.0"}
    for r, row in enumerate(comparison):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(COMPARISON_HEADER_ROW + r, c, value)
            if r == 0:
                cell.font = bold
            elif c > 1 and isinstance(value, float):
                unit = RESULT_UNITS[r - 1] if r - 1 < len(RESULT_UNITS) else ""
                cell.number_format = "+0.0%;-0.0%" if r <= 2 else formats.get(unit, "General")
    first, last = results_sheet_rows(comparison, teams)
    ws.cell(first - 1, 1, "Teams (average headcount in FTE; rates per year)").font = bold
    for r, row in enumerate(teams):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(first + r, c, value)
            if r and isinstance(value, float) and 5 <= c <= 8:
                cell.number_format = "0.00%"
    ref = f"A{first}:{get_column_letter(len(teams[0]))}{last}"
    table = Table(displayName=TEAMS_TABLE, ref=ref)
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
    ws.add_table(table)
    ws.column_dimensions["A"].width = 52
    for c in range(2, 11):
        ws.column_dimensions[get_column_letter(c)].width = 16

    def write(tmp: Path) -> None:
        # openpyxl saves formulas without their values: compute the copy and store them,
        # so it shows its figures everywhere and passes its own audit (as teams_fill does)
        with tempfile.TemporaryDirectory(prefix="xlengine-results-") as folder:
            typed = Path(folder, f"typed{Path(target).suffix}")
            wb.save(typed)
            store_values(typed, tmp, evaluate(typed))

    return safe_io.write_new(Path(target), write, force=force, protect={Path(source): "the input workbook"})


def read_realised(ev) -> tuple | None:
    """Planned against realised from a computed workbook's Results sheet, as
    :class:`xlengine.decision.board.Realised` rows (the board pack's page); None without
    the sheet. A row without a planned figure is left out; a blank realised is None."""
    from ..decision.board import Realised

    if RESULTS_SHEET not in ev.sheetnames:
        return None
    number = lambda v: isinstance(v, (int, float)) and not isinstance(v, bool)  # noqa: E731
    rows = []
    for i, unit in enumerate(RESULT_UNITS, start=1):
        r = COMPARISON_HEADER_ROW + i
        label, planned, realised = (ev.value(RESULTS_SHEET, f"{c}{r}") for c in "ABC")
        if not isinstance(label, str) or not label.strip():
            break
        if number(planned):
            rows.append(Realised(label, unit, float(planned), float(realised) if number(realised) else None))
    return tuple(rows) or None
