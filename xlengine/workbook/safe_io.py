"""Opening untrusted workbooks safely, and writing outputs without ever losing data.

A workbook from a colleague is untrusted input. Before any XML is parsed:

* a password-protected workbook (an encrypted OLE compound file) or an old binary .xls is
  recognised by its signature and refused with a sentence saying what to do;
* anything that is not a zip, or a zip whose directory is gone (a truncated download),
  is refused;
* a zip bomb is refused from its directory alone: the summed uncompressed sizes and the
  member count are checked BEFORE anything is unpacked. Python's zip reader never
  returns more bytes than the directory declares, so the check bounds the real work;
* XML with entity declarations (billion laughs) is refused by defusedxml, which openpyxl
  uses when it is installed; :func:`require_defusedxml` makes sure it is.

Every refusal is an :class:`~xlengine.engine.errors.InputError` (one sentence; exit code 2).

Every output of the package goes through :func:`write_new`: a temporary file in the target
directory, then an exclusive publish (or ``os.replace`` with ``--force``), so a crash leaves
either the old file or the new one, never half of one; an existing file is kept unless
``force``; two runs writing the same name cannot both win; the input is never a target.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
import zipfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping

from ..engine.errors import InputError

# Limits: the template is about 30 kB zipped and well under 1 MB unzipped; a filled
# workbook with a few thousand teams and survey answers stays far below these.
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_MEMBERS = 2_000

CFB_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE compound file (encrypted OOXML, .xls)
ZIP_SIGNATURE = b"PK\x03\x04"
SUPPORTED_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm")
ARG = "WORKBOOK"


def require_defusedxml() -> None:
    """Refuse to read workbooks when openpyxl would parse XML without defusedxml."""
    import openpyxl

    from ..extras import install_target

    if not openpyxl.DEFUSEDXML:
        raise InputError(
            ARG,
            "defusedxml is not installed (or OPENPYXL_DEFUSEDXML is off), so workbooks cannot be read safely: "
            f'install it (either extra has it: pip install "{install_target("workbook")}" or '
            f'"{install_target("hr")}") and leave '
            "OPENPYXL_DEFUSEDXML unset.",
        )


def check_workbook_file(path: Path) -> None:
    """Refuse a file that is not a safe, complete .xlsx/.xlsm, from its bytes and zip directory only."""
    path = Path(path)
    if not path.exists():
        raise InputError(ARG, f"{path} does not exist: give the path of a filled-in .xlsm or .xlsx workbook.")
    if not path.is_file():
        raise InputError(ARG, f"{path} is not a file: give the path of a filled-in .xlsm or .xlsx workbook.")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise InputError(
            ARG,
            f"{path.name} is {size / 2**20:.0f} MB, above the {MAX_FILE_BYTES // 2**20} MB limit for a business-case workbook: "
            "remove pasted data or images and save it again.",
        )
    with open(path, "rb") as f:
        head = f.read(8)
        if head == CFB_SIGNATURE:
            # An encrypted OOXML package keeps its "EncryptionInfo" stream name in the
            # compound file's directory (UTF-16); an old .xls has a "Workbook" stream.
            body = head + f.read()
            if "EncryptionInfo".encode("utf-16-le") in body:
                raise InputError(
                    ARG,
                    f"{path.name} is password-protected (encrypted): open it in Excel, remove the password "
                    "(File > Info > Protect Workbook > Encrypt with Password) and save a copy.",
                )
            raise InputError(
                ARG,
                f"{path.name} is an old binary Excel file (.xls) or another OLE document: open it in Excel "
                "and save it as an .xlsm workbook.",
            )
    if head[:4] != ZIP_SIGNATURE and not zipfile.is_zipfile(path):
        raise InputError(
            ARG,
            f"{path.name} is not an Excel workbook (not a zip package): give the .xlsm or .xlsx file, not an export or a renamed file.",
        )
    if not zipfile.is_zipfile(path):
        raise InputError(ARG, f"{path.name} is truncated or damaged (its zip directory is missing): copy or download it again.")
    try:
        with zipfile.ZipFile(path) as z:
            members = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as e:
        raise InputError(ARG, f"{path.name} is damaged ({e}): copy or download it again.") from None
    if len(members) > MAX_MEMBERS:
        raise InputError(
            ARG,
            f"{path.name} holds {len(members):,} parts, above the limit of {MAX_MEMBERS:,} for a workbook "
            "(a zip bomb or not a workbook): refused without unpacking.",
        )
    unpacked = sum(m.file_size for m in members)
    if unpacked > MAX_UNCOMPRESSED_BYTES:
        raise InputError(
            ARG,
            f"{path.name} would unpack to {unpacked / 2**20:,.0f} MB, above the {MAX_UNCOMPRESSED_BYTES // 2**20} MB limit "
            "(a zip bomb or a bloated workbook): refused without unpacking.",
        )
    names = {m.filename for m in members}
    if "[Content_Types].xml" not in names:  # the workbook part itself is found from it (scan.package_parts)
        raise InputError(
            ARG,
            f"{path.name} is a zip file but not an Excel workbook (no [Content_Types].xml part): give the .xlsm or .xlsx file.",
        )
    data_end = max((m.header_offset + len(m.filename) + 30 + m.compress_size for m in members), default=0)
    if data_end > size:
        raise InputError(
            ARG, f"{path.name} is truncated or damaged (a part ends beyond the end of the file): copy or download it again."
        )


_SHEET_NAME_FORBIDDEN = set("[]:*?/\\")


MAX_SHEET_NAME = 31  # Excel's limit, in UTF-16 code units (an emoji counts two)


def excel_length(text: str) -> int:
    """The length of a text as Excel counts it: UTF-16 code units.

    >>> excel_length("Teams"), excel_length("\U0001f600" * 16)  # an emoji (U+1F600), sixteen times
    (5, 32)
    """
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def excel_prefix(text: str, units: int) -> str:
    """The longest start of ``text`` that is at most ``units`` UTF-16 code units (never half a character)."""
    out = text[:units]
    while excel_length(out) > units:
        out = out[:-1]
    return out


def check_sheet_name(path: Path, title: str) -> None:
    """Refuse a sheet name Excel itself would refuse (other programs can write one)."""
    bad = (
        not title
        or excel_length(title) > MAX_SHEET_NAME
        or title[0] == "'"
        or title[-1] == "'"
        or any(ch in _SHEET_NAME_FORBIDDEN or ord(ch) < 32 for ch in title)
    )
    if bad:
        raise InputError(
            ARG,
            f"{printable(Path(path).name)} has a sheet named {printable(title)!r}, which is not a valid Excel sheet name "
            "(at most 31 characters, an emoji counting two; no [ ] : * ? / \\; no apostrophe at the start or end): rename the sheet in Excel.",
        )


@contextmanager
def quiet_reader() -> Iterator[None]:
    """While openpyxl reads a workbook: its UserWarnings (parts it drops, such as unknown
    extensions) are not printed; a command line prints its own one line."""
    import warnings

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl(\.|$)")
        yield


def printable(text: str) -> str:
    """Text as it can be printed or stored: characters that are not UTF-8 (a file name from elsewhere) as escapes."""
    return str(text).encode("utf-8", "backslashreplace").decode("utf-8")


def reading_failure(path: Path, error: BaseException) -> InputError:
    """The one-sentence refusal for an error raised while parsing a checked workbook."""
    name = Path(path).name
    try:
        from defusedxml import DefusedXmlException
    except ImportError:  # pragma: no cover - require_defusedxml() ran first
        DefusedXmlException = ()  # noqa: N806
    cause: BaseException | None = error
    while cause is not None and not isinstance(cause, DefusedXmlException):
        cause = cause.__cause__ or cause.__context__  # openpyxl wraps parser errors in ValueError
    if cause is not None:
        return InputError(
            ARG,
            f"{name} contains XML entity declarations (an entity-expansion attack such as 'billion laughs'): "
            "refused; save the workbook again from Excel.",
        )
    first = (str(error).strip().splitlines() or [""])[0].rstrip(".")
    return InputError(
        ARG,
        f"{name} cannot be read as a workbook ({type(error).__name__}: {first}): open it in Excel, "
        "check it, and save it again as .xlsm.",
    )


@contextmanager
def private_copy(path: Path) -> Iterator[Path]:
    """A checked, private copy of the input to read from; the input itself is only read.

    Reading from a copy also means the file cannot change between the checks and the
    parse, and odd characters in the user's file name never reach the formula engine.
    """
    require_defusedxml()
    check_workbook_file(path)
    suffix = Path(path).suffix.lower()
    with tempfile.TemporaryDirectory(prefix="xlengine-") as tmp:
        copy = Path(tmp) / f"workbook{suffix if suffix in SUPPORTED_SUFFIXES else '.xlsx'}"
        shutil.copyfile(path, copy)
        check_workbook_file(copy)  # the copy is what gets parsed: check what was copied
        yield copy


def check_target(
    target: Path,
    *,
    force: bool = False,
    protect: Mapping[Path, str] | None = None,
    arg: str = "-o",
    suffixes: tuple[str, ...] | None = None,
) -> Path:
    """Refuse an output path before any work is done: an existing file (unless ``force``),
    a path in ``protect`` (whatever ``force`` says), a folder, a device, a FIFO or a socket
    (``/dev/null``: never replaced, whatever ``force`` says), a name whose extension is not
    one of ``suffixes`` (a report called ``rep.csv``), a missing or read-only folder.

    :func:`write_new` checks again when it writes: a file that appears meanwhile is not replaced.
    """
    target = Path(target)
    shown = printable(str(target))
    for p, what in (protect or {}).items():
        if _same_file(target, Path(p)):
            raise InputError(arg, f"{shown} is {what}, which is never an output: choose another output name with {arg}.")
    if target.is_dir():
        raise InputError(arg, f"{shown} is a folder: give a file name with {arg}.")
    kind = _special_kind(target)
    if kind:
        raise InputError(
            arg, f"{shown} is {kind}, not a file: xlengine never replaces it, even with --force; give a file name with {arg}."
        )
    if suffixes and target.suffix.lower() not in suffixes:
        raise InputError(
            arg,
            f"{shown} has the extension {target.suffix or '(none)'!s}, but this output is "
            f"{' or '.join(suffixes)}: give a name ending in {suffixes[0]} with {arg}.",
        )
    if (target.exists() or target.is_symlink()) and not force:
        raise InputError(arg, f"{shown} already exists: choose another name with {arg}, or add --force to replace it.")
    folder = target.parent
    if not folder.is_dir():
        raise InputError(
            arg, f"the folder {printable(str(folder))} does not exist: create it or choose another output path with {arg}."
        )
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InputError(arg, f"the folder {printable(str(folder))} is not writable: choose another output path with {arg}.")
    return target


def _special_kind(path: Path) -> str:
    """What an existing path is when it is not a regular file (followed through symbolic links): '' otherwise."""
    import stat

    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return ""
    for test, kind in (
        (stat.S_ISCHR, "a device"),
        (stat.S_ISBLK, "a device"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return kind
    return ""


def write_new(
    target: Path,
    write: Callable[[Path], object],
    *,
    force: bool = False,
    protect: Mapping[Path, str] | None = None,
    arg: str = "-o",
    suffixes: tuple[str, ...] | None = None,
) -> Path:
    """The package's one way to write an output file: ``write(temp_path)``, then publish it.

    The temporary file sits beside the target (same file system) and is removed on every
    exit path, an interrupt included. Publishing is atomic: readers see the old file or the
    whole new one. Without ``force`` the target is created exclusively (a hard link of the
    finished file, which fails when the name exists): of two runs writing the same name,
    exactly one wins and the other is refused. With ``force`` the finished file replaces
    the target (``os.replace``). A path in ``protect`` (path -> what it is, e.g. "the input
    workbook") is never written.
    """
    target = check_target(target, force=force, protect=protect, arg=arg, suffixes=suffixes)
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes it private; give it a normal file's mode
        if force:
            os.replace(tmp, target)
        else:
            _publish_exclusive(tmp, target, arg)
    except Exception as e:  # noqa: BLE001 - a writer may wrap the OSError (xlsxwriter's FileCreateError)
        full = disk_full(e)
        if full is None:
            raise
        raise InputError(
            arg,
            f"{printable(str(target))} cannot be written: the disk is full ({full.strerror}); free some "
            f"space or write elsewhere with {arg}: nothing was written.",
        ) from None
    finally:
        tmp.unlink(missing_ok=True)
    return target


def disk_full(error: BaseException) -> OSError | None:
    """The "no space left" error behind ``error`` (itself, its cause, or an argument a
    library wrapped it in), or None."""
    current: BaseException | None = error
    for _ in range(10):  # a chain is short; a cycle must not loop
        if current is None:
            break
        if isinstance(current, OSError) and current.errno in (errno.ENOSPC, errno.EDQUOT):
            return current
        wrapped = next((a for a in getattr(current, "args", ()) if isinstance(a, BaseException)), None)
        current = current.__cause__ or current.__context__ or wrapped
    return None


def write_bytes_new(target: Path, data: bytes, **options: Any) -> Path:
    """:func:`write_new` for bytes already in memory."""
    return write_new(target, lambda tmp: tmp.write_bytes(data), **options)


def _publish_exclusive(tmp: Path, target: Path, arg: str) -> None:
    taken = InputError(
        arg,
        f"{target} was created by another program while this run worked: it is kept; "
        f"choose another name with {arg}, or add --force to replace it.",
    )
    try:
        os.link(tmp, target)
        return
    except FileExistsError:
        raise taken from None
    except OSError:  # a file system without hard links (FAT, some network shares): claim the name first
        pass
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except FileExistsError:
        raise taken from None
    os.close(fd)
    os.replace(tmp, target)


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
        return a.resolve() == b.resolve()
    except (OSError, ValueError, RuntimeError):
        return False


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def set_cell(cell: Any, value: Any) -> None:
    """Put ``value`` into an openpyxl cell, text always as text: a team name from an HR
    export that starts with ``=`` (or ``+``, ``-``, ``@``, tab, CR) is stored as a string
    with Excel's quote prefix, never as a live formula, and stays text when edited.
    Numbers and None as they are."""
    from ..decision.teams import FORMULA_TRIGGERS

    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would store "=..." as a formula
        if value.startswith(FORMULA_TRIGGERS):
            cell.quotePrefix = True
