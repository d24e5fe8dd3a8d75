"""Evaluate every formula of a workbook without Excel, with the real ENG_ functions.

The ``formulas`` package is the Excel formula engine (defined names, array formulas,
Excel's error semantics, the native functions). The ENG_ functions are registered in it
from :mod:`xlengine.udfs`: the very Python functions Excel calls through xlwings, with
the arguments reshaped to what xlwings would hand them (see :func:`as_xlwings`) and the
results reshaped back. No second implementation of anything.

``formulas`` is imported lazily, here and in :mod:`.upstream_workarounds` (which holds what
works around it): :mod:`xlengine.udfs` must stay light.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from ..engine.errors import CELL_ERROR, EXCEL_ERRORS, InputError
from ..extras import require_extra
from . import safe_io, scan, upstream_workarounds

require_extra("workbook")  # the libraries this module uses, or the sentence naming the extra

ERROR_TEXTS = EXCEL_ERRORS

# A function call in a formula: a name followed by "(" (outside string literals).
_CALL = re.compile(r"(?<![A-Za-z0-9_.])((?:_xlfn\.|_xludf\.|_xlws\.)?[A-Za-z][A-Za-z0-9_.]*)\s*\(")
_STRING = re.compile(r'"(?:[^"]|"")*"')


@dataclass(frozen=True)
class FormulaCell:
    """One formula cell: where, the text as Excel shows it, the fresh and the cached value."""

    sheet: str
    cell: str
    formula: str
    value: Any
    cached: Any
    array_range: str | None = None  # "E1:I14" when the cell is part of an array formula
    failure: InputError | None = None  # why its ENG_ call failed (the cell shows #VALUE!)


@dataclass
class Evaluation:
    """A workbook after a fresh headless calculation."""

    path: Path
    sheetnames: list[str]
    constants: dict[str, dict[str, Any]]  # sheet -> cell -> typed value
    formula_cells: list[FormulaCell]
    names: dict[str, tuple[str, str]]  # defined name (lower case) -> (sheet, ref)
    unsupported: list[tuple[str, str, str]]  # (sheet, cell, function) the engine lacks
    number_formats: dict[str, dict[str, str]] = field(default_factory=dict)
    bold: dict[str, set[str]] = field(default_factory=dict)
    column_widths: dict[str, dict[int, float]] = field(default_factory=dict)
    # how each sheet prints: merged ranges ("A2:I2"), row heights (0-based row -> points), print area ("A1:I47")
    merged: dict[str, list[str]] = field(default_factory=dict)
    row_heights: dict[str, dict[int, float]] = field(default_factory=dict)
    print_areas: dict[str, str] = field(default_factory=dict)
    # references to other files, never followed: (sheet, cell, formula) or ("(workbook)", name, text)
    external: list[tuple[str, str, str]] = field(default_factory=list)

    @functools.cached_property
    def by_cell(self) -> dict[tuple[str, str], FormulaCell]:
        return {(f.sheet, f.cell): f for f in self.formula_cells}

    @functools.cached_property
    def not_computed(self) -> list[FormulaCell]:
        """Formula cells the engine left without a value: a circular reference, or a cell that depends on one."""
        unsupported = {(s, c) for s, c, _ in self.unsupported}
        return [f for f in self.formula_cells if f.value is None and (f.sheet, f.cell) not in unsupported]

    def value(self, sheet: str, cell: str) -> Any:
        """The fresh value of a cell: computed for a formula, typed for a constant."""
        f = self.by_cell.get((sheet, cell))
        return f.value if f is not None else self.constants.get(sheet, {}).get(cell)

    def name_cell(self, name: str) -> tuple[str, str] | None:
        """(sheet, top-left cell) of a workbook-scoped defined name, or None."""
        ref = self.names.get(name.lower())
        if ref is None:
            return None
        return ref[0], ref[1].split(":")[0]

    def name_value(self, name: str) -> Any:
        where = self.name_cell(name)
        return None if where is None else self.value(*where)


# --- the adapter between the formula engine and the ENG_ functions ------------------


def _xl_scalar(x: Any) -> Any:
    """One cell as xlwings hands it: float, str, bool, None (empty), error text."""
    t = type(x)
    if t is float or t is str or t is bool:  # most cells; exact types, so no error or EMPTY token
        return x
    import numpy as np
    import schedula as sh
    from formulas.tokens.operand import XlError

    if x is sh.EMPTY or x is None:
        return None
    if isinstance(x, XlError):
        return str(x)  # xlwings' err_to_str: validate turns "#DIV/0!" into a clear sentence
    if isinstance(x, (bool, np.bool_)):
        return bool(x)
    if isinstance(x, (int, float, np.integer, np.floating)):
        return float(x)
    return x


def as_xlwings(arg: Any) -> Any:
    """An engine argument as Excel hands it through xlwings.

    A single cell or a literal arrives as a scalar, a range of several cells as a list of
    rows (xlwings gives tuples of tuples; the ENG_ functions accept both).
    """
    import numpy as np

    if isinstance(arg, np.ndarray):
        if arg.size == 1:
            return _xl_scalar(arg.ravel()[0])
        rows = arg.reshape(arg.shape[0], -1) if arg.ndim != 2 else arg
        return [[_xl_scalar(v) for v in row] for row in rows]
    return _xl_scalar(arg)


def _engine_cell(x: Any) -> Any:
    """A value an ENG_ function returned, as the engine stores it (None/NaN -> empty text)."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    return x


@functools.lru_cache(maxsize=None)
def _failed_call_type() -> type:
    from formulas.tokens.operand import XlError

    class FailedCall(XlError):
        """The engine's #VALUE! for a failed ENG_ call, holding its InputError.

        An XlError like formulas' own (it subclasses XlError for circular references
        too), so every formula that uses the cell propagates the error.
        """

        failure: InputError

    return FailedCall


def failed_call(failure: InputError) -> Any:
    """#VALUE! for the engine, with the failure it stands for (``.failure``)."""
    error = _failed_call_type()(CELL_ERROR)
    error.failure = failure
    return error


def failure_of(value: Any) -> InputError | None:
    """The InputError behind an engine value, if it is a failed ENG_ call's #VALUE!."""
    return getattr(value, "failure", None) if isinstance(value, _failed_call_type()) else None


def as_engine(result: Any) -> Any:
    """An ENG_ function's result for the engine: a scalar, or a 2-D array for a range;
    a failed call (an InputError) as #VALUE!, as Excel shows it where it can."""
    import numpy as np
    from formulas.functions import Array

    if isinstance(result, InputError):
        return failed_call(result)
    if isinstance(result, (list, tuple)):
        rows = [list(r) if isinstance(r, (list, tuple)) else [r] for r in result]
        width = max((len(r) for r in rows), default=1)
        table = [[_engine_cell(v) for v in r] + [""] * (width - len(r)) for r in rows]
        return np.asarray(table, dtype=object).view(Array)
    return _engine_cell(result)


def _adapt(udf):
    import inspect

    signature = inspect.signature(udf).parameters
    params = list(signature)
    required = sum(p.default is inspect.Parameter.empty for p in signature.values())

    @functools.wraps(udf)
    def call(*args):
        # Excel refuses a call with too few or too many arguments when it is typed; a file
        # can still hold one. A missing required argument arrives as an empty cell (the
        # function names it), an omitted optional one takes its default, as in xlwings;
        # extra ones are refused by name.
        if len(args) > len(params):
            return (
                f"{udf.__name__} takes at most {len(params)} argument{'s' * (len(params) != 1)} "
                f"({', '.join(params)}), not {len(args)}: remove the extra ones."
            )
        return as_engine(udf(*(as_xlwings(a) for a in args), *([None] * (required - len(args)))))

    return call


@functools.lru_cache(maxsize=None)  # the engine's function table is process-global: once is enough
def register_udfs() -> tuple[str, ...]:
    """Register every ENG_ function of :mod:`xlengine.udfs` in the engine (once per process)."""
    from formulas.functions import wrap_func

    from ..excel import functions as udfs

    functions = upstream_workarounds.formulas_function_table()
    names = tuple(n for n in dir(udfs) if n.startswith("ENG_") and callable(getattr(udfs, n)))
    for name in names:
        functions[name] = wrap_func(_adapt(getattr(udfs, name)))
    return names


def functions_called(formula: str) -> list[str]:
    """Upper-case names of the functions a formula calls (Excel's storage prefixes removed)."""
    text = _STRING.sub('""', formula)
    out = []
    for m in _CALL.finditer(text):
        name = m.group(1).upper()
        for prefix in ("_XLFN.", "_XLUDF.", "_XLWS."):
            if name.startswith(prefix):
                name = name[len(prefix) :]
        if name not in out:
            out.append(name)
    return out


def unknown_functions(formula: str) -> list[str]:
    """Functions in ``formula`` the engine cannot evaluate."""
    import formulas
    from formulas.functions import not_implemented

    register_udfs()
    known = formulas.get_functions()
    literal_indirect = re.search(r'INDIRECT\(\s*""\s*\)', _STRING.sub('""', formula).upper()) is not None
    return [
        n
        for n in functions_called(formula)
        if n not in _PARSER_FUNCTIONS
        and not (n == "INDIRECT" and literal_indirect)
        and (n not in known or known[n] is not_implemented)
    ]


# Handled by the engine's parser rather than its function table.
_PARSER_FUNCTIONS = {"LET", "LAMBDA"}


def unreadable_formulas(formula_texts) -> list[tuple[str, str, str]]:
    """(sheet, cell, formula) the engine cannot parse; one such cell stops its whole model."""
    import formulas

    bad: dict[str, bool] = {}
    out = []
    for sheet, cell, text, _ in formula_texts:
        if text not in bad:
            try:
                formulas.Parser().ast(text if text.startswith("=") else f"={text}")
                bad[text] = False
            except Exception:  # noqa: BLE001 - any parse failure means the same to the user
                bad[text] = True
        if bad[text]:
            out.append((sheet, cell, text))
    return out


# --- reading ---------------------------------------------------------------------------


def _plain(v: Any) -> Any:
    """A value from the engine as a plain Python value (errors as their text)."""
    return _xl_scalar(v)


_KEY = re.compile(r"^'?\[(?P<book>[^\]]+)\](?P<sheet>.*?)'?!(?P<ref>[A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)$")


def _solution_by_range(solution) -> dict[tuple[str, str], Any]:
    """Engine results keyed by (SHEET upper case, "A1" or "A1:B2")."""
    out = {}
    for key, ranges in solution.items():
        m = _KEY.match(str(key))
        if m and m.group("sheet"):
            out[(m.group("sheet").upper(), m.group("ref"))] = getattr(ranges, "value", ranges)
    return out


def _cells_of(ref: str) -> Iterator[tuple[str, int, int]]:
    from openpyxl.utils.cell import get_column_letter, range_boundaries

    min_col, min_row, max_col, max_row = range_boundaries(ref)
    for r in range(min_row, max_row + 1):
        for c in range(min_col, max_col + 1):
            yield f"{get_column_letter(c)}{r}", r - min_row, c - min_col


def evaluate(path: Path) -> Evaluation:
    """Compute every formula of the workbook at ``path`` (read-only) with the ENG_ functions.

    Raises InputError (one sentence) for a file that cannot be used.
    """
    path = Path(path)
    with safe_io.private_copy(path) as copy, scan.memory_budget(path.name), safe_io.quiet_reader():
        try:
            shape = scan.workbook_shape(copy, path.name)  # streamed, refused above a budget: nothing built yet
            return _evaluate(path, copy, shape)
        except (InputError, MemoryError):
            raise
        except Exception as e:  # noqa: BLE001 - any parser failure is an unusable file
            raise safe_io.reading_failure(path, e) from None


def _evaluate(path: Path, copy: Path, shape: scan.Shape) -> Evaluation:
    import openpyxl
    from openpyxl.utils.cell import column_index_from_string
    from openpyxl.worksheet.formula import ArrayFormula

    from formulas.excel.xlreader import load_workbook as engine_load_workbook
    from openpyxl.utils.datetime import from_excel

    # Read once, the way the engine reads (dates stay serial numbers): the same book feeds
    # the engine below and the constants, formats and formula texts here.
    book = engine_load_workbook(str(copy))
    cached_book = openpyxl.load_workbook(copy, data_only=True)
    sheetnames = list(book.sheetnames)
    for title in sheetnames:
        safe_io.check_sheet_name(path, title)

    # A name left as #REF! (its sheet deleted) or pointing at another file never reaches the
    # engine: the first is a missing name to the audit, the second is in shape.external.
    broken_names = [name for name, dn in book.defined_names.items() if "#REF!" in str(dn.value).upper()]
    for name in broken_names + [name for name, dn in book.defined_names.items() if scan.is_external(str(dn.value))]:
        book.defined_names.pop(name, None)

    names: dict[str, tuple[str, str]] = {}
    for name, dn in book.defined_names.items():
        try:
            dests = list(dn.destinations)
        except Exception:  # noqa: BLE001 - a constant or formula name has no cell
            dests = []
        if len(dests) == 1:
            sheet, ref = dests[0]
            names[name.lower()] = (sheet, ref.replace("$", ""))

    constants: dict[str, dict[str, Any]] = {}
    formula_texts: list[tuple[str, str, str, str | None]] = []
    number_formats: dict[str, dict[str, str]] = {}
    bold: dict[str, set[str]] = {}
    widths: dict[str, dict[int, float]] = {}
    merged: dict[str, list[str]] = {}
    heights: dict[str, dict[int, float]] = {}
    print_areas: dict[str, str] = {}
    for ws in book.worksheets:
        merged[ws.title] = [str(r) for r in ws.merged_cells.ranges]
        heights[ws.title] = {r - 1: d.height for r, d in ws.row_dimensions.items() if d.height}
        area = ws.print_area
        if isinstance(area, str) and "!" in area:
            print_areas[ws.title] = area.split(",")[0].rsplit("!", 1)[1].replace("$", "")
        consts = constants[ws.title] = {}
        fmts = number_formats[ws.title] = {}
        bolds = bold[ws.title] = set()
        # a dimension may span columns (<col min="3" max="5">): each of them has its width
        widths[ws.title] = {
            c - 1: d.width
            for k, d in ws.column_dimensions.items()
            if d.width and k.isalpha()
            for c in range(
                d.min or column_index_from_string(k), min(max(d.max or 0, d.min or column_index_from_string(k)), 16_384) + 1
            )
        }
        array_cells = {}
        for anchor, ref in ws.array_formulae.items():
            for cell, _, _ in _cells_of(ref):
                array_cells[cell] = (anchor, ref)
        for row in ws.iter_rows():
            for c in row:
                v = c.value
                if v is None and c.coordinate not in array_cells:
                    continue
                if c.number_format and c.number_format != "General":
                    fmts[c.coordinate] = c.number_format
                if c.font is not None and c.font.b:
                    bolds.add(c.coordinate)
                if c.coordinate in array_cells:
                    anchor, ref = array_cells[c.coordinate]
                    text = ws[anchor].value.text if isinstance(ws[anchor].value, ArrayFormula) else str(ws[anchor].value)
                    formula_texts.append((ws.title, c.coordinate, text, ref))
                elif isinstance(v, ArrayFormula):
                    formula_texts.append((ws.title, c.coordinate, v.text, v.ref))
                elif c.data_type == "f" or (isinstance(v, str) and v.startswith("=") and c.data_type != "s"):
                    formula_texts.append((ws.title, c.coordinate, v, None))
                else:
                    if c.is_date and isinstance(v, (int, float)) and not isinstance(v, bool):
                        v = from_excel(v, book.epoch)  # as the user sees it (and as openpyxl reads it)
                    consts[c.coordinate] = v

    try:
        refused: list[str] = []
        solution = _calculate(copy, book, refused)
    except Exception:
        # Only when the engine fails: parse each formula to name the cells it cannot read
        # (doing this up front would parse every formula twice on every good workbook).
        unreadable = unreadable_formulas(formula_texts)
        if not unreadable:
            raise
        shown = "; ".join(f"'{s}'!{c} ({t})" for s, c, t in unreadable[:3]) + (" and more" if len(unreadable) > 3 else "")
        raise InputError(
            "WORKBOOK",
            f"{path.name} has formulas the headless engine cannot read: {shown}; "
            "rewrite them with plain cell references and functions (no table[column] references).",
        ) from None

    cells: list[FormulaCell] = []
    unsupported: list[tuple[str, str, str]] = []
    for sheet, cell, text, ref in formula_texts:
        raw = None
        if ref:
            block = solution.get((sheet.upper(), ref))
            value = None
            if block is not None:
                for c, i, j in _cells_of(ref):
                    if c == cell:
                        try:
                            raw = block[i][j]
                            value = _plain(raw)
                        except (IndexError, TypeError):
                            value = "#N/A"
        else:
            block = solution.get((sheet.upper(), cell))
            raw = block[0][0] if block is not None else None
            value = _plain(raw) if block is not None else None
        cached = cached_book[sheet][cell].value
        shown = text if text.startswith("=") else f"={text}"
        if ref:
            shown = "{" + shown + "}"
        cells.append(FormulaCell(sheet, cell, shown, value, cached, ref, failure_of(raw)))
        for fn in unknown_functions(text):
            unsupported.append((sheet, cell, fn))
    external = list(shape.external)
    if refused and not external:  # the engine met a reference the scan did not name
        external = [("(workbook)", "", f"a reference to {book_path}") for book_path in dict.fromkeys(refused)]
    return Evaluation(
        path=path,
        sheetnames=sheetnames,
        constants=constants,
        formula_cells=cells,
        names=names,
        unsupported=unsupported,
        number_formats=number_formats,
        bold=bold,
        column_widths=widths,
        external=external,
        merged=merged,
        row_heights=heights,
        print_areas=print_areas,
    )


def _calculate(copy: Path, book=None, refused: list[str] | None = None) -> dict[tuple[str, str], Any]:
    register_udfs()
    # a CLI prints only its result; texts are bounded as in Excel
    with upstream_workarounds.quiet_formulas(), upstream_workarounds.excel_text_limit():
        model = _sealed_model_class()()
        if book is not None:
            from formulas.excel import BOOK

            model.books[upstream_workarounds.formulas_book_key(copy)] = {BOOK: book}  # already read: not again
        model.loads(str(copy)).finish()
        solution = _solution_by_range(model.calculate())
        if refused is not None:
            refused.extend(model.refused)
        return solution


@functools.lru_cache(maxsize=None)
def _sealed_model_class():
    """formulas' ExcelModel that can load the workbook it is given and no other file.

    The engine resolves a reference to another book ('../x/[other.xlsx]Sheet1'!A1, [1]A1,
    INDIRECT("'/path/[b.xlsx]S'!A1")) by loading that file from disk, wherever it is. Such
    references are found and reported before the engine runs (scan.workbook_shape);
    this is the guarantee behind that check: a book the model was not given is refused
    (the engine turns the reference into #REF!), and the refusal is recorded in
    ``refused``. A subclass, not a patch: only models built here behave this way.
    """
    import formulas

    class SealedExcelModel(formulas.ExcelModel):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.refused: list[str] = []

        def add_book(self, book=None, context=None, data_only=False):
            if self.basedir is not None and isinstance(book, str) and book.upper() not in self.books:
                self.refused.append(book)
                raise InputError("WORKBOOK", f"the workbook refers to another file ({book}), which is never opened.")
            return super().add_book(book, context, data_only)

    return SealedExcelModel
