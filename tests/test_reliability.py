"""A workbook or a file from someone else: what xlengine never does with it (docs/threat-model.md).

Each test builds the hostile input, runs the command in-process through ``cli.main`` (or a
real process where signals or concurrency matter) and checks the promise: no other file
opened, memory bounded by a refusal before anything is built, numbers never misread, nothing
overwritten, one sentence and exit 2 instead of a traceback, findings instead of silence.
"""

from __future__ import annotations

import inspect
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest

import headless_book as hb
from xlengine import cli
from xlengine.engine import validate
from xlengine.engine.errors import InputError
from xlengine.excel import functions as F
from xlengine.workbook import package_parts, safe_io, scan
from xlengine import resources

TEMPLATE = resources.path_of(resources.TEMPLATE)  # the package's own template

# --- helpers -----------------------------------------------------------------------------

_OPENED: list[str] = []
_WATCHING: list[bool] = [False]


def _hook(event, args):
    if _WATCHING[0] and event == "open" and args and isinstance(args[0], (str, bytes, os.PathLike)):
        _OPENED.append(os.fsdecode(args[0]))


sys.addaudithook(_hook)  # audit hooks cannot be removed: this one records only while a test watches


def run(argv, capsys, watch: Path | None = None):
    """cli.main in-process; with ``watch``, every path opened under that folder is returned too."""
    _OPENED.clear()
    _WATCHING[0] = watch is not None
    try:
        rc = cli.main([str(a) for a in argv])
    finally:
        _WATCHING[0] = False
    out, err = capsys.readouterr()
    opened = [p for p in _OPENED if watch is not None and os.path.realpath(p).startswith(os.path.realpath(watch))]
    return rc, out, err, opened


def one_sentence(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("xlengine"), err
    assert "Traceback" not in err
    return lines[0]


def patch_part(book: Path, part: str, change) -> Path:
    """Rewrite one zip member of ``book`` in place (the others byte for byte)."""
    with zipfile.ZipFile(book) as z:
        items = [(i, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in items:
            z.writestr(info, change(data) if info.filename == part else data)
    return book


def sheet_part(book: Path, title: str) -> str:
    with zipfile.ZipFile(book) as z:
        return next(part for t, part in scan.package_parts(z).sheets if t == title)


@pytest.fixture
def outside(tmp_path):
    """A folder beside the working folder holding a canary workbook: it must never be opened."""
    import openpyxl

    folder = tmp_path / "outside"
    folder.mkdir()
    wb = openpyxl.Workbook()
    wb.active.title = "Sheet1"
    wb.active["A1"] = 999
    wb.save(folder / "other.xlsx")
    return folder


@pytest.fixture
def work(tmp_path, monkeypatch):
    folder = tmp_path / "work"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


# --- 1. no other file is ever opened -------------------------------------------------------

EXTERNAL_FORMULAS = [
    "='{outside}/[other.xlsx]Sheet1'!A1",  # absolute path
    "='../outside/[other.xlsx]Sheet1'!A1",  # relative to the workbook
    "=SUM('{outside}/[other.xlsx]Sheet1'!A1:A3)*2",  # inside a function
    "=INDIRECT(\"'{outside}/[other.xlsx]Sheet1'!A1\")",  # a path in INDIRECT's text
    "=[1]Sheet1!A1",  # an external-link index, as Excel stores it
]


@pytest.mark.parametrize("formula", EXTERNAL_FORMULAS)
def test_an_external_reference_in_a_cell_is_refused_and_no_outside_file_is_opened(work, outside, capsys, formula):
    text = formula.format(outside=outside)
    book = hb.build(work / "linked.xlsx", extra_formulas=[("Business case", "J2", text, 0)])
    rc, out, err, opened = run(["compute", book, "-o", work / "r.xlsx"], capsys, watch=outside)
    assert rc == 2 and opened == []
    line = one_sentence(err)
    assert "external references" in line and "'Business case'!J2" in line
    assert not (work / "r.xlsx").exists()
    rc, out, err, opened = run(["audit", book, "--json"], capsys, watch=outside)
    assert rc == 1 and opened == []
    found = [f for f in json.loads(out)["findings"] if f["check"] == "external-reference"]
    assert [(f["sheet"], f["cell"]) for f in found] == [("Business case", "J2")]


def test_a_defined_name_pointing_outside_is_refused_and_never_followed(work, outside, capsys):
    book = hb.build(work / "named.xlsx")
    target = f"'{outside}/[other.xlsx]Sheet1'!$A$1"
    patch_part(
        book,
        "xl/workbook.xml",
        lambda b: re.sub(rb'(<definedName name="headcount">)[^<]*', lambda m: m.group(1) + target.encode(), b),
    )
    rc, out, err, opened = run(["compute", book, "-o", work / "r.xlsx"], capsys, watch=outside)
    assert rc == 2 and opened == [] and "headcount" in one_sentence(err)
    rc, out, err, opened = run(["audit", book, "--json"], capsys, watch=outside)
    assert rc == 1 and opened == []
    assert any(f["check"] == "external-reference" and "headcount" in f["problem"] for f in json.loads(out)["findings"])


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a FIFO")
def test_a_name_pointing_at_a_fifo_neither_hangs_nor_reads(work, tmp_path):
    fifo_dir = tmp_path / "pipes"
    fifo_dir.mkdir()
    os.mkfifo(fifo_dir / "fifo.xlsx")  # opening it for reading would block forever
    book = hb.build(work / "fifo.xlsx")
    target = f"'{fifo_dir}/[fifo.xlsx]Sheet1'!$A$1"
    patch_part(
        book,
        "xl/workbook.xml",
        lambda b: re.sub(rb'(<definedName name="headcount">)[^<]*', lambda m: m.group(1) + target.encode(), b),
    )
    for command in (["compute", str(book), "-o", str(work / "r.xlsx")], ["audit", str(book)]):
        p = subprocess.run(
            [sys.executable, "-m", "xlengine.cli", *command], capture_output=True, text=True, timeout=120, cwd=work
        )
        assert p.returncode in (1, 2) and "Traceback" not in p.stderr


def test_the_engine_model_itself_refuses_a_book_it_was_not_given(work, outside):
    """The guarantee behind the scan: even a reference the scan missed loads no file."""
    from xlengine.workbook import evaluate

    book = hb.build(work / "plain.xlsx")
    model = evaluate._sealed_model_class()()
    _OPENED.clear()
    _WATCHING[0] = True
    try:
        model.loads(str(book))
        with pytest.raises(InputError):
            model.add_book(str(outside / "other.xlsx"))
    finally:
        _WATCHING[0] = False
    assert model.refused and not any("outside" in p for p in _OPENED)


def test_external_reference_patterns():
    external = [
        "='C:\\x\\[b.xlsx]S'!A1",
        "=[1]!Name",
        "='[b.xlsx]My Sheet'!A1",
        "='../x/[o.xlsx]S'!A1:B2+1",
        "=INDIRECT(\"'/etc/[p.xlsx]x'!A1\")",
    ]
    internal = [
        "=SUM(Teams[Headcount])",
        "=Table1[[#This Row],[Amount]]*Sheet1!A1",
        "='Business case'!D6",
        "=A1+B2",
        "=Table1[Amount]+Sheet1!A1",
    ]
    assert all(scan.is_external(f) for f in external)
    assert not any(scan.is_external(f) for f in internal)


# --- 2. memory and time bounded before anything is built -----------------------------------


def _add_rows(book: Path, title: str, rows: int, columns: int = 9) -> Path:
    part = sheet_part(book, title)
    body = "".join(
        f'<row r="{r}">' + "".join(f'<c r="{chr(65 + c)}{r}"><v>{c}</v></c>' for c in range(columns)) + "</row>"
        for r in range(100, 100 + rows)
    )
    return patch_part(book, part, lambda b: b.replace(b"</sheetData>", body.encode() + b"</sheetData>"))


def test_a_workbook_above_the_cell_budget_is_refused_before_it_is_read(work, capsys, monkeypatch):
    from xlengine.workbook import evaluate

    book = _add_rows(hb.build(work / "big.xlsx"), "Teams", 6_000)  # 54,000 cells more
    monkeypatch.setattr(evaluate, "_evaluate", lambda *a: pytest.fail("read above the budget"))
    rc, out, err, _ = run(["compute", book, "-o", work / "r.xlsx"], capsys)
    # the rows 100..6099 of A..I: the sheet spans A1:I6099 once the scan reaches row 5,5xx
    assert rc == 2 and "the sheet 'Teams' span A1:I55" in one_sentence(err) and f"limit of {scan.MAX_CELLS:,} cells" in err


def test_too_many_shared_strings_are_refused(work, capsys):
    book = hb.build(work / "strings.xlsx")
    items = b"<si><t>x</t></si>" * (scan.MAX_SHARED_STRINGS + 1)
    patch_part(book, "xl/sharedStrings.xml", lambda b: b.replace(b"</sst>", items + b"</sst>"))
    rc, out, err, _ = run(["audit", book], capsys)
    assert rc == 2 and f"{scan.MAX_SHARED_STRINGS:,}" in one_sentence(err)


def test_the_streamed_count_is_exact_across_block_boundaries(work, monkeypatch):
    import openpyxl

    book = _add_rows(hb.build(work / "count.xlsx"), "Teams", 300, columns=3)
    # what openpyxl builds when the engine reads the sheets row by row: A1 to the last cell
    # (an empty sheet's <dimension ref="A1"/> is one cell, as openpyxl's max_row and max_column say)
    expected = sum(ws.max_row * ws.max_column for ws in openpyxl.load_workbook(book).worksheets)
    monkeypatch.setattr(package_parts, "_BLOCK", 97)  # many blocks, elements cut at every offset
    assert scan.workbook_shape(book).cells == expected


# --- 3. numbers as people write them ------------------------------------------------------------


@pytest.mark.parametrize(
    "text, value",
    [
        ("0,6", 0.6),
        ("0.6", 0.6),
        ("12,5%", 0.125),
        ("1.234,5", 1234.5),
        ("1,234.5", 1234.5),
        ("1.234.567", 1234567.0),
        ("1,234,567", 1234567.0),
        ("60.000,00", 60000.0),
        ("\u20ac 60.000,00", 60000.0),
        ("0,600", 0.6),
        ("0.125", 0.125),
        ("1 234,5", 1234.5),
        ("-3,5", -3.5),
        ("1e5", 100000.0),
        ("1000.000", 1000.0),
    ],
)
def test_decimal_comma_and_point_both_orders(text, value):
    assert validate.number("x", text, fraction=text.endswith("%")) == value  # a percentage only for a rate


@pytest.mark.parametrize("text", ["60.000", "\u20ac 60.000", "60,000", "1,500", "12.345"])
def test_a_number_that_reads_two_ways_is_refused_with_both_readings(text):
    with pytest.raises(InputError, match="reads two ways"):
        validate.number("annual_employer_cost", text)


@pytest.mark.parametrize("text", ["12,3,4", "1.2.3", "1,23.4", "1.234,5.6", "inf", "nan", "0x10"])
def test_malformed_numbers_are_text(text):
    with pytest.raises(InputError, match="where a number belongs"):
        validate.number("x", text)


def test_a_decimal_comma_in_a_comma_separated_case_is_refused_with_the_line(work, capsys):
    (work / "a.csv").write_text("key,value\nheadcount,200\nattribution,0,6\n")
    rc, out, err, _ = run(["case", work / "a.csv"], capsys)
    assert rc == 2 and "line 3 has 3 fields instead of 2" in one_sentence(err)
    (work / "b.csv").write_text("attribution,0,6\n")  # no header: a three-field row
    rc, out, err, _ = run(["case", work / "b.csv"], capsys)
    assert rc == 2 and "line 1 has 3 fields" in one_sentence(err)


def test_a_semicolon_separated_case_reads_the_decimal_comma(work, capsys):
    (work / "a.csv").write_text("key;value\nattribution;0,6\nannual_employer_cost;\u20ac 60.000,00\n", encoding="utf-8")
    rc, out, err, _ = run(["case", work / "a.csv", "--json"], capsys)
    assert rc == 0
    values = json.loads(out)["assumptions"]
    assert values["attribution"] == 0.6 and values["annual_employer_cost"] == 60000.0
    # a ;-separated file follows the Dutch convention (as `roster` reads a ; export): 60.000 is sixty thousand
    (work / "b.csv").write_text("key;value\nannual_employer_cost;\u20ac 60.000\n", encoding="utf-8")
    rc, out, err, _ = run(["case", work / "b.csv", "--json"], capsys)
    assert rc == 0 and json.loads(out)["assumptions"]["annual_employer_cost"] == 60000.0


# --- 4. nothing overwritten; one winner; no temporary file left -----------------------------------


def test_template_onto_an_existing_file_needs_force(work, capsys):
    filled = work / "filled.xlsm"
    filled.write_bytes(b"a filled workbook")
    rc, out, err, _ = run(["template", "-o", filled], capsys)
    assert rc == 2 and "--force" in one_sentence(err) and filled.read_bytes() == b"a filled workbook"
    rc, out, err, _ = run(["template", "-o", filled, "--force"], capsys)
    assert rc == 0 and filled.read_bytes()[:2] == b"PK"
    assert sorted(p.name for p in work.iterdir()) == ["filled.xlsm"]


def test_the_packages_template_is_never_a_report(work, capsys):
    before = Path(TEMPLATE).read_bytes()
    rc, out, err, _ = run(["demo", "-o", TEMPLATE, "--force"], capsys)
    assert rc == 2 and "the package's own template" in one_sentence(err)
    assert Path(TEMPLATE).read_bytes() == before


def test_two_writers_of_one_name_exactly_one_wins(tmp_path):
    target = tmp_path / "report.xlsx"
    both_writing = threading.Barrier(2)
    results = []

    def writer(tag):
        def write(tmp):
            tmp.write_bytes(tag)
            both_writing.wait(timeout=10)  # both have passed the existence check

        try:
            safe_io.write_new(target, write)
            results.append(("won", tag))
        except InputError as e:
            results.append(("refused", str(e)))

    threads = [threading.Thread(target=writer, args=(tag,)) for tag in (b"first", b"second")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r[0] for r in results) == ["refused", "won"]
    winner = next(r[1] for r in results if r[0] == "won")
    assert target.read_bytes() == winner
    assert "created by another program" in next(r[1] for r in results if r[0] == "refused")
    assert [p.name for p in tmp_path.iterdir()] == ["report.xlsx"]


def test_two_concurrent_compute_runs_one_wins_the_other_exits_2(tmp_path):
    book = hb.build(tmp_path / "filled.xlsx")
    cmd = [sys.executable, "-m", "xlengine.cli", "compute", str(book), "-o", str(tmp_path / "r.xlsx")]
    procs = [subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=tmp_path) for _ in range(2)]
    results = [(p.wait(timeout=300), p.stderr.read()) for p in procs]
    assert sorted(rc for rc, _ in results) == [0, 2]
    loser = next(err for rc, err in results if rc == 2)
    assert len(loser.strip().splitlines()) == 1 and "r.xlsx" in loser
    assert sorted(p.name for p in tmp_path.iterdir()) == ["filled.xlsx", "r.xlsx"]


def test_an_interrupted_write_leaves_no_temporary_file(tmp_path):
    def interrupted(tmp):
        tmp.write_bytes(b"half")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        safe_io.write_new(tmp_path / "r.xlsx", interrupted)
    assert list(tmp_path.iterdir()) == []


def test_sigterm_during_compute_cleans_up(tmp_path):
    book = hb.build(tmp_path / "filled.xlsx")
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    env = {**os.environ, "TMPDIR": str(private_tmp)}
    p = subprocess.Popen(
        [sys.executable, "-m", "xlengine.cli", "compute", str(book), "-o", str(tmp_path / "r.xlsx")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
        env=env,
    )
    deadline = time.monotonic() + 60
    while not any(private_tmp.iterdir()) and time.monotonic() < deadline and p.poll() is None:
        time.sleep(0.01)  # wait until the private copy exists
    p.send_signal(signal.SIGTERM)
    rc = p.wait(timeout=120)
    err = p.stderr.read()
    assert "Traceback" not in err
    assert list(private_tmp.iterdir()) == []
    if rc == 0:  # the run finished before the signal arrived: then it is complete
        assert sorted(x.name for x in tmp_path.iterdir()) == ["filled.xlsx", "r.xlsx", "tmp"]
    else:
        assert rc == 130 and "interrupted" in err
        assert sorted(x.name for x in tmp_path.iterdir()) == ["filled.xlsx", "tmp"]


def test_the_output_folder_is_checked_before_the_work(work, capsys, monkeypatch):
    from xlengine.workbook import headless

    monkeypatch.setattr(headless, "compute_workbook", lambda *a, **k: pytest.fail("computed before the output was checked"))
    book = hb.build(work / "filled.xlsx")
    rc, out, err, _ = run(["compute", book, "-o", work / "no such folder" / "r.xlsx"], capsys)
    assert rc == 2 and "does not exist" in one_sentence(err)
    monkeypatch.setattr(os, "access", lambda path, mode: False)  # a read-only folder, also for root
    rc, out, err, _ = run(["compute", book, "-o", work / "r.xlsx"], capsys)
    assert rc == 2 and "not writable" in one_sentence(err)


# --- 5. unbounded work --------------------------------------------------------------------------


def test_story_draws_are_capped_like_simulate(work, capsys):
    (work / "a.csv").write_text("key,value\nheadcount,200\n")
    for command in ("story", "simulate"):
        rc, out, err, _ = run([command, work / "a.csv", "--draws", 10**11], capsys)
        assert rc == 2 and "20,000,000" in one_sentence(err)


def test_a_memory_error_is_one_sentence(work, capsys, monkeypatch):
    from xlengine.decision import uncertainty

    def no_memory(*a, **k):
        raise MemoryError

    monkeypatch.setattr(uncertainty, "simulate", no_memory)
    (work / "a.csv").write_text("key,value\nheadcount,200\n")
    rc, out, err, _ = run(["simulate", work / "a.csv"], capsys)
    assert rc == 2 and "memory" in one_sentence(err)


def test_the_duplicate_team_check_names_the_row():
    from xlengine.decision import teams

    rows = [["team", "headcount"]] + [[f"T{i}", 10.0] for i in range(50_000)] + [["T7", 3.0]]
    with pytest.raises(InputError, match=r"'T7' is given twice \(row 50002\)"):
        teams.parse_table(rows)


# --- 6. one sentence, exit 2, never a traceback ------------------------------------------------------


@pytest.mark.parametrize(
    "name, content",
    [
        ("one.csv", "headcount\n"),
        ("wide.csv", "key,value\nheadcount," + "9" * 140_000 + "\n"),
        ("huge.json", '{"headcount": ' + "9" * 400 + "}"),
        ("deep.json", "[" * 100_000 + "]" * 100_000),
        ("dup.json", '{"headcount": 10, "headcount": 20}'),
        ("empty.csv", ""),
        ("header.csv", "key,value\n"),
        ("empty.json", "{}"),
    ],
)
def test_unusable_case_files_are_one_sentence(work, capsys, name, content):
    (work / name).write_text(content)
    rc, out, err, _ = run(["case", work / name], capsys)
    assert rc == 2
    one_sentence(err)


def test_a_negative_seed_is_one_sentence(work, capsys):
    (work / "a.csv").write_text("key,value\nheadcount,200\n")
    rc, out, err, _ = run(["simulate", work / "a.csv", "--seed", "-1"], capsys)
    assert rc == 2 and "seed" in one_sentence(err)


def test_a_usage_error_is_one_line(capsys):
    with pytest.raises(SystemExit) as e:
        cli.main(["simulate"])
    assert e.value.code == 2
    one_sentence(capsys.readouterr().err)


def test_a_file_name_that_is_not_utf8(work, capsys):
    book = hb.build(work / "plain.xlsx")
    odd = Path(os.fsdecode(b"caf\xe9.xlsx"))
    book.rename(work / odd)
    rc, out, err, _ = run(["compute", work / odd, "-o", work / "r.xlsx"], capsys)
    assert rc == 0 and "Traceback" not in err and "caf\\udce9.xlsx" in out


def test_a_sheet_name_with_apostrophes_is_refused(work, capsys):
    book = hb.build(work / "apos.xlsx")
    patch_part(book, "xl/workbook.xml", lambda b: b.replace(b'name="Teams"', b"name=\"'Teams'\""))
    rc, out, err, _ = run(["compute", book, "-o", work / "r.xlsx"], capsys)
    assert rc == 2 and "not a valid Excel sheet name" in one_sentence(err)


def test_an_unreadable_file_is_one_sentence(work, capsys, monkeypatch):
    book = hb.build(work / "locked.xlsx")

    def denied(self, *a, **k):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", denied)
    (work / "a.csv").write_text("key,value\n")
    rc, out, err, _ = run(["case", work / "a.csv"], capsys)
    assert rc == 2 and "Permission denied" in one_sentence(err)
    monkeypatch.undo()
    monkeypatch.setattr(safe_io, "check_workbook_file", lambda path: denied(Path(path)))
    rc, out, err, _ = run(["audit", book], capsys)
    assert rc == 2 and "Permission denied" in one_sentence(err)


def test_an_unexpected_error_is_one_line_with_a_hint(work, capsys, monkeypatch):
    from xlengine.cli import case

    monkeypatch.setattr(case, "read_assumptions", lambda path: 1 / 0)
    (work / "a.csv").write_text("key,value\nheadcount,200\n")
    rc, out, err, _ = run(["case", work / "a.csv"], capsys)
    assert rc == 1 and "internal error (ZeroDivisionError" in one_sentence(err)


# --- 7. findings, not silence ---------------------------------------------------------------------


def test_a_ref_name_is_a_missing_name_finding(work, capsys):
    book = hb.build(work / "ref.xlsx")
    patch_part(book, "xl/workbook.xml", lambda b: re.sub(rb'(<definedName name="npv">)[^<]*', rb"\1#REF!$B$2", b))
    rc, out, err, _ = run(["audit", book, "--json"], capsys)
    assert rc == 1
    found = [(f["check"], f["problem"]) for f in json.loads(out)["findings"]]
    assert ("missing-name", "the defined name 'npv' is missing or broken (#REF!)") in found


def test_a_circular_reference_is_a_finding_and_exit_1(work, capsys):
    book = hb.build(work / "circ.xlsx", extra_formulas=[("Business case", "J2", "=J3+1", 0), ("Business case", "J3", "=J2+1", 0)])
    rc, out, err, _ = run(["compute", book, "-o", work / "r.xlsx"], capsys)
    assert rc == 1 and "'Business case'!J2 (=J3+1) has no value" in err
    rc, out, err, _ = run(["audit", book, "--json"], capsys)
    assert rc == 1
    cells = sorted(f["cell"] for f in json.loads(out)["findings"] if f["check"] == "circular-reference")
    assert cells == ["J2", "J3"]


# --- 8. every ENG_ refusal names its argument ------------------------------------------------------

HOSTILE = [
    None,
    "",
    "abc",
    "#DIV/0!",
    True,
    0.0,
    -1.0,
    1e308,
    float("nan"),
    float("inf"),
    10**400,
    -(10**400),
    5.0,
    "1e999",
    "60.000",
    [[5.0]],
    [[None]],
    [],
    [[1.0, 2.0], [3.0]],
    [[10**400, 1.0]],
    [[1.0, "x"]],
    {"a": 1},
    object(),
    3 + 4j,
    [[["x"]]],
    "\x00",
]
ENG = sorted(n for n in dir(F) if n.startswith("ENG_") and callable(getattr(F, n)))


@pytest.mark.parametrize("name", ENG)
def test_no_hostile_argument_falls_through_to_the_generic_sentence(name):
    f = getattr(F, name)
    params = list(inspect.signature(f).parameters.values())
    for i, p in enumerate(params):
        for v in HOSTILE:
            args = [
                v if j == i else (q.default if q.default is not inspect.Parameter.empty else None) for j, q in enumerate(params)
            ]
            result = f(*args)
            assert not (isinstance(result, str) and "could not compute" in result), (p.name, v, result)
