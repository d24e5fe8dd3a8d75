"""Ranges and external references in a formula's text, and the cells a range spans
(A1 notation, as Excel and openpyxl read it)."""

from __future__ import annotations

import re


EXCEL_ROWS = 1_048_576


EXCEL_COLUMNS = 16_384


# An external reference, in every syntax the formula engine resolves to a file: a quoted
# sheet id naming a book in brackets ('../x/[other.xlsx]Sheet1'!A1, 'C:\\x\\[b.xlsx]S'!A1,
# also inside INDIRECT("...")), or an external-link index followed by a sheet or a name
# ([1]Sheet1!A1, [1]My Sheet!A1, [1]Blad€!A1, [1]!Name). A table reference is neither:
# Table1[Column] follows a name, [@Column] and [#This Row] are marked, and no "!" follows.
_EXTERNAL = re.compile(
    r"'(?:[^'\[]|'')*\[[^\[\]]+\](?:[^'\[\]]|'')*'!"
    r"|(?<![\w\]])\[(?![@#])[^\[\]]+\][^!'\"\[\](),;=+\-*/&^<>{}%]*!"
)


# A range in a formula (string literals blanked first): A1:B9, A:A, 1:1, with or without
# a sheet and $ signs. Excel writes references in capitals; a hand-made file may not.
_SHEET = r"(?:'(?:[^']|'')+'|[^\W\d][\w.]*)!"


_RANGE = re.compile(
    rf"(?<![\w.$'\]!])(?P<sheet>{_SHEET})?(?P<ref>\$?[A-Z]{{1,3}}\$?\d+:\$?[A-Z]{{1,3}}\$?\d+"
    rf"|\$?[A-Z]{{1,3}}:\$?[A-Z]{{1,3}}|\$?\d+:\$?\d+)(?![\w(!.$])",
    re.IGNORECASE,
)


_STRING = re.compile(r'"(?:[^"]|"")*"')


_RELATIVE = re.compile(r"(?<![$A-Za-z])[A-Za-z]|(?<![$\d])\d")  # a column or row without $: it moves


_CELL_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")  # openpyxl's COORD_RE


def is_external(formula: str) -> bool:
    """True when a formula or a defined name refers to another file.

    >>> is_external("='../x/[other.xlsx]Sheet1'!A1"), is_external("=[1]My Sheet!A1"), is_external("=SUM(Teams[Headcount])")
    (True, True, False)
    """
    return _EXTERNAL.search(formula) is not None


def referenced_ranges(formula: str, sheet: str = "") -> list[tuple[str, str, int]]:
    """(sheet, range, cells) of every range a formula refers to; ``sheet`` is the formula's own.

    >>> referenced_ranges("=SUMPRODUCT(A:A,Teams!$B$2:$B$11)+SUM(1:2)", "Data")
    [('DATA', 'A:A', 1048576), ('TEAMS', 'B2:B11', 10), ('DATA', '1:2', 32768)]
    """
    out = []
    for m in _RANGE.finditer(_STRING.sub('""', formula)):
        ref = m.group("ref").replace("$", "").upper()
        where = (m.group("sheet") or sheet).rstrip("!").strip("'").upper()
        out.append((where, ref, range_cells(ref)))
    return out


def range_cells(ref: str) -> int:
    """Cells in a reference: A1, A1:B9, A:C (whole columns), 1:3 (whole rows); several separated by spaces.

    26 columns x 99,971 rows (30 to 100,000) = 2,599,246; a whole column 1,048,576; a whole row 16,384:

    >>> range_cells("A30:Z100000"), range_cells("A:A"), range_cells("1:1"), range_cells("B2")
    (2599246, 1048576, 16384, 1)
    """
    total = 0
    for piece in ref.replace("$", "").split():
        r1, c1, r2, c2 = _bounds(piece)
        total += (r2 - r1 + 1) * (c2 - c1 + 1)
    return total


def _bounds(ref: str) -> tuple[int, int, int, int]:
    """(min_row, min_col, max_row, max_col) of a reference; whole columns and rows span the sheet."""
    ends = ref.split(":")
    rows, cols = [], []
    for end in ends[:2]:
        m = re.match(r"^([A-Za-z]{0,3})(\d*)$", end)
        if m is None:
            raise ValueError(ref)
        letters, digits = m.groups()
        cols.append(_column(letters) if letters else None)
        rows.append(int(digits) if digits else None)
    if len(ends) == 1:
        if rows[0] is None or cols[0] is None:
            raise ValueError(ref)
        return rows[0], cols[0], rows[0], cols[0]
    row_ends = [r for r in rows if r is not None]
    col_ends = [c for c in cols if c is not None]
    r1, r2 = sorted(row_ends) if len(row_ends) == 2 else (1, EXCEL_ROWS)
    c1, c2 = sorted(col_ends) if len(col_ends) == 2 else (1, EXCEL_COLUMNS)
    return r1, c1, r2, c2


def _column(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def _letters(column: int) -> str:
    out = ""
    while column:
        column, rest = divmod(column - 1, 26)
        out = chr(65 + rest) + out
    return out
