"""The command line: demo and case, as a user runs them."""

import json
import subprocess
import sys

import pytest

from xlengine import cli


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "xlengine.cli", *args], capture_output=True, text=True, cwd=cwd)


def test_demo_prints_the_case_with_sources(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the demo writes its board report into the current folder
    assert cli.main(["demo"]) == 0
    out = capsys.readouterr().out
    # defaults: NPV 337,272 (see test_case for the arithmetic pattern), ROI 167.8%, payback 12.9
    assert "NPV at 8.0%     EUR 337,272" in out
    assert "ROI             167.8%" in out
    assert "12.9 months" in out
    assert "8.0 leavers avoided x EUR 31,182 per leaver" in out
    assert "CBS (Statistics Netherlands) absence rate 2022" in out
    assert "[unverified]" in out


def test_demo_in_dutch(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["demo", "--language", "nl"]) == 0
    out = capsys.readouterr().out
    assert "NCW tegen 8,0%          € 337.272" in out and "Terugverdientijd        12,9 maanden" in out


def test_case_from_csv_and_json(tmp_path, capsys):
    # headcount 100 instead of 200: the gross savings halve (every lever is linear in headcount)
    csv_file = tmp_path / "a.csv"
    csv_file.write_text("key,value\nheadcount,100\nturnover_before,12%\n", encoding="utf-8")
    assert cli.main(["case", str(csv_file), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["assumptions"]["turnover_before"] == pytest.approx(0.12)
    # turnover: 100 x 0.04 x 31,181.82 x 0.5 x 0.8 x (0.5 + 1 + 1) = 124,727.27
    assert data["summary"]["turnover_savings"] == pytest.approx(124_727.27, abs=0.01)
    json_file = tmp_path / "a.json"
    json_file.write_text(json.dumps({"headcount": 100, "turnover_before": 0.12}), encoding="utf-8")
    assert cli.main(["case", str(json_file), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["summary"] == data["summary"]


def test_case_semicolon_csv_from_dutch_excel(tmp_path, capsys):
    f = tmp_path / "a.csv"
    f.write_text("headcount;100\nattribution;0.5\n", encoding="utf-8")
    assert cli.main(["case", str(f)]) == 0
    assert "Headline over 3 years" in capsys.readouterr().out


@pytest.mark.parametrize(
    "content, name, message",
    [
        ("head_count,100\n", "a.csv", "'head_count' is not a known assumption"),
        ("headcount,-1\n", "a.csv", "headcount = -1 is outside the allowed range"),
        ("headcount,abc\n", "a.csv", "headcount is text ('abc') where a number belongs"),
        ("[1, 2]", "a.json", "holds a JSON list: write one object of key: value pairs."),
        ("{bad", "a.json", "is not valid JSON"),
        ("headcount,1", "a.txt", "is a .txt: give a .csv or .json file."),
    ],
)
def test_case_bad_files_exit_2_with_a_sentence(tmp_path, content, name, message):
    f = tmp_path / name
    f.write_text(content, encoding="utf-8")
    r = run("case", str(f))
    assert r.returncode == 2
    assert message in r.stderr
    assert "Traceback" not in r.stderr


def test_case_missing_file(tmp_path):
    r = run("case", str(tmp_path / "nope.csv"))
    assert r.returncode == 2 and "does not exist" in r.stderr


def test_the_command_prints_through_a_pipe_what_main_prints(tmp_path, capsys):
    # Everything `python -m xlengine.cli` prints arrives, whole, through a pipe, with the right exit code.
    f = tmp_path / "a.csv"
    f.write_text("headcount,150\nturnover_before,14%\n", encoding="utf-8")
    r = run("case", str(f), "--json")
    assert r.returncode == 0 and r.stderr == ""
    assert cli.main(["case", str(f), "--json"]) == 0
    assert json.loads(r.stdout) == json.loads(capsys.readouterr().out)  # same as in-process, to the last byte of JSON
