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

#: The board report: an .xlsx workbook (values only, no macros) or the board pack (.pdf); any other name is refused.
REPORT_SUFFIXES = (".xlsx", ".pdf")


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
    figures = board_figures(
        inputs.assumptions,
        language,
        draws=inputs.draws,
        seed=inputs.seed,
        given=inputs.given,
        teams=inputs.teams,
        realised=inputs.realised,
    )
    write_board_pack(target, figures, Stamp.now(source_name, sha256))


def run_compute(workbook: Path, output: Path | None, force: bool, language: str = "en"):
    """Compute the workbook and write the report (an .xlsx, or the board pack when ``output``
    ends in .pdf); returns (computed, report path)."""
    from .headless import compute_workbook
    from .report import write_report

    workbook = Path(workbook)
    # The default name never replaces an earlier report (the next free name, as demo's);
    # --force without -o replaces it.
    target = Path(output) if output else default_report_path(workbook) if force else first_free(default_report_path(workbook))
    if is_pdf(target):
        from ..extras import require_extra

        require_extra("report", "a board pack (PDF)")
    protect = check_report_target(target, force, workbook)
    computed = compute_workbook(workbook, language)
    computed.tampered = tamper_check(computed)
    shown_name = safe_io.printable(workbook.name)  # a name that is not UTF-8 cannot go into the report as it is
    if is_pdf(target):
        sha256 = file_sha256(workbook)
        safe_io.write_new(
            target,
            lambda tmp: write_pack(tmp, computed, shown_name, sha256, language),
            force=force,
            protect=protect,
            suffixes=REPORT_SUFFIXES,
        )
    else:
        safe_io.write_new(
            target,
            lambda tmp: write_report(tmp, computed, shown_name, language),
            force=force,
            protect=protect,
            suffixes=REPORT_SUFFIXES,
        )
    return computed, target


def check_report_target(target: Path, force: bool, workbook: Path | None = None) -> dict:
    """Refuse a report path before the work (an existing report is kept unless ``force``; never
    the input, the package's template, a device; an .xlsx or .pdf name; a writable folder); returns
    the paths protected."""
    from .. import resources

    protect = {Path(workbook): "the input workbook"} if workbook is not None else {}
    template = resources.path_of(resources.TEMPLATE)
    if template is not None:
        protect[template] = "the package's own template"
    safe_io.check_target(Path(target), force=force, protect=protect, suffixes=REPORT_SUFFIXES)
    return protect


def tamper_check(computed) -> list[str]:
    """The headline figures a board must not trust, each as a sentence: a headline cell
    typed over or its formula replaced, an assumption's defined name moved (the audit's own
    findings, :func:`.audit.check_template_formulas` and :func:`.audit.check_names`), and
    any headline that differs from the case the engine computes from the workbook's
    assumptions, whatever the cause: the report would show two different figures.
    """
    import math

    from ..engine import register
    from .audit import check_names, check_template_formulas
    from .headless import where

    ev = computed.evaluation
    formulas, names = template_formulas()
    cells = {(h.sheet, h.cell) for h in computed.headlines}
    findings = check_template_formulas(ev, {loc: f for loc, f in (formulas or {}).items() if loc in cells})
    findings += [
        f for f in check_names(ev, {k: v for k, v in (names or {}).items() if k in register.BY_KEY}) if f.check == "moved-name"
    ]
    out = [f"{where(f.sheet, f.cell) if f.cell else f.sheet}: {f.problem}; {f.fix}." for f in findings]
    flagged = {(f.sheet, f.cell) for f in findings}
    engine = computed.case.summary()
    differ = [
        (h, engine[h.name])
        for h in computed.headlines
        if h.name in engine
        and h.is_number
        and (h.sheet, h.cell) not in flagged
        and not math.isclose(float(h.value), engine[h.name], rel_tol=1e-9, abs_tol=1e-6)
    ]
    if differ:  # one sentence: one cause (a moved name) changes every headline
        differ.sort(key=lambda d: d[0].name != "npv")
        h, figure = differ[0]
        more = f"; and {len(differ) - 1} other headline{'s' * (len(differ) > 2)}" if len(differ) > 1 else ""
        out.append(
            f"{h.label} ({where(h.sheet, h.cell)}) shows {_figure(h.value)}, but the case computed from the workbook's "
            f"assumptions gives {_figure(figure)}{more}: a cell was typed over, a formula changed or a defined name "
            "moved, so the report would show two different figures; run xlengine audit and restore the template's "
            "formulas and names."
        )
    return out


def _figure(x) -> str:
    return f"{float(x):,.0f}" if abs(float(x)) >= 1000 else f"{float(x):.4g}"


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
