"""The template's decision-support sheets: Scenarios, Sensitivity (tornado), Simulation,
with their charts."""

from __future__ import annotations


from . import layout as L
from .sheet_format import _BOLD_LINES, _Formats, _formula, _note, _print_setup, _quoted, _unit_label


def _tornado_chart(wb, title: str):
    sheet = _quoted(L.SENSITIVITY_SHEET)
    first, last = L.TORNADO_FIRST_ROW, L.TORNADO_LAST_ROW
    chart = wb.add_chart({"type": "bar"})
    for col, name, color in (("H", "NPV change at the low value", "#C00000"), ("I", "NPV change at the high value", "#2F5597")):
        chart.add_series(
            {
                "name": name,
                "categories": f"={sheet}!$B${first}:$B${last}",
                "values": f"={sheet}!${col}${first}:${col}${last}",
                "fill": {"color": color},
                "overlap": 100,
                "gap": 40,
            }
        )
    chart.set_title({"name": title, "name_font": {"size": 11}})
    chart.set_x_axis({"num_format": "€ #,##0", "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
    chart.set_y_axis({"reverse": True, "label_position": "low", "num_font": {"size": 8}})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 620, "height": 420})
    return chart


def _histogram_chart(wb, title: str):
    sheet = _quoted(L.SIMULATION_SHEET)
    first, last = L.HISTOGRAM_FIRST_ROW, L.HISTOGRAM_LAST_ROW
    chart = wb.add_chart({"type": "column"})
    chart.add_series(
        {
            "name": "Draws",
            "categories": f"={sheet}!$B${first}:$B${last}",
            "values": f"={sheet}!$D${first}:$D${last}",
            "fill": {"color": "#548235"},
            "gap": 10,
        }
    )
    chart.set_title({"name": title, "name_font": {"size": 11}})
    chart.set_x_axis({"num_format": "€ #,##0", "num_font": {"rotation": -45, "size": 8}, "name": "NPV from (EUR) / NCW vanaf"})
    chart.set_y_axis({"name": "Draws / Trekkingen", "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
    chart.set_legend({"none": True})
    chart.set_size({"width": 620, "height": 320})
    return chart


def _decision_charts(wb, ws):
    """The tornado and the NPV distribution on the Board, under its two charts."""
    # Beside the story (tall rows), inside the print area.
    ws.insert_chart(
        f"E{L.BOARD_STORY_HEADER_ROW['en']}",
        _tornado_chart(wb, "What moves the NPV most (tornado, EUR) / Wat de NCW het meest beweegt"),
    )
    ws.insert_chart(
        f"E{L.BOARD_STORY_HEADER_ROW['nl']}", _histogram_chart(wb, "NPV distribution (Monte Carlo) / Verdeling van de NCW")
    )


def _write_scenarios(wb, ws, f: _Formats, cache):
    for col, w in {"A": 40, "B": 42, "C": 16, "D": 30, "E": 24, "F": 30}.items():
        ws.set_column(f"{col}:{col}", w)
    sheet = L.SCENARIOS_SHEET
    ws.write_string(0, 0, "Scenarios / Scenario's", f.title)
    _note(
        ws,
        1,
        5,
        "A stress test, not a forecast: the unfavourable column puts every uncertain assumption at the end "
        "of its range (low or high on 'Assumptions') that lowers the NPV, all at the same time; the favourable column "
        "the other end; base is the case itself. Both lie far outside the Monte Carlo's P5..P95 ('Simulation'), the "
        "range to plan with. The values used: =ENG_SCENARIOS(assumptions). / Een stresstest, geen prognose: elke "
        "onzekere aanname tegelijk aan de kant die de NCW verlaagt (of verhoogt); de bandbreedte om mee te plannen "
        "staat op 'Simulation'.",
        150,
        f,
    )
    h = L.SCENARIO_HEADER_ROW - 1
    for c, text in enumerate(
        (
            "Figure",
            "Uitkomst",
            "Unit / Eenheid",
            "Stress test: all unfavourable at once / Stresstest: alles tegelijk ongunstig",
            "Base / Basis",
            "Stress test: all favourable at once / Stresstest: alles tegelijk gunstig",
        )
    ):
        ws.write_string(h, c, text, f.header)
    ws.set_row(h, 60)
    for line in L.SCENARIO_LINES:
        r = L.SCENARIO_ROW[line.name]
        bold = line.name in _BOLD_LINES
        ws.write_string(r - 1, 0, line.label_en, f.bold if bold else None)
        ws.write_string(r - 1, 1, line.label_nl, f.bold if bold else None)
        ws.write_string(r - 1, 2, _unit_label(line.unit))
        for i in range(len(L.SCENARIO_NAMES)):
            _formula(ws, sheet, L.cell(r, L.SCENARIO_FIRST_COL + i), f.calc(line.unit, bold=bold), cache)
    npv = L.SCENARIO_ROW["npv"]
    chart = wb.add_chart({"type": "column"})
    chart.add_series(
        {
            "name": "NPV",
            "categories": f"={sheet}!$D${L.SCENARIO_HEADER_ROW}:$F${L.SCENARIO_HEADER_ROW}",
            "values": f"={sheet}!$D${npv}:$F${npv}",
            "fill": {"color": "#2F5597"},
            "invert_if_negative": False,
            "data_labels": {"value": True, "num_format": "€ #,##0"},
        }
    )
    chart.set_title({"name": "NPV: stress tests and base (EUR) / NCW: stresstests en basis", "name_font": {"size": 11}})
    chart.set_x_axis({"label_position": "low"})
    chart.set_legend({"none": True})
    chart.set_y_axis({"num_format": "€ #,##0", "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
    chart.set_size({"width": 600, "height": 290})
    last = max(L.SCENARIO_ROW.values())
    ws.insert_chart(f"A{last + 3}", chart)
    _print_setup(ws, f"A1:F{last + 19}")


def _write_sensitivity(wb, ws, f: _Formats, cache):
    widths = (6, 52, 11, 11, 11, 15, 15, 15, 15)
    for c, w in enumerate(widths):
        ws.set_column(c, c, w)
    sheet = L.SENSITIVITY_SHEET
    ws.write_string(0, 0, "Sensitivity: the tornado / Gevoeligheid", f.title)
    _note(
        ws,
        1,
        8,
        "Each uncertain assumption swings from its low to its high value (columns C and D on 'Assumptions': "
        "typed, or derived from the value; the value is the most likely), the others stay at base; NPV at each end and the change from the base "
        "NPV, widest swing first. Check the top rows first. / Elke onzekere aanname van laag naar hoog, de rest "
        "op de basiswaarde; de grootste bandbreedte bovenaan.",
        150,
        f,
    )
    h = L.TORNADO_HEADER_ROW - 1
    for c, text in enumerate(
        (
            "Rank",
            "Assumption / Aanname",
            "Low",
            "Most likely",
            "High",
            "NPV at low",
            "NPV at high",
            "Change at low",
            "Change at high",
        )
    ):
        ws.write_string(h, c, text, f.header)
    ws.set_row(h, 30)
    money = f.calc("EUR")
    for r in range(L.TORNADO_FIRST_ROW, L.TORNADO_LAST_ROW + 1):
        ws.write_number(r - 1, 0, L.DECISION_CONSTANTS[(sheet, f"A{r}")], f.get(align="center"))
        for i, field in enumerate(L.TORNADO_COLUMNS, start=1):
            fmt = f.text if field == "label" else money if field.startswith(("npv", "change")) else f.get(num_format="General")
            _formula(ws, sheet, L.cell(r, i), fmt, cache)
    ws.insert_chart(
        f"B{L.TORNADO_LAST_ROW + 3}", _tornado_chart(wb, "Tornado: change in NPV from each assumption's low to high value (EUR)")
    )
    _print_setup(ws, f"A1:I{L.TORNADO_LAST_ROW + 25}")


def _write_simulation(wb, ws, f: _Formats, cache):
    for c, w in enumerate((36, 17, 17, 17, 19, 3)):
        ws.set_column(c, c, w)
    sheet = L.SIMULATION_SHEET
    ws.write_string(0, 0, "Simulation (Monte Carlo) / Simulatie", f.title)
    _note(
        ws,
        1,
        6,
        "Every uncertain assumption is drawn from a Beta-PERT distribution (low, most likely = the value on "
        "'Assumptions', low and high in its columns C and D); the whole case is computed for each draw. The same seed "
        "gives the same numbers. P5..P95 is the range to plan with; the stress tests on 'Scenarios' lie far outside it. "
        "/ Elke onzekere aanname wordt getrokken uit een Beta-PERT-verdeling; dezelfde seed geeft dezelfde uitkomst.",
        105,
        f,
    )
    labels = {"simulation_draws": "Draws / Trekkingen (1 - 1,000,000)", "simulation_seed": "Seed"}
    for name, (_, ref, value) in L.SIMULATION_INPUTS.items():
        r = int(ref[1:]) - 1
        ws.write_string(r, 0, labels[name], f.bold)
        ws.write_number(r, 1, value, f.input("FTE"))
        ws.data_validation(
            r,
            1,
            r,
            1,
            {
                "validate": "integer",
                "criteria": "between",
                "minimum": 1 if name == "simulation_draws" else 0,
                "maximum": 1_000_000 if name == "simulation_draws" else 2**31 - 1,
                "error_title": "Not allowed",
                "error_message": f"{labels[name]}: enter a whole number in the range.",
            },
        )
    h = L.SIMULATION_STAT_HEADER_ROW - 1
    for c, text in enumerate(("", "P5", "P50 (median)", "P95", "Mean / Gemiddelde")):
        ws.write_string(h, c, text, f.header)
    ws.set_row(h, 30)
    for measure, r in L.SIMULATION_MEASURE_ROW.items():
        ws.write_string(r - 1, 0, "NPV / NCW (EUR)" if measure == "npv" else "ROI", f.bold)
        for i in range(len(L.SIMULATION_STATS)):
            _formula(ws, sheet, L.cell(r, i + 1), f.calc("EUR" if measure == "npv" else "fraction"), cache)
    prob_row = int(L.SIMULATION_PROB_CELL[1][1:]) - 1
    ws.write_string(prob_row, 0, "P(NPV > 0) / Kans op NCW > 0", f.bold)
    _formula(ws, sheet, L.SIMULATION_PROB_CELL[1], f.calc("fraction", bold=True), cache)
    _note(
        ws,
        prob_row + 1,
        4,
        "With 90% probability the NPV lies between P5 and P95. / Met 90% kans ligt de NCW tussen P5 en P95.",
        100,
        f,
    )
    h = L.HISTOGRAM_HEADER_ROW - 1
    ws.write_string(h - 1, 0, "NPV distribution / Verdeling van de NCW", f.section)
    for c, text in enumerate(("Bar / Staaf", "NPV from", "NPV to", "Draws", "Share")):
        ws.write_string(h, c, text, f.header)
    for r in range(L.HISTOGRAM_FIRST_ROW, L.HISTOGRAM_LAST_ROW + 1):
        ws.write_number(r - 1, 0, L.DECISION_CONSTANTS[(sheet, f"A{r}")], f.get(align="center"))
        for i, field in enumerate(L.HISTOGRAM_COLUMNS, start=1):
            fmt = (
                f.calc("EUR")
                if field.startswith("npv")
                else f.calc("fraction")
                if field == "share"
                else f.get(num_format="#,##0")
            )
            _formula(ws, sheet, L.cell(r, i), fmt, cache)
    ws.insert_chart(
        f"G{L.SIMULATION_STAT_HEADER_ROW}", _histogram_chart(wb, "NPV distribution (Monte Carlo, EUR) / Verdeling van de NCW")
    )
    _print_setup(ws, f"A1:Q{L.HISTOGRAM_LAST_ROW + 1}")
