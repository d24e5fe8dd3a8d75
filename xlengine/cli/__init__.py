"""The ``xlengine`` command: one parser over the command modules.

An adapter: it reads files, calls the engine and the decision layer, prints. Exit codes:
0 fine, 1 findings or errors in the content, 2 unusable input (one sentence on stderr).
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from typing import Sequence

from .. import __version__
from ..engine.errors import InputError
from ..engine.validate import UnknownAssumption
from ..extras import MissingExtra, require_extra
from . import case, decision, hr, lite, realised, workbook

__all__ = ["build_parser", "main", "run", "unknown_key_sentence"]


class _Parser(argparse.ArgumentParser):
    """argparse, with a usage error as one line on stderr (exit 2) like every other refusal."""

    def error(self, message: str):
        self.exit(2, _one_line(f"{self.prog}: {message} (see {self.prog} --help).") + "\n")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="xlengine", description="Employee engagement as a board-ready business case.")
    p.add_argument("--version", action="version", version=f"xlengine {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    for commands in (case, workbook, decision, hr, realised, lite):
        commands.add_parsers(sub)
    for listed in sub._choices_actions:  # `xlengine CMD --help` opens with the line `xlengine --help` lists
        command = sub.choices[listed.dest]
        command.description = command.description or listed.help
    return p


class Terminated(BaseException):
    """SIGTERM, raised where the program is, so that every ``finally`` removes its temporary files."""


# The main thread's run: whether it is setting up, and a SIGTERM that came meanwhile.
_SIGTERM: dict[str, bool] = {}


# The unraisable-exception hook the run replaced (see _unraisable).
_UNRAISABLE: list = []


def _unraisable(unraisable) -> None:
    """A SIGTERM that lands inside a finaliser (``__del__``, a weakref callback) cannot stop
    the run there: Python prints it as "Exception ignored" and goes on. Keep it quiet; the
    run goes on to its normal end, its files complete."""
    if isinstance(unraisable.exc_value, Terminated):
        return
    (_UNRAISABLE[-1] if _UNRAISABLE else sys.__unraisablehook__)(unraisable)


def _terminate(signum, frame):
    if _SIGTERM.get("setting_up"):
        _SIGTERM["pending"] = True
        return
    raise Terminated()


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; the one place where a failure becomes a line on stderr and an exit code.

    0 fine; 1 findings (the command says which); 2 unusable input, nothing written (one
    sentence); 130 interrupted (temporary files removed). An unexpected error is one line
    with a hint and exit 1, never a traceback.
    """
    for stream in (sys.stdout, sys.stderr):  # a file name that is not UTF-8 prints as escapes
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="backslashreplace")
            except (ValueError, OSError):
                pass
    previous = _install_sigterm()
    private = None
    try:
        if previous is not None:  # the main thread's run only: the temporary folder is process-wide
            # A SIGTERM during this set-up waits until it is done (naming the folder probes the
            # temporary folder with a file of its own), then interrupts the run as usual.
            _SIGTERM["setting_up"] = True
            _UNRAISABLE.append(sys.unraisablehook)
            sys.unraisablehook = _unraisable
            private = _private_temp()
            _enter_private_temp(private)
            _SIGTERM["setting_up"] = False
            if _SIGTERM.pop("pending", False):
                raise Terminated()
        args = build_parser().parse_args(argv)
        if getattr(args, "extra", None):  # checked first: nothing printed or written without it
            require_extra(args.extra, f"the {args.command} command")
        return args.func(args)
    except UnknownAssumption as e:  # the workbook's hint (ENG_ASSUMPTIONS()) means nothing here
        return _fail(unknown_key_sentence(e), 2)
    except (InputError, MissingExtra) as e:
        return _fail(str(e), 2)
    except BrokenPipeError:  # e.g. `xlengine demo | head`
        sys.stderr.close()
        return 0
    except OSError as e:  # a file or folder the system refuses: say which, in one line
        where = f" {e.filename}" if e.filename else ""
        return _fail(f"cannot use{where}: {e.strerror or e}; check the path and its permissions.", 2)
    except MemoryError:
        return _fail("the input needs more memory than this computer has: give fewer draws, teams or cells.", 2)
    except RecursionError:
        return _fail("the input nests too deeply to read: simplify it.", 2)
    except (KeyboardInterrupt, Terminated):
        return _fail("interrupted; no partial or temporary file is left.", 130)
    except Exception as e:  # noqa: BLE001 - the edge: a bug is one line, not a traceback
        first = (str(e).strip().splitlines() or [""])[0][:200]
        return _fail(f"internal error ({type(e).__name__}: {first}); please report it with the command you ran "
                     "(set XLENGINE_DEBUG=1 to see the traceback).", 1, trace=True)
    finally:
        if previous is not None:
            _ignore_sigterm()  # the run is over: a late SIGTERM must not cut its clean-up short
            _SIGTERM.clear()
            if _UNRAISABLE:
                sys.unraisablehook = _UNRAISABLE.pop()
            if private is not None:
                _remove_private_temp(*private)
            _restore_sigterm(previous)


def _private_temp() -> tuple[str, str | None]:
    """A folder of its own for every temporary file of this run (the main thread's), and the
    temporary folder it replaces: a temporary folder a library was making the moment SIGTERM
    arrived cannot be left behind, since the whole folder goes. Only named here: it is made
    by :func:`_enter_private_temp` and removed by :func:`_remove_private_temp`, whatever
    happens in between."""
    import tempfile
    import uuid

    return os.path.join(tempfile.gettempdir(), f"xlengine-run-{uuid.uuid4().hex}"), tempfile.tempdir


def _enter_private_temp(private: tuple[str, str | None]) -> None:
    import tempfile

    tempfile.tempdir = private[0]
    os.mkdir(private[0], 0o700)


def _remove_private_temp(folder: str, previous: str | None) -> None:
    import shutil
    import tempfile

    tempfile.tempdir = previous
    shutil.rmtree(folder, ignore_errors=True)


#: Where a command-line user finds every key (the workbook's users have ENG_ASSUMPTIONS()).
KEYS_DOC = "docs/register.md"


def unknown_key_sentence(e: UnknownAssumption) -> str:
    """The command line's sentence for a key that is not in the register.

    >>> unknown_key_sentence(UnknownAssumption("head_count"))
    "'head_count' is not a known assumption: did you mean headcount? Every key is listed in xlengine's docs/register.md."
    """
    nearest = f"did you mean {e.closest}? Every key" if e.closest else "every key"
    return f"{e.key!r} is not a known assumption: {nearest} is listed in xlengine's {KEYS_DOC}."


def _fail(message: str, code: int, trace: bool = False) -> int:
    if trace and os.environ.get("XLENGINE_DEBUG"):
        import traceback

        traceback.print_exc()
    try:
        print(_one_line(f"xlengine: {message}"), file=sys.stderr)
    except (OSError, ValueError):
        pass
    return code


def _one_line(text: str) -> str:
    """One line, whatever the input put in it (a file name with a line break or a control character)."""
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


def _install_sigterm():
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return None
    try:
        return signal.signal(signal.SIGTERM, _terminate)
    except (ValueError, OSError):
        return None


def _ignore_sigterm() -> None:
    import signal
    import threading

    if threading.current_thread() is threading.main_thread():
        try:
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
        except (ValueError, OSError):
            pass


def _restore_sigterm(previous) -> None:
    import signal

    if previous is not None:
        try:
            signal.signal(signal.SIGTERM, previous)
        except (ValueError, OSError):
            pass


def run() -> None:
    """The ``xlengine`` command: :func:`main`, its return value as the exit code."""
    rc = main()
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # the reader went away (`xlengine demo | head`): the rest has nowhere to go
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    # The process ends here and its memory goes back to the operating system whole; left
    # to itself, the interpreter's final garbage collection would first walk the formula
    # engine's object graph (0.4 - 0.7 s after a compute, measured). Only that walk is
    # skipped: exit handlers run, and output is flushed and files closed as usual.
    gc.freeze()
    if rc == 130:  # interrupted: objects the interrupt left half-built must not print from their finalisers
        sys.unraisablehook = lambda unraisable: None
    sys.exit(rc)
