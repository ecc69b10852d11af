"""Many unit-years at once: the one-unit path and the columnar NumPy path, same results.

:func:`score_table` scores a :class:`~scoring.files.tables.FactTable` and
gives a :class:`BatchResult`; :mod:`scoring.batch.outcomes` holds the types
both engines make, :mod:`scoring.batch.exact` the one-unit path and
:mod:`scoring.batch.columnar` the NumPy path (imported only when used).
"""

from scoring.batch.engines import ENGINES, numpy_available, score_table
from scoring.batch.exact import score_row
from scoring.batch.outcomes import BatchResult, Failed, Outcome, Progress, Scored, to_units

__all__ = [
    "ENGINES",
    "BatchResult",
    "Failed",
    "Outcome",
    "Progress",
    "Scored",
    "numpy_available",
    "score_row",
    "score_table",
    "to_units",
]
