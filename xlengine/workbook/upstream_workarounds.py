"""Workarounds for defects and missing options in libraries the workbook layer uses.

Each one is scoped: what it changes is undone when the call returns, or lives in a child
process that exists only for that call, or (the scipy deferral) stays inside the one
formulas module that needs it, invisible elsewhere. Each names the upstream change that would
retire it, and ``tests/test_upstream_workarounds.py`` holds a canary per workaround that
fails the day upstream changes the behaviour worked around.

formulas (the headless formula engine):

* :func:`formulas_function_table`: its function table imports scipy at load;
* :func:`quiet_formulas`: its progress bar and warnings on stderr;
* :func:`formulas_book_key`: handing it a workbook already read;
* :func:`excel_text_limit`: Excel's 32,767-character limit on a text, which it lacks.

ms-ovba (the VBA project writer):

* :func:`run_ms_ovba_build`: its compression defect, its unseeded ``random`` and its
  scratch files in the working directory.

Two xlwings workarounds live next to the code they serve: its per-call conversion
pipelines in :mod:`xlengine.excel.xlconvert` (the function layer cannot import this
module), and its Windows-only UDF machinery loaded for building the VBA wrappers on any
platform in :mod:`.xlwings_udfs`. Their canaries are in the same test file.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import logging
import os
import subprocess
import sys
import types
from pathlib import Path
from typing import Iterator

from ..extras import require_extra

require_extra("workbook")  # the libraries this module uses, or the sentence naming the extra

__all__ = ["excel_text_limit", "formulas_book_key", "formulas_function_table", "quiet_formulas", "run_ms_ovba_build"]


# --- formulas: scipy at function-table load ---------------------------------------------
# formulas.functions.stat imports scipy.stats, scipy.linalg and scipy.interpolate.interp1d
# at module level (about 0.7 s here), though only a few statistical Excel functions
# (KURT, LOGNORM.INV, PERCENTILE, ...) use them, inside their bodies. Upstream fix that
# retires this: import scipy inside those function bodies (as formulas.functions.financial
# and .eng already do).

# The names formulas.functions.stat binds from scipy at import; the canary checks the list.
SCIPY_AT_LOAD = {"scipy": ("stats", "linalg"), "scipy.interpolate": ("interp1d",)}


class _DeferredModule(types.ModuleType):
    """Stands in for a module until one of its attributes is used, then imports it."""

    def __getattr__(self, attr):
        # The import machinery probes dunders (__path__, ...) while the stand-in is in
        # sys.modules: answer "none" instead of importing the module it stands for.
        if attr.startswith("__") or sys.modules.get(self.__name__) is self:
            raise AttributeError(attr)
        return getattr(importlib.import_module(self.__name__), attr)


def _deferred_interp1d(*args, **kwargs):
    from scipy.interpolate import interp1d

    return interp1d(*args, **kwargs)


def formulas_function_table():
    """``formulas.get_functions()``, with scipy imported on first use instead of at load.

    While ``formulas.functions.stat`` is imported, stand-ins occupy the ``sys.modules``
    places of the scipy modules not imported yet; they leave right after. What stays is
    in that one module's namespace: ``stats``, ``linalg`` and ``interp1d`` there import
    the real thing on first use. Other code importing scipy gets the real modules.
    """
    import formulas

    if "formulas.functions.stat" not in sys.modules:
        stand_ins = {name: _DeferredModule(name) for name in ("scipy", "scipy.stats", "scipy.linalg", "scipy.interpolate")}
        stand_ins["scipy.interpolate"].interp1d = _deferred_interp1d
        missing = [name for name in stand_ins if name not in sys.modules]
        for name in missing:
            sys.modules[name] = stand_ins[name]
        try:
            importlib.import_module("formulas.functions.stat")
        finally:
            for name in missing:
                if sys.modules.get(name) is stand_ins[name]:
                    del sys.modules[name]
    return formulas.get_functions()


# --- formulas: progress bar and warnings -------------------------------------------------
# ExcelModel.complete draws a tqdm progress bar on stderr, and the "formulas" logger warns
# about missing references: a command line prints only its own result. Upstream fix that
# retires this: a ``progress=False`` (or ``disable``) option on ExcelModel's load/finish.


@contextlib.contextmanager
def quiet_formulas() -> Iterator[None]:
    """While formulas loads and calculates: what it writes to stderr is dropped, its warnings held back."""
    logger = logging.getLogger("formulas")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        with contextlib.redirect_stderr(io.StringIO()):
            yield
    finally:
        logger.setLevel(level)


# --- formulas: a workbook already read -----------------------------------------------------
# ExcelModel.loads reads the file itself; the headless compute has already read it once
# (the same reader) for the constants and formats. ExcelModel keeps its books under the
# upper-case file name (formulas.excel.ExcelModel.add_book): seeding that key saves the
# second read. Were the rule to change, formulas would read the file again (slower, same
# result). Upstream fix that retires this: ``ExcelModel.loads``/``add_book`` accepting an
# openpyxl workbook already read.


def formulas_book_key(path: Path) -> str:
    """The key of ``path``'s book in ``formulas.ExcelModel.books`` after ``loads(path)``."""
    return Path(path).name.replace("\\", "/").upper()


# --- formulas: Excel's limit on the length of a text ----------------------------------------
# Excel refuses a text longer than 32,767 characters with #VALUE! (Excel specifications and
# limits: "Total number of characters that a cell can contain"); formulas builds it, so
# =REPT("x",1e9) takes gigabytes and =REPT(...)&REPT(...) doubles with every cell. Upstream
# fix that retires this: the limit in formulas.functions.text (REPT, SUBSTITUTE, CONCAT,
# CONCATENATE, TEXTJOIN) and in the "&" operator.

EXCEL_TEXT_LIMIT = 32_767
# The text functions that can build a longer text than their arguments hold, under every name.
LIMITED_TEXT_FUNCTIONS = (
    "REPT",
    "SUBSTITUTE",
    "CONCAT",
    "_XLFN.CONCAT",
    "CONCATENATE",
    "_XLFN.CONCATENATE",
    "TEXTJOIN",
    "_XLFN.TEXTJOIN",
)


def _limited_text_table() -> dict:
    """Name -> the function with Excel's limit: REPT and SUBSTITUTE refuse before they build, the others after."""
    from formulas.functions import Error, replace_empty, text, wrap_func, wrap_ufunc

    too_long = Error.errors["#VALUE!"]

    def capped(result):
        return too_long if isinstance(result, str) and len(result) > EXCEL_TEXT_LIMIT else result

    def rept(value, number_times):
        times = int(float(replace_empty(number_times)))
        if len(text._str(value)) * max(times, 0) > EXCEL_TEXT_LIMIT:
            return too_long
        return text.xrept(value, number_times)

    def substitute(value, old_text, new_text, instance_num=None):
        whole, old, new = (text._str(v) for v in (value, old_text, new_text))
        grows = (whole.count(old) if old and instance_num is None else 1) * max(len(new) - len(old), 0)
        if len(whole) + grows > EXCEL_TEXT_LIMIT:
            return too_long
        return text.xsubstitute(value, old_text, new_text, instance_num)

    concat = wrap_func(lambda *args: capped(text.xconcat(*args)))
    concatenate = wrap_ufunc(lambda *args: capped(text.xconcat(*args)), **text._kw0)
    textjoin = wrap_func(lambda *args: capped(text.xtextjoin(*args)))
    return {
        "REPT": wrap_ufunc(rept, **text._kw0),
        "SUBSTITUTE": wrap_ufunc(substitute, input_parser=lambda *a: a, args_parser=lambda *a: (replace_empty(v, "") for v in a)),
        "CONCAT": concat,
        "_XLFN.CONCAT": concat,
        "CONCATENATE": concatenate,
        "_XLFN.CONCATENATE": concatenate,
        "TEXTJOIN": textjoin,
        "_XLFN.TEXTJOIN": textjoin,
        "&": wrap_ufunc(
            lambda x, y: capped(x + y),
            input_parser=lambda *a: map(text._str, a),
            args_parser=lambda *a: (replace_empty(v, "") for v in a),
        ),
    }


@contextlib.contextmanager
def excel_text_limit() -> Iterator[None]:
    """While formulas compiles and calculates: a text longer than 32,767 characters is #VALUE!, as in Excel.

    The function table and the "&" operator get limited versions of the text functions
    (the same functions of formulas, with the length checked); the originals are back when
    the block ends.
    """
    from formulas.functions import operators

    functions = formulas_function_table()
    limited = _limited_text_table()
    saved = {name: functions[name] for name in LIMITED_TEXT_FUNCTIONS}
    saved_operator = operators.OPERATORS["&"]
    try:
        for name in LIMITED_TEXT_FUNCTIONS:
            functions[name] = limited[name]
        operators.OPERATORS["&"] = limited["&"]
        yield
    finally:
        functions.update(saved)
        operators.OPERATORS["&"] = saved_operator


# --- ms-ovba: one build per child process ------------------------------------------------
# Three things make ms-ovba unfit to call in our own process:
# * ms-ovba-compression 1.0.1 computes the copy-token maximum length as
#   ``0xFFFF << bit_count + 3``; MS-OVBA 2.4.1.3.19.3 says ``(0xFFFF >> bit_count) + 3``.
#   The wrong value lets a match run past 4098 bytes and truncates long modules.
#   Upstream fix: that expression in MsOvba.copytoken_help.
# * ms-ovba-crypto draws the seed of the PROJECT stream's obfuscated CMG/DPB/GC fields
#   from the global ``random``, so two builds differ (the fields decode to the same values
#   whatever the seed). Upstream fix: a seed or random-generator argument.
# * ms-ovba writes its scratch files and vbaProject.bin into the working directory.
#   Upstream fix: an output directory argument.
# So the build runs in a child process, in its own directory, with the copy-token rule
# corrected and ``random`` seeded there: nothing of it reaches the calling process.

_MS_OVBA_SEED = 20240101  # any fixed value: the build is deterministic


def fixed_copytoken_help(difference: int) -> dict:
    """MS-OVBA 2.4.1.3.19.1 CopyToken Help, with 2.4.1.3.19.3's maximum length."""
    from ms_ovba_compression.ms_ovba import MsOvba

    bit_count = MsOvba.ceil_log2(difference)
    length_mask = 0xFFFF >> bit_count
    return {
        "lengthMask": length_mask,
        "offsetMask": ~length_mask & 0xFFFF,
        "bitCount": bit_count,
        "maxLength": (0xFFFF >> bit_count) + 3,
    }


def _in_ms_ovba_child() -> None:
    """The child process's side: correct the copy-token rule, seed ``random`` (this process only)."""
    import random

    from ms_ovba_compression.ms_ovba import MsOvba

    MsOvba.copytoken_help = staticmethod(fixed_copytoken_help)  # type: ignore[method-assign]  # the workaround itself
    random.seed(_MS_OVBA_SEED)


def run_ms_ovba_build(directory: Path, module: str, function: str) -> None:
    """Run ``module.function(directory)`` in a child process whose working directory is ``directory``.

    Raises RuntimeError with the child's last error line if the build fails.
    """
    # The child imports this very xlengine (a checkout, a site-packages folder or a wheel
    # file): it gets this process's import path, whatever PYTHONPATH says.
    code = (
        "from xlengine.workbook import upstream_workarounds\n"
        "upstream_workarounds._in_ms_ovba_child()\n"
        f"import {module} as m; m.{function}(__import__('pathlib').Path.cwd())\n"
    )
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    done = subprocess.run([sys.executable, "-c", code], cwd=directory, capture_output=True, text=True, env=env)
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines() or ["no message"]
        raise RuntimeError(f"the VBA project build failed: {lines[-1]}")
