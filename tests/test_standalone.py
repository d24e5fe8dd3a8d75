"""The user's own workbook for Excel on Windows: ``xlengine template -o FILE`` (standalone).

It carries xlwings' own VBA module and Dictionary class, taken from the installed xlwings
at build time, next to the generated UDF wrappers and our macros, so it runs without the
xlwings add-in and without a VBA reference (docs/windows.md). Read back by two
independent readers: olevba (oletools) and LibreOffice. The class module is checked
against the form Excel itself stores: xlwings' own ``quickstart_standalone.xlsm``, saved
by Excel, holds the same Dictionary class.
"""

from __future__ import annotations

import html
import importlib.util
import io
import re
import shutil
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st
import xlwings

from xlengine import cli
from xlengine.workbook import layout, template, vba
from xlengine.workbook.vbaproject import class_module_source
from xlengine import resources
from libreoffice import convert

TEMPLATE = resources.path_of(resources.TEMPLATE)  # the shipped template

XLWINGS_DIR = Path(xlwings.__file__).parent
DOCUMENTS = {"ThisWorkbook.cls"} | {f"Sheet{i}.cls" for i in range(1, len(layout.SHEETS) + 1)}
MODULETYPE_PROCEDURAL, MODULETYPE_DOCUMENT_OR_CLASS = 0x0021, 0x0022  # MS-OVBA 2.3.4.2.3.2.8


@pytest.fixture(scope="module")
def mine(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("standalone") / "my_case.xlsm"
    assert cli.main(["template", "-o", str(out)]) == 0
    return out


def _parser(path_or_bytes, name="book.xlsm"):
    from oletools.olevba import VBA_Parser

    return VBA_Parser(name, data=path_or_bytes) if isinstance(path_or_bytes, bytes) else VBA_Parser(str(path_or_bytes))


def _modules(path_or_bytes) -> dict[str, str]:
    parser = _parser(path_or_bytes)
    try:
        return {vba_filename: code for _, _, vba_filename, code in parser.extract_macros()}
    finally:
        parser.close()


def _module_types(path: Path) -> dict[str, int]:
    """Module name -> MODULETYPE record of the dir stream, as olevba parses it."""
    import olefile
    from oletools.olevba import VBA_Project

    with zipfile.ZipFile(path) as z:
        ole = olefile.OleFileIO(z.read("xl/vbaProject.bin"))
    try:
        project = VBA_Project(ole, "", "PROJECT", "VBA/dir", relaxed=False)
        project.parse_project_stream()
        for _ in project.parse_modules():  # a generator: parses the dir stream as it goes
            pass
        return {m.name: m.type for m in project.modules}
    finally:
        ole.close()


def test_it_carries_xlwings_module_and_class_with_our_modules(mine):
    modules = _modules(mine)
    assert set(modules) == DOCUMENTS | {"xlwings.bas", "Dictionary.cls", "xlwings_udfs.bas", "xlengine_macros.bas"}
    # xlwings' module byte for byte as the installed xlwings ships it (cp1252, CRLF)
    assert modules["xlwings.bas"].encode("cp1252") == (XLWINGS_DIR / "xlwings.bas").read_bytes()
    for name, source in vba.vba_modules().items():  # the generated UDF wrappers and our macros
        assert modules[f"{name}.bas"].encode("cp1252") == source, name


def test_the_embedded_module_is_the_installed_xlwings_version(mine):
    source = _modules(mine)["xlwings.bas"].encode("cp1252")
    assert vba.xlwings_module_version(source) == xlwings.__version__
    # the DLL it declares is the one pip installs with this xlwings, for 64- and 32-bit Excel
    assert f'Lib "xlwings64-{xlwings.__version__}.dll"' in source.decode("cp1252")
    assert f'Lib "xlwings32-{xlwings.__version__}.dll"' in source.decode("cp1252")


def test_dictionary_is_stored_as_excel_stores_it():
    # Oracle: the Dictionary class in xlwings' quickstart_standalone.xlsm, a workbook saved
    # by Excel. VBA normalises the case of an identifier across a project (that book
    # spells Err as "err" somewhere else), so letter case is compared loosely.
    excel_saved = _modules(XLWINGS_DIR / "quickstart_standalone.xlsm")["Dictionary.cls"]
    ours = class_module_source((XLWINGS_DIR / "addin" / "Dictionary.cls").read_bytes()).decode("cp1252")
    assert ours.replace("\r\n", "\n").lower() == excel_saved.replace("\r\n", "\n").lower()
    assert ours.splitlines()[:8] == excel_saved.splitlines()[:8]  # the attribute block exactly


def test_dictionary_goes_in_as_a_class_module(mine):
    types = _module_types(mine)
    assert types["Dictionary"] == MODULETYPE_DOCUMENT_OR_CLASS
    assert types["xlwings"] == types["xlwings_udfs"] == types["xlengine_macros"] == MODULETYPE_PROCEDURAL
    assert all(types[d.removesuffix(".cls")] == MODULETYPE_DOCUMENT_OR_CLASS for d in DOCUMENTS)
    with zipfile.ZipFile(mine) as z:
        import olefile

        project = olefile.OleFileIO(z.read("xl/vbaProject.bin")).openstream("PROJECT").read().decode("cp1252")
    lines = project.split("\r\n")
    assert "Class=Dictionary" in lines and "Module=xlwings" in lines
    assert "Document=ThisWorkbook/&H00000000" in lines
    assert _modules(mine)["Dictionary.cls"].encode("cp1252") == class_module_source(
        (XLWINGS_DIR / "addin" / "Dictionary.cls").read_bytes()
    )


def test_ms_ovba_still_has_no_class_module_of_its_own():
    # Canary for vbaproject._class_module: the day ms-ovba writes class modules, use its own.
    assert importlib.util.find_spec("ms_ovba.Models.Entities.class_module") is None
    from ms_ovba.Models.Entities import module_base

    assert "0x0022 if self.type == 'Document' else 0x0021" in Path(module_base.__file__).read_text()


def test_the_shipped_template_and_addin_builds_leave_xlwings_vba_out(tmp_path):
    shipped = _modules(TEMPLATE)
    assert "xlwings.bas" not in shipped and "Dictionary.cls" not in shipped
    out = tmp_path / "addin.xlsm"
    assert cli.main(["template", "-o", str(out), "--addin"]) == 0
    assert out.read_bytes() == TEMPLATE.read_bytes()


def test_the_conf_sheet_names_this_python_on_windows(tmp_path, monkeypatch):
    scripts = tmp_path / "venv" / "Scripts"
    scripts.mkdir(parents=True)
    (scripts / "python.exe").write_bytes(b"")
    (scripts / "pythonw.exe").write_bytes(b"")
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(sys, "executable", str(scripts / "python.exe"))
    assert template.excel_interpreter() == str(scripts / "pythonw.exe")
    (scripts / "pythonw.exe").unlink()
    assert template.excel_interpreter() == str(scripts / "python.exe")
    monkeypatch.setattr(sys, "platform", "linux")
    assert template.excel_interpreter() is None


class _RecordEntry:
    """An entry of xlwings' installed-files record (importlib.metadata.files)."""

    def __init__(self, path: Path):
        self.path, self.name = path, path.name

    def locate(self) -> Path:
        return self.path


def test_the_build_refuses_a_python_whose_dll_excel_cannot_find(tmp_path, monkeypatch, capsys):
    import importlib.metadata

    dll = f"xlwings64-{xlwings.__version__}.dll"
    python_org, venv = tmp_path / "Python311", tmp_path / "venv"
    user_site = tmp_path / "AppData" / "Roaming" / "Python"  # where `pip install --user` puts data files
    for folder in (python_org, venv / "Scripts", user_site):
        folder.mkdir(parents=True)
        (folder / "pythonw.exe").write_bytes(b"")

    def installed_in(root: Path):
        monkeypatch.setattr(
            importlib.metadata, "files", lambda dist: [_RecordEntry(root / dll), _RecordEntry(root / "Lib" / "xlwings.py")]
        )

    installed_in(python_org)  # beside pythonw.exe
    assert template.dll_not_found(str(python_org / "pythonw.exe")) is None
    installed_in(venv)  # one folder up from Scripts\pythonw.exe
    assert template.dll_not_found(str(venv / "Scripts" / "pythonw.exe")) is None
    installed_in(user_site)
    problem = template.dll_not_found(str(python_org / "pythonw.exe"))
    assert f"is in {user_site}" in problem and "virtual environment" in problem
    monkeypatch.setattr(importlib.metadata, "files", lambda dist: [])
    assert "was not installed with it" in template.dll_not_found(str(python_org / "pythonw.exe"))

    # the command: one sentence on stderr, exit 2, nothing written
    installed_in(user_site)
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(sys, "executable", str(python_org / "python.exe"))
    out = tmp_path / "mine.xlsm"
    assert cli.main(["template", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "virtual environment" in err
    assert not out.exists()


def test_the_conf_block_holds_the_interpreter_right_under_the_udf_modules():
    built = template.build_bytes(standalone=True, interpreter=r"C:\Users\hr\envs\xlengine\Scripts\pythonw.exe")
    ws = openpyxl.load_workbook(io.BytesIO(built), keep_vba=True)["xlwings.conf"]
    # xlwings reads the block from A1 down to the first blank row
    assert [(ws.cell(r, 1).value, ws.cell(r, 2).value) for r in (1, 2, 3)] == [
        ("UDF Modules", "xlengine.udfs"),
        ("Interpreter_Win", r"C:\Users\hr\envs\xlengine\Scripts\pythonw.exe"),
        (None, None),
    ]


def test_only_the_vba_project_and_the_conf_block_differ_from_the_template(mine):
    with zipfile.ZipFile(mine) as a, zipfile.ZipFile(TEMPLATE) as b:
        assert a.namelist() == b.namelist()
        differ = {n for n in a.namelist() if a.read(n) != b.read(n)}
    # On Linux no interpreter is named: the VBA project is the only difference.
    assert differ == (
        {"xl/vbaProject.bin"}
        if template.excel_interpreter() is None
        else {"xl/vbaProject.bin", "xl/worksheets/sheet10.xml", "xl/sharedStrings.xml"}
    )


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is needed")
def test_libreoffice_reads_every_module_back(mine, tmp_path):
    """LibreOffice imports the VBA project into the .ods: every module whole, Dictionary as a class."""
    book = tmp_path / "mine.xlsm"
    shutil.copyfile(mine, book)
    convert(book, "ods", tmp_path, tmp_path / "profile")
    modules, classes = vba.xlwings_standalone()
    sources = {**modules, **vba.vba_modules(), "Dictionary": class_module_source(classes["Dictionary"])}
    added = {
        "Rem Attribute VBA_ModuleType=VBAModule",
        "Rem Attribute VBA_ModuleType=VBAClassModule",
        "Option VBASupport 1",
        "Option ClassModule",
    }
    with zipfile.ZipFile(tmp_path / "mine.ods") as z:
        for name, source in sources.items():
            xml = z.read(f"Basic/VBAProject/{name}.xml").decode("utf-8")
            kind = re.search(r'script:moduleType="(\w+)"', xml).group(1)
            assert kind == ("class" if name == "Dictionary" else "normal"), name
            body = html.unescape(re.search(r"<script:module[^>]*>(.*)</script:module>", xml, re.S).group(1))
            got = [line for line in body.splitlines() if line not in added]
            # LibreOffice drops every Attribute line, procedure attributes
            # (Attribute CompareMode.VB_Description = ...) included
            want = [line for line in source.decode("cp1252").splitlines() if not line.startswith("Attribute ")]
            while got and not got[-1].strip():
                got.pop()
            while want and not want[-1].strip():
                want.pop()
            assert got == want, name


_VBA_LINE = st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=40).filter(
    lambda line: not line.startswith("Attribute VB_")
)


@given(st.lists(_VBA_LINE, max_size=30), st.booleans())
def test_a_class_keeps_its_code_and_gains_exactly_the_editor_attributes(code, exposed):
    header = ["VERSION 1.0 CLASS", "BEGIN", "  MultiUse = -1  'True", "END", 'Attribute VB_Name = "Thing"']
    attributes = ["Attribute VB_Exposed = True"] if exposed else []
    stored = class_module_source("\r\n".join(header + attributes + code).encode("cp1252")).decode("cp1252").split("\r\n")
    added = ['Attribute VB_Base = "0{FCFB3D2A-A0FA-1068-A738-08002B3371B5}"']
    if exposed:
        added += ["Attribute VB_TemplateDerived = False", "Attribute VB_Customizable = False"]
    assert stored[:2] == ['Attribute VB_Name = "Thing"', added[0]]
    assert [line for line in stored if line not in added] == ['Attribute VB_Name = "Thing"'] + attributes + code


def test_compute_and_audit_read_a_standalone_workbook(mine, tmp_path, capsys):
    assert cli.main(["audit", str(mine)]) == 0
    assert cli.main(["compute", str(mine), "-o", str(tmp_path / "report.xlsx"), "--json"]) == 0
    out = capsys.readouterr().out
    assert '"npv"' in out and (tmp_path / "report.xlsx").is_file()
