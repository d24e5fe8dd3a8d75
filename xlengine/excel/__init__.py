"""What Excel calls: the ENG_ functions (:mod:`.functions`, public as ``xlengine.udfs``)
and the xlwings plumbing they need (:mod:`.inert_xlwings`, :mod:`.xlconvert`).
"""
