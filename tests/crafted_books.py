"""Small hostile workbooks, each a few kB, that once cost gigabytes (issue 21).

Each builder takes a folder and returns the crafted workbook: the contract workbook of
:mod:`headless_book` with one part changed as raw XML, or rearranged as a package. The
tests in ``tests/test_budgets.py`` run them through real ``xlengine`` processes, and
``python tests/crafted_books.py`` prints each case's exit code, peak memory and time
(the figures in docs/threat-model.md).
"""

from __future__ import annotations

import io
import os
import posixpath
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import headless_book as hb

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRICT_NS = "http://purl.oclc.org/ooxml/spreadsheetml/main"
TEAMS_PART = "xl/worksheets/sheet3.xml"  # the Teams sheet of headless_book
CASE_PART = "xl/worksheets/sheet5.xml"  # the Business case sheet
SHARED_STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"


def members(book: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(book) as z:
        return {n: z.read(n) for n in z.namelist()}


def write_zip(path: Path, parts: dict[str, bytes]) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    Path(path).write_bytes(buffer.getvalue())
    return Path(path)


def base(folder: Path, name: str, **options) -> dict[str, bytes]:
    return members(hb.build(Path(folder) / name, **options))


def in_sheet_data(part: bytes, xml: str) -> bytes:
    """``xml`` appended inside <sheetData> (rows, cells)."""
    return part.replace(b"</sheetData>", xml.encode() + b"</sheetData>")


def after_sheet_data(part: bytes, xml: str) -> bytes:
    """``xml`` right after </sheetData>, where <mergeCells> and <hyperlinks> precede <pageMargins>."""
    return part.replace(b"</sheetData>", b"</sheetData>" + xml.encode())


def far_cell(folder: Path, ref: str = "J100000", name: str = "far.xlsx") -> Path:
    parts = base(folder, name)
    row = re.sub(r"[A-Z]", "", ref)
    parts[TEAMS_PART] = in_sheet_data(parts[TEAMS_PART], f'<row r="{row}"><c r="{ref}"><v>1</v></c></row>')
    return write_zip(Path(folder) / name, parts)


def merged_range(folder: Path, ref: str = "A30:Z100000", name: str = "merged.xlsx") -> Path:
    parts = base(folder, name)
    parts[TEAMS_PART] = after_sheet_data(parts[TEAMS_PART], f'<mergeCells count="1"><mergeCell ref="{ref}"/></mergeCells>')
    return write_zip(Path(folder) / name, parts)


def hyperlink_range(folder: Path, ref: str = "A30:Z100000", name: str = "link.xlsx") -> Path:
    parts = base(folder, name)
    parts[TEAMS_PART] = after_sheet_data(
        parts[TEAMS_PART], f'<hyperlinks><hyperlink ref="{ref}" location="Teams!A1"/></hyperlinks>'
    )
    return write_zip(Path(folder) / name, parts)


def dimension(folder: Path, ref: str = "A1:XFD1048576", name: str = "dimension.xlsx") -> Path:
    parts = base(folder, name)
    parts[TEAMS_PART] = re.sub(rb'<dimension ref="[^"]*"/>', f'<dimension ref="{ref}"/>'.encode(), parts[TEAMS_PART])
    return write_zip(Path(folder) / name, parts)


def formatted_rows(folder: Path, rows: int = 1_000_000, name: str = "rows.xlsx") -> Path:
    """``rows`` empty rows with a custom height below the Teams table (2.5 MB zipped for a million)."""
    parts = base(folder, name)
    parts[TEAMS_PART] = in_sheet_data(
        parts[TEAMS_PART], "".join(f'<row r="{r}" ht="20" customHeight="1"/>' for r in range(10, 10 + rows))
    )
    return write_zip(Path(folder) / name, parts)


def comment_range(folder: Path, ref: str = "A30:Z100000", name: str = "comment.xlsx", target: str = "../comments9.xml") -> Path:
    """A comments part of the Teams sheet (found through the sheet's relationships) with a comment over ``ref``."""
    parts = base(folder, name)
    parts[posixpath.normpath(posixpath.join("xl/worksheets", target))] = (
        f'<comments xmlns="{MAIN_NS}"><authors><author>a</author></authors><commentList>'
        f'<comment ref="{ref}" authorId="0"><text><t>x</t></text></comment></commentList></comments>'
    ).encode()
    parts["xl/worksheets/_rels/sheet3.xml.rels"] = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
        f'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="{target}"/></Relationships>'
    ).encode()
    return write_zip(Path(folder) / name, parts)


def padded_styles(folder: Path, elements: int = 4_000_000, name: str = "styles.xlsx") -> Path:
    """``elements`` empty elements in the styles part, which openpyxl parses whole (31 kB zipped for 4 million)."""
    parts = base(folder, name)
    parts["xl/styles.xml"] = parts["xl/styles.xml"].replace(
        b"</styleSheet>", b"<extLst>" + b"<x/>" * elements + b"</extLst></styleSheet>"
    )
    return write_zip(Path(folder) / name, parts)


def moved_workbook(folder: Path, name: str = "moved.xlsx", extra_rows: int = 8_000) -> Path:
    """The real workbook part at xl/wb2.xml (its sheets under xl/data/), a clean decoy at xl/workbook.xml.

    The real Teams sheet holds ``extra_rows`` rows of 9 cells and Business case!J2 refers to
    another file; the decoy and its sheets are the plain contract workbook.
    """
    parts = base(folder, name, extra_formulas=[("Business case", "J2", "='/tmp/elsewhere/[other.xlsx]Sheet1'!A1", 0)])
    decoy = base(folder, "decoy.xlsx")
    real = {}
    for n, data in parts.items():
        if n.startswith("xl/worksheets/"):
            real["xl/data/" + n.rsplit("/", 1)[1]] = data
    rows = "".join(
        f'<row r="{r}">' + "".join(f'<c r="{c}{r}"><v>1</v></c>' for c in "ABCDEFGHI") + "</row>"
        for r in range(50, 50 + extra_rows)
    )
    real["xl/data/sheet3.xml"] = in_sheet_data(real["xl/data/sheet3.xml"], rows)
    real["xl/wb2.xml"] = parts["xl/workbook.xml"]
    real["xl/_rels/wb2.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(b'Target="worksheets/', b'Target="data/')
    out = dict(decoy)  # the decoy keeps xl/workbook.xml, its rels and xl/worksheets/
    out.update(real)
    types = parts["[Content_Types].xml"].replace(b'PartName="/xl/workbook.xml"', b'PartName="/xl/wb2.xml"')
    types = types.replace(b'PartName="/xl/worksheets/', b'PartName="/xl/data/')
    out["[Content_Types].xml"] = types
    out["_rels/.rels"] = parts["_rels/.rels"].replace(b'Target="xl/workbook.xml"', b'Target="xl/wb2.xml"')
    return write_zip(Path(folder) / name, out)


def relocated(
    parts: dict[str, bytes],
    workbook: str = "xl/workbook.xml",
    sheets: str = "xl/worksheets",
    strings: str = "xl/sharedStrings.xml",
    decoy: bool = False,
    prefix: bool = False,
    default_type: bool = False,
) -> dict[str, bytes]:
    """The contract workbook's parts with the workbook part, the sheet folder and the shared
    strings moved (content types and relationships following, as Excel would write them).

    ``decoy`` leaves the original parts at their old places as well (nothing points to
    them); ``prefix`` writes the main namespace of the workbook and sheet parts as ``x:``;
    ``default_type`` gives the workbook's content type as the default of .xml parts instead
    of an override (openpyxl then reads xl/workbook.xml, so only with that workbook part).
    """
    out = dict(parts) if decoy else {}
    book_folder = workbook.rpartition("/")[0]
    moved = {"xl/workbook.xml": workbook, "xl/sharedStrings.xml": strings}
    for n in parts:
        if n.startswith("xl/worksheets/"):
            moved[n] = f"{sheets}/{n.rsplit('/', 1)[1]}"
    rels = parts["xl/_rels/workbook.xml.rels"]
    for old, new in moved.items():
        if old != "xl/workbook.xml":
            rels = rels.replace(f'Target="{old[3:]}"'.encode(), f'Target="/{new}"'.encode())
    rels = rels.replace(b'Target="theme/', b'Target="/xl/theme/').replace(b'Target="styles.xml"', b'Target="/xl/styles.xml"')
    for n, data in parts.items():
        if n in ("[Content_Types].xml", "_rels/.rels", "xl/_rels/workbook.xml.rels"):
            continue
        target = moved.get(n, n)
        if prefix and (n == "xl/workbook.xml" or n.startswith("xl/worksheets/")):
            data = _prefixed(data)
        out[target] = data
    out[posixpath.join(book_folder, "_rels", workbook.rpartition("/")[2] + ".rels")] = rels
    types = parts["[Content_Types].xml"]
    for old, new in moved.items():
        types = types.replace(f'PartName="/{old}"'.encode(), f'PartName="/{new}"'.encode())
    if default_type:
        main = re.search(rb'<Override PartName="/xl/workbook.xml" ContentType="([^"]+)"/>', types)
        types = types.replace(main.group(0), b"").replace(
            b'<Default Extension="xml" ContentType="application/xml"/>',
            b'<Default Extension="xml" ContentType="' + main.group(1) + b'"/>',
        )
    out["[Content_Types].xml"] = types
    out["_rels/.rels"] = parts["_rels/.rels"].replace(b'Target="xl/workbook.xml"', f'Target="{workbook}"'.encode())
    return out


def renamed_shared_strings(folder: Path, strings: int = 1_000_000, name: str = "strings.xlsx") -> Path:
    """The shared strings at xl/strs.xml (content type and relationship say so), ``strings`` of them."""
    parts = base(folder, name)
    sst = parts.pop("xl/sharedStrings.xml")
    parts["xl/strs.xml"] = sst.replace(b"</sst>", b"<si><t>x</t></si>" * strings + b"</sst>")
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b"/xl/sharedStrings.xml", b"/xl/strs.xml")
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(b"sharedStrings.xml", b"strs.xml")
    return write_zip(Path(folder) / name, parts)


def prefixed_namespace(
    folder: Path, name: str = "prefixed.xlsx", target: str = "'/tmp/elsewhere/[other.xlsx]Sheet1'!$A$1"
) -> Path:
    """Workbook and sheets with the main namespace under a prefix (x:), a defined name pointing outside."""
    parts = base(folder, name)
    for n in list(parts):
        if n == "xl/workbook.xml" or n.startswith("xl/worksheets/"):
            parts[n] = _prefixed(parts[n])
    parts["xl/workbook.xml"] = re.sub(
        rb'(<x:definedName name="headcount">)[^<]*', lambda m: m.group(1) + target.encode(), parts["xl/workbook.xml"]
    )
    return write_zip(Path(folder) / name, parts)


def strict_namespace(folder: Path, name: str = "strict.xlsx", target: str = "'/tmp/elsewhere/[other.xlsx]Sheet1'!$A$1") -> Path:
    """The workbook part in the strict OOXML namespace (openpyxl reads its names by local name)."""
    parts = base(folder, name)
    book = parts["xl/workbook.xml"].replace(f'xmlns="{MAIN_NS}"'.encode(), f'xmlns="{STRICT_NS}"'.encode())
    parts["xl/workbook.xml"] = re.sub(rb'(<definedName name="headcount">)[^<]*', lambda m: m.group(1) + target.encode(), book)
    return write_zip(Path(folder) / name, parts)


def _prefixed(xml: bytes) -> bytes:
    xml = xml.replace(f'xmlns="{MAIN_NS}"'.encode(), f'xmlns:x="{MAIN_NS}"'.encode())
    return re.sub(rb"<(/?)(?![?!])([A-Za-z]+)(?=[\s/>])", lambda m: b"<" + m.group(1) + b"x:" + m.group(2), xml)


def external_cell(folder: Path, formula: str, name: str = "linked.xlsx") -> Path:
    return hb.build(Path(folder) / name, extra_formulas=[("Business case", "J2", formula, 0)])


def formula_cell(folder: Path, formula: str, name: str = "formula.xlsx") -> Path:
    return hb.build(Path(folder) / name, extra_formulas=[("Business case", "J2", formula, None)])


def sheet_named(folder: Path, title: str, name: str = "named.xlsx") -> Path:
    parts = base(folder, name)
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(b'name="Survey"', f'name="{title}"'.encode())
    return write_zip(Path(folder) / name, parts)


def unknown_extension(folder: Path, name: str = "extension.xlsx") -> Path:
    """A sheet extension openpyxl does not know: it warns (UserWarning) and drops it."""
    parts = base(folder, name)
    parts[TEAMS_PART] = parts[TEAMS_PART].replace(
        b"</worksheet>", b'<extLst><ext uri="{00000000-0000-0000-0000-000000000000}"/></extLst></worksheet>'
    )
    return write_zip(Path(folder) / name, parts)


# --- running them -----------------------------------------------------------------------------


def run_process(argv: list[str], cwd: Path, timeout: float = 120, address_space: int | None = None) -> dict:
    """A real ``xlengine`` process: exit code, stderr, peak RSS (MB, wait4) and wall time (s).

    ``address_space`` caps the child's virtual memory (RLIMIT_AS), so a run that would
    take the machine's memory ends with MemoryError instead; past ``timeout`` it is killed.
    """
    import resource

    def limit():
        if address_space:
            resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))

    err_file = Path(cwd) / ".stderr.txt"
    start = time.monotonic()
    with open(err_file, "w") as err:
        p = subprocess.Popen(
            [sys.executable, "-m", "xlengine.cli", *argv], stdout=subprocess.DEVNULL, stderr=err, cwd=cwd, preexec_fn=limit
        )
        killed = False
        while True:
            pid, status, usage = os.wait4(p.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - start > timeout:
                p.kill()
                killed = True
            time.sleep(0.05)
    seconds = time.monotonic() - start
    stderr = err_file.read_text(errors="replace")
    err_file.unlink()
    return {
        "rc": "killed" if killed else os.waitstatus_to_exitcode(status),
        "stderr": stderr,
        "rss_mb": usage.ru_maxrss / 1024,
        "seconds": seconds,
    }


CASES = {
    "far cell J100000 (audit)": (lambda d: far_cell(d), "audit"),
    "far cell XFD1048576 (compute)": (lambda d: far_cell(d, "XFD1048576"), "compute"),
    "mergeCell A30:Z100000 (compute)": (lambda d: merged_range(d), "compute"),
    "hyperlink A30:Z100000 (compute)": (lambda d: hyperlink_range(d), "compute"),
    "dimension A1:XFD1048576 (compute)": (lambda d: dimension(d), "compute"),
    "comment over A30:Z100000 (compute)": (lambda d: comment_range(d), "compute"),
    "1,000,000 formatted empty rows (compute)": (lambda d: formatted_rows(d), "compute"),
    "4,000,000 elements of padding in styles.xml (compute)": (lambda d: padded_styles(d), "compute"),
    "workbook part moved, decoy xl/workbook.xml (compute)": (lambda d: moved_workbook(d), "compute"),
    "shared strings renamed, 1,000,000 (audit)": (lambda d: renamed_shared_strings(d), "audit"),
    "prefixed namespace, name outside (compute)": (lambda d: prefixed_namespace(d), "compute"),
    "strict namespace workbook, name outside (compute)": (lambda d: strict_namespace(d), "compute"),
    "[1]My Sheet!A1 (compute)": (lambda d: external_cell(d, "=[1]My Sheet!A1"), "compute"),
    "[1]Blad\u20ac!A1 (compute)": (lambda d: external_cell(d, "=[1]Blad\u20ac!A1"), "compute"),
    'REPT("x",1000000000) (compute)': (lambda d: formula_cell(d, '=LEN(REPT("x",1000000000))'), "compute"),
    "SUMPRODUCT(A:A,B:B) (compute)": (lambda d: formula_cell(d, "=SUMPRODUCT(Teams!A:A,Teams!B:B)"), "compute"),
    "SUM(1:1048576) (compute)": (lambda d: formula_cell(d, "=SUM(Teams!1:1048576)"), "compute"),
    "16 emoji sheet name (compute)": (lambda d: sheet_named(d, "\U0001f600" * 16), "compute"),
    "unknown sheet extension (compute)": (lambda d: unknown_extension(d), "compute"),
}


def main() -> None:
    import tempfile

    only = sys.argv[1:]
    for label, (build, command) in CASES.items():
        if only and not any(o in label for o in only):
            continue
        with tempfile.TemporaryDirectory(prefix="xlengine-crafted-") as d:
            book = build(Path(d))
            argv = [command, book.name] + (["-o", "r.xlsx"] if command == "compute" else [])
            r = run_process(argv, Path(d), timeout=90, address_space=6 * 2**30)
            size = book.stat().st_size / 1024
            lines = r["stderr"].strip().splitlines()
            print(
                f"{label}: {size:.0f} kB; exit {r['rc']}, {r['rss_mb']:,.0f} MB, {r['seconds']:.1f} s; "
                f"{len(lines)} stderr line(s): {(lines[-1] if lines else '')[:300]}",
                flush=True,
            )


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    main()
