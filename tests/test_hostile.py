"""Hostile input, generated: whatever arrives, xlengine keeps its promises (docs/threat-model.md).

Invariants checked on every example:
* the exit code is 0, 1 or 2, and nothing raises out of ``cli.main``;
* never a traceback; on exit 2, stderr is one line;
* nothing outside the working folder is opened: the folder sits in a sandbox beside a
  canary workbook that an audit hook watches;
* the input's bytes are unchanged;
* no partial output: after the run the working folder holds the inputs and, only on exit
  0 or 1, the finished output; no temporary file anywhere in it;
* (real processes) the peak memory stays under the budget.

The number of examples comes from the Hypothesis profile (tests/conftest.py): "ci" by
default, HYPOTHESIS_PROFILE=nightly for a long run. Workbook examples cost about a second
each, so they take half of the profile's count.
"""

from __future__ import annotations

import inspect
import io
import os
import string
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import headless_book as hb
from xlengine import cli
from xlengine.excel import functions as F
from xlengine.workbook import evaluate

EXAMPLES = settings().max_examples  # the loaded profile's
WORKBOOK_EXAMPLES = max(5, EXAMPLES // 2)
MEMORY_BUDGET = 2 * 2**30  # bytes: the process stays under about 2 GB

_OPENED: list[str] = []
_WATCH: list[str] = []


def _hook(event, args):
    if _WATCH and event == "open" and args and isinstance(args[0], (str, bytes, os.PathLike)):
        _OPENED.append(os.path.realpath(os.fsdecode(args[0])))


sys.addaudithook(_hook)  # cannot be removed: it records only while _WATCH is set


class Sandbox:
    __repr__ = lambda self: "<sandbox>"  # noqa: E731
    """sandbox/work (the working folder, the inputs) beside sandbox/canary.xlsx (never to be opened)."""

    def __init__(self):
        self.root = Path(tempfile.mkdtemp(prefix="xlengine-hostile-")).resolve()
        self.work = self.root / "work"
        self.work.mkdir()
        (self.root / "canary.xlsx").write_bytes(_canary_bytes())

    def run(self, argv, inputs: dict[str, bytes]) -> tuple[int, str, str]:
        for name, data in inputs.items():
            (self.work / name).write_bytes(data)
        before = {n: (self.work / n).read_bytes() for n in inputs}
        out, err = io.StringIO(), io.StringIO()
        cwd = os.getcwd()
        os.chdir(self.work)
        _OPENED.clear()
        _WATCH.append(str(self.root))
        stdout, stderr = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = out, err
        try:
            try:
                rc = cli.main([str(a) for a in argv])
            except SystemExit as e:  # argparse: usage errors and --help
                rc = e.code if isinstance(e.code, int) else 2
        finally:
            sys.stdout, sys.stderr = stdout, stderr
            _WATCH.clear()
            os.chdir(cwd)
        err_text = err.getvalue()
        assert rc in (0, 1, 2), (argv, rc, err_text)
        assert "Traceback" not in err_text, err_text
        if rc == 2:
            assert len(err_text.strip().splitlines()) == 1, err_text
        outside = [p for p in _OPENED if p.startswith(str(self.root)) and not p.startswith(str(self.work))]
        assert outside == [], outside
        for name, data in before.items():
            assert (self.work / name).read_bytes() == data, f"{name} changed"
        left = {p.name for p in self.work.iterdir()} - set(inputs)
        assert not any(n.endswith(".tmp") or n.startswith(".") for n in left), left
        if rc == 2:
            assert left == set(), f"exit 2 but {left} written"
        return rc, out.getvalue(), err_text

    def clean(self):
        for p in self.work.iterdir():
            p.unlink()


def _canary_bytes() -> bytes:
    import openpyxl

    buffer = io.BytesIO()
    wb = openpyxl.Workbook()
    wb.active["A1"] = 42
    wb.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def sandbox():
    return Sandbox()


class Book(bytes):
    def __repr__(self):
        return "<the contract workbook>"


@pytest.fixture(scope="module")
def valid_book(tmp_path_factory) -> bytes:
    return Book(hb.build(tmp_path_factory.mktemp("book") / "filled.xlsx").read_bytes())


def _members(book: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(book)) as z:
        return {n: z.read(n) for n in z.namelist()}


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buffer.getvalue()


# --- workbooks ------------------------------------------------------------------------------


@settings(max_examples=WORKBOOK_EXAMPLES)
@given(
    body=st.binary(max_size=4000),
    head=st.sampled_from([b"", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"]),
    command=st.sampled_from(["compute", "audit"]),
)
def test_random_bytes_as_a_workbook(sandbox, body, head, command):
    sandbox.clean()
    argv = [command, "in.xlsx"] + (["-o", "out.xlsx"] if command == "compute" else [])
    rc, _, _ = sandbox.run(argv, {"in.xlsx": head + body})
    assert rc == 2


_PART_NAMES = st.sampled_from(
    [
        "[Content_Types].xml",
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        "_rels/.rels",
        "xl/worksheets/sheet1.xml",
        "xl/sharedStrings.xml",
        "xl/externalLinks/externalLink1.xml",
        "../../evil.xml",
        "/abs.xml",
        "xl/styles.xml",
    ]
) | st.text(string.printable, min_size=1, max_size=30)


@settings(max_examples=WORKBOOK_EXAMPLES)
@given(members=st.dictionaries(_PART_NAMES, st.binary(max_size=300), max_size=8))
def test_random_zip_members(sandbox, members):
    sandbox.clean()
    rc, _, _ = sandbox.run(["audit", "in.xlsx"], {"in.xlsx": _zip(members)})
    assert rc in (1, 2)


_FORMULA_BITS = st.sampled_from(
    [
        "A1",
        "$B$2",
        "'Business case'!D6",
        "Assumptions!B2",
        "[1]Sheet1!A1",
        "'../canary/[canary.xlsx]Sheet1'!A1",
        "'../[canary.xlsx]Sheet1'!A1",
        "INDIRECT(\"'../[canary.xlsx]Sheet1'!A1\")",
        "headcount",
        "#REF!",
        "SUM(",
        ")",
        "+",
        "*",
        "ENG_ROI(",
        ",",
        "1e308",
        '"text"',
        "Table1[x]",
        ":",
        "!",
        "'",
        "ENG_ENPS(A1:A3)",
        "1/0",
    ]
)
_CELL_XML = st.builds(
    lambda ref, f, v: f'<c r="{ref}"><f>{f}</f><v>{v}</v></c>',
    st.sampled_from(["A1", "B2", "D6", "J9", "ZZ99", "A0", "", "XFE1"]),
    st.lists(_FORMULA_BITS, max_size=6).map("".join).map(lambda s: s.replace("&", "&amp;").replace("<", "&lt;")),
    st.sampled_from(["1", "", "x", "1e999"]),
)


@settings(max_examples=WORKBOOK_EXAMPLES)
@given(
    cells=st.lists(_CELL_XML, max_size=6),
    raw=st.text(max_size=200),
    use_raw=st.booleans(),
    command=st.sampled_from(["compute", "audit"]),
)
def test_random_xml_in_a_sheet_of_a_valid_workbook(sandbox, valid_book, cells, raw, use_raw, command):
    sandbox.clean()
    members = _members(valid_book)
    part = "xl/worksheets/sheet5.xml"  # the Business case sheet
    if use_raw:
        members[part] = raw.encode("utf-8", "surrogatepass")
    else:
        members[part] = members[part].replace(
            b"</sheetData>", ('<row r="9">' + "".join(cells) + "</row>").encode() + b"</sheetData>"
        )
    argv = [command, "in.xlsx"] + (["-o", "out.xlsx"] if command == "compute" else [])
    sandbox.run(argv, {"in.xlsx": _zip(members)})


# --- what will be built: far cells, ranges in tags, relocated parts (docs/threat-model.md, issue 21) ----


def _used_cells_without_teams(book: bytes) -> int:
    """The used ranges of every sheet but Teams, as openpyxl builds them (A1 to the last cell)."""
    import openpyxl

    return sum(ws.max_row * ws.max_column for ws in openpyxl.load_workbook(io.BytesIO(book)).worksheets if ws.title != "Teams")


_ROWS = st.integers(1, 60) | st.integers(1, 1_048_576)  # near the data, or anywhere
_COLUMNS = st.integers(1, 12) | st.integers(1, 16_384)


def _ref(row: int, col: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(col)}{row}"


def _expect_budget(rc: int, err: str, total: int) -> None:
    """Refused (exit 2, naming the cells) exactly when the used ranges pass the budget."""
    from xlengine.workbook import scan

    if total > scan.MAX_CELLS:
        assert rc == 2 and f"above the limit of {scan.MAX_CELLS:,} cells" in err, (total, err)
    else:
        assert rc in (0, 1), (total, err)


@settings(max_examples=WORKBOOK_EXAMPLES)
@given(row=_ROWS, col=_COLUMNS, command=st.sampled_from(["compute", "audit"]))
def test_a_sparse_far_cell_counts_its_whole_used_range(sandbox, valid_book, row, col, command):
    sandbox.clean()
    members = _members(valid_book)
    part = "xl/worksheets/sheet3.xml"  # Teams: A1:B4
    members[part] = (
        members[part].replace(
            b"</sheetData>", f'<row r="{row}"><c r="{_ref(row, col)}"><v>1</v></c></row>'.encode() + b"</sheetData>"
        )
        if row > 4
        else members[part].replace(
            f'<row r="{row}" spans="1:2">'.encode(),
            f'<row r="{row}" spans="1:2"><c r="{_ref(row, max(col, 3))}"><v>1</v></c>'.encode(),
        )
    )
    argv = [command, "in.xlsx"] + (["-o", "out.xlsx"] if command == "compute" else [])
    rc, _, err = sandbox.run(argv, {"in.xlsx": _zip(members)})
    width = max(col, 3) if row <= 4 else col
    _expect_budget(rc, err, _used_cells_without_teams(valid_book) + max(row, 4) * max(width, 2))


@settings(max_examples=WORKBOOK_EXAMPLES)
@given(
    tag=st.sampled_from(["mergeCell", "hyperlink", "dimension"]),
    rows=st.tuples(_ROWS, _ROWS),
    cols=st.tuples(_COLUMNS, _COLUMNS),
    command=st.sampled_from(["compute", "audit"]),
)
def test_a_range_in_a_merge_hyperlink_or_dimension_tag_counts(sandbox, valid_book, tag, rows, cols, command):
    sandbox.clean()
    r1, r2 = sorted(rows)
    c1, c2 = sorted(cols)
    r1, c1 = max(r1, 6), max(c1, 4)  # clear of the Teams table (A1:B4): what it holds stays
    r2, c2 = max(r2, r1 + 1), max(c2, c1)
    ref = f"{_ref(r1, c1)}:{_ref(r2, c2)}"
    members = _members(valid_book)
    part = "xl/worksheets/sheet3.xml"
    xml = members[part]
    if tag == "dimension":
        xml = xml.replace(b'<dimension ref="A1:B4"/>', f'<dimension ref="{ref}"/>'.encode())
    elif tag == "mergeCell":
        xml = xml.replace(b"</sheetData>", f'</sheetData><mergeCells count="1"><mergeCell ref="{ref}"/></mergeCells>'.encode())
    else:
        xml = xml.replace(
            b"</sheetData>", f'</sheetData><hyperlinks><hyperlink ref="{ref}" location="Teams!A1"/></hyperlinks>'.encode()
        )
    members[part] = xml
    argv = [command, "in.xlsx"] + (["-o", "out.xlsx"] if command == "compute" else [])
    rc, _, err = sandbox.run(argv, {"in.xlsx": _zip(members)})
    _expect_budget(rc, err, _used_cells_without_teams(valid_book) + max(r2, 4) * max(c2, 2))


_FOLDER = st.from_regex(r"[a-z][a-z0-9]{0,6}(/[a-z][a-z0-9]{0,6}){0,2}", fullmatch=True)


@settings(max_examples=WORKBOOK_EXAMPLES)
@given(
    book_folder=_FOLDER,
    sheets=_FOLDER,
    strings=_FOLDER,
    decoy=st.booleans(),
    prefix=st.booleans(),
    default_type=st.booleans(),
    big=st.booleans(),
)
def test_relocated_parts_and_renamed_content_types_are_what_is_read(
    sandbox, valid_book, book_folder, sheets, strings, decoy, prefix, default_type, big
):
    """Wherever the package's relationships and content types put the parts, the scan reads
    the ones openpyxl reads: the same figures, and the same budget (a relocated Teams sheet
    of 72,000 cells is refused, whatever sits at the old places)."""
    from hypothesis import assume

    import crafted_books as cb

    sandbox.clean()
    workbook = "xl/workbook.xml" if default_type else f"{book_folder}/book.xml"
    targets = [workbook, f"{strings}/strings.xml", *(f"{sheets}/sheet{i}.xml" for i in range(1, 11))]
    assume(len(set(targets)) == len(targets) and not set(targets[1:]) & set(_members(valid_book)))
    assume(not any(t.startswith(f"{sheets}/") for t in targets[:2]) and sheets != strings)
    members = _members(valid_book)
    if big:
        rows = "".join(
            f'<row r="{r}">' + "".join(f'<c r="{c}{r}"><v>1</v></c>' for c in "ABCDEFGHI") + "</row>" for r in range(50, 8050)
        )
        members["xl/worksheets/sheet3.xml"] = members["xl/worksheets/sheet3.xml"].replace(
            b"</sheetData>", rows.encode() + b"</sheetData>"
        )
    moved = cb.relocated(
        members,
        workbook=workbook,
        sheets=sheets,
        strings=f"{strings}/strings.xml",
        decoy=decoy,
        prefix=prefix,
        default_type=default_type,
    )
    if decoy and big:
        moved["xl/worksheets/sheet3.xml"] = _members(valid_book)["xl/worksheets/sheet3.xml"]  # a small decoy Teams sheet
    rc, out, err = sandbox.run(["compute", "in.xlsx", "-o", "out.xlsx"], {"in.xlsx": _zip(moved)})
    if big:
        assert rc == 2 and "'Teams'" in err and "cells" in err, err
    else:
        assert rc == 0 and "EUR 337,272" in out, (rc, err)


# --- case files and command lines -----------------------------------------------------------------

_KEYS = st.sampled_from(
    ["headcount", "attribution", "annual_employer_cost", "discount_rate", "horizon_years", "key", "value", "team", "#", "", "x"]
)
_VALUES = st.sampled_from(
    ["200", "0,6", "0.6", "60.000", "\u20ac 60.000,00", "12%", "-1", "1e999", "nan", "", '"0,6"', "9" * 400]
) | st.text(max_size=12)


@settings(max_examples=EXAMPLES)
@given(
    rows=st.lists(st.lists(_KEYS | _VALUES, max_size=4), max_size=6),
    sep=st.sampled_from([",", ";", "\t"]),
    raw=st.binary(max_size=300),
    use_raw=st.booleans(),
)
def test_random_csv_case_files(sandbox, rows, sep, raw, use_raw):
    sandbox.clean()
    data = raw if use_raw else "\n".join(sep.join(r) for r in rows).encode("utf-8", "surrogatepass")
    rc, out, _ = sandbox.run(["case", "in.csv", "--json"], {"in.csv": data})
    if rc == 0:
        assert '"summary"' in out


_JSON = st.recursive(
    st.none() | st.booleans() | st.floats(allow_nan=True) | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_KEYS, inner, max_size=4),
    max_leaves=8,
)


@settings(max_examples=EXAMPLES)
@given(value=_JSON, raw=st.binary(max_size=200), use_raw=st.booleans())
def test_random_json_case_files(sandbox, value, raw, use_raw):
    import json

    sandbox.clean()
    data = raw if use_raw else json.dumps(value).encode()
    sandbox.run(["case", "in.json"], {"in.json": data})


_FILES = {
    "a.csv": b"key,value\nheadcount,200\n",
    "teams.csv": b"team,headcount,turnover_before\nSales,40,15%\nIT,12,\n",
}
_COMMANDS = ["case", "simulate", "scenarios", "sensitivity", "breakeven", "story", "teams", "audit", "compute"]
_TOKENS = st.sampled_from(
    [
        "a.csv",
        "teams.csv",
        "in.xlsx",
        "nowhere.csv",
        "--json",
        "--language",
        "nl",
        "en",
        "xx",
        "--draws",
        "--seed",
        "-1",
        "0",
        "1",
        "10",
        "99999999999999999999",
        "1e9",
        "--lever",
        "turnover",
        "absence",
        "-o",
        "out.xlsx",
        "--force",
        "a.csv",
        "--help",
    ]
) | st.text(max_size=6)


@settings(max_examples=EXAMPLES)
@given(command=st.sampled_from(_COMMANDS), tokens=st.lists(_TOKENS, max_size=6))
def test_random_arguments_to_every_command(sandbox, valid_book, command, tokens):
    sandbox.clean()
    if "--draws" in tokens and command in ("simulate", "story"):
        tokens = [t if t not in ("99999999999999999999", "1e9") else "10" for t in tokens]  # keep each example fast
    sandbox.run([command, *tokens], {**_FILES, "in.xlsx": valid_book})


# --- ENG_ functions -------------------------------------------------------------------------------

_SCALAR = (
    st.none()
    | st.booleans()
    | st.floats()
    | st.integers(min_value=-(10**400), max_value=10**400)
    | st.text(max_size=10)
    | st.sampled_from(["#DIV/0!", "12%", "0,6", "60.000", "1e999"])
)
_ARG = _SCALAR | st.lists(st.lists(_SCALAR, min_size=1, max_size=3), min_size=1, max_size=3)
_ENG = sorted(n for n in dir(F) if n.startswith("ENG_") and callable(getattr(F, n)))


@settings(max_examples=EXAMPLES)
@given(name=st.sampled_from(_ENG), data=st.data())
def test_random_arguments_to_every_eng_function(name, data):
    f = getattr(F, name)
    params = list(inspect.signature(f).parameters.values())
    args = data.draw(st.lists(_ARG, max_size=len(params) + 1))
    if len(args) <= len(params):  # as xlwings calls it: an empty cell (None) for each argument not given
        required = sum(p.default is inspect.Parameter.empty for p in params)
        result = f(*args, *([None] * (required - len(args))))
    else:  # a file can hold a call with too many: the headless engine's adapter
        result = evaluate._adapt(f)(*args)
    texts = [v for v in getattr(result, "ravel", lambda: [result])() if isinstance(v, str)]
    assert not any("could not compute" in t for t in texts), (name, args, result)


# --- a few real processes: exit codes and memory -----------------------------------------------------


def test_real_processes_keep_the_promises_and_the_memory_budget(tmp_path, valid_book):
    (tmp_path / "junk.xlsx").write_bytes(b"PK\x03\x04" + os.urandom(2000))
    members = _members(valid_book)
    part = "xl/worksheets/sheet3.xml"
    rows = "".join(
        f'<row r="{r}">' + "".join(f'<c r="{c}{r}"><v>1</v></c>' for c in "ABCDEFGHI") + "</row>" for r in range(50, 8050)
    )
    members[part] = members[part].replace(b"</sheetData>", rows.encode() + b"</sheetData>")
    (tmp_path / "big.xlsx").write_bytes(_zip(members))  # 72,000 cells more: above the budget
    (tmp_path / "good.xlsx").write_bytes(valid_book)
    (tmp_path / "a.csv").write_text("key,value\nattribution,0,6\n")
    runs = [
        (["compute", "junk.xlsx"], 2),
        (["audit", "big.xlsx"], 2),
        (["case", "a.csv"], 2),
        (["compute", "good.xlsx", "-o", "r.xlsx"], 0),
    ]
    for argv, expected in runs:
        err_file = tmp_path / "stderr.txt"
        with open(err_file, "w") as err:
            p = subprocess.Popen(
                [sys.executable, "-m", "xlengine.cli", *argv], stdout=subprocess.DEVNULL, stderr=err, cwd=tmp_path
            )
            _, status, usage = os.wait4(p.pid, 0)  # this process's own peak memory, not the test run's
        p.returncode = os.waitstatus_to_exitcode(status)
        stderr = err_file.read_text()
        err_file.unlink()
        assert p.returncode == expected, (argv, stderr)
        assert "Traceback" not in stderr
        if expected == 2:
            assert len(stderr.strip().splitlines()) == 1
        assert usage.ru_maxrss * 1024 < MEMORY_BUDGET, (argv, usage.ru_maxrss)  # kB on Linux


# --- the readers: comment-like team names, case-variant JSON keys, decimal forms ----------------------

_TRIGGERS = st.sampled_from(["#", "=", "+", "-", "@", "'", "'=", "# ", "\t"])
_TEAM_NAMES = st.builds(
    lambda head, body: head + body,
    _TRIGGERS | st.just(""),
    st.text(string.ascii_letters + string.digits + " #=+-@'", min_size=1, max_size=10),
)


def _csv(rows, sep=",") -> bytes:
    import csv

    buf = io.StringIO()
    csv.writer(buf, delimiter=sep, lineterminator="\n", quoting=csv.QUOTE_MINIMAL).writerows(rows)
    return buf.getvalue().encode()


@settings(max_examples=EXAMPLES)
@given(names=st.lists(_TEAM_NAMES, min_size=1, max_size=5))
def test_team_names_that_look_like_comments_or_formulas_are_teams(sandbox, names):
    import json

    sandbox.clean()
    rows = [["team", "headcount"]] + [[n, "10"] for n in names]
    rc, out, err = sandbox.run(
        ["teams", "teams.csv", "a.csv", "--json"], {"teams.csv": _csv(rows), "a.csv": b"key,value\nheadcount,10\n"}
    )
    # the reader's own rule (teams.inert_text read back): a quote before a formula character is dropped
    read = [
        n.strip()[1:] if n.strip()[:1] == "'" and n.strip()[1:2] in ("=", "+", "-", "@", "\t", "\r") else n.strip() for n in names
    ]
    if len(set(read)) < len(read) or any(not n for n in read):
        assert rc == 2  # a team given twice, or a name of spaces only
        return
    assert rc == 0, err
    assert [r["Team"] for r in json.loads(out)[:-1]] == read  # no row dropped as a comment, none renamed


_CASE_KEYS = st.sampled_from(["headcount", "annual_employer_cost", "turnover_before", "value"])


@settings(max_examples=EXAMPLES)
@given(
    key=_CASE_KEYS,
    flips=st.lists(st.booleans(), min_size=2, max_size=2),
    nested=st.booleans(),
    values=st.lists(st.integers(1, 500), min_size=2, max_size=2),
)
def test_json_keys_that_differ_only_in_case_are_never_last_one_wins(sandbox, key, flips, nested, values):
    import json

    sandbox.clean()
    variants = [k.upper() if flip else k for k, flip in zip((key, key), flips)]
    if nested:  # {"headcount": {"value": 10, "VALUE": 20}}
        text = '{"headcount": {' + ", ".join(f'"{"value".upper() if f else "value"}": {v}' for f, v in zip(flips, values)) + "}}"
    else:
        text = "{" + ", ".join(f'"{k}": {v}' for k, v in zip(variants, values)) + "}"
    rc, out, err = sandbox.run(["case", "in.json", "--json"], {"in.json": text.encode()})
    assert rc == 2 and "given twice" in err, (text, rc, out)
    json.loads(text)  # the file itself is valid JSON


def _written(whole: int, frac: str, style: str) -> tuple[str, float | None]:
    """A figure as people write it, and what it means (None: no figure, must be refused)."""
    value = float(f"{whole}.{frac or '0'}")
    grouped = f"{whole:,}"
    if style == "plain":
        return (f"{whole}.{frac}" if frac else str(whole)), value
    if style == "decimal comma":
        return (f"{whole},{frac}" if frac else str(whole)), value
    if style == "dutch":
        return grouped.replace(",", ".") + (f",{frac}" if frac else ""), value
    if style == "english":
        return grouped + (f".{frac}" if frac else ""), value
    if style == "euro":
        return "\u20ac " + grouped.replace(",", ".") + (f",{frac}" if frac else ""), value
    if style == "code after":
        return f"{whole} EUR", float(whole)
    if style == "code inside":
        return f"{whole}EUR{frac or '00'}", None
    if style == "underscore":
        return f"{whole}_{frac or '00'}", None
    return f"{whole}%", None  # a percentage where the figure is not a rate


_STYLES = st.sampled_from(
    ["plain", "decimal comma", "dutch", "english", "euro", "code after", "code inside", "underscore", "percent"]
)
_AMBIGUOUS = __import__("re").compile(r"(?:\u20ac )?[1-9]\d{0,2}[.,]\d{3}")


def _accepts(text: str, meaning: float | None, got: float | None, rc: int, sep: str) -> bool:
    """rc 2, or the figure read is what the text means; a text that reads two ways
    (60.000) is refused, or read the Dutch way in a ; file."""
    if rc == 2:
        return True
    if got is None:
        return False
    if _AMBIGUOUS.fullmatch(text):
        digits = text.replace("\u20ac ", "")
        dutch = float(digits.replace(".", "").replace(",", ".")) if "." in digits else float(digits.replace(",", "."))
        return sep == ";" and abs(got - dutch) <= 1e-9 * max(1.0, dutch)
    return meaning is not None and abs(got - meaning) <= 1e-9 * max(1.0, abs(meaning))  # a team's mean of equal costs


_SEPARATORS = st.sampled_from([",", ";", "\t"])


def _case_run(text, sep):
    return (
        ["case", "in.csv", "--json"],
        {"in.csv": _csv([["key", "value"], ["annual_employer_cost", text]], sep)},
        lambda out: out["assumptions"]["annual_employer_cost"],
    )


def _teams_run(text, sep):
    return (
        ["teams", "teams.csv", "a.csv", "--json"],
        {"teams.csv": _csv([["team", "headcount"], ["Sales", text]], sep), "a.csv": b"key,value\nheadcount,10\n"},
        lambda out: out[0]["Headcount"],
    )


def _roster_run(text, sep):
    rows = [["employee_id", "team", "start_date", "end_date", "reason", "fte", "employer_cost"]]
    rows += [[f"E{i}", "Sales", "2020-01-01", "", "", "1", text] for i in range(5)]
    return (
        ["roster", "employees.csv", "--from", "2024-01-01", "--to", "2024-12-31", "--json"],
        {"employees.csv": _csv(rows, sep)},
        lambda out: out["teams"][0]["employer_cost"],
    )


@pytest.mark.parametrize("reader", [_case_run, _teams_run, _roster_run], ids=["case", "teams", "roster"])
@settings(max_examples=EXAMPLES)
@given(
    whole=st.integers(1, 99_999) | st.integers(0, 1_999_999),
    frac=st.sampled_from(["", "5", "25", "125"]),
    style=_STYLES,
    sep=_SEPARATORS,
)
def test_decimal_forms_in_every_reader(sandbox, reader, whole, frac, style, sep):
    import json

    sandbox.clean()
    text, meaning = _written(whole, frac, style)
    argv, files, value = reader(text, sep)
    rc, out, err = sandbox.run(argv, files)
    got = value(json.loads(out)) if rc in (0, 1) else None  # roster: 1 with a warning, the figures still there
    assert _accepts(text, meaning, got, 2 if rc == 2 else 0, sep), (text, sep, rc, got, err)


@settings(max_examples=EXAMPLES)
@given(score=st.integers(0, 10), frac=st.sampled_from(["", "5", "0"]), style=_STYLES, sep=_SEPARATORS)
def test_decimal_forms_in_survey_answers(sandbox, score, frac, style, sep):
    import json

    sandbox.clean()
    text, meaning = _written(score, frac, style)
    rows = [["team", "score"]] + [["A", text]] * 5
    rc, out, err = sandbox.run(["survey", "answers.csv", "--json"], {"answers.csv": _csv(rows, sep)})
    if rc == 0:  # five equal answers: eNPS 100 for a promoter (9, 10), -100 for a detractor (0-6), else 0
        assert meaning is not None and meaning == int(meaning), (text, sep, out)
        assert json.loads(out)["enps"] == 100.0 * (meaning >= 9) - 100.0 * (meaning <= 6), (text, sep, out)
    else:
        assert rc == 2, (text, sep, rc, err)
