"""The Excel path, proved with xlwings' own machinery: every ENG_ function called as Excel calls it.

Each call goes through ``xlwings.udfs.call_udf`` (argument conversion, omitted Optional
arguments, the result through ``xlwings.conversion.write``) with Excel-shaped values; see
``xlwings_harness.py`` for what is real and what is stubbed. The expected figures are the
engine's hand-worked examples, with the arithmetic in the comments.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import xlengine
from xlengine.engine import register
from xlwings_harness import ERRORS, MISSING, ExcelRange, call, column, excel_date, excel_session, shown

FUNCTIONS = (
    "ENG_ENPS",
    "ENG_LEAVERS_AVOIDED",
    "ENG_COST_PER_LEAVER",
    "ENG_TURNOVER_SAVINGS",
    "ENG_SICK_DAY_COST",
    "ENG_ABSENCE_SAVINGS",
    "ENG_PRODUCTIVITY_GAIN",
    "ENG_ROI",
    "ENG_BCR",
    "ENG_PAYBACK_MONTHS",
    "ENG_GALLUP",
    "ENG_BUSINESS_CASE",
    "ENG_CASE_RESULT",
    "ENG_ASSUMPTIONS",
    "ENG_VERSION",
    # decision support
    "ENG_TEAMS",
    "ENG_SCENARIOS",
    "ENG_SENSITIVITY",
    "ENG_SIMULATE",
    "ENG_NPV_HISTOGRAM",
    "ENG_BREAKEVEN",
    "ENG_STORY",
    "ENG_SCENARIO_RESULT",
    "ENG_SENSITIVITY_RESULT",
    "ENG_SIMULATION_RESULT",
    "ENG_NPV_HISTOGRAM_BIN",
    "ENG_STORY_SECTION",
    # HR data
    "ENG_ENPS_CI",
    "ENG_ENPS_CHANGE",
    "ENG_EVIDENCE",
    # realised results
    "ENG_REALISED",
    # the sentence behind a failed call
    "ENG_WHY",
    # uncertainty ranges
    "ENG_RANGE",
)
DECISION = FUNCTIONS[FUNCTIONS.index("ENG_TEAMS") : FUNCTIONS.index("ENG_ENPS_CI")]

# 60,000 / 220 x (1 + 0.3) = 354.5454...: the cost of a sick day with 30% cover
SICK_DAY_WITH_COVER = 60_000 / 220 * 1.3
# 5,000 + 3,000 + 30 x 60,000 / 220 + 6/12 x 60,000 x 0.5 = 8,000 + 8,181.82 + 15,000 = 31,181.82
COST_PER_LEAVER = 8_000 + 30 * 60_000 / 220 + 15_000

# One good, Excel-shaped call per function: numbers arrive as float.
GOOD = {
    "ENG_ENPS": (column(10.0, 9.0, 9.0, 10.0, 7.0, 8.0, 8.0, 3.0, 6.0, 0.0),),
    "ENG_LEAVERS_AVOIDED": (200.0, 0.12, 0.08),
    "ENG_COST_PER_LEAVER": (60_000.0, 5_000.0, 3_000.0, 30.0, 6.0, 0.5, 220.0),
    "ENG_TURNOVER_SAVINGS": (200.0, 0.12, 0.08, COST_PER_LEAVER),
    "ENG_SICK_DAY_COST": (60_000.0, 1.0, 0.3, 220.0),
    "ENG_ABSENCE_SAVINGS": (200.0, 0.055, 0.040, SICK_DAY_WITH_COVER, 220.0),
    "ENG_PRODUCTIVITY_GAIN": (200.0, 60_000.0, 0.02),
    "ENG_ROI": (750_000.0, 425_000.0),
    "ENG_BCR": (750_000.0, 425_000.0),
    "ENG_PAYBACK_MONTHS": (100_000.0, 250_000.0, 50_000.0),
    "ENG_GALLUP": ("absenteeism", 2024.0),
    "ENG_BUSINESS_CASE": (ExcelRange([(a.key, float(a.default)) for a in register.REGISTER]), "en"),
    "ENG_CASE_RESULT": (ExcelRange([(a.key, float(a.default)) for a in register.REGISTER]), "npv", MISSING, "en"),
    "ENG_ASSUMPTIONS": ("en",),
    "ENG_VERSION": (),
    "ENG_WHY": ("ENG_ROI", 750_000.0, 425_000.0),  # a call that computes: nothing to explain
}
_REGISTER = ExcelRange([(a.key, float(a.default)) for a in register.REGISTER])
# Turnover as the only lever: no productivity gain, absence unchanged (see EXPECTED).
_TURNOVER_ONLY = ExcelRange([("productivity_gain", 0.0), ("absence_after", 0.056)])
_TEAMS = ExcelRange(
    [
        ("team", "headcount", "turnover_before", "turnover_after", "enps_before"),
        ("Sales", 40.0, 0.15, 0.10, 30.0),
        ("Legal", 3.0, None, None, 70.0),
    ]
)
GOOD.update(
    {
        "ENG_TEAMS": (_TEAMS, _REGISTER, "en"),
        "ENG_SCENARIOS": (_REGISTER, "en"),
        "ENG_SENSITIVITY": (_REGISTER, "en"),
        "ENG_SIMULATE": (_REGISTER, 2_000.0, 1.0),
        "ENG_NPV_HISTOGRAM": (_REGISTER, 2_000.0, 1.0, 10.0),
        "ENG_BREAKEVEN": (_TURNOVER_ONLY, "turnover"),
        "ENG_STORY": (_REGISTER, "en"),
        "ENG_SCENARIO_RESULT": (_REGISTER, "base", "npv", "en"),
        "ENG_SENSITIVITY_RESULT": (_REGISTER, 1.0, "swing", "en"),
        "ENG_SIMULATION_RESULT": (_REGISTER, "npv_p50", 2_000.0, 1.0),
        "ENG_NPV_HISTOGRAM_BIN": (_REGISTER, 1.0, "draws", 2_000.0, 1.0, 10.0),
        "ENG_STORY_SECTION": (_REGISTER, 4.0, "en"),
        # turnover 12% -> 11%: a planned fall of 1 point, by the default rule -/+ 0.5 point
        "ENG_RANGE": (ExcelRange([("turnover_after", 0.11)]), "turnover_after", "low"),
    }
)
# HR data: 20 promoters, 20 passives, 10 detractors; two waves of 20 (eNPS 45 and 60);
# eight teams, four at eNPS 0 with 10% turnover and four at eNPS 10 with 20%, 100 FTE each.
_EVIDENCE_TEAMS = ExcelRange(
    [("team", "headcount", "turnover_before", "enps_before")]
    + [(f"T{i}", 100.0, 0.10 if i < 4 else 0.20, 0.0 if i < 4 else 10.0) for i in range(8)]
)
GOOD.update(
    {
        "ENG_ENPS_CI": (column(*[10.0] * 20, *[7.0] * 20, *[0.0] * 10), 0.95, "high", MISSING, MISSING),
        "ENG_ENPS_CHANGE": (
            column(*[10.0] * 12, *[8.0] * 5, *[3.0] * 3),
            column(*[10.0] * 14, *[8.0] * 4, *[3.0] * 2),
            0.95,
            "change",
        ),
        "ENG_EVIDENCE": (_EVIDENCE_TEAMS, _REGISTER, "turnover", "slope", 0.95),
    }
)
# Realised: the 4-team table of tests/test_realised.py, priced by the register's defaults
_REALISED_TEAMS = ExcelRange(
    [
        (
            "team",
            "participating",
            "headcount_before",
            "headcount_after",
            "turnover_before",
            "turnover_after",
            "absence_before",
            "absence_after",
        ),
        ("A", 1.0, 30.0, 30.0, 0.15, 0.10, 0.060, 0.050),
        ("B", 1.0, 10.0, 10.0, 0.12, 0.09, 0.050, 0.045),
        ("C", 0.0, 20.0, 20.0, 0.14, 0.13, 0.055, 0.055),
        ("D", 0.0, 20.0, 20.0, 0.10, 0.11, 0.045, 0.047),
    ]
)
GOOD["ENG_REALISED"] = (_REALISED_TEAMS, _REGISTER, "roi", 80_000.0, 1.5, 0.95, 1.0, "en")

# The value each GOOD call shows, worked by hand.
EXPECTED = {
    "ENG_ENPS": 10.0,  # 4 promoters - 3 detractors out of 10 = 10 points
    "ENG_LEAVERS_AVOIDED": 8.0,  # 200 x (0.12 - 0.08)
    "ENG_COST_PER_LEAVER": 31_181.82,  # see COST_PER_LEAVER
    "ENG_TURNOVER_SAVINGS": 249_454.55,  # 8 x 31,181.82
    "ENG_SICK_DAY_COST": 354.55,  # 60,000 / 220 x 1.3
    "ENG_ABSENCE_SAVINGS": 234_000.0,  # 200 x 220 x 0.015 = 660 days x 354.55
    "ENG_PRODUCTIVITY_GAIN": 240_000.0,  # 200 x 60,000 x 0.02
    "ENG_ROI": 0.7647,  # (750,000 - 425,000) / 425,000 (Phillips)
    "ENG_BCR": 1.7647,  # 750,000 / 425,000
    "ENG_PAYBACK_MONTHS": 6.0,  # 12 x 100,000 / (250,000 - 50,000)
    "ENG_GALLUP": -0.78,  # Gallup Q12 2024, absenteeism
    "ENG_CASE_RESULT": 337_271.80,  # the NPV worked out in test_business_case_table_as_excel_shows_it
    "ENG_SCENARIO_RESULT": 337_271.80,  # the base scenario is the case itself
    # Widest tornado bar, attribution 30% .. 70%: PV(benefits) 566,126.65 x (0.7 - 0.3) / 0.5
    "ENG_SENSITIVITY_RESULT": 452_901.32,
    # Turnover alone: PV(costs) 228,854.85 (100,000 at the start + 50,000 a year discounted)
    # / (200 x 31,181.82 x 0.4 x 2.114134 per unit) = 0.043395
    "ENG_BREAKEVEN": 0.0434,
    "ENG_RANGE": 0.105,  # 11% - 0.5 x (12% - 11%)
    # Var = (0.4 + 0.2 - 0.2^2) / 50 = 0.0112; 20 + 1.959964 x 100 x sqrt(0.0112) = 20 + 20.7423
    "ENG_ENPS_CI": 40.7423,
    "ENG_ENPS_CHANGE": 15.0,  # 60 - 45
    # the fit is exact with two eNPS levels: logit 0.2 - logit 0.1 = ln(0.25 / 0.1111) = ln 2.25
    "ENG_EVIDENCE": 0.8109,
    # (1.8 leavers x 31,181.82 + 85.8 sick days x 272.73) x 1.5 years = 119,290.91; (119,290.91 - 80,000) / 80,000
    "ENG_REALISED": 0.4911,
}


@pytest.fixture(scope="module", autouse=True)
def udf_module():
    with excel_session() as module:
        yield module


def test_continued_pay_help_states_the_law(udf_module):
    doc = next(arg["doc"] for arg in udf_module.ENG_SICK_DAY_COST.__xlfunc__["args"] if arg["name"] == "continued_pay")
    for fact in (
        "BW 7:629",
        "70% of the wage, not of the employer cost",
        "104 weeks",
        "minimum wage in weeks 1-52",
        "maximum daily wage",
    ):
        assert fact in doc, fact
    assert len(doc) <= 255  # Excel's function wizard limit


def message_of(result) -> str:
    """The one readable sentence a cell shows for bad input (never a traceback)."""
    text = shown(result)
    assert isinstance(text, str), f"expected a message, got {result!r}"
    assert text.strip() and "\n" not in text and "Traceback" not in text, text
    assert "could not compute" not in text, f"an unexpected exception reached the cell: {text}"
    assert text.endswith("."), text
    return text


def test_every_eng_function_is_covered_and_documented(udf_module):
    names = {n for n in dir(udf_module) if n.startswith("ENG_")}
    assert names == set(FUNCTIONS) == set(GOOD)
    for name in FUNCTIONS:
        info = getattr(udf_module, name).__xlfunc__
        assert info["category"] == "Engagement business case", name
        assert info["ret"]["doc"].strip() and not info["ret"]["doc"].startswith("Python function"), name
        assert "expand" not in info["ret"]["options"], f"{name}: expand= does not exist in xlwings Lite"
        assert not info["async_mode"] and not info["volatile"], name
        for arg in info["args"]:
            assert arg["name"] not in ("caller",) and arg["vba"] is None, f"{name}: {arg['name']} is VBA-only"
            assert not arg["doc"].startswith("Positional argument"), f"{name}({arg['name']}) has no doc="
            assert arg["options"].get("err_to_str") is True, f"{name}({arg['name']})"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_good_call_shows_the_engines_number(name):
    result = call(name, *GOOD[name])
    assert isinstance(result, list) and len(result) == 1 and len(result[0]) == 1
    assert round(shown(result), 4) == pytest.approx(EXPECTED[name], abs=0.005)


def test_chained_cells_as_a_workbook_uses_them():
    # Excel passes a formula cell's double on: the sick-day cost feeds the absence saving.
    day = shown(call("ENG_SICK_DAY_COST", 60_000.0, 1.0, 0.3, 220.0))
    assert shown(call("ENG_ABSENCE_SAVINGS", 200.0, 0.055, 0.040, day, 220.0)) == pytest.approx(234_000.0)
    leaver = shown(call("ENG_COST_PER_LEAVER", 60_000.0, 5_000.0, 3_000.0, 30.0, 6.0, 0.5, 220.0))
    assert shown(call("ENG_TURNOVER_SAVINGS", 200.0, 0.12, 0.08, leaver)) == pytest.approx(8 * 31_181.818181818, abs=1e-3)
    benefits = 750_000.0
    assert shown(call("ENG_ROI", benefits, ExcelRange([[425_000.0]]))) == pytest.approx(325 / 425)


def test_cell_references_arrive_as_ranges_and_give_the_same_value():
    args = [ExcelRange([[v]]) for v in GOOD["ENG_COST_PER_LEAVER"]]
    assert shown(call("ENG_COST_PER_LEAVER", *args)) == pytest.approx(COST_PER_LEAVER)


def test_omitted_optionals_take_the_python_defaults():
    # VBA hands over -2147352572 for an omitted Optional; call_udf swaps in the default.
    # ENG_COST_PER_LEAVER(60000, 5000, 3000): the register's 30 vacancy days and 6 months of
    # ramp-up at 50%: 5,000 + 3,000 + 30 x 60,000 / 220 + 6 / 12 x 60,000 x 0.5 = 31,181.82
    assert (
        round(shown(call("ENG_COST_PER_LEAVER", 60_000.0, 5_000.0, 3_000.0, MISSING, MISSING, MISSING, MISSING)), 2) == 31_181.82
    )
    # no vacancy typed, ramp-up omitted: 8,000 + 0 + 15,000 = 23,000
    assert shown(call("ENG_COST_PER_LEAVER", 60_000.0, 5_000.0, 3_000.0, 0.0, MISSING, MISSING, MISSING)) == 23_000.0
    # continued pay 100%, no cover, 220 days: 60,000 / 220 = 272.73
    assert round(shown(call("ENG_SICK_DAY_COST", 60_000.0, MISSING, MISSING, MISSING)), 2) == 272.73
    # 200 x 220 x 0.015 x 272.7272... = 180,000
    assert shown(call("ENG_ABSENCE_SAVINGS", 200.0, 0.055, 0.040, 60_000 / 220, MISSING)) == pytest.approx(180_000.0)
    assert shown(call("ENG_GALLUP", "turnover_low", MISSING)) == -0.51
    assert shown(call("ENG_BUSINESS_CASE", GOOD["ENG_BUSINESS_CASE"][0], MISSING)) == call(
        *("ENG_BUSINESS_CASE",), *GOOD["ENG_BUSINESS_CASE"]
    )
    assert call("ENG_ASSUMPTIONS", MISSING) == call("ENG_ASSUMPTIONS", "en")


def test_text_with_spaces_and_percent_signs_is_read_as_numbers():
    assert shown(call("ENG_LEAVERS_AVOIDED", " 200 ", " 12% ", "8%")) == pytest.approx(8.0)
    assert shown(call("ENG_GALLUP", "  Absenteeism ", " 2020 ")) == -0.81
    assert shown(call("ENG_ASSUMPTIONS", " NL "))[0][0] == "sleutel"


def test_ranges_give_ranges_back_one_row_per_team():
    # Two teams: 100 FTE at 10% -> 5%, 200 FTE at 10% -> 5%: 5 and 10 leavers avoided.
    assert call("ENG_LEAVERS_AVOIDED", column(100.0, 200.0), 0.10, 0.05) == [[5.0], [10.0]]
    # Productivity by team: 100 x 60,000 x 2% = 120,000; 100 x 50,000 x 2% = 100,000
    assert call("ENG_PRODUCTIVITY_GAIN", column(100.0, 100.0), column(60_000.0, 50_000.0), 0.02) == [[120_000.0], [100_000.0]]
    # A literal array constant {750000,425000;100,50} reaches Python as a tuple of rows.
    assert call("ENG_BCR", ((750_000.0, 100.0),), ((425_000.0, 50.0),)) == [[pytest.approx(750 / 425), 2.0]]


def test_business_case_table_as_excel_shows_it():
    rows = call(*("ENG_BUSINESS_CASE",), *GOOD["ENG_BUSINESS_CASE"])
    assert rows[0] == ["Line item", "Start (year 0)", "Year 1", "Year 2", "Year 3", "Total"]
    by_label = {r[0]: r[1:] for r in rows[1:]}
    # Defaults: attribution 0.5 x confidence 0.8 = 0.4 of the gross savings; year 1 at 50%.
    # Turnover 249,454.55 x 0.4 = 99,781.82 a year; year 1 49,890.91; total 249,454.55
    assert [round(v, 2) for v in by_label["Turnover savings"]] == [0, 49_890.91, 99_781.82, 99_781.82, 249_454.55]
    # Absence 200 x 220 x 0.015 x 272.73 = 180,000 x 0.4 = 72,000 a year
    assert by_label["Absence savings"] == pytest.approx([0, 36_000, 72_000, 72_000, 180_000])
    assert by_label["Productivity gain"] == pytest.approx([0, 48_000, 96_000, 96_000, 240_000])
    # The one-off 100,000 at the start (year 0), the running 50,000 in every year
    assert by_label["Programme cost"] == pytest.approx([100_000, 50_000, 50_000, 50_000, 250_000])
    # Net: -100,000 at the start, 133,890.91 - 50,000 = 83,890.91, then 267,781.82 - 50,000 = 217,781.82 twice
    assert [round(v, 2) for v in by_label["Net benefit"][:4]] == [-100_000, 83_890.91, 217_781.82, 217_781.82]
    # The cumulative row has no total: None goes back to Excel as an empty string.
    assert by_label["Cumulative net"][4] == ""
    # NPV at 8%: -100,000 + 83,890.91/1.08 + 217,781.82/1.08^2 + 217,781.82/1.08^3 = 337,271.80
    assert round(by_label["NPV"][4], 2) == 337_271.80 and by_label["NPV"][:4] == ["", "", "", ""]
    # ROI = (669,454.55 - 250,000) / 250,000 = 1.6778; BCR = 2.6778
    assert round(by_label["ROI"][4], 4) == 1.6778 and round(by_label["BCR"][4], 4) == 2.6778
    # Payback: -100,000 at month 0 -> -16,109.09 after year 1; year 2 adds 217,781.82:
    # 12 + 12 x 16,109.09 / 217,781.82 = 12.89 months
    assert round(by_label["Payback (months)"][4], 2) == 12.89


REGISTER_RANGE = GOOD["ENG_CASE_RESULT"][0]


@pytest.mark.parametrize(
    "result,total,years",
    [
        # The totals and years of ENG_BUSINESS_CASE (worked out in the test above).
        # Years 0 (the start: the one-off cost), 1, 2, 3.
        ("turnover_savings", 249_454.55, [0.0, 49_890.91, 99_781.82, 99_781.82]),
        ("absence_savings", 180_000.00, [0.0, 36_000.00, 72_000.00, 72_000.00]),
        ("productivity_savings", 240_000.00, [0.0, 48_000.00, 96_000.00, 96_000.00]),
        ("total_benefits", 669_454.55, [0.0, 133_890.91, 267_781.82, 267_781.82]),
        ("total_costs", 250_000.00, [100_000.00, 50_000.00, 50_000.00, 50_000.00]),
        ("net_benefit", 419_454.55, [-100_000.00, 83_890.91, 217_781.82, 217_781.82]),
        ("cumulative_net", None, [-100_000.00, -16_109.09, 201_672.73, 419_454.55]),
        ("npv", 337_271.80, None),
        ("roi", 1.68, None),
        ("bcr", 2.68, None),
        ("payback_months", 12.89, None),
    ],
)
def test_case_result_one_cell_per_figure(result, total, years):
    if total is not None:
        assert round(shown(call("ENG_CASE_RESULT", REGISTER_RANGE, result, MISSING, MISSING)), 2) == total
        # An empty cell as the year is the same as leaving it out.
        assert round(shown(call("ENG_CASE_RESULT", REGISTER_RANGE, result, ExcelRange([[None]]), MISSING)), 2) == total
    if years is not None:
        # The year comes from a header cell holding 0, 1, 2, 3 (a float, as Excel passes it).
        got = [
            round(shown(call("ENG_CASE_RESULT", REGISTER_RANGE, result, ExcelRange([[float(y)]]), MISSING)), 2)
            for y in (0, 1, 2, 3)
        ]
        assert got == years
        # Year 4 of a 3-year case: an empty cell (None goes back to Excel as "").
        assert shown(call("ENG_CASE_RESULT", REGISTER_RANGE, result, 4.0, MISSING)) == ""


def test_case_result_ratios_and_no_payback():
    assert round(shown(call("ENG_CASE_RESULT", REGISTER_RANGE, " ROI ", MISSING, MISSING)), 4) == 1.6778
    never = ExcelRange([("programme_cost_one_off", 10_000_000.0)])
    assert shown(call("ENG_CASE_RESULT", never, "payback_months", MISSING, "nl")) == "Niet terugverdiend binnen 3 jaar"
    # Five years: costs 100,000 + 5 x 50,000 = 350,000
    five = ExcelRange([("horizon_years", 5.0)])
    assert shown(call("ENG_CASE_RESULT", five, "total_costs", MISSING, MISSING)) == pytest.approx(350_000.0)
    assert shown(call("ENG_CASE_RESULT", five, "total_costs", 5.0, MISSING)) == pytest.approx(50_000.0)


def test_business_case_reads_a_range_with_header_blanks_and_spaced_keys():
    rng = ExcelRange([("key", "value"), (" Headcount ", 100.0), (None, None), ("turnover before", "12%")])
    rows = call("ENG_BUSINESS_CASE", rng, "nl")
    assert rows[0][0] == "Post"
    # 100 FTE x 0.04 x 31,181.82 x 0.4 = 49,890.91 a year (half the default organisation)
    assert round(rows[1][3], 2) == 49_890.91  # column 3 is year 2 (after the label and the start)


def test_no_payback_is_a_sentence_in_the_table():
    rng = ExcelRange([("programme_cost_one_off", 10_000_000.0)])
    rows = call("ENG_BUSINESS_CASE", rng, MISSING)
    assert rows[-1][-1] == "No payback within 3 years"


def test_assumptions_and_version():
    rows = call("ENG_ASSUMPTIONS", "en")
    assert rows[0][:4] == ["key", "label", "unit", "default"]
    assert [r[0] for r in rows[1:]] == [a.key for a in register.REGISTER]
    assert [r[3] for r in rows[1:]] == [float(a.default) for a in register.REGISTER]
    assert shown(call("ENG_VERSION")) == xlengine.__version__


# --- bad input: one sentence naming the argument, the value and the fix -------------------


def _argument_names(udf_module, name):
    return [a["name"] for a in getattr(udf_module, name).__xlfunc__["args"]]


NUMERIC = [
    (n, i)
    for n in FUNCTIONS
    for i in range(len(GOOD[n]))
    if n not in ("ENG_ENPS", "ENG_BUSINESS_CASE", "ENG_CASE_RESULT", "ENG_ASSUMPTIONS", "ENG_VERSION", "ENG_GALLUP", "ENG_WHY")
    and n not in DECISION
    and n not in ("ENG_ENPS_CI", "ENG_ENPS_CHANGE", "ENG_EVIDENCE", "ENG_RANGE", "ENG_REALISED")
] + [
    ("ENG_SIMULATE", 1),
    ("ENG_SIMULATE", 2),
    ("ENG_NPV_HISTOGRAM", 3),
    ("ENG_SENSITIVITY_RESULT", 1),
    ("ENG_NPV_HISTOGRAM_BIN", 1),
    ("ENG_ENPS_CI", 1),
    ("ENG_ENPS_CHANGE", 2),
    ("ENG_EVIDENCE", 4),
]


@pytest.mark.parametrize("error", ["#DIV/0!", "#N/A", "#VALUE!", "#REF!"])
@pytest.mark.parametrize("name,position", NUMERIC)
def test_an_error_cell_is_named_in_the_message(udf_module, name, position, error):
    args = list(GOOD[name])
    args[position] = ERRORS[error]
    text = message_of(call(name, *args))
    arg = _argument_names(udf_module, name)[position]
    assert text.startswith(arg) and error in text and "fix that cell" in text, text


@pytest.mark.parametrize("name,position", NUMERIC)
def test_dates_booleans_and_blanks_are_refused_by_name(udf_module, name, position):
    arg = _argument_names(udf_module, name)[position]
    for bad, words in (
        (excel_date(2024, 1, 31), "is a date (2024-01-31)"),
        (True, "is TRUE (a yes/no value)"),
        (None, "is empty: enter a number"),
        ("about twelve", "is text ('about twelve')"),
    ):
        args = list(GOOD[name])
        args[position] = bad
        text = message_of(call(name, *args))
        assert text.startswith(arg) and words in text, text


@pytest.mark.parametrize(
    "name,args,expected",
    [
        (
            "ENG_LEAVERS_AVOIDED",
            (200.0, 12.0, 0.08),
            "turnover_before = 12 looks like a percentage typed as a whole number: enter 12% or 0.12.",
        ),
        (
            "ENG_LEAVERS_AVOIDED",
            (-5.0, 0.12, 0.08),
            "headcount = -5 is outside the allowed range 0 to 1000000 FTE (it cannot be negative): enter a value in that range.",
        ),
        (
            "ENG_LEAVERS_AVOIDED",
            (column(100.0, 200.0), column(0.1, 0.1, 0.1), 0.05),
            "the ranges have different sizes: give ranges of the same size, or single cells.",
        ),
        ("ENG_LEAVERS_AVOIDED", (column(100.0, None), 0.1, 0.05), "headcount (row 2 of the range) is empty: enter a number."),
        (
            "ENG_COST_PER_LEAVER",
            (60_000.0, 5_000.0, 3_000.0, 30.0, 6.0, 1.5, 220.0),
            "ramp_up_shortfall = 1.5 looks like a percentage typed as a whole number: enter 1.5% or 0.015.",
        ),
        (
            "ENG_COST_PER_LEAVER",
            (60_000.0, 5_000.0, 3_000.0, 30.0, 6.0, 0.5, 0.0),
            "working_days = 0 is outside the allowed range 1 to 366 days: enter a value in that range.",
        ),
        (
            "ENG_TURNOVER_SAVINGS",
            (200.0, 0.12, 0.08, -1.0),
            "cost_per_leaver = -1 is outside the allowed range 0 to 1000000000 EUR (it cannot be negative): enter a value in that range.",
        ),
        (
            "ENG_SICK_DAY_COST",
            (60_000.0, 70.0, MISSING, MISSING),
            "continued_pay = 70 looks like a percentage typed as a whole number: enter 70% or 0.7.",
        ),
        (
            "ENG_COST_PER_LEAVER",
            (60_000.0, 5_000.0, 3_000.0, 30.0, 6.0, -0.5, 220.0),
            "ramp_up_shortfall = -0.5 is outside the allowed range 0% to 100% (it cannot be negative): enter a value in that range.",
        ),
        (
            "ENG_ABSENCE_SAVINGS",
            (200.0, 0.055, 0.04, ExcelRange([(354.0, "n/a")]), 220.0),
            "cost_per_sick_day (row 1, column 2 of the range) is text ('n/a') where a number belongs: enter a number.",
        ),
        ("ENG_ROI", (750_000.0, 0.0), "costs is 0 and is used as a divisor: enter a value above 0."),
        ("ENG_BCR", (750_000.0, ERRORS["#N/A"]), "costs refers to a cell showing #N/A: fix that cell first."),
        (
            "ENG_PAYBACK_MONTHS",
            (100_000.0, 50_000.0, 50_000.0),
            "No payback, annual_benefit (50000) does not exceed annual_cost (50000) so the one-off cost is never earned back: check both figures (no payback may be the honest answer).",
        ),
        (
            "ENG_PAYBACK_MONTHS",
            (column(1.0, 2.0), 50_000.0, 50_000.0),
            "one_off_cost is a range where one value belongs: give a single cell.",
        ),
        (
            "ENG_ENPS",
            (column(10.0, 9.0, 8.0, None),),
            "scores holds 3 answer(s): eNPS needs at least 5, so that no one can be identified (privacy).",
        ),
        (
            "ENG_ENPS",
            (column(10.0, 9.0, 8.0, 7.5, 6.0, 3.0),),
            "scores (row 4) = 7.5 is not a whole answer on the 0-10 scale: enter 0, 1, ... 10.",
        ),
        (
            "ENG_ENPS",
            (column(10.0, 9.0, 11.0, 7.0, 6.0),),
            "scores (row 3) = 11 is outside the allowed range 0 to 10: enter a value in that range.",
        ),
        (
            "ENG_ENPS",
            (column(10.0, 9.0, ERRORS["#DIV/0!"], 7.0, 6.0),),
            "scores (row 3) refers to a cell showing #DIV/0!: fix that cell first.",
        ),
        ("ENG_ENPS", (None,), "scores holds 0 answer(s): eNPS needs at least 5, so that no one can be identified (privacy)."),
        (
            "ENG_GALLUP",
            ("happiness", MISSING),
            "outcome 'happiness' is not a Gallup outcome: enter one of absenteeism, turnover_high, turnover_low, productivity, sales, profitability, customer_loyalty.",
        ),
        (
            "ENG_GALLUP",
            (None, MISSING),
            "outcome is None: enter one of absenteeism, turnover_high, turnover_low, productivity, sales, profitability, customer_loyalty.",
        ),
        ("ENG_GALLUP", ("absenteeism", 2019.0), "edition = 2019 is not available: enter 2020 or 2024."),
        ("ENG_GALLUP", ("absenteeism", 2020.5), "edition = 2020.5 must be a whole number: enter e.g. 2020."),
        (
            "ENG_BUSINESS_CASE",
            (ExcelRange([("head_count", 200.0)]), MISSING),
            "'head_count' is not a known assumption: use one of the keys of ENG_ASSUMPTIONS(), e.g. headcount.",
        ),
        (
            "ENG_BUSINESS_CASE",
            (ExcelRange([("headcount", ERRORS["#REF!"])]), MISSING),
            "headcount refers to a cell showing #REF!: fix that cell first.",
        ),
        (
            "ENG_BUSINESS_CASE",
            (ExcelRange([("headcount", 200.0), ("Headcount", 100.0)]), MISSING),
            "headcount is given twice in assumptions (row 2): keep one row for it.",
        ),
        (
            "ENG_BUSINESS_CASE",
            (column("headcount", "turnover_before"), MISSING),
            "assumptions has one column: select two columns, the key and the value.",
        ),
        (
            "ENG_BUSINESS_CASE",
            (ExcelRange([(200.0, 200.0)]), MISSING),
            "assumptions row 1 has 200 as its key: the first column must hold the keys, e.g. headcount.",
        ),
        (
            "ENG_BUSINESS_CASE",
            (ExcelRange([("horizon_years", 2.5)]), MISSING),
            "horizon_years = 2.5 must be a whole number: enter e.g. 2.",
        ),
        (
            "ENG_BUSINESS_CASE",
            (ExcelRange([("programme_cost_one_off", 0.0), ("programme_cost_annual", 0.0)]), MISSING),
            "programme_cost_one_off and programme_cost_annual are both 0: ROI, BCR and payback need the programme's cost; enter it (fully loaded, including staff time).",
        ),
        ("ENG_BUSINESS_CASE", (GOOD["ENG_BUSINESS_CASE"][0], "de"), 'language = \'de\' is not supported: enter "en" or "nl".'),
        (
            "ENG_CASE_RESULT",
            (ExcelRange([("turnover_after", 1.2)]), "npv", MISSING, MISSING),
            "turnover_after = 1.2 looks like a percentage typed as a whole number: enter 1.2% or 0.012.",
        ),
        (
            "ENG_CASE_RESULT",
            (None, "npv", MISSING, MISSING),
            "assumptions has one column: select two columns, the key and the value.",
        ),
        (
            "ENG_CASE_RESULT",
            (REGISTER_RANGE, "profit", MISSING, MISSING),
            "result = 'profit' is not a figure of the case: enter one of turnover_savings, absence_savings, productivity_savings, total_benefits, total_costs, net_benefit, cumulative_net, npv, roi, bcr, payback_months, turnover_after, absence_after, productivity_gain.",
        ),
        ("ENG_CASE_RESULT", (REGISTER_RANGE, "npv", 2.0, MISSING), "npv is a figure for the whole horizon: leave year empty."),
        (
            "ENG_CASE_RESULT",
            (REGISTER_RANGE, "cumulative_net", MISSING, MISSING),
            "cumulative_net is a yearly figure: give the year (its last year equals net_benefit).",
        ),
        ("ENG_CASE_RESULT", (REGISTER_RANGE, "net_benefit", 1.5, MISSING), "year = 1.5 must be a whole number: enter e.g. 2."),
        (
            "ENG_CASE_RESULT",
            (REGISTER_RANGE, "net_benefit", -1.0, MISSING),
            "year = -1 is outside the allowed range 0 to 10 (it cannot be negative): enter a value in that range.",
        ),
        (
            "ENG_CASE_RESULT",
            (REGISTER_RANGE, "net_benefit", ERRORS["#REF!"], MISSING),
            "year refers to a cell showing #REF!: fix that cell first.",
        ),
        ("ENG_ASSUMPTIONS", (ERRORS["#N/A"],), 'language = \'#N/A\' is not supported: enter "en" or "nl".'),
        (
            "ENG_TEAMS",
            (ExcelRange([("team", "size"), ("A", 3.0)]), _REGISTER, MISSING),
            "teams has a column 'size' that is not known: use the headers team, headcount, employer_cost, turnover_before, turnover_after, absence_before, absence_after, enps_before, enps_after.",
        ),
        (
            "ENG_TEAMS",
            (ExcelRange([("team", "headcount"), ("A", ERRORS["#N/A"])]), _REGISTER, MISSING),
            "teams row 2 (A) headcount refers to a cell showing #N/A: fix that cell first.",
        ),
        (
            "ENG_SIMULATE",
            (_REGISTER, 0.0, MISSING),
            "draws = 0 is outside the allowed range 1 to 1000000: enter a value in that range.",
        ),
        (
            "ENG_SIMULATE",
            (_REGISTER, 2_000_000.0, MISSING),
            "draws = 2000000 is outside the allowed range 1 to 1000000: enter a value in that range.",
        ),
        (
            "ENG_BREAKEVEN",
            (_REGISTER, "morale"),
            "lever = 'morale' is not a lever: enter turnover, absence, productivity or gap_closed.",
        ),
        (
            "ENG_BREAKEVEN",
            (ExcelRange([("attribution", 0.0)]), "absence"),
            "an improvement on absence is worth nothing in this case (attribution, confidence, headcount or the cost it saves is 0), so no absence improvement can pay back.",
        ),
        ("ENG_STORY", (_REGISTER, "de"), 'language = \'de\' is not supported: enter "en" or "nl".'),
        (
            "ENG_SCENARIO_RESULT",
            (_REGISTER, "worst", "npv", MISSING),
            "scenario = 'worst' is not known: enter one of conservative, base, optimistic.",
        ),
        (
            "ENG_STORY_SECTION",
            (_REGISTER, ERRORS["#N/A"], MISSING),
            "section refers to a cell showing #N/A: fix that cell first.",
        ),
        (
            "ENG_STORY_SECTION",
            (_REGISTER, "moral", MISSING),
            "section = 'moral' is not a section of the story: enter one of problem, intervention, expected_result, impact, uncertainty, break_even, not_in_the_money, sources, or 1 to 8.",
        ),
        (
            "ENG_STORY_SECTION",
            (_REGISTER, 9.0, MISSING),
            "section = 9 is outside the allowed range 1 to 8: enter a value in that range.",
        ),
        ("ENG_STORY_SECTION", (_REGISTER, None, MISSING), "section is empty: enter a number."),
        (
            "ENG_SIMULATION_RESULT",
            (_REGISTER, "npv_p10", MISSING, MISSING),
            "statistic = 'npv_p10' is not known: enter one of npv_p5, npv_p50, npv_p95, npv_mean, roi_p5, roi_p50, roi_p95, roi_mean, prob_npv_positive.",
        ),
    ],
)
def test_bad_input_message(name, args, expected):
    assert message_of(call(name, *args)) == expected


# --- property: whatever Excel hands over, the cell shows numbers or one sentence ----------

excel_scalar = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.floats(min_value=0, max_value=1),
    st.integers(-5, 300).map(float),
    st.sampled_from(list(ERRORS.values()) + [None, True, False, "", " 12% ", "x", " 5 "]),
    st.dates().map(lambda d: excel_date(d.year, d.month, d.day)),
)
excel_block = (
    st.integers(1, 3)
    .flatmap(lambda w: st.lists(st.lists(excel_scalar, min_size=w, max_size=w), min_size=1, max_size=4))
    .map(ExcelRange)
)
excel_argument = st.one_of(excel_scalar, excel_block, st.just(MISSING))


def _is_shown_value(v):
    return isinstance(v, str) or (isinstance(v, float) and math.isfinite(v))


@pytest.mark.parametrize("name", FUNCTIONS)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_excel_input_shows_numbers_or_one_sentence(udf_module, name, data):
    n = len(_argument_names(udf_module, name))
    args = data.draw(st.lists(excel_argument, min_size=n, max_size=n))
    result = call(name, *args)
    assert isinstance(result, list) and all(isinstance(r, list) for r in result)
    assert all(_is_shown_value(v) for r in result for v in r), result
    if len(result) == 1 and len(result[0]) == 1 and isinstance(result[0][0], str) and name != "ENG_VERSION":
        message_of(result)


# --- decision support through Excel's path ------------------------------------------------


def test_decision_tables_as_excel_shows_them():
    from xlengine import udfs

    # Whole tables come back as rows; blank cells (no eNPS for a 3-person team) as "".
    teams = call("ENG_TEAMS", *GOOD["ENG_TEAMS"])
    assert teams == [["" if v is None else v for v in r] for r in udfs.ENG_TEAMS(*_plain(GOOD["ENG_TEAMS"]))]
    assert teams[2][0] == "Legal" and teams[2][2] == ""
    # Sales: 40 x 0.05 = 2 leavers x 31,181.82 x 0.4 = 24,945.45 a year
    assert round(teams[1][4], 2) == 24_945.45
    for name in ("ENG_SCENARIOS", "ENG_SENSITIVITY", "ENG_SIMULATE", "ENG_NPV_HISTOGRAM", "ENG_STORY"):
        rows = call(name, *GOOD[name])
        assert rows == [["" if v is None else v for v in r] for r in getattr(udfs, name)(*_plain(GOOD[name]))], name
    # Omitted draws and seed take 10,000 and 1, as in Python
    assert call("ENG_SIMULATE", _REGISTER, MISSING, MISSING) == call("ENG_SIMULATE", _REGISTER, 10_000.0, 1.0)
    assert shown(call("ENG_STORY_SECTION", _REGISTER, 4.0, MISSING)).startswith("Over 3 jaar € 669.455 aan baten")


def _plain(args):
    """Python's view of the same arguments (ranges as lists of rows)."""
    return [[list(r) for r in a.Value] if isinstance(a, ExcelRange) else a for a in args]


def test_decision_tables_as_one_array_formula():
    # {=ENG_SENSITIVITY_RESULT(assumptions,A5:A6,{"swing","label"})}: a column reference by an
    # array constant (a tuple with one row) gives a 2 x 2 block, equal to four one-cell calls.
    block = call("ENG_SENSITIVITY_RESULT", _REGISTER, column(1.0, 2.0), (("swing", "label"),), "en")
    singles = [[shown(call("ENG_SENSITIVITY_RESULT", _REGISTER, r, f, "en")) for f in ("swing", "label")] for r in (1.0, 2.0)]
    assert block == singles
    assert block[0][0] == pytest.approx(452_901.32, abs=0.01)  # the widest swing, as above
