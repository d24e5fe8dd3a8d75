"""Build the template's ``vbaProject.bin`` from the module files in ``vba/`` (ms-ovba).

What goes in: the document modules Excel expects for the workbook and each worksheet
(``ThisWorkbook``, ``Sheet1``..``SheetN``, the code names XlsxWriter gives, with no code),
then ``xlwings_udfs`` (generated, see :mod:`.vba`) and our macro modules, each stored
byte for byte as its ``vba/*.bas`` file. xlwings' own ``xlwings.bas`` is NOT embedded: it
binds to one xlwings version; the xlwings add-in provides ``RunPython`` and ``XLPy``.

The project is source only (performance cache version 0xFFFF): Excel compiles it from
source on open. Two defects of ms-ovba 0.0.1 are worked around here:

* ``ms-ovba-compression`` 1.0.1 computes the copy-token maximum length as
  ``0xFFFF << bit_count + 3``; MS-OVBA 2.4.1.3.19.3 says ``(0xFFFF >> bit_count) + 3``.
  The wrong value lets a match run past 4098 bytes... and truncates long modules.
  :func:`_patched_compression` replaces that one helper while we build.
* ms-ovba-crypto draws the seed of the PROJECT stream's obfuscated CMG/DPB/GC fields
  from ``random``: :func:`_fixed_seed` gives it a seeded generator, so two builds are
  byte-identical (the fields decode to the same values whatever the seed).
* ms-ovba writes scratch files into the working directory (and appends to them):
  we build in a fresh temporary directory.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import uuid
from pathlib import Path
from typing import Iterator, Mapping

__all__ = ["build_vba_project"]

_WORKBOOK_GUID = uuid.UUID("0002081900000000C000000000000046")  # Excel's Workbook class
_WORKSHEET_GUID = uuid.UUID("0002082000000000C000000000000046")  # Excel's Worksheet class
_PROJECT_ID = "{5A3F2B1C-8E4D-4F6A-9B7C-2D1E0F3A4B5C}"  # fixed: the build is deterministic


def _document_source(name: str) -> str:
    # ms-ovba's DocModule.normalize_file keeps line 5 (VB_Name) and the lines after it.
    return ("VERSION 1.0 CLASS\r\nBEGIN\r\n  MultiUse = -1  'True\r\nEND\r\n"
            f'Attribute VB_Name = "{name}"\r\n'
            "Attribute VB_GlobalNameSpace = False\r\nAttribute VB_Creatable = False\r\n"
            "Attribute VB_PredeclaredId = True\r\nAttribute VB_Exposed = True\r\n")


@contextlib.contextmanager
def _patched_compression() -> Iterator[None]:
    from ms_ovba_compression.ms_ovba import MsOvba

    original = MsOvba.__dict__["copytoken_help"]

    def copytoken_help(difference: int) -> dict:
        bit_count = MsOvba.ceil_log2(difference)
        length_mask = 0xFFFF >> bit_count
        return {"lengthMask": length_mask, "offsetMask": ~length_mask & 0xFFFF,
                "bitCount": bit_count, "maxLength": (0xFFFF >> bit_count) + 3}

    MsOvba.copytoken_help = staticmethod(copytoken_help)
    try:
        yield
    finally:
        MsOvba.copytoken_help = original


@contextlib.contextmanager
def _fixed_seed() -> Iterator[None]:
    import random

    from ms_ovba_crypto import ms_ovba_crypto

    original = ms_ovba_crypto.random
    ms_ovba_crypto.random = random.Random(20240101)
    try:
        yield
    finally:
        ms_ovba_crypto.random = original


@contextlib.contextmanager
def _cwd(path: Path) -> Iterator[None]:
    old = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)


def build_vba_project(modules: Mapping[str, bytes], sheet_count: int) -> bytes:
    """``vbaProject.bin`` bytes: document modules for the workbook and ``sheet_count``
    worksheets, then ``modules`` (name -> .bas source, CRLF), in that order."""
    from ms_ovba.Models.Entities.doc_module import DocModule
    from ms_ovba.Models.Entities.reference import Reference
    from ms_ovba.Models.Entities.reference_registered import ReferenceRegistered
    from ms_ovba.Models.Entities.std_module import StdModule
    from ms_ovba.Models.Fields.libid_reference import LibidReference
    from ms_ovba.vbaProject import VbaProject
    from ms_ovba.Views.project_ole_file import ProjectOleFile

    with tempfile.TemporaryDirectory(prefix="xlengine-vba-") as tmp, _cwd(Path(tmp)), _patched_compression(), _fixed_seed():
        project = VbaProject()
        project.project_id = _PROJECT_ID
        documents = [("ThisWorkbook", _WORKBOOK_GUID)] + [(f"Sheet{i}", _WORKSHEET_GUID) for i in range(1, sheet_count + 1)]
        for name, guid in documents:
            path = Path(tmp, f"{name}.cls")
            path.write_bytes(_document_source(name).encode("ascii"))
            module = DocModule(name)
            module.add_file(str(path))
            module.add_guid(guid)
            module.normalize_file()
            project.add_module(module)
        for name, source in modules.items():
            path = Path(tmp, f"{name}.bas")
            path.write_bytes(source)
            module = StdModule(name)
            module.add_file(str(path))
            # normalize_file would re-read in text mode; the source already has CRLF:
            # store it byte for byte.
            Path(str(path) + ".new").write_bytes(source)
            project.add_module(module)
        stdole = LibidReference(uuid.UUID("0002043000000000C000000000000046"), "2.0", "0",
                                "C:\\Windows\\System32\\stdole2.tlb", "OLE Automation")
        office = LibidReference(uuid.UUID("2DF8D04C5BFA101BBDE500AA0044DE52"), "2.0", "0",
                                r"C:\Program Files\Common Files\Microsoft Shared\OFFICE16\MSO.DLL",
                                "Microsoft Office 16.0 Object Library")
        # The two references of a new Excel workbook's project (as in ms-ovba's own
        # example); VBA and Excel themselves are implicit host references.
        project.add_reference(Reference(ReferenceRegistered(stdole), "stdole"))
        project.add_reference(Reference(ReferenceRegistered(office), "Office"))
        ProjectOleFile.write_file(project)
        return Path(tmp, "vbaProject.bin").read_bytes()
