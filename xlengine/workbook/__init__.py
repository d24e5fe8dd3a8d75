"""Workbook adapters: the Excel template, its VBA, and (issue 4) computing and auditing a workbook."""
