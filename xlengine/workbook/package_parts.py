"""Which parts of an .xlsx/.xlsm package the engine reads, found as openpyxl finds them:
the package relationships and ``[Content_Types].xml`` name the workbook part, its own
relationships its sheets, shared strings and external links; streamed with expat."""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass

from ..engine.errors import InputError

ARG = "WORKBOOK"
# XML elements in all the parts scanned: a sheet at the cell budget holds about 150,000
# (row, c, v, f); the rest bounds the time a part of padding can cost (~1 s per million).
MAX_XML_ELEMENTS = 5_000_000
_BLOCK = 1 << 20  # bytes read from a zip member at a time


@dataclass(frozen=True)
class Package:
    """The parts the engine reads, found as openpyxl finds them."""

    workbook: str
    sheets: tuple[tuple[str, str], ...]  # (title, part) of each worksheet, in workbook order
    shared_strings: str | None
    external_links: tuple[str, ...]  # parts of the workbook's external references
    comments: tuple[tuple[str, str], ...] = ()  # (sheet part, comments part): openpyxl puts each comment on its cells


class _Elements:
    """An element budget shared by the parts of one scan."""

    def __init__(self, name: str, limit: int | None = None):
        self.name = name
        self.limit = MAX_XML_ELEMENTS if limit is None else limit
        self.count = 0


def _stream(z: zipfile.ZipFile, part: str, elements: _Elements, start, end=None, text=None, full_names: bool = False) -> None:
    """Feed ``part`` to expat in blocks: ``start(local, attrs)``, ``end(local)``, ``text(data)``
    (with ``full_names``, tags as "namespace}local").

    Entity declarations and external entities are refused as defusedxml refuses them;
    above :data:`MAX_XML_ELEMENTS` elements in the scan, the workbook is refused.
    """
    from xml.parsers import expat

    from defusedxml import EntitiesForbidden, ExternalReferenceForbidden

    def entity(name, is_parameter, value, base, sysid, pubid, notation):
        raise EntitiesForbidden(name, value, base, sysid, pubid, notation)

    def unparsed(name, base, sysid, pubid, notation):
        raise EntitiesForbidden(name, None, base, sysid, pubid, notation)

    def external(context, base, sysid, pubid):
        raise ExternalReferenceForbidden(context, base, sysid, pubid)

    def on_start(name, attrs):
        elements.count += 1
        if elements.count > elements.limit:
            raise InputError(
                ARG,
                f"{elements.name} holds more than {elements.limit:,} XML elements (in {part} and the parts before it), "
                "above the limit for a business-case workbook: remove pasted data and save it again from Excel.",
            )
        start(name if full_names else name.rpartition("}")[2], attrs)

    parser = expat.ParserCreate(namespace_separator="}")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.EntityDeclHandler = entity
    parser.UnparsedEntityDeclHandler = unparsed
    parser.ExternalEntityRefHandler = external
    parser.StartElementHandler = on_start
    if end is not None:
        parser.EndElementHandler = end if full_names else (lambda name: end(name.rpartition("}")[2]))
    if text is not None:
        parser.CharacterDataHandler = text
    parser.buffer_text = True
    with z.open(part) as f:
        while True:
            block = f.read(_BLOCK)
            parser.Parse(block, not block)
            if not block:
                return


def _attr(attrs: dict, local: str) -> str | None:
    """An attribute by local name, in any namespace or none."""
    if local in attrs:
        return attrs[local]
    for key, value in attrs.items():
        if key.rpartition("}")[2] == local:
            return value
    return None


def package_parts(z: zipfile.ZipFile, name: str = "the workbook", elements: _Elements | None = None) -> Package:
    """The workbook, sheet, shared-strings and external-link parts, found as openpyxl finds them."""
    from openpyxl.xml.constants import ARC_CONTENT_TYPES, ARC_WORKBOOK, SHARED_STRINGS, XLSM, XLSX, XLTM, XLTX

    elements = elements or _Elements(name)
    names = set(z.namelist())
    if ARC_CONTENT_TYPES not in names:
        raise InputError(ARG, f"{name} has no [Content_Types].xml, so it is not an Excel workbook: give the .xlsm or .xlsx file.")
    overrides: list[tuple[str, str]] = []
    defaults: set[str] = set()

    def on_type(local, attrs):
        if local == "Override":
            overrides.append((attrs.get("PartName", ""), attrs.get("ContentType", "")))
        elif local == "Default":
            defaults.add(attrs.get("ContentType", ""))

    _stream(z, ARC_CONTENT_TYPES, elements, on_type)
    book = None
    for content_type in (XLTM, XLTX, XLSM, XLSX):  # openpyxl's _find_workbook_part, in its order
        book = next((p[1:] for p, t in overrides if t == content_type), None)
        if book is not None:
            break
    if book is None and defaults & {XLTM, XLTX, XLSM, XLSX}:
        book = ARC_WORKBOOK
    if book is None:
        raise InputError(
            ARG,
            f"{name} names no workbook part in [Content_Types].xml, so it is not an Excel workbook: "
            "give the .xlsm or .xlsx file.",
        )
    office = _office_document(z, names, elements)
    if office is not None and office != book:
        raise InputError(
            ARG,
            f"{name} is inconsistent: its relationships (_rels/.rels) make {office} the workbook, its "
            f"[Content_Types].xml {book}, so Excel and xlengine would read different workbooks: "
            "open it in Excel and save it again.",
        )
    if book not in names:
        raise InputError(ARG, f"{name} names {book} as its workbook part, but the part is missing: copy or download it again.")
    strings = next((p[1:] for p, t in overrides if t == SHARED_STRINGS), None)

    sheets: list[tuple[str, str | None]] = []
    links: list[str | None] = []

    def on_book(local, attrs):
        if local == "sheet":
            sheets.append((attrs.get("name", ""), _attr(attrs, "id")))
        elif local == "externalReference":
            links.append(_attr(attrs, "id"))

    _stream(z, book, elements, on_book)
    rels = _relationships(z, book, names, elements)
    parts, comments = [], []
    for title, rel_id in sheets:
        rel = None if rel_id is None else rels.get(rel_id)
        if rel is None or rel[1] not in names or "chartsheet" in rel[0]:
            continue  # openpyxl skips these (a chart sheet holds no cells)
        parts.append((title, rel[1]))
        comments += [
            (rel[1], target)
            for kind, target in _relationships(z, rel[1], names, elements).values()
            if kind.endswith("/comments") and target in names
        ]
    external = [rels[i][1] if i in rels else f"{book} ({i})" for i in links]
    # Excel's own place for them: named too when no reference points to them (the safe side)
    external += sorted(n for n in names if n.startswith("xl/externalLinks/") and n.endswith(".xml") and n not in external)
    return Package(
        workbook=book, sheets=tuple(parts), shared_strings=strings, external_links=tuple(external), comments=tuple(comments)
    )


def _office_document(z: zipfile.ZipFile, names: set[str], elements: _Elements) -> str | None:
    """The part _rels/.rels names as the office document (the workbook Excel opens), if any."""
    if "_rels/.rels" not in names:
        return None
    found: list[str] = []

    def on_rel(local, attrs):
        if (
            local == "Relationship"
            and attrs.get("Type", "").endswith("/officeDocument")
            and attrs.get("TargetMode") != "External"
        ):
            found.append(_target("", attrs.get("Target", "")))

    _stream(z, "_rels/.rels", elements, on_rel)
    return found[0] if found else None


def _target(folder: str, target: str) -> str:
    """A relationship target as a zip name (openpyxl's get_dependents)."""
    if target.startswith("/"):
        return target[1:]
    return posixpath.normpath(posixpath.join(folder, target))


def _relationships(z: zipfile.ZipFile, part: str, names: set[str], elements: _Elements) -> dict[str, tuple[str, str]]:
    """Id -> (type, zip name) of the relationships of ``part`` (as openpyxl resolves them)."""
    folder, base = posixpath.split(part)
    rels_part = posixpath.join(folder, "_rels", f"{base}.rels")
    out: dict[str, tuple[str, str]] = {}
    if rels_part not in names:
        return out

    def on_rel(local, attrs):
        if local == "Relationship" and attrs.get("TargetMode") != "External":
            # the last of two with one Id wins, as in openpyxl's RelationshipList.to_dict
            out[attrs.get("Id", "")] = (attrs.get("Type", ""), _target(folder, attrs.get("Target", "")))

    _stream(z, rels_part, elements, on_rel)
    return out
