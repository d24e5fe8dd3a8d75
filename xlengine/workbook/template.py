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
import sys
import tempfile
from pathlib import Path

from .. import __version__, resources
from ..engine.errors import InputError
from ..extras import require_extra
from . import layout as L
from . import safe_io
from .vba import _is_generated, vba_modules, xlwings_standalone
from .vbaproject import build_vba_project
from .template_values import EXAMPLE_ANSWERS, EXAMPLE_ANSWER_TEAMS, EXAMPLE_BEFORE, EXAMPLE_TEAMS, _checked, cached_values  # noqa: F401 - importable from here
from .sheet_format import _Formats, _fit, _note, _print_setup, _quoted
from .template_sheets import _write_assumptions, _write_board, _write_case, _write_start, _write_survey, _write_teams
from .template_decision import _write_scenarios, _write_sensitivity, _write_simulation

require_extra("workbook")  # the libraries this module uses, or the sentence naming the extra

__all__ = [
    "build_template",
    "cached_values",
    "dll_not_found",
    "excel_interpreter",
    "EXAMPLE_TEAMS",
    "EXAMPLE_ANSWERS",
    "EXAMPLE_BEFORE",
    "EXAMPLE_ANSWER_TEAMS",
]

_BUILD_DATE = dt.datetime(2024, 1, 1)  # fixed document date: two builds give the same bytes


# --- decision support: scenarios, sensitivity, simulation ------------------------------------


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
    return (
        f"xlwings {xlwings.__version__}'s DLL {where}, where Excel will not look for it (beside {interpreter} "
        "or one folder up): install xlengine into a virtual environment and build from there (docs/windows.md, step 1)."
    )


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
    _note(
        ws,
        3,
        2,
        "Other keys you may need. They are NOT active here: a key with a blank value in the block "
        "above would override the add-in's setting with nothing. To use one, move its row up so that "
        "it joins the block at A1 (no blank row in between) and fill in column B.",
        140,
        f,
    )
    keys = (
        (
            "Interpreter_Win",
            "",
            r"Full path of pythonw.exe of the environment where xlengine is installed, e.g. "
            r"C:\Users\you\envs\xlengine\Scripts\pythonw.exe. A workbook built with xlengine template -o has it in "
            r"row 2. Default: the add-in's setting, else pythonw on PATH.",
        ),
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
        wb = xlsxwriter.Workbook(
            str(path), {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False, "tmpdir": tmp}
        )  # its part files too go where an interrupt cleans up
        wb.set_properties(
            {
                "title": "Engagement business case",
                "subject": "Employee engagement as a board business case",
                "author": "xlengine",
                "company": "",
                "created": _BUILD_DATE,
                "comments": f"Built by xlengine {__version__} from the assumption register. Do not edit by hand.",
            }
        )
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
    return safe_io.write_bytes_new(
        out, build_bytes(vba=vba, standalone=standalone and vba, interpreter=interpreter), force=replace
    )
