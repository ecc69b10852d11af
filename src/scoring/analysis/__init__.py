"""Reports built on the core: explain, compare, what-if, sensitivity and the case checks.

Pure, like the core, and importing only from it.
"""
