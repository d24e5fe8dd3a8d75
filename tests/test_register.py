"""The assumption register: the keys the issue names, sane defaults, sources for all."""

import pytest

from xlengine.engine import register
from xlengine.engine.register import BY_KEY, REGISTER

ISSUE_KEYS = """headcount annual_employer_cost working_days turnover_before turnover_after
recruitment_cost onboarding_cost vacancy_days ramp_up_months ramp_up_shortfall absence_before
absence_after continued_pay cover_share value_per_fte productivity_gain attribution confidence
programme_cost_one_off programme_cost_annual horizon_years effect_year1 discount_rate""".split()


def test_every_issue_key_is_registered():
    assert set(ISSUE_KEYS) <= set(BY_KEY)


def test_keys_are_unique_lowercase_identifiers():
    keys = [a.key for a in REGISTER]
    assert len(keys) == len(set(keys))
    assert all(k.isidentifier() and k == k.lower() for k in keys)


@pytest.mark.parametrize("a", REGISTER, ids=lambda a: a.key)
def test_entry_is_complete_and_consistent(a):
    assert a.label_en and a.label_nl and a.unit and len(a.source) > 20
    lo, hi = a.allowed
    plo, phi = a.plausible
    assert lo <= plo <= phi <= hi
    assert plo <= a.default <= phi, "the embedded example must itself pass the audit"
    if a.uncertain:
        assert lo <= a.low <= a.default <= a.high <= hi
    if a.is_fraction:
        assert hi <= 2


def test_unverified_figures_are_flagged():
    # domain.md: figures not checked against the original must say so
    assert not BY_KEY["annual_employer_cost"].verified


def test_embedded_example_matches_the_seed():
    # seed: turnover 12% -> 8%, absence down 1.5 points, eNPS 45 -> 60
    d = register.defaults()
    assert (d["turnover_before"], d["turnover_after"]) == (0.12, 0.08)
    assert d["absence_before"] - d["absence_after"] == pytest.approx(0.015)
    assert (d["enps_before"], d["enps_after"]) == (45, 60)


def test_gallup_editions():
    assert register.gallup_gap("absenteeism") == -0.78
    assert register.gallup_gap("absenteeism", 2020) == -0.81
    assert register.gallup_gap("Turnover_Low") == -0.51
    assert register.gallup_gap("profitability") == 0.23
    with pytest.raises(KeyError):
        register.gallup_gap("happiness")
    with pytest.raises(LookupError):
        register.gallup_gap("absenteeism", 2017)


def test_register_doc_table_is_up_to_date():
    from pathlib import Path

    from xlengine import docs

    doc = (Path(__file__).resolve().parent.parent / "docs" / "register.md").read_text(encoding="utf-8")
    assert docs.updated_register_doc(doc) == doc, "run: python -m xlengine.docs"
    for a in REGISTER:
        assert f"`{a.key}`" in doc
