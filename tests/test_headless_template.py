"""The headless path on the real template: filled in, computed, audited, reported.

Also a check of the template itself: the formula engine loads it and computes
every formula cell to the value xlengine's own engine gives.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

import oracle
from xlengine import cli
from xlengine import resources
from xlengine.engine import register
from xlengine.workbook import evaluate, layout
from xlengine.workbook.headless import fill_workbook


@pytest.fixture(scope="module")
def template_file() -> Path:
    """The committed template."""
    return Path(__file__).resolve().parents[1] / resources.TEMPLATE


@pytest.fixture(scope="module")
def template_evaluation(template_file):
    return evaluate.evaluate(template_file)


def run(argv, capsys):
    rc = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return rc, out, err


def test_formula_engine_computes_every_template_cell_to_the_engines_value(template_evaluation):
    ev = template_evaluation
    assert not ev.unsupported
    cells = ev.by_cell
    # Every formula cell of the layout is a formula in the file ...
    missing = [k for k in layout.FORMULAS if k not in cells]
    assert not missing
    # ... and computes to the value the template saved (written from xlengine's engine).
    differ = [
        (f.sheet, f.cell, f.cached, f.value)
        for f in ev.formula_cells
        if f.cached not in (None, "", 0) and not _same(f.cached, f.value)
    ]
    assert not differ
    # The headlines, against the embedded example worked out by hand.
    for name, (sheet, cell) in layout.HEADLINES.items():
        assert ev.value(sheet, cell) == pytest.approx(oracle.SUMMARY[name], rel=1e-12), name


def _same(a, b):
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return b == pytest.approx(a, rel=1e-9, abs=1e-6)
    return str(a) == str(b)


def test_clean_template_passes_the_audit(template_file, capsys):
    rc, out, _ = run(["audit", template_file], capsys)
    assert rc == 0, out
    assert "clean" in out


@pytest.fixture(scope="module")
def filled_report(template_file, tmp_path_factory):
    """The template filled with headcount 100 (openpyxl, on a copy) plus a controller's own formula."""
    d = tmp_path_factory.mktemp("filled")
    values = {**register.defaults(), "headcount": 100}
    filled = fill_workbook(template_file, d / "hr_filled.xlsm", values)
    book = openpyxl.load_workbook(filled, keep_vba=True)
    (s1, first), (_, last) = layout.HEADLINES["turnover_savings"], layout.HEADLINES["productivity_savings"]
    book[s1]["H2"] = f"=SUM({first}:{last})*ENG_ROI(300,100)"
    book.save(filled)
    before = filled.read_bytes()
    rc = cli.main(["compute", str(filled), "-o", str(d / "report.xlsx"), "--json"])
    return d, filled, before, rc


def test_filled_template_report_holds_engine_values_and_controller_result(filled_report):
    d, filled, before, rc = filled_report
    assert rc == 0
    assert filled.read_bytes() == before  # the input is only read
    # headcount 100 instead of 200: every lever is linear in headcount, so each gross saving
    # halves: turnover 124,727.27, absence 90,000, productivity 120,000 (see test_headless);
    # the controller's cell is their sum x ENG_ROI(300,100) = 334,727.27 x 2 = 669,454.55
    levers = 249_454.5454545 / 2 + 180_000 / 2 + 240_000 / 2
    report = openpyxl.load_workbook(d / "report.xlsx")
    assert report["Business case"]["H2"].value == pytest.approx(levers * 2)
    trail = {(r[0], r[1]): (r[2], r[3]) for r in report["Audit trail"].iter_rows(min_row=2, values_only=True)}
    sheet, cell = layout.HEADLINES["total_benefits"]
    assert trail[(sheet, cell)][1] == pytest.approx(levers)
    assert trail[("Business case", "H2")][1] == pytest.approx(levers * 2)
    board = report["Board"]
    shown = {board.cell(r, 1).value: board.cell(r, 2).value for r in range(5, 15)}
    # ROI = 334,727.27 / 250,000 - 1 = 33.89%
    assert shown["ROI"] == pytest.approx(levers / 250_000 - 1)


@pytest.mark.skipif(
    not shutil.which("soffice") or not shutil.which("pdftotext"), reason="LibreOffice or poppler-utils not installed"
)
def test_filled_template_report_prints_to_pdf_with_its_figures(filled_report, tmp_path):
    d, *_ = filled_report
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path / 'lo'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(d / "report.xlsx"),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "report.pdf"), "-"], capture_output=True, text=True).stdout
    # benefits 334,727 - costs 250,000 -> ROI 33.9%, BCR 1.34; net 84,727
    for figure in ("€ 334,727", "33.9%", "1.34", "€ 84,727"):
        assert figure in text, figure


def test_typed_number_over_a_template_formula_is_found(template_file, template_evaluation, tmp_path, capsys):
    # the first plain (not array) ENG_ formula cell of the template, overwritten with a number
    sheet, cell = next(
        (f.sheet, f.cell)
        for f in template_evaluation.formula_cells
        if f.array_range is None and "ENG_" in f.formula and (f.sheet, f.cell) in layout.FORMULAS
    )
    filled = fill_workbook(template_file, tmp_path / "override.xlsm", register.defaults())
    book = openpyxl.load_workbook(filled, keep_vba=True)
    book[sheet][cell] = 123_456
    book.save(filled)
    rc, out, _ = run(["audit", filled, "--json"], capsys)
    data = json.loads(out)
    assert rc == 1
    assert [(f["sheet"], f["cell"]) for f in data["findings"] if f["check"] == "overwritten-formula"] == [(sheet, cell)]


def test_demo_fills_the_template_computes_and_writes_the_report(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    rc, out, err = run(["demo"], capsys)
    assert rc == 0, err
    report = tmp_path / "xlengine_demo_report.xlsx"
    assert report.is_file()
    assert "CBS (Statistics Netherlands) absence rate 2022" in out  # the summary with sources stays
    assert f"Board report (values only, no macros): {report}" in out
    assert "EUR 337,272" in out
    # a second run never replaces the first report
    rc, out, _ = run(["demo"], capsys)
    assert rc == 0 and (tmp_path / "xlengine_demo_report (2).xlsx").is_file()


def test_one_bad_input_is_one_finding_at_its_cell_with_its_consequences_counted(template_file, tmp_path, capsys):
    # 12 typed for 12%: every formula that reads the assumptions shows #VALUE!, one finding says so
    book = openpyxl.load_workbook(template_file, keep_vba=True)
    sheet, cell = layout.ASSUMPTION_CELL["turnover_before"]
    book[sheet][cell] = 12
    book.save(tmp_path / "typo.xlsm")
    rc, out, _ = run(["audit", tmp_path / "typo.xlsm", "--json"], capsys)
    data = json.loads(out)
    assert rc == 1
    # the oracle: every cell showing #VALUE! in a fresh computation (the template itself has none)
    errors = [f for f in evaluate.evaluate(tmp_path / "typo.xlsm").formula_cells if f.value == "#VALUE!"]
    assert len(errors) > 300 and not [f for f in evaluate.evaluate(template_file).formula_cells if f.value == "#VALUE!"]
    # one finding for the cell, one for the file saved without values (openpyxl), nothing else
    assert [(f["check"], f["sheet"], f["cell"]) for f in data["findings"]] == [
        ("missing-values", "Assumptions", "C3"),
        ("allowed-range", sheet, cell),
    ]
    typo = data["findings"][1]
    assert typo["dependents"] == len(errors)
    assert typo["problem"] == (
        f"turnover_before = 12 looks like a percentage typed as a whole number; {len(errors)} formula "
        "cells that depend on it show #VALUE! (the headline results among them)"
    )
    assert typo["fix"] == "enter 12% or 0.12"
    rc, out, _ = run(["audit", tmp_path / "typo.xlsm"], capsys)
    assert out.splitlines()[0] == "typo.xlsm: 2 error(s), 0 warning(s)"


def test_an_openpyxl_edited_copy_is_one_finding_recompute(template_file, tmp_path, capsys):
    # openpyxl keeps the formulas and drops every saved value: LibreOffice shows #NAME?/#VALUE!
    book = openpyxl.load_workbook(template_file, keep_vba=True)
    book["Assumptions"]["B2"] = 150
    book.save(tmp_path / "edited.xlsm")
    rc, out, _ = run(["audit", tmp_path / "edited.xlsm"], capsys)
    assert rc == 1
    n = len(layout.FORMULAS) + len(layout.RANGE_FORMULAS)  # every formula cell of the template (431), none with a value now
    assert out.splitlines()[0] == "edited.xlsm: 1 error(s), 0 warning(s)"
    assert out.splitlines()[2] == (
        f"ERROR   Assumptions!C3: this and {n - 1} other formula cells (of {n}) have no saved value: the file was last saved by "
        "a program that does not calculate (such as openpyxl or a script), so Excel without xlengine, LibreOffice and previews "
        "show #NAME?, #VALUE! or blanks instead of the figures; recompute with `xlengine compute` (a board report with every "
        "figure fresh), or open the workbook in Excel with xlengine loaded, recalculate (Ctrl+Alt+F9) and save it"
    )


def test_a_report_is_not_audited_as_a_workbook(template_file, tmp_path, capsys):
    assert run(["compute", template_file, "-o", tmp_path / "report.xlsx"], capsys)[0] == 0
    rc, out, err = run(["audit", tmp_path / "report.xlsx"], capsys)
    assert (rc, out) == (2, "")
    assert err == (
        "xlengine: report.xlsx is a board report written by xlengine compute (values only, no formulas to check), "
        "not a workbook: audit the workbook it was made from (engagement_business_case.xlsm).\n"
    )
