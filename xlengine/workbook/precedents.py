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


def dependents(ev: Any, cells: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """The formula cells of ``ev`` that depend on any of ``cells`` ((sheet, "B5") pairs), directly or not."""
    refs = {(f.sheet, f.cell): references(f.formula, f.sheet, ev.names) for f in ev.formula_cells}
    found: set[tuple[str, str]] = set()
    frontier = [(s.lower(), *_position(c)) for s, c in cells]
    while frontier:
        by_sheet: dict[str, list[tuple[int, int]]] = {}
        for s, r, c in frontier:
            by_sheet.setdefault(s, []).append((r, c))
        # the bounding box of the frontier per sheet: most references miss it entirely
        boxes = {s: (min(r for r, _ in p), min(c for _, c in p), max(r for r, _ in p), max(c for _, c in p))
                 for s, p in by_sheet.items()}
        frontier = []
        for key, rects in refs.items():
            if key in found:
                continue
            for s, r1, c1, r2, c2 in rects:
                box = boxes.get(s)
                if box is None or r2 < box[0] or r1 > box[2] or c2 < box[1] or c1 > box[3]:
                    continue
                if any(r1 <= r <= r2 and c1 <= c <= c2 for r, c in by_sheet[s]):
                    found.add(key)
                    frontier.append((key[0].lower(), *_position(key[1])))
                    break
    return found
