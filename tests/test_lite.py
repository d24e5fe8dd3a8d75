"""xlwings Lite (Excel on Mac and the web): ``xlengine lite`` writes a ``main.py`` that carries
the engine, and every ENG_ function gives through Lite's code path what it gives through
classic xlwings on Windows.

The Lite side runs in a fresh interpreter (``tests/lite_runner.py``): only numpy and
xlwings importable of what xlengine could use, no threads, xlwings' Office.js decorators,
calls through ``xlwings.server.custom_functions_call``, arguments as Office.js sends them
(2-D lists, None for an omitted argument). The classic side is ``tests/xlwings_harness.py``
(xlwings' ``call_udf`` with COM-style arguments). Same inputs, so the results must be equal
to the last bit, the Monte Carlo included: it runs serially under Lite and on threads here.
"""

from __future__ import annotations

import ast
import inspect
import json
import math
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xlengine import cli, udfs
from xlengine.engine import register
from xlengine.excel import lite
from xlengine.engine.errors import InputError
from xlengine.workbook.template import EXAMPLE_ANSWERS, EXAMPLE_TEAMS

from xlwings_harness import MISSING, ExcelRange, call, excel_session

RUNNER = Path(__file__).with_name("lite_runner.py")
PYODIDE_RUNNER = Path(__file__).with_name("pyodide_runner.mjs")
ENG_FUNCTIONS = sorted(n for n in udfs.__all__ if n.startswith("ENG_"))
OMIT = object()  # an optional argument left out in Excel


class Range(list):
    """A block of cells (rows), as opposed to a single cell's value."""


ASSUMPTIONS = Range([[a.key, float(register.defaults()[a.key])] for a in register.REGISTER])
TEAMS = Range(
    [
        [
            "team",
            "headcount",
            "employer_cost",
            "turnover_before",
            "turnover_after",
            "absence_before",
            "absence_after",
            "enps_before",
            "enps_after",
        ]
    ]
    + [list(t) for t in EXAMPLE_TEAMS]
)
SCORES = Range([[float(a)] for a in EXAMPLE_ANSWERS])
# the 4-team table of tests/test_realised.py
REALISED_TEAMS = Range(
    [
        ["team", "participating", "headcount_before", "headcount_after", "turnover_before", "turnover_after"],
        ["A", 1.0, 30.0, 30.0, 0.15, 0.10],
        ["B", 1.0, 10.0, 10.0, 0.12, 0.09],
        ["C", 0.0, 20.0, 20.0, 0.14, 0.13],
        ["D", 0.0, 20.0, 20.0, 0.10, 0.11],
    ]
)

# A valid value for each argument name that is not a register entry.
VALUES = {
    "assumptions": ASSUMPTIONS,
    "teams": TEAMS,
    "scores": SCORES,
    "benefits": 1_250_000.0,
    "costs": 400_000.0,
    "cost_per_leaver": 30_000.0,
    "cost_per_sick_day": 300.0,
    "one_off_cost": 150_000.0,
    "annual_benefit": 500_000.0,
    "annual_cost": 120_000.0,
    "lever": "turnover",
    "result": "npv",
    "scenario": "conservative",
    "statistic": "npv_p50",
    "rank": 1.0,
    "field": "swing",
    "bin": 3.0,
    "section": "impact",
    "outcome": "turnover_high",
    "function_name": "ENG_ROI",
    "key": "turnover_after",
    "end": "high",
    "before": SCORES,
    "after": Range([[float(a)] for a in (10, 9, 9, 10, 10, 7, 9, 10, 6, 9, 8, 10)]),
}


def default_call(name: str) -> tuple[str, list]:
    """``name`` with every required argument valid and every optional one left out."""
    args = []
    for p in inspect.signature(getattr(udfs, name)).parameters.values():
        if p.kind is inspect.Parameter.VAR_POSITIONAL:  # ENG_WHY: the arguments of a failing ENG_ROI
            args += ["abc", 400_000.0]
        elif p.default is not inspect.Parameter.empty:
            args.append(OMIT)
        elif p.name in VALUES:
            args.append(VALUES[p.name])
        else:
            args.append(float(register.defaults()[p.name]))
    return name, args


CALLS = [default_call(n) for n in ENG_FUNCTIONS] + [
    # ranges in, ranges out
    ("ENG_LEAVERS_AVOIDED", [Range([[80.0], [50.0], [30.0], [40.0]]), 0.12, 0.08]),
    ("ENG_ROI", [Range([[1_000_000.0], [2_000_000.0]]), Range([[400_000.0], [500_000.0]])]),
    ("ENG_SCENARIO_RESULT", [ASSUMPTIONS, Range([["conservative", "base", "optimistic"]]), Range([["npv"], ["roi"]]), OMIT]),
    # optional arguments given, and some left out in the middle
    ("ENG_COST_PER_LEAVER", [60_000.0, 5_000.0, 2_500.0, 30.0, OMIT, OMIT, 220.0]),
    ("ENG_CASE_RESULT", [ASSUMPTIONS, "cumulative_net", 2.0, "nl"]),
    ("ENG_BUSINESS_CASE", [ASSUMPTIONS, "nl"]),
    # bad input: one sentence naming the argument, the value and the fix
    ("ENG_ROI", ["abc", 400_000.0]),
    ("ENG_LEAVERS_AVOIDED", [-5.0, 0.12, 0.08]),
    ("ENG_SCENARIO_RESULT", [ASSUMPTIONS, "pessimistic", "npv", OMIT]),
    # realised results: one figure, the sentence and the planned-vs-realised table
    ("ENG_REALISED", [REALISED_TEAMS, ASSUMPTIONS, "roi", 80_000.0, 1.5, OMIT, OMIT, OMIT]),
    ("ENG_REALISED", [REALISED_TEAMS, ASSUMPTIONS, "sentence", OMIT, OMIT, OMIT, OMIT, "nl"]),
    ("ENG_REALISED", [REALISED_TEAMS, ASSUMPTIONS, OMIT, 80_000.0, OMIT, OMIT, 0.0, OMIT]),
    # the Monte Carlo with its own draws and seed
    ("ENG_SIMULATE", [ASSUMPTIONS, 3_000.0, 7.0]),
    ("ENG_SIMULATION_RESULT", [ASSUMPTIONS, "roi_p95", 3_000.0, 7.0]),
]


def office_js(arg):
    """An argument as Office.js hands it to xlwings Lite: a matrix, or None when left out."""
    return None if arg is OMIT else [list(r) for r in arg] if isinstance(arg, Range) else [[arg]]


def com(arg):
    """The same argument as Excel on Windows hands it over (see tests/xlwings_harness.py)."""
    return MISSING if arg is OMIT else ExcelRange(arg) if isinstance(arg, Range) else arg


def matrix(value):
    return value if isinstance(value, list) and value and isinstance(value[0], list) else [[value]]


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("lite")
    assert cli.main(["lite", "-o", str(folder)]) == 0
    return folder


@pytest.fixture(scope="module")
def lite_run(generated) -> dict:
    env = {"PATH": os.environ.get("PATH", ""), "XLWINGS_ON_SERVER": "true", "XLWINGS_LICENSE_KEY": "noncommercial"}
    request = json.dumps([(name, [office_js(a) for a in args]) for name, args in CALLS])
    done = subprocess.run(
        [sys.executable, "-I", str(RUNNER), str(generated / "main.py")],
        input=request,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def pyodide_run(generated, tmp_path_factory) -> dict:
    """The same calls inside real Pyodide under Node (scripts/pyodide_env.py lays it out;
    .ci/run does, and sets XLENGINE_PYODIDE). Elsewhere skipped; in CI a missing Pyodide fails."""
    folder = os.environ.get("XLENGINE_PYODIDE", "")
    node = shutil.which("node")
    if not (folder and Path(folder, "READY.json").is_file() and node):
        why = "no Pyodide laid out: run `python scripts/pyodide_env.py DIR` and set XLENGINE_PYODIDE=DIR (needs node)"
        if os.environ.get("CI") == "true":
            pytest.fail(why)
        pytest.skip(why)
    calls = tmp_path_factory.mktemp("pyodide") / "calls.json"
    calls.write_text(json.dumps([(name, [office_js(a) for a in args]) for name, args in CALLS]))
    done = subprocess.run(
        [node, str(PYODIDE_RUNNER), folder, str(generated / "main.py"), str(calls)], capture_output=True, text=True, timeout=900
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def classic() -> list:
    with excel_session():
        return [call(name, *(com(a) for a in args)) for name, args in CALLS]


def test_lite_registers_every_eng_function_with_its_signature(lite_run):
    meta = {f["name"]: f for f in lite_run["meta"]["functions"]}
    assert sorted(meta) == ENG_FUNCTIONS
    for name in ENG_FUNCTIONS:
        params = inspect.signature(getattr(udfs, name)).parameters.values()
        assert [p["name"] for p in meta[name]["parameters"]] == [p.name for p in params], name
        assert [p.get("optional", False) for p in meta[name]["parameters"]] == [
            p.default is not inspect.Parameter.empty for p in params
        ], name
        assert meta[name]["description"], name


def test_main_py_needs_only_numpy_and_xlwings(lite_run):
    # Every import main.py or a call tried of pandas, formulas, openpyxl, ... (and of an
    # xlengine module it does not carry) is recorded by the runner.
    assert lite_run["blocked_imports"] == []
    assert set(lite_run["xlengine_modules"]) <= set(lite.embedded_modules())


def fails(name: str, args: list) -> bool:
    """Whether the call fails, asked of the Python function itself (an omitted argument
    takes its default, as xlwings hands it over on both paths)."""
    params = list(inspect.signature(getattr(udfs, name)).parameters.values())
    values = [
        p.default if a is OMIT else [list(r) for r in a] if isinstance(a, Range) else a
        for p, a in zip(params + [None] * len(args), args)
    ]
    return isinstance(getattr(udfs, name)(*values), InputError)


def test_every_call_gives_what_classic_xlwings_gives(lite_run, classic):
    # A failed call is a real #VALUE! in Lite (runtime 1.4+) and its sentence as text over
    # COM, which cannot send an error value (docs/excel-errors.md); everything else is equal.
    failed = 0
    for (name, args), got, want in zip(CALLS, lite_run["results"], classic):
        assert "error" not in got, (name, got)
        if fails(name, args):
            failed += 1
            assert got["result"] == [[{"type": "Error", "errorType": "Value"}]], (name, args)
            [[text]] = matrix(want)
            assert isinstance(text, str) and text.endswith("."), (name, want)
        else:
            assert got["result"] == matrix(want), (name, args)
    assert failed >= 3  # the bad-input calls below, at least


def _lite_result(lite_run, name, *args):
    return lite_run["results"][CALLS.index((name, list(args)))]["result"]


def test_the_cases_cover_ranges_omissions_sentences_and_tables(lite_run):
    # a column of four headcounts gives a column of four: 80 x (12% - 8%) = 3.2 leavers avoided, ...
    column = _lite_result(lite_run, "ENG_LEAVERS_AVOIDED", Range([[80.0], [50.0], [30.0], [40.0]]), 0.12, 0.08)
    assert [r[0] for r in column] == pytest.approx([3.2, 2.0, 1.2, 1.6])
    # ENG_SICK_DAY_COST with continued_pay, cover_share and working_days left out takes the
    # defaults 100%, 0% and 220 days: 60,000 / 220 = 272.73 a day
    sick_day = _lite_result(lite_run, "ENG_SICK_DAY_COST", *default_call("ENG_SICK_DAY_COST")[1])
    employer_cost = register.defaults()["annual_employer_cost"]
    assert sick_day[0][0] == pytest.approx(employer_cost * 1.0 / 220)
    # 2 x 3 scenario results for a row of scenarios and a column of results
    grid = _lite_result(
        lite_run,
        "ENG_SCENARIO_RESULT",
        ASSUMPTIONS,
        Range([["conservative", "base", "optimistic"]]),
        Range([["npv"], ["roi"]]),
        OMIT,
    )
    assert len(grid) == 2 and all(len(r) == 3 for r in grid)
    assert _lite_result(lite_run, "ENG_ROI", "abc", 400_000.0) == [[{"type": "Error", "errorType": "Value"}]]
    sentence = _lite_result(lite_run, "ENG_WHY", *default_call("ENG_WHY")[1])[0][0]  # why ENG_ROI("abc", ...) fails
    assert "benefits" in sentence and "abc" in sentence and sentence.endswith(".")
    table = _lite_result(lite_run, "ENG_BUSINESS_CASE", ASSUMPTIONS, "nl")
    assert len(table) > 5 and len(table[0]) > 2


def test_monte_carlo_is_serial_under_lite_and_gives_the_same_numbers(lite_run, classic):
    # The runner lets no thread start (as Pyodide); xlengine.decision.uncertainty runs the
    # blocks serially there. Here the classic path may use threads. Same seed, same numbers.
    for i, (name, args) in enumerate(CALLS):
        if name in ("ENG_SIMULATE", "ENG_SIMULATION_RESULT") and args[2] is not OMIT:
            assert lite_run["results"][i]["result"] == matrix(classic[i]), name
            direct = matrix(getattr(udfs, name)(*args))  # in this process, on threads where it can
            assert lite_run["results"][i]["result"] == [["" if v is None else v for v in row] for row in direct], name


def test_main_py_carries_the_package_sources_verbatim(generated):
    tree = ast.parse((generated / "main.py").read_text(encoding="utf-8"))
    sources = next(
        ast.literal_eval(n.value)
        for n in tree.body
        if isinstance(n, ast.Assign) and getattr(n.targets[0], "id", "") == "_SOURCES"
    )
    assert sources == lite.embedded_modules()
    for name, (_, source) in sources.items():
        origin = __import__("importlib.util").util.find_spec(name).origin
        if origin not in (None, "namespace"):
            assert Path(origin).read_text(encoding="utf-8") == source, name
    assert "xlengine.excel.functions" in sources and not any(n.startswith(("xlengine.workbook", "xlengine.cli")) for n in sources)
    assert (generated / "requirements.txt").read_text() == "numpy\nxlwings\n"


def test_a_module_level_import_lite_lacks_stops_the_build(tmp_path, monkeypatch):
    (tmp_path / "probe_heavy.py").write_text("import numpy\nimport pandas\n")
    (tmp_path / "probe_lazy.py").write_text("import numpy\n\ndef f():\n    import pandas\n    return pandas\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ImportError, match="probe_heavy imports pandas at module level"):
        lite.embedded_modules("probe_heavy")
    assert list(lite.embedded_modules("probe_lazy")) == ["probe_lazy"]


def test_lite_command_never_overwrites_without_force(tmp_path, capsys):
    assert cli.main(["lite", "-o", str(tmp_path)]) == 0
    (tmp_path / "main.py").write_text("# mine\n")
    assert cli.main(["lite", "-o", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "already exists" in err and "--force" in err
    assert (tmp_path / "main.py").read_text() == "# mine\n"
    assert cli.main(["lite", "-o", str(tmp_path), "--force"]) == 0
    assert (tmp_path / "main.py").read_text() == lite.main_py()


@given(st.text())
def test_any_source_text_survives_the_embedding(text):
    # main.py holds each module as string literals, one per line: whatever the text
    # (quotes, backslashes, \r, form feeds, non-ASCII), evaluating them gives it back.
    assert ast.literal_eval(lite._literal(text)) == text


def test_real_pyodide_registers_and_computes_what_cpython_does(pyodide_run, lite_run):
    # Pyodide 0.27.7 (Python 3.12, numpy 2.0.2 built for WebAssembly) under Node: the same
    # registration metadata and, call for call, the same results as Lite's code path in
    # CPython above (and so as classic xlwings), the seeded Monte Carlo included.
    assert pyodide_run["platform"] == "emscripten"
    assert (pyodide_run["python"].split(".")[:2], pyodide_run["numpy"]) == (["3", "12"], "2.0.2")
    assert pyodide_run["blocked_imports"] == []
    assert set(pyodide_run["xlengine_modules"]) <= set(lite.embedded_modules())
    assert pyodide_run["meta"] == lite_run["meta"]
    assert len(pyodide_run["results"]) == len(CALLS)
    for (name, args), got, want in zip(CALLS, pyodide_run["results"], lite_run["results"]):
        assert _same(got, want), (name, args, got, want)


def _same(a, b) -> bool:
    """Equal, floats within 4 units in the last place: numpy 2.0.2 in WebAssembly sums
    10,000 draws in another order than numpy 2.4.6 with SIMD here (seen: one Monte Carlo
    mean, 1.8e-16 apart); every other value is equal to the bit."""
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, float) and isinstance(b, float):
        return abs(a - b) <= 4 * math.ulp(max(abs(a), abs(b)))
    return type(a) is type(b) and a == b


def test_same_tells_an_ulp_from_a_real_difference():
    assert _same([[1.0, "x"]], [[1.0 + math.ulp(1.0), "x"]])
    assert not _same([[1.0]], [[1.0 + 1e-12]]) and not _same([[1.0]], [[1]]) and not _same([["a"]], [["b"]])
