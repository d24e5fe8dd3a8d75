"""xlengine: employee engagement as a board-ready business case.

Layers, dependencies pointing one way:

1. :mod:`xlengine.model` -- pure, vectorised formulas (numpy broadcasting).
2. :mod:`xlengine.register` -- the declarative assumption register (one source of truth).
3. :mod:`xlengine.case` -- assembles levers, costs and years into a business case.
4. adapters: :mod:`xlengine.udfs` (Excel via xlwings), :mod:`xlengine.cli`.
"""

__version__ = "0.1.0"
