"""How an ENG_ function is declared to xlwings: its category, its arguments' wizard text
and options, and that it never raises into Excel.

``func``, ``arg`` and ``ret`` call xlwings' own public decorators (``xw.func``,
``xw.arg(doc=...)``, ``xw.ret``) with the options every ENG_ function shares:

- ``category``: the function wizard's group; ``call_in_wizard=False`` for the heavy
  functions (a Monte Carlo or a whole table), which the wizard would otherwise compute
  on every keystroke (classic xlwings only; Lite and xlwings Server ignore it).
- ``err_to_str``: without it xlwings hands an error cell (#DIV/0!, #N/A, ...) over as
  None: the message would call the cell empty, and ENG_ENPS would silently skip a broken
  answer. As text, validate names it ("refers to a cell showing #N/A").
- ``convert``: where xlwings' COM decorators are in force (Windows), the
  :mod:`.xlconvert` accessor: xlwings' own conversion, built once per argument instead
  of on every call; the same values (see its doc). It also stands in for the converter
  xlwings would take from a ``Literal`` hint. xlwings Lite and xlwings Server keep the
  stock conversion (their async path changes and awaits the pipeline) and turn a
  ``Literal`` hint into a drop-down of its values.

The decorators are looked up when a function is declared, not when this module is
imported: a build tool that runs a functions module again with other decorators in
place (:func:`xlengine.workbook.xlwings_udfs.load_with_decorators`) gets them. Where
xlwings records no metadata (Linux, Mac) they are :mod:`.inert_xlwings`' identities, and
xlwings is not imported.

A failed call's InputError reaches Excel through the converter :mod:`.failures`
registers with xlwings (an error value where the path has one).
"""

import functools
import sys

from ..engine import register as _register
from ..engine import validate as _validate
from ..engine.errors import InputError
from . import inert_xlwings as _inert_xlwings

CATEGORY = "Engagement business case"


def decorators():
    """The module whose ``func``/``arg``/``ret`` declare the functions in this process:
    xlwings where its decorators record anything, else :mod:`.inert_xlwings`."""
    if _inert_xlwings.xlwings_decorators_act():
        import xlwings

        return xlwings
    return _inert_xlwings


def _com_convert():
    """The accessor where xlwings' COM decorators are in force, else None."""
    xlwings_udfs = sys.modules.get("xlwings.udfs")
    if xlwings_udfs is None or getattr(decorators(), "func", None) is not getattr(xlwings_udfs, "xlfunc", object()):
        return None
    from .xlconvert import EngValue  # imports xlwings.conversion: only here

    return EngValue


def func(heavy=False):
    """``xw.func`` with the category (and ``call_in_wizard=False`` when ``heavy``)."""
    xw = decorators()
    if xw is not _inert_xlwings:
        from . import failures

        failures.register()
    options = {"category": CATEGORY}
    if heavy:
        options["call_in_wizard"] = False
    return xw.func(**options)


def arg(name, doc, **options):
    """``xw.arg(name, doc=doc, ...)`` with the options every argument shares."""
    convert = _com_convert()
    if convert is not None:
        options.setdefault("convert", convert)
    return decorators().arg(name, doc=doc, err_to_str=True, **options)


def ret():
    """``xw.ret`` with the accessor on the COM path."""
    return decorators().ret(convert=_com_convert())


def safe(f):
    """Return any failure as a value (an InputError), never a traceback.

    What the cell shows for it is decided at the edge: :mod:`.failures` for Excel,
    the headless engine's adapter, the template build. ``ENG_WHY`` gives its sentence.
    """

    @functools.wraps(f)
    def wrapper(*args):
        try:
            return f(*args)
        except InputError as e:
            # the edge converts by exact type (xlwings' converter registry): a subclass
            # such as NoBreakEven goes out as the plain failure it is
            return e if type(e) is InputError else InputError(e.argument, str(e), problem=e.problem, fix=e.fix)
        except Exception as e:  # noqa: BLE001 - a cell must never show a traceback
            return InputError(
                f.__name__,
                f"{f.__name__} could not compute ({type(e).__name__}: {e}): "
                "check the arguments or report this to the workbook's owner.",
            )

    return wrapper


def omitted(key):
    """The value an omitted optional argument takes: register entry ``key``'s default."""
    return float(_register.BY_KEY[key].default)


def optional_doc(key, text):
    """Function-wizard text for an optional register argument, naming the default it takes."""
    a = _register.BY_KEY[key]
    shown = f"{_validate.fmt(a.default * 100)}%" if a.is_fraction else f"{_validate.fmt(float(a.default))} {a.unit}".rstrip()
    return f"{text} Left out: {shown}, the register's default."


#: Argument documentation shared by several functions (shown in Excel's function wizard).
DOC = {
    "headcount": "Average headcount in FTE (a cell or a column of teams).",
    "turnover_before": "Annual turnover rate before the programme, e.g. 12%.",
    "turnover_after": "Annual turnover rate after the programme, e.g. 8%.",
    "annual_employer_cost": "Average employer cost per FTE per year (salary plus on-costs), EUR.",
    "cost_per_leaver": "Full cost of replacing one leaver, EUR (see ENG_COST_PER_LEAVER).",
    "cost_per_sick_day": "Employer cost of one sick day, EUR (see ENG_SICK_DAY_COST).",
    "assumptions": (
        "Two-column range of assumption key and value, or four columns: key, value, low, high (a blank "
        "low/high takes the default range rule); see ENG_ASSUMPTIONS for the keys."
    ),
    "language": 'Language of the labels: "en" (default) or "nl".',
    "story_language": 'Language of the story: "nl" (default) or "en".',
    "example": (
        "1 when the assumptions are still the embedded example's figures (the story then says so); "
        "0 or left out: the figures in the range are the organisation's own."
    ),
    "payback_language": 'Language of the no-payback sentence: "en" (default) or "nl".',
    "working_days": optional_doc("working_days", "Working days per FTE per year."),
    "benefits": "Total programme benefits, EUR.",
    "costs": "Total fully loaded programme costs, EUR (above 0).",
    "scores": "Range of 0-10 answers; blank cells are ignored.",
    "confidence_level": "Confidence level of the interval (default 95%).",
    "teams": (
        "Teams table with a header row: team, headcount, employer_cost, turnover_before, turnover_after, "
        "absence_before, absence_after, enps_before, enps_after; blanks take the organisation's value."
    ),
    "draws": "Number of Monte Carlo draws (default 10,000; at most 1,000,000).",
    "seed": "Seed of the random numbers (default 1): the same seed gives the same result.",
    "lever": 'The lever to solve for: "turnover", "absence", "productivity" or (benchmark mode) "gap_closed".',
    "bins": "Number of bars of the NPV histogram (default 20).",
}
