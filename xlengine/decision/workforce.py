"""Per-team workforce rates for a period, from employment spells and sick periods (numpy only).

The definitions (written down once, in docs/hr-data.md too):

* **Period**: ``period_from`` to ``period_to``, both days included; P days.
* **Employment spell**: ``start`` to ``end``, both days included (``end`` is the last day
  of employment; NaT = still employed). Days in the period: o = max(0, min(end, to) -
  max(start, from) + 1).
* **Average headcount** (time-weighted): by head sum(o) / P; in FTE sum(fte x o) / P.
* **Leavers**: spells whose ``end`` falls in the period. **Voluntary** leavers left at
  their own request (resignation); retirement, dismissal, the end of a fixed-term contract
  and death are involuntary. Voluntary turnover is what engagement moves; the business
  case uses it (the Teams table's ``turnover_before``), all-cause turnover is reported
  beside it.
* **Turnover rate** = leavers in the period / average headcount (by head) in the period,
  per year: divided by Y, the period in years (Y = 1 for a period of exactly one year,
  from a date to the day before the same date a year later; otherwise P / 365.25).
  ISO 30414:2018 (human capital reporting, turnover rate) defines turnover as leavers over
  the average number of employees; it asks to report voluntary turnover apart.
* **Absence rate** (the engine's definition, CBS): working days lost / working days
  available, both FTE-weighted: available = sum(fte x working days employed in the
  period), lost = sum(fte x share sick x working days of the sick period within
  employment and period). Working days are Monday to Friday (public holidays are not
  taken out: a stated simplification, the same in numerator and denominator).
* **Absence frequency** = sick reports that start in the period (within employment) /
  average headcount in FTE / Y: sick reports per FTE per year (CBS "meldingsfrequentie").
* **Employer cost per FTE** = sum(cost x o) / sum(fte x o) over spells with a cost: the
  export's cost is each employee's yearly employer cost at their own FTE.
* **Privacy**: a team whose average headcount (by head) is under
  :data:`~xlengine.engine.register.PRIVACY_MINIMUM` is merged into "other"; if "other" is
  still under that size it is left out (its people are not shown at all).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..engine import register as _register
from . import teams as _teams

__all__ = [
    "OTHER",
    "ORGANISATION",
    "TeamRates",
    "period_years",
    "link_sick_periods",
    "team_rates",
    "organisation_rates",
    "case_values",
    "DAY",
]

#: The name of the merged group of small teams.
OTHER = "other"
#: The one group of :func:`organisation_rates`: every spell of the export.
ORGANISATION = "organisation"
DAY = np.timedelta64(1, "D")


def period_years(period_from: np.datetime64, period_to: np.datetime64) -> float:
    """Y: 1 for exactly one year (1 Jan - 31 Dec, 1 Jul - 30 Jun, ...), else days / 365.25.

    >>> period_years(np.datetime64("2024-01-01"), np.datetime64("2024-12-31"))
    1.0
    >>> round(period_years(np.datetime64("2024-01-01"), np.datetime64("2024-06-30")), 6)  # 182 / 365.25
    0.498289
    """
    f = np.datetime64(period_from, "D")  # type: ignore[call-overload]  # numpy's stubs lack datetime64(datetime64, unit)
    t = np.datetime64(period_to, "D")  # type: ignore[call-overload]
    one_year_on = (f.astype("datetime64[M]") + 12).astype("datetime64[D]") + (
        f - f.astype("datetime64[M]").astype("datetime64[D]")
    )
    if t == one_year_on - DAY:
        return 1.0
    return float((t - f) / DAY + 1) / 365.25


@dataclass(frozen=True)
class TeamRates:
    """Per team (sorted by name, "other" last): the period's rates; NaN where undefined."""

    team: list[str]
    people: np.ndarray  # spells employed at any time in the period
    headcount: np.ndarray  # average headcount by head
    fte: np.ndarray  # average headcount in FTE
    leavers: np.ndarray
    voluntary_leavers: np.ndarray
    turnover_all: np.ndarray  # per year
    turnover_voluntary: np.ndarray
    absence: np.ndarray  # share of working days lost
    sick_reports: np.ndarray
    frequency: np.ndarray  # sick reports per FTE per year
    employer_cost: np.ndarray  # EUR per FTE per year; NaN without costs
    years: float
    merged: list[str] = field(default_factory=list)  # teams merged into "other"
    left_out: list[str] = field(default_factory=list)  # teams not shown at all

    def as_rows(self) -> list[dict]:
        keys = (
            "people",
            "headcount",
            "fte",
            "leavers",
            "voluntary_leavers",
            "turnover_all",
            "turnover_voluntary",
            "absence",
            "sick_reports",
            "frequency",
            "employer_cost",
        )
        return [{"team": t, **{k: float(getattr(self, k)[i]) for k in keys}} for i, t in enumerate(self.team)]


def _days(x) -> np.ndarray:
    return np.asarray(x, dtype="datetime64[D]")


def link_sick_periods(employee: np.ndarray, start: np.ndarray, sick_employee: np.ndarray, sick_start: np.ndarray) -> np.ndarray:
    """The spell (row index) each sick period belongs to, -1 where the employee is unknown.

    ``employee`` and ``sick_employee`` are integer codes of the same id space. With several
    spells of one employee (rehires), the latest spell that started on or before the sick
    period's start is taken.

    >>> link_sick_periods(np.array([7, 3, 7]), _days(["2020-01-01", "2021-01-01", "2024-03-01"]),
    ...                   np.array([7, 7, 3, 9]), _days(["2022-05-01", "2024-05-01", "2024-01-02", "2024-01-02"])).tolist()
    [0, 2, 1, -1]
    """
    emp = np.asarray(employee, dtype=np.int64)
    s_emp = np.asarray(sick_employee, dtype=np.int64)
    row = np.full(s_emp.size, -1, dtype=np.int64)
    if emp.size == 0 or s_emp.size == 0:
        return row
    codes = int(max(emp.max(), s_emp.max())) + 1
    spells = np.bincount(emp, minlength=codes)
    only = np.full(codes, -1, dtype=np.int64)
    only[emp] = np.arange(emp.size)  # the spell of an employee with exactly one
    single = spells[s_emp] == 1
    row[single] = only[s_emp[single]]
    many = np.flatnonzero(spells[s_emp] > 1)
    if many.size == 0:
        return row
    # rehires: one sortable key per spell, employee code in the high bits, start day in the low
    days = _days(start).astype(np.int64)
    s_days = _days(sick_start)[many].astype(np.int64)
    offset = min(int(days.min()), int(s_days.min()))
    key = (emp << 32) + (days - offset)
    order = np.argsort(key, kind="stable")
    sorted_key, sorted_emp = key[order], emp[order]
    m_emp = s_emp[many]
    n = sorted_key.size
    latest = np.searchsorted(sorted_key, (m_emp << 32) + (s_days - offset), side="right") - 1
    ok = (latest >= 0) & (sorted_emp[np.clip(latest, 0, n - 1)] == m_emp)
    # a sick period that starts before the employee's first spell belongs to that spell
    earliest = np.searchsorted(sorted_key, m_emp << 32, side="left")
    row[many] = np.where(ok, order[np.clip(latest, 0, n - 1)], order[np.clip(earliest, 0, n - 1)])
    return row


def team_rates(
    team,
    start,
    end,
    fte,
    voluntary,
    period_from,
    period_to,
    employer_cost=None,
    sick_row=None,
    sick_start=None,
    sick_end=None,
    sick_share=None,
    *,
    minimum: int | None = None,
) -> TeamRates:
    """Per-team headcount, turnover, absence and cost for one period (module notes).

    Parameters
    ----------
    team : array of str, one per employment spell.
    start, end : datetime64[D] arrays; ``end`` NaT while employed.
    fte : float array, the spell's FTE (0 < fte <= 1.5).
    voluntary : bool array, True where the spell ended by the employee's own request.
    period_from, period_to : the period, both days included.
    employer_cost : float array, the yearly employer cost of each spell at its FTE (NaN unknown).
    sick_row : int array, the spell of each sick period (-1: unknown employee, not counted).
    sick_start, sick_end : datetime64[D] arrays; ``sick_end`` NaT while still sick.
    sick_share : float array, share sick (1 = fully sick, 0.5 = half).

    Examples
    --------
    2024 (366 days, 262 working days). Team A: Ann 1.0 FTE all year; Bob 0.5 FTE who
    resigned on 30 June 2024 (182 days, 130 working days); Cas, Dee and Eve 1.0 FTE all
    year. Average headcount (5 x 366 - 184) / 366 = 4.497 people: under 5, so A is
    merged into "other" (here alone).

    >>> d = lambda *s: np.array(s, dtype="datetime64[D]")
    >>> r = team_rates(["A"] * 5, d("2020-01-01", "2020-01-01", "2019-01-01", "2019-01-01", "2019-01-01"),
    ...                d("NaT", "2024-06-30", "NaT", "NaT", "NaT"), [1.0, 0.5, 1, 1, 1], [False, True, False, False, False],
    ...                np.datetime64("2024-01-01"), np.datetime64("2024-12-31"))
    >>> r.team, r.left_out
    ([], ['A'])
    """
    start, end = _days(start), _days(end)
    f0, t0 = np.datetime64(period_from, "D"), np.datetime64(period_to, "D")
    P = float((t0 - f0) / DAY + 1)
    Y = period_years(f0, t0)
    fte = np.asarray(fte, dtype=float)
    last = np.where(np.isnat(end), t0, np.minimum(end, t0))
    first = np.maximum(start, f0)
    o = np.maximum((last - first) / DAY + 1, 0.0)
    employed = o > 0
    work_days = np.zeros(start.size)
    work_days[employed] = np.busday_count(first[employed], last[employed] + DAY)
    left = ~np.isnat(end) & (end >= f0) & (end <= t0)
    vol = left & np.asarray(voluntary, dtype=bool)

    names, idx = np.unique(np.asarray(team, dtype=str), return_inverse=True)
    k = names.size
    head = np.bincount(idx, weights=o, minlength=k) / P
    minimum = _register.PRIVACY_MINIMUM if minimum is None else minimum
    small = head < minimum
    merged = [str(n) for n in names[small]] if small.any() else []
    if small.any():
        # relabel: big teams keep their index, every small team becomes "other" (index k_big)
        keep = np.flatnonzero(~small)
        new_index = np.full(k, keep.size)
        new_index[keep] = np.arange(keep.size)
        idx = new_index[idx]
        names = np.append(names[keep], OTHER)
        k = names.size
    else:
        names = names.astype(object)

    def per_team(weights):
        return np.bincount(idx, weights=weights, minlength=k)

    people = per_team(employed.astype(float))
    head = per_team(o) / P
    fte_avg = per_team(fte * o) / P
    leavers = per_team(left.astype(float))
    voluntary_leavers = per_team(vol.astype(float))
    available = per_team(fte * work_days)

    lost: np.ndarray = np.zeros(k)  # bincount with weights: float64 (its stubs say int)
    reports: np.ndarray = np.zeros(k)
    if sick_row is not None and len(sick_row):
        row = np.asarray(sick_row, dtype=np.int64)
        known = row >= 0
        r = row[known]
        s = _days(sick_start)[known]
        e = _days(sick_end)[known]
        share = np.asarray(sick_share, dtype=float)[known]
        e = np.where(np.isnat(e), t0, e)
        sick_first = np.maximum(np.maximum(s, start[r]), f0)
        sick_last = np.minimum(np.minimum(e, last[r]), t0)
        inside = sick_last >= sick_first
        days = np.zeros(r.size)
        days[inside] = np.busday_count(sick_first[inside], sick_last[inside] + DAY)
        lost = np.bincount(idx[r], weights=days * share * fte[r], minlength=k)
        starts_here = (s >= f0) & (s <= t0) & (s >= start[r]) & (s <= last[r])
        reports = np.bincount(idx[r], weights=starts_here.astype(float), minlength=k)

    with np.errstate(divide="ignore", invalid="ignore"):
        turnover_all = leavers / head / Y
        turnover_vol = voluntary_leavers / head / Y
        # without sick periods absence is unknown, not zero (a blank falls back to the organisation's)
        absence = lost / available if sick_row is not None else np.full(k, np.nan)
        frequency = reports / fte_avg / Y if sick_row is not None else np.full(k, np.nan)
        if employer_cost is not None:
            cost = np.asarray(employer_cost, dtype=float)
            has = ~np.isnan(cost)
            cost_per_fte = per_team(np.where(has, cost * o, 0.0)) / per_team(np.where(has, fte * o, 0.0))
        else:
            cost_per_fte = np.full(k, np.nan)

    show = np.ones(k, dtype=bool)
    left_out: list[str] = []
    if merged and head[-1] < minimum:
        show[-1] = False
        left_out = merged
        merged = []
    pick = lambda a: a[show]  # noqa: E731
    return TeamRates(
        team=[str(n) for n in names[show]],
        people=pick(people),
        headcount=pick(head),
        fte=pick(fte_avg),
        leavers=pick(leavers),
        voluntary_leavers=pick(voluntary_leavers),
        turnover_all=pick(turnover_all),
        turnover_voluntary=pick(turnover_vol),
        absence=pick(absence),
        sick_reports=pick(reports),
        frequency=pick(frequency),
        employer_cost=pick(cost_per_fte),
        years=Y,
        merged=merged,
        left_out=left_out,
    )


def teams_rows(rates: TeamRates, survey_team=None, survey_scores=None, confidence: float = 0.95):
    """The Teams table rows (columns of :data:`~xlengine.decision.teams.COLUMNS`) and the details.

    ``headcount`` is the average headcount in FTE, ``turnover_before`` the **voluntary**
    turnover (what engagement moves; all-cause turnover is in the details),
    ``absence_before`` the absence rate, ``employer_cost`` the cost per FTE (blank without
    costs) and ``enps_before`` the team's eNPS from the survey answers (blank under the
    privacy minimum, or without a survey). The "after" columns stay blank: they are targets.
    Survey answers of teams merged into "other" count for "other".
    """
    from . import survey as _survey
    from .teams import COLUMNS

    details = rates.as_rows()
    enps = {}
    if survey_scores is not None and survey_team is not None:
        # an answer's team is the roster's team of the same name by teams.team_key (the rule Excel's
        # ENG_ENPS_CI follows too): "sales " and "Sales" are one team
        named, inverse = np.unique(np.asarray(survey_team, dtype=str), return_inverse=True)
        roster_name = {_teams.team_key(t): t for t in [*rates.team, *rates.merged]}
        team = np.array([roster_name.get(_teams.team_key(t), t) for t in named], dtype=str)[inverse]
        team = np.where(np.isin(team, rates.merged), OTHER, team)
        per = _survey.by_team(team, survey_scores, confidence)
        enps = {str(t): i for i, t in enumerate(per["team"])}
        for d in details:
            i = enps.get(d["team"])
            for key in ("answers", "enps", "low", "high", "wide"):
                d[f"enps_{key}" if key != "enps" else "enps"] = (
                    None if i is None else (bool(per[key][i]) if key == "wide" else float(per[key][i]))
                )
            if d.get("enps") is not None and np.isnan(d["enps"]):
                d["enps"] = d["enps_low"] = d["enps_high"] = None
    rows = []
    for d in details:
        values = {
            "team": d["team"],
            "headcount": d["fte"],
            "employer_cost": d["employer_cost"],
            "turnover_before": d["turnover_voluntary"],
            "absence_before": d["absence"],
            "enps_before": d.get("enps"),
        }
        rows.append([None if isinstance(v, float) and np.isnan(v) else v for v in (values.get(c) for c in COLUMNS)])
    return rows, details


def organisation_rates(
    start,
    end,
    fte,
    voluntary,
    period_from,
    period_to,
    employer_cost=None,
    sick_row=None,
    sick_start=None,
    sick_end=None,
    sick_share=None,
) -> TeamRates:
    """The organisation's rates for the period: :func:`team_rates` with every spell in one
    group (:data:`ORGANISATION`), teams merged or left out for privacy included, so the
    figures are the whole export's (the module's definitions, unchanged).

    >>> d = lambda *s: np.array(s, dtype="datetime64[D]")
    >>> r = organisation_rates(d("2020-01-01", "2020-01-01"), d("NaT", "2024-12-31"), [1.0, 0.5], [False, True],
    ...                        np.datetime64("2024-01-01"), np.datetime64("2024-12-31"), [60_000.0, 35_000.0])
    >>> r.team, r.fte.tolist(), r.turnover_voluntary.tolist(), round(float(r.employer_cost[0]), 2)   # 95,000 / 1.5
    (['organisation'], [1.5], [0.5], 63333.33)
    """
    team = np.full(np.asarray(start).shape, ORGANISATION)
    return team_rates(
        team,
        start,
        end,
        fte,
        voluntary,
        period_from,
        period_to,
        employer_cost,
        sick_row,
        sick_start,
        sick_end,
        sick_share,
        minimum=0,
    )


def case_values(organisation: TeamRates, survey_scores=None) -> dict[str, float]:
    """The assumptions of the case the roster gives, as register keys: ``headcount`` (average
    FTE), ``turnover_before`` (voluntary turnover), ``absence_before`` (with sick periods),
    ``annual_employer_cost`` (with costs) and ``enps_before`` (the eNPS of ``survey_scores``,
    every 0-10 answer, NaN unanswered, when at least :data:`~xlengine.engine.register.PRIVACY_MINIMUM` answered). A
    figure the export does not give is left out, so the case keeps its own (or the
    register's) value.
    """
    from . import survey as _survey

    enps = None
    if survey_scores is not None:
        scores = np.asarray(survey_scores, dtype=float)
        scores = scores[~np.isnan(scores)]
        if scores.size >= _register.PRIVACY_MINIMUM:
            enps = _survey.enps_interval(scores).enps
    i = organisation.team.index(ORGANISATION)
    out = {"headcount": float(organisation.fte[i]), "turnover_before": float(organisation.turnover_voluntary[i])}
    for key, v in (
        ("absence_before", organisation.absence[i]),
        ("annual_employer_cost", organisation.employer_cost[i]),
        ("enps_before", np.nan if enps is None else enps),
    ):
        if np.isfinite(v):
            out[key] = float(v)
    return out
