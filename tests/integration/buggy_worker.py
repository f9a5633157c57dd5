"""``wiredesk worker`` with one deliberate bug, for the batching tests.

A story whose headline holds :data:`MARKER` makes the entities stage raise, as a bug in
our own code would. Everything else is the real worker: the real broker, the real model,
the real agent. Run as ``python -m tests.integration.buggy_worker`` (the repository on
``PYTHONPATH``).
"""

from __future__ import annotations

import sys
from typing import Any

from wiredesk import cli
from wiredesk.normalize import entities

MARKER = "Deliberate-bug marker"
_real = entities.extract_entities


def _buggy(headline: str, body: str, *args: Any, **kwargs: Any) -> Any:
    if MARKER in headline:
        raise RuntimeError("a deliberate bug, for the test")
    return _real(headline, body, *args, **kwargs)


entities.extract_entities = _buggy  # the pipeline calls it through the module

if __name__ == "__main__":
    sys.exit(cli.main(["worker"]))
