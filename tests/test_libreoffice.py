"""LibreOffice, an independent reader without Python: the template prints its figures.

LibreOffice does not know the ENG_ functions; it shows the cached values the template
was built with. The PDF text must hold the headline figures as they print (the cells'
number formats), and no cell may print an error or a row of #####.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from xlengine.engine import case, register
from xlengine import resources
from libreoffice import convert

TEMPLATE = Path(__file__).resolve().parents[1] / resources.TEMPLATE  # the committed template

pytestmark = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) and poppler-utils (pdftotext) are needed: apt-get install libreoffice-calc-nogui poppler-utils",
)


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, str]:
    tmp = tmp_path_factory.mktemp("lo")
    book = tmp / "engagement_business_case.xlsm"
    shutil.copyfile(TEMPLATE, book)
    convert(book, "pdf", tmp, tmp / "profile")
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp / "engagement_business_case.pdf"), "-"],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    by_sheet: dict[str, str] = {}
    for page in text.split("\f"):
        lines = [line for line in page.splitlines() if line.strip()]
        if lines:  # the page header: "Engagement business case" left, the sheet name (&A) right
            sheet = re.split(r"\s{2,}", lines[0].strip())[-1]
            by_sheet[sheet] = by_sheet.get(sheet, "") + page
    return by_sheet


def _euro(v: float) -> str:
    return f"€ {v:,.0f}" if v >= 0 else f"-€ {-v:,.0f}"


def _headlines() -> dict[str, str]:
    s = case.compute(register.defaults()).summary()
    return {
        "total_benefits": _euro(s["total_benefits"]),
        "total_costs": _euro(s["total_costs"]),
        "net_benefit": _euro(s["net_benefit"]),
        "npv": _euro(s["npv"]),
        "roi": f"{s['roi'] * 100:.1f}%",
        "bcr": f"{s['bcr']:.2f}",
        "payback_months": f"{s['payback_months']:.1f}",
    }


def test_headlines_as_the_engine_formats_them_are_the_hand_worked_ones():
    assert _headlines() == {
        "total_benefits": "€ 669,455",
        "total_costs": "€ 250,000",
        "net_benefit": "€ 419,455",
        "npv": "€ 337,272",
        "roi": "167.8%",
        "bcr": "2.68",
        "payback_months": "12.9",
    }


@pytest.mark.parametrize("sheet", ["Business case", "Board"])
def test_pdf_holds_the_headline_figures(pages, sheet):
    text = pages[sheet]
    for name, shown in _headlines().items():
        assert shown in text, f"{sheet}: {name} should print as {shown}"


def test_no_cell_prints_an_error_or_hashes(pages):
    assert set(pages) >= {"Start", "Assumptions", "Teams", "Survey", "Business case", "Board", "xlwings.conf"}
    for sheet, text in pages.items():
        if sheet == "Start":  # its set-up text tells what to do when a cell shows #NAME?
            continue
        for bad in ("#NAME?", "#VALUE!", "#REF!", "#DIV/0!", "#N/A", "###", "Err:"):
            assert bad not in text, f"{sheet} prints {bad}"


def test_year_by_year_prints_the_cumulative_net(pages):
    # -16,109.09 after year 1, then + 217,781.82 each year: 201,672.73 and 419,454.55
    text = pages["Business case"]
    assert "-€ 16,109" in text and "€ 201,673" in text and "€ 419,455" in text


def test_libreoffice_reads_every_vba_module_whole(tmp_path):
    """A second independent reader of the VBA project: LibreOffice imports it into the .ods.

    LibreOffice drops the ``Attribute VB_`` lines and adds its own two header lines
    (``Rem Attribute VBA_ModuleType=VBAModule``, ``Option VBASupport 1``); the rest of
    each module must be our file, line for line.
    """
    import html
    import zipfile

    from xlengine.workbook import vba

    book = tmp_path / "t.xlsm"
    shutil.copyfile(TEMPLATE, book)
    convert(book, "ods", tmp_path, tmp_path / "profile")
    added = {"Rem Attribute VBA_ModuleType=VBAModule", "Option VBASupport 1"}
    with zipfile.ZipFile(tmp_path / "t.ods") as z:
        for name, source in vba.vba_modules().items():
            xml = z.read(f"Basic/VBAProject/{name}.xml").decode("utf-8")
            body = html.unescape(re.search(r"<script:module[^>]*>(.*)</script:module>", xml, re.S).group(1))
            got = [line for line in body.splitlines() if line not in added]
            want = [line for line in source.decode("cp1252").splitlines() if not line.startswith("Attribute VB_")]
            while got and not got[-1].strip():
                got.pop()
            while want and not want[-1].strip():
                want.pop()
            assert got == want, name


def test_decision_sheets_print_their_figures(pages):
    # Scenarios: the base column is the case (NPV 337,272); Sensitivity: the widest bar,
    # attribution at 70%: PV(benefits) 566,126.65 x 1.4 - PV(costs) 228,854.85 = 563,722.46
    assert "€ 337,272" in pages["Scenarios"]
    assert "Share of the improvement caused by the programme" in pages["Sensitivity"] and "€ 563,722" in pages["Sensitivity"]
    assert "P(NPV > 0)" in pages["Simulation"]
    assert "The story (English)" in pages["Board"] and "Het verhaal (Nederlands)" in pages["Board"]


def test_start_sheet_prints_the_three_windows_steps_and_the_lite_route_in_both_languages(pages):
    text = " ".join(pages["Start"].split())
    for phrase in (
        "1. Install, once per PC, in a Command Prompt: Python 3.10 or later if it is missing (winget install "
        "Python.Python.3.12, or python.org)",
        'py -m pip install "xlengine-0.1.0-py3-none-any.whl[workbook]"',
        "xlengine is not on the package index",
        "Installeer, eenmaal per pc",
        "2. Build your own workbook: py -m xlengine template -o my_case.xlsm",
        "Maak uw eigen werkmap",
        "3. Click 'Enable Content'",
        "Klik op 'Inhoud inschakelen'",
        "Blokkering opheffen",
        "xlengine lite -o lite",
        "Mac en Excel op het web: xlwings Lite",
    ):
        assert phrase in text, phrase
    # the add-in route's extra steps are gone from the set-up
    assert "References" not in text and "addin install" not in text and "Trust access" not in text


def test_a_libreoffice_round_trip_of_an_edited_copy_is_one_grouped_line(tmp_path, capsys):
    """openpyxl drops the saved values; LibreOffice recalculates on open without the ENG_
    functions and saves #NAME?/#VALUE!: the audit shows them as one line, --json lists each."""
    import json

    import openpyxl

    from xlengine import cli
    from xlengine.engine.errors import EXCEL_ERRORS

    book = openpyxl.load_workbook(TEMPLATE, keep_vba=True)
    book["Assumptions"]["B2"] = 150
    book.save(tmp_path / "edited.xlsm")
    (tmp_path / "lo").mkdir()
    convert(tmp_path / "edited.xlsm", "xlsm", tmp_path / "lo", tmp_path / "profile")
    saved = tmp_path / "lo" / "edited.xlsm"
    # the oracle: the formula cells LibreOffice saved with an error value (only =headcount and such survive)
    values, formulas = openpyxl.load_workbook(saved, data_only=True), openpyxl.load_workbook(saved)
    broken = [
        (ws.title, c.coordinate)
        for ws in formulas.worksheets
        for row in ws.iter_rows()
        for c in row
        if c.data_type == "f" and values[ws.title][c.coordinate].value in EXCEL_ERRORS
    ]
    assert len(broken) > 400
    capsys.readouterr()
    assert cli.main(["audit", str(saved)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"edited.xlsm: {len(broken)} error(s), 0 warning(s)" and lines[1] == ""
    assert len(lines) == 3 and lines[2].startswith(
        f"ERROR   {len(broken)} x stale-value (Assumptions!C3, Assumptions!D3, "
        f"Assumptions!E3 and {len(broken) - 3} more; --json lists every one). "
    )
    assert "saved by a program that could not compute it (LibreOffice, or Excel without xlengine)" in lines[2]
    assert cli.main(["audit", str(saved), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert sorted((f["sheet"], f["cell"]) for f in data["findings"] if f["check"] == "stale-value") == sorted(broken)
