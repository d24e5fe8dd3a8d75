"""The package's layers, read from the source: dependencies point one way, and no module
imports itself back through others. Every import counts, the ones inside functions too.

Layers, innermost first (docs/architecture.md):
0 the engine (pure numbers) and the display labels; 1 decision support; 2 the ENG_
functions for Excel; 3 the workbook (template, VBA, headless compute, audit, report,
buttons); 4 the command line and the public names (``xlengine.udfs``, ``xlengine.docs``).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "xlengine"

LAYERS = (
    ("xlengine", 0),
    ("xlengine.i18n", 0),
    ("xlengine.engine", 0),
    ("xlengine.decision", 1),
    ("xlengine.excel", 2),
    ("xlengine.workbook", 3),
    ("xlengine.resources", 3),  # the template and VBA files the workbook layer reads
    ("xlengine.cli", 4),
    ("xlengine.udfs", 4),
    ("xlengine.docs", 4),
    ("xlengine.__main__", 4),
)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def layer(module: str) -> int:
    """The layer of the longest matching prefix in LAYERS."""
    best = max((prefix for prefix, _ in LAYERS if module == prefix or module.startswith(prefix + ".")), key=len)
    return dict(LAYERS)[best]


def imports(module: str) -> set[str]:
    """The project modules ``module`` imports (resolved, relative imports included)."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            # `from pkg import mod` imports the module pkg.mod; `from mod import name`, mod itself
            names = [f"{source}.{a.name}" if f"{source}.{a.name}" in MODULES else source for a in node.names]
        else:
            continue
        for name in names:
            while name and name not in MODULES:  # `import xlengine.engine.case` -> that module
                name = name.rpartition(".")[0]
            if name and name.startswith("xlengine") and name != module:
                found.add(name)
    return found


GRAPH = {m: imports(m) for m in MODULES}


def test_the_walker_sees_the_imports_it_should():
    # a relative import, a `from . import module`, and a lazy import inside a function
    assert "xlengine.engine.gallup" in GRAPH["xlengine.engine.case"]
    assert "xlengine.engine.register" in GRAPH["xlengine.engine.validate"]
    assert "xlengine.excel.xlconvert" in GRAPH["xlengine.excel.declare"]
    assert "xlengine.excel.functions" in GRAPH["xlengine.udfs"]


def test_every_module_has_a_layer():
    assert all(isinstance(layer(m), int) for m in MODULES)
    assert layer("xlengine.engine.case") == 0 and layer("xlengine.workbook.macros") == 3 and layer("xlengine.cli.case") == 4


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_inner_layer_imports_an_outer_one(module):
    outward = sorted(m for m in GRAPH[module] if layer(m) > layer(module))
    assert not outward, f"{module} (layer {layer(module)}) imports {outward} from an outer layer"


def test_no_import_cycles():
    cycles = []
    state: dict[str, int] = {}  # 1 on the stack, 2 done

    def visit(m, stack):
        state[m] = 1
        stack.append(m)
        for n in sorted(GRAPH[m]):
            if state.get(n) == 1:
                cycles.append(stack[stack.index(n) :] + [n])
            elif n not in state:
                visit(n, stack)
        stack.pop()
        state[m] = 2

    for m in sorted(GRAPH):
        if m not in state:
            visit(m, [])
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)


def test_the_engine_does_no_io_and_needs_no_adapter_library():
    banned = {"xlwings", "pandas", "openpyxl", "xlsxwriter", "formulas", "os", "pathlib", "io", "shutil", "subprocess"}
    for module, path in MODULES.items():
        if layer(module) or module in ("xlengine", "xlengine.i18n"):
            continue
        roots = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                roots |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and not node.level:
                roots.add((node.module or "").split(".")[0])
        assert not roots & banned, f"{module} imports {sorted(roots & banned)}"
