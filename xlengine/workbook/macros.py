"""The Python side of the workbook's buttons (vba/xlengine_macros.bas calls these through
xlwings' ``RunPython``). Windows or Mac Excel with the xlwings add-in only.

Each macro works on the workbook that called it (``xw.Book.caller()``). The report and
the audit run on a snapshot copy of the workbook (``SaveCopyAs``): the user's open file is
never saved or changed by them, and the report goes to a new file beside it.
"""

from __future__ import annotations

import dataclasses
import tempfile
from typing import Any
from pathlib import Path

import xlwings as xw

from ..engine import register
from ..extras import require_extra
from . import layout

require_extra("workbook")  # the libraries this module uses, or the sentence naming the extra

__all__ = ["recalculate", "write_board_report", "run_audit", "reset_inputs"]
# The Recalculate button clears the function server's caches (xlengine.excel.clear_caches
# through RunPython) and runs Application.CalculateFull in VBA itself; recalculate() is
# for scripts that drive an open workbook from Python.

AUDIT_SHEET = "Audit"


def _book():
    return xw.Book.caller()


def recalculate() -> None:
    """Recalculate every formula, the ENG_ functions included (they are not volatile)."""
    book = _book()
    api: Any = getattr(book.app, "api", None)
    if hasattr(api, "CalculateFull"):  # Windows: a full recalculation re-runs every UDF
        api.CalculateFull()
    else:
        book.app.calculate()


def reset_inputs() -> None:
    """Write the register's defaults into the Assumptions sheet's input cells, and the
    default rule's formulas back into the low/high cells (typed ranges go)."""
    sheet = _book().sheets[layout.ASSUMPTIONS_SHEET]
    for a in register.REGISTER:
        sheet[layout.ASSUMPTION_CELL[a.key][1]].value = float(a.default)
    for (_, ref), formula in layout.RANGE_FORMULAS.items():
        sheet[ref].formula = formula


def _snapshot(book, folder: Path) -> Path:
    """A copy of the open workbook as it is now, including unsaved edits."""
    target = folder / Path(book.fullname).name
    api: Any = getattr(book, "api", None)
    if hasattr(api, "SaveCopyAs"):  # Windows COM
        api.SaveCopyAs(str(target))
        return target
    return Path(book.fullname)  # elsewhere: the saved file (save first)


def report_path(workbook: Path) -> Path:
    """Where the board report of ``workbook`` goes: beside it, never over it."""
    return workbook.with_name(f"{workbook.stem} - board report.xlsx")


def write_board_report() -> Path:
    """Compute the workbook headlessly and write the board report beside it."""
    from .jobs import first_free, run_compute

    book = _book()
    with tempfile.TemporaryDirectory(prefix="xlengine-") as tmp:
        # an earlier report is kept: the next free name, e.g. "... - board report (2).xlsx"
        _, out = run_compute(_snapshot(book, Path(tmp)), first_free(report_path(Path(book.fullname))), force=False)
    book.app.status_bar = f"Board report written: {out}"
    return out


def _finding_row(finding) -> list:
    if dataclasses.is_dataclass(finding) and not isinstance(finding, type):
        return [str(v) for v in dataclasses.asdict(finding).values()]
    return [str(finding)]


def _finding_header(findings) -> list:
    if findings and dataclasses.is_dataclass(findings[0]):
        return [f.name for f in dataclasses.fields(findings[0])]
    return ["finding"]


def run_audit() -> int:
    """Audit the workbook and list the findings on the Audit sheet (replaced each run)."""
    from .jobs import audit_workbook

    book = _book()
    with tempfile.TemporaryDirectory(prefix="xlengine-") as tmp:
        _, findings = audit_workbook(_snapshot(book, Path(tmp)))
    names = [s.name for s in book.sheets]
    sheet = book.sheets[AUDIT_SHEET] if AUDIT_SHEET in names else book.sheets.add(AUDIT_SHEET, after=book.sheets[-1])
    sheet.clear_contents()
    rows = [_finding_header(findings)] + [_finding_row(f) for f in findings]
    if not findings:
        rows.append(["No findings: the workbook passed every check."])
    width = max(len(r) for r in rows)
    sheet["A1"].value = [r + [""] * (width - len(r)) for r in rows]
    sheet.activate()
    return len(findings)
