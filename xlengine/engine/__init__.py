"""The engine: pure, vectorised functions of the business case (no I/O, no Excel, no pandas).

:mod:`.model` the formulas, :mod:`.register` every assumption with its default, range,
unit and source, :mod:`.validate` what a typed value must be, :mod:`.case` the multi-year
case, :mod:`.gallup` benchmark mode, :mod:`.errors` the one failure type.
"""
