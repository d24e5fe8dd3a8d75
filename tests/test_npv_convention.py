"""One timing convention: the one-off programme cost at the start (year 0, not discounted).

NPV = -one_off + sum over y of (benefits_y - annual_cost) / (1+r)^y, checked against two
independent implementations: numpy-financial's ``npv`` (which discounts its first flow
by (1+r)^0) and LibreOffice's own ``=NPV(r, year1..yearN) + year0`` over the board
report's cells.
"""

from __future__ import annotations

import csv
import shutil
import subprocess

import numpy_financial as npf
import openpyxl
import pytest
from hypothesis import given, settings

from xlengine import cli
from xlengine.decision import tables
from xlengine.engine import case
from xlengine.engine.register import defaults


from test_properties import valid_case  # every assumption anywhere in its plausible range


def _flows(a, r):
    """[-one_off, benefits_1 - annual, ..., benefits_N - annual] from the inputs' costs."""
    return [-a["programme_cost_one_off"], *(b - a["programme_cost_annual"] for b in r.benefits[1:])]


@settings(max_examples=200, deadline=None)
@given(valid_case)
def test_npv_is_numpy_financials_npv_with_the_one_off_at_year_0(a):
    r = case.compute(a)
    want = npf.npv(a["discount_rate"], _flows(a, r))
    assert r.npv == pytest.approx(want, rel=1e-9, abs=1e-6)
    # the start column holds the one-off cost and no benefit
    assert r.costs[0] == a["programme_cost_one_off"] and r.benefits[0] == 0


def test_default_case_npv_by_hand_and_by_numpy_financial():
    # full-year benefit 267,781.82 (see tests/test_uncertainty.py), year 1 at 50%:
    # flows -100,000; 133,890.91 - 50,000; 267,781.82 - 50,000 (x2)
    full = (8 * 31_181.818181818 + 660 * 272.727272727 + 240_000) * 0.4
    flows = [-100_000, full * 0.5 - 50_000, full - 50_000, full - 50_000]
    r = case.compute(defaults())
    assert r.npv == pytest.approx(npf.npv(0.08, flows), rel=1e-9)
    assert r.npv == pytest.approx(337_271.80, abs=0.01)
    # against the old convention (one-off discounted a year) it is 100,000 x (1 - 1/1.08) lower
    assert npf.npv(0.08, [0, full * 0.5 - 150_000, full - 50_000, full - 50_000]) - r.npv == pytest.approx(7_407.41, abs=0.01)


def test_roi_bcr_payback_keep_their_definitions():
    r = case.compute(defaults())
    assert r.roi == pytest.approx((669_454.545454 - 250_000) / 250_000, rel=1e-9)
    assert r.bcr == pytest.approx(669_454.545454 / 250_000, rel=1e-9)
    # -100,000 at month 0; -16,109.09 after year 1; year 2 adds 217,781.82
    assert r.payback_months == pytest.approx(12 + 12 * 16_109.0909 / 217_781.8182, rel=1e-6)


def test_case_table_has_a_start_column():
    t = tables.case_table(case.compute(defaults()), "nl")
    assert t[0][:3] == ["Post", "Start (jaar 0)", "Jaar 1"]
    costs = next(row for row in t if row[0] == "Programmakosten")
    assert costs[1:] == pytest.approx([100_000, 50_000, 50_000, 50_000, 250_000])


# --- LibreOffice: its own NPV over the board report's cells ------------------------------------


@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is needed: apt-get install libreoffice-calc-nogui"
)
def test_libreoffice_npv_over_the_report_cells_equals_the_engine(tmp_path):
    report = tmp_path / "report.xlsx"
    assert cli.main(["demo", "-o", str(report)]) == 0
    board = openpyxl.load_workbook(report)["Board"]
    rows: dict = {}
    for r in range(1, board.max_row + 1):  # first occurrence: "NPV" heads the headline table
        rows.setdefault(board.cell(r, 1).value, r)
    header = next(r for r in range(1, board.max_row + 1) if board.cell(r, 2).value == "Start (year 0)")
    net = rows["Net benefit"]
    assert board.cell(header, 3).value == "Year 1" and board.cell(header, 6).value == "Total"
    rate = board.cell(rows["Discount rate (cost of capital)"], 2).value
    npv_shown = board.cell(rows["NPV"], 2).value
    # A workbook of formulas only (no cached values): LibreOffice computes them on load.
    check = openpyxl.Workbook()
    ws = check.active
    ws.append([board.cell(net, c).value for c in range(2, 6)])  # start, years 1..3 as the report shows them
    ws["F1"] = rate
    ws["A2"] = "=NPV(F1,B1:D1)+A1"
    src = tmp_path / "check.xlsx"
    check.save(src)
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "csv", "--outdir", str(tmp_path), str(src)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    with open(tmp_path / "check.csv", newline="") as fh:
        lo_npv = float(list(csv.reader(fh))[1][0])
    assert lo_npv == pytest.approx(npv_shown, rel=1e-9)
    assert lo_npv == pytest.approx(npf.npv(rate, [board.cell(net, c).value for c in range(2, 6)]), rel=1e-9)
