"""What finance checks in a filled-in workbook, cell by cell.

Each :class:`Finding` names the sheet and cell, says what is wrong and what to do. The
ranges come from the assumption register (through :mod:`xlengine.engine.validate`), the template's
formulas from its layout, the fresh values from the headless formula engine: the audit
holds no rule of its own about what a value should be.
"""

from __future__ import annotations

import difflib
import math
from dataclasses import asdict, dataclass
from typing import Any, Mapping

from ..engine import register as _register
from ..engine import validate as _validate
from ..engine.errors import InputError
from ..extras import require_extra
from .evaluate import ERROR_TEXTS, Evaluation, functions_called
from .headless import ASSUMPTIONS_SHEET, HEADLINES, RANGE_NAMES, UDF_MODULE, assumption_cell, headline_label, is_no_payback, where
from .layout import BOARD_SHEET, CONF_SHEET
from .layout import SHEETS as TEMPLATE_SHEETS  # every filled-in workbook has them all

require_extra("workbook")  # the libraries this module uses, or the sentence naming the extra

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Finding:
    sheet: str
    cell: str
    severity: str
    check: str  # a stable code: allowed-range, plausible-range, overwritten-formula, ...
    problem: str  # what is wrong
    fix: str  # what to do
    # formula cells that depend on this (input) cell and show an error because of it; their
    # own findings are folded into this one (see fold_consequences)
    dependents: int = 0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def __str__(self) -> str:
        at = where(self.sheet, self.cell) if self.cell else self.sheet
        return f"{self.severity.upper():7} {at}: {self.problem}; {self.fix}"


def _close(name: str, candidates) -> str:
    match = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return f" (perhaps renamed to {match[0]!r})" if match else ""


def check_external(ev: Evaluation) -> list[Finding]:
    """References to other files: never followed, so the figures that use them are not verified."""
    return [
        Finding(
            sheet,
            cell if sheet != "(workbook)" else "",
            ERROR,
            "external-reference",
            f"{'the defined name ' + repr(cell) + ' refers' if sheet == '(workbook)' and cell else 'refers'} to another file ({text}), "
            "which xlengine never opens (the engine sees #REF!)",
            "replace the reference with a value or a cell of this workbook (Data > Edit Links > Break Link)",
        )
        for sheet, cell, text in ev.external
    ]


def check_not_computed(ev: Evaluation) -> list[Finding]:
    return [
        Finding(
            f.sheet,
            f.cell,
            ERROR,
            "circular-reference",
            f"the formula {f.formula} has no value: it is part of a circular reference or depends on one",
            "break the cycle (Formulas > Error Checking > Circular References)",
        )
        for f in ev.not_computed
    ]


def check_sheets(ev: Evaluation) -> list[Finding]:
    extra = [s for s in ev.sheetnames if s not in TEMPLATE_SHEETS]
    return [
        Finding(
            sheet,
            "",
            ERROR,
            "missing-sheet",
            f"the sheet {sheet!r} is missing{_close(sheet, extra)}",
            "restore it (rename it back, or copy it from the xlengine template)",
        )
        for sheet in TEMPLATE_SHEETS
        if sheet not in ev.sheetnames
    ]


def check_names(ev: Evaluation, expected: Mapping[str, tuple[str, str]] | None = None) -> list[Finding]:
    """Every defined name of the template (``expected``: name -> (sheet, ref)) must exist and point at its cells.

    Without the template's list, the register keys, the headlines and ``assumptions``.
    """
    expected = {k.lower(): (s, r.replace("$", "")) for k, (s, r) in (expected or {}).items()}
    out = []
    wanted = list(dict.fromkeys([a.key for a in _register.REGISTER] + list(HEADLINES) + list(RANGE_NAMES) + list(expected)))
    for name in wanted:
        if name in ev.names:
            if name in expected and ev.names[name] != expected[name]:
                sheet, ref = ev.names[name]
                out.append(
                    Finding(
                        sheet,
                        ref.split(":")[0],
                        WARNING,
                        "moved-name",
                        f"the defined name {name!r} refers to {where(sheet, ref)} instead of the template's {where(*expected[name])}",
                        "check that the name still refers to the right cell (Formulas > Name Manager)",
                    )
                )
            continue
        sheet, cell = expected.get(name, ("", ""))
        if name in _register.BY_KEY:
            row = assumption_cell(ev, name)
            if row is not None:
                sheet, cell = row
            sheet = sheet or ASSUMPTIONS_SHEET
        out.append(
            Finding(
                sheet or "(workbook)",
                cell,
                ERROR,
                "missing-name",
                f"the defined name {name!r} is missing or broken (#REF!){_close(name, ev.names)}",
                f"restore it in Formulas > Name Manager so it refers to {where(sheet, cell) if cell else 'its cell in the template'}",
            )
        )
    return out


def check_conf(ev: Evaluation) -> list[Finding]:
    if CONF_SHEET not in ev.sheetnames:
        return []  # reported by check_sheets
    conf = ev.constants.get(CONF_SHEET, {})
    for cell, key in conf.items():
        if cell.startswith("A") and isinstance(key, str) and key.strip().lower() == "udf modules":
            row = cell[1:]
            value = conf.get(f"B{row}")
            modules = [m.strip() for m in str(value or "").split(";")]
            if UDF_MODULE in modules:
                return []
            return [
                Finding(
                    CONF_SHEET,
                    f"B{row}",
                    ERROR,
                    "udf-module",
                    f"UDF Modules is {value!r}, not {UDF_MODULE}, so Excel would not find the ENG_ functions",
                    f"enter {UDF_MODULE} in {CONF_SHEET}!B{row}",
                )
            ]
    return [
        Finding(
            CONF_SHEET,
            "A1",
            ERROR,
            "udf-module",
            "the sheet has no 'UDF Modules' row, so Excel would not find the ENG_ functions",
            f"put 'UDF Modules' in column A and {UDF_MODULE} next to it in column B",
        )
    ]


def check_assumptions(ev: Evaluation) -> list[Finding]:
    out = []
    for a in _register.REGISTER:
        loc = assumption_cell(ev, a.key)
        if loc is None:
            continue  # reported by check_names
        sheet, cell = loc
        value = ev.value(sheet, cell)
        try:
            x = _validate.assumption(a.key, value)
        except InputError as e:
            problem, fix = e.problem, e.fix
            kind = "text-in-number" if isinstance(value, str) else "allowed-range"
            out.append(Finding(sheet, cell, ERROR, kind, problem, fix))
            continue
        out += _check_range(ev, a.key, x)
        odd = _validate.implausible(a.key, x)
        if odd is not None:
            out.append(
                Finding(
                    sheet,
                    cell,
                    WARNING,
                    "plausible-range",
                    odd,
                    "check the figure and record its source next to it (it may be right for your organisation)",
                )
            )
    return out


def _check_range(ev: Evaluation, key: str, value: float) -> list[Finding]:
    """The low/high cells of ``key`` (``<key>_low`` / ``<key>_high``): each within the allowed
    range and low <= value <= high, as the ENG_ functions check them."""
    out = []
    for end in ("low", "high"):
        name = _validate.range_key(key, end)
        loc = ev.name_cell(name)
        if loc is None:
            continue
        bound = ev.value(*loc)
        try:
            _validate.assumptions({key: value, name: bound})
        except InputError as e:
            out.append(
                Finding(
                    loc[0], loc[1], ERROR, "range-order" if not isinstance(bound, str) else "text-in-number", e.problem, e.fix
                )
            )
    return out


def check_template_formulas(ev: Evaluation, template_formulas: Mapping[tuple[str, str], str]) -> list[Finding]:
    """Template formula cells overwritten by a typed value, emptied, or changed."""
    out = []
    for (sheet, cell), formula in template_formulas.items():
        if sheet not in ev.sheetnames:
            continue
        current = ev.by_cell.get((sheet, cell))
        if current is not None:
            if _norm(current.formula) != _norm(formula):
                out.append(
                    Finding(
                        sheet,
                        cell,
                        WARNING,
                        "changed-formula",
                        f"the template's formula {formula} was replaced by {current.formula}",
                        "make sure the change is intended and documented, or restore the template's formula",
                    )
                )
            continue
        typed = ev.constants.get(sheet, {}).get(cell)
        if typed is None:
            out.append(
                Finding(
                    sheet,
                    cell,
                    ERROR,
                    "overwritten-formula",
                    f"the template's formula {formula} was deleted",
                    "restore the formula from the template",
                )
            )
        else:
            out.append(
                Finding(
                    sheet,
                    cell,
                    ERROR,
                    "overwritten-formula",
                    f"the template's formula {formula} was overwritten by the typed value {_validate.fmt(typed)} (a silent override)",
                    "restore the formula; put an override in an assumption cell instead, where it is visible",
                )
            )
    return out


def _norm(formula: str) -> str:
    return formula.strip().lstrip("{").rstrip("}").lstrip("=").replace(" ", "").replace("$", "").upper()


def _same(cached: Any, fresh: Any) -> bool:
    if isinstance(cached, bool) or isinstance(fresh, bool):
        return cached == fresh
    if isinstance(cached, (int, float)) and isinstance(fresh, (int, float)):
        return math.isclose(cached, fresh, rel_tol=1e-9, abs_tol=1e-6)
    if fresh in ("", None) and cached in ("", None, 0):
        return True  # an empty result: XlsxWriter and some tools save blank array cells as 0
    return str(cached) == str(fresh)


RECOMPUTE = (
    "recompute with `xlengine compute` (a board report with every figure fresh), or open the workbook in Excel "
    "with xlengine loaded, recalculate (Ctrl+Alt+F9) and save it"
)


def check_missing_values(ev: Evaluation) -> list[Finding]:
    """Formula cells saved without a value, as one finding: a tool that edits files without
    calculating (openpyxl, a script) drops every saved figure, and Excel without xlengine,
    LibreOffice and file previews then show #NAME?, #VALUE! or blanks."""
    unsupported = {(s, c) for s, c, _ in ev.unsupported}
    missing = [
        f for f in ev.formula_cells if f.cached is None and f.value not in ("", None) and (f.sheet, f.cell) not in unsupported
    ]
    if not missing:
        return []
    first = missing[0]
    others = len(missing) - 1
    also = f" and {others} other formula cell{'s' if others != 1 else ''} (of {len(ev.formula_cells)})" if others else ""
    return [
        Finding(
            first.sheet,
            first.cell,
            ERROR,
            "missing-values",
            f"this{also} {'have' if others else 'has'} no saved value: the file was last saved by a program that does not "
            "calculate (such as openpyxl or a script), so Excel without xlengine, LibreOffice and previews show "
            "#NAME?, #VALUE! or blanks instead of the figures",
            RECOMPUTE,
        )
    ]


def check_cached_values(ev: Evaluation) -> list[Finding]:
    """Figures saved in the file that differ from a fresh computation (stale or tampered)."""
    out = []
    unsupported = {(s, c) for s, c, _ in ev.unsupported}
    for f in ev.formula_cells:
        if f.cached is None or (f.sheet, f.cell) in unsupported:
            continue  # no saved figure: check_missing_values
        if not _same(f.cached, f.value):
            why = (
                "the file was saved by a program that could not compute it (LibreOffice, or Excel without xlengine)"
                if isinstance(f.cached, str) and f.cached in ERROR_TEXTS and f.value not in ERROR_TEXTS
                else "the figure in the file is stale or was edited"
            )
            out.append(
                Finding(
                    f.sheet,
                    f.cell,
                    ERROR,
                    "stale-value",
                    f"the saved value {_validate.fmt(f.cached)} differs from a fresh computation ({_validate.fmt(f.value)}): {why}",
                    RECOMPUTE,
                )
            )
    return out


def check_unsupported(ev: Evaluation) -> list[Finding]:
    return [
        Finding(
            sheet,
            cell,
            ERROR,
            "unsupported-function",
            f"{fn} cannot be evaluated by the headless formula engine, so this cell (and any cell using it) is not verified",
            "replace it with a supported Excel or ENG_ function, or keep it outside the business case",
        )
        for sheet, cell, fn in ev.unsupported
    ]


def check_results(ev: Evaluation) -> list[Finding]:
    """Headline results that are not numbers, and Excel errors in formula cells."""
    out = []
    headline_cells = {}
    for name in HEADLINES:
        loc = ev.name_cell(name)
        if loc is not None:
            headline_cells[loc] = name
    unsupported = {(s, c) for s, c, _ in ev.unsupported}
    not_numbers: dict[str, list] = {}  # one message -> the headline cells showing it
    for f in ev.formula_cells:
        if (f.sheet, f.cell) in unsupported:
            continue
        headline = headline_cells.get((f.sheet, f.cell))
        is_number = isinstance(f.value, (int, float)) and not isinstance(f.value, bool)
        if headline and not is_number and not is_no_payback(f.value):
            not_numbers.setdefault(str(f.value), []).append((f, headline))
        elif (
            isinstance(f.value, str)
            and f.value in ERROR_TEXTS
            and f.failure is None
            and not (f.array_range and f.value == "#N/A")
        ):  # a failed call: check_failed_calls
            out.append(
                Finding(
                    f.sheet,
                    f.cell,
                    WARNING,
                    "cell-error",
                    f"the formula {f.formula} gives {f.value}",
                    "check the cells it refers to",
                )
            )
    for message, cells in not_numbers.items():
        # One input error shows in every headline: report it once, where it first shows.
        f, name = cells[0]
        others = f" (and {len(cells) - 1} other headline cell{'s' if len(cells) > 2 else ''})" if len(cells) > 1 else ""
        why = f" because {f.failure.problem}" if f.failure is not None else ""
        out.append(
            Finding(
                f.sheet,
                f.cell,
                ERROR,
                "result-not-a-number",
                f"{headline_label(name)}{others} shows {message!r} instead of a number{why}",
                f.failure.fix if f.failure is not None else "fix the input the message names, then recompute",
            )
        )
    return out


def check_failed_calls(ev: Evaluation) -> list[Finding]:
    """ENG_ calls that failed, by cell, with their sentence (what ENG_WHY shows in Excel).

    One failure shows in every cell that depends on it: each distinct failure is listed
    once, at the first cell that shows it, with how many other cells show it too.
    A figure withheld for privacy (fewer answers than the minimum) is a stated absence, not
    an error: a warning, once per reason.
    """
    by_failure: dict[tuple[str, str, bool], list] = {}
    for f in ev.formula_cells:
        if f.failure is not None and any(fn.startswith("ENG_") for fn in functions_called(f.formula)):
            by_failure.setdefault((f.failure.problem, f.failure.fix, f.failure.privacy), []).append(f)
    out = []
    for (problem, fix, privacy), cells in by_failure.items():
        first = cells[0]
        others = len(cells) - 1
        also = f" (shown by {others} other cell{'s' if others != 1 else ''} too)" if others else ""
        if privacy:
            out.append(
                Finding(
                    first.sheet,
                    first.cell,
                    WARNING,
                    "too-few-answers",
                    f"no eNPS figure, the cell shows #VALUE!{also}: {problem}",
                    fix,
                )
            )
        else:
            out.append(
                Finding(first.sheet, first.cell, ERROR, "failed-call", f"the formula {first.formula} fails: {problem}{also}", fix)
            )
    return out


# Findings that only say a cell shows an error: at a cell that depends on a bad input,
# they are that input's consequences.
CONSEQUENCE_CHECKS = frozenset(
    {"failed-call", "result-not-a-number", "cell-error", "text-in-number", "range-order", "allowed-range"}
)


def fold_consequences(ev: Evaluation, findings: list[Finding]) -> list[Finding]:
    """One finding per bad input cell, with its consequences counted in it.

    A typed value the case cannot use (12 for 12%, text in a number cell) makes every
    formula that depends on it show #VALUE!: the findings at those cells (a failed call, a
    headline that is not a number, a range end that shows an error) go into the input
    cell's finding as ``dependents``, the number of formula cells that depend on it and
    show an error. Findings about the file itself (stale values, overwritten formulas) stay.
    """
    from .precedents import dependents

    roots = [
        f
        for f in findings
        if f.severity == ERROR and f.cell and f.cell in ev.constants.get(f.sheet, {}) and (f.sheet, f.cell) not in ev.by_cell
    ]
    if not roots:
        return findings
    shows_error = {(f.sheet, f.cell): f.value for f in ev.formula_cells if isinstance(f.value, str) and f.value in ERROR_TEXTS}
    folded: set[int] = set()  # positions of the findings counted in a root's (never a root: roots are typed cells)
    replaced: dict[int, Finding] = {}
    headline_cells = {ev.name_cell(n) for n in HEADLINES}
    for root in roots:
        depending = dependents(ev, [(root.sheet, root.cell)])
        broken = (depending or set()) & shows_error.keys()  # None: too costly to tell, every finding stays
        if not broken:
            continue
        folded |= {i for i, f in enumerate(findings) if f.check in CONSEQUENCE_CHECKS and (f.sheet, f.cell) in broken}
        shown = "#VALUE!" if all(shows_error[c] == "#VALUE!" for c in broken) else "an error"
        headlines = " (the headline results among them)" if broken & headline_cells else ""
        n = len(broken)
        replaced[id(root)] = Finding(
            root.sheet,
            root.cell,
            root.severity,
            root.check,
            f"{root.problem}; {n} formula cell{'s' if n != 1 else ''} that depend{'s' if n == 1 else ''} "
            f"on it show{'s' if n == 1 else ''} {shown}{headlines}",
            root.fix,
            n,
        )
    return [replaced.get(id(f), f) for i, f in enumerate(findings) if i not in folded]


def audit(
    ev: Evaluation,
    template_formulas: Mapping[tuple[str, str], str] | None = None,
    expected_name_cells: Mapping[str, tuple[str, str]] | None = None,
) -> list[Finding]:
    findings = (
        check_external(ev)
        + check_sheets(ev)
        + check_names(ev, expected_name_cells)
        + check_conf(ev)
        + check_assumptions(ev)
        + (check_template_formulas(ev, template_formulas) if template_formulas else [])
        + check_missing_values(ev)
        + check_cached_values(ev)
        + check_unsupported(ev)
        + check_not_computed(ev)
        + check_results(ev)
        + check_failed_calls(ev)
    )
    findings = fold_consequences(ev, findings)
    order = {ERROR: 0, WARNING: 1}
    sheet_order = {s: i for i, s in enumerate(ev.sheetnames)}
    return sorted(findings, key=lambda f: (order[f.severity], sheet_order.get(f.sheet, -1), _cell_key(f.cell), f.check))


def require_workbook(ev: Evaluation) -> None:
    """Refuse a board report of ``xlengine compute`` (values only): there is nothing to audit in it."""
    from .report import AUDIT_SHEET

    trail = ev.constants.get(AUDIT_SHEET, {})
    if (
        ev.formula_cells
        or CONF_SHEET in ev.sheetnames
        or [trail.get(c) for c in ("A1", "B1", "C1", "D1")] != REPORT_TRAIL_HEADERS
    ):
        return
    import re

    from .safe_io import printable

    made = re.match(r"Workbook (.+?); computed ", str(ev.constants.get(BOARD_SHEET, {}).get("A2", "")))
    source = f" ({printable(made.group(1))})" if made else ""
    raise InputError(
        "WORKBOOK",
        f"{printable(ev.path.name)} is a board report written by xlengine compute (values only, no formulas "
        f"to check), not a workbook: audit the workbook it was made from{source}.",
    )


REPORT_TRAIL_HEADERS = ["Sheet", "Cell", "Formula", "Value"]


@dataclass(frozen=True)
class Group:
    """Findings of one kind (severity and check) at many cells, shown as one line."""

    findings: tuple[Finding, ...]
    shown_cells: int = 3

    def __str__(self) -> str:
        first = self.findings[0]
        cells = [where(f.sheet, f.cell) if f.cell else f.sheet for f in self.findings]
        more = len(cells) - self.shown_cells
        listed = ", ".join(cells[: self.shown_cells]) + (f" and {more} more" if more > 0 else "")
        fixes = {f.fix for f in self.findings}
        return (
            f"{first.severity.upper():7} {len(cells)} x {first.check} ({listed}; --json lists every one). "
            f"The first: {first.problem}; {first.fix if len(fixes) == 1 else 'see --json for the fix of each'}"
        )


def grouped(findings: list[Finding], more_than: int = 3) -> list[Finding | Group]:
    """The findings for reading: a kind with more than ``more_than`` findings as one :class:`Group`
    (where its first finding was), every other finding as it is."""
    kinds: dict[tuple[str, str], list[Finding]] = {}
    for f in findings:
        kinds.setdefault((f.severity, f.check), []).append(f)
    out: list[Finding | Group] = []
    for f in findings:
        same = kinds[(f.severity, f.check)]
        if len(same) <= more_than:
            out.append(f)
        elif same[0] is f:
            out.append(Group(tuple(same)))
    return out


def _cell_key(cell: str) -> tuple[int, str]:
    letters = "".join(ch for ch in cell if ch.isalpha())
    digits = "".join(ch for ch in cell if ch.isdigit())
    return (int(digits) if digits else 0, letters)
