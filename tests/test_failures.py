"""A failed ENG_ call is a value until the edge, and never passes as a number there.

Through xlwings' own code paths: the classic COM harness (``call_udf`` with stubbed
pywin32) and xlwings' Office.js dispatch (``xlwings.server.custom_functions_call``, the
Python side of xlwings Lite and xlwings Server). See docs/excel-errors.md.
"""

from __future__ import annotations

import asyncio
import math

import pytest
import xlwings
from hypothesis import given
from hypothesis import strategies as st

from xlengine import udfs
from xlengine.engine.errors import CELL_ERROR, EXCEL_ERRORS, InputError
from xlengine.excel import failures
from xlengine.workbook import template
from xlengine.workbook.xlwings_udfs import load_with_decorators
from xlwings_harness import ExcelRange, call, excel_session

ROI_FAILURE = "costs is 0 and is used as a divisor: enter a value above 0."


def test_one_list_of_excel_errors_serves_validation_and_the_headless_engine():
    from xlengine.engine import validate
    from xlengine.workbook import evaluate

    assert validate._EXCEL_ERRORS is EXCEL_ERRORS and evaluate.ERROR_TEXTS is EXCEL_ERRORS
    assert CELL_ERROR in EXCEL_ERRORS and len(set(EXCEL_ERRORS)) == len(EXCEL_ERRORS) == 10


def test_a_failed_call_is_an_input_error_value_with_its_parts():
    failure = udfs.ENG_ROI(1.0, 0.0)
    assert isinstance(failure, InputError)
    assert (failure.argument, failure.problem, failure.fix) == (
        "costs",
        "costs is 0 and is used as a divisor",
        "enter a value above 0",
    )
    assert str(failure) == ROI_FAILURE


_words = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1).filter(
    lambda t: ": " not in t and not t.endswith(".") and not t.endswith(":")
)


@given(problem=_words, fix=_words)
def test_problem_and_fix_come_back_from_any_sentence_of_that_shape(problem, fix):
    # every message is "<problem>: <fix>." and the problem may itself hold ": " (a value shown)
    e = InputError("x", f"{problem}: {fix}.")
    assert (e.problem, e.fix) == (problem, fix) and str(e) == f"{problem}: {fix}."
    e = InputError("x", f"x = 'a: b' {problem}: {fix}.")
    assert (e.problem, e.fix) == (f"x = 'a: b' {problem}", fix)


# --- ENG_WHY ------------------------------------------------------------------------------


def test_eng_why_gives_the_sentence_of_the_same_call():
    assert udfs.ENG_WHY("ENG_ROI", 1.0, 0.0) == ROI_FAILURE
    assert udfs.ENG_WHY("roi", [[1.0]], [[0.0]]) == ROI_FAILURE  # ENG_ may be left out; 1x1 ranges are cells
    assert udfs.ENG_WHY("ENG_ROI", 2.0, 1.0) == ""  # (2 - 1) / 1 = 1 computes: nothing to explain
    # optional arguments may be left out as in the cell
    assert udfs.ENG_WHY("ENG_COST_PER_LEAVER", 60_000.0, "x", 3_000.0) == (
        "recruitment_cost is text ('x') where a number belongs: enter a number."
    )


def test_eng_why_refuses_what_it_cannot_explain():
    assert str(udfs.ENG_WHY("ENG_NOTHING", 1.0)).startswith("function_name = 'ENG_NOTHING' is not an ENG_ function")
    assert str(udfs.ENG_WHY("ENG_WHY", "ENG_ROI")).startswith("function_name = 'ENG_WHY' is not an ENG_ function")
    assert str(udfs.ENG_WHY("ENG_ROI", 1.0)) == (
        "ENG_ROI takes 2 arguments and ENG_WHY got 1: give the same arguments as in the failing cell."
    )


# --- classic xlwings over COM ---------------------------------------------------------------


@pytest.fixture(scope="module")
def com_module():
    with excel_session() as module:
        yield module


def test_com_cell_shows_the_sentence_as_text(com_module):
    # pywin32 cannot hand a chosen Excel error back (docs/excel-errors.md): the text is all there is.
    assert call("ENG_ROI", 1.0, 0.0) == [[ROI_FAILURE]]
    assert call("ENG_COST_PER_LEAVER", 60_000.0, 5_000.0, 3_000.0, -1.0) == [
        ["vacancy_days = -1 is outside the allowed range 0 to 366 days (it cannot be negative): enter a value in that range."]
    ]


def test_com_eng_why_reads_cells_and_ranges(com_module):
    assert call("ENG_WHY", "ENG_ROI", ExcelRange([[1.0]]), 0.0) == [[ROI_FAILURE]]
    assert call("ENG_WHY", "ENG_LEAVERS_AVOIDED", ExcelRange([[100.0], ["x"]]), 0.12, 0.08) == [
        ["headcount (row 2 of the range) is text ('x') where a number belongs: enter a number."]
    ]
    assert call("ENG_WHY", "ENG_ROI", 2.0, 1.0) == [[""]]


# --- xlwings Lite / xlwings Server (Office.js) ---------------------------------------------


@pytest.fixture(scope="module")
def officejs(request):
    """xlengine.excel.functions loaded with xlwings' Office.js decorators, and its dispatch."""
    mp = pytest.MonkeyPatch()
    # xlwings.server lives in xlwings/pro, which asks for a licence key on import; the
    # noncommercial key is what a test run may use (xlwings Lite itself is free).
    mp.setenv("XLWINGS_LICENSE_KEY", "noncommercial")
    request.addfinalizer(mp.undo)
    import xlwings.server as server
    from xlwings.pro import _xlofficejs

    # xlwings registers its Office.js engine on import when it finds the key; this process
    # imported xlwings before the key was set, so register it the same way, for this module.
    if "officejs" not in [e.name for e in xlwings.engines]:
        engine = xlwings.main.Engine(impl=_xlofficejs.engine)
        xlwings.engines.add(engine)

        def remove():
            xlwings.engines.engines.remove(engine)
            xlwings.engines.engines_by_name.pop("officejs", None)

        request.addfinalizer(remove)

    module = load_with_decorators("xlengine.excel.functions", server.func, server.arg, server.ret)

    def run(name, *args, runtime="1.4"):
        # Office.js sends each argument as a 2-D array, and a repeating (vararg) parameter as
        # one list of such arrays.
        cells = [a if isinstance(a, list) else [[a]] for a in args]
        fixed = [a for a in module.__dict__[name].__xlfunc__["args"] if not a["vararg"]]
        if len(fixed) < len(module.__dict__[name].__xlfunc__["args"]):
            cells = cells[: len(fixed)] + [cells[len(fixed) :]]
        data = {"func_name": name, "args": cells, "version": xlwings.__version__, "client": "Office.js", "runtime": runtime}
        return asyncio.run(server.custom_functions_call(data, module))

    return run


def test_officejs_failed_call_is_a_real_value_error(officejs):
    # runtime 1.4+: xlwings' Office.js engine sends "#VALUE!" as Excel's error type
    assert officejs("ENG_ROI", 1.0, 0.0) == [[{"type": "Error", "errorType": "Value"}]]
    assert officejs("ENG_ROI", 2.0, 1.0) == [[1.0]]  # (2 - 1) / 1
    assert officejs("ENG_WHY", "ENG_ROI", 1.0, 0.0) == [[ROI_FAILURE]]
    assert officejs("ENG_WHY", "ENG_LEAVERS_AVOIDED", [[100.0], ["x"]], 0.12, 0.08) == [
        ["headcount (row 2 of the range) is text ('x') where a number belongs: enter a number."]
    ]


def test_officejs_before_runtime_1_4_raises_for_the_error_flag(officejs):
    # below 1.4 the text "#VALUE!" would stay text: raised, and xlwings' custom-functions
    # script turns a failed call into CustomFunctions.Error (#VALUE!)
    with pytest.raises(InputError) as e:
        officejs("ENG_ROI", 1.0, 0.0, runtime="1.3")
    assert str(e.value) == ROI_FAILURE
    assert officejs("ENG_ROI", 2.0, 1.0, runtime="1.3") == [[1.0]]


def test_cell_value_per_path():
    failure = InputError("costs", ROI_FAILURE)
    assert failures.cell_value(failure, {}) == ROI_FAILURE  # COM: no runtime option
    assert failures.cell_value(failure, {"runtime": "1.5"}) == CELL_ERROR
    with pytest.raises(InputError):
        failures.cell_value(failure, {"runtime": "1.2"})


# --- the template never caches a failed call -----------------------------------------------


def test_template_build_stops_on_a_failed_call_but_not_on_prose():
    with pytest.raises(RuntimeError, match="fails for the register defaults"):
        template._checked(("Business case", "D5"), udfs.ENG_ROI(1.0, 0.0))
    sentence = "Turnover falls from 12% to 8%."
    assert template._checked(("Board", "B3"), sentence) == sentence
    assert math.isclose(template._checked(("Board", "C3"), 0.5), 0.5)
