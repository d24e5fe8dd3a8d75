"""The one failure type of xlengine, and the one list of Excel's error values."""

from __future__ import annotations

__all__ = ["InputError", "EXCEL_ERRORS", "CELL_ERROR"]

# Excel's error values as a cell shows them (and as xlwings hands them over with
# err_to_str): the classic seven, then those of dynamic arrays and linked data.
EXCEL_ERRORS = ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#SPILL!", "#CALC!", "#GETTING_DATA")

# What a failed ENG_ call shows where the cell can hold an error value: Excel's own
# error for "a value of the wrong kind", which SUM and arithmetic propagate.
CELL_ERROR = "#VALUE!"


class InputError(ValueError):
    """Bad input, as a value: which argument, what is wrong, what to do.

    ``str(error)`` is the one readable sentence ``"<problem>: <fix>."`` that the edges show
    (a cell, the command line, an audit row); the parts stay available as fields so no
    adapter has to take the sentence apart.

    >>> e = InputError("costs", "costs is 0 and is used as a divisor: enter a value above 0.")
    >>> e.argument, e.problem, e.fix
    ('costs', 'costs is 0 and is used as a divisor', 'enter a value above 0')
    """

    def __init__(self, argument: str, message: str, *, problem: str | None = None, fix: str | None = None, privacy: bool = False):
        super().__init__(message)
        self.argument = argument
        # A figure withheld because its group is under the privacy minimum: a stated absence
        # (no figure for fewer than 5 answers), not a mistake in the input.
        self.privacy = privacy
        if problem is None or fix is None:
            # Every message in the package is written "<problem>: <fix>." (the last ": "
            # separates them); read here once, so nothing downstream parses prose.
            head, sep, tail = message.rpartition(": ")
            derived = (head, tail.rstrip(".")) if sep else (message.rstrip("."), "correct the value")
            problem = derived[0] if problem is None else problem
            fix = derived[1] if fix is None else fix
        self.problem = problem
        self.fix = fix
