"""The package as users get it: the wheel carries every file xlengine reads at run time,
runs from a folder with no checkout in sight, and says which extra to install when one is
missing.

The wheel is built here with ``python -m build`` (sdist, then the wheel from it; about
10 s), or taken from
``XLENGINE_WHEEL`` when CI has built it already. ``.ci/run`` also installs it into fresh
virtual environments outside the checkout, one per extra (scripts/check_wheel.sh).
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from xlengine import cli, extras, resources

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "xlengine"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    given = os.environ.get("XLENGINE_WHEEL")
    if given:
        return Path(given)
    out = tmp_path_factory.mktemp("dist")
    # the sdist first, then the wheel from the unpacked sdist: what pip does with either, and
    # no stale build/ folder of the checkout can slip a file into the wheel
    subprocess.run([sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)], check=True, capture_output=True, timeout=600)
    (built,) = out.glob("xlengine-*.whl")
    return built


def _names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as z:
        return set(z.namelist())


def test_the_wheel_carries_every_file_read_at_run_time_as_it_is_in_the_checkout(wheel):
    with zipfile.ZipFile(wheel) as z:
        for name in resources.FILES:
            packaged = f"xlengine/{resources.PACKAGE_DATA}/{name}"
            assert packaged in z.namelist(), f"{name} is missing from the wheel: add it to pyproject.toml's package data"
            assert z.read(packaged) == (ROOT / name).read_bytes(), f"{packaged} differs from {name}"


def test_the_wheel_carries_every_module(wheel):
    modules = {p.relative_to(ROOT).as_posix() for p in PACKAGE.rglob("*.py")}
    missing = modules - _names(wheel)
    assert not missing, f"not in the wheel (list the sub-package in pyproject.toml): {sorted(missing)}"
    assert "xlengine/py.typed" in _names(wheel)  # type checkers read the package's own hints (PEP 561)


# importlib.resources called on xlengine's own package (another package's data, such as
# xlwings' own VBA module, is that package's business)
_OWN_PACKAGE_DATA = re.compile(
    r"\b(files|as_file|path|read_binary|read_text|open_binary|open_text)\(\s*"
    r"(__package__|__name__|[\"']xlengine)"
)


def test_every_file_read_at_run_time_is_named_in_resources():
    # Files are found through xlengine.resources only, so resources.FILES (checked against
    # the wheel above) is the complete list: no other module locates its own files by
    # __file__ or reads xlengine's package data itself.
    for path in PACKAGE.rglob("*.py"):
        if path.name == "resources.py" and path.parent == PACKAGE:
            continue
        text = path.read_text(encoding="utf-8")
        names = {n.id for n in ast.walk(ast.parse(text)) if isinstance(n, ast.Name)}
        assert "__file__" not in names, f"{path.relative_to(ROOT)} finds a file by __file__: use xlengine.resources"
        assert not _OWN_PACKAGE_DATA.search(text), f"{path.relative_to(ROOT)} reads package data: use xlengine.resources"
    assert _OWN_PACKAGE_DATA.search('importlib.resources.files("xlengine") / "x"')
    assert not _OWN_PACKAGE_DATA.search('importlib.resources.files("xlwings") / "xlwings.bas"')


def _run_installed(wheel: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    """``xlengine ARGS`` with the package imported from the wheel file itself (a zip, as pip
    would not even unpack it), in a folder outside the checkout; its dependencies from this
    environment."""
    code = (
        "import sys, xlengine, xlengine.resources as r; "
        f"assert xlengine.__file__.startswith({str(wheel)!r}), xlengine.__file__; "
        "assert r.source_checkout() is None; "
        "from xlengine.cli import main; sys.exit(main(sys.argv[1:]))"
    )
    env = dict(os.environ, PYTHONPATH=str(wheel))
    return subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_the_installed_package_builds_computes_and_checks_outside_the_checkout(wheel, tmp_path):
    book = tmp_path / "x.xlsm"
    r = _run_installed(wheel, tmp_path, "template", "-o", str(book), "--addin")  # the shipped variant
    assert r.returncode == 0, r.stderr
    # the same bytes as the committed template: built from the packaged VBA modules
    assert book.read_bytes() == (ROOT / resources.TEMPLATE).read_bytes()

    r = _run_installed(wheel, tmp_path, "compute", str(book), "--json")
    assert r.returncode == 0, r.stderr
    assert '"npv"' in r.stdout and (tmp_path / "x_report.xlsx").is_file()

    r = _run_installed(wheel, tmp_path, "vba", "--check")
    assert (r.returncode, r.stdout.strip()) == (0, f"The packaged {resources.UDFS_BAS} is up to date."), r.stderr


def test_an_installed_package_is_never_written_to(wheel, tmp_path):
    r = _run_installed(wheel, tmp_path, "vba")
    assert r.returncode == 2
    assert r.stderr == (
        "xlengine: vba needs -o with the file to write, e.g. xlengine vba -o xlwings_udfs.bas "
        "(an installed package has no repository files to update).\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_template_without_o_writes_into_the_current_folder(wheel, tmp_path):
    for name in ("my_business_case.xlsm", "my_business_case (2).xlsm"):  # never over the first one
        r = _run_installed(wheel, tmp_path, "template")
        assert (r.returncode, r.stdout.strip()) == (0, f"Wrote {tmp_path / name}"), r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["my_business_case (2).xlsm", "my_business_case.xlsm"]


def test_the_demo_reads_the_packaged_template(wheel, tmp_path):
    r = _run_installed(wheel, tmp_path, "demo")
    assert r.returncode == 0, r.stderr
    assert re.search(r"^NPV\s+EUR [\d,]+\s+'Business case'!D\d+$", r.stdout, re.M), r.stdout
    assert (tmp_path / "xlengine_demo_report.xlsx").is_file()


# --- extras ---------------------------------------------------------------------------------


def _normalised(requirement: str) -> str:
    name = re.match(r"[A-Za-z0-9_.-]+", requirement).group(0)
    return re.sub(r"[-_.]+", "_", name).lower()


def test_extras_module_lists_what_pyproject_installs():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    optional = project["optional-dependencies"]
    for extra, modules in extras.EXTRAS.items():
        assert sorted(_normalised(r) for r in optional[extra]) == sorted(modules), extra
    assert optional["all"] == [f"xlengine[{','.join(extras.EXTRAS)}]"]
    # the core: numpy, and xlwings only where Excel calls it (Windows)
    assert project["dependencies"] == ["numpy>=1.24", "xlwings>=0.33,<0.38; sys_platform == 'win32'"]


def test_the_libraries_whose_internals_we_rely_on_have_an_upper_bound():
    # workbook/upstream_workarounds.py, workbook/xlwings_udfs.py, excel/xlconvert.py reach into
    # these; tests/test_upstream_workarounds.py is what says a new version may be allowed
    from packaging.requirements import Requirement

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = [Requirement(r) for r in project["dependencies"] + project["optional-dependencies"]["workbook"]]
    bounded = {"xlwings", "formulas", "ms-ovba", "ms-ovba-compression", "ms-ovba-crypto"}
    for r in requirements:
        if r.name in bounded:
            assert any(s.operator in ("<", "<=", "==", "~=") for s in r.specifier), f"{r} has no upper bound"
    assert bounded <= {r.name for r in requirements}


@pytest.mark.parametrize(
    "argv", [["compute", "book.xlsm"], ["audit", "book.xlsm"], ["demo"], ["template", "-o", "x.xlsm"], ["vba", "--check"]]
)
def test_a_command_without_its_extra_says_which_to_install(monkeypatch, capsys, tmp_path, argv):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setitem(sys.modules, "formulas", None)  # as if it were not installed
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    assert cli.main(argv) == 2
    out, err = capsys.readouterr()
    assert out == ""
    # never the bare name (not on the index): here, without pip's record of the source, a placeholder for it
    assert err == (
        f"xlengine: the {argv[0]} command needs the workbook extra: pip install "
        '"<the xlengine wheel file or folder>[workbook]" (not installed: openpyxl, formulas).\n'
    )
    assert list(tmp_path.iterdir()) == []


def test_a_workbook_module_refuses_to_load_without_its_extra():
    # a fresh interpreter, where xlengine.workbook has not been imported yet
    code = (
        "import sys; sys.modules['xlsxwriter'] = None\n"
        "try:\n    import xlengine.workbook.macros\n"
        "except ImportError as e:\n    print(type(e).__name__, e)"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert r.stdout == (
        "MissingExtra xlengine's workbook part (template, VBA, compute, audit, report, buttons) needs the "
        'workbook extra: pip install "<the xlengine wheel file or folder>[workbook]" (not installed: '
        "xlsxwriter).\n"
    ), r.stderr


def test_the_case_commands_need_no_extra(monkeypatch, capsys, tmp_path):
    for module in ("formulas", "openpyxl", "xlsxwriter", "pandas"):
        monkeypatch.setitem(sys.modules, module, None)
    assumptions = tmp_path / "case.csv"
    assumptions.write_text("key,value\nheadcount,200\n", encoding="utf-8")
    assert cli.main(["case", str(assumptions)]) == 0
    assert cli.main(["scenarios", str(assumptions)]) == 0
    assert "NPV" in capsys.readouterr().out


def test_the_atomic_writer_and_the_layout_load_without_the_workbook_extra():
    code = (
        "import sys\n"
        "for m in ('xlwings', 'xlsxwriter', 'formulas', 'ms_ovba', 'openpyxl', 'defusedxml'):\n"
        "    sys.modules[m] = None\n"
        "from xlengine.workbook import layout, safe_io\n"
        "print(callable(safe_io.write_new), layout.ASSUMPTIONS_SHEET)"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert (r.returncode, r.stdout) == (0, "True Assumptions\n"), r.stderr


def test_roster_writes_its_csv_with_the_hr_extra_alone(monkeypatch, capsys, tmp_path):
    # what the hr extra installs is there; the workbook extra's own libraries are not
    for module in ("xlwings", "xlsxwriter", "formulas", "ms_ovba", "ms_ovba_compression"):
        monkeypatch.setitem(sys.modules, module, None)
    for name in [
        n for n in sys.modules if n.startswith("xlengine.workbook.") and n.rpartition(".")[2] not in ("safe_io", "layout")
    ]:
        monkeypatch.delitem(sys.modules, name)
    employees = tmp_path / "emp.csv"
    employees.write_text(
        "employee_id,team,start_date,end_date,reason,fte\n"
        + "".join(f"{t}{i},{t},2020-01-01,,,1\n" for t in "AB" for i in range(5)),
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    assert cli.main(["roster", str(employees), "--from", "2024-01-01", "--to", "2024-12-31", "-o", "teams.csv"]) == 0, (
        capsys.readouterr().err
    )
    lines = (tmp_path / "teams.csv").read_text(encoding="utf-8").splitlines()
    assert [line.split(",")[:2] for line in lines[1:]] == [["A", "5.0"], ["B", "5.0"]]  # 5 people all year each
