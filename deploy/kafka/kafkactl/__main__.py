"""``python3 deploy/kafka/kafkactl ...`` (the folder) or ``python3 -m kafkactl ...`` with
``deploy/kafka`` on the path: the command line of :mod:`kafkactl.cli`."""

import sys
from pathlib import Path

if not __package__:
    # Run as a folder: Python put this folder itself first on the path; put its parent
    # there instead, so that the package imports as ``kafkactl``.
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

from kafkactl.cli import main

sys.exit(main())
