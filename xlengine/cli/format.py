"""How the command line shows numbers and tables (display only)."""

from __future__ import annotations

import math
from typing import Any, Sequence

__all__ = ["fmt_value", "table", "add_language"]


def add_language(parser, default: str = "en") -> None:
    """The ``--language`` option every command that prints text or figures takes."""
    parser.add_argument("--language", choices=("en", "nl"), default=default,
                        help=f"language of the text and of the number formats (nl: 1.234,5 and EUR as €); default {default}")


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
