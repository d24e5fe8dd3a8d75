"""Where each assumption of a case comes from, and which value the case computes with.

The one rule every place that shows an assumption beside its source follows (``xlengine
case`` as text and JSON, the board report's Assumptions sheet and key assumptions):

* the value shown is the value the case **uses**: in benchmark mode the "after" values
  derived from the Gallup gap (:func:`xlengine.engine.gallup.resolve`), never a typed
  target the mode ignores;
* its source is, in this order: the benchmark derivation (benchmark mode, for the keys it
  derives); **your input** with where it was given (a file, a cell) for a key the user
  gave; else the register's source of the default.

So a headcount of 118 from a file never sits beside the register's "(200 FTE)".
"""

from __future__ import annotations

from typing import Any, Callable, Collection, Mapping

from .. import i18n
from ..engine import gallup as _gallup
from ..engine.register import BY_KEY, REGISTER

__all__ = ["in_use", "ignored", "sources", "source_of"]


def in_use(values: Mapping[str, Any]) -> dict[str, float]:
    """Every register key with the value the case computes with (benchmark mode resolved).

    >>> from xlengine.engine.register import defaults
    >>> a = defaults(); a.update(benchmark_mode=1, gap_closed=0.15)
    >>> round(in_use(a)["productivity_gain"], 6), a["productivity_gain"]   # 0.15 x Gallup's +14%
    (0.021, 0.02)
    """
    used = _gallup.resolve(values)
    return {a.key: float(used[a.key]) for a in REGISTER}


def ignored(values: Mapping[str, Any]) -> dict[str, float]:
    """The typed values the case does not use (benchmark mode: the typed targets), else ``{}``.

    >>> from xlengine.engine.register import defaults
    >>> a = defaults(); a["benchmark_mode"] = 1
    >>> sorted(ignored(a)), ignored(defaults())
    (['absence_after', 'productivity_gain', 'turnover_after'], {})
    """
    if not _gallup.is_on(values):
        return {}
    return {k: float(values[k]) for k in _gallup.DERIVED}


def _where(where: str | Callable[[str], str], key: str) -> str:
    return where(key) if callable(where) else where


def source_of(
    key: str, values: Mapping[str, Any], given: Collection[str], where: str | Callable[[str], str], language: str = "en"
) -> str:
    """The source shown beside ``key``'s value (see the module notes).

    ``given``: the keys the user gave; ``where``: where they gave them, one text (a file
    name) or a function of the key (a cell).

    >>> from xlengine.engine.register import defaults
    >>> a = defaults(); a["headcount"] = 118.0
    >>> source_of("headcount", a, {"headcount"}, "case.csv")
    'your input (case.csv)'
    >>> source_of("headcount", a, {"headcount"}, lambda k: "cell Assumptions!B2", "nl")
    'eigen invoer (cell Assumptions!B2)'
    >>> a.update(benchmark_mode=1, gap_closed=0.15)
    >>> source_of("productivity_gain", a, {"productivity_gain"}, "case.csv")
    'benchmark mode: 15% of the Gallup Q12 2024 quartile gap (gap_closed); the typed productivity_gain is not used'
    """
    lab = i18n.SOURCE[i18n.pick(language)]
    if key in _gallup.DERIVED and _gallup.is_on(values):
        closed = float(values["gap_closed"]) * 100
        return lab["benchmark"].format(closed=f"{closed:g}%", edition=int(values["gallup_edition"]), key=key)
    if key in given:
        return lab["input"].format(where=_where(where, key))
    entry = BY_KEY[key]
    return entry.source + ("" if entry.verified else lab["unverified"])


def sources(
    values: Mapping[str, Any], given: Collection[str], where: str | Callable[[str], str], language: str = "en"
) -> dict[str, str]:
    """:func:`source_of` for every register key, in register order."""
    return {a.key: source_of(a.key, values, given, where, language) for a in REGISTER}
