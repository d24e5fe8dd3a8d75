"""Every ``--json`` of the command line: strict JSON (RFC 8259), one helper for all commands.

JSON has no NaN and no Infinity; Python's ``json`` writes them as bare ``NaN`` /
``Infinity`` unless told not to, and most readers (JavaScript's ``JSON.parse``, jq,
PowerShell) refuse such a document. So a value that is not a finite number (a payback
beyond the horizon, a rate of an empty team) is written as ``null``; where the reader
needs to know why, the command puts a sentence beside it (e.g. ``payback_reason``).
"""

from __future__ import annotations

import json
import math
import sys
from typing import Any, TextIO

__all__ = ["strict", "dump", "dumps"]


def strict(obj: Any) -> Any:
    """``obj`` with every non-finite float as None, numpy scalars and arrays as Python
    numbers and lists, tuples as lists.

    >>> import numpy as np
    >>> strict({"payback_months": float("inf"), "rates": np.array([0.1, np.nan]), "n": np.int64(3)})
    {'payback_months': None, 'rates': [0.1, None], 'n': 3}
    """
    if isinstance(obj, bool) or obj is None or isinstance(obj, (str, int)):
        return obj
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {str(k): strict(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [strict(v) for v in obj]
    tolist = getattr(obj, "tolist", None)  # numpy scalars and arrays, without importing numpy
    if callable(tolist):
        return strict(tolist())
    if isinstance(obj, (set, frozenset)):
        return sorted(strict(v) for v in obj)
    return strict(float(obj))


def dumps(obj: Any) -> str:
    """Strict JSON text of ``obj`` (see :func:`strict`), indented, without a final newline."""
    clean = strict(obj)
    if isinstance(clean, list) and len(clean) > 1_000:
        # One item per line through the C encoder: indent=2 runs json's pure-Python
        # encoder, about 30 s for 200,000 teams; the result is the same JSON value.
        return "[\n  " + ",\n  ".join(json.dumps(item, allow_nan=False) for item in clean) + "\n]"
    return json.dumps(clean, indent=2, allow_nan=False)


def dump(obj: Any, stream: TextIO | None = None) -> None:
    """Write :func:`dumps` of ``obj`` and a newline to ``stream`` (standard output)."""
    out = stream or sys.stdout
    out.write(dumps(obj) + "\n")
