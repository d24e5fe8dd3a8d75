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

Outputs go through :func:`atomic_write`: a temporary file in the target directory, then
``os.replace``, so a crash leaves either the old file or the new one, never half of one;
an existing file is kept unless ``force``; the input is never a target.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

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

    if not openpyxl.DEFUSEDXML:
        raise InputError(ARG, "defusedxml is not installed (or OPENPYXL_DEFUSEDXML is off), so workbooks cannot be read safely: "
                              "install the workbook extra (pip install \"xlengine[workbook]\") and leave OPENPYXL_DEFUSEDXML unset.")


def check_workbook_file(path: Path) -> None:
    """Refuse a file that is not a safe, complete .xlsx/.xlsm, from its bytes and zip directory only."""
    path = Path(path)
    if not path.exists():
        raise InputError(ARG, f"{path} does not exist: give the path of a filled-in .xlsm or .xlsx workbook.")
    if not path.is_file():
        raise InputError(ARG, f"{path} is not a file: give the path of a filled-in .xlsm or .xlsx workbook.")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise InputError(ARG, f"{path.name} is {size / 2**20:.0f} MB, above the {MAX_FILE_BYTES // 2**20} MB limit for a business-case workbook: "
                              "remove pasted data or images and save it again.")
    with open(path, "rb") as f:
        head = f.read(8)
        if head == CFB_SIGNATURE:
            # An encrypted OOXML package keeps its "EncryptionInfo" stream name in the
            # compound file's directory (UTF-16); an old .xls has a "Workbook" stream.
            body = head + f.read()
            if "EncryptionInfo".encode("utf-16-le") in body:
                raise InputError(ARG, f"{path.name} is password-protected (encrypted): open it in Excel, remove the password "
                                      "(File > Info > Protect Workbook > Encrypt with Password) and save a copy.")
            raise InputError(ARG, f"{path.name} is an old binary Excel file (.xls) or another OLE document: open it in Excel "
                                  "and save it as an .xlsm workbook.")
    if head[:4] != ZIP_SIGNATURE and not zipfile.is_zipfile(path):
        raise InputError(ARG, f"{path.name} is not an Excel workbook (not a zip package): give the .xlsm or .xlsx file, not an export or a renamed file.")
    if not zipfile.is_zipfile(path):
        raise InputError(ARG, f"{path.name} is truncated or damaged (its zip directory is missing): copy or download it again.")
    try:
        with zipfile.ZipFile(path) as z:
            members = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as e:
        raise InputError(ARG, f"{path.name} is damaged ({e}): copy or download it again.") from None
    if len(members) > MAX_MEMBERS:
        raise InputError(ARG, f"{path.name} holds {len(members):,} parts, above the limit of {MAX_MEMBERS:,} for a workbook "
                              "(a zip bomb or not a workbook): refused without unpacking.")
    unpacked = sum(m.file_size for m in members)
    if unpacked > MAX_UNCOMPRESSED_BYTES:
        raise InputError(ARG, f"{path.name} would unpack to {unpacked / 2**20:,.0f} MB, above the {MAX_UNCOMPRESSED_BYTES // 2**20} MB limit "
                              "(a zip bomb or a bloated workbook): refused without unpacking.")
    names = {m.filename for m in members}
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/workbook") for n in names):
        raise InputError(ARG, f"{path.name} is a zip file but not an Excel workbook (no xl/workbook part): give the .xlsm or .xlsx file.")
    if any(n.startswith("xl/externalLinks/") for n in names):
        # The engine would open the linked files from disk, wherever the links point.
        raise InputError(ARG, f"{path.name} links to other workbooks (external links), which a headless computation does not follow: "
                              "break the links in Excel (Data > Edit Links > Break Link) and save a copy.")
    data_end = max((m.header_offset + len(m.filename) + 30 + m.compress_size for m in members), default=0)
    if data_end > size:
        raise InputError(ARG, f"{path.name} is truncated or damaged (a part ends beyond the end of the file): copy or download it again.")


def reading_failure(path: Path, error: BaseException) -> InputError:
    """The one-sentence refusal for an error raised while parsing a checked workbook."""
    name = Path(path).name
    try:
        from defusedxml import DefusedXmlException
    except ImportError:  # pragma: no cover - require_defusedxml() ran first
        DefusedXmlException = ()  # noqa: N806
    cause = error
    while cause is not None and not isinstance(cause, DefusedXmlException):
        cause = cause.__cause__ or cause.__context__  # openpyxl wraps parser errors in ValueError
    if cause is not None:
        return InputError(ARG, f"{name} contains XML entity declarations (an entity-expansion attack such as 'billion laughs'): "
                               "refused; save the workbook again from Excel.")
    first = (str(error).strip().splitlines() or [""])[0].rstrip(".")
    return InputError(ARG, f"{name} cannot be read as a workbook ({type(error).__name__}: {first}): open it in Excel, "
                           "check it, and save it again as .xlsm.")


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


def atomic_write(target: Path, write: Callable[[Path], None], *, force: bool = False,
                 protect: tuple[Path, ...] = ()) -> Path:
    """Write ``target`` through ``write(temp_path)`` and rename it into place.

    Refuses to replace an existing file unless ``force``, and never writes over a path in
    ``protect`` (the input workbook), whatever ``force`` says.
    """
    target = Path(target)
    resolved = target.resolve()
    for p in protect:
        if resolved == Path(p).resolve():
            raise InputError("-o", f"{target} is the input workbook: the input is never overwritten; choose another output name with -o.")
    if target.exists() and not force:
        raise InputError("-o", f"{target} already exists: choose another name with -o, or add --force to replace it.")
    if target.exists() and not target.is_file():
        raise InputError("-o", f"{target} is a directory: give a file name ending in .xlsx with -o.")
    if not target.parent.is_dir():
        raise InputError("-o", f"the folder {target.parent} does not exist: create it or choose another output path with -o.")
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.stem}-", suffix=target.suffix + ".tmp")
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes it private; give it a normal file's mode
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()
    return target


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
