"""Command line for HR data: roster (per-team rates), survey (eNPS intervals), evidence (own fit).

An adapter: it reads the exports through :mod:`xlengine.decision.hr_import`, calls the
decision layer (:mod:`~xlengine.decision.workforce`, :mod:`~xlengine.decision.survey`,
:mod:`~xlengine.decision.evidence`) and prints or writes. Warnings go to stderr as
``warning: ...`` lines and make the exit code 1; an error is one sentence, exit 2, nothing
written. No output ever holds a name, an employee id or a date of birth: only team figures.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import numpy as np

from ..decision import evidence as _evidence
from ..decision import hr_import
from ..decision import survey as _survey
from ..decision import teams as _teams
from ..decision import workforce
from ..engine.errors import InputError
from ..decision.messages import say, word
from ..decision.tables import format_value, num, pct
from ..engine.register import PRIVACY_MINIMUM
from .format import add_language, csv_text, one_line, table
from .jsonout import dump as _dump

__all__ = ["add_parsers", "parse_day"]


def parse_day(text: str, name: str) -> np.datetime64:
    """A command-line date: 2024-01-31 or 31-01-2024."""
    import re

    t = str(text).strip()
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", t) or None
    if m:
        y, mo, d = m.groups()
    else:
        m = re.fullmatch(r"(\d{1,2})([-/.])(\d{1,2})\2(\d{4})", t)
        if not m:
            raise InputError(name, f"{name} = {text!r} is not a date: use 2024-01-31 or 31-01-2024.")
        d, _, mo, y = m.groups()
    try:
        return np.datetime64(f"{int(y):04d}-{int(mo):02d}-{int(d):02d}", "D")
    except ValueError:
        raise InputError(name, f"{name} = {text!r} is not a date of the calendar: use 2024-01-31 or 31-01-2024.") from None


def _check_input(path: str, what: str) -> Path:
    """An Excel export is checked like any untrusted workbook before pandas opens it."""
    p = Path(path)
    if p.suffix.lower() in (".xlsx", ".xlsm") and p.is_file():
        from ..workbook import safe_io

        try:
            safe_io.require_defusedxml()
            safe_io.check_workbook_file(p)
        except InputError as e:
            raise InputError(what, str(e)) from None
    return p


def _warn(findings: list[str]) -> int:
    for f in findings:
        print(f if f.startswith("warning:") else f"warning: {f}", file=sys.stderr)
    return 1 if findings else 0


def _shown(v: Any, unit: str, language: str, decimals: int | None = None) -> str:
    """A figure in its unit; blank where there is none (a hidden eNPS, no employer cost)."""
    return "" if v is None or (isinstance(v, float) and np.isnan(v)) else format_value(v, unit, language, decimals)


def _signed(x: float, language: str) -> str:
    return ("+" if x >= 0 else "") + num(x, language, 1, trim=False)


# --- roster -----------------------------------------------------------------------------


def cmd_roster(args: argparse.Namespace) -> int:
    f0, t0 = parse_day(args.period_from, "--from"), parse_day(args.period_to, "--to")
    if t0 < f0:
        raise InputError("--to", f"--to {t0} is before --from {f0}: give the period's first and last day.")
    if args.workbook and not args.output:
        raise InputError(
            "-o", "--workbook needs -o NEW.xlsm: the filled copy is written there (the workbook itself is never changed)."
        )
    if args.output:  # refused before the work: a device, an existing file without --force, a wrong extension
        from ..workbook import safe_io

        kind = Path(args.workbook).suffix.lower() if args.workbook else ""
        suffixes = (".csv",) if not args.workbook else (kind,) if kind in (".xlsx", ".xlsm") else (".xlsm", ".xlsx")
        safe_io.check_target(
            Path(args.output),
            force=args.force,
            suffixes=suffixes,
            protect={Path(p): "an input file" for p in (args.employees, args.absence, args.survey, args.workbook) if p},
        )
    roster = hr_import.read_roster(_check_input(args.employees, "EMPLOYEES"))
    findings = list(roster.findings)
    sick = None
    if args.absence:
        sick = hr_import.read_sick_periods(_check_input(args.absence, "--absence"), roster)
        findings += sick.findings
    rates = workforce.team_rates(
        roster.team,
        roster.start,
        roster.end,
        roster.fte,
        roster.voluntary,
        f0,
        t0,
        roster.employer_cost,
        *((sick.row, sick.start, sick.end, sick.share) if sick else ()),
    )
    if rates.merged:
        findings.append(
            f"warning: {len(rates.merged)} team(s) under {PRIVACY_MINIMUM} people (average headcount) "
            f"merged into '{workforce.OTHER}' (privacy)."
        )
    if rates.left_out:
        findings.append(
            f"warning: {len(rates.left_out)} team(s) under {PRIVACY_MINIMUM} people left out: even together "
            f"they are under {PRIVACY_MINIMUM} people (privacy)."
        )
    survey_scores = survey_team = None
    if args.survey:
        survey_scores, survey_team = hr_import.read_survey(_check_input(args.survey, "--survey"), "--survey")
        if survey_team is None:
            raise InputError(
                "--survey", f"{Path(args.survey).name} has no team column: per-team eNPS needs the team of each answer."
            )
    if not rates.team:
        raise InputError("EMPLOYEES", f"no team in {roster.path.name} has people in {f0} to {t0}: check --from and --to.")
    rows, details = workforce.teams_rows(rates, survey_team, survey_scores, args.confidence)
    columns = list(_teams.COLUMNS)
    org_rates = workforce.organisation_rates(
        roster.start,
        roster.end,
        roster.fte,
        roster.voluntary,
        f0,
        t0,
        roster.employer_cost,
        *((sick.row, sick.start, sick.end, sick.share) if sick else ()),
    )
    organisation = workforce.case_values(org_rates, survey_scores)
    inputs = {Path(p): "an input file" for p in (args.employees, args.absence, args.survey, args.workbook) if p}
    if args.case_file:  # both targets refused before either is written
        from ..workbook import safe_io

        safe_io.check_target(
            Path(args.case_file),
            force=args.force,
            arg="--case-file",
            protect={**inputs, **({Path(args.output): "the -o output"} if args.output else {})},
        )
        if args.output:
            safe_io.check_target(Path(args.output), force=args.force, protect=inputs)
    if args.output:
        out = Path(args.output)
        if args.workbook:
            from ..workbook import layout
            from ..workbook.teams_fill import fill_teams

            answers = None
            if survey_scores is not None:
                keep = ~np.isnan(survey_scores)
                team = np.asarray(survey_team, dtype=str)[keep]
                team = np.where(np.isin(team, rates.merged), workforce.OTHER, np.where(np.isin(team, rates.left_out), "", team))
                room = layout.SURVEY_LAST_ROW - layout.SURVEY_FIRST_ROW + 1
                if keep.sum() <= room:
                    answers = (survey_scores[keep], team)
                else:
                    findings.append(
                        f"warning: the Survey sheet holds {room} answers and the survey has {int(keep.sum())}: "
                        "its answers are left out of the workbook (each team's eNPS is in the Teams table)."
                    )
            findings += fill_teams(
                Path(args.workbook), out, rows, force=args.force, organisation=organisation, answers=answers
            ).warnings
        else:
            from ..workbook import safe_io

            text = csv_text([columns, *([round(v, 10) if isinstance(v, float) else v for v in r] for r in rows)])
            safe_io.write_new(
                out,
                lambda tmp: tmp.write_text(text, encoding="utf-8"),
                force=args.force,
                suffixes=(".csv",),
                protect={Path(p): "an input file" for p in (args.employees, args.absence, args.survey) if p},
            )
    if args.case_file:
        _write_case_file(Path(args.case_file), organisation, f0, t0, roster.path.name, inputs, args.force)
    if args.json:
        _dump(
            {
                "period": [str(f0), str(t0)],
                "years": rates.years,
                "teams": details,
                "merged_into_other": len(rates.merged),
                "left_out": len(rates.left_out),
                "organisation": {
                    **organisation,
                    "people": float(org_rates.people[0]),
                    "turnover_all": float(org_rates.turnover_all[0]),
                },
                "value_per_fte_note": _value_per_fte_note(organisation) or None,
            }
        )
    else:
        lang = args.language
        print(
            say(
                lang,
                "roster_head",
                file=roster.path.name,
                start=str(f0),
                end=str(t0),
                years=format_value(rates.years, "years", lang, 2),
            )
            + "\n"
        )
        head = word(lang, "roster_columns").split("|")
        has_enps = args.survey is not None
        if has_enps:
            head += word(lang, "roster_enps_columns").split("|")
        shown = [head]
        for d in details:
            r = [
                d["team"],
                _shown(d["people"], "count", lang),
                _shown(d["headcount"], "FTE", lang),
                _shown(d["fte"], "FTE", lang),
                _shown(d["turnover_voluntary"], "fraction", lang),
                _shown(d["turnover_all"], "fraction", lang),
                _shown(d["absence"], "fraction", lang, 2),
                _shown(d["frequency"], "ratio", lang),
                _shown(d["employer_cost"], "EUR", lang),
            ]
            if has_enps:
                e = d.get("enps")
                r += [
                    "" if e is None else _shown(e, "eNPS points", lang, 0),
                    ""
                    if e is None
                    else say(lang, "interval", low=num(d["enps_low"], lang, 0), high=num(d["enps_high"], lang, 0))
                    + (word(lang, "wide") if d["enps_wide"] else ""),
                    _shown(d.get("enps_answers"), "count", lang),
                ]
            shown.append(r)
        print(table(shown, [False] + [True] * (len(head) - 1)))
        print("\n" + _organisation_line(organisation, org_rates, lang))
        if args.output:
            survey = word(lang, "written_survey" if args.survey else "written_survey_cleared")
            print(
                "\n"
                + say(lang, "written", file=args.output)
                + (say(lang, "written_teams_of", workbook=Path(args.workbook).name, survey=survey) if args.workbook else "")
            )
        if args.case_file:
            print(f"Written: {args.case_file} (the organisation's figures as a case file: xlengine case {args.case_file})")
            note = _value_per_fte_note(organisation)
            if note:
                print(note)
    return _warn(findings)


def _organisation_line(values: dict[str, float], org: workforce.TeamRates, language: str = "en") -> str:
    """The organisation-level figures the case needs, in one line."""
    nl = language == "nl"

    def shown(v, unit, decimals=None):
        return format_value(v, unit, language, decimals)

    parts = [
        f"{shown(values['headcount'], 'FTE', 1)} FTE ({shown(float(org.people[0]), 'count')} "
        + ("personen)" if nl else "people)"),
        ("vrijwillig verloop " if nl else "voluntary turnover ")
        + shown(values["turnover_before"], "fraction", 1)
        + (" (alle oorzaken " if nl else " (all-cause ")
        + shown(float(org.turnover_all[0]), "fraction", 1)
        + ")",
    ]
    if "absence_before" in values:
        parts.append(("verzuim " if nl else "absence ") + shown(values["absence_before"], "fraction", 2))
    if "annual_employer_cost" in values:
        parts.append(
            ("werkgeverskosten " if nl else "employer cost ")
            + shown(values["annual_employer_cost"], "EUR")
            + (" per fte" if nl else " per FTE")
        )
    if "enps_before" in values:
        parts.append("eNPS " + shown(values["enps_before"], "eNPS points", 0))
    return (
        (
            "Organisatie (alle teams, ook samengevoegde of weggelaten): "
            if nl
            else "Organisation (every team, merged or left out ones included): "
        )
        + ", ".join(parts)
        + "."
    )


def _value_per_fte_note(values: dict[str, float]) -> str:
    """The sentence when the roster's employer cost differs from the register's value_per_fte."""
    from ..engine.register import BY_KEY

    cost, value = values.get("annual_employer_cost"), float(BY_KEY["value_per_fte"].default)
    if cost is None or cost == value:
        return ""
    return (
        f"Note: annual_employer_cost is EUR {cost:,.0f} from the roster; value_per_fte keeps its own value "
        f"(EUR {value:,.0f}, the register's default): add a value_per_fte line if your value per FTE follows the employer cost."
    )


def _write_case_file(path: Path, values: dict[str, float], f0, t0, source: str, protect: dict, force: bool) -> None:
    """A key,value case file ``xlengine case`` reads directly: the roster's organisation figures."""
    from ..workbook import safe_io

    note = _value_per_fte_note(values)
    text = (
        f"# the organisation's figures from {one_line(source)}, {f0} to {t0} (xlengine roster)\n"
        + csv_text([("key", "value"), *((k, round(float(v), 10)) for k, v in values.items())])
        + (f"# {note}\n" if note else "")
    )
    safe_io.write_new(path, lambda tmp: tmp.write_text(text, encoding="utf-8"), force=force, protect=protect, arg="--case-file")


# --- survey -----------------------------------------------------------------------------


def _interval_text(r: _survey.EnpsInterval, language: str = "en") -> str:
    return say(
        language,
        "survey_enps",
        enps=num(r.enps, language, 1, trim=False),
        confidence=pct(r.confidence, language),
        low=num(r.low, language, 1, trim=False),
        high=num(r.high, language, 1, trim=False),
        answers=num(r.answers, language, 0),
    ) + (word(language, "survey_wide") if r.wide else "")


def cmd_survey(args: argparse.Namespace) -> int:
    scores, team = hr_import.read_survey(_check_input(args.answers, "ANSWERS"), "ANSWERS")
    now = _survey.enps_interval(scores, args.confidence, "ANSWERS")
    out: dict[str, Any] = {
        "enps": now.enps,
        "low": now.low,
        "high": now.high,
        "answers": now.answers,
        "confidence": now.confidence,
        "wide": now.wide,
    }
    lang = args.language
    lines = [f"{Path(args.answers).name}: {_interval_text(now, lang)}"]
    if args.before:
        before, _ = hr_import.read_survey(_check_input(args.before, "--before"), "--before")
        ch = _survey.enps_change(before, scores, args.confidence)
        out["change"] = {
            "before": ch.before.enps,
            "change": ch.change,
            "low": ch.low,
            "high": ch.high,
            "distinguishable": ch.distinguishable,
        }
        lines.insert(0, f"{Path(args.before).name}: {_interval_text(ch.before, lang)}")
        lines.append(
            say(
                lang,
                "survey_change",
                change=_signed(ch.change, lang),
                confidence=pct(args.confidence, lang),
                low=_signed(ch.low, lang),
                high=_signed(ch.high, lang),
                verdict=word(lang, "survey_noise_more" if ch.distinguishable else "survey_noise_not"),
            )
        )
    if team is not None:
        per = _survey.by_team(team, scores, args.confidence)
        out["teams"] = [
            {
                "team": str(t),
                "answers": int(per["answers"][i]),
                "enps": None if np.isnan(per["enps"][i]) else float(per["enps"][i]),
                "low": None if np.isnan(per["low"][i]) else float(per["low"][i]),
                "high": None if np.isnan(per["high"][i]) else float(per["high"][i]),
                "wide": bool(per["wide"][i]),
            }
            for i, t in enumerate(per["team"])
        ]
    if args.json:
        _dump(out)
        return 0
    print("\n".join(lines))
    if team is not None:
        rows = [word(lang, "survey_columns").split("|")]
        for t in out["teams"]:
            hidden = t["enps"] is None
            rows.append(
                [
                    t["team"],
                    num(t["answers"], lang, 0),
                    say(lang, "survey_hidden", minimum=str(PRIVACY_MINIMUM)) if hidden else num(t["enps"], lang, 1, trim=False),
                    "" if hidden else num(t["low"], lang, 1, trim=False),
                    "" if hidden else num(t["high"], lang, 1, trim=False),
                    "" if hidden else word(lang, "yes" if t["wide"] else "no"),
                ]
            )
        print()
        print(table(rows, [False, True, True, True, True, False]))
    print("\nVar(eNPS/100) = (p_P + p_D - (p_P - p_D)^2) / n (multinomial; waves independent, variances add).")
    return 0


# --- evidence ---------------------------------------------------------------------------


def cmd_evidence(args: argparse.Namespace) -> int:
    from ..engine import validate
    from .case import read_assumptions

    if args.output:  # refused before the work
        from ..workbook import safe_io

        safe_io.check_target(
            Path(args.output),
            force=args.force,
            suffixes=(".csv",),
            protect={Path(p): "an input file" for p in (args.teams, args.assumptions) if p},
        )
    a = validate.assumptions(read_assumptions(Path(args.assumptions)) if args.assumptions else {})
    outcomes = ("turnover", "absence") if args.outcome == "both" else (args.outcome,)
    from . import decision as _cli_decision

    names, cols = _teams.parse_table(_cli_decision._read_rows(Path(args.teams)))
    new, results = _evidence.apply(cols, a, args.language, outcomes, args.confidence)
    if args.json:
        _dump(
            [
                {
                    **{
                        k: getattr(r, k)
                        for k in (
                            "outcome",
                            "teams",
                            "slope",
                            "low",
                            "high",
                            "confidence",
                            "rate_before",
                            "enps_change",
                            "after",
                            "after_low",
                            "after_high",
                            "reason",
                        )
                    },
                    "odds_ratio": r.odds_ratio,
                }
                for r in results
            ]
        )
    else:
        print(_evidence.sentence(results, args.language))
    if args.output:
        # Only what the fit derived: a default or a typed value written back would read as the
        # organisation's own figure wherever the file is used next (the story's sources).
        derived = [f"{r.outcome}_after" for r in results if r.figure]
        if derived:
            from ..workbook import safe_io

            text = csv_text([("key", "value"), *((k, float(new[k])) for k in derived)])
            safe_io.write_new(
                Path(args.output),
                lambda tmp: tmp.write_text(text, encoding="utf-8"),
                force=args.force,
                suffixes=(".csv",),
                protect={Path(p): "an input file" for p in (args.teams, args.assumptions) if p},
            )
            if not args.json:
                print(f"\nWritten: {args.output} ({' and '.join(derived)} from the fit; add the rows to the case file)")
        else:
            print(f"xlengine: finding: {args.output} not written: the fit gives no figure.", file=sys.stderr)
    return 0 if all(r.figure for r in results) else 1


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """Add roster, survey and evidence to ``xlengine``'s parser."""
    s = sub.add_parser("roster", help="per-team headcount, turnover, absence and cost from HR exports")
    s.add_argument(
        "employees", help="EMPLOYEES.csv or .xlsx: one row per employment (team, start_date, end_date, reason, fte, ...)"
    )
    s.add_argument("--absence", metavar="SICK_PERIODS", help="sick periods .csv/.xlsx (employee id, start, end, percentage)")
    s.add_argument("--survey", metavar="ANSWERS", help="survey answers with a team column: fills enps_before per team")
    s.add_argument("--from", dest="period_from", required=True, metavar="DATE", help="first day of the period")
    s.add_argument("--to", dest="period_to", required=True, metavar="DATE", help="last day of the period")
    s.add_argument("-o", "--output", metavar="OUT", help="TEAMS.csv (the Teams table's columns), or NEW.xlsm with --workbook")
    s.add_argument("--workbook", metavar="FILLED.xlsm", help="fill the Teams table of a copy of this workbook (-o NEW.xlsm)")
    s.add_argument(
        "--case-file",
        metavar="CASE.csv",
        help="write the organisation's figures (FTE, voluntary turnover, "
        "absence, employer cost, eNPS) as a case file that xlengine case reads",
    )
    s.add_argument("--confidence", type=float, default=0.95, help="confidence of the eNPS intervals (default 0.95)")
    s.add_argument("--force", action="store_true", help="replace the -o file if it exists")
    s.add_argument("--json", action="store_true", help="print machine-readable JSON")
    add_language(s)
    s.set_defaults(func=cmd_roster)

    s = sub.add_parser("survey", help="eNPS with its margin of error; with --before, the change and whether it is noise")
    s.add_argument("answers", help="ANSWERS.csv or .xlsx: a score column (0-10), optionally a team column")
    s.add_argument("--before", metavar="WAVE1", help="the earlier wave's answers")
    s.add_argument("--confidence", type=float, default=0.95, help="confidence level (default 0.95)")
    s.add_argument("--json", action="store_true", help="print machine-readable JSON")
    add_language(s)
    s.set_defaults(func=cmd_survey)

    s = sub.add_parser("evidence", help="the organisation's own evidence: team eNPS vs turnover / absence (binomial GLM)")
    s.add_argument("teams", help="TEAMS.csv with headcount, enps_before and turnover_before / absence_before")
    s.add_argument("assumptions", nargs="?", help="ASSUMPTIONS.csv/.json (turnover_before, enps_before, enps_after, ...)")
    s.add_argument(
        "--outcome",
        choices=("turnover", "absence", "both"),
        default="both",
        help="which rate to fit against team eNPS (default both)",
    )
    s.add_argument("--confidence", type=float, default=0.95, help="confidence level of the slope's interval (default 0.95)")
    s.add_argument(
        "-o",
        "--output",
        metavar="CASE.csv",
        help="write the 'after' values the fit gives (turnover_after, absence_after) as key,value rows",
    )
    s.add_argument("--force", action="store_true", help="replace the -o file if it exists")
    add_language(s)
    s.add_argument("--json", action="store_true", help="print machine-readable JSON")
    s.set_defaults(func=cmd_evidence)
