"""xlengine: employee engagement as a board-ready business case.

Layers, dependencies pointing inward only (``tests/test_layers.py`` checks it):

0. :mod:`xlengine.engine`: the pure, vectorised model, the assumption register, input
   checks and the multi-year case; :mod:`xlengine.i18n`: the labels people read.
1. :mod:`xlengine.decision`: teams, uncertainty (scenarios, tornado, Monte Carlo,
   break-even), the board story, display tables.
2. :mod:`xlengine.excel`: the ENG_ functions Excel calls through xlwings
   (:mod:`xlengine.udfs` is their public name).
3. :mod:`xlengine.workbook`: the template, its VBA, headless compute, audit, report, buttons.
4. :mod:`xlengine.cli`: the ``xlengine`` command.
"""

__version__ = "0.1.0"
