"""The board pack: the decision, the story, the uncertainty, the teams and every assumption
on a few A4 landscape pages (PDF), in English or Dutch.

Layout only: every figure comes from :func:`xlengine.decision.board.board_figures`.
Charts are drawn with matplotlib (Agg, no display), the pages are set with reportlab's
Platypus. The text font is DejaVu Sans from matplotlib's own package data, so Dutch
characters (é, ë, ó) render without any system font.

Pages: 1 the decision (headline figures, the recommendation, benefits by lever, cumulative
net); 2 the story, sources as numbered footnotes; 3 what moves the NPV (tornado) and the
Monte Carlo distribution with P5/P50/P95; 4 the teams (when the workbook has any); then
planned against realised (when given: :func:`realised_page`); last the appendix: every
assumption with value, range, unit and source, and the reproducibility stamp.
"""

from __future__ import annotations

import datetime as _dt
import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from .. import __version__
from .. import i18n
from ..decision import tables as _tables

from ..decision.board import BoardFigures, Realised
from .board_charts import COLOURS  # noqa: F401 - importable from here
from .board_charts import _cumulative_chart, _histogram_chart, _lever_chart, _teams_chart, _tornado_chart
from .board_text import TEXT, UNITS_NL  # noqa: F401 - importable from here

__all__ = ["Stamp", "write_board_pack", "realised_page", "shown"]

PAGE_MARGIN = 30  # pt


@dataclass(frozen=True)
class Stamp:
    """What makes the pack reproducible: the input's name and hash, the version, the date."""

    source_name: str
    sha256: str
    version: str = __version__
    date: str = ""

    @staticmethod
    def now(source_name: str, sha256: str) -> "Stamp":
        return Stamp(source_name, sha256, __version__, _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"))


def shown(value: Any, unit: str, language: str = "en") -> str:
    """A figure as the pack shows it: :func:`xlengine.decision.tables.format_value`, whole
    eNPS points.

    >>> shown(337271.8, "EUR", "nl"), shown(1.678, "fraction"), shown(2.68, "ratio", "nl"), shown(2024, "edition")
    ('€ 337.272', '167.8%', '2,68', '2024')
    """
    return _tables.format_value(value, unit, language, 0 if unit == "eNPS points" else None)


# --- charts (matplotlib) ---------------------------------------------------------------------


# --- pages (reportlab) -------------------------------------------------------------------------

_FONTS: dict[str, str] = {}


def _fonts() -> dict[str, str]:
    """DejaVu Sans (regular, bold, italic) from matplotlib's package data, registered once."""
    if not _FONTS:
        import matplotlib
        from reportlab.lib.fonts import addMapping
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        folder = os.path.join(matplotlib.get_data_path(), "fonts", "ttf")
        for style, file in (
            ("regular", "DejaVuSans.ttf"),
            ("bold", "DejaVuSans-Bold.ttf"),
            ("italic", "DejaVuSans-Oblique.ttf"),
            ("bolditalic", "DejaVuSans-BoldOblique.ttf"),
        ):
            name = "XlDejaVu" + ("" if style == "regular" else "-" + style)
            pdfmetrics.registerFont(TTFont(name, os.path.join(folder, file)))
            _FONTS[style] = name
        for bold, italic, style in ((0, 0, "regular"), (1, 0, "bold"), (0, 1, "italic"), (1, 1, "bolditalic")):
            addMapping(_FONTS["regular"], bold, italic, _FONTS[style])
    return _FONTS


def _styles():
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle

    fonts = _fonts()
    ink = colors.HexColor(COLOURS["ink"])
    grey = colors.HexColor(COLOURS["grey"])
    base = ParagraphStyle("body", fontName=fonts["regular"], fontSize=10, leading=13.5)
    return {
        "title": ParagraphStyle("title", base, fontName=fonts["bold"], fontSize=18, leading=22, textColor=ink, spaceAfter=4),
        "sub": ParagraphStyle("sub", base, fontSize=8.5, leading=11, textColor=grey, spaceAfter=8),
        "h2": ParagraphStyle(
            "h2",
            base,
            fontName=fonts["bold"],
            fontSize=11,
            leading=14,
            textColor=ink,
            spaceBefore=6,
            spaceAfter=2,
            keepWithNext=1,
        ),
        "body": base,
        "note": ParagraphStyle("note", base, fontSize=7.5, leading=9.5, leftIndent=12, firstLineIndent=-12),
        "small": ParagraphStyle("small", base, fontSize=8, leading=10),
        "small_bold": ParagraphStyle("small_bold", base, fontName=fonts["bold"], fontSize=8, leading=10),
        "small_right": ParagraphStyle("small_right", base, fontSize=8, leading=10, alignment=2),
        "small_bold_right": ParagraphStyle("small_bold_right", base, fontName=fonts["bold"], fontSize=8, leading=10, alignment=2),
        "kpi_label": ParagraphStyle("kpi_label", base, fontSize=8.5, leading=10.5, textColor=grey),
        "kpi": ParagraphStyle("kpi", base, fontName=fonts["bold"], fontSize=14.5, leading=18, textColor=ink),
        "kpi_small": ParagraphStyle("kpi_small", base, fontName=fonts["bold"], fontSize=12.5, leading=16, textColor=ink),
        "advice": ParagraphStyle("advice", base, fontSize=12, leading=16, textColor=ink),
    }


def _esc(text: str) -> str:
    from xml.sax.saxutils import escape

    return escape(str(text))


def _image(buf: io.BytesIO, width: float, height: float):
    from reportlab.platypus import Image

    return Image(buf, width=width, height=height)


def _table(rows, widths, header_rows: int = 1, right_from: int = 1, zebra: bool = True, font_size: float = 8):
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    fonts = _fonts()
    t = Table(rows, colWidths=widths, repeatRows=header_rows)
    style = [
        ("FONTNAME", (0, 0), (-1, -1), fonts["regular"]),
        ("FONTSIZE", (0, 0), (-1, -1), font_size),
        ("FONTNAME", (0, 0), (-1, header_rows - 1), fonts["bold"]),
        ("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 0.8, colors.HexColor(COLOURS["ink"])),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ALIGN", (right_from, 0), (-1, -1), "RIGHT"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if zebra:
        for r in range(header_rows, len(rows), 2):
            style.append(("BACKGROUND", (0, r), (-1, r), colors.HexColor("#F2F5FA")))
    t.setStyle(TableStyle(style))
    return t


def _fitted(text: str, width: float, style, smallest: float = 10):
    """A headline figure on one line with its unit, in the style's size or smaller down to
    ``smallest`` points; a longer text (a sentence) wraps at that size."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Paragraph

    size = style.fontSize
    while size > smallest and stringWidth(text, style.fontName, size) > width:
        size -= 0.5
    fits = stringWidth(text, style.fontName, size) <= width
    shown = _esc(text).replace(" ", "&nbsp;") if fits else _esc(text)
    return Paragraph(shown, ParagraphStyle(f"{style.name}-{size}", style, fontSize=size, leading=size * 1.25))


def _decision_page(f: BoardFigures, st, width: float, stamp: Stamp) -> list:
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    lang = f.language
    T = TEXT[lang]
    payback = float(f.case.payback_months)
    pay = (
        shown(payback, "months", lang)
        if payback == payback and payback != float("inf")
        else i18n.no_payback(lang, f.case.horizon_years)
    )
    kpis = [
        (T["npv"], shown(float(f.case.npv), "EUR", lang), "kpi"),
        (T["roi"], shown(float(f.case.roi), "fraction", lang), "kpi"),
        (T["bcr"], shown(float(f.case.bcr), "ratio", lang), "kpi"),
        (T["payback"], pay, "kpi"),
        (T["prob"], shown(f.prob_positive, "fraction", lang), "kpi"),
        (T["band"], f"{shown(f.npv_p5, 'EUR', lang)} – {shown(f.npv_p95, 'EUR', lang)}", "kpi_small"),
    ]
    col = [width * w for w in (0.15, 0.11, 0.17, 0.17, 0.12, 0.28)]
    cells = [
        [Paragraph(_esc(label), st["kpi_label"]) for label, _, _ in kpis],
        [_fitted(value, w - 18, st[style]) for (_, value, style), w in zip(kpis, col)],
    ]
    box = Table(cells, colWidths=col)
    box.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor(COLOURS["band"])),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("TOPPADDING", (0, 0), (-1, 0), 7),
                ("BOTTOMPADDING", (0, 1), (-1, 1), 8),
                ("LEFTPADDING", (0, 0), (-1, -1), 9),
                ("LINEAFTER", (0, 0), (-2, -1), 0.5, colors.white),
            ]
        )
    )
    advice = Table(
        [[Paragraph(f"<b>{_esc(T['recommendation'])}:</b> {_esc(f.recommendation)}", st["advice"])]], colWidths=[width]
    )
    advice.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1.2, colors.HexColor(COLOURS["ink"])),
                ("LEFTPADDING", (0, 0), (-1, -1), 10),
                ("TOPPADDING", (0, 0), (-1, -1), 7),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
            ]
        )
    )
    half = (width - 14) / 2
    chart_h = 255
    charts = Table(
        [
            [
                _image(_lever_chart(f, (half / 72, chart_h / 72)), half, chart_h),
                _image(_cumulative_chart(f, (half / 72, chart_h / 72)), half, chart_h),
            ]
        ],
        colWidths=[half + 7, half + 7],
    )
    charts.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return [
        Paragraph(_esc(T["title"]), st["title"]),
        Paragraph(_esc(T["computed_from"].format(stamp.version, stamp.source_name)) + f" {_esc(stamp.date)}.", st["sub"]),
        Paragraph(_esc(T["figures"].format(i18n.years(lang, f.case.horizon_years))), st["h2"]),
        box,
        Spacer(1, 10),
        advice,
        Spacer(1, 12),
        charts,
    ]


def _story_page(f: BoardFigures, st) -> list:
    from reportlab.platypus import Paragraph

    T = TEXT[f.language]
    out = [Paragraph(_esc(T["story"]), st["title"])]
    for title, text, notes in f.story:
        marks = f"<super>{_note_numbers(notes)}</super>" if notes else ""
        out.append(Paragraph(_esc(title), st["h2"]))
        out.append(Paragraph(_esc(text) + marks, st["body"]))
    out.append(Paragraph(_esc(T["sources"]), st["h2"]))
    out += [Paragraph(f"{n}&nbsp;&nbsp;{_esc(note)}", st["note"]) for n, note in enumerate(f.footnotes, start=1)]
    return out


def _note_numbers(numbers: Sequence[int]) -> str:
    """Footnote marks with runs shortened: 1-4,7.

    >>> _note_numbers((1, 2, 3, 4, 7)), _note_numbers((3,)), _note_numbers((3, 4))
    ('1–4,7', '3', '3,4')
    """
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ",".join(f"{r[0]}–{r[-1]}" if len(r) > 2 else ",".join(map(str, r)) for r in runs)


def _uncertainty_page(f: BoardFigures, st, width: float) -> list:
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    lang = f.language
    T = TEXT[lang]
    left, right = width * 0.55, width * 0.45
    h = 390
    charts = Table(
        [
            [
                _image(_tornado_chart(f, (left / 72, h / 72)), left - 8, h),
                _image(_histogram_chart(f, (right / 72, h / 72)), right - 8, h),
            ]
        ],
        colWidths=[left, right],
    )
    charts.setStyle(
        TableStyle(
            [("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("VALIGN", (0, 0), (-1, -1), "TOP")]
        )
    )
    M = lambda x: shown(x, "EUR", lang)  # noqa: E731
    text = T["mc_text"].format(M(f.npv_p5), M(f.npv_p95), M(f.npv_p50), shown(f.prob_positive, "fraction", lang))
    return [
        Paragraph(_esc(T["uncertainty"]), st["title"]),
        Paragraph(_esc(T["tornado"]), st["sub"]),
        charts,
        Spacer(1, 8),
        Paragraph(_esc(text), st["body"]),
    ]


def _teams_page(f: BoardFigures, table: list[list[Any]], st, width: float, top: int = 12) -> list:
    from reportlab.platypus import Paragraph, TableStyle

    lang = f.language
    T = TEXT[lang]
    header, *teams, total = table
    cols = (0, 1, 2, 3, 4, 5, 6, 8, 9)  # team, headcount, eNPS before/after, per lever a year, over the horizon, share
    units = {1: "FTE", 2: "eNPS points", 3: "eNPS points", 4: "EUR", 5: "EUR", 6: "EUR", 8: "EUR", 9: "fraction"}
    rows = [[Paragraph(_esc(header[c]), st["small_bold"] if c == 0 else st["small_bold_right"]) for c in cols]]
    more = [[T["more_teams"].format(len(teams) - top)] + [None] * 9] if len(teams) > top else []
    for r in teams[:top] + more + [total]:
        rows.append(
            [Paragraph(_esc(r[0]), st["small_bold" if r is total else "small"])] + [shown(r[c], units[c], lang) for c in cols[1:]]
        )
    t = _table(rows, [width * w for w in (0.14, 0.10, 0.065, 0.065, 0.115, 0.115, 0.14, 0.13, 0.09)], font_size=8.5)
    t.setStyle(TableStyle([("FONTNAME", (0, len(rows) - 1), (-1, len(rows) - 1), _fonts()["bold"])]))
    shown_teams = min(len(teams), top)
    h = max(200, min(330, 330 - 14 * shown_teams + 60))
    return [
        Paragraph(_esc(T["teams"]), st["title"]),
        Spacer_(4),
        t,
        Spacer_(12),
        _image(_teams_chart(f, table, (width * 0.8 / 72, h / 72), top), width * 0.8, h),
    ]


def Spacer_(h: float):  # noqa: N802 - a flowable, named as reportlab names them
    from reportlab.platypus import Spacer

    return Spacer(1, h)


def realised_page(realised: Sequence[Realised] | None, language: str, st=None, width: float = 780) -> list:
    """The page "planned and realised" (a Results sheet of the workbook), or nothing when
    ``realised`` is None or empty: each figure planned, realised and the difference."""
    if not realised:
        return []
    from reportlab.platypus import Paragraph

    st = st or _styles()
    T = TEXT["nl" if language == "nl" else "en"]
    rows = [[T["assumption"], T["planned_col"], T["realised_col"], T["difference"]]]
    for r in realised:
        diff = None if r.realised is None else r.realised - r.planned
        rows.append(
            [
                Paragraph(_esc(r.label), st["small"]),
                shown(r.planned, r.unit, language),
                T["na"] if r.realised is None else shown(r.realised, r.unit, language),
                "" if diff is None else shown(diff, r.unit, language),
            ]
        )
    return [
        Paragraph(_esc(T["realised"]), st["title"]),
        _table(rows, [width * 0.46, width * 0.18, width * 0.18, width * 0.18], font_size=9),
    ]


def _range_text(row: dict, lang: str) -> str:
    if row["low"] is None:
        return "–"
    return f"{shown(row['low'], row['unit'], lang)} – {shown(row['high'], row['unit'], lang)}"


def _appendix_page(f: BoardFigures, st, width: float, stamp: Stamp) -> list:
    from reportlab.platypus import KeepTogether, Paragraph

    lang = f.language
    T = TEXT[lang]
    rows = [[Paragraph(_esc(h), st["small_bold"]) for h in (T["assumption"], T["value"], T["range"], T["unit"], T["source"])]]
    for row in f.appendix:
        source = T["own"] if row["own"] else row["source"] + ("" if row["verified"] else f" ({T['unverified']})")
        unit = UNITS_NL.get(row["unit"], row["unit"]) if lang == "nl" else row["unit"]
        rows.append(
            [
                Paragraph(_esc(row["label"]), st["small"]),
                Paragraph(_esc(shown(row["value"], row["unit"], lang)), st["small_right"]),
                Paragraph(_esc(_range_text(row, lang)), st["small_right"]),
                Paragraph(_esc(unit), st["small"]),
                Paragraph(_esc(source), st["small"]),
            ]
        )
    table = _table(rows, [width * w for w in (0.22, 0.09, 0.18, 0.095, 0.415)], right_from=5)
    stamp_rows = [
        [T["file"], stamp.source_name],
        [T["sha"], stamp.sha256],
        [T["version"], stamp.version],
        [T["seed"], T["seed_text"].format(_tables.num(f.draws, lang, 0), f.seed)],
        [T["date"], stamp.date],
    ]
    stamp_table = _table(
        [[Paragraph(_esc(T["stamp"]), st["small_bold"]), ""]] + stamp_rows,
        [width * 0.22, width * 0.78],
        right_from=2,
        zebra=False,
    )
    return [
        Paragraph(_esc(T["appendix"]), st["title"]),
        Paragraph(_esc(T["appendix_sub"]), st["sub"]),
        table,
        Spacer_(10),
        KeepTogether([stamp_table]),
    ]


def write_board_pack(target: Path, figures: BoardFigures, stamp: Stamp) -> None:
    """Write the pack to ``target`` (a new file: callers go through safe_io.write_new)."""
    from reportlab.lib.colors import HexColor
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.platypus import BaseDocTemplate, Frame, NextPageTemplate, PageBreak, PageTemplate

    fonts = _fonts()
    st = _styles()
    lang = figures.language
    T = TEXT[lang]
    size = landscape(A4)
    width = size[0] - 2 * PAGE_MARGIN
    height = size[1] - 2 * PAGE_MARGIN - 12

    def footer(canvas, doc):
        canvas.saveState()
        canvas.setFont(fonts["regular"], 7.5)
        canvas.setFillColor(HexColor(COLOURS["grey"]))
        canvas.drawString(PAGE_MARGIN, 18, T["footer"].format(stamp.source_name))
        canvas.drawRightString(size[0] - PAGE_MARGIN, 18, T["page"].format(doc.page))
        canvas.restoreState()

    one = Frame(
        PAGE_MARGIN, PAGE_MARGIN + 6, width, height, id="one", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0
    )
    gap = 24
    col = (width - gap) / 2
    two = [
        Frame(
            PAGE_MARGIN + i * (col + gap),
            PAGE_MARGIN + 6,
            col,
            height,
            id=f"col{i}",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        for i in range(2)
    ]
    doc = BaseDocTemplate(
        str(target),
        pagesize=size,
        title=T["title"],
        author=f"xlengine {stamp.version}",
        subject=stamp.source_name,
        leftMargin=PAGE_MARGIN,
        rightMargin=PAGE_MARGIN,
        topMargin=PAGE_MARGIN,
        bottomMargin=PAGE_MARGIN,
        pageTemplates=[PageTemplate("one", [one], onPage=footer), PageTemplate("two", two, onPage=footer)],
    )
    flow = _decision_page(figures, st, width, stamp)
    flow += [NextPageTemplate("two"), PageBreak()] + _story_page(figures, st)
    flow += [NextPageTemplate("one"), PageBreak()] + _uncertainty_page(figures, st, width)
    if figures.teams:
        flow += [PageBreak()] + _teams_page(figures, figures.teams, st, width)
    realised = realised_page(figures.realised, lang, st, width)
    if realised:
        flow += [PageBreak()] + realised
    flow += [PageBreak()] + _appendix_page(figures, st, width, stamp)
    doc.build(flow)
