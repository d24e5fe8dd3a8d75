"""Issue 17, Dutch input (points 8 and 9): a `;` assumptions file with decimal commas and
thousands points, read by the rule `roster` reads a `;` export by; the roster's
organisation-level figures as a case file `xlengine case` reads directly.

Every expected figure is worked out here by hand (numpy_financial for the discounting).
"""

from __future__ import annotations

import json

import numpy_financial as npf
import pytest

from xlengine.cli import main
from xlengine.cli.case import sniff_dialect
from xlengine.engine.validate import AmbiguousNumber, decimal_text, number_text


def run(capsys, *argv):
    code = main([str(x) for x in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


# --- point 8: the issue's own command ---------------------------------------------------------

def test_the_issue_command_reads_decimal_commas(tmp_path, capsys):
    f = tmp_path / "t.csv"
    f.write_text("turnover_before;13,5%\nturnover_after;10,5%\n", encoding="utf-8")  # printf 'turnover_before;13,5%%\n...'
    code, out, err = run(capsys, "case", f, "--json")
    assert code == 0, err
    a = json.loads(out)["assumptions"]
    assert a["turnover_before"] == 0.135 and a["turnover_after"] == 0.105
    # 200 FTE x 3 points = 6 leavers avoided x 31,181.82 per leaver = 187,090.91 a year gross
    cost_per_leaver = 5_000 + 3_000 + 30 * 60_000 / 220 + 6 / 12 * 60_000 * 0.5
    gross = 200 * (0.135 - 0.105) * cost_per_leaver
    assert gross == pytest.approx(187_090.909, abs=0.001)
    assert json.loads(out)["summary"]["turnover_savings"] == pytest.approx(gross * 0.4 * 2.5, rel=1e-12)


# A fully Dutch assumptions file: header in Dutch, `;`, decimal commas, thousands points, euro signs.
DUTCH = """sleutel;waarde;laag;hoog
headcount;118;;
annual_employer_cost;72.500;;
value_per_fte;72.500;;
turnover_before;13,5%;;
turnover_after;10,5%;9%;12%
absence_before;6,2%;;
absence_after;5,1%;;
programme_cost_one_off;\u20ac 85.000;;
programme_cost_annual;EUR 40.000;;
discount_rate;7,5%;;
"""


def test_a_fully_dutch_assumptions_file(tmp_path, capsys):
    f = tmp_path / "aannames.csv"
    f.write_text(DUTCH, encoding="utf-8")
    code, out, err = run(capsys, "case", f, "--json")
    assert code == 0, err
    data = json.loads(out)
    a = data["assumptions"]
    assert (a["headcount"], a["annual_employer_cost"], a["value_per_fte"]) == (118.0, 72_500.0, 72_500.0)
    assert (a["programme_cost_one_off"], a["programme_cost_annual"]) == (85_000.0, 40_000.0)
    assert (a["turnover_before"], a["turnover_after"], a["absence_before"], a["absence_after"]) == (0.135, 0.105, 0.062, 0.051)
    assert (a["turnover_after_low"], a["turnover_after_high"]) == (0.09, 0.12)
    # By hand, per full year (gross):
    #   cost per leaver  = 5,000 + 3,000 + 30 x 72,500/220 + 6/12 x 72,500 x 50% = 36,011.36
    #   turnover         = 118 x (13.5% - 10.5%) = 3.54 leavers x 36,011.36     = 127,480.23
    #   absence          = 118 x 220 x (6.2% - 5.1%) days x 72,500/220          =  94,105.00
    #   productivity     = 118 x 72,500 x 2%                                     = 171,100.00
    #   counted 40%; year 1 at half effect; 85,000 at the start, 40,000 a year; NPV at 7.5%
    cost_per_leaver = 5_000 + 3_000 + 30 * 72_500 / 220 + 6 / 12 * 72_500 * 0.5
    gross = 118 * 0.03 * cost_per_leaver + 118 * 220 * 0.011 * 72_500 / 220 + 118 * 72_500 * 0.02
    assert gross == pytest.approx(127_480.23 + 94_105.00 + 171_100.00, abs=0.01)
    flows = [-85_000] + [0.4 * e * gross - 40_000 for e in (0.5, 1.0, 1.0)]
    assert data["summary"]["npv"] == pytest.approx(npf.npv(0.075, flows), abs=1e-6)
    assert data["summary"]["total_benefits"] == pytest.approx(0.4 * 2.5 * gross, rel=1e-12)
    # the user's figures are marked as theirs
    assert data["sources"]["annual_employer_cost"] == "your input (aannames.csv)"


def test_a_dutch_teams_file_reads_the_same_way(tmp_path, capsys):
    a = tmp_path / "a.csv"
    a.write_text("key,value\nheadcount,200\n", encoding="utf-8")
    t = tmp_path / "teams.csv"
    t.write_text("team;headcount;employer_cost;turnover_before;turnover_after\nVerkoop;12,5;72.500;14,0%;10,0%\n", encoding="utf-8")
    code, out, err = run(capsys, "teams", t, a, "--json")
    assert code == 0, err
    row = json.loads(out)[0]
    # 12.5 FTE x 4 points = 0.5 leavers x (5,000 + 3,000 + 30 x 72,500/220 + 72,500/4) x 40%
    per_leaver = 5_000 + 3_000 + 30 * 72_500 / 220 + 6 / 12 * 72_500 * 0.5
    assert row["Headcount"] == 12.5
    assert row["Turnover savings / yr"] == pytest.approx(12.5 * 0.04 * per_leaver * 0.4, rel=1e-12)


def test_a_comma_file_keeps_its_own_rules(tmp_path, capsys):
    f = tmp_path / "c.csv"
    f.write_text("key,value\nannual_employer_cost,72.500\n", encoding="utf-8")
    code, _, err = run(capsys, "case", f)
    assert code == 2 and "reads two ways (72.5 or 72500)" in err   # no convention known: never guessed
    f.write_text('key,value\nturnover_before,"13,5%"\n', encoding="utf-8")
    code, out, _ = run(capsys, "case", f, "--json")
    assert code == 0 and json.loads(out)["assumptions"]["turnover_before"] == 0.135


@pytest.mark.parametrize("sample, delimiter", [
    ("turnover_before;13,5%\nturnover_after;10,5%\n", ";"),
    ("key;value\nheadcount;118\n", ";"),
    ("key,value\nheadcount,118\n", ","),
    ('key,value\nturnover_before,"13,5%"\n', ","),
    ("team,note\nSales,a;b\nOps,c;d\n", ","),          # a ; inside text, no decimal comma: still ,
    ("# a comment, with a comma\nheadcount;1,5\n", ";"),
])
def test_delimiter_prefers_semicolon_when_values_carry_decimal_commas(sample, delimiter):
    assert sniff_dialect(sample).delimiter == delimiter


@pytest.mark.parametrize("text, value", [
    ("72.500", 72_500.0), ("1.234.567", 1_234_567.0), ("1.234.567,25", 1_234_567.25), ("13,5", 13.5),
    ("0,600", 0.6), ("1,500", 1.5), ("12.5", 12.5), ("60000.50", 60_000.5), ("-0,5", -0.5), ("118", 118.0),
])
def test_the_dutch_rule(text, value):
    assert decimal_text(text, decimal_mark=",") == value


@pytest.mark.parametrize("text", ["1.23,5", "1,2,3", "12,5a", "7.25.000", ""])
def test_the_dutch_rule_refuses_what_is_no_number(text):
    with pytest.raises(ValueError):
        decimal_text(text, decimal_mark=",")


def test_without_a_convention_the_thousands_form_stays_ambiguous():
    with pytest.raises(AmbiguousNumber):
        decimal_text("72.500")
    assert number_text("13,5%") == 0.135 and number_text("5.6%") == 0.056  # 5.6 / 100 would be 0.055999999999999994


def test_roster_reads_a_thousands_point_as_case_does(tmp_path, capsys):
    """One rule: 72.500 in a `;` export is the EUR 72,500 it is in a `;` case file."""
    emp = tmp_path / "medewerkers.csv"
    rows = [f"M{i};Verkoop;01-01-2020;;;1;72.500" for i in range(5)] + [f"N{i};Inkoop;01-01-2020;;;0,5;36.250" for i in range(5)]
    emp.write_text("Personeelsnummer;Afdeling;Datum in dienst;Datum uit dienst;Reden vertrek;FTE;Werkgeverslasten\n"
                   + "\n".join(rows) + "\n", encoding="utf-8")
    code, out, err = run(capsys, "roster", emp, "--from", "2024-01-01", "--to", "2024-12-31", "--json")
    assert code == 0, err
    teams = {t["team"]: t for t in json.loads(out)["teams"]}
    assert teams["Verkoop"]["employer_cost"] == 72_500.0
    assert teams["Inkoop"]["employer_cost"] == 72_500.0   # 36,250 at 0.5 FTE is 72,500 per FTE
