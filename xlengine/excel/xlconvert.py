"""xlwings' value conversion for the ENG_ functions, without rebuilding it on every call.

For every argument of every call, stock xlwings builds a new reader pipeline (four or five
stage objects), and a new writer pipeline for the result: about 12 us per argument and
15 us per result, more than the function itself costs. :class:`EngValue` is used as the
``convert=`` of the ENG_ arguments and results where xlwings' COM decorators are in force
(Windows; see ``xlengine.udfs``). It changes the cost, not the result:

* reading, it builds xlwings' own ``ValueAccessor.reader`` pipeline once per argument and
  reuses it. When the options are only ``ndim`` and ``err_to_str`` and the cell holds a
  Python float, it stops after xlwings' read stage: the stages it skips return a float
  unchanged (``Ensure2DStage`` wraps it, ``_clean_value_data_element`` returns it,
  ``AdjustDimensionsStage`` unwraps it or keeps ``[[v]]`` for ``ndim=2``).
* writing, a finite float or a str with no other result options becomes ``[[value]]``,
  what xlwings' writer returns for those (``Engine.prepare_xl_data_element`` leaves them
  as they are). Anything else goes through xlwings' own router and writer.

Not for xlwings Lite or xlwings Server: their async read path changes the pipeline
(``insert_stage``) and calls ``async_call``. ``tests/test_xlconvert.py`` compares every
read and write with xlwings' stock conversion.

A workaround, kept to this module: it goes through ``convert=``, xlwings' public hook for
custom conversion, and changes nothing in xlwings. It relies on the order of xlwings'
reader stages only to skip them for a float, and checks that order before it does (any
other order takes the stock path). Upstream fix that retires it: ``xlwings.udfs.call_udf``
building each function's reader and writer pipelines once per set of options instead of
per call. Canaries: ``tests/test_upstream_workarounds.py``.
"""

from __future__ import annotations

import math

from xlwings.conversion import (
    Accessor,
    AdjustDimensionsStage,
    CleanDataFromReadStage,
    Ensure2DStage,
    Pipeline,
    ReadValueFromRangeStage,
    ValueAccessor,
)

from . import cache as _cache

__all__ = ["EngValue", "plain_options"]

# Only these options leave a float as the read stage hands it over (no numbers=, dates=,
# empty=, transpose=, expand=, chunksize=).
_FAST_READ_OPTIONS = frozenset({"ndim", "err_to_str", "convert"})
_STOCK_READ_STAGES = [ReadValueFromRangeStage, Ensure2DStage, CleanDataFromReadStage, AdjustDimensionsStage]
_CACHE_SIZE = 4096  # one entry per argument and result of each function; a bound, not a tuning knob

# id(options) -> (options, snapshot, cached object). Holding the dict keeps its id from
# being reused; the snapshot notices a dict changed after its first call.
_readers: dict = {}
_plain: dict = {}


def _cached(cache, options, make):
    hit = cache.get(id(options))
    if hit is not None and hit[0] is options and hit[1] == options:
        return hit[2]
    if len(cache) >= _CACHE_SIZE:
        cache.clear()
    made = make(options)
    cache[id(options)] = (options, dict(options), made)
    return made


def plain_options(options):
    """The options without ``convert``: what stock xlwings sees (cached per options dict)."""
    return _cached(_plain, options, lambda o: {k: v for k, v in o.items() if k != "convert"})


class _ReadPipeline(Pipeline):
    """xlwings' reader stages; a Python float stops after the read stage (see the module doc)."""

    def __init__(self, stages, ndim2):
        super().__init__(stages)
        self.ndim2 = ndim2

    def __call__(self, ctx):
        self[0](ctx)  # ReadValueFromRangeStage: reads a Range, leaves a value as it is
        value = ctx.value
        if type(value) is float:
            ctx.value = [[value]] if self.ndim2 else value
            return
        for stage in self[1:]:
            stage(ctx)


def _make_reader(options):
    plain = plain_options(options)
    stock = ValueAccessor.reader(plain)
    ndim = plain.get("ndim")
    if (
        options.keys() <= _FAST_READ_OPTIONS and ndim in (None, 2) and [type(s) for s in stock] == _STOCK_READ_STAGES
    ):  # a new xlwings stage order: stock path
        return _ReadPipeline(stock, ndim == 2)
    return stock


class _OneCellPipeline(Pipeline):
    def __call__(self, ctx):
        ctx.value = [[ctx.value]]


_ONE_CELL = _OneCellPipeline()


class _OneCell:
    @staticmethod
    def writer(options):
        return _ONE_CELL


class _Stock:
    """xlwings' own accessor for the value, given the options without ``convert``."""

    __slots__ = ("accessor", "options")

    def __init__(self, accessor, options):
        self.accessor = accessor
        self.options = options

    def writer(self, options):
        return self.accessor.writer(self.options)


class EngValue(Accessor):
    """``convert=`` for ENG_ arguments and results: xlwings' value conversion, reused."""

    @staticmethod
    def reader(options):
        return _cached(_readers, options, _make_reader)

    @staticmethod
    def router(value, rng, options):
        t = type(value)
        if rng is None and len(options) == 1 and "convert" in options and (t is str or (t is float and math.isfinite(value))):
            return _OneCell  # NaN becomes "" and inf stays: both go the stock way
        plain = plain_options(options)
        return _Stock(ValueAccessor.router(value, rng, plain), plain)

    @staticmethod
    def writer(options):
        return ValueAccessor.writer(plain_options(options))


# The pipelines are kept per options dict; xlengine.excel.clear_caches() forgets them too.
_cache.on_clear(_readers.clear)
_cache.on_clear(_plain.clear)
