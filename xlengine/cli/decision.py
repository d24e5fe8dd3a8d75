"""Command line for decision support: simulate, scenarios, sensitivity, breakeven, story, teams.

An adapter: it reads the files, calls :mod:`xlengine.decision`, and prints.
:func:`xlengine.cli.build_parser` calls :func:`add_parsers`.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any, Callable, TextIO

from ..decision import story as _story
from ..decision import tables
from ..decision import teams as _teams
from ..decision import uncertainty as _uncertainty
from ..engine.errors import InputError
from ..engine.validate import assumptions as _checked
from ..engine.validate import given as _given
from .case import csv_rows, read_assumptions, read_text_file
from .format import fmt_value, table
from .jsonout import dump as _dump

MAX_DRAWS = _uncertainty.MAX_DRAWS


class ProgressBar:
    """A progress bar on ``stream`` that appears only once a run has taken ``delay`` seconds.

    Short runs print nothing; a long one shows ``[#####.....]  50%  500,000 / 1,000,000``
    and ends with a newline. ``clock`` is injectable for tests.
    """

    def __init__(self, label: str, stream: TextIO | None = None, delay: float = 1.0,
                 width: int = 30, clock: Callable[[], float] = time.perf_counter):
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


def _shown(v: Any, label: str = "") -> str:
    if v is None:
        return ""
    if isinstance(v, str):
        return v
    low = label.lower()
    if low.startswith(("roi", "p(npv")) or "share" in low or "aandeel" in low:
        return fmt_value(v, "fraction")
    if low.startswith(("bcr", "baten-kosten")):
        return f"{v:.2f}"
    if "month" in low or "maanden" in low or low in ("draws", "seed"):
        return f"{v:,.1f}" if not float(v).is_integer() else f"{v:,.0f}"
    return fmt_value(v, "EUR")


def _print_rows(rows: list[list[Any]], right_from: int = 1) -> None:
    shown = [[str(c) for c in rows[0]]]
    for r in rows[1:]:
        shown.append([str(r[0])] + [_shown(c, str(r[0])) for c in r[1:]])
    print(table(shown, [i >= right_from for i in range(len(rows[0]))]))


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
        _dump({"draws": sim.draws, "seed": sim.seed,
               "npv": dict(zip(("p5", "p50", "p95"), p["npv"]), mean=float(sim.npv.mean())),
               "roi": dict(zip(("p5", "p50", "p95"), p["roi"]), mean=float(sim.roi.mean())),
               "prob_npv_positive": sim.prob_positive,
               "ranges": {k: {"low": v[0], "most_likely": v[1], "high": v[2]} for k, v in sim.ranges.items()}})
        return 0
    print(f"Monte Carlo of the business case: {sim.draws:,} draws, seed {sim.seed}, Beta-PERT ranges "
          f"({len(sim.ranges)} uncertain assumptions), {elapsed:.2f} s\n")
    rows = tables.simulation_table(sim)
    _print_rows(rows[:3])
    print(f"\nP(NPV > 0): {sim.prob_positive * 100:.1f}%")
    print(f"With 90% probability the NPV lies between EUR {p['npv'][0]:,.0f} and EUR {p['npv'][2]:,.0f}.")
    return 0


def cmd_scenarios(args: argparse.Namespace) -> int:
    a = _assumptions(args.assumptions)
    rows = tables.scenario_table(a, args.language)
    if args.phillips_strict:
        # the strict case's own base column: its figures, and its assumptions as they are
        strict = tables.scenario_table(_uncertainty.phillips_strict(a), args.language)
        head = "Phillips strikt (alleen jaar 1)" if args.language == "nl" else "Phillips strict (year 1 only)"
        rows = [r + [head if i == 0 else s[2]] for i, (r, s) in enumerate(zip(rows, strict))]
    if args.json:
        _dump(rows)
        return 0
    cut = next(i for i, r in enumerate(rows) if r[1] is None and i > 0)
    _print_rows(rows[:cut])
    print()
    print(table([[str(r[0]), *(f"{c:g}" for c in r[1:])] if i else [str(r[0])] + [""] * (len(r) - 1)
                  for i, r in enumerate(rows[cut:])], [False] + [True] * (len(rows[0]) - 1)))
    return 0


def cmd_sensitivity(args: argparse.Namespace) -> int:
    rows = tables.sensitivity_table(_assumptions(args.assumptions), args.language)
    if args.json:
        _dump([dict(zip(rows[0], r)) for r in rows[1:]])
        return 0
    shown = [[rows[0][0], rows[0][2], rows[0][3], rows[0][4], rows[0][5], rows[0][6], rows[0][9]]]
    for r in rows[1:]:
        shown.append([r[0], f"{r[2]:g}", f"{r[3]:g}", f"{r[4]:g}", f"{r[5]:,.0f}", f"{r[6]:,.0f}", f"{r[9]:,.0f}"])
    print(table(shown, [False] + [True] * 6))
    return 0


def cmd_breakeven(args: argparse.Namespace) -> int:
    be = _uncertainty.breakeven(_assumptions(args.assumptions), args.lever)
    if args.json:
        _dump({"lever": be.lever, "improvement": be.improvement, "key": be.key, "value": be.value,
               "planned": be.planned, "npv_without": be.npv_without})
        return 0
    if be.lever in ("turnover", "absence"):
        what = (f"{be.improvement * 100:.2f} percentage points ({be.key} = {be.value * 100:.2f}%); "
                f"the plan assumes {be.planned * 100:.2f} points")
    else:
        what = f"{be.improvement * 100:.2f}% ({be.key}); the plan assumes {be.planned * 100:.2f}%"
    print(f"Break-even (NPV = 0) on {be.lever}, the other assumptions as given: {what}.")
    if be.improvement < 0:
        print(f"Negative: the other levers pay back on their own; {be.lever} may even worsen by that much.")
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
        return 0
    for section, text in rows:
        print(f"{section}\n{text}\n")
    return 0


def _read_rows(path: Path) -> list[list[str]]:
    text = read_text_file(path, "TEAMS")
    header, rows = csv_rows(path, text, "TEAMS", first_row_header=True)
    return ([header] if header is not None else []) + [row for _, row in rows]


def cmd_teams(args: argparse.Namespace) -> int:
    org = _assumptions(args.assumptions)
    rows = _teams.table(_teams.analyse(_teams.parse_table(_read_rows(Path(args.teams))), org), args.language)
    if args.json:
        _dump([dict(zip(rows[0], r)) for r in rows[1:]])
        return 0
    # the note (last column) goes under the table, one line per team that has one
    shown = [[str(c) for c in rows[0][:-1]]]
    for r in rows[1:]:
        shown.append([r[0], f"{r[1]:,.1f}", "" if r[2] is None else f"{r[2]:.0f}", "" if r[3] is None else f"{r[3]:.0f}",
                      *(f"{c:,.0f}" for c in r[4:9]), "" if r[9] is None else f"{r[9] * 100:.1f}%"])
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
        p.add_argument("--language", choices=("en", "nl"), default=language)

    s = sub.add_parser("simulate", help="Monte Carlo of the case (Beta-PERT ranges): P5/P50/P95 of NPV and ROI")
    common(s)
    s.add_argument("--draws", type=int, default=10_000, help="number of draws (default 10,000)")
    s.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    s.set_defaults(func=cmd_simulate)

    s = sub.add_parser("scenarios", help="stress test (every assumption unfavourable at once) / base / stress test (favourable) side by side")
    common(s)
    s.add_argument("--phillips-strict", action="store_true",
                   help="add the Phillips-strict scenario: first-year benefits only (guiding principle 9)")
    s.set_defaults(func=cmd_scenarios)

    s = sub.add_parser("sensitivity", help="tornado table: NPV range per uncertain assumption")
    common(s)
    s.set_defaults(func=cmd_sensitivity)

    s = sub.add_parser("breakeven", help="improvement on one lever for NPV = 0")
    common(s)
    s.add_argument("--lever", choices=tuple(_uncertainty.LEVERS), default="turnover")
    s.set_defaults(func=cmd_breakeven)

    s = sub.add_parser("story", help="the board story (problem, intervention, result, impact)")
    common(s, language="nl")
    s.add_argument("--draws", type=int, default=10_000, help="Monte Carlo draws for the range (default 10,000)")
    s.add_argument("--seed", type=int, default=1)
    s.add_argument("--evidence", metavar="TEAMS.csv", help="set turnover_after / absence_after from the organisation's own "
                   "evidence across these teams (see xlengine evidence)")
    s.set_defaults(func=cmd_story)

    s = sub.add_parser("teams", help="savings per team from a Teams .csv (header row) and the assumptions")
    s.add_argument("teams", help="TEAMS.csv: team, headcount, employer_cost, turnover_before, ...")
    common(s)
    s.set_defaults(func=cmd_teams)
