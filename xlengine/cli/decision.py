"""Command line for decision support: simulate, scenarios, sensitivity, breakeven, story, teams.

An adapter: it reads the files, calls :mod:`xlengine.decision`, and prints.
:func:`xlengine.cli.build_parser` calls :func:`add_parsers`.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from pathlib import Path
from typing import Callable, TextIO

from ..decision import story as _story
from ..decision import tables
from ..decision import teams as _teams
from ..decision import uncertainty as _uncertainty
from ..engine.errors import InputError
from ..engine.validate import assumptions as _checked
from ..engine.validate import given as _given
from .case import csv_rows, read_assumptions, read_text_file
from ..decision.messages import say, word
from ..decision.tables import format_value, num, pct
from .format import add_language, table
from .jsonout import dump as _dump

MAX_DRAWS = _uncertainty.MAX_DRAWS


class ProgressBar:
    """A progress bar on ``stream`` that appears only once a run has taken ``delay`` seconds.

    Short runs print nothing; a long one shows ``[#####.....]  50%  500,000 / 1,000,000``
    and ends with a newline. ``clock`` is injectable for tests.
    """

    def __init__(
        self,
        label: str,
        stream: TextIO | None = None,
        delay: float = 1.0,
        width: int = 30,
        clock: Callable[[], float] = time.perf_counter,
    ):
        self.label, self.stream, self.delay, self.width, self.clock = label, stream or sys.stderr, delay, width, clock
        self.start = clock()
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if not self.shown and self.clock() - self.start < self.delay:
            return
        self.shown = True
        filled = int(self.width * done / total) if total else self.width
        bar = "#" * filled + "." * (self.width - filled)
        self.stream.write(f"\r{self.label} [{bar}] {100 * done / total:5.1f}%  {done:,} / {total:,}")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()


def _assumptions(path: str) -> dict[str, float]:
    return _checked(read_assumptions(Path(path)))


def _print_table(t: tables.Table, language: str, columns: tuple[str, ...] | None = None) -> None:
    """``t`` with every figure in its unit; a heading row starts a table of its own below.
    ``columns``: the value columns to show (by their names in ``t.columns``), all by default."""
    keep = [0] + [1 + t.columns.index(c) for c in columns] if columns else None
    lead = 2 if t.key_column else 1
    blocks: list[list[list[str]]] = [[]]
    for i, row in enumerate(t.formatted(language)):
        if i and t.rows[i - 1].unit == "heading":
            blocks.append([])
        blocks[-1].append(row if keep is None else [row[0], *(row[lead - 1 + k] for k in keep[1:])])
    for n, block in enumerate(blocks):
        if n:
            print()
        print(table(block, [i >= (1 if keep else lead) for i in range(len(block[0]))]))


# --- commands ---------------------------------------------------------------------------


def cmd_simulate(args: argparse.Namespace) -> int:
    if not 1 <= args.draws <= MAX_DRAWS:
        raise InputError("--draws", f"--draws = {args.draws:,} is outside 1 to {MAX_DRAWS:,}: enter a number in that range.")
    a = _assumptions(args.assumptions)
    bar = ProgressBar("simulating")
    started = time.perf_counter()
    sim = _uncertainty.simulate(a, draws=args.draws, seed=args.seed, progress=bar)
    elapsed = time.perf_counter() - started
    p = sim.percentiles()
    if args.json:
        _dump(
            {
                "draws": sim.draws,
                "seed": sim.seed,
                "npv": dict(zip(("p5", "p50", "p95"), p["npv"]), mean=float(sim.npv.mean())),
                "roi": dict(zip(("p5", "p50", "p95"), p["roi"]), mean=float(sim.roi.mean())),
                "prob_npv_positive": sim.prob_positive,
                "ranges": {k: {"low": v[0], "most_likely": v[1], "high": v[2]} for k, v in sim.ranges.items()},
            }
        )
        return 0
    lang = args.language
    print(
        say(
            lang,
            "simulate_head",
            draws=num(sim.draws, lang, 0),
            seed=str(sim.seed),
            uncertain=str(len(sim.ranges)),
            seconds=num(elapsed, lang, 2, trim=False),
        )
        + "\n"
    )
    t = tables.simulation_rows(sim, lang)
    _print_table(tables.Table(t.header, t.rows[:2], t.columns, t.column_units), lang)
    print("\n" + say(lang, "simulate_positive", prob=format_value(sim.prob_positive, "fraction", lang)))
    print(say(lang, "simulate_range", p5=format_value(p["npv"][0], "EUR", lang), p95=format_value(p["npv"][2], "EUR", lang)))
    return 0


def cmd_scenarios(args: argparse.Namespace) -> int:
    a = _assumptions(args.assumptions)
    t = tables.scenario_rows(a, args.language)
    if args.phillips_strict:
        # the strict case's own base column: its figures, and its assumptions as they are
        strict = tables.scenario_rows(_uncertainty.phillips_strict(a), args.language)
        head = "Phillips strikt (alleen jaar 1)" if args.language == "nl" else "Phillips strict (year 1 only)"
        t = dataclasses.replace(
            t,
            header=(*t.header, head),
            columns=(*t.columns, "phillips_strict"),
            rows=tuple(dataclasses.replace(r, values=(*r.values, s.values[1])) for r, s in zip(t.rows, strict.rows)),
        )
    if args.json:
        _dump(t.grid())
        return 0
    _print_table(t, args.language)
    return 0


def cmd_sensitivity(args: argparse.Namespace) -> int:
    t = tables.sensitivity_rows(_assumptions(args.assumptions), args.language)
    if args.json:
        rows = t.grid()
        _dump([dict(zip(rows[0], r)) for r in rows[1:]])
        return 0
    _print_table(t, args.language, ("low", "most_likely", "high", "npv_at_low", "npv_at_high", "swing"))
    return 0


def cmd_breakeven(args: argparse.Namespace) -> int:
    be = _uncertainty.breakeven(_assumptions(args.assumptions), args.lever)
    if args.json:
        _dump(
            {
                "lever": be.lever,
                "improvement": be.improvement,
                "key": be.key,
                "value": be.value,
                "planned": be.planned,
                "npv_without": be.npv_without,
            }
        )
        return 0
    lang = args.language
    P = lambda x: pct(x, lang, 2, trim=False)  # noqa: E731
    if be.lever in ("turnover", "absence"):
        print(
            say(
                lang,
                "breakeven_rate",
                lever=word(lang, f"lever_{be.lever}"),
                points=num(be.improvement * 100, lang, 2, trim=False),
                key=be.key,
                value=P(be.value),
                planned=num(be.planned * 100, lang, 2, trim=False),
            )
        )
    else:
        print(
            say(
                lang,
                "breakeven_share",
                lever=word(lang, f"lever_{be.lever}"),
                value=P(be.improvement),
                key=be.key,
                planned=P(be.planned),
            )
        )
    if be.improvement < 0:
        print(say(lang, "breakeven_negative", lever=word(lang, f"lever_{be.lever}")))
    return 0


def cmd_story(args: argparse.Namespace) -> int:
    raw = read_assumptions(Path(args.assumptions))
    a = _checked(raw)
    evidence = None
    if args.evidence:  # the "after" values from the organisation's own evidence (xlengine evidence)
        from ..decision.evidence import apply

        a, evidence = apply(_teams.parse_table(_read_rows(Path(args.evidence)))[1], a, args.language)
    rows = _story.story(a, args.language, draws=args.draws, seed=args.seed, given=_given(raw), evidence=evidence)
    if args.json:
        _dump([{"section": s, "text": t} for s, t in rows])
    else:
        for section, text in rows:
            print(f"{section}\n{text}\n")
    missing = [e for e in evidence or () if not e.figure]
    for e in missing:  # a finding: the story tells the typed (or default) target, not the evidence
        print(
            f"xlengine: finding: the evidence gives no figure for {e.outcome}_after ({e.reason[:1].lower()}{e.reason[1:].rstrip('.')}); "
            f"the story uses the case's own {e.outcome}_after.",
            file=sys.stderr,
        )
    return 1 if missing else 0


def _read_rows(path: Path) -> list[list[str]]:
    text = read_text_file(path, "TEAMS")
    header, rows = csv_rows(path, text, "TEAMS", first_row_header=True, comment_lines=False)
    return ([header] if header is not None else []) + [row for _, row in rows]


def cmd_teams(args: argparse.Namespace) -> int:
    org = _assumptions(args.assumptions)
    rows = _teams.table(_teams.analyse(_teams.parse_table(_read_rows(Path(args.teams))), org), args.language)
    if args.json:
        _dump([dict(zip(rows[0], r)) for r in rows[1:]])
        return 0
    # the note (last column) goes under the table, one line per team that has one
    units = ("text", *tables.TEAM_COLUMN_UNITS)
    shown = [[str(c) for c in rows[0][:-1]]] + [
        [tables.format_value(c, u, args.language, 1 if u == "FTE" else None) for c, u in zip(r[:-1], units)] for r in rows[1:]
    ]  # headcounts to one decimal
    print(table(shown, [False] + [True] * (len(rows[0]) - 2)))
    notes = [f"  {r[0]}: {r[-1]}" for r in rows[1:] if r[-1]]
    if notes:
        print(f"\n{rows[0][-1]}:")
        print("\n".join(notes))
    return 0


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """Add the decision-support subcommands to ``xlengine``'s parser."""

    def common(p, language="en"):
        p.add_argument("assumptions", help="ASSUMPTIONS.csv or ASSUMPTIONS.json (key,value)")
        p.add_argument("--json", action="store_true", help="print machine-readable JSON")
        add_language(p, language)

    s = sub.add_parser("simulate", help="Monte Carlo of the case (Beta-PERT ranges): P5/P50/P95 of NPV and ROI")
    common(s)
    s.add_argument("--draws", type=int, default=10_000, help="number of draws (default 10,000)")
    s.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    s.set_defaults(func=cmd_simulate)

    s = sub.add_parser(
        "scenarios", help="stress test (every assumption unfavourable at once) / base / stress test (favourable) side by side"
    )
    common(s)
    s.add_argument(
        "--phillips-strict",
        action="store_true",
        help="add the Phillips-strict scenario: first-year benefits only (guiding principle 9)",
    )
    s.set_defaults(func=cmd_scenarios)

    s = sub.add_parser("sensitivity", help="tornado table: NPV range per uncertain assumption")
    common(s)
    s.set_defaults(func=cmd_sensitivity)

    s = sub.add_parser("breakeven", help="improvement on one lever for NPV = 0")
    common(s)
    s.add_argument(
        "--lever",
        choices=tuple(_uncertainty.LEVERS),
        default="turnover",
        help="the lever whose improvement is solved for (default turnover; gap_closed in benchmark mode)",
    )
    s.set_defaults(func=cmd_breakeven)

    s = sub.add_parser("story", help="the board story (problem, intervention, result, impact)")
    common(s, language="nl")
    s.add_argument("--draws", type=int, default=10_000, help="Monte Carlo draws for the range (default 10,000)")
    s.add_argument("--seed", type=int, default=1, help="random seed of the Monte Carlo (default 1)")
    s.add_argument(
        "--evidence",
        metavar="TEAMS.csv",
        help="set turnover_after / absence_after from the organisation's own "
        "evidence across these teams (see xlengine evidence); exit 1 when it gives no figure for one of them",
    )
    s.set_defaults(func=cmd_story)

    s = sub.add_parser("teams", help="savings per team from a Teams .csv (header row) and the assumptions")
    s.add_argument("teams", help="TEAMS.csv: team, headcount, employer_cost, turnover_before, ...")
    common(s)
    s.set_defaults(func=cmd_teams)
