"""The hostile run's cases, each with its crafted file and a real process (docs/threat-model.md).

No figure silently wrong (a misread number is refused, a tampered workbook is a finding),
nothing injected (a team name is text, never a formula or a terminal escape), never a
traceback (a closed or full output, an odd argument): each test runs ``python -m
xlengine.cli`` as a user would and asserts the exit code and the sentence.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import headless_book as hb


def xlengine(*argv, cwd: Path, stdout=subprocess.PIPE, env=None, timeout=300) -> subprocess.CompletedProcess:
    """One real run of the command; stderr is checked for a traceback every time."""
    p = subprocess.run(
        [sys.executable, "-m", "xlengine.cli", *map(str, argv)],
        cwd=cwd,
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        timeout=timeout,
    )
    assert "Traceback" not in p.stderr and "internal error" not in p.stderr, p.stderr
    return p


def refused(p: subprocess.CompletedProcess) -> str:
    """The one sentence of an exit 2."""
    assert p.returncode == 2, (p.returncode, p.stderr)
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("xlengine: "), p.stderr
    return lines[0]


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# --- 1. numbers that read wrong -----------------------------------------------------------


@pytest.mark.parametrize(
    "key, text, said",
    [
        ("headcount", "12 %", "headcount = '12 %' is a percentage, but headcount is not a rate"),  # was 0.12 FTE
        ("enps_before", "35%", "enps_before = '35%' is a percentage, but enps_before is not a rate"),  # eNPS is in points
        ("headcount", "2EUR00", "headcount is text ('2EUR00') where a number belongs"),  # was 200
        ("headcount", "2_00", "headcount is text ('2_00') where a number belongs"),  # was 200
    ],
)
def test_a_number_that_is_not_one_is_refused_in_a_case_file(tmp_path, key, text, said):
    write(tmp_path, "a.csv", f"key,value\n{key},{text}\n")
    assert said in refused(xlengine("case", "a.csv", "--json", cwd=tmp_path))


def test_currency_before_or_after_a_figure_still_reads(tmp_path):
    write(tmp_path, "a.csv", "key;value\nannual_employer_cost;\u20ac 55.000,00\nrecruitment_cost;4500 EUR\n")
    p = xlengine("case", "a.csv", "--json", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    values = json.loads(p.stdout)["assumptions"]
    assert values["annual_employer_cost"] == 55000.0 and values["recruitment_cost"] == 4500.0


@pytest.mark.parametrize(
    "text, first, second",
    [
        ('{"headcount": {"value": 100, "Value": 200}}', "Value", "value"),
        ('{"headcount": 100, "Headcount": 200}', "Headcount", "headcount"),
        ('{"Head count": 100, "head_count": 200}', "head_count", "Head count"),
    ],
)
def test_json_keys_that_differ_only_in_case_are_refused(tmp_path, text, first, second):
    write(tmp_path, "a.json", text)
    line = refused(xlengine("case", "a.json", cwd=tmp_path))
    assert f"{first} is given twice in a.json (as {second!r}; keys ignore case and spaces)" in line


def test_a_team_named_like_a_comment_is_a_team(tmp_path):
    write(tmp_path, "teams.csv", "team,headcount,turnover_before\n#Marketing,40,15%\nIT,12,\n")
    write(tmp_path, "a.csv", "key,value\nheadcount,52\n# a comment line in a key,value file\n")
    p = xlengine("teams", "teams.csv", "a.csv", "--json", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    rows = json.loads(p.stdout)
    # 40 + 12 FTE: both teams counted, the total row adds them up
    assert [r["Team"] for r in rows] == ["#Marketing", "IT", "Total"] and rows[-1]["Headcount"] == 52


def test_long_values_are_quoted_at_most_200_characters(tmp_path):
    write(tmp_path, "a.csv", "key,value\nheadcount," + "x" * 5000 + "\n")
    line = refused(xlengine("case", "a.csv", cwd=tmp_path))
    assert "(5,002 characters)" in line and len(line) < 400


# --- 3. outputs that are not files, or not the right kind of file --------------------------------


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Path:
    return hb.build(tmp_path_factory.mktemp("book") / "filled.xlsx")


def test_a_device_is_never_replaced_even_with_force(tmp_path, book):
    line = refused(xlengine("compute", book, "-o", os.devnull, "--force", cwd=tmp_path))
    assert line == (
        "xlengine: /dev/null is a device, not a file: xlengine never replaces it, even with --force; give a file name with -o."
    )
    assert Path(os.devnull).is_char_device()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a FIFO")
def test_a_fifo_is_never_replaced(tmp_path):
    os.mkfifo(tmp_path / "pipe.xlsx")
    line = refused(xlengine("demo", "-o", "pipe.xlsx", "--force", cwd=tmp_path, stdout=subprocess.DEVNULL))
    assert "pipe.xlsx is a FIFO (named pipe), not a file" in line
    assert (tmp_path / "pipe.xlsx").is_fifo()


def test_a_report_with_another_extension_is_refused(tmp_path, book):
    line = refused(xlengine("compute", book, "-o", "rep.csv", cwd=tmp_path))
    assert "rep.csv has the extension .csv, but this output is .xlsx or .pdf" in line
    assert list(tmp_path.iterdir()) == []


# --- 1. numbers in HR exports: the one reading of validate.decimal_text ------------------------


def _roster(sep: str, cost: str, people: int = 5) -> str:
    header = sep.join(["employee_id", "team", "start_date", "end_date", "reason", "fte", "employer_cost"])
    return (
        header + "\n" + "".join(sep.join([str(i), "Sales", "2020-01-01", "", "", "1", cost]) + "\n" for i in range(1, people + 1))
    )


def _roster_run(tmp_path, text):
    write(tmp_path, "employees.csv", text)
    return xlengine("roster", "employees.csv", "--from", "2024-01-01", "--to", "2024-12-31", "--json", cwd=tmp_path)


@pytest.mark.parametrize("sep", [",", "\t"])
def test_a_cost_that_reads_two_ways_is_refused_in_a_comma_or_tab_export(tmp_path, sep):
    line = refused(_roster_run(tmp_path, _roster(sep, "60.000")))  # was read as EUR 60
    assert "employees.csv row 2, column 'employer_cost': '60.000' reads two ways (60 or 60000)" in line


@pytest.mark.parametrize(
    "cost, expected",
    [
        ("60000.50", 60000.5),  # was 6,000,050: the point dropped as a thousands separator
        ("60.000,50", 60000.5),  # the Dutch convention of a ; export
        ("60.000", 60000.0),  # in a ; export the point groups thousands
    ],
)
def test_a_semicolon_export_reads_costs_in_the_dutch_convention(tmp_path, cost, expected):
    p = _roster_run(tmp_path, _roster(";", cost))
    assert p.returncode in (0, 1), p.stderr  # 1: the warning that there is no leaving reason
    assert json.loads(p.stdout)["teams"][0]["employer_cost"] == expected


def test_an_unquoted_decimal_comma_that_widens_a_row_is_refused(tmp_path):
    line = refused(_roster_run(tmp_path, _roster(",", "60.000,00")))  # was one field wider: every column shifted
    assert "employees.csv line 2 has 8 fields instead of 7, as many as the header (an unquoted decimal comma" in line


@pytest.mark.parametrize(
    "text, said",
    [
        ("team,score\nA,7%\nA,8\n", "answers.csv row 2, column 'score': '7%' is a percentage where a number belongs"),
        ("score\n7,5\n8\n", "answers.csv line 2 has 2 fields instead of 1"),
        ("team,score\nA,7,5\nA,8\n", "answers.csv line 2 has 3 fields instead of 2"),
    ],
)
def test_survey_answers_that_read_wrong_are_refused(tmp_path, text, said):
    write(tmp_path, "answers.csv", text)
    assert said in refused(xlengine("survey", "answers.csv", cwd=tmp_path))  # each was read as 7


def test_a_quoted_decimal_comma_in_a_survey_is_a_half_answer(tmp_path):
    write(tmp_path, "answers.csv", 'score\n"7,5"\n8\n')
    assert "row 2: 7.5 is not a 0-10 answer" in refused(xlengine("survey", "answers.csv", cwd=tmp_path))


# --- 2. what an HR export smuggles in: formulas and terminal escapes ------------------------------

HOSTILE_TEAMS = ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tTabbed", "\rReturn"]


def _employees(teams) -> str:
    rows = [["employee_id", "team", "start_date", "end_date", "reason", "fte", "employer_cost"]]
    rows += [[f"E{t}{i}", name, "2020-01-01", "", "", "1", "60000"] for t, name in enumerate(teams) for i in range(5)]
    import csv
    import io

    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_ALL).writerows(rows)  # a CR inside a field needs quotes
    return buf.getvalue()


def test_team_names_that_look_like_formulas_are_neutralised_in_the_csv(tmp_path):
    write(tmp_path, "employees.csv", _employees(HOSTILE_TEAMS))
    p = xlengine("roster", "employees.csv", "--from", "2024-01-01", "--to", "2024-12-31", "-o", "teams.csv", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    import csv

    with open(tmp_path / "teams.csv", newline="", encoding="utf-8") as f:
        names = [r[0] for r in csv.reader(f)][1:]
    # OWASP: a single quote before = + - @ tab CR, so a spreadsheet shows the text
    assert sorted(names) == sorted("'" + t for t in HOSTILE_TEAMS)
    # and the chain roster -o -> teams reads the names back as they were
    write(tmp_path, "a.csv", "key,value\nheadcount,30\n")
    p = xlengine("teams", "teams.csv", "a.csv", "--json", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    assert sorted(r["Team"] for r in json.loads(p.stdout)[:-1]) == sorted(HOSTILE_TEAMS)


def test_team_names_that_look_like_formulas_are_text_in_the_workbook(tmp_path):
    import openpyxl

    from xlengine import resources

    write(tmp_path, "employees.csv", _employees(HOSTILE_TEAMS))
    p = xlengine(
        "roster",
        "employees.csv",
        "--from",
        "2024-01-01",
        "--to",
        "2024-12-31",
        "--workbook",
        resources.path_of(resources.TEMPLATE),
        "-o",
        "filled.xlsm",
        cwd=tmp_path,
    )
    assert p.returncode in (0, 1), p.stderr  # 1: a warning about the template's targets against the roster
    ws = openpyxl.load_workbook(tmp_path / "filled.xlsm", keep_vba=True)["Teams"]
    cells = [
        c
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value.strip() in {t.strip() for t in HOSTILE_TEAMS}
    ]
    assert len(cells) == len(HOSTILE_TEAMS)
    # stored as text (never a formula cell) with Excel's quote prefix: it stays text when edited
    assert all(c.data_type == "s" and c.quotePrefix for c in cells), [(c.value, c.data_type) for c in cells]


def test_terminal_escapes_in_team_and_file_names_are_escaped_on_stdout(tmp_path):
    name = "Sales\x1b]0;owned\x07\x1b[2J"
    write(tmp_path, "teams\x1b[31m.csv", f"team,headcount\n{name},10\n")
    write(tmp_path, "a.csv", "key,value\nheadcount,10\n")
    p = xlengine("teams", "teams\x1b[31m.csv", "a.csv", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    assert "\x1b" not in p.stdout and "\x07" not in p.stdout
    assert "Sales\\x1b]0;owned\\x07\\x1b[2J" in p.stdout  # shown, as on stderr
    line = refused(xlengine("teams", "teams\x1b[31m.csv", "missing.csv", cwd=tmp_path))
    assert "\x1b" not in line


# --- 3. no traceback: closed and full outputs, odd arguments ----------------------------------------


def test_a_closed_stdout_is_one_sentence_and_nothing_done(tmp_path):
    p = subprocess.run(
        f"{sys.executable} -m xlengine.cli demo >&-", shell=True, cwd=tmp_path, stderr=subprocess.PIPE, text=True, timeout=300
    )
    assert p.returncode == 2 and "Traceback" not in p.stderr
    assert p.stderr.strip() == (
        "xlengine: standard output is closed (>&-), so nothing the command prints could be "
        "shown: run it with its output going to the terminal, a file (> out.txt) or /dev/null; "
        "nothing was done."
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_stdout_is_one_sentence(tmp_path):
    write(tmp_path, "a.csv", "key,value\nheadcount,200\n")
    with open("/dev/full", "w") as full:
        p = xlengine("case", "a.csv", "--json", cwd=tmp_path, stdout=full)
    assert refused(p) == (
        "xlengine: cannot print to standard output (No space left on device): what the command printed "
        "is lost; files it wrote are complete; print to the terminal or another file."
    )


@pytest.fixture
def tiny_disk(tmp_path):
    """A 16 kB file system (tmpfs), if this process may mount one."""
    folder = tmp_path / "tiny"
    folder.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", str(folder)], capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    yield folder
    subprocess.run(["umount", str(folder)], check=True)


def test_a_full_disk_is_one_sentence_and_leaves_nothing(tmp_path, book, tiny_disk):
    p = xlengine("compute", book, "-o", tiny_disk / "r.xlsx", cwd=tmp_path)
    assert refused(p) == (
        f"xlengine: {tiny_disk / 'r.xlsx'} cannot be written: the disk is full (No space left on device); "
        "free some space or write elsewhere with -o: nothing was written."
    )
    assert list(tiny_disk.iterdir()) == []


def test_a_full_disk_under_a_csv_output(tmp_path, tiny_disk, monkeypatch):
    (tiny_disk / "fill").write_bytes(b"\0" * 16384)  # the file system is full
    write(tmp_path, "employees.csv", _employees(["Sales"]))
    p = xlengine("roster", "employees.csv", "--from", "2024-01-01", "--to", "2024-12-31", "-o", tiny_disk / "t.csv", cwd=tmp_path)
    assert "t.csv cannot be written: the disk is full" in refused(p)
    assert [x.name for x in tiny_disk.iterdir()] == ["fill"]


@pytest.mark.parametrize("command", ["survey", "evidence"])
def test_a_confidence_a_hair_below_one_is_refused(tmp_path, command):
    write(tmp_path, "answers.csv", "team,score\nA,7\nA,8\nA,9\nA,10\nA,6\n")
    write(tmp_path, "teams.csv", "team,headcount,turnover_before,enps_before\nA,40,15%,10\nB,30,12%,20\nC,50,9%,30\n")
    argv = ["answers.csv"] if command == "survey" else ["teams.csv"]
    line = refused(xlengine(command, *argv, "--confidence", "0.9999999999999999", cwd=tmp_path))
    assert line == (
        "xlengine: confidence = 0.9999999999999999 is outside 50%..99.99%: enter a confidence level such as 0.95 (95%)."
    )  # was an internal error: the normal quantile of (1 + c) / 2 = 1 is infinite


@pytest.mark.parametrize("cost", ["inf", "1e308"])
def test_an_infinite_or_huge_employer_cost_is_refused(tmp_path, cost):
    write(tmp_path, "employees.csv", _employees(["Sales"]).replace("60000", cost))
    line = refused(xlengine("roster", "employees.csv", "--from", "2024-01-01", "--to", "2024-12-31", "--json", cwd=tmp_path))
    assert ("is not a number" if cost == "inf" else "is above 2,000,000 EUR a year") in line


def test_a_sheet_name_of_sixteen_emoji_does_not_crash_the_report(tmp_path, book):
    import zipfile

    import openpyxl

    emoji = "\U0001f600" * 16  # 16 characters, 32 UTF-16 code units: over Excel's 31
    copy = tmp_path / "emoji.xlsx"
    with zipfile.ZipFile(book) as z, zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as out:
        for info in z.infolist():
            data = z.read(info.filename)
            if info.filename == "xl/workbook.xml":
                data = data.replace(b'name="Start"', f'name="{emoji}"'.encode())
            out.writestr(info, data)
    p = xlengine("compute", copy, "-o", "r.xlsx", cwd=tmp_path)
    if p.returncode == 2:  # refused as an input (the sheet name is longer than Excel allows)
        assert "sheet" in refused(p)
    else:
        assert p.returncode == 0, p.stderr
        names = openpyxl.load_workbook(tmp_path / "r.xlsx").sheetnames
        assert "\U0001f600" * 15 in names  # 30 code units: the longest start that fits


# --- 1. a tampered workbook: compute says so (exit 1), as the audit does --------------------------


@pytest.fixture(scope="module")
def template_copies(tmp_path_factory):
    """The package's template, saved by openpyxl as it is and with one change each."""
    import openpyxl

    from xlengine import resources
    from xlengine.workbook import layout as L

    folder = tmp_path_factory.mktemp("tampered")
    sheet, cell = L.NAMES["npv"][0], L.NAMES["npv"][1].replace("$", "")
    changes = {
        "plain": lambda wb: None,
        "typed": lambda wb: wb[sheet].__setitem__(cell, 99_999_999),
        "replaced": lambda wb: wb[sheet].__setitem__(cell, L.FORMULAS[(sheet, cell)] + "*2"),
        "moved": lambda wb: setattr(wb.defined_names["headcount"], "attr_text", "Assumptions!$B$3"),
    }
    for name, change in changes.items():
        wb = openpyxl.load_workbook(resources.path_of(resources.TEMPLATE), keep_vba=True)
        change(wb)
        wb.save(folder / f"{name}.xlsm")
    return folder, f"'{sheet}'!{cell}"


def _warnings(p) -> list[str]:
    return [line for line in p.stderr.splitlines() if line.startswith("xlengine: warning: ")]


def test_an_untouched_template_computes_clean(tmp_path, template_copies):
    folder, _ = template_copies
    p = xlengine("compute", folder / "plain.xlsm", "-o", "r.xlsx", cwd=tmp_path)
    assert p.returncode == 0 and _warnings(p) == [], p.stderr
    assert re.search(r"^NPV\s+EUR 337,272\s", p.stdout, re.M)


def test_a_typed_over_npv_is_a_finding_in_compute(tmp_path, template_copies):
    import openpyxl

    folder, npv = template_copies
    p = xlengine("compute", folder / "typed.xlsm", "-o", "r.xlsx", cwd=tmp_path)
    assert p.returncode == 1
    assert _warnings(p) == [
        f'xlengine: warning: {npv}: the template\'s formula =ENG_CASE_RESULT(assumptions,"npv") was '
        "overwritten by the typed value 99999999 (a silent override); restore the formula; put an "
        "override in an assumption cell instead, where it is visible."
    ]
    board = openpyxl.load_workbook(tmp_path / "r.xlsx")["Board"]
    assert board["A3"].value.startswith("Warning: 1 problem(s) in the workbook; the first: " + npv)


def test_a_replaced_npv_formula_is_a_finding_in_compute(tmp_path, template_copies):
    folder, npv = template_copies
    p = xlengine("compute", folder / "replaced.xlsm", "-o", "r.xlsx", "--json", cwd=tmp_path)
    assert p.returncode == 1
    assert json.loads(p.stdout)["problems"] == [
        f'{npv}: the template\'s formula =ENG_CASE_RESULT(assumptions,"npv") was replaced by '
        '=ENG_CASE_RESULT(assumptions,"npv")*2; make sure the change is intended and documented, or restore the '
        "template's formula."
    ]


def test_a_moved_defined_name_never_gives_two_npvs_silently(tmp_path, template_copies):
    folder, npv = template_copies
    p = xlengine("compute", folder / "moved.xlsm", "-o", "r.xlsx", cwd=tmp_path)
    assert p.returncode == 1
    moved, differ = _warnings(p)
    assert moved == (
        "xlengine: warning: Assumptions!B3: the defined name 'headcount' refers to Assumptions!B3 instead of "
        "the template's Assumptions!B2; check that the name still refers to the right cell (Formulas > Name Manager)."
    )
    # headcount read through the name is B3 (annual_employer_cost, 60,000): the engine's case scales by
    # 60,000 / 200 = 300 wherever headcount counts, while the sheet's formulas read 200 from the key's row
    assert differ.startswith(
        f"xlengine: warning: NPV ({npv}) shows 337,272, but the case computed from the workbook's assumptions gives "
    )
    assert "so the report would show two different figures" in differ


def test_eng_case_result_over_a_blank_range_is_a_failure_naming_the_argument(tmp_path):
    from xlengine import udfs

    said = (
        "assumptions holds no key and value (the range is blank): select the filled key and value columns, "
        "e.g. the name assumptions (Assumptions!A2:D29)."
    )
    # was the embedded example's NPV, 337,272, as if the blank range were the organisation's figures
    assert str(udfs.ENG_CASE_RESULT([[None, None], [None, None]], "npv")) == said
    assert str(udfs.ENG_CASE_RESULT([["key", "value"]], "npv")) == said  # a header alone
    book = hb.build(tmp_path / "blank.xlsx", extra_formulas=[("Business case", "J2", '=ENG_CASE_RESULT(J5:K8,"npv")', 0)])
    p = xlengine("audit", book, "--json", cwd=tmp_path)
    assert p.returncode == 1
    failed = [f for f in json.loads(p.stdout)["findings"] if f["check"] == "failed-call" and f["cell"] == "J2"]
    assert [f["problem"] for f in failed] == [
        'the formula =ENG_CASE_RESULT(J5:K8,"npv") fails: assumptions holds no key and value (the range is blank)'
    ]


# --- 4. a killed run's temporary folder is swept at the next start ---------------------------------


@pytest.mark.skipif(os.name != "posix", reason="process ids and SIGKILL")
def test_a_sigkilled_runs_folder_is_swept_by_the_next_run_and_no_other(tmp_path, book):
    import signal
    import time

    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp)}
    p = subprocess.Popen(
        [sys.executable, "-m", "xlengine.cli", "compute", str(book), "-o", str(tmp_path / "r.xlsx")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=tmp_path,
        env=env,
    )
    deadline = time.monotonic() + 120
    copies = []
    while not copies and time.monotonic() < deadline and p.poll() is None:
        copies = list(temp.glob(f"xlengine-run-{p.pid}-*/xlengine-*/workbook.xlsx"))  # the private copy of the input
        time.sleep(0.01)
    p.send_signal(signal.SIGKILL)
    p.wait(timeout=60)
    if not copies:
        pytest.skip("the run finished before the copy was seen")
    killed = copies[0].parents[1]
    assert killed.is_dir()  # SIGKILL: no clean-up ran
    live = temp / f"xlengine-run-{os.getpid()}-{'0' * 32}"  # this test process is alive: a live run's folder
    live.mkdir()
    other = temp / "xlengine-run-somebody-else"  # not our naming: never touched
    other.mkdir()
    write(tmp_path, "a.csv", "key,value\nheadcount,200\n")
    q = xlengine("case", "a.csv", cwd=tmp_path, env=env)
    assert q.returncode == 0, q.stderr
    assert not killed.exists() and live.is_dir() and other.is_dir()
    assert sorted(x.name for x in temp.iterdir()) == sorted([live.name, other.name])  # and the run's own folder is gone


@pytest.mark.parametrize("namespace", ["http://purl.oclc.org/ooxml/spreadsheetml/main", "urn:made-up"])
def test_a_swapped_namespace_does_not_hide_an_external_defined_name(tmp_path, namespace):
    import zipfile

    book = hb.build(tmp_path / "plain.xlsx")
    target = f"'{tmp_path}/[other.xlsx]Sheet1'!$A$1".encode()

    def swap(xml: bytes) -> bytes:
        xml = re.sub(rb'(<definedName name="headcount">)[^<]*', lambda m: m.group(1) + target, xml)
        return (
            xml.replace(b"<definedNames>", f'<x:definedNames xmlns:x="{namespace}">'.encode())
            .replace(b"</definedNames>", b"</x:definedNames>")
            .replace(b"<definedName ", b"<x:definedName ")
            .replace(b"</definedName>", b"</x:definedName>")
        )

    hidden = tmp_path / "hidden.xlsx"
    with zipfile.ZipFile(book) as z, zipfile.ZipFile(hidden, "w", zipfile.ZIP_DEFLATED) as out:
        for info in z.infolist():
            data = z.read(info.filename)
            out.writestr(info, swap(data) if info.filename == "xl/workbook.xml" else data)
    line = refused(xlengine("compute", hidden, "-o", "r.xlsx", cwd=tmp_path))
    assert "links to other workbooks (external references)" in line and "headcount" in line
    assert not (tmp_path / "r.xlsx").exists()


def test_a_team_named_like_a_comment_survives_evidence_and_the_roster_to_teams_chain(tmp_path):
    teams = ["#Marketing", "Sales", "Support", "Ops", "IT"]
    write(tmp_path, "employees.csv", _employees(teams))
    p = xlengine("roster", "employees.csv", "--from", "2024-01-01", "--to", "2024-12-31", "-o", "teams.csv", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    write(tmp_path, "a.csv", "key,value\nheadcount,25\n")
    p = xlengine("teams", "teams.csv", "a.csv", "--json", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    assert sorted(r["Team"] for r in json.loads(p.stdout)[:-1]) == sorted(teams)  # 5 teams of 5: none dropped
    write(
        tmp_path,
        "ev.csv",
        "team,headcount,turnover_before,enps_before\n#Marketing,40,15%,10\nB,30,12%,20\nC,50,9%,30\nD,20,20%,-5\nE,35,10%,25\n",
    )
    p = xlengine("evidence", "ev.csv", "--outcome", "turnover", "--json", cwd=tmp_path)
    assert p.returncode in (0, 1), p.stderr
    assert json.loads(p.stdout)[0]["teams"] == 5  # the #Marketing row counts


@pytest.mark.parametrize(
    "target, said",
    [
        (os.devnull, "/dev/null is a device, not a file"),
        ("rep.csv", "rep.csv has the extension .csv, but this output is .xlsx or .pdf"),
    ],
)
def test_demo_refuses_its_output_before_it_prints_anything(tmp_path, target, said):
    p = xlengine("demo", "-o", target, "--force", cwd=tmp_path)
    assert said in refused(p) and p.stdout == ""
    assert Path(os.devnull).is_char_device() and list(tmp_path.iterdir()) == []


def test_a_long_external_formula_is_quoted_at_most_200_characters(tmp_path):
    formula = "='../x/[other.xlsx]Sheet1'!A1+" + "+".join(["A1"] * 2000)
    book = hb.build(tmp_path / "long.xlsx", extra_formulas=[("Business case", "J2", formula, 0)])
    line = refused(xlengine("compute", book, "-o", "r.xlsx", cwd=tmp_path))
    assert "'Business case'!J2 (='../x/[other.xlsx]Sheet1'!A1+A1+" in line and "...)" in line and len(line) < 700


def test_a_long_team_name_is_quoted_at_most_200_characters(tmp_path):
    name = "T" * 10_000
    write(tmp_path, "teams.csv", f"team,headcount\n{name},10\n{name},12\n")
    write(tmp_path, "a.csv", "key,value\nheadcount,22\n")
    line = refused(xlengine("teams", "teams.csv", "a.csv", cwd=tmp_path))
    assert "is given twice (row 3)" in line and "(10,002 characters)" in line and len(line) < 400


def test_a_line_break_in_the_export_name_cannot_add_a_line_to_the_case_file(tmp_path):
    name = "emp\nheadcount,99999\n.csv"
    write(tmp_path, name, _employees(["Sales"]))
    p = xlengine("roster", name, "--from", "2024-01-01", "--to", "2024-12-31", "--case-file", "case.csv", cwd=tmp_path)
    assert p.returncode in (0, 1), p.stderr
    text = (tmp_path / "case.csv").read_text()
    assert "\nheadcount,99999" not in text and "emp\\nheadcount,99999\\n.csv" in text.splitlines()[0]
    q = xlengine("case", "case.csv", "--json", cwd=tmp_path)
    assert q.returncode == 0 and json.loads(q.stdout)["assumptions"]["headcount"] == 5.0, q.stderr
