"""``xlengine compute``, ``audit``, ``template`` and ``vba``: the workbook commands.

Exit codes: 0 fine; 1 the report was written but some cells could not be evaluated or a
headline is not a number (compute), or the audit found errors (audit); 2 the file cannot be
used, nothing written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from .. import resources
from ..decision.tables import format_value, num
from ..engine.errors import InputError
from .format import add_language
from .jsonout import dump as _dump

# The workbook package needs the `workbook` extra: each command imports it when it runs
# (after xlengine.cli.main has checked the extra), so the other commands work without it.

__all__ = ["add_parsers", "demo_report", "headline_lines"]


def _shown(value: Any, unit: str, language: str = "en") -> str:
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return str(value)
    return format_value(value, unit, language)


def headline_lines(computed, language: str = "en") -> list[str]:
    from ..workbook.headless import where

    rows = [(h.label, _shown(h.value, h.unit, language), where(h.sheet, h.cell)) for h in computed.headlines]
    w0 = max(len(r[0]) for r in rows)
    w1 = max(len(r[1]) for r in rows)
    return [f"{a.ljust(w0)}  {b.rjust(w1)}  {c}" for a, b, c in rows]


def cmd_compute(args: argparse.Namespace) -> int:
    from ..workbook import jobs

    computed, target = jobs.run_compute(
        Path(args.workbook), Path(args.output) if args.output else None, args.force, getattr(args, "language", "en")
    )
    problems = computed.problems
    if args.json:
        _dump(
            {
                "workbook": str(Path(args.workbook)),
                "report": str(target.resolve()),
                "headlines": {
                    h.name: {"label": h.label, "value": h.value, "unit": h.unit, "sheet": h.sheet, "cell": h.cell}
                    for h in computed.headlines
                },
                "formula_cells": len(computed.evaluation.formula_cells),
                "problems": problems,
            }
        )
    else:
        nl = args.language == "nl"
        cells = len(computed.evaluation.formula_cells)
        shown = num(cells, args.language, 0)
        print(
            f"{Path(args.workbook).name}: {shown} formulecellen berekend zonder Excel\n"
            if nl
            else f"{Path(args.workbook).name}: {shown} formula cells computed without Excel\n"
        )
        print("\n".join(headline_lines(computed, args.language)))
        written = (
            _written(target, args.language)
            if jobs.is_pdf(target)
            else "Rapport (alleen waarden, geen macro" + chr(39) + "s)"
            if nl
            else "Report (values only, no macros)"
        )
        print(f"\n{written}: {target.resolve()}")
    for p in problems:
        print(f"xlengine: warning: {p}", file=sys.stderr)
    return 1 if problems else 0


def demo_report(args: argparse.Namespace) -> int:
    """The second half of ``xlengine demo``: the headless job and where its report is."""
    from ..workbook import jobs

    computed, target = jobs.run_demo(
        Path(args.output) if getattr(args, "output", None) else None,
        getattr(args, "force", False),
        getattr(args, "language", "en"),
    )
    nl = getattr(args, "language", "en") == "nl"
    print(
        "\nHetzelfde voorbeeld via de werkmap: het sjabloon ingevuld, doorgerekend zonder Excel"
        if nl
        else "\nThe same example through the workbook: the template filled in, computed without Excel"
    )
    print("\n".join(headline_lines(computed, "nl" if nl else "en")))
    print(f"\n{_written(target, 'nl' if nl else 'en')}: {target.resolve()}")
    for p in computed.problems:
        print(f"xlengine: warning: {p}", file=sys.stderr)
    return 1 if computed.problems else 0


def _written(target: Path, language: str = "en") -> str:
    """What the command wrote: the board pack (PDF) or the values-only report (.xlsx)."""
    nl = language == "nl"
    if target.suffix.lower() == ".pdf":
        return "Bestuurspakket (PDF)" if nl else "Board pack (PDF)"
    return "Bestuursrapport (alleen waarden, geen macro's)" if nl else "Board report (values only, no macros)"


def cmd_report(args: argparse.Namespace) -> int:
    """``xlengine report WORKBOOK -o board.pdf``: the board pack of a filled-in workbook."""
    from ..workbook import jobs

    workbook = Path(args.workbook)
    default = Path.cwd() / f"{workbook.stem}_board.pdf"
    target = Path(args.output) if args.output else default if args.force else jobs.first_free(default)
    if not jobs.is_pdf(target):
        raise InputError(
            "-o",
            f"-o {args.output} does not end in .pdf: the board pack is a PDF (e.g. -o board.pdf); "
            "for the .xlsx report use xlengine compute -o REPORT.xlsx.",
        )
    computed, target = jobs.run_compute(workbook, target, args.force, args.language)
    print(f"{_written(target, args.language)}: {target.resolve()}")
    for p in computed.problems:
        print(f"xlengine: warning: {p}", file=sys.stderr)
    return 1 if computed.problems else 0


def cmd_audit(args: argparse.Namespace) -> int:
    from ..workbook import jobs
    from ..workbook.audit import ERROR, grouped

    ev, findings = jobs.audit_workbook(Path(args.workbook))
    errors = sum(f.severity == ERROR for f in findings)
    warnings = len(findings) - errors
    if args.json:
        _dump(
            {
                "workbook": str(Path(args.workbook)),
                "errors": errors,
                "warnings": warnings,
                "findings": [f.as_dict() for f in findings],
            }
        )
    else:
        name = Path(args.workbook).name
        if not findings:
            print(
                f"{name}: clean ({len(ev.formula_cells)} formula cells recomputed, every assumption within its plausible range)."
            )
        else:
            print(f"{name}: {errors} error(s), {warnings} warning(s)\n")
            for line in grouped(findings):  # a kind found in many cells: one line (--json lists each)
                print(str(line))
    return 1 if errors else 0


def _output(args, name: str, example: str) -> Path:
    """``-o``, else the checkout's own file; an installed package is never written to."""
    if args.output:
        return Path(args.output)
    default = resources.default_output(name)
    if default is None:
        raise InputError(
            "-o",
            f"{args.command} needs -o with the file to write, e.g. xlengine {args.command} -o {example} "
            "(an installed package has no repository files to update).",
        )
    return default


#: ``xlengine template`` without ``-o``: the user's workbook in the current folder (the next free name).
TEMPLATE_DEFAULT_NAME = "my_business_case.xlsm"


def cmd_template(args) -> int:
    from ..workbook import template
    from ..workbook.jobs import first_free

    # The user's own workbook for this PC (standalone, docs/windows.md); with --addin the
    # shipped variant (the repository's template is rebuilt with --addin -o <its path>).
    out = Path(args.output) if args.output else first_free(Path.cwd() / TEMPLATE_DEFAULT_NAME)
    out = template.build_template(out, standalone=not args.addin, force=args.force)
    print(f"Wrote {out}")
    return 0


def cmd_vba(args) -> int:
    from ..workbook import vba

    if args.check:
        # Without -o: the module this xlengine carries (the checkout's, or the package's own).
        path = Path(args.output) if args.output else None
        current = (path.read_bytes() if path.is_file() else b"") if path else resources.read_bytes(resources.UDFS_BAS)
        shown = path or resources.default_output(resources.UDFS_BAS) or f"The packaged {resources.UDFS_BAS}"
        if current != vba.udfs_bas().encode("cp1252"):
            fix = ": run `xlengine vba` and commit the result" if resources.source_checkout() else ""
            print(f"{shown} is out of date (xlwings' generator gives other text for this xlengine){fix}.")
            return 1
        print(f"{shown} is up to date.")
        return 0
    path = _output(args, resources.UDFS_BAS, "xlwings_udfs.bas")
    changed = vba.write_udfs_bas(path, force=args.force)
    print(f"{'Wrote' if changed else 'Unchanged:'} {path}")
    return 0


def add_parsers(sub) -> None:
    """``compute``, ``audit``, ``template`` and ``vba``, for :func:`xlengine.cli.build_parser`."""
    c = sub.add_parser("compute", help="compute a filled-in workbook without Excel and write the board report")
    c.add_argument("workbook", help="the filled-in .xlsm/.xlsx (opened read-only)")
    c.add_argument(
        "-o",
        "--output",
        help="report file: .xlsx (values only), or .pdf for the board pack; default: "
        "<workbook name>_report.xlsx in the current folder, or the next free name",
    )
    c.add_argument("--json", action="store_true", help="print the headline results as JSON")
    c.add_argument("--force", action="store_true", help="replace an existing report file")
    add_language(c)
    c.set_defaults(func=cmd_compute, extra="workbook")

    r = sub.add_parser(
        "report",
        help="the board pack of a filled-in workbook: a few A4 pages (PDF) with the decision, "
        "the story, the charts, the teams and every assumption",
    )
    r.add_argument("workbook", help="the filled-in .xlsm/.xlsx (opened read-only)")
    r.add_argument(
        "-o", "--output", help="the PDF to write; default: <workbook name>_board.pdf in the current folder, or the next free name"
    )
    add_language(r)
    r.add_argument("--force", action="store_true", help="replace an existing file")
    r.set_defaults(func=cmd_report, extra="workbook")

    a = sub.add_parser("audit", help="check a filled-in workbook: ranges, overrides, stale figures, names, functions")
    a.add_argument("workbook", help="the filled-in .xlsm/.xlsx (opened read-only)")
    a.add_argument("--json", action="store_true", help="print the findings as JSON")
    a.set_defaults(func=cmd_audit, extra="workbook")

    t = sub.add_parser("template", help="build your own Excel workbook (.xlsm) for Excel on this PC")
    t.add_argument(
        "-o",
        "--output",
        help="your workbook (.xlsm) for Excel on this PC: it carries xlwings' VBA from the "
        "installed xlwings and names this Python, so it needs no add-in (docs/windows.md). Default: "
        f"{TEMPLATE_DEFAULT_NAME} in the current folder (the next free name)",
    )
    t.add_argument(
        "--addin", action="store_true", help="leave xlwings' VBA out, as in the shipped template (for the xlwings add-in route)"
    )
    t.add_argument(
        "--force",
        action="store_true",
        help=f"replace an existing -o file (the checkout's shipped template {resources.TEMPLATE} is always rebuilt)",
    )
    t.set_defaults(func=cmd_template, extra="workbook")

    v = sub.add_parser("vba", help="write vba/xlwings_udfs.bas with xlwings' generator from xlengine.udfs")
    v.add_argument("-o", "--output", help=f"where to write; in a source checkout the default is {resources.UDFS_BAS}")
    v.add_argument(
        "--check",
        action="store_true",
        help="only check that the file (default: the module this xlengine carries) is up to date (exit 1 if not)",
    )
    v.add_argument(
        "--force", action="store_true", help="replace an existing file (the checkout's generated module is always rebuilt)"
    )
    v.set_defaults(func=cmd_vba, extra="workbook")
