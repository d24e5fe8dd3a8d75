"""Headless use of a filled-in workbook: compute it, read its headlines, check its contract.

The workbook contract (sheets, defined names) is the template's; this module reads a
workbook through it. Nothing here computes a domain figure: the formula engine computes the
workbook's own formulas (with the ENG_ functions), and :mod:`xlengine.engine.case` computes the
yearly series from the workbook's Assumptions sheet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from .. import i18n
from ..engine import case as _case
from ..engine import register as _register
from ..engine import validate as _validate
from ..engine.errors import InputError
from ..extras import require_extra
from .evaluate import Evaluation, evaluate

# Sheet names come from the template's layout, the one place that defines them.
from .layout import ASSUMPTIONS_SHEET, CASE_SHEET

require_extra("workbook")  # the libraries this module uses, or the sentence naming the extra

UDF_MODULE = "xlengine.udfs"
# Sheets without which there is nothing to compute.
REQUIRED_SHEETS = (ASSUMPTIONS_SHEET, CASE_SHEET)

# Headline result cells: defined name -> (label key in i18n.CASE, unit).
HEADLINES: dict[str, tuple[str, str]] = {
    "npv": ("npv", "EUR"),
    "roi": ("roi", "fraction"),
    "bcr": ("bcr", "ratio"),
    "payback_months": ("payback_months", "months"),
    "total_benefits": ("benefits", "EUR"),
    "total_costs": ("costs", "EUR"),
    "net_benefit": ("net", "EUR"),
    "turnover_savings": ("turnover", "EUR"),
    "absence_savings": ("absence", "EUR"),
    "productivity_savings": ("productivity", "EUR"),
}
RANGE_NAMES = ("assumptions",)


def headline_label(name: str, language: str = "en", years: int | None = None) -> str:
    labels = i18n.CASE[i18n.pick(language)]
    label = labels[HEADLINES[name][0]]
    if name in ("total_benefits", "total_costs", "net_benefit", "turnover_savings", "absence_savings", "productivity_savings"):
        if years:
            label += f" ({years} {'jaar' if language == 'nl' else 'year' if years == 1 else 'years'})"
        else:
            label += " (horizon total)" if language != "nl" else " (totaal looptijd)"
    return label


@dataclass(frozen=True)
class Headline:
    name: str
    label: str
    unit: str
    sheet: str
    cell: str
    value: Any
    failure: InputError | None = None  # why the cell's ENG_ call failed (it shows #VALUE!)

    @property
    def is_number(self) -> bool:
        return isinstance(self.value, (int, float)) and not isinstance(self.value, bool)

    @property
    def is_result(self) -> bool:
        """A number, or the case's own "No payback within N years" (a result, not an error)."""
        return self.is_number or is_no_payback(self.value)


def is_no_payback(value: Any) -> bool:
    """True for the payback cell's sentence when the case never pays back within its horizon."""
    if not isinstance(value, str):
        return False
    for labels in i18n.CASE.values():
        head, _, tail = labels["no_payback"].partition("{}")
        if value.startswith(head) and value.endswith(tail):
            return True
    return False


@dataclass
class Computed:
    """A workbook after a headless computation, read through the template's contract."""

    evaluation: Evaluation
    assumptions: dict[str, float]  # checked register values from the workbook
    assumption_cells: dict[str, tuple[str, str]]  # key -> (sheet, cell)
    headlines: list[Headline]
    case: _case.CaseResult  # the yearly series, from the assumptions
    tampered: list[str] = field(default_factory=list)  # headlines typed over or disagreeing (jobs.tamper_check)

    @property
    def problems(self) -> list[str]:
        """Cells the engine could not evaluate, headlines that are not numbers, tampered headlines."""
        out = [
            f"'{s}'!{c} uses {fn}, which the formula engine cannot evaluate (the report shows the engine's result, {self.evaluation.value(s, c)!s})."
            for s, c, fn in self.evaluation.unsupported
        ]
        out += [
            f"{where(f.sheet, f.cell)} ({f.formula}) has no value: it is part of a circular reference or depends on one; "
            "break the cycle (Formulas > Error Checking > Circular References)."
            for f in self.evaluation.not_computed
        ]
        out += [
            f"{h.label} ('{h.sheet}'!{h.cell}) shows {h.value!r}, not a number"
            + (
                f", because {h.failure.problem}: {h.failure.fix}."
                if h.failure is not None
                else ": run xlengine audit and fix that cell."
            )
            for h in self.headlines
            if not h.is_result
        ]
        return out + self.tampered


def where(sheet: str, cell: str) -> str:
    """A cell reference as Excel writes it: 'Business case'!C5, Assumptions!B2."""
    quoted = f"'{sheet}'" if not sheet.replace("_", "").isalnum() else sheet
    return f"{quoted}!{cell}"


def require_external_free(ev: Evaluation) -> None:
    """Refuse a workbook that refers to other files: its figures would depend on files never read."""
    if ev.external:
        limit = _validate.QUOTE_LIMIT  # a formula can run to thousands of characters
        shown = "; ".join(
            f"{where(s, c) if s != '(workbook)' else (c or 'a link')} ({t if len(t) <= limit else t[:limit] + '...'})"
            for s, c, t in ev.external[:3]
        )
        more = f" and {len(ev.external) - 3} more" if len(ev.external) > 3 else ""
        raise InputError(
            "WORKBOOK",
            f"{ev.path.name} links to other workbooks (external references), which a headless computation "
            f"never opens: {shown}{more}; replace them with values (Data > Edit Links > Break Link) and save a copy.",
        )


def require_sheets(ev: Evaluation) -> None:
    for sheet in REQUIRED_SHEETS:
        if sheet not in ev.sheetnames:
            raise InputError(
                "WORKBOOK",
                f"{ev.path.name} has no sheet {sheet!r} (it has {', '.join(map(repr, ev.sheetnames))}): "
                "start from the xlengine template or restore the sheet.",
            )


def assumption_cell(ev: Evaluation, key: str) -> tuple[str, str] | None:
    """Where the workbook holds register entry ``key``: its defined name, else its row on the Assumptions sheet."""
    named = ev.name_cell(key)
    if named is not None:
        return named
    for cell, v in ev.constants.get(ASSUMPTIONS_SHEET, {}).items():
        if cell.startswith("A") and cell[1:].isdigit() and isinstance(v, str) and v.strip().lower() == key:
            return ASSUMPTIONS_SHEET, f"B{cell[1:]}"
    return None


def read_assumptions(ev: Evaluation) -> tuple[dict[str, float], dict[str, tuple[str, str]]]:
    """The register's values as the workbook holds them, checked; a bad cell is named."""
    values: dict[str, float] = {}
    cells: dict[str, tuple[str, str]] = {}
    for a in _register.REGISTER:
        loc = assumption_cell(ev, a.key)
        if loc is None:
            raise InputError(
                a.key,
                f"{ev.path.name} has no cell for the assumption {a.key} (no defined name {a.key!r} and no row "
                f"with that key on the {ASSUMPTIONS_SHEET} sheet): restore it from the template.",
            )
        sheet, cell = loc
        try:
            values[a.key] = _validate.assumption(a.key, ev.value(sheet, cell))
        except InputError as e:
            raise InputError(a.key, f"{where(sheet, cell)} ({a.key}): {e}") from None
        cells[a.key] = loc
    return values, cells


def read_headlines(ev: Evaluation, language: str = "en", years: int | None = None) -> list[Headline]:
    out = []
    missing = [n for n in HEADLINES if ev.name_cell(n) is None]
    if missing:
        raise InputError(
            "WORKBOOK",
            f"{ev.path.name} lacks the defined name(s) {', '.join(missing)} for the headline results: "
            "restore them (Formulas > Name Manager) or start from the xlengine template.",
        )
    for name, (_, unit) in HEADLINES.items():
        where_ = ev.name_cell(name)
        assert where_ is not None  # every headline name was found above
        sheet, cell = where_
        formula = ev.by_cell.get((sheet, cell))
        out.append(
            Headline(
                name,
                headline_label(name, language, years),
                unit,
                sheet,
                cell,
                ev.value(sheet, cell),
                formula.failure if formula is not None else None,
            )
        )
    return out


def compute_workbook(path: Path, language: str = "en") -> Computed:
    """Evaluate the workbook and read it through the contract (InputError: unusable)."""
    ev = evaluate(Path(path))
    require_external_free(ev)
    require_sheets(ev)
    values, cells = read_assumptions(ev)
    result = _case.compute(values)
    headlines = read_headlines(ev, language, result.horizon_years)
    return Computed(ev, values, cells, headlines, result)


def fill_workbook(template: Path, target: Path, values: Mapping[str, Any]) -> Path:
    """A copy of the template at ``target`` with assumption values typed in (VBA kept).

    openpyxl, as a person would type them: the formulas stay, their cached values go (the
    headless engine or Excel computes them afresh).
    """
    import openpyxl

    from . import layout, safe_io

    safe_io.require_defusedxml()
    safe_io.check_workbook_file(Path(template))
    book = openpyxl.load_workbook(template, keep_vba=Path(target).suffix.lower() == ".xlsm")
    for key, value in values.items():
        sheet, cell = layout.ASSUMPTION_CELL[key]
        book[sheet][cell].value = value
    # openpyxl keeps the saved values of an array formula's other cells as plain values:
    # drop them, or the copy would carry the template's figures for the new inputs.
    from .evaluate import _cells_of

    for ws in book.worksheets:
        for anchor, ref in ws.array_formulae.items():
            for c, _, _ in _cells_of(ref):
                if c != anchor:
                    ws[c].value = None
    book.save(target)
    return Path(target)


@dataclass(frozen=True)
class DecisionInputs:
    """What the decision figures of a computed workbook need, read through the contract."""

    assumptions: dict[str, float]  # checked, with the low/high of every uncertain entry as the workbook holds them
    given: frozenset[str]  # the keys the story tells as the organisation's own
    draws: int  # the Simulation sheet's draws and seed (defaults where the sheet has none)
    seed: int
    teams: tuple[list[str], dict] | None  # the Teams table (decision.teams.parse_table), None when empty or absent
    # planned against realised (decision.board.Realised rows), from a Results sheet; None: the
    # workbook has none, and the board pack has no page for it
    realised: tuple | None = None


def _whole_number(ev: Evaluation, name: str, default: int) -> int:
    loc = ev.name_cell(name)
    if loc is None:
        return default
    try:
        return int(_validate.number(name, ev.value(*loc), **_validate.ARGUMENT_CHECKS[name.split("_")[-1]]))
    except InputError as e:
        raise InputError(name, f"{where(*loc)} ({name}): {e}") from None


def decision_inputs(computed: Computed) -> DecisionInputs:
    """The workbook's assumptions with their ranges, draws, seed, the Teams table and where
    the figures came from: the same inputs the workbook's decision sheets give their ENG_
    functions (``assumptions`` A:D, ``simulation_draws``, ``simulation_seed``,
    ``example_values``)."""
    from . import layout as L

    ev = computed.evaluation
    pairs: dict[str, Any] = dict(computed.assumptions)
    for a in _register.REGISTER:
        if not a.uncertain:
            continue
        for end in ("low", "high"):
            value = ev.name_value(_validate.range_key(a.key, end))
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                pairs[_validate.range_key(a.key, end)] = value
    checked = _validate.assumptions(pairs)
    example = ev.name_value("example_values")
    given = frozenset() if example == L.EXAMPLE_FLAG_VALUE else _validate.given(pairs)
    teams = None
    cells = ev.constants.get(L.TEAMS_SHEET, {})
    rows = []
    for r in range(L.TEAMS_HEADER_ROW, L.TEAMS_HEADER_ROW + 100_001):
        row = [cells.get(L.cell(r, c)) for c in range(len(L.TEAM_COLUMNS))]
        if r > L.TEAMS_HEADER_ROW and (row[0] is None or str(row[0]).strip() == ""):
            break
        rows.append(row)
    if len(rows) > 1 and str(rows[0][0]).strip().lower() == "team":
        from ..decision import teams as _teams

        teams = _teams.parse_table(rows)
    from .results_fill import read_realised

    return DecisionInputs(
        checked,
        given,
        _whole_number(ev, "simulation_draws", 10_000),
        _whole_number(ev, "simulation_seed", 1),
        teams,
        read_realised(ev),
    )
