"""``xlengine demo`` and ``xlengine case FILE``: the case from the register or a key,value file.

An adapter: it reads files, calls the case, prints. No formula of the domain lives here.
Exit codes: 0 fine, 1 findings/errors in the content, 2 unusable input.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
import textwrap
from pathlib import Path
from typing import Any, Sequence

from .. import i18n
from ..decision import tables
from ..engine import case as _case
from ..engine import register as _register
from ..engine.errors import InputError
from .format import fmt_value, table


def _case_cell(label: str, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if label == "ROI":
        return f"{value * 100:.1f}%"
    if label in (i18n.CASE["en"]["bcr"], i18n.CASE["nl"]["bcr"]):
        return f"{value:.2f}"
    if label in (i18n.CASE["en"]["payback_months"], i18n.CASE["nl"]["payback_months"]):
        return f"{value:.1f}"
    return f"{value:,.0f}"


def render_case(values: dict[str, float], result: _case.CaseResult, language: str = "en") -> str:
    """The summary a person reads: headlines, the yearly case, the assumptions with sources."""
    nl = language == "nl"
    s = result.summary()
    n = result.horizon_years
    payback = (f"{s['payback_months']:.1f} " + ("maanden" if nl else "months")
               if math.isfinite(s["payback_months"]) else i18n.CASE[language]["no_payback"].format(n))
    head = [
        (("Totale baten" if nl else "Total benefits"), fmt_value(s["total_benefits"])),
        (("Programmakosten" if nl else "Programme cost"), fmt_value(s["total_costs"])),
        (("Netto baten" if nl else "Net benefit"), fmt_value(s["net_benefit"])),
        ((f"NCW tegen {values['discount_rate'] * 100:.1f}%" if nl else f"NPV at {values['discount_rate'] * 100:.1f}%"), fmt_value(s["npv"])),
        ("ROI", f"{s['roi'] * 100:.1f}%"),
        (("Baten-kostenverhouding" if nl else "BCR"), f"{s['bcr']:.2f}"),
        (("Terugverdientijd" if nl else "Payback"), payback),
    ]
    width = max(len(k) for k, _ in head)
    out = [(f"Resultaat over {n} jaar" if nl else f"Headline over {n} years")]
    out += [f"  {k.ljust(width)}  {v}" for k, v in head]
    out.append("")
    g = result.gross
    adj = values["attribution"] * values["confidence"]
    out.append("Hoe de besparingen ontstaan (bruto, één volledig jaar)" if nl else "How the savings are built (gross, one full year)")
    build = [
        ("turnover", f"{g['leavers_avoided']:.1f} " + ("vertrekkers minder x " if nl else "leavers avoided x ")
         + fmt_value(g["cost_per_leaver"]) + (" per vertrekker" if nl else " per leaver")),
        ("absence", f"{g['sick_days_avoided']:,.0f} " + ("verzuimdagen minder x " if nl else "sick days avoided x ")
         + fmt_value(g["cost_per_sick_day"]) + (" per dag" if nl else " per day")),
        ("productivity", f"{values['headcount']:,.0f} FTE x {fmt_value(values['value_per_fte'])} x "
         + fmt_value(values["productivity_gain"], "fraction")),
    ]
    lw = max(len(i18n.CASE[language][k]) for k, _ in build)
    for lever, text in build:
        out.append(f"  {i18n.CASE[language][lever].ljust(lw)}  {fmt_value(g[lever]).rjust(12)}  = {text}")
    out.append(("  x toerekening {} x betrouwbaarheid {} = {} van de bruto besparing telt mee" if nl else
                "  x attribution {} x confidence {} = {} of the gross saving is counted").format(
        fmt_value(values["attribution"], "fraction"), fmt_value(values["confidence"], "fraction"),
        fmt_value(adj, "fraction")))
    out.append("")
    rows = tables.case_table(result, language)
    shown = [[r[0]] + [_case_cell(r[0], c) for c in r[1:]] for r in rows]
    out += ["Businesscase (EUR)" if nl else "Business case (EUR)",
            table(shown, [False] + [True] * (len(shown[0]) - 1)), ""]
    out.append("Conventies" if nl else "Conventions")
    out.append(textwrap.fill(
        "Baten x toerekening x betrouwbaarheid; jaar 1 op effect_year1; NCW disconteert jaar j "
        "met (1+r)^j; ROI en BCR op ongedisconteerde totalen (Phillips)." if nl else
        "benefits x attribution x confidence; year 1 at effect_year1; NPV discounts year y by "
        "(1+r)^y; ROI and BCR on undiscounted totals (Phillips).", 96, initial_indent="  ", subsequent_indent="  "))
    out += ["", "Aannames en bronnen" if nl else "Assumptions and sources"]
    rows = [("key", "value", "source")]
    for key, label, value, unit, source in tables.assumption_rows(values, language):
        entry = _register.BY_KEY[key]
        shown_value = f"{value:g} {unit}" if unit in ("days", "months", "years") else fmt_value(value, unit)
        rows.append((key, shown_value, source + ("" if entry.verified else " [unverified]")))
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

def read_assumptions(path: Path) -> dict[str, Any]:
    """Key/value pairs from a .csv (two columns, optional header) or a .json object."""
    if not path.is_file():
        raise InputError("ASSUMPTIONS", f"{path} does not exist: give the path of a .csv or .json file with key,value rows.")
    suffix = path.suffix.lower()
    if suffix == ".json":
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
        except (json.JSONDecodeError, UnicodeDecodeError) as e:
            raise InputError("ASSUMPTIONS", f"{path} is not valid JSON ({e}): write one object of key: value pairs.") from None
        if not isinstance(data, dict):
            raise InputError("ASSUMPTIONS", f"{path} holds a JSON {type(data).__name__}: write one object of key: value pairs.")
        return data
    if suffix == ".csv":
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            raise InputError("ASSUMPTIONS", f"{path} is not UTF-8 text: save it as CSV UTF-8.") from None
        dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t") if text.strip() else csv.excel
        pairs: dict[str, Any] = {}
        for i, row in enumerate(csv.reader(text.splitlines(), dialect), start=1):
            if not row or not row[0].strip() or row[0].strip().startswith("#"):
                continue
            if i == 1 and row[0].strip().lower() in ("key", "sleutel"):
                continue
            if len(row) < 2:
                raise InputError("ASSUMPTIONS", f"{path} line {i} has no value: write key,value.")
            if row[0].strip() in pairs:
                raise InputError(row[0].strip(), f"{row[0].strip()} is given twice in {path} (line {i}): keep one line for it.")
            pairs[row[0].strip()] = row[1]
        return pairs
    raise InputError("ASSUMPTIONS", f"{path} is a {suffix or 'file without extension'}: give a .csv or .json file.")


# --- commands --------------------------------------------------------------------------

def cmd_demo(args: argparse.Namespace) -> int:
    values = _register.defaults()
    result = _case.compute(values)
    print("xlengine demo: the embedded example (a mid-sized Dutch organisation, shaped like the seed text)\n")
    print(render_case(values, result, args.language))
    # The main job: the same example through a filled-in copy of the template, computed
    # headlessly, and the board report written.
    from .workbook import demo_report

    return demo_report(args)


def cmd_case(args: argparse.Namespace) -> int:
    from ..engine.validate import assumptions

    values = assumptions(read_assumptions(Path(args.assumptions)))
    result = _case.compute(values)
    if args.json:
        json.dump({"assumptions": values, "summary": result.summary(),
                   "table": tables.case_table(result, args.language)},
                  sys.stdout, indent=2, default=_json_default)
        print()
    else:
        print(render_case(values, result, args.language))
    return 0


def _json_default(o):
    return float(o)


def add_parsers(sub) -> None:
    """``demo`` and ``case``, for :func:`xlengine.cli.build_parser`."""
    d = sub.add_parser("demo", help="the embedded example: print the case, fill a copy of the template, compute it without Excel, write the board report")
    d.add_argument("--language", choices=("en", "nl"), default="en")
    d.add_argument("-o", "--output", help="board report file (default: ./xlengine_demo_report.xlsx, or the next free name)")
    d.add_argument("--force", action="store_true", help="replace the -o file if it exists")
    d.set_defaults(func=cmd_demo, extra="workbook")

    c = sub.add_parser("case", help="compute a case from a key,value .csv or .json file")
    c.add_argument("assumptions", help="ASSUMPTIONS.csv or ASSUMPTIONS.json")
    c.add_argument("--json", action="store_true", help="print machine-readable JSON")
    c.add_argument("--language", choices=("en", "nl"), default="en")
    c.set_defaults(func=cmd_case)
