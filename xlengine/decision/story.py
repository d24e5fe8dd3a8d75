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
euros, rates and ROI with one decimal (trailing zero dropped), all rounded half up on the
decimal figure (51.5% stays 51.5%, EUR 0.5 becomes 1). The Dutch story is Dutch throughout,
numbers in Dutch format included.

Provenance comes from where a value came from, not from its value: ``given`` is the set
of keys the user entered (a CSV/JSON's keys, the rows of an assumptions range); every
other key took the register's default, and the story says so.
"""

from __future__ import annotations

import math
from typing import Any, Mapping

from .. import i18n
from ..engine import gallup as _gallup
from ..engine import model as _model
from . import uncertainty as _uncertainty
from ..engine.case import compute
from ..engine.register import BY_KEY, GALLUP_SOURCES, gallup_gap

__all__ = ["money", "pct", "facts", "story", "SECTION_KEYS"]

#: Section names for one-section-per-cell use (ENG_STORY_SECTION), in story order.
SECTION_KEYS = ("problem", "intervention", "expected_result", "impact", "uncertainty", "break_even",
                "not_in_the_money", "sources")

def _decimal(x: float, decimals: int) -> str:
    """``x`` rounded half up to ``decimals`` on its shortest decimal form (no float
    artefacts: 0.515 x 100 is 51.5, so it shows 51.5 or 52, never 51)."""
    from decimal import ROUND_HALF_UP, Decimal

    d = Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    text = f"{d:,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _dutch(text: str) -> str:
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def money(x: float, language: str = "en") -> str:
    """Whole euros as a reader expects them (half up).

    >>> money(344679.21), money(344679.21, "nl"), money(-1234.6, "nl"), money(0.5)
    ('EUR 344,679', '€ 344.679', '€ -1.235', 'EUR 1')
    """
    text = _decimal(x, 0)
    return "€ " + _dutch(text) if language == "nl" else "EUR " + text


def pct(x: float, language: str = "en", decimals: int = 1) -> str:
    """A fraction as a percentage, half up, trailing ",0"/".0" dropped.

    >>> pct(0.12), pct(0.056, "nl"), pct(1.6778, decimals=0), pct(0.515), pct(0.5155, "nl")
    ('12%', '5,6%', '168%', '51.5%', '51,6%')
    """
    from decimal import Decimal

    text = _decimal(float(Decimal(repr(float(x))) * 100), decimals)
    return (_dutch(text) if language == "nl" else text) + "%"


def num(x: float, language: str = "en", decimals: int = 1) -> str:
    """A plain number with ``decimals`` (half up, trailing zeros dropped) and thousands separators.

    >>> num(10000, "nl", 0), num(12.25), num(12.25, "nl")
    ('10.000', '12.3', '12,3')
    """
    text = _decimal(x, decimals)
    return _dutch(text) if language == "nl" else text


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
        be, no_be = _uncertainty.breakeven(a, lever), None
    except _uncertainty.NoBreakEven as e:
        be, no_be = None, e
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
        "npv_stress_low": float(compute(sc["conservative"]).npv),
        "npv_stress_high": float(compute(sc["optimistic"]).npv),
        "tornado_top": tornado[0] if tornado else None,
        "breakeven": be, "no_breakeven": no_be, "breakeven_lever": lever,
    }


#: Keys the sources section leaves out: figures that are the case's own by nature.
_NOT_SOURCED = ("headcount", "working_days", "horizon_years")

#: Short citations for the Dutch sources section (names of publications and laws, no prose).
_GALLUP_NL = {2024: "Gallup Q12-meta-analyse, 11e editie (2024)", 2020: "Gallup Q12-meta-analyse, 10e editie (2020)"}


def _sources(a: Mapping[str, Any], language: str, given: frozenset[str]) -> str:
    """Where the figures come from: the keys the user entered are the organisation's own;
    every other one is the register's default, a benchmark (with its source) or an
    example value still to replace."""
    nl = language == "nl"
    benchmarks, illustrative, own = [], [], []
    on = _gallup.is_on(a)
    for key, entry in BY_KEY.items():
        if entry.group in ("survey", "benchmark") or key in _NOT_SOURCED or entry.unit == "switch":
            continue
        if entry.group == "absence_in_full" and not a.get("absence_in_full"):
            continue  # not counted in this case
        if key in _gallup.DERIVED and on:
            continue
        if key in given:
            own.append(key)
        elif entry.source.startswith("Illustrative"):
            illustrative.append(entry.label(language))
        elif nl:
            benchmarks.append(f"{entry.label_nl} ({entry.citation})" if entry.citation else entry.label_nl)
        else:
            mark = "" if entry.verified else " (unverified)"
            benchmarks.append(f"{entry.label_en}: {entry.source}{mark}")
    if on:
        edition = int(a["gallup_edition"])
        benchmarks.append(_GALLUP_NL[edition] if nl else GALLUP_SOURCES[edition])
    parts = []
    if benchmarks:
        parts.append(("Referentiecijfers uit het register: " if nl else "Benchmarks: ") + "; ".join(benchmarks) + ".")
    if illustrative:
        parts.append(("Nog voorbeeldwaarden (vervang ze door eigen cijfers): " if nl
                      else "Still example values (replace them with your own figures): ") + "; ".join(illustrative) + ".")
    if own and not parts:
        parts.append("Alle aannames zijn eigen cijfers van de organisatie, zoals ingevoerd." if nl
                     else "All assumptions are the organisation's own figures, as entered.")
    elif own:
        parts.append("De overige aannames zijn eigen cijfers van de organisatie, zoals ingevoerd." if nl
                     else "The other assumptions are the organisation's own figures, as entered.")
    return " ".join(parts)


def _given(given) -> frozenset[str]:
    return frozenset(given or ())


def _move(lang: str, subject: tuple[str, str], before: str, after: str, rise: bool | None) -> str:
    """"Turnover falls from 12% to 8%" / "Het verloop stijgt van 10% naar 11%" /
    "... stays at 12%": the verb follows the direction of the change."""
    en, nl = subject
    if lang == "nl":
        if rise is None:
            return f"{nl} blijft {before}"
        return f"{nl} {'stijgt' if rise else 'daalt'} van {before} naar {after}"
    if rise is None:
        return f"{en} stays at {before}"
    return f"{en} {'rises' if rise else 'falls'} from {before} to {after}"


def _direction(before: float, after: float) -> bool | None:
    """True for a rise, False for a fall, None for no change (12% typed as "12%" is
    0.12 up to the last bit: not a change)."""
    return None if math.isclose(after, before, rel_tol=1e-9, abs_tol=1e-12) else after > before


def story(a: Mapping[str, Any], language: str = "nl", draws: int = 10_000, seed: int = 1,
          given=None, evidence: Any = None) -> list[list[str]]:
    """The board story as rows of (section, text), in Dutch (``nl``) or English (``en``).

    ``given``: the keys the user entered (None: none, every value is the register's).
    ``evidence``: results of :func:`xlengine.decision.evidence.evidence` when the "after"
    values come from the organisation's own evidence (the expected result says so).

    >>> from xlengine.engine.register import defaults
    >>> rows = story(defaults(), "en")
    >>> [r[0] for r in rows][:4]
    ['Problem', 'Intervention', 'Expected result', 'Impact']
    >>> "(NPV) of EUR 337,272" in rows[3][1]
    True
    """
    lang = "nl" if language == "nl" else "en"
    given = _given(given)
    f = facts(a, draws=draws, seed=seed)
    r, res = f["inputs"], f["result"]
    nl = lang == "nl"
    M = lambda x: money(x, lang)  # noqa: E731
    P = lambda x, d=1: pct(x, lang, d)  # noqa: E731
    N = lambda x, d=1: num(x, lang, d)  # noqa: E731
    years = res.horizon_years
    over = i18n.years(lang, years)
    s = res.summary()
    enps = bool(given & {"enps_before", "enps_after"})  # an example eNPS is never told as the organisation's

    if nl:
        problem = (f"Het verloop is nu {P(r['turnover_before'])} per jaar: {N(f['leavers_now'])} vertrekkers op "
                   f"{N(f['headcount'])} FTE, elk {M(f['cost_per_leaver'])} om te vervangen, samen {M(f['turnover_cost_now'])} per jaar. "
                   f"Het verzuim is {P(r['absence_before'])} van de werkdagen: {N(f['sick_days_now'], 0)} verzuimdagen van "
                   f"{M(f['cost_per_sick_day'])}, samen {M(f['absence_cost_now'])} per jaar."
                   + (f" De eNPS is {N(r['enps_before'], 0)}." if enps else ""))
        intervention = (f"Een betrokkenheidsprogramma van {M(r['programme_cost_one_off'])} eenmalig bij de start plus "
                        f"{M(r['programme_cost_annual'])} per jaar, over {over} samen {M(s['total_costs'])} "
                        f"(volledig belast, inclusief tijd van medewerkers).")
    else:
        problem = (f"Turnover is {P(r['turnover_before'])} a year today: {N(f['leavers_now'])} leavers in "
                   f"{N(f['headcount'])} FTE, each costing {M(f['cost_per_leaver'])} to replace, together {M(f['turnover_cost_now'])} a year. "
                   f"Absence is {P(r['absence_before'])} of working days: {N(f['sick_days_now'], 0)} sick days at "
                   f"{M(f['cost_per_sick_day'])}, together {M(f['absence_cost_now'])} a year."
                   + (f" The eNPS is {N(r['enps_before'], 0)}." if enps else ""))
        intervention = (f"An engagement programme costing {M(r['programme_cost_one_off'])} once at the start plus "
                        f"{M(r['programme_cost_annual'])} a year: {M(s['total_costs'])} over {over} "
                        f"(fully loaded, staff time included).")
    tb, ta, ab, aa = (float(r[k]) for k in ("turnover_before", "turnover_after", "absence_before", "absence_after"))
    gain = float(r["productivity_gain"])
    moves = [_move(lang, ("Turnover", "Het verloop"), P(tb), P(ta), _direction(tb, ta)),
             _move(lang, ("absence", "het verzuim"), P(ab), P(aa), _direction(ab, aa))]
    if nl:
        moves.append("de productiviteit blijft gelijk" if gain == 0 else
                     f"de productiviteit {'stijgt' if gain > 0 else 'daalt'} met {P(abs(gain))}")
        if enps:
            moves.append(f"de eNPS gaat van {N(r['enps_before'], 0)} naar {N(r['enps_after'], 0)}")
        result = (", ".join(moves[:-1]) + " en " + moves[-1] + ". "
                  f"In jaar 1 wordt {P(r['effect_year1'])} van het effect bereikt.")
    else:
        moves.append("productivity stays the same" if gain == 0 else
                     f"productivity {'rises' if gain > 0 else 'falls'} by {P(abs(gain))}")
        if enps:
            moves.append(f"the eNPS goes from {N(r['enps_before'], 0)} to {N(r['enps_after'], 0)}")
        result = (", ".join(moves[:-1]) + " and " + moves[-1] + ". "
                  f"Year 1 reaches {P(r['effect_year1'])} of the effect.")
    if _gallup.is_on(a):
        g = _gallup.gaps(r["gallup_edition"])
        turnover_row = "turnover_high" if float(r["turnover_before"]) > _gallup.HIGH_TURNOVER else "turnover_low"
        edition = int(r["gallup_edition"])
        if nl:
            result += (f" Deze doelen zijn afgeleid uit de benchmark ({_GALLUP_NL[edition]}): het beste kwartiel van teams heeft "
                       f"{P(-g[turnover_row], 0)} minder verloop, {P(-g['absenteeism'], 0)} minder verzuim en "
                       f"{P(g['productivity'], 0)} meer productiviteit dan het slechtste; wij nemen aan dat het programma "
                       f"{P(r['gap_closed'])} van dat verschil dicht. Dat is een vergelijking tussen kwartielen, geen gemeten effect van een programma.")
        else:
            result += (f" These targets are derived from the benchmark ({GALLUP_SOURCES[edition].split(':')[0]}): the top quartile of teams has "
                       f"{P(-g[turnover_row], 0)} lower turnover, {P(-g['absenteeism'], 0)} lower absenteeism and "
                       f"{P(g['productivity'], 0)} higher productivity than the bottom quartile; we assume the programme closes "
                       f"{P(r['gap_closed'])} of that gap. That compares quartiles; it is not a measured programme effect.")
    payback = s["payback_months"]
    if nl:
        if math.isfinite(payback):
            pay = f"terugverdiend na {N(payback)} {'maand' if N(payback) == '1' else 'maanden'}"
        else:
            pay = f"niet terugverdiend binnen {over}"
        impact = (f"Over {over} {M(s['total_benefits'])} aan baten tegen {M(s['total_costs'])} aan kosten: "
                  f"een netto contante waarde (NCW) van {M(s['npv'])} bij een disconteringsvoet van {P(r['discount_rate'])}, "
                  f"een ROI van {P(s['roi'])}, een baten-kostenverhouding van {N(s['bcr'], 2)}, {pay}. "
                  f"Voorzichtig gerekend: {P(r['attribution'], 0)} van de verbetering wordt aan het programma toegeschreven "
                  f"en de schattingen tellen voor {P(r['confidence'], 0)} mee (Phillips ROI-methodiek).")
    else:
        if math.isfinite(payback):
            pay = f"payback after {N(payback)} {'month' if N(payback) == '1' else 'months'}"
        else:
            pay = f"no payback within {over}"
        impact = (f"Over {over} {M(s['total_benefits'])} of benefits against {M(s['total_costs'])} of costs: "
                  f"a net present value (NPV) of {M(s['npv'])} at a discount rate of {P(r['discount_rate'])}, "
                  f"an ROI of {P(s['roi'])}, a benefit-cost ratio of {N(s['bcr'], 2)}, {pay}. "
                  f"Counted conservatively: {P(r['attribution'], 0)} of the improvement is attributed to the programme "
                  f"and the estimates count at {P(r['confidence'], 0)} confidence (Phillips ROI Methodology).")
    top = f["tornado_top"]
    sim = f["simulation"]
    if nl:
        uncertainty = (f"Met 90% kans ligt de NCW tussen {M(f['npv_p5'])} en {M(f['npv_p95'])} (mediaan {M(f['npv_p50'])}); "
                       f"de kans op een positieve NCW is {P(f['prob_positive'])} (Monte Carlo, {N(sim.draws, 0)} trekkingen, "
                       f"Beta-PERT-bandbreedtes, startgetal {sim.seed}). Een stresstest, geen prognose: alle onzekere aannames "
                       f"tegelijk aan hun ongunstige kant geven een NCW van {M(f['npv_stress_low'])}, alle tegelijk aan hun "
                       f"gunstige kant {M(f['npv_stress_high'])}; zo'n combinatie is veel minder waarschijnlijk dan de "
                       f"bandbreedte van 90% hierboven.")
        if top:
            uncertainty += (f" De grootste onzekerheid zit in '{_lower_first(BY_KEY[top['key']].label_nl)}': "
                            f"de NCW loopt daarmee van {M(min(top['npv_low'], top['npv_high']))} tot {M(max(top['npv_low'], top['npv_high']))}.")
    else:
        uncertainty = (f"With 90% probability the NPV lies between {M(f['npv_p5'])} and {M(f['npv_p95'])} (median {M(f['npv_p50'])}); "
                       f"the chance of a positive NPV is {P(f['prob_positive'])} (Monte Carlo, {N(sim.draws, 0)} draws, "
                       f"Beta-PERT ranges, seed {sim.seed}). A stress test, not a forecast: every uncertain assumption at its "
                       f"unfavourable end at once gives an NPV of {M(f['npv_stress_low'])}, all at their favourable end at once "
                       f"{M(f['npv_stress_high'])}; such a combination is far less likely than the 90% range above.")
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
    result_hr, uncertainty_hr = _hr_sentences(r, lang, evidence, enps)
    texts = [problem, intervention, result + result_hr, impact, uncertainty + uncertainty_hr, breakeven, intangibles,
             _sources(r, lang, given)]
    return [[title, text] for title, text in zip(i18n.STORY_SECTIONS[lang], texts)]


def _hr_sentences(r: Mapping[str, Any], lang: str, evidence: Any = None, enps: bool = True) -> tuple[str, str]:
    """What HR data adds: the organisation's own evidence (to the expected result) and the
    margin of error of the planned eNPS change (to the uncertainty; only for an eNPS the
    user entered, ``enps``)."""
    from . import evidence as _evidence
    from . import survey as _survey

    nl = lang == "nl"
    own = ""
    if evidence:
        own = (" Deze doelen komen uit het eigen bewijs van de organisatie (geen ingetypte doelen, geen Gallup-benchmark). "
               if nl else " These targets come from the organisation's own evidence (not typed targets, not the Gallup "
                          "benchmark). ") + _evidence.sentence(evidence, lang)
    n = float(r["headcount"])
    if not enps or n < _survey.MIN_ENPS_GROUP:
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


def _no_breakeven_text(e, lang: str) -> str:
    """Why no improvement on the lever pays back, in the story's language."""
    nl = lang == "nl"
    gap = e.lever == "gap_closed"
    if e.reason == "not_enough":
        best = (("het hele Gallup-verschil dichten" if nl else "closing the whole Gallup gap") if gap else
                ("een daling van het verloop naar 0%" if nl else "turnover falling to 0%"))
        if nl:
            return (f"Er is geen break-even op {'het Gallup-verschil' if gap else 'het verloop'}: zelfs {best} laat de NCW op "
                    f"{money(e.npv_at_best, lang)}; geen verbetering op dit punt alleen verdient het programma terug. "
                    f"Verlaag de kosten of tel andere hefbomen mee.")
        return (f"There is no break-even on {'the Gallup gap' if gap else 'turnover'}: even {best} leaves the NPV at "
                f"{money(e.npv_at_best, lang)}; no improvement on it alone pays the programme back. Lower the cost or add other levers.")
    if e.reason == "always_pays":
        return ("Er is geen break-even op het verloop nodig: de businesscase verdient zich terug, hoe het verloop zich ook ontwikkelt."
                if nl else "There is no break-even on turnover: the case pays back whatever happens to turnover.")
    if e.reason == "cannot_fall":
        return ("Er is geen break-even op het verloop: het verloop is nu 0% en kan niet dalen." if nl
                else "There is no break-even on turnover: turnover is 0% today and cannot fall.")
    return ("Er is geen break-even: een verbetering levert in deze businesscase niets op (toerekening, betrouwbaarheid, "
            "aantal medewerkers of de bespaarde kosten zijn 0)." if nl else
            "There is no break-even: an improvement is worth nothing in this case (attribution, confidence, headcount "
            "or the cost it saves is 0).")


def _breakeven_text(f: Mapping[str, Any], lang: str) -> str:
    be = f["breakeven"]
    nl = lang == "nl"
    if be is None:  # no improvement on the lever can pay back
        return _no_breakeven_text(f["no_breakeven"], lang)
    P = lambda x, d=1: pct(x, lang, d)  # noqa: E731
    r = f["inputs"]
    if be.lever == "gap_closed":
        if nl:
            return (f"Het programma verdient zich terug (NCW = 0) als het {P(be.improvement)} van het Gallup-verschil dicht; "
                    f"de businesscase gaat uit van {P(be.planned)}.")
        return (f"The programme breaks even (NPV = 0) when it closes {P(be.improvement)} of the Gallup gap; "
                f"the case assumes {P(be.planned)}.")
    points = be.improvement * 100
    plan = _plan_text(be.planned * 100, lang)
    if points > 0:
        if nl:
            return (f"Met de overige aannames gelijk verdient het programma zich terug (NCW = 0) als het verloop met "
                    f"{num(points, lang, 2)} procentpunt daalt, naar {P(be.value, 2)}; het plan gaat uit van {plan}.")
        return (f"With the other assumptions as they are, the programme breaks even (NPV = 0) when turnover falls by "
                f"{num(points, lang, 2)} percentage points, to {P(be.value, 2)}; the plan assumes {plan}.")
    if be.planned < be.improvement:  # the plan's rise is more than the case can carry
        if nl:
            return (f"Met de overige aannames gelijk verdient het programma zich terug (NCW = 0) als het verloop met "
                    f"niet meer dan {num(-points, lang, 2)} procentpunt stijgt, naar {P(be.value, 2)}; het plan gaat uit van {plan}.")
        return (f"With the other assumptions as they are, the programme breaks even (NPV = 0) if turnover rises by no more "
                f"than {num(-points, lang, 2)} percentage points, to {P(be.value, 2)}; the plan assumes {plan}.")
    if nl:
        return (f"De businesscase hangt niet van het verloop af: zelfs als het verloop met {num(-points, lang, 2)} "
                f"procentpunt stijgt, naar {P(be.value, 2)}, verdienen verzuim en productiviteit het programma terug (NCW = 0 bij "
                f"{P(be.value, 2)}; nu {P(r['turnover_before'], 2)}).")
    return (f"The case does not hinge on turnover: even if turnover rose by {num(-points, lang, 2)} percentage points, "
            f"to {P(be.value, 2)}, absence and productivity would pay the programme back (NPV = 0 at {P(be.value, 2)}; "
            f"today {P(r['turnover_before'], 2)}).")


def _plan_text(points: float, lang: str) -> str:
    """The planned change in turnover, in words: a fall, a rise or no change."""
    shown = num(abs(points), lang, 2)
    if lang == "nl":
        return "geen verandering" if shown == "0" else f"een {'daling' if points > 0 else 'stijging'} van {shown} procentpunt"
    if shown == "0":
        return "no change"
    return f"a {'fall' if points > 0 else 'rise'} of {shown} {'point' if shown == '1' else 'points'}"


def realised_sentence(r: Any, language: str = "en") -> str:
    """What was promised, what was measured, how sure: one sentence for the board (EN/NL).

    ``r`` is a :class:`xlengine.decision.realised.Realised`. Changes in percentage points,
    the interval at its confidence, euros per year at the estimate; "clear" when the
    interval excludes zero, otherwise "cannot be told from zero".

    >>> from xlengine.decision import realised
    >>> from xlengine.engine.register import defaults
    >>> names, cols = realised.parse_table([["team", "participating", "headcount_before", "headcount_after",
    ...     "turnover_before", "turnover_after"], ["A", 1, 30, 30, 0.15, 0.10], ["B", 1, 10, 10, 0.12, 0.09],
    ...     ["C", 0, 20, 20, 0.14, 0.13], ["D", 0, 20, 20, 0.10, 0.11]])
    >>> r = realised.evaluate(names, cols, defaults(), actual_cost=40_000)
    >>> print(realised_sentence(r, "en"))
    The case promised voluntary turnover down 4 points (EUR 99,782 a year after attribution and confidence); measured against 2 comparison teams, in the 2 participating teams turnover fell 4.5 points (95% interval -8.8 to -0.2): EUR 56,127 a year at the estimate (ROI 40.3% on the actual cost); the turnover effect is clear.
    >>> print(realised_sentence(r, "nl"))
    De businesscase beloofde vrijwillig verloop 4 punt lager (€ 99.782 per jaar na toerekening en betrouwbaarheid); gemeten tegen 2 vergelijkingsteams lag bij de 2 deelnemende teams het verloop 4,5 punt lager (95%-interval -8,8 tot -0,2): € 56.127 per jaar bij de schatting (ROI 40,3% op de werkelijke kosten); het verloop: duidelijk effect.
    """
    nl = language == "nl"
    p = r.planned

    def points(x: float) -> str:
        return num(abs(x) * 100.0, language, 1) + (" punt" if nl else " points")

    def move(x: float, promised: bool) -> str:
        if nl:
            return f"{points(x)} {'lager' if x < 0 else 'hoger'}"
        return f"{'down' if x < 0 else 'up'} {points(x)}" if promised else f"{'fell' if x < 0 else 'rose'} {points(x)}"

    subject = {"turnover": ("voluntary turnover", "vrijwillig verloop"), "absence": ("absence", "verzuim")}
    measured = {"turnover": ("turnover", "het verloop"), "absence": ("absence", "het verzuim"), "enps": ("eNPS", "de eNPS")}
    monetised = [o for o in ("turnover", "absence") if o in r.effects]
    promised = [f"{subject[o][nl]} {move(p[f'{o}_change'], True)}" for o in monetised]
    saving = sum(p[f"{o}_savings_per_year"] for o in monetised)
    parts, clear, unclear = [], [], []
    for outcome, e in r.effects.items():
        scale = 0.01 if outcome == "enps" else 1.0  # eNPS is in points already
        lo, hi = (("+" if v * scale > 0 else "") + num(v * scale * 100.0, language, 1) for v in (e.low, e.high))
        conf = num(e.confidence * 100, language, 1)
        interval = f"{conf}%-interval {lo} tot {hi}" if nl else f"{conf}% interval {lo} to {hi}"
        if nl:
            parts.append(f"{measured[outcome][nl]} {move(e.effect * scale, False)} ({interval})")
        else:
            parts.append(f"{measured[outcome][nl]} {move(e.effect * scale, False)} ({interval})")
        (clear if e.distinguishable else unclear).append(measured[outcome][nl])
    first = next(iter(r.effects.values()))
    joiner = " en " if nl else " and "

    def listed(items: list[str]) -> str:
        return items[0] if len(items) == 1 else ", ".join(items[:-1]) + joiner + items[-1]

    if nl:
        text = ((f"De businesscase beloofde {joiner.join(promised)} ({money(saving, language)} per jaar na toerekening en "
                 "betrouwbaarheid)") if promised else "De businesscase beloofde geen verloop- of verzuimdoel")
        text += (f"; gemeten tegen {first.teams_comparison} vergelijkingsteams lag bij de {first.teams_participating} "
                 f"deelnemende teams {', '.join(parts)}")
        if monetised:
            text += f": {money(sum(r.yearly.values()), language)} per jaar bij de schatting"
            if r.roi is not None:
                text += f" (ROI {pct(r.roi, language)} op de werkelijke kosten)"
        verdict = []
        if clear:
            verdict.append(f"{listed(clear)}: duidelijk effect")
        if unclear:
            verdict.append(f"{listed(unclear)}: niet van nul te onderscheiden")
        return text + "; " + ", ".join(verdict) + "."
    text = ((f"The case promised {joiner.join(promised)} ({money(saving, language)} a year after attribution and "
             "confidence)") if promised else "The case promised no turnover or absence target")
    text += (f"; measured against {first.teams_comparison} comparison teams, in the {first.teams_participating} "
             f"participating teams {', '.join(parts)}")
    if monetised:
        text += f": {money(sum(r.yearly.values()), language)} a year at the estimate"
        if r.roi is not None:
            text += f" (ROI {pct(r.roi, language)} on the actual cost)"
    verdict = []
    if clear:
        verdict.append(f"the {listed(clear)} effect{'s are' if len(clear) > 1 else ' is'} clear")
    if unclear:
        verdict.append(f"the {listed(unclear)} effect{'s' if len(unclear) > 1 else ''} cannot be told from zero")
    return text + "; " + ", ".join(verdict) + "."
