"""How the command line lays out tables and its common options (display only; figures are
shown by :func:`xlengine.decision.tables.format_value`)."""

from __future__ import annotations

import csv
import io
from typing import Any, Iterable, Sequence

__all__ = ["add_language", "csv_text", "one_line", "table"]


def add_language(parser, default: str = "en") -> None:
    """The ``--language`` option every command that prints text or figures takes."""
    parser.add_argument(
        "--language",
        choices=("en", "nl"),
        default=default,
        help=f"language of the text and of the number formats (nl: 1.234,5 and EUR as €); default {default}",
    )


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
