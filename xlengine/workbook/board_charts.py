"""The board pack's charts, drawn with matplotlib (Agg): benefits by lever, cumulative net,
the tornado, the Monte Carlo histogram with its percentiles, savings per team. Each returns a
PNG in memory for :mod:`.board_pdf` to place."""

from __future__ import annotations

import io
import textwrap
from typing import Any

from .. import i18n
from ..decision import tables as _tables

from ..decision.board import BoardFigures
from ..engine.case import LEVERS
from .board_text import TEXT


COLOURS = {
    "turnover": "#1F4E79",
    "absence": "#2E75B6",
    "productivity": "#9DC3E6",
    "cost": "#C00000",
    "positive": "#548235",
    "negative": "#C00000",
    "low": "#C00000",
    "high": "#2F5597",
    "ink": "#1F3864",
    "grey": "#595959",
    "band": "#EAF1FB",
}


def _pyplot():
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    plt.rcParams.update(
        {
            "font.family": "DejaVu Sans",
            "font.size": 9,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.titlesize": 10,
            "axes.titleweight": "bold",
        }
    )
    return plt


def _png(fig) -> io.BytesIO:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=170, bbox_inches="tight")
    import matplotlib.pyplot as plt

    plt.close(fig)
    buf.seek(0)
    return buf


def _money_axis(ax, lang: str, axis: str = "y") -> None:
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_formatter(FuncFormatter(lambda x, _: _tables.money(x, lang)))
    target.set_major_locator(MaxNLocator(5 if axis == "y" else 4))  # euro labels are wide: fewer across
    ax.grid(axis=axis, color="#D9D9D9", linewidth=0.6)
    ax.set_axisbelow(True)


def _lever_chart(f: BoardFigures, size) -> io.BytesIO:
    plt = _pyplot()
    lang = f.language
    lab = i18n.CASE[lang]
    names = [lab[lever] for lever in LEVERS] + [TEXT[lang]["cost"]]
    values = [float(f.case.benefits_by_lever[lever].sum()) for lever in LEVERS] + [float(f.case.total_costs)]
    colours = [COLOURS[lever] for lever in LEVERS] + [COLOURS["cost"]]
    fig, ax = plt.subplots(figsize=size)
    bars = ax.barh(names, values, color=colours)
    ax.invert_yaxis()
    _money_axis(ax, lang, "x")
    for bar, v in zip(bars, values):
        ax.text(bar.get_width(), bar.get_y() + bar.get_height() / 2, " " + _tables.money(v, lang), va="center", fontsize=8)
    ax.set_xlim(0, max(values + [1]) * 1.3)
    ax.set_title(TEXT[lang]["levers"].format(i18n.years(lang, f.case.horizon_years)), loc="left")
    return _png(fig)


def _cumulative_chart(f: BoardFigures, size) -> io.BytesIO:
    plt = _pyplot()
    lang = f.language
    lab = i18n.CASE[lang]
    values = [float(v) for v in f.case.cumulative]
    names = ["Start"] + [lab["year"].format(y) for y in range(1, len(values))]
    fig, ax = plt.subplots(figsize=size)
    bars = ax.bar(names, values, color=[COLOURS["positive"] if v >= 0 else COLOURS["negative"] for v in values])
    ax.axhline(0, color="#404040", linewidth=0.8)
    _money_axis(ax, lang)
    span = max(abs(v) for v in values) or 1
    for bar, v in zip(bars, values):
        ax.text(
            bar.get_x() + bar.get_width() / 2,
            v + (0.03 * span if v >= 0 else -0.03 * span),
            _tables.money(v, lang),
            ha="center",
            va="bottom" if v >= 0 else "top",
            fontsize=8,
        )
    ax.set_ylim(min(0, min(values)) - 0.15 * span, max(0, max(values)) + 0.15 * span)
    ax.set_title(TEXT[lang]["cumulative"], loc="left")
    return _png(fig)


def _tornado_chart(f: BoardFigures, size, top: int = 10) -> io.BytesIO:
    plt = _pyplot()
    lang = f.language
    base = float(f.case.npv)
    rows = f.tornado[:top]
    fig, ax = plt.subplots(figsize=size)
    labels = ["\n".join(textwrap.wrap(r["label"], 34)) for r in rows]
    y = range(len(rows))
    ax.barh(y, [r["npv_low"] - base for r in rows], left=base, color=COLOURS["low"], label=TEXT[lang]["at_low"], height=0.65)
    ax.barh(y, [r["npv_high"] - base for r in rows], left=base, color=COLOURS["high"], label=TEXT[lang]["at_high"], height=0.65)
    ax.axvline(base, color="#404040", linewidth=0.9)
    ax.set_yticks(list(y), labels, fontsize=7.5)
    ax.invert_yaxis()
    _money_axis(ax, lang, "x")
    ax.legend(loc="lower right", fontsize=7.5, frameon=False)
    ax.set_title(f"{TEXT[lang]['base']}: {_tables.money(base, lang)}", loc="left", fontsize=9)
    return _png(fig)


def _histogram_chart(f: BoardFigures, size) -> io.BytesIO:
    plt = _pyplot()
    lang = f.language
    fig, ax = plt.subplots(figsize=size)
    for lo, hi, count in f.histogram:
        ax.bar(
            lo,
            count,
            width=hi - lo,
            align="edge",
            color=COLOURS["positive"] if lo >= 0 else COLOURS["negative"],
            edgecolor="white",
            linewidth=0.5,
        )
    top = max(c for _, _, c in f.histogram) or 1
    # labels on two levels: P5 and P50 (or P50 and P95) may stand close together
    for level, (name, x) in zip((1.04, 1.22, 1.04), (("P5", f.npv_p5), ("P50", f.npv_p50), ("P95", f.npv_p95))):
        ax.axvline(x, color=COLOURS["ink"], linestyle="--", linewidth=1.1)
        ax.text(
            x,
            top * level,
            f"{name}: {_tables.money(x, lang)}",
            ha="center",
            va="bottom",
            fontsize=7.5,
            color=COLOURS["ink"],
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1},
        )
    ax.set_ylim(0, top * 1.36)
    _money_axis(ax, lang, "x")
    ax.set_ylabel(TEXT[lang]["draws"])
    ax.set_xlabel(TEXT[lang]["npv_axis"])
    ax.set_title(TEXT[lang]["histogram"].format(_tables.num(f.draws, lang, 0), f.seed), loc="left", fontsize=9)
    return _png(fig)


def _teams_chart(f: BoardFigures, teams: list[list[Any]], size, top: int) -> io.BytesIO:
    plt = _pyplot()
    lang = f.language
    rows = teams[1:-1][:top]
    fig, ax = plt.subplots(figsize=size)
    names = ["\n".join(textwrap.wrap(str(r[0]), 22)) for r in rows]
    left = [0.0] * len(rows)
    years = f.case.horizon_years
    share = [r[8] / r[7] if r[7] else 0.0 for r in rows]  # horizon total per yearly euro: each lever's part of it
    lab = i18n.CASE[lang]
    for k, lever in enumerate(LEVERS):
        part = [r[4 + k] * s for r, s in zip(rows, share)]
        ax.barh(names, part, left=left, color=COLOURS[lever], label=lab[lever])
        left = [a + b for a, b in zip(left, part)]
    ax.invert_yaxis()
    _money_axis(ax, lang, "x")
    ax.tick_params(axis="y", labelsize=7.5)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=3, fontsize=7.5, frameon=False)
    ax.set_title(TEXT[lang]["teams_chart"].format(i18n.years(lang, years)), loc="left", fontsize=9)
    return _png(fig)
