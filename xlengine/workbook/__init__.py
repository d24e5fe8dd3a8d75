"""Workbook adapters: the Excel template, its VBA, computing and auditing a workbook, the buttons.

Most of them need the ``workbook`` extra (openpyxl, XlsxWriter, formulas, ms-ovba,
defusedxml, xlwings): importing one without it raises
:class:`xlengine.extras.MissingExtra`, whose sentence says what to install. Two need
nothing beyond the core, so that every command can use them: :mod:`.safe_io` (the atomic
writer ``write_new``; reading a workbook safely asks for openpyxl and defusedxml, which
the ``hr`` extra installs too) and :mod:`.layout` (the template's cell map, data only).
"""
