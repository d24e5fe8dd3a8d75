"""Canaries for xlengine.workbook.upstream_workarounds, xlengine.excel.xlconvert and
xlengine.workbook.xlwings_udfs.

Each workaround has a test that fails the day upstream changes what it works around
(the message says what to do then), and a test that the workaround leaves nothing behind.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import logging
import os
import random
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from xlengine.workbook import upstream_workarounds as uw
from xlengine.workbook.vbaproject import build_vba_project


# --- formulas: scipy at function-table load --------------------------------------------


def _module_level_scipy_imports(module: str) -> dict[str, tuple[str, ...]]:
    tree = ast.parse(Path(importlib.util.find_spec(module).origin).read_text(encoding="utf-8"))
    found: dict[str, tuple[str, ...]] = {}
    for node in tree.body:  # module level only: imports inside function bodies cost nothing at load
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "scipy":
            found[node.module] = found.get(node.module, ()) + tuple(a.name for a in node.names)
        elif isinstance(node, ast.Import) and any(a.name.split(".")[0] == "scipy" for a in node.names):
            found["import"] = tuple(a.name for a in node.names)
    return found


def test_canary_formulas_still_imports_scipy_at_function_table_load():
    import formulas.functions as functions

    loaded_at_import = {name: _module_level_scipy_imports(f"formulas.functions{name}") for name in functions.SUBMODULES}
    loaded_at_import = {name: found for name, found in loaded_at_import.items() if found}
    assert loaded_at_import, "formulas no longer imports scipy at load: formulas_function_table can go"
    assert loaded_at_import == {".stat": uw.SCIPY_AT_LOAD}, (
        "formulas imports other scipy names at load: extend formulas_function_table",
        loaded_at_import,
    )


def test_scipy_deferred_at_load_and_statistical_functions_still_compute(tmp_path):
    book = tmp_path / "stats.xlsx"
    code = textwrap.dedent(f"""
        import json, sys
        import openpyxl
        wb = openpyxl.Workbook(); ws = wb.active; ws.title = "S"
        for i, v in enumerate([1, 2, 3, 4, 10], start=1):
            ws[f"A{{i}}"] = v
        ws["B1"] = "=KURT(A1:A5)"
        ws["B2"] = "=_xlfn.LOGNORM.INV(0.5,0,1)"
        ws["B3"] = "=SUM(A1:A5)"
        wb.save(r"{book}")
        from xlengine.workbook import evaluate
        evaluate.register_udfs()
        loaded_at_start = sorted(m for m in sys.modules if m == "scipy" or m.startswith("scipy."))
        ev = evaluate.evaluate(__import__("pathlib").Path(r"{book}"))
        values = {{c.cell: c.value for c in ev.formula_cells}}
        import scipy.stats
        print(json.dumps({{"loaded_at_start": loaded_at_start, "values": values,
                          "real_module": type(sys.modules["scipy.stats"]).__name__}}))
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    data = json.loads(out.strip().splitlines()[-1])
    assert data["loaded_at_start"] == []  # not scipy, nor any part of it
    assert data["real_module"] == "module"  # no stand-in left in sys.modules
    # Sample excess kurtosis of 1, 2, 3, 4, 10 (n = 5, mean 4): deviations -3, -2, -1, 0, 6,
    # sum of squares 50, of fourth powers 81 + 16 + 1 + 0 + 1296 = 1394, s^2 = 50 / 4 = 12.5;
    # n(n+1)/((n-1)(n-2)(n-3)) x sum(d^4)/s^4 - 3(n-1)^2/((n-2)(n-3))
    # = 30/24 x 1394/156.25 - 48/6 = 11.152 - 8 = 3.152
    assert data["values"]["B1"] == pytest.approx(3.152, abs=1e-12)
    assert abs(data["values"]["B2"] - 1.0) < 1e-12  # median of lognormal(0, 1) = e^0
    assert data["values"]["B3"] == 20  # 1 + 2 + 3 + 4 + 10


# --- formulas: progress bar, warnings, a workbook already read --------------------------


@pytest.fixture
def small_book(tmp_path):
    import openpyxl

    path = tmp_path / "small.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = 2
    wb.active["A2"] = "=A1*3"
    wb.save(path)
    return path


def test_canary_formulas_still_writes_a_progress_bar_on_stderr(small_book, capfd):
    import formulas

    formulas.ExcelModel().loads(str(small_book)).finish()
    assert capfd.readouterr().err, "formulas no longer writes to stderr while loading: quiet_formulas can go"


def test_quiet_formulas_holds_back_output_only_during_the_call(small_book, capfd):
    import formulas

    logger = logging.getLogger("formulas")
    level, stderr = logger.level, sys.stderr
    with uw.quiet_formulas():
        assert logger.level == logging.ERROR
        formulas.ExcelModel().loads(str(small_book)).finish()
    assert capfd.readouterr().err == ""
    assert (logger.level, sys.stderr) == (level, stderr)


def test_canary_formulas_uses_the_seeded_book_instead_of_reading_again(small_book):
    import formulas
    from formulas.excel import BOOK
    from formulas.excel.xlreader import load_workbook

    book = load_workbook(str(small_book))
    model = formulas.ExcelModel()
    model.books[uw.formulas_book_key(small_book)] = {BOOK: book}
    model.loads(str(small_book)).finish()
    assert list(model.books) == [uw.formulas_book_key(small_book)], (
        "formulas keys its books another way: formulas_book_key must follow",
        list(model.books),
    )
    assert model.books[uw.formulas_book_key(small_book)][BOOK] is book
    solution = model.calculate()
    assert [v.value[0][0] for k, v in solution.items() if str(k).endswith("!A2")] == [6]  # 2 x 3


# --- formulas: Excel's text limit ------------------------------------------------------------


def _text_of(formula: str):
    import formulas

    func = formulas.Parser().ast(formula)[1].compile()
    return func()


def test_canary_formulas_still_builds_texts_past_excels_limit():
    for formula in (
        '=REPT("x",40000)',
        '=REPT("x",32767)&"y"',
        '=SUBSTITUTE(REPT("x",20000),"x","yy")',
        '=CONCATENATE(REPT("x",20000),REPT("y",20000))',
        '=_xlfn.CONCAT(REPT("x",20000),REPT("y",20000))',
        '=_xlfn.TEXTJOIN(",",TRUE,REPT("x",20000),REPT("y",20000))',
    ):
        value = _text_of(formula)
        value = value.ravel()[0] if hasattr(value, "ravel") else value
        assert isinstance(value, str) and len(value) > uw.EXCEL_TEXT_LIMIT, (
            "formulas limits the length of a text now: excel_text_limit can go for",
            formula,
            value,
        )


def test_the_text_limit_holds_inside_and_nothing_of_it_stays_behind():
    from formulas.functions import operators

    functions = uw.formulas_function_table()
    before = {name: functions[name] for name in uw.LIMITED_TEXT_FUNCTIONS}, operators.OPERATORS["&"]
    with uw.excel_text_limit():
        assert str(_text_of('=REPT("x",32768)').ravel()[0]) == "#VALUE!"
        assert str(_text_of('=REPT("x",32767)&"y"').ravel()[0]) == "#VALUE!"
        assert len(_text_of('=REPT("x",32767)').ravel()[0]) == 32_767
    assert ({name: functions[name] for name in uw.LIMITED_TEXT_FUNCTIONS}, operators.OPERATORS["&"]) == before


# --- ms-ovba ---------------------------------------------------------------------------------


def _long_module() -> bytes:
    # ~8 KB of VBA with long repeats: the copy tokens run long, which the unfixed
    # compressor gets wrong.
    body = "".join(f"    x = x + {i % 7}\r\n" * 40 + f"' block {i}\r\n" for i in range(14))
    return f'Attribute VB_Name = "long_module"\r\nFunction LongOne(x)\r\n{body}End Function\r\n'.encode("cp1252")


def _olevba_modules(bin_bytes: bytes) -> dict[str, str]:
    from oletools.olevba import VBA_Parser

    parser = VBA_Parser("vbaProject.bin", data=bin_bytes)
    try:
        return {Path(name).name: code for _, _, name, code in parser.extract_macros()}
    finally:
        parser.close()


def test_long_modules_round_trip_with_the_compression_fix():
    source = _long_module()
    bin_bytes = build_vba_project({"long_module": source}, sheet_count=1)
    assert _olevba_modules(bin_bytes)["long_module.bas"].encode("cp1252") == source


def test_canary_ms_ovba_compressor_still_damages_long_modules(monkeypatch):
    # Decompressed with olevba's decompressor (ms-ovba's own has further quirks).
    from ms_ovba_compression.ms_ovba import MsOvba
    from oletools.olevba import decompress_stream

    source = _long_module()
    buggy = MsOvba().compress(source)
    monkeypatch.setattr(MsOvba, "copytoken_help", staticmethod(uw.fixed_copytoken_help))
    assert decompress_stream(bytearray(MsOvba().compress(source))) == source
    try:
        damaged = decompress_stream(bytearray(buggy)) != source
    except Exception:  # noqa: BLE001 - a decompression failure is damage too
        damaged = True
    assert damaged, "ms-ovba-compression no longer has the copy-token bug: the fix in the child process can go"


def test_canary_ms_ovba_crypto_still_draws_from_the_global_random():
    from ms_ovba_crypto.ms_ovba_crypto import MsOvbaCrypto

    state = random.getstate()
    try:
        outputs = set()
        for seed in range(8):
            random.seed(seed)
            outputs.add(MsOvbaCrypto.encrypt("{5A3F2B1C-8E4D-4F6A-9B7C-2D1E0F3A4B5C}", b"\x00\x00\x00\x00"))
    finally:
        random.setstate(state)
    assert len(outputs) > 1, "ms-ovba-crypto no longer depends on the global random: seeding it can go"


def test_canary_ms_ovba_still_writes_into_the_working_directory():
    import inspect

    from ms_ovba.Views.dirStream import DirStream

    assert 'open("dir.bin"' in inspect.getsource(DirStream.write_file), (
        "ms-ovba writes dir.bin elsewhere now: check whether the build still needs its own directory"
    )


def test_the_vba_build_leaves_the_calling_process_as_it_was():
    from ms_ovba_compression.ms_ovba import MsOvba

    cwd, state, helper = os.getcwd(), random.getstate(), MsOvba.__dict__["copytoken_help"]
    first = build_vba_project({"m": b'Attribute VB_Name = "m"\r\nSub A()\r\nEnd Sub\r\n'}, sheet_count=2)
    assert (os.getcwd(), random.getstate(), MsOvba.__dict__["copytoken_help"]) == (cwd, state, helper)
    second = build_vba_project({"m": b'Attribute VB_Name = "m"\r\nSub A()\r\nEnd Sub\r\n'}, sheet_count=2)
    assert first == second  # deterministic
    assert set(_olevba_modules(first)) == {"ThisWorkbook.cls", "Sheet1.cls", "Sheet2.cls", "m.bas"}


def test_the_vba_build_child_uses_this_xlengine_whatever_its_path_finds_first(tmp_path, monkeypatch):
    decoy = tmp_path / "decoy" / "xlengine"
    decoy.mkdir(parents=True)
    (decoy / "__init__.py").write_text("raise ImportError('the decoy xlengine was imported')\n")
    monkeypatch.setenv("PYTHONPATH", str(decoy.parent))
    bin_bytes = build_vba_project({"m": b'Attribute VB_Name = "m"\r\nSub A()\r\nEnd Sub\r\n'}, sheet_count=1)
    assert "m.bas" in _olevba_modules(bin_bytes)


def test_a_failing_vba_build_says_so_in_one_line(tmp_path):
    with pytest.raises(RuntimeError, match=r"^the VBA project build failed: .+"):
        uw.run_ms_ovba_build(tmp_path, "xlengine.workbook.vbaproject", "_write_project")  # no manifest


# --- xlwings: conversion pipelines (xlengine.excel.xlconvert) ---------------------------------


def test_canary_xlwings_still_builds_a_new_reader_pipeline_per_call():
    from xlwings.conversion import ValueAccessor

    options = {"ndim": 2, "err_to_str": True}
    assert ValueAccessor.reader(options) is not ValueAccessor.reader(options), (
        "xlwings reuses its reader pipelines: EngValue's cache can go"
    )


def test_canary_xlwings_reader_stages_are_the_ones_the_fast_path_skips():
    from xlwings.conversion import ValueAccessor

    from xlengine.excel import xlconvert

    stages = [type(s) for s in ValueAccessor.reader({"ndim": 2, "err_to_str": True})]
    assert stages == xlconvert._STOCK_READ_STAGES, (
        "xlwings changed its reader stages: every read now takes the stock path; "
        "check the float shortcut in xlconvert._ReadPipeline against the new stages",
        stages,
    )


def test_canary_xlwings_udfs_still_imports_pywin32_at_module_level():
    tree = ast.parse(Path(importlib.util.find_spec("xlwings.udfs").origin).read_text(encoding="utf-8"))
    at_load = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            at_load.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            at_load.add(node.module)
    stubbed = {"pythoncom", "pywintypes", "win32com.client"}
    assert stubbed <= at_load, (
        "xlwings.udfs no longer imports all of pywin32 at load: check which stubs xlwings_udfs still needs",
        sorted(stubbed - at_load),
    )


def test_loading_xlwings_udfs_restores_everything_but_the_module_itself():
    from xlengine.workbook import xlwings_udfs
    import xlwings

    before = {name: sys.modules.get(name) for name in xlwings_udfs._PYWIN32}
    decorators = xlwings.func, xlwings.arg, xlwings.ret
    module = xlwings_udfs.load_udf_module()
    assert {name: sys.modules.get(name) for name in xlwings_udfs._PYWIN32} == before
    assert (xlwings.func, xlwings.arg, xlwings.ret) == decorators
    assert module is not sys.modules.get("xlengine.excel.functions")
    assert module.ENG_ROI.__xlfunc__["args"][0]["name"] == "benefits"  # real metadata recorded
