"""The one exception type a user ever sees from xlengine."""


class InputError(ValueError):
    """Bad input. The message is one readable sentence: the argument, the value, the fix.

    Adapters show ``str(error)`` as is: in a cell, on the command line, in an audit row.
    """

    def __init__(self, argument: str, message: str):
        super().__init__(message)
        self.argument = argument
