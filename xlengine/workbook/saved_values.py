"""Store freshly computed values in a workbook that openpyxl wrote (it saves formulas without them).

A workbook saved by openpyxl has every formula cell's ``<v>`` empty, so Excel without
xlengine, LibreOffice and previews show ``#NAME?`` or blanks, and ``xlengine audit`` reports
the missing values. :func:`store_values` copies such a file with each formula cell's value
from a headless :class:`~.evaluate.Evaluation` (the same numbers Excel with xlengine shows)
and without the "recalculate everything on load" flag, as the template ships. Only the
``<v>`` of formula cells and that flag change; every other byte of every part is copied.
"""

from __future__ import annotations

import functools
import math
import re
import zipfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from ..engine.errors import EXCEL_ERRORS
from .evaluate import Evaluation

__all__ = ["store_values"]

# A formula cell as openpyxl writes it: <c r="D21" s="46"><f>...</f><v /></c> (no t="").
_FORMULA_CELL = re.compile(
    r'<c r="(?P<ref>[A-Z]{1,3}[0-9]{1,7})"(?P<attrs>(?: [A-Za-z:]+="[^"]*")*)>'
    r"(?P<f><f(?: [^>]*)?>[^<]*</f>)(?:<v ?/>|<v></v>)</c>"
)
_TYPE = re.compile(r' t="[^"]*"')
_FULL_CALC = re.compile(r' fullCalcOnLoad="(?:1|true)"')
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _typed(value: Any) -> tuple[str, str] | None:
    """(t attribute, <v> text) of a value as Excel saves it; None leaves the cell without one."""
    if isinstance(value, bool):
        return ' t="b"', "1" if value else "0"
    if isinstance(value, (int, float)):
        return ("", repr(float(value))) if math.isfinite(value) else None
    if isinstance(value, str):
        return (' t="e"', value) if value in EXCEL_ERRORS else (' t="str"', escape(value))
    return None


def _sheet_parts(book: zipfile.ZipFile) -> dict[str, str]:
    """Zip member of each worksheet, by sheet name."""
    from defusedxml import ElementTree

    workbook = ElementTree.fromstring(book.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(book.read("xl/_rels/workbook.xml.rels"))
    target = {r.get("Id"): r.get("Target", "") for r in rels}
    out = {}
    for sheet in workbook.iter(f"{_MAIN_NS}sheet"):
        part = target.get(sheet.get(f"{_REL_NS}id"), "")
        out[sheet.get("name")] = part.lstrip("/") if part.startswith("/") else f"xl/{part}"
    return out


def store_values(source: Path, target: Path, ev: Evaluation) -> Path:
    """Write ``target``: the openpyxl-written ``source`` with the values of ``ev`` in its formula cells.

    ``ev`` is the evaluation of ``source`` itself. Returns ``target``.
    """
    with zipfile.ZipFile(source) as book:
        parts = _sheet_parts(book)
        values: dict[str, dict[str, tuple[str, str]]] = {}
        for f in ev.formula_cells:
            part = parts.get(f.sheet)
            typed = _typed(f.value)
            if part is not None and typed is not None:
                values.setdefault(part, {})[f.cell] = typed

        def with_value(m: re.Match[str], cells: dict[str, tuple[str, str]]) -> str:
            typed = cells.get(m.group("ref"))
            if typed is None:
                return m.group(0)
            t, v = typed
            return f'<c r="{m.group("ref")}"{_TYPE.sub("", m.group("attrs"))}{t}>{m.group("f")}<v>{v}</v></c>'

        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
            for item in book.infolist():
                data = book.read(item.filename)
                if item.filename in values:
                    fill = functools.partial(with_value, cells=values[item.filename])
                    data = _FORMULA_CELL.sub(fill, data.decode("utf-8")).encode("utf-8")
                elif item.filename == "xl/workbook.xml":
                    data = _FULL_CALC.sub("", data.decode("utf-8")).encode("utf-8")
                out.writestr(item, data)
    return Path(target)
