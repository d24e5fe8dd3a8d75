"""One-figure-per-cell functions (for the template) equal the table functions' cells."""

import pytest

from xlengine.decision import story
from xlengine.engine.errors import InputError
from xlengine import udfs
from xlengine.udfs import (
    ENG_NPV_HISTOGRAM,
    ENG_NPV_HISTOGRAM_BIN,
    ENG_SCENARIO_RESULT,
    ENG_SCENARIOS,
    ENG_SENSITIVITY,
    ENG_SENSITIVITY_RESULT,
    ENG_SIMULATE,
    ENG_SIMULATION_RESULT,
    ENG_STORY,
    ENG_STORY_SECTION,
)

A = [["key", "value"], ["headcount", 180], ["programme_cost_annual", 60_000]]
LABELS = {
    "turnover_savings": "Turnover savings",
    "absence_savings": "Absence savings",
    "productivity_savings": "Productivity gain",
    "total_benefits": "Total benefits",
    "total_costs": "Programme cost",
    "net_benefit": "Net benefit",
    "npv": "NPV",
    "roi": "ROI",
    "bcr": "BCR",
    "payback_months": "Payback (months)",
}


def test_scenario_cells_equal_the_table():
    table = {r[0]: r for r in ENG_SCENARIOS(A)}
    for col, scenario in enumerate(("conservative", "base", "optimistic"), start=1):
        for name in udfs.SCENARIO_RESULTS:
            assert ENG_SCENARIO_RESULT(A, scenario, name) == table[LABELS[name]][col], (scenario, name)


def test_tornado_cells_equal_the_table():
    table = ENG_SENSITIVITY(A, "nl")
    for rank in range(1, len(table)):
        for i, field in enumerate(udfs.TORNADO_FIELDS):
            assert ENG_SENSITIVITY_RESULT(A, rank, field, "nl") == table[rank][i]
    assert ENG_SENSITIVITY_RESULT(A, len(table), "swing") is None  # beyond the last: empty


def test_simulation_cells_equal_the_table():
    table = ENG_SIMULATE(A, 4_000, 3)
    stats = {
        "npv_p5": table[1][1],
        "npv_p50": table[1][2],
        "npv_p95": table[1][3],
        "npv_mean": table[1][4],
        "roi_p5": table[2][1],
        "roi_p50": table[2][2],
        "roi_p95": table[2][3],
        "roi_mean": table[2][4],
        "prob_npv_positive": table[3][1],
    }
    for name, value in stats.items():
        assert ENG_SIMULATION_RESULT(A, name, 4_000, 3) == value, name
    hist = ENG_NPV_HISTOGRAM(A, 4_000, 3, 12)
    for b in range(1, 13):
        for i, field in enumerate(udfs.HISTOGRAM_FIELDS):
            assert ENG_NPV_HISTOGRAM_BIN(A, b, field, 4_000, 3, 12) == hist[b][i]
    assert ENG_NPV_HISTOGRAM_BIN(A, 13, "draws", 4_000, 3, 12) is None
    assert sum(ENG_NPV_HISTOGRAM_BIN(A, b, "draws", 4_000, 3, 12) for b in range(1, 13)) == 4_000


def test_story_sections_equal_the_story():
    for lang in ("nl", "en"):
        rows = ENG_STORY(A, lang)
        assert [ENG_STORY_SECTION(A, i, lang) for i in range(1, len(rows) + 1)] == [r[1] for r in rows]
        assert [ENG_STORY_SECTION(A, key, lang) for key in story.SECTION_KEYS] == [r[1] for r in rows]


@pytest.mark.parametrize(
    "call, fragment",
    [
        (lambda: ENG_SCENARIO_RESULT(A, "worst", "npv"), "scenario = 'worst' is not known"),
        (lambda: ENG_SCENARIO_RESULT(A, "base", "ebitda"), "result = 'ebitda' is not known"),
        (lambda: ENG_SENSITIVITY_RESULT(A, 0, "swing"), "rank = 0 is outside"),
        (lambda: ENG_SIMULATION_RESULT(A, "npv_p10"), "statistic = 'npv_p10' is not known"),
        (lambda: ENG_NPV_HISTOGRAM_BIN(A, 1, "height"), "field = 'height' is not known"),
        (lambda: ENG_STORY_SECTION(A, 9), "section = 9 is outside"),
        (lambda: ENG_STORY_SECTION(A, "moral"), "section = 'moral' is not a section of the story"),
    ],
)
def test_bad_arguments_are_sentences(call, fragment):
    failure = call()
    assert isinstance(failure, InputError) and fragment in str(failure)


# --- a column by a row gives the table: one array formula instead of one call per cell -----


def test_a_column_of_ranks_by_a_row_of_fields_gives_the_tornado_block():
    ranks, fields = [[1.0], [2.0], [3.0]], [["label", "low", "swing"]]
    block = ENG_SENSITIVITY_RESULT(A, ranks, fields, "nl")
    assert block == [[ENG_SENSITIVITY_RESULT(A, r[0], f, "nl") for f in fields[0]] for r in ranks]
    assert len(block) == 3 and len(block[0]) == 3 and isinstance(block[0][0], str)


def test_a_row_of_scenarios_by_a_column_of_figures_gives_the_scenario_table():
    table = {r[0]: r for r in ENG_SCENARIOS(A)}
    block = ENG_SCENARIO_RESULT(A, [["conservative", "base", "optimistic"]], [[n] for n in udfs.SCENARIO_RESULTS])
    assert block == [table[LABELS[n]][1:4] for n in udfs.SCENARIO_RESULTS]


def test_histogram_block_and_single_cells_as_one_by_one_ranges():
    bars, fields = [[b] for b in (1.0, 2.0, 13.0)], [["npv_from", "draws"]]
    hist = ENG_NPV_HISTOGRAM(A, 4_000, 3, 12)
    block = ENG_NPV_HISTOGRAM_BIN(A, bars, fields, 4_000, 3, 12)
    assert block == [[hist[1][0], hist[1][2]], [hist[2][0], hist[2][2]], [None, None]]  # bar 13 of 12: empty
    # xlwings hands a single cell over as [[value]] (ndim=2): the same as the value itself
    assert ENG_SENSITIVITY_RESULT(A, [[1.0]], [["swing"]]) == ENG_SENSITIVITY_RESULT(A, 1.0, "swing")


def test_selector_ranges_that_do_not_fit_are_refused_in_words():
    msg = str(ENG_SENSITIVITY_RESULT(A, [[1.0], [2.0], [3.0]], [["low"], ["high"]]))
    assert msg.startswith("the ranges have different sizes")
    assert "field = 'height' is not known" in str(ENG_SENSITIVITY_RESULT(A, [[1.0]], [["low", "height"]]))
    # a broken selector range is named by its argument
    assert str(ENG_SENSITIVITY_RESULT(A, [], "low")).startswith("rank is an empty range")
    assert str(ENG_SCENARIO_RESULT(A, [["base"], ["optimistic", "conservative"]], "npv")).startswith(
        "scenario is not a rectangular range"
    )
