"""Per-team analysis: where are the biggest problems and chances.

Each team is the organisation's case with the team's own figures: the Teams table gives
headcount and, where filled in, employer cost, turnover and absence before/after and eNPS
before/after; a blank cell falls back to the organisation's assumption. All teams run as
one vectorised call of :func:`xlengine.engine.case.compute` (one array element per team), so a
team's savings follow exactly the organisation's formulas, attribution and confidence.

Per team: the yearly savings per lever at full effect (after attribution and confidence,
as the case's years 2 and later), their total, and the total over the horizon (year 1
phased in, as the case). Teams are ranked by that total, the biggest opportunity first.
The total row adds the teams up; when the teams add up to the organisation (headcounts
summing to it, the same rates) it equals the organisation's case.

A team already at or better than the organisation's target keeps its own figure: where
its "after" cell is blank and its own "before" is already at or below the target turnover or
absence (at or above the target eNPS), its after is its before: no improvement and no
saving, never a negative saving from a target it already beats (a roster fills only the
"before" columns). :attr:`TeamsResult.kept` says where, and the table's last column says so
per team. A typed "after" is the user's own and is used as typed; in benchmark mode every
team's "after" follows its own "before" and the Gallup gap, so the rule has nothing to do.

Privacy: a team under :data:`~xlengine.engine.register.PRIVACY_MINIMUM` people shows no eNPS (a smaller group's
answers can be traced to people) but still counts in money; the total row's eNPS is the
headcount-weighted mean over the teams that show one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

import numpy as np

from .. import i18n
from ..engine import gallup as _gallup
from ..engine import register as _register
from ..engine import validate as _validate
from ..engine.case import LEVERS, compute
from ..engine.errors import InputError

__all__ = ["COLUMNS", "FORMULA_TRIGGERS", "TARGETS", "TeamsResult", "team_key", "parse_table", "analyse", "table", "inert_text"]

#: A target and the figure it improves: lower is better for the rates, higher for eNPS.
TARGETS = {
    "turnover_after": ("turnover_before", "lower"),
    "absence_after": ("absence_before", "lower"),
    "enps_after": ("enps_before", "higher"),
}

#: Teams table column -> register key (``team`` is the name).
COLUMNS = {
    "team": None,
    "headcount": "headcount",
    "employer_cost": "annual_employer_cost",
    "turnover_before": "turnover_before",
    "turnover_after": "turnover_after",
    "absence_before": "absence_before",
    "absence_after": "absence_after",
    "enps_before": "enps_before",
    "enps_after": "enps_after",
}

# Headers a user may also write (register keys, Dutch names).
_ALIASES = {
    "annual_employer_cost": "employer_cost",
    "werkgeverslasten": "employer_cost",
    "fte": "headcount",
    "aantal_medewerkers": "headcount",
    "medewerkers": "headcount",
    "verloop_voor": "turnover_before",
    "verloop_na": "turnover_after",
    "verzuim_voor": "absence_before",
    "verzuim_na": "absence_after",
    "enps_voor": "enps_before",
    "enps_na": "enps_after",
}


def _norm(header: Any) -> str:
    return str(header).strip().lower().replace(" ", "_").replace("-", "_")


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip()) or (isinstance(v, float) and np.isnan(v))


def team_key(name: Any) -> str:
    """What identifies a team wherever two names are matched (a survey answer's team and
    the roster's, a Teams table's name in ENG_ENPS_CI): spaces collapsed and case ignored,
    as Excel compares text; a whole number as that integer (team 12 typed as a number).

    >>> team_key("  Sales  North ") == team_key("sales north"), team_key(12.0)
    (True, '12')
    """
    if isinstance(name, float) and name.is_integer():
        name = int(name)
    return " ".join(str(name).split()).lower()


def parse_table(rows: Sequence[Sequence[Any]]) -> tuple[list[str], dict[str, np.ndarray]]:
    """Team names and ``{register key: float array}`` from a table with a header row.

    Blank cells become NaN (they fall back to the organisation later); fully blank rows
    are skipped; every value is checked against its register entry.

    >>> names, cols = parse_table([["team", "headcount", "turnover_before"],
    ...                            ["Sales", 40, "15%"], ["IT", 12, None]])
    >>> names, cols["headcount"].tolist(), cols["turnover_before"].tolist()
    (['Sales', 'IT'], [40.0, 12.0], [0.15, nan])
    """
    if not isinstance(rows, (list, tuple)) or len(rows) < 2:
        raise InputError("teams", "teams needs a header row and at least one team: select the Teams table including its header.")
    header = [_norm(h) if not _blank(h) else "" for h in rows[0]]
    header = [_ALIASES.get(h, h) for h in header]
    for h in header:
        if h and h not in COLUMNS:
            raise InputError(
                "teams", f"teams has a column {_validate.fmt(h)} that is not known: use the headers {', '.join(COLUMNS)}."
            )
    for required in ("team", "headcount"):
        if required not in header:
            raise InputError("teams", f"teams has no {required!r} column: the header row needs at least team and headcount.")
    if len(set(h for h in header if h)) != len([h for h in header if h]):
        raise InputError("teams", "teams has a column header twice: keep one column per header.")
    where = {h: i for i, h in enumerate(header) if h}
    names: list[str] = []
    seen: set[str] = set()  # the duplicate check must stay linear: a table can hold many teams
    values: dict[str, list[float]] = {key: [] for key in (COLUMNS[h] for h in where) if key}
    for r, row in enumerate(rows[1:], start=2):
        row = list(row) if isinstance(row, (list, tuple)) else [row]
        row += [None] * (len(header) - len(row))
        if all(_blank(v) for v in row):
            continue
        name = row[where["team"]]
        if _blank(name):
            raise InputError("teams", f"teams row {r} has figures but no team name: enter the team's name.")
        name = _team_name(name)
        if team_key(name) in seen:  # the rule ENG_ENPS_CI matches answers to teams by
            raise InputError("teams", f"team {_validate.fmt(name)} is given twice (row {r}): keep one row per team.")
        names.append(name)
        seen.add(team_key(name))
        for h, i in where.items():
            key = COLUMNS[h]
            if key is None:
                continue
            v = row[i]
            if _blank(v):
                if key == "headcount":
                    raise InputError(
                        "teams", f"teams row {r} ({_short(name)}) has no headcount: enter the team's headcount in FTE."
                    )
                values[key].append(np.nan)
            else:
                values[key].append(_validate.assumption(key, v, name=f"teams row {r} ({_short(name)}) {h}"))
    if not names:
        raise InputError("teams", "teams holds no team: fill in at least one row under the header.")
    return names, {k: np.asarray(v, dtype=float) for k, v in values.items()}


#: First characters that make a spreadsheet read a text as a formula (OWASP, CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def inert_text(text: str) -> str:
    r"""Text a spreadsheet shows as text, never runs as a formula: a ``'`` before a leading
    ``=``, ``+``, ``-``, ``@``, tab or carriage return (OWASP's CSV-injection rule);
    :func:`parse_table` reads the quote off again, so a written table reads back the same.

    >>> inert_text("=HYPERLINK(\"http://x\")"), inert_text("-Sales"), inert_text("Sales")
    ('\'=HYPERLINK("http://x")', "'-Sales", 'Sales')
    """
    return f"'{text}" if text.startswith(FORMULA_TRIGGERS) else text


def _short(name: str) -> str:
    """A team name inside a message's argument name: at most the length a message quotes."""
    limit = _validate.QUOTE_LIMIT
    return name if len(name) <= limit else f"{name[:limit]}..."


def _team_name(v: Any) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    name = str(v).strip()
    if name[:1] == "'" and name[1:2] and name[1:].startswith(FORMULA_TRIGGERS):
        return name[1:]  # written by inert_text
    return name


@dataclass(frozen=True)
class TeamsResult:
    """Per team (in input order) and in total; money in EUR."""

    names: list[str]
    headcount: np.ndarray
    enps_before: np.ndarray  # NaN where hidden (under PRIVACY_MINIMUM people)
    enps_after: np.ndarray
    per_year: dict[str, np.ndarray]  # lever -> full-effect EUR/yr per team
    horizon_total: np.ndarray  # EUR over the horizon per team (all levers)
    horizon_years: int
    # target key -> True per team where the team keeps its own "before" (already at or
    # better than the organisation's target; see the module notes), with the figures compared
    kept: Mapping[str, np.ndarray] = field(default_factory=dict)
    own: Mapping[str, np.ndarray] = field(default_factory=dict)
    target: Mapping[str, float] = field(default_factory=dict)

    def note(self, i: int, language: str = "en") -> str:
        """The sentence for team ``i`` when it keeps its own figure on some lever, else "".

        >>> from xlengine.engine.register import defaults
        >>> t = analyse(parse_table([["team", "headcount", "turnover_before"], ["IT", 20, 0.077]]), defaults())
        >>> t.note(0)
        'already at or better than the target: turnover 7.7% (target 8.0%); its own figure kept, no saving'
        """
        if not self.kept:
            return ""
        lab = i18n.TEAMS_KEPT[i18n.pick(language)]
        parts = []
        for key, kept in self.kept.items():
            if kept[i]:
                own, target = float(self.own[key][i]), self.target[key]
                shown = (
                    f"{own:.0f} (" + lab["target"] + f" {target:.0f})"
                    if key == "enps_after"
                    else f"{own * 100:.1f}% (" + lab["target"] + f" {target * 100:.1f}%)"
                )
                parts.append(f"{lab[key]} {shown}")
        return lab["sentence"].format("; ".join(parts)) if parts else ""

    @property
    def total_per_year(self) -> np.ndarray:
        total = np.zeros_like(self.per_year[LEVERS[0]])
        for lever in LEVERS:
            total = total + self.per_year[lever]
        return total

    @property
    def order(self) -> np.ndarray:
        """Team indices, the biggest opportunity (horizon total) first; ties by input order."""
        return np.argsort(-self.horizon_total, kind="stable")


def analyse(teams: tuple[list[str], Mapping[str, np.ndarray]], org: Mapping[str, Any]) -> TeamsResult:
    """Run every team's case in one vectorised pass (see the module notes).

    Examples
    --------
    Two teams with the organisation's default figures except turnover. Sales: 40 FTE,
    turnover 15% -> 10%: 40 x 0.05 = 2 leavers x 31,181.82 = 62,363.64 gross a year,
    x 0.5 attribution x 0.8 confidence = 24,945.45 a year at full effect.

    >>> from xlengine.engine.register import defaults
    >>> t = analyse(parse_table([["team", "headcount", "turnover_before", "turnover_after"],
    ...                          ["Sales", 40, 0.15, 0.10], ["IT", 4, None, None]]), defaults())
    >>> round(float(t.per_year["turnover"][0]), 2)
    24945.45
    >>> t.enps_before.tolist()   # IT has 4 people: no eNPS shown
    [45.0, nan]
    """
    names, cols = teams
    n = len(names)
    a = dict(org)
    for key, col in cols.items():
        a[key] = np.where(np.isnan(col), float(org[key]), col)
    kept, own, target = {}, {}, {}
    if not _gallup.is_on(org):  # benchmark mode derives every team's "after" from its own "before"
        for after, (before, better) in TARGETS.items():
            typed, mine = cols.get(after), cols.get(before)
            blank = np.isnan(typed) if typed is not None else np.ones(n, dtype=bool)
            # a team without a "before" of its own has the organisation's: nothing of its own to keep
            has_own = ~np.isnan(mine) if mine is not None else np.zeros(n, dtype=bool)
            own[after] = np.broadcast_to(np.asarray(a[before], dtype=float), (n,))
            target[after] = float(org[after])
            beats = own[after] <= target[after] if better == "lower" else own[after] >= target[after]
            kept[after] = blank & has_own & beats
            a[after] = np.where(kept[after], own[after], np.broadcast_to(np.asarray(a[after], dtype=float), (n,)))
    result = compute(a)
    per_year = {
        lever: np.broadcast_to(np.asarray(result.gross[lever], dtype=float), (n,))
        * np.asarray(a["attribution"], dtype=float)
        * np.asarray(a["confidence"], dtype=float)
        for lever in LEVERS
    }
    horizon_total = np.broadcast_to(result.benefits, (n, result.horizon_years + 1)).sum(axis=-1)
    headcount = np.asarray(a["headcount"], dtype=float)
    shown = headcount >= _register.PRIVACY_MINIMUM
    enps = {
        k: np.where(shown, np.broadcast_to(np.asarray(a[k], dtype=float), (n,)), np.nan) for k in ("enps_before", "enps_after")
    }
    return TeamsResult(
        names=list(names),
        headcount=headcount,
        enps_before=enps["enps_before"],
        enps_after=enps["enps_after"],
        per_year=per_year,
        horizon_total=horizon_total,
        horizon_years=result.horizon_years,
        kept=kept,
        own=own,
        target=target,
    )


def _weighted(values: np.ndarray, weights: np.ndarray) -> float | None:
    ok = ~np.isnan(values)
    if not ok.any() or weights[ok].sum() <= 0:
        return None
    return float(np.average(values[ok], weights=weights[ok]))


def table(result: TeamsResult, language: str = "en") -> list[list[Any]]:
    """Header, one row per team (biggest opportunity first) and the total row.

    Hidden eNPS cells are ``None`` (blank in Excel). The last column is the note of a team
    that keeps its own figure (:meth:`TeamsResult.note`), empty text otherwise.
    """
    lab = i18n.TEAMS[i18n.pick(language)]
    header = [
        *lab[:8],
        lab[8].format(i18n.years(language, result.horizon_years)),
        lab[9],
        i18n.TEAMS_KEPT[i18n.pick(language)]["header"],
    ]
    grand = float(result.horizon_total.sum())
    total_year = result.total_per_year
    rows: list[list[Any]] = [header]

    def opt(x):
        return None if np.isnan(x) else float(x)

    for i in result.order:
        rows.append(
            [
                result.names[i],
                float(result.headcount[i]),
                opt(result.enps_before[i]),
                opt(result.enps_after[i]),
                *(float(result.per_year[lever][i]) for lever in LEVERS),
                float(total_year[i]),
                float(result.horizon_total[i]),
                float(result.horizon_total[i] / grand) if grand else None,
                result.note(int(i), language),
            ]
        )
    rows.append(
        [
            lab[10],
            float(result.headcount.sum()),
            _weighted(result.enps_before, result.headcount),
            _weighted(result.enps_after, result.headcount),
            *(float(result.per_year[lever].sum()) for lever in LEVERS),
            float(total_year.sum()),
            grand,
            1.0 if grand else None,
            "",
        ]
    )
    return rows
