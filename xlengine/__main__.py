"""``python -m xlengine``: the ``xlengine`` command, where pip's ``Scripts`` folder is not on PATH."""

from .cli import run

run()
