"""Where xlwings' decorators record nothing, xlengine.udfs does without importing xlwings.

The premise is checked against the installed xlwings, so a release that starts recording
metadata on this platform fails here instead of silently changing the ENG_ functions.
"""

import json
import subprocess
import sys
import textwrap

import pytest

from xlengine.excel import inert_xlwings as _inert_xlwings

pytestmark = pytest.mark.skipif(sys.platform.startswith("win"), reason="on Windows the decorators act")


def _fresh(code: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, check=True, env={"PATH": "/usr/bin:/bin"}
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def sample(x, y=1):
    return x + y


@pytest.mark.parametrize("module", ["xlwings", "inert"])
def test_the_decorators_return_the_function_unchanged(module):
    if module == "xlwings":
        import xlwings as decorators

        if _inert_xlwings.xlwings_decorators_act() and getattr(decorators.func, "__module__", "") != "xlwings":
            pytest.skip("xlwings' Windows machinery is loaded in this process (contract tests)")
    else:
        decorators = _inert_xlwings
    assert decorators.func(sample) is sample
    assert decorators.func(category="Engagement business case")(sample) is sample
    assert decorators.arg("x", ndim=2, doc="a value")(sample) is sample
    assert decorators.ret()(sample) is sample
    assert not hasattr(sample, "__xlfunc__")


def test_xlwings_own_decorators_are_identities_in_a_fresh_process():
    # The premise itself, away from any test that loads xlwings' Windows machinery.
    data = _fresh("""
        import json, xlwings as xw
        def f(x): return x
        print(json.dumps([xw.func(f) is f, xw.func(category="c")(f) is f, xw.arg("x", ndim=2)(f) is f,
                          xw.ret()(f) is f, hasattr(f, "__xlfunc__")]))
    """)
    assert data == [True, True, True, True, False]


def test_headless_import_skips_xlwings_and_pandas():
    data = _fresh("""
        import json, sys
        import xlengine.excel.functions as u
        from xlengine.excel import declare
        print(json.dumps({"xlwings": "xlwings" in sys.modules, "pandas": "pandas" in sys.modules,
                          "decorators": declare.decorators().__name__, "value": u.ENG_LEAVERS_AVOIDED(200.0, 0.25, 0.125)}))
    """)
    # 200 x (0.25 - 0.125) = 25 leavers avoided (exact in binary): the functions work the same
    assert data == {"xlwings": False, "pandas": False, "decorators": "xlengine.excel.inert_xlwings", "value": 25.0}


def test_with_xlwings_imported_first_udfs_uses_it():
    data = _fresh("""
        import json, xlwings
        import xlengine.excel.functions as u
        from xlengine.excel import declare
        print(json.dumps(declare.decorators().__name__))
    """)
    assert data == "xlwings"


@pytest.mark.parametrize("variable, value", [("XLWINGS_ON_SERVER", "true")])
def test_xlwings_server_mode_gets_the_real_decorators(monkeypatch, variable, value):
    monkeypatch.setenv(variable, value)
    assert _inert_xlwings.xlwings_decorators_act()
