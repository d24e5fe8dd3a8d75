"""``python -m xlengine.cli``."""

from . import run

run()
