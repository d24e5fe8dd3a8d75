"""How the command line lays out tables and its common options (display only; figures are
shown by :func:`xlengine.decision.tables.format_value`)."""

from __future__ import annotations

from typing import Sequence

__all__ = ["table", "add_language"]


def add_language(parser, default: str = "en") -> None:
    """The ``--language`` option every command that prints text or figures takes."""
    parser.add_argument("--language", choices=("en", "nl"), default=default,
                        help=f"language of the text and of the number formats (nl: 1.234,5 and EUR as €); default {default}")


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
