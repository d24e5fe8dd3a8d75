"""What an untrusted workbook would make the engine build, counted before anything is built.

The scan reads exactly the parts openpyxl (and through it the formula engine) reads, found
the way openpyxl finds them (``openpyxl.reader.excel``): the workbook part is the first
``[Content_Types].xml`` override of a workbook content type (``_rels/.rels`` must agree,
or Excel and xlengine would read different workbooks); its sheets are the targets of
the workbook part's own relationships; the shared strings are the first override of the
shared-strings content type. Parts nothing points to are never read, by either.

Each part is streamed through expat (defusedxml's protections: entity declarations and
external entities refused), one block at a time, elements matched by local name whatever
the namespace or its prefix (a superset of what openpyxl reads). The budgets count what
will be built, and the scan stops at the first one exceeded:

* the cells of every sheet's used range, from A1 to the farthest cell, merged range,
  hyperlink range, comment, array-formula range or ``<dimension>`` (openpyxl builds a cell
  object for each position of merged, hyperlink and comment ranges; reading a sheet row
  by row builds the whole rectangle);
* the cells formulas and defined names refer to (``A:A`` is 1,048,576 cells: the engine
  builds an array of every cell of a range);
* the rows written, the shared strings, the length of a formula (Excel's 8,192), and the
  XML elements: of the streamed parts, and of every other part (openpyxl parses those whole).

Every refusal is an :class:`~xlengine.engine.errors.InputError` naming the part or the cell.
"""

from __future__ import annotations

import contextlib
import os
import posixpath
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from ..engine.errors import InputError
from .package_parts import Package, package_parts  # noqa: F401 - importable from here
from .package_parts import ARG, MAX_XML_ELEMENTS, _Elements, _stream  # noqa: F401 - importable from here
from .references import EXCEL_COLUMNS, EXCEL_ROWS, is_external, range_cells, referenced_ranges  # noqa: F401 - importable from here
from .references import _CELL_REF, _RANGE, _RELATIVE, _STRING, _bounds, _column, _letters

# The budget, from the cost of a cell: the formula engine compiles every cell of every
# sheet into a graph node, about 7 kB and 0.18 ms of CPU each (measured with /usr/bin/time:
# 46,000 cells 0.37 GB and 8 s, 100,000 cells 0.71 GB and 18 s, 180,000 cells 1.25 GB and
# 32 s). 50,000 cells keeps a compute or an audit under 0.5 GB and about 10 s of CPU, with
# room for a slower laptop under the 2 GB / 30 s target; the template holds about 1,000
# cells. Shared strings are counted separately: openpyxl keeps each one as an object even
# when no cell uses it.
MAX_CELLS = 50_000
MAX_SHARED_STRINGS = 200_000
# Cells referred to by formulas and defined names, each distinct range once: the engine
# holds a range as an array of its cells, about 0.7 kB each (SUMPRODUCT(A:A,B:B), 2.1
# million cells: 1.4 GB). 200,000 keeps that part of a run near 150 MB.
MAX_REFERENCED_CELLS = 200_000
MAX_FORMULA_CHARACTERS = 8_192  # Excel's own limit for a formula's text
# Rows written in all sheets, filled or only formatted: openpyxl keeps a row-format object
# for each (1,000,000 formatted empty rows, 2.5 MB zipped: 1.2 GB and 83 s).
MAX_ROWS = 50_000
# XML elements in all the other parts (styles, drawings, pivot caches, ...): openpyxl parses
# each of those whole into a tree, about 20 microseconds per element (4,000,000 elements of
# padding in styles.xml, 31 kB zipped: 84 s). A styles part of a large workbook holds a few
# thousand.
MAX_WHOLE_PART_ELEMENTS = 250_000

# Memory a headless computation may add to the process (address space, RLIMIT_AS): what
# the static budgets cannot see (INDIRECT, OFFSET building ranges at run time) stops there.
# A compute of the template adds about 170 MB of address space (VmPeak minus VmSize before).
MEMORY_BUDGET = 1 << 30


@dataclass(frozen=True)
class Shape:
    """What a workbook holds, read from its zip parts as a stream, before any workbook object exists.

    ``cells`` counts the used ranges (what will be built), ``referenced`` the cells formulas
    refer to. ``external`` lists every reference to another file: (sheet, cell, formula) for
    a cell, ("(workbook)", name, text) for a defined name or an external-link part.
    """

    cells: int
    shared_strings: int
    external: tuple[tuple[str, str, str], ...]
    referenced: int = 0
    package: Package | None = None


# --- streaming --------------------------------------------------------------------------------


# --- the package: which parts the engine reads --------------------------------------------------


# --- the scan ------------------------------------------------------------------------------------


@dataclass
class _Budget:
    """The running totals of one scan, refusing at the first limit passed."""

    name: str
    cells: int = 0  # used-range cells of the sheets done
    referenced: int = 0
    rows: int = 0
    seen: set = field(default_factory=set)

    def refer(self, where: str, formula: str, ranges) -> None:
        for sheet, ref, cells in ranges:
            if (sheet, ref) in self.seen:
                continue
            self.seen.add((sheet, ref))
            self.referenced += cells
            if self.referenced > MAX_REFERENCED_CELLS:
                raise InputError(
                    ARG,
                    f"{self.name}: {where} ({_short(formula)}) refers to {ref} ({cells:,} cells); formulas may refer "
                    f"to at most {MAX_REFERENCED_CELLS:,} cells in all for a headless computation (the engine "
                    "builds every cell of a range): refer to the filled rows only (e.g. A2:A500 instead of A:A).",
                )


def _short(formula: str) -> str:
    return formula if len(formula) <= 80 else formula[:77] + "..."


def _where(sheet: str, cell: str) -> str:
    return f"'{sheet}'!{cell}" if not sheet.replace("_", "").isalnum() else f"{sheet}!{cell}"


def workbook_shape(path: Path, name: str | None = None) -> Shape:
    """Scan the workbook at ``path`` (a checked zip) and refuse it above a budget.

    ``name`` is the file name used in sentences (the user's, when ``path`` is a private copy).
    """
    name = name or Path(path).name
    elements = _Elements(name)
    budget = _Budget(name)
    external: list[tuple[str, str, str]] = []
    with zipfile.ZipFile(path) as z:
        package = package_parts(z, name, elements)
        external += _defined_names(z, package.workbook, elements, budget)
        external += [
            ("(workbook)", posixpath.basename(p).rsplit(".", 1)[0], "a link to another workbook (Data > Edit Links)")
            for p in package.external_links
        ]
        cells = 0
        for title, part in package.sheets:
            sheet = _SheetScan(z, part, title, elements, budget, cells)
            for sheet_part, comments in package.comments:
                if sheet_part == part:
                    sheet.scan_comments(z, comments, elements)
            external += sheet.external
            cells += sheet.area
        strings = _count_strings(z, package.shared_strings, elements, name)
        _count_other_parts(z, package, name)
    return Shape(cells=cells, shared_strings=strings, external=tuple(external), referenced=budget.referenced, package=package)


def _defined_names(z: zipfile.ZipFile, book: str, elements: _Elements, budget: _Budget) -> list[tuple[str, str, str]]:
    from openpyxl.workbook.defined_name import RESERVED_REGEX

    found: list[tuple[str, str]] = []
    current: list = []

    def on_start(local, attrs):
        if local == "definedName":
            current[:] = [attrs.get("name", ""), []]

    def on_text(data):
        if current:
            current[1].append(data)
            if sum(map(len, current[1])) > MAX_FORMULA_CHARACTERS:
                raise InputError(
                    ARG,
                    f"{budget.name}: the defined name {current[0]!r} is longer than Excel's {MAX_FORMULA_CHARACTERS:,} "
                    "characters: refused; save the workbook again from Excel.",
                )

    def on_end(local):
        if local == "definedName" and current:
            found.append((current[0], "".join(current[1])))
            current.clear()

    _stream(z, book, elements, on_start, on_end, on_text)
    out = []
    for dn, text in found:
        if is_external(text):
            out.append(("(workbook)", dn, text))
        elif not RESERVED_REGEX.match(dn):  # print areas, filters: openpyxl keeps them from the engine
            budget.refer(f"the defined name {dn!r}", text, referenced_ranges(text))
    return out


_MAIN_ROW = "http://schemas.openxmlformats.org/spreadsheetml/2006/main}row"  # openpyxl's ROW_TAG, as expat names it


class _SheetScan:
    """One worksheet part, streamed: its used range, its formulas' ranges and external references.

    Cells are placed exactly as openpyxl's reader places them (openpyxl.worksheet._reader):
    every main-namespace ``row``, at any depth, is read when it ends; each of its direct
    children is a cell, at its ``r`` when given, else in the next column; the row is its
    ``r`` (an integer, or a float with an integer value) when given, else the next row.
    Merged, hyperlink, array-formula and dimension ranges are taken wherever they appear
    (a superset: more than openpyxl reads only ever counts more).
    """

    def __init__(self, z, part, title, elements, budget: _Budget, cells_before: int):
        self.title, self.budget, self.before = title, budget, cells_before
        self.max_row = self.max_col = 0
        self.row_counter = self.col_counter = 0
        self.tags: list[str] = []
        self.rows: list[tuple[str | None, list[str | None]]] = []  # open rows: (r, the r of each child)
        self.cell = ""  # the cell being read, to name it
        self.guess_row = self.guess_col = 0
        self.formula: list[str] | None = None
        self.formula_kind = None
        self.shared: dict[str, tuple] = {}
        self.external: list[tuple[str, str, str]] = []
        _stream(z, part, elements, self.start, self.end, self.text, full_names=True)

    @property
    def area(self) -> int:
        return self.max_row * self.max_col

    def reach(self, row: int, col: int, what: str) -> None:
        if row <= self.max_row and col <= self.max_col:
            return
        self.max_row, self.max_col = max(self.max_row, row), max(self.max_col, col)
        if self.before + self.area > MAX_CELLS:
            corner = f"{_letters(self.max_col)}{self.max_row}"
            raise InputError(
                ARG,
                f"{self.budget.name}: {what} makes the sheet '{self.title}' span A1:{corner}, {self.area:,} cells to build "
                f"({self.before + self.area:,} in all), above the limit of {MAX_CELLS:,} cells for a headless "
                "computation (memory and time grow with every cell): delete what lies beyond the data, remove pasted "
                "data, or keep large tables in a separate file.",
            )

    def reach_range(self, ref: str | None, what: str) -> None:
        if not ref:
            return
        for piece in ref.replace("$", "").split():
            try:
                r1, c1, r2, c2 = _bounds(piece)
            except ValueError:
                continue  # openpyxl refuses it when it reads the sheet
            self.reach(r2, c2, f"{what} {piece}")

    def start(self, tag, attrs):
        local = tag.rpartition("}")[2]
        if self.tags and self.tags[-1] == _MAIN_ROW:  # any child of a row is a cell to openpyxl
            ref = attrs.get("r")
            self.rows[-1][1].append(ref)
            m = _CELL_REF.match(ref) if ref else None
            self.guess_col = _column(m.group(1)) if m else self.guess_col + 1
            self.cell = ref.replace("$", "").upper() if m else f"{_letters(self.guess_col)}{self.guess_row}"
        self.tags.append(tag)
        if tag == _MAIN_ROW:
            self.budget.rows += 1
            if self.budget.rows > MAX_ROWS:
                raise InputError(
                    ARG,
                    f"{self.budget.name}: the sheet '{self.title}' brings the rows written (filled or formatted) above "
                    f"the limit of {MAX_ROWS:,} in all sheets for a headless computation: delete the empty rows below "
                    "the data (select them, right-click, Delete), or keep large tables in a separate file.",
                )
            r = attrs.get("r")
            self.rows.append((r, []))
            self.guess_row = _row_number(r) or self.guess_row + 1
            self.guess_col = 0
        elif local == "f":
            self.formula = []
            self.formula_kind = (attrs.get("t"), attrs.get("si"))
            if attrs.get("t") == "array":
                self.reach_range(attrs.get("ref"), "the array formula over")
        elif local == "mergeCell":
            self.reach_range(attrs.get("ref"), "the merged range")
        elif local == "hyperlink":
            self.reach_range(attrs.get("ref"), "the hyperlink over")
        elif local == "dimension":
            self.reach_range(attrs.get("ref"), "the dimension tag")

    def end(self, tag):
        self.tags.pop()
        if tag == _MAIN_ROW:
            r, cells = self.rows.pop()
            self.row_counter = (_row_number(r) or 0) if r is not None else self.row_counter + 1
            self.col_counter = 0
            for ref in cells:
                m = _CELL_REF.match(ref) if ref else None
                if m:
                    self.col_counter, row = _column(m.group(1)), int(m.group(2))
                else:
                    self.col_counter, row = self.col_counter + 1, self.row_counter
                self.reach(row, self.col_counter, f"the cell {_letters(self.col_counter)}{row}")
        elif tag.rpartition("}")[2] == "f" and self.formula is not None:
            self.formula_ends()

    def scan_comments(self, z, part: str, elements) -> None:
        """A comments part of this sheet: openpyxl puts each comment on the cells of its ref (a range builds them all)."""

        def on_start(local, attrs):
            if local == "comment":
                self.reach_range(attrs.get("ref"), f"the comment ({part}) on")

        _stream(z, part, elements, on_start)

    def text(self, data):
        if self.formula is not None:
            self.formula.append(data)
            if sum(map(len, self.formula)) > MAX_FORMULA_CHARACTERS:
                raise InputError(
                    ARG,
                    f"{self.budget.name}: {_where(self.title, self.cell)} holds a formula longer than Excel's "
                    f"{MAX_FORMULA_CHARACTERS:,} characters: refused; save the workbook again from Excel.",
                )

    def formula_ends(self):
        text = "".join(self.formula)
        kind, si = self.formula_kind
        self.formula = None
        where = _where(self.title, self.cell)
        if kind == "shared" and not text.strip():
            # openpyxl gives each cell of a shared formula the master's, moved as Excel moves
            # it (openpyxl.formula.translate): a moved range is another range for the engine
            master = self.shared.get(si)
            if master is not None and master[2]:
                from openpyxl.formula.translate import Translator

                try:
                    moved = Translator(f"={master[0]}", origin=master[1]).translate_formula(self.cell)
                except Exception:  # noqa: BLE001 - openpyxl fails on it the same way when it reads the sheet
                    return
                self.budget.refer(where, moved, referenced_ranges(moved, self.title))
            return
        if is_external(text):
            self.external.append((self.title, self.cell, f"={text}"))
            return
        ranges = referenced_ranges(text, self.title)
        if kind == "shared" and si is not None:
            relative = any(_RELATIVE.search(m.group("ref")) for m in _RANGE.finditer(_STRING.sub('""', text)))
            self.shared[si] = (text, self.cell, relative)
        self.budget.refer(where, f"={text}", ranges)


def _row_number(r: str | None) -> int | None:
    """A row's ``r`` as openpyxl reads it (int, or a float with an integer value), or None."""
    if r is None:
        return None
    try:
        return int(r)
    except ValueError:
        try:
            value = float(r)
        except ValueError:
            return None
        return int(value) if value.is_integer() else None


def _count_other_parts(z: zipfile.ZipFile, package: Package, name: str) -> None:
    """Every other XML part counted against :data:`MAX_WHOLE_PART_ELEMENTS` (openpyxl parses them whole)."""
    from xml.parsers.expat import ExpatError

    streamed = {package.workbook, package.shared_strings, *(p for _, p in package.sheets)}
    elements = _Elements(name, MAX_WHOLE_PART_ELEMENTS)
    for part in z.namelist():
        if part in streamed or not part.lower().endswith((".xml", ".rels", ".vml")):
            continue
        try:
            _stream(z, part, elements, lambda local, attrs: None)
        except ExpatError:
            continue  # not XML: openpyxl refuses it if it reads it at all


def _count_strings(z: zipfile.ZipFile, part: str | None, elements: _Elements, name: str) -> int:
    if part is None or part not in z.namelist():
        return 0
    count = [0]

    def on_start(local, attrs):
        if local == "si":
            count[0] += 1
            if count[0] > MAX_SHARED_STRINGS:
                raise InputError(
                    ARG,
                    f"{name} holds more than {MAX_SHARED_STRINGS:,} distinct texts (in {part}), above the limit "
                    f"of {MAX_SHARED_STRINGS:,}: remove pasted data, or keep large tables in a separate file.",
                )

    _stream(z, part, elements, on_start)
    return count[0]


# --- the memory budget of a run --------------------------------------------------------------------


@contextlib.contextmanager
def memory_budget(name: str) -> Iterator[None]:
    """While the block runs, the process may grow by at most :data:`MEMORY_BUDGET` bytes of address space.

    Past it an allocation fails (MemoryError), which becomes one sentence naming the
    workbook. The previous limit is back when the block ends. Where the system has no
    such limit (Windows) or no measure of the address space (only Linux has /proc/self/statm),
    the block runs without (the static budgets hold).
    """
    try:
        import resource
    except ImportError:  # Windows
        yield
        return
    used = _address_space()
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = None if used is None else used + MEMORY_BUDGET
    if limit is not None and hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    if limit is not None and soft != resource.RLIM_INFINITY and soft <= limit:
        limit = None  # a stricter limit is already set: keep it
    if limit is not None:
        try:
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
        except (ValueError, OSError):
            limit = None
    try:
        yield
    except MemoryError:
        raise InputError(
            ARG,
            f"computing {name} needs more than the {MEMORY_BUDGET // 2**20:,} MB of memory a headless run may "
            "use (a formula builds very large ranges or texts, e.g. with INDIRECT or OFFSET): refer to the filled "
            "cells only.",
        ) from None
    finally:
        if limit is not None:
            resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _address_space() -> int | None:
    """This process's virtual memory size in bytes (Linux), or None."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None
