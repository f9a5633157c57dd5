"""``wiredesk worker`` that loses one record of the story keeper's by-key topic on its way
to the keeper, once, for the test of the consumer's net (``test_keeper_rebalance``).

The record at offset ``LOSSY_OFFSET`` (default 5) of ``<group>-stories-by-key`` is handed
over by Faust's fetcher and then dropped before it reaches the keeper's queue: what a
rebalance did to it when recovery cleared the agents' queues with the record in one
(``wiredesk.stream.batches``). The records after it go on as usual. Everything else is
the real worker: the real broker, the real model, the real agents. Run as
``python -m tests.integration.lossy_worker`` (the repository on ``PYTHONPATH``).
"""

from __future__ import annotations

import os
import sys
from typing import Any

from wiredesk import cli
from wiredesk.stream import batches

OFFSET = int(os.environ.get("LOSSY_OFFSET", "5"))
_real_init = batches.GuardedConsumer.__init__


def _init(self: batches.GuardedConsumer, *args: Any, **kwargs: Any) -> None:
    _real_init(self, *args, **kwargs)
    deliver = self.callback
    lost: list[int] = []

    async def lossy(message: Any) -> None:
        if not lost and message.offset == OFFSET and message.topic.endswith("-stories-by-key"):
            lost.append(message.offset)  # handed over, never delivered: no queue, no agent
            return
        await deliver(message)

    self.callback = lossy


batches.GuardedConsumer.__init__ = _init  # type: ignore[method-assign]

if __name__ == "__main__":
    sys.exit(cli.main(["worker"]))
