"""One source of truth: the privacy minimum, the number formats, the checks of every argument."""

from __future__ import annotations

import pytest

from xlengine.decision import roster, teams
from xlengine.engine import register, validate
from xlengine.excel import arguments
from xlengine.excel import functions as udfs
from xlengine.workbook import layout, report


def test_one_privacy_minimum_for_answers_and_people():
    assert register.PRIVACY_MINIMUM == 5
    assert teams.MIN_ENPS_GROUP is register.PRIVACY_MINIMUM and roster.MIN_ENPS_ANSWERS is register.PRIVACY_MINIMUM
    # 5 answers of 10: 1 promoter, no detractor -> 100 x (1 - 0) / 5 = 20; 4 answers are refused
    assert udfs.ENG_ENPS([[10], [8], [8], [7], [7]]) == 20.0
    assert str(udfs.ENG_ENPS([[10], [8], [8], [7]])) == (
        "scores holds 4 answer(s): eNPS needs at least 5, so that no one can be identified (privacy).")


def test_one_number_format_table():
    assert report.NUM_FORMATS is layout.NUMBER_FORMATS
    units = {a.unit for a in register.REGISTER if a.unit not in ("switch", "edition")}
    assert units <= set(layout.NUMBER_FORMATS), units - set(layout.NUMBER_FORMATS)


def test_one_table_of_argument_checks():
    assert arguments.CHECKS is validate.CHECKS
    for key, a in register.BY_KEY.items():
        assert validate.CHECKS[key] == dict(allowed=a.allowed, unit=a.unit, fraction=a.is_fraction, integer=a.integer)
    assert not set(validate.ARGUMENT_CHECKS) & set(register.BY_KEY)


@pytest.mark.parametrize("key,x,expected", [
    ("turnover_before", 0.5, "turnover_before = 50% is outside the plausible range 2% to 40%"),
    ("ramp_up_months", 30.0, "ramp_up_months = 30 is outside the plausible range 1 to 24 months"),
    ("ramp_up_months", 24.0, None),
])
def test_the_audit_and_validation_share_the_plausible_range_wording(key, x, expected):
    assert validate.implausible(key, x) == expected
