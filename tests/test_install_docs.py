"""What the docs tell a new user to type: install lines that work as written (xlengine is not
on the package index), Python first on Windows, figures that match what the code produces."""

import re
from pathlib import Path

import openpyxl

from xlengine import __version__, resources

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
TEMPLATE = ROOT / resources.TEMPLATE
WHEEL = f"xlengine-{__version__}-py3-none-any.whl"


def _start_sheet_text() -> str:
    ws = openpyxl.load_workbook(TEMPLATE)["Start"]
    return " ".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)


def _install_targets(text: str):
    """What follows each `pip install` (options skipped), with the line it stands on."""
    for line in text.splitlines():
        for m in re.finditer(r"pip\"? install((?:\s+-{1,2}[\w-]+)*)\s+(\S+)", line):
            yield m.group(2).strip("`'\""), line


def test_every_install_line_names_a_wheel_file_a_folder_or_a_package_on_the_index():
    texts = {p.name: p.read_text(encoding="utf-8") for p in DOCS} | {"Start sheet": _start_sheet_text()}
    seen = 0
    for name, text in texts.items():
        for target, line in _install_targets(text):
            seen += 1
            if target.startswith("xlengine") and ".whl" not in target:
                # only where the docs say that this is what does not work
                assert "finds nothing" in line or "package index" in line, (name, line)
            else:
                assert ".whl" in target or target.startswith((".", "%", "C:\\", "/", "xlwings", "-q")) or "\\" in target, (
                    name,
                    target,
                )
    assert seen >= 8


def test_the_wheel_named_in_the_docs_is_the_one_this_version_builds():
    for p in DOCS:
        for name in re.findall(r"xlengine-[\d.]+-py3-none-any\.whl", p.read_text(encoding="utf-8")):
            assert name == WHEEL, p.name
    assert WHEEL in _start_sheet_text()


def test_windows_users_get_python_first_and_the_internals_come_after_the_steps():
    text = (ROOT / "docs" / "windows.md").read_text(encoding="utf-8")
    python_first = min(text.index("winget install Python.Python.3.12"), text.index("python.org"))
    assert python_first < text.index("pip install") < text.index("py -m xlengine template")
    sections = re.findall(r"^## (.+)$", text, re.M)
    assert sections.index("When a step fails") < sections.index("What step 2 builds")
    assert text.index("xlwings64-") > text.index("## When a step fails")  # the DLL's name only below the steps
    start = _start_sheet_text()
    assert start.index("winget install Python.Python.3.12") < start.index("py -m pip install")


def test_the_formula_cell_count_in_the_docs_is_the_templates():
    book = openpyxl.load_workbook(TEMPLATE)
    count = sum(isinstance(c.value, str) and c.value.startswith("=") for ws in book for row in ws.iter_rows() for c in row)
    decision = sum(
        isinstance(c.value, str) and c.value.startswith("=")
        for name in ("Board", "Scenarios", "Sensitivity", "Simulation")
        for row in book[name].iter_rows()
        for c in row
    )
    for doc in ("headless.md", "decision-support.md", "performance.md"):
        for n in re.findall(r"template's (\d+) formula", (ROOT / "docs" / doc).read_text(encoding="utf-8")):
            assert int(n) == count, doc
    assert f"hold {decision} of the template's {count} formula" in (ROOT / "docs" / "decision-support.md").read_text(
        encoding="utf-8"
    )


def test_the_size_of_main_py_in_the_docs_is_measured(tmp_path):
    from xlengine.excel import lite

    lite.write_lite(tmp_path)
    size_kb = (tmp_path / "main.py").stat().st_size / 1000
    stated = int(re.search(r"main\.py` \(about (\d+) KB", (ROOT / "docs" / "lite.md").read_text(encoding="utf-8")).group(1))
    assert abs(stated - size_kb) <= 0.1 * size_kb, (stated, size_kb)


def test_no_doc_points_to_a_readme_table_that_is_not_there():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for p in DOCS:
        text = p.read_text(encoding="utf-8")
        if "README's Performance" in text:
            assert "| case | size | median" in readme, p.name


def test_dutch_wording():
    from xlengine import i18n
    from xlengine.engine.register import BY_KEY

    assert BY_KEY["turnover_before"].label_nl == "Verloop per jaar vóór het programma"
    assert BY_KEY["enps_before"].label_nl == "eNPS vóór het programma" and "eNPS vóór" in i18n.TEAMS["nl"]
    for key in ("recruitment_cost", "onboarding_cost"):  # a hire is a new employee, not an "aanname" (assumption)
        assert BY_KEY[key].label_nl.endswith("per nieuwe medewerker")
    assert "werkboek" not in _start_sheet_text().lower() and "werkmap" in _start_sheet_text()
    for p in [*(ROOT / "xlengine").rglob("*.py")]:
        assert "werkboek" not in p.read_text(encoding="utf-8").lower(), p.name


def test_a_missing_extra_names_what_this_xlengine_was_installed_from(monkeypatch, tmp_path):
    import importlib.metadata
    import json

    from xlengine import extras

    wheel = tmp_path / "dist" / WHEEL

    class Installed:  # what pip records for `pip install path/to/the.whl` (PEP 610, direct_url.json)
        def read_text(self, name):
            return json.dumps({"url": wheel.as_uri(), "archive_info": {}}) if name == "direct_url.json" else None

    monkeypatch.setattr(importlib.metadata, "distribution", lambda name: Installed())
    assert extras.install_target("workbook") == f"{wheel}[workbook]"
    assert f'pip install "{wheel}[hr]"' in str(extras.MissingExtra("hr", ["pandas"], "xlengine roster"))
    monkeypatch.setattr(
        importlib.metadata, "distribution", lambda name: (_ for _ in ()).throw(importlib.metadata.PackageNotFoundError())
    )
    assert extras.install_target("hr") == "<the xlengine wheel file or folder>[hr]"  # no record: never the bare name
