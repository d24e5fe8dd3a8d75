"""Fill a copy of a workbook from HR exports (the input is only read).

The Teams sheet holds an Excel table named ``Teams`` whose headers are
:data:`~xlengine.workbook.layout.TEAM_COLUMNS`. Its data rows are replaced by the given
rows (the table grows or shrinks with them; every row takes the first data row's formats
and input styling, and the eNPS block beside it one row of formulas per team). The Survey
sheet's answers are replaced by the survey's (or cleared: the template's example answers
name the example teams), and the organisation's figures go into their Assumptions cells.
Then the copy is computed headless and saved with its values (:mod:`.saved_values`), so it
shows its figures everywhere and passes its own audit. Every other cell, sheet, name and
the VBA project stay as they are. The copy is written through :func:`.safe_io.write_new`.
"""

from __future__ import annotations

import tempfile
from copy import copy
from pathlib import Path
from typing import Any, Iterable, Mapping, NamedTuple, Sequence

import numpy as np

from ..engine.errors import InputError
from . import layout as L
from . import safe_io, scan

__all__ = ["fill_teams", "Filled"]

# Each "before" figure of the organisation and the target the workbook sets for it.
TARGETS = {"turnover_before": "turnover_after", "absence_before": "absence_after"}


class Filled(NamedTuple):
    path: Path
    warnings: list[str]  # sentences: a roster figure not above the workbook's target for it


def _targets_not_below(book, organisation: Mapping[str, float]) -> list[str]:
    """A warning per lever whose target (the workbook's) is not below the roster's figure."""
    from ..engine import validate

    out = []
    for before, after in TARGETS.items():
        b = organisation.get(before)
        sheet, cell = L.ASSUMPTION_CELL[after]
        a = book[sheet][cell].value
        if b is None or np.isnan(b) or not isinstance(a, (int, float)) or a < b:
            continue
        out.append(
            f"warning: the organisation's {before} from the roster ({validate.fmt(b * 100)}%) is not above {after} "
            f"on the Assumptions sheet ({validate.fmt(a * 100)}%), so the case counts a loss on that lever: set "
            f"{after} ({sheet}!{cell}) to your target."
        )
    return out


def _copy_style(source, target) -> None:
    if source.has_style:
        target._style = copy(source._style)


def _fill_survey(ws, answers: tuple[Iterable[float], Iterable[str]] | None) -> None:
    """Answers (0-10) in column A and their teams in column C; the earlier wave (B) cleared."""
    first, last = L.SURVEY_FIRST_ROW, L.SURVEY_LAST_ROW
    style = [ws.cell(first, c) for c in (1, 2, 3)]
    for r in range(first, last + 1):
        for c in (1, 2, 3):
            ws.cell(r, c).value = None
    if answers is None:
        return
    for i, (score, team) in enumerate(zip(*answers)):
        r = first + i
        ws.cell(r, 1).value = float(score)
        ws.cell(r, 3).value = str(team) if team else None
        for c in (1, 3):
            _copy_style(style[c - 1], ws.cell(r, c))


def fill_teams(
    source: Path,
    target: Path,
    rows: Sequence[Sequence[Any]],
    force: bool = False,
    organisation: Mapping[str, float] | None = None,
    answers: tuple[Iterable[float], Iterable[str]] | None = None,
) -> Filled:
    """Write ``target``: ``source`` with the Teams table's data rows replaced by ``rows``, computed.

    ``rows`` are in :data:`~.layout.TEAM_COLUMNS` order; ``None`` leaves a cell blank.
    ``organisation``: register key -> value for the Assumptions sheet (headcount, turnover, eNPS,
    absence, employer cost); a missing or NaN figure keeps the workbook's value.
    ``answers``: (scores, team of each) for the Survey sheet, at most its
    ``SURVEY_LAST_ROW - SURVEY_FIRST_ROW + 1`` rows; without them its answers are cleared.
    Returns the path and a warning per lever whose target is not below the roster's figure.
    """
    import openpyxl
    from openpyxl.utils import get_column_letter, range_boundaries

    from .evaluate import evaluate
    from .saved_values import store_values

    source = Path(source)
    with safe_io.private_copy(source) as private, safe_io.quiet_reader():
        try:
            scan.workbook_shape(private, source.name)  # refused above a budget before openpyxl builds it
            wb = openpyxl.load_workbook(private, keep_vba=private.suffix.lower() == ".xlsm")
        except InputError:
            raise
        except Exception as e:  # noqa: BLE001 - any parser failure becomes one sentence
            raise safe_io.reading_failure(source, e) from None
    if L.TEAMS_SHEET not in wb.sheetnames or "Teams" not in wb[L.TEAMS_SHEET].tables:
        raise InputError(
            "--workbook",
            f"{source.name} has no Teams table on a '{L.TEAMS_SHEET}' sheet: use a workbook made from the xlengine template.",
        )
    ws = wb[L.TEAMS_SHEET]
    table = ws.tables["Teams"]
    min_col, min_row, max_col, max_row = range_boundaries(table.ref)
    headers = [str(ws.cell(min_row, c).value or "").strip().lower() for c in range(min_col, max_col + 1)]
    where = {h: min_col + i for i, h in enumerate(headers)}
    missing = [h for h in L.TEAM_COLUMNS if h not in where]
    if missing:
        raise InputError(
            "--workbook",
            f"the Teams table in {source.name} has no column {', '.join(missing)} (headers found: "
            f"{', '.join(headers)}): use a workbook made from the xlengine template.",
        )
    c0 = L.TEAM_ENPS_FIRST_COL + 1
    block = range(c0, c0 + len(L.TEAM_ENPS_COLUMNS))
    # the template's first data row gives every new row its formats and input styling
    model = {c: ws.cell(min_row + 1, c) for c in [*range(min_col, max_col + 1), *block]}
    for r in range(min_row + 1, max_row + 1):  # clear the old data rows
        for c in range(min_col, max_col + 1):
            ws.cell(r, c).value = None
    for i, row in enumerate(rows, start=min_row + 1):
        for name, value in zip(L.TEAM_COLUMNS, row):
            safe_io.set_cell(ws.cell(i, where[name]), value)  # a team name is text, never a formula
        if i != min_row + 1:
            for c, cell in model.items():
                _copy_style(cell, ws.cell(i, c))
    # the eNPS block beside the table: one row of formulas per team, none below
    for r in range(min_row + 1, max(max_row, min_row + len(rows)) + 1):
        for i, field in enumerate(L.TEAM_ENPS_COLUMNS):
            ws.cell(r, c0 + i).value = L.team_enps_formula(r, field) if r <= min_row + len(rows) else None
    last = min_row + max(len(rows), 1)
    table.ref = f"{get_column_letter(min_col)}{min_row}:{get_column_letter(max_col)}{last}"
    if table.autoFilter is not None:
        table.autoFilter.ref = table.ref
    if L.SURVEY_SHEET in wb.sheetnames:
        _fill_survey(wb[L.SURVEY_SHEET], answers)
    for key, value in (organisation or {}).items():
        if value is not None and not (isinstance(value, float) and np.isnan(value)):
            sheet, cell = L.ASSUMPTION_CELL[key]
            wb[sheet][cell].value = float(value)

    def write(tmp: Path) -> None:
        with tempfile.TemporaryDirectory(prefix="xlengine-fill-") as folder:
            typed = Path(folder, f"typed{Path(target).suffix}")
            wb.save(typed)
            store_values(typed, tmp, evaluate(typed))

    written = safe_io.write_new(Path(target), write, force=force, protect={Path(source): "the input workbook"})
    return Filled(written, _targets_not_below(wb, organisation or {}))
