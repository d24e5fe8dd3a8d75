"""The board report: a values-only .xlsx anyone can open (no formulas, no macros, no Python).

Sheets: *Board* (headlines, key assumptions, the case by year, two charts), a values-only
copy of each sheet of the workbook (its own Board and ``xlwings.conf`` left out), and
*Audit trail* (every formula cell: sheet, address, formula text, value).

Every text is written with ``write_string`` and the workbook is opened with
``strings_to_formulas`` off: a team called ``=HYPERLINK(...)`` stays text.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from .. import __version__
from .. import i18n
from ..decision import provenance, tables
from ..engine import case as _case
from ..engine import register as _register
from ..engine.errors import InputError
from ..extras import require_extra
from .headless import Computed, where
from .layout import ASSUMPTION_HEADERS, ASSUMPTION_ROW, ASSUMPTIONS_SHEET, BOARD_SHEET, CONF_SHEET, SHEETS, col_letter
from .layout import NUMBER_FORMATS
from . import safe_io
from .report_copies import write_value  # noqa: F401 - importable from here
from .report_copies import _Formats, _copy_sheet, _pixels, _write_audit_trail

require_extra("workbook")  # the libraries this module uses, or the sentence naming the extra

AUDIT_SHEET = "Audit trail"
START_SHEET = SHEETS[0]  # how to install and open the workbook: not for the board
#: The Assumptions sheet's source column (M), which the report fills with each value's own source.
ASSUMPTION_SOURCE_COLUMN = col_letter(ASSUMPTION_HEADERS.index("source"))

NUM_FORMATS = NUMBER_FORMATS  # one table for the template and the report (layout)

# Assumptions a board asks about first; all of them are on the Assumptions sheet.
BOARD_ASSUMPTIONS = (
    "headcount",
    "turnover_before",
    "turnover_after",
    "absence_before",
    "absence_after",
    "productivity_gain",
    "attribution",
    "confidence",
    "programme_cost_one_off",
    "programme_cost_annual",
    "horizon_years",
    "discount_rate",
)

WORKBOOK_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "nan_inf_to_errors": True,
    "in_memory": True,
}  # no temporary files of XlsxWriter's own, which an interrupt would leave behind


def _safe_sheet_name(name: str, taken: set[str]) -> str:
    base = safe_io.excel_prefix(name, safe_io.MAX_SHEET_NAME)
    n = 2
    while base.lower() in taken:
        suffix = f" ({n})"
        base = safe_io.excel_prefix(name, safe_io.MAX_SHEET_NAME - len(suffix)) + suffix
        n += 1
    taken.add(base.lower())
    return base


def assumption_sources(computed: Computed, language: str = "en") -> dict[str, str]:
    """The source of every assumption of a computed workbook (:mod:`xlengine.decision.provenance`):
    a value that differs from the register's default is the user's input in its cell."""
    given = {k for k, v in computed.assumptions.items() if k in _register.BY_KEY and v != float(_register.BY_KEY[k].default)}
    return provenance.sources(computed.assumptions, given, lambda key: f"cell {where(*computed.assumption_cells[key])}", language)


def _assumption_source_cells(computed: Computed, language: str) -> dict[str, str]:
    """The Assumptions sheet's source column (M), cell -> text, as the report shows it."""
    sources = assumption_sources(computed, language)
    return {f"{ASSUMPTION_SOURCE_COLUMN}{ASSUMPTION_ROW[key]}": text for key, text in sources.items()}


def write_report(target: Path, computed: Computed, source_name: str, language: str = "en") -> None:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(target), WORKBOOK_OPTIONS)
    wb.set_properties(
        {
            "title": f"Business case report: {source_name}",
            "comments": f"Written by xlengine {__version__} from {source_name}: values only, no formulas, no macros.",
        }
    )
    fm = _Formats(wb)
    taken = {BOARD_SHEET.lower(), AUDIT_SHEET.lower()}
    board = wb.add_worksheet(BOARD_SHEET)
    _write_board(wb, board, fm, computed, source_name, language)
    for sheet in computed.evaluation.sheetnames:
        if sheet in (BOARD_SHEET, CONF_SHEET, START_SHEET):
            continue
        _copy_sheet(
            wb.add_worksheet(_safe_sheet_name(sheet, taken)),
            fm,
            computed,
            sheet,
            language,
            _assumption_source_cells(computed, language) if sheet == ASSUMPTIONS_SHEET else None,
        )
    _write_audit_trail(wb.add_worksheet(AUDIT_SHEET), fm, computed)
    board.activate()
    wb.close()


def _write_board(wb, ws, fm: _Formats, computed: Computed, source_name: str, language: str) -> None:
    title = fm.get(bold=True, font_size=16)
    h2 = fm.get(bold=True, font_size=12)
    head = fm.get(bold=True, bottom=1)
    head_right = fm.get(bold=True, bottom=1, align="right")
    head_source = fm.get(bold=True, bottom=1, indent=1)
    note = fm.get(italic=True, font_color="#595959")
    source = fm.get(italic=True, font_color="#595959", indent=1)
    stamp = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    nl = language == "nl"

    years = computed.case.horizon_years + 1  # data columns: the start (year 0) and years 1..N
    ws.set_column(0, 0, 52)
    ws.set_column(1, years + 1, 13)
    ws.set_column(years + 2, years + 2, 4)
    ws.write_string(
        0, 0, "Betrokkenheidsprogramma: businesscase" if nl else "Employee engagement programme: business case", title
    )
    ws.write_string(
        1,
        0,
        f"Werkmap {source_name}; berekend {stamp} door xlengine {__version__} zonder Excel. "
        "Alleen waarden: elk cijfer is te herleiden tot de getoonde broncel."
        if nl
        else f"Workbook {source_name}; computed {stamp} by xlengine {__version__} without Excel. "
        "Values only: every figure traces to the source cell shown.",
        note,
    )
    problems = computed.problems
    if problems:  # what xlengine compute warned about travels with the figures
        ws.write_string(
            2,
            0,
            (
                f"Let op: {len(problems)} probleem/problemen in de werkmap; het eerste: "
                if nl
                else f"Warning: {len(problems)} problem(s) in the workbook; the first: "
            )
            + problems[0][:2000],
            fm.get(bold=True, font_color="#C00000"),
        )

    # Headline figures, each with the cell it comes from (the source text may run on into
    # the empty cells to its right).
    ws.write_string(3, 0, "Headline figure" if not nl else "Kerncijfer", head)
    ws.write_string(3, 1, "Value" if not nl else "Waarde", head_right)
    ws.write_string(3, 2, "Source cell" if not nl else "Broncel", head_source)
    for i, h in enumerate(computed.headlines, start=4):
        ws.write_string(i, 0, h.label, fm.get(bold=h.name in ("npv", "roi")))
        write_value(
            ws, i, 1, h.value if h.is_number else str(h.value), fm.get(NUM_FORMATS.get(h.unit), bold=h.name in ("npv", "roi"))
        )
        ws.write_string(i, 2, where(h.sheet, h.cell), source)
    top = 4 + len(computed.headlines) + 1

    # The case by year (from the workbook's Assumptions sheet, by the xlengine engine); each
    # row's number format from its unit.
    case = tables.case_rows(computed.case, language)
    table = case.grid()
    ws.write_string(top, 0, "Business case by year (EUR)" if not nl else "Businesscase per jaar (EUR)", h2)
    ws.write_string(
        top,
        2,
        "computed by xlengine from the Assumptions sheet" if not nl else "door xlengine berekend uit het blad Assumptions",
        source,
    )
    header_row = top + 1
    bold_rows = ("benefits", "net")
    for c, v in enumerate(case.header):
        ws.write_string(header_row, c, str(v), head if c == 0 else head_right)
    for r, row in enumerate(case.rows, start=1):
        rr = header_row + r
        ws.write_string(rr, 0, row.label, fm.get(bold=row.key in bold_rows))
        for c, v in enumerate(row.values, start=1):
            number = NUM_FORMATS.get(row.unit) if row.unit != "EUR" else "#,##0;-#,##0"  # the title says EUR
            write_value(ws, rr, c, v, fm.get(number) if v is not None else None)
    ws.write_string(header_row + len(table), 0, i18n.CONVENTIONS[i18n.pick(language)], note)

    # The assumptions a board asks about first.
    top = header_row + len(table) + 3
    ws.write_string(top, 0, "Key assumption" if not nl else "Belangrijkste aanname", head)
    ws.write_string(top, 1, "Value" if not nl else "Waarde", head_right)
    ws.write_string(top, 2, "Source cell" if not nl else "Broncel", head_source)
    used = provenance.in_use(computed.assumptions)  # benchmark mode: the derived values the headline uses
    derived = provenance.ignored(computed.assumptions)
    sources = assumption_sources(computed, language)
    for i, key in enumerate(BOARD_ASSUMPTIONS, start=top + 1):
        a = _register.BY_KEY[key]
        ws.write_string(i, 0, a.label(language))
        write_value(ws, i, 1, used[key], fm.get(NUM_FORMATS.get(a.unit)))
        ws.write_string(i, 2, sources[key] if key in derived else where(*computed.assumption_cells[key]), source)
    ws.write_string(
        top + 1 + len(BOARD_ASSUMPTIONS),
        0,
        "The source of every assumption is on the Assumptions sheet."
        if not nl
        else "De bron van elke aanname staat op het blad Assumptions.",
        note,
    )
    after_realised = _write_realised(ws, fm, computed, top + 3 + len(BOARD_ASSUMPTIONS), nl)

    # Charts on the table's cells, to the right of the tables.
    sheet_ref = BOARD_SHEET
    cats = [sheet_ref, header_row, 1, header_row, years]
    columns = wb.add_chart({"type": "column", "subtype": "stacked"})
    colours = ("#1F4E79", "#2E75B6", "#9DC3E6")
    for k, lever in enumerate(_case.LEVERS):
        lever_row = header_row + case.index(lever)
        columns.add_series(
            {
                "name": [sheet_ref, lever_row, 0],
                "categories": cats,
                "values": [sheet_ref, lever_row, 1, lever_row, years],
                "fill": {"color": colours[k]},
            }
        )
    cost_row = header_row + case.index("costs")
    cost_line = wb.add_chart({"type": "line"})
    cost_line.add_series(
        {
            "name": [sheet_ref, cost_row, 0],
            "categories": cats,
            "values": [sheet_ref, cost_row, 1, cost_row, years],
            "line": {"color": "#C00000", "width": 2.5},
            "marker": {"type": "diamond", "size": 7, "fill": {"color": "#C00000"}, "border": {"color": "#C00000"}},
        }
    )
    columns.combine(cost_line)
    columns.set_title(
        {
            "name": "Benefits by lever and programme cost per year"
            if not nl
            else "Baten per hefboom en programmakosten per jaar",
            "name_font": {"size": 11},
        }
    )
    columns.set_y_axis({"num_format": NUMBER_FORMATS["EUR"], "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
    columns.set_legend({"position": "bottom"})
    columns.set_size({"width": 560, "height": 300})

    cumulative_row = header_row + case.index("cumulative")
    line = wb.add_chart({"type": "column"})
    line.add_series(
        {
            "name": [sheet_ref, cumulative_row, 0],
            "categories": cats,
            "values": [sheet_ref, cumulative_row, 1, cumulative_row, years],
            "fill": {"color": "#548235"},
            "invert_if_negative": False,
            "data_labels": {"value": True, "num_format": "#,##0"},
        }
    )
    line.set_title(
        {
            "name": "Cumulative net benefit (payback when it turns positive)"
            if not nl
            else "Cumulatief netto resultaat (terugverdiend zodra positief)",
            "name_font": {"size": 11},
        }
    )
    line.set_y_axis({"num_format": NUMBER_FORMATS["EUR"], "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
    line.set_legend({"none": True})
    line.set_size({"width": 560, "height": 300})
    line.set_x_axis({"label_position": "low"})
    ws.insert_chart(3, years + 3, columns)
    ws.insert_chart(19, years + 3, line)
    second_page = max(after_realised, 35)
    # The second page's charts stand beside its three-column tables and end where the first page's do.
    right_edge = _pixels(52) + years * _pixels(13) + _pixels(13) + _pixels(4) + 560
    chart_width = right_edge - (_pixels(52) + 2 * _pixels(13)) - 12
    last_row = _write_uncertainty(wb, ws, fm, computed, second_page, 3, chart_width, language)

    ws.set_landscape()
    ws.set_paper(9)
    # Two pages: the case, then what moves it (a manual break needs a scale, not fit-to-page).
    ws.print_area(0, 0, last_row, years + 3 + 9)  # the charts are about 9 default columns wide
    ws.set_print_scale(55)
    ws.set_h_pagebreaks([second_page])
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    ws.hide_gridlines(2)
    ws.set_footer("&L&8xlengine bestuursrapport&R&8Pagina &P van &N" if nl else "&L&8xlengine board report&R&8Page &P of &N")


def _write_realised(ws, fm: _Formats, computed: Computed, row: int, nl: bool) -> int:
    """The realised results' sentence, when the workbook has a Results sheet (``xlengine
    realised``); returns the first row below it."""
    from .results_fill import RESULTS_SHEET, SENTENCE_CELL

    if RESULTS_SHEET not in computed.evaluation.sheetnames:
        return row
    sentence = computed.evaluation.value(RESULTS_SHEET, SENTENCE_CELL)
    ws.write_string(
        row,
        0,
        "Realised results (measured against comparison teams)"
        if not nl
        else "Gerealiseerde resultaten (gemeten tegen vergelijkingsteams)",
        fm.get(bold=True, font_size=12),
    )
    ws.write_string(row + 1, 0, str(sentence or ""), fm.get(text_wrap=False))
    ws.write_string(
        row + 2,
        0,
        f"Planned beside measured and realised: the {RESULTS_SHEET} sheet ({where(RESULTS_SHEET, SENTENCE_CELL)})."
        if not nl
        else f"Gepland naast gemeten en gerealiseerd: het blad {RESULTS_SHEET} ({where(RESULTS_SHEET, SENTENCE_CELL)}).",
        fm.get(italic=True, font_color="#595959"),
    )
    return row + 4


def _write_uncertainty(
    wb, ws, fm: _Formats, computed: Computed, top: int, chart_col: int, chart_width: int, language: str
) -> int:
    """The tornado and the Monte Carlo distribution on the Board: their tables (from the
    decision layer, on the workbook's assumptions, ranges, draws and seed) and a chart of
    each beside them. Returns the last row written."""
    from ..decision import uncertainty
    from .headless import decision_inputs

    nl = language == "nl"
    head = fm.get(bold=True, bottom=1, valign="bottom")
    head_right = fm.get(bold=True, bottom=1, align="right", text_wrap=True, valign="bottom")
    h2 = fm.get(bold=True, font_size=12)
    note = fm.get(italic=True, font_color="#595959")
    money = fm.get(NUM_FORMATS["EUR"])
    try:
        inputs = decision_inputs(computed)
    except InputError as e:  # e.g. the Simulation sheet's draws cell: the rest of the report stands
        ws.write_string(
            top,
            0,
            (
                "The tornado and the NPV distribution are left out: "
                if not nl
                else "De tornado en de verdeling van de NCW ontbreken: "
            )
            + str(e),
            note,
        )
        return top
    a = inputs.assumptions
    tornado = tables.sensitivity_table(a, language)
    ws.write_string(top, 0, "What moves the NPV most (tornado)" if not nl else "Wat de NCW het meest beweegt (tornado)", h2)
    ws.write_string(
        top + 1,
        0,
        "Each uncertain assumption from its low to its high value, the others at base (as the Sensitivity sheet)."
        if not nl
        else "Elke onzekere aanname van laag naar hoog, de andere op de basiswaarde (als het blad Sensitivity).",
        note,
    )
    header = top + 2
    titles = (
        ("Assumption", "Change in NPV at low", "Change in NPV at high")
        if not nl
        else ("Aanname", "Verschil NCW bij laag", "Verschil NCW bij hoog")
    )
    for c, t in enumerate(titles):
        ws.write_string(header, c, t, head if c == 0 else head_right)
    ws.set_row(header, 30)
    for i, row in enumerate(tornado[1:], start=header + 1):
        ws.write_string(i, 0, str(row[1]))
        write_value(ws, i, 1, row[7], money)
        write_value(ws, i, 2, row[8], money)
    last_tornado = header + len(tornado) - 1
    chart = wb.add_chart({"type": "bar"})
    for col, name, colour in ((1, titles[1], "#C00000"), (2, titles[2], "#2F5597")):
        chart.add_series(
            {
                "name": name,
                "categories": [BOARD_SHEET, header + 1, 0, last_tornado, 0],
                "values": [BOARD_SHEET, header + 1, col, last_tornado, col],
                "fill": {"color": colour},
                "overlap": 100,
                "gap": 40,
            }
        )
    chart.set_title(
        {"name": "What moves the NPV most (EUR)" if not nl else "Wat de NCW het meest beweegt (EUR)", "name_font": {"size": 11}}
    )
    chart.set_x_axis({"num_format": NUMBER_FORMATS["EUR"], "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
    chart.set_y_axis({"reverse": True, "label_position": "low", "num_font": {"size": 8}})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": chart_width, "height": 400})
    ws.insert_chart(top, chart_col, chart)

    sim = uncertainty.simulate(a, draws=inputs.draws, seed=inputs.seed)
    stats = tables.simulation_table(sim)
    hist = tables.histogram_table(sim)
    top = max(last_tornado + 3, top + 24)
    draws = tables.num(sim.draws, language, 0)
    ws.write_string(
        top,
        0,
        (
            f"NPV distribution (Monte Carlo, {draws} draws, seed {sim.seed})"
            if not nl
            else f"Verdeling van de NCW (Monte Carlo, {draws} trekkingen, startgetal {sim.seed})"
        ),
        h2,
    )
    p5, p50, p95 = stats[1][1:4]
    labels = ("P5", "P50 (median)" if not nl else "P50 (mediaan)", "P95", "P(NPV > 0)" if not nl else "Kans op NCW > 0")
    for c, (label, value) in enumerate(zip(labels, (p5, p50, p95, sim.prob_positive))):
        ws.write_string(top + 1 + c, 0, label if c == 3 else f"{'NPV' if not nl else 'NCW'} {label}")
        write_value(ws, top + 1 + c, 1, value, money if c < 3 else fm.get(NUM_FORMATS["fraction"]))
    header = top + 6
    titles = ("NPV from", "NPV to", "Draws") if not nl else ("NCW vanaf", "NCW tot", "Trekkingen")
    for c, t in enumerate(titles):
        ws.write_string(header, c, t, head if c == 0 else head_right)
    for i, (lo, hi, count, _share) in enumerate(hist[1:], start=header + 1):
        write_value(ws, i, 0, lo, money)
        write_value(ws, i, 1, hi, money)
        write_value(ws, i, 2, count, fm.get("#,##0"))
    last = header + len(hist) - 1
    chart = wb.add_chart({"type": "column"})
    chart.add_series(
        {
            "name": titles[2],
            "categories": [BOARD_SHEET, header + 1, 0, last, 0],
            "values": [BOARD_SHEET, header + 1, 2, last, 2],
            "fill": {"color": "#548235"},
            "gap": 10,
        }
    )
    M = lambda x: tables.money(x, language)  # noqa: E731
    chart.set_title(
        {
            "name": (
                f"NPV distribution: P5 {M(p5)}, P50 {M(p50)}, P95 {M(p95)}"
                if not nl
                else f"Verdeling van de NCW: P5 {M(p5)}, P50 {M(p50)}, P95 {M(p95)}"
            ),
            "name_font": {"size": 11},
        }
    )
    chart.set_x_axis(
        {
            "num_format": NUMBER_FORMATS["EUR"],
            "num_font": {"rotation": -45, "size": 8},
            "name": "NPV from (EUR)" if not nl else "NCW vanaf (EUR)",
        }
    )
    chart.set_y_axis({"name": titles[2], "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
    chart.set_legend({"none": True})
    chart.set_size({"width": chart_width, "height": 330})
    ws.insert_chart(top + 1, chart_col, chart)
    return max(last, top + 18)
