"""The business case: levers, costs and years assembled into NPV, ROI, BCR and payback.

Conventions (levers, attribution x confidence, year-1 effect, costs, NPV, ROI, BCR,
payback, benchmark mode): docs/business-case.md, the one full statement of them.

Timing: the one-off programme cost is spent at the start (year 0, not discounted);
benefits and ``programme_cost_annual`` fall in years 1..N. Every yearly array has N + 1
entries on its last axis: index 0 is the start, index y is year y.

Everything is vectorised: any assumption may be an array (Monte Carlo draws, teams); the
year is the last axis of every yearly result. ``horizon_years`` must be one integer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

import numpy as np

from . import gallup as _gallup
from . import absence as _absence
from . import model
from .errors import InputError
from .register import BY_KEY as _REGISTER

__all__ = ["LEVERS", "CaseResult", "compute", "compute_checked", "lever_savings", "absence_in_full", "check_absence_in_full"]

LEVERS = ("turnover", "absence", "productivity")


def lever_savings(a: Mapping[str, Any]) -> dict[str, Any]:
    """Gross full-year savings per lever, before attribution and confidence.

    Returns a dict with ``cost_per_leaver``, ``leavers_avoided``, ``cost_per_sick_day``,
    ``sick_days_avoided`` and one entry per lever in :data:`LEVERS` (EUR/yr).
    """
    leaver_cost = model.cost_per_leaver(
        a["annual_employer_cost"],
        a["recruitment_cost"],
        a["onboarding_cost"],
        a["vacancy_days"],
        a["ramp_up_months"],
        a["ramp_up_shortfall"],
        a["working_days"],
    )
    sick_day_cost = model.cost_per_sick_day(a["annual_employer_cost"], a["continued_pay"], a["cover_share"], a["working_days"])
    absence = model.absence_savings(a["headcount"], a["absence_before"], a["absence_after"], sick_day_cost, a["working_days"])
    full = _entry(a, "absence_in_full")
    if (full != 0) if type(full) is float or type(full) is int else np.any(full):  # a plain float: no numpy call per cell
        absence = np.where(np.asarray(full) > 0, absence_in_full(a, sick_day_cost)["savings"], absence)
        absence = float(absence) if absence.ndim == 0 else absence
    return {
        "cost_per_leaver": leaver_cost,
        "leavers_avoided": model.leavers_avoided(a["headcount"], a["turnover_before"], a["turnover_after"]),
        "cost_per_sick_day": sick_day_cost,
        "sick_days_avoided": model.sick_days_avoided(a["headcount"], a["absence_before"], a["absence_after"], a["working_days"]),
        "turnover": model.turnover_savings(a["headcount"], a["turnover_before"], a["turnover_after"], leaver_cost),
        "absence": absence,
        "productivity": model.productivity_gain_value(a["headcount"], a["value_per_fte"], a["productivity_gain"]),
    }


def _entry(a: Mapping[str, Any], key: str) -> Any:
    """``a[key]``, or the register's default where a caller's set predates the entry."""
    return a[key] if key in a else _REGISTER[key].default


def absence_in_full(a: Mapping[str, Any], cost_per_short_day: Any = None) -> dict[str, Any]:
    """The Dutch absence cost in full (docs/business-case.md, "Absence in full").

    Returns ``cost_per_long_day`` (EUR), ``savings`` (EUR/yr, the absence lever with the
    duration classes priced apart) and ``cost_before`` / ``cost_after`` (what absence
    costs a year, arbo fee included). Short and medium days cost the year-1 continued pay
    plus cover (the lever's cost per sick day); a long-term day adds year-2 pay (the
    statutory 70%, capped at the maximum daily wage),
    re-integration per case and, with ``wga_own_risk``, the WGA own risk per case.
    Engagement acts on short and medium absence unless ``engagement_on_long`` is 1: then
    the avoided days fall in the classes in proportion.
    """
    e = lambda key: _entry(a, key)  # noqa: E731
    short, medium = e("absence_share_short"), e("absence_share_medium")
    if np.any(np.asarray(short) + np.asarray(medium) > 1.0):
        raise InputError(
            "absence_share_medium",
            "absence_share_short + absence_share_medium is above 100%: the rest is "
            "long-term absence; enter shares that add up to at most 100%.",
        )
    if cost_per_short_day is None:
        cost_per_short_day = model.cost_per_sick_day(
            a["annual_employer_cost"], a["continued_pay"], a["cover_share"], a["working_days"]
        )
    short_day = cost_per_short_day  # year-1 pay and cover: the lever's cost per sick day
    wga = np.asarray(e("wga_own_risk"), dtype=float) * np.asarray(e("wga_cost_per_long_case"), dtype=float)
    long_day = _absence.cost_per_long_sick_day(
        a["annual_employer_cost"],
        a["continued_pay"],
        e("continued_pay_year2"),
        e("long_absence_year2_share"),
        e("max_daily_wage"),
        a["cover_share"],
        e("long_case_days"),
        e("reintegration_cost_per_case"),
        wga,
        a["working_days"],
    )
    cost = lambda rate: _absence.absence_cost_per_year(
        a["headcount"],
        rate,
        short,
        medium,
        short_day,
        long_day,  # noqa: E731
        e("occupational_health_cost"),
        a["working_days"],
    )
    return {
        "cost_per_long_day": long_day,
        "cost_per_short_day": short_day,
        "savings": _absence.absence_savings_by_class(
            a["headcount"],
            a["absence_before"],
            a["absence_after"],
            short,
            medium,
            short_day,
            long_day,
            e("engagement_on_long"),
            a["working_days"],
        ),
        "cost_before": cost(a["absence_before"]),
        "cost_after": cost(a["absence_after"]),
    }


@dataclass(frozen=True)
class CaseResult:
    """The computed case. Yearly arrays have the year as their last axis, with N + 1
    entries: index 0 is the start (year 0: the one-off cost), index y is year y."""

    inputs: Mapping[str, Any]
    horizon_years: int
    gross: Mapping[str, Any]  # lever_savings(): full-year, before attribution
    benefits_by_lever: Mapping[str, np.ndarray] = field(repr=False)
    benefits: np.ndarray = field(repr=False)
    costs: np.ndarray = field(repr=False)
    net: np.ndarray = field(repr=False)
    cumulative: np.ndarray = field(repr=False)
    npv: Any = None
    roi: Any = None
    bcr: Any = None
    payback_months: Any = None

    @property
    def total_benefits(self):
        return _scalar(self.benefits.sum(axis=-1))

    @property
    def total_costs(self):
        return _scalar(self.costs.sum(axis=-1))

    @property
    def total_net(self):
        return _scalar(self.net.sum(axis=-1))

    def summary(self) -> dict[str, float]:
        """Headline figures (scalar case)."""
        return {
            **{f"{lever}_savings": float(self.benefits_by_lever[lever].sum(axis=-1)) for lever in LEVERS},
            "total_benefits": float(self.total_benefits),
            "total_costs": float(self.total_costs),
            "net_benefit": float(self.total_net),
            "npv": float(self.npv),
            "roi": float(self.roi),
            "bcr": float(self.bcr),
            "payback_months": float(self.payback_months),
        }


def _scalar(x):
    x = np.asarray(x, dtype=float)
    return float(x) if x.ndim == 0 else x


def _year_major(start, first, later, horizon, shape):
    """A (1 + years, ...) array: ``start`` at year 0, ``first`` in year 1, ``later`` in
    every later year.

    The year axis is built first in memory and shown last (a view): with a million draws
    and three years, sums and discounting then run over long contiguous rows instead of
    3-element ones, which is several times faster in numpy.
    """
    out = np.empty((horizon + 1, *shape))
    out[0] = start
    out[1] = first
    out[2:] = later
    return out


def _payback(one_off, cumulative_by_year):
    """Months from the start until the cumulative net turns positive (see module doc).

    ``cumulative_by_year`` has the years 1..N as its first axis (the start excluded).
    """
    start = -np.asarray(one_off, dtype=float)
    months = np.full(cumulative_by_year.shape[1:], np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        for y, end in enumerate(cumulative_by_year):
            crosses = np.isnan(months) & (start < 0) & (end >= 0)
            months = np.where(crosses, 12.0 * (y - start / (end - start)), months)
            start = end
    never_negative = (-np.asarray(one_off, dtype=float) >= 0) & np.all(cumulative_by_year >= 0, axis=0)
    return _scalar(np.where(np.isnan(months), np.where(never_negative, 0.0, np.inf), months))


def compute(a: Mapping[str, Any]) -> CaseResult:
    """Compute the case from complete, checked assumptions (see :func:`compute_checked`).

    Any value may be an array; all broadcast together. ``horizon_years`` is one integer.

    >>> from xlengine.engine.register import defaults
    >>> r = compute(defaults())
    >>> round(r.npv, 2), round(r.roi, 4), round(r.payback_months, 2)
    (337271.8, 1.6778, 12.89)
    """
    a = _gallup.resolve(a)  # benchmark mode: "after" values from the Gallup gap
    horizon = int(np.asarray(a["horizon_years"]).reshape(-1)[0])
    strict = _entry(a, "phillips_strict")
    if type(strict) is not float and type(strict) is not int:
        strict = np.asarray(strict, dtype=float).reshape(-1)
        if np.any(strict != strict[0]):
            raise InputError(
                "phillips_strict",
                "phillips_strict must be one value for the whole case (it sets the horizon), not a range of values.",
            )
        strict = float(strict[0])
    if strict:  # guiding principle 9: first-year benefits only
        horizon = 1
    if np.ndim(a["horizon_years"]) and np.any(np.asarray(a["horizon_years"]) != horizon):
        raise InputError("horizon_years", "horizon_years must be one whole number for the whole case, not a range of values.")
    gross = lever_savings(a)
    adjust = np.asarray(a["attribution"], dtype=float) * np.asarray(a["confidence"], dtype=float)
    effect_year1 = np.asarray(a["effect_year1"], dtype=float)
    one_off = np.asarray(a["programme_cost_one_off"], dtype=float)
    annual = np.asarray(a["programme_cost_annual"], dtype=float)
    full = {lever: np.asarray(gross[lever], dtype=float) * adjust for lever in LEVERS}
    shape = np.broadcast_shapes(*(v.shape for v in full.values()), effect_year1.shape, one_off.shape, annual.shape)
    # Year-major internally (see _year_major); every yearly result is shown year-last.
    lever_y = {k: _year_major(0.0, v * effect_year1, v, horizon, shape) for k, v in full.items()}
    turnover, absence, productivity = (lever_y[k] for k in LEVERS)
    # turnover + absence + productivity (sum()'s order, so the same bits), the start row is 0
    benefits_y = np.empty_like(turnover)
    benefits_y[0] = 0.0
    np.add(turnover[1:], absence[1:], out=benefits_y[1:])
    benefits_y[1:] += productivity[1:]
    costs_y = _year_major(one_off, annual, annual, horizon, shape)
    total_costs = costs_y.sum(axis=0)
    if np.any(total_costs < 1.0):  # below one euro ROI and BCR are meaningless (and overflow)
        raise InputError(
            "programme_cost_one_off",
            "programme_cost_one_off and programme_cost_annual are both 0: ROI, BCR and payback need the programme's cost; enter it (fully loaded, including staff time).",
        )
    net_y = benefits_y - costs_y
    cumulative_y = np.cumsum(net_y, axis=0)
    total_benefits = benefits_y.sum(axis=0)
    last = lambda x: np.moveaxis(x, 0, -1)  # noqa: E731 - year-major memory, year-last view
    return CaseResult(
        inputs=a,
        horizon_years=horizon,
        gross=gross,
        benefits_by_lever={k: last(v) for k, v in lever_y.items()},
        benefits=last(benefits_y),
        costs=last(costs_y),
        net=last(net_y),
        cumulative=last(cumulative_y),
        npv=_scalar(net_y[0] + model.npv(a["discount_rate"], last(net_y[1:]))),
        roi=model.roi(total_benefits, total_costs),
        bcr=model.bcr(total_benefits, total_costs),
        payback_months=_payback(one_off, cumulative_y[1:]),
    )


def check_absence_in_full(a: Mapping[str, Any]) -> None:
    """With the absence cost in full on and engagement acting on short and medium absence
    only, the planned reduction must fit in short and medium absence (the model would cap
    it silently; a typed plan is told instead)."""
    if not _entry(a, "absence_in_full") or _entry(a, "engagement_on_long"):
        return
    short = float(_entry(a, "absence_share_short")) + float(_entry(a, "absence_share_medium"))
    most = float(a["absence_before"]) * short
    if float(a["absence_before"]) - float(a["absence_after"]) > most + 1e-12:
        raise InputError(
            "absence_after",
            f"absence_after = {float(a['absence_after']):.2%} asks for more than short and "
            f"medium absence hold ({most:.2%} of {float(a['absence_before']):.2%}; "
            "engagement acts on those only): raise absence_after to at least "
            f"{float(a['absence_before']) - most:.2%}, or set engagement_on_long to 1.",
        )


def compute_checked(values: Mapping[str, Any]) -> CaseResult:
    """Check raw user values against the register, fill defaults, and compute."""
    from .validate import assumptions

    a = assumptions(values)
    check_absence_in_full(a)
    return compute(a)
