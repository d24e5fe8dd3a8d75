"""The building blocks: one lever's saving, a cost per leaver or sick day, ROI, BCR,
payback, the Gallup benchmark.

Each checks its arguments against the register, calls one formula of
:mod:`xlengine.engine.model` and hands the result back; over ranges, a range
(:func:`.arguments.elementwise`, the one body they share).
"""

from ..engine import model as _model
from ..engine import register as _register
from ..engine import validate as _validate
from ..engine.errors import InputError
from . import arguments as A
from .declare import DOC, arg, func, omitted, optional_doc, ret, safe

__all__ = [
    "ENG_LEAVERS_AVOIDED",
    "ENG_COST_PER_LEAVER",
    "ENG_TURNOVER_SAVINGS",
    "ENG_SICK_DAY_COST",
    "ENG_ABSENCE_SAVINGS",
    "ENG_PRODUCTIVITY_GAIN",
    "ENG_ROI",
    "ENG_BCR",
    "ENG_PAYBACK_MONTHS",
    "ENG_GALLUP",
]

# The building blocks' bodies are ``A.elementwise(formula, locals())``: at the first line of
# a function, ``locals()`` is its arguments by name in order, which are the register keys
# they are checked against.


# --------------------------------------------------------------------------------------
# Turnover


@func()
@arg("headcount", DOC["headcount"], ndim=2)
@arg("turnover_before", DOC["turnover_before"], ndim=2)
@arg("turnover_after", DOC["turnover_after"], ndim=2)
@ret()
@safe
def ENG_LEAVERS_AVOIDED(headcount, turnover_before, turnover_after):
    """Leavers avoided per year = headcount x (turnover before - turnover after)."""
    return A.elementwise(_model.leavers_avoided, locals())


@func()
@arg("annual_employer_cost", DOC["annual_employer_cost"], ndim=2)
@arg("recruitment_cost", "Recruitment cost per hire (advertising, agency, interviews), EUR.", ndim=2)
@arg("onboarding_cost", "Onboarding and training cost per hire, EUR.", ndim=2)
@arg("vacancy_days", optional_doc("vacancy_days", "Working days the post stays vacant with its work not covered."), ndim=2)
@arg("ramp_up_months", optional_doc("ramp_up_months", "Months until the new hire is fully productive."), ndim=2)
@arg("ramp_up_shortfall", optional_doc("ramp_up_shortfall", "Average productivity shortfall during ramp-up."), ndim=2)
@arg("working_days", DOC["working_days"], ndim=2)
@ret()
@safe
def ENG_COST_PER_LEAVER(
    annual_employer_cost,
    recruitment_cost,
    onboarding_cost,
    vacancy_days=omitted("vacancy_days"),
    ramp_up_months=omitted("ramp_up_months"),
    ramp_up_shortfall=omitted("ramp_up_shortfall"),
    working_days=omitted("working_days"),
):
    """Cost of replacing one leaver = recruitment + onboarding + vacancy_days x cost / working_days + ramp_up_months / 12 x cost x shortfall (EUR)."""
    return A.elementwise(_model.cost_per_leaver, locals())


@func()
@arg("headcount", DOC["headcount"], ndim=2)
@arg("turnover_before", DOC["turnover_before"], ndim=2)
@arg("turnover_after", DOC["turnover_after"], ndim=2)
@arg("cost_per_leaver", DOC["cost_per_leaver"], ndim=2)
@ret()
@safe
def ENG_TURNOVER_SAVINGS(headcount, turnover_before, turnover_after, cost_per_leaver):
    """Yearly saving from lower turnover = leavers avoided x cost per leaver (EUR/yr)."""
    return A.elementwise(_model.turnover_savings, locals())


# --------------------------------------------------------------------------------------
# Absence


@func()
@arg("annual_employer_cost", DOC["annual_employer_cost"], ndim=2)
@arg(
    "continued_pay",
    optional_doc(
        "continued_pay",
        "Share of the daily employer cost paid when sick. Dutch law (BW 7:629): at least 70% of the wage, not of the employer cost, up to 104 weeks; at least the minimum wage in weeks 1-52; capped at the maximum daily wage.",
    ),
    ndim=2,
)
@arg("cover_share", optional_doc("cover_share", "Extra cost of cover per sick day as a share of the daily cost."), ndim=2)
@arg("working_days", DOC["working_days"], ndim=2)
@ret()
@safe
def ENG_SICK_DAY_COST(
    annual_employer_cost,
    continued_pay=omitted("continued_pay"),
    cover_share=omitted("cover_share"),
    working_days=omitted("working_days"),
):
    """Employer cost of one sick day = cost / working_days x (continued pay + cover share) (EUR)."""
    return A.elementwise(_model.cost_per_sick_day, locals())


@func()
@arg("headcount", DOC["headcount"], ndim=2)
@arg("absence_before", "Absence rate before: share of working days lost (CBS definition), e.g. 5.6%.", ndim=2)
@arg("absence_after", "Absence rate after the programme, e.g. 4.1%.", ndim=2)
@arg("cost_per_sick_day", DOC["cost_per_sick_day"], ndim=2)
@arg("working_days", DOC["working_days"], ndim=2)
@ret()
@safe
def ENG_ABSENCE_SAVINGS(headcount, absence_before, absence_after, cost_per_sick_day, working_days=omitted("working_days")):
    """Yearly saving from lower absence = headcount x working_days x (before - after) x cost per sick day (EUR/yr)."""
    return A.elementwise(_model.absence_savings, locals())


# --------------------------------------------------------------------------------------
# Productivity


@func()
@arg("headcount", DOC["headcount"], ndim=2)
@arg("value_per_fte", "Value of one FTE's output per year, EUR (employer cost is the conservative basis).", ndim=2)
@arg("productivity_gain", "Productivity gain from the programme, e.g. 2%.", ndim=2)
@ret()
@safe
def ENG_PRODUCTIVITY_GAIN(headcount, value_per_fte, productivity_gain):
    """Yearly value of higher productivity = headcount x value per FTE x gain (EUR/yr)."""
    return A.elementwise(_model.productivity_gain_value, locals())


# --------------------------------------------------------------------------------------
# Investment measures (Phillips ROI Methodology)


@func()
@arg("benefits", DOC["benefits"], ndim=2)
@arg("costs", DOC["costs"], ndim=2)
@ret()
@safe
def ENG_ROI(benefits, costs):
    """Return on investment = (benefits - costs) / costs, as a fraction (format as %)."""
    return A.elementwise(_model.roi, locals())


@func()
@arg("benefits", DOC["benefits"], ndim=2)
@arg("costs", DOC["costs"], ndim=2)
@ret()
@safe
def ENG_BCR(benefits, costs):
    """Benefit-cost ratio = benefits / costs (the programme's costs, not the problem's)."""
    return A.elementwise(_model.bcr, locals())


@func()
@arg("one_off_cost", "One-off programme cost, EUR.")
@arg("annual_benefit", "Yearly benefit at full effect, EUR.")
@arg("annual_cost", "Yearly running cost of the programme, EUR.")
@ret()
@safe
def ENG_PAYBACK_MONTHS(one_off_cost, annual_benefit, annual_cost):
    """Months to earn back the one-off cost = 12 x one-off / (annual benefit - annual cost)."""
    one_off = A.numbers("one_off_cost", one_off_cost, scalar=True)
    benefit = A.numbers("annual_benefit", annual_benefit, scalar=True)
    cost = A.numbers("annual_cost", annual_cost, scalar=True)
    months = _model.payback_months(one_off, benefit, cost)
    if months == float("inf"):
        raise InputError(
            "annual_benefit",
            f"No payback, annual_benefit ({_validate.fmt(benefit)}) does not exceed annual_cost "
            f"({_validate.fmt(cost)}) so the one-off cost is never earned back: "
            "check both figures (no payback may be the honest answer).",
        )
    return months


# --------------------------------------------------------------------------------------
# Benchmarks


@func()
@arg(
    "outcome",
    'Gallup outcome: "absenteeism", "turnover_high", "turnover_low", "productivity", "sales", "profitability" or "customer_loyalty".',
)
@arg("edition", optional_doc("gallup_edition", "Edition of the Gallup Q12 meta-analysis: 2024 or 2020."))
@ret()
@safe
def ENG_GALLUP(outcome, edition=omitted("gallup_edition")):
    """Gallup Q12 meta-analysis: top- vs bottom-quartile difference as a signed fraction (a benchmark, not a programme effect)."""
    if not isinstance(outcome, str) or not outcome.strip():
        raise InputError("outcome", f"outcome is {_validate.fmt(outcome)}: enter one of {', '.join(_register.GALLUP)}.")
    year = _validate.number("edition", edition, **A.CHECKS["edition"])
    try:
        return _register.gallup_gap(outcome, int(year))
    except KeyError:
        raise InputError(
            "outcome", f"outcome {outcome!r} is not a Gallup outcome: enter one of {', '.join(_register.GALLUP)}."
        ) from None
    except LookupError:
        editions = " or ".join(str(e) for e in _register.GALLUP_EDITIONS)
        raise InputError("edition", f"edition = {int(year)} is not available: enter {editions}.") from None
