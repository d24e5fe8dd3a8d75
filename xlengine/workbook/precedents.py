"""Which formula cells of a workbook depend on given cells (Excel's dependents, transitively).

Each formula's references (cells, ranges, whole columns or rows, defined names) are read
with the ``formulas`` parser's tokens; a formula depends on a cell when one of its
references contains the cell, or contains a formula cell that depends on it. References
the parser cannot see (``INDIRECT`` text, another file) count as none: a cell is only ever
called dependent when the workbook says so.

>>> from types import SimpleNamespace as NS
>>> f = lambda sheet, cell, formula: NS(sheet=sheet, cell=cell, formula=formula)
>>> ev = NS(names={"rate": ("Inputs", "B2")}, sheetnames=["Inputs", "Case"],
...         formula_cells=[f("Case", "A1", "=rate*2"), f("Case", "A2", "=A1+1"), f("Case", "A3", "=SUM(Inputs!C:C)")])
>>> sorted(dependents(ev, [("Inputs", "B2")]))
[('Case', 'A1'), ('Case', 'A2')]
"""

from __future__ import annotations

import functools
from typing import Any, Iterable

__all__ = ["dependents"]

_MAX_ROW, _MAX_COL = 1_048_576, 16_384

# (sheet in lower case, first row, first column, last row, last column)
Rect = tuple[str, int, int, int, int]


@functools.lru_cache(maxsize=4096)
def _tokens(formula: str) -> tuple[dict, ...]:
    import formulas

    try:
        tokens = formulas.Parser().ast(formula if formula.startswith("=") else f"={formula}")[0]
    except Exception:  # noqa: BLE001 - a formula the parser cannot read references nothing it can see
        return ()
    return tuple(dict(t.attr) for t in tokens if type(t).__name__ == "Range" and isinstance(getattr(t, "attr", None), dict))


def _rect(sheet: str, ref: str) -> Rect | None:
    from openpyxl.utils.cell import range_boundaries

    try:
        min_col, min_row, max_col, max_row = range_boundaries(ref.replace("$", ""))
    except (ValueError, TypeError):
        return None
    return (sheet.lower(), min_row or 1, min_col or 1, max_row or _MAX_ROW, max_col or _MAX_COL)


def references(formula: str, sheet: str, names: dict[str, tuple[str, str]]) -> list[Rect]:
    """The rectangles a formula on ``sheet`` refers to (names resolved through ``names``)."""
    out = []
    for attr in _tokens(formula):
        if attr.get("is_reference"):
            target = names.get(str(attr.get("ref", "")).lower())
            rect = _rect(*target) if target else None
        elif "r1" in attr:
            rect = _rect(attr.get("sheet") or sheet, str(attr.get("ref", "")))
        else:
            rect = None
        if rect is not None:
            out.append(rect)
    return out


def _position(cell: str) -> tuple[int, int]:
    from openpyxl.utils.cell import coordinate_from_string, column_index_from_string

    letters, row = coordinate_from_string(cell)
    return row, column_index_from_string(letters)


def dependents(ev: Any, cells: Iterable[tuple[str, str]], budget: int = 2_000_000) -> set[tuple[str, str]] | None:
    """The formula cells of ``ev`` that depend on any of ``cells`` ((sheet, "B5") pairs), directly or not.

    None when telling would take more than ``budget`` steps (a hostile workbook's long chains
    of whole-column references): the caller then treats no cell as dependent.
    """
    watch: dict[tuple[str, int, int], list[tuple[str, str]]] = {}  # a cell -> formulas whose small ranges hold it
    large: list[tuple[Rect, tuple[str, str]]] = []  # larger ranges, tested cell by cell
    steps = 0
    for f in ev.formula_cells:
        for rect in references(f.formula, f.sheet, ev.names):
            s, r1, c1, r2, c2 = rect
            if (r2 - r1 + 1) * (c2 - c1 + 1) > _SMALL:
                large.append((rect, (f.sheet, f.cell)))
                continue
            steps += (r2 - r1 + 1) * (c2 - c1 + 1)
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    watch.setdefault((s, r, c), []).append((f.sheet, f.cell))
    found: set[tuple[str, str]] = set()
    queue = [(s.lower(), *_position(c)) for s, c in cells]
    while queue:
        at = queue.pop()
        steps += len(large) + 1
        if steps > budget:
            return None
        hits = watch.get(at, []) + [
            key for (s, r1, c1, r2, c2), key in large if s == at[0] and r1 <= at[1] <= r2 and c1 <= at[2] <= c2
        ]
        for key in hits:
            if key not in found:
                found.add(key)
                queue.append((key[0].lower(), *_position(key[1])))
    return found


# A range of at most this many cells is indexed cell by cell (the template's `assumptions`
# block, 112 cells, among them); a larger one is tested against each dependent cell.
_SMALL = 256
