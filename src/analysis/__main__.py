"""``python -m analysis``: see :mod:`analysis.core.cli`."""

import sys

from analysis.core.cli import main

sys.exit(main())
