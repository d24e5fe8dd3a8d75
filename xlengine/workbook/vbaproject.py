"""Build the template's ``vbaProject.bin`` from the module files in ``vba/`` (ms-ovba).

What goes in: the document modules Excel expects for the workbook and each worksheet
(``ThisWorkbook``, ``Sheet1``..``SheetN``, the code names XlsxWriter gives, with no code),
then ``xlwings_udfs`` (generated, see :mod:`.vba`) and our macro modules, each stored
byte for byte as its ``vba/*.bas`` file. xlwings' own ``xlwings.bas`` is NOT embedded: it
binds to one xlwings version; the xlwings add-in provides ``RunPython`` and ``XLPy``.

The project is source only (performance cache version 0xFFFF): Excel compiles it from
source on open. ms-ovba runs in a child process in a directory of its own
(:func:`.upstream_workarounds.run_ms_ovba_build` says why), so the build is deterministic
and leaves the calling process as it was.
"""

from __future__ import annotations

import json
import tempfile
import uuid
from pathlib import Path
from typing import Mapping

__all__ = ["build_vba_project"]

_WORKBOOK_GUID = uuid.UUID("0002081900000000C000000000000046")  # Excel's Workbook class
_WORKSHEET_GUID = uuid.UUID("0002082000000000C000000000000046")  # Excel's Worksheet class
_PROJECT_ID = "{5A3F2B1C-8E4D-4F6A-9B7C-2D1E0F3A4B5C}"  # fixed: the build is deterministic
_MANIFEST = "xlengine-vba-project.json"  # module order and sheet count, for the child process
_OUTPUT = "vbaProject.bin"  # the name ms-ovba writes


def _document_source(name: str) -> str:
    # ms-ovba's DocModule.normalize_file keeps line 5 (VB_Name) and the lines after it.
    return ("VERSION 1.0 CLASS\r\nBEGIN\r\n  MultiUse = -1  'True\r\nEND\r\n"
            f'Attribute VB_Name = "{name}"\r\n'
            "Attribute VB_GlobalNameSpace = False\r\nAttribute VB_Creatable = False\r\n"
            "Attribute VB_PredeclaredId = True\r\nAttribute VB_Exposed = True\r\n")


def build_vba_project(modules: Mapping[str, bytes], sheet_count: int) -> bytes:
    """``vbaProject.bin`` bytes: document modules for the workbook and ``sheet_count``
    worksheets, then ``modules`` (name -> .bas source, CRLF), in that order."""
    from . import upstream_workarounds

    with tempfile.TemporaryDirectory(prefix="xlengine-vba-") as tmp:
        for name, source in modules.items():
            Path(tmp, f"{name}.bas").write_bytes(source)
        Path(tmp, _MANIFEST).write_text(json.dumps({"modules": list(modules), "sheet_count": sheet_count}))
        upstream_workarounds.run_ms_ovba_build(Path(tmp), __name__, _write_project.__name__)
        return Path(tmp, _OUTPUT).read_bytes()


def _write_project(directory: Path) -> None:
    """Write ``vbaProject.bin`` in ``directory`` (the working directory) from the files there."""
    from ms_ovba.Models.Entities.doc_module import DocModule
    from ms_ovba.Models.Entities.reference import Reference
    from ms_ovba.Models.Entities.reference_registered import ReferenceRegistered
    from ms_ovba.Models.Entities.std_module import StdModule
    from ms_ovba.Models.Fields.libid_reference import LibidReference
    from ms_ovba.vbaProject import VbaProject
    from ms_ovba.Views.project_ole_file import ProjectOleFile

    manifest = json.loads(Path(directory, _MANIFEST).read_text())
    project = VbaProject()
    project.project_id = _PROJECT_ID
    documents = [("ThisWorkbook", _WORKBOOK_GUID)] + [(f"Sheet{i}", _WORKSHEET_GUID)
                                                      for i in range(1, manifest["sheet_count"] + 1)]
    for name, guid in documents:
        path = Path(directory, f"{name}.cls")
        path.write_bytes(_document_source(name).encode("ascii"))
        module = DocModule(name)
        module.add_file(str(path))
        module.add_guid(guid)
        module.normalize_file()
        project.add_module(module)
    for name in manifest["modules"]:
        path = Path(directory, f"{name}.bas")
        module = StdModule(name)
        module.add_file(str(path))
        # normalize_file would re-read in text mode; the source already has CRLF:
        # store it byte for byte.
        Path(str(path) + ".new").write_bytes(path.read_bytes())
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
