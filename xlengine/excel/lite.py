"""The ENG_ functions as one ``main.py`` for xlwings Lite (``xlengine lite``).

xlwings Lite (an Excel add-in for Windows, Mac and the web; Python in the browser through
Pyodide) runs the code of its editor's ``main.py`` tab as a module and registers every
function there that carries xlwings' ``__xlfunc__`` (``@func``). Packages come from its
``requirements.txt`` tab: pure-Python wheels from PyPI, numpy as Pyodide's own build.
xlengine is not on PyPI and ``main.py`` cannot import from a folder, so ``main.py``
carries the package: the source of ``xlengine.excel.functions`` and of every xlengine
module it imports, directly or through others (found by reading the imports, the ones
inside functions too), embedded verbatim and served to ``import`` by a finder first on
``sys.meta_path``. The installed package is the only source, so ``main.py`` cannot
drift from it; regenerate after upgrading xlengine.

The ENG_ functions keep xlwings' own ``func``/``arg``/``ret`` decorators: under Lite
(``sys.platform == "emscripten"``, ``XLWINGS_ON_SERVER=true``) they are xlwings' Office.js
decorators, and Lite calls the functions through ``xlwings.server.custom_functions_call``.

Only numpy, xlwings and the standard library may be imported at module level by an
embedded module: anything else would fail in the browser, so :func:`embedded_modules`
stops the build naming the import. An import inside a function is followed if it is
xlengine's own, and left alone otherwise (it runs only if that function runs).

>>> sources = embedded_modules()
>>> "xlengine.excel.functions" in sources and "xlengine.engine.model" in sources
True
>>> any(name.startswith("xlengine.workbook") for name in sources)
False
"""

from __future__ import annotations

import ast
import importlib.util
import os
import sys
import tempfile
from pathlib import Path

__all__ = ["ENTRY", "REQUIREMENTS", "embedded_modules", "main_py", "requirements_txt", "write_lite"]

ENTRY = "xlengine.excel.functions"
# Lite's requirements.txt: numpy is Pyodide's own build (do not pin it: Pyodide fixes its
# version); xlwings is the add-in's own package.
REQUIREMENTS = ("numpy", "xlwings")
_ALLOWED = {"numpy", "xlwings", "__future__"}


def _module_source(name: str) -> tuple[bool, str]:
    """(is_package, source) of xlengine module ``name``; a package without ``__init__.py`` has ''."""
    spec = importlib.util.find_spec(name)
    if spec is None:
        raise ImportError(f"cannot find {name}")
    is_package = spec.submodule_search_locations is not None
    if spec.origin in (None, "namespace"):
        return is_package, ""
    return is_package, Path(spec.origin).read_text(encoding="utf-8")


def _is_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:  # a parent is not a package: `name` is an attribute
        return False


def _imports(name: str, is_package: bool, tree: ast.Module) -> list[tuple[str, bool]]:
    """(absolute module name, imported at module level) for every import in ``tree``."""
    package = name if is_package else name.rpartition(".")[0]
    found: list[tuple[str, bool]] = []

    def visit(node: ast.AST, top: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inner = top and not isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(child, ast.Import):
                found.extend((a.name, top) for a in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    parts = package.split(".")
                    parent = ".".join(parts[: len(parts) - child.level + 1])
                    base = f"{parent}.{base}" if base else parent
                found.append((base, top))
                # `from package import module` imports a submodule
                found.extend(
                    (f"{base}.{a.name}", top)
                    for a in child.names
                    if base.partition(".")[0] == "xlengine" and _is_module(f"{base}.{a.name}")
                )
            visit(child, inner)

    visit(tree, True)
    return found


def embedded_modules(entry: str = ENTRY) -> dict[str, tuple[bool, str]]:
    """Module name -> (is_package, source): ``entry``, every xlengine module it imports
    directly or through others, and the packages holding them, sorted by name."""
    stdlib = set(sys.stdlib_module_names)
    todo, done = [entry], {}
    while todo:
        name = todo.pop()
        if name in done:
            continue
        is_package, source = _module_source(name)
        done[name] = (is_package, source)
        parts = name.split(".")
        todo.extend(".".join(parts[:i]) for i in range(1, len(parts)))  # the packages above it
        for imported, top_level in _imports(name, is_package, ast.parse(source)):
            root = imported.partition(".")[0]
            if root == "xlengine":
                if _is_module(imported):
                    todo.append(imported)
            elif top_level and root not in stdlib and root not in _ALLOWED:
                raise ImportError(
                    f"{name} imports {imported} at module level, which xlwings Lite does not have "
                    "(numpy and xlwings only): import it inside the function that needs it."
                )
    return dict(sorted(done.items()))


# Runs in the browser as the second half of main.py: serve _SOURCES to `import`, then put
# the ENG_ functions into this module, where Lite looks for them.
_LOADER = '''

import importlib.abc
import importlib.util
import sys


class _EmbeddedXlengine(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Serves the modules of _SOURCES to `import`."""

    def find_spec(self, name, path=None, target=None):
        if name in _SOURCES:
            return importlib.util.spec_from_loader(name, self, is_package=_SOURCES[name][0])
        return None

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        code = compile(_SOURCES[module.__name__][1], "<xlengine>/" + module.__name__, "exec")
        exec(code, module.__dict__)


# Lite runs this file again after every edit: start from a clean slate each time.
for _name in [n for n in sys.modules if n == "xlengine" or n.startswith("xlengine.")]:
    del sys.modules[_name]
sys.meta_path[:] = [f for f in sys.meta_path if type(f).__name__ != "_EmbeddedXlengine"]
sys.meta_path.insert(0, _EmbeddedXlengine())

from xlengine.excel import functions as _functions  # noqa: E402

globals().update({_n: getattr(_functions, _n) for _n in _functions.__all__ if _n.startswith("ENG_")})
'''


def _literal(source: str) -> str:
    """``source`` as a Python expression: one string literal per line, so it reads as code."""
    lines = source.splitlines(keepends=True)
    if not lines:
        return "''"
    return "(\n" + "".join(f"        {line!r}\n" for line in lines) + "    )"


def main_py(entry: str = ENTRY) -> str:
    """The text of ``main.py`` for xlwings Lite."""
    from .. import __version__

    modules = embedded_modules(entry)
    head = (
        f'"""xlengine {__version__} for xlwings Lite: the ENG_ functions of the engagement business case.\n\n'
        "Paste this whole file into the main.py tab of the xlwings Lite editor, requirements.txt into its\n"
        "requirements.txt tab, and save the workbook: it keeps both. Generated by `xlengine lite` from the\n"
        "installed package, which it carries (xlengine is not on PyPI); do not edit: generate it again.\n"
        '"""\n'
    )
    body = "".join(f"    {name!r}: ({is_package}, {_literal(source)}),\n" for name, (is_package, source) in modules.items())
    return f"{head}\n_SOURCES = {{\n{body}}}{_LOADER}"


def requirements_txt() -> str:
    return "".join(f"{r}\n" for r in REQUIREMENTS)


def write_lite(directory: Path, force: bool = False) -> list[Path]:
    """Write ``main.py`` and ``requirements.txt`` into ``directory`` (created if needed).

    An existing file is replaced only with ``force``; each file is written to a temporary
    file in the same folder first, then renamed over the target.
    """
    from ..engine.errors import InputError

    files = {directory / "main.py": main_py(), directory / "requirements.txt": requirements_txt()}
    existing = [p for p in files if p.exists()]
    if existing and not force:
        raise InputError("output", f"{existing[0]} already exists: choose another folder with -o, or add --force to replace it.")
    if directory.exists() and not directory.is_dir():
        raise InputError("output", f"-o {directory} is a file, not a folder: name a folder for main.py and requirements.txt.")
    directory.mkdir(parents=True, exist_ok=True)
    for path, text in files.items():
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=directory)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
                f.write(text)
            os.chmod(tmp, 0o644)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    return list(files)
