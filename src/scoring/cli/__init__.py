"""The command line: one module per command group; ``main`` is the entry point.

Only wires the layers below together: reading, scoring, rendering.
"""

from scoring.cli.app import main

__all__ = ["main"]
