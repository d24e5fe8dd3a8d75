"""Workbook adapters: the Excel template, its VBA, and computing and auditing a workbook."""
