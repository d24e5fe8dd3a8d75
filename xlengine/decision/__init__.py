"""Decision support on top of the engine: per-team analysis, uncertainty (scenarios,
tornado, Monte Carlo, break-even), the board story, the HR data (rates from exports, survey statistics, evidence), and the
tables people read.
"""
