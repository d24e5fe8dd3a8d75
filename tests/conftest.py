"""Hypothesis profiles, the slow tests, and what is built once per test session.

Hypothesis: "ci" (the default, a bounded number of examples) and "nightly"; choose with
HYPOTHESIS_PROFILE=nightly. Tests that fix their own max_examples keep it; the
hostile-input suite (tests/test_hostile.py) takes the profile's.
"""

import os

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=25,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.register_profile(
    "nightly",
    max_examples=1_000,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


# --- slow tests: left out of a plain `pytest`, run by CI -----------------------------------
# Slow: building or installing the package, LibreOffice, the formulas engine over a whole
# template, real processes under memory limits. A plain `pytest` leaves them out so that
# it stays short (under 3 minutes on 2 cores); XLENGINE_SLOW=1 (.ci/run) runs everything,
# `pytest -m slow` only these. Marked here, in one list, by module, by fixture or by test.
SLOW_MODULES = {"test_libreoffice.py", "test_standalone.py", "test_headless_template.py"}
SLOW_FIXTURES = {"wheel"}  # tests/test_package.py: the built wheel
SLOW_TESTS = {
    "test_npv_convention.py::test_libreoffice_npv_over_the_report_cells_equals_the_engine",
    "test_headless.py::test_report_converts_to_pdf_with_the_headline_figures",
    "test_cli.py::test_demo_in_dutch",
    "test_template.py::test_template_evaluates_with_the_formulas_engine",
    "test_ranges.py::test_template_typed_range_reaches_the_simulation_and_the_audit",
    "test_reliability.py::test_template_onto_an_existing_file_needs_force",
    "test_reliability.py::test_two_concurrent_compute_runs_one_wins_the_other_exits_2",
    "test_hostile.py::test_random_xml_in_a_sheet_of_a_valid_workbook",
    "test_hostile.py::test_real_processes_keep_the_promises_and_the_memory_budget",
    "test_macros.py::test_write_board_report_beside_the_workbook_and_never_over_one",
    "test_macros.py::test_run_audit_lists_findings_on_an_audit_sheet",
}


def _is_slow(item) -> bool:
    module = item.path.name
    return (
        module in SLOW_MODULES
        or bool(SLOW_FIXTURES & set(getattr(item, "fixturenames", ())))
        or f"{module}::{getattr(item, 'originalname', item.name)}" in SLOW_TESTS
    )


def pytest_collection_modifyitems(config, items):
    for item in items:
        if _is_slow(item):
            item.add_marker(pytest.mark.slow)
    if os.environ.get("XLENGINE_SLOW") == "1" or config.getoption("markexpr"):
        return
    kept = [item for item in items if "slow" not in item.keywords]
    if len(kept) < len(items):
        config.hook.pytest_deselected(items=[item for item in items if "slow" in item.keywords])
        items[:] = kept


def pytest_report_header(config):
    if os.environ.get("XLENGINE_SLOW") != "1" and not config.getoption("markexpr"):
        return "slow tests left out (XLENGINE_SLOW=1 runs them too, as CI does; pytest -m slow only them)"
    return None


@pytest.fixture(scope="session")
def template_bytes() -> bytes:
    """The shipped template as this checkout builds it, built once per test session."""
    from xlengine.workbook import template

    return template.build_bytes()
