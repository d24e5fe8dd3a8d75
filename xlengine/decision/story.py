"""The board story: problem -> intervention -> expected result -> impact, in NL and EN.

The seed text's advice, made mechanical: start from the facts (what turnover and absence
cost today), name the intervention and its full cost, state the expected result, and end
with the impact in the board's language (NPV, ROI, payback), with the honest range
(Monte Carlo), the break-even, the attribution and confidence used, the intangibles
(named, not monetised, as Phillips advises) and the sources of every benchmark.

Every number in the text comes from :func:`xlengine.engine.case.compute`,
:func:`xlengine.decision.uncertainty.simulate`, :func:`~xlengine.decision.uncertainty.scenarios`,
:func:`~xlengine.decision.uncertainty.sensitivity` and :func:`~xlengine.decision.uncertainty.breakeven` on the
same assumptions; the tests parse them back out of the text. Money is shown in whole
euros, rates with one decimal, ROI in whole percent.
"""

from __future__ import annotations

import math
from typing import Any, Mapping

from .. import i18n
from ..engine import gallup as _gallup
from ..engine import model as _model
from . import uncertainty as _uncertainty
from ..engine.case import compute
from ..engine.errors import InputError
from ..engine.register import BY_KEY, GALLUP_SOURCES, gallup_gap

__all__ = ["money", "pct", "facts", "story", "SECTION_KEYS"]

#: Section names for one-section-per-cell use (ENG_STORY_SECTION), in story order.
SECTION_KEYS = ("problem", "intervention", "expected_result", "impact", "uncertainty", "break_even",
                "not_in_the_money", "sources")

def money(x: float, language: str = "en") -> str:
    """Whole euros as a reader expects them.

    >>> money(344679.21), money(344679.21, "nl"), money(-1234.6, "nl")
    ('EUR 344,679', '€ 344.679', '€ -1.235')
    """
    text = f"{round(x):,.0f}"
    if language == "nl":
        return "€ " + text.replace(",", ".")
    return "EUR " + text


def pct(x: float, language: str = "en", decimals: int = 1) -> str:
    """A fraction as a percentage, trailing ",0"/".0" dropped.

    >>> pct(0.12), pct(0.056, "nl"), pct(1.6778, decimals=0)
    ('12%', '5,6%', '168%')
    """
    text = f"{x * 100:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return (text.replace(".", ",") if language == "nl" else text) + "%"


def num(x: float, language: str = "en", decimals: int = 1) -> str:
    """A plain number with ``decimals`` (trailing zeros dropped) and thousands separators."""
    text = f"{x:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if language == "nl":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return text


def facts(a: Mapping[str, Any], draws: int = 10_000, seed: int = 1) -> dict[str, Any]:
    """Every number the story uses, from the engine (for the text and for the tests)."""
    result = compute(a)
    r = result.inputs  # benchmark mode: the derived "after" values
    gross = result.gross
    h = float(r["headcount"])
    sim = _uncertainty.simulate(a, draws=draws, seed=seed)
    p5, p50, p95 = sim.percentiles()["npv"]
    sc = _uncertainty.scenarios(a)
    tornado = _uncertainty.sensitivity(a)
    lever = "gap_closed" if _gallup.is_on(a) else "turnover"
    try:
        be = _uncertainty.breakeven(a, lever)
        be_error = None
    except InputError as e:
        be, be_error = None, str(e)
    return {
        "result": result, "inputs": r, "headcount": h,
        "leavers_now": float(_model.leavers_avoided(h, r["turnover_before"], 0.0)),
        "turnover_cost_now": float(_model.turnover_savings(h, r["turnover_before"], 0.0, gross["cost_per_leaver"])),
        "sick_days_now": float(_model.sick_days_avoided(h, r["absence_before"], 0.0, r["working_days"])),
        "absence_cost_now": float(_model.absence_savings(h, r["absence_before"], 0.0, gross["cost_per_sick_day"], r["working_days"])),
        "cost_per_leaver": float(gross["cost_per_leaver"]),
        "cost_per_sick_day": float(gross["cost_per_sick_day"]),
        "simulation": sim, "npv_p5": p5, "npv_p50": p50, "npv_p95": p95,
        "prob_positive": sim.prob_positive,
        "npv_conservative": float(compute(sc["conservative"]).npv),
        "npv_optimistic": float(compute(sc["optimistic"]).npv),
        "tornado_top": tornado[0] if tornado else None,
        "breakeven": be, "breakeven_error": be_error, "breakeven_lever": lever,
    }


def _sources(a: Mapping[str, Any], language: str) -> str:
    """The source of every benchmark in use (register entries left at their default), and
    the illustrative defaults the user has not yet replaced."""
    benchmarks, illustrative = [], []
    on = _gallup.is_on(a)
    for key, entry in BY_KEY.items():
        if entry.group in ("survey", "benchmark") or key in ("headcount", "working_days", "horizon_years"):
            continue
        if key in _gallup.DERIVED and on:
            continue
        if float(a[key]) != float(entry.default):
            continue
        if entry.source.startswith("Illustrative"):
            illustrative.append(entry.label(language))
            continue
        mark = "" if entry.verified else (" (niet geverifieerd)" if language == "nl" else " (unverified)")
        benchmarks.append(f"{entry.label(language)}: {entry.source}{mark}")
    if on:
        benchmarks.append(GALLUP_SOURCES[int(a["gallup_edition"])])
    nl = language == "nl"
    parts = []
    if benchmarks:
        parts.append(("Benchmarks: " if not nl else "Benchmarks: ") + "; ".join(benchmarks) + ".")
    if illustrative:
        parts.append(("Nog voorbeeldwaarden (vervang ze door eigen cijfers): " if nl
                      else "Still example values (replace them with your own figures): ") + "; ".join(illustrative) + ".")
    if not parts:
        parts.append("Alle aannames zijn eigen cijfers van de organisatie." if nl
                     else "All assumptions are the organisation's own figures.")
    return " ".join(parts)


def story(a: Mapping[str, Any], language: str = "nl", draws: int = 10_000, seed: int = 1,
          evidence: Any = None) -> list[list[str]]:
    """The board story as rows of (section, text), in Dutch (``nl``) or English (``en``).

    ``evidence``: results of :func:`xlengine.decision.evidence.evidence` when the "after"
    values come from the organisation's own evidence (the expected result says so).

    >>> from xlengine.engine.register import defaults
    >>> rows = story(defaults(), "en")
    >>> [r[0] for r in rows][:4]
    ['Problem', 'Intervention', 'Expected result', 'Impact']
    >>> "(NPV) of EUR 344,679" in rows[3][1]
    True
    """
    lang = "nl" if language == "nl" else "en"
    f = facts(a, draws=draws, seed=seed)
    r, res = f["inputs"], f["result"]
    nl = lang == "nl"
    M = lambda x: money(x, lang)  # noqa: E731
    P = lambda x, d=1: pct(x, lang, d)  # noqa: E731
    N = lambda x, d=1: num(x, lang, d)  # noqa: E731
    years = res.horizon_years
    s = res.summary()

    if nl:
        problem = (f"Het verloop is nu {P(r['turnover_before'])} per jaar: {N(f['leavers_now'])} vertrekkers op "
                   f"{N(f['headcount'])} FTE, elk {M(f['cost_per_leaver'])} om te vervangen, samen {M(f['turnover_cost_now'])} per jaar. "
                   f"Het verzuim is {P(r['absence_before'])} van de werkdagen: {N(f['sick_days_now'], 0)} verzuimdagen van "
                   f"{M(f['cost_per_sick_day'])}, samen {M(f['absence_cost_now'])} per jaar. De eNPS is {N(r['enps_before'], 0)}.")
        intervention = (f"Een betrokkenheidsprogramma van {M(r['programme_cost_one_off'])} eenmalig plus "
                        f"{M(r['programme_cost_annual'])} per jaar, over {years} jaar samen {M(s['total_costs'])} "
                        f"(volledig belast, inclusief tijd van medewerkers).")
        result = (f"Het verloop daalt van {P(r['turnover_before'])} naar {P(r['turnover_after'])}, het verzuim van "
                  f"{P(r['absence_before'])} naar {P(r['absence_after'])}, de productiviteit stijgt met "
                  f"{P(r['productivity_gain'])} en de eNPS gaat van {N(r['enps_before'], 0)} naar {N(r['enps_after'], 0)}. "
                  f"In jaar 1 wordt {P(r['effect_year1'])} van het effect bereikt.")
    else:
        problem = (f"Turnover is {P(r['turnover_before'])} a year today: {N(f['leavers_now'])} leavers in "
                   f"{N(f['headcount'])} FTE, each costing {M(f['cost_per_leaver'])} to replace, together {M(f['turnover_cost_now'])} a year. "
                   f"Absence is {P(r['absence_before'])} of working days: {N(f['sick_days_now'], 0)} sick days at "
                   f"{M(f['cost_per_sick_day'])}, together {M(f['absence_cost_now'])} a year. The eNPS is {N(r['enps_before'], 0)}.")
        intervention = (f"An engagement programme costing {M(r['programme_cost_one_off'])} once plus "
                        f"{M(r['programme_cost_annual'])} a year: {M(s['total_costs'])} over {years} years "
                        f"(fully loaded, staff time included).")
        result = (f"Turnover falls from {P(r['turnover_before'])} to {P(r['turnover_after'])}, absence from "
                  f"{P(r['absence_before'])} to {P(r['absence_after'])}, productivity rises by "
                  f"{P(r['productivity_gain'])} and the eNPS goes from {N(r['enps_before'], 0)} to {N(r['enps_after'], 0)}. "
                  f"Year 1 reaches {P(r['effect_year1'])} of the effect.")
    if _gallup.is_on(a):
        g = _gallup.gaps(r["gallup_edition"])
        turnover_row = "turnover_high" if float(r["turnover_before"]) > _gallup.HIGH_TURNOVER else "turnover_low"
        edition = GALLUP_SOURCES[int(r["gallup_edition"])].split(":")[0]
        if nl:
            result += (f" Deze doelen zijn afgeleid uit de benchmark ({edition}): het beste kwartiel van teams heeft "
                       f"{P(-g[turnover_row], 0)} minder verloop, {P(-g['absenteeism'], 0)} minder verzuim en "
                       f"{P(g['productivity'], 0)} meer productiviteit dan het slechtste; wij nemen aan dat het programma "
                       f"{P(r['gap_closed'])} van dat verschil dicht. Dat is een vergelijking tussen kwartielen, geen gemeten effect van een programma.")
        else:
            result += (f" These targets are derived from the benchmark ({edition}): the top quartile of teams has "
                       f"{P(-g[turnover_row], 0)} lower turnover, {P(-g['absenteeism'], 0)} lower absenteeism and "
                       f"{P(g['productivity'], 0)} higher productivity than the bottom quartile; we assume the programme closes "
                       f"{P(r['gap_closed'])} of that gap. That compares quartiles; it is not a measured programme effect.")
    payback = s["payback_months"]
    if nl:
        pay = (f"terugverdiend na {N(payback)} maanden" if math.isfinite(payback) else f"niet terugverdiend binnen {years} jaar")
        impact = (f"Over {years} jaar {M(s['total_benefits'])} aan baten tegen {M(s['total_costs'])} aan kosten: "
                  f"een netto contante waarde (NCW) van {M(s['npv'])} bij een disconteringsvoet van {P(r['discount_rate'])}, "
                  f"een ROI van {P(s['roi'], 0)}, een baten-kostenverhouding van {N(s['bcr'], 2)}, {pay}. "
                  f"Voorzichtig gerekend: {P(r['attribution'], 0)} van de verbetering wordt aan het programma toegeschreven "
                  f"en de schattingen tellen voor {P(r['confidence'], 0)} mee (Phillips ROI-methodiek).")
    else:
        pay = (f"payback after {N(payback)} months" if math.isfinite(payback) else f"no payback within {years} years")
        impact = (f"Over {years} years {M(s['total_benefits'])} of benefits against {M(s['total_costs'])} of costs: "
                  f"a net present value (NPV) of {M(s['npv'])} at a discount rate of {P(r['discount_rate'])}, "
                  f"an ROI of {P(s['roi'], 0)}, a benefit-cost ratio of {N(s['bcr'], 2)}, {pay}. "
                  f"Counted conservatively: {P(r['attribution'], 0)} of the improvement is attributed to the programme "
                  f"and the estimates count at {P(r['confidence'], 0)} confidence (Phillips ROI Methodology).")
    top = f["tornado_top"]
    sim = f["simulation"]
    if nl:
        uncertainty = (f"Met 90% kans ligt de NCW tussen {M(f['npv_p5'])} en {M(f['npv_p95'])} (mediaan {M(f['npv_p50'])}); "
                       f"de kans op een positieve NCW is {P(f['prob_positive'])} (Monte Carlo, {N(sim.draws, 0)} trekkingen, "
                       f"Beta-PERT-bandbreedtes, seed {sim.seed}). Voorzichtig scenario: {M(f['npv_conservative'])}; "
                       f"optimistisch scenario: {M(f['npv_optimistic'])}.")
        if top:
            uncertainty += (f" De grootste onzekerheid zit in '{_lower_first(BY_KEY[top['key']].label_nl)}': "
                            f"de NCW loopt daarmee van {M(min(top['npv_low'], top['npv_high']))} tot {M(max(top['npv_low'], top['npv_high']))}.")
    else:
        uncertainty = (f"With 90% probability the NPV lies between {M(f['npv_p5'])} and {M(f['npv_p95'])} (median {M(f['npv_p50'])}); "
                       f"the chance of a positive NPV is {P(f['prob_positive'])} (Monte Carlo, {N(sim.draws, 0)} draws, "
                       f"Beta-PERT ranges, seed {sim.seed}). Conservative scenario: {M(f['npv_conservative'])}; "
                       f"optimistic scenario: {M(f['npv_optimistic'])}.")
        if top:
            uncertainty += (f" The biggest uncertainty is '{_lower_first(BY_KEY[top['key']].label_en)}': "
                            f"it moves the NPV from {M(min(top['npv_low'], top['npv_high']))} to {M(max(top['npv_low'], top['npv_high']))}.")
    breakeven = _breakeven_text(f, lang)
    customer = gallup_gap("customer_loyalty", 2024)
    if nl:
        intangibles = (f"Niet in geld uitgedrukt, wel van belang: klantloyaliteit (het beste kwartiel scoort "
                       f"{P(customer, 0)} hoger, Gallup 2024), innovatie en wendbaarheid, en werkgeversreputatie. "
                       f"Wij noemen ze, maar tellen ze niet mee in de baten.")
    else:
        intangibles = (f"Not in the money, but real: customer loyalty (the top quartile scores {P(customer, 0)} higher, "
                       f"Gallup 2024), innovation and agility, and employer reputation. We name them but do not count them as benefits.")
    result_hr, uncertainty_hr = _hr_sentences(r, lang, evidence)
    texts = [problem, intervention, result + result_hr, impact, uncertainty + uncertainty_hr, breakeven, intangibles,
             _sources(r, lang)]
    return [[title, text] for title, text in zip(i18n.STORY_SECTIONS[lang], texts)]


def _hr_sentences(r: Mapping[str, Any], lang: str, evidence: Any = None) -> tuple[str, str]:
    """What HR data adds: the organisation's own evidence (to the expected result) and the
    margin of error of the planned eNPS change (to the uncertainty)."""
    from . import evidence as _evidence
    from . import survey as _survey

    nl = lang == "nl"
    own = ""
    if evidence:
        own = (" Deze doelen komen uit het eigen bewijs van de organisatie (geen ingetypte doelen, geen Gallup-benchmark). "
               if nl else " These targets come from the organisation's own evidence (not typed targets, not the Gallup "
                          "benchmark). ") + _evidence.sentence(evidence, lang)
    n = float(r["headcount"])
    if n < _survey.MIN_ENPS_GROUP:
        return own, ""
    margin = _survey.planned_change_margin(r["enps_before"], r["enps_after"], n)
    change = float(r["enps_after"]) - float(r["enps_before"])
    if nl:
        noise = (f" Ook de eNPS-verandering van {num(change, lang, 0)} punten wordt gemeten met een foutmarge: zelfs als alle "
                 f"{num(n, lang, 0)} medewerkers beide metingen invullen, is de 95%-foutmarge tot ±{num(margin, lang, 1)} punten "
                 f"(eNPS is het verschil van twee aandelen uit één steekproef); met minder antwoorden is zij groter.")
    else:
        noise = (f" The eNPS change of {num(change, lang, 0)} points is itself measured with error: even if all "
                 f"{num(n, lang, 0)} employees answer both surveys, its 95% margin of error is up to ±{num(margin, lang, 1)} points "
                 f"(eNPS is a difference of two shares of one sample); with fewer answers it is wider.")
    return own, noise


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _breakeven_text(f: Mapping[str, Any], lang: str) -> str:
    be = f["breakeven"]
    nl = lang == "nl"
    if be is None:  # no improvement on the lever can pay back: the engine's sentence says why
        if nl:
            lever = "het Gallup-verschil" if f["breakeven_lever"] == "gap_closed" else "het verloop"
            return f"Er is geen break-even op {lever}: {f['breakeven_error']}"
        return f"There is no break-even on {f['breakeven_lever'].replace('_', ' ')}: {f['breakeven_error']}"
    P = lambda x, d=1: pct(x, lang, d)  # noqa: E731
    r = f["inputs"]
    if be.lever == "gap_closed":
        if nl:
            return (f"Het programma verdient zich terug (NCW = 0) als het {P(be.improvement)} van het Gallup-verschil dicht; "
                    f"de businesscase gaat uit van {P(be.planned)}.")
        return (f"The programme breaks even (NPV = 0) when it closes {P(be.improvement)} of the Gallup gap; "
                f"the case assumes {P(be.planned)}.")
    points = be.improvement * 100
    if points > 0:
        if nl:
            return (f"Met de overige aannames gelijk verdient het programma zich terug (NCW = 0) als het verloop met "
                    f"{num(points, lang, 2)} procentpunt daalt, naar {P(be.value, 2)}; het plan gaat uit van "
                    f"{num(be.planned * 100, lang, 2)} procentpunt.")
        return (f"With the other assumptions as they are, the programme breaks even (NPV = 0) when turnover falls by "
                f"{num(points, lang, 2)} percentage points, to {P(be.value, 2)}; the plan assumes "
                f"{num(be.planned * 100, lang, 2)} points.")
    if nl:
        return (f"De businesscase hangt niet van het verloop af: zelfs als het verloop met {num(-points, lang, 2)} "
                f"procentpunt stijgt, naar {P(be.value, 2)}, verdienen verzuim en productiviteit het programma terug (NCW = 0 bij "
                f"{P(be.value, 2)}; nu {P(r['turnover_before'], 2)}).")
    return (f"The case does not hinge on turnover: even if turnover rose by {num(-points, lang, 2)} percentage points, "
            f"to {P(be.value, 2)}, absence and productivity would pay the programme back (NPV = 0 at {P(be.value, 2)}; "
            f"today {P(r['turnover_before'], 2)}).")
