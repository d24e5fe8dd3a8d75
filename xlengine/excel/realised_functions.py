"""Realised results: the programme's measured effect by difference-in-differences across
participating and comparison teams, its savings through the case's formulas and its ROI
(:mod:`xlengine.decision.realised`)."""

from ..decision import realised as _realised
from ..decision import story as _story
from ..engine import validate as _validate
from ..engine.errors import InputError
from . import arguments as A
from .declare import DOC, arg, func, ret, safe

__all__ = ["ENG_REALISED", "REALISED_FIELDS"]

#: What ENG_REALISED gives one cell of (empty field: the planned-vs-realised table).
REALISED_FIELDS = tuple(f"{o}_{k}" for o in _realised.OUTCOMES for k in ("effect", "low", "high", "se"))
REALISED_FIELDS += (
    "turnover_savings",
    "absence_savings",
    "savings_per_year",
    "benefits",
    "benefits_low",
    "benefits_high",
    "roi",
    "roi_low",
    "roi_high",
    "participating_teams",
    "comparison_teams",
    "participating_headcount",
    "sentence",
)

_TEAMS_DOC = (
    "The team table with its header: team, participating (1/0), headcount_before, headcount_after, "
    "turnover_before, turnover_after, absence_before, absence_after, enps_before, enps_after "
    "(as xlengine realised writes it; blank cells are skipped)."
)


def _optional_number(name, value, **checks):
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return _validate.number(name, value, **checks)


@func(heavy=True)
@arg("teams", _TEAMS_DOC, ndim=2)
@arg("assumptions", DOC["assumptions"] + " The plan, and the cost per leaver and per sick day that price the effect.", ndim=2)
@arg(
    "field",
    "One of turnover_effect, turnover_low, turnover_high, absence_effect, ..., savings_per_year, benefits, "
    "roi, sentence; empty for the planned-vs-realised table.",
)
@arg("actual_cost", "What the programme cost over the after period, EUR (for the ROI; empty: no ROI).")
@arg("years_after", "The after period in years (default 1): benefits = savings per year x years.")
@arg("confidence_level", "Confidence level of the intervals (default 95%).")
@arg("weighted", "1 (default): teams weighted by average headcount; 0: every team alike.")
@arg("language", DOC["language"])
@ret()
@safe
def ENG_REALISED(
    teams, assumptions, field=None, actual_cost=None, years_after=1.0, confidence_level=0.95, weighted=1, language="en"
):
    """The programme's measured effect: participating minus comparison teams' change (difference-in-differences), its savings and ROI.

    Per outcome (turnover, absence, eNPS) the effect with its team-clustered interval
    (CR1, t with teams - 1 degrees of freedom); savings per year through the case's own
    cost per leaver and per sick day; ROI against the actual cost. Empty field: the table
    of planned (the case) beside measured and realised, with low and high.
    """
    names, cols = _realised.parse_table(teams)
    a = A.case_assumptions(assumptions)
    lang = A.language(language)
    years = _validate.number("years_after", 1.0 if years_after is None else years_after, allowed=(0.01, 50))
    cost = _optional_number("actual_cost", actual_cost, allowed=(0, 1e12), nonzero=True)
    w = _validate.number("weighted", 1 if weighted is None else weighted, allowed=(0, 1), integer=True)
    r = _realised.evaluate(
        names, cols, a, years_after=years, actual_cost=cost, confidence=A.confidence(confidence_level), weighted=bool(w)
    )
    if field is None or (isinstance(field, str) and not field.strip()):
        return [[None if v is None else v for v in row] for row in _realised.comparison_rows(r, lang)]
    name = str(field).strip().lower()
    if name not in REALISED_FIELDS:
        raise InputError(
            "field",
            f"field = {_validate.fmt(field)} is not known: enter one of {', '.join(REALISED_FIELDS)}, "
            "or leave it empty for the table.",
        )
    if name == "sentence":
        return _story.realised_sentence(r, lang)
    outcome, _, part = name.rpartition("_")
    if outcome in _realised.OUTCOMES:
        e = r.effects.get(outcome)
        if e is None:
            raise InputError(
                "teams",
                f"{outcome}: not estimated ({r.skipped.get(outcome, 'no figures')}): fill "
                f"{outcome}_before and {outcome}_after for the teams.",
            )
        return float(getattr(e, "effect" if part == "effect" else part))
    first = next(iter(r.effects.values()))
    values = {
        "turnover_savings": r.yearly.get("turnover"),
        "absence_savings": r.yearly.get("absence"),
        "savings_per_year": sum(r.yearly.values()),
        "benefits": r.benefits,
        "benefits_low": r.benefits_low,
        "benefits_high": r.benefits_high,
        "roi": r.roi,
        "roi_low": r.roi_low,
        "roi_high": r.roi_high,
        "participating_teams": float(first.teams_participating),
        "comparison_teams": float(first.teams_comparison),
        "participating_headcount": r.participating_headcount,
    }
    value = values[name]
    if value is None:
        why = "enter actual_cost" if name.startswith("roi") else f"fill {name.split('_')[0]}_before and _after"
        raise InputError("field", f"field = {name} has no figure here: {why}.")
    return float(value)
