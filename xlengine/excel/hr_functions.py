"""HR data: the eNPS of a survey, its margin of error, the change between waves, and the
organisation's own evidence of how turnover or absence moves with eNPS."""

from typing import Literal, get_args

from ..decision import evidence as _hr_evidence  # numpy only
from ..decision import survey as _hr_survey
from ..decision import teams as _teams
from ..engine import model as _model
from ..engine import register as _register
from ..engine import validate as _validate
from ..engine.errors import InputError
from . import arguments as A
from .declare import DOC, arg, func, ret, safe

__all__ = [
    "ENG_ENPS",
    "ENG_ENPS_CI",
    "ENG_ENPS_CHANGE",
    "ENG_EVIDENCE",
    "ENPS_CI_FIELDS",
    "ENPS_CHANGE_FIELDS",
    "EVIDENCE_FIELDS",
]

ENPS_CI_FIELDS = ("enps", "low", "high", "answers")  # and "wide" (1/0), by name only
ENPS_CHANGE_FIELDS = ("change", "low", "high", "distinguishable")
EvidenceField = Literal["after", "after_low", "after_high", "slope", "low", "high", "odds_ratio", "teams", "sentence"]
EVIDENCE_FIELDS = get_args(EvidenceField)


@func()
@arg("scores", DOC["scores"], ndim=2)
@ret()
@safe
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
            x = _validate.number(f"scores (row {i})", v, **A.CHECKS["scores"])
            if not float(x).is_integer():
                raise InputError(
                    "scores",
                    f"scores (row {i}) = {_validate.fmt(x)} is not a whole answer on the 0-10 scale: enter 0, 1, ... 10.",
                )
            answers.append(x)
    if len(answers) < _register.PRIVACY_MINIMUM:
        raise InputError(
            "scores",
            f"scores holds {len(answers)} answer(s): eNPS needs at least {_register.PRIVACY_MINIMUM}, "
            "so that no one can be identified (privacy).",
            privacy=True,
        )
    return _model.enps(answers)


@func()
@arg("scores", DOC["scores"], ndim=2)
@arg("confidence_level", DOC["confidence_level"])
@arg(
    "field",
    "One of enps, low, high, answers, wide (1 when the interval is over 30 points); empty for the row enps, low, high, answers.",
)
@arg("teams", "Optional: the team of each answer, a range the size of scores.", ndim=2)
@arg("team", "Optional: the team whose answers count (with teams).")
@ret()
@safe
def ENG_ENPS_CI(scores, confidence_level=0.95, field=None, teams=None, team=None):
    """The eNPS with its margin of error: eNPS, low, high, answers (one row), or one field.

    Var(eNPS/100) = (p_P + p_D - (p_P - p_D)^2) / n: promoters and detractors are shares of
    one multinomial sample (Agresti, Categorical Data Analysis, 3rd ed., 2013, 1.2.2);
    interval eNPS +- z x 100 x sqrt(Var). Under 5 answers nothing is shown (privacy).
    With ``teams`` and ``team``, only that team's answers count; a team under 5 answers is
    a result, not a failure: its eNPS cell says "fewer than 5 answers", low, high and
    wide stay blank, answers gives the count.
    """
    if teams is not None:
        if team is None or (isinstance(team, str) and not team.strip()):
            raise InputError(
                "team",
                "team is empty: give the team's name (column A of the Teams table), or leave teams empty to count every answer.",
            )
        scores = A.team_answers(scores, teams, team)
    answers, confidence = A.survey_answers(scores, "scores"), A.confidence(confidence_level)
    if teams is not None and answers.size < _register.PRIVACY_MINIMUM:
        if isinstance(field, str) and field.strip().lower() == "wide":
            return None
        return A.pick((_hr_survey.too_few_answers(), None, None, float(answers.size)), ENPS_CI_FIELDS, field, also=("wide",))
    r = _hr_survey.enps_interval(answers, confidence)
    if isinstance(field, str) and field.strip().lower() == "wide":
        return float(r.wide)
    return A.pick((r.enps, r.low, r.high, float(r.answers)), ENPS_CI_FIELDS, field, also=("wide",))


@func()
@arg("before", "Range of the earlier wave's 0-10 answers.", ndim=2)
@arg("after", "Range of the later wave's 0-10 answers.", ndim=2)
@arg("confidence_level", DOC["confidence_level"])
@arg("field", "One of change, low, high, distinguishable; empty for the row of all four.")
@ret()
@safe
def ENG_ENPS_CHANGE(before, after, confidence_level=0.95, field=None):
    """The eNPS change between two waves: change, low, high and whether it is more than noise (1 yes, 0 no).

    The waves are independent samples: Var(change) = Var(before) + Var(after).
    """
    c = _hr_survey.enps_change(
        A.survey_answers(before, "before"), A.survey_answers(after, "after"), A.confidence(confidence_level)
    )
    return A.pick((c.change, c.low, c.high, float(c.distinguishable)), ENPS_CHANGE_FIELDS, field)


@func(heavy=True)
@arg("teams", "The Teams table with its header: team, headcount, turnover_before, absence_before, enps_before.", ndim=2)
@arg("assumptions", DOC["assumptions"], ndim=2)
@arg("outcome", '"turnover" (default) or "absence".')
@arg("field", "after (default), after_low, after_high, slope, low, high, odds_ratio, teams or sentence.")
@arg("confidence_level", "Confidence level (default 95%).")
@ret()
@safe
def ENG_EVIDENCE(
    teams,
    assumptions,
    outcome: Literal["turnover", "absence"] = "turnover",
    field: EvidenceField = "after",
    confidence_level=0.95,
):
    """The organisation's own evidence: how turnover or absence moves with eNPS across teams, and the "after" rate it implies.

    A binomial GLM across teams of the rate on team eNPS (weighted by headcount,
    quasi-binomial), applied to the planned eNPS change. An association across teams, not
    proof of cause; with too few teams or a slope whose interval spans zero the cell shows
    why instead of a figure.
    """
    names, cols = _teams.parse_table(teams)
    a = A.case_assumptions(assumptions)
    out = str(outcome or "turnover").strip().lower()
    if out not in _hr_evidence.OUTCOMES:
        raise InputError("outcome", f'outcome = {_validate.fmt(outcome)} is not known: enter "turnover" or "absence".')
    key = _hr_evidence.OUTCOMES[out]
    for needed in ("enps_before", key):
        if needed not in cols:
            raise InputError("teams", f"teams has no {needed} column: the fit needs each team's {needed}.")
    ev = _hr_evidence.evidence(
        cols["enps_before"],
        cols[key],
        cols["headcount"],
        out,
        float(a[key]),
        float(a["enps_after"]) - float(a["enps_before"]),
        A.confidence(confidence_level),
    )
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
