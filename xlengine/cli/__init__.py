"""The ``xlengine`` command: one parser over the command modules.

An adapter: it reads files, calls the engine and the decision layer, prints. Exit codes:
0 fine, 1 findings or errors in the content, 2 unusable input (one sentence on stderr).
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Sequence

from .. import __version__
from ..engine.errors import InputError
from ..extras import MissingExtra, require_extra
from . import case, decision, workbook

__all__ = ["build_parser", "main", "run"]


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="xlengine", description="Employee engagement as a board-ready business case.")
    p.add_argument("--version", action="version", version=f"xlengine {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    for commands in (case, workbook, decision):
        commands.add_parsers(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if getattr(args, "extra", None):  # checked first: nothing printed or written without it
            require_extra(args.extra, f"the {args.command} command")
        return args.func(args)
    except (InputError, MissingExtra) as e:
        print(f"xlengine: {e}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. `xlengine demo | head`
        sys.stderr.close()
        return 0


def run() -> None:
    """The ``xlengine`` command: ``main()``, then end the process without the interpreter's teardown.

    By then every file is written (atomically) and closed; what is left is freeing the
    formula engine's object graph, about 0.15 s after a compute that nobody waits for.
    Output is flushed first. Under a debugger, profiler or coverage tool the normal exit runs.
    """
    rc = main()
    if sys.gettrace() is not None or sys.getprofile() is not None:
        sys.exit(rc)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # the reader went away (`xlengine demo | head`), or closed
            pass
    os._exit(rc)

