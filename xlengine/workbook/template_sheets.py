"""The template's input and result sheets: Start, Assumptions, Teams, Survey, Business
case, Board (cells and names from :mod:`.layout`)."""

from __future__ import annotations


from .. import __version__, i18n
from ..engine import register as _register
from . import layout as L
from .sheet_format import _BOLD_LINES, _Formats, _YES_NO, _col_index, _fit, _formula, _note, _print_setup, _quoted, _unit_label
from .template_decision import _decision_charts
from .template_values import EXAMPLE_ANSWERS, EXAMPLE_ANSWER_TEAMS, EXAMPLE_BEFORE, EXAMPLE_TEAMS


def _write_start(wb, ws, f: _Formats):
    ws.set_column("A:A", 110)
    ws.hide_gridlines(2)
    lines = [
        ("Engagement business case / Businesscase betrokkenheid", f.title),
        (
            "What this workbook is: it turns an employee engagement programme into a board business case: "
            "savings on turnover, absence and productivity against the programme's cost, as NPV, ROI, "
            "benefit-cost ratio and payback.",
            f.text,
        ),
        (
            "Wat deze werkmap is: ze vertaalt een betrokkenheidsprogramma naar een businesscase voor de directie: "
            "besparingen op verloop, verzuim en productiviteit tegenover de programmakosten, als NCW, ROI, "
            "baten-kostenverhouding en terugverdientijd.",
            f.text,
        ),
        ("", None),
        ("Who fills in what / Wie vult wat in", f.section),
        (
            "HR: the yellow input cells on 'Assumptions' (turnover, absence, eNPS, programme cost), the 'Teams' "
            "table and the survey answers on 'Survey'. / HR: de gele invoercellen op 'Assumptions', de tabel "
            "'Teams' en de antwoorden op 'Survey'.",
            f.text,
        ),
        (
            "Finance / controller: cost of capital (discount_rate), employer cost per FTE, attribution and "
            "confidence; review 'Business case'. / Financiën: disconteringsvoet, werkgeverslasten, toerekening "
            "en betrouwbaarheid; controleer 'Business case'.",
            f.text,
        ),
        (
            "Board: read 'Board'. Every figure there is a formula on 'Business case', which is a formula on "
            "'Assumptions', where each input shows its source (cell comment). / Directie: lees 'Board'.",
            f.text,
        ),
        ("", None),
        ("Excel on Windows in three steps / Excel op Windows in drie stappen (help: docs/windows.md)", f.section),
        (
            f"1. Install, once per PC, in a Command Prompt: Python 3.10 or later if it is missing (winget install "
            f"Python.Python.3.12, or python.org), then xlengine from the wheel file you were given: py -m pip install "
            f'"xlengine-{__version__}-py3-none-any.whl[workbook]" in its folder (from the repository folder: '
            f'py -m pip install ".[workbook]"; xlengine is not on the package index). / Installeer, eenmaal per pc, '
            f"in een opdrachtprompt: Python 3.10 of nieuwer als het ontbreekt (winget install Python.Python.3.12, of "
            f"python.org), dan xlengine uit het wheel-bestand dat u kreeg: py -m pip install "
            f'"xlengine-{__version__}-py3-none-any.whl[workbook]" in de map ervan.',
            f.text,
        ),
        (
            "2. Build your own workbook: py -m xlengine template -o my_case.xlsm, and open that file. It carries "
            "xlwings' own VBA and names your Python: no add-in, no VBA reference. / Maak uw eigen werkmap: "
            "py -m xlengine template -o mijn_case.xlsm, en open dat bestand. Het bevat de VBA van xlwings en noemt "
            "uw Python: geen invoegtoepassing, geen VBA-verwijzing.",
            f.text,
        ),
        (
            "3. Click 'Enable Content' in the yellow bar. A red bar ('macros blocked') means the file came from "
            "the internet or e-mail: right-click it > Properties > Unblock. / Klik op 'Inhoud inschakelen' in "
            "de gele balk. Een rode balk: klik met rechts op het bestand > Eigenschappen > Blokkering opheffen.",
            f.text,
        ),
        (
            "This file as shipped has no xlwings VBA of its own (it serves previews, LibreOffice and xlengine "
            "compute): build your own in step 2. / Het meegeleverde sjabloon zelf heeft geen eigen xlwings-VBA: "
            "maak uw eigen werkmap (stap 2).",
            f.note,
        ),
        ("", None),
        ("Mac and Excel on the web: xlwings Lite / Mac en Excel op het web: xlwings Lite (help: docs/lite.md)", f.section),
        (
            "On a PC with Python and xlengine (step 1): py -m xlengine lite -o lite writes main.py and "
            "requirements.txt. In Excel: Home > Add-ins > xlwings Lite; paste both files into the tabs of its editor "
            "and save the workbook: it keeps the code. / Op een pc met Python en xlengine (stap 1): py -m xlengine "
            "lite -o lite maakt main.py en requirements.txt. In Excel: Start > Invoegtoepassingen > xlwings Lite; "
            "plak beide in de tabbladen van de editor en sla de "
            "werkmap op: de code blijft erin.",
            f.text,
        ),
        ("", None),
        (
            "A cell that shows a sentence instead of a number names the input to fix. / Een cel met een zin "
            "in plaats van een getal noemt de invoer die u moet aanpassen.",
            f.text,
        ),
        ("", None),
        (
            "Without Python the workbook still shows the figures it was saved with (cached values). / Zonder "
            "Python toont de werkmap de laatst berekende waarden.",
            f.note,
        ),
    ]
    for i, (text, fmt) in enumerate(lines):
        if text:
            ws.write_string(i, 0, text, fmt)
            _fit(ws, i, (text, 110), minimum=22 if i == 0 else 15)
    row = len(lines) + 1
    ws.write_string(
        row, 0, "Buttons (Excel on Windows; not in xlwings Lite) / Knoppen (Excel op Windows; niet in xlwings Lite):", f.section
    )
    for j, (macro, caption) in enumerate(
        (
            ("Recalculate", "Recalculate / Herberekenen"),
            ("WriteBoardReport", "Write board report / Rapport"),
            ("RunAudit", "Run audit / Controle"),
            ("ResetInputs", "Reset inputs / Standaardwaarden"),
        )
    ):
        ws.insert_button(
            row + 1, 0, {"macro": macro, "caption": caption, "width": 180, "height": 28, "x_offset": j * 190, "y_offset": 4}
        )
    ws.set_row(row + 1, 36)
    _print_setup(ws, f"A1:A{row + 2}")
    ws.fit_to_pages(1, 1)  # the set-up text on one page


def _write_assumptions(wb, ws, f: _Formats, cache):
    widths = {"A": 24, "B": 13, "C": 13, "D": 13, "E": 12, "F": 11, "G": 40, "H": 40, "I": 12, "J": 15, "K": 14, "L": 14, "M": 62}
    for col, w in widths.items():
        ws.set_column(f"{col}:{col}", w)
    for c, h in enumerate(L.ASSUMPTION_HEADERS):
        ws.write_string(0, c, h, f.header)
    ws.set_landscape()
    ws.set_paper(9)
    ws.freeze_panes(1, 2)
    ws.set_comments_author("xlengine register")
    range_note = (
        "low / high: the range the scenarios, the tornado and the Monte Carlo use; the value is the most "
        "likely. Grey italic: derived from the value by the default rule (docs/uncertainty-ranges.md). "
        "Type a number over it for your own end (blue); column E says which ranges are typed."
    )
    for c in (2, 3, 4):
        ws.write_comment(0, c, range_note, {"x_scale": 3, "y_scale": 2})
    derived = f.get(italic=True, font_color="#808080")
    for a in _register.REGISTER:
        r = L.ASSUMPTION_ROW[a.key] - 1
        num = f.number(a.unit)
        ws.write_string(r, 0, a.key, f.bold)
        ws.write_number(r, 1, float(a.default), f.input(a.unit))
        ws.write_string(r, 5, a.unit, f.get())
        ws.write_string(r, 6, a.label_en, f.text)
        ws.write_string(r, 7, a.label_nl, f.text)
        for c, v in enumerate((a.allowed[0], a.allowed[1], a.plausible[0], a.plausible[1]), start=8):
            ws.write_number(r, c, float(v), num)
        source = a.source if a.verified else f"{a.source} (unverified)"
        ws.write_string(r, 12, source, f.text)
        _fit(ws, r, (a.label_en, widths["G"]), (a.label_nl, widths["H"]), (source, widths["M"]))
        ws.write_comment(r, 1, f"Source: {source}", {"x_scale": 3, "y_scale": 2})
        lo, hi = a.allowed
        shown = f"{lo * 100:g}% to {hi * 100:g}%" if a.is_fraction else f"{lo:,.0f} to {hi:,.0f} {a.unit}"
        ws.data_validation(
            r,
            1,
            r,
            1,
            {
                "validate": "integer" if a.integer else "decimal",
                "criteria": "between",
                "minimum": float(lo),
                "maximum": float(hi),
                "input_title": a.key[:32],
                "input_message": f"{a.label_en}. Allowed {shown}; plausible {a.plausible[0]:g} to {a.plausible[1]:g}."[:255],
                "error_title": "Outside the allowed range",
                "error_message": f"{a.key} must be {shown}{' (a whole number)' if a.integer else ''}."[:255],
            },
        )
        if not a.uncertain:
            continue
        row = r + 1
        for end, col in L.RANGE_COLUMN.items():
            where = L.RANGE_CELL[(a.key, end)]
            _formula(ws, where[0], where[1], f.input(a.unit), cache, L.RANGE_FORMULAS)
            rule = (
                f"AND({col}{row}>={float(lo)!r},{col}{row}<=B{row})"
                if end == "low"
                else f"AND({col}{row}>=B{row},{col}{row}<={float(hi)!r})"
            )
            ws.data_validation(
                r,
                _col_index(col),
                r,
                _col_index(col),
                {
                    "validate": "custom",
                    "value": f"={rule}",
                    "input_title": f"{a.key}_{end}"[:32],
                    "input_message": (
                        f"The {end} end of {a.key}'s range ({shown}; low <= value <= high). Empty: the default rule."
                    )[:255],
                    "error_title": "Outside the range",
                    "error_message": (
                        f"{a.key}_{end} must lie in {shown} and {'at most' if end == 'low' else 'at least'} the value in B{row}."
                    )[:255],
                },
            )
        # Relative to C: in D the same rule reads D (a derived end shows grey italic).
        ws.conditional_format(r, 2, r, 3, {"type": "formula", "criteria": f"=ISFORMULA(C{row})", "format": derived})
        _formula(ws, *L.RANGE_ORIGIN_CELL[a.key], f.get(font_color="#595959"), cache)
    # which turnover the case counts (docs/hr-data.md has the definitions)
    ws.merge_range(
        L.LAST_ASSUMPTION_ROW + 1,
        0,
        L.LAST_ASSUMPTION_ROW + 1,
        12,
        "Turnover = VOLUNTARY turnover (resignations): "
        "voluntary leavers / average headcount per year (ISO 30414); retirement, dismissal and ended contracts are not "
        "counted. / Verloop = VRIJWILLIG verloop (ontslag op eigen verzoek).",
        f.note,
    )
    # where the figures come from: the story says "example" until this is set to 0
    r = L.EXAMPLE_FLAG_ROW - 1
    ws.write_string(r, 0, "example_values", f.bold)
    ws.write_number(r, 1, L.EXAMPLE_FLAG_VALUE, f.input("switch"))
    ws.merge_range(
        r,
        2,
        r,
        12,
        "1 = the values above are still the embedded example's; set to 0 once they are your "
        "organisation's own figures (the board story says which). / 1 = nog de voorbeeldwaarden; zet op 0 "
        "zodra het de eigen cijfers van de organisatie zijn (het bestuursverhaal zegt welke).",
        f.note,
    )
    ws.set_row(r, 30)
    ws.data_validation(
        r,
        1,
        r,
        1,
        {
            "validate": "list",
            "source": ["1", "0"],
            "input_title": "example_values",
            "input_message": "1: the example's figures; 0: the organisation's own.",
        },
    )
    _print_setup(ws, f"A1:M{L.EXAMPLE_FLAG_ROW}", repeat_rows=0)


def _write_teams(wb, ws, f: _Formats, cache):
    ws.write_string(0, 0, "Teams / Teams: per-team inputs (an Excel table named Teams)", f.title)
    _note(
        ws,
        1,
        8,
        "The example teams add up to the organisation on 'Assumptions' (200 FTE, turnover 12% -> 8%, "
        "absence 5.6% -> 4.1%, headcount-weighted). eNPS does not add up: it is a score per team. Turnover is "
        "VOLUNTARY turnover (resignations): voluntary leavers / average headcount per year (ISO 30414); "
        "`xlengine roster` fills this table from HR exports.",
        130,
        f,
    )
    units = ("", "FTE", "EUR/FTE/yr", "fraction", "fraction", "fraction", "fraction", "eNPS points", "eNPS points")
    widths = (22, 12, 15, 15, 15, 15, 15, 12, 12)
    for c, w in enumerate(widths):
        ws.set_column(c, c, w)
    first = L.TEAMS_HEADER_ROW
    last = first + len(EXAMPLE_TEAMS)
    ws.add_table(
        first - 1,
        0,
        last - 1,
        len(L.TEAM_COLUMNS) - 1,
        {
            "name": "Teams",
            "style": "Table Style Medium 2",
            "columns": [
                {
                    "header": h,
                    "format": f.input(u)
                    if u
                    else f.get(font_color="#0000FF", bg_color="#FFF2CC", border=1, border_color="#BFBFBF"),
                }
                for h, u in zip(L.TEAM_COLUMNS, units)
            ],
            "data": [list(t) for t in EXAMPLE_TEAMS],
        },
    )
    ws.set_row(first - 1, 30)
    # beside the table: each team's eNPS from the Survey sheet's answers (column C names the
    # team), with its 95% interval; under 5 answers the cell says so instead of a figure
    c0 = L.TEAM_ENPS_FIRST_COL
    ws.set_column(c0 - 1, c0 - 1, 3)
    ws.set_column(c0, c0 + len(L.TEAM_ENPS_COLUMNS) - 1, 13)
    ws.write_string(first - 2, c0, "eNPS from the Survey sheet (95% interval)", f.section)
    headers = ("eNPS (survey)", "Low (95%)", "High (95%)", "Answers", "Interval > 30 points")
    for i, h in enumerate(headers):
        ws.write_string(first - 1, c0 + i, h, f.header)
    for r in range(first + 1, first + 1 + L.TEAM_ENPS_ROWS):
        for i, field in enumerate(L.TEAM_ENPS_COLUMNS):
            ref = L.cell(r, c0 + i)
            _formula(ws, L.TEAMS_SHEET, ref, f.number("eNPS points") if field != "wide" else f.get(num_format=_YES_NO), cache)
    _print_setup(ws, f"A1:{L.col_letter(c0 + len(L.TEAM_ENPS_COLUMNS) - 1)}{max(last + 1, first + L.TEAM_ENPS_ROWS)}")


def _write_survey(wb, ws, f: _Formats, cache):
    ws.set_column("A:C", 14)
    ws.set_column("D:H", 13)
    ws.set_column("J:J", 12)
    ws.write_string(0, 0, "Survey / Medewerkersonderzoek", f.title)
    _note(
        ws,
        1,
        7,
        '"How likely are you to recommend this organisation as a place to work?" (0-10). Paste one '
        "answer per cell from A5 down (up to 500); blank cells are ignored. Column B: the earlier wave's answers "
        "(optional); column C: the team of each answer (optional, for the Teams sheet).",
        100,
        f,
    )
    ws.write_string(3, 0, "Answer (0-10)", f.header)
    ws.write_string(3, 1, "Earlier wave", f.header)
    ws.write_string(3, 2, "Team", f.header)
    ws.write_string(3, 3, "eNPS", f.header)
    ws.write_string(3, 4, "Low (95%)", f.header)
    ws.write_string(3, 5, "High (95%)", f.header)
    ws.write_string(3, 6, "Answers", f.header)
    sheet, ref, confidence = L.SURVEY_CONFIDENCE
    ws.write_string(3, 9, "Confidence", f.header)
    ws.write_number(int(ref[1:]) - 1, _col_index(ref[0]), confidence, f.input("fraction"))
    r0 = L.SURVEY_FIRST_ROW - 1
    for i, answer in enumerate(EXAMPLE_ANSWERS):
        ws.write_number(r0 + i, 0, answer, f.input("eNPS points"))
    for i, answer in enumerate(EXAMPLE_BEFORE):
        ws.write_number(r0 + i, 1, answer, f.input("eNPS points"))
    for i, team in enumerate(EXAMPLE_ANSWER_TEAMS):
        ws.write_string(r0 + i, 2, team, f.get(font_color="#0000FF", bg_color="#FFF2CC", border=1, border_color="#BFBFBF"))
    ws.data_validation(
        r0,
        0,
        L.SURVEY_LAST_ROW - 1,
        1,
        {
            "validate": "integer",
            "criteria": "between",
            "minimum": 0,
            "maximum": 10,
            "input_title": "Answer 0-10",
            "input_message": "One answer per cell: a whole number from 0 to 10.",
            "error_title": "Not an answer",
            "error_message": "Enter a whole number from 0 to 10.",
        },
    )
    _formula(ws, L.SURVEY_SHEET, L.SURVEY["enps"][1], f.number("eNPS points", bold=True, font_size=14), cache)
    for ref in L.SURVEY_CI_CELLS.values():
        _formula(ws, L.SURVEY_SHEET, ref, f.number("eNPS points"), cache)
    row = L.SURVEY_CHANGE_ROW - 1
    ws.set_row(row - 1, 45)
    ws.write_string(row - 1, 3, "Change since the earlier wave", f.header)
    ws.write_string(row - 1, 4, "Low (95%)", f.header)
    ws.write_string(row - 1, 5, "High (95%)", f.header)
    ws.write_string(row - 1, 6, "More than noise?", f.header)
    for field, ref in L.SURVEY_CHANGE_CELLS.items():
        _formula(
            ws, L.SURVEY_SHEET, ref, f.get(num_format=_YES_NO) if field == "distinguishable" else f.number("eNPS points"), cache
        )
    ws.merge_range(
        row + 2,
        3,
        row + 9,
        7,
        "eNPS = % promoters (9-10) - % detractors (0-6), from -100 to +100; at least "
        f"{_register.PRIVACY_MINIMUM} answers (privacy). Margin of error: Var(eNPS/100) = (p_P + p_D - (p_P - p_D)^2) / n (one "
        "multinomial sample); the interval is eNPS +- z x 100 x sqrt(Var), z from the confidence in J5 (1.96 at 95%). Two waves are independent: "
        "their variances add. A change whose interval includes 0 cannot be told from survey noise. "
        "Compare with enps_before / enps_after on 'Assumptions'.",
        f.note,
    )
    _print_setup(ws, f"A1:J{L.SURVEY_FIRST_ROW + len(EXAMPLE_ANSWERS)}", landscape=False)


def _write_case(wb, ws, f: _Formats, cache):
    for letter, w in {"A": 40, "B": 42, "C": 16, "D": 16, "E": 16, "F": 16, "G": 16}.items():
        ws.set_column(f"{letter}:{letter}", w)
    sheet = L.CASE_SHEET
    ws.write_string(0, 0, "Business case / Businesscase", f.title)
    _note(
        ws,
        1,
        5,
        "Every value here is a formula on the named inputs of 'Assumptions' (FAST: inputs apart from "
        "calculations, one formula per row, units in column C). / Elke waarde is een formule op de benoemde "
        "aannames van 'Assumptions'.",
        150,
        f,
    )
    for c, heading in enumerate(("Line item", "Post", "Unit / Eenheid", "Value / Waarde")):
        ws.write_string(3, c, heading, f.header)
    ws.write_string(
        L.LEVER_FIRST_ROW - 2,
        0,
        "Per lever, one full year, before attribution / Per hefboom, volledig jaar, vóór toerekening",
        f.section,
    )
    for line in L.LEVER_LINES:
        r = L.LEVER_ROW[line.name]
        ws.write_string(r - 1, 0, line.label_en)
        ws.write_string(r - 1, 1, line.label_nl)
        ws.write_string(r - 1, 2, _unit_label(line.unit))
        _formula(ws, sheet, L.cell(r, L.CASE_VALUE_COL), f.calc(line.unit), cache)
    ws.write_string(3, L.IN_USE_KEY_COL, "Target used / Gebruikt doel", f.header)
    ws.write_string(3, L.IN_USE_COL, "Value / Waarde", f.header)
    ws.write_comment(
        3,
        L.IN_USE_KEY_COL,
        "The targets the lever lines compute with: as typed on 'Assumptions', or, "
        "with benchmark_mode = 1, derived from the Gallup gap (gap_closed), as the headlines. / De doelen "
        "waarmee de hefbomen rekenen: zoals ingevuld, of in benchmarkmodus afgeleid uit het Gallup-verschil.",
        {"x_scale": 3, "y_scale": 2},
    )
    for key, row in L.IN_USE_ROW.items():
        ws.write_string(row - 1, L.IN_USE_KEY_COL, key)
        _formula(ws, sheet, L.cell(row, L.IN_USE_COL), f.calc(_register.BY_KEY[key].unit), cache)
    ws.write_string(
        L.SUMMARY_FIRST_ROW - 2,
        0,
        "Over the horizon, after attribution x confidence / Over de looptijd, na toerekening x betrouwbaarheid",
        f.section,
    )
    for line in L.SUMMARY_LINES:
        r = L.SUMMARY_ROW[line.name]
        bold = line.name in _BOLD_LINES
        ws.write_string(r - 1, 0, line.label_en, f.bold if bold else None)
        ws.write_string(r - 1, 1, line.label_nl, f.bold if bold else None)
        ws.write_string(r - 1, 2, _unit_label(line.unit))
        _formula(ws, sheet, L.cell(r, L.CASE_VALUE_COL), f.calc(line.unit, bold=bold), cache)
    # Year by year.
    h = L.YEAR_HEADER_ROW - 1
    ws.write_string(h - 1, 0, "Year by year (EUR) / Per jaar (EUR)", f.section)
    ws.write_string(h, 0, "Line item", f.header)
    ws.write_string(h, 1, "Post", f.header)
    year_format = f.get(num_format='[=0]"Start";"Year "0', bold=True, bg_color="#D9E1F2", bottom=1, align="right")
    for y in range(L.YEARS + 1):  # 0 is the start (the one-off cost)
        ws.write_number(h, L.YEAR_FIRST_COL + y, y, year_format)
    ws.write_string(h, L.TOTAL_COL, "Total / Totaal", f.get(bold=True, bg_color="#D9E1F2", bottom=1, align="right"))
    for line in L.YEARLY_LINES:
        r = L.YEARLY_ROW[line.name]
        bold = line.name in _BOLD_LINES
        ws.write_string(r - 1, 0, line.label_en, f.bold if bold else None)
        ws.write_string(r - 1, 1, line.label_nl, f.bold if bold else None)
        for col in range(L.YEAR_FIRST_COL, L.TOTAL_COL + 1):
            ref = L.cell(r, col)
            if (sheet, ref) in L.FORMULAS:
                _formula(ws, sheet, ref, f.calc("EUR", bold=bold or col == L.TOTAL_COL), cache)
    last = L.CUMULATIVE_ROW
    _note(
        ws,
        last + 1,
        5,
        f"Years beyond {L.YEARS} (horizon_years on 'Assumptions') are counted in the totals and the "
        "headlines; a year column beyond the horizon stays empty. " + i18n.CONVENTIONS["en"],
        150,
        f,
    )
    _print_setup(ws, f"A1:G{last + 2}")


def _write_board(wb, ws, f: _Formats, cache):
    for letter, w in {"A": 42, "B": 46, "C": 16, "D": 3}.items():
        ws.set_column(f"{letter}:{letter}", w)
    ws.hide_gridlines(2)
    sheet = L.BOARD_SHEET
    ws.write_string(0, 0, "Engagement programme: the business case / Betrokkenheidsprogramma: de businesscase", f.title)
    ws.set_row(0, 24)
    _note(
        ws,
        1,
        2,
        "Amounts in EUR over the horizon of the case, after attribution and confidence (see 'Business "
        "case'). / Bedragen in EUR over de looptijd, na toerekening en betrouwbaarheid.",
        100,
        f,
    )
    for c, heading in enumerate(("Headline", "Kerncijfer", "Value / Waarde")):
        ws.write_string(3, c, heading, f.header)
    by_name = {line.name: line for line in L.SUMMARY_LINES}
    for name, (_, ref) in L.BOARD_HEADLINE_CELLS.items():
        line = by_name[name]
        r = int(ref[1:]) - 1
        en, nl = line.label_en, line.label_nl
        if line.unit == "months":
            en, nl = f"{en} (months)", f"{nl} (maanden)"
        ws.write_string(r, 0, en, f.bold)
        ws.write_string(r, 1, nl, f.bold)
        ws.set_row(r, 18)
        _formula(ws, sheet, ref, f.number(line.unit, bold=True, font_size=12), cache)
    r0 = L.BOARD_ASSUMPTIONS_FIRST_ROW - 1
    for c, heading in enumerate(("What the case assumes", "Uitgangspunten", "Value / Waarde")):
        ws.write_string(r0 - 1, c, heading, f.header)
    for key, (_, ref) in L.BOARD_ASSUMPTION_CELLS.items():
        a = _register.BY_KEY[key]
        r = int(ref[1:]) - 1
        ws.write_string(r, 0, a.label_en, f.text)
        ws.write_string(r, 1, a.label_nl, f.text)
        _fit(ws, r, (a.label_en, 42), (a.label_nl, 46))
        _formula(ws, sheet, ref, f.number(a.unit), cache)
    # The board story: problem -> intervention -> expected result -> impact, with the
    # range, the break-even, attribution, intangibles and sources; one section per row.
    for lang, title in (("en", "The story (English)"), ("nl", "Het verhaal (Nederlands)")):
        h = L.BOARD_STORY_HEADER_ROW[lang] - 1
        ws.merge_range(h, 0, h, 2, title, f.header)
        for key in L.STORY_SECTIONS:
            sheet_, ref = L.BOARD_STORY_CELLS[(lang, key)]
            r = int(ref[1:]) - 1
            text = cache[(sheet_, ref)]
            ws.merge_range(r, 0, r, 2, "", f.text)
            _formula(ws, sheet_, ref, f.get(text_wrap=True, valign="top"), cache)
            _fit(ws, r, (text, 100))
    # Charts: benefits by lever, cumulative net per year (from the Business case sheet).
    case = _quoted(L.CASE_SHEET)
    col = L.col_letter(L.CASE_VALUE_COL)
    s0, s1 = L.SUMMARY_ROW["turnover_savings"], L.SUMMARY_ROW["productivity_savings"]
    levers = wb.add_chart({"type": "bar"})
    levers.add_series(
        {
            "name": "Benefits by lever",
            "categories": f"={case}!$A${s0}:$A${s1}",
            "values": f"={case}!${col}${s0}:${col}${s1}",
            "fill": {"color": "#2F5597"},
            "data_labels": {"value": True, "num_format": "€ #,##0"},
        }
    )
    levers.set_title({"name": "Benefits by lever over the horizon (EUR) / Baten per hefboom", "name_font": {"size": 11}})
    levers.set_legend({"none": True})
    levers.set_x_axis({"num_format": "€ #,##0", "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
    levers.set_y_axis({"reverse": True})
    levers.set_size({"width": 600, "height": 290})
    ws.insert_chart("E4", levers)
    first, last = L.col_letter(L.YEAR_FIRST_COL), L.col_letter(L.TOTAL_COL - 1)
    hdr, cum = L.YEAR_HEADER_ROW, L.CUMULATIVE_ROW
    cumulative = wb.add_chart({"type": "column"})
    cumulative.add_series(
        {
            "name": "Cumulative net",
            "categories": f"={case}!${first}${hdr}:${last}${hdr}",
            "values": f"={case}!${first}${cum}:${last}${cum}",
            "fill": {"color": "#548235"},
            "invert_if_negative": False,
            "data_labels": {"value": True, "num_format": "€ #,##0"},
        }
    )
    cumulative.set_title({"name": "Cumulative net per year (EUR) / Cumulatief netto per jaar", "name_font": {"size": 11}})
    cumulative.set_legend({"none": True})
    cumulative.set_x_axis({"num_format": '[=0]"Start";"Year "0', "label_position": "low"})
    cumulative.set_y_axis({"num_format": "€ #,##0", "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
    cumulative.set_size({"width": 600, "height": 290})
    ws.insert_chart("E20", cumulative)
    _decision_charts(wb, ws)
    _print_setup(ws, f"A1:N{L.BOARD_LAST_ROW}")
    # Three pages: headlines and the first two charts; the story in English beside the
    # tornado; in Dutch beside the NPV distribution. Manual breaks need a fixed scale
    # (fit-to-page would override them).
    ws.fit_page = False
    ws.set_print_scale(55)
    ws.set_h_pagebreaks([L.BOARD_STORY_HEADER_ROW["en"] - 1, L.BOARD_STORY_HEADER_ROW["nl"] - 1])
