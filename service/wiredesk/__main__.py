"""``python -m wiredesk``: the same commands as the ``wiredesk`` console script."""

import sys

from wiredesk.cli import main

sys.exit(main())
