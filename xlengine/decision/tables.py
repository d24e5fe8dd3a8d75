"""The engine's results as tables a person reads: the business case by year, the scenarios,
the tornado, the Monte Carlo summary and histogram, the assumptions a case rests on.

What the ENG_ table functions return, what the CLI prints and the board report shows.
Labels come from :mod:`xlengine.i18n`; every figure from the engine and
:mod:`xlengine.decision.uncertainty`, unchanged.
"""

from __future__ import annotations

from typing import Any, Mapping

import numpy as np

from .. import i18n
from ..engine.case import LEVERS, CaseResult, compute
from ..engine.register import BY_KEY
from .uncertainty import SCENARIOS, Simulation, ranges, scenarios, sensitivity

__all__ = ["case_table", "assumption_rows", "scenario_table", "sensitivity_table", "simulation_table",
           "histogram_table"]


def case_table(result: CaseResult, language: str = "en") -> list[list[Any]]:
    """The case as a 2-D table: header row, yearly rows (the start, year 0, then years
    1..N) with a total, then summary rows.

    Summary values (NPV, ROI, BCR, payback) stand in the Total column; cumulative net
    has no total. A payback beyond the horizon is a sentence, not a number.
    """
    lab = i18n.CASE[i18n.pick(language)]
    n = result.horizon_years
    blank = [None] * (n + 1)

    def row(label, yearly, total=True):
        values = [float(v) for v in np.asarray(yearly, dtype=float)]
        return [label, *values, float(sum(values)) if total else None]

    rows = [[lab["line_item"], lab["start"], *[lab["year"].format(y) for y in range(1, n + 1)], lab["total"]]]
    rows += [row(lab[lever], result.benefits_by_lever[lever]) for lever in LEVERS]
    rows += [row(lab["benefits"], result.benefits), row(lab["costs"], result.costs),
             row(lab["net"], result.net), row(lab["cumulative"], result.cumulative, total=False)]
    payback = result.payback_months
    payback_cell = float(payback) if np.isfinite(payback) else i18n.no_payback(language, n)
    rows += [[lab["npv"], *blank, float(result.npv)], [lab["roi"], *blank, float(result.roi)],
             [lab["bcr"], *blank, float(result.bcr)], [lab["payback_months"], *blank, payback_cell]]
    return rows


def assumption_rows(values: Mapping[str, float], language: str = "en") -> list[tuple[str, str, float, str, str]]:
    """(key, label, value, unit, source) for every register entry: what a case rests on."""
    return [(k, a.label(language), values[k], a.unit, a.source) for k, a in BY_KEY.items()]


def scenario_table(a: Mapping[str, Any], language: str = "en") -> list[list[Any]]:
    """Scenarios side by side: per lever, benefits, cost, net (totals over the horizon),
    NPV, ROI, BCR, payback; then a row "Assumption" and the value of every uncertain
    assumption per scenario. The base column is :func:`compute` on ``a`` itself.
    """
    lang = "nl" if language == "nl" else "en"
    sets = scenarios(a)
    results = [compute(sets[n]) for n in SCENARIOS]
    lab, case_lab = i18n.SCENARIO[lang], i18n.CASE[lang]
    rows: list[list[Any]] = [[lab["measure"], *(lab[n] for n in SCENARIOS)]]
    for lever in LEVERS:
        rows.append([case_lab[lever], *(float(r.benefits_by_lever[lever].sum()) for r in results)])
    rows.append([case_lab["benefits"], *(float(r.total_benefits) for r in results)])
    rows.append([case_lab["costs"], *(float(r.total_costs) for r in results)])
    rows.append([case_lab["net"], *(float(r.total_net) for r in results)])
    for key in ("npv", "roi", "bcr"):
        rows.append([case_lab[key], *(float(getattr(r, key)) for r in results)])
    rows.append([case_lab["payback_months"], *(float(r.payback_months) if np.isfinite(r.payback_months)
                                              else i18n.no_payback(lang, r.horizon_years) for r in results)])
    rows.append([lab["assumption"], None, None, None])
    for key in ranges(a):
        rows.append([BY_KEY[key].label(lang), *(float(sets[n][key]) for n in SCENARIOS)])
    return rows


def sensitivity_table(a: Mapping[str, Any], language: str = "en") -> list[list[Any]]:
    """The tornado as a table: header, then per assumption (widest swing first) key,
    label, low, most likely, high, NPV at low, NPV at high, change from the base NPV at
    low and at high, swing."""
    base = float(compute(a).npv)
    rows: list[list[Any]] = [list(i18n.TORNADO_HEADER[i18n.pick(language)])]
    for r in sensitivity(a):
        rows.append([r["key"], BY_KEY[r["key"]].label(language), r["low"], r["value"], r["high"],
                     r["npv_low"], r["npv_high"], r["npv_low"] - base, r["npv_high"] - base, r["swing"]])
    return rows


def simulation_table(sim: Simulation) -> list[list[Any]]:
    """P5 / P50 / P95 / mean of NPV and ROI, P(NPV > 0), draws and seed."""
    p = sim.percentiles()
    return [["", "P5", "P50", "P95", "Mean"],
            ["NPV", *p["npv"], float(sim.npv.mean())],
            ["ROI", *p["roi"], float(sim.roi.mean())],
            ["P(NPV > 0)", sim.prob_positive, None, None, None],
            ["Draws", float(sim.draws), None, None, None],
            ["Seed", float(sim.seed), None, None, None]]


def histogram_table(sim: Simulation, bins: int = 20) -> list[list[Any]]:
    """The NPV distribution: header, then (from, to, draws, share) per bin."""
    return [["npv_from", "npv_to", "draws", "share"]] + [
        [lo, hi, float(c), c / sim.draws] for lo, hi, c in sim.histogram(bins)]
