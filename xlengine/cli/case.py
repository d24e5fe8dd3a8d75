"""``xlengine demo`` and ``xlengine case FILE``: the case from the register or a key,value file.

An adapter: it reads files, calls the case, prints. No formula of the domain lives here.
Exit codes: 0 fine, 1 findings/errors in the content, 2 unusable input.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import re
import textwrap
from pathlib import Path
from typing import Any

from .. import i18n
from ..decision import provenance, tables
from ..engine import case as _case
from ..engine import register as _register
from ..engine.errors import InputError
from ..engine.validate import decimal_text, number_text, range_key
from .format import add_language, table
from .jsonout import dump


def render_case(
    values: dict[str, float], result: _case.CaseResult, language: str = "en", given: frozenset[str] = frozenset(), where: str = ""
) -> str:
    """The summary a person reads: headlines, the yearly case, the assumptions with sources.

    Every value shown is the one the case uses (benchmark mode: the derived "after"
    values), beside its source: ``your input (where)`` for the keys in ``given``
    (:mod:`xlengine.decision.provenance`)."""
    nl = language == "nl"
    used = provenance.in_use(values)
    s = result.summary()
    n = result.horizon_years

    def shown(value, unit="EUR"):
        return tables.format_value(value, unit, language)

    payback = shown(s["payback_months"], "months") if math.isfinite(s["payback_months"]) else i18n.no_payback(language, n)
    head = [
        (("Totale baten" if nl else "Total benefits"), shown(s["total_benefits"])),
        (("Programmakosten" if nl else "Programme cost"), shown(s["total_costs"])),
        (("Netto baten" if nl else "Net benefit"), shown(s["net_benefit"])),
        (
            (
                f"NCW tegen {shown(values['discount_rate'], 'fraction')}"
                if nl
                else f"NPV at {shown(values['discount_rate'], 'fraction')}"
            ),
            shown(s["npv"]),
        ),
        ("ROI", shown(s["roi"], "fraction")),
        (("Baten-kostenverhouding" if nl else "BCR"), shown(s["bcr"], "ratio")),
        (("Terugverdientijd" if nl else "Payback"), payback),
    ]
    width = max(len(k) for k, _ in head)
    out = [(f"Resultaat over {i18n.years(language, n)}" if nl else f"Headline over {i18n.years(language, n)}")]
    out += [f"  {k.ljust(width)}  {v}" for k, v in head]
    out.append("")
    g = result.gross
    adj = values["attribution"] * values["confidence"]
    out.append(
        "Hoe de besparingen ontstaan (bruto, één volledig jaar)" if nl else "How the savings are built (gross, one full year)"
    )
    build = [
        (
            "turnover",
            tables.num(g["leavers_avoided"], language, 1, trim=False)
            + (" vertrekkers minder x " if nl else " leavers avoided x ")
            + shown(g["cost_per_leaver"])
            + (" per vertrekker" if nl else " per leaver"),
        ),
        (
            "absence",
            tables.num(g["sick_days_avoided"], language, 0)
            + (" verzuimdagen minder x " if nl else " sick days avoided x ")
            + shown(g["cost_per_sick_day"])
            + (" per dag" if nl else " per day"),
        ),
        (
            "productivity",
            f"{tables.num(used['headcount'], language, 0)} FTE x {shown(used['value_per_fte'])} x "
            + shown(used["productivity_gain"], "fraction"),
        ),
    ]
    lw = max(len(i18n.CASE[language][k]) for k, _ in build)
    for lever, text in build:
        out.append(f"  {i18n.CASE[language][lever].ljust(lw)}  {shown(g[lever]).rjust(12)}  = {text}")
    out.append(
        (
            "  x toerekening {} x betrouwbaarheid {} = {} van de bruto besparing telt mee"
            if nl
            else "  x attribution {} x confidence {} = {} of the gross saving is counted"
        ).format(shown(values["attribution"], "fraction"), shown(values["confidence"], "fraction"), shown(adj, "fraction"))
    )
    out.append("")
    case = tables.case_rows(result, language)
    out += [
        "Businesscase" if nl else "Business case",
        table(case.formatted(language), [False] + [True] * len(case.header[1:])),
        "",
    ]
    out.append(i18n.CONVENTIONS[language])
    out += ["", "Aannames en bronnen" if nl else "Assumptions and sources"]
    rows = [("sleutel", "waarde", "bron") if nl else ("key", "value", "source")]
    source = provenance.sources(values, given, where, language)
    for key, _label, value, unit, _ in tables.assumption_rows(used, language):
        shown_value = tables.format_value(value, unit, language, 2 if unit == "fraction" else None)
        rows.append((key, shown_value, source[key]))
    kw = max(len(r[0]) for r in rows)
    vw = max(len(r[1]) for r in rows)
    for i, (k, v, src) in enumerate(rows):
        lines = textwrap.wrap(src, 70) or [""]
        out.append(f"  {k.ljust(kw)}  {v.rjust(vw)}  {lines[0]}")
        out += [f"  {'':{kw}}  {'':{vw}}  {line}" for line in lines[1:]]
        if i == 0:
            out.append(f"  {'-' * kw}  {'-' * vw}  {'-' * 70}")
    return "\n".join(out)


# --- reading a key,value file -------------------------------------------------------


def _range_fields(pairs: dict[str, Any], key: str, low: Any, high: Any) -> None:
    """A typed low/high as ``<key>_low`` / ``<key>_high`` (checked by the engine); empty
    fields are left out, so the default range rule applies."""
    norm = key.strip().lower().replace(" ", "_")
    for end, bound in (("low", low), ("high", high)):
        if not (bound is None or (isinstance(bound, str) and not bound.strip())):
            pairs[range_key(norm, end)] = bound


def _range_columns(header: list[str]) -> tuple[int | None, int | None]:
    """Where a header row puts low and high (``low``/``laag``, ``high``/``hoog``); None: absent.

    >>> _range_columns(["key", "value", "unit", "low", "high"]), _range_columns(["key", "value", "source"])
    ((3, 4), (None, None))
    """
    names = [h.strip().lower() for h in header]

    def find(*options):
        return next((i for i, n in enumerate(names) if n in options), None)

    return find("low", "laag"), find("high", "hoog")


#: Largest key,value or teams file read (an assumptions file is a few hundred bytes).
MAX_TABLE_FILE_BYTES = 20 * 2**20
_HEADER_KEYS = ("key", "sleutel")


def read_text_file(path: Path, arg: str) -> str:
    """The UTF-8 text of an input file, or one sentence saying why it cannot be read."""
    path = Path(path)
    shown = _printable(path)
    if not path.exists():
        raise InputError(arg, f"{shown} does not exist: give the path of a .csv or .json file.")
    if not path.is_file():
        raise InputError(arg, f"{shown} is not a file: give the path of a .csv or .json file.")
    try:
        size = path.stat().st_size
        if size > MAX_TABLE_FILE_BYTES:
            raise InputError(
                arg,
                f"{shown} is {size / 2**20:,.0f} MB, above the {MAX_TABLE_FILE_BYTES // 2**20} MB limit "
                "for an input table: give the table alone.",
            )
        data = path.read_bytes()
    except OSError as e:
        raise InputError(arg, f"{shown} cannot be read ({e.strerror or type(e).__name__}): check its permissions.") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(arg, f"{shown} is not UTF-8 text: save it as CSV UTF-8.") from None


def csv_rows(
    path: Path,
    text: str,
    arg: str,
    *,
    header_keys: tuple[str, ...] | None = None,
    first_row_header: bool = False,
    comment_lines: bool = True,
    width: int | tuple[int, ...] | None = None,
) -> tuple[list[str] | None, list[tuple[int, list[str]]]]:
    """The header (or None) and the data rows with their line numbers, every row as wide as the header.

    Blank rows are skipped, and with ``comment_lines`` (a key,value file, whose keys never
    start with ``#``) rows whose first field starts with ``#``; a table of teams has no
    comment lines (a team named ``#Marketing`` is data). The first row is
    the header with ``first_row_header``, or when its first field is one of ``header_keys``;
    without a header every row must be as wide as the first, which must be ``width`` (or
    one of the widths ``width`` allows) fields wide. A row of another width is refused with
    its line number: in a comma-separated file a decimal comma (``attribution,0,6``) splits
    a number into two fields, and a guess would be a wrong figure.
    """
    shown = _printable(path)
    dialect = sniff_dialect(text[:4096])
    dutch = dialect.delimiter == ";"
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    # Only the separator is sniffed: a sniffed quote character (') would turn a team named '0' into 0.
    # A line break inside quotes stays in its field.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=getattr(dialect, "delimiter", ","))
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as e:
            raise InputError(arg, f"{shown} line {reader.line_num} cannot be read as CSV ({e}): check that line.") from None
        line = reader.line_num
        if not row or not "".join(row).strip() or (comment_lines and row[0].strip().startswith("#")):
            continue
        if header is None and not rows and (first_row_header or row[0].strip().lower() in (header_keys or ())):
            header = [h.strip() for h in row]
            continue
        if header is not None:
            expected: int | None = len(header)
        elif isinstance(width, tuple):  # the first row settles which of the allowed widths the file uses
            expected = len(row) if not rows and len(row) in width else (len(rows[0][1]) if rows else width[0])
        else:
            expected = width
        if expected is not None and len(row) != expected:
            delimiter = getattr(dialect, "delimiter", ",")
            hint = (
                ' (a decimal comma in a comma-separated file splits a number in two: write 0.6, or quote it as "0,6", '
                "or separate the fields with ;)"
                if delimiter == "," and len(row) > expected
                else ""
            )
            against = (
                "as many as the header"
                if header is not None
                else "key,value"
                if expected == 2
                else "key,value,low,high"
                if expected == 4
                else "the first row"
            )
            raise InputError(
                arg,
                f"{shown} line {line} has {len(row)} field{'s' * (len(row) != 1)} instead of {expected} "
                f"({against}){hint}: correct that line.",
            )
        rows.append((line, [row[0], *(_dutch_field(v) for v in row[1:])] if dutch else row))
    return header, rows


# A field that is a number with a decimal comma (13,5 / 13,5% / -0,6): the Dutch convention.
_DECIMAL_COMMA = re.compile(r"\s*[-+\u2212]?(?:\d{1,3}(?:\.\d{3})+|\d+),\d+\s*%?\s*")


def sniff_dialect(sample: str):
    r"""The CSV dialect of a key,value or teams file, ``;`` preferred where values carry decimal commas.

    Python's sniffer prefers ``,`` when every line holds one ``,`` and one ``;``, so
    ``turnover_before;13,5%`` would split at the decimal comma. When every data line holds a
    ``;`` and a field between the ``;`` is a number with a decimal comma, the file is
    Dutch: ``;``-separated.

    >>> sniff_dialect("turnover_before;13,5%\nturnover_after;10,5%\n").delimiter
    ';'
    >>> sniff_dialect("key,value\nheadcount,118\n").delimiter, sniff_dialect("team,note\nSales,a;b\n").delimiter
    (',', ',')
    """
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t") if sample.strip() else csv.excel
    except csv.Error:  # one column, or nothing the sniffer recognises: read it as plain CSV
        dialect = csv.excel
    if dialect.delimiter != ",":
        return dialect
    lines = [line for line in sample.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    if (
        lines
        and all(";" in line for line in lines)
        and any(_DECIMAL_COMMA.fullmatch(f) for line in lines for f in line.split(";")[1:])
    ):
        return _Semicolon
    return dialect


class _Semicolon(csv.excel):
    delimiter = ";"


def _dutch_field(text: str) -> Any:
    """A value of a ``;``-separated file read by the Dutch convention (``72.500`` is 72,500,
    ``13,5%`` is 0.135: :func:`xlengine.engine.validate.number_text` with ``,`` as the
    decimal mark), as ``xlengine roster`` reads a ``;`` export; text that is not a number
    stays text (the check of the value names it)."""
    if not text.strip():
        return text
    try:
        value = number_text(text, decimal_mark=",")
    except ValueError:
        return text
    if text.strip().endswith("%"):  # stays a percentage, so that the check refuses one where no rate belongs
        body = text.strip()[:-1]
        try:
            same = decimal_text(body) == decimal_text(body, decimal_mark=",")
        except ValueError:
            same = False
        return text if same else f"{float(decimal_text(body, decimal_mark=','))!r}%"
    return value


def read_assumptions(path: Path) -> dict[str, Any]:
    """Key/value pairs from a .csv or a .json object; each with an optional typed range.

    CSV: key,value or key,value,low,high rows (a header row may name the columns ``low`` and
    ``high`` wherever they stand; other columns are ignored). JSON: ``{"key": value}`` or
    ``{"key": {"value": v, "low": l, "high": h}}``. A typed range comes back as
    ``<key>_low`` / ``<key>_high`` entries; an empty low/high is left out (the default
    range rule applies).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".json", ".csv"):
        raise InputError(
            "ASSUMPTIONS", f"{_printable(path)} is a {suffix or 'file without extension'}: give a .csv or .json file."
        )
    text = read_text_file(path, "ASSUMPTIONS")
    if suffix == ".json":
        return _json_pairs(path, _json_object(path, text))
    header, rows = csv_rows(path, text, "ASSUMPTIONS", header_keys=_HEADER_KEYS, width=(2, 4))
    if not rows:
        raise InputError(
            "ASSUMPTIONS",
            f"{_printable(path)} holds no assumptions: write one key,value row per assumption "
            "(the keys are listed in docs/register.md).",
        )
    low, high = _range_columns(header) if header is not None else (2, 3)
    pairs: dict[str, Any] = {}
    for line, row in rows:
        key = row[0].strip()
        if key in pairs:
            raise InputError(key, f"{key} is given twice in {_printable(path)} (line {line}): keep one line for it.")
        pairs[key] = row[1]
        _range_fields(pairs, key, *(row[c] if c is not None and c < len(row) else None for c in (low, high)))
    return pairs


def _json_pairs(path: Path, data: dict[str, Any]) -> dict[str, Any]:
    """A JSON case's key: value pairs, with ``{"value", "low", "high"}`` objects unfolded."""
    pairs: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            fields = {str(k).strip().lower(): v for k, v in value.items()}
            unknown = sorted(set(fields) - {"value", "low", "high"})
            if unknown or "value" not in fields:
                raise InputError(
                    str(key),
                    f"{key} in {_printable(path)} is an object with the fields "
                    f'{", ".join(sorted(fields)) or "none"}: give "value" and optionally "low" and "high".',
                )
            pairs[key] = fields["value"]
            _range_fields(pairs, str(key), fields.get("low"), fields.get("high"))
        else:
            pairs[key] = value
    return pairs


def _json_object(path: Path, text: str) -> dict[str, Any]:
    shown = _printable(path)

    def pairs_once(items):
        # Keys are read case-insensitively (as assumptions() reads them), so "value" and
        # "Value" in one object are one key given twice: refused, never the last one wins.
        out, seen = {}, {}
        for key, value in items:
            norm = key.strip().lower().replace(" ", "_")
            if norm in seen:
                same = "" if seen[norm] == key else f" (as {seen[norm]!r}; keys ignore case and spaces)"
                raise InputError(key, f"{key} is given twice in {shown}{same}: keep one entry for it.")
            seen[norm] = key
            out[key] = value
        return out

    try:
        data = json.loads(text, object_pairs_hook=pairs_once)
    except InputError:
        raise
    except json.JSONDecodeError as e:
        raise InputError("ASSUMPTIONS", f"{shown} is not valid JSON ({e}): write one object of key: value pairs.") from None
    except RecursionError:
        raise InputError("ASSUMPTIONS", f"{shown} nests too deeply: write one flat object of key: value pairs.") from None
    except ValueError as e:  # e.g. an integer longer than Python converts (4,300 digits)
        raise InputError("ASSUMPTIONS", f"{shown} cannot be read ({e}): write one object of key: value pairs.") from None
    if not isinstance(data, dict):
        raise InputError("ASSUMPTIONS", f"{shown} holds a JSON {type(data).__name__}: write one object of key: value pairs.")
    if not data:
        raise InputError("ASSUMPTIONS", f"{shown} is an empty object: write one key: value pair per assumption.")
    return data


def _printable(path: Path) -> str:
    """A path as it can be printed: bytes that are not UTF-8 (a file name from elsewhere) as escapes."""
    return str(path).encode("utf-8", "backslashreplace").decode("utf-8")


# --- commands --------------------------------------------------------------------------


def cmd_demo(args: argparse.Namespace) -> int:
    if args.output:  # refused before anything is printed
        from ..workbook.jobs import check_report_target

        check_report_target(Path(args.output), args.force)
    values = _register.defaults()
    result = _case.compute(values)
    print(
        "xlengine demo: het ingebouwde voorbeeld (een middelgrote Nederlandse organisatie, naar het voorbeeld van de brontekst)\n"
        if args.language == "nl"
        else "xlengine demo: the embedded example (a mid-sized Dutch organisation, shaped like the seed text)\n"
    )
    print(render_case(values, result, args.language))
    # The main job: the same example through a filled-in copy of the template, computed
    # headlessly, and the board report written.
    from .workbook import demo_report

    return demo_report(args)


def cmd_case(args: argparse.Namespace) -> int:
    from ..engine.validate import assumptions, given

    path = Path(args.assumptions)
    raw = read_assumptions(path)
    values = assumptions(raw)
    user = given(raw)
    result = _case.compute(values)
    if args.json:
        summary: dict[str, Any] = result.summary()
        if not math.isfinite(summary["payback_months"]):
            summary["payback_months"] = None
            summary["payback_reason"] = i18n.no_payback(args.language, result.horizon_years)
        ranges = {k: v for k, v in values.items() if k not in _register.BY_KEY}  # typed low/high ends
        dump(
            {
                "assumptions": {**provenance.in_use(values), **ranges},
                "user_keys": sorted(user),
                "sources": provenance.sources(values, user, path.name, args.language),
                "not_used": provenance.ignored(values),
                "summary": summary,
                "table": tables.case_table(result, args.language),
            }
        )
    else:
        print(render_case(values, result, args.language, user, path.name))
    return 0


def add_parsers(sub) -> None:
    """``demo`` and ``case``, for :func:`xlengine.cli.build_parser`."""
    d = sub.add_parser(
        "demo",
        help="the embedded example: print the case, fill a copy of the template, compute it without Excel, write the board report",
    )
    add_language(d)
    d.add_argument(
        "-o",
        "--output",
        help="board report file: .xlsx, or .pdf for the board pack (default: ./xlengine_demo_report.xlsx, or the next free name)",
    )
    d.add_argument("--force", action="store_true", help="replace the -o file if it exists")
    d.set_defaults(func=cmd_demo, extra="workbook")

    c = sub.add_parser("case", help="compute a case from a key,value .csv or .json file")
    c.add_argument("assumptions", help="ASSUMPTIONS.csv or ASSUMPTIONS.json")
    c.add_argument("--json", action="store_true", help="print machine-readable JSON")
    add_language(c)
    c.set_defaults(func=cmd_case)
