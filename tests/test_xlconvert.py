"""The ENG_ accessor (xlengine.excel.xlconvert) gives exactly what xlwings' stock conversion gives.

Every read and write is done twice through ``xlwings.conversion``: with the options the
ENG_ functions carry on Windows (``convert`` = the accessor) and with the same options
without ``convert`` (stock xlwings). Values and exceptions must be identical, type for
type. See ``xlwings_harness.py`` for the stand-in Excel engine.
"""

from __future__ import annotations

import datetime as dt
import math
import types

import numpy as np
import pandas as pd
import pytest
import xlwings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from xlwings import conversion
from xlwings.main import Range

import xlwings_harness as h
from xlengine.excel.xlconvert import EngValue

ERROR_CODES = list(h.ERRORS.values())
SCALARS = [
    0.0,
    -0.0,
    200.0,
    0.12,
    -5.5,
    1e300,
    float("nan"),
    float("inf"),
    float("-inf"),
    5,
    0,
    h.MISSING,
    True,
    False,
    None,
    "",
    " ",
    "text",
    " 12% ",
    "200",
    "#N/A",
    *ERROR_CODES,
]


def _dates():
    # built inside the session: the harness' pywintypes stub must be in place
    return [h.excel_date(2024, 1, 31), h.excel_date(1900, 3, 1), dt.datetime(2024, 5, 6, 7, 8, 9)]


BLOCKS = [
    ((1.0, 2.0),),
    ((1.0,), (2.0,)),
    ((1.0, None), ("x", True)),
    ((h.ERRORS["#N/A"], ""), (3.5, -1.0)),
    ((None,),),
    ((200.0,),),
    [[200.0]],
    [200.0, 0.12],
    (),
    [],
]

READ_OPTIONS = [
    {"ndim": 2, "err_to_str": True},
    {"ndim": 2},
    {"err_to_str": True},
    {},
    {"ndim": None, "err_to_str": False},
    # not the fast path: these must take xlwings' stages unchanged
    {"ndim": 1, "err_to_str": True},
    {"ndim": 2, "numbers": int},
    {"empty": "NA"},
    {"transpose": True, "ndim": 2},
    {"dates": dt.date, "err_to_str": True},
    {"ndim": "natural"},
]


@pytest.fixture(scope="module", autouse=True)
def udf_module():
    with h.excel_session() as module:
        yield module


def same(a, b) -> bool:
    """Equal values of the same types (NaN equals NaN, -0.0 is not 0.0)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return (math.isnan(a) and math.isnan(b)) or (a == b and math.copysign(1, a) == math.copysign(1, b))
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    return a == b


def outcome(fn):
    try:
        return ("value", fn())
    except Exception as e:  # noqa: BLE001 - the same failure is part of "the same result"
        return ("raised", type(e), str(e))


def same_outcome(a, b) -> bool:
    return a[0] == b[0] and (same(a[1], b[1]) if a[0] == "value" else a[1:] == b[1:])


def com_range(value):
    """What call_udf reads for a cell reference: a Range around the COM object."""
    return Range(
        impl=xlwings._xlwindows.Range(xl=h.ExcelRange(value) if isinstance(value, (list, tuple)) else h.ExcelRange([[value]]))
    )


def check_read(make_rng, value, stock_options):
    ours_options = dict(stock_options, convert=EngValue)
    stock = outcome(lambda: conversion.read(make_rng(), value, stock_options))
    for _ in range(2):  # the second read reuses the cached pipeline
        ours = outcome(lambda: conversion.read(make_rng(), value, ours_options))
        assert same_outcome(ours, stock), (value, stock_options, ours, stock)


@pytest.mark.parametrize("options", READ_OPTIONS, ids=str)
def test_reading_a_value_as_call_udf_hands_it_over(options):
    for value in [*SCALARS, *_dates(), *BLOCKS]:
        check_read(lambda: None, value, options)


@pytest.mark.parametrize("options", READ_OPTIONS, ids=str)
def test_reading_a_cell_reference(options):
    cells = [*SCALARS, *_dates()]
    for value in cells:  # one cell: .Value is the scalar
        check_read(lambda: com_range(value), None, options)
    blocks = [
        [(v, 1.0) for v in cells],
        [(v,) for v in cells],
        [tuple(cells)],
        h.column(200.0, None, "x").Value,
        ((1.0, 2.0), (3.0, h.ERRORS["#REF!"])),
    ]
    for block in blocks:
        check_read(lambda: com_range(block), None, options)


def test_reading_a_column_object_and_numeric_text():
    for rng in (h.column(1.0, 2.0, 3.0), h.ExcelRange([["12%"]]), h.ExcelRange([[" 200 "]])):
        for options in READ_OPTIONS:
            check_read(lambda: Range(impl=xlwings._xlwindows.Range(xl=rng)), None, options)


def _write_values():
    return [
        8.0,
        -0.0,
        0.0,
        1e308,
        float("nan"),
        float("inf"),
        float("-inf"),
        "",
        "text",
        " 12 ",
        None,
        5,
        True,
        False,
        np.float64(3.5),
        np.float64("nan"),
        np.int64(3),
        np.float32(1.5),
        np.nan,
        [[1.0, None], [float("nan"), "x"]],
        [1.0, 2.0],
        [[8.0]],
        [],
        [[]],
        ((1.0, 2.0), (3.0, 4.0)),
        [[1.0], [2.0, 3.0]],  # jagged: refused alike
        np.array([[1.0, np.nan], [2.0, 3.0]]),
        np.array([1.0, 2.0]),
        np.array(5.0),
        np.array([[7.0]]),
        pd.DataFrame({"a": [1.0, np.nan], "b": ["x", None]}),
        pd.Series([1.0, 2.0], name="s"),
        {"a": 1.0, "b": "x"},
        dt.datetime(2024, 1, 31, 12, 0),
        dt.date(2024, 1, 31),
        h.excel_date(2024, 1, 31),
        ["x", 1.0, None],
    ]


@pytest.mark.parametrize("options", [{}, {"transpose": True}, {"index": False}, {"ndim": 2}], ids=str)
def test_writing_a_result_as_call_udf_hands_it_back(options):
    ours_options = dict(options, convert=EngValue)
    for value in _write_values():
        stock = outcome(lambda: conversion.write(value, None, options))
        ours = outcome(lambda: conversion.write(value, None, ours_options))
        assert same_outcome(ours, stock), (value, options, ours, stock)


def test_result_options_reach_xlwings_as_without_the_accessor():
    # A formatter and a converter see what they see in stock xlwings (no "convert").
    seen = []

    class Point:
        pass

    class PointConverter(conversion.Converter):
        @staticmethod
        def write_value(value, options):
            seen.append(dict(options))
            return [["point"]]

    PointConverter.register(Point)
    try:
        for options in ({"formatter": lambda rng, value: seen.append((rng, value))}, {}):
            for value in (8.0, "text", Point()):
                stock = outcome(lambda: conversion.write(value, None, options))
                stock_seen, seen[:] = list(seen), []
                ours = outcome(lambda: conversion.write(value, None, dict(options, convert=EngValue)))
                assert same_outcome(ours, stock) and seen == stock_seen, (value, options, seen, stock_seen)
                seen.clear()
    finally:
        del conversion.accessors[Point]


class _TargetRange:
    """Just enough of a Range for xlwings' write stages: records what is written."""

    api = True
    impl = types.SimpleNamespace(max_cells_per_write=None)

    def __init__(self):
        self.written = []
        self.sheet = types.SimpleNamespace(book=types.SimpleNamespace(app=types.SimpleNamespace(engine=xlwings.engines["excel"])))

    @property
    def raw_value(self):
        return None

    @raw_value.setter
    def raw_value(self, value):
        self.written.append(value)

    def resize(self, rows, columns):
        return self


def test_writing_into_a_range_writes_it():
    # call_udf writes to no range; were the accessor used for one, the value must land.
    for value in (8.0, "text", [[1.0, 2.0]]):
        stock, ours = _TargetRange(), _TargetRange()
        assert same(conversion.write(value, ours, {"convert": EngValue}), conversion.write(value, stock, {}))
        assert ours.written == stock.written != [], value


def test_a_cached_pipeline_is_reused_and_never_shared():
    a = {"ndim": 2, "err_to_str": True, "convert": EngValue}
    b = dict(a)
    first = EngValue.reader(a)
    assert isinstance(first, conversion.Pipeline)
    assert EngValue.reader(a) is first
    assert EngValue.reader(b) is not first  # equal options, another dict: its own pipeline
    assert EngValue.reader(b) is EngValue.reader(b)
    # A dict changed after its first read gets a new pipeline that honours the change.
    a["numbers"] = int
    assert EngValue.reader(a) is not first
    assert conversion.read(None, 2.6, a) == conversion.read(None, 2.6, {"ndim": 2, "numbers": int}) == [[3]]


def test_eng_functions_carry_the_accessor_on_the_com_path(udf_module):
    functions = [getattr(udf_module, n) for n in dir(udf_module) if n.startswith("ENG_")]
    assert functions
    for f in functions:
        info = f.__xlfunc__
        assert info["ret"]["options"] == {"convert": EngValue}, f.__name__
        for arg in info["args"]:
            assert arg["options"]["convert"] is EngValue and arg["options"]["err_to_str"] is True


def test_lite_and_server_keep_the_stock_conversion(monkeypatch):
    # xlwings Server's decorators (xlwings Lite's): xlwings/pro asks for a licence key on
    # import; the noncommercial key is what a test run may use (xlwings Lite itself is free).
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")
    import xlwings.server as server
    from xlengine.workbook.xlwings_udfs import load_with_decorators

    module = load_with_decorators("xlengine.excel.functions", server.func, server.arg, server.ret)
    functions = [getattr(module, n) for n in dir(module) if n.startswith("ENG_")]
    assert functions
    for f in functions:
        info = f.__xlfunc__
        assert "convert" not in info["ret"]["options"], f.__name__
        for arg in info["args"]:
            assert "convert" not in arg["options"] and arg["options"]["err_to_str"] is True, f.__name__
    # a Literal hint is a drop-down of its values there
    language = module.ENG_BUSINESS_CASE.__xlfunc__["argmap"]["language"]["options"]["enum"]
    assert language["values"] == ["en", "nl"] and language["id"] == "ENG_BUSINESS_CASE.LANGUAGE"
    meta = server.custom_functions_meta(module)
    enums = {e["id"]: [v["stringValue"] for v in e["values"]] for e in meta["enums"]}
    assert enums["ENG_BREAKEVEN.LEVER"] == ["turnover", "absence", "productivity", "gap_closed"]
    assert enums["ENG_CASE_RESULT.RESULT"][-7:] == [
        "npv",
        "roi",
        "bcr",
        "payback_months",
        "turnover_after",
        "absence_after",
        "productivity_gain",
    ]


def test_heavy_functions_are_not_computed_in_the_function_wizard(udf_module):
    heavy = {n for n in dir(udf_module) if n.startswith("ENG_") and not getattr(udf_module, n).__xlfunc__["call_in_wizard"]}
    assert {
        "ENG_SIMULATE",
        "ENG_NPV_HISTOGRAM",
        "ENG_SIMULATION_RESULT",
        "ENG_NPV_HISTOGRAM_BIN",
        "ENG_SENSITIVITY",
        "ENG_SCENARIOS",
        "ENG_BUSINESS_CASE",
        "ENG_TEAMS",
    } <= heavy
    assert not heavy & {"ENG_ROI", "ENG_LEAVERS_AVOIDED", "ENG_CASE_RESULT", "ENG_WHY", "ENG_VERSION"}


# --- the whole call: call_udf with the accessor and without it -------------------------


class _StockConversion:
    """The module's functions with ``convert`` taken out of their options for a while."""

    def __init__(self, module):
        self.options = [
            o
            for n in dir(module)
            if n.startswith("ENG_")
            for o in [a["options"] for a in getattr(module, n).__xlfunc__["args"]]
            + [getattr(module, n).__xlfunc__["ret"]["options"]]
        ]

    def __enter__(self):
        for o in self.options:
            assert o.pop("convert") is EngValue

    def __exit__(self, *exc):
        for o in self.options:
            o["convert"] = EngValue


excel_scalar = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.floats(min_value=0, max_value=1),
    st.integers(-5, 300).map(float),
    st.sampled_from(ERROR_CODES + [None, True, False, "", " 12% ", "x", " 5 ", h.MISSING]),
    st.dates().map(lambda d: h.excel_date(d.year, d.month, d.day)),
)
excel_block = (
    st.integers(1, 3)
    .flatmap(lambda w: st.lists(st.lists(excel_scalar, min_size=w, max_size=w), min_size=1, max_size=4))
    .map(h.ExcelRange)
)
excel_argument = st.one_of(excel_scalar, excel_block, excel_scalar.map(lambda v: h.ExcelRange([[v]])))


@pytest.mark.parametrize(
    "name",
    ["ENG_LEAVERS_AVOIDED", "ENG_COST_PER_LEAVER", "ENG_PAYBACK_MONTHS", "ENG_ENPS", "ENG_GALLUP", "ENG_ROI", "ENG_VERSION"],
)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_call_shows_the_same_with_and_without_the_accessor(udf_module, name, data):
    n = len(getattr(udf_module, name).__xlfunc__["args"])
    args = data.draw(st.lists(excel_argument, min_size=n, max_size=n))
    ours = outcome(lambda: h.call(name, *args))
    with _StockConversion(udf_module):
        stock = outcome(lambda: h.call(name, *args))
    assert same_outcome(ours, stock), (args, ours, stock)
