"""What Excel calls: the ENG_ functions (:mod:`.functions`, public as ``xlengine.udfs``)
and the xlwings plumbing they need (:mod:`.inert_xlwings`, :mod:`.xlconvert`,
:mod:`.failures`), and what the function server remembers between calls (:mod:`.cache`).
"""

from .cache import clear_caches

__all__ = ["clear_caches"]
