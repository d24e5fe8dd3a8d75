"""``func``, ``arg`` and ``ret`` as xlwings defines them where they record nothing.

On Linux and on Mac (outside xlwings Server and xlwings Lite) xlwings' own decorators
return the function unchanged: classic UDFs need Excel's COM on Windows. Importing xlwings
there only to get three identity functions costs about 0.3 s (it imports pandas), which
the headless engine would pay on every run. :mod:`xlengine.udfs` uses these instead
exactly where xlwings' versions are the same; ``tests/test_udf_decorators.py`` checks
that they are.
"""

from __future__ import annotations

import os
import sys
from typing import Any, Callable, TypeVar

_F = TypeVar("_F", bound=Callable[..., Any])


def xlwings_decorators_act() -> bool:
    """Whether ``xlwings.func``/``arg``/``ret`` would record anything in this process.

    They do on Windows (COM UDFs), in xlwings Lite (Pyodide, ``emscripten``), on an
    xlwings Server (``XLWINGS_ON_SERVER=true``), and wherever xlwings is already imported
    (a build tool or test may have put its Windows machinery in place).
    """
    return (
        sys.platform.startswith("win")
        or sys.platform == "emscripten"
        or os.environ.get("XLWINGS_ON_SERVER") == "true"
        or "xlwings" in sys.modules
    )


def func(f: _F | None = None, *args: Any, **kwargs: Any) -> Any:
    """``@func`` and ``@func(category=...)``: the function, unchanged."""
    return f if f is not None else _identity


def arg(*args: Any, **kwargs: Any) -> Callable[[_F], _F]:
    return _identity


def ret(*args: Any, **kwargs: Any) -> Callable[[_F], _F]:
    return _identity


def _identity(f: _F) -> _F:
    return f
