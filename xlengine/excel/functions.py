"""The ENG_ functions: what Excel calls, through xlwings (the registry).

Thin by design: each function checks its arguments against the register, calls the model
or the case, and hands the result back. No formula of the domain lives here.

Excel names are the Python names. Arguments are positional; rates are fractions (Excel's
12% arrives as 0.12); optional arguments come last. Numeric arguments accept a single
cell or a range: a range gives a range back (one array formula instead of thousands of
scalar calls, which matters for speed in xlwings).

Bad input never raises into Excel: the cell shows one readable sentence naming the
argument, the value and the fix.

The functions live by concept (:data:`FUNCTION_MODULES`): the building blocks
(:mod:`.model_functions`), the whole case (:mod:`.case_functions`), decision support
(:mod:`.decision_functions`), HR data (:mod:`.hr_functions`), realised results
(:mod:`.realised_functions`); their arguments are parsed
and selected by :mod:`.arguments`, declared to xlwings by :mod:`.declare`. This module
gathers them into :data:`FUNCTIONS`, which ENG_WHY looks a name up in, and ``__all__``
(what ``xlengine.udfs`` exports).

This module and those it imports must also run unchanged under xlwings Lite (Excel on
the web and Mac, Python in the browser): no ``expand=``, no ``caller``, no heavy imports
at import time.
"""

import inspect

from ..engine import validate as _validate
from ..engine.errors import InputError
from . import case_functions, decision_functions, hr_functions, model_functions, realised_functions
from .arguments import CASE_RESULTS_TOTAL, CASE_RESULTS_YEARLY
from .case_functions import *  # noqa: F401,F403
from .decision_functions import *  # noqa: F401,F403
from .declare import CATEGORY, arg, func, ret, safe
from .hr_functions import *  # noqa: F401,F403
from .model_functions import *  # noqa: F401,F403
from .realised_functions import *  # noqa: F401,F403

_GROUPS = (model_functions, case_functions, decision_functions, hr_functions, realised_functions)

#: The modules that declare ENG_ functions; a tool that loads the functions with other
#: decorators in place runs these again (``workbook.xlwings_udfs.load_with_decorators``).
FUNCTION_MODULES = tuple(m.__name__ for m in _GROUPS)


# --------------------------------------------------------------------------------------
# Why a cell fails: the sentence behind an Excel error value


def _why_target(function):
    # (the Excel argument is function_name: Function is a reserved word in VBA)
    name = str(function if function is not None else "").strip().upper().replace(" ", "_")
    if name and not name.startswith("ENG_"):
        name = f"ENG_{name}"
    target = FUNCTIONS.get(name)
    if target is None or name == "ENG_WHY":
        known = sorted(n for n in FUNCTIONS if n != "ENG_WHY")
        raise InputError(
            "function_name",
            f"function_name = {_validate.fmt(function)} is not an ENG_ function: "
            f"enter the name from the failing cell, e.g. {known[0]} (one of {len(known)}).",
        )
    return name, target


@func()
@arg("function_name", 'The ENG_ function of the failing cell, e.g. "ENG_ROI" (the ENG_ may be left out).')
@arg("arguments", "The same arguments as in the failing cell, in the same order (cells, ranges or values).", ndim=2)
@ret()
@safe
def ENG_WHY(function_name, *arguments):
    """Why an ENG_ call fails: its sentence (the argument, the value, the fix), or empty text when it computes.

    A failed ENG_ call shows an Excel error (#VALUE!) so that SUM and arithmetic cannot
    take it for a number; give ENG_WHY the same function and arguments to read why, e.g.
    =ENG_WHY("ENG_ROI", B5, B6) next to =ENG_ROI(B5, B6).
    """
    name, target = _why_target(function_name)
    parameters = list(inspect.signature(target).parameters.values())
    required = sum(1 for p in parameters if p.default is inspect.Parameter.empty)
    if not required <= len(arguments) <= len(parameters):
        took = f"{required} to {len(parameters)}" if required != len(parameters) else f"{required}"
        raise InputError(
            "arguments",
            f"{name} takes {took} argument{'s' if len(parameters) != 1 else ''} and ENG_WHY got "
            f"{len(arguments)}: give the same arguments as in the failing cell.",
        )
    # One cell arrives as a 1x1 range (ndim=2): hand it on as the single value Excel would give.
    values = [
        a[0][0] if isinstance(a, list) and len(a) == 1 and isinstance(a[0], list) and len(a[0]) == 1 else a for a in arguments
    ]
    result = target(*values)
    return str(result) if isinstance(result, InputError) else ""


#: Every ENG_ function by name.
FUNCTIONS = {name: getattr(m, name) for m in _GROUPS for name in m.__all__ if name.startswith("ENG_")}
FUNCTIONS["ENG_WHY"] = ENG_WHY

#: What ``xlengine.udfs`` exports: every ENG_ function and the names of their selectable figures.
__all__ = (
    sorted(FUNCTIONS)
    + ["CATEGORY", "CASE_RESULTS_YEARLY", "CASE_RESULTS_TOTAL"]
    + [name for m in _GROUPS for name in m.__all__ if not name.startswith("ENG_")]
)
