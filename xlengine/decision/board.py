"""Everything the board pack shows, computed once: the case, the Monte Carlo, the tornado,
the story with its sources as numbered footnotes, the teams, the assumptions and one
sentence of recommendation.

The PDF (:mod:`xlengine.workbook.board_pdf`) and the report's Board sheet only lay these
figures out; each comes from :func:`xlengine.engine.case.compute`,
:mod:`xlengine.decision.uncertainty`, :func:`xlengine.decision.story.story` and
:mod:`xlengine.decision.teams` on the same assumptions, with the same draws and seed.

Recommendation (a convention of this pack, stated so finance can disagree with it):
with P = P(NPV > 0) from the Monte Carlo,

* NPV > 0 and P >= :data:`APPROVE_AT` (90%): approve;
* NPV > 0 and P >= :data:`STAGE_AT` (50%): approve in stages, measure after year 1;
* otherwise: do not approve as planned.

>>> from xlengine.engine.register import defaults
>>> f = board_figures(defaults(), language="en", draws=2_000)
>>> round(float(f.case.npv)), f.recommendation.split(":")[0]
(337272, 'Approve the programme')
>>> f.story[0][0], len(f.footnotes) > 3
('Problem', True)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

from ..engine import gallup as _gallup
from ..engine.case import CaseResult, compute
from ..engine.register import BY_KEY
from . import story as _story
from . import tables as _tables
from . import teams as _teams
from . import uncertainty as _uncertainty

__all__ = [
    "APPROVE_AT",
    "STAGE_AT",
    "SECTION_SOURCES",
    "BoardFigures",
    "Realised",
    "board_figures",
    "recommendation",
    "footnotes",
    "assumption_appendix",
]

#: P(NPV > 0) from which the pack recommends approval outright, and in stages.
APPROVE_AT = 0.90
STAGE_AT = 0.50

#: The register entries each story section rests on (its footnotes), in story order; the
#: Gallup benchmark is cited where the section uses it ("gallup:<edition>").
SECTION_SOURCES: dict[str, tuple[str, ...]] = {
    "problem": (
        "turnover_before",
        "absence_before",
        "annual_employer_cost",
        "recruitment_cost",
        "onboarding_cost",
        "vacancy_days",
        "ramp_up_months",
        "ramp_up_shortfall",
        "continued_pay",
        "cover_share",
    ),
    "intervention": ("programme_cost_one_off", "programme_cost_annual"),
    "expected_result": ("turnover_after", "absence_after", "productivity_gain", "effect_year1"),
    "impact": ("discount_rate", "attribution", "confidence", "value_per_fte"),
    "uncertainty": (),
    "break_even": (),
    "not_in_the_money": ("gallup:2024",),
    "sources": (),
}


@dataclass(frozen=True)
class Realised:
    """One figure planned against realised (a Results sheet): label, unit, both values."""

    label: str
    unit: str
    planned: float
    realised: float | None


@dataclass(frozen=True)
class BoardFigures:
    language: str
    assumptions: Mapping[str, Any]
    case: CaseResult
    simulation: _uncertainty.Simulation
    npv_p5: float
    npv_p50: float
    npv_p95: float
    prob_positive: float
    histogram: list[tuple[float, float, int]]
    tornado: list[dict[str, Any]]  # uncertainty.sensitivity rows, widest first, with "label"
    story: list[tuple[str, str, tuple[int, ...]]]  # (title, text, footnote numbers); the sources section left out
    footnotes: list[str]  # footnote n is footnotes[n - 1]
    teams: list[list[Any]] | None  # teams.table rows (header, ranked teams, total) or None
    appendix: list[dict[str, Any]]
    recommendation: str
    draws: int
    seed: int
    realised: Sequence[Realised] | None = None


def _source_of(ref: str, language: str, given: frozenset[str], a: Mapping[str, Any]) -> tuple[str, str | None]:
    """(the footnote a figure belongs to, the figure's label or None): figures with the same
    publication share one footnote; the full source of each is in the appendix."""
    nl = language == "nl"
    if ref.startswith("gallup:"):
        return _gallup_citation(int(ref.split(":")[1])), (
            "klantloyaliteit (niet in geld)" if nl else "customer loyalty (not in the money)"
        )
    entry = BY_KEY[ref]
    label = entry.label(language)
    if ref in _gallup.DERIVED and _gallup.is_on(a):
        return _gallup_citation(int(a["gallup_edition"])), label
    if ref in given:
        return ("Eigen cijfers van de organisatie" if nl else "The organisation's own figures"), label
    if entry.source.startswith("Illustrative"):
        return (
            "Voorbeeldwaarden van het ingebouwde voorbeeld, te vervangen door eigen cijfers"
            if nl
            else "Example values of the embedded example, to replace with your own figures"
        ), label
    return (entry.citation or entry.source), label


def _gallup_citation(edition: int) -> str:
    """The Gallup meta-analysis as the register cites it (one footnote for every use)."""
    return f"Gallup Q12 ({edition})"


def footnotes(a: Mapping[str, Any], language: str = "en", given=None) -> tuple[dict[str, tuple[int, ...]], list[str]]:
    """Per story section the numbers of its footnotes, and the footnotes: one per source
    (publication, law, the example's own values, the organisation's own figures), numbered
    from 1 in order of first use, each naming the figures it gives.

    >>> from xlengine.engine.register import defaults
    >>> marks, notes = footnotes(defaults(), "en")
    >>> marks["problem"], notes[0]
    ((1, 2, 3, 4, 5, 6, 7, 8), "'Betrokkenheid is geen soft thema, maar de hardste KPI die je nog niet meet': annual turnover rate before the programme; annual turnover rate after the programme; absence rate after the programme.")
    """
    given = frozenset(given or ())
    labels: dict[str, list[str]] = {}
    marks: dict[str, tuple[int, ...]] = {}
    for section, refs in SECTION_SOURCES.items():
        mine: list[int] = []
        for ref in refs:
            source, label = _source_of(ref, language, given, a)
            labels.setdefault(source, [])
            if label is not None and label not in labels[source]:
                labels[source].append(label)
            number = list(labels).index(source) + 1
            if number not in mine:
                mine.append(number)
        marks[section] = tuple(sorted(mine))
    notes = [
        f"{source}: {'; '.join(_lower_first(x) for x in named)}." if named else f"{source}." for source, named in labels.items()
    ]
    return marks, notes


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def recommendation(result: CaseResult, prob_positive: float, language: str = "en") -> str:
    """One sentence: approve, approve in stages, or not as planned (see the module notes).

    >>> from xlengine.engine.register import defaults
    >>> print(recommendation(compute(defaults()), 0.62, "nl"))
    Keur het programma goed in fasen: de verwachte NCW is € 337.272, maar in 38% van de gesimuleerde uitkomsten verdient het zich niet terug; meet verloop en verzuim na jaar 1 voordat het vervolg start.
    """
    nl = language == "nl"
    M = lambda x: _tables.money(x, "nl" if nl else "en")  # noqa: E731
    P = lambda x: _tables.pct(x, "nl" if nl else "en", 1)  # noqa: E731
    npv = float(result.npv)
    payback = float(result.payback_months)
    if npv > 0 and prob_positive >= APPROVE_AT:
        months = _tables.num(payback, "nl" if nl else "en") if math.isfinite(payback) else None
        if nl:
            pay = f"verdient zich terug na {months} maanden" if months else "levert een positieve NCW op"
            return (
                f"Keur het programma goed: het {pay}, met een NCW van {M(npv)}, en in {P(prob_positive)} "
                f"van de gesimuleerde uitkomsten is de NCW positief."
            )
        pay = f"pays back after {months} months" if months else "has a positive NPV"
        return (
            f"Approve the programme: it {pay} with an NPV of {M(npv)}, and the NPV is positive in "
            f"{P(prob_positive)} of the simulated outcomes."
        )
    if npv > 0 and prob_positive >= STAGE_AT:
        if nl:
            return (
                f"Keur het programma goed in fasen: de verwachte NCW is {M(npv)}, maar in {P(1 - prob_positive)} "
                f"van de gesimuleerde uitkomsten verdient het zich niet terug; meet verloop en verzuim na jaar 1 "
                f"voordat het vervolg start."
            )
        return (
            f"Approve the programme in stages: the expected NPV is {M(npv)}, but in {P(1 - prob_positive)} of the "
            f"simulated outcomes it does not pay back; measure turnover and absence after year 1 before the next stage."
        )
    if nl:
        return (
            f"Keur het programma niet goed zoals gepland: de NCW is {M(npv)} en maar {P(prob_positive)} van de "
            f"gesimuleerde uitkomsten verdient het terug; verlaag eerst de kosten of versterk de hefbomen."
        )
    return (
        f"Do not approve the programme as planned: the NPV is {M(npv)} and only {P(prob_positive)} of the simulated "
        f"outcomes pay it back; lower the cost or strengthen the levers first."
    )


def assumption_appendix(a: Mapping[str, Any], language: str = "en", given=None) -> list[dict[str, Any]]:
    """Every register entry the case counts: key, label, value, the range the uncertainty uses
    (None for a fact or a decision), unit, source and whether the value is the organisation's
    own. The entries of the absence cost in full are listed when ``absence_in_full`` is on."""
    given = frozenset(given or ())
    r = _uncertainty.ranges(a)
    rows = []
    for key, entry in BY_KEY.items():
        if entry.group == "absence_in_full" and key != "absence_in_full" and not a.get("absence_in_full"):
            continue  # the parts of the absence cost in full count only with it on (the switch row says so)
        low, _, high = r.get(key, (None, None, None))
        rows.append(
            {
                "key": key,
                "label": entry.label(language),
                "value": a[key],
                "low": low,
                "high": high,
                "unit": entry.unit,
                "source": entry.source,
                "verified": entry.verified,
                "own": key in given,
            }
        )
    return rows


def board_figures(
    a: Mapping[str, Any],
    language: str = "en",
    draws: int = 10_000,
    seed: int = 1,
    given=None,
    teams: tuple[list[str], Mapping[str, Any]] | None = None,
    realised: Sequence[Realised] | None = None,
) -> BoardFigures:
    """All figures of the pack for checked assumptions ``a`` (:func:`xlengine.engine.validate.assumptions`).

    ``given``: the keys the user entered (the story and the footnotes say which figures are
    the organisation's own); ``teams``: :func:`xlengine.decision.teams.parse_table` output;
    ``realised``: planned against realised figures, shown on a page of their own when given.
    """
    lang = "nl" if language == "nl" else "en"
    given = frozenset(given or ())
    result = compute(a)
    sim = _uncertainty.simulate(a, draws=draws, seed=seed)
    p5, p50, p95 = sim.percentiles()["npv"]
    tornado = [{**row, "label": BY_KEY[row["key"]].label(lang)} for row in _uncertainty.sensitivity(a)]
    marks, notes = footnotes(a, lang, given)
    rows = _story.story(a, lang, draws=draws, seed=seed, given=given)
    story = [(title, text, marks[key]) for (title, text), key in zip(rows, _story.SECTION_KEYS) if key != "sources"]
    team_rows = _teams.table(_teams.analyse(teams, a), lang) if teams is not None and teams[0] else None
    return BoardFigures(
        language=lang,
        assumptions=a,
        case=result,
        simulation=sim,
        npv_p5=p5,
        npv_p50=p50,
        npv_p95=p95,
        prob_positive=sim.prob_positive,
        histogram=sim.histogram(),
        tornado=tornado,
        story=story,
        footnotes=notes,
        teams=team_rows,
        appendix=assumption_appendix(a, lang, given),
        recommendation=recommendation(result, sim.prob_positive, lang),
        draws=sim.draws,
        seed=sim.seed,
        realised=realised,
    )
