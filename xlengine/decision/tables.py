"""The engine's results as tables a person reads: the business case by year, the scenarios,
the tornado, the Monte Carlo summary and histogram, the assumptions a case rests on.

What the ENG_ table functions return, what the CLI prints and the board report shows.
Labels come from :mod:`xlengine.i18n`; every figure from the engine and
:mod:`xlengine.decision.uncertainty`, unchanged.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Mapping

import numpy as np

from .. import i18n
from ..engine.case import LEVERS, CaseResult, compute
from ..engine.register import BY_KEY
from .uncertainty import SCENARIOS, Simulation, ranges, scenarios, sensitivity

__all__ = [
    "Row",
    "Table",
    "format_value",
    "money",
    "pct",
    "num",
    "case_rows",
    "case_table",
    "assumption_rows",
    "scenario_rows",
    "scenario_table",
    "sensitivity_rows",
    "sensitivity_table",
    "simulation_rows",
    "simulation_table",
    "histogram_table",
    "TEAM_COLUMN_UNITS",
]


# --- numbers as a reader reads them ---------------------------------------------------------


def _decimal(x: float, decimals: int, trim: bool = True) -> str:
    """``x`` rounded half up to ``decimals`` on its shortest decimal form (no float
    artefacts: 0.515 x 100 is 51.5, so it shows 51.5 or 52, never 51), with thousands
    separators; trailing zeros dropped with ``trim``.

    >>> _decimal(1234.5, 0), _decimal(0.125, 2), _decimal(8, 1), _decimal(8, 1, trim=False), _decimal(-0.01, 1, trim=False)
    ('1,235', '0.13', '8', '8.0', '0.0')
    """
    d = Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    text = f"{d:,f}"
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text[1:] if text.startswith("-") and not text.strip("-0.,") else text  # no "-0"


def _dutch(text: str) -> str:
    """1,234.5 -> 1.234,5."""
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def _localised(text: str, language: str) -> str:
    return _dutch(text) if i18n.pick(language) == "nl" else text


def money(x: float, language: str = "en", decimals: int = 0) -> str:
    """Euros as a reader expects them (half up): "EUR 1,234" in English, "€ 1.234" in Dutch.

    >>> money(344679.21), money(344679.21, "nl"), money(-1234.6, "nl"), money(0.5), money(272.727, decimals=2)
    ('EUR 344,679', '€ 344.679', '€ -1.235', 'EUR 1', 'EUR 272.73')
    """
    text = _localised(_decimal(x, decimals, trim=False), language)
    return ("€ " if i18n.pick(language) == "nl" else "EUR ") + text


def pct(x: float, language: str = "en", decimals: int = 1, trim: bool = True) -> str:
    """A fraction as a percentage, half up; trailing zeros dropped unless ``trim`` is False.

    >>> pct(0.12), pct(0.056, "nl"), pct(1.6778, decimals=0), pct(0.515), pct(0.5155, "nl"), pct(0.08, trim=False)
    ('12%', '5,6%', '168%', '51.5%', '51,6%', '8.0%')
    """
    return _localised(_decimal(float(Decimal(repr(float(x))) * 100), decimals, trim), language) + "%"


def num(x: float, language: str = "en", decimals: int = 1, trim: bool = True) -> str:
    """A plain number with ``decimals`` (half up, trailing zeros dropped) and thousands separators.

    >>> num(10000, "nl", 0), num(12.25), num(12.25, "nl"), num(2.5, decimals=2, trim=False)
    ('10.000', '12.3', '12,3', '2.50')
    """
    return _localised(_decimal(x, decimals, trim), language)


#: unit -> (English singular, English plural, Dutch singular, Dutch plural) of a duration.
_DURATIONS = {
    "days": ("day", "days", "dag", "dagen"),
    "months": ("month", "months", "maand", "maanden"),
    "years": ("year", "years", "jaar", "jaar"),
}


def format_value(value: Any, unit: str, language: str = "en", decimals: int | None = None) -> str:
    """One figure as the command line, the board report's text and the story show it, by its unit.

    Units are the register's (``EUR``, ``EUR/FTE/yr``, ``fraction``, ``days``, ``months``,
    ``years``, ``FTE``, ``eNPS points``, ...) and those of results: ``ratio`` (a BCR),
    ``count`` (draws, answers), ``text``, ``heading``. Euros whole (``EUR/day`` to the cent),
    fractions as percentages with one decimal, ratios with two, durations with their noun.
    Dutch: "€ 1.234.567", "8,0%", "12,9 maanden". Text passes through; no value is "".

    >>> format_value(337271.8, "EUR"), format_value(337271.8, "EUR", "nl"), format_value(0.0335, "fraction")
    ('EUR 337,272', '€ 337.272', '3.4%')
    >>> format_value(0.0335, "fraction", decimals=2), format_value(0.3, "fraction", "nl", decimals=2)
    ('3.35%', '30,0%')
    >>> format_value(2.6778, "ratio", "nl"), format_value(12.94, "months")
    ('2,68', '12.9 months')
    >>> format_value(1, "days"), format_value(30, "days", "nl"), format_value(3, "years", "nl"), format_value(20000, "count")
    ('1 day', '30 dagen', '3 jaar', '20,000')
    """
    if value is None or unit == "heading":
        return ""
    if isinstance(value, str):
        return value
    x = float(value)
    nl = i18n.pick(language) == "nl"
    if not math.isfinite(x):
        return "n.v.t." if nl else "n/a"
    if unit.startswith("EUR"):
        return money(x, language, 2 if unit == "EUR/day" else 0 if decimals is None else decimals)
    if unit == "fraction":  # one decimal; up to ``decimals`` where the value has them (3.35%, 4.1%)
        if decimals is None or decimals <= 1:
            return pct(x, language, 1 if decimals is None else decimals, trim=False)
        shown = pct(x, language, decimals)
        return shown if any(sep in shown for sep in ".,") else pct(x, language, 1, trim=False)
    if unit == "ratio":
        return num(x, language, 2 if decimals is None else decimals, trim=False)
    if unit in _DURATIONS:
        shown = num(x, language, 1 if decimals is None else decimals)
        words = _DURATIONS[unit][2:] if nl else _DURATIONS[unit][:2]
        return f"{shown} {words[0] if shown == '1' else words[1]}"
    if unit in ("count", "switch", "edition"):
        return num(x, language, 0) if unit == "count" else f"{x:g}"
    if unit == "eNPS points":
        return num(x, language, 1 if decimals is None else decimals)
    return num(x, language, 2 if decimals is None else decimals)


# --- tables whose rows carry their unit -------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One line of a display table: what it is (``key``: a lever, a result, a register key),
    its label in the table's language, the unit of its values, and the values.
    ``decimals``: the most decimals its figures show, where not the unit's own."""

    key: str
    label: str
    unit: str
    values: tuple[Any, ...]
    decimals: int | None = None


def _register_row(key: str, language: str, values: tuple[Any, ...]) -> Row:
    """A row of an assumption's values: its register unit, rates to two decimals where they have them."""
    entry = BY_KEY[key]
    return Row(key, entry.label(language), entry.unit, values, 2 if entry.unit == "fraction" else None)


@dataclass(frozen=True)
class Table:
    """Rows with units under a header. ``columns`` names the value columns (stable, not
    translated); ``column_units`` gives a column its own unit where it is not the row's
    (None: the row's). ``key_column``: the grid starts each row with the row's key."""

    header: tuple[str, ...]
    rows: tuple[Row, ...]
    columns: tuple[str, ...] = ()
    column_units: tuple[str | None, ...] = ()
    key_column: bool = False

    def unit(self, row: Row, column: int) -> str:
        """The unit of ``row``'s value number ``column``."""
        own = self.column_units[column] if column < len(self.column_units) else None
        return own or row.unit

    def row(self, key: str) -> Row:
        return next(r for r in self.rows if r.key == key)

    def index(self, key: str) -> int:
        """The position of the row ``key`` in :meth:`grid` (the header is 0)."""
        return 1 + next(i for i, r in enumerate(self.rows) if r.key == key)

    def grid(self) -> list[list[Any]]:
        """Header and rows as lists: what the ENG_ table functions return."""
        lead = (lambda r: [r.key, r.label]) if self.key_column else (lambda r: [r.label])
        return [list(self.header)] + [[*lead(r), *r.values] for r in self.rows]

    def formatted(self, language: str = "en") -> list[list[str]]:
        """:meth:`grid` with every value shown by :func:`format_value` in its unit."""
        lead = (lambda r: [r.key, r.label]) if self.key_column else (lambda r: [r.label])
        return [[str(h) for h in self.header]] + [
            [
                *lead(r),
                *(
                    format_value(v, self.unit(r, c), language, r.decimals if self.unit(r, c) == r.unit else None)
                    for c, v in enumerate(r.values)
                ),
            ]
            for r in self.rows
        ]


def _payback(months: float, language: str, horizon: int) -> Any:
    return float(months) if np.isfinite(months) else i18n.no_payback(language, horizon)


def case_rows(result: CaseResult, language: str = "en") -> Table:
    """The case: header, yearly rows (the start, year 0, then years 1..N) with a total,
    then summary rows.

    Summary values (NPV, ROI, BCR, payback) stand in the Total column; cumulative net
    has no total. A payback beyond the horizon is a sentence, not a number.
    """
    lab = i18n.CASE[i18n.pick(language)]
    n = result.horizon_years
    blank = (None,) * (n + 1)

    def yearly(key, series, total=True):
        values = [float(v) for v in np.asarray(series, dtype=float)]
        return Row(key, lab[key], "EUR", (*values, float(sum(values)) if total else None))

    rows = [yearly(lever, result.benefits_by_lever[lever]) for lever in LEVERS]
    rows += [
        yearly("benefits", result.benefits),
        yearly("costs", result.costs),
        yearly("net", result.net),
        yearly("cumulative", result.cumulative, total=False),
    ]
    rows += [
        Row("npv", lab["npv"], "EUR", (*blank, float(result.npv))),
        Row("roi", lab["roi"], "fraction", (*blank, float(result.roi))),
        Row("bcr", lab["bcr"], "ratio", (*blank, float(result.bcr))),
        Row("payback_months", lab["payback_months"], "months", (*blank, _payback(result.payback_months, language, n))),
    ]
    header = (lab["line_item"], lab["start"], *(lab["year"].format(y) for y in range(1, n + 1)), lab["total"])
    return Table(header, tuple(rows), ("start", *(f"year{y}" for y in range(1, n + 1)), "total"))


def case_table(result: CaseResult, language: str = "en") -> list[list[Any]]:
    """:func:`case_rows` as a 2-D table (ENG_BUSINESS_CASE, ``case --json``)."""
    return case_rows(result, language).grid()


def assumption_rows(values: Mapping[str, float], language: str = "en") -> list[tuple[str, str, float, str, str]]:
    """(key, label, value, unit, source) for every register entry: what a case rests on."""
    return [(k, a.label(language), values[k], a.unit, a.source) for k, a in BY_KEY.items()]


def scenario_rows(a: Mapping[str, Any], language: str = "en") -> Table:
    """Scenarios side by side: per lever, benefits, cost, net (totals over the horizon),
    NPV, ROI, BCR, payback; then a heading row "Assumption" and the value of every
    uncertain assumption per scenario, in its register unit. The base column is
    :func:`compute` on ``a`` itself.
    """
    lang = i18n.pick(language)
    sets = scenarios(a)
    results = [compute(sets[n]) for n in SCENARIOS]
    lab, case_lab = i18n.SCENARIO[lang], i18n.CASE[lang]

    def each(key, unit, value):
        return Row(key, case_lab[key], unit, tuple(value(r) for r in results))

    rows = [each(lever, "EUR", lambda r, lever=lever: float(r.benefits_by_lever[lever].sum())) for lever in LEVERS]
    rows += [
        each("benefits", "EUR", lambda r: float(r.total_benefits)),
        each("costs", "EUR", lambda r: float(r.total_costs)),
        each("net", "EUR", lambda r: float(r.total_net)),
        each("npv", "EUR", lambda r: float(r.npv)),
        each("roi", "fraction", lambda r: float(r.roi)),
        each("bcr", "ratio", lambda r: float(r.bcr)),
        each("payback_months", "months", lambda r: _payback(r.payback_months, lang, r.horizon_years)),
    ]
    rows.append(Row("assumption", lab["assumption"], "heading", (None,) * len(SCENARIOS)))
    rows += [_register_row(key, lang, tuple(float(sets[n][key]) for n in SCENARIOS)) for key in ranges(a)]
    return Table((lab["measure"], *(lab[n] for n in SCENARIOS)), tuple(rows), SCENARIOS)


def scenario_table(a: Mapping[str, Any], language: str = "en") -> list[list[Any]]:
    """:func:`scenario_rows` as a 2-D table (ENG_SCENARIOS)."""
    return scenario_rows(a, language).grid()


#: The tornado's value columns: the assumption's low, most likely and high (in its unit),
#: then NPVs and changes of NPV (EUR).
_TORNADO_COLUMNS = ("low", "most_likely", "high", "npv_at_low", "npv_at_high", "change_at_low", "change_at_high", "swing")


def sensitivity_rows(a: Mapping[str, Any], language: str = "en") -> Table:
    """The tornado: per assumption (widest swing first) key, label, low, most likely, high,
    NPV at low, NPV at high, change from the base NPV at low and at high, swing."""
    base = float(compute(a).npv)
    rows = tuple(
        _register_row(
            r["key"],
            language,
            (r["low"], r["value"], r["high"], r["npv_low"], r["npv_high"], r["npv_low"] - base, r["npv_high"] - base, r["swing"]),
        )
        for r in sensitivity(a)
    )
    return Table(
        tuple(i18n.TORNADO_HEADER[i18n.pick(language)]),
        rows,
        _TORNADO_COLUMNS,
        (None, None, None) + ("EUR",) * 5,
        key_column=True,
    )


def sensitivity_table(a: Mapping[str, Any], language: str = "en") -> list[list[Any]]:
    """:func:`sensitivity_rows` as a 2-D table (ENG_SENSITIVITY)."""
    return sensitivity_rows(a, language).grid()


def simulation_rows(sim: Simulation, language: str = "en") -> Table:
    """P5 / P50 / P95 / mean of NPV and ROI, P(NPV > 0), draws and seed."""
    lab = i18n.SIMULATION[i18n.pick(language)]
    p = sim.percentiles()
    rest = (None, None, None)
    rows = (
        Row("npv", lab["npv"], "EUR", (*p["npv"], float(sim.npv.mean()))),
        Row("roi", lab["roi"], "fraction", (*p["roi"], float(sim.roi.mean()))),
        Row("prob_positive", lab["prob_positive"], "fraction", (sim.prob_positive, *rest)),
        Row("draws", lab["draws"], "count", (float(sim.draws), *rest)),
        Row("seed", lab["seed"], "count", (float(sim.seed), *rest)),
    )
    return Table(("", "P5", "P50", "P95", lab["mean"]), rows, ("p5", "p50", "p95", "mean"))


def simulation_table(sim: Simulation, language: str = "en") -> list[list[Any]]:
    """:func:`simulation_rows` as a 2-D table (ENG_SIMULATION)."""
    return simulation_rows(sim, language).grid()


#: The unit of each column of :func:`xlengine.decision.teams.table` after the team's name
#: (headcount, eNPS before and after, the levers, total per year, total over the horizon, share).
TEAM_COLUMN_UNITS = ("FTE", "eNPS points", "eNPS points", *("EUR",) * len(LEVERS), "EUR", "EUR", "fraction")


def histogram_table(sim: Simulation, bins: int = 20) -> list[list[Any]]:
    """The NPV distribution: header, then (from, to, draws, share) per bin."""
    return [["npv_from", "npv_to", "draws", "share"]] + [[lo, hi, float(c), c / sim.draws] for lo, hi, c in sim.histogram(bins)]
