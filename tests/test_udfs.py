"""The ENG_ functions called directly, as Python would (the xlwings path has its own harness)."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xlengine.engine import model
from xlengine.excel import arguments
from xlengine.excel import functions as udfs
from xlengine.engine import validate
from xlengine.engine.errors import InputError

# Hand-worked (see test_model.py): 31,181.82 per leaver; 234,000 absence; 240,000 productivity


def test_values():
    assert udfs.ENG_COST_PER_LEAVER(60_000, 5_000, 3_000, 30, 6, 0.5, 220) == pytest.approx(31_181.818, abs=1e-3)
    assert udfs.ENG_LEAVERS_AVOIDED(200, 0.12, 0.08) == pytest.approx(8)
    assert udfs.ENG_TURNOVER_SAVINGS(200, 0.12, 0.08, 31_181.82) == pytest.approx(249_454.56)
    day = udfs.ENG_SICK_DAY_COST(60_000, 1, 0.3, 220)
    assert udfs.ENG_ABSENCE_SAVINGS(200, 0.055, 0.04, day, 220) == pytest.approx(234_000)
    assert udfs.ENG_PRODUCTIVITY_GAIN(200, 60_000, 0.02) == pytest.approx(240_000)
    assert udfs.ENG_ROI(750_000, 425_000) == pytest.approx(0.7647, abs=1e-4)
    assert udfs.ENG_BCR(750_000, 425_000) == pytest.approx(1.7647, abs=1e-4)
    assert udfs.ENG_PAYBACK_MONTHS(100_000, 250_000, 50_000) == pytest.approx(6)
    assert udfs.ENG_GALLUP("absenteeism") == -0.78
    assert udfs.ENG_GALLUP("absenteeism", 2020) == -0.81
    assert udfs.ENG_VERSION() == __import__("xlengine").__version__


def test_enps_from_a_column_with_blanks():
    # promoters 10, 9, 9 (3); passives 8, 7 (2); detractors 6, 0 (2); 7 answers; blanks ignored
    col = [[10], [9], [None], [9], [8], [""], [7], [6], [0]]
    assert udfs.ENG_ENPS(col) == pytest.approx(100 * (3 - 2) / 7)


def test_a_column_in_gives_a_column_out():
    # one array formula for three teams: 0.04 x (100, 200, 300)
    out = udfs.ENG_LEAVERS_AVOIDED([[100], [200], [300]], 0.12, 0.08)
    assert [len(r) for r in out] == [1, 1, 1]
    assert [r[0] for r in out] == pytest.approx([4, 8, 12])


@pytest.mark.parametrize(
    "call, expected",
    [
        (
            lambda: udfs.ENG_LEAVERS_AVOIDED("abc", 0.12, 0.08),
            "headcount is text ('abc') where a number belongs: enter a number.",
        ),
        (lambda: udfs.ENG_LEAVERS_AVOIDED(None, 0.12, 0.08), "headcount is empty: enter a number."),
        (
            lambda: udfs.ENG_LEAVERS_AVOIDED(-5, 0.12, 0.08),
            "headcount = -5 is outside the allowed range 0 to 1000000 FTE (it cannot be negative): enter a value in that range.",
        ),
        (
            lambda: udfs.ENG_LEAVERS_AVOIDED(200, 12, 0.08),
            "turnover_before = 12 looks like a percentage typed as a whole number: enter 12% or 0.12.",
        ),
        (
            lambda: udfs.ENG_LEAVERS_AVOIDED(200, float("nan"), 0.08),
            "turnover_before is not a finite number (nan): enter a real number.",
        ),
        (
            lambda: udfs.ENG_LEAVERS_AVOIDED(200, 0.12, float("inf")),
            "turnover_after is not a finite number (inf): enter a real number.",
        ),
        (
            lambda: udfs.ENG_LEAVERS_AVOIDED(True, 0.12, 0.08),
            "headcount is TRUE (a yes/no value) where a number belongs: enter a number.",
        ),
        (
            lambda: udfs.ENG_LEAVERS_AVOIDED("#DIV/0!", 0.12, 0.08),
            "headcount refers to a cell showing #DIV/0!: fix that cell first.",
        ),
        (
            lambda: udfs.ENG_LEAVERS_AVOIDED([[1], [2]], [[0.1, 0.2, 0.3], [0.1, 0.2, 0.3], [0.1, 0.2, 0.3]], 0.08),
            "the ranges have different sizes: give ranges of the same size, or single cells.",
        ),
        (
            lambda: udfs.ENG_LEAVERS_AVOIDED([[100], ["x"]], 0.12, 0.08),
            "headcount (row 2 of the range) is text ('x') where a number belongs: enter a number.",
        ),
        (
            lambda: udfs.ENG_SICK_DAY_COST(60_000, -0.1),
            "continued_pay = -0.1 is outside the allowed range 0% to 100% (it cannot be negative): enter a value in that range.",
        ),
        (
            lambda: udfs.ENG_SICK_DAY_COST(60_000, 1, 2.5),
            "cover_share = 2.5 is outside the allowed range 0% to 200%: enter a value in that range.",
        ),
        (
            lambda: udfs.ENG_ABSENCE_SAVINGS(200, 5.5, 0.04, 300),
            "absence_before = 5.5 looks like a percentage typed as a whole number: enter 5.5% or 0.055.",
        ),
        (
            lambda: udfs.ENG_COST_PER_LEAVER(60_000, 5_000, 3_000, 30, 6, 0.5, 0),
            "working_days = 0 is outside the allowed range 1 to 366 days: enter a value in that range.",
        ),
        (lambda: udfs.ENG_ROI(100, 0), "costs is 0 and is used as a divisor: enter a value above 0."),
        (
            lambda: udfs.ENG_PAYBACK_MONTHS(100_000, 40_000, 50_000),
            "No payback, annual_benefit (40000) does not exceed annual_cost (50000) so the one-off cost is never earned back: check both figures (no payback may be the honest answer).",
        ),
        (
            lambda: udfs.ENG_PAYBACK_MONTHS([[1], [2]], 40_000, 50_000),
            "one_off_cost is a range where one value belongs: give a single cell.",
        ),
        (
            lambda: udfs.ENG_ENPS([[9], [10]]),
            "scores holds 2 answer(s): eNPS needs at least 5, so that no one can be identified (privacy).",
        ),
        (
            lambda: udfs.ENG_ENPS([[9], [10], [11], [1], [2]]),
            "scores (row 3) = 11 is outside the allowed range 0 to 10: enter a value in that range.",
        ),
        (
            lambda: udfs.ENG_ENPS([[9], [10], [7.5], [1], [2]]),
            "scores (row 3) = 7.5 is not a whole answer on the 0-10 scale: enter 0, 1, ... 10.",
        ),
        (
            lambda: udfs.ENG_GALLUP("happiness"),
            "outcome 'happiness' is not a Gallup outcome: enter one of absenteeism, turnover_high, turnover_low, productivity, sales, profitability, customer_loyalty.",
        ),
        (lambda: udfs.ENG_GALLUP("absenteeism", 2017), "edition = 2017 is not available: enter 2020 or 2024."),
        (
            lambda: udfs.ENG_BUSINESS_CASE([["head_count", 200]]),
            "'head_count' is not a known assumption: use one of the keys of ENG_ASSUMPTIONS(), e.g. headcount.",
        ),
        (
            lambda: udfs.ENG_BUSINESS_CASE([["headcount", 200], ["Headcount", 300]]),
            "headcount is given twice in assumptions (row 2): keep one row for it.",
        ),
        (
            lambda: udfs.ENG_BUSINESS_CASE([["headcount"]]),
            "assumptions has one column: select two columns, the key and the value.",
        ),
        (lambda: udfs.ENG_BUSINESS_CASE([["horizon_years", 2.5]]), "horizon_years = 2.5 must be a whole number: enter e.g. 2."),
        (lambda: udfs.ENG_BUSINESS_CASE([["headcount", 200]], "de"), 'language = \'de\' is not supported: enter "en" or "nl".'),
        (lambda: udfs.ENG_ASSUMPTIONS("fr"), 'language = \'fr\' is not supported: enter "en" or "nl".'),
    ],
)
def test_bad_input_gives_one_readable_sentence(call, expected):
    failure = call()
    # a failure is a value (the cell's edge turns it into #VALUE! or text), carrying its sentence
    assert isinstance(failure, InputError), failure
    assert str(failure) == expected
    assert f"{failure.problem}: {failure.fix}." == expected


def test_unexpected_failure_is_still_a_sentence(monkeypatch):
    def boom(*a):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(model, "leavers_avoided", boom)
    failure = udfs.ENG_LEAVERS_AVOIDED(200, 0.12, 0.08)
    assert isinstance(failure, InputError) and failure.argument == "ENG_LEAVERS_AVOIDED"
    msg = str(failure)
    assert msg.startswith("ENG_LEAVERS_AVOIDED could not compute (ZeroDivisionError: division by zero)")
    assert "Traceback" not in msg


def test_business_case_table_from_a_range():
    rng = [["key", "value"], ["Headcount", 100], ["turnover_before", 0.15], [None, None]]
    t = udfs.ENG_BUSINESS_CASE(rng)
    # headcount halves from the default 200: every lever saving halves (linear in headcount)
    full = udfs.ENG_BUSINESS_CASE([["headcount", 200], ["turnover_before", 0.15]])
    assert t[1][-1] == pytest.approx(full[1][-1] / 2)
    assert t[0] == ["Line item", "Start (year 0)", "Year 1", "Year 2", "Year 3", "Total"]
    assert udfs.ENG_BUSINESS_CASE(rng, "nl")[0][0] == "Post"


def test_assumptions_table():
    t = udfs.ENG_ASSUMPTIONS()
    assert t[0][:4] == ["key", "label", "unit", "default"]
    keys = [r[0] for r in t[1:]]
    assert keys[0] == "headcount" and "discount_rate" in keys
    row = dict(zip(t[0], t[keys.index("turnover_before") + 1]))
    assert row["default"] == 0.12 and row["allowed_max"] == 1.0 and "hardste KPI" in row["source"]


def test_every_function_wizard_description_is_a_whole_first_sentence():
    # xlwings hands Excel's Function Wizard the docstring cut at 255 characters
    # (MacroOptions' limit): the first line must be a whole sentence within that.
    import inspect

    for name in [n for n in dir(udfs) if n.startswith("ENG_")]:
        f = getattr(udfs, name)
        first = (f.__doc__ or "").strip().splitlines()[0] if (f.__doc__ or "").strip() else ""
        assert first[:1].isupper() and first.endswith(".") and len(first) <= 255, (name, first)
        assert list(inspect.signature(f).parameters) == list(inspect.signature(f.__wrapped__).parameters)


def test_udfs_module_imports_nothing_heavy():
    # xlwings itself may pull in pandas; what matters is what xlengine adds on top of it
    import subprocess
    import sys

    code = (
        "import sys, xlwings; before = set(sys.modules); import xlengine.udfs; "
        "heavy = [m for m in ('pandas', 'formulas', 'openpyxl', 'xlsxwriter', 'scipy') "
        "if m in set(sys.modules) - before]; print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"


# --- the Assumptions range is checked once per distinct content -------------------------


def test_checked_assumptions_are_remembered_but_never_shared():
    rows = [["headcount", 150.0], ["turnover_before", 0.14]]
    first = arguments.case_assumptions(rows)
    second = arguments.case_assumptions([list(r) for r in rows])
    assert first == second and first is not second  # same content, a fresh dict each time
    first["headcount"] = 1.0  # a caller changing its copy...
    assert arguments.case_assumptions(rows)["headcount"] == 150.0  # ...changes nothing for the next cell


def test_a_remembered_range_does_not_hide_a_bad_value_that_compares_equal():
    # TRUE == 1.0 in Python; a cache keyed on values alone would answer TRUE with 1.0's case.
    ok = [["attribution", 1.0]]
    bad = [["attribution", True]]
    assert arguments.case_assumptions(ok)["attribution"] == 1.0
    assert "yes/no" in str(udfs.ENG_SCENARIOS(bad))
    assert "yes/no" in str(udfs.ENG_SCENARIOS(bad))  # errors are not remembered: every cell shows the message


@pytest.mark.parametrize("key", sorted(arguments.CHECKS))
@settings(max_examples=60, deadline=None)
@given(x=st.one_of(st.floats(), st.floats(-2, 2), st.integers(-5, 400).map(float)))
def test_checker_is_number_with_its_checks_bound(key, x):
    checks = arguments.CHECKS[key]

    def result(fn):
        try:
            return fn()
        except InputError as e:
            return str(e)

    a, b = result(lambda: validate.checker(**checks)(key, x)), result(lambda: validate.number(key, x, **checks))
    assert type(a) is type(b) and repr(a) == repr(b), (a, b)  # repr: -0.0 stays -0.0


@pytest.mark.parametrize(
    "key, value, expected",
    [
        # each written out from the register entry's allowed range, unit and type
        ("headcount", 200.0, 200.0),
        ("headcount", " 12% ", "arg = '12%' is a percentage, but arg is not a rate"),  # 12% of an FTE count is not 0.12 FTE
        ("headcount", -1.0, "arg = -1 is outside the allowed range 0 to 1000000 FTE (it cannot be negative)"),
        ("headcount", None, "arg is empty: enter a number."),
        ("headcount", "x", "arg is text ('x') where a number belongs"),
        ("headcount", "#N/A", "arg refers to a cell showing #N/A"),
        ("headcount", [[1.0, 2.0]], [[1.0, 2.0]]),
        ("headcount", [1.0, [2.0]], [[1.0], [2.0]]),  # ragged rows as xlwings may hand them
        ("headcount", [[1.0], [None]], "arg (row 2 of the range) is empty"),
        ("headcount", [], "arg is an empty range"),
        ("turnover_before", 0.12, 0.12),
        ("turnover_before", 1.5, "arg = 1.5 looks like a percentage typed as a whole number: enter 1.5% or 0.015."),
        ("turnover_before", [[0.1], [0.2]], [[0.1], [0.2]]),
        ("turnover_before", [[1.0, 2.0]], "arg (row 1, column 2 of the range) = 2 looks like a percentage"),
        ("horizon_years", 1.5, "arg = 1.5 must be a whole number"),
        ("horizon_years", 0.12, "arg = 0.12 is outside the allowed range 1 to 10 years"),
        ("costs", 1.5, 1.5),
        ("costs", [[0.1], [0.2]], "arg (row 1 of the range) = 0.1 is outside the allowed range 1 to 1000000000000 EUR"),
    ],
)
def test_num_checks_each_argument_by_its_register_entry(key, value, expected):
    if isinstance(expected, str):
        with pytest.raises(InputError) as e:
            arguments.numbers("arg", value, key)
        assert expected in str(e.value)
    else:
        got = arguments.numbers("arg", value, key)
        assert (got.tolist() if isinstance(expected, list) else got) == expected
        assert type(got) is (float if not isinstance(expected, list) else type(got))


@pytest.mark.parametrize(
    "key", ["headcount", "turnover_before", "working_days", "horizon_years", "costs", "benefits", "cost_per_leaver"]
)
def test_a_one_cell_range_is_checked_as_its_cell(key):
    # Excel hands one cell to an ndim=2 argument as [[v]]: the same value, or the same message, as v.
    def result(value):
        try:
            out = arguments.numbers("arg", value, key)
        except InputError as e:
            return "message", str(e)
        return type(out), repr(out)  # repr: -0.0 stays -0.0

    lo, hi = arguments.CHECKS[key]["allowed"]
    edges = [float(x) for x in (lo, hi)] + [math.nextafter(float(lo), -math.inf), math.nextafter(float(hi), math.inf)]
    cells = [
        200.0,
        0.12,
        12.0,
        1.5,
        1.0,
        100.0,
        100.5,
        0.0,
        -0.0,
        -1.0,
        2.0,
        0.5,
        1e13,
        2.0**53,
        *edges,
        7,
        True,
        None,
        "",
        " 12% ",
        "x",
        "#N/A",
        float("nan"),
        float("inf"),
        float("-inf"),
    ]
    for cell in cells:
        single = result(cell)
        assert single[0] in (float, "message"), (key, cell, single)
        assert result([[cell]]) == single, (key, cell)
