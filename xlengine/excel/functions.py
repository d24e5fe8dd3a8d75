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

from . import cache as _cache
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
from ..engine.errors import EXCEL_ERRORS, InputError
from ..decision import evidence as _hr_evidence  # numpy only: the HR section at the end
from ..decision import survey as _hr_survey

CATEGORY = "Engagement business case"

# Argument documentation shared by several functions (shown in Excel's function wizard).
_DOC = {
    "headcount": "Average headcount in FTE (a cell or a column of teams).",
    "turnover_before": "Annual turnover rate before the programme, e.g. 12%.",
    "turnover_after": "Annual turnover rate after the programme, e.g. 8%.",
    "annual_employer_cost": "Average employer cost per FTE per year (salary plus on-costs), EUR.",
    "cost_per_leaver": "Full cost of replacing one leaver, EUR (see ENG_COST_PER_LEAVER).",
    "cost_per_sick_day": "Employer cost of one sick day, EUR (see ENG_SICK_DAY_COST).",
    "assumptions": ("Two-column range of assumption key and value, or four columns: key, value, low, high (a blank "
                    "low/high takes the default range rule); see ENG_ASSUMPTIONS for the keys."),
    "language": 'Language of the labels: "en" (default) or "nl".',
    "example": ("1 when the assumptions are still the embedded example's figures (the story then says so); "
                "0 or left out: the figures in the range are the organisation's own."),
    "payback_language": 'Language of the no-payback sentence: "en" (default) or "nl".',
}

def _omitted(key):
    """The value an omitted optional argument takes: register entry ``key``'s default."""
    return float(_register.BY_KEY[key].default)


def _optional_doc(key, text):
    """Function-wizard text for an optional register argument, naming the default it takes."""
    a = _register.BY_KEY[key]
    shown = f"{_validate.fmt(a.default * 100)}%" if a.is_fraction else f"{_validate.fmt(float(a.default))} {a.unit}".rstrip()
    return f"{text} Left out: {shown}, the register's default."


_DOC["working_days"] = _optional_doc("working_days", "Working days per FTE per year.")


# The checks of every argument (validate holds them: the register's and the few that are
# not register entries), bound once, not on every call.
_CHECKS = _validate.CHECKS
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
    """Return any failure as a value (an InputError), never a traceback.

    What the cell shows for it is decided at the edge: :mod:`.failures` for Excel,
    the headless engine's adapter, the template build. ``ENG_WHY`` gives its sentence.
    """

    @functools.wraps(f)
    def wrapper(*args):
        try:
            return f(*args)
        except InputError as e:
            # the edge converts by exact type (xlwings' converter registry): a subclass
            # such as NoBreakEven goes out as the plain failure it is
            return e if type(e) is InputError else InputError(e.argument, str(e), problem=e.problem, fix=e.fix)
        except Exception as e:  # noqa: BLE001 - a cell must never show a traceback
            return InputError(f.__name__, f"{f.__name__} could not compute ({type(e).__name__}: {e}): "
                                          "check the arguments or report this to the workbook's owner.")

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
    # one cell arrives as a scalar (the headless engine hands a one-cell range over that way)
    for i, row in enumerate(_validate.grid("scores", scores) if scores is not None else [], start=1):
        for v in row:
            if v is None or (isinstance(v, str) and v.strip() == ""):
                continue
            x = _validate.number(f"scores (row {i})", v, **_CHECKS["scores"])
            if not float(x).is_integer():
                raise InputError("scores", f"scores (row {i}) = {_validate.fmt(x)} is not a whole answer on the 0-10 scale: enter 0, 1, ... 10.")
            answers.append(x)
    if len(answers) < _register.PRIVACY_MINIMUM:
        raise InputError("scores", f"scores holds {len(answers)} answer(s): eNPS needs at least {_register.PRIVACY_MINIMUM}, "
                                   "so that no one can be identified (privacy).", privacy=True)
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
@xw.arg("vacancy_days", ndim=2, doc=_optional_doc("vacancy_days", "Working days the post stays vacant with its work not covered."))
@xw.arg("ramp_up_months", ndim=2, doc=_optional_doc("ramp_up_months", "Months until the new hire is fully productive."))
@xw.arg("ramp_up_shortfall", ndim=2, doc=_optional_doc("ramp_up_shortfall", "Average productivity shortfall during ramp-up."))
@xw.arg("working_days", ndim=2, doc=_DOC["working_days"])
@xw.ret()
@_safe
def ENG_COST_PER_LEAVER(annual_employer_cost, recruitment_cost, onboarding_cost,
                        vacancy_days=_omitted("vacancy_days"), ramp_up_months=_omitted("ramp_up_months"),
                        ramp_up_shortfall=_omitted("ramp_up_shortfall"), working_days=_omitted("working_days")):
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
@xw.arg("continued_pay", ndim=2, doc=_optional_doc("continued_pay", "Share of the daily employer cost paid when sick. Dutch law (BW 7:629): at least 70% of the wage, not of the employer cost, up to 104 weeks; at least the minimum wage in weeks 1-52; capped at the maximum daily wage."))
@xw.arg("cover_share", ndim=2, doc=_optional_doc("cover_share", "Extra cost of cover per sick day as a share of the daily cost."))
@xw.arg("working_days", ndim=2, doc=_DOC["working_days"])
@xw.ret()
@_safe
def ENG_SICK_DAY_COST(annual_employer_cost, continued_pay=_omitted("continued_pay"), cover_share=_omitted("cover_share"),
                      working_days=_omitted("working_days")):
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
def ENG_ABSENCE_SAVINGS(headcount, absence_before, absence_after, cost_per_sick_day, working_days=_omitted("working_days")):
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
        raise InputError("annual_benefit", f"No payback, annual_benefit ({_validate.fmt(benefit)}) does not exceed annual_cost "
                                           f"({_validate.fmt(cost)}) so the one-off cost is never earned back: "
                                           "check both figures (no payback may be the honest answer).")
    return months


# --------------------------------------------------------------------------------------
# Benchmarks


@xw.func(category=CATEGORY)
@xw.arg("outcome", doc='Gallup outcome: "absenteeism", "turnover_high", "turnover_low", "productivity", "sales", "profitability" or "customer_loyalty".')
@xw.arg("edition", doc=_optional_doc("gallup_edition", "Edition of the Gallup Q12 meta-analysis: 2024 or 2020."))
@xw.ret()
@_safe
def ENG_GALLUP(outcome, edition=_omitted("gallup_edition")):
    """Gallup Q12 meta-analysis: top- vs bottom-quartile difference as a signed fraction (a benchmark, not a programme effect)."""
    if not isinstance(outcome, str) or not outcome.strip():
        raise InputError("outcome", f"outcome is {_validate.fmt(outcome)}: enter one of {', '.join(_register.GALLUP)}.")
    year = _validate.number("edition", edition, **_CHECKS["edition"])
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
    are refused by name. The one-off cost falls at the start (column "Start (year 0)", not
    discounted). Conventions: docs/business-case.md.
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

    EUR, ROI as a fraction, payback in months (a sentence when there is no payback); year 0
    is the start (the one-off cost, not discounted); cumulative_net exists per year only.
    Conventions: docs/business-case.md.
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
    y = _validate.number("year", year, **_CHECKS["year"])
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


def _checked_assumptions(rows):
    # A template holds hundreds of cells that read the same Assumptions range: check it
    # once per distinct content, not once per cell. Bad input raises, and failures are
    # not kept, so every such cell still shows its own.
    return _cache.CHECKED_ASSUMPTIONS.get(
        rows, lambda: _validate.assumptions(_assumption_pairs([[v for _, v in row] for row in rows])))


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
    n = _validate.number("draws", draws, **_CHECKS["draws"])
    s = _validate.number("seed", seed, **_CHECKS["seed"])
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
    b = int(_validate.number("bins", bins, **_CHECKS["bins"]))
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
@xw.arg("example", doc=_DOC["example"])
@xw.ret()
@_safe
def ENG_STORY(assumptions, language="nl", example=None):
    """The board story as rows of (section, text): problem, intervention, expected result, impact, uncertainty, break-even, intangibles, sources."""
    lang = _language(language or "nl")
    return _story.story(_case_assumptions(assumptions), lang, given=_story_given(assumptions, example))


def _story_given(assumptions, example):
    """The keys the story tells as the organisation's own: those in the range, or none when
    ``example`` says the range still holds the embedded example's figures."""
    blank = example is None or (isinstance(example, str) and not example.strip())
    if not blank and _validate.number("example", example, **_validate.ARGUMENT_CHECKS["example"]) == 1:
        return frozenset()
    return _given(assumptions)


# One figure per cell (for the template, where every formula returns one value): the same
# computations as the table functions above, remembered per set of assumptions so that a
# sheet of such cells runs each scenario set, tornado and simulation once per recalculation.

def _memo(kind, a, extra, make):
    """Many one-cell functions read the same table: compute it once per set of inputs
    (kept in :data:`.cache.RESULTS`, bounded by memory)."""
    return _cache.RESULTS.get((kind, tuple(sorted(a.items())), extra), make)


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
    n = _validate.number(name, value, **_CHECKS["place"])
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
    b = int(_validate.number("bins", bins, **_CHECKS["bins"]))
    sim, (a, draws_seed) = _simulation(assumptions, draws, seed, with_key=True)
    table = _memo("histogram", a, draws_seed + (b,), lambda: _tables.histogram_table(sim, b))
    return _table_cells(table, HISTOGRAM_FIELDS, "bin", bin, field)


@xw.func(category=CATEGORY)
@xw.arg("assumptions", ndim=2, doc=_DOC["assumptions"])
@xw.arg("section", doc="Section of the story, by name or number: problem (1), intervention, expected_result, impact, uncertainty, break_even, not_in_the_money, sources (8).")
@xw.arg("language", doc='Language of the story: "nl" (default) or "en".')
@xw.arg("example", doc=_DOC["example"])
@xw.ret()
@_safe
def ENG_STORY_SECTION(assumptions, section, language="nl", example=None):
    """One section of the board story (ENG_STORY) as text."""
    lang = _language(language or "nl")
    a = _case_assumptions(assumptions)
    given = _story_given(assumptions, example)
    rows = _memo("story", a, (lang, given), lambda: _story.story(a, lang, given=given))
    name = str(section).strip().lower().replace(" ", "_").replace("-", "_") if isinstance(section, str) else ""
    if name in _story.SECTION_KEYS:
        return rows[_story.SECTION_KEYS.index(name)][1]
    if isinstance(section, str) and name and not name.replace(".", "").isdigit() \
            and section.strip().upper() not in EXCEL_ERRORS:
        raise InputError("section", f"section = {_validate.fmt(section)} is not a section of the story: enter one of {', '.join(_story.SECTION_KEYS)}, or 1 to {len(rows)}.")
    at = _validate.number("section", section, allowed=(1, len(rows)), integer=True)
    return rows[int(at) - 1][1]


# --------------------------------------------------------------------------------------
# HR data: eNPS with its margin of error, the change between waves, the organisation's own evidence

ENPS_CI_FIELDS = ("enps", "low", "high", "answers")  # and "wide" (1/0), by name only
ENPS_CHANGE_FIELDS = ("change", "low", "high", "distinguishable")
EVIDENCE_FIELDS = ("after", "after_low", "after_high", "slope", "low", "high", "odds_ratio", "teams", "sentence")


def _survey_answers(scores, name):
    """0-10 answers from a range as floats (blanks skipped); the checks are survey.counts'."""
    import numpy as np

    values = []
    for i, row in enumerate(scores if isinstance(scores, (list, tuple)) else [[scores]], start=1):
        for v in row if isinstance(row, (list, tuple)) else [row]:
            if v is None or (isinstance(v, str) and v.strip() == ""):
                continue
            values.append(_validate.number(f"{name} (row {i})", v, allowed=(0, 10)))
    return np.asarray(values, dtype=float)


def _confidence(confidence):
    return _validate.number("confidence_level", confidence, allowed=(0.5, 0.9999))


def _pick(values, fields, field, also=()):
    """The whole row, or one named field of it (one value per cell, as the template uses);
    ``also`` names fields the caller handles itself (for the message)."""
    if field is None or (isinstance(field, str) and not field.strip()):
        return [list(values)]
    if isinstance(field, str) and field.strip().upper() in _validate._EXCEL_ERRORS:
        _validate.number("field", field)  # names the error cell
    name = str(field).strip().lower()
    if name not in fields:
        raise InputError("field", f"field = {_validate.fmt(field)} is not known: enter one of {', '.join(fields + tuple(also))}, or leave it empty for all.")
    return values[fields.index(name)]


@xw.func(category=CATEGORY)
@xw.arg("scores", ndim=2, doc="Range of 0-10 answers; blank cells are ignored.")
@xw.arg("confidence_level", doc="Confidence level of the interval (default 95%).")
@xw.arg("field", doc="One of enps, low, high, answers, wide (1 when the interval is over 30 points); empty for the row enps, low, high, answers.")
@xw.arg("teams", ndim=2, doc="Optional: the team of each answer, a range the size of scores.")
@xw.arg("team", doc="Optional: the team whose answers count (with teams).")
@xw.ret()
@_safe
def ENG_ENPS_CI(scores, confidence_level=0.95, field=None, teams=None, team=None):
    """The eNPS with its margin of error: eNPS, low, high, answers (one row), or one field.

    Var(eNPS/100) = (p_P + p_D - (p_P - p_D)^2) / n: promoters and detractors are shares of
    one multinomial sample (Agresti, Categorical Data Analysis, 3rd ed., 2013, 1.2.2);
    interval eNPS +- z x 100 x sqrt(Var). Under 5 answers nothing is shown (privacy).
    With ``teams`` and ``team``, only that team's answers count.
    """
    if teams is not None:
        if team is None or (isinstance(team, str) and not team.strip()):
            raise InputError("team", "team is empty: give the team's name (column A of the Teams table), or leave teams "
                                     "empty to count every answer.")
        scores = _team_answers(scores, teams, team)
    r = _hr_survey.enps_interval(_survey_answers(scores, "scores"), _confidence(confidence_level))
    if isinstance(field, str) and field.strip().lower() == "wide":
        return float(r.wide)
    return _pick((r.enps, r.low, r.high, float(r.answers)), ENPS_CI_FIELDS, field, also=("wide",))


def _team_answers(scores, teams, team):
    """The cells of ``scores`` whose cell in ``teams`` names ``team`` (case and spaces ignored)."""
    rows = scores if isinstance(scores, (list, tuple)) else [[scores]]
    labels = teams if isinstance(teams, (list, tuple)) else [[teams]]
    flat = [v for row in rows for v in (row if isinstance(row, (list, tuple)) else [row])]
    names = [v for row in labels for v in (row if isinstance(row, (list, tuple)) else [row])]
    if len(flat) != len(names):
        raise InputError("teams", f"teams has {len(names)} cells and scores {len(flat)}: give the team of each answer, a range the size of scores.")
    want = _hr_team_name(team)
    return [[v] for v, t in zip(flat, names) if t is not None and _hr_team_name(t) == want]


def _hr_team_name(v):
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return " ".join(str(v).split()).lower()


@xw.func(category=CATEGORY)
@xw.arg("before", ndim=2, doc="Range of the earlier wave's 0-10 answers.")
@xw.arg("after", ndim=2, doc="Range of the later wave's 0-10 answers.")
@xw.arg("confidence_level", doc="Confidence level of the interval (default 95%).")
@xw.arg("field", doc="One of change, low, high, distinguishable; empty for the row of all four.")
@xw.ret()
@_safe
def ENG_ENPS_CHANGE(before, after, confidence_level=0.95, field=None):
    """The eNPS change between two waves: change, low, high and whether it is more than noise (1 yes, 0 no).

    The waves are independent samples: Var(change) = Var(before) + Var(after).
    """
    c = _hr_survey.enps_change(_survey_answers(before, "before"), _survey_answers(after, "after"), _confidence(confidence_level))
    return _pick((c.change, c.low, c.high, float(c.distinguishable)), ENPS_CHANGE_FIELDS, field)


@xw.func(category=CATEGORY)
@xw.arg("teams", ndim=2, doc="The Teams table with its header: team, headcount, turnover_before, absence_before, enps_before.")
@xw.arg("assumptions", ndim=2, doc=_DOC["assumptions"])
@xw.arg("outcome", doc='"turnover" (default) or "absence".')
@xw.arg("field", doc="after (default), after_low, after_high, slope, low, high, odds_ratio, teams or sentence.")
@xw.arg("confidence_level", doc="Confidence level (default 95%).")
@xw.ret()
@_safe
def ENG_EVIDENCE(teams, assumptions, outcome="turnover", field="after", confidence_level=0.95):
    """The organisation's own evidence: how turnover or absence moves with eNPS across teams, and the "after" rate it implies.

    A binomial GLM across teams of the rate on team eNPS (weighted by headcount,
    quasi-binomial), applied to the planned eNPS change. An association across teams, not
    proof of cause; with too few teams or a slope whose interval spans zero the cell shows
    why instead of a figure.
    """
    names, cols = _teams.parse_table(teams)
    a = _case_assumptions(assumptions)
    out = str(outcome or "turnover").strip().lower()
    if out not in _hr_evidence.OUTCOMES:
        raise InputError("outcome", f"outcome = {_validate.fmt(outcome)} is not known: enter \"turnover\" or \"absence\".")
    key = _hr_evidence.OUTCOMES[out]
    for needed in ("enps_before", key):
        if needed not in cols:
            raise InputError("teams", f"teams has no {needed} column: the fit needs each team's {needed}.")
    ev = _hr_evidence.evidence(cols["enps_before"], cols[key], cols["headcount"], out, float(a[key]),
                               float(a["enps_after"]) - float(a["enps_before"]), _confidence(confidence_level))
    name = str(field or "after").strip().lower()
    if name not in EVIDENCE_FIELDS:
        raise InputError("field", f"field = {_validate.fmt(field)} is not known: enter one of {', '.join(EVIDENCE_FIELDS)}.")
    if name == "sentence":
        return _hr_evidence.sentence([ev])
    if name == "teams":
        return float(ev.teams)
    value = ev.odds_ratio if name == "odds_ratio" else getattr(ev, name)
    if value is None or (name not in ("slope", "low", "high", "odds_ratio") and not ev.figure):
        return ev.reason
    return float(value)


def _xlwings_options(functions):
    """Options xlwings applies to every ENG_ argument and result.

    ``err_to_str``: without it xlwings hands an error cell (#DIV/0!, #N/A, ...) over as
    None: the message would call the cell empty, and ENG_ENPS would silently skip a broken
    answer. As text, validate names it ("refers to a cell showing #N/A").

    ``convert``: where xlwings' COM decorators are in force (Windows), the
    :mod:`._xlconvert` accessor: xlwings' own conversion, built once per argument instead
    of on every call; the same values (see its doc). xlwings Lite and xlwings Server keep
    the stock conversion: their async path changes and awaits the pipeline.

    A failed call's InputError reaches Excel through the converter :mod:`.failures`
    registers with xlwings (an error value where the path has one).

    Where xlwings records no metadata (Linux, Mac) there is nothing to set.
    """
    if xw is not _inert_xlwings:
        from . import failures

        failures.register()
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


# --------------------------------------------------------------------------------------
# Why a cell fails: the sentence behind an Excel error value


def _why_target(function):
    # (the Excel argument is function_name: Function is a reserved word in VBA)
    name = str(function if function is not None else "").strip().upper().replace(" ", "_")
    if name and not name.startswith("ENG_"):
        name = f"ENG_{name}"
    target = globals().get(name)
    if name == "ENG_WHY" or not name.startswith("ENG_") or not callable(target):
        known = sorted(n for n, v in globals().items() if n.startswith("ENG_") and callable(v) and n != "ENG_WHY")
        raise InputError("function_name", f"function_name = {_validate.fmt(function)} is not an ENG_ function: "
                                     f"enter the name from the failing cell, e.g. {known[0]} (one of {len(known)}).")
    return name, target


@xw.func(category=CATEGORY)
@xw.arg("function_name", doc='The ENG_ function of the failing cell, e.g. "ENG_ROI" (the ENG_ may be left out).')
@xw.arg("arguments", ndim=2, doc="The same arguments as in the failing cell, in the same order (cells, ranges or values).")
@xw.ret()
@_safe
def ENG_WHY(function_name, *arguments):
    """Why an ENG_ call fails: its sentence (the argument, the value, the fix), or empty text when it computes.

    A failed ENG_ call shows an Excel error (#VALUE!) so that SUM and arithmetic cannot
    take it for a number; give ENG_WHY the same function and arguments to read why, e.g.
    =ENG_WHY("ENG_ROI", B5, B6) next to =ENG_ROI(B5, B6).
    """
    import inspect

    name, target = _why_target(function_name)
    parameters = list(inspect.signature(target).parameters.values())
    required = sum(1 for p in parameters if p.default is inspect.Parameter.empty)
    if not required <= len(arguments) <= len(parameters):
        took = f"{required} to {len(parameters)}" if required != len(parameters) else f"{required}"
        raise InputError("arguments", f"{name} takes {took} argument{'s' if len(parameters) != 1 else ''} and ENG_WHY got "
                                      f"{len(arguments)}: give the same arguments as in the failing cell.")
    # One cell arrives as a 1x1 range (ndim=2): hand it on as the single value Excel would give.
    values = [a[0][0] if isinstance(a, list) and len(a) == 1 and isinstance(a[0], list) and len(a[0]) == 1 else a
              for a in arguments]
    result = target(*values)
    return str(result) if isinstance(result, InputError) else ""


#: What ``xlengine.udfs`` exports: every ENG_ function and the names of their selectable figures.
__all__ = sorted(n for n in globals() if n.startswith("ENG_")) + [
    "CATEGORY", "CASE_RESULTS_YEARLY", "CASE_RESULTS_TOTAL", "SCENARIO_RESULTS", "TORNADO_FIELDS",
    "SIMULATION_STATISTICS", "HISTOGRAM_FIELDS", "ENPS_CI_FIELDS", "ENPS_CHANGE_FIELDS", "EVIDENCE_FIELDS"]

_xlwings_options([globals()[n] for n in __all__ if n.startswith("ENG_")])
