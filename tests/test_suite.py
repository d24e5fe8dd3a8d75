"""The test suite's own rules: the slow list (tests/conftest.py) names tests that exist."""

from __future__ import annotations

from pathlib import Path

import conftest

HERE = Path(__file__).parent


def test_the_slow_list_names_tests_that_exist():
    # a renamed slow test would silently come back into the default run
    for module in conftest.SLOW_MODULES:
        assert (HERE / module).is_file(), module
    for entry in conftest.SLOW_TESTS:
        module, name = entry.split("::")
        assert f"def {name}(" in (HERE / module).read_text(encoding="utf-8"), entry
    assert "wheel" in conftest.SLOW_FIXTURES and "def wheel(" in (HERE / "test_package.py").read_text(encoding="utf-8")
