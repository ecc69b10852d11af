"""``python -m scoring`` runs the command line."""

import sys

from scoring.cli import main

sys.exit(main())
