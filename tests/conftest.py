"""Hypothesis profiles: a fast one for working locally, a thorough one for CI.

``CI`` set in the environment selects ``ci``; ``HYPOTHESIS_PROFILE`` names
one explicitly.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "dev",
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
# 150: the whole suite within the CI machine's 3 minutes on 2 cores with room to
# spare (it is ~1.5x slower than a quiet development machine).
settings.register_profile(
    "ci",
    max_examples=150,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)

# The command line speaks Chinese by default. Most tests (and the console
# blocks of docs/, which show English) check the English messages; a test of
# the Chinese ones passes its own environment (tests/test_messages.py).
os.environ.setdefault("SCORING_LANG", "en")
