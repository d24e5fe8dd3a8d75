"""Decision support on top of the engine: per-team analysis, uncertainty (scenarios,
tornado, Monte Carlo, break-even), the board story, the roster aggregation, and the
tables people read.
"""
