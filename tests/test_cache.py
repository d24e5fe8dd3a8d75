"""The function server's memory: bounded in bytes, emptied by clear_caches, never stale."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import xlengine.excel
from xlengine.decision import uncertainty
from xlengine.engine import validate
from xlengine.excel import cache
from xlengine.excel import functions as udfs

A = [["headcount", 200.0]]


@pytest.fixture(autouse=True)
def empty_caches():
    xlengine.excel.clear_caches()
    yield
    xlengine.excel.clear_caches()


def test_a_simulation_is_counted_by_its_arrays():
    # two float64 arrays (NPV and ROI) of 100,000 draws: 2 x 8 x 100,000 = 1.6 MB, so a
    # 1,000,000-draw simulation holds 16 MB
    sim = uncertainty.simulate(validate.assumptions({}), draws=100_000, seed=1)
    assert 1_600_000 <= cache.nbytes(sim) <= 1_600_000 * 1.25


@settings(max_examples=60, deadline=None)
@given(sizes=st.lists(st.integers(0, 3_000), min_size=1, max_size=30), budget=st.integers(1_000, 40_000))
def test_the_byte_budget_holds_and_the_newest_entry_stays(sizes, budget):
    c = cache.MemoryBoundCache("test", budget)
    for i, n in enumerate(sizes):
        value = c.get(i, lambda: np.zeros(n))  # 8 bytes a float plus the array object
        assert value.shape == (n,)
        assert c.nbytes == sum(cache.nbytes(c._entries[k][0]) for k in c._entries) <= budget
        fits = cache.nbytes(value) <= budget
        assert (i in c) == fits  # what fits is kept, most recent first; what cannot fit is not
    assert len(c) <= len(sizes)


def test_least_recently_used_goes_first():
    size = cache.nbytes(np.zeros(100))
    c = cache.MemoryBoundCache("test", 3 * size)
    for k in "abc":
        c.get(k, lambda: np.zeros(100))
    c.get("a", lambda: pytest.fail("a is remembered"))  # a is now the most recent
    c.get("d", lambda: np.zeros(100))
    assert ("a" in c, "b" in c, "c" in c, "d" in c) == (True, False, True, True)


def test_template_cells_fill_the_results_and_clear_caches_empties_everything():
    assert udfs.ENG_SIMULATION_RESULT(A, "npv_p50", 2_000, 1) == pytest.approx(
        float(np.percentile(uncertainty.simulate(validate.assumptions({"headcount": 200.0}), draws=2_000, seed=1).npv, 50))
    )
    udfs.ENG_SCENARIO_RESULT(A, "base", "npv")
    udfs.ENG_STORY_SECTION(A, "problem", "en")
    assert len(cache.RESULTS) >= 3 and cache.RESULTS.nbytes > 2 * 8 * 2_000
    assert len(cache.CHECKED_ASSUMPTIONS) == 1
    xlengine.excel.clear_caches()
    assert (len(cache.RESULTS), cache.RESULTS.nbytes, len(cache.CHECKED_ASSUMPTIONS), cache.CHECKED_ASSUMPTIONS.nbytes) == (
        0,
        0,
        0,
        0,
    )


def test_clear_caches_forgets_the_conversion_pipelines_too():
    from xlengine.excel import xlconvert

    options = {"ndim": 2, "err_to_str": True, "convert": xlconvert.EngValue}
    xlconvert.EngValue.reader(options)
    assert xlconvert._readers
    xlengine.excel.clear_caches()
    assert not xlconvert._readers and not xlconvert._plain


def test_a_changed_input_never_gets_a_stale_result():
    # headcount 200 -> 100 halves every lever saving: the base NPV must move
    npv_200 = udfs.ENG_SCENARIO_RESULT([["headcount", 200.0]], "base", "npv")
    npv_100 = udfs.ENG_SCENARIO_RESULT([["headcount", 100.0]], "base", "npv")
    assert npv_100 != npv_200
    assert udfs.ENG_SCENARIO_RESULT([["headcount", 200.0]], "base", "npv") == npv_200
    # another seed or draw count is another simulation
    p5 = udfs.ENG_SIMULATION_RESULT(A, "npv_p5", 2_000, 1)
    assert udfs.ENG_SIMULATION_RESULT(A, "npv_p5", 2_000, 2) != p5
    assert udfs.ENG_SIMULATION_RESULT(A, "npv_p5", 3_000, 1) != p5


def test_a_failure_is_not_remembered():
    bad = [["attribution", True]]
    assert "yes/no" in str(udfs.ENG_SCENARIO_RESULT(bad, "base", "npv"))
    assert len(cache.CHECKED_ASSUMPTIONS) == 0 and len(cache.RESULTS) == 0
