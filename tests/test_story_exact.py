"""The board story, exact in both languages: directions, Dutch throughout, provenance,
rounding and singulars, each with a case of its own."""

from __future__ import annotations

import re

import pytest

from xlengine import cli
from xlengine.decision import story
from xlengine.engine import case
from xlengine.engine.register import defaults
from xlengine.udfs import ENG_STORY

# Words that only English has (Dutch shares "is", "of", "in", "over", "even"): one of them in
# the Dutch story is an English fragment.
ENGLISH = {
    "the",
    "and",
    "to",
    "from",
    "falls",
    "rises",
    "rose",
    "stays",
    "turnover",
    "absence",
    "productivity",
    "at",
    "by",
    "with",
    "within",
    "without",
    "payback",
    "year",
    "years",
    "month",
    "months",
    "no",
    "not",
    "leaves",
    "lower",
    "cost",
    "costs",
    "benefits",
    "draws",
    "seed",
    "probability",
    "median",
    "chance",
    "stress",
    "test",
    "favourable",
    "unfavourable",
    "conservative",
    "optimistic",
    "scenario",
    "whatever",
    "happens",
    "points",
    "percentage",
    "still",
    "example",
    "values",
    "own",
    "figures",
    "benchmarks",
    "we",
    "our",
    "it",
    "its",
    "a",
    "an",
    "this",
    "that",
    "are",
    "was",
    "be",
    "but",
    "for",
    "on",
}


def _words(text: str) -> set[str]:
    text = text.replace("break-even", "").replace("Break-even", "")
    return {w.lower() for w in re.findall(r"[A-Za-z]+", text)}


def _dutch_only(rows):
    """No English word, no English number format: every amount "€ 1.234", every decimal "5,6"."""
    for title, text in rows:
        english = _words(text) & ENGLISH
        assert not english, f"{title}: English {sorted(english)} in {text!r}"
        assert "EUR" not in text, f"{title}: EUR in {text!r}"
        assert not re.search(r"\d,\d{3}(?!\d)", text), f"{title}: English thousands separator in {text!r}"
        assert not re.search(r"\d\.\d{1,2}(?!\d)", text), f"{title}: English decimal point in {text!r}"
        for amount in re.findall(r"€ -?[\d.,]+", text):
            assert re.fullmatch(r"€ -?\d{1,3}(\.\d{3})*", amount.rstrip(".,")), amount


def _story(lang, given=None, **values):
    a = defaults()
    a.update(values)
    return dict(story.story(a, lang, given=given if given is not None else set(values)))


RISING = dict(turnover_before=0.10, turnover_after=0.11, productivity_gain=0.01)
NEVER = dict(turnover_after=0.12, absence_after=0.056, productivity_gain=0.0, horizon_years=1)


def test_rising_turnover_is_written_as_a_rise_word_by_word():
    nl, en = _story("nl", **RISING), _story("en", **RISING)
    assert "Het verloop stijgt van 10% naar 11%, het verzuim daalt van 5,6% naar 4,1%" in nl["Verwacht resultaat"]
    assert "Turnover rises from 10% to 11%, absence falls from 5.6% to 4.1%" in en["Expected result"]
    assert "daalt van 10%" not in nl["Verwacht resultaat"] and "falls from 10%" not in en["Expected result"]
    # the break-even says how much of a rise the case can carry against the planned rise
    assert "stijgt, naar 10,47%; het plan gaat uit van een stijging van 1 procentpunt." in nl["Break-even"]
    assert "rises by no more than 0.47 percentage points, to 10.47%; the plan assumes a rise of 1 point." in en["Break-even"]
    _dutch_only(nl.items())


def test_no_change_is_written_as_no_change():
    nl = _story("nl", turnover_after=0.12, absence_after=0.056, productivity_gain=0.0)
    assert nl["Verwacht resultaat"].startswith(
        "Het verloop blijft 12%, het verzuim blijft 5,6% en de productiviteit blijft gelijk."
    )
    en = _story("en", productivity_gain=-0.01)
    assert "productivity falls by 1%" in en["Expected result"]


def test_a_case_that_never_pays_back_in_dutch_word_by_word():
    nl = _story("nl", **NEVER)
    assert "over 1 jaar samen € 150.000" in nl["Interventie"]
    assert nl["Impact"].startswith("Over 1 jaar € 0 aan baten tegen € 150.000 aan kosten")
    assert "niet terugverdiend binnen 1 jaar" in nl["Impact"]
    # even turnover falling to 0% is not enough: said in Dutch, with a Dutch amount
    npv_best = case.compute(dict(defaults(), **dict(NEVER, turnover_after=0.0))).npv  # -7,709.6 (by the engine)
    assert nl["Break-even"] == (
        f"Er is geen break-even op het verloop: zelfs een daling van het verloop naar 0% laat de "
        f"NCW op € -{abs(round(npv_best)):,}".replace(",", ".")
        + "; geen verbetering op dit punt alleen verdient het programma terug. "
        "Verlaag de kosten of tel andere hefbomen mee."
    )
    _dutch_only(nl.items())


def test_singular_year_in_english():
    en = _story("en", **NEVER)
    text = " ".join(en.values())
    assert "over 1 year " in en["Intervention"] and "Over 1 year " in en["Impact"]
    assert "no payback within 1 year." in en["Impact"]
    assert "1 years" not in text


def test_every_dutch_story_is_dutch_only():
    for values in (
        {},
        RISING,
        NEVER,
        {"benchmark_mode": 1, "gap_closed": 0.2},
        {"programme_cost_one_off": 5_000_000.0},
        {"attribution": 0.0},
    ):
        _dutch_only(_story("nl", **values).items())


def test_the_example_enps_is_not_told_as_the_organisations_own():
    # the user gave turnover figures only: no eNPS in the story (the example's 45 -> 60 is not theirs)
    for lang in ("en", "nl"):
        text = " ".join(_story(lang, **RISING).values())
        assert "eNPS" not in text and "45" not in text
    # entered: told
    nl = _story("nl", given={"enps_before", "enps_after"}, enps_before=20.0, enps_after=35.0)
    assert "De eNPS is 20." in nl["Probleem"] and "de eNPS gaat van 20 naar 35" in nl["Verwacht resultaat"]
    # through Excel: the rows of the assumptions range are what the user gave
    rows = dict(ENG_STORY([["turnover_after", 0.07]], "en"))
    assert "eNPS" not in rows["Problem"]


def test_provenance_comes_from_where_the_value_came_from_not_from_its_value():
    # the organisation's own cost per hire happens to equal the register's 5,000: not a benchmark
    own = _story("en", given={"recruitment_cost"}, recruitment_cost=5_000.0)["Sources"]
    assert "SHRM" not in own and "The other assumptions are the organisation's own figures, as entered." in own
    # not given: the register's default, cited with its source (a US dollar figure)
    default = _story("en", given=set())["Sources"]
    assert "SHRM benchmarking (2022)" in default and "USD 4,129 in 2016" in default and "US dollar" in default
    assert "organisation's own figures" not in default
    # the Dutch sources cite by name only (no English prose)
    assert "SHRM (2022); ANSI/SHRM 06001.2012" in _story("nl", given=set())["Bronnen"]


def test_roi_is_exact_at_half_a_percent():
    # Benefits 151,500 against costs 100,000 -> ROI 51.5% exactly (not "51%" or "52%"):
    # productivity only: 100 FTE x 60,000 x 2.525% = 151,500; attribution and confidence 1;
    # the full effect in year 1; no one-off; running cost 100,000 for 1 year.
    values = dict(
        headcount=100.0,
        turnover_after=0.12,
        absence_after=0.056,
        productivity_gain=0.02525,
        attribution=1.0,
        confidence=1.0,
        effect_year1=1.0,
        programme_cost_one_off=0.0,
        programme_cost_annual=100_000.0,
        horizon_years=1,
    )
    assert case.compute(dict(defaults(), **values)).roi == pytest.approx(0.515, abs=1e-12)
    assert "an ROI of 51.5%" in _story("en", **values)["Impact"]
    assert "een ROI van 51,5%" in _story("nl", **values)["Impact"]


def test_rounding_is_half_up_on_the_decimal_figure():
    # float formatting would give 0.125 -> "0.12" (half to even) and 2.675 -> "2.67" (binary)
    assert story.num(0.125, "en", 2) == "0.13" and story.num(2.675, "en", 2) == "2.68"
    assert story.pct(0.0125) == "1.3%" and story.pct(0.0125, "nl") == "1,3%"
    assert story.money(2.5) == "EUR 3" and story.money(-2.5, "nl") == "€ -3"


def test_stress_tests_are_named_for_what_they_are():
    for lang, words in (("en", "A stress test, not a forecast"), ("nl", "Een stresstest, geen prognose")):
        text = _story(lang, **RISING)["Uncertainty" if lang == "en" else "Onzekerheid"]
        assert words in text


@pytest.mark.parametrize("values", [RISING, dict(turnover_after=0.10, productivity_gain=0.01)])
def test_story_figures_sit_inside_the_simulation_or_name_the_stress_nature(values):
    a = dict(defaults(), **values)
    f = story.facts(a)
    text = _story("en", **values)["Uncertainty"]
    # the range sentence uses the simulation's percentiles ...
    lo, hi = f["npv_p5"], f["npv_p95"]
    assert text.startswith(f"With 90% probability the NPV lies between {story.money(lo)} and {story.money(hi)}")
    # ... and every other amount sits inside them, or is a stress test said to be one
    stress = text[text.index("A stress test") : text.index("such a combination")]
    for amount in re.findall(r"EUR -?[\d,]+", text.replace(stress, "")):
        x = int(amount[4:].replace(",", ""))
        assert lo - 1 <= x <= hi + 1 or "biggest uncertainty" in text[text.index(amount) - 120 : text.index(amount)], amount


def test_cli_story_uses_the_keys_of_the_file(tmp_path, capsys):
    f = tmp_path / "case.csv"
    f.write_text("key,value\nturnover_before,10%\nturnover_after,11%\n", encoding="utf-8")
    assert cli.main(["story", str(f), "--language", "nl"]) == 0
    out = capsys.readouterr().out
    assert "Het verloop stijgt van 10% naar 11%" in out and "eNPS" not in out


def test_own_figure_equal_to_a_default_is_not_a_benchmark_in_dutch_either():
    own = _story("nl", given={"recruitment_cost"}, recruitment_cost=5_000.0)["Bronnen"]
    assert "SHRM" not in own and "De overige aannames zijn eigen cijfers van de organisatie, zoals ingevoerd." in own


def test_register_facts_to_the_letter():
    from xlengine.engine.register import BY_KEY

    shrm = BY_KEY["recruitment_cost"].source
    for fact in (
        "ANSI/SHRM 06001.2012",
        "cost-per-hire formula",
        "SHRM benchmarking (2022)",
        "USD 4,700",
        "USD 4,129 in 2016",
        "US dollar",
    ):
        assert fact in shrm, fact
    pay = BY_KEY["continued_pay"].source
    for fact in (
        "7:629",
        "70% of the wage (not of the employer cost)",
        "104 weeks",
        "minimum wage in the first 52 weeks",
        "capped at the maximum daily wage",
    ):
        assert fact in pay, fact


def test_the_template_tells_its_example_figures_as_examples():
    # The shipped template's Assumptions sheet holds the embedded example, marked by the
    # example_values cell (1): its board story claims none of them as the organisation's.
    from xlengine.engine.register import REGISTER, defaults
    from xlengine.udfs import ENG_STORY_SECTION
    from xlengine.workbook import layout, template

    block = [[a.key, float(defaults()[a.key])] for a in REGISTER]
    cached = template.cached_values()
    en_sources = cached[layout.BOARD_STORY_CELLS[("en", "sources")]]
    nl_problem = cached[layout.BOARD_STORY_CELLS[("nl", "problem")]]
    assert "Still example values" in en_sources and "organisation's own" not in en_sources
    assert "eNPS" not in nl_problem  # the example eNPS is not told as theirs
    assert layout.FORMULAS[layout.BOARD_STORY_CELLS[("en", "sources")]].endswith(",example_values)")
    # set to 0 (the organisation's own figures): every row of the range counts as entered
    own = ENG_STORY_SECTION(block, "sources", "en", 0.0)
    assert "Still example values" not in own and "organisation's own" in own
    assert "The eNPS is 45" in ENG_STORY_SECTION(block, "problem", "en", 0.0)
    assert str(ENG_STORY_SECTION(block, "sources", "en", 2.0)).startswith("example = 2 is outside the allowed range")
