"""Workbook adapters: the Excel template, its VBA, computing and auditing a workbook, the buttons.

They need the ``workbook`` extra (openpyxl, XlsxWriter, formulas, ms-ovba, defusedxml,
xlwings): importing this package without it raises :class:`xlengine.extras.MissingExtra`,
whose sentence says what to install.
"""

from ..extras import require_extra

require_extra("workbook")
