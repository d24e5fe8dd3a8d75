"""An omitted optional argument takes the register's default, and the wizard says so.

Each expected figure is the case's own figure for the register defaults, worked out by
hand here (the defaults: employer cost 60,000, recruitment 5,000, onboarding 3,000,
vacancy 30 days, ramp-up 6 months at a 50% shortfall, 220 working days, continued pay
100%, cover 0%, absence 5.6% -> 4.1%, 200 FTE, Gallup edition 2024).
"""

from __future__ import annotations

import inspect

import pytest

from xlengine.engine import register
from xlengine.excel import functions as udfs
from xlwings_harness import MISSING, call, excel_session

COST_PER_LEAVER = 5_000 + 3_000 + 30 * 60_000 / 220 + 6 / 12 * 60_000 * 0.5  # 31,181.82
SICK_DAY = 60_000 / 220 * (1.0 + 0.0)  # 272.73


def test_cost_per_leaver_takes_the_registers_vacancy_and_ramp_up():
    # 5,000 + 3,000 + 30 x 60,000 / 220 + 6 / 12 x 60,000 x 0.5 = 8,000 + 8,181.82 + 15,000
    assert udfs.ENG_COST_PER_LEAVER(60_000, 5_000, 3_000) == pytest.approx(COST_PER_LEAVER, rel=1e-12)


def test_sick_day_cost_takes_the_registers_pay_cover_and_days():
    # 60,000 / 220 x (1.0 + 0.0)
    assert udfs.ENG_SICK_DAY_COST(60_000) == pytest.approx(SICK_DAY, rel=1e-12)


def test_absence_savings_takes_the_registers_working_days():
    # 200 x 220 x (0.056 - 0.041) x 60,000 / 220 = 200 x 0.015 x 60,000 = 180,000
    assert udfs.ENG_ABSENCE_SAVINGS(200, 0.056, 0.041, 60_000 / 220) == pytest.approx(180_000, rel=1e-12)


def test_gallup_takes_the_registers_edition():
    # 11th edition (2024): absenteeism -78% top vs bottom quartile
    assert udfs.ENG_GALLUP("absenteeism") == -0.78


def test_excel_omitting_them_gets_the_same_figures():
    # In Excel an omitted Optional argument reaches Python as DISP_E_PARAMNOTFOUND; xlwings'
    # call_udf then uses the Python default, which is the register's.
    with excel_session():
        assert call("ENG_COST_PER_LEAVER", 60_000.0, 5_000.0, 3_000.0, MISSING, MISSING, MISSING, MISSING) == [
            [pytest.approx(COST_PER_LEAVER, rel=1e-12)]
        ]
        assert call("ENG_SICK_DAY_COST", 60_000.0, MISSING, MISSING, MISSING) == [[pytest.approx(SICK_DAY, rel=1e-12)]]


def _register_optionals():
    for name in udfs.__all__:
        if not name.startswith("ENG_"):
            continue
        for p in inspect.signature(getattr(udfs, name)).parameters.values():
            key = "gallup_edition" if (name, p.name) == ("ENG_GALLUP", "edition") else p.name
            if p.default is not p.empty and key in register.BY_KEY:
                yield name, p.name, key


@pytest.mark.parametrize("name,argument,key", list(_register_optionals()))
def test_every_optional_register_argument_defaults_to_the_register_and_says_so(name, argument, key):
    entry = register.BY_KEY[key]
    default = inspect.signature(getattr(udfs, name)).parameters[argument].default
    assert default == entry.default, (name, argument)
    with excel_session() as module:
        doc = next(a["doc"] for a in getattr(module, name).__xlfunc__["args"] if a["name"] == argument)
    shown = f"{entry.default * 100:g}%" if entry.is_fraction else f"{entry.default:g}"
    assert f"Left out: {shown}" in doc and "the register's default" in doc, doc


def test_the_register_backed_optionals_are_the_ones_expected():
    assert sorted((n, a) for n, a, _ in _register_optionals()) == sorted(
        [
            ("ENG_ABSENCE_SAVINGS", "working_days"),
            ("ENG_COST_PER_LEAVER", "ramp_up_months"),
            ("ENG_COST_PER_LEAVER", "ramp_up_shortfall"),
            ("ENG_COST_PER_LEAVER", "vacancy_days"),
            ("ENG_COST_PER_LEAVER", "working_days"),
            ("ENG_GALLUP", "edition"),
            ("ENG_SICK_DAY_COST", "continued_pay"),
            ("ENG_SICK_DAY_COST", "cover_share"),
            ("ENG_SICK_DAY_COST", "working_days"),
        ]
    )
