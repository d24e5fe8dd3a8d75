"""Realised results: the programme's measured effect, isolated with comparison teams (numpy only).

The case is a forecast; a year later the board asks what the programme brought. Teams
that took part are compared with teams that did not (or started later): the
**difference-in-differences** (DiD) of each outcome is

.. math::

    \\hat\\delta = (\\bar y^T_{after} - \\bar y^T_{before}) - (\\bar y^C_{after} - \\bar y^C_{before})

with :math:`\\bar y^T` the mean over participating teams and :math:`\\bar y^C` over the
comparison teams, each team weighted by its average headcount (FTE, the mean of the two
periods; the same weight in both periods). Weighted because the euros are per FTE: the
organisation's effect is the effect on the average employee, and a small team's rate is
the noisier one. ``weighted=False`` gives every team the same weight.

It is the interaction coefficient of the weighted least-squares regression on the 2 x 2
team-period panel (2G rows for G teams)

.. math:: y_{it} = \\alpha + \\beta\\,post_t + \\gamma\\,D_i + \\delta\\,post_t D_i + u_{it}

and its standard error is cluster-robust by team (CR1, Liang-Zeger with the small-sample
factor of Stata and statsmodels, c = G/(G-1) x (N-1)/(N-K), N = 2G rows, K = 4):
a team's two periods are not independent. The interval is delta +- t x SE with the
Student t quantile of G - 1 degrees of freedom (Cameron & Miller, "A Practitioner's Guide
to Cluster-Robust Inference", J. Human Resources 50(2), 2015, section VI: few clusters
need t(G - 1), not the normal). As a closed form: with a_i = w_i / W_T for a
participating team and -w_i / W_C for a comparison team (W the arm's total weight),
delta = sum a_i (y_i,after - y_i,before) and Var = c x sum a_i^2 (Delta_i - Delta_arm)^2.

The assumption (parallel trends): without the programme the participating teams' outcome
would have moved as the comparison teams' did. The data cannot prove it (docs/realised.md).

Realised savings go through the case's own formulas (:mod:`xlengine.engine.model`): leavers
avoided = participating headcount x (-delta_turnover), at the case's cost per leaver;
sick days avoided likewise at the case's cost per sick day. The DiD already isolates the
programme's effect, so no attribution or confidence factor is applied to it; its
uncertainty is the interval, carried into euros at both ends.

Runs in xlwings Lite behind ``ENG_REALISED`` (no pandas, no scipy).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

import numpy as np

from ..engine import model as _model
from ..engine.errors import InputError
from .did import Effect, MIN_TEAMS_PER_ARM, did, t_quantile  # noqa: F401 - importable from here

__all__ = [
    "MIN_TEAMS_PER_ARM",
    "OUTCOMES",
    "TABLE_COLUMNS",
    "Effect",
    "Realised",
    "t_quantile",
    "did",
    "parse_table",
    "evaluate",
    "check_periods",
    "participation_flag",
    "planned_figures",
    "comparison_rows",
    "table_rows",
]


#: outcome -> (before column, after column, unit)
OUTCOMES = {
    "turnover": ("turnover_before", "turnover_after", "fraction"),
    "absence": ("absence_before", "absence_after", "fraction"),
    "enps": ("enps_before", "enps_after", "eNPS points"),
}

#: The team table ``ENG_REALISED`` and ``xlengine realised`` read and write, in order.
TABLE_COLUMNS = (
    "team",
    "participating",
    "headcount_before",
    "headcount_after",
    "turnover_before",
    "turnover_after",
    "absence_before",
    "absence_after",
    "enps_before",
    "enps_after",
)


def check_periods(before_from, before_to, after_from, after_to) -> None:
    """Refuse periods that are backwards or overlap (one sentence naming the argument).

    >>> d = np.datetime64
    >>> check_periods(d("2024-01-01"), d("2024-12-31"), d("2024-07-01"), d("2025-06-30"))
    Traceback (most recent call last):
    ...
    xlengine.engine.errors.InputError: the before period (2024-01-01 to 2024-12-31) and the after period (2024-07-01 to 2025-06-30) overlap: let the after period start after 2024-12-31.
    """
    for name, f, t in (("--before", before_from, before_to), ("--after", after_from, after_to)):
        if t < f:
            raise InputError(name, f"{name} ends ({t}) before it starts ({f}): give the period as FIRST:LAST day.")
    if after_from <= before_to:
        if after_to < before_from:
            raise InputError(
                "--after",
                f"the after period ({after_from} to {after_to}) lies before the before period "
                f"({before_from} to {before_to}): swap --before and --after.",
            )
        raise InputError(
            "--after",
            f"the before period ({before_from} to {before_to}) and the after period ({after_from} to "
            f"{after_to}) overlap: let the after period start after {before_to}.",
        )


_YES = {"1", "1.0", "yes", "y", "true", "ja", "j", "x", "participating", "took part", "deelgenomen", "wel"}
_NO = {"0", "0.0", "no", "n", "false", "nee", "", "comparison", "niet", "vergelijking"}


def participation_flag(value: Any, where: str) -> bool:
    """1/0, yes/no, ja/nee, TRUE/FALSE as a bool; anything else is refused.

    >>> participation_flag("Ja", "row 2"), participation_flag(0, "row 3"), participation_flag(None, "row 4")
    (True, False, False)
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return False
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise InputError(
        "participating", f"{where}: participating = {value!r} is not yes or no: enter 1 (took part) or 0 (comparison)."
    )


def _header(h: Any) -> str:
    return str(h if h is not None else "").strip().lower().replace(" ", "_").replace("-", "_")


def parse_table(rows: Sequence[Sequence[Any]]) -> tuple[list[str], dict[str, np.ndarray]]:
    """Team names and columns of :data:`TABLE_COLUMNS` from rows with a header (blank -> NaN).

    ``participating`` becomes a bool array; the other columns floats (a text such as
    ``12%`` is read as 0.12).

    >>> names, cols = parse_table([["team", "participating", "headcount_before", "turnover_before", "turnover_after"],
    ...                            ["A", 1, 20, "15%", 0.1], ["B", "no", 10, 0.12, None]])
    >>> names, cols["participating"].tolist(), cols["turnover_before"].tolist(), cols["turnover_after"].tolist()
    (['A', 'B'], [True, False], [0.15, 0.12], [0.1, nan])
    """
    from ..engine import validate as _validate

    if not isinstance(rows, (list, tuple)) or len(rows) < 2:
        raise InputError("teams", "teams needs a header row and at least one team: select the team table including its header.")
    header = [_header(h) for h in rows[0]]
    for h in header:
        if h and h not in TABLE_COLUMNS:
            raise InputError("teams", f"teams has a column {h!r} that is not known: use the headers {', '.join(TABLE_COLUMNS)}.")
    for required in ("team", "participating"):
        if required not in header:
            raise InputError("teams", f"teams has no {required!r} column: the header row needs at least team and participating.")
    where = {h: i for i, h in enumerate(header) if h}
    names: list[str] = []
    cols: dict[str, list] = {h: [] for h in TABLE_COLUMNS if h != "team"}
    for r, row in enumerate(rows[1:], start=2):
        row = list(row) if isinstance(row, (list, tuple)) else [row]
        row += [None] * (len(header) - len(row))
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in row):
            continue
        name = row[where["team"]]
        if name is None or not str(name).strip():
            raise InputError("teams", f"teams row {r} has figures but no team name: enter the team's name.")
        name = str(int(name)) if isinstance(name, float) and name.is_integer() else str(name).strip()
        if name in names:
            raise InputError("teams", f"team {name!r} is given twice (row {r}): keep one row per team.")
        names.append(name)
        cols["participating"].append(participation_flag(row[where["participating"]], f"teams row {r}"))
        for h in TABLE_COLUMNS[2:]:
            v = row[where[h]] if h in where else None
            if v is None or (isinstance(v, str) and not v.strip()):
                cols[h].append(math.nan)
                continue
            rate = h.startswith(("turnover", "absence"))
            bounds = (0, 1) if rate else ((-100, 100) if h.startswith("enps") else (0, 10_000_000))
            cols[h].append(_validate.number(f"{h} (row {r})", v, fraction=rate, allowed=bounds))
    if not names:
        raise InputError("teams", "teams holds no team: select the table with its rows.")
    out = {h: np.asarray(v, dtype=bool if h == "participating" else float) for h, v in cols.items()}
    return names, out


@dataclass(frozen=True)
class Realised:
    """Measured effects, realised savings and ROI, planned beside them."""

    effects: dict[str, Effect]
    participating_headcount: float  # FTE in the after period
    years_after: float
    cost_per_leaver: float
    cost_per_sick_day: float
    yearly: dict[str, float]  # EUR/yr per monetised outcome, at the estimate
    yearly_low: dict[str, float]  # at the end of the interval worse for the case
    yearly_high: dict[str, float]
    benefits: float  # over the after period, EUR
    benefits_low: float
    benefits_high: float
    actual_cost: float | None
    roi: float | None
    roi_low: float | None
    roi_high: float | None
    planned: dict[str, float]
    skipped: dict[str, str] = field(default_factory=dict)  # outcome -> why it has no effect

    def as_dict(self) -> dict[str, Any]:
        return {
            "effects": {k: e.as_dict() for k, e in self.effects.items()},
            "skipped": dict(self.skipped),
            "participating_headcount": self.participating_headcount,
            "years_after": self.years_after,
            "cost_per_leaver": self.cost_per_leaver,
            "cost_per_sick_day": self.cost_per_sick_day,
            "yearly_savings": dict(self.yearly),
            "yearly_savings_low": dict(self.yearly_low),
            "yearly_savings_high": dict(self.yearly_high),
            "benefits": self.benefits,
            "benefits_low": self.benefits_low,
            "benefits_high": self.benefits_high,
            "actual_cost": self.actual_cost,
            "roi": self.roi,
            "roi_low": self.roi_low,
            "roi_high": self.roi_high,
            "planned": dict(self.planned),
        }


def _savings(
    outcome: str,
    headcount: float,
    measured_after: float,
    effect: float,
    a: Mapping[str, Any],
    leaver_cost: float,
    sick_day_cost: float,
) -> float:
    """EUR/yr: the engine's lever formula with the counterfactual (measured - effect) as 'before'."""
    counterfactual = measured_after - effect
    if outcome == "turnover":
        return _model.turnover_savings(headcount, counterfactual, measured_after, leaver_cost)
    return _model.absence_savings(headcount, counterfactual, measured_after, sick_day_cost, a["working_days"])


def planned_figures(a: Mapping[str, Any]) -> dict[str, float]:
    """What the case promised: the changes it assumes and its savings per year at full
    effect after attribution and confidence (the case's years 2 and later), its benefits,
    costs and ROI over its horizon."""
    from ..engine import case as _case

    r = _case.compute(a)
    adjust = float(a["attribution"]) * float(a["confidence"])
    full = {lever: float(r.gross[lever]) * adjust for lever in ("turnover", "absence")}
    return {
        "headcount": float(a["headcount"]),
        "turnover_change": float(a["turnover_after"]) - float(a["turnover_before"]),
        "absence_change": float(a["absence_after"]) - float(a["absence_before"]),
        "enps_change": float(a["enps_after"]) - float(a["enps_before"]),
        "turnover_savings_per_year": full["turnover"],
        "absence_savings_per_year": full["absence"],
        "total_benefits": float(r.total_benefits),
        "total_costs": float(r.total_costs),
        "roi": float(r.roi),
        "horizon_years": float(r.horizon_years),
    }


def evaluate(
    names: Sequence[str],
    cols: Mapping[str, np.ndarray],
    a: Mapping[str, Any],
    *,
    years_after: float = 1.0,
    actual_cost: float | None = None,
    confidence: float = 0.95,
    weighted: bool = True,
) -> Realised:
    """Effects of every outcome with figures, realised savings and ROI (module notes).

    ``a``: checked, complete assumptions (the case; its cost per leaver and per sick day
    price the measured effect). ``years_after``: the after period in years (rates are per
    year; benefits over the period = yearly x years). ``actual_cost``: what the programme
    cost over the after period, EUR (None: no ROI).
    """
    part = np.asarray(cols["participating"], dtype=bool)
    n = part.size
    nan = np.full(n, np.nan)
    h_before = np.asarray(cols.get("headcount_before", nan), dtype=float)
    h_after = np.asarray(cols.get("headcount_after", nan), dtype=float)
    if weighted:
        if np.isnan(h_before).all() and np.isnan(h_after).all():
            raise InputError(
                "teams",
                "teams has no headcount_before or headcount_after: the teams are weighted by their "
                "average headcount; add the headcounts or choose the unweighted estimate.",
            )
        weights = np.nanmean(np.vstack([h_before, h_after]), axis=0)
    else:
        weights = None
    if not part.any() or part.all():
        which = "no comparison team" if part.all() else "no participating team"
        raise InputError(
            "participation",
            f"the table holds {which} ({n} team(s), {int(part.sum())} participating): the effect "
            "needs teams that took part and teams that did not (or started later).",
        )
    if min(int(part.sum()), int((~part).sum())) < MIN_TEAMS_PER_ARM:
        raise InputError(
            "participation",
            f"the table holds {int(part.sum())} participating and {int((~part).sum())} comparison "
            f"team(s); a team-clustered interval needs at least {MIN_TEAMS_PER_ARM} in each: "
            "add teams (or merge fewer), or compare at a finer team level.",
        )
    effects: dict[str, Effect] = {}
    skipped: dict[str, str] = {}
    for outcome, (bcol, acol, _) in OUTCOMES.items():
        if bcol not in cols or acol not in cols or np.isnan(cols[bcol]).all() or np.isnan(cols[acol]).all():
            skipped[outcome] = f"no {bcol} / {acol} figures"
            continue
        try:
            effects[outcome] = did(cols[bcol], cols[acol], part, weights, confidence, outcome)
        except InputError as refused:
            if refused.argument != "participation" or "have figures in both periods" not in str(refused):
                raise
            skipped[outcome] = str(refused)
    if not effects:
        raise InputError(
            "teams",
            "no outcome has figures for enough teams in both periods: fill turnover, absence or "
            f"eNPS before and after for at least {MIN_TEAMS_PER_ARM} teams in each arm.",
        )
    head = float(np.nansum(np.where(part, h_after, 0.0)))
    leaver_cost = _model.cost_per_leaver(
        a["annual_employer_cost"],
        a["recruitment_cost"],
        a["onboarding_cost"],
        a["vacancy_days"],
        a["ramp_up_months"],
        a["ramp_up_shortfall"],
        a["working_days"],
    )
    sick_day_cost = _model.cost_per_sick_day(a["annual_employer_cost"], a["continued_pay"], a["cover_share"], a["working_days"])
    yearly: dict[str, float] = {}
    low: dict[str, float] = {}
    high: dict[str, float] = {}
    for outcome in ("turnover", "absence"):
        e = effects.get(outcome)
        if e is None:
            continue
        yearly[outcome], low[outcome], high[outcome] = (
            float(_savings(outcome, head, e.participating_after, effect, a, leaver_cost, sick_day_cost))
            # a rise is a loss: the worse end is the higher effect (fewer leavers avoided)
            for effect in (e.effect, e.high, e.low)
        )
    years = float(years_after)
    benefits = sum(yearly.values()) * years
    b_low, b_high = sum(low.values()) * years, sum(high.values()) * years
    roi = roi_low = roi_high = None
    if actual_cost is not None:
        cost = float(actual_cost)
        if not cost > 0:
            raise InputError(
                "actual_cost",
                f"actual_cost = {actual_cost!r}: ROI needs the programme's actual cost above 0 "
                "(fully loaded, staff time included).",
            )
        roi, roi_low, roi_high = (float(_model.roi(x, cost)) for x in (benefits, b_low, b_high))
    return Realised(
        effects,
        head,
        years,
        float(leaver_cost),
        float(sick_day_cost),
        yearly,
        low,
        high,
        float(benefits),
        float(b_low),
        float(b_high),
        None if actual_cost is None else float(actual_cost),
        roi,
        roi_low,
        roi_high,
        planned_figures(a),
        skipped,
    )


#: Rows of the planned-vs-realised table: (label, planned key, realised getter, unit)
def comparison_rows(r: Realised, language: str = "en") -> list[list[Any]]:
    """Planned beside measured and realised, one row per figure (a header row first).

    Rates as fractions, eNPS in points, money in EUR; None where a side has no figure.
    """
    nl = language == "nl"
    p = r.planned
    head = (
        ["Figure", "Planned (case)", "Measured / realised", "Low", "High"]
        if not nl
        else ["Kengetal", "Gepland (businesscase)", "Gemeten / gerealiseerd", "Laag", "Hoog"]
    )
    rows: list[list[Any]] = [head]
    labels = {
        "turnover": ("Voluntary turnover, change (effect)", "Vrijwillig verloop, verandering (effect)"),
        "absence": ("Absence rate, change (effect)", "Verzuimpercentage, verandering (effect)"),
        "enps": ("eNPS, change (effect, points)", "eNPS, verandering (effect, punten)"),
    }
    for outcome in OUTCOMES:
        e = r.effects.get(outcome)
        rows.append(
            [
                labels[outcome][nl],
                p[f"{outcome}_change"],
                None if e is None else e.effect,
                None if e is None else e.low,
                None if e is None else e.high,
            ]
        )
    sav = {
        "turnover": ("Turnover savings per year (EUR)", "Besparing verloop per jaar (EUR)"),
        "absence": ("Absence savings per year (EUR)", "Besparing verzuim per jaar (EUR)"),
    }
    for outcome in ("turnover", "absence"):
        rows.append(
            [
                sav[outcome][nl],
                p[f"{outcome}_savings_per_year"],
                r.yearly.get(outcome),
                r.yearly_low.get(outcome),
                r.yearly_high.get(outcome),
            ]
        )
    rows.append(
        ["Headcount (FTE)" if not nl else "Aantal medewerkers (FTE)", p["headcount"], r.participating_headcount, None, None]
    )
    rows.append(
        [
            "Benefits (EUR; case: horizon, realised: after period)"
            if not nl
            else "Opbrengsten (EUR; case: looptijd, gerealiseerd: periode na)",
            p["total_benefits"],
            r.benefits,
            r.benefits_low,
            r.benefits_high,
        ]
    )
    rows.append(["Programme cost (EUR)" if not nl else "Programmakosten (EUR)", p["total_costs"], r.actual_cost, None, None])
    rows.append(["ROI", p["roi"], r.roi, r.roi_low, r.roi_high])
    return rows


def table_rows(names: Sequence[str], cols: Mapping[str, np.ndarray]) -> list[list[Any]]:
    """The team table as rows under a header (None for blank), for a CSV or the Results sheet."""
    rows: list[list[Any]] = [list(TABLE_COLUMNS)]
    for i, n in enumerate(names):
        row: list[Any] = [n, int(bool(cols["participating"][i]))]
        for h in TABLE_COLUMNS[2:]:
            v = float(cols[h][i]) if h in cols else math.nan
            row.append(None if math.isnan(v) else v)
        rows.append(row)
    return rows
