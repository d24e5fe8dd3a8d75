"""Reading HR exports (HRIS employees, sick periods, survey answers) with pandas.

Exports come as CSV (``,`` or ``;`` separated, decimal comma or point, UTF-8 with or
without BOM) or as Excel workbooks (the first sheet). Columns are found by their header,
in English or Dutch (:data:`EMPLOYEE_COLUMNS`, :data:`SICK_COLUMNS`,
:data:`SURVEY_COLUMNS`); other columns (names, dates of birth, addresses) are never read
into anything that is written. Dates may be ISO (2024-03-31) or Dutch (31-03-2024,
31/03/2024, 31.03.2024: day first).

Every problem is a finding: an :class:`~xlengine.engine.errors.InputError` (one sentence
naming the file, the row and the value; nothing is written) or a warning sentence in
``findings`` (the figures are still computed, and the warning says how).

pandas is imported inside the functions (the ``hr`` extra), so importing this module costs
nothing. An Excel export is untrusted input: the command line checks it with
:mod:`xlengine.workbook.safe_io` before this module opens it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..engine.errors import InputError
from ..engine.register import BY_KEY
from ..engine.validate import AmbiguousNumber, decimal_text, fmt
from .hr_columns import EMPLOYEE_COLUMNS, EMPLOYEE_REQUIRED, SICK_COLUMNS, SICK_REQUIRED, SURVEY_COLUMNS, SURVEY_REQUIRED  # noqa: F401 - importable from here

__all__ = [
    "EMPLOYEE_COLUMNS",
    "SICK_COLUMNS",
    "SURVEY_COLUMNS",
    "MAX_FTE",
    "Roster",
    "SickPeriods",
    "read_table",
    "read_roster",
    "read_sick_periods",
    "read_survey",
    "parse_date",
    "is_voluntary",
]

#: Above this FTE a row is refused: it is hours, not a fraction of a full-time week.
MAX_FTE = 1.5


# Leaving reasons that count as voluntary (the employee's own request), English and Dutch.
_VOLUNTARY = re.compile(
    r"resign|voluntar|own request|quit|eigen verzoek|vrijwillig|opzegging (?:door )?werknemer|"
    r"ontslag (?:door )?werknemer|ontslagname|zelf opgezegd|eigen initiatief"
)

_ISO = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}")
_DUTCH = re.compile(r"^\d{1,2}([-/.])\d{1,2}\1\d{4}$")


def _pandas():
    """pandas, or the sentence that says how to get it (the ``hr`` extra)."""
    try:
        import pandas
    except ImportError:
        from ..extras import install_target

        raise InputError(
            "pandas", f'reading HR exports needs pandas, which is not installed: pip install "{install_target("hr")}".'
        ) from None
    return pandas


def is_voluntary(reason: Any) -> np.ndarray:
    """True where a leaving reason means the employee left at their own request.

    >>> is_voluntary(["Resignation", "ontslag op eigen verzoek", "Pensioen", "einde contract", ""]).tolist()
    [True, True, False, False, False]
    """
    pd = _pandas()

    s = pd.Series(np.asarray(reason, dtype=object)).fillna("").astype(str).str.lower()
    return s.str.contains(_VOLUNTARY).to_numpy(dtype=bool)


def _norm(header: Any) -> str:
    return re.sub(r"[\s\-./]+", "_", str(header).replace("\ufeff", "").strip().lower()).strip("_")


def read_table(
    path: Path,
    what: str,
    spec: dict[str, tuple[str, ...]],
    required: tuple[str, ...],
    numeric: tuple[str, ...] = (),
    dates: tuple[str, ...] = (),
) -> tuple[dict[str, Any], dict[str, str]]:
    """The export's columns named in ``spec``: canonical name -> Series, and -> header.

    Only the mapped columns are read (personal data in other columns never enters memory).
    CSV columns are read as text, every row as wide as the header (an unquoted decimal
    comma in a comma-separated file would shift the columns); ``numeric`` columns are
    parsed by :func:`_number` (a ``;`` file follows the Dutch convention). Excel: the
    first sheet, cells as they are.
    """
    pd = _pandas()

    path = Path(path)
    if not path.is_file():
        raise InputError(what, f"{path} does not exist: give the path of the {what} export (.csv or .xlsx).")
    suffix = path.suffix.lower()
    try:
        if suffix == ".xls":
            raise InputError(what, f"{path.name} is an old .xls file: save it as .xlsx (or export CSV) and try again.")
        if suffix in (".xlsx", ".xlsm"):
            frame = pd.read_excel(path, sheet_name=0, dtype=object, engine="openpyxl")
            found = _find_columns(list(frame.columns), spec, required, path, what)
            cols = {k: frame[h] for k, h in found.items()}
            decimal_comma = False
        else:
            with open(path, "rb") as f:
                head = f.read(65536)
            try:
                first = head.decode("utf-8-sig").splitlines()[0] if head.strip() else ""
            except UnicodeDecodeError:
                raise InputError(
                    what, f"{path.name} is not UTF-8 text: export it again as CSV UTF-8 (Excel: 'CSV UTF-8 (comma delimited)')."
                ) from None
            sep = ";" if first.count(";") > first.count(",") else ("\t" if first.count("\t") > first.count(",") else ",")
            decimal_comma = sep == ";"  # the Dutch Excel export: 60.000,50
            options = dict(sep=sep, keep_default_na=False, encoding="utf-8-sig", skipinitialspace=True)
            header = list(pd.read_csv(path, nrows=0, **options).columns) if first else []
            found = _find_columns(header, spec, required, path, what)
            _check_widths(path, sep, len(header), what)
            dtype = {h: "category" if k in dates else str for k, h in found.items()}
            frame = pd.read_csv(path, usecols=list(found.values()), dtype=dtype, **options)
            cols = {k: frame[h] for k, h in found.items()}
    except InputError:
        raise
    except UnicodeDecodeError:
        raise InputError(what, f"{path.name} is not UTF-8 text: export it again as CSV UTF-8.") from None
    except Exception as e:  # a file pandas cannot parse: say which and why, no traceback
        first_line = (str(e).strip().splitlines() or [""])[0].rstrip(".")
        raise InputError(
            what,
            f"{path.name} cannot be read as a {what} export ({type(e).__name__}: {first_line}): "
            "export it again as CSV or .xlsx with one header row.",
        ) from None
    for k in cols:
        cols[k].attrs["decimal_comma"] = decimal_comma
    return cols, {k: str(h) for k, h in found.items()}


def _check_widths(path: Path, sep: str, width: int, what: str) -> None:
    """Refuse a row with more or fewer fields than the header, naming its line: pandas would
    take an extra field as an index column and shift every figure one column.

    Without quotes in the file the fields of every line are counted at once from the
    separators' positions; a file with quotes (a field may then hold a separator or a line
    break) is read with the csv module."""
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b'"' in data:
        import csv
        import io

        reader = csv.reader(io.StringIO(data.decode("utf-8"), newline=""), delimiter=sep, skipinitialspace=True)
        line = None
        for row in reader:
            if len(row) != width and any(field.strip() for field in row):
                line = (reader.line_num, len(row))
                break
    else:
        raw = np.frombuffer(data, dtype=np.uint8)
        ends = np.flatnonzero(raw == 10)
        if not len(ends) or ends[-1] != len(raw) - 1:
            ends = np.append(ends, len(raw))
        starts = np.concatenate(([0], ends[:-1] + 1))
        seps = np.flatnonzero(raw == ord(sep))
        fields = np.searchsorted(seps, ends) - np.searchsorted(seps, starts) + 1
        wrong = np.flatnonzero(fields != width)
        # a line without separators and without text is blank (skipped, as pandas does): per
        # line, whether any byte is text (a maximum over bytes, no index of every byte)
        is_text = (~np.isin(raw, (9, 10, 13, 32))).view(np.uint8)
        text = np.maximum.reduceat(is_text, starts) if len(raw) else np.zeros(len(starts), np.uint8)
        bad = wrong[(fields[wrong] != 1) | (text[wrong] > 0)]
        line = (int(bad[0]) + 1, int(fields[bad[0]])) if len(bad) else None
    if line is not None:
        number, found = line
        hint = (
            " (an unquoted decimal comma, as in 7,5 or 60.000,00, splits a number in two: write 7.5, quote it "
            'as "7,5", or export the file with ; as separator)'
            if sep == "," and found > width
            else ""
        )
        raise InputError(
            what,
            f"{path.name} line {number} has {found} fields instead of {width}, as many as the header{hint}: correct that line.",
        )


def _find_columns(
    headers: list, spec: dict[str, tuple[str, ...]], required: tuple[str, ...], path: Path, what: str
) -> dict[str, Any]:
    """Canonical column -> header, found by name; a missing column names the headers found."""
    by_norm: dict[str, Any] = {}
    for h in headers:
        by_norm.setdefault(_norm(h), h)
    found: dict[str, Any] = {}
    for key, names in spec.items():
        for n in names:
            if n in by_norm:
                found[key] = by_norm[n]
                break
    missing = [k for k in required if k not in found]
    if missing:
        shown = ", ".join(repr(str(h)) for h in headers) or "none"
        wanted = "; ".join(f"{k}: {' / '.join(spec[k][:3])}" for k in missing)
        raise InputError(
            what,
            f"{path.name} has no column for {', '.join(missing)} (headers found: {shown}): "
            f"name the columns ({wanted}) or rename them in the export.",
        )
    return found


def _blank(series) -> np.ndarray:
    pd = _pandas()

    values = series.to_numpy(dtype=object)
    blank = pd.isna(values) | (values == "")
    if series.dtype == object:  # Excel cells: a text of spaces is blank too
        blank |= np.array([isinstance(v, str) and not v.strip() for v in values], dtype=bool)
    return blank


def _text(series) -> np.ndarray:
    """Ids and team names as text: Excel's 1001.0 is "1001"; CSV text as it is."""
    if series.dtype != object:
        return series.to_numpy(dtype=object)
    return np.array([str(int(v)) if isinstance(v, float) and v.is_integer() else str(v).strip() for v in series], dtype=object)


def parse_date(series, path: Path, column: str, what: str, allow_blank: bool = True) -> np.ndarray:
    """datetime64[D]: ISO or Dutch (day first) text, or Excel dates; blank -> NaT; the first bad value is named."""
    pd = _pandas()

    if isinstance(series.dtype, pd.CategoricalDtype):
        # a CSV date column is read as categories (a few thousand distinct days in a million
        # rows): each distinct text is parsed once
        codes = series.cat.codes.to_numpy()
        try:
            days = parse_date(pd.Series(np.asarray(series.cat.categories, dtype=object)).astype(str), path, column, what)
        except InputError:  # parse row by row, so that the message names the first bad row
            return parse_date(pd.Series(series.to_numpy(dtype=object)).astype(str), path, column, what, allow_blank)
        out = np.where(codes >= 0, days[np.maximum(codes, 0)], np.datetime64("NaT"))
        if not allow_blank and np.isnat(out).any():
            i = int(np.flatnonzero(np.isnat(out))[0])
            raise InputError(what, f"{path.name} row {i + 2}, column {column!r} is empty: every row needs this date.")
        return out

    blank = _blank(series)
    out = np.full(len(series), np.datetime64("NaT"), dtype="datetime64[D]")
    values = series.to_numpy(dtype=object)
    if series.dtype == object:  # Excel: real dates where the cells are dates
        stamp = np.array([hasattr(v, "year") and not isinstance(v, str) for v in values], dtype=bool)
        if stamp.any():
            out[stamp] = pd.to_datetime(pd.Series(values[stamp])).to_numpy().astype("datetime64[D]")
    else:
        stamp = np.zeros(len(values), dtype=bool)
    todo = ~blank & ~stamp
    if todo.any():
        text = series if todo.all() else series[todo]
        if text.dtype == object:
            text = text.astype(str)
        text = text.reset_index(drop=True)
        sample = text.iloc[0].strip()
        dutch = _DUTCH.match(sample)
        fmt = "%Y-%m-%d" if _ISO.match(sample) else (f"%d{dutch.group(1)}%m{dutch.group(1)}%Y" if dutch else None)
        parsed = pd.to_datetime(text, format=fmt, errors="coerce") if fmt else pd.Series(pd.NaT, index=text.index)
        bad = parsed.isna().to_numpy()
        if bad.any() and fmt:  # second chance for the odd cell: spaces, a time after the date, 2024-3-1
            fixed = text[bad].str.strip()
            if fmt == "%Y-%m-%d":
                fixed = fixed.str.slice(0, 10).str.replace(
                    r"^(\d{4})-(\d{1,2})-(\d{1,2}).*$", lambda m: f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}", regex=True
                )
            else:
                fixed = fixed.str.split(" ").str[0]
            parsed[bad] = pd.to_datetime(fixed, format=fmt, errors="coerce")
            bad = parsed.isna().to_numpy()
        if bad.any():
            i = int(np.flatnonzero(todo)[np.flatnonzero(bad)[0]])
            raise InputError(
                what,
                f"{path.name} row {i + 2}, column {column!r}: {str(values[i])!r} is not a date: "
                "use 2024-03-31 or 31-03-2024 (one format per column).",
            )
        out[todo] = parsed.to_numpy().astype("datetime64[D]")
    if not allow_blank and blank.any():
        i = int(np.flatnonzero(blank)[0])
        raise InputError(what, f"{path.name} row {i + 2}, column {column!r} is empty: every row needs this date.")
    return out


def _number(series, path: Path, column: str, what: str, default: float = np.nan, percent: bool = False) -> np.ndarray:
    """Floats from numbers or text, through :func:`xlengine.engine.validate.decimal_text`
    (the package's one reading of a number): a ``;`` separated CSV follows the Dutch
    convention (``60.000,50``: point for thousands, comma for decimals); elsewhere text that
    reads two ways (``60.000``) is refused. A ``%`` is read only where the column is a
    percentage (``percent``: a sick percentage); a score or an FTE of ``7%`` is refused."""
    pd = _pandas()

    if series.dtype.kind in "fiu":  # pandas parsed every cell as a number
        return np.array(series, dtype=float)
    mark = "," if series.attrs.get("decimal_comma") else None
    codes, distinct = pd.factorize(series.to_numpy(dtype=object))  # each distinct cell is read once
    parsed = np.empty(len(distinct))
    for j, v in enumerate(distinct):
        problem = None
        if isinstance(v, bool) or not isinstance(v, (int, float, str)):
            problem = f"{fmt(v)} is not a number: use 0.8 or 0,8 (no units)"
        elif not isinstance(v, str):
            parsed[j] = float(v)
        else:
            text = v.strip()
            body = text[:-1].rstrip() if percent and text.endswith("%") else text
            try:
                parsed[j] = decimal_text(body, mark) if body else np.nan
            except AmbiguousNumber as e:
                small, large = e.readings
                problem = (
                    f"{fmt(text)} reads two ways ({fmt(small)} or {fmt(large)}): write {fmt(large)} or {fmt(small)} "
                    "without a thousands separator, or export the file with ; as separator (the Dutch convention)"
                )
            except ValueError:
                problem = (
                    f"{fmt(text)} is a percentage where a number belongs: give the number without %"
                    if text.endswith("%")
                    else f"{fmt(text)} is not a number: use 0.8 or 0,8 (no units)"
                )
        if problem is None and np.isinf(parsed[j]):
            problem = f"{fmt(v)} is not a finite number: give a real figure"
        if problem is not None:
            i = int(np.flatnonzero(codes == j)[0])
            raise InputError(what, f"{path.name} row {i + 2}, column {column!r}: {problem}.")
    out = np.where(codes >= 0, parsed[np.maximum(codes, 0)], np.nan)
    out[np.isnan(out)] = default  # blank cells (and Excel's empty cells)
    return out


@dataclass
class Roster:
    """Employment spells, without names or other personal data: ids become integer codes."""

    path: Path
    team: np.ndarray
    employee: np.ndarray  # integer codes (shared with the sick periods read against it)
    start: np.ndarray
    end: np.ndarray
    fte: np.ndarray
    voluntary: np.ndarray
    employer_cost: np.ndarray | None
    ids: Any  # the code -> id index, for linking only; never written
    findings: list[str] = field(default_factory=list)


@dataclass
class SickPeriods:
    row: np.ndarray  # spell index in the roster, -1 unknown employee
    start: np.ndarray
    end: np.ndarray
    share: np.ndarray
    findings: list[str] = field(default_factory=list)


def read_roster(path: Path, what: str = "EMPLOYEES") -> Roster:
    """The employee export as employment spells; errors and warnings as the module says."""
    pd = _pandas()

    path = Path(path)
    cols, names = read_table(
        path, what, EMPLOYEE_COLUMNS, EMPLOYEE_REQUIRED, numeric=("fte", "employer_cost"), dates=("start", "end")
    )
    findings: list[str] = []
    n = len(cols["team"])
    if n == 0:
        raise InputError(what, f"{path.name} holds no employees: export the rows under the header too.")
    for key in ("team", "employee"):
        empty = _blank(cols[key])
        if empty.any():
            i = int(np.flatnonzero(empty)[0])
            raise InputError(
                what,
                f"{path.name} row {i + 2}, column {names[key]!r} is empty: every row needs "
                f"{'a team' if key == 'team' else 'an employee id'}.",
            )
    team = _text(cols["team"]).astype(str)
    codes, ids = pd.factorize(_text(cols["employee"]))
    start = parse_date(cols["start"], path, names["start"], what, allow_blank=False)
    end = parse_date(cols["end"], path, names["end"], what)
    backwards = ~np.isnat(end) & (end < start)
    if backwards.any():
        i = int(np.flatnonzero(backwards)[0])
        raise InputError(
            what,
            f"{path.name} row {i + 2}: the end date {end[i]} is before the start date {start[i]}: "
            f"correct the dates ({int(backwards.sum())} row(s) like this).",
        )
    fte = _number(cols["fte"], path, names["fte"], what, default=np.nan)
    if np.isnan(fte).any():
        i = int(np.flatnonzero(np.isnan(fte))[0])
        raise InputError(
            what, f"{path.name} row {i + 2}, column {names['fte']!r} is empty: give every employee's FTE (1 = full time)."
        )
    wrong = (fte <= 0) | (fte > MAX_FTE)
    if wrong.any():
        i = int(np.flatnonzero(wrong)[0])
        raise InputError(
            what,
            f"{path.name} row {i + 2}: FTE {fte[i]:g} is outside 0..{MAX_FTE:g}: give FTE as a share of a "
            f"full-time week (0.8), not hours ({int(wrong.sum())} row(s) like this).",
        )
    if "reason" in cols:
        reason = cols["reason"]
        voluntary = is_voluntary(reason.to_numpy(dtype=object))
        left_no_reason = ~np.isnat(end) & _blank(reason)
        if left_no_reason.any():
            findings.append(
                f"warning: {int(left_no_reason.sum())} leaver(s) in {path.name} have no leaving reason: they count in "
                "all-cause turnover, not in voluntary turnover."
            )
    else:
        voluntary = np.zeros(n, dtype=bool)
        findings.append(
            f"warning: {path.name} has no leaving-reason column: every leaver counts as involuntary, so voluntary "
            "turnover is 0 (add the reden_vertrek / reason column)."
        )
    cost = _number(cols["employer_cost"], path, names["employer_cost"], what) if "employer_cost" in cols else None
    if cost is not None and (cost < 0).any():
        i = int(np.flatnonzero(cost < 0)[0])
        raise InputError(
            what, f"{path.name} row {i + 2}: employer cost {cost[i]:g} is negative: give the yearly employer cost in EUR."
        )
    top = BY_KEY["annual_employer_cost"].allowed[1]  # a bound that also keeps every sum finite
    if cost is not None and (cost > top).any():
        i = int(np.flatnonzero(cost > top)[0])
        raise InputError(
            what,
            f"{path.name} row {i + 2}: employer cost {cost[i]:g} is above {top:,.0f} EUR a year, the most "
            "the register allows: give the yearly employer cost of one person in EUR.",
        )
    _check_overlaps(codes, start, end, path, what)
    return Roster(path, team, codes.astype(np.int64), start, end, fte, voluntary, cost, ids, findings)


def _check_overlaps(codes: np.ndarray, start: np.ndarray, end: np.ndarray, path: Path, what: str) -> None:
    """Two spells of one employee that overlap in time would count the person twice: an error."""
    order = np.lexsort((start, codes))
    c, s, e = codes[order], start[order], end[order]
    same = c[1:] == c[:-1]
    prev_end = np.where(np.isnat(e[:-1]), np.datetime64("9999-12-31"), e[:-1])
    overlap = same & (s[1:] <= prev_end)
    if overlap.any():
        j = int(np.flatnonzero(overlap)[0])
        a, b = sorted((int(order[j]), int(order[j + 1])))
        raise InputError(
            what,
            f"{path.name} rows {a + 2} and {b + 2}: the same employee appears twice in overlapping periods "
            f"({int(overlap.sum())} case(s)): keep one row per employment, or end the first before the next starts.",
        )


def read_sick_periods(path: Path, roster: Roster, what: str = "--absence") -> SickPeriods:
    """Sick periods linked to the roster's spells; a sick period outside employment is a warning."""
    pd = _pandas()

    from .workforce import link_sick_periods

    path = Path(path)
    cols, names = read_table(path, what, SICK_COLUMNS, SICK_REQUIRED, numeric=("share",), dates=("start", "end"))
    findings: list[str] = []
    n = len(cols["start"])
    start = parse_date(cols["start"], path, names["start"], what, allow_blank=False)
    end = parse_date(cols["end"], path, names["end"], what)
    backwards = ~np.isnat(end) & (end < start)
    if backwards.any():
        i = int(np.flatnonzero(backwards)[0])
        raise InputError(
            what,
            f"{path.name} row {i + 2}: the sick period ends ({end[i]}) before it starts ({start[i]}): "
            f"correct the dates ({int(backwards.sum())} row(s) like this).",
        )
    if "share" in cols:
        share = _number(cols["share"], path, names["share"], what, default=100.0, percent=True)
        wrong = (share < 0) | (share > 100)
        if wrong.any():
            i = int(np.flatnonzero(wrong)[0])
            raise InputError(
                what,
                f"{path.name} row {i + 2}: sick percentage {share[i]:g} is outside 0..100: give the share "
                "sick in percent (100 = fully sick).",
            )
        share = share / 100.0
    else:
        share = np.ones(n)
        findings.append(f"warning: {path.name} has no sick-percentage column: every sick period counts as 100% sick.")
    # one code space for both files: the roster's ids come first, so they keep their codes
    codes, _ = pd.factorize(np.concatenate([np.asarray(roster.ids, dtype=object), _text(cols["employee"])]))
    codes = codes[len(roster.ids) :]
    known = codes < len(roster.ids)
    row = np.full(n, -1, dtype=np.int64)
    if known.any():
        row[known] = link_sick_periods(roster.employee, roster.start, codes[known], start[known])
    unknown = int((~known).sum())
    if unknown:
        findings.append(
            f"warning: {unknown} sick period(s) in {path.name} belong to no employee in {roster.path.name}: not counted."
        )
    r = row[known]
    spell_end = np.where(np.isnat(roster.end[r]), np.datetime64("9999-12-31"), roster.end[r])
    sick_end = np.where(np.isnat(end[known]), start[known], end[known])
    outside = (start[known] < roster.start[r]) | (sick_end > spell_end)
    if outside.any():
        findings.append(
            f"warning: {int(outside.sum())} sick period(s) in {path.name} fall (partly) outside the employee's "
            "employment: only the days within employment count."
        )
    return SickPeriods(row, start, end, share, findings)


def read_survey(path: Path, what: str = "ANSWERS") -> tuple[np.ndarray, np.ndarray | None]:
    """0-10 answers (NaN for blanks) and the team of each answer (None without a team column)."""
    path = Path(path)
    cols, names = read_table(path, what, SURVEY_COLUMNS, SURVEY_REQUIRED, numeric=("score",))
    score = _number(cols["score"], path, names["score"], what)
    bad = ~np.isnan(score) & ((score < 0) | (score > 10) | (score != np.floor(score)))
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise InputError(what, f"{path.name} row {i + 2}: {score[i]:g} is not a 0-10 answer: keep whole numbers from 0 to 10.")
    team = None
    if "team" in cols:
        blank = _blank(cols["team"])
        team = np.where(blank, "", _text(cols["team"]).astype(str))
    return score, team
