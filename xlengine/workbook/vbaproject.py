"""Build the template's ``vbaProject.bin`` from the module files in ``vba/`` (ms-ovba).

What goes in: the document modules Excel expects for the workbook and each worksheet
(``ThisWorkbook``, ``Sheet1``..``SheetN``, the code names XlsxWriter gives, with no code),
then the standard modules, each stored byte for byte as given (``xlwings_udfs``, generated
by :mod:`.vba`, our macro modules and, for a standalone workbook, xlwings' own ``xlwings``
module), then the class modules (xlwings' ``Dictionary``). Which modules a workbook gets
is decided in :mod:`.template`; this module only writes them.

Class modules: ms-ovba 0.0.1 writes standard and document modules only. A class module
differs from a standard one in two places (MS-OVBA): its MODULETYPE record is 0x0022
(2.3.4.2.3.2.8, the id document modules use too) instead of 0x0021, and its PROJECT
stream line is ``Class=Name`` (2.3.1.7) instead of ``Module=Name``. :func:`_class_module`
builds one as an ms-ovba standard module with those two things changed. Its stored source
is what the VBA editor keeps after importing a ``.cls`` file (:func:`class_module_source`).

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

from ..extras import require_extra

require_extra("workbook")  # the libraries this module uses, or the sentence naming the extra

__all__ = ["build_vba_project", "class_module_source"]

_WORKBOOK_GUID = uuid.UUID("0002081900000000C000000000000046")  # Excel's Workbook class
_WORKSHEET_GUID = uuid.UUID("0002082000000000C000000000000046")  # Excel's Worksheet class
_PROJECT_ID = "{5A3F2B1C-8E4D-4F6A-9B7C-2D1E0F3A4B5C}"  # fixed: the build is deterministic
_MANIFEST = "xlengine-vba-project.json"  # module order and sheet count, for the child process
_OUTPUT = "vbaProject.bin"  # the name ms-ovba writes
_EXPORTED_CLASS = ".exported-cls"  # a class module as xlwings ships it, beside its stored form


def _document_source(name: str) -> str:
    # ms-ovba's DocModule.normalize_file keeps line 5 (VB_Name) and the lines after it.
    return (
        "VERSION 1.0 CLASS\r\nBEGIN\r\n  MultiUse = -1  'True\r\nEND\r\n"
        f'Attribute VB_Name = "{name}"\r\n'
        "Attribute VB_GlobalNameSpace = False\r\nAttribute VB_Creatable = False\r\n"
        "Attribute VB_PredeclaredId = True\r\nAttribute VB_Exposed = True\r\n"
    )


# The attributes the VBA editor adds when it imports a class module (MS-OVBA 2.3.4.3.3: the
# base is the class module's own CLSID); what it stores in the module stream.
_CLASS_BASE = b'Attribute VB_Base = "0{FCFB3D2A-A0FA-1068-A738-08002B3371B5}"'
_CLASS_AFTER_EXPOSED = (b"Attribute VB_TemplateDerived = False", b"Attribute VB_Customizable = False")


def class_module_source(exported: bytes) -> bytes:
    r"""The module-stream source of a class module, from its exported ``.cls`` file.

    An exported class starts with ``VERSION 1.0 CLASS`` / ``BEGIN`` ... ``END``, read by
    the editor and not stored; the editor stores the ``Attribute`` lines and the code, and
    adds ``VB_Base`` after ``VB_Name`` and ``VB_TemplateDerived``/``VB_Customizable`` after
    ``VB_Exposed``. CRLF line endings in and out.

    >>> stored = class_module_source(b'VERSION 1.0 CLASS\r\nBEGIN\r\nEND\r\n'
    ...                              b'Attribute VB_Name = "C"\r\nAttribute VB_Exposed = False\r\n')
    >>> [line.split(b" = ")[0].decode() for line in stored.split(b"\r\n") if line]
    ['Attribute VB_Name', 'Attribute VB_Base', 'Attribute VB_Exposed', 'Attribute VB_TemplateDerived', 'Attribute VB_Customizable']
    """
    lines = exported.split(b"\r\n")
    if not lines[0].startswith(b"VERSION 1.0 CLASS") or b"END" not in lines:
        raise ValueError("not an exported VBA class module (no VERSION 1.0 CLASS ... END header)")
    stored: list[bytes] = []
    for line in lines[lines.index(b"END") + 1 :]:
        stored.append(line)
        if line.startswith(b"Attribute VB_Name = "):
            stored.append(_CLASS_BASE)
        elif line.startswith(b"Attribute VB_Exposed = "):
            stored.extend(_CLASS_AFTER_EXPOSED)
    return b"\r\n".join(stored)


def _class_module(name: str):
    """An ms-ovba module record for a class module (see the module docstring)."""
    from ms_ovba.Models.Entities.std_module import StdModule
    from ms_ovba.Models.Fields.packed_data import PackedData

    class ClassModule(StdModule):
        def pack(self, endien: str, cp_name: str) -> bytes:
            procedural = PackedData("HI", 0x0021, 0).pack(endien)  # MODULETYPE record, then the terminator
            head, found, tail = super().pack(endien, cp_name).rpartition(procedural)
            if not found:
                raise RuntimeError("ms-ovba no longer writes a MODULETYPE 0x0021 record: revisit _class_module")
            return head + PackedData("HI", 0x0022, 0).pack(endien) + tail

        def to_project_module_string(self) -> str:
            return f"Class={self.name}"

    return ClassModule(name)


def build_vba_project(modules: Mapping[str, bytes], sheet_count: int, classes: Mapping[str, bytes] | None = None) -> bytes:
    """``vbaProject.bin`` bytes: document modules for the workbook and ``sheet_count``
    worksheets, then ``modules`` (name -> .bas source, CRLF), then ``classes`` (name ->
    exported .cls file, CRLF), in that order."""
    from . import upstream_workarounds

    classes = dict(classes or {})
    with tempfile.TemporaryDirectory(prefix="xlengine-vba-") as tmp:
        for name, source in modules.items():
            Path(tmp, f"{name}.bas").write_bytes(source)
        for name, exported in classes.items():
            Path(tmp, f"{name}{_EXPORTED_CLASS}").write_bytes(exported)
        Path(tmp, _MANIFEST).write_text(
            json.dumps({"modules": list(modules), "classes": list(classes), "sheet_count": sheet_count})
        )
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
    documents = [("ThisWorkbook", _WORKBOOK_GUID)] + [
        (f"Sheet{i}", _WORKSHEET_GUID) for i in range(1, manifest["sheet_count"] + 1)
    ]
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
    for name in manifest.get("classes", ()):
        path = Path(directory, f"{name}.cls")
        module = _class_module(name)
        module.add_file(str(path))
        Path(str(path) + ".new").write_bytes(class_module_source(Path(directory, f"{name}{_EXPORTED_CLASS}").read_bytes()))
        project.add_module(module)
    stdole = LibidReference(
        uuid.UUID("0002043000000000C000000000000046"), "2.0", "0", "C:\\Windows\\System32\\stdole2.tlb", "OLE Automation"
    )
    office = LibidReference(
        uuid.UUID("2DF8D04C5BFA101BBDE500AA0044DE52"),
        "2.0",
        "0",
        r"C:\Program Files\Common Files\Microsoft Shared\OFFICE16\MSO.DLL",
        "Microsoft Office 16.0 Object Library",
    )
    # The two references of a new Excel workbook's project (as in ms-ovba's own
    # example); VBA and Excel themselves are implicit host references.
    project.add_reference(Reference(ReferenceRegistered(stdole), "stdole"))
    project.add_reference(Reference(ReferenceRegistered(office), "Office"))
    ProjectOleFile.write_file(project)
