"""xlengine benchmarks: the places a spreadsheet user feels speed.

Run from the repository root after the README's set-up:

    .venv/bin/python benchmarks/run.py            # all cases
    .venv/bin/python benchmarks/run.py --quick    # fewer repeats (CI smoke run)

Prints one table: case, size, median time, baseline, ratio, target. Every baseline runs
in the same process (or, for start-up, the same machine and interpreter) right beside the
case, so the ratio holds on a noisy shared machine even when absolute times drift. No
timing is asserted in the unit tests; this script is where speed is measured.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))


@dataclass
class Row:
    case: str
    size: str
    median_s: float
    baseline: str
    baseline_s: float | None
    target: str
    met: bool | None

    @property
    def ratio(self) -> str:
        if self.baseline_s is None or self.median_s == 0:
            return ""
        return (
            f"{self.baseline_s / self.median_s:,.1f}x faster"
            if self.baseline_s >= self.median_s
            else f"{self.median_s / self.baseline_s:,.2f}x slower"
        )


def median_time(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def fmt_s(s: float | None) -> str:
    if s is None:
        return ""
    if s < 1e-3:
        return f"{s * 1e6:,.1f} us"
    if s < 1:
        return f"{s * 1e3:,.1f} ms"
    return f"{s:,.2f} s"


# --- 5. start-up ---------------------------------------------------------------------


def bench_startup(repeats: int) -> list[Row]:
    def run(code: str) -> float:
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
        return time.perf_counter() - t

    bare = statistics.median(run("pass") for _ in range(repeats))
    xlwings_only = statistics.median(run("import xlwings") for _ in range(repeats))
    # What Excel waits for: its Python process (xlwings' COM server) has xlwings loaded;
    # the first ENG_ call imports xlengine.udfs, which then uses xlwings' decorators.
    udfs = statistics.median(run("import xlwings, xlengine.udfs") for _ in range(repeats))
    # Where xlwings' decorators do nothing (Linux, the headless engine) it is not imported.
    alone = statistics.median(run("import xlengine.udfs") for _ in range(repeats))
    return [
        Row(
            "start-up: python -c 'import xlwings, xlengine.udfs'",
            "1 process",
            udfs,
            "python -c 'import xlwings' (the floor)",
            xlwings_only,
            "<= 1 s",
            udfs <= 1.0,
        ),
        Row("  headless (Linux): python -c 'import xlengine.udfs'", "1 process", alone, "", None, "", None),
        Row("  of which interpreter start", "1 process", bare, "", None, "", None),
    ]


# --- 2. per-team analysis ------------------------------------------------------------


def synthetic_teams(teams: int, seed: int = 7):
    """Per-team figures as the roster command hands them to ENG_TEAMS (its own benchmark:
    ``roster`` below): headcount, employer cost, turnover, absence and eNPS per team."""
    rng = np.random.default_rng(seed)
    headcount = rng.integers(5, 200, teams).astype(float)
    cost = rng.normal(60_000, 6_000, teams).clip(25_000, 200_000)
    turnover = rng.uniform(0.04, 0.25, teams)
    absence = rng.uniform(0.02, 0.09, teams)
    enps = rng.uniform(-40, 60, teams)
    return headcount, cost, turnover, absence, enps


def bench_teams(repeats: int) -> list[Row]:
    from xlengine.decision import teams
    from xlengine.engine import case, register

    headcount, cost, turnover, absence, enps = synthetic_teams(1_000)
    names = [f"team {i}" for i in range(headcount.size)]
    org = register.defaults()
    # the programme's targets, applied to each team's own starting point
    turnover_factor = org["turnover_after"] / org["turnover_before"]
    absence_drop = org["absence_before"] - org["absence_after"]

    def vectorised():
        cols = {
            "headcount": headcount,
            "annual_employer_cost": cost,
            "turnover_before": turnover,
            "turnover_after": turnover * turnover_factor,
            "absence_before": absence,
            "absence_after": np.maximum(absence - absence_drop, 0.0),
            "enps_before": enps,
        }
        return teams.table(teams.analyse((names, cols), org))

    def plain_python():
        # one scalar case per team, then the ranking
        out = []
        for h, c, tb, ab in zip(headcount.tolist(), cost.tolist(), turnover.tolist(), absence.tolist()):
            a = dict(
                org,
                headcount=h,
                annual_employer_cost=c,
                turnover_before=tb,
                turnover_after=tb * turnover_factor,
                absence_before=ab,
                absence_after=max(ab - absence_drop, 0),
            )
            out.append(case.compute(a).total_benefits)
        return sorted(out, reverse=True)

    fast = median_time(vectorised, repeats)
    slow = median_time(plain_python, max(1, repeats // 3))
    return [
        Row(
            "per-team: 1,000 teams -> ENG_TEAMS engine (ranked table)",
            "1,000 teams",
            fast,
            "same, one scalar case per team",
            slow,
            "<= 0.5 s",
            fast <= 0.5,
        )
    ]


# --- 3. UDF overhead through xlwings' conversion path ----------------------------------


@contextlib.contextmanager
def _stock_conversion(module):
    """The module's ENG_ functions without xlengine's accessor (xlwings' stock conversion)."""
    infos = [getattr(module, name).__xlfunc__ for name in dir(module) if name.startswith("ENG_")]
    options = [o for info in infos for o in [*(arg["options"] for arg in info["args"]), info["ret"]["options"]]]
    saved = [o.pop("convert", None) for o in options]
    try:
        yield
    finally:
        for o, convert in zip(options, saved):
            if convert is not None:
                o["convert"] = convert


def bench_udf(repeats: int) -> list[Row]:
    import xlwings_harness as h  # tests/: xlwings' real call_udf with a stand-in Excel engine

    from xlengine import udfs

    rows = []
    with h.excel_session() as module:
        n = 2_000

        def scalar_calls(k):
            for _ in range(k):
                h.call("ENG_LEAVERS_AVOIDED", 200.0, 0.12, 0.08)

        per_call = median_time(lambda: scalar_calls(n), repeats) / n
        direct = median_time(lambda: [udfs.ENG_LEAVERS_AVOIDED(200.0, 0.12, 0.08) for _ in range(n)], repeats) / n
        rows.append(
            Row(
                "UDF: one scalar ENG_LEAVERS_AVOIDED via xlwings call_udf",
                "1 cell",
                per_call,
                "the Python function called directly",
                direct,
                "median <= 50 us",
                per_call <= 50e-6,
            )
        )
        # What xlwings' conversion costs on the same call shape, with none of our function:
        # as call_udf does it now (the options our functions carry), then stock xlwings.
        from xlwings import conversion

        info = module.ENG_LEAVERS_AVOIDED.__xlfunc__
        a, b, c = (arg["options"] for arg in info["args"])
        ret = info["ret"]["options"]
        ours = (
            median_time(
                lambda: [
                    (
                        conversion.read(None, 200.0, a),
                        conversion.read(None, 0.12, b),
                        conversion.read(None, 0.08, c),
                        conversion.write(8.0, None, ret),
                    )
                    for _ in range(n)
                ],
                repeats,
            )
            / n
        )
        rows.append(Row("  of which xlwings conversion alone (3 reads + 1 write)", "1 cell", ours, "", None, "", None))
        options = {"ndim": 2, "err_to_str": True}
        stock = (
            median_time(
                lambda: [
                    (
                        conversion.read(None, 200.0, options),
                        conversion.read(None, 0.12, options),
                        conversion.read(None, 0.08, options),
                        conversion.write(8.0, None, {}),
                    )
                    for _ in range(n)
                ],
                repeats,
            )
            / n
        )
        rows.append(Row("  xlwings' stock conversion, for comparison (no accessor)", "1 cell", stock, "", None, "", None))
        # A formula such as =ENG_LEAVERS_AVOIDED(B2,B3,B4) hands call_udf COM Range objects.
        cells = [h.ExcelRange([[v]]) for v in (200.0, 0.12, 0.08)]
        by_reference = median_time(lambda: [h.call("ENG_LEAVERS_AVOIDED", *cells) for _ in range(n)], repeats) / n
        with _stock_conversion(module):
            stock_reference = median_time(lambda: [h.call("ENG_LEAVERS_AVOIDED", *cells) for _ in range(n)], repeats) / n
        rows.append(
            Row(
                "UDF: the same call with cell references (B2, B3, B4)",
                "1 cell",
                by_reference,
                "the same with xlwings' stock conversion",
                stock_reference,
                "",
                None,
            )
        )
        heads = h.column(*[float(100 + i % 50) for i in range(10_000)])
        array_call = median_time(lambda: h.call("ENG_LEAVERS_AVOIDED", heads, 0.12, 0.08), repeats)
        many = median_time(lambda: scalar_calls(10_000), max(1, repeats // 2))
        rows.append(
            Row(
                "UDF: one array call over a 10,000-row column",
                "10,000 cells",
                array_call,
                "10,000 scalar calls",
                many,
                "(ratio for controllers)",
                None,
            )
        )
    return rows


# --- 1. Monte Carlo -------------------------------------------------------------------


def _case_draw_by_draw(values: dict, horizon: int):
    """The baseline: the same case for ONE draw in plain Python floats (no numpy arrays).

    Lever savings through xlengine.engine.model (pure float arithmetic for scalars); the years,
    NPV and ROI as a Python loop, following case.py's conventions.
    """
    from xlengine.engine import case

    g = case.lever_savings(values)
    full = (g["turnover"] + g["absence"] + g["productivity"]) * values["attribution"] * values["confidence"]
    npv = -values["programme_cost_one_off"]  # the one-off at the start (year 0), not discounted
    benefits, costs = 0.0, values["programme_cost_one_off"]
    factor = 1.0
    for y in range(1, horizon + 1):
        b = full * (values["effect_year1"] if y == 1 else 1.0)
        c = values["programme_cost_annual"]
        factor /= 1.0 + values["discount_rate"]
        npv += (b - c) * factor
        benefits += b
        costs += c
    return npv, (benefits - costs) / costs


def bench_monte_carlo(repeats: int) -> list[Row]:
    from xlengine.engine import register
    from xlengine.decision import uncertainty

    a = register.defaults()
    n = 1_000_000
    uncertainty.simulate(a, 10_000, 1)  # warm-up (imports, allocator)
    both = median_time(lambda: uncertainty.simulate(a, n, seed=1), repeats)
    one = median_time(lambda: uncertainty.simulate(a, n, seed=1, workers=1), repeats)

    # Baselines, timed on a sample and scaled to 1,000,000 draws:
    # (a) like for like: each draw sampled with Python's random.betavariate (the same
    #     Beta-PERT) and the case evaluated in plain Python floats;
    # (b) evaluation only, on draws sampled beforehand.
    import random

    sample = 20_000
    r = uncertainty.ranges(a)
    shapes = {k: (lo, hi - lo, *uncertainty.pert_alpha_beta(lo, mode, hi)) for k, (lo, mode, hi) in r.items()}
    horizon = int(a["horizon_years"])
    rand = random.Random(1)

    def draw_by_draw(k):
        out = []
        for _ in range(k):
            v = dict(a)
            for key, (lo, width, al, be) in shapes.items():
                v[key] = lo + width * rand.betavariate(al, be) if width > 0 else lo
            out.append(_case_draw_by_draw(v, horizon))
        return out

    t = time.perf_counter()
    draw_by_draw(sample)
    full_per_draw = (time.perf_counter() - t) / sample

    rng = np.random.default_rng(1)
    draws = {k: uncertainty.pert_draws(rng, lo, mode, hi, sample) for k, (lo, mode, hi) in r.items()}
    rows_of_values = [dict(a, **{k: float(v[i]) for k, v in draws.items()}) for i in range(sample)]
    t = time.perf_counter()
    slow = [_case_draw_by_draw(v, horizon) for v in rows_of_values]
    eval_per_draw = (time.perf_counter() - t) / sample
    # Same model, same numbers: the vectorised case on those draws must agree.
    from xlengine.engine import case

    vec = case.compute(dict(a, **draws))
    assert np.allclose(vec.npv, [s[0] for s in slow], rtol=1e-9), "baseline and vectorised case disagree"
    base = full_per_draw * n
    return [
        Row(
            "Monte Carlo: full case (3 levers, 3 years, NPV, ROI), 2 threads",
            "1,000,000 draws",
            both,
            f"plain Python, draw by draw: sample + case (timed on {sample:,})",
            base,
            "<= 1 s and >= 100x",
            both <= 1.0 and base / both >= 100,
        ),
        # The target is for this 2-core machine (the row above); one core, for reference.
        Row(
            "Monte Carlo: the same on 1 thread",
            "1,000,000 draws",
            one,
            "plain Python, draw by draw: sample + case",
            base,
            "(reference: one core)",
            None,
        ),
        Row(
            "  plain Python evaluation only (draws sampled beforehand)", "1,000,000 draws", eval_per_draw * n, "", None, "", None
        ),
    ]


# --- 4. headless compute of the filled template --------------------------------------


def bench_headless(repeats: int) -> list[Row]:
    import shutil
    import tempfile

    from xlengine.engine import register
    from xlengine.workbook import headless

    work = Path(tempfile.mkdtemp(prefix="xlengine-bench-"))
    filled = headless.fill_workbook(
        ROOT / "workbook_templates" / "engagement_business_case.xlsm",
        work / "filled.xlsm",
        dict(register.defaults(), headcount=150, turnover_before=0.14),
    )

    def compute():
        subprocess.run(
            [sys.executable, "-m", "xlengine.cli", "compute", str(filled), "-o", str(work / "report.xlsx"), "--force", "--json"],
            check=True,
            cwd=ROOT,
            capture_output=True,
        )

    ours = median_time(compute, repeats)
    rows = [Row("headless: xlengine compute (process start to report)", "filled template", ours, "", None, "<= 3 s", ours <= 3.0)]
    soffice = shutil.which("soffice")
    if soffice:

        def libreoffice():
            subprocess.run(
                [
                    soffice,
                    f"-env:UserInstallation=file://{work}/lo",
                    "--headless",
                    "--convert-to",
                    "xlsx",
                    "--outdir",
                    str(work / "lo-out"),
                    str(filled),
                ],
                check=True,
                capture_output=True,
                timeout=300,
            )

        libreoffice()  # first start builds the profile; not what a user pays each time
        lo = median_time(libreoffice, repeats)
        rows[0] = Row(
            rows[0].case, rows[0].size, ours, "LibreOffice headless --convert-to xlsx (same file)", lo, "<= 3 s", ours <= 3.0
        )
    shutil.rmtree(work, ignore_errors=True)
    return rows


# --- 6. HR exports to the per-team table ----------------------------------------------


def write_hr_exports(folder: Path, employees: int = 100_000, sick_periods: int = 1_000_000, seed: int = 13):
    """A synthetic HRIS export and sick-period export (CSV, ISO dates), like the issue's size."""
    import pandas as pd

    rng = np.random.default_rng(seed)
    start = np.datetime64("2015-01-01") + rng.integers(0, 3650, employees)
    left = rng.random(employees) < 0.15
    end = np.where(left, start + rng.integers(30, 4000, employees), np.datetime64("NaT"))
    pd.DataFrame(
        {
            "employee_id": [f"E{i:06d}" for i in range(employees)],
            "team": [f"Team {t:03d}" for t in rng.integers(0, 400, employees)],
            "start_date": start.astype(str),
            "end_date": np.where(left, end.astype(str), ""),
            "reason": np.where(left, np.where(rng.random(employees) < 0.6, "Resignation", "Retirement"), ""),
            "fte": rng.choice([1.0, 0.8, 0.6, 0.5], employees),
            "employer_cost": rng.normal(60_000, 12_000, employees).round(2),
        }
    ).to_csv(folder / "employees.csv", index=False)
    who = rng.integers(0, employees, sick_periods)
    s = np.datetime64("2024-01-01") + rng.integers(0, 366, sick_periods)
    pd.DataFrame(
        {
            "employee_id": [f"E{i:06d}" for i in who],
            "start_date": s.astype(str),
            "end_date": (s + rng.integers(0, 15, sick_periods)).astype(str),
            "percentage": rng.choice([100, 50], sick_periods),
        }
    ).to_csv(folder / "sick.csv", index=False)


def _weekdays(first, last) -> int:
    """Monday-Friday days from ``first`` to ``last`` inclusive (plain Python)."""
    days = (last - first).days + 1
    if days <= 0:
        return 0
    weeks, rest = divmod(days, 7)
    wd = first.weekday()
    return weeks * 5 + sum(1 for i in range(rest) if (wd + i) % 7 < 5)


def hr_plain_python(folder: Path, period_from, period_to) -> dict:
    """The same table with the csv module and dicts: headcount, voluntary turnover, absence per team."""
    import csv
    import datetime as dt

    P = (period_to - period_from).days + 1
    spells, teams = {}, {}
    with open(folder / "employees.csv", newline="", encoding="utf-8-sig") as f:
        for r in csv.DictReader(f):
            start = dt.date.fromisoformat(r["start_date"])
            end = dt.date.fromisoformat(r["end_date"]) if r["end_date"] else None
            fte = float(r["fte"])
            first, last = max(start, period_from), min(end, period_to) if end else period_to
            o = max((last - first).days + 1, 0)
            t = teams.setdefault(r["team"], [0.0, 0.0, 0.0, 0.0])  # head days, voluntary leavers, available, lost
            t[0] += o
            if end and period_from <= end <= period_to and "resign" in r["reason"].lower():
                t[1] += 1
            t[2] += fte * _weekdays(first, last) if o else 0.0
            spells[r["employee_id"]] = (r["team"], start, last if o else None, fte)
    with open(folder / "sick.csv", newline="", encoding="utf-8-sig") as f:
        for r in csv.DictReader(f):
            team, start, last, fte = spells[r["employee_id"]]
            if last is None:
                continue
            first = max(dt.date.fromisoformat(r["start_date"]), start, period_from)
            end = min(dt.date.fromisoformat(r["end_date"]), last)
            teams[team][3] += fte * float(r["percentage"]) / 100 * _weekdays(first, end)
    return {t: (v[0] / P, v[1] / (v[0] / P), v[3] / v[2]) for t, v in teams.items()}


def bench_roster(repeats: int) -> list[Row]:
    import datetime as dt
    import tempfile

    from xlengine.decision import hr_import, workforce

    f0, t0 = np.datetime64("2024-01-01"), np.datetime64("2024-12-31")
    with tempfile.TemporaryDirectory(prefix="xlengine-bench-") as tmp:
        folder = Path(tmp)
        write_hr_exports(folder)

        def library():
            roster = hr_import.read_roster(folder / "employees.csv")
            sick = hr_import.read_sick_periods(folder / "sick.csv", roster)
            return workforce.team_rates(
                roster.team,
                roster.start,
                roster.end,
                roster.fte,
                roster.voluntary,
                f0,
                t0,
                roster.employer_cost,
                sick.row,
                sick.start,
                sick.end,
                sick.share,
            )

        fast = median_time(library, min(repeats, 3))
        started = time.perf_counter()
        plain = hr_plain_python(folder, dt.date(2024, 1, 1), dt.date(2024, 12, 31))
        slow = time.perf_counter() - started
        ours = library()
    # the two agree (or the row would compare different work)
    for i, team in enumerate(ours.team):
        head, vol, absence = plain[team]
        assert abs(ours.headcount[i] - head) < 1e-9 and abs(ours.turnover_voluntary[i] - vol) < 1e-9
        assert abs(ours.absence[i] - absence) < 1e-9, (team, ours.absence[i], absence)
    return [
        Row(
            "HR exports -> per-team table (xlengine roster, parsing included)",
            "100,000 employees, 1,000,000 sick periods",
            fast,
            "same, csv module + dict loop",
            slow,
            "<= 3 s",
            fast <= 3.0,
        )
    ]


CASES = {
    "montecarlo": bench_monte_carlo,
    "teams": bench_teams,
    "udf": bench_udf,
    "headless": bench_headless,
    "startup": bench_startup,
    "roster": bench_roster,
}


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    mem = ""
    try:
        mem = f", {os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB"
    except (ValueError, OSError):
        pass
    return f"{cpu}, {os.cpu_count()} cores{mem}, Python {platform.python_version()}, numpy {np.__version__}"


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="fewer repeats")
    p.add_argument("cases", nargs="*", choices=[*CASES, []], help="which cases (default all)")
    args = p.parse_args(argv)
    repeats = 3 if args.quick else 7
    rows: list[Row] = []
    for name in args.cases or CASES:
        rows += CASES[name](repeats)
    header = ("case", "size", "median", "baseline", "baseline time", "ratio", "target", "met")
    table = [header] + [
        (
            r.case,
            r.size,
            fmt_s(r.median_s),
            r.baseline,
            fmt_s(r.baseline_s),
            r.ratio,
            r.target,
            "" if r.met is None else ("yes" if r.met else "NO"),
        )
        for r in rows
    ]
    widths = [max(len(str(t[i])) for t in table) for i in range(len(header))]
    print(f"machine: {machine()}")
    for i, t in enumerate(table):
        print(" | ".join(str(c).ljust(w) for c, w in zip(t, widths)).rstrip())
        if i == 0:
            print("-|-".join("-" * w for w in widths))
    return 0


if __name__ == "__main__":
    sys.exit(main())
