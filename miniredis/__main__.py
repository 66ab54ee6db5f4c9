"""``python -m miniredis``: the same command line as ``miniredis-server`` (see ``cli.py``)."""

import sys

from miniredis.cli import main

sys.exit(main())
