"""Decision support: teams, scenarios, sensitivity, Monte Carlo, break-even, the board story.

The table functions return a whole table; the one-figure functions (``..._RESULT``,
``..._BIN``, ``ENG_STORY_SECTION``) one cell of it, for the template where every formula
returns one value: the same computations, remembered per set of assumptions
(:func:`.arguments.memo`) so that a sheet of such cells runs each scenario set, tornado
and simulation once per recalculation.
"""

from typing import Literal, get_args

from ..decision import story as _story
from ..decision import tables as _tables
from ..decision import teams as _teams
from ..decision import uncertainty as _uncertainty
from ..engine import case as _case
from ..engine import validate as _validate
from ..engine.errors import EXCEL_ERRORS, InputError
from . import arguments as A
from .arguments import Language
from .declare import DOC, arg, func, ret, safe

__all__ = [
    "ENG_TEAMS",
    "ENG_SCENARIOS",
    "ENG_SENSITIVITY",
    "ENG_SIMULATE",
    "ENG_NPV_HISTOGRAM",
    "ENG_BREAKEVEN",
    "ENG_STORY",
    "ENG_STORY_SECTION",
    "ENG_SCENARIO_RESULT",
    "ENG_SENSITIVITY_RESULT",
    "ENG_SIMULATION_RESULT",
    "ENG_NPV_HISTOGRAM_BIN",
    "SCENARIO_RESULTS",
    "TORNADO_FIELDS",
    "SIMULATION_STATISTICS",
    "HISTOGRAM_FIELDS",
]

SCENARIO_RESULTS = (
    "turnover_savings",
    "absence_savings",
    "productivity_savings",
    "total_benefits",
    "total_costs",
    "net_benefit",
    "npv",
    "roi",
    "bcr",
    "payback_months",
)
TORNADO_FIELDS = (
    "key",
    "label",
    "low",
    "most_likely",
    "high",
    "npv_at_low",
    "npv_at_high",
    "change_at_low",
    "change_at_high",
    "swing",
)
SimulationStatistic = Literal[
    "npv_p5", "npv_p50", "npv_p95", "npv_mean", "roi_p5", "roi_p50", "roi_p95", "roi_mean", "prob_npv_positive"
]
SIMULATION_STATISTICS = get_args(SimulationStatistic)
HISTOGRAM_FIELDS = ("npv_from", "npv_to", "draws", "share")
Lever = Literal["turnover", "absence", "productivity", "gap_closed"]


# --------------------------------------------------------------------------------------
# Tables


@func(heavy=True)
@arg("teams", DOC["teams"], ndim=2)
@arg("assumptions", DOC["assumptions"], ndim=2)
@arg("language", DOC["language"])
@ret()
@safe
def ENG_TEAMS(teams, assumptions, language: Language = "en"):
    """Savings per team and lever (EUR/yr at full effect, after attribution and confidence) and over the horizon, biggest opportunity first, with a total row.

    Each team is the organisation's case with the team's own figures; blank cells take the
    organisation's assumptions. Teams under 5 people show no eNPS (privacy) but count in
    money. When the teams add up to the organisation the total row equals its case.
    """
    lang = A.language(language)
    org = A.case_assumptions(assumptions)
    return _teams.table(_teams.analyse(_teams.parse_table(teams), org), lang)


@func(heavy=True)
@arg("assumptions", DOC["assumptions"], ndim=2)
@arg("language", DOC["language"])
@ret()
@safe
def ENG_SCENARIOS(assumptions, language: Language = "en"):
    """Stress test (all unfavourable at once) / base / stress test (all favourable at once) side by side: savings per lever, benefits, cost, net, NPV, ROI, BCR, payback, then the assumption values used.

    The unfavourable column ("conservative") takes for every uncertain assumption the end
    of its range (low or high) that lowers the NPV, all at the same time; the favourable
    column ("optimistic") the other end. A stress test, far outside the Monte Carlo's
    P5..P95 (ENG_SIMULATE), not a likely outcome. Base is the case as given (equal to
    ENG_BUSINESS_CASE's Total column).
    """
    return _tables.scenario_table(A.case_assumptions(assumptions), A.language(language))


@func(heavy=True)
@arg("assumptions", DOC["assumptions"], ndim=2)
@arg("language", DOC["language"])
@ret()
@safe
def ENG_SENSITIVITY(assumptions, language: Language = "en"):
    """Tornado table: each uncertain assumption swung from low to high (the others at base), the NPV at each end and the change from the base NPV, widest swing first."""
    return _tables.sensitivity_table(A.case_assumptions(assumptions), A.language(language))


@func(heavy=True)
@arg("assumptions", DOC["assumptions"], ndim=2)
@arg("draws", DOC["draws"])
@arg("seed", DOC["seed"])
@ret()
@safe
def ENG_SIMULATE(assumptions, draws=10_000, seed=1):
    """Monte Carlo: P5 / P50 / P95 and mean of NPV and ROI, and the probability that NPV > 0.

    Every uncertain assumption is drawn from a Beta-PERT distribution (low, the value given
    as most likely, high: typed in a four-column block, or by the default rule around the
    value); the whole case is computed per draw.
    The same seed gives the same numbers.
    """
    n, s = A.draws_seed(draws, seed)
    sim = _uncertainty.simulate(A.case_assumptions(assumptions), draws=n, seed=s)
    return _tables.simulation_table(sim)


@func(heavy=True)
@arg("assumptions", DOC["assumptions"], ndim=2)
@arg("draws", DOC["draws"])
@arg("seed", DOC["seed"])
@arg("bins", DOC["bins"])
@ret()
@safe
def ENG_NPV_HISTOGRAM(assumptions, draws=10_000, seed=1, bins=20):
    """The Monte Carlo NPV distribution as a table (bin from, bin to, draws, share) for a chart; same draws as ENG_SIMULATE with the same seed."""
    n, s = A.draws_seed(draws, seed)
    b = int(_validate.number("bins", bins, **A.CHECKS["bins"]))
    sim = _uncertainty.simulate(A.case_assumptions(assumptions), draws=n, seed=s)
    return _tables.histogram_table(sim, b)


@func(heavy=True)
@arg("assumptions", DOC["assumptions"], ndim=2)
@arg("lever", DOC["lever"])
@ret()
@safe
def ENG_BREAKEVEN(assumptions, lever: Lever):
    """Improvement on one lever for NPV = 0, the other assumptions as given: turnover or absence in rate points (format as %), productivity as the gain, gap_closed as the share.

    A negative value means the other levers pay back on their own (this lever may even
    worsen by that much). A sentence explains when no improvement can pay back.
    """
    if not isinstance(lever, str) or not lever.strip():
        raise InputError("lever", f"lever is {_validate.fmt(lever)}: enter turnover, absence, productivity or gap_closed.")
    return _uncertainty.breakeven(A.case_assumptions(assumptions), lever).improvement


@func(heavy=True)
@arg("assumptions", DOC["assumptions"], ndim=2)
@arg("language", DOC["story_language"])
@arg("example", DOC["example"])
@ret()
@safe
def ENG_STORY(assumptions, language: Language = "nl", example=None):
    """The board story as rows of (section, text): problem, intervention, expected result, impact, uncertainty, break-even, intangibles, sources."""
    lang = A.language(language, default="nl")
    return _story.story(A.case_assumptions(assumptions), lang, given=A.story_given(assumptions, example))


# --------------------------------------------------------------------------------------
# One figure per cell


@func(heavy=True)
@arg("assumptions", DOC["assumptions"], ndim=2)
@arg(
    "section",
    "Section of the story, by name or number: problem (1), intervention, expected_result, impact, uncertainty, break_even, not_in_the_money, sources (8).",
)
@arg("language", DOC["story_language"])
@arg("example", DOC["example"])
@ret()
@safe
def ENG_STORY_SECTION(assumptions, section, language: Language = "nl", example=None):
    """One section of the board story (ENG_STORY) as text."""
    lang = A.language(language, default="nl")
    a = A.case_assumptions(assumptions)
    given = A.story_given(assumptions, example)
    rows = A.memo("story", a, (lang, given), lambda: _story.story(a, lang, given=given))
    name = str(section).strip().lower().replace(" ", "_").replace("-", "_") if isinstance(section, str) else ""
    if name in _story.SECTION_KEYS:
        return rows[_story.SECTION_KEYS.index(name)][1]
    if isinstance(section, str) and name and not name.replace(".", "").isdigit() and section.strip().upper() not in EXCEL_ERRORS:
        raise InputError(
            "section",
            f"section = {_validate.fmt(section)} is not a section of the story: enter one of {', '.join(_story.SECTION_KEYS)}, or 1 to {len(rows)}.",
        )
    at = _validate.number("section", section, allowed=(1, len(rows)), integer=True)
    return rows[int(at) - 1][1]


@func(heavy=True)
@arg("assumptions", DOC["assumptions"], ndim=2)
@arg(
    "scenario",
    '"conservative" (stress test, all unfavourable at once), "base" or "optimistic" (stress test, all favourable at once), or a row of them.',
    ndim=2,
)
@arg(
    "result",
    "Which figure (or a column of them): turnover_savings, absence_savings, productivity_savings, total_benefits, total_costs, net_benefit, npv, roi, bcr or payback_months.",
    ndim=2,
)
@arg("language", DOC["payback_language"])
@ret()
@safe
def ENG_SCENARIO_RESULT(assumptions, scenario, result, language: Language = "en"):
    """One figure of one scenario (totals over the horizon; ROI as a fraction; payback in months), as in ENG_SCENARIOS; a row of scenarios by a column of figures gives the table."""
    lang = A.language(language)
    a = A.case_assumptions(assumptions)
    sets = A.memo("scenarios", a, (), lambda: _uncertainty.scenarios(a))

    def cell(scenario, result):
        which = A.choice("scenario", scenario, _uncertainty.SCENARIOS)
        name = A.choice("result", result, SCENARIO_RESULTS)
        r = A.memo("case", sets[which], (), lambda: _case.compute(sets[which]))
        return A.case_total(r, name, lang)

    return A.each(cell, ("scenario", scenario), ("result", result))


@func(heavy=True)
@arg("assumptions", DOC["assumptions"], ndim=2)
@arg("rank", "Place in the tornado (or a column of places): 1 is the assumption with the widest NPV swing.", ndim=2)
@arg(
    "field",
    "key, label, low, most_likely, high, npv_at_low, npv_at_high, change_at_low, change_at_high or swing (or a row of them).",
    ndim=2,
)
@arg("language", DOC["language"])
@ret()
@safe
def ENG_SENSITIVITY_RESULT(assumptions, rank, field, language: Language = "en"):
    """One cell of the tornado table (ENG_SENSITIVITY): the assumption at this rank and one of its figures; empty beyond the last. A column of ranks by a row of fields gives the table."""
    lang = A.language(language)
    a = A.case_assumptions(assumptions)
    rows = A.memo("tornado", a, lang, lambda: _tables.sensitivity_table(a, lang))
    return A.table_cells(rows, TORNADO_FIELDS, "rank", rank, field)


def _simulation(assumptions, draws, seed):
    """The simulation (remembered) and what it was drawn with: (assumptions, (draws, seed))."""
    n, s = A.draws_seed(draws, seed)
    a = A.case_assumptions(assumptions)
    return A.memo("simulation", a, (n, s), lambda: _uncertainty.simulate(a, draws=n, seed=s)), (a, (n, s))


@func(heavy=True)
@arg("assumptions", DOC["assumptions"], ndim=2)
@arg("statistic", "npv_p5, npv_p50, npv_p95, npv_mean, roi_p5, roi_p50, roi_p95, roi_mean or prob_npv_positive.")
@arg("draws", DOC["draws"])
@arg("seed", DOC["seed"])
@ret()
@safe
def ENG_SIMULATION_RESULT(assumptions, statistic: SimulationStatistic, draws=10_000, seed=1):
    """One figure of the Monte Carlo (ENG_SIMULATE): a percentile or mean of NPV or ROI, or P(NPV > 0)."""
    name = A.choice("statistic", statistic, SIMULATION_STATISTICS)
    sim, _ = _simulation(assumptions, draws, seed)
    if name == "prob_npv_positive":
        return sim.prob_positive
    measure, stat = name.split("_")
    values = sim.npv if measure == "npv" else sim.roi
    if stat == "mean":
        return float(values.mean())
    return sim.percentiles((float(stat[1:]),))[measure][0]


@func(heavy=True)
@arg("assumptions", DOC["assumptions"], ndim=2)
@arg("bin", "Bar of the histogram (or a column of bars): 1 is the lowest NPV.", ndim=2)
@arg("field", "npv_from, npv_to, draws or share (or a row of them).", ndim=2)
@arg("draws", DOC["draws"])
@arg("seed", DOC["seed"])
@arg("bins", DOC["bins"])
@ret()
@safe
def ENG_NPV_HISTOGRAM_BIN(assumptions, bin, field, draws=10_000, seed=1, bins=20):
    """One cell of the NPV histogram (ENG_NPV_HISTOGRAM): a bar's bounds, draws or share; empty beyond the last bar. A column of bars by a row of fields gives the table."""
    b = int(_validate.number("bins", bins, **A.CHECKS["bins"]))
    sim, (a, draws_seed) = _simulation(assumptions, draws, seed)
    table = A.memo("histogram", a, draws_seed + (b,), lambda: _tables.histogram_table(sim, b))
    return A.table_cells(table, HISTOGRAM_FIELDS, "bin", bin, field)
