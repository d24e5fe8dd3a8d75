"""The buttons' Python side (xlengine.macros) with a stand-in for xlwings' Book.

Excel is not here; what is checked is that each macro reaches the real headless
functions with a workbook and puts its result where the user will look.
"""

import hashlib
import types
from pathlib import Path

import pytest

from xlengine import macros, register
from xlengine.workbook import headless, layout

TEMPLATE = Path(__file__).resolve().parent.parent / "workbook_templates" / "engagement_business_case.xlsm"


class Cell:
    def __init__(self):
        self.value = None


class Sheet:
    def __init__(self, name):
        self.name = name
        self.cells = {}

    def __getitem__(self, address):
        return self.cells.setdefault(address, Cell())

    def clear_contents(self):
        self.cells.clear()

    def activate(self):
        pass


class Sheets(list):
    def __getitem__(self, key):
        if isinstance(key, str):
            return next(s for s in self if s.name == key)
        return list.__getitem__(self, key)

    def add(self, name, after=None):
        self.append(Sheet(name))
        return self[-1]


def fake_book(path: Path):
    return types.SimpleNamespace(fullname=str(path), api=object(), app=types.SimpleNamespace(status_bar=None),
                                 sheets=Sheets([Sheet(n) for n in layout.SHEETS]))


@pytest.fixture
def filled(tmp_path):
    return headless.fill_workbook(TEMPLATE, tmp_path / "case.xlsm", register.defaults())


def digest(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def test_write_board_report_beside_the_workbook_and_never_over_one(filled, monkeypatch):
    book = fake_book(filled)
    monkeypatch.setattr(macros, "_book", lambda: book)
    before = digest(filled)
    first = macros.write_board_report()
    assert first == filled.with_name("case - board report.xlsx") and first.is_file()
    second = macros.write_board_report()
    assert second == filled.with_name("case - board report (2).xlsx") and second.is_file()
    assert digest(filled) == before                      # the workbook itself is untouched
    assert str(second) in book.app.status_bar


def test_run_audit_lists_findings_on_an_audit_sheet(filled, monkeypatch, tmp_path):
    book = fake_book(filled)
    monkeypatch.setattr(macros, "_book", lambda: book)
    assert macros.run_audit() == 0                        # the embedded example is clean
    rows = book.sheets[macros.AUDIT_SHEET]["A1"].value
    assert rows[-1][0] == "No findings: the workbook passed every check."
    # an input outside its allowed range: one error row naming the cell
    bad = headless.fill_workbook(TEMPLATE, tmp_path / "bad.xlsm", dict(register.defaults(), turnover_before=1.5))
    book = fake_book(bad)
    monkeypatch.setattr(macros, "_book", lambda: book)
    assert macros.run_audit() >= 1
    rows = book.sheets[macros.AUDIT_SHEET]["A1"].value
    assert rows[0][:3] == ["sheet", "cell", "severity"]
    sheet, cell = layout.ASSUMPTION_CELL["turnover_before"]
    assert any(r[0] == sheet and r[1] == cell and r[2] == "error" for r in rows[1:]), rows


def test_reset_inputs_writes_the_register_defaults(monkeypatch, filled):
    book = fake_book(filled)
    monkeypatch.setattr(macros, "_book", lambda: book)
    macros.reset_inputs()
    sheet = book.sheets[layout.ASSUMPTIONS_SHEET]
    for a in register.REGISTER:
        assert sheet[layout.ASSUMPTION_CELL[a.key][1]].value == float(a.default)
