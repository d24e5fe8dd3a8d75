"""What the ENG_ functions do with their arguments before and after the engine computes.

Parsing: a number, or a range of numbers, checked against the register
(:func:`numbers`); a key/value range of assumptions, checked once per distinct content
(:func:`case_assumptions`, kept in :data:`.cache.CHECKED_ASSUMPTIONS`); 0-10 survey
answers (:func:`survey_answers`); a named choice (:func:`choice`, :func:`language`).

Selection: one figure of a computed case (:func:`case_total`), one cell of a table
(:func:`table_cells`), one field of a row (:func:`pick`); over ranges, a range of them
(:func:`each`), so that one array formula fills a table.

Every check raises :class:`~xlengine.engine.errors.InputError` naming the argument; the
decorated function (:func:`.declare.safe`) hands it to Excel as a value.
"""

from typing import Literal, get_args

from .. import i18n as _i18n
from ..decision import teams as _teams
from ..engine import case as _case
from ..engine import validate as _validate
from ..engine.errors import InputError
from . import cache as _cache

#: The checks of every argument (validate holds them: the register's and the few that are
#: not register entries), bound once, not on every call.
CHECKS = _validate.CHECKS
_CHECKERS = {k: _validate.checker(**c) for k, c in CHECKS.items()}

#: The languages of labels and sentences (a drop-down in xlwings Lite).
Language = Literal["en", "nl"]

#: What ENG_CASE_RESULT can return. Yearly results exist per year and as a total over the
#: horizon; the investment measures only for the whole horizon.
CaseResultYearly = Literal[
    "turnover_savings",
    "absence_savings",
    "productivity_savings",
    "total_benefits",
    "total_costs",
    "net_benefit",
    "cumulative_net",
]
CaseResultTotal = Literal["npv", "roi", "bcr", "payback_months"]
#: The assumptions benchmark mode derives, as the case uses them (the typed value, or in
#: benchmark mode the value from the Gallup gap): what the template's lever lines compute with.
CaseResultInUse = Literal["turnover_after", "absence_after", "productivity_gain"]
CaseResult = Literal[CaseResultYearly, CaseResultTotal, CaseResultInUse]
CASE_RESULTS_YEARLY = get_args(CaseResultYearly)
CASE_RESULTS_TOTAL = get_args(CaseResultTotal)
CASE_RESULTS_IN_USE = get_args(CaseResultInUse)


# --------------------------------------------------------------------------------------
# Numbers and ranges of numbers


def numbers(name, value, key=None, scalar=False):
    """A checked scalar or 2-D array for argument ``name`` (register entry ``key``)."""
    key = key or name
    check = _CHECKERS[key]
    if scalar or not isinstance(value, (list, tuple)):
        return check(name, value)
    if type(value) is list and len(value) == 1 and type(value[0]) is list and len(value[0]) == 1:
        # one cell as xlwings hands it over with ndim=2: what validate.array does for 1x1
        return check(name, value[0][0])
    return _validate.array(name, value, **CHECKS[key])


def to_cells(result):
    """Model output to what Excel shows: a float, or a list of rows for a range."""
    if isinstance(result, float):
        return result
    return result.tolist() if result.ndim == 2 else [[v] for v in result.tolist()]


def shape_check(*arrays):
    """Ranges must line up (numpy broadcasting rules); say so in words if they do not."""
    for a in arrays:
        if type(a) is not float:
            break
    else:  # single cells: nothing to line up
        return
    import numpy as np

    try:
        np.broadcast_shapes(*(np.shape(a) for a in arrays))
    except ValueError:
        raise InputError("ranges", "the ranges have different sizes: give ranges of the same size, or single cells.") from None


def elementwise(formula, arguments):
    """``formula`` of the checked ``arguments`` (name -> value, in the formula's order),
    cell by cell over ranges: the body of every building-block function.

    Each argument is checked against the register entry of its name; ranges must line
    up; a range gives a range back.
    """
    values = [numbers(name, value) for name, value in arguments.items()]
    shape_check(*values)
    return to_cells(formula(*values))


def draws_seed(draws, seed):
    """The Monte Carlo's number of draws and seed, checked."""
    n = _validate.number("draws", draws, **CHECKS["draws"])
    s = _validate.number("seed", seed, **CHECKS["seed"])
    return int(n), int(s)


def confidence(value):
    """A confidence level, checked (0.5 to 0.9999)."""
    return _validate.number("confidence_level", value, allowed=(0.5, 0.9999), fraction=True)  # 95% or 0.95


# --------------------------------------------------------------------------------------
# Assumptions: a key/value range


def assumption_pairs(assumptions):
    """Rows of (key, value) or (key, value, low, high) from a range as one mapping; blank
    keys are skipped. A typed low/high travels as ``<key>_low`` / ``<key>_high`` (the
    engine checks it); a blank low/high is left out, so the default range rule applies."""
    if not isinstance(assumptions, (list, tuple)) or not assumptions:
        raise InputError("assumptions", "assumptions is empty: select a two-column range of key and value.")
    pairs = {}
    seen = set()
    for i, row in enumerate(assumptions, start=1):
        row = list(row) if isinstance(row, (list, tuple)) else [row]
        if len(row) < 2:
            raise InputError("assumptions", "assumptions has one column: select two columns, the key and the value.")
        if len(row) not in (2, 4):
            raise InputError(
                "assumptions", f"assumptions has {len(row)} columns: select two (key, value) or four (key, value, low, high)."
            )
        key, value = row[0], row[1]
        if key is None or (isinstance(key, str) and not key.strip()):
            continue
        if not isinstance(key, str):
            raise InputError(
                "assumptions",
                f"assumptions row {i} has {_validate.fmt(key)} as its key: the first column must hold the keys, e.g. headcount.",
            )
        norm = key.strip().lower().replace(" ", "_")
        if norm in ("key", "sleutel") and (value is None or isinstance(value, str)):
            continue  # a header row
        if norm in seen:
            raise InputError(norm, f"{norm} is given twice in assumptions (row {i}): keep one row for it.")
        seen.add(norm)
        pairs[key] = value
        for end, bound in zip(("low", "high"), row[2:]):
            if not (bound is None or (isinstance(bound, str) and not bound.strip())):
                pairs[_validate.range_key(norm, end)] = bound
    if not pairs:  # every figure would silently be the embedded example's
        raise InputError(
            "assumptions",
            "assumptions holds no key and value (the range is blank): select the filled key and "
            "value columns, e.g. the name assumptions (Assumptions!A2:D29).",
        )
    return pairs


def given(assumptions):
    """The register keys the range gives a value for: where the story's figures came from
    (the rest took the register's default)."""
    return _validate.given(assumption_pairs(assumptions))


def case_assumptions(assumptions):
    """The checked, completed assumptions of a key/value range (a fresh dict each call)."""
    if isinstance(assumptions, (list, tuple)):
        try:
            # each value with its type: TRUE == 1.0 in Python, yet TRUE is refused and 1.0 is not
            key = tuple(tuple((type(v), v) for v in (r if isinstance(r, (list, tuple)) else (r,))) for r in assumptions)
            hash(key)
        except TypeError:  # a value that cannot be a key: check it the long way
            pass
        else:
            return dict(_checked_assumptions(key))
    return _validate.assumptions(assumption_pairs(assumptions))


def _checked_assumptions(rows):
    # A template holds hundreds of cells that read the same Assumptions range: check it
    # once per distinct content, not once per cell. Bad input raises, and failures are
    # not kept, so every such cell still shows its own.
    return _cache.CHECKED_ASSUMPTIONS.get(
        rows, lambda: _validate.assumptions(assumption_pairs([[v for _, v in row] for row in rows]))
    )


def story_given(assumptions, example):
    """The keys the story tells as the organisation's own: those in the range, or none when
    ``example`` says the range still holds the embedded example's figures."""
    blank = example is None or (isinstance(example, str) and not example.strip())
    if not blank and _validate.number("example", example, **_validate.ARGUMENT_CHECKS["example"]) == 1:
        return frozenset()
    return given(assumptions)


def memo(kind, a, extra, make):
    """Many one-cell functions read the same table: compute it once per set of inputs
    (kept in :data:`.cache.RESULTS`, bounded by memory)."""
    return _cache.RESULTS.get((kind, tuple(sorted(a.items())), extra), make)


# --------------------------------------------------------------------------------------
# Choices by name


def language(value, default="en"):
    """``"en"`` or ``"nl"`` (case and spaces ignored; empty takes ``default``)."""
    lang = str(value or default).strip().lower()
    if lang not in ("en", "nl"):
        raise InputError("language", f'language = {_validate.fmt(value)} is not supported: enter "en" or "nl".')
    return lang


def choice(name, value, options):
    """``value`` as one of ``options`` (case ignored, spaces as underscores)."""
    text = str(value if value is not None else "").strip().lower().replace(" ", "_")
    if text not in options:
        raise InputError(name, f"{name} = {_validate.fmt(value)} is not known: enter one of {', '.join(options)}.")
    return text


# --------------------------------------------------------------------------------------
# Selection: one figure of a case, one cell of a table, one field of a row


def case_total(result, name, lang):
    """A figure of a computed case over the whole horizon; no payback as a sentence."""
    if name in CASE_RESULTS_IN_USE:
        return float(result.inputs[name])  # benchmark mode resolved by the case itself
    if name in CASE_RESULTS_TOTAL:
        value = float(getattr(result, name))
        if name == "payback_months" and value == float("inf"):
            return _i18n.no_payback(lang, result.horizon_years)
        return value
    return float(case_yearly(result, name).sum())


def case_yearly(result, name):
    """A yearly figure of a computed case, index 0 the start (year 0)."""
    lever = name.replace("_savings", "")
    if lever in _case.LEVERS:
        return result.benefits_by_lever[lever]
    return {
        "total_benefits": result.benefits,
        "total_costs": result.costs,
        "net_benefit": result.net,
        "cumulative_net": result.cumulative,
    }[name]


def _position(name, value, count):
    n = _validate.number(name, value, **CHECKS["place"])
    return int(n) if n <= count else None


def each(cell, *selectors):
    """``cell`` of one value per selector, or over ranges a range of results.

    ``selectors`` are (argument name, value) pairs; a value is one cell or a range (a
    column of ranks, a row of field names, an array constant such as {"low","high"}).
    Ranges combine as in Excel's array formulas, so a column by a row gives the whole
    table from one array formula: one call to Python instead of one per cell.
    """
    import numpy as np

    grids = [np.array(_validate.grid(name, value), dtype=object) for name, value in selectors]
    if all(g.size == 1 for g in grids):
        return cell(*(g[0, 0] for g in grids))
    try:
        grids = np.broadcast_arrays(*grids)
    except ValueError:
        raise InputError(
            "ranges", "the ranges have different sizes: give a column and a row, ranges of the same size, or single cells."
        ) from None
    rows, cols = grids[0].shape
    return [[cell(*(g[i, j] for g in grids)) for j in range(cols)] for i in range(rows)]


def table_cells(rows, fields, place_name, place, field):
    """Cells of a table whose first row is its header: a place (1 = the first row below the
    header; empty beyond the last) by a field, each a single value or a range."""

    def cell(place, field):
        name = choice("field", field, fields)
        at = _position(place_name, place, len(rows) - 1)
        return None if at is None else rows[at][fields.index(name)]

    return each(cell, (place_name, place), ("field", field))


def pick(values, fields, field, also=()):
    """The whole row, or one named field of it (one value per cell, as the template uses);
    ``also`` names fields the caller handles itself (for the message)."""
    if field is None or (isinstance(field, str) and not field.strip()):
        return [list(values)]
    if isinstance(field, str) and field.strip().upper() in _validate._EXCEL_ERRORS:
        _validate.number("field", field)  # names the error cell
    name = str(field).strip().lower()
    if name not in fields:
        raise InputError(
            "field",
            f"field = {_validate.fmt(field)} is not known: enter one of {', '.join(fields + tuple(also))}, or leave it empty for all.",
        )
    return values[fields.index(name)]


# --------------------------------------------------------------------------------------
# Survey answers


def survey_answers(scores, name):
    """0-10 answers from a range as floats (blanks skipped); the checks are survey.counts'."""
    import numpy as np

    values = []
    for i, row in enumerate(scores if isinstance(scores, (list, tuple)) else [[scores]], start=1):
        for v in row if isinstance(row, (list, tuple)) else [row]:
            if v is None or (isinstance(v, str) and v.strip() == ""):
                continue
            values.append(_validate.number(f"{name} (row {i})", v, allowed=(0, 10)))
    return np.asarray(values, dtype=float)


def team_answers(scores, teams, team):
    """The cells of ``scores`` whose cell in ``teams`` names ``team`` (by :func:`~xlengine.decision.teams.team_key`)."""
    rows = scores if isinstance(scores, (list, tuple)) else [[scores]]
    labels = teams if isinstance(teams, (list, tuple)) else [[teams]]
    flat = [v for row in rows for v in (row if isinstance(row, (list, tuple)) else [row])]
    names = [v for row in labels for v in (row if isinstance(row, (list, tuple)) else [row])]
    if len(flat) != len(names):
        raise InputError(
            "teams",
            f"teams has {len(names)} cells and scores {len(flat)}: give the team of each answer, a range the size of scores.",
        )
    want = _teams.team_key(team)
    return [[v] for v, t in zip(flat, names) if t is not None and _teams.team_key(t) == want]
