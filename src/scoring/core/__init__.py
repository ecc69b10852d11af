"""The scoring core: what an indicator, a weights profile, facts and a scorecard are,
the rules, the engine, settings, formulas and exact numbers.

Pure: no file is read, nothing is printed, no clock is read. Imports nothing
from the layers above it (analysis, files, batch, rendering, cli).
"""
