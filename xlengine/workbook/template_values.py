"""What the template's cells show when it opens: the embedded example's figures
(teams, survey answers) and every formula cell's value, computed by the ENG_ functions
themselves (the template ships with cached values)."""

from __future__ import annotations

import re
from typing import Any

from ..engine import register as _register
from ..engine.errors import InputError
from ..excel import functions as _udfs
from . import layout as L


# Example teams: they add up to the organisation on the Assumptions sheet (headcount-
# weighted): 80+50+30+40 = 200 FTE; turnover (80x15 + 50x12 + 30x10 + 40x7.5)/200 = 12%
# -> (80x10 + 50x8 + 30x6 + 40x5.5)/200 = 8%; absence (80x7 + 50x5 + 30x5 + 40x4)/200 =
# 5.6% -> (80x5 + 50x4 + 30x4 + 40x2.5)/200 = 4.1%.
EXAMPLE_TEAMS = (
    # team, headcount, employer_cost, turnover_before/after, absence_before/after, eNPS before/after
    ("Operations", 80, 60_000, 0.15, 0.10, 0.07, 0.05, 35, 55),
    ("Sales", 50, 60_000, 0.12, 0.08, 0.05, 0.04, 50, 62),
    ("Customer service", 30, 60_000, 0.10, 0.06, 0.05, 0.04, 45, 58),
    ("Head office", 40, 60_000, 0.075, 0.055, 0.04, 0.025, 55, 66),
)


# 20 example answers: 12 promoters (9-10), 5 passives (7-8), 3 detractors (0-6):
# eNPS = 100 x (12 - 3) / 20 = 45, the register's enps_before.
EXAMPLE_ANSWERS = (10, 9, 9, 10, 8, 7, 9, 10, 6, 9, 8, 10, 9, 3, 7, 9, 10, 8, 5, 9)


# Five answers per example team, in order (Operations 80, Sales 40, Customer service 20,
# Head office 40): five answers give intervals of about +-50 points, flagged as too wide.
EXAMPLE_ANSWER_TEAMS = tuple(t[0] for t in EXAMPLE_TEAMS for _ in range(5))


# An earlier wave of 20 answers: 10 promoters, 6 passives, 4 detractors: eNPS 30, so the
# change is +15 points, with 20 answers a wave not distinguishable from noise.
EXAMPLE_BEFORE = (10, 9, 9, 10, 8, 7, 9, 10, 6, 9, 8, 10, 9, 3, 7, 8, 10, 8, 5, 4)


def _checked(where: tuple[str, str], result: Any) -> Any:
    """A UDF result, or stop the build: the template must never cache a failed call."""
    if isinstance(result, InputError):
        raise RuntimeError(f"{where[0]}!{where[1]} fails for the register defaults ({result}): fix the register or the layout.")
    return result


_CALL = re.compile(r"^=(ENG_[A-Z_]+)\((.*)\)$")


_NAME = re.compile(r"^=([a-z_][a-z0-9_]*)$")


_REF = re.compile(r"^\$?([A-Z]+)\$?(\d+)$")


def cached_values() -> dict[tuple[str, str], Any]:
    """The value of every formula cell in ``layout.FORMULAS``, as Excel would compute it.

    Each ``=ENG_...(args)`` formula is evaluated by calling that function of
    ``xlengine.udfs`` with its arguments resolved the way Excel resolves them (a defined
    name to its cell's value or range, a quoted text to the text, a cell reference to the
    cell's value); ``=name`` takes the named cell's value. So the cached values follow the
    formula text, with no second implementation of anything.
    """
    defaults = _register.defaults()
    cells: dict[tuple[str, str], Any] = {where: float(defaults[key]) for key, where in L.ASSUMPTION_CELL.items()}
    for y in range(L.YEARS + 1):  # 0 is the start
        cells[(L.CASE_SHEET, L.cell(L.YEAR_HEADER_ROW, L.YEAR_FIRST_COL + y))] = float(y)
    cells.update(L.DECISION_CONSTANTS)  # ranks, bar numbers, simulation draws and seed
    cells[L.EXAMPLE_FLAG_CELL] = L.EXAMPLE_FLAG_VALUE
    named_cell = {name: (sheet, ref.replace("$", "")) for name, (sheet, ref) in L.NAMES.items() if ":" not in ref}
    values_block = [[a.key, float(defaults[a.key])] for a in _register.REGISTER]
    for where, formula in L.RANGE_FORMULAS.items():  # low/high by the default rule
        m = _CALL.match(formula)
        if m is None:
            raise ValueError(f"{where}: not an ENG_ call: {formula!r}")
        key, end = (t.strip('"') for t in m.group(2).split(",")[1:])
        cells[where] = _checked(where, getattr(_udfs, m.group(1))(values_block, key, end))
    for where in L.RANGE_ORIGIN_CELL.values():
        cells[where] = "derived"  # every range of the template holds the default rule's formula
    survey_rows = L.SURVEY_LAST_ROW - L.SURVEY_FIRST_ROW + 1

    def range_value(key: str, end: str) -> Any:
        where = L.RANGE_CELL.get((key, end))
        return None if where is None else cells.get(where)

    ranges = {
        "assumption_values": values_block,
        "assumptions": [
            [a.key, float(defaults[a.key]), *(range_value(a.key, end) for end in ("low", "high"))] for a in _register.REGISTER
        ],
        "survey_answers": [[float(a)] for a in EXAMPLE_ANSWERS] + [[None]] * (survey_rows - len(EXAMPLE_ANSWERS)),
        "survey_before": [[float(a)] for a in EXAMPLE_BEFORE] + [[None]] * (survey_rows - len(EXAMPLE_BEFORE)),
        "survey_teams": [[t] for t in EXAMPLE_ANSWER_TEAMS] + [[None]] * (survey_rows - len(EXAMPLE_ANSWER_TEAMS)),
    }
    for i, team in enumerate(EXAMPLE_TEAMS):  # the Teams table's names, which the eNPS block beside it reads
        cells[(L.TEAMS_SHEET, f"A{L.TEAMS_HEADER_ROW + 1 + i}")] = team[0]

    def argument(sheet: str, text: str) -> Any:
        text = text.strip()
        if text.startswith('"'):
            return text.strip('"')
        if text in ranges:
            return ranges[text]
        if text in named_cell:
            return cells[named_cell[text]]
        m = _REF.match(text)
        if m:
            return cells[(sheet, f"{m.group(1)}{m.group(2)}")]
        raise ValueError(f"cannot resolve {text!r}")

    for where, formula in L.FORMULAS.items():
        if where in cells:  # filled above (the range-origin cells)
            continue
        m = _CALL.match(formula)
        if m:
            function = getattr(_udfs, m.group(1))
            args = [argument(where[0], a) for a in m.group(2).split(",")] if m.group(2) else []
            cells[where] = _checked(where, function(*args))
        else:
            name = _NAME.match(formula)
            if name is None:
                raise ValueError(f"{where}: neither an ENG_ call nor =name: {formula!r}")
            cells[where] = cells[named_cell[name.group(1)]]
    return cells
