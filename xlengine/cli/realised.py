"""Command line for realised results: ``xlengine realised`` (difference-in-differences across teams).

An adapter: the HR exports are read through :mod:`xlengine.decision.hr_import` (as
``roster`` and ``survey`` read them), the team table and the effects come from
:mod:`xlengine.decision.realised`, the sentence from :mod:`xlengine.decision.story`.
Warnings go to stderr as ``warning: ...`` lines (exit 1); a refusal is one sentence, exit
2, nothing written. No output holds a name or an employee id: only team figures.
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path
from typing import Any

import numpy as np

from ..decision import realised as _realised
from ..decision import realised_import as _import
from ..engine.errors import InputError
from . import jsonout
from .format import csv_text, table
from .hr import _check_input, _warn, parse_day

__all__ = ["add_parsers", "cmd_realised", "parse_period"]


def parse_period(text: str, name: str) -> tuple[np.datetime64, np.datetime64]:
    """FIRST:LAST (both days included), each 2024-01-31 or 31-01-2024.

    >>> parse_period("2024-01-01:2024-12-31", "--before")
    (np.datetime64('2024-01-01'), np.datetime64('2024-12-31'))
    """
    first, sep, last = str(text).partition(":")
    if not sep or not first.strip() or not last.strip():
        raise InputError(name, f"{name} = {text!r} is not a period: give FIRST:LAST, e.g. 2024-01-01:2024-12-31.")
    return parse_day(first, name), parse_day(last, name)


def _from_exports(args: argparse.Namespace) -> tuple[list[str], dict, list[str], float]:
    from ..decision import hr_import
    from ..decision.workforce import period_years

    before, after = parse_period(args.before, "--before"), parse_period(args.after, "--after")
    _realised.check_periods(*before, *after)
    if not args.participation:
        raise InputError(
            "--participation",
            "--participation is missing: give the file that says which teams took part "
            "(team, participating 1/0, optionally start_date).",
        )
    roster = hr_import.read_roster(_check_input(args.employees, "EMPLOYEES"))
    findings = list(roster.findings)
    sick = None
    if args.absence:
        s = hr_import.read_sick_periods(_check_input(args.absence, "--absence"), roster)
        findings += s.findings
        sick = (s.row, s.start, s.end, s.share)
    part = _import.read_participation(_check_input(args.participation, "--participation"))
    teams = sorted(set(roster.team.tolist()))
    unknown = sorted(set(part.team.tolist()) - set(teams))
    if unknown:
        findings.append(
            f"warning: {len(unknown)} team(s) of {Path(args.participation).name} are not in {roster.path.name}: left out."
        )
    took, more = _import.arms(teams, part, before, after)
    findings += more
    waves: list[tuple[np.ndarray, np.ndarray] | None] = []
    for option, path in (("--survey-before", args.survey_before), ("--survey-after", args.survey_after)):
        if path is None:
            waves.append(None)
            continue
        scores, team = hr_import.read_survey(_check_input(path, option), option)
        if team is None:
            raise InputError(option, f"{Path(path).name} has no team column: per-team eNPS needs the team of each answer.")
        waves.append((team, scores))
    if (waves[0] is None) != (waves[1] is None):
        raise InputError(
            "--survey-after" if waves[1] is None else "--survey-before",
            "an eNPS effect needs both waves: give --survey-before and --survey-after, or neither.",
        )
    names, cols, more = _import.team_panel(
        roster.team,
        roster.start,
        roster.end,
        roster.fte,
        roster.voluntary,
        took,
        before,
        after,
        sick,
        waves[0],
        waves[1],
        args.confidence,
    )
    findings += more
    if not sick:
        for k in ("absence_before", "absence_after"):
            cols[k] = np.full(len(names), np.nan)
    return names, cols, findings, period_years(*after)


def _from_table(args: argparse.Namespace) -> tuple[list[str], dict, list[str], float]:
    from . import decision as _cli_decision

    rows = _cli_decision._read_rows(Path(args.teams))
    names, cols = _realised.parse_table(rows)
    return names, cols, [], float(args.years_after)


def _pct(v: Any, decimals: int = 1) -> str:
    return "" if v is None or (isinstance(v, float) and math.isnan(v)) else f"{v * 100:.{decimals}f}%"


def _level(v: Any, outcome: str) -> str:
    """An outcome's level as the effects table shows it: eNPS in points, a rate in percent (absence to 2 decimals)."""
    return f"{v:.1f}" if outcome == "enps" else _pct(v, 2 if outcome == "absence" else 1)


def _points(v: Any, scale: float = 100.0) -> str:
    return "" if v is None or (isinstance(v, float) and math.isnan(v)) else f"{v * scale:+.2f}"


def _shown(value: Any, unit: str) -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return ""
    if unit == "EUR":
        return f"EUR {value:,.0f}"
    if unit == "points":
        return f"{value * 100:+.1f} pt"
    if unit == "enps":
        return f"{value:+.1f}"
    if unit == "fraction":
        return f"{value * 100:.1f}%"
    return f"{value:,.1f}"


def cmd_realised(args: argparse.Namespace) -> int:
    from ..decision import story as _story
    from ..engine import validate
    from .case import read_assumptions

    if (args.employees is None) == (args.teams is None):
        raise InputError(
            "EMPLOYEES",
            "give either the EMPLOYEES export (with --before, --after and --participation) or "
            "--teams TABLE.csv (the team table), not both and not neither.",
        )
    if args.employees is not None and not (args.before and args.after):
        raise InputError(
            "--before" if not args.before else "--after",
            "the periods are missing: give --before FIRST:LAST and --after FIRST:LAST.",
        )
    if args.workbook and not args.output:
        raise InputError(
            "-o", "--workbook needs -o NEW.xlsm: the filled copy is written there (the workbook itself is never changed)."
        )
    a = validate.assumptions(read_assumptions(Path(args.case)) if args.case else {})
    names, cols, findings, years = _from_exports(args) if args.employees is not None else _from_table(args)
    cost = None
    if args.actual_cost is not None:
        cost = validate.number("--actual-cost", args.actual_cost, allowed=(0, 1e12), unit="EUR", nonzero=True)
    r = _realised.evaluate(
        names, cols, a, years_after=years, actual_cost=cost, confidence=args.confidence, weighted=not args.unweighted
    )
    sentence = _story.realised_sentence(r, args.language)
    rows = _realised.table_rows(names, cols)
    comparison = _realised.comparison_rows(r, args.language)
    if args.output:
        out = Path(args.output)
        inputs = {
            Path(p): "an input file"
            for p in (
                args.employees,
                args.absence,
                args.participation,
                args.survey_before,
                args.survey_after,
                args.teams,
                args.case,
            )
            if p
        }
        if args.workbook:
            from ..workbook.results_fill import fill_results

            fill_results(Path(args.workbook), out, rows, comparison, sentence, force=args.force)
        else:
            from ..workbook import safe_io

            text = csv_text([[round(v, 10) if isinstance(v, float) else v for v in row] for row in rows])  # team names inert
            safe_io.write_new(out, lambda tmp: tmp.write_text(text, encoding="utf-8"), force=args.force, protect=inputs)
    if args.json:
        jsonout.dump(
            {
                "teams": [dict(zip(rows[0], row)) for row in rows[1:]],
                **r.as_dict(),
                "comparison": comparison,
                "sentence": sentence,
            }
        )
    else:
        print(
            f"Teams: {int(cols['participating'].sum())} participating, {int((~cols['participating']).sum())} comparison; "
            "turnover = voluntary leavers / average headcount per year; absence = working days lost / available; "
            f"effect = difference-in-differences, {'weighted by average headcount (FTE)' if not args.unweighted else 'every team weighted alike'}, "
            f"{args.confidence * 100:g}% interval clustered by team.\n"
        )
        shown = [
            [
                "Team",
                "Took part",
                "FTE before",
                "FTE after",
                "Turnover before",
                "after",
                "Absence before",
                "after",
                "eNPS before",
                "after",
            ]
        ]
        for row in rows[1:]:
            shown.append(
                [
                    row[0],
                    "yes" if row[1] else "no",
                    _shown(row[2], ""),
                    _shown(row[3], ""),
                    _pct(row[4]),
                    _pct(row[5]),
                    _pct(row[6], 2),
                    _pct(row[7], 2),
                    "" if row[8] is None else f"{row[8]:.0f}",
                    "" if row[9] is None else f"{row[9]:.0f}",
                ]
            )
        print(table(shown, [False, False] + [True] * 8))
        eff = [["Outcome", "Participating before", "after", "Comparison before", "after", "Effect", "Low", "High", "Clear"]]
        for o, e in r.effects.items():
            s = 1.0 if o == "enps" else 100.0
            eff.append(
                [
                    o,
                    _level(e.participating_before, o),
                    _level(e.participating_after, o),
                    _level(e.comparison_before, o),
                    _level(e.comparison_after, o),
                    _points(e.effect, s),
                    _points(e.low, s),
                    _points(e.high, s),
                    "yes" if e.distinguishable else "no",
                ]
            )
        print()
        print(table(eff, [False] + [True] * 7 + [False]))
        for o, why in r.skipped.items():
            print(f"{o}: not estimated ({why})")
        units = ["points", "points", "enps", "EUR", "EUR", "", "EUR", "EUR", "fraction"]
        cmp_rows = [comparison[0]] + [[row[0], *(_shown(v, u) for v in row[1:])] for row, u in zip(comparison[1:], units)]
        print()
        print(table(cmp_rows, [False, True, True, True, True]))
        print(f"\n{sentence}")
        if args.output:
            print(f"\nWritten: {args.output}")
    return _warn(findings)


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """Add ``realised`` to ``xlengine``'s parser."""
    s = sub.add_parser(
        "realised",
        help="the programme's measured effect: participating vs comparison teams "
        "(difference-in-differences), realised savings and ROI, planned beside realised",
    )
    s.add_argument("employees", nargs="?", help="EMPLOYEES.csv/.xlsx covering both periods (as for roster)")
    s.add_argument(
        "--teams",
        metavar="TABLE.csv",
        help="instead of the exports: the team table (team, participating, "
        "headcount_before, headcount_after, turnover_before, ...)",
    )
    s.add_argument("--participation", metavar="FILE", help="team, participating (1/0, yes/no, ja/nee), optional start_date")
    s.add_argument("--before", metavar="FIRST:LAST", help="the period before the programme, e.g. 2024-01-01:2024-12-31")
    s.add_argument("--after", metavar="FIRST:LAST", help="the period after it started, e.g. 2025-01-01:2025-12-31")
    s.add_argument("--absence", metavar="SICK_PERIODS", help="sick periods .csv/.xlsx (as for roster)")
    s.add_argument("--survey-before", metavar="ANSWERS", help="the earlier wave's answers, with a team column")
    s.add_argument("--survey-after", metavar="ANSWERS", help="the later wave's answers, with a team column")
    s.add_argument(
        "--case",
        metavar="CASE.csv|json",
        help="the case's assumptions (the plan, and the cost per leaver and "
        "per sick day that price the effect); default: the register's",
    )
    s.add_argument("--actual-cost", metavar="EUR", help="what the programme cost over the after period (for the ROI)")
    s.add_argument("--years-after", type=float, default=1.0, help="with --teams: the after period in years (default 1)")
    s.add_argument("--unweighted", action="store_true", help="every team the same weight (default: average headcount)")
    s.add_argument("--confidence", type=float, default=0.95, help="confidence of the intervals (default 0.95)")
    s.add_argument("--language", choices=("en", "nl"), default="en", help="of the sentence and the comparison table")
    s.add_argument("-o", "--output", metavar="OUT", help="TEAMS.csv (the team table), or NEW.xlsm with --workbook")
    s.add_argument("--workbook", metavar="TEMPLATE.xlsm", help="fill the Results sheet of a copy of this workbook (-o NEW.xlsm)")
    s.add_argument("--force", action="store_true", help="replace the -o file if it exists")
    s.add_argument("--json", action="store_true", help="print machine-readable JSON")
    s.set_defaults(func=cmd_realised, extra="hr")
