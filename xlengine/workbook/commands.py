"""``xlengine compute`` and ``xlengine audit``: the headless commands finance runs.

Exit codes: 0 fine; 1 the report was written but some cells could not be evaluated or a
headline is not a number (compute), or the audit found errors (audit); 2 the file cannot be
used, nothing written.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ..errors import InputError
from . import safe_io


def default_report_path(workbook: Path) -> Path:
    """<stem>_report.xlsx in the current directory: never next to, nor over, the user's file."""
    return Path.cwd() / f"{Path(workbook).stem}_report.xlsx"


def _shown(value: Any, unit: str, language: str = "en") -> str:
    from ..cli import fmt_value

    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return str(value)
    if unit == "ratio":
        return f"{value:.2f}"
    if unit == "months":
        return f"{value:.1f} {'maanden' if language == 'nl' else 'months'}"
    return fmt_value(value, unit)


def headline_lines(computed, language: str = "en") -> list[str]:
    from .headless import where

    rows = [(h.label, _shown(h.value, h.unit, language), where(h.sheet, h.cell)) for h in computed.headlines]
    w0 = max(len(r[0]) for r in rows)
    w1 = max(len(r[1]) for r in rows)
    return [f"{a.ljust(w0)}  {b.rjust(w1)}  {c}" for a, b, c in rows]


def run_compute(workbook: Path, output: Path | None, force: bool, language: str = "en"):
    """Compute the workbook and write the report; returns (computed, report path)."""
    from .headless import compute_workbook
    from .report import write_report

    workbook = Path(workbook)
    target = Path(output) if output else default_report_path(workbook)
    # Refuse before the work: an existing report is kept unless --force.
    if target.exists() and not force:
        raise InputError("-o", f"{target} already exists: choose another name with -o, or add --force to replace it.")
    computed = compute_workbook(workbook, language)
    safe_io.atomic_write(target, lambda tmp: write_report(tmp, computed, workbook.name, language),
                         force=force, protect=(workbook,))
    return computed, target


def cmd_compute(args: argparse.Namespace) -> int:
    computed, target = run_compute(Path(args.workbook), Path(args.output) if args.output else None, args.force,
                                   getattr(args, "language", "en"))
    problems = computed.problems
    if args.json:
        json.dump({
            "workbook": str(Path(args.workbook)),
            "report": str(target.resolve()),
            "headlines": {h.name: {"label": h.label, "value": h.value, "unit": h.unit, "sheet": h.sheet, "cell": h.cell}
                          for h in computed.headlines},
            "formula_cells": len(computed.evaluation.formula_cells),
            "problems": problems,
        }, sys.stdout, indent=2)
        print()
    else:
        print(f"{Path(args.workbook).name}: {len(computed.evaluation.formula_cells)} formula cells computed without Excel\n")
        print("\n".join(headline_lines(computed, getattr(args, "language", "en"))))
        print(f"\nReport (values only, no macros): {target.resolve()}")
    for p in problems:
        print(f"xlengine: warning: {p}", file=sys.stderr)
    return 1 if problems else 0


def template_formulas() -> tuple[dict | None, dict | None]:
    """The template's formula cells and its defined names with their cells (from its layout)."""
    try:
        from . import layout  # the template's layout (issue 3)
    except ImportError:
        return None, None
    return dict(layout.FORMULAS), dict(layout.NAMES)


def first_free(path: Path) -> Path:
    """``path``, or ``name (2).ext``, ``name (3).ext``... whichever does not exist yet."""
    n = 2
    candidate = path
    while candidate.exists():
        candidate = path.with_name(f"{path.stem} ({n}){path.suffix}")
        n += 1
    return candidate


def run_demo(output: Path | None, force: bool, language: str = "en"):
    """The whole job on the embedded example: fill a copy of the template, compute it, write the report."""
    import tempfile

    from .. import register
    from . import template
    from .headless import fill_workbook

    with tempfile.TemporaryDirectory(prefix="xlengine-demo-") as tmp:
        source = Path(template.TEMPLATE)
        if not source.is_file():  # an installed package without the repository's template: build it
            source = Path(tmp, "template.xlsm")
            source.write_bytes(template.build_bytes())
        filled = fill_workbook(source, Path(tmp, "engagement_business_case_example.xlsm"), register.defaults())
        # The demo's default name never replaces anything: it takes the next free name.
        target = Path(output) if output else first_free(Path.cwd() / "xlengine_demo_report.xlsx")
        return run_compute(filled, target, force, language)


def demo_report(args: argparse.Namespace) -> int:
    """The second half of ``xlengine demo``: the headless job and where its report is."""
    computed, target = run_demo(Path(args.output) if getattr(args, "output", None) else None,
                                getattr(args, "force", False), getattr(args, "language", "en"))
    nl = getattr(args, "language", "en") == "nl"
    print("\nHetzelfde voorbeeld via de werkmap: het sjabloon ingevuld, doorgerekend zonder Excel" if nl else
          "\nThe same example through the workbook: the template filled in, computed without Excel")
    print("\n".join(headline_lines(computed, "nl" if nl else "en")))
    print(f"\n{'Bestuursrapport (alleen waarden, geen macro' + chr(39) + 's)' if nl else 'Board report (values only, no macros)'}: {target.resolve()}")
    for p in computed.problems:
        print(f"xlengine: warning: {p}", file=sys.stderr)
    return 1 if computed.problems else 0


def audit_workbook(workbook: Path):
    """(evaluation, findings) of the workbook against the template's formulas and names."""
    from .audit import audit
    from .evaluate import evaluate

    ev = evaluate(Path(workbook))
    formulas, names = template_formulas()
    return ev, audit(ev, formulas, names)


def cmd_audit(args: argparse.Namespace) -> int:
    from .audit import ERROR

    ev, findings = audit_workbook(Path(args.workbook))
    errors = sum(f.severity == ERROR for f in findings)
    warnings = len(findings) - errors
    if args.json:
        json.dump({"workbook": str(Path(args.workbook)), "errors": errors, "warnings": warnings,
                   "findings": [f.as_dict() for f in findings]}, sys.stdout, indent=2)
        print()
    else:
        name = Path(args.workbook).name
        if not findings:
            print(f"{name}: clean ({len(ev.formula_cells)} formula cells recomputed, every assumption within its plausible range).")
        else:
            print(f"{name}: {errors} error(s), {warnings} warning(s)\n")
            for f in findings:
                print(str(f))
    return 1 if errors else 0


def add_parsers(sub) -> None:
    """The subcommands, for xlengine.cli.build_parser()."""
    c = sub.add_parser("compute", help="compute a filled-in workbook without Excel and write the board report")
    c.add_argument("workbook", help="the filled-in .xlsm/.xlsx (opened read-only)")
    c.add_argument("-o", "--output", help="report file (.xlsx); default: <workbook name>_report.xlsx in the current folder")
    c.add_argument("--json", action="store_true", help="print the headline results as JSON")
    c.add_argument("--force", action="store_true", help="replace an existing report file")
    c.add_argument("--language", choices=("en", "nl"), default="en")
    c.set_defaults(func=cmd_compute)

    a = sub.add_parser("audit", help="check a filled-in workbook: ranges, overrides, stale figures, names, functions")
    a.add_argument("workbook", help="the filled-in .xlsm/.xlsx (opened read-only)")
    a.add_argument("--json", action="store_true", help="print the findings as JSON")
    a.set_defaults(func=cmd_audit)
