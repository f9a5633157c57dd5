"""``wiredesk worker`` whose seeks to the committed offsets answer slowly, as they can on a
machine under heavy load, for the rebalance test of the story keeper
(``test_keeper_rebalance``).

In a rebalance Faust seeks to the committed offsets twice: its fetcher once, early, when
it meets the stopped flow, and table recovery once at its end, after resuming the stream
partitions; only then does it resume the flow, clearing the agents' queues. Here the
fetcher's seek ends after the assignment and recovery's a little later, so that records
are waiting in the stream partitions between the two on every run.

With ``SLOW_SEEK_RESUME_LAG_S``, recovery also goes on that many seconds late after
its seek, before it resumes the flow (and so clears the agents' queues): as it does when
the event loop is busy elsewhere (the story keeper deciding a batch) in that moment.

Everything else is the real worker: the real broker, the real model, the real agents. Run
as ``python -m tests.integration.slow_seek_worker`` (the repository on ``PYTHONPATH``).
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Mapping

from faust.transport import consumer
from faust.types import TP

from wiredesk import cli
from wiredesk.stream import batches

DELAY_S = 6.0
RECOVERY_EXTRA_S = 0.5
RESUME_LAG_S = float(os.environ.get("SLOW_SEEK_RESUME_LAG_S", "0"))
_real = consumer.ThreadDelegateConsumer.seek_to_committed
_real_perform_seek = batches.GuardedConsumer.perform_seek


async def _slow_seek_to_committed(self: consumer.ThreadDelegateConsumer) -> Mapping[TP, int]:
    # The seek made with the flow on (the one that ends a rebalance's recovery) a little
    # slower than the fetcher's own, made at a stopped flow early in the rebalance: the
    # fetcher's then ends while recovery's is still under way, as it did under load.
    await asyncio.sleep(DELAY_S + (RECOVERY_EXTRA_S if self.flow_active else 0.0))
    return await _real(self)


async def _perform_seek_then_lag(self: batches.GuardedConsumer) -> None:
    await _real_perform_seek(self)
    if self.flow_active:  # recovery's seek: it resumes the flow after this returns
        await asyncio.sleep(RESUME_LAG_S)


consumer.ThreadDelegateConsumer.seek_to_committed = _slow_seek_to_committed  # type: ignore[method-assign]
if RESUME_LAG_S:
    batches.GuardedConsumer.perform_seek = _perform_seek_then_lag  # type: ignore[method-assign]

if __name__ == "__main__":
    sys.exit(cli.main(["worker"]))
