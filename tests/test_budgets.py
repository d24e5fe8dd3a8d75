"""A 90 kB workbook must not take 5 GB: the budgets count what will be built, in the parts
the engine reads (issue 21; docs/threat-model.md).

Each case is a small crafted workbook (tests/crafted_books.py) run through a real
``xlengine`` process: the exit code, the one sentence naming the part or the cell, nothing
written, and the process's own peak memory (wait4) and wall time, asserted generously
(these are budgets of hostile input on a shared 2-core machine, not benchmarks).
"""

from __future__ import annotations

import contextlib
import io
import json
import warnings
import zipfile

import pytest

import crafted_books as cb
import headless_book as hb
from xlengine import cli
from xlengine.engine.errors import InputError
from xlengine.workbook import evaluate, package_parts, safe_io, scan

PEAK_MEMORY_MB = 500
WALL_SECONDS = 10


def _cli(argv) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        rc = cli.main([str(a) for a in argv])
    return rc, out.getvalue(), err.getvalue()


# --- every case in a real process: exit code, sentence, memory, time ---------------------------------

PROCESS_CASES = [
    # (case, build, command, exit code, words in the sentence)
    ("far cell J100000", lambda d: cb.far_cell(d), "audit", 2, ["the cell J100000", "'Teams'", "A1:J100000", "1,000,000 cells"]),
    (
        "far cell XFD1048576",
        lambda d: cb.far_cell(d, "XFD1048576"),
        "compute",
        2,
        ["the cell XFD1048576", "'Teams'", "17,179,869,184 cells"],
    ),
    ("merged range", lambda d: cb.merged_range(d), "compute", 2, ["the merged range A30:Z100000", "'Teams'", "2,600,000 cells"]),
    ("merged range, audit", lambda d: cb.merged_range(d), "audit", 2, ["the merged range A30:Z100000"]),
    ("hyperlink range", lambda d: cb.hyperlink_range(d), "compute", 2, ["the hyperlink over A30:Z100000", "2,600,000 cells"]),
    ("dimension tag", lambda d: cb.dimension(d), "compute", 2, ["the dimension tag A1:XFD1048576"]),
    (
        "comment over a range",
        lambda d: cb.comment_range(d),
        "compute",
        2,
        ["the comment (xl/comments9.xml) on A30:Z100000", "'Teams'"],
    ),
    ("formatted empty rows", lambda d: cb.formatted_rows(d), "compute", 2, ["rows written", "50,000"]),
    ("padded styles part", lambda d: cb.padded_styles(d), "compute", 2, ["250,000 XML elements", "xl/styles.xml"]),
    ("moved workbook part, decoy", lambda d: cb.moved_workbook(d), "compute", 2, ["'Teams'", "above the limit of 50,000 cells"]),
    (
        "moved workbook part, decoy, its link",
        lambda d: cb.moved_workbook(d, extra_rows=0),
        "compute",
        2,
        ["'Business case'!J2", "[other.xlsx]"],
    ),
    (
        "renamed shared strings",
        lambda d: cb.renamed_shared_strings(d),
        "audit",
        2,
        ["more than 200,000 distinct texts", "xl/strs.xml"],
    ),
    ("prefixed namespace", lambda d: cb.prefixed_namespace(d), "compute", 2, ["headcount", "[other.xlsx]"]),
    ("strict namespace", lambda d: cb.strict_namespace(d), "compute", 2, ["headcount", "[other.xlsx]"]),
    ("[1]My Sheet!A1", lambda d: cb.external_cell(d, "=[1]My Sheet!A1"), "compute", 2, ["'Business case'!J2 (=[1]My Sheet!A1)"]),
    ("[1]Blad€!A1", lambda d: cb.external_cell(d, "=[1]Blad\u20ac!A1"), "compute", 2, ["'Business case'!J2 (=[1]Blad\u20ac!A1)"]),
    ("REPT 1e9", lambda d: cb.formula_cell(d, '=LEN(REPT("x",1000000000))'), "compute", 0, []),
    (
        "SUMPRODUCT(A:A,B:B)",
        lambda d: cb.formula_cell(d, "=SUMPRODUCT(Teams!A:A,Teams!B:B)"),
        "compute",
        2,
        ["'Business case'!J2", "A:A (1,048,576 cells)", "200,000"],
    ),
    (
        "whole sheet",
        lambda d: cb.formula_cell(d, "=SUM(Teams!A1:XFD1048576)"),
        "audit",
        2,
        ["A1:XFD1048576 (17,179,869,184 cells)"],
    ),
    ("whole rows", lambda d: cb.formula_cell(d, "=SUM(Teams!1:1048576)"), "compute", 2, ["1:1048576"]),
    ("MUNIT beyond the memory budget", lambda d: cb.formula_cell(d, "=SUM(_xlfn.MUNIT(14000))"), "compute", 0, []),
    (
        "16 emoji sheet name",
        lambda d: cb.sheet_named(d, "\U0001f600" * 16),
        "compute",
        2,
        ["not a valid Excel sheet name", "emoji"],
    ),
    ("unknown extension", lambda d: cb.unknown_extension(d), "compute", 0, []),
]


@pytest.mark.parametrize("case, build, command, expected, words", PROCESS_CASES, ids=[c[0] for c in PROCESS_CASES])
def test_a_crafted_workbook_in_a_real_process(tmp_path, case, build, command, expected, words):
    book = build(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    argv = [command, book.name] + (["-o", "r.xlsx"] if command == "compute" else [])
    run = cb.run_process(argv, tmp_path, timeout=120)
    assert run["rc"] == expected, (case, run)
    assert "Traceback" not in run["stderr"] and "warn" not in run["stderr"].lower(), run["stderr"]
    lines = run["stderr"].strip().splitlines()
    if expected == 2:
        assert len(lines) == 1 and lines[0].startswith(f"xlengine: {book.name}"), run["stderr"]
        for w in words:
            assert w in lines[0], (w, lines[0])
        assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing written
    else:
        assert lines == [], run["stderr"]
    assert run["rss_mb"] < PEAK_MEMORY_MB, (case, run["rss_mb"])
    assert run["seconds"] < WALL_SECONDS, (case, run["seconds"])


# --- 1. the used range is what will be built --------------------------------------------------------


def test_the_contract_workbook_counts_its_used_ranges(tmp_path):
    book = hb.build(tmp_path / "b.xlsx")
    shape = scan.workbook_shape(book)
    # Teams holds A1:B4 (header and three teams): 4 rows x 2 columns
    teams = next(p for t, p in shape.package.sheets if t == "Teams")
    with zipfile.ZipFile(book) as z:
        assert b'<dimension ref="A1:B4"/>' in z.read(teams)
    far = scan.workbook_shape(cb.far_cell(tmp_path, "J40", name="near.xlsx"))
    assert far.cells - shape.cells == 40 * 10 - 4 * 2  # A1:J40 instead of A1:B4


def test_a_far_cell_within_the_budget_is_computed(tmp_path):
    book = cb.far_cell(tmp_path, "J4000")  # A1:J4000, 40,000 cells to build: allowed
    rc, out, err = _cli(["compute", book, "-o", tmp_path / "r.xlsx"])
    assert rc == 0 and err == ""


@pytest.mark.parametrize("beyond, expected", [(0, "fits"), (1, "refused")])
def test_the_limit_is_the_used_range_of_all_sheets(tmp_path, beyond, expected):
    others = scan.workbook_shape(hb.build(tmp_path / "b.xlsx")).cells - 8  # every sheet but Teams (A1:B4)
    # the last row J can reach within the budget (it moves with the register's length), and one more
    row = (scan.MAX_CELLS - others) // 10 + beyond
    book = cb.far_cell(tmp_path, f"J{row}")
    total = others + row * 10
    assert (total <= scan.MAX_CELLS) == (expected == "fits"), total
    if expected == "fits":
        assert scan.workbook_shape(book).cells == total
    else:
        with pytest.raises(InputError, match=f"{total:,} in all"):
            scan.workbook_shape(book)


def test_cells_without_a_reference_are_placed_as_openpyxl_places_them(tmp_path):
    import openpyxl

    parts = cb.base(tmp_path, "b.xlsx")
    parts[cb.TEAMS_PART] = cb.in_sheet_data(
        parts[cb.TEAMS_PART], '<row r="30"><c r="C30"><v>1</v></c><c><v>2</v></c></row><row><c><v>3</v></c></row>'
    )
    book = cb.write_zip(tmp_path / "b.xlsx", parts)
    ws = openpyxl.load_workbook(book)["Teams"]
    assert (ws.max_row, ws.max_column, ws["D30"].value, ws["A31"].value) == (31, 4, 2, 3)
    base = scan.workbook_shape(hb.build(tmp_path / "plain.xlsx")).cells
    assert scan.workbook_shape(book).cells == base - 8 + 31 * 4


def test_ranges_in_the_sheet_count_as_cells_openpyxl_builds(tmp_path):
    import openpyxl

    for build, ref in ((cb.merged_range, "A30:E40"), (cb.hyperlink_range, "A30:E40")):
        book = build(tmp_path, ref, name=f"{build.__name__}.xlsx")
        ws = openpyxl.load_workbook(book)["Teams"]
        assert (ws.max_row, ws.max_column) == (40, 5)  # openpyxl built the range's cells
        assert scan.workbook_shape(book).cells == scan.workbook_shape(hb.build(tmp_path / "p.xlsx")).cells - 8 + 40 * 5


def test_a_comment_is_placed_on_every_cell_of_its_range_and_counted(tmp_path):
    import openpyxl

    book = cb.comment_range(tmp_path, "D10:F20", target="../elsewhere/notes.xml")  # any part the sheet's relationships name
    ws = openpyxl.load_workbook(book)["Teams"]
    assert (ws.max_row, ws.max_column) == (20, 6)  # openpyxl built the range's cells for it
    shape = scan.workbook_shape(book)
    assert shape.package.comments == (("xl/worksheets/sheet3.xml", "xl/elsewhere/notes.xml"),)
    assert shape.cells == scan.workbook_shape(hb.build(tmp_path / "p.xlsx")).cells - 8 + 20 * 6


def test_rows_are_counted_filled_or_formatted(tmp_path):
    plain = hb.build(tmp_path / "p.xlsx")
    with zipfile.ZipFile(plain) as z:
        rows = sum(z.read(p).count(b"<row ") for _, p in scan.package_parts(z).sheets)
    scan.workbook_shape(cb.formatted_rows(tmp_path, scan.MAX_ROWS - rows, name="fits.xlsx"))
    with pytest.raises(InputError, match="rows written"):
        scan.workbook_shape(cb.formatted_rows(tmp_path, scan.MAX_ROWS - rows + 1, name="over.xlsx"))


def test_a_formula_longer_than_excels_limit_is_refused(tmp_path):
    book = cb.formula_cell(tmp_path, "=" + "+".join(["1"] * 4100))  # 8,200 characters
    with pytest.raises(InputError, match=r"'Business case'!J2 holds a formula longer than Excel's 8,192 characters"):
        scan.workbook_shape(book)


def test_the_element_budget_bounds_a_part_of_padding(tmp_path, monkeypatch):
    monkeypatch.setattr(package_parts, "MAX_XML_ELEMENTS", 1_000)
    parts = cb.base(tmp_path, "b.xlsx")
    parts[cb.TEAMS_PART] = parts[cb.TEAMS_PART].replace(b"</worksheet>", b"<extLst>" + b"<x/>" * 2000 + b"</extLst></worksheet>")
    with pytest.raises(InputError, match="more than 1,000 XML elements"):
        scan.workbook_shape(cb.write_zip(tmp_path / "b.xlsx", parts))


def test_parts_read_whole_share_their_own_element_budget(tmp_path):
    fits = cb.padded_styles(tmp_path, scan.MAX_WHOLE_PART_ELEMENTS - 10_000, name="fits.xlsx")  # the other parts hold < 10,000
    scan.workbook_shape(fits)
    with pytest.raises(InputError, match=r"more than 250,000 XML elements \(in xl/styles.xml"):
        scan.workbook_shape(cb.padded_styles(tmp_path, scan.MAX_WHOLE_PART_ELEMENTS + 1, name="over.xlsx"))


def test_entity_declarations_are_refused_by_the_scan(tmp_path):
    parts = cb.base(tmp_path, "b.xlsx")
    parts[cb.TEAMS_PART] = parts[cb.TEAMS_PART].replace(
        b"<worksheet ", b'<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><worksheet ', 1
    )
    rc, out, err = _cli(["audit", cb.write_zip(tmp_path / "b.xlsx", parts)])
    assert rc == 2 and "entity declarations" in err


# --- 2. the parts openpyxl reads ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "layout",
    [
        dict(workbook="xl/wb2.xml"),
        dict(workbook="wb/book.xml", sheets="data/s", strings="strs.xml"),
        dict(workbook="xl/wb2.xml", decoy=True, prefix=True, strings="xl/t/s.xml"),
    ],
)
def test_relocated_parts_are_the_ones_scanned_and_computed(tmp_path, layout):
    parts = cb.relocated(cb.base(tmp_path, "b.xlsx"), **layout)
    book = cb.write_zip(tmp_path / "moved.xlsx", parts)
    shape = scan.workbook_shape(book)
    assert shape.package.workbook == layout["workbook"]
    assert shape.package.shared_strings == layout.get("strings", "xl/sharedStrings.xml")
    assert {p.rpartition("/")[0] for _, p in shape.package.sheets} == {layout.get("sheets", "xl/worksheets")}
    with zipfile.ZipFile(book) as z:  # the contract workbook's texts: header row, labels, team names
        assert shape.shared_strings == z.read(shape.package.shared_strings).count(b"<si>") + z.read(
            shape.package.shared_strings
        ).count(b"<x:si>")
    rc, out, err = _cli(["compute", book, "-o", tmp_path / "r.xlsx"])
    assert rc == 0 and "EUR 337,272" in out and err == ""


def test_the_renamed_shared_strings_are_counted(tmp_path):
    book = cb.renamed_shared_strings(tmp_path, strings=1_000)
    plain = scan.workbook_shape(hb.build(tmp_path / "p.xlsx")).shared_strings
    assert scan.workbook_shape(book).shared_strings == plain + 1_000


def test_the_package_relationships_and_content_types_must_agree(tmp_path):
    parts = cb.relocated(cb.base(tmp_path, "b.xlsx"), workbook="xl/wb2.xml", decoy=True)
    parts["_rels/.rels"] = parts["_rels/.rels"].replace(b'Target="xl/wb2.xml"', b'Target="xl/workbook.xml"')
    rc, out, err = _cli(["compute", cb.write_zip(tmp_path / "two.xlsx", parts), "-o", tmp_path / "r.xlsx"])
    assert rc == 2 and "_rels/.rels" in err and "xl/workbook.xml" in err and "xl/wb2.xml" in err
    assert not (tmp_path / "r.xlsx").exists()


def test_the_workbook_part_is_found_as_openpyxl_finds_it(tmp_path):
    """openpyxl.reader.excel._find_workbook_part: the first override of a workbook type."""
    from openpyxl.reader.excel import ExcelReader, _find_workbook_part

    parts = cb.relocated(cb.base(tmp_path, "b.xlsx"), workbook="a/b/c.xml", decoy=True)
    book = cb.write_zip(tmp_path / "m.xlsx", parts)
    reader = ExcelReader(str(book))
    reader.read_manifest()
    with zipfile.ZipFile(book) as z:
        assert scan.package_parts(z).workbook == _find_workbook_part(reader.package).PartName[1:] == "a/b/c.xml"


def test_external_link_parts_come_from_the_workbooks_relationships(tmp_path):
    parts = cb.base(tmp_path, "b.xlsx")
    parts["xl/elsewhere/link1.xml"] = (
        b'<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<externalBook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId1"/>'
        b"</externalLink>"
    )
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'externalLink" Target="elsewhere/link1.xml"/></Relationships>',
    )
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(
        b"<definedNames>", b'<externalReferences><externalReference r:id="rId99"/></externalReferences><definedNames>'
    )
    shape = scan.workbook_shape(cb.write_zip(tmp_path / "b.xlsx", parts))
    assert shape.package.external_links == ("xl/elsewhere/link1.xml",)
    assert ("(workbook)", "link1", "a link to another workbook (Data > Edit Links)") in shape.external


@pytest.mark.parametrize(
    "formula", ["=[1]My Sheet!A1", "=[1]Blad\u20ac!A1", "='[1]My Sheet'!A1", "=SUM([2]Data!A1:A3)", "=[1]!Name"]
)
def test_external_references_with_any_sheet_name(formula):
    assert scan.is_external(formula)


@pytest.mark.parametrize(
    "formula",
    [
        "=SUM(Teams[Headcount])",
        "=Table1[[#This Row],[Amount]]*Sheet1!A1",
        "=[@Amount]*Sheet1!A1",
        "=Table1[Amount]+Sheet1!A1",
        "='Business case'!D6",
        "=Blad\u20ac!A1",
    ],
)
def test_references_inside_the_workbook_are_not_external(formula):
    assert not scan.is_external(formula)


# --- 3. formula work bounded ---------------------------------------------------------------------


def test_referenced_ranges_and_their_cells():
    # A:A is every row of a column (1,048,576 = 2**20), 1:1 every column of a row (16,384 = 2**14)
    assert scan.referenced_ranges("=SUMPRODUCT(A:A,$B:$B)", "S") == [("S", "A:A", 2**20), ("S", "B:B", 2**20)]
    assert scan.referenced_ranges("=SUM('My data'!A2:C11)+COUNT(Teams!2:3)") == [
        ("MY DATA", "A2:C11", 30),
        ("TEAMS", "2:3", 2 * 2**14),
    ]
    assert scan.referenced_ranges('=ENG_ROI(assumptions)&"A1:Z99"') == []  # text is not a reference
    assert scan.referenced_ranges("=LOG10(A1)+ATAN2(B1,C1)") == []  # single cells and function names


def test_shared_formulas_count_each_moved_range(tmp_path):
    parts = cb.base(tmp_path, "b.xlsx")
    cells = '<c r="C2"><f t="shared" ref="C2:C400" si="0">SUM(A2:A600)</f></c>' + "".join(
        f'<c r="C{r}"><f t="shared" si="0"/></c>' for r in range(3, 401)
    )
    parts[cb.TEAMS_PART] = cb.in_sheet_data(parts[cb.TEAMS_PART], f'<row r="2000">{cells}</row>')
    with pytest.raises(InputError, match=r"Teams!C\d+ \(=SUM\(A\d+:A\d+\)\) refers to A\d+:A\d+ \(599 cells\)"):
        scan.workbook_shape(cb.write_zip(tmp_path / "b.xlsx", parts))  # 399 ranges of 599 cells: 239,001
    absolute = parts[cb.TEAMS_PART].replace(b"SUM(A2:A600)", b"SUM($A$2:$A$600)")
    parts[cb.TEAMS_PART] = absolute
    assert scan.workbook_shape(cb.write_zip(tmp_path / "c.xlsx", parts)).referenced < scan.MAX_REFERENCED_CELLS


def test_a_defined_name_over_a_whole_column_is_refused(tmp_path):
    parts = cb.base(tmp_path, "b.xlsx")
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(
        b"</definedNames>", b'<definedName name="all">Teams!$A:$C</definedName></definedNames>'
    )
    with pytest.raises(InputError, match=r"the defined name 'all' \(Teams!\$A:\$C\) refers to A:C \(3,145,728 cells\)"):
        scan.workbook_shape(cb.write_zip(tmp_path / "b.xlsx", parts))
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(b'name="all"', b'name="_xlnm.Print_Titles" localSheetId="2"')
    scan.workbook_shape(cb.write_zip(tmp_path / "c.xlsx", parts))  # print titles never reach the engine


@pytest.mark.parametrize(
    "formula, value",
    [
        # Excel: a text of at most 32,767 characters; longer is #VALUE!
        ('=LEN(REPT("ab",16383))', 32766.0),
        ('=LEN(REPT("ab",16384))', "#VALUE!"),
        ('=LEN(REPT("x",1000000000))', "#VALUE!"),
        ('=LEN(REPT("x",32767)&"")', 32767.0),
        ('=LEN(REPT("x",32767)&"y")', "#VALUE!"),
        ('=LEN(SUBSTITUTE(REPT("x",20000),"x","yy"))', "#VALUE!"),
        ('=LEN(SUBSTITUTE(REPT("x",16000),"x","yy"))', 32000.0),
        ('=LEN(CONCATENATE(REPT("x",20000),REPT("y",20000)))', "#VALUE!"),
        ('=LEN(_xlfn.CONCAT(REPT("x",20000),REPT("y",12767)))', 32767.0),
        ('=LEN(_xlfn.TEXTJOIN(",",TRUE,REPT("x",20000),REPT("y",20000)))', "#VALUE!"),
        ('="a"&"b"', "ab"),
    ],
)
def test_texts_are_bounded_as_in_excel(tmp_path, formula, value):
    ev = evaluate.evaluate(cb.formula_cell(tmp_path, formula))
    assert ev.value("Business case", "J2") == value


def test_the_memory_budget_turns_an_allocation_past_it_into_a_sentence():
    resource = pytest.importorskip("resource")
    before = resource.getrlimit(resource.RLIMIT_AS)
    with pytest.raises(InputError, match=r"computing x\.xlsx needs more than the 1,024 MB of memory"):
        with scan.memory_budget("x.xlsx"):
            bytearray(2 * scan.MEMORY_BUDGET)  # refused at once: nothing is touched
    assert resource.getrlimit(resource.RLIMIT_AS) == before  # the limit is gone again


def test_the_memory_budget_keeps_a_stricter_limit():
    resource = pytest.importorskip("resource")
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    with scan.memory_budget("x.xlsx"):
        inside = resource.getrlimit(resource.RLIMIT_AS)
    assert resource.getrlimit(resource.RLIMIT_AS) == (soft, hard)
    assert inside[0] != resource.RLIM_INFINITY and inside[0] <= scan._address_space() + scan.MEMORY_BUDGET


# --- 4. sheet names and openpyxl's warnings ------------------------------------------------------


def test_sheet_names_count_utf16_units_as_excel_does(tmp_path):
    assert safe_io.excel_length("\U0001f600" * 15 + "x") == 31 and safe_io.excel_length("\U0001f600" * 16) == 32
    assert safe_io.excel_prefix("\U0001f600" * 16, 31) == "\U0001f600" * 15  # never half an emoji
    book = cb.sheet_named(tmp_path, "\U0001f600" * 15 + "x")
    rc, out, err = _cli(["compute", book, "-o", tmp_path / "r.xlsx"])
    assert rc == 0 and err == ""
    import openpyxl

    assert "\U0001f600" * 15 + "x" in openpyxl.load_workbook(tmp_path / "r.xlsx").sheetnames


def test_a_report_sheet_name_with_a_suffix_stays_within_31_units():
    from xlengine.workbook import report

    name = "\U0001f600" * 15 + "x"
    taken = {name.lower()}
    renamed = report._safe_sheet_name(name, taken)
    assert renamed == "\U0001f600" * 13 + " (2)" and safe_io.excel_length(renamed) == 30


def test_openpyxl_warnings_never_reach_stderr(tmp_path):
    book = cb.unknown_extension(tmp_path)
    with warnings.catch_warnings(record=True) as seen:  # openpyxl does warn about it
        warnings.simplefilter("always")
        import openpyxl

        openpyxl.load_workbook(book)
    assert any(issubclass(w.category, UserWarning) for w in seen)
    for argv in (["compute", book, "-o", tmp_path / "r.xlsx"], ["audit", book, "--json"]):
        rc, out, err = _cli(argv)
        assert rc in (0, 1) and err == "", err
    assert json.loads(_cli(["audit", book, "--json"])[1])["workbook"].endswith("extension.xlsx")


@pytest.mark.parametrize(
    "rows",
    [
        # a row's r as openpyxl reads it: int() first, then a float with an integer value
        '<row r=" 400"><c><v>1</v></c></row>',
        '<row r="1e6"><c><v>1</v></c></row>',
        '<row r="4.0E2"><c r="C400"/><c/></row>',
        # every child of a row is a cell to openpyxl, whatever its name; a foreign row resets nothing
        '<row r="50">' + "<c/>" * 3 + "<x:row xmlns:x='urn:other'/>" + "<c/>" * 12 + "</row>",
        # rows nested in other elements are read too, each when it ends
        '</sheetData><extLst><row r="99999" xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><c/></row></extLst><sheetData>',
        '<row r="10"><c/><row r="20"><c/><c/></row><c/></row>',
        '<row r="30"><c/><c/></row><row><c/><c/><c/></row>',
    ],
)
def test_cells_are_placed_exactly_as_openpyxl_places_them(tmp_path, rows):
    import openpyxl

    parts = cb.base(tmp_path, "b.xlsx")
    parts[cb.TEAMS_PART] = cb.in_sheet_data(parts[cb.TEAMS_PART], rows)
    book = cb.write_zip(tmp_path / "b.xlsx", parts)
    others = scan.workbook_shape(hb.build(tmp_path / "p.xlsx")).cells - 8  # every sheet but Teams (A1:B4)
    ws = openpyxl.load_workbook(book)["Teams"]  # openpyxl's own placing: the oracle
    total = others + ws.max_row * ws.max_column
    if total <= scan.MAX_CELLS:
        assert scan.workbook_shape(book).cells == total
    else:
        with pytest.raises(InputError, match=f"span A1:[A-Z]+{ws.max_row},"):
            scan.workbook_shape(book)


def test_this_test_process_stays_small_for_the_real_processes_it_starts():
    """A child's ru_maxrss starts from this process's at fork (Linux): the memory checks of the
    real processes here and in test_hostile.py hold only while this process stays small."""
    resource = pytest.importorskip("resource")
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 < PEAK_MEMORY_MB * 2**20
