"""What the command line says around the figures: help, a mistyped key, where files go,
the language and the number format of every table."""

import argparse

import pytest

from xlengine import cli, resources


def run(capsys, *argv):
    code = cli.main([str(x) for x in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


# --- help ---------------------------------------------------------------------------------


def _subcommands():
    parser = cli.build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return parser, sub


def test_every_subcommand_has_a_line_in_the_main_help_and_a_description():
    parser, sub = _subcommands()
    listed = {a.dest: a.help for a in sub._choices_actions}
    assert set(listed) == set(sub.choices) and len(listed) >= 16
    main_help = parser.format_help()
    for name, command in sub.choices.items():
        assert listed[name] and listed[name].strip(), name
        assert command.description == listed[name], name
        assert listed[name].split()[0] in main_help


def test_every_option_of_every_subcommand_has_help_text():
    _, sub = _subcommands()
    missing = [
        f"{name} {'/'.join(a.option_strings) or a.dest}"
        for name, command in sub.choices.items()
        for a in command._actions
        if not isinstance(a, argparse._HelpAction) and not (a.help and a.help.strip())
    ]
    assert missing == []


def test_language_is_offered_wherever_text_or_tables_are_printed():
    _, sub = _subcommands()
    for name in (
        "demo",
        "case",
        "compute",
        "simulate",
        "scenarios",
        "sensitivity",
        "breakeven",
        "story",
        "teams",
        "roster",
        "survey",
        "evidence",
    ):
        options = {o for a in sub.choices[name]._actions for o in a.option_strings}
        assert "--language" in options, name


# --- a mistyped key ------------------------------------------------------------------------


def test_a_mistyped_key_in_a_case_file_points_to_the_register_and_the_nearest_key(tmp_path, capsys):
    f = tmp_path / "case.csv"
    f.write_text("turnover_befor,12%\n", encoding="utf-8")
    for command in ("case", "simulate", "story"):
        code, out, err = run(capsys, command, f)
        assert (code, out) == (2, "")
        assert err == (
            "xlengine: 'turnover_befor' is not a known assumption: did you mean turnover_before? "
            "Every key is listed in xlengine's docs/register.md.\n"
        )
    f.write_text("zzz,1\n", encoding="utf-8")  # nothing near it
    code, _, err = run(capsys, "case", f)
    assert code == 2 and err == "xlengine: 'zzz' is not a known assumption: every key is listed in xlengine's docs/register.md.\n"


def test_the_workbook_keeps_its_own_hint():
    from xlengine.engine import validate

    with pytest.raises(validate.UnknownAssumption) as e:
        validate.assumptions({"head_count": 1})
    assert str(e.value) == "'head_count' is not a known assumption: use one of the keys of ENG_ASSUMPTIONS(), e.g. headcount."


# --- template without -o ---------------------------------------------------------------------


def test_template_without_o_writes_the_users_workbook_into_the_current_folder(tmp_path, monkeypatch, capsys):
    shipped = resources.path_of(resources.TEMPLATE)
    before = (shipped.stat().st_mtime_ns, shipped.read_bytes())
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "template")
    assert (code, out) == (0, f"Wrote {tmp_path / 'my_business_case.xlsm'}\n")
    code, out, _ = run(capsys, "template")  # the next free name: nothing is replaced
    assert (code, out) == (0, f"Wrote {tmp_path / 'my_business_case (2).xlsm'}\n")
    assert (shipped.stat().st_mtime_ns, shipped.read_bytes()) == before


# --- every figure in its unit -------------------------------------------------------------------


@pytest.fixture
def case_file(tmp_path):
    f = tmp_path / "a.csv"
    f.write_text("key,value\nheadcount,200\n", encoding="utf-8")
    return f


def _line(out, start):
    return next(line for line in out.splitlines() if line.startswith(start))


def test_sensitivity_shows_rates_as_percentages_and_npvs_as_euros(case_file, capsys):
    code, out, _ = run(capsys, "sensitivity", case_file)
    # absence_after 4.1% with the default range +-0.75 points: 3.35% .. 4.85%, two decimals kept
    assert code == 0 and "0.0335" not in out and "0.041" not in out
    absence = _line(out, "absence_after").split()
    assert absence[1:4] == ["3.35%", "4.1%", "4.85%"] and absence[4] == "EUR"
    assert _line(out, "attribution").split()[1:4] == ["30.0%", "50.0%", "70.0%"]


def test_scenarios_show_each_assumption_in_its_unit(case_file, capsys):
    code, out, _ = run(capsys, "scenarios", case_file)
    assert code == 0 and "55000" not in out and " 0.1 " not in out
    # employer cost 60,000 +- 5,000 (EUR/FTE/yr); turnover after 8% with its range 6% .. 10%
    cost = _line(out, "Average employer cost per FTE")
    assert cost.split()[-6:] == ["EUR", "55,000", "EUR", "60,000", "EUR", "65,000"]
    assert _line(out, "Annual turnover rate after").split()[-3:] == ["10.0%", "8.0%", "6.0%"]
    assert _line(out, "Working days a post stays vacant").split()[-6:] == ["10", "days", "30", "days", "60", "days"]
    assert _line(out, "Months until a new hire").split()[-6:] == ["3", "months", "6", "months", "9", "months"]
    # the base column: ROI 167.8%, BCR 2.68, payback 12.9 months (the demo's figures)
    assert "167.8%" in _line(out, "ROI") and "2.68" in _line(out, "BCR") and "12.9 months" in _line(out, "Payback")


def test_dutch_number_formats_in_every_table(case_file, tmp_path, capsys):
    code, out, _ = run(capsys, "scenarios", case_file, "--language", "nl")
    assert code == 0 and "€ 337.272" in _line(out, "NCW") and "167,8%" in _line(out, "ROI")
    assert _line(out, "Gemiddelde werkgeverslasten").split()[-6:] == ["€", "55.000", "€", "60.000", "€", "65.000"]
    code, out, _ = run(capsys, "simulate", case_file, "--draws", 2000, "--language", "nl")
    assert code == 0 and out.startswith("Monte Carlo van de businesscase: 2.000 trekkingen, startgetal 1")
    assert _line(out, "NCW").split()[1] == "€" and "Met 90% kans ligt de NCW tussen € " in out
    code, out, _ = run(capsys, "breakeven", case_file, "--language", "nl")
    assert code == 0 and out.startswith("Break-even (NCW = 0) op het verloop") and "procentpunt" in out
    teams = tmp_path / "teams.csv"
    teams.write_text("team,headcount\nSales,40\nOps,160\n", encoding="utf-8")
    code, out, _ = run(capsys, "teams", teams, case_file, "--language", "nl")
    # Ops: 160 of 200 FTE, so 80% of the total over the horizon (every lever is linear in headcount)
    # the teams without rates of their own add up to the case: total benefits 669,455 (the demo's), Ops
    # 0.8 x 669,454.55 = 535,563.64
    ops = _line(out, "Ops").split()
    assert ops[-1] == "80,0%" and ops[-3:-1] == ["€", "535.564"]
    assert _line(out, "Totaal ").split()[-3:] == ["€", "669.455", "100,0%"]


def test_every_unit_has_one_format():
    from xlengine.decision.tables import format_value
    from xlengine.engine.register import REGISTER

    for a in REGISTER:  # every register unit is shown as something other than the bare float
        assert format_value(a.default, a.unit) != repr(float(a.default)) or a.unit in ("switch", "edition"), a.key
    assert [format_value(1234567.4, "EUR", lang) for lang in ("en", "nl")] == ["EUR 1,234,567", "€ 1.234.567"]
    assert [format_value(0.1675, "fraction", lang) for lang in ("en", "nl")] == ["16.8%", "16,8%"]  # half up
    assert format_value(272.7272, "EUR/day") == "EUR 272.73"
    assert format_value(float("inf"), "months", "nl") == "n.v.t." and format_value(None, "EUR") == ""


def test_no_format_is_chosen_by_the_words_of_a_label():
    from pathlib import Path

    import xlengine

    root = Path(xlengine.__file__).parent
    for path in [*root.joinpath("cli").glob("*.py"), root / "workbook" / "report.py"]:
        text = path.read_text(encoding="utf-8").lower()
        for word in ('"aandeel"', '"maanden"', 'startswith(("roi"', '"share" in', "ratio_rows"):
            assert word not in text, (path.name, word)


def test_the_report_formats_each_row_by_its_unit_and_charts_rows_by_key(tmp_path, capsys, monkeypatch):
    import openpyxl
    import zipfile

    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "demo", "--language", "nl", "-o", tmp_path / "r.xlsx")
    assert code == 0
    ws = openpyxl.load_workbook(tmp_path / "r.xlsx")["Board"]
    labels = {ws.cell(r, 1).value: r for r in range(1, ws.max_row + 1)}
    assert ws.cell(2, 1).value.startswith("Werkmap ") and "zonder Excel" in ws.cell(2, 1).value
    assert ws.cell(labels["ROI"], 6).number_format == "0.0%"
    assert ws.cell(labels["Baten-kostenverhouding"], 6).number_format == "0.00"
    assert ws.cell(labels["Terugverdientijd (maanden)"], 6).number_format == "0.0"
    assert ws.cell(labels["Programmakosten"], 2).value == 100_000  # the one-off cost at the start (year 0)
    with zipfile.ZipFile(tmp_path / "r.xlsx") as z:
        charts = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart"))
        footer = z.read("xl/worksheets/sheet1.xml").decode()
    for label in ("Besparing verloop", "Besparing verzuim", "Productiviteitswinst", "Programmakosten", "Cumulatief netto"):
        assert f"Board!$A${labels[label]}<" in charts, label  # each series' name is the row of its key
    assert "bestuursrapport" in footer and "Pagina &amp;P van &amp;N" in footer


def test_roster_and_survey_speak_dutch(tmp_path, capsys):
    import json

    emp = tmp_path / "medewerkers.csv"  # a Dutch export: ';' and decimal commas
    rows = ["employee_id;team;start_date;end_date;reason;fte;employer_cost"]
    rows += [
        f"{i};Zorg;01-01-2020;{'30-06-2024' if i == 0 else ''};{'resignation' if i == 0 else ''};0,8;61.500" for i in range(12)
    ]
    emp.write_text("\n".join(rows) + "\n", encoding="utf-8")
    answers = tmp_path / "antwoorden.csv"
    answers.write_text("team;score\n" + "".join(f"Zorg;{s}\n" for s in [10] * 6 + [8] * 4 + [3] * 2), encoding="utf-8")
    period = ["--from", "2024-01-01", "--to", "2024-12-31", "--survey", answers]
    code, out, _ = run(capsys, "roster", emp, *period, "--json")
    team = json.loads(out)["teams"][0]
    code, out, _ = run(capsys, "roster", emp, *period, "--language", "nl")
    assert code == 0 and out.startswith("Teams uit medewerkers.csv, 2024-01-01 tot en met 2024-12-31 (1 jaar)")
    zorg = _line(out, "Zorg").split()
    dutch_pct = f"{team['turnover_voluntary'] * 100:.1f}".replace(".", ",") + "%"
    # employer cost 61,500 a person at 0.8 FTE: 61,500 / 0.8 = 76,875 per FTE, in Dutch euros
    assert zorg[1] == "12" and dutch_pct in zorg and ["€", "76.875"] == zorg[zorg.index("€") : zorg.index("€") + 2]
    # eNPS: 6 promoters, 2 detractors of 12 answers: (6 - 2) / 12 = 33.3 -> shown whole, "33"
    assert "33" in zorg and "tot" in zorg
    code, out, _ = run(capsys, "survey", answers, "--language", "nl")
    assert code == 0 and "eNPS 33,3 (95%-interval " in out and "12 antwoorden" in out
    assert _line(out, "Zorg").split()[:3] == ["Zorg", "12", "33,3"]


def test_compute_speaks_dutch(tmp_path, capsys):
    import shutil

    book = tmp_path / "mijn,case.xlsm"  # a comma in the name stays a comma
    shutil.copy(resources.path_of(resources.TEMPLATE), book)
    import openpyxl

    # the formula cells as openpyxl counts them (an independent reader of the file)
    count = sum(
        isinstance(c.value, str) and c.value.startswith("=")
        for ws in openpyxl.load_workbook(book)
        for row in ws.iter_rows()
        for c in row
    )
    code, out, _ = run(capsys, "compute", book, "-o", tmp_path / "r.xlsx", "--language", "nl")
    lines = out.splitlines()
    assert code == 0 and lines[0] == f"mijn,case.xlsm: {count} formulecellen berekend zonder Excel"
    assert "€ 337.272" in _line(out, "NCW") and lines[-1] == f"Rapport (alleen waarden, geen macro's): {tmp_path / 'r.xlsx'}"
