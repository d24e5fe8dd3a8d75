"""The workbook jobs: compute a filled-in workbook and write its board report, audit it,
and run the embedded example through a filled-in copy of the template.

Used by the command line (:mod:`xlengine.cli.workbook`) and the workbook's buttons
(:mod:`xlengine.workbook.macros`); no printing here.
"""

from __future__ import annotations

from pathlib import Path

from ..extras import require_extra
from . import safe_io

require_extra("workbook")  # the libraries this module uses, or the sentence naming the extra


def default_report_path(workbook: Path) -> Path:
    """<stem>_report.xlsx in the current directory: never next to, nor over, the user's file."""
    return Path.cwd() / f"{Path(workbook).stem}_report.xlsx"


def is_pdf(path: Path | None) -> bool:
    """Whether ``path`` names a PDF: the board pack instead of the .xlsx report."""
    return path is not None and Path(path).suffix.lower() == ".pdf"


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes, as ``sha256sum`` prints it (the pack's stamp)."""
    import hashlib

    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_pack(target: Path, computed, source_name: str, sha256: str, language: str = "en") -> None:
    """The board pack (PDF) of a computed workbook: figures from the decision layer, laid out by board_pdf."""
    from ..decision.board import board_figures
    from .board_pdf import Stamp, write_board_pack
    from .headless import decision_inputs

    inputs = decision_inputs(computed)
    figures = board_figures(inputs.assumptions, language, draws=inputs.draws, seed=inputs.seed, given=inputs.given,
                            teams=inputs.teams, realised=inputs.realised)
    write_board_pack(target, figures, Stamp.now(source_name, sha256))


def run_compute(workbook: Path, output: Path | None, force: bool, language: str = "en"):
    """Compute the workbook and write the report (an .xlsx, or the board pack when ``output``
    ends in .pdf); returns (computed, report path)."""
    from .. import resources
    from .headless import compute_workbook
    from .report import write_report

    workbook = Path(workbook)
    # The default name never replaces an earlier report (the next free name, as demo's);
    # --force without -o replaces it.
    target = Path(output) if output else default_report_path(workbook) if force else first_free(default_report_path(workbook))
    if is_pdf(target):
        from ..extras import require_extra

        require_extra("report", "a board pack (PDF)")
    protect = {workbook: "the input workbook"}
    template = resources.path_of(resources.TEMPLATE)
    if template is not None:
        protect[template] = "the package's own template"
    # Refuse before the work: an existing report is kept unless --force, the folder must be writable.
    safe_io.check_target(target, force=force, protect=protect)
    computed = compute_workbook(workbook, language)
    shown_name = safe_io.printable(workbook.name)  # a name that is not UTF-8 cannot go into the report as it is
    if is_pdf(target):
        sha256 = file_sha256(workbook)
        safe_io.write_new(target, lambda tmp: write_pack(tmp, computed, shown_name, sha256, language),
                          force=force, protect=protect)
    else:
        safe_io.write_new(target, lambda tmp: write_report(tmp, computed, shown_name, language),
                          force=force, protect=protect)
    return computed, target


def template_formulas() -> tuple[dict | None, dict | None]:
    """The template's formula cells and its defined names with their cells (from its layout)."""
    try:
        from . import layout  # the template's layout
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
    from .audit import audit, require_workbook
    from .evaluate import evaluate

    ev = evaluate(Path(workbook))
    require_workbook(ev)
    formulas, names = template_formulas()
    return ev, audit(ev, formulas, names)


