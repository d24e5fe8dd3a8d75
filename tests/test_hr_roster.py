"""HR exports to the Teams table: a small export with every rate worked out by hand.

Period 2024-01-01 .. 2024-12-31: 366 days, exactly one year (Y = 1). 2024 starts on a
Monday: Jan-Jun = 182 days = 26 weeks = 130 working days; Jul-Dec = 184 days = 26 weeks
+ Mon 30 and Tue 31 Dec = 132 working days; the year 262; Jan-Mar = 91 days = 13 weeks
= 65 working days.

Sales (8 spells):
  S1, S2, S7, S8  1.0 FTE all year, EUR 60,000 each             o = 366 days each
  S3              0.5 FTE all year, EUR 30,000                    o = 366
  S4              1.0 FTE, resigned, last day 2024-06-30, 50,000  o = 182 (voluntary leaver)
  S5              1.0 FTE, started 2024-07-01, 50,000             o = 184
  S6              1.0 FTE, retired, last day 2024-03-31, 70,000   o = 91  (involuntary leaver)
  average headcount = (6 x 366 + 91) / 366 = 6.248634 people
  average FTE       = (5.5 x 366 + 91) / 366 = 2104 / 366 = 5.748634
  voluntary turnover = 1 / 6.248634 = 0.160035 ; all-cause = 2 / 6.248634 = 0.320070
  cost per FTE = (270,000 x 366 + 50,000 x 366 + 70,000 x 91) / 2104
               = 123,490,000 / 2104 = 58,692.9658
  working days available (FTE-weighted) = 4 x 262 + 0.5 x 262 + 130 + 132 + 65 = 1506
  sick: S1 Mon 5 - Fri 16 Feb 100%: 10 days; S3 (0.5 FTE) Mon 4 - Fri 8 Mar: 5 x 0.5 = 2.5;
        S2 Mon 1 - Fri 12 Apr at 50%: 10 x 0.5 = 5; S7 Mon 18 Dec 2023 - Fri 5 Jan 2024:
        5 days in the period (not a report in it); S6 Mon 25 Mar - Fri 19 Apr, employed to
        Sun 31 Mar: 5 days (a warning: partly outside employment)
  lost = 10 + 2.5 + 5 + 5 + 5 = 27.5 ; absence = 27.5 / 1506 = 0.018260
  reports starting in the period = 4 (S1, S3, S2, S6) ; frequency = 4 / 5.748634 = 0.695817

Ops (5 people, 1.0 FTE all year): O5 resigned with last day 2024-12-31 (in the period);
  O1-O4 cost 40,000, O5 no cost -> 40,000 per FTE; voluntary = all-cause = 1 / 5 = 0.2;
  O2 sick from Mon 23 Dec, open: 23-27 Dec + 30-31 Dec = 7 days; available 5 x 262 = 1310;
  absence 7 / 1310 = 0.005344; frequency 1 / 5 = 0.2.

HR (3 people, 80,000) and Legal (2 people, 90,000): each under 5, merged into "other"
  (5 people): cost (3 x 80,000 + 2 x 90,000) / 5 = 84,000; no leavers, no absence.
"""

from __future__ import annotations

import csv
import datetime as dt
import json

import numpy as np
import pytest

from xlengine.cli import main
from xlengine.decision import teams as _teams
from xlengine.workbook import layout as L

EXPECTED = {
    # team: headcount (FTE), employer_cost, turnover_before (voluntary), absence_before
    "Ops": (5.0, 40_000.00, 0.2, 7 / 1310),
    "Sales": (2104 / 366, 58_692.97, 1 / (2287 / 366), 27.5 / 1506),
    "other": (5.0, 84_000.00, 0.0, 0.0),
}
EXPECTED_DETAILS = {
    "Sales": dict(headcount=2287 / 366, turnover_all=2 / (2287 / 366), frequency=4 / (2104 / 366), leavers=2),
    "Ops": dict(headcount=5.0, turnover_all=0.2, frequency=0.2, leavers=1),
}

# id, name, date of birth, team, start, end, reason, fte, employer cost
EMPLOYEES = [
    ("S1", "Anna de Vries", "1980-02-03", "Sales", "2020-01-01", "", "", 1.0, 60_000),
    ("S2", "Bram Jansen", "1985-04-05", "Sales", "2020-01-01", "", "", 1.0, 60_000),
    ("S3", "Cor Bakker", "1990-06-07", "Sales", "2020-01-01", "", "", 0.5, 30_000),
    ("S4", "Dirk Visser", "1975-08-09", "Sales", "2019-05-01", "2024-06-30", "Resignation", 1.0, 50_000),
    ("S5", "Eva Smit", "1995-10-11", "Sales", "2024-07-01", "", "", 1.0, 50_000),
    ("S6", "Frits Meijer", "1958-12-13", "Sales", "2018-01-01", "2024-03-31", "Retirement", 1.0, 70_000),
    ("S7", "Gea Mulder", "1988-01-14", "Sales", "2021-01-01", "", "", 1.0, 60_000),
    ("S8", "Hans Bos", "1982-03-15", "Sales", "2021-01-01", "", "", 1.0, 60_000),
    ("O1", "Ida Vos", "1991-05-16", "Ops", "2022-01-01", "", "", 1.0, 40_000),
    ("O2", "Jan Peters", "1992-07-17", "Ops", "2022-01-01", "", "", 1.0, 40_000),
    ("O3", "Kim Hendriks", "1993-09-18", "Ops", "2022-01-01", "", "", 1.0, 40_000),
    ("O4", "Lot Dekker", "1994-11-19", "Ops", "2022-01-01", "", "", 1.0, 40_000),
    ("O5", "Mo Brouwer", "1996-01-20", "Ops", "2022-01-01", "2024-12-31", "Resignation", 1.0, None),
    ("H1", "Nel de Boer", "1970-02-21", "HR", "2015-01-01", "", "", 1.0, 80_000),
    ("H2", "Olaf de Groot", "1971-03-22", "HR", "2015-01-01", "", "", 1.0, 80_000),
    ("H3", "Piet Kok", "1972-04-23", "HR", "2015-01-01", "", "", 1.0, 80_000),
    ("L1", "Quinten Jacobs", "1973-05-24", "Legal", "2015-01-01", "", "", 1.0, 90_000),
    ("L2", "Roos van Dijk", "1974-06-25", "Legal", "2015-01-01", "", "", 1.0, 90_000),
]
# id, start, end, percentage sick
SICK = [
    ("S1", "2024-02-05", "2024-02-16", 100),
    ("S3", "2024-03-04", "2024-03-08", 100),
    ("S2", "2024-04-01", "2024-04-12", 50),
    ("S7", "2023-12-18", "2024-01-05", 100),
    ("S6", "2024-03-25", "2024-04-19", 100),
    ("O2", "2024-12-23", "", 100),
]

EN = {
    "emp": ["employee_id", "name", "date_of_birth", "team", "start_date", "end_date", "reason", "fte", "employer_cost"],
    "sick": ["employee_id", "start_date", "end_date", "percentage"],
}
NL = {
    "emp": [
        "Personeelsnummer",
        "Naam",
        "Geboortedatum",
        "Afdeling",
        "Datum in dienst",
        "Datum uit dienst",
        "Reden vertrek",
        "FTE",
        "Werkgeverslasten",
    ],
    "sick": ["personeelsnummer", "datum_ziekmelding", "datum_herstel", "verzuimpercentage"],
}
NL_REASON = {"Resignation": "Ontslag op eigen verzoek", "Retirement": "Pensioen", "": ""}


def _dutch_date(iso: str) -> str:
    return "" if not iso else f"{iso[8:10]}-{iso[5:7]}-{iso[0:4]}"


def _dutch_number(x) -> str:
    if x is None:
        return ""
    if isinstance(x, float):
        return f"{x:g}".replace(".", ",")
    return f"{x:,}".replace(",", ".")  # 60.000


def write_csv(folder, language: str):
    emp, sick = folder / f"emp_{language}.csv", folder / f"sick_{language}.csv"
    if language == "en":
        with open(emp, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(EN["emp"])
            w.writerows([[*r[:8], "" if r[8] is None else r[8]] for r in EMPLOYEES])
        with open(sick, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(EN["sick"])
            w.writerows(SICK)
    else:  # ; separated, decimal comma, Dutch dates, UTF-8 with BOM: what Dutch Excel saves
        with open(emp, "w", newline="", encoding="utf-8-sig") as f:
            w = csv.writer(f, delimiter=";")
            w.writerow(NL["emp"])
            w.writerows(
                [
                    [
                        r[0],
                        r[1],
                        _dutch_date(r[2]),
                        r[3],
                        _dutch_date(r[4]),
                        _dutch_date(r[5]),
                        NL_REASON[r[6]],
                        _dutch_number(r[7]),
                        _dutch_number(r[8]),
                    ]
                    for r in EMPLOYEES
                ]
            )
        with open(sick, "w", newline="", encoding="utf-8-sig") as f:
            w = csv.writer(f, delimiter=";")
            w.writerow(NL["sick"])
            w.writerows([[r[0], _dutch_date(r[1]), _dutch_date(r[2]), r[3]] for r in SICK])
    return emp, sick


def write_xlsx(folder, language: str):
    import openpyxl

    def day(text):
        return dt.datetime.fromisoformat(text) if text else None

    heads = EN if language == "en" else NL
    emp, sick = folder / f"emp_{language}.xlsx", folder / f"sick_{language}.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(heads["emp"])
    for r in EMPLOYEES:
        reason = r[6] if language == "en" else NL_REASON[r[6]]
        ws.append([r[0], r[1], day(r[2]), r[3], day(r[4]), day(r[5]), reason or None, r[7], r[8]])
    wb.save(emp)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(heads["sick"])
    for r in SICK:
        ws.append([r[0], day(r[1]), day(r[2]), r[3]])
    wb.save(sick)
    return emp, sick


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
@pytest.mark.parametrize("language", ["en", "nl"])
def test_hand_worked_rates_to_the_cent_and_basis_point(tmp_path, capsys, kind, language):
    emp, sick = (write_csv if kind == "csv" else write_xlsx)(tmp_path, language)
    out = tmp_path / "teams.csv"
    code, stdout, err = run(capsys, "roster", emp, "--absence", sick, "--from", "2024-01-01", "--to", "31-12-2024", "-o", out)
    assert code == 1  # warnings: S6's sick period runs past employment; HR and Legal merged
    assert "outside the employee's employment" in err and "merged into 'other'" in err
    with open(out, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert rows[0] == list(L.TEAM_COLUMNS) == list(_teams.COLUMNS)
    got = {r[0]: r for r in rows[1:]}
    assert list(got) == ["Ops", "Sales", "other"]
    for team, (fte, cost, turnover, absence) in EXPECTED.items():
        r = dict(zip(rows[0], got[team]))
        assert float(r["headcount"]) == pytest.approx(fte, abs=1e-9)
        assert round(float(r["employer_cost"]), 2) == pytest.approx(cost, abs=0.005)
        assert float(r["turnover_before"]) == pytest.approx(turnover, abs=0.5e-4)
        assert float(r["absence_before"]) == pytest.approx(absence, abs=0.5e-4)
        assert r["turnover_after"] == r["absence_after"] == r["enps_before"] == r["enps_after"] == ""
    # the business case's turnover is the voluntary one: Sales 0.160035, not 0.320070
    assert float(dict(zip(rows[0], got["Sales"]))["turnover_before"]) == pytest.approx(0.160035, abs=1e-6)
    # no personal data in what is written or printed
    text = out.read_text(encoding="utf-8") + stdout
    for r in EMPLOYEES:
        assert r[0] not in text.split(",") and r[1] not in text and r[2] not in text
    # the written table goes straight into `xlengine teams`
    names, cols = _teams.parse_table(list(csv.reader(out.read_text(encoding="utf-8").splitlines())))
    assert names == ["Ops", "Sales", "other"]


def test_details_json(tmp_path, capsys):
    emp, sick = write_csv(tmp_path, "en")
    code, stdout, _ = run(capsys, "roster", emp, "--absence", sick, "--from", "2024-01-01", "--to", "2024-12-31", "--json")
    data = json.loads(stdout)
    by = {t["team"]: t for t in data["teams"]}
    for team, exp in EXPECTED_DETAILS.items():
        for k, v in exp.items():
            assert by[team][k] == pytest.approx(v, abs=1e-9), (team, k)
    assert by["Sales"]["turnover_voluntary"] == pytest.approx(1 / (2287 / 366))
    assert by["Sales"]["sick_reports"] == 4 and by["Ops"]["sick_reports"] == 1
    assert data["years"] == 1.0 and data["merged_into_other"] == 2


def test_half_year_is_annualised(tmp_path, capsys):
    # Jan-Jun 2024 = 182 days, Y = 182 / 365.25. Ops: 5 people all along, nobody left in the
    # half year (O5 leaves 31 Dec); Sales: S4 (voluntary, 30 Jun) and S6 (31 Mar) left.
    # Sales head = (5 x 182 [S1 S2 S3 S7 S8] + 182 [S4] + 91 [S6]) / 182 = 6.5;
    # voluntary = 1 / 6.5 / (182 / 365.25) = 0.308786 per year.
    emp, _ = write_csv(tmp_path, "en")
    code, stdout, _ = run(capsys, "roster", emp, "--from", "2024-01-01", "--to", "2024-06-30", "--json")
    by = {t["team"]: t for t in json.loads(stdout)["teams"]}
    assert by["Sales"]["headcount"] == pytest.approx(6.5)
    assert by["Sales"]["turnover_voluntary"] == pytest.approx(1 / 6.5 / (182 / 365.25))
    assert by["Ops"]["turnover_all"] == 0.0
    # no sick periods given: absence is unknown (blank), not 0%
    assert by["Ops"]["absence"] is None and by["Ops"]["frequency"] is None


def test_fills_the_teams_table_of_a_copy(tmp_path, capsys):
    import openpyxl

    from xlengine import resources

    TEMPLATE = resources.path_of(resources.TEMPLATE)

    emp, sick = write_csv(tmp_path, "en")
    before = TEMPLATE.read_bytes()
    out = tmp_path / "filled.xlsm"
    code, _, _ = run(
        capsys, "roster", emp, "--absence", sick, "--from", "2024-01-01", "--to", "2024-12-31", "--workbook", TEMPLATE, "-o", out
    )
    assert code == 1 and TEMPLATE.read_bytes() == before
    ws = openpyxl.load_workbook(out, keep_vba=True)["Teams"]
    table = ws.tables["Teams"]
    assert table.ref.endswith(str(int(table.ref.split(":")[0][1:]) + 3))  # header + 3 teams
    first = int(table.ref.split(":")[0][1:])
    got = [[ws.cell(first + i, c + 1).value for c in range(len(L.TEAM_COLUMNS))] for i in range(1, 4)]
    assert [g[0] for g in got] == ["Ops", "Sales", "other"]
    assert got[1][3] == pytest.approx(EXPECTED["Sales"][2], abs=0.5e-4)
    assert ws.cell(first + 4, 1).value is None  # the template's fourth example team is gone
    # the eNPS block beside the table follows: one row of formulas per team, none below
    k = L.TEAM_ENPS_FIRST_COL + 1
    assert ws.cell(first + 3, k).value == L.team_enps_formula(first + 3, "enps")
    assert ws.cell(first + 4, k).value is None
    # the same -o again: refused, nothing replaced
    code, _, err = run(capsys, "roster", emp, "--from", "2024-01-01", "--to", "2024-12-31", "--workbook", TEMPLATE, "-o", out)
    assert code == 2 and "already exists" in err


def _bad(tmp_path, header, rows, sep=","):
    p = tmp_path / "bad.csv"
    p.write_text("\n".join([sep.join(header)] + [sep.join(map(str, r)) for r in rows]) + "\n", encoding="utf-8")
    return p


GOOD = ["E1", "Sales", "2020-01-01", "", "", "1"]
HEAD = ["employee_id", "team", "start_date", "end_date", "reason", "fte"]


@pytest.mark.parametrize(
    "header, rows, needle",
    [
        (
            ["employee_id", "team", "begin", "end_date", "fte"],
            [["E1", "A", "2020-01-01", "", "1"]],
            "has no column for start (headers found: 'employee_id', 'team', 'begin', 'end_date', 'fte')",
        ),
        (
            HEAD,
            [GOOD, ["E2", "Sales", "2020-13-45", "", "", "1"]],
            "bad.csv row 3, column 'start_date': '2020-13-45' is not a date",
        ),
        (
            HEAD,
            [GOOD, ["E2", "Sales", "2020-05-01", "2020-04-01", "Resignation", "1"]],
            "row 3: the end date 2020-04-01 is before the start date",
        ),
        (
            HEAD,
            [GOOD, ["E1", "Sales", "2020-06-01", "", "", "1"]],
            "rows 2 and 3: the same employee appears twice in overlapping periods",
        ),
        (HEAD, [GOOD, ["E2", "Sales", "2020-01-01", "", "", "36"]], "row 3: FTE 36 is outside 0..1.5"),
        (HEAD, [GOOD, ["E2", "Sales", "2020-01-01", "", "", "veel"]], "row 3, column 'fte': 'veel' is not a number"),
    ],
)
def test_bad_employee_exports_are_one_sentence_and_write_nothing(tmp_path, capsys, header, rows, needle):
    p = _bad(tmp_path, header, rows)
    out = tmp_path / "teams.csv"
    code, stdout, err = run(capsys, "roster", p, "--from", "2024-01-01", "--to", "2024-12-31", "-o", out)
    assert code == 2 and needle in err, err
    assert err.count("\n") == 1 and "Traceback" not in err and not out.exists()


def test_rehire_after_leaving_is_not_a_duplicate(tmp_path, capsys):
    p = _bad(
        tmp_path,
        HEAD,
        [
            ["E1", "Sales", "2018-01-01", "2023-12-31", "Resignation", "1"],
            ["E1", "Sales", "2024-01-01", "", "", "1"],
            *[[f"E{i}", "Sales", "2018-01-01", "", "", "1"] for i in range(2, 6)],
        ],
    )
    code, stdout, err = run(capsys, "roster", p, "--from", "2024-01-01", "--to", "2024-12-31", "--json")
    assert code == 0 and json.loads(stdout)["teams"][0]["headcount"] == 5.0


def test_bad_sick_periods(tmp_path, capsys):
    emp, _ = write_csv(tmp_path, "en")
    sick = _bad(tmp_path, ["employee_id", "start_date", "end_date", "percentage"], [["S1", "2024-02-05", "2024-02-01", "100"]])
    code, _, err = run(capsys, "roster", emp, "--absence", sick, "--from", "2024-01-01", "--to", "2024-12-31")
    assert code == 2 and "bad.csv row 2: the sick period ends (2024-02-01) before it starts (2024-02-05)" in err
    sick = _bad(tmp_path, ["employee_id", "start_date", "end_date", "percentage"], [["ZZ", "2024-02-05", "2024-02-09", "100"]])
    code, _, err = run(capsys, "roster", emp, "--absence", sick, "--from", "2024-01-01", "--to", "2024-12-31")
    assert code == 1 and "1 sick period(s) in bad.csv belong to no employee" in err


def test_bad_period(tmp_path, capsys):
    emp, _ = write_csv(tmp_path, "en")
    code, _, err = run(capsys, "roster", emp, "--from", "2024-12-31", "--to", "2024-01-01")
    assert code == 2 and "--to 2024-01-01 is before --from 2024-12-31" in err
    code, _, err = run(capsys, "roster", emp, "--from", "yesterday", "--to", "2024-01-01")
    assert code == 2 and "--from = 'yesterday' is not a date" in err


def test_workforce_matches_a_plain_loop_on_random_spells():
    # an independent day-by-day count: every day of the period, every spell
    from xlengine.decision import workforce

    rng = np.random.default_rng(11)
    n = 60
    start = np.datetime64("2023-06-01") + rng.integers(0, 400, n)
    end = np.where(rng.random(n) < 0.5, start + rng.integers(0, 300, n), np.datetime64("NaT"))
    team = rng.choice(["A", "B", "C"], n)
    fte = rng.choice([0.5, 0.8, 1.0], n)
    vol = rng.random(n) < 0.5
    f0, t0 = np.datetime64("2024-01-01"), np.datetime64("2024-12-31")
    r = workforce.team_rates(team, start, end, fte, vol, f0, t0, minimum=0)
    for i, name in enumerate(r.team):
        head = ftedays = leavers = 0
        for k in range(n):
            if team[k] != name:
                continue
            d = f0
            while d <= t0:
                if start[k] <= d and (np.isnat(end[k]) or d <= end[k]):
                    head += 1
                    ftedays += fte[k]
                d += np.timedelta64(1, "D")
            if not np.isnat(end[k]) and f0 <= end[k] <= t0:
                leavers += 1
        assert r.headcount[i] == pytest.approx(head / 366)
        assert r.fte[i] == pytest.approx(ftedays / 366)
        assert r.turnover_all[i] == pytest.approx(leavers / (head / 366))


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_spell = st.tuples(
    st.integers(-400, 500),
    st.one_of(st.none(), st.integers(0, 600)),
    st.sampled_from([0.5, 0.8, 1.0]),
    st.sampled_from("ABCD"),
    st.booleans(),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_spell, min_size=1, max_size=40))
def test_rates_add_up_and_merging_keeps_every_person(spells):
    from xlengine.decision import workforce

    base = np.datetime64("2024-01-01")
    start = np.array([base + s[0] for s in spells], dtype="datetime64[D]")
    end = np.array([np.datetime64("NaT") if s[1] is None else base + s[0] + s[1] for s in spells], dtype="datetime64[D]")
    fte = np.array([s[2] for s in spells])
    team = [s[3] for s in spells]
    vol = np.array([s[4] for s in spells])
    f0, t0 = base, np.datetime64("2024-12-31")
    every = workforce.team_rates(team, start, end, fte, vol, f0, t0, minimum=0)
    assert np.all(every.turnover_voluntary[every.headcount > 0] <= every.turnover_all[every.headcount > 0] + 1e-12)
    assert np.all(every.fte <= every.headcount + 1e-12)
    merged = workforce.team_rates(team, start, end, fte, vol, f0, t0)
    if not merged.left_out:  # merging into "other" keeps every person and every leaver
        assert merged.headcount.sum() == pytest.approx(every.headcount.sum())
        assert merged.leavers.sum() == every.leavers.sum()
    assert all(h >= 5 for h in merged.headcount)
