"""Turn what a user typed (a cell, a CSV field) into a checked number, or say what to fix.

Every message is one sentence naming the argument, the value and the fix. The ranges come
from the assumption register; nothing here holds a range of its own except the few
arguments that are not assumptions (a cost per leaver, a benefit total).
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from decimal import Decimal as _Decimal
from typing import Any, Callable, Mapping

from .errors import EXCEL_ERRORS, InputError
from .register import BY_KEY

__all__ = [
    "number",
    "number_text",
    "decimal_text",
    "checker",
    "grid",
    "array",
    "assumption",
    "assumptions",
    "range_key",
    "split_range_key",
    "given",
    "fmt",
    "UnknownAssumption",
]

# Excel's error values as xlwings may hand them over (text) -- a cell that refers to a
# broken cell should say so, not "is text".
_EXCEL_ERRORS = EXCEL_ERRORS


#: The most characters of a value a message quotes (a whole range or a pasted text would
#: bury the sentence).
QUOTE_LIMIT = 200


class UnknownAssumption(InputError):
    """A key that is no assumption of the register, with the nearest key (or None).

    The sentence points to ``ENG_ASSUMPTIONS()``, where a workbook user finds the keys;
    the command line tells its own users where to look (``docs/register.md``).

    >>> e = UnknownAssumption("head_count")
    >>> e.key, e.closest
    ('head_count', 'headcount')
    """

    def __init__(self, key: str):
        import difflib

        normalised = str(key).strip().lower().replace(" ", "_")
        match = difflib.get_close_matches(normalised, list(BY_KEY), n=1)
        self.key, self.closest = str(key), (match[0] if match else None)
        hint = f", e.g. {self.closest}" if self.closest else ""
        super().__init__(self.key, f"{self.key!r} is not a known assumption: use one of the keys of ENG_ASSUMPTIONS(){hint}.")


def fmt(value: Any) -> str:
    """A value as a user would recognise it in a message, at most about :data:`QUOTE_LIMIT` characters.

    >>> fmt(12.0), fmt(0.125), fmt("12 %")
    ('12', '0.125', "'12 %'")
    >>> fmt("x" * 1000)[-36:]
    'xxxxxxxxxxxxxx... (1,002 characters)'
    """
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return f"{int(value)}"
        return f"{value:.6g}"
    shown = repr(value) if isinstance(value, str) else str(value)
    if len(shown) > QUOTE_LIMIT:
        return f"{shown[:QUOTE_LIMIT]}... ({len(shown):,} characters)"
    return shown


# A currency sign or code before or after the figure (not inside it: 2EUR00 is not 200).
_CURRENCY = re.compile(r"^([+\-\u2212]?)\s*(?:\u20ac|EUR)\s*(?=\S)|(?<=\S)\s*(?:\u20ac|EUR)$", re.IGNORECASE)


def _parse_text(name: str, text: str, fraction: bool = False) -> float:
    raw = text.strip()
    if raw == "":
        raise InputError(name, f"{name} is empty: enter a number.")
    upper = raw.upper()
    if upper in _EXCEL_ERRORS:
        raise InputError(name, f"{name} refers to a cell showing {upper}: fix that cell first.")
    if raw.endswith("%") and not fraction:  # 12 % headcount is not 0.12 FTE, 35% eNPS not 0.35 points
        raise InputError(name, f"{name} = {fmt(raw)} is a percentage, but {name} is not a rate: enter the number without %.")
    try:
        return number_text(raw)
    except AmbiguousNumber as e:
        small, large = e.readings
        raise InputError(
            name,
            f"{name} = {fmt(raw)} reads two ways ({fmt(small)} or {fmt(large)}): "
            f"write {fmt(large)} or {fmt(small)}, without a thousands separator.",
        ) from None
    except ValueError:
        raise InputError(name, f"{name} is text ({fmt(raw)}) where a number belongs: enter a number.") from None


def number_text(text: str, decimal_mark: str | None = None) -> float:
    """A typed figure as a float: a number (:func:`decimal_text`), optionally with ``%``
    (divided by 100) and a euro sign or ``EUR`` before or after it (not inside it: ``2EUR00``
    is not 200, nor is ``2_00``).

    ``decimal_mark`` as in :func:`decimal_text`. Raises ValueError (or
    :class:`AmbiguousNumber`) for text that is not such a figure.

    >>> number_text("13,5%", ","), number_text("EUR 72.500", ","), number_text("12%")
    (0.135, 72500.0, 0.12)
    """
    raw = text.strip()
    percent = raw.endswith("%")
    body = raw[:-1].strip() if percent else raw
    body = _CURRENCY.sub(lambda m: m.group(1) or "", body, count=2).strip()
    value = decimal_text(body, decimal_mark)
    # 13.5% is 0.135 exactly as typed: dividing the float by 100 would give 0.13500000000000001
    return float(_Decimal(repr(value)).scaleb(-2)) if percent else value


class AmbiguousNumber(ValueError):
    """Text that reads as two different numbers (``60.000``: sixty, or sixty thousand)."""

    @property
    def readings(self) -> tuple[float, float]:
        digits = self.args[0].lstrip("+-\u2212")
        sign = -1.0 if self.args[0][:1] in ("-", "\u2212") else 1.0
        return sign * float(digits.replace(",", ".")), sign * float(digits.replace(",", "").replace(".", ""))


_PLAIN = re.compile(r"(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_ONE_GROUP = re.compile(r"[1-9]\d{0,2}[.,]\d{3}")  # 60.000, 1,500: a decimal mark or a thousands separator?
_GROUPED = re.compile(r"[1-9]\d{0,2}(?:([., \u00a0\u202f])\d{3})(?:\1\d{3})*")  # 1.234.567, 1,234,567, 1 234 567


def decimal_text(text: str, decimal_mark: str | None = None) -> float:
    """A number as people write it, with ``,`` or ``.`` as the decimal mark.

    ``decimal_mark=","`` reads a file whose convention is known to be the Dutch one (a
    ``;``-separated export, as Excel writes it with Dutch settings; ``xlengine roster``
    and ``xlengine case`` share this rule): ``,`` is the decimal mark and ``.`` only
    separates groups of three digits, so ``72.500`` is 72,500 and ``13,5`` is 13.5. A
    point that cannot separate thousands (``12.5``, ``60000.50``) is read as the decimal
    mark it then must be. Without ``decimal_mark`` the rules below apply.

    Rules: ``.`` and ``,`` are both decimal marks and thousands separators; when both
    occur the last one is the decimal mark and the other separates groups of three digits
    (``1.234,5`` and ``1,234.5`` are 1234.5); a mark that repeats separates thousands
    (``1.234.567``); a single mark followed by other than three digits is the decimal mark
    (``0,6``, ``12.5``), as is a mark after a lone 0 (``0,600``). A single mark between a
    first group of one to three digits (not 0) and exactly three digits reads two ways
    (``60.000``, ``1,500``): refused with :class:`AmbiguousNumber`, never guessed.
    Python's own notation (``1e-3``, ``0.125``) is read as Python reads it.

    Raises ValueError for text that is not a number.

    >>> decimal_text("0,6"), decimal_text("1.234,5"), decimal_text("1,234,567"), decimal_text("-12.5")
    (0.6, 1234.5, 1234567.0, -12.5)
    >>> decimal_text("60.000")
    Traceback (most recent call last):
    ...
    xlengine.engine.validate.AmbiguousNumber: 60.000
    """
    s = text.strip()
    sign = ""
    if s[:1] in ("+", "-", "\u2212"):
        sign, s = ("" if s[0] == "+" else "-"), s[1:].strip()
    if decimal_mark == ",":
        return _dutch_decimal(text, sign, s)
    if _ONE_GROUP.fullmatch(s):
        raise AmbiguousNumber(text.strip())
    if _PLAIN.fullmatch(s):
        return float(sign + s)
    marks = [i for i, ch in enumerate(s) if ch in ",."]
    if marks and (len({s[i] for i in marks}) == 2 or len(marks) == 1):
        whole, frac = s[: marks[-1]], s[marks[-1] + 1 :]  # the last mark is the decimal mark
    else:
        whole, frac = s, ""  # none, or one repeated: thousands only
    if frac and not frac.isdigit():
        raise ValueError(text)
    if not whole.isdigit():
        grouped = _GROUPED.fullmatch(whole)
        if not grouped or (frac and grouped.group(1) == s[marks[-1]]):
            raise ValueError(text)
        whole = "".join(ch for ch in whole if ch.isdigit())
    return float(f"{sign}{whole}.{frac or '0'}")


_DUTCH_GROUPS = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+")  # 72.500, 1.234.567


def _dutch_decimal(text: str, sign: str, s: str) -> float:
    """:func:`decimal_text` with ``,`` the decimal mark and ``.`` the thousands separator.

    >>> [decimal_text(t, ",") for t in ("72.500", "1.234.567,5", "13,5", "0,600", "1,500", "12.5", "60000.50", "-3")]
    [72500.0, 1234567.5, 13.5, 0.6, 1.5, 12.5, 60000.5, -3.0]
    """
    whole, comma, frac = s.partition(",")
    if comma:
        if "," in frac or not frac.isdigit():
            raise ValueError(text)
        if "." in whole and not _DUTCH_GROUPS.fullmatch(whole):
            raise ValueError(text)
        whole = whole.replace(".", "")
        if not whole.isdigit():
            raise ValueError(text)
        return float(f"{sign}{whole}.{frac}")
    if _DUTCH_GROUPS.fullmatch(s):
        return float(sign + s.replace(".", ""))
    if _PLAIN.fullmatch(s):  # 12.5, 60000.50: a point that cannot group thousands is the decimal mark
        return float(sign + s)
    raise ValueError(text)


_FLOAT_MAX_INT = int(1.7976931348623157e308)  # the largest integer a float holds


def _passes(x: float, lo: float, hi: float, fraction: bool, integer: bool, nonzero: bool) -> bool:
    """Every check of :func:`number` at once, for a float: the common case needs no message."""
    return (
        lo <= x <= hi
        and math.isfinite(x)
        and not (fraction and 1 < x <= 100 and hi <= 1)
        and not (integer and not x.is_integer())
        and not (nonzero and x == 0)
    )


def number(
    name: str,
    value: Any,
    *,
    allowed: tuple[float, float] | None = None,
    unit: str = "",
    fraction: bool = False,
    integer: bool = False,
    nonzero: bool = False,
) -> float:
    """Check one scalar input and return it as a float.

    Parameters
    ----------
    name : str
        The argument's name, as the user sees it (used in the message).
    value : any
        What arrived: float, int, numeric text ("12", "12%"), None for an empty cell.
    allowed : (low, high), optional
        Inclusive range; outside it the value is refused.
    unit : str
        Shown in the range message.
    fraction : bool
        A rate: a value such as 12 is refused with the percentage hint.
    integer : bool
        Whole numbers only (e.g. years of the horizon).
    nonzero : bool
        Refuse 0 (a divisor).

    >>> number("turnover_before", "12%", fraction=True)
    0.12
    >>> number("turnover_before", 12, fraction=True, allowed=(0, 1))
    Traceback (most recent call last):
    ...
    xlengine.engine.errors.InputError: turnover_before = 12 looks like a percentage typed as a whole number: enter 12% or 0.12.
    """
    t = type(value)
    if t is float or (t is int and -_FLOAT_MAX_INT <= value <= _FLOAT_MAX_INT):  # the common case, checked in one go
        x = float(value)
        lo, hi = allowed if allowed is not None else (-math.inf, math.inf)
        if _passes(x, lo, hi, fraction, integer, nonzero):
            return x
    if value is None:
        raise InputError(name, f"{name} is empty: enter a number.")
    if isinstance(value, (list, tuple)):
        raise InputError(name, f"{name} is a range where one value belongs: give a single cell.")
    if isinstance(value, bool):
        raise InputError(name, f"{name} is {str(value).upper()} (a yes/no value) where a number belongs: enter a number.")
    if isinstance(value, (_dt.date, _dt.datetime)):
        raise InputError(
            name, f"{name} is a date ({value:%Y-%m-%d}) where a number belongs: format the cell as a number and enter the value."
        )
    if isinstance(value, str):
        value = _parse_text(name, value, fraction)
    try:
        x = float(value)
    except OverflowError:  # an integer beyond a float's range (1.8e308)
        raise InputError(
            name, f"{name} is a number too large to compute with ({len(str(abs(value)))} digits): enter a real figure."
        ) from None
    except (TypeError, ValueError):
        raise InputError(name, f"{name} is not a number ({fmt(value)}): enter a single number.") from None
    if math.isnan(x) or math.isinf(x):
        raise InputError(name, f"{name} is not a finite number ({fmt(x)}): enter a real number.")
    if fraction and 1 < x <= 100 and (allowed is None or allowed[1] <= 1):
        raise InputError(
            name, f"{name} = {fmt(x)} looks like a percentage typed as a whole number: enter {fmt(x)}% or {fmt(x / 100)}."
        )
    if nonzero and x == 0:
        raise InputError(name, f"{name} is 0 and is used as a divisor: enter a value above 0.")
    if allowed is not None:
        lo, hi = allowed
        if not (lo <= x <= hi):
            shown = (
                f"{fmt(lo * 100)}% to {fmt(hi * 100)}%"
                if fraction
                else f"{fmt(float(lo))} to {fmt(float(hi))}{(' ' + unit) if unit else ''}"
            )
            hint = " (it cannot be negative)" if x < 0 <= lo else ""
            raise InputError(name, f"{name} = {fmt(x)} is outside the allowed range {shown}{hint}: enter a value in that range.")
    if integer and not x.is_integer():
        raise InputError(name, f"{name} = {fmt(x)} must be a whole number: enter e.g. {round(x)}.")
    return x


def checker(
    *,
    allowed: tuple[float, float] | None = None,
    unit: str = "",
    fraction: bool = False,
    integer: bool = False,
    nonzero: bool = False,
) -> Callable[[str, Any], float]:
    """:func:`number` with its checks bound once, for code that checks one cell per call.

    ``checker(**checks)(name, value) == number(name, value, **checks)``, messages included:
    a float that passes number's first test is returned at once (no keyword call),
    anything else goes through :func:`number`.

    >>> checker(allowed=(0, 1), fraction=True)("turnover_before", 0.12)
    0.12
    """
    lo, hi = allowed if allowed is not None else (-math.inf, math.inf)

    def check(name: str, value: Any) -> float:
        if type(value) is float and _passes(value, lo, hi, fraction, integer, nonzero):
            return value
        return number(name, value, allowed=allowed, unit=unit, fraction=fraction, integer=integer, nonzero=nonzero)

    return check


def assumption(key: str, value: Any, name: str | None = None) -> float:
    """Check ``value`` against the register entry ``key`` (allowed range, unit, integer)."""
    return number(name or key, value, **CHECKS[key])


def range_key(key: str, end: str) -> str:
    """The key of a typed range end: ``range_key("turnover_after", "low") == "turnover_after_low"``
    (also the template's defined name of that cell)."""
    return f"{key}_{end}"


def split_range_key(key: str) -> tuple[str, str] | None:
    """``("turnover_after", "low")`` for ``"turnover_after_low"``; None for any other key.

    >>> split_range_key("turnover_after_high"), split_range_key("headcount")
    (('turnover_after', 'high'), None)
    """
    for end in ("low", "high"):
        base = key[: -len(end) - 1]
        if key.endswith("_" + end) and base in BY_KEY:
            return base, end
    return None


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def assumptions(values: Mapping[str, Any]) -> dict[str, float]:
    """Complete and check a set of assumptions.

    Keys are case-insensitive and may carry spaces; missing keys take the register's
    default; an unknown key is refused by name (a typo must not silently fall back to a
    default).

    A typed range travels as ``<key>_low`` / ``<key>_high`` (see :func:`range_key`): each
    end within the key's allowed range and low <= value <= high; a blank end is left out
    (the default rule of :func:`xlengine.decision.uncertainty.ranges` applies). A key
    that is not an estimate (no register range, e.g. headcount) takes only a range equal
    to its value.

    >>> assumptions({"Headcount": 50})["headcount"]
    50.0
    >>> a = assumptions({"turnover_after": 0.10, "turnover_after_low": 0.09, "turnover_after_high": ""})
    >>> a["turnover_after_low"], "turnover_after_high" in a
    (0.09, False)
    >>> assumptions({"head_count": 50})
    Traceback (most recent call last):
    ...
    xlengine.engine.validate.UnknownAssumption: 'head_count' is not a known assumption: use one of the keys of ENG_ASSUMPTIONS(), e.g. headcount.
    """
    out: dict[str, float] = {}
    ends: dict[str, float] = {}
    for raw_key, value in values.items():
        key = str(raw_key).strip().lower().replace(" ", "_")
        if key not in BY_KEY:
            split = split_range_key(key)
            if split is None:
                raise UnknownAssumption(str(raw_key))
            if key in ends:
                raise InputError(key, f"{key} is given twice: keep one row for it.")
            if not _blank(value):
                ends[key] = assumption(split[0], value, name=key)
            continue
        if key in out:
            raise InputError(key, f"{key} is given twice: keep one row for it.")
        out[key] = assumption(key, value)
    for key, a in BY_KEY.items():
        out.setdefault(key, float(a.default))
    for key, x in ends.items():
        split = split_range_key(key)
        assert split is not None  # ends holds range keys only (checked where they were put in)
        base, end = split
        v = out[base]
        if end == "low" and x > v:
            raise InputError(
                key,
                f"{key} = {fmt(x)} is above the value {base} = {fmt(v)}: enter a low end at most the value, or leave it empty for the default range.",
            )
        if end == "high" and x < v:
            raise InputError(
                key,
                f"{key} = {fmt(x)} is below the value {base} = {fmt(v)}: enter a high end at least the value, or leave it empty for the default range.",
            )
        if not BY_KEY[base].uncertain and x != v:
            raise InputError(
                key,
                f"{key} = {fmt(x)} gives a range to {base}, which is a decision or a fact, not an estimate: leave {key} empty (or equal to the value).",
            )
        out[key] = x
    return out


def given(values: Mapping[str, Any]) -> frozenset[str]:
    """The register keys ``values`` holds a value for (not blank): the figures the user
    entered, as opposed to the defaults :func:`assumptions` fills in.

    >>> sorted(given({"Headcount": 50, "turnover_after_low": 0.07, "enps_before": ""}))
    ['headcount']
    """
    keys = (str(k).strip().lower().replace(" ", "_") for k, v in values.items() if not _blank(v))
    return frozenset(k for k in keys if k in BY_KEY)


def grid(name: str, value: Any) -> list[list[Any]]:
    """A range (nested lists, as Excel hands it over) as a rectangular list of rows; a
    single value as one row of one.

    >>> grid("rank", ((1.0,), (2.0,)))
    [[1.0], [2.0]]
    >>> grid("field", "low")
    [['low']]
    """
    if not isinstance(value, (list, tuple)):
        return [[value]]
    rows = [list(r) if isinstance(r, (list, tuple)) else [r] for r in value]
    if not rows or not rows[0]:
        raise InputError(name, f"{name} is an empty range: select the cells that hold the values.")
    if any(len(r) != len(rows[0]) for r in rows):
        raise InputError(name, f"{name} is not a rectangular range: select a block of cells.")
    return rows


def array(name: str, value: Any, **checks: Any):
    """Check a scalar or a range (nested lists, as Excel hands a range over).

    Returns a float for a single value (or a 1x1 range) and a 2-D float ndarray for a
    range, so the model's broadcasting serves one cell and a whole column alike. The
    message for a bad element names its row and column inside the range.
    """
    import numpy as np

    if not isinstance(value, (list, tuple)):
        return number(name, value, **checks)
    rows = grid(name, value)
    if len(rows) == 1 and len(rows[0]) == 1:
        return number(name, rows[0][0], **checks)
    width = len(rows[0])
    flat = [v for r in rows for v in r]
    # Fast path: every cell already a real number (the common case for a filled column).
    if all(type(v) is float or (type(v) is int and -_FLOAT_MAX_INT <= v <= _FLOAT_MAX_INT) for v in flat):
        arr = np.array(flat, dtype=float).reshape(len(rows), width)
        ok = np.isfinite(arr)
        lo, hi = checks.get("allowed") or (-np.inf, np.inf)
        ok &= (arr >= lo) & (arr <= hi)
        if checks.get("fraction"):
            ok &= ~((arr > 1) & (arr <= 100) & (hi <= 1))
        if checks.get("integer"):
            ok &= arr == np.round(arr)
        if checks.get("nonzero"):
            ok &= arr != 0
        if ok.all():
            return arr
    out = np.empty((len(rows), width))
    for i, r in enumerate(rows):
        for j, v in enumerate(r):
            try:
                out[i, j] = number(name, v, **checks)
            except InputError as e:
                where = (
                    f"{name} (row {i + 1}, column {j + 1} of the range)" if width > 1 else f"{name} (row {i + 1} of the range)"
                )
                raise InputError(name, str(e).replace(name, where, 1)) from None
    return out


# --- the checks of every argument, in one place ---------------------------------------

#: Arguments of the ENG_ functions that are not register entries: money amounts with their
#: own checks (register entries take theirs from the register, see :data:`CHECKS`).
ARGUMENT_CHECKS: dict[str, dict[str, Any]] = {
    "cost_per_leaver": dict(allowed=(0, 1e9), unit="EUR"),
    "cost_per_sick_day": dict(allowed=(0, 1e6), unit="EUR"),
    "benefits": dict(allowed=(-1e12, 1e12), unit="EUR"),
    # a divisor: below one euro a ratio is meaningless (and overflows to inf)
    "costs": dict(allowed=(1, 1e12), unit="EUR", nonzero=True),
    "one_off_cost": dict(allowed=(0, 1e12), unit="EUR"),
    "annual_benefit": dict(allowed=(-1e12, 1e12), unit="EUR"),
    "annual_cost": dict(allowed=(0, 1e12), unit="EUR"),
    # survey answers and the selectors of the decision-support functions
    "scores": dict(allowed=(0, 10)),
    "edition": dict(integer=True),
    "year": dict(allowed=(0.0, BY_KEY["horizon_years"].allowed[1]), integer=True),
    "example": dict(
        allowed=(0, 1), integer=True
    ),  # 1: the embedded example's figures, not the organisation's  # 0: the start (the one-off cost)
    "draws": dict(allowed=(1, 1_000_000), integer=True),
    "seed": dict(allowed=(0, 2**32 - 1), integer=True),
    "bins": dict(allowed=(1, 200), integer=True),
    "place": dict(allowed=(1, 10_000), integer=True),  # a rank or a bar of a table
}

#: The keyword checks of :func:`number` for every argument name: the register's entries
#: (allowed range, unit, rate, whole number) and :data:`ARGUMENT_CHECKS`.
CHECKS: dict[str, dict[str, Any]] = {
    **ARGUMENT_CHECKS,
    **{k: dict(allowed=a.allowed, unit=a.unit, fraction=a.is_fraction, integer=a.integer) for k, a in BY_KEY.items()},
}


def shown_range(key: str, bounds: tuple[float, float]) -> str:
    """A range of register entry ``key`` as a person reads it: ``5% to 40%``, ``1 to 24 months``."""
    a = BY_KEY[key]
    lo, hi = bounds
    if a.is_fraction:
        return f"{fmt(lo * 100)}% to {fmt(hi * 100)}%"
    return f"{fmt(float(lo))} to {fmt(float(hi))}{(' ' + a.unit) if a.unit else ''}"


def implausible(key: str, x: float) -> str | None:
    """What is odd about a checked value ``x`` of ``key`` outside the register's plausible
    range (a warning: it may be right for the organisation), or None inside it.

    >>> implausible("turnover_before", 0.5)
    'turnover_before = 50% is outside the plausible range 2% to 40%'
    >>> implausible("turnover_before", 0.12) is None
    True
    """
    a = BY_KEY[key]
    lo, hi = a.plausible
    if lo <= x <= hi:
        return None
    value = f"{fmt(x * 100)}%" if a.is_fraction else fmt(x)
    return f"{key} = {value} is outside the plausible range {shown_range(key, a.plausible)}"
