"""Headless compute and audit of a filled-in workbook, the board report, never losing data.

The workbooks here follow the template's contract (tests/headless_book.py). Expected
figures are worked out by hand from the register's defaults (the embedded example):

  leavers avoided   = 200 x (12% - 8%)                                  = 8 per year
  cost per leaver   = 5,000 + 3,000 + 30 x 60,000/220 + 6/12 x 60,000 x 50% = 31,181.82
  turnover, gross   = 8 x 31,181.82                                     = 249,454.55 per year
  absence, gross    = 200 x 220 x (5.6% - 4.1%) x 60,000/220 x 100%     = 180,000 per year
  productivity      = 200 x 60,000 x 2%                                 = 240,000 per year
  counted share     = attribution 50% x confidence 80%                  = 40%
  over 3 years      = 40% x (year-1 effect 50% + 1 + 1)                 = 1.0 x the gross year
  => lever totals 249,454.55 / 180,000 / 240,000; total benefits 669,454.55
  costs             = 100,000 + 3 x 50,000                              = 250,000
  ROI = 669,454.55 / 250,000 - 1 = 167.78%; BCR = 2.6778
  net by year: start -100,000; year 1 0.4 x 0.5 x 669,454.55 - 50,000 = 83,890.91; then
  267,781.82 - 50,000 = 217,781.82 (x2)
  NPV at 8% = -100,000 + 83,890.91/1.08 + 217,781.82/1.08^2 + 217,781.82/1.08^3 = 337,271.8
  payback: 16,109.09 of year 2's 217,781.82 -> 12 + 12 x 0.07397 = 12.89 months
"""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import headless_book as hb
from xlengine import cli
from xlengine.engine.errors import InputError
from xlengine.workbook import audit as audit_mod
from xlengine.workbook import evaluate, jobs, safe_io

TURNOVER = 8 * (5_000 + 3_000 + 30 * 60_000 / 220 + 6 / 12 * 60_000 * 0.5)  # 249,454.55
ABSENCE = 200 * 220 * (0.056 - 0.041) * 60_000 / 220  # 180,000
PRODUCTIVITY = 200 * 60_000 * 0.02  # 240,000
BENEFITS = TURNOVER + ABSENCE + PRODUCTIVITY  # 669,454.55
COSTS = 100_000 + 3 * 50_000  # 250,000
NET = [-100_000, 0.4 * 0.5 * BENEFITS - 50_000, 0.4 * BENEFITS - 50_000, 0.4 * BENEFITS - 50_000]
NPV = sum(n / 1.08**y for y, n in enumerate(NET))  # 337,271.8 (year 0 undiscounted)
CONTROLLER = "=SUM(H2:H4)*ENG_ROI(300,100)"  # (lever totals) x (300-100)/100 = 669,454.55 x 2
CONTROLLER_VALUE = BENEFITS * 2.0


def run(argv, capsys):
    rc = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return rc, out, err


def files_in(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


@pytest.fixture(scope="module")
def computed_report(tmp_path_factory):
    """One filled workbook with a controller formula and hostile team names, computed once."""
    d = tmp_path_factory.mktemp("compute")
    book = hb.build(
        d / "filled.xlsx",
        extra_formulas=[("Business case", "J2", CONTROLLER, CONTROLLER_VALUE)],
        teams=("Sales", '=HYPERLINK("http://evil.example","click")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(1)"),
    )
    before = (book.read_bytes(), book.stat().st_mtime_ns)
    rc = cli.main(["compute", str(book), "-o", str(d / "report.xlsx"), "--json"])
    return d, book, before, rc


@pytest.fixture
def fixture_layout(monkeypatch):
    """Audit against the fixture's template formulas (the real template's come from its layout)."""
    names = {n: ("Business case", cell) for n, (cell, _) in hb.HEADLINE_CELLS.items()}
    monkeypatch.setattr(jobs, "template_formulas", lambda: (hb.FORMULAS, names))


# --- compute ----------------------------------------------------------------------------


def test_compute_report_holds_engine_values_and_the_controller_formula(computed_report):
    d, book, before, rc = computed_report
    assert rc == 0
    report = openpyxl.load_workbook(d / "report.xlsx")
    board = report["Board"]
    shown = {board.cell(r, 1).value: board.cell(r, 2).value for r in range(5, 15)}  # the headline table
    assert shown["NPV"] == pytest.approx(NPV, abs=0.01)
    assert shown["ROI"] == pytest.approx(BENEFITS / COSTS - 1)
    assert shown["BCR"] == pytest.approx(BENEFITS / COSTS)
    assert shown["Payback (months)"] == pytest.approx(12 + 12 * (-(NET[0] + NET[1]) / NET[2]))  # start + year 1 still negative
    assert shown["Turnover savings (3 years)"] == pytest.approx(TURNOVER)
    # The controller's own formula: evaluated, in the values-only copy and in the audit trail.
    assert report["Business case"]["J2"].value == pytest.approx(CONTROLLER_VALUE)
    trail = {(r[0], r[1]): (r[2], r[3]) for r in report["Audit trail"].iter_rows(min_row=2, values_only=True)}
    assert trail[("Business case", "J2")] == (CONTROLLER, pytest.approx(CONTROLLER_VALUE))
    assert trail[("Business case", "H9")] == ("=F9", pytest.approx(NPV, abs=0.01))
    assert trail[("Business case", "A1")][0] == "{=ENG_BUSINESS_CASE(assumptions)}"
    assert trail[("Business case", "F10")][1] == pytest.approx(BENEFITS / COSTS - 1)


def test_report_has_no_formulas_no_macros_and_a_chart(computed_report):
    d, *_ = computed_report
    with zipfile.ZipFile(d / "report.xlsx") as z:
        names = z.namelist()
        sheets = [z.read(n).decode() for n in names if n.startswith("xl/worksheets/sheet")]
    assert not any("vbaProject" in n for n in names)
    assert not any("<f>" in s or "<f " in s for s in sheets)
    # benefits by lever, cumulative net, the tornado and the NPV distribution
    assert sum(n.startswith("xl/charts/chart") for n in names) == 4
    assert "xlwings.conf" not in openpyxl.load_workbook(d / "report.xlsx").sheetnames


def test_formula_injection_team_names_are_text_in_the_report(computed_report):
    d, *_ = computed_report
    teams = openpyxl.load_workbook(d / "report.xlsx")["Teams"]
    cells = {teams.cell(r, 1).value: teams.cell(r, 1).data_type for r in range(2, 7)}
    for name in ('=HYPERLINK("http://evil.example","click")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(1)"):
        assert cells[name] == "s", name
    with zipfile.ZipFile(d / "report.xlsx") as z:
        assert "HYPERLINK" not in "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/"))


def test_compute_json_and_the_input_is_untouched(computed_report, capsys):
    d, book, before, _ = computed_report
    assert (book.read_bytes(), book.stat().st_mtime_ns) == before
    assert not [n for n in files_in(d) if n.endswith(".tmp")]
    rc, out, _ = run(["compute", book, "-o", d / "again.xlsx", "--json"], capsys)
    data = json.loads(out)
    assert rc == 0
    assert data["headlines"]["npv"]["value"] == pytest.approx(NPV, abs=0.01)
    assert (data["headlines"]["npv"]["sheet"], data["headlines"]["npv"]["cell"]) == ("Business case", "H9")
    assert data["headlines"]["roi"]["unit"] == "fraction"
    assert data["report"] == str((d / "again.xlsx").resolve())


def test_compute_prints_labelled_headlines_and_default_report_name(tmp_path, capsys, monkeypatch):
    book = hb.build(tmp_path / "hr_filled.xlsx")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    monkeypatch.chdir(out_dir)
    rc, out, _ = run(["compute", book], capsys)
    assert rc == 0
    assert "NPV" in out and "EUR 337,272" in out and "167.8%" in out and "12.9 months" in out
    assert files_in(out_dir) == {"hr_filled_report.xlsx"}
    first = (out_dir / "hr_filled_report.xlsx").read_bytes()
    # the same command again, --json: the next free name, the first report untouched
    rc, out, err = run(["compute", book, "--json"], capsys)
    assert rc == 0 and err == ""
    assert json.loads(out)["report"] == str(out_dir / "hr_filled_report (2).xlsx")
    assert files_in(out_dir) == {"hr_filled_report.xlsx", "hr_filled_report (2).xlsx"}
    assert (out_dir / "hr_filled_report.xlsx").read_bytes() == first
    # --force without -o replaces the default name, and only it
    rc, out, _ = run(["compute", book, "--force", "--json"], capsys)
    assert rc == 0 and json.loads(out)["report"] == str(out_dir / "hr_filled_report.xlsx")
    assert files_in(out_dir) == {"hr_filled_report.xlsx", "hr_filled_report (2).xlsx"}


@pytest.mark.skipif(
    not shutil.which("soffice") or not shutil.which("pdftotext"), reason="LibreOffice or poppler-utils not installed"
)
def test_report_converts_to_pdf_with_the_headline_figures(computed_report, tmp_path):
    d, *_ = computed_report
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
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
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "report.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    for figure in ("€ 337,272", "167.8%", "2.68", "12.9", "€ 669,455", "€ 250,000"):
        assert figure in text, figure
    assert "Employee engagement programme: business case" in text


# --- never lose data ---------------------------------------------------------------------


def test_existing_report_is_kept_without_force_and_replaced_with_it(tmp_path, capsys):
    book = hb.build(tmp_path / "filled.xlsx")
    target = tmp_path / "report.xlsx"
    target.write_bytes(b"the board's copy")
    rc, _, err = run(["compute", book, "-o", target], capsys)
    assert rc == 2 and "already exists" in err and "--force" in err
    assert target.read_bytes() == b"the board's copy"
    rc, _, _ = run(["compute", book, "-o", target, "--force"], capsys)
    assert rc == 0 and zipfile.is_zipfile(target)
    assert files_in(tmp_path) == {"filled.xlsx", "report.xlsx"}


def test_the_input_is_never_a_target_even_with_force(tmp_path, capsys):
    book = hb.build(tmp_path / "filled.xlsx")
    data = book.read_bytes()
    rc, _, err = run(["compute", book, "-o", book, "--force"], capsys)
    assert rc == 2 and "input" in err
    assert book.read_bytes() == data


def test_a_failing_write_leaves_no_file_behind(tmp_path):
    def broken(tmp):
        Path(tmp).write_bytes(b"half a report")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        safe_io.write_new(tmp_path / "r.xlsx", broken)
    assert files_in(tmp_path) == set()


# --- audit: one workbook per defect ----------------------------------------------------------


def audit_json(book, capsys):
    rc, out, err = run(["audit", book, "--json"], capsys)
    return rc, json.loads(out) if out else None, err


def findings(data, check):
    return [(f["sheet"], f["cell"], f["severity"]) for f in data["findings"] if f["check"] == check]


def test_clean_workbook_passes(tmp_path, capsys, fixture_layout):
    book = hb.build(tmp_path / "clean.xlsx", extra_formulas=[("Business case", "J2", CONTROLLER, CONTROLLER_VALUE)])
    rc, out, _ = run(["audit", book], capsys)
    assert rc == 0, out
    assert "clean" in out


@pytest.mark.parametrize("key,value", [("turnover_before", 1.5), ("headcount", -10)])
def test_assumption_outside_the_allowed_range_is_an_error(tmp_path, capsys, fixture_layout, key, value):
    rc, data, _ = audit_json(hb.build(tmp_path / "b.xlsx", {key: value}), capsys)
    assert rc == 1
    assert ("Assumptions", f"B{hb.ROW_OF[key]}", "error") in findings(data, "allowed-range")


def test_assumption_outside_the_plausible_range_is_a_warning(tmp_path, capsys, fixture_layout):
    # turnover 45% is allowed (0..100%) but above the plausible 40%: a warning, exit 0
    rc, data, _ = audit_json(hb.build(tmp_path / "b.xlsx", {"turnover_before": 0.45}), capsys)
    assert rc == 0
    assert findings(data, "plausible-range") == [("Assumptions", "B5", "warning")]


def test_no_payback_is_a_result_not_an_error(tmp_path, capsys, fixture_layout):
    # 3 FTE: benefits 3/200 x 669,455 = 10,042 < costs 250,000, so no payback within 3 years
    rc, data, _ = audit_json(hb.build(tmp_path / "b.xlsx", {"headcount": 3}), capsys)
    assert rc == 0
    assert [f["check"] for f in data["findings"]] == ["plausible-range"]


def test_text_in_a_number_cell(tmp_path, capsys, fixture_layout):
    book = hb.build(tmp_path / "b.xlsx", {"headcount": "two hundred"})
    rc, data, _ = audit_json(book, capsys)
    assert rc == 1 and ("Assumptions", "B2", "error") in findings(data, "text-in-number")
    rc, _, err = run(["compute", book, "-o", tmp_path / "r.xlsx"], capsys)
    assert rc == 2
    assert "Assumptions!B2 (headcount)" in err and "'two hundred'" in err and "enter a number" in err
    assert not (tmp_path / "r.xlsx").exists()


def test_a_date_in_a_number_cell_is_named_as_a_date(tmp_path, capsys, fixture_layout):
    # The workbook is read once, as the formula engine reads it (dates as serial numbers);
    # a date-formatted input must still reach the checks as the date the user sees.
    book = hb.build(tmp_path / "b.xlsx", {"headcount": dt.datetime(2024, 1, 31)})
    rc, _, err = run(["compute", book, "-o", tmp_path / "r.xlsx"], capsys)
    assert rc == 2
    assert "Assumptions!B2 (headcount)" in err and "is a date (2024-01-31)" in err


def test_formula_overwritten_by_a_typed_number(tmp_path, capsys, fixture_layout):
    rc, data, _ = audit_json(hb.build(tmp_path / "b.xlsx", typed={("Business case", "H9"): 999_999}), capsys)
    assert rc == 1
    assert findings(data, "overwritten-formula") == [("Business case", "H9", "error")]


def test_stale_or_tampered_cached_value(tmp_path, capsys, fixture_layout):
    rc, data, _ = audit_json(hb.build(tmp_path / "b.xlsx", cached={("Business case", "H10"): 9.99}), capsys)
    assert rc == 1
    assert findings(data, "stale-value") == [("Business case", "H10", "error")]


def test_missing_defined_names(tmp_path, capsys, fixture_layout):
    rc, data, _ = audit_json(hb.build(tmp_path / "b.xlsx", drop_names=("npv", "turnover_after")), capsys)
    assert rc == 1
    assert sorted(findings(data, "missing-name")) == [("Assumptions", "B6", "error"), ("Business case", "H9", "error")]


@pytest.mark.parametrize("sheet", ["Survey", "Sensitivity", "Simulation"])
def test_missing_sheet(tmp_path, capsys, fixture_layout, sheet):
    # the decision sheets are part of the template's contract too
    rc, data, _ = audit_json(hb.build(tmp_path / "b.xlsx", drop_sheets=(sheet,)), capsys)
    assert rc == 1
    assert findings(data, "missing-sheet") == [(sheet, "", "error")]


def test_xlwings_conf_not_pointing_at_xlengine(tmp_path, capsys, fixture_layout):
    rc, data, _ = audit_json(hb.build(tmp_path / "b.xlsx", udf_modules="my_udfs"), capsys)
    assert rc == 1
    assert findings(data, "udf-module") == [("xlwings.conf", "B1", "error")]


def test_function_the_engine_cannot_evaluate(tmp_path, capsys, fixture_layout):
    book = hb.build(tmp_path / "b.xlsx", extra_formulas=[("Business case", "J4", '=ENG_ROI(300,100)+WEBSERVICE("x")', 2.0)])
    rc, data, _ = audit_json(book, capsys)
    assert rc == 1
    assert ("Business case", "J4", "error") in findings(data, "unsupported-function")
    # compute still writes the report, and says which cell it could not evaluate (exit 1)
    rc, _, err = run(["compute", book, "-o", tmp_path / "r.xlsx"], capsys)
    assert rc == 1 and "'Business case'!J4 uses WEBSERVICE" in err and (tmp_path / "r.xlsx").exists()


def test_functions_called_ignores_strings_and_storage_prefixes():
    assert evaluate.functions_called('=_xlfn.IFS(A1>0,"SUM(",1)+ENG_ROI(B1,C1)') == ["IFS", "ENG_ROI"]
    assert evaluate.unknown_functions("=SUM(A1)*ENG_BCR(1,2)+NOSUCH(1)") == ["NOSUCH"]
    # LET is the parser's, INDIRECT of a literal address is resolved; INDIRECT of a cell is not
    assert evaluate.unknown_functions('=LET(x,1,x+1)+INDIRECT("A1")') == []
    assert evaluate.unknown_functions("=INDIRECT(A1)") == ["INDIRECT"]


# --- hostile and broken files ----------------------------------------------------------


def assert_refused(argv, capsys, folder: Path, *fragments):
    before = files_in(folder)
    rc, out, err = run(argv, capsys)
    assert rc == 2
    message = err.strip()
    assert message.count("\n") == 0 and message.startswith("xlengine: ") and message.endswith("."), message
    for fragment in fragments:
        assert fragment in message, (fragment, message)
    assert files_in(folder) == before  # nothing written
    return message


@pytest.fixture
def cwd(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("command", ["compute", "audit"])
def test_not_a_zip(cwd, capsys, command):
    bad = cwd / "budget.xlsx"
    bad.write_text("name,value\nheadcount,200\n")
    assert_refused([command, bad], capsys, cwd, "budget.xlsx is not an Excel workbook")


def test_truncated_file(cwd, capsys):
    data = hb.build(cwd / "full.xlsx").read_bytes()
    (cwd / "half.xlsx").write_bytes(data[: len(data) // 2])
    (cwd / "full.xlsx").unlink()
    assert_refused(["compute", cwd / "half.xlsx"], capsys, cwd, "half.xlsx is truncated or damaged")


def test_password_protected_workbook(cwd, capsys):
    import msoffcrypto
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = hb.build(cwd / "plain.xlsx")
    with zipfile.ZipFile(plain) as z:
        parts = sorted(z.namelist())
    with open(plain, "rb") as src, open(cwd / "locked.xlsx", "wb") as dst:
        OOXMLFile(src).encrypt("secret", dst)
    plain.unlink()
    # A real encrypted workbook: an OLE compound file that opens with the password, and only with it.
    assert (cwd / "locked.xlsx").read_bytes()[:4] == b"\xd0\xcf\x11\xe0"
    with open(cwd / "locked.xlsx", "rb") as f:
        office = msoffcrypto.OfficeFile(f)
        assert office.is_encrypted()
        office.load_key(password="secret")
        opened = io.BytesIO()
        office.decrypt(opened)
    with zipfile.ZipFile(opened) as z:
        assert sorted(z.namelist()) == parts
    assert_refused(["compute", cwd / "locked.xlsx"], capsys, cwd, "locked.xlsx is password-protected", "remove the password")


def test_zip_bomb_is_refused_from_the_directory_without_unpacking(cwd, capsys, monkeypatch):
    # 8 MB of zeros compress to a few kB; with the limit at 4 MB that is a bomb.
    monkeypatch.setattr(safe_io, "MAX_UNCOMPRESSED_BYTES", 4 * 2**20)
    with zipfile.ZipFile(cwd / "bomb.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (8 * 2**20))
    assert (cwd / "bomb.xlsx").stat().st_size < 100_000

    def no_unpacking(*a, **k):
        raise AssertionError("a member was opened")

    monkeypatch.setattr(zipfile.ZipFile, "open", no_unpacking)
    assert_refused(["compute", cwd / "bomb.xlsx"], capsys, cwd, "would unpack to 8 MB", "zip bomb")


def test_zip_bomb_at_the_default_limit_from_a_forged_directory(cwd, capsys):
    # A 1 kB file whose zip directory declares a 4 GB part: refused at the real 200 MB limit.
    data = bytearray(hb.build(cwd / "small.xlsx").read_bytes())
    (cwd / "small.xlsx").unlink()
    at = data.find(b"PK\x01\x02")  # first central directory entry; uncompressed size at +24
    data[at + 24 : at + 28] = (0xFFFFFFF0).to_bytes(4, "little")
    (cwd / "forged.xlsx").write_bytes(bytes(data))
    assert_refused(["compute", cwd / "forged.xlsx"], capsys, cwd, "would unpack to", "zip bomb")


def test_zip_with_too_many_members_is_refused(cwd, capsys, monkeypatch):
    monkeypatch.setattr(safe_io, "MAX_MEMBERS", 50)
    with zipfile.ZipFile(cwd / "many.xlsx", "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        for i in range(60):
            z.writestr(f"xl/media/{i}.bin", b"x")
    assert_refused(["audit", cwd / "many.xlsx"], capsys, cwd, "holds 61 parts", "refused without unpacking")


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{"&lol%s;" % ("" if i == 1 else i - 1) * 10}">' for i in range(1, 10))
    + ']><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
    "<si><t>&lol9;</t></si></sst>"
)


def _with_billion_laughs(src: Path, dst: Path) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = BILLION_LAUGHS.encode() if item.filename == "xl/sharedStrings.xml" else zin.read(item)
            zout.writestr(item, data)
    return dst


def test_xml_entity_expansion_is_refused_by_defusedxml(cwd, capsys):
    from defusedxml import DefusedXmlException

    book = _with_billion_laughs(hb.build(cwd / "ok.xlsx"), cwd / "laughs.xlsx")
    (cwd / "ok.xlsx").unlink()
    assert openpyxl.DEFUSEDXML is True
    with pytest.raises(ValueError) as e:  # openpyxl itself refuses it, through defusedxml
        openpyxl.load_workbook(book)
    assert isinstance(e.value.__cause__, DefusedXmlException)
    assert_refused(["compute", book], capsys, cwd, "laughs.xlsx contains XML entity declarations")


def test_missing_sheet_cannot_be_computed(cwd, capsys):
    book = hb.build(cwd / "nocase.xlsx", drop_sheets=("Business case",))
    assert_refused(["compute", book], capsys, cwd, "has no sheet 'Business case'")


def test_formula_the_engine_cannot_read_is_named_by_cell(cwd, capsys):
    book = hb.build(cwd / "table.xlsx", extra_formulas=[("Business case", "J6", "=SUM(Table1[headcount])", 0)])
    assert_refused(["audit", book], capsys, cwd, "'Business case'!J6 (=SUM(Table1[headcount]))")


def test_external_links_are_not_followed(cwd, capsys):
    src = hb.build(cwd / "plain.xlsx")
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(cwd / "linked.xlsx", "w") as zout:
        for item in zin.infolist():
            zout.writestr(item, zin.read(item))
        zout.writestr("xl/externalLinks/externalLink1.xml", "<externalLink/>")
    src.unlink()
    assert_refused(["compute", cwd / "linked.xlsx"], capsys, cwd, "links to other workbooks")


def test_missing_file(cwd, capsys):
    assert_refused(["audit", cwd / "nowhere.xlsm"], capsys, cwd, "does not exist")


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=2000), st.sampled_from([b"", b"PK\x03\x04", safe_io.CFB_SIGNATURE]))
def test_arbitrary_bytes_are_refused_with_a_sentence_never_a_crash(tmp_path_factory, body, head):
    path = tmp_path_factory.mktemp("fuzz") / "x.xlsx"
    path.write_bytes(head + body)
    with pytest.raises(InputError) as e:
        safe_io.check_workbook_file(path)
    assert str(e.value).endswith(".") and "\n" not in str(e.value)


# --- the adapter between the engine and the ENG_ functions ---------------------------------


def test_engine_arguments_arrive_as_xlwings_hands_them():
    import schedula as sh
    from formulas.tokens.operand import XlError

    cells = np.array([[1, "a"], [sh.EMPTY, XlError("#DIV/0!")]], dtype=object)
    assert evaluate.as_xlwings(cells) == [[1.0, "a"], [None, "#DIV/0!"]]
    assert evaluate.as_xlwings(np.array([[200]], dtype=object)) == 200.0
    assert evaluate.as_xlwings(np.int64(3)) == 3.0 and evaluate.as_xlwings(True) is True
    table = evaluate.as_engine([["NPV", None], ["ROI", float("nan")]])
    assert table.shape == (2, 2) and table[0, 1] == "" and table[1, 1] == ""


def test_an_error_cell_reaches_the_eng_function_as_its_text(tmp_path):
    # =ENG_ROI(1/0, 100): the argument is #DIV/0!, which validate names in a sentence
    book = hb.build(tmp_path / "b.xlsx", extra_formulas=[("Business case", "J3", "=ENG_ROI(1/0,100)", None)])
    ev = evaluate.evaluate(book)
    # the failed call is an error in the engine (as in Excel), its sentence kept with the cell
    assert ev.value("Business case", "J3") == "#VALUE!"
    assert str(ev.by_cell[("Business case", "J3")].failure) == "benefits refers to a cell showing #DIV/0!: fix that cell first."


def test_a_failed_call_is_an_error_for_every_formula_that_uses_it(tmp_path):
    # SUM skips text but not an error: 100 + a failed ENG_ROI must not add up to 100.
    book = hb.build(
        tmp_path / "b.xlsx",
        extra_formulas=[
            ("Business case", "J3", "=ENG_ROI(1,0)", None),
            ("Business case", "J4", "=SUM(J3,100)", None),
            ("Business case", "J5", "=J3*2", None),
        ],
    )
    ev = evaluate.evaluate(book)
    assert [ev.value("Business case", c) for c in ("J3", "J4", "J5")] == ["#VALUE!"] * 3
    findings = [f for f in audit_mod.audit(ev) if f.check == "failed-call"]
    assert [(f.cell, f.problem, f.fix) for f in findings] == [
        ("J3", "the formula =ENG_ROI(1,0) fails: costs is 0 and is used as a divisor", "enter a value above 0")
    ]


def test_audit_rows_take_problem_and_fix_from_the_failure():
    e = InputError("headcount", "headcount = -10 is outside the allowed range 0 to 1000000 FTE: enter a value in that range.")
    assert (e.problem, e.fix) == ("headcount = -10 is outside the allowed range 0 to 1000000 FTE", "enter a value in that range")


_cells = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False),
    st.integers(-(10**6), 10**6),
    st.text(max_size=5),
    st.booleans(),
    st.just("EMPTY"),
    st.sampled_from(["#DIV/0!", "#N/A", "#VALUE!"]).map(lambda e: ("err", e)),
)


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 4), st.integers(1, 4), st.data())
def test_ranges_reach_the_eng_functions_as_rows_of_excel_values(rows, cols, data):
    import schedula as sh
    from formulas.tokens.operand import XlError

    raw = [[data.draw(_cells) for _ in range(cols)] for _ in range(rows)]
    engine = np.empty((rows, cols), dtype=object)
    for i, row in enumerate(raw):
        for j, v in enumerate(row):
            engine[i, j] = sh.EMPTY if v == "EMPTY" else XlError(v[1]) if isinstance(v, tuple) else v
    got = evaluate.as_xlwings(engine)
    expected = [
        [None if v == "EMPTY" else v[1] if isinstance(v, tuple) else v if isinstance(v, (bool, str)) else float(v) for v in row]
        for row in raw
    ]
    if rows * cols == 1:
        assert got == expected[0][0]  # a single cell arrives as a value, as in xlwings
    else:
        assert got == expected
        assert all(type(v) in (float, str, bool, type(None)) for r in got for v in r)


def test_the_workbook_is_read_once_for_the_engine_and_the_audit(tmp_path, monkeypatch):
    # The engine (formulas) is handed the book already read; if its internal key ever
    # changes, it would silently read the file a second time: this test says so.
    from formulas.excel import xlreader

    from xlengine.workbook import evaluate

    reads = []
    real = xlreader.load_workbook
    monkeypatch.setattr(xlreader, "load_workbook", lambda *a, **k: reads.append(a) or real(*a, **k))
    ev = evaluate.evaluate(hb.build(tmp_path / "b.xlsx"))
    assert len(reads) == 1
    assert ev.name_value("npv") == pytest.approx(337_271.80, abs=0.01)  # and it computed
