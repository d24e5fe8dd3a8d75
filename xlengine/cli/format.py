"""How the command line shows numbers and tables (display only)."""

from __future__ import annotations

import csv
import io
import math
from typing import Any, Iterable, Sequence

__all__ = ["csv_text", "fmt_value", "one_line", "table"]


def fmt_value(value: Any, unit: str = "EUR") -> str:
    """A number as a reader expects it: euros with separators, fractions as %."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if not math.isfinite(value):
        return "n/a"
    if unit == "fraction":
        return f"{value * 100:.1f}%"
    if unit in ("switch", "edition"):
        return f"{value:g}"
    if unit in ("EUR", "EUR/FTE/yr"):
        return f"EUR {value:,.0f}"
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.2f}"


def table(rows: Sequence[Sequence[str]], right: Sequence[bool] | None = None) -> str:
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    right = right or [False] * len(widths)
    lines = []
    for n, r in enumerate(rows):
        cells = [str(c).rjust(w) if rt else str(c).ljust(w) for c, w, rt in zip(r, widths, right)]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def csv_text(rows: Iterable[Sequence[Any]]) -> str:
    r"""The text of a CSV file xlengine writes: every output CSV goes through here.

    Numbers as Python writes them (``0.125``, ``-5.0``), None as an empty field, and text
    through :func:`xlengine.decision.teams.inert_text`, so that a team named ``=cmd|...``
    opens in a spreadsheet as text, never as a formula.

    >>> csv_text([["team", "headcount"], ["=1+1", 12.0], ["Sales", None]])
    "team,headcount\n'=1+1,12.0\nSales,\n"
    """
    from ..decision.teams import inert_text

    def field(v: Any) -> str:
        if v is None:
            return ""
        if isinstance(v, float):
            return repr(v)
        if isinstance(v, (int, bool)):
            return str(v)
        return inert_text(str(v))

    buf = io.StringIO()
    plain = csv.writer(buf, lineterminator="\n")
    quoted = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_ALL)  # a carriage return inside a field
    for r in rows:
        fields = [field(v) for v in r]
        (quoted if any("\r" in f for f in fields) else plain).writerow(fields)
    return buf.getvalue()


def one_line(text: str) -> str:
    r"""One line, whatever the input put in it (a file name with a line break or a control character).

    >>> print(one_line("Sales\x1b[2J\nnext"))
    Sales\x1b[2J\nnext
    """
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)
