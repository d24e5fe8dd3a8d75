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
from ..engine import register as _register
from . import uncertainty as _uncertainty
from ..engine.case import compute
from ..engine.register import BY_KEY, GALLUP_SOURCES, gallup_gap
from .messages import GALLUP_NL as _GALLUP_NL
from .messages import say, word
from .tables import money, num, pct

__all__ = ["money", "pct", "facts", "story", "SECTION_KEYS"]

#: Section names for one-section-per-cell use (ENG_STORY_SECTION), in story order.
SECTION_KEYS = (
    "problem",
    "intervention",
    "expected_result",
    "impact",
    "uncertainty",
    "break_even",
    "not_in_the_money",
    "sources",
)


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
        "result": result,
        "inputs": r,
        "headcount": h,
        "leavers_now": float(_model.leavers_avoided(h, r["turnover_before"], 0.0)),
        "turnover_cost_now": float(_model.turnover_savings(h, r["turnover_before"], 0.0, gross["cost_per_leaver"])),
        "sick_days_now": float(_model.sick_days_avoided(h, r["absence_before"], 0.0, r["working_days"])),
        "absence_cost_now": float(
            _model.absence_savings(h, r["absence_before"], 0.0, gross["cost_per_sick_day"], r["working_days"])
        ),
        "cost_per_leaver": float(gross["cost_per_leaver"]),
        "cost_per_sick_day": float(gross["cost_per_sick_day"]),
        "simulation": sim,
        "npv_p5": p5,
        "npv_p50": p50,
        "npv_p95": p95,
        "prob_positive": sim.prob_positive,
        "npv_stress_low": float(compute(sc["conservative"]).npv),
        "npv_stress_high": float(compute(sc["optimistic"]).npv),
        "tornado_top": tornado[0] if tornado else None,
        "breakeven": be,
        "no_breakeven": no_be,
        "breakeven_lever": lever,
    }


#: Keys the sources section leaves out: figures that are the case's own by nature.
_NOT_SOURCED = ("headcount", "working_days", "horizon_years")


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
        else:
            source = entry.citation if nl else entry.source
            benchmarks.append(
                say(
                    language,
                    "benchmark_entry" if source else "benchmark_entry_bare",
                    label=entry.label(language),
                    source=source,
                    unverified="" if entry.verified else word(language, "unverified"),
                )
            )
    if on:
        edition = int(a["gallup_edition"])
        benchmarks.append(_GALLUP_NL[edition] if nl else GALLUP_SOURCES[edition])
    parts = []
    if benchmarks:
        parts.append(say(language, "sources_benchmarks", entries="; ".join(benchmarks)))
    if illustrative:
        parts.append(say(language, "sources_examples", entries="; ".join(illustrative)))
    if own:
        parts.append(word(language, "sources_other_own" if parts else "sources_all_own"))
    return " ".join(parts)


def _given(given) -> frozenset[str]:
    return frozenset(given or ())


def _move(lang: str, subject: str, before: str, after: str, rise: bool | None) -> str:
    """ "Turnover falls from 12% to 8%" / "Het verloop stijgt van 10% naar 11%" /
    "... stays at 12%": the verb follows the direction of the change."""
    key = "move_same" if rise is None else "move_rise" if rise else "move_fall"
    return say(lang, key, subject=word(lang, subject), before=before, after=after)


def _direction(before: float, after: float) -> bool | None:
    """True for a rise, False for a fall, None for no change (12% typed as "12%" is
    0.12 up to the last bit: not a change)."""
    return None if math.isclose(after, before, rel_tol=1e-9, abs_tol=1e-12) else after > before


def story(
    a: Mapping[str, Any], language: str = "nl", draws: int = 10_000, seed: int = 1, given=None, evidence: Any = None
) -> list[list[str]]:
    """The board story as rows of (section, text), in Dutch (``nl``) or English (``en``).

    ``given``: the keys the user entered (None: none, every value is the register's).
    ``evidence``: results of :func:`xlengine.decision.evidence.evidence` when the "after"
    values come from the organisation's own evidence (the expected result says which do,
    and which the evidence gave no figure for).

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
    M = lambda x: money(x, lang)  # noqa: E731
    P = lambda x, d=1: pct(x, lang, d)  # noqa: E731
    N = lambda x, d=1: num(x, lang, d)  # noqa: E731
    over = i18n.years(lang, res.horizon_years)
    s = res.summary()
    enps = bool(given & {"enps_before", "enps_after"})  # an example eNPS is never told as the organisation's

    problem = say(
        lang,
        "problem",
        turnover_before=P(r["turnover_before"]),
        leavers=N(f["leavers_now"]),
        headcount=N(f["headcount"]),
        cost_per_leaver=M(f["cost_per_leaver"]),
        turnover_cost=M(f["turnover_cost_now"]),
        absence_before=P(r["absence_before"]),
        sick_days=N(f["sick_days_now"], 0),
        cost_per_sick_day=M(f["cost_per_sick_day"]),
        absence_cost=M(f["absence_cost_now"]),
    )
    if enps:
        problem += say(lang, "problem_enps", enps=N(r["enps_before"], 0))
    intervention = say(
        lang,
        "intervention",
        one_off=M(r["programme_cost_one_off"]),
        annual=M(r["programme_cost_annual"]),
        total_costs=M(s["total_costs"]),
        over=over,
    )
    tb, ta, ab, aa = (float(r[k]) for k in ("turnover_before", "turnover_after", "absence_before", "absence_after"))
    gain = float(r["productivity_gain"])
    moves = [
        _move(lang, "subject_turnover", P(tb), P(ta), _direction(tb, ta)),
        _move(lang, "subject_absence", P(ab), P(aa), _direction(ab, aa)),
        say(
            lang,
            "productivity_same" if gain == 0 else "productivity_rise" if gain > 0 else "productivity_fall",
            gain=P(abs(gain)),
        ),
    ]
    if enps:
        moves.append(say(lang, "enps_move", before=N(r["enps_before"], 0), after=N(r["enps_after"], 0)))
    result = (
        ", ".join(moves[:-1]) + word(lang, "last_of_list") + moves[-1] + ". " + say(lang, "year1", share=P(r["effect_year1"]))
    )
    if _gallup.is_on(a):
        g = _gallup.gaps(r["gallup_edition"])
        turnover_row = "turnover_high" if float(r["turnover_before"]) > _gallup.HIGH_TURNOVER else "turnover_low"
        edition = int(r["gallup_edition"])
        result += say(
            lang,
            "benchmark_targets",
            source=_GALLUP_NL[edition] if lang == "nl" else GALLUP_SOURCES[edition].split(":")[0],
            turnover_gap=P(-g[turnover_row], 0),
            absence_gap=P(-g["absenteeism"], 0),
            productivity_gap=P(g["productivity"], 0),
            gap_closed=P(r["gap_closed"]),
        )
    payback = s["payback_months"]
    if math.isfinite(payback):
        pay = say(lang, "payback_after_one" if N(payback) == "1" else "payback_after", months=N(payback))
    else:
        pay = say(lang, "no_payback", over=over)
    impact = say(
        lang,
        "impact",
        over=over,
        benefits=M(s["total_benefits"]),
        costs=M(s["total_costs"]),
        npv=M(s["npv"]),
        rate=P(r["discount_rate"]),
        roi=P(s["roi"]),
        bcr=N(s["bcr"], 2),
        payback=pay,
        attribution=P(r["attribution"], 0),
        confidence=P(r["confidence"], 0),
    )
    top = f["tornado_top"]
    sim = f["simulation"]
    uncertainty = say(
        lang,
        "uncertainty",
        p5=M(f["npv_p5"]),
        p95=M(f["npv_p95"]),
        p50=M(f["npv_p50"]),
        prob=P(f["prob_positive"]),
        draws=N(sim.draws, 0),
        seed=str(sim.seed),
        stress_low=M(f["npv_stress_low"]),
        stress_high=M(f["npv_stress_high"]),
    )
    if top:
        uncertainty += say(
            lang,
            "uncertainty_top",
            label=_lower_first(BY_KEY[top["key"]].label(lang)),
            low=M(min(top["npv_low"], top["npv_high"])),
            high=M(max(top["npv_low"], top["npv_high"])),
        )
    breakeven = _breakeven_text(f, lang)
    intangibles = say(lang, "intangibles", loyalty=P(gallup_gap("customer_loyalty", 2024), 0))
    result_hr, uncertainty_hr = _hr_sentences(r, lang, evidence, enps, given)
    texts = [
        problem,
        intervention,
        result + result_hr,
        impact,
        uncertainty + uncertainty_hr,
        breakeven,
        intangibles,
        _sources(r, lang, given),
    ]
    return [[title, text] for title, text in zip(i18n.STORY_SECTIONS[lang], texts)]


def _evidence_provenance(e: Any, r: Mapping[str, Any], lang: str, given: frozenset[str]) -> str:
    """Where one outcome's target comes from: the fit, or (no figure) the target as entered
    or the register's default."""
    outcome = word(lang, f"outcome_{e.outcome}")
    if e.figure:
        return say(lang, "evidence_target", outcome=outcome)
    key = f"{e.outcome}_after"
    return say(
        lang,
        "evidence_none_entered" if key in given else "evidence_none_default",
        outcome=outcome,
        key=key,
        value=pct(r[key], lang),
    )


def _hr_sentences(
    r: Mapping[str, Any], lang: str, evidence: Any = None, enps: bool = True, given: frozenset[str] = frozenset()
) -> tuple[str, str]:
    """What HR data adds: the organisation's own evidence (to the expected result) and the
    margin of error of the planned eNPS change (to the uncertainty; only for an eNPS the
    user entered, ``enps``)."""
    from . import evidence as _evidence
    from . import survey as _survey

    own = ""
    if evidence:
        own = " " + " ".join(_evidence_provenance(e, r, lang, given) for e in evidence) + " " + _evidence.sentence(evidence, lang)
    n = float(r["headcount"])
    if not enps or n < _register.PRIVACY_MINIMUM:
        return own, ""
    margin = _survey.planned_change_margin(r["enps_before"], r["enps_after"], n)
    change = float(r["enps_after"]) - float(r["enps_before"])
    return own, say(lang, "enps_noise", change=num(change, lang, 0), people=num(n, lang, 0), margin=num(margin, lang, 1))


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _no_breakeven_text(e, lang: str) -> str:
    """Why no improvement on the lever pays back, in the story's language."""
    if e.reason == "not_enough":
        which = "gap" if e.lever == "gap_closed" else "turnover"
        return say(
            lang,
            "no_breakeven_not_enough",
            on=word(lang, f"no_breakeven_on_{which}"),
            best=word(lang, f"no_breakeven_best_{which}"),
            npv=money(e.npv_at_best, lang),
        )
    if e.reason in ("always_pays", "cannot_fall"):
        return word(lang, f"no_breakeven_{e.reason}")
    return word(lang, "no_breakeven_worthless")


def _breakeven_text(f: Mapping[str, Any], lang: str) -> str:
    be = f["breakeven"]
    if be is None:  # no improvement on the lever can pay back
        return _no_breakeven_text(f["no_breakeven"], lang)
    P = lambda x, d=1: pct(x, lang, d)  # noqa: E731
    r = f["inputs"]
    if be.lever == "gap_closed":
        return say(lang, "breakeven_gap", share=P(be.improvement), planned=P(be.planned))
    points = be.improvement * 100
    plan = _plan_text(be.planned * 100, lang)
    if points > 0:
        return say(lang, "breakeven_fall", points=num(points, lang, 2), value=P(be.value, 2), plan=plan)
    if be.planned < be.improvement:  # the plan's rise is more than the case can carry
        return say(lang, "breakeven_rise_limit", points=num(-points, lang, 2), value=P(be.value, 2), plan=plan)
    return say(lang, "breakeven_not_hinge", points=num(-points, lang, 2), value=P(be.value, 2), today=P(r["turnover_before"], 2))


def _plan_text(points: float, lang: str) -> str:
    """The planned change in turnover, in words: a fall, a rise or no change."""
    shown = num(abs(points), lang, 2)
    if shown == "0":
        return word(lang, "plan_none")
    key = ("plan_fall" if points > 0 else "plan_rise") + ("_one" if shown == "1" else "")
    return say(lang, key, points=shown)


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
    lang = language
    p = r.planned

    def move(x: float, promised: bool) -> str:
        points = say(lang, "realised_points", points=num(abs(x) * 100.0, lang, 1))
        key = ("realised_down" if x < 0 else "realised_up") if promised else ("realised_fell" if x < 0 else "realised_rose")
        return say(lang, key, points=points)

    def listed(items: list[str]) -> str:
        return items[0] if len(items) == 1 else ", ".join(items[:-1]) + word(lang, "realised_and") + items[-1]

    monetised = [o for o in ("turnover", "absence") if o in r.effects]
    promised = [f"{word(lang, 'realised_plan_' + o)} {move(p[o + '_change'], True)}" for o in monetised]
    saving = sum(p[f"{o}_savings_per_year"] for o in monetised)
    parts: list[str] = []
    clear: list[str] = []
    unclear: list[str] = []
    for outcome, e in r.effects.items():
        scale = 0.01 if outcome == "enps" else 1.0  # eNPS is in points already
        low, high = (("+" if v * scale > 0 else "") + num(v * scale * 100.0, lang, 1) for v in (e.low, e.high))
        interval = say(lang, "realised_interval", confidence=num(e.confidence * 100, lang, 1), low=low, high=high)
        subject = word(lang, f"realised_{outcome}")
        parts.append(say(lang, "realised_part", subject=subject, move=move(e.effect * scale, False), interval=interval))
        (clear if e.distinguishable else unclear).append(subject)
    first = next(iter(r.effects.values()))
    text = (
        say(lang, "realised_promised", promised=word(lang, "realised_and").join(promised), saving=money(saving, lang))
        if promised
        else word(lang, "realised_promised_none")
    )
    text += say(
        lang,
        "realised_measured",
        comparison=str(first.teams_comparison),
        participating=str(first.teams_participating),
        parts=", ".join(parts),
    )
    if monetised:
        text += say(lang, "realised_money", money=money(sum(r.yearly.values()), lang))
        if r.roi is not None:
            text += say(lang, "realised_roi", roi=pct(r.roi, lang))
    verdict = []
    for items, key in ((clear, "realised_clear"), (unclear, "realised_unclear")):
        if items:
            verdict.append(say(lang, key + ("_many" if len(items) > 1 else "_one"), subjects=listed(items)))
    return text + "; " + ", ".join(verdict) + "."
