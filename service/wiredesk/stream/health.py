"""The worker's health, kept current: what ``/readyz`` and the readiness metrics say.

:class:`Health` owns every change to the :class:`~wiredesk.stream.views.WorkerState`
once Faust runs, each through one method the app's hooks and timers call:

- :meth:`Health.assigned`: partitions came (a rebalance);
- :meth:`Health.stop`: an input partition stops, at a batch the consumer cannot decode or
  at a record whose outputs and dead letter the broker both refuse;
- :meth:`Health.probe_broker`: the broker probe's verdict, every few seconds;
- :meth:`Health.sending`: outputs are waiting for the broker's acknowledgement.

No Faust app is needed to drive it: a unit test hands it partitions, stops and a probe
of its own and reads the state and the metrics back.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Protocol

from faust.types import TP

from wiredesk.metrics import ServiceMetrics
from wiredesk.stream.batches import UndecodableBatch
from wiredesk.stream.views import Stall, WorkerState

log = logging.getLogger(__name__)


class Probe(Protocol):
    async def problem(self) -> str | None: ...
    async def close(self) -> None: ...


class Health:
    def __init__(
        self,
        state: WorkerState,
        metrics: ServiceMetrics,
        input_topics: Iterable[str],
        probe: Probe,
        *,
        pause: Callable[[TP], None] = lambda tp: None,
    ) -> None:
        self.state = state
        self._metrics = metrics
        self._inputs = frozenset(input_topics)
        self._probe = probe
        self._pause = pause  # stops fetching a partition (the consumer's pause)

    def _publish(self) -> None:
        self._metrics.stalled_partitions.set(len(self.state.stalled))
        self._metrics.ready.set(1 if self.state.ready else 0)

    def assigned(self, assigned: Iterable[TP]) -> None:
        """Partitions came: forget what belongs to other workers now."""
        state = self.state
        state.assigned = True
        state.partitions = {tp for tp in assigned if tp.topic in self._inputs}
        # A stopped partition handed to another worker is that worker's to report.
        state.stalled = {tp: s for tp, s in state.stalled.items() if tp in state.partitions}
        # Drop the lag of partitions handed to another worker: a stale value would
        # stay on this worker's /metrics forever and look like lag.
        self._metrics.consumer_lag.clear()
        for tp in state.partitions:  # at zero, so that rate() sees a first stall
            self._metrics.undecodable_batches.labels(topic=tp.topic, partition=str(tp.partition))
        self._publish()
        log.info("assigned input partitions: %s", sorted(tp.partition for tp in state.partitions))

    def stopped(self, tp: TP, offset: int) -> bool:
        """Whether the record at ``offset`` of ``tp`` lies at or past where its partition
        stopped (records before it, fetched with it, are processed as usual)."""
        stall = self.state.stalled.get(tp)
        return stall is not None and offset >= stall.offset

    def stop(self, stall: Stall, *, pause: bool = True) -> None:
        """Stop an input partition where ``stall`` says: no more of it is fetched or
        processed, nothing after it is committed, and the worker says so until restarted.
        ``pause=False`` when the consumer paused it already (an undecodable batch: the
        records fetched before the batch are still to be processed, and a pause here
        would drop them from the fetch in hand)."""
        tp = TP(stall.topic, stall.partition)
        if self.state.stalled.get(tp) == stall:
            return  # met again after a rebalance kept the partition here
        self.state.stalled[tp] = stall
        if pause:
            self._pause(tp)
        self._publish()
        log.error(
            "[%s] %s; partition %s[%s] stopped at offset %s (nothing skipped): %s",
            stall.code,
            stall.describe(),
            stall.topic,
            stall.partition,
            stall.offset,
            stall.remedy,
        )

    def undecodable(self, batch: UndecodableBatch) -> None:
        """The consumer met a batch it cannot decode (it paused the partition already)."""
        if self.state.stalled.get(TP(batch.topic, batch.partition)) != batch:
            labels = {"topic": batch.topic, "partition": str(batch.partition)}
            self._metrics.undecodable_batches.labels(**labels).inc()
        self.stop(batch, pause=False)

    async def probe_broker(self) -> None:
        """Ask the broker probe and keep its verdict (a timer calls this)."""
        try:
            problem = await self._probe.problem()
        except Exception:  # a timer that raises would crash the worker; a probe must not
            log.exception("the broker probe failed; /readyz keeps its last broker state")
            return
        if problem != self.state.broker_problem:
            if problem is None:
                log.info("the broker answers again")
            else:
                log.warning("not ready: %s", problem)
        self.state.broker_problem = problem
        self._publish()

    async def close(self) -> None:
        await self._probe.close()

    def sending(self, since: float | None) -> None:
        """Outputs began waiting for acknowledgements at monotonic time ``since``; None:
        every one is acknowledged."""
        self.state.sending_since = since
