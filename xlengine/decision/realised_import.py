"""From HR exports to the team table of :mod:`xlengine.decision.realised` (numpy; pandas lazily).

The participation file (which teams took part and when), the arms (participating or
comparison in the after period) and the team x period rates as ``xlengine roster``
computes them (:func:`xlengine.decision.workforce.team_rates`), small teams merged within
their arm. Apart from :mod:`.realised` so that ``ENG_REALISED`` in xlwings Lite carries
none of the export readers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np

from ..engine import register as _register
from ..engine.errors import InputError
from .realised import participation_flag

__all__ = [
    "OTHER_PARTICIPATING",
    "OTHER_COMPARISON",
    "PARTICIPATION_COLUMNS",
    "Participation",
    "read_participation",
    "arms",
    "team_panel",
]


#: The names of the merged small teams, one per arm (a merged group never mixes the arms).
OTHER_PARTICIPATING = "other (participating)"
OTHER_COMPARISON = "other (comparison)"

PARTICIPATION_COLUMNS = {
    "team": ("team", "afdeling", "department", "dept", "team_name", "teamnaam", "unit"),
    "participating": (
        "participating",
        "took_part",
        "participates",
        "participant",
        "programme",
        "program",
        "treated",
        "deelname",
        "deelgenomen",
        "neemt_deel",
        "doet_mee",
    ),
    "start": ("start_date", "start", "programme_start", "program_start", "started", "startdatum", "start_programma", "gestart"),
}


@dataclass(frozen=True)
class Participation:
    """Which teams took part and when they started (NaT: not given)."""

    team: np.ndarray
    took_part: np.ndarray
    start: np.ndarray


def read_participation(path, what: str = "--participation") -> Participation:
    """The participation file: team, participating (yes/no, 1/0, ja/nee), optional start date."""
    from pathlib import Path

    from . import hr_import

    path = Path(path)
    cols, names = hr_import.read_table(path, what, PARTICIPATION_COLUMNS, ("team", "participating"), dates=("start",))
    team = hr_import._text(cols["team"]).astype(str)
    if len(team) == 0:
        raise InputError(what, f"{path.name} holds no team: list every team with participating 1 or 0.")
    values = cols["participating"].to_numpy(dtype=object)
    took = np.array([participation_flag(v, f"{path.name} row {i + 2}") for i, v in enumerate(values)], dtype=bool)
    start = (
        hr_import.parse_date(cols["start"], path, names["start"], what)
        if "start" in cols
        else np.full(team.size, np.datetime64("NaT"), dtype="datetime64[D]")
    )
    seen, dup = np.unique(team, return_counts=True)
    if (dup > 1).any():
        raise InputError(what, f"{path.name} lists team {str(seen[dup > 1][0])!r} more than once: keep one row per team.")
    return Participation(team, took, start)


def arms(teams: Sequence[str], participation: Participation, before: tuple, after: tuple) -> tuple[dict[str, bool], list[str]]:
    """Team -> participating in the after period, and the warnings on the way.

    A team that took part counts as participating when it started by the end of the after
    period (a later start makes it a comparison team); a team missing from the file is a
    comparison team.
    """
    (_, b_to), (a_from, a_to) = before, after
    listed = {str(t): i for i, t in enumerate(participation.team)}
    out: dict[str, bool] = {}
    findings: list[str] = []
    missing, later, partial, early = [], [], [], []
    for t in teams:
        i = listed.get(t)
        if i is None:
            missing.append(t)
            out[t] = False
            continue
        took, start = bool(participation.took_part[i]), participation.start[i]
        if took and not np.isnat(start) and start > a_to:
            later.append(t)
            took = False
        elif took and not np.isnat(start) and start > a_from:
            partial.append(t)
        elif took and not np.isnat(start) and start <= b_to:
            early.append(t)
        out[t] = took
    if missing:
        findings.append(
            f"warning: {len(missing)} team(s) of the roster are not in the participation file: counted as comparison teams."
        )
    if later:
        findings.append(f"warning: {len(later)} team(s) started after the after period: counted as comparison teams.")
    if partial:
        findings.append(
            f"warning: {len(partial)} team(s) started during the after period: counted as participating, "
            "which dilutes the measured effect."
        )
    if early:
        findings.append(
            f"warning: {len(early)} team(s) started before the before period ended: their 'before' already "
            "includes the programme, which dilutes the measured effect."
        )
    return out, findings


def team_panel(
    team,
    start,
    end,
    fte,
    voluntary,
    participating: Mapping[str, bool],
    before: tuple,
    after: tuple,
    sick: tuple | None = None,
    survey_before: tuple | None = None,
    survey_after: tuple | None = None,
    confidence: float = 0.95,
    minimum: int | None = None,
):
    """The team table (:data:`TABLE_COLUMNS`) of two periods from employment spells.

    Rates as ``xlengine roster`` computes them (:func:`xlengine.decision.workforce.team_rates`):
    voluntary turnover per year, absence rate, average headcount in FTE. A team whose
    average headcount (by head) is under ``minimum`` in either period is merged, as
    roster does, into "other (participating)" or "other (comparison)" of its arm (``minimum``:
    the register's privacy minimum unless given); a merged
    group still under ``minimum`` is left out. eNPS per team from each survey wave
    (``(team, scores)``), blank under the privacy minimum of answers.

    Returns ``(names, cols, findings)``.
    """
    from . import survey as _survey
    from . import workforce

    minimum = _register.PRIVACY_MINIMUM if minimum is None else minimum  # read at the call: the register decides
    team = np.asarray(team, dtype=str)
    sick_args = tuple(sick) if sick is not None else ()
    rates = {}
    for label, (f, t) in (("before", before), ("after", after)):
        rates[label] = workforce.team_rates(team, start, end, fte, voluntary, f, t, None, *sick_args, minimum=0)
    heads = {
        n: min(float(rates["before"].headcount[i]), float(rates["after"].headcount[rates["after"].team.index(n)]))
        for i, n in enumerate(rates["before"].team)
    }
    small = sorted(n for n, h in heads.items() if h < minimum)
    findings: list[str] = []
    if small:
        relabel = {n: OTHER_PARTICIPATING if participating.get(n, False) else OTHER_COMPARISON for n in small}
        team = np.array([relabel.get(t, t) for t in team.tolist()], dtype=object).astype(str)
        for label, (f, t) in (("before", before), ("after", after)):
            rates[label] = workforce.team_rates(team, start, end, fte, voluntary, f, t, None, *sick_args, minimum=0)
        findings.append(
            f"warning: {len(small)} team(s) under {minimum} people (average headcount, in either period) "
            f"merged into '{OTHER_PARTICIPATING}' / '{OTHER_COMPARISON}' (privacy)."
        )
        participating = {**participating, OTHER_PARTICIPATING: True, OTHER_COMPARISON: False}
    else:
        relabel = {}
    rb, ra = rates["before"], rates["after"]
    names, rows = [], []
    left_out = 0
    for i, n in enumerate(rb.team):
        j = ra.team.index(n)
        if min(rb.headcount[i], ra.headcount[j]) < minimum:
            left_out += 1
            continue
        names.append(n)
        rows.append(
            (
                bool(participating.get(n, False)),
                rb.fte[i],
                ra.fte[j],
                rb.turnover_voluntary[i],
                ra.turnover_voluntary[j],
                rb.absence[i],
                ra.absence[j],
            )
        )
    if left_out:
        findings.append(f"warning: {left_out} merged group(s) still under {minimum} people left out (privacy).")
    cols = {
        h: np.array([r[k] for r in rows], dtype=bool if h == "participating" else float)
        for k, h in enumerate(
            (
                "participating",
                "headcount_before",
                "headcount_after",
                "turnover_before",
                "turnover_after",
                "absence_before",
                "absence_after",
            )
        )
    }
    for h, wave in (("enps_before", survey_before), ("enps_after", survey_after)):
        values = np.full(len(names), np.nan)
        if wave is not None:
            s_team = np.asarray(wave[0], dtype=str)
            s_team = np.array([relabel.get(t, t) for t in s_team.tolist()], dtype=object).astype(str)
            per = _survey.by_team(s_team, wave[1], confidence)
            where = {str(t): k for k, t in enumerate(per["team"])}
            values = np.array([per["enps"][where[n]] if n in where else np.nan for n in names], dtype=float)
        cols[h] = values
    return names, cols, findings
