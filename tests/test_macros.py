"""The buttons' Python side (xlengine.workbook.macros) with a stand-in for xlwings' Book.

Excel is not here; what is checked is that each macro reaches the real headless
functions with a workbook and puts its result where the user will look.
"""

import hashlib
import types
from pathlib import Path

import pytest

from xlengine.workbook import macros
from xlengine import resources
from xlengine.engine import register
from xlengine.workbook import headless, layout
from xlengine.workbook.evaluate import evaluate
from xlengine.workbook.saved_values import store_values

TEMPLATE = Path(__file__).resolve().parents[1] / resources.TEMPLATE  # the committed template


class FakeRange:
    def __init__(self, sheet, address):
        self.sheet, self.address = sheet, address

    @property
    def value(self):
        return self.sheet.cells.get(self.address)

    @value.setter
    def value(self, v):
        self.sheet.cells[self.address] = v


class FakeSheet:
    def __init__(self, name):
        self.name, self.cells, self.active = name, {}, False

    def __getitem__(self, address):
        return FakeRange(self, address)

    def clear_contents(self):
        self.cells.clear()

    def activate(self):
        self.active = True


class FakeSheets(list):
    def __getitem__(self, key):
        if isinstance(key, str):
            return next(s for s in self if s.name == key)
        return list.__getitem__(self, key)

    def add(self, name, after=None):
        sheet = FakeSheet(name)
        self.append(sheet)
        return sheet


class FakeBook:
    def __init__(self, path):
        self.fullname = str(path)
        self.sheets = FakeSheets(FakeSheet(n) for n in layout.SHEETS)
        self.app = types.SimpleNamespace(status_bar=None, calculate=lambda: None)
        self.api = types.SimpleNamespace(SaveCopyAs=lambda target: Path(target).write_bytes(Path(path).read_bytes()))


@pytest.fixture
def filled(tmp_path):
    """The embedded example as Excel saves it: filled in, with its computed values."""
    typed = headless.fill_workbook(TEMPLATE, tmp_path / "typed.xlsm", register.defaults())
    return store_values(typed, tmp_path / "case.xlsm", evaluate(typed))


def digest(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def test_write_board_report_beside_the_workbook_and_never_over_one(filled, monkeypatch):
    book = FakeBook(filled)
    monkeypatch.setattr(macros, "_book", lambda: book)
    before = digest(filled)
    first = macros.write_board_report()
    assert first == filled.with_name("case - board report.xlsx") and first.is_file()
    second = macros.write_board_report()
    assert second == filled.with_name("case - board report (2).xlsx") and second.is_file()
    assert digest(filled) == before  # the workbook itself is untouched
    assert str(second) in book.app.status_bar


def test_run_audit_lists_findings_on_an_audit_sheet(filled, monkeypatch, tmp_path):
    book = FakeBook(filled)
    monkeypatch.setattr(macros, "_book", lambda: book)
    assert macros.run_audit() == 0  # the embedded example is clean
    rows = book.sheets[macros.AUDIT_SHEET].cells["A1"]
    assert rows[-1][0] == "No findings: the workbook passed every check."
    # an input outside its allowed range: one error row naming the cell
    bad = headless.fill_workbook(TEMPLATE, tmp_path / "bad.xlsm", dict(register.defaults(), turnover_before=1.5))
    book = FakeBook(bad)
    monkeypatch.setattr(macros, "_book", lambda: book)
    assert macros.run_audit() >= 1
    rows = book.sheets[macros.AUDIT_SHEET].cells["A1"]
    assert rows[0][:3] == ["sheet", "cell", "severity"]
    sheet, cell = layout.ASSUMPTION_CELL["turnover_before"]
    assert any(r[0] == sheet and r[1] == cell and r[2] == "error" for r in rows[1:]), rows


def test_reset_inputs_writes_every_default_into_its_input_cell(monkeypatch, tmp_path):
    book = FakeBook(tmp_path / "case.xlsm")
    monkeypatch.setattr(macros, "_book", lambda: book)
    macros.reset_inputs()
    cells = book.sheets["Assumptions"].cells
    assert cells["B2"] == 200.0 and cells[layout.ASSUMPTION_CELL["turnover_before"][1]] == 0.12
    assert {k: cells[c] for k, (_, c) in layout.ASSUMPTION_CELL.items()} == {k: float(v) for k, v in register.defaults().items()}
