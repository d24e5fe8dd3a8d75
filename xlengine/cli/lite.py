"""``xlengine lite``: what a user pastes into xlwings Lite (Excel on Mac and the web)."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..excel import lite

__all__ = ["add_parsers"]


def cmd_lite(args: argparse.Namespace) -> int:
    written = lite.write_lite(Path(args.output), force=args.force)
    print("\n".join(f"Wrote {p}" for p in written))
    print(
        "In Excel: open xlwings Lite (Home > Add-ins > xlwings Lite), paste main.py into its main.py tab and "
        "requirements.txt into its requirements.txt tab, then save the workbook (see docs/lite.md)."
    )
    return 0


def add_parsers(sub) -> None:
    p = sub.add_parser("lite", help="write main.py and requirements.txt for xlwings Lite (Excel on Mac and the web)")
    p.add_argument("-o", "--output", required=True, help="folder to write main.py and requirements.txt into")
    p.add_argument("--force", action="store_true", help="replace main.py and requirements.txt if they exist")
    p.set_defaults(func=cmd_lite)
