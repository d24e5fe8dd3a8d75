"""The board story: every number in the text is the engine's number, in Dutch and English."""

import re

import pytest

import oracle
from xlengine import i18n
from xlengine.decision import story, uncertainty
from xlengine.engine.register import defaults
from xlengine.udfs import ENG_STORY

MONEY = {"en": re.compile(r"EUR (-?[\d,]+)"), "nl": re.compile(r"€ (-?[\d.]+)")}
PERCENT = {"en": re.compile(r"(-?\d[\d,]*(?:\.\d+)?)%"), "nl": re.compile(r"(-?\d[\d.]*(?:,\d+)?)%")}


def money(text, lang):
    """Whole euros back out of the text, in order."""
    sep = "," if lang == "en" else "."
    return [int(m.replace(sep, "")) for m in MONEY[lang].findall(text)]


def percents(text, lang):
    if lang == "en":
        return [float(m.replace(",", "")) for m in PERCENT[lang].findall(text)]
    return [float(m.replace(".", "").replace(",", ".")) for m in PERCENT[lang].findall(text)]


def sections(a, lang):
    return dict(story.story(a, lang))


CASES = {
    "default": {},
    "own figures": {
        "headcount": 480.0,
        "turnover_before": 0.18,
        "turnover_after": 0.135,
        "absence_before": 0.07,
        "absence_after": 0.06,
        "programme_cost_one_off": 250_000.0,
        "attribution": 0.4,
    },
    "benchmark": {"benchmark_mode": 1, "gap_closed": 0.2},
}


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("name", list(CASES))
def test_story_numbers_are_the_case_numbers(name, lang):
    a = defaults()
    a.update(CASES[name])
    f = story.facts(a)
    s = story.story(a, lang)
    text = dict(s)
    title = i18n.STORY_SECTIONS[lang]
    r = f["result"]
    # Problem: cost per leaver, turnover cost now, cost per sick day, absence cost now
    assert money(text[title[0]], lang) == [
        round(f["cost_per_leaver"]),
        round(f["turnover_cost_now"]),
        round(f["cost_per_sick_day"]),
        round(f["absence_cost_now"]),
    ]
    if name == "default":  # by hand (tests/oracle.py)
        # cost per leaver; turnover today = 200 x 12% x 31,181.82; a sick day = 60,000 / 220;
        # absence today = 200 x 220 x 5.6% x 272.73
        assert money(text[title[0]], lang) == [
            31_182,
            round(200 * 0.12 * oracle.COST_PER_LEAVER),
            273,
            round(200 * 220 * 0.056 * 60_000 / 220),
        ]
        assert money(text[title[1]], lang) == [100_000, 50_000, 250_000]
        assert money(text[title[3]], lang) == [round(oracle.BENEFITS), round(oracle.COSTS), round(oracle.NPV)]
        assert percents(text[title[3]], lang)[1] == round(oracle.ROI * 100, 1)  # 167.8
    # Intervention: one-off, annual, total over the horizon
    assert money(text[title[1]], lang) == [
        round(a["programme_cost_one_off"]),
        round(a["programme_cost_annual"]),
        round(r.total_costs),
    ]
    # Expected result: the rates before/after (derived ones in benchmark mode)
    inputs = f["inputs"]
    expected = [
        inputs["turnover_before"],
        inputs["turnover_after"],
        inputs["absence_before"],
        inputs["absence_after"],
        inputs["productivity_gain"],
        inputs["effect_year1"],
    ]
    assert percents(text[title[2]], lang)[:6] == [round(x * 100, 1) for x in expected]
    # Impact: benefits, costs, NPV; discount rate, ROI, attribution, confidence
    assert money(text[title[3]], lang) == [round(r.total_benefits), round(r.total_costs), round(r.npv)]
    assert percents(text[title[3]], lang) == [
        round(a["discount_rate"] * 100, 1),
        round(r.roi * 100, 1),
        round(a["attribution"] * 100),
        round(a["confidence"] * 100),
    ]
    bcr = f"{r.bcr:.2f}" if lang == "en" else f"{r.bcr:.2f}".replace(".", ",")
    assert bcr in text[title[3]]
    # Uncertainty: P5, P95, median, the two stress tests, the widest bar's two ends
    top = f["tornado_top"]
    assert money(text[title[4]], lang) == [
        round(f["npv_p5"]),
        round(f["npv_p95"]),
        round(f["npv_p50"]),
        round(f["npv_stress_low"]),
        round(f["npv_stress_high"]),
        round(min(top["npv_low"], top["npv_high"])),
        round(max(top["npv_low"], top["npv_high"])),
    ]
    sim = uncertainty.simulate(a, 10_000, 1)
    assert round(f["npv_p5"]) == round(sim.percentiles()["npv"][0])  # ENG_SIMULATE's defaults
    assert percents(text[title[4]], lang)[1] == round(sim.prob_positive * 100, 1)


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_story_breakeven_numbers(lang):
    a = defaults()
    a.update(programme_cost_one_off=400_000.0, programme_cost_annual=150_000.0)
    expensive = oracle.npv(oracle.cash_flows(one_off=400_000.0, annual=150_000.0))
    needed = oracle.breakeven_points(oracle.TURNOVER, oracle.TURNOVER_PER_POINT, expensive)  # 4.20 points
    text = sections(a, lang)[i18n.STORY_SECTIONS[lang][5]]
    points = re.findall(r"(\d+[.,]\d+) (?:percentage points|procentpunt)", text)
    assert float(points[0].replace(",", ".")) == round(needed, 2)
    assert percents(text, lang)[0] == round(12 - needed, 2)  # turnover_after = 12% - the points


def test_story_says_when_turnover_does_not_matter():
    text = sections(defaults(), "en")["Break-even"]
    points = oracle.breakeven_points(oracle.TURNOVER, oracle.TURNOVER_PER_POINT)  # -2.54
    assert points < 0
    shown = f"{-points:.2f}".rstrip("0").rstrip(".")  # two decimals, trailing zeros dropped
    assert f"rose by {shown} percentage points" in text


def test_benchmark_mode_story_names_gallup_and_the_gap():
    a = defaults()
    a.update(benchmark_mode=1, gap_closed=0.2)
    en = sections(a, "en")
    assert "Gallup, Q12 Meta-Analysis, 11th edition (2024)" in en["Expected result"]
    assert "closes 20% of that gap" in en["Expected result"]
    assert "51% lower turnover, 78% lower absenteeism and 14% higher productivity" in en["Expected result"]
    assert "Gallup, Q12 Meta-Analysis, 11th edition (2024)" in en["Sources"]
    nl = sections(a, "nl")
    assert "20% van dat verschil" in nl["Verwacht resultaat"]
    assert "Gallup-verschil" in nl["Break-even"]


def test_story_names_intangibles_attribution_and_sources():
    en = sections(defaults(), "en")
    assert "customer loyalty" in en["Not in the money"] and "do not count them" in en["Not in the money"]
    assert "50% of the improvement is attributed" in en["Impact"]
    assert "ANSI/SHRM 06001.2012" in en["Sources"] and "CBS" in en["Sources"]
    assert "Programme cost, one-off (at the start, year 0)" in en["Sources"]  # an example value still in use
    a = defaults()
    a["recruitment_cost"] = 7_000.0
    own = dict(story.story(a, "en", given={"recruitment_cost"}))["Sources"]
    assert "SHRM" not in own  # own figure: no benchmark to cite


def test_no_payback_is_said_in_words():
    a = defaults()
    a["programme_cost_one_off"] = 5_000_000.0
    assert "no payback within 3 years" in sections(a, "en")["Impact"]
    assert "niet terugverdiend binnen 3 jaar" in sections(a, "nl")["Impact"]


def test_eng_story_shape_and_language():
    nl = ENG_STORY([["headcount", 200]])
    assert [r[0] for r in nl] == i18n.STORY_SECTIONS["nl"]
    assert all(len(r) == 2 and isinstance(r[1], str) for r in nl)
    assert ENG_STORY([["headcount", 200]], "en")[0][0] == "Problem"
    assert "not supported" in str(ENG_STORY([["headcount", 200]], "fr"))
    assert "not a known assumption" in str(ENG_STORY([["head_count", 200]]))


def test_number_formats():
    assert story.money(1234567.4, "nl") == "€ 1.234.567"
    assert story.pct(0.1234, "nl") == "12,3%" and story.pct(0.1234) == "12.3%"
    assert story.num(12.0) == "12" and story.num(12.25, "nl", 2) == "12,25"


def test_story_when_nothing_pays_back():
    a = defaults()
    a["attribution"] = 0.0
    en = sections(a, "en")
    assert en["Break-even"].startswith("There is no break-even: an improvement is worth nothing in this case")
    assert sections(a, "nl")["Break-even"].startswith(
        "Er is geen break-even: een verbetering levert in deze businesscase niets op"
    )
    assert money(en["Impact"], "en")[2] == round(oracle.npv(oracle.cash_flows(0.0)))  # NPV = -PV(costs)
