"""Call the ENG_ functions the way Excel on Windows does, with xlwings' own code (test code).

What is real here: ``xlwings.udfs`` (``xlfunc``/``xlarg``/``xlret`` metadata and
``call_udf``, the function the VBA wrapper's ``XLPy.CallUDF`` reaches), the whole
``xlwings.conversion`` pipeline, and the value cleaning of ``xlwings/_xlwindows.py``:
its ``cell_errors``, ``_clean_value_data_element``, ``_com_time_to_datetime``,
``_datetime_to_com_time`` and ``Engine`` class are extracted from the installed source
file with ``ast`` and executed, so the stand-in "excel" engine cannot drift from it.

What is stubbed (Linux has no COM): the three pywin32 modules (see
``xlengine.workbook.xlwings_udfs``), ``win32timezone``, and two private modules that
``call_udf`` touches: ``xlwings._xlwindows`` (only ``Range(xl=...)``, which reads a
range's ``.Value`` the way pywin32 hands it over, and ``is_range_instance``) and
``xlwings.com_server`` (only ``loop``, unused by synchronous functions).

How Excel hands values to Python (through VBA Variants and pywin32):

* a literal or a cell's value: float for numbers, str for text, bool, None for empty;
* a cell reference: a COM Range object whose ``.Value`` is a scalar for one cell and a
  tuple of row tuples for a block (:class:`ExcelRange` plays it);
* an omitted Optional argument: the int -2147352572 (DISP_E_PARAMNOTFOUND);
* a cell showing an error: its int code, e.g. -2146826281 for #DIV/0!;
* a date cell: a pywintypes datetime (:func:`excel_date`).
"""

from __future__ import annotations

import ast
import contextlib
import datetime as dt
import sys
import types
from pathlib import Path
from typing import Any, Iterator

import numpy as np
import pandas as pd
import xlwings
from xlwings.utils import np_datetime_to_datetime

from xlengine.workbook.xlwings_udfs import load_udf_module, load_xlwings_udfs

MODULE = "xlengine.udfs"
MISSING = -2147352572  # an omitted Optional VBA argument
ERRORS = {  # Excel's error values as pywin32 hands them over (from _xlwindows.cell_errors)
    "#DIV/0!": -2146826281,
    "#N/A": -2146826246,
    "#NAME?": -2146826259,
    "#NULL!": -2146826288,
    "#NUM!": -2146826252,
    "#REF!": -2146826265,
    "#VALUE!": -2146826273,
}

xlwings_udfs = load_xlwings_udfs()
pywintypes = xlwings_udfs.pywintypes  # the real one on Windows, the stub elsewhere


def excel_date(year: int, month: int, day: int) -> Any:
    """A date cell as pywin32 delivers it (a pywintypes datetime)."""
    return pywintypes.TimeType(year, month, day)


class ExcelRange:
    """A cell reference as it reaches ``call_udf``: a COM Range with a ``.Value``."""

    def __init__(self, rows):
        rows = [tuple(r) if isinstance(r, (list, tuple)) else (r,) for r in rows]
        self.Value = rows[0][0] if len(rows) == 1 and len(rows[0]) == 1 else tuple(rows)


def column(*values) -> ExcelRange:
    return ExcelRange([(v,) for v in values])


def _xlwindows_code() -> dict[str, Any]:
    """The value-cleaning code of the installed ``xlwings/_xlwindows.py``, executed."""
    source = (Path(xlwings.__file__).parent / "_xlwindows.py").read_text(encoding="utf-8")
    wanted_functions = {"_com_time_to_datetime", "_datetime_to_com_time", "_clean_value_data_element"}
    nodes = []
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef) and node.name in wanted_functions:
            nodes.append(node)
        elif isinstance(node, ast.ClassDef) and node.name == "Engine":
            nodes.append(node)
        elif isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "cell_errors" for t in node.targets):
            nodes.append(node)
    found = {getattr(n, "name", "cell_errors") for n in nodes}
    missing = (wanted_functions | {"Engine", "cell_errors"}) - found
    assert not missing, f"xlwings/_xlwindows.py changed: {missing} not found"
    win32timezone = types.SimpleNamespace(TimeZoneInfo=types.SimpleNamespace(utc=lambda: dt.timezone.utc))
    namespace: dict[str, Any] = {
        "dt": dt,
        "pd": pd,
        "np": np,
        "pywintypes": pywintypes,
        "win32timezone": win32timezone,
        "np_datetime_to_datetime": np_datetime_to_datetime,
        "time_types": (dt.date, dt.datetime, pywintypes.TimeType, np.datetime64),
    }
    exec(compile(ast.Module(body=nodes, type_ignores=[]), "xlwings/_xlwindows.py", "exec"), namespace)
    assert namespace["cell_errors"] == {v: k for k, v in ERRORS.items()}
    return namespace


class _ComRangeImpl:
    """Stand-in for ``xlwings._xlwindows.Range``: reads ``.Value`` like pywin32 does."""

    max_cells_per_read = None  # no chunking: one read, as for a UDF argument
    engine_impl: Any = None  # set by excel_session(): conversion asks range.sheet.book.app.engine

    def __init__(self, xl=None):
        self.xl = xl

    @property
    def sheet(self):
        return types.SimpleNamespace(book=types.SimpleNamespace(app=types.SimpleNamespace(engine=self.engine_impl, pid=0)))

    @property
    def raw_value(self):
        return None if self.xl is None else self.xl.Value


@contextlib.contextmanager
def excel_session() -> Iterator[types.ModuleType]:
    """Install the stand-in engine and stubs; yield the UDF module with its metadata."""
    code = _xlwindows_code()
    engine = xlwings.main.Engine(impl=code["Engine"]())
    _ComRangeImpl.engine_impl = engine.impl
    assert engine.name == "excel" and "excel" not in [e.name for e in xlwings.engines]
    xlwindows = types.ModuleType("xlwings._xlwindows")
    xlwindows.Range = _ComRangeImpl
    xlwindows.is_range_instance = lambda x: isinstance(x, ExcelRange)
    xlwindows.BOOK_CALLER = None
    com_server = types.ModuleType("xlwings.com_server")
    com_server.loop = None
    module = load_udf_module()  # xlengine.excel.functions, served under the name xlengine.udfs
    saved_modules = {k: sys.modules.get(k) for k in ("xlwings._xlwindows", "xlwings.com_server")}
    xlwings.engines.add(engine)
    sys.modules.update({"xlwings._xlwindows": xlwindows, "xlwings.com_server": com_server})
    xlwings._xlwindows = xlwindows
    xlwings_udfs.udf_modules[MODULE] = {"filename": module.__file__, "filetime": None, "module": module}
    try:
        yield module
    finally:
        xlwings_udfs.udf_modules.pop(MODULE, None)
        xlwings.engines.engines.remove(engine)
        xlwings.engines.engines_by_name.pop("excel", None)
        del xlwings._xlwindows
        for k, v in saved_modules.items():
            if v is None:
                sys.modules.pop(k, None)
            else:
                sys.modules[k] = v


def call(func_name: str, *args: Any) -> Any:
    """``XLPy.CallUDF(module, func_name, Array(args...))``: what goes back to Excel."""
    return xlwings_udfs.call_udf(MODULE, func_name, tuple(args))


def shown(xl_result: Any) -> Any:
    """What the cell (or the top-left of an array) shows: a 1x1 result as its value."""
    if isinstance(xl_result, list) and len(xl_result) == 1 and len(xl_result[0]) == 1:
        return xl_result[0][0]
    return xl_result
