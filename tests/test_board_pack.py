"""The board pack (PDF) as a reader gets it: rendered to PNG (pdftoppm) and read back as
text (pdftotext); and the .xlsx report as it prints.

Figures are checked against the hand-worked example (tests/oracle.py), the workbook's own
cells (the Simulation sheet, computed by the formula engine) and hashlib, never against
the pack's own code.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest

from xlengine import __version__, cli, extras, resources
from xlengine.decision import board
from xlengine.engine.case import compute
from xlengine.engine.register import defaults

import oracle

pytestmark = pytest.mark.skipif(
    not (shutil.which("pdftoppm") and shutil.which("pdftotext")), reason="poppler-utils (pdftoppm, pdftotext) not installed"
)

NPV = oracle.npv(oracle.cash_flows())  # 337,271.80: numpy_financial on the hand-worked cash flows


@pytest.fixture(scope="module")
def packs(tmp_path_factory):
    """The shipped template's board pack in English and in Dutch, through `xlengine report`."""
    d = tmp_path_factory.mktemp("pack")
    workbook = resources.path_of(resources.TEMPLATE)
    out = {}
    for lang in ("en", "nl"):
        target = d / f"board_{lang}.pdf"
        assert cli.main(["report", str(workbook), "-o", str(target), "--language", lang]) == 0
        out[lang] = target
    return workbook, out


def _text(pdf: Path, layout: bool = False) -> str:
    args = ["pdftotext"] + (["-layout"] if layout else []) + [str(pdf), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True, timeout=60).stdout


def _pages(pdf: Path, tmp_path: Path) -> list[np.ndarray]:
    from PIL import Image

    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / pdf.stem)], check=True, timeout=120)
    return [np.asarray(Image.open(p).convert("L")) for p in sorted(tmp_path.glob(f"{pdf.stem}-*.png"))]


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_six_landscape_pages_none_mostly_empty(packs, lang, tmp_path):
    pages = _pages(packs[1][lang], tmp_path)
    # decision, story, uncertainty, teams, appendix on two pages
    assert len(pages) == 6
    for n, page in enumerate(pages, start=1):
        height, width = page.shape
        assert width > height, f"page {n} is not landscape"
        ink = float((page < 235).mean())  # share of pixels that are not paper white
        assert ink > 0.05, f"page {n} is mostly empty ({ink:.1%} ink)"


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_the_npv_and_the_first_sentence_of_the_story_are_in_the_text(packs):
    _, pdfs = packs
    en, nl = _flat(_text(pdfs["en"])), _flat(_text(pdfs["nl"]))
    assert f"EUR {NPV:,.0f}" in en  # EUR 337,272
    assert f"€ {NPV:,.0f}".replace(",", ".") in nl  # € 337.272
    # The story's first sentence, from the hand-worked example: 200 x 12% = 24 leavers at 31,182.
    leavers = round(oracle.HEADCOUNT * 0.12)
    each = round(oracle.COST_PER_LEAVER)
    together = round(oracle.HEADCOUNT * 0.12 * oracle.COST_PER_LEAVER)
    assert (
        f"Turnover is 12% a year today: {leavers} leavers in 200 FTE, each costing EUR {each:,} to replace, "
        f"together EUR {together:,} a year."
    ) in en
    dutch = lambda x: f"{x:,}".replace(",", ".")  # noqa: E731 - thousands with a point
    assert (
        f"Het verloop is nu 12% per jaar: {leavers} vertrekkers op 200 FTE, elk € {dutch(each)} om te vervangen, "
        f"samen € {dutch(together)} per jaar."
    ) in nl


def test_dutch_characters_are_in_the_dutch_pack_in_an_embedded_font(packs):
    pdf = packs[1]["nl"]
    text = _text(pdf)
    assert "financiële" in text and "één" in text
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True, timeout=60).stdout
    dejavu = [line for line in fonts.splitlines() if "DejaVuSans" in line]
    assert dejavu and all(" yes " in line for line in dejavu)  # embedded: no system font needed to read it


def test_the_stamp_names_the_input_file_by_its_sha256(packs):
    workbook, pdfs = packs
    digest = hashlib.sha256(Path(workbook).read_bytes()).hexdigest()
    for lang, pdf in pdfs.items():
        text = _text(pdf)
        hashes = re.findall(r"\b[0-9a-f]{64}\b", text)
        assert hashes == [digest], lang
        assert __version__ in text
    assert "10,000 draws, seed 1" in _text(pdfs["en"])
    assert "10.000 trekkingen, startgetal 1" in _text(pdfs["nl"])


def test_the_monte_carlo_band_is_the_workbooks_own(packs):
    """P5 and P95 on the decision page equal the Simulation sheet's cells, which the formula
    engine computes with ENG_SIMULATION_RESULT (another path through the same draws)."""
    from xlengine.workbook.evaluate import evaluate

    workbook, pdfs = packs
    ev = evaluate(Path(workbook))
    p5, p95 = ev.value("Simulation", "B9"), ev.value("Simulation", "D9")
    assert f"EUR {p5:,.0f} – EUR {p95:,.0f}" in _text(pdfs["en"])


def test_every_team_and_assumption_is_in_the_pack(packs):
    from xlengine.engine.register import REGISTER

    text = _flat(_text(packs[1]["en"]))
    for team in ("Operations", "Sales", "Customer service", "Head office"):
        assert team in text
    for a in REGISTER:
        if a.group == "absence_in_full" and a.key != "absence_in_full":
            continue  # listed only with the absence cost in full on (the template has it off)
        assert _flat(a.label_en) in text, a.key


def test_the_absence_cost_in_full_is_listed_when_it_is_on():
    from xlengine.decision.board import assumption_appendix
    from xlengine.engine.register import REGISTER, defaults

    group = {a.key for a in REGISTER if a.group == "absence_in_full"}
    off = {r["key"] for r in assumption_appendix(defaults())}
    on = {r["key"] for r in assumption_appendix({**defaults(), "absence_in_full": 1.0})}
    assert off & group == {"absence_in_full"} and group <= on and on - off == group - {"absence_in_full"}


def test_compute_and_demo_write_the_pack_for_a_pdf_name(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["demo", "-o", "demo.pdf"]) == 0
    assert "Board pack (PDF)" in capsys.readouterr().out
    assert (tmp_path / "demo.pdf").read_bytes()[:5] == b"%PDF-"
    assert cli.main(["compute", str(resources.path_of(resources.TEMPLATE)), "-o", "x.pdf", "--language", "nl"]) == 0
    assert "Bestuurspakket (PDF)" in capsys.readouterr().out
    assert (tmp_path / "x.pdf").read_bytes()[:5] == b"%PDF-"


def test_report_refuses_a_name_that_is_not_a_pdf(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["report", str(resources.path_of(resources.TEMPLATE)), "-o", "board.xlsx"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("xlengine: -o board.xlsx does not end in .pdf") and err.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_the_pack_without_its_extra_says_which_to_install(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setitem(sys.modules, "reportlab", None)  # as if it were not installed
    assert cli.main(["report", str(resources.path_of(resources.TEMPLATE)), "-o", "board.pdf"]) == 2
    assert capsys.readouterr().err == (
        "xlengine: a board pack (PDF) needs the report extra: pip install "
        f'"{extras.install_target("report")}" (not installed: reportlab).\n'
    )
    assert list(tmp_path.iterdir()) == []


# --- the decision layer's part -------------------------------------------------------------


@pytest.mark.parametrize(
    "prob, start",
    [
        (0.95, "Approve the programme:"),
        (0.90, "Approve the programme:"),
        (0.89, "Approve the programme in stages:"),
        (0.50, "Approve the programme in stages:"),
        (0.49, "Do not approve"),
    ],
)
def test_recommendation_follows_the_probability_of_a_positive_npv(prob, start):
    assert board.recommendation(compute(defaults()), prob, "en").startswith(start)


def test_a_negative_npv_is_never_approved():
    a = {**defaults(), "programme_cost_one_off": 900_000}
    result = compute(a)
    assert result.npv < 0
    assert board.recommendation(result, 0.99, "en").startswith("Do not approve")
    assert board.recommendation(result, 0.99, "nl").startswith("Keur het programma niet goed")


def test_footnotes_are_numbered_from_one_without_gaps_and_cite_the_register():
    from xlengine.engine.register import BY_KEY

    marks, notes = board.footnotes(defaults(), "en")
    used = sorted({n for numbers in marks.values() for n in numbers})
    assert used == list(range(1, len(notes) + 1))
    # first use first: the problem section's notes come first, in order
    assert marks["problem"] == tuple(range(1, len(marks["problem"]) + 1))
    assert any(note.startswith(BY_KEY["absence_before"].citation) for note in notes)
    # figures the organisation entered are cited as its own
    own = board.footnotes(defaults(), "en", given={"turnover_before"})[1]
    assert any(n.startswith("The organisation's own figures: annual turnover rate before") for n in own)


def test_realised_results_add_a_page(tmp_path):
    from xlengine.workbook.board_pdf import Stamp, write_board_pack

    figures = board.board_figures(
        defaults(),
        "en",
        draws=500,
        realised=[
            board.Realised("Turnover rate after the programme", "fraction", 0.08, 0.09),
            board.Realised("Absence rate after the programme", "fraction", 0.041, None),
        ],
    )
    target = tmp_path / "with_results.pdf"
    write_board_pack(target, figures, Stamp.now("book.xlsm", "0" * 64))
    text = _flat(_text(target))
    assert "Planned and realised" in text and "not yet measured" in text and "9%" in text
    assert len(_pages(target, tmp_path)) == 6  # no teams page (none given), one results page


# --- the .xlsx report as it prints ---------------------------------------------------------------


@pytest.fixture(scope="module")
def xlsx_report(tmp_path_factory):
    d = tmp_path_factory.mktemp("xlsx")
    target = d / "report.xlsx"
    assert cli.main(["compute", str(resources.path_of(resources.TEMPLATE)), "-o", str(target)]) == 0
    return target


def test_every_sheet_of_the_report_prints_landscape_a4_one_page_wide(xlsx_report):
    import openpyxl

    book = openpyxl.load_workbook(xlsx_report)
    assert "Start" not in book.sheetnames
    for ws in book.worksheets:
        assert ws.page_setup.orientation == "landscape", ws.title
        assert ws.page_setup.paperSize in (9, "9"), ws.title
        assert ws.print_area, ws.title
        if ws.title != "Board":  # the Board has a fixed scale for its page break
            assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth in (1, None), ws.title
    assert book["Audit trail"].print_title_rows.replace("$", "") == "1:1"  # the header on every page
    assert "A2:I2" in {str(r) for r in book["Sensitivity"].merged_cells.ranges}
    # the Sensitivity sheet's spanned widths survive (C:E and F:I in the template)
    widths = {c: d.width for d in book["Sensitivity"].column_dimensions.values() for c in range(d.min, d.max + 1)}
    assert widths[5] == pytest.approx(widths[3]) and widths[9] == pytest.approx(widths[6])


def test_the_reports_board_charts_the_tornado_and_the_distribution(xlsx_report):
    with zipfile.ZipFile(xlsx_report) as z:
        charts = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart")]
    titles = " ".join(re.findall(r"<a:t>([^<]*)</a:t>", " ".join(charts)))
    assert "What moves the NPV most" in titles and "NPV distribution" in titles
    assert sum('barDir val="bar"' in c for c in charts) == 1  # the tornado: horizontal bars


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice not installed")
def test_libreoffice_prints_each_copied_sheet_readably(xlsx_report, tmp_path):
    """Printed by LibreOffice: the Sensitivity copy on one page (not a word per line over
    three), the Board on two, no Start page."""
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(xlsx_report),
        ],
        capture_output=True,
        check=True,
        timeout=300,
    )
    text = _text(tmp_path / "report.pdf")
    footers = re.findall(r"^(.*) \(values only\)$", text, flags=re.M)
    assert footers.count("Sensitivity") == 1
    assert footers.count("Scenarios") == 1
    assert "Start" not in footers
    assert text.count("xlengine board report") == 2


def test_many_teams_odd_names_and_no_payback_still_make_a_readable_pack(tmp_path):
    """30 teams (the table shows the 12 biggest and says how many more), names with markup
    characters (shown as text), and a programme too costly to pay back."""
    from xlengine.decision import teams
    from xlengine.workbook.board_pdf import Stamp, write_board_pack

    a = {**defaults(), "programme_cost_one_off": 2_000_000}
    assert compute(a).npv < 0
    names = [f"<b>Team & {i}</b>" for i in range(30)]
    rows = [["team", "headcount"]] + [[n, 5 + i] for i, n in enumerate(names)]
    figures = board.board_figures(a, "en", draws=500, teams=teams.parse_table(rows))
    target = tmp_path / "costly.pdf"
    write_board_pack(target, figures, Stamp.now("costly.xlsm", "1" * 64))
    text = _flat(_text(target))
    assert "<b>Team & 29</b>" in text  # the biggest team first, as text
    assert "18 more teams" in text
    assert "No payback within 3 years" in text
    assert "Do not approve the programme as planned" in text
    pages = _pages(target, tmp_path)
    assert len(pages) == 6 and all(float((p < 235).mean()) > 0.05 for p in pages)


def test_a_bad_draws_cell_stops_the_pack_but_not_the_xlsx_report(tmp_path, monkeypatch, capsys):
    import openpyxl

    monkeypatch.chdir(tmp_path)
    book = openpyxl.load_workbook(resources.path_of(resources.TEMPLATE), keep_vba=True)
    book["Simulation"]["B4"].value = 0
    book.save(tmp_path / "bad.xlsm")
    assert cli.main(["report", "bad.xlsm", "-o", "board.pdf"]) == 2
    assert capsys.readouterr().err.startswith("xlengine: Simulation!B4 (simulation_draws): simulation_draws = 0")
    assert not (tmp_path / "board.pdf").exists()
    cli.main(["compute", "bad.xlsm", "-o", "report.xlsx"])
    board_sheet = openpyxl.load_workbook(tmp_path / "report.xlsx")["Board"]
    notes = [c.value for row in board_sheet.iter_rows() for c in row if isinstance(c.value, str) and "left out" in c.value]
    assert notes and "Simulation!B4" in notes[0]
