"""The ``xlengine`` command: one parser over the command modules.

An adapter: it reads files, calls the engine and the decision layer, prints. Exit codes:
0 fine, 1 findings or errors in the content, 2 unusable input (one sentence on stderr).
"""

from __future__ import annotations

import argparse
import errno
import gc
import os
import sys
from typing import Sequence

from .. import __version__
from ..engine.errors import InputError
from ..engine.validate import UnknownAssumption
from ..extras import MissingExtra, require_extra
from . import case, decision, hr, lite, realised, workbook
from .format import one_line as _one_line

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
    run goes on to its normal end, its files complete. Likewise a full disk met again by a
    finaliser closing a library's half-written file."""
    if isinstance(unraisable.exc_value, Terminated):
        return
    if isinstance(unraisable.exc_value, OSError) and unraisable.exc_value.errno in (errno.ENOSPC, errno.EDQUOT):
        return  # a half-written file a library closes late on a full disk: the run already said so
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
    closed = _closed_standard_streams()
    for stream in (sys.stdout, sys.stderr):  # a file name that is not UTF-8 prints as escapes
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="backslashreplace")
            except (ValueError, OSError):
                pass
    if "stdout" in closed:
        return _fail(
            "standard output is closed (>&-), so nothing the command prints could be shown: run it with its "
            "output going to the terminal, a file (> out.txt) or /dev/null; nothing was done.",
            2,
        )
    stdout = sys.stdout
    sys.stdout = _PrintableStream(stdout)
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
            sweep_stale_runs(private[1])
            _SIGTERM["setting_up"] = False
            if _SIGTERM.pop("pending", False):
                raise Terminated()
        args = build_parser().parse_args(argv)
        if getattr(args, "extra", None):  # checked first: nothing printed or written without it
            require_extra(args.extra, f"the {args.command} command")
        rc = args.func(args)
        sys.stdout.flush()  # a full or broken output fails here, inside the handlers below
        return rc
    except UnknownAssumption as e:  # the workbook's hint (ENG_ASSUMPTIONS()) means nothing here
        return _fail(unknown_key_sentence(e), 2)
    except (InputError, MissingExtra) as e:
        return _fail(str(e), 2)
    except BrokenPipeError:  # e.g. `xlengine demo | head`
        sys.stderr.close()
        return 0
    except _StdoutFailed as e:
        _discard_stdout()
        return _fail(
            f"cannot print to standard output ({e.strerror or e}): what the command printed is lost; files it "
            "wrote are complete; print to the terminal or another file.",
            2,
        )
    except OSError as e:  # a file or folder the system refuses: say which, in one line
        where = f" {_printable(e.filename)}" if e.filename else ""
        if e.errno == errno.ENOSPC:
            return _fail(
                f"the disk is full (no space left on device) writing{where or ' the output'}: free some space or "
                "write elsewhere; no partial file is left.",
                2,
            )
        return _fail(f"cannot use{where}: {e.strerror or e}; check the path and its permissions.", 2)
    except MemoryError:
        return _fail("the input needs more memory than this computer has: give fewer draws, teams or cells.", 2)
    except RecursionError:
        return _fail("the input nests too deeply to read: simplify it.", 2)
    except (KeyboardInterrupt, Terminated):
        return _fail("interrupted; no partial or temporary file is left.", 130)
    except Exception as e:  # noqa: BLE001 - the edge: a bug is one line, not a traceback
        first = (str(e).strip().splitlines() or [""])[0][:200]
        return _fail(
            f"internal error ({type(e).__name__}: {first}); please report it with the command you ran "
            "(set XLENGINE_DEBUG=1 to see the traceback).",
            1,
            trace=True,
        )
    finally:
        if isinstance(sys.stdout, _PrintableStream):
            sys.stdout = stdout
        if previous is not None:
            _ignore_sigterm()  # the run is over: a late SIGTERM must not cut its clean-up short
            _SIGTERM.clear()
            if _UNRAISABLE:
                sys.unraisablehook = _UNRAISABLE.pop()
            if private is not None:
                _remove_private_temp(*private)
            _restore_sigterm(previous)


class _StdoutFailed(OSError):
    """Writing to standard output failed (a full disk, a closed descriptor): not a file of the run."""


class _PrintableStream:
    """Standard output as a terminal may safely show it: a control character (an escape
    sequence in a file or team name, a carriage return, a bidirectional override) is
    printed as its escape, as on stderr; line breaks stay. JSON and tables are unchanged."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text: str) -> int:
        if not text.isprintable():
            lines = text.split("\n")
            if not all(line.isprintable() for line in lines):
                text = "\n".join(map(_one_line, lines))
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            raise
        except OSError as e:
            raise _StdoutFailed(e.errno, e.strerror) from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise
        except OSError as e:
            raise _StdoutFailed(e.errno, e.strerror) from None

    def __getattr__(self, name):
        return getattr(self._stream, name)


def _closed_standard_streams() -> set[str]:
    """The standard streams whose descriptor is closed (``>&-``), each reopened on the null
    device first: a file the run opens must never get descriptor 1 and receive what is printed."""
    closed = set()
    for fd, name in ((0, "stdin"), (1, "stdout"), (2, "stderr")):
        try:
            os.fstat(fd)
        except OSError:
            null = os.open(os.devnull, os.O_RDWR)
            if null != fd:
                os.dup2(null, fd)
                os.close(null)
            closed.add(name)
            if getattr(sys, name) is None:
                setattr(sys, name, open(fd, "w" if fd else "r", closefd=False))
    return closed


def _discard_stdout() -> None:
    """Point standard output at the null device: the interpreter's last flush of what could
    not be printed must not fail again (and print "Exception ignored")."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.__stdout__.fileno() if sys.__stdout__ else 1)
    except (OSError, ValueError, AttributeError):
        pass


def _private_temp() -> tuple[str, str | None]:
    """A folder of its own for every temporary file of this run (the main thread's), and the
    temporary folder it replaces: a temporary folder a library was making the moment SIGTERM
    arrived cannot be left behind, since the whole folder goes. Only named here: it is made
    by :func:`_enter_private_temp` and removed by :func:`_remove_private_temp`, whatever
    happens in between."""
    import tempfile
    import uuid

    return os.path.join(tempfile.gettempdir(), f"{RUN_PREFIX}{os.getpid()}-{uuid.uuid4().hex}"), tempfile.tempdir


#: The temporary folder of a run: ``xlengine-run-<pid>-<32 hex digits>`` in the system's temporary folder.
RUN_PREFIX = "xlengine-run-"


def sweep_stale_runs(parent: str | None = None) -> list[str]:
    """Remove the run folders a killed run left (SIGKILL, power loss: no clean-up ran),
    with the private copy of its input; returns the folders removed.

    Only a folder named by :func:`_private_temp`, owned by this user, a real folder (not a
    link), and whose process is gone (``os.kill(pid, 0)`` finds no such process). A live
    run's folder, another user's, and anything else in the temporary folder are left alone.
    """
    import re
    import shutil
    import stat
    import tempfile

    if os.name != "posix":  # os.kill(pid, 0) would end the process on Windows
        return []
    parent = parent or tempfile.gettempdir()
    name = re.compile(re.escape(RUN_PREFIX) + r"(\d+)-[0-9a-f]{32}")
    removed: list[str] = []
    try:
        entries = os.listdir(parent)
    except OSError:
        return removed
    for entry in entries:
        m = name.fullmatch(entry)
        if not m or int(m.group(1)) == os.getpid():
            continue
        path = os.path.join(parent, entry)
        try:
            st = os.lstat(path)
            if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid():
                continue
            os.kill(int(m.group(1)), 0)
            continue  # the process is alive (perhaps another run): its folder is its own
        except ProcessLookupError:
            pass
        except (OSError, OverflowError, ValueError):
            continue  # not ours to judge (a process of another user, an odd number)
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path)
    return removed


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


def _printable(text) -> str:
    return os.fsdecode(text).encode("utf-8", "backslashreplace").decode("utf-8") if text is not None else ""


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
    except (OSError, ValueError):  # the reader went away (`xlengine demo | head`), a full disk: nowhere to go
        _discard_stdout()
    # The process ends here and its memory goes back to the operating system whole; left
    # to itself, the interpreter's final garbage collection would first walk the formula
    # engine's object graph (0.4 - 0.7 s after a compute, measured). Only that walk is
    # skipped: exit handlers run, and output is flushed and files closed as usual.
    gc.freeze()
    if rc == 130:  # interrupted: objects the interrupt left half-built must not print from their finalisers
        sys.unraisablehook = lambda unraisable: None
    sys.exit(rc)
