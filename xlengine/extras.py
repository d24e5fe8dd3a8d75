"""What each optional part of xlengine needs installed, and the sentence when it is missing.

xlengine alone (``pip install`` of its wheel file or folder) gives the engine and the ENG_
functions (numpy; xlwings on Windows). The rest comes as extras, declared in pyproject.toml with the same lists:

- ``workbook``: the template, its VBA module, headless compute, audit, the board report
  and the workbook's buttons (``xlengine demo``, ``template``, ``vba``, ``compute``, ``audit``);
- ``hr``: reading HR extracts (roster and survey files, .csv or .xlsx) with pandas and
  statsmodels; openpyxl and defusedxml read an .xlsx export safely;
- ``report``: the board pack as a PDF (``xlengine report``, ``compute -o X.pdf``) with
  matplotlib (charts) and reportlab (pages);
- ``all``: all three.

Code that needs an extra calls :func:`require_extra` before its first import of it; the
command line turns :class:`MissingExtra` into its one sentence on stderr and exit 2.

>>> require_extra("workbook") is None   # installed here
True
>>> require_extra("spreadsheets")
Traceback (most recent call last):
...
ValueError: unknown extra 'spreadsheets': one of workbook, hr, report
"""

from __future__ import annotations

import importlib.util

__all__ = ["EXTRAS", "MissingExtra", "install_target", "missing_modules", "require_extra"]

# extra -> the modules it provides (import names, as `import` spells them), as in pyproject.toml
EXTRAS: dict[str, tuple[str, ...]] = {
    "workbook": (
        "xlwings",
        "openpyxl",
        "xlsxwriter",
        "ms_ovba",
        "ms_ovba_compression",
        "ms_ovba_crypto",
        "formulas",
        "defusedxml",
    ),
    "hr": ("pandas", "statsmodels", "openpyxl", "defusedxml"),
    "report": ("matplotlib", "reportlab"),
}


def install_target(extra: str) -> str:
    """What ``pip install`` takes to add ``extra`` to this xlengine: the wheel file or folder it
    was installed from (pip records it, PEP 610); without that record, a placeholder for it
    (xlengine is not on the package index, so its name alone finds nothing).

    >>> install_target("hr").endswith("[hr]")
    True
    """
    import json

    origin = None
    try:
        from importlib.metadata import distribution

        record = json.loads(distribution("xlengine").read_text("direct_url.json") or "null")
        url = (record or {}).get("url", "")
        if url.startswith("file:"):
            from urllib.parse import urlparse
            from urllib.request import url2pathname

            origin = url2pathname(urlparse(url).path)
    except Exception:  # noqa: BLE001 - no record (a zip on sys.path, an unusual installer): the next guess
        origin = None
    return f"{origin or '<the xlengine wheel file or folder>'}[{extra}]"


class MissingExtra(ImportError):
    """An optional part of xlengine is used without its extra installed.

    The message is one sentence: what needs it, which extra, the command that installs it.

    >>> print(MissingExtra("workbook", ["openpyxl", "formulas"], "xlengine compute"))  # doctest: +ELLIPSIS
    xlengine compute needs the workbook extra: pip install "...[workbook]" (not installed: openpyxl, formulas).
    """

    def __init__(self, extra: str, missing: list[str], needed_for: str):
        self.extra = extra
        self.missing = missing
        super().__init__(
            f'{needed_for} needs the {extra} extra: pip install "{install_target(extra)}" (not installed: {", ".join(missing)}).'
        )


def missing_modules(extra: str) -> list[str]:
    """The modules of ``extra`` that cannot be imported here (none when it is installed)."""
    if extra not in EXTRAS:
        raise ValueError(f"unknown extra {extra!r}: one of {', '.join(EXTRAS)}")
    return [m for m in EXTRAS[extra] if _absent(m)]


def _absent(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is None
    except (ImportError, ValueError):  # a broken install, or a module set to None in sys.modules
        return True


_NEEDED_FOR = {
    "workbook": "xlengine's workbook part (template, VBA, compute, audit, report, buttons)",
    "hr": "xlengine's HR data import",
    "report": "xlengine's board pack (PDF)",
}


def require_extra(extra: str, needed_for: str | None = None) -> None:
    """Raise :class:`MissingExtra` unless every module of ``extra`` is installed.

    Looks the modules up without importing them, so the check costs next to nothing.
    """
    missing = missing_modules(extra)
    if missing:
        raise MissingExtra(extra, missing, needed_for or _NEEDED_FOR[extra])
