"""What a failed ENG_ call hands to Excel, on each path xlwings offers.

A failed call returns its :class:`~xlengine.engine.errors.InputError` as a value (see
``_safe`` in :mod:`.functions`). It becomes something a cell can hold only here, at the
edge, through xlwings' own converter registry (a :class:`xlwings.conversion.Converter`
registered for the type ``InputError``), so stock xlwings and the accelerated COM
conversion of :mod:`.xlconvert` route it alike:

* **xlwings Lite and xlwings Server (Office.js)**, custom-functions runtime 1.4 or later:
  the text ``#VALUE!``, which xlwings' Office.js engine
  (``xlwings/pro/_xlofficejs.py``, ``errorstr_to_errortype``) sends as
  ``{"type": "Error", "errorType": "Value"}``: a real ``#VALUE!`` that SUM propagates.
* **Office.js before runtime 1.4** (perpetual Office 2021/2024 on Windows): that mapping
  does not exist (the text would stay text), so the failure is raised; xlwings' custom
  functions script (``custom_functions_code.js``, ``showError``) answers a failed call with
  ``CustomFunctions.Error(invalidValue, message)``: again ``#VALUE!``.
* **Classic xlwings over COM (Windows)**: no error value can be sent. pywin32 turns an
  int into a number (xlwings issue #776) and writes any ``win32com.client.VARIANT`` of
  type ``VT_ERROR`` with the code DISP_E_PARAMNOTFOUND whatever the value
  (``oleargs.cpp``, ``MakeObjToVariant``); an exception reaches the VBA wrapper's
  ``failed:`` label, which returns ``Err.Description`` as text. So the cell shows the
  sentence itself, as text (which SUM skips: see docs/excel-errors.md).

Everywhere the sentence stays reachable through ``ENG_WHY``.
"""

from __future__ import annotations

from ..engine.errors import CELL_ERROR, InputError

__all__ = ["register", "cell_value"]

# The custom-functions runtime from which xlwings' Office.js engine sends "#VALUE!" as an
# error value (xlwings/pro/_xlofficejs.py: below it the text is passed on as text).
_OFFICE_JS_ERROR_VALUES = 1.4


def cell_value(failure: InputError, options: dict) -> str:
    """What a cell receives for ``failure`` on the path described by xlwings' ``options``.

    Office.js calls carry the ``runtime`` option (xlwings adds it to every result's
    options); the COM path does not.
    """
    runtime = options.get("runtime")
    if runtime is None:
        return str(failure)
    if float(runtime) >= _OFFICE_JS_ERROR_VALUES:
        return CELL_ERROR
    raise failure


_registered = False


def register() -> None:
    """Route every ``InputError`` result through :func:`cell_value` (once per process)."""
    global _registered
    if _registered:
        return
    from xlwings.conversion import Converter

    class FailedCall(Converter):
        @staticmethod
        def write_value(value, options):
            return cell_value(value, options)

    FailedCall.register(InputError)
    _registered = True
