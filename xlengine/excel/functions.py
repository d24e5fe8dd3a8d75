"""The ENG_ functions: what Excel calls, through xlwings.

Thin by design: each function checks its arguments against the register, calls the model
or the case, and hands the result back. No formula of the domain lives here.

Excel names are the Python names. Arguments are positional; rates are fractions (Excel's
12% arrives as 0.12); optional arguments come last. Numeric arguments accept a single
cell or a range: a range gives a range back (one array formula instead of thousands of
scalar calls, which matters for speed in xlwings).

Bad input never raises into Excel: the cell shows one readable sentence naming the
argument, the value and the fix.

This module must also run unchanged under xlwings Lite (Excel on the web and Mac, Python
in the browser): no ``expand=``, no ``caller``, no heavy imports at import time.
"""

import functools
import sys

from . import inert_xlwings as _inert_xlwings

if _inert_xlwings.xlwings_decorators_act():
    import xlwings as xw
else:  # xlwings' own decorators are these identity functions here: skip its 0.3 s import
    xw = _inert_xlwings

from .. import __version__
from .. import i18n as _i18n
from ..decision import tables as _tables
from ..engine import case as _case
from ..engine import model as _model
from ..engine import register as _register
from ..decision import story as _story
from ..decision import teams as _teams
from ..decision import uncertainty as _uncertainty
from ..engine import validate as _validate
from ..engine.errors import InputError

CATEGORY = "Engagement business case"

# Argument documentation shared by several functions (shown in Excel's function wizard).
_DOC = {
    "headcount": "Average headcount in FTE (a cell or a column of teams).",
    "turnover_before": "Annual turnover rate before the programme, e.g. 12%.",
    "turnover_after": "Annual turnover rate after the programme, e.g. 8%.",
    "annual_employer_cost": "Average employer cost per FTE per year (salary plus on-costs), EUR.",
    "working_days": "Working days per FTE per year (default 220).",
    "cost_per_leaver": "Full cost of replacing one leaver, EUR (see ENG_COST_PER_LEAVER).",
    "cost_per_sick_day": "Employer cost of one sick day, EUR (see ENG_SICK_DAY_COST).",
    "assumptions": ("Two-column range of assumption key and value, or four columns: key, value, low, high (a blank "
                    "low/high takes the default range rule); see ENG_ASSUMPTIONS for the keys."),
    "language": 'Language of the labels: "en" (default) or "nl".',
    "payback_language": 'Language of the no-payback sentence: "en" (default) or "nl".',
}

_NOT_ASSUMPTION = {
    # Arguments that are not register entries: money amounts with their own checks.
    "cost_per_leaver": dict(allowed=(0, 1e9), unit="EUR"),
    "cost_per_sick_day": dict(allowed=(0, 1e6), unit="EUR"),
    "benefits": dict(allowed=(-1e12, 1e12), unit="EUR"),
    # a divisor: below one euro a ratio is meaningless (and overflows to inf)
    "costs": dict(allowed=(1, 1e12), unit="EUR", nonzero=True),
    "one_off_cost": dict(allowed=(0, 1e12), unit="EUR"),
    "annual_benefit": dict(allowed=(-1e12, 1e12), unit="EUR"),
    "annual_cost": dict(allowed=(0, 1e12), unit="EUR"),
}


# The checks of every argument, bound once (not on every call): register entries first.
_CHECKS = {**_NOT_ASSUMPTION, **{k: dict(allowed=a.allowed, unit=a.unit, fraction=a.is_fraction, integer=a.integer)
                                 for k, a in _register.BY_KEY.items()}}
_CHECKERS = {k: _validate.checker(**c) for k, c in _CHECKS.items()}


def _num(name, value, key=None, scalar=False):
    """A checked scalar or 2-D array for argument ``name`` (register entry ``key``)."""
    key = key or name
    check = _CHECKERS[key]
    if scalar or not isinstance(value, (list, tuple)):
        return check(name, value)
    if type(value) is list and len(value) == 1 and type(value[0]) is list and len(value[0]) == 1:
        # one cell as xlwings hands it over with ndim=2: what validate.array does for 1x1
        return check(name, value[0][0])
    return _validate.array(name, value, **_CHECKS[key])


def _cell(result):
    """Model output to what Excel shows: a float, or a list of rows for a range."""
    if isinstance(result, float):
        return result
    return result.tolist() if result.ndim == 2 else [[v] for v in result.tolist()]


def _shape_check(*arrays):
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


def _safe(f):
    """Turn any failure into one readable sentence in the cell, never a traceback."""

    @functools.wraps(f)
    def wrapper(*args):
        try:
            return f(*args)
        except InputError as e:
            return str(e)
        except Exception as e:  # noqa: BLE001 - a cell must never show a traceback
            return f"{f.__name__} could not compute ({type(e).__name__}: {e}): check the arguments or report this to the workbook's owner."

    return wrapper


# --------------------------------------------------------------------------------------
# Survey


@xw.func(category=CATEGORY)
@xw.arg("scores", ndim=2, doc="Range of 0-10 answers; blank cells are ignored.")
@xw.ret()
@_safe
def ENG_ENPS(scores):
    """Employee Net Promoter Score (-100..100): % promoters (9-10) minus % detractors (0-6).

    Fewer than 5 answers is refused: a smaller group can be identified (privacy).
    """
    answers = []
    for i, row in enumerate(scores or [], start=1):
        for v in row if isinstance(row, (list, tuple)) else [row]:
            if v is None or (isinstance(v, str) and v.strip() == ""):
                continue
            x = _validate.number(f"scores (row {i})", v, allowed=(0, 10))
            if not float(x).is_integer():
                raise InputError("scores", f"scores (row {i}) = {_validate.fmt(x)} is not a whole answer on the 0-10 scale: enter 0, 1, ... 10.")
            answers.append(x)
    if len(answers) < 5:
        raise InputError("scores", f"scores holds {len(answers)} answer(s): eNPS needs at least 5, so that no one can be identified (privacy).")
    return _model.enps(answers)


# --------------------------------------------------------------------------------------
# Turnover


@xw.func(category=CATEGORY)
@xw.arg("headcount", ndim=2, doc=_DOC["headcount"])
@xw.arg("turnover_before", ndim=2, doc=_DOC["turnover_before"])
@xw.arg("turnover_after", ndim=2, doc=_DOC["turnover_after"])
@xw.ret()
@_safe
def ENG_LEAVERS_AVOIDED(headcount, turnover_before, turnover_after):
    """Leavers avoided per year = headcount x (turnover before - turnover after)."""
    args = _num("headcount", headcount), _num("turnover_before", turnover_before), _num("turnover_after", turnover_after)
    _shape_check(*args)
    return _cell(_model.leavers_avoided(*args))


@xw.func(category=CATEGORY)
@xw.arg("annual_employer_cost", ndim=2, doc=_DOC["annual_employer_cost"])
@xw.arg("recruitment_cost", ndim=2, doc="Recruitment cost per hire (advertising, agency, interviews), EUR.")
@xw.arg("onboarding_cost", ndim=2, doc="Onboarding and training cost per hire, EUR.")
@xw.arg("vacancy_days", ndim=2, doc="Working days the post stays vacant with its work not covered (default 0).")
@xw.arg("ramp_up_months", ndim=2, doc="Months until the new hire is fully productive (default 0).")
@xw.arg("ramp_up_shortfall", ndim=2, doc="Average productivity shortfall during ramp-up (default 50%).")
@xw.arg("working_days", ndim=2, doc=_DOC["working_days"])
@xw.ret()
@_safe
def ENG_COST_PER_LEAVER(annual_employer_cost, recruitment_cost, onboarding_cost,
                        vacancy_days=0, ramp_up_months=0, ramp_up_shortfall=0.5, working_days=220):
    """Cost of replacing one leaver = recruitment + onboarding + vacancy_days x cost / working_days + ramp_up_months / 12 x cost x shortfall (EUR)."""
    args = (_num("annual_employer_cost", annual_employer_cost), _num("recruitment_cost", recruitment_cost),
            _num("onboarding_cost", onboarding_cost), _num("vacancy_days", vacancy_days),
            _num("ramp_up_months", ramp_up_months), _num("ramp_up_shortfall", ramp_up_shortfall),
            _num("working_days", working_days))
    _shape_check(*args)
    return _cell(_model.cost_per_leaver(*args))


@xw.func(category=CATEGORY)
@xw.arg("headcount", ndim=2, doc=_DOC["headcount"])
@xw.arg("turnover_before", ndim=2, doc=_DOC["turnover_before"])
@xw.arg("turnover_after", ndim=2, doc=_DOC["turnover_after"])
@xw.arg("cost_per_leaver", ndim=2, doc=_DOC["cost_per_leaver"])
@xw.ret()
@_safe
def ENG_TURNOVER_SAVINGS(headcount, turnover_before, turnover_after, cost_per_leaver):
    """Yearly saving from lower turnover = leavers avoided x cost per leaver (EUR/yr)."""
    args = (_num("headcount", headcount), _num("turnover_before", turnover_before),
            _num("turnover_after", turnover_after), _num("cost_per_leaver", cost_per_leaver))
    _shape_check(*args)
    return _cell(_model.turnover_savings(*args))


# --------------------------------------------------------------------------------------
# Absence


@xw.func(category=CATEGORY)
@xw.arg("annual_employer_cost", ndim=2, doc=_DOC["annual_employer_cost"])
@xw.arg("continued_pay", ndim=2, doc=("Share of the daily employer cost paid during sickness (default 100%). Dutch law (BW 7:629): "
                                      "at least 70% of the wage, not of the employer cost, up to 104 weeks; at least the minimum "
                                      "wage in weeks 1-52; capped at the maximum daily wage."))
@xw.arg("cover_share", ndim=2, doc="Extra cost of cover per sick day as a share of the daily cost (default 0%).")
@xw.arg("working_days", ndim=2, doc=_DOC["working_days"])
@xw.ret()
@_safe
def ENG_SICK_DAY_COST(annual_employer_cost, continued_pay=1.0, cover_share=0.0, working_days=220):
    """Employer cost of one sick day = cost / working_days x (continued pay + cover share) (EUR)."""
    args = (_num("annual_employer_cost", annual_employer_cost), _num("continued_pay", continued_pay),
            _num("cover_share", cover_share), _num("working_days", working_days))
    _shape_check(*args)
    return _cell(_model.cost_per_sick_day(*args))


@xw.func(category=CATEGORY)
@xw.arg("headcount", ndim=2, doc=_DOC["headcount"])
@xw.arg("absence_before", ndim=2, doc="Absence rate before: share of working days lost (CBS definition), e.g. 5.6%.")
@xw.arg("absence_after", ndim=2, doc="Absence rate after the programme, e.g. 4.1%.")
@xw.arg("cost_per_sick_day", ndim=2, doc=_DOC["cost_per_sick_day"])
@xw.arg("working_days", ndim=2, doc=_DOC["working_days"])
@xw.ret()
@_safe
def ENG_ABSENCE_SAVINGS(headcount, absence_before, absence_after, cost_per_sick_day, working_days=220):
    """Yearly saving from lower absence = headcount x working_days x (before - after) x cost per sick day (EUR/yr)."""
    args = (_num("headcount", headcount), _num("absence_before", absence_before),
            _num("absence_after", absence_after), _num("cost_per_sick_day", cost_per_sick_day),
            _num("working_days", working_days))
    _shape_check(*args)
    return _cell(_model.absence_savings(*args))


# --------------------------------------------------------------------------------------
# Productivity


@xw.func(category=CATEGORY)
@xw.arg("headcount", ndim=2, doc=_DOC["headcount"])
@xw.arg("value_per_fte", ndim=2, doc="Value of one FTE's output per year, EUR (employer cost is the conservative basis).")
@xw.arg("productivity_gain", ndim=2, doc="Productivity gain from the programme, e.g. 2%.")
@xw.ret()
@_safe
def ENG_PRODUCTIVITY_GAIN(headcount, value_per_fte, productivity_gain):
    """Yearly value of higher productivity = headcount x value per FTE x gain (EUR/yr)."""
    args = (_num("headcount", headcount), _num("value_per_fte", value_per_fte),
            _num("productivity_gain", productivity_gain))
    _shape_check(*args)
    return _cell(_model.productivity_gain_value(*args))


# --------------------------------------------------------------------------------------
# Investment measures (Phillips ROI Methodology)


@xw.func(category=CATEGORY)
@xw.arg("benefits", ndim=2, doc="Total programme benefits, EUR.")
@xw.arg("costs", ndim=2, doc="Total fully loaded programme costs, EUR (above 0).")
@xw.ret()
@_safe
def ENG_ROI(benefits, costs):
    """Return on investment = (benefits - costs) / costs, as a fraction (format as %)."""
    args = _num("benefits", benefits), _num("costs", costs)
    _shape_check(*args)
    return _cell(_model.roi(*args))


@xw.func(category=CATEGORY)
@xw.arg("benefits", ndim=2, doc="Total programme benefits, EUR.")
@xw.arg("costs", ndim=2, doc="Total fully loaded programme costs, EUR (above 0).")
@xw.ret()
@_safe
def ENG_BCR(benefits, costs):
    """Benefit-cost ratio = benefits / costs (the programme's costs, not the problem's)."""
    args = _num("benefits", benefits), _num("costs", costs)
    _shape_check(*args)
    return _cell(_model.bcr(*args))


@xw.func(category=CATEGORY)
@xw.arg("one_off_cost", doc="One-off programme cost, EUR.")
@xw.arg("annual_benefit", doc="Yearly benefit at full effect, EUR.")
@xw.arg("annual_cost", doc="Yearly running cost of the programme, EUR.")
@xw.ret()
@_safe
def ENG_PAYBACK_MONTHS(one_off_cost, annual_benefit, annual_cost):
    """Months to earn back the one-off cost = 12 x one-off / (annual benefit - annual cost)."""
    one_off = _num("one_off_cost", one_off_cost, scalar=True)
    benefit = _num("annual_benefit", annual_benefit, scalar=True)
    cost = _num("annual_cost", annual_cost, scalar=True)
    months = _model.payback_months(one_off, benefit, cost)
    if months == float("inf"):
        raise InputError("annual_benefit", f"No payback: annual_benefit ({_validate.fmt(benefit)}) does not exceed annual_cost ({_validate.fmt(cost)}), so the one-off cost is never earned back.")
    return months


# --------------------------------------------------------------------------------------
# Benchmarks


@xw.func(category=CATEGORY)
@xw.arg("outcome", doc='Gallup outcome: "absenteeism", "turnover_high", "turnover_low", "productivity", "sales", "profitability" or "customer_loyalty".')
@xw.arg("edition", doc="Edition of the Gallup Q12 meta-analysis: 2024 (default) or 2020.")
@xw.ret()
@_safe
def ENG_GALLUP(outcome, edition=2024):
    """Gallup Q12 meta-analysis: top- vs bottom-quartile difference as a signed fraction (a benchmark, not a programme effect)."""
    if not isinstance(outcome, str) or not outcome.strip():
        raise InputError("outcome", f"outcome is {_validate.fmt(outcome)}: enter one of {', '.join(_register.GALLUP)}.")
    year = _validate.number("edition", edition, integer=True)
    try:
        return _register.gallup_gap(outcome, int(year))
    except KeyError:
        raise InputError("outcome", f"outcome {outcome!r} is not a Gallup outcome: enter one of {', '.join(_register.GALLUP)}.") from None
    except LookupError:
        editions = " or ".join(str(e) for e in _register.GALLUP_EDITIONS)
        raise InputError("edition", f"edition = {int(year)} is not available: enter {editions}.") from None


# --------------------------------------------------------------------------------------
# The whole case


def _assumption_pairs(assumptions):
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
            raise InputError("assumptions", f"assumptions has {len(row)} columns: select two (key, value) or four (key, value, low, high).")
        key, value = row[0], row[1]
        if key is None or (isinstance(key, str) and not key.strip()):
            continue
        if not isinstance(key, str):
            raise InputError("assumptions", f"assumptions row {i} has {_validate.fmt(key)} as its key: the first column must hold the keys, e.g. headcount.")
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
    return pairs


def _given(assumptions):
    """The register keys the range gives a value for: where the story's figures came from
    (the rest took the register's default)."""
    return _validate.given(_assumption_pairs(assumptions))


def _language(language):
    lang = str(language or "en").strip().lower()
    if lang not in ("en", "nl"):
        raise InputError("language", f'language = {_validate.fmt(language)} is not supported: enter "en" or "nl".')
    return lang


@xw.func(category=CATEGORY)
@xw.arg("assumptions", ndim=2, doc=_DOC["assumptions"])
@xw.arg("language", doc=_DOC["language"])
@xw.ret()
@_safe
def ENG_BUSINESS_CASE(assumptions, language="en"):
    """The multi-year business case as a table: levers, benefits, cost, net, cumulative, NPV, ROI, BCR, payback.

    Keys are case-insensitive; missing keys take the register's defaults; unknown keys
    are refused by name. Full-effect yearly benefit = sum of the lever savings x
    attribution x confidence; year 1 gets effect_year1 of it; the one-off cost falls at
    the start (column "Start (year 0)", not discounted) and the annual cost in every year;
    NPV = start + sum of year y's net / (1+r)^y (Excel: =NPV(r, year1..yearN) + year0);
    ROI and BCR use undiscounted totals (Phillips); payback months count from the start
    with linear interpolation inside the year where the cumulative net turns positive.
    """
    lang = _language(language)
    return _tables.case_table(_case.compute_checked(_assumption_pairs(assumptions)), lang)


# What ENG_CASE_RESULT can return. Yearly results exist per year and as a total over the
# horizon; the investment measures only for the whole horizon.
CASE_RESULTS_YEARLY = ("turnover_savings", "absence_savings", "productivity_savings", "total_benefits",
                       "total_costs", "net_benefit", "cumulative_net")
CASE_RESULTS_TOTAL = ("npv", "roi", "bcr", "payback_months")


def _case_total(result, name, lang):
    """A figure of a computed case over the whole horizon; no payback as a sentence."""
    if name in CASE_RESULTS_TOTAL:
        value = float(getattr(result, name))
        if name == "payback_months" and value == float("inf"):
            return _i18n.no_payback(lang, result.horizon_years)
        return value
    return float(_case_yearly(result, name).sum())


def _case_yearly(result, name):
    lever = name.replace("_savings", "")
    if lever in _case.LEVERS:
        return result.benefits_by_lever[lever]
    return {"total_benefits": result.benefits, "total_costs": result.costs,
            "net_benefit": result.net, "cumulative_net": result.cumulative}[name]


@xw.func(category=CATEGORY)
@xw.arg("assumptions", ndim=2, doc=_DOC["assumptions"])
@xw.arg("result", doc="Which figure: turnover_savings, absence_savings, productivity_savings, total_benefits, total_costs, net_benefit, cumulative_net, npv, roi, bcr or payback_months.")
@xw.arg("year", doc="Year of the case: 0 is the start (the one-off cost), then 1, 2, ...; leave empty for the whole horizon. Blank beyond the horizon.")
@xw.arg("language", doc=_DOC["payback_language"])
@xw.ret()
@_safe
def ENG_CASE_RESULT(assumptions, result, year=None, language="en"):
    """One figure of the business case (one cell, one formula): a year's value, or the total over the horizon.

    Same conventions as ENG_BUSINESS_CASE: benefits after attribution x confidence, EUR;
    year 0 is the start (the one-off cost, not discounted); ROI as a fraction; payback in
    months (a sentence when there is no payback); cumulative_net exists per year only.
    """
    lang = _language(language)
    name = str(result or "").strip().lower().replace(" ", "_")
    known = CASE_RESULTS_YEARLY + CASE_RESULTS_TOTAL
    if name not in known:
        raise InputError("result", f"result = {_validate.fmt(result)} is not a figure of the case: enter one of {', '.join(known)}.")
    case = _case.compute_checked(_assumption_pairs(assumptions))
    if year is None or (isinstance(year, str) and not year.strip()):
        if name == "cumulative_net":
            raise InputError("year", "cumulative_net is a yearly figure: give the year (its last year equals net_benefit).")
        return _case_total(case, name, lang)
    if name in CASE_RESULTS_TOTAL:
        raise InputError("year", f"{name} is a figure for the whole horizon: leave year empty.")
    y = _validate.number("year", year, allowed=(0, _register.BY_KEY["horizon_years"].allowed[1]), integer=True)
    if y > case.horizon_years:
        return None  # beyond the horizon: an empty cell
    return float(_case_yearly(case, name)[int(y)])  # index 0 is the start (year 0)


@xw.func(category=CATEGORY)
@xw.arg("language", doc=_DOC["language"])
@xw.ret()
@_safe
def ENG_ASSUMPTIONS(language="en"):
    """The assumption register: key, label, unit, default, allowed and plausible ranges, source."""
    lang = _language(language)
    header = (["key", "label", "unit", "default", "allowed_min", "allowed_max", "plausible_min", "plausible_max", "source"]
              if lang == "en" else
              ["sleutel", "omschrijving", "eenheid", "standaard", "toegestaan_min", "toegestaan_max", "aannemelijk_min", "aannemelijk_max", "bron"])
    rows = [header]
    for a in _register.REGISTER:
        source = a.source if a.verified else f"{a.source} (unverified)"
        rows.append([a.key, a.label(lang), a.unit, float(a.default), float(a.allowed[0]), float(a.allowed[1]),
                     float(a.plausible[0]), float(a.plausible[1]), source])
    return rows


@xw.func(category=CATEGORY)
@xw.ret()
@_safe
def ENG_VERSION():
    """The version of the xlengine package that computes these cells."""
    return __version__


# --------------------------------------------------------------------------------------
# Decision support: teams, scenarios, sensitivity, Monte Carlo, break-even, board story

_DOC.update({
    "teams": ("Teams table with a header row: team, headcount, employer_cost, turnover_before, turnover_after, "
              "absence_before, absence_after, enps_before, enps_after; blanks take the organisation's value."),
    "draws": "Number of Monte Carlo draws (default 10,000; at most 1,000,000).",
    "seed": "Seed of the random numbers (default 1): the same seed gives the same result.",
    "lever": 'The lever to solve for: "turnover", "absence", "productivity" or (benchmark mode) "gap_closed".',
    "bins": "Number of bars of the NPV histogram (default 20).",
})


def _case_assumptions(assumptions):
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
    return _validate.assumptions(_assumption_pairs(assumptions))


@functools.lru_cache(maxsize=32)
def _checked_assumptions(rows):
    # A template holds hundreds of cells that read the same Assumptions range: check it
    # once per distinct content, not once per cell. Bad input raises, and exceptions are
    # not cached, so every such cell still shows its message.
    return _validate.assumptions(_assumption_pairs([[v for _, v in row] for row in rows]))


@xw.func(category=CATEGORY)
@xw.arg("teams", ndim=2, doc=_DOC["teams"])
@xw.arg("assumptions", ndim=2, doc=_DOC["assumptions"])
@xw.arg("language", doc=_DOC["language"])
@xw.ret()
@_safe
def ENG_TEAMS(teams, assumptions, language="en"):
    """Savings per team and lever (EUR/yr at full effect, after attribution and confidence) and over the horizon, biggest opportunity first, with a total row.

    Each team is the organisation's case with the team's own figures; blank cells take the
    organisation's assumptions. Teams under 5 people show no eNPS (privacy) but count in
    money. When the teams add up to the organisation the total row equals its case.
    """
    lang = _language(language)
    org = _case_assumptions(assumptions)
    return _teams.table(_teams.analyse(_teams.parse_table(teams), org), lang)


@xw.func(category=CATEGORY)
@xw.arg("assumptions", ndim=2, doc=_DOC["assumptions"])
@xw.arg("language", doc=_DOC["language"])
@xw.ret()
@_safe
def ENG_SCENARIOS(assumptions, language="en"):
    """Stress test (all unfavourable at once) / base / stress test (all favourable at once) side by side: savings per lever, benefits, cost, net, NPV, ROI, BCR, payback, then the assumption values used.

    The unfavourable column ("conservative") takes for every uncertain assumption the end
    of its range (low or high) that lowers the NPV, all at the same time; the favourable
    column ("optimistic") the other end. A stress test, far outside the Monte Carlo's
    P5..P95 (ENG_SIMULATE), not a likely outcome. Base is the case as given (equal to
    ENG_BUSINESS_CASE's Total column).
    """
    return _tables.scenario_table(_case_assumptions(assumptions), _language(language))


@xw.func(category=CATEGORY)
@xw.arg("assumptions", ndim=2, doc=_DOC["assumptions"])
@xw.arg("language", doc=_DOC["language"])
@xw.ret()
@_safe
def ENG_SENSITIVITY(assumptions, language="en"):
    """Tornado table: each uncertain assumption swung from low to high (the others at base), the NPV at each end and the change from the base NPV, widest swing first."""
    return _tables.sensitivity_table(_case_assumptions(assumptions), _language(language))


def _draws_seed(draws, seed):
    n = _validate.number("draws", draws, allowed=(1, 1_000_000), integer=True)
    s = _validate.number("seed", seed, allowed=(0, 2**32 - 1), integer=True)
    return int(n), int(s)


@xw.func(category=CATEGORY)
@xw.arg("assumptions", ndim=2, doc=_DOC["assumptions"])
@xw.arg("draws", doc=_DOC["draws"])
@xw.arg("seed", doc=_DOC["seed"])
@xw.ret()
@_safe
def ENG_SIMULATE(assumptions, draws=10_000, seed=1):
    """Monte Carlo: P5 / P50 / P95 and mean of NPV and ROI, and the probability that NPV > 0.

    Every uncertain assumption is drawn from a Beta-PERT distribution (low, the value given
    as most likely, high: typed in a four-column block, or by the default rule around the
    value); the whole case is computed per draw.
    The same seed gives the same numbers.
    """
    n, s = _draws_seed(draws, seed)
    sim = _uncertainty.simulate(_case_assumptions(assumptions), draws=n, seed=s)
    return _tables.simulation_table(sim)


@xw.func(category=CATEGORY)
@xw.arg("assumptions", ndim=2, doc=_DOC["assumptions"])
@xw.arg("draws", doc=_DOC["draws"])
@xw.arg("seed", doc=_DOC["seed"])
@xw.arg("bins", doc=_DOC["bins"])
@xw.ret()
@_safe
def ENG_NPV_HISTOGRAM(assumptions, draws=10_000, seed=1, bins=20):
    """The Monte Carlo NPV distribution as a table (bin from, bin to, draws, share) for a chart; same draws as ENG_SIMULATE with the same seed."""
    n, s = _draws_seed(draws, seed)
    b = int(_validate.number("bins", bins, allowed=(1, 200), integer=True))
    sim = _uncertainty.simulate(_case_assumptions(assumptions), draws=n, seed=s)
    return _tables.histogram_table(sim, b)


@xw.func(category=CATEGORY)
@xw.arg("assumptions", ndim=2, doc=_DOC["assumptions"])
@xw.arg("lever", doc=_DOC["lever"])
@xw.ret()
@_safe
def ENG_BREAKEVEN(assumptions, lever):
    """Improvement on one lever for NPV = 0, the other assumptions as given: turnover or absence in rate points (format as %), productivity as the gain, gap_closed as the share.

    A negative value means the other levers pay back on their own (this lever may even
    worsen by that much). A sentence explains when no improvement can pay back.
    """
    if not isinstance(lever, str) or not lever.strip():
        raise InputError("lever", f"lever is {_validate.fmt(lever)}: enter turnover, absence, productivity or gap_closed.")
    return _uncertainty.breakeven(_case_assumptions(assumptions), lever).improvement


@xw.func(category=CATEGORY)
@xw.arg("assumptions", ndim=2, doc=_DOC["assumptions"])
@xw.arg("language", doc='Language of the story: "nl" (default) or "en".')
@xw.ret()
@_safe
def ENG_STORY(assumptions, language="nl"):
    """The board story as rows of (section, text): problem, intervention, expected result, impact, uncertainty, break-even, intangibles, sources."""
    lang = _language(language or "nl")
    return _story.story(_case_assumptions(assumptions), lang, given=_given(assumptions))


# One figure per cell (for the template, where every formula returns one value): the same
# computations as the table functions above, remembered per set of assumptions so that a
# sheet of such cells runs each scenario set, tornado and simulation once per recalculation.

_MEMO: dict = {}
# Least recently used first out. One recalculation of the template touches about ten
# entries (scenarios, three scenario cases, tornado, simulation, story per language);
# a 1,000,000-draw simulation holds 16 MB.
_MEMO_SIZE = 16


def _memo(kind, a, extra, make):
    """Many one-cell functions read the same table: compute it once per set of inputs."""
    key = (kind, tuple(sorted(a.items())), extra)
    if key in _MEMO:
        _MEMO[key] = _MEMO.pop(key)  # now the most recently used
    else:
        if len(_MEMO) >= _MEMO_SIZE:
            _MEMO.pop(next(iter(_MEMO)))
        _MEMO[key] = make()
    return _MEMO[key]


SCENARIO_RESULTS = ("turnover_savings", "absence_savings", "productivity_savings", "total_benefits",
                    "total_costs", "net_benefit", "npv", "roi", "bcr", "payback_months")
TORNADO_FIELDS = ("key", "label", "low", "most_likely", "high", "npv_at_low", "npv_at_high",
                  "change_at_low", "change_at_high", "swing")
SIMULATION_STATISTICS = ("npv_p5", "npv_p50", "npv_p95", "npv_mean", "roi_p5", "roi_p50", "roi_p95",
                         "roi_mean", "prob_npv_positive")
HISTOGRAM_FIELDS = ("npv_from", "npv_to", "draws", "share")


def _choice(name, value, options):
    text = str(value if value is not None else "").strip().lower().replace(" ", "_")
    if text not in options:
        raise InputError(name, f"{name} = {_validate.fmt(value)} is not known: enter one of {', '.join(options)}.")
    return text


def _position(name, value, count):
    n = _validate.number(name, value, allowed=(1, 10_000), integer=True)
    return int(n) if n <= count else None


def _each(cell, *selectors):
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
        raise InputError("ranges", "the ranges have different sizes: give a column and a row, ranges of the same size, or single cells.") from None
    rows, cols = grids[0].shape
    return [[cell(*(g[i, j] for g in grids)) for j in range(cols)] for i in range(rows)]


def _table_cells(rows, fields, place_name, place, field):
    """Cells of a table whose first row is its header: a place (1 = the first row below the
    header; empty beyond the last) by a field, each a single value or a range."""
    def cell(place, field):
        name = _choice("field", field, fields)
        at = _position(place_name, place, len(rows) - 1)
        return None if at is None else rows[at][fields.index(name)]

    return _each(cell, (place_name, place), ("field", field))


@xw.func(category=CATEGORY)
@xw.arg("assumptions", ndim=2, doc=_DOC["assumptions"])
@xw.arg("scenario", ndim=2, doc='"conservative" (stress test, all unfavourable at once), "base" or "optimistic" (stress test, all favourable at once), or a row of them.')
@xw.arg("result", ndim=2, doc="Which figure (or a column of them): turnover_savings, absence_savings, productivity_savings, total_benefits, total_costs, net_benefit, npv, roi, bcr or payback_months.")
@xw.arg("language", doc=_DOC["payback_language"])
@xw.ret()
@_safe
def ENG_SCENARIO_RESULT(assumptions, scenario, result, language="en"):
    """One figure of one scenario (totals over the horizon; ROI as a fraction; payback in months), as in ENG_SCENARIOS; a row of scenarios by a column of figures gives the table."""
    lang = _language(language)
    a = _case_assumptions(assumptions)
    sets = _memo("scenarios", a, (), lambda: _uncertainty.scenarios(a))

    def cell(scenario, result):
        which = _choice("scenario", scenario, _uncertainty.SCENARIOS)
        name = _choice("result", result, SCENARIO_RESULTS)
        r = _memo("case", sets[which], (), lambda: _case.compute(sets[which]))
        return _case_total(r, name, lang)

    return _each(cell, ("scenario", scenario), ("result", result))


@xw.func(category=CATEGORY)
@xw.arg("assumptions", ndim=2, doc=_DOC["assumptions"])
@xw.arg("rank", ndim=2, doc="Place in the tornado (or a column of places): 1 is the assumption with the widest NPV swing.")
@xw.arg("field", ndim=2, doc="key, label, low, most_likely, high, npv_at_low, npv_at_high, change_at_low, change_at_high or swing (or a row of them).")
@xw.arg("language", doc=_DOC["language"])
@xw.ret()
@_safe
def ENG_SENSITIVITY_RESULT(assumptions, rank, field, language="en"):
    """One cell of the tornado table (ENG_SENSITIVITY): the assumption at this rank and one of its figures; empty beyond the last. A column of ranks by a row of fields gives the table."""
    lang = _language(language)
    a = _case_assumptions(assumptions)
    rows = _memo("tornado", a, lang, lambda: _tables.sensitivity_table(a, lang))
    return _table_cells(rows, TORNADO_FIELDS, "rank", rank, field)


def _simulation(assumptions, draws, seed, with_key=False):
    n, s = _draws_seed(draws, seed)
    a = _case_assumptions(assumptions)
    sim = _memo("simulation", a, (n, s), lambda: _uncertainty.simulate(a, draws=n, seed=s))
    return (sim, (a, (n, s))) if with_key else sim


@xw.func(category=CATEGORY)
@xw.arg("assumptions", ndim=2, doc=_DOC["assumptions"])
@xw.arg("statistic", doc="npv_p5, npv_p50, npv_p95, npv_mean, roi_p5, roi_p50, roi_p95, roi_mean or prob_npv_positive.")
@xw.arg("draws", doc=_DOC["draws"])
@xw.arg("seed", doc=_DOC["seed"])
@xw.ret()
@_safe
def ENG_SIMULATION_RESULT(assumptions, statistic, draws=10_000, seed=1):
    """One figure of the Monte Carlo (ENG_SIMULATE): a percentile or mean of NPV or ROI, or P(NPV > 0)."""
    name = _choice("statistic", statistic, SIMULATION_STATISTICS)
    sim = _simulation(assumptions, draws, seed)
    if name == "prob_npv_positive":
        return sim.prob_positive
    measure, stat = name.split("_")
    values = sim.npv if measure == "npv" else sim.roi
    if stat == "mean":
        return float(values.mean())
    return sim.percentiles((float(stat[1:]),))[measure][0]


@xw.func(category=CATEGORY)
@xw.arg("assumptions", ndim=2, doc=_DOC["assumptions"])
@xw.arg("bin", ndim=2, doc="Bar of the histogram (or a column of bars): 1 is the lowest NPV.")
@xw.arg("field", ndim=2, doc="npv_from, npv_to, draws or share (or a row of them).")
@xw.arg("draws", doc=_DOC["draws"])
@xw.arg("seed", doc=_DOC["seed"])
@xw.arg("bins", doc=_DOC["bins"])
@xw.ret()
@_safe
def ENG_NPV_HISTOGRAM_BIN(assumptions, bin, field, draws=10_000, seed=1, bins=20):
    """One cell of the NPV histogram (ENG_NPV_HISTOGRAM): a bar's bounds, draws or share; empty beyond the last bar. A column of bars by a row of fields gives the table."""
    b = int(_validate.number("bins", bins, allowed=(1, 200), integer=True))
    sim, (a, draws_seed) = _simulation(assumptions, draws, seed, with_key=True)
    table = _memo("histogram", a, draws_seed + (b,), lambda: _tables.histogram_table(sim, b))
    return _table_cells(table, HISTOGRAM_FIELDS, "bin", bin, field)


@xw.func(category=CATEGORY)
@xw.arg("assumptions", ndim=2, doc=_DOC["assumptions"])
@xw.arg("section", doc="Section of the story, by name or number: problem (1), intervention, expected_result, impact, uncertainty, break_even, not_in_the_money, sources (8).")
@xw.arg("language", doc='Language of the story: "nl" (default) or "en".')
@xw.ret()
@_safe
def ENG_STORY_SECTION(assumptions, section, language="nl"):
    """One section of the board story (ENG_STORY) as text."""
    lang = _language(language or "nl")
    a = _case_assumptions(assumptions)
    given = _given(assumptions)
    rows = _memo("story", a, (lang, given), lambda: _story.story(a, lang, given=given))
    name = str(section).strip().lower().replace(" ", "_").replace("-", "_") if isinstance(section, str) else ""
    if name in _story.SECTION_KEYS:
        return rows[_story.SECTION_KEYS.index(name)][1]
    if isinstance(section, str) and name and not name.replace(".", "").isdigit() \
            and section.strip().upper() not in _validate._EXCEL_ERRORS:
        raise InputError("section", f"section = {_validate.fmt(section)} is not a section of the story: enter one of {', '.join(_story.SECTION_KEYS)}, or 1 to {len(rows)}.")
    at = _validate.number("section", section, allowed=(1, len(rows)), integer=True)
    return rows[int(at) - 1][1]


def _xlwings_options(functions):
    """Options xlwings applies to every ENG_ argument and result.

    ``err_to_str``: without it xlwings hands an error cell (#DIV/0!, #N/A, ...) over as
    None: the message would call the cell empty, and ENG_ENPS would silently skip a broken
    answer. As text, validate names it ("refers to a cell showing #N/A").

    ``convert``: where xlwings' COM decorators are in force (Windows), the
    :mod:`._xlconvert` accessor: xlwings' own conversion, built once per argument instead
    of on every call; the same values (see its doc). xlwings Lite and xlwings Server keep
    the stock conversion: their async path changes and awaits the pipeline.

    Where xlwings records no metadata (Linux, Mac) there is nothing to set.
    """
    convert = None
    xlwings_udfs = sys.modules.get("xlwings.udfs")
    if xlwings_udfs is not None and getattr(xw, "func", None) is getattr(xlwings_udfs, "xlfunc", object()):
        from .xlconvert import EngValue as convert  # imports xlwings.conversion: only here
    for f in functions:
        info = getattr(f, "__xlfunc__", {})
        for arg in info.get("args", ()):
            arg["options"].setdefault("err_to_str", True)
            if convert is not None:
                arg["options"].setdefault("convert", convert)
        if convert is not None and "ret" in info:
            info["ret"]["options"].setdefault("convert", convert)


# --------------------------------------------------------------------------------------
# Uncertainty ranges: the low and high end the decision functions use


@xw.func(category=CATEGORY)
@xw.arg("assumptions", ndim=2, doc=_DOC["assumptions"])
@xw.arg("key", doc="The uncertain assumption, e.g. turnover_after (see ENG_ASSUMPTIONS).")
@xw.arg("end", doc='"low" or "high".')
@xw.ret()
@_safe
def ENG_RANGE(assumptions, key, end):
    """The low or high end of an assumption's range as the scenarios, tornado and Monte Carlo use it: a typed end as typed, a blank one by the default rule (docs/uncertainty-ranges.md).

    With the two-column block (key, value) it gives the default rule's end: the template's
    low/high cells hold this formula until a range is typed over it.
    """
    name = str(key or "").strip().lower().replace(" ", "_")
    entry = _register.BY_KEY.get(name)
    if entry is None:
        raise InputError("key", f"key = {_validate.fmt(key)} is not a known assumption: enter one of the keys of ENG_ASSUMPTIONS(), e.g. turnover_after.")
    if not entry.uncertain:
        raise InputError("key", f"key = {name} is a decision or a fact, not an estimate: it has no range.")
    which = _choice("end", end, ("low", "high"))
    low, _, high = _uncertainty.range_of(name, _case_assumptions(assumptions))
    return low if which == "low" else high


#: What ``xlengine.udfs`` exports: every ENG_ function and the names of their selectable figures.
__all__ = sorted(n for n in globals() if n.startswith("ENG_")) + [
    "CATEGORY", "CASE_RESULTS_YEARLY", "CASE_RESULTS_TOTAL", "SCENARIO_RESULTS", "TORNADO_FIELDS",
    "SIMULATION_STATISTICS", "HISTOGRAM_FIELDS"]

_xlwings_options([globals()[n] for n in __all__ if n.startswith("ENG_")])
