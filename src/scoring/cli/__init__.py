"""The command line: one module per command group; ``main`` is the entry point.

Only wires the layers below together: reading, scoring, rendering.
"""

import gc

# The collector paused while the commands' modules load: they make tens of
# thousands of long-lived objects and no garbage, and the collections their
# allocations set off went over them again and again (5 ms of a start-up that
# Python and PyYAML make 30 ms). Reference counting frees memory as before.
_collecting = gc.isenabled()
gc.disable()
try:
    from scoring.cli.app import main
finally:
    if _collecting:
        gc.freeze()
        gc.enable()

__all__ = ["main"]
