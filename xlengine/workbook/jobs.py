"""The workbook jobs: compute a filled-in workbook and write its board report, audit it,
and run the embedded example through a filled-in copy of the template.

Used by the command line (:mod:`xlengine.cli.workbook`) and the workbook's buttons
(:mod:`xlengine.workbook.macros`); no printing here.
"""

from __future__ import annotations

from pathlib import Path

from ..engine.errors import InputError
from . import safe_io


def default_report_path(workbook: Path) -> Path:
    """<stem>_report.xlsx in the current directory: never next to, nor over, the user's file."""
    return Path.cwd() / f"{Path(workbook).stem}_report.xlsx"


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

    from .. import resources
    from ..engine import register
    from .headless import fill_workbook

    with tempfile.TemporaryDirectory(prefix="xlengine-demo-") as tmp, resources.as_file(resources.TEMPLATE) as source:
        filled = fill_workbook(source, Path(tmp, "engagement_business_case_example.xlsm"), register.defaults())
        # The demo's default name never replaces anything: it takes the next free name.
        target = Path(output) if output else first_free(Path.cwd() / "xlengine_demo_report.xlsx")
        return run_compute(filled, target, force, language)


def audit_workbook(workbook: Path):
    """(evaluation, findings) of the workbook against the template's formulas and names."""
    from .audit import audit
    from .evaluate import evaluate

    ev = evaluate(Path(workbook))
    formulas, names = template_formulas()
    return ev, audit(ev, formulas, names)


