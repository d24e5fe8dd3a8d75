"""xlwings' real Windows UDF machinery, loaded on any platform for build tools and tests.

Why: ``xlwings.udfs`` holds the code Excel's calls go through (``xlfunc``/``xlarg``/``xlret``
record each function's metadata, ``generate_vba_wrapper`` writes the VBA module that
"Import Functions" would import, ``call_udf`` converts arguments and results). On Linux
and Mac, ``import xlwings.udfs`` fails because it imports three pywin32 modules at import
time, and ``xlwings.func``/``arg``/``ret`` are no-op decorators there, so a UDF module
records no metadata. This module stubs exactly those three imports (``pythoncom``,
``pywintypes``, ``win32com.client``) for the duration of the import only when pywin32 is
missing, and re-executes a UDF module's source with the real decorators into a fresh
module object. ``xlwings.udfs`` stays imported (with the stubs bound inside it, for the
calls below); every other ``sys.modules`` entry is restored, and ``xlengine.udfs`` as
imported by everyone else stays the same object. Upstream fix that retires the stubs:
``xlwings.udfs`` importing pywin32 where it calls COM rather than at module level.
Canary: ``tests/test_upstream_workarounds.py``.

None of the stubbed functions is called by the code paths used here
(``xlfunc``/``xlarg``/``xlret``, ``generate_vba_wrapper``; ``call_udf`` without a
workbook or caller), so the stubs cannot change what those functions produce.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import sys
import types
from typing import Any, Iterator

from ..extras import require_extra

require_extra("workbook")  # the libraries this module uses, or the sentence naming the extra

__all__ = ["load_xlwings_udfs", "load_udf_module", "load_with_decorators"]

_PYWIN32 = ("pythoncom", "pywintypes", "win32com", "win32com.client")


def _stub_modules() -> dict[str, types.ModuleType]:
    import datetime as dt

    # Any: modules whose attributes are set here, as pywin32's are made at run time
    pythoncom: Any = types.ModuleType("pythoncom")
    pythoncom.CoInitialize = lambda: None  # used as a thread initialiser, never by us
    pythoncom.IID_IDispatch = None

    pywintypes: Any = types.ModuleType("pywintypes")

    class com_error(Exception):  # noqa: N801 - pywin32's name
        pass

    class TimeType(dt.datetime):  # pywin32's date type is a datetime subclass
        pass

    pywintypes.com_error = com_error
    pywintypes.TimeType = TimeType
    pywintypes.IID = lambda s: s

    win32com: Any = types.ModuleType("win32com")
    client: Any = types.ModuleType("win32com.client")

    def Dispatch(*args, **kwargs):  # noqa: N802 - pywin32's name
        raise RuntimeError("COM is not available: this is a stub for building and testing on Linux.")

    client.Dispatch = Dispatch
    win32com.client = client
    return {"pythoncom": pythoncom, "pywintypes": pywintypes, "win32com": win32com, "win32com.client": client}


@contextlib.contextmanager
def _pywin32_stubs() -> Iterator[None]:
    """Stub pywin32 in sys.modules while the block runs (only where it is missing)."""
    try:
        import pythoncom  # noqa: F401
        import pywintypes  # noqa: F401
        import win32com.client  # noqa: F401

        yield  # the real pywin32 (Windows): nothing to stub
        return
    except ImportError:
        pass
    saved = {name: sys.modules.get(name) for name in _PYWIN32}
    sys.modules.update(_stub_modules())
    try:
        yield
    finally:
        for name, module in saved.items():
            if module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module


def load_xlwings_udfs() -> types.ModuleType:
    """The real ``xlwings.udfs`` module (imported once, with pywin32 stubbed if missing)."""
    if "xlwings.udfs" in sys.modules:
        return sys.modules["xlwings.udfs"]
    with _pywin32_stubs():
        return importlib.import_module("xlwings.udfs")


def load_udf_module(module_name: str = "xlengine.excel.functions") -> types.ModuleType:
    """A fresh copy of ``module_name`` whose functions carry xlwings' real ``__xlfunc__``.

    The module's source runs with ``xlwings.func``/``arg``/``ret`` pointing at
    ``xlwings.udfs.xlfunc``/``xlarg``/``xlret`` (what they are on Windows). The copy is
    not put in ``sys.modules``; the decorators are restored afterwards.
    """
    udfs = load_xlwings_udfs()
    return load_with_decorators(module_name, udfs.xlfunc, udfs.xlarg, udfs.xlret)


def load_with_decorators(module_name: str, func, arg, ret) -> types.ModuleType:
    """A fresh copy of ``module_name`` run with ``func``/``arg``/``ret`` in the place of
    xlwings' decorators (e.g. xlwings Server's, as xlwings Lite has them); the decorators
    are restored afterwards and the copy is not put in ``sys.modules``.

    The modules it gathers its functions from (its ``FUNCTION_MODULES``) run again too,
    for the copy only: everyone else keeps the modules as imported.
    """
    import xlwings

    spec = importlib.util.find_spec(module_name)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot find the UDF module {module_name}")
    fresh = getattr(importlib.import_module(module_name), "FUNCTION_MODULES", ())
    module = importlib.util.module_from_spec(spec)
    saved = xlwings.func, xlwings.arg, xlwings.ret
    with _hidden(fresh):
        xlwings.func, xlwings.arg, xlwings.ret = func, arg, ret
        try:
            spec.loader.exec_module(module)
        finally:
            xlwings.func, xlwings.arg, xlwings.ret = saved
    return module


@contextlib.contextmanager
def _hidden(names: tuple[str, ...]) -> Iterator[None]:
    """Modules ``names`` out of ``sys.modules`` and their packages while the block runs, so
    that an import in it runs them again; afterwards everything is as it was."""
    saved = {}
    for name in names:
        package, _, attribute = name.rpartition(".")
        saved[name] = (sys.modules.pop(name, None), sys.modules.get(package), attribute)
        parent = saved[name][1]
        if parent is not None and hasattr(parent, attribute):
            delattr(parent, attribute)
    try:
        yield
    finally:
        for name, (module, parent, attribute) in saved.items():
            sys.modules.pop(name, None)
            if module is not None:
                sys.modules[name] = module
                if parent is not None:
                    setattr(parent, attribute, module)
