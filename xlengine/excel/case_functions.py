"""The whole case: the multi-year table, one figure of it, the register, an assumption's
range, the version that computes."""

from typing import Any, Literal

from .. import __version__
from ..decision import tables as _tables
from ..decision import uncertainty as _uncertainty
from ..engine import case as _case
from ..engine import register as _register
from ..engine import validate as _validate
from ..engine.errors import InputError
from . import arguments as A
from .arguments import CaseResult, Language
from .declare import DOC, arg, func, ret, safe

__all__ = ["ENG_BUSINESS_CASE", "ENG_CASE_RESULT", "ENG_ASSUMPTIONS", "ENG_VERSION", "ENG_RANGE"]


@func(heavy=True)
@arg("assumptions", DOC["assumptions"], ndim=2)
@arg("language", DOC["language"])
@ret()
@safe
def ENG_BUSINESS_CASE(assumptions, language: Language = "en"):
    """The multi-year business case as a table: levers, benefits, cost, net, cumulative, NPV, ROI, BCR, payback.

    Keys are case-insensitive; missing keys take the register's defaults; unknown keys
    are refused by name. The one-off cost falls at the start (column "Start (year 0)", not
    discounted). Conventions: docs/business-case.md.
    """
    lang = A.language(language)
    return _tables.case_table(_case.compute_checked(A.assumption_pairs(assumptions)), lang)


@func()
@arg("assumptions", DOC["assumptions"], ndim=2)
@arg(
    "result",
    "Which figure: turnover_savings, absence_savings, productivity_savings, total_benefits, total_costs, net_benefit, cumulative_net, npv, roi, bcr or payback_months; or turnover_after, absence_after, productivity_gain as the case uses them (benchmark mode: from the Gallup gap).",
)
@arg(
    "year",
    "Year of the case: 0 is the start (the one-off cost), then 1, 2, ...; leave empty for the whole horizon. Blank beyond the horizon.",
)
@arg("language", DOC["payback_language"])
@ret()
@safe
def ENG_CASE_RESULT(assumptions, result: CaseResult, year=None, language: Language = "en"):
    """One figure of the business case (one cell, one formula): a year's value, or the total over the horizon.

    EUR, ROI as a fraction, payback in months (a sentence when there is no payback); year 0
    is the start (the one-off cost, not discounted); cumulative_net exists per year only.
    turnover_after, absence_after and productivity_gain give the value the case computes
    with: the typed one, or in benchmark mode the one derived from the Gallup gap.
    Conventions: docs/business-case.md.
    """
    lang = A.language(language)
    name = str(result or "").strip().lower().replace(" ", "_")
    known = A.CASE_RESULTS_YEARLY + A.CASE_RESULTS_TOTAL + A.CASE_RESULTS_IN_USE
    if name not in known:
        raise InputError(
            "result", f"result = {_validate.fmt(result)} is not a figure of the case: enter one of {', '.join(known)}."
        )
    case = _case.compute_checked(A.assumption_pairs(assumptions))
    if year is None or (isinstance(year, str) and not year.strip()):
        if name == "cumulative_net":
            raise InputError("year", "cumulative_net is a yearly figure: give the year (its last year equals net_benefit).")
        return A.case_total(case, name, lang)
    if name in A.CASE_RESULTS_TOTAL + A.CASE_RESULTS_IN_USE:
        raise InputError("year", f"{name} is a figure for the whole horizon: leave year empty.")
    y = _validate.number("year", year, **A.CHECKS["year"])
    if y > case.horizon_years:
        return None  # beyond the horizon: an empty cell
    return float(A.case_yearly(case, name)[int(y)])  # index 0 is the start (year 0)


@func()
@arg("language", DOC["language"])
@ret()
@safe
def ENG_ASSUMPTIONS(language: Language = "en"):
    """The assumption register: key, label, unit, default, allowed and plausible ranges, source."""
    lang = A.language(language)
    header = (
        ["key", "label", "unit", "default", "allowed_min", "allowed_max", "plausible_min", "plausible_max", "source"]
        if lang == "en"
        else [
            "sleutel",
            "omschrijving",
            "eenheid",
            "standaard",
            "toegestaan_min",
            "toegestaan_max",
            "aannemelijk_min",
            "aannemelijk_max",
            "bron",
        ]
    )
    rows: list[list[Any]] = [header]
    for a in _register.REGISTER:
        source = a.source if a.verified else f"{a.source} (unverified)"
        rows.append(
            [
                a.key,
                a.label(lang),
                a.unit,
                float(a.default),
                float(a.allowed[0]),
                float(a.allowed[1]),
                float(a.plausible[0]),
                float(a.plausible[1]),
                source,
            ]
        )
    return rows


@func()
@ret()
@safe
def ENG_VERSION():
    """The version of the xlengine package that computes these cells."""
    return __version__


@func()
@arg("assumptions", DOC["assumptions"], ndim=2)
@arg("key", "The uncertain assumption, e.g. turnover_after (see ENG_ASSUMPTIONS).")
@arg("end", '"low" or "high".')
@ret()
@safe
def ENG_RANGE(assumptions, key, end: Literal["low", "high"]):
    """The low or high end of an assumption's range as the scenarios, tornado and Monte Carlo use it: a typed end as typed, a blank one by the default rule (docs/uncertainty-ranges.md).

    With the two-column block (key, value) it gives the default rule's end: the template's
    low/high cells hold this formula until a range is typed over it.
    """
    name = str(key or "").strip().lower().replace(" ", "_")
    entry = _register.BY_KEY.get(name)
    if entry is None:
        raise InputError(
            "key",
            f"key = {_validate.fmt(key)} is not a known assumption: enter one of the keys of ENG_ASSUMPTIONS(), e.g. turnover_after.",
        )
    if not entry.uncertain:
        raise InputError("key", f"key = {name} is a decision or a fact, not an estimate: it has no range.")
    which = A.choice("end", end, ("low", "high"))
    low, _, high = _uncertainty.range_of(name, A.case_assumptions(assumptions))
    return low if which == "low" else high
