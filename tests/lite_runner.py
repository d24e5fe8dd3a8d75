"""Run a generated ``main.py`` the way xlwings Lite does, in a fresh interpreter (test code).

Started by ``tests/test_lite.py`` as ``python -I lite_runner.py main.py`` with the calls
as JSON on stdin. What Lite's Python side does, and what this script copies:

* the environment: ``XLWINGS_ON_SERVER=true`` (``from xlwings import func`` gives the
  Office.js decorators) and a licence key for xlwings' Office.js code (the Lite add-in
  brings its own; the test passes xlwings' "noncommercial" one);
* the editor's code runs with ``exec`` in a fresh module named ``main``;
* Excel's calls go through ``xlwings.server.custom_functions_call(data, module)`` and the
  registration through ``xlwings.server.custom_functions_meta(module)``;
* Pyodide has only numpy and xlwings of what xlengine could use: pandas, formulas,
  openpyxl, XlsxWriter, ms-ovba, defusedxml, scipy and the installed xlengine itself are
  made unimportable here (every attempt is recorded), and threads cannot start
  (``RuntimeError: can't start new thread``, as in Pyodide).

Prints JSON: the registration metadata, one result (or error) per call, and the blocked
imports that ``main.py`` and the calls attempted.
"""

import asyncio
import importlib.util
import json
import sys
import threading

BLOCKED = {"pandas", "formulas", "openpyxl", "xlsxwriter", "ms_ovba", "defusedxml", "scipy", "statsmodels", "xlengine"}


class _NotInPyodide:
    def __init__(self):
        self.attempts = []

    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in BLOCKED:
            self.attempts.append(name)
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None


def _no_threads(self):
    raise RuntimeError("can't start new thread")


async def _run(main, calls):
    import xlwings
    import xlwings.server

    out = []
    for func_name, args in calls:
        data = {"func_name": func_name, "args": args, "version": xlwings.__version__, "client": "Office.js", "runtime": "1.4"}
        try:
            out.append({"result": await xlwings.server.custom_functions_call(data, main)})
        except Exception as e:  # noqa: BLE001 - reported to the test, which fails on it
            out.append({"error": repr(e)})
    return out


def load_main(code: str):
    """The editor's ``main.py`` executed as Lite does: a fresh module named ``main``."""
    main = importlib.util.module_from_spec(importlib.util.spec_from_loader("main", loader=None))
    exec(code, main.__dict__)
    sys.modules["main"] = main
    return main


async def run_calls(code: str, calls) -> dict:
    """Load ``main.py`` from ``code``, make the calls, and say what happened (JSON-ready).
    Also what ``tests/pyodide_runner.mjs`` runs inside real Pyodide."""
    blocker = _NotInPyodide()
    sys.meta_path.insert(0, blocker)
    import xlwings.server

    before_main = len(blocker.attempts)  # xlwings' own optional imports (it tries pandas) are not ours
    main = load_main(code)
    results = await _run(main, calls)
    return {
        "meta": xlwings.server.custom_functions_meta(main),
        "results": results,
        "blocked_imports": blocker.attempts[before_main:],
        "xlengine_modules": sorted(m for m in sys.modules if m.startswith("xlengine")),
        "platform": sys.platform,
    }


def run(main_py: str) -> None:
    threading.Thread.start = _no_threads
    code = open(main_py, encoding="utf-8").read()
    json.dump(asyncio.run(run_calls(code, json.load(sys.stdin))), sys.stdout)


if __name__ == "__main__":
    run(sys.argv[1])
