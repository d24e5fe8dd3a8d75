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
    p = subprocess.run([sys.executable, "-m", "xlengine.cli", *map(str, argv)], cwd=cwd, stdout=stdout,
                       stderr=subprocess.PIPE, text=True, env=env, timeout=timeout)
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

@pytest.mark.parametrize("key, text, said", [
    ("headcount", "12 %", "headcount = '12 %' is a percentage, but headcount is not a rate"),      # was 0.12 FTE
    ("enps_before", "35%", "enps_before = '35%' is a percentage, but enps_before is not a rate"),  # eNPS is in points
    ("headcount", "2EUR00", "headcount is text ('2EUR00') where a number belongs"),                # was 200
    ("headcount", "2_00", "headcount is text ('2_00') where a number belongs"),                    # was 200
])
def test_a_number_that_is_not_one_is_refused_in_a_case_file(tmp_path, key, text, said):
    write(tmp_path, "a.csv", f"key,value\n{key},{text}\n")
    assert said in refused(xlengine("case", "a.csv", "--json", cwd=tmp_path))


def test_currency_before_or_after_a_figure_still_reads(tmp_path):
    write(tmp_path, "a.csv", "key;value\nannual_employer_cost;\u20ac 55.000,00\nrecruitment_cost;4500 EUR\n")
    p = xlengine("case", "a.csv", "--json", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    values = json.loads(p.stdout)["assumptions"]
    assert values["annual_employer_cost"] == 55000.0 and values["recruitment_cost"] == 4500.0


@pytest.mark.parametrize("text, first, second", [
    ('{"headcount": {"value": 100, "Value": 200}}', "Value", "value"),
    ('{"headcount": 100, "Headcount": 200}', "Headcount", "headcount"),
    ('{"Head count": 100, "head_count": 200}', "head_count", "Head count"),
])
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
    assert line == ("xlengine: /dev/null is a device, not a file: xlengine never replaces it, even with --force; "
                    "give a file name with -o.")
    assert Path(os.devnull).is_char_device()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a FIFO")
def test_a_fifo_is_never_replaced(tmp_path):
    os.mkfifo(tmp_path / "pipe.xlsx")
    line = refused(xlengine("demo", "-o", "pipe.xlsx", "--force", cwd=tmp_path, stdout=subprocess.DEVNULL))
    assert "pipe.xlsx is a FIFO (named pipe), not a file" in line
    assert (tmp_path / "pipe.xlsx").is_fifo()


def test_a_report_with_another_extension_is_refused(tmp_path, book):
    line = refused(xlengine("compute", book, "-o", "rep.csv", cwd=tmp_path))
    assert "rep.csv has the extension .csv, but this output is .xlsx" in line
    assert list(tmp_path.iterdir()) == []


# --- 1. numbers in HR exports: the one reading of validate.decimal_text ------------------------

def _roster(sep: str, cost: str, people: int = 5) -> str:
    header = sep.join(["employee_id", "team", "start_date", "end_date", "reason", "fte", "employer_cost"])
    return header + "\n" + "".join(sep.join([str(i), "Sales", "2020-01-01", "", "", "1", cost]) + "\n"
                                   for i in range(1, people + 1))


def _roster_run(tmp_path, text):
    write(tmp_path, "employees.csv", text)
    return xlengine("roster", "employees.csv", "--from", "2024-01-01", "--to", "2024-12-31", "--json", cwd=tmp_path)


@pytest.mark.parametrize("sep", [",", "\t"])
def test_a_cost_that_reads_two_ways_is_refused_in_a_comma_or_tab_export(tmp_path, sep):
    line = refused(_roster_run(tmp_path, _roster(sep, "60.000")))   # was read as EUR 60
    assert "employees.csv row 2, column 'employer_cost': '60.000' reads two ways (60 or 60000)" in line


@pytest.mark.parametrize("cost, expected", [
    ("60000.50", 60000.5),     # was 6,000,050: the point dropped as a thousands separator
    ("60.000,50", 60000.5),    # the Dutch convention of a ; export
    ("60.000", 60000.0),       # in a ; export the point groups thousands
])
def test_a_semicolon_export_reads_costs_in_the_dutch_convention(tmp_path, cost, expected):
    p = _roster_run(tmp_path, _roster(";", cost))
    assert p.returncode in (0, 1), p.stderr    # 1: the warning that there is no leaving reason
    assert json.loads(p.stdout)["teams"][0]["employer_cost"] == expected


def test_an_unquoted_decimal_comma_that_widens_a_row_is_refused(tmp_path):
    line = refused(_roster_run(tmp_path, _roster(",", "60.000,00")))   # was one field wider: every column shifted
    assert "employees.csv line 2 has 8 fields instead of 7, as many as the header (an unquoted decimal comma" in line


@pytest.mark.parametrize("text, said", [
    ("team,score\nA,7%\nA,8\n", "answers.csv row 2, column 'score': '7%' is a percentage where a number belongs"),
    ("score\n7,5\n8\n", "answers.csv line 2 has 2 fields instead of 1"),
    ("team,score\nA,7,5\nA,8\n", "answers.csv line 2 has 3 fields instead of 2"),
])
def test_survey_answers_that_read_wrong_are_refused(tmp_path, text, said):
    write(tmp_path, "answers.csv", text)
    assert said in refused(xlengine("survey", "answers.csv", cwd=tmp_path))   # each was read as 7


def test_a_quoted_decimal_comma_in_a_survey_is_a_half_answer(tmp_path):
    write(tmp_path, "answers.csv", 'score\n"7,5"\n8\n')
    assert "row 2: 7.5 is not a 0-10 answer" in refused(xlengine("survey", "answers.csv", cwd=tmp_path))
