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
nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..engine.errors import InputError

__all__ = ["EMPLOYEE_COLUMNS", "SICK_COLUMNS", "SURVEY_COLUMNS", "MAX_FTE", "Roster", "SickPeriods",
           "read_table", "read_roster", "read_sick_periods", "read_survey", "parse_date", "is_voluntary"]

#: Above this FTE a row is refused: it is hours, not a fraction of a full-time week.
MAX_FTE = 1.5

# canonical column -> headers accepted (normalised: lower case, spaces/dashes/dots -> _)
EMPLOYEE_COLUMNS = {
    "employee": ("employee_id", "employee", "employee_number", "personnel_number", "id", "personeelsnummer",
                 "medewerkernummer", "medewerker_id", "personeelsnr", "registratienummer"),
    "team": ("team", "afdeling", "department", "dept", "team_name", "teamnaam", "unit", "organisatie_eenheid",
             "organisatieonderdeel", "kostenplaats_omschrijving"),
    "start": ("start_date", "start", "hire_date", "date_of_hire", "date_hired", "datum_in_dienst", "in_dienst",
              "indienst", "startdatum", "datum_indiensttreding", "ingangsdatum"),
    "end": ("end_date", "end", "termination_date", "leave_date", "leaving_date", "date_left", "datum_uit_dienst",
            "uit_dienst", "uitdienst", "einddatum", "datum_uitdiensttreding"),
    "reason": ("reason", "reason_for_leaving", "leaving_reason", "termination_reason", "reden_vertrek",
               "reden_uit_dienst", "vertrekreden", "reden_einde_dienstverband", "reden"),
    "fte": ("fte", "fte_factor", "deeltijdfactor", "parttime_factor", "part_time_factor"),
    "employer_cost": ("employer_cost", "annual_employer_cost", "employer_cost_per_year", "werkgeverslasten",
                      "loonkosten", "kosten_werkgever", "jaarlijkse_werkgeverslasten"),
}
EMPLOYEE_REQUIRED = ("employee", "team", "start", "end", "fte")

SICK_COLUMNS = {
    "employee": EMPLOYEE_COLUMNS["employee"],
    "start": ("start_date", "start", "sick_from", "first_day", "begin", "datum_ziekmelding", "ziekmelding",
              "ziek_vanaf", "eerste_ziektedag", "startdatum", "begindatum"),
    "end": ("end_date", "end", "sick_to", "recovery_date", "return_date", "datum_herstel", "hersteldatum",
            "hersteld_op", "herstelmelding", "einddatum"),
    "share": ("percentage", "percentage_sick", "sick_percentage", "pct", "share", "verzuimpercentage",
              "percentage_ziek", "ziektepercentage", "arbeidsongeschiktheidspercentage"),
}
SICK_REQUIRED = ("employee", "start", "end")

SURVEY_COLUMNS = {
    "score": ("score", "answer", "enps", "enps_score", "recommend", "antwoord", "score_enps", "aanbeveling", "cijfer"),
    "team": EMPLOYEE_COLUMNS["team"],
}
SURVEY_REQUIRED = ("score",)

# Leaving reasons that count as voluntary (the employee's own request), English and Dutch.
_VOLUNTARY = re.compile(r"resign|voluntar|own request|quit|eigen verzoek|vrijwillig|opzegging (?:door )?werknemer|"
                        r"ontslag (?:door )?werknemer|ontslagname|zelf opgezegd|eigen initiatief")

_ISO = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}")
_DUTCH = re.compile(r"^\d{1,2}([-/.])\d{1,2}\1\d{4}$")


def is_voluntary(reason: Any) -> np.ndarray:
    """True where a leaving reason means the employee left at their own request.

    >>> is_voluntary(["Resignation", "ontslag op eigen verzoek", "Pensioen", "einde contract", ""]).tolist()
    [True, True, False, False, False]
    """
    import pandas as pd

    s = pd.Series(np.asarray(reason, dtype=object)).fillna("").astype(str).str.lower()
    return s.str.contains(_VOLUNTARY).to_numpy(dtype=bool)


def _norm(header: Any) -> str:
    return re.sub(r"[\s\-./]+", "_", str(header).replace("\ufeff", "").strip().lower()).strip("_")


def read_table(path: Path, what: str):
    """A CSV or Excel export as a DataFrame of text (Excel dates and numbers kept as such)."""
    import pandas as pd

    path = Path(path)
    if not path.is_file():
        raise InputError(what, f"{path} does not exist: give the path of the {what} export (.csv or .xlsx).")
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm", ".xls"):
            if suffix == ".xls":
                raise InputError(what, f"{path.name} is an old .xls file: save it as .xlsx (or export CSV) and try again.")
            frame = pd.read_excel(path, sheet_name=0, dtype=object, engine="openpyxl")
        else:
            with open(path, "rb") as f:
                head = f.read(65536)
            try:
                first = head.decode("utf-8-sig").splitlines()[0] if head else ""
            except UnicodeDecodeError:
                raise InputError(what, f"{path.name} is not UTF-8 text: export it again as CSV UTF-8 (Excel: 'CSV UTF-8 (comma delimited)').") from None
            sep = ";" if first.count(";") > first.count(",") else ("\t" if first.count("\t") > first.count(",") else ",")
            frame = pd.read_csv(path, sep=sep, dtype=str, keep_default_na=False, encoding="utf-8-sig",
                                skipinitialspace=True)
            frame.attrs["decimal_comma"] = sep == ";"  # the Dutch Excel export: 60.000,50
    except InputError:
        raise
    except UnicodeDecodeError:
        raise InputError(what, f"{path.name} is not UTF-8 text: export it again as CSV UTF-8.") from None
    except Exception as e:  # a file pandas cannot parse: say which and why, no traceback
        first_line = (str(e).strip().splitlines() or [""])[0].rstrip(".")
        raise InputError(what, f"{path.name} cannot be read as a {what} export ({type(e).__name__}: {first_line}): "
                               "export it again as CSV or .xlsx with one header row.") from None
    return frame


def _columns(frame, spec: dict[str, tuple[str, ...]], required: tuple[str, ...], path: Path, what: str) -> dict[str, Any]:
    """Canonical column -> Series, found by header; a missing column names the headers found."""
    found: dict[str, str] = {}
    by_norm = {}
    for h in frame.columns:
        by_norm.setdefault(_norm(h), h)
    for key, names in spec.items():
        for n in names:
            if n in by_norm:
                found[key] = by_norm[n]
                break
    missing = [k for k in required if k not in found]
    if missing:
        headers = ", ".join(repr(str(h)) for h in frame.columns) or "none"
        wanted = "; ".join(f"{k}: {' / '.join(spec[k][:3])}" for k in missing)
        raise InputError(what, f"{path.name} has no column for {', '.join(missing)} (headers found: {headers}): "
                               f"name the columns ({wanted}) or rename them in the export.")
    return {k: frame[h] for k, h in found.items()}


def _blank(series) -> np.ndarray:
    s = series.astype(object)
    return (s.isna() | s.astype(str).str.strip().eq("")).to_numpy(dtype=bool)


def parse_date(series, path: Path, column: str, what: str, allow_blank: bool = True) -> np.ndarray:
    """datetime64[D]: ISO or Dutch (day first); blank -> NaT; the first bad value is named."""
    import pandas as pd

    blank = _blank(series)
    out = np.full(len(series), np.datetime64("NaT"), dtype="datetime64[D]")
    values = series.astype(object)
    is_stamp = values.map(lambda v: hasattr(v, "year")).to_numpy(dtype=bool) if values.dtype == object and len(values) and \
        not isinstance(values.iloc[0], str) else np.zeros(len(values), dtype=bool)
    if is_stamp.any():
        out[is_stamp] = pd.to_datetime(values[is_stamp].astype("datetime64[ns]")).to_numpy().astype("datetime64[D]")
    text = ~blank & ~is_stamp
    if text.any():
        strings = values[text].astype(str).str.strip()
        sample = strings.iloc[0]
        if _ISO.match(sample):
            fmt = "%Y-%m-%d"
            strings = strings.str.slice(0, 10).str.replace(r"^(\d{4})-(\d)-", r"\1-0\2-", regex=True)
        elif _DUTCH.match(sample):
            sep = _DUTCH.match(sample).group(1)
            fmt = f"%d{sep}%m{sep}%Y"
        else:
            fmt = None
        parsed = pd.to_datetime(strings, format=fmt, errors="coerce") if fmt else pd.Series(pd.NaT, index=strings.index)
        bad = parsed.isna().to_numpy()
        if bad.any():
            i = int(np.flatnonzero(text)[np.flatnonzero(bad)[0]])
            raise InputError(what, f"{path.name} row {i + 2}, column {column!r}: {str(values.iloc[i])!r} is not a date: "
                                   "use 2024-03-31 or 31-03-2024 (one format per column).")
        out[text] = parsed.to_numpy().astype("datetime64[D]")
    if not allow_blank and blank.any():
        i = int(np.flatnonzero(blank)[0])
        raise InputError(what, f"{path.name} row {i + 2}, column {column!r} is empty: every row needs this date.")
    return out


def _number(series, path: Path, column: str, what: str, default: float = np.nan) -> np.ndarray:
    """Floats from numbers or text. A ``;`` separated CSV follows the Dutch convention
    (``60.000,50``: point for thousands, comma for decimals); elsewhere a comma in a number
    is a decimal comma unless it groups thousands (``60,000``)."""
    import pandas as pd

    values = series.astype(object)
    blank = _blank(values)
    if series.attrs.get("decimal_comma"):
        is_text = values.map(lambda v: isinstance(v, str)).to_numpy(dtype=bool)
        text = values.copy()
        text[is_text] = (values[is_text].astype(str).str.strip().str.replace("%", "", regex=False)
                         .str.replace(".", "", regex=False).str.replace(",", ".", regex=False))
        direct = np.array(pd.to_numeric(text.where(~blank, None), errors="coerce"), dtype=float)
    else:
        direct = np.array(pd.to_numeric(values.where(~blank, None), errors="coerce"), dtype=float)
        bad = np.isnan(direct) & ~blank
        if bad.any():
            text = values[bad].astype(str).str.strip().str.replace("%", "", regex=False)
            thousands = text.str.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?")
            text = text.where(~thousands, text.str.replace(",", "", regex=False)).str.replace(",", ".", regex=False)
            direct[bad] = np.array(pd.to_numeric(text, errors="coerce"), dtype=float)
    still = np.isnan(direct) & ~blank
    if still.any():
        i = int(np.flatnonzero(still)[0])
        raise InputError(what, f"{path.name} row {i + 2}, column {column!r}: {str(values.iloc[i])!r} is not a number: "
                               "use 0.8 or 0,8 (no units).")
    direct[blank] = default
    return direct


@dataclass
class Roster:
    """Employment spells, without names or other personal data: ids become integer codes."""

    path: Path
    team: np.ndarray
    employee: np.ndarray        # integer codes (shared with the sick periods read against it)
    start: np.ndarray
    end: np.ndarray
    fte: np.ndarray
    voluntary: np.ndarray
    employer_cost: np.ndarray | None
    ids: Any                    # the code -> id index, for linking only; never written
    findings: list[str] = field(default_factory=list)


@dataclass
class SickPeriods:
    row: np.ndarray             # spell index in the roster, -1 unknown employee
    start: np.ndarray
    end: np.ndarray
    share: np.ndarray
    findings: list[str] = field(default_factory=list)


def read_roster(path: Path, what: str = "EMPLOYEES") -> Roster:
    """The employee export as employment spells; errors and warnings as the module says."""
    import pandas as pd

    path = Path(path)
    frame = read_table(path, what)
    cols = _columns(frame, EMPLOYEE_COLUMNS, EMPLOYEE_REQUIRED, path, what)
    names = {k: str(v.name) for k, v in cols.items()}
    findings: list[str] = []
    if len(frame) == 0:
        raise InputError(what, f"{path.name} holds no employees: export the rows under the header too.")
    team = cols["team"].astype(object).where(~pd.Series(_blank(cols["team"]), index=frame.index), None)
    if team.isna().any():
        i = int(np.flatnonzero(team.isna().to_numpy())[0])
        raise InputError(what, f"{path.name} row {i + 2}, column {names['team']!r} is empty: every employee needs a team.")
    team = team.map(lambda v: str(int(v)) if isinstance(v, float) and v.is_integer() else str(v).strip()).to_numpy(dtype=str)
    emp_blank = _blank(cols["employee"])
    if emp_blank.any():
        i = int(np.flatnonzero(emp_blank)[0])
        raise InputError(what, f"{path.name} row {i + 2}, column {names['employee']!r} is empty: every row needs an employee id.")
    ids_text = cols["employee"].astype(object).map(lambda v: str(int(v)) if isinstance(v, float) and v.is_integer() else str(v).strip())
    codes, ids = pd.factorize(ids_text)
    start = parse_date(cols["start"], path, names["start"], what, allow_blank=False)
    end = parse_date(cols["end"], path, names["end"], what)
    backwards = ~np.isnat(end) & (end < start)
    if backwards.any():
        i = int(np.flatnonzero(backwards)[0])
        raise InputError(what, f"{path.name} row {i + 2}: the end date {end[i]} is before the start date {start[i]}: "
                               f"correct the dates ({int(backwards.sum())} row(s) like this).")
    fte = _number(cols["fte"], path, names["fte"], what, default=np.nan)
    if np.isnan(fte).any():
        i = int(np.flatnonzero(np.isnan(fte))[0])
        raise InputError(what, f"{path.name} row {i + 2}, column {names['fte']!r} is empty: give every employee's FTE (1 = full time).")
    wrong = (fte <= 0) | (fte > MAX_FTE)
    if wrong.any():
        i = int(np.flatnonzero(wrong)[0])
        raise InputError(what, f"{path.name} row {i + 2}: FTE {fte[i]:g} is outside 0..{MAX_FTE:g}: give FTE as a share of a "
                               f"full-time week (0.8), not hours ({int(wrong.sum())} row(s) like this).")
    reason = cols["reason"] if "reason" in cols else pd.Series([""] * len(frame))
    voluntary = is_voluntary(reason.to_numpy(dtype=object))
    left_no_reason = ~np.isnat(end) & _blank(reason)
    if "reason" not in cols:
        findings.append(f"warning: {path.name} has no leaving-reason column: every leaver counts as involuntary, so voluntary "
                        "turnover is 0 (add the reden_vertrek / reason column).")
    elif left_no_reason.any():
        findings.append(f"warning: {int(left_no_reason.sum())} leaver(s) in {path.name} have no leaving reason: they count in "
                        "all-cause turnover, not in voluntary turnover.")
    cost = _number(cols["employer_cost"], path, names["employer_cost"], what) if "employer_cost" in cols else None
    if cost is not None and (cost < 0).any():
        i = int(np.flatnonzero(cost < 0)[0])
        raise InputError(what, f"{path.name} row {i + 2}: employer cost {cost[i]:g} is negative: give the yearly employer cost in EUR.")
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
        raise InputError(what, f"{path.name} rows {a + 2} and {b + 2}: the same employee appears twice in overlapping periods "
                               f"({int(overlap.sum())} case(s)): keep one row per employment, or end the first before the next starts.")


def read_sick_periods(path: Path, roster: Roster, what: str = "--absence") -> SickPeriods:
    """Sick periods linked to the roster's spells; a sick period outside employment is a warning."""
    import pandas as pd

    from ..decision.workforce import link_sick_periods

    path = Path(path)
    frame = read_table(path, what)
    cols = _columns(frame, SICK_COLUMNS, SICK_REQUIRED, path, what)
    names = {k: str(v.name) for k, v in cols.items()}
    findings: list[str] = []
    start = parse_date(cols["start"], path, names["start"], what, allow_blank=False)
    end = parse_date(cols["end"], path, names["end"], what)
    backwards = ~np.isnat(end) & (end < start)
    if backwards.any():
        i = int(np.flatnonzero(backwards)[0])
        raise InputError(what, f"{path.name} row {i + 2}: the sick period ends ({end[i]}) before it starts ({start[i]}): "
                               f"correct the dates ({int(backwards.sum())} row(s) like this).")
    if "share" in cols:
        share = _number(cols["share"], path, names["share"], what, default=100.0)
        if (share < 0).any() or (share > 100).any():
            i = int(np.flatnonzero((share < 0) | (share > 100))[0])
            raise InputError(what, f"{path.name} row {i + 2}: sick percentage {share[i]:g} is outside 0..100: give the share sick in percent (100 = fully sick).")
        share = share / 100.0 if share.max(initial=0) > 1 else share
    else:
        share = np.ones(len(frame))
        findings.append(f"warning: {path.name} has no sick-percentage column: every sick period counts as 100% sick.")
    ids_text = cols["employee"].astype(object).map(lambda v: str(int(v)) if isinstance(v, float) and v.is_integer() else str(v).strip())
    codes = roster.ids.get_indexer(pd.Index(ids_text))
    row = np.full(len(frame), -1, dtype=np.int64)
    known = codes >= 0
    if known.any():
        row[known] = link_sick_periods(roster.employee, roster.start, codes[known], start[known])
    unknown = int((~known).sum())
    if unknown:
        findings.append(f"warning: {unknown} sick period(s) in {path.name} belong to no employee in {roster.path.name}: not counted.")
    r = row[known]
    spell_end = np.where(np.isnat(roster.end[r]), np.datetime64("9999-12-31"), roster.end[r])
    sick_end = np.where(np.isnat(end[known]), start[known], end[known])
    outside = (start[known] < roster.start[r]) | (sick_end > spell_end)
    if outside.any():
        findings.append(f"warning: {int(outside.sum())} sick period(s) in {path.name} fall (partly) outside the employee's "
                        "employment: only the days within employment count.")
    return SickPeriods(row, start, end, share, findings)


def read_survey(path: Path, what: str = "ANSWERS") -> tuple[np.ndarray, np.ndarray | None]:
    """0-10 answers (NaN for blanks) and the team of each answer (None without a team column)."""
    path = Path(path)
    frame = read_table(path, what)
    cols = _columns(frame, SURVEY_COLUMNS, SURVEY_REQUIRED, path, what)
    score = _number(cols["score"], path, str(cols["score"].name), what)
    bad = ~np.isnan(score) & ((score < 0) | (score > 10) | (score != np.floor(score)))
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise InputError(what, f"{path.name} row {i + 2}: {score[i]:g} is not a 0-10 answer: keep whole numbers from 0 to 10.")
    team = None
    if "team" in cols:
        team = cols["team"].astype(object).map(lambda v: "" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v).strip()).to_numpy(dtype=str)
    return score, team
