"""``python -m tests.eval.multilingual [--strict] [--lang es,pt] [--subset heldout]``.

See :mod:`.harness`."""

import sys

from tests.eval.multilingual.harness import main

sys.exit(main(sys.argv[1:]))
