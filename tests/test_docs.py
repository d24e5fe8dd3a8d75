"""The README and docs/ say what is true: generated parts are current, every ENG_ function is
documented with the arguments it takes, and every link points at a file."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from xlengine import docs, udfs

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
FUNCTIONS_DOC = ROOT / "docs" / "functions.md"


def test_the_readme_example_figures_are_current():
    text = README.read_text(encoding="utf-8")
    assert docs.updated_readme(text) == text, "run: python -m xlengine.docs"


def test_the_readme_is_short():
    assert len(README.read_bytes()) < 10_000


def test_the_demo_figures_are_the_ones_the_demo_prints(capsys, tmp_path, monkeypatch):
    from xlengine import cli

    monkeypatch.chdir(tmp_path)
    assert cli.main(["case", str(_defaults_csv(tmp_path))]) == 0
    printed = capsys.readouterr().out
    line = docs.demo_markdown()
    for figure in re.findall(r"EUR (\d[\d,]*\d)", line):
        assert figure in printed, figure


def _defaults_csv(tmp_path: Path) -> Path:
    path = tmp_path / "defaults.csv"
    path.write_text("key,value\nheadcount,200\n", encoding="utf-8")  # the default headcount: the embedded example
    return path


def _documented() -> dict[str, list[str]]:
    """ENG_ name -> its arguments as docs/functions.md writes them (``[name=default]`` when optional)."""
    found = {}
    for name, args in re.findall(r"`(ENG_[A-Z_]+)\(([^)`]*)\)`", FUNCTIONS_DOC.read_text(encoding="utf-8")):
        found[name] = [a.strip() for a in args.split(",")] if args.strip() else []
    return found


def _as_documented(parameter: inspect.Parameter) -> str:
    if parameter.default is inspect.Parameter.empty:
        return parameter.name
    if parameter.default is None:
        return f"[{parameter.name}]"
    default = parameter.default
    shown = f'"{default}"' if isinstance(default, str) else f"{default:g}"
    return f"[{parameter.name}={shown}]"


@pytest.mark.parametrize("name", [n for n in udfs.__all__ if n.startswith("ENG_")])
def test_every_function_is_documented_with_its_arguments(name):
    documented = _documented()
    assert name in documented, f"{name} is missing from docs/functions.md"
    expected = [_as_documented(p) for p in inspect.signature(getattr(udfs, name)).parameters.values()]
    assert documented[name] == expected


def test_the_functions_doc_names_no_function_that_does_not_exist():
    assert set(_documented()) <= set(udfs.__all__)


def _links(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return [t for t in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text) if not re.match(r"[a-z]+:", t)]


@pytest.mark.parametrize("page", [README, *sorted((ROOT / "docs").glob("*.md"))], ids=lambda p: p.name)
def test_every_link_points_at_a_file(page):
    for target in _links(page):
        resolved = (page.parent / target).resolve()
        assert resolved.exists(), f"{page.name} links to {target}, which does not exist"
