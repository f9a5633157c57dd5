"""The service's stream metrics as a Faust sensor: records in and consumer lag.

Faust calls these hooks on its event loop as records move: ``on_message_in`` when the
consumer hands a record to the stream, ``on_message_out`` when the agent is done with it
(its outcome acknowledged, the offset free to commit). Counting here keeps the agent to
normalising and sending. What needs the record itself (events by agency, entities by
type, end-to-end latency) is observed by the agent once the broker has acknowledged it.

Lag is reported for the input topic and for the ``lag_topics`` beside it (the story
keeper's by-key topic): one gauge per partition this worker holds. A partition that a
rebalance moved away is no longer reported here (its new holder reports it), so a stale
figure does not linger on the worker that lost it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from faust.sensors import Sensor
from faust.types import TP, Message

from wiredesk.metrics import ServiceMetrics

Highwater = Callable[[TP], int | None]


class ServiceSensor(Sensor):
    def __init__(
        self,
        metrics: ServiceMetrics,
        input_topic: str,
        highwater: Highwater,
        *,
        lag_topics: Iterable[str] = (),
    ) -> None:
        super().__init__()
        self._metrics = metrics
        self._input_topic = input_topic
        self._lag_topics = frozenset({input_topic, *lag_topics})
        self._highwater = highwater
        self._reported: set[TP] = set()

    def on_message_in(self, tp: TP, offset: int, message: Message) -> None:
        if tp.topic == self._input_topic:
            self._metrics.stories_consumed.labels(topic=tp.topic).inc()

    def on_message_out(self, tp: TP, offset: int, message: Message) -> None:
        if tp.topic in self._lag_topics:
            self.update_lag(tp, offset + 1)

    def update_lag(self, tp: TP, next_offset: int) -> None:
        """Lag = the partition's end offset minus the next offset to process."""
        highwater = self._highwater(tp)
        if highwater is not None:
            lag = max(highwater - next_offset, 0)
            self._metrics.consumer_lag.labels(topic=tp.topic, partition=str(tp.partition)).set(lag)
            self._reported.add(tp)

    async def refresh_from(self, consumer: Any) -> None:
        """:meth:`refresh` from a Faust consumer, which keeps the committed offsets (the
        next offset to read) itself (a timer calls this)."""
        committed: Mapping[TP, int | None] = getattr(consumer, "_committed_offset", {})
        self.refresh(consumer.assignment(), committed)

    def refresh(self, assigned: set[TP], committed: Mapping[TP, int | None]) -> None:
        """Lag also moves while the agent is idle (new input, nothing assigned); the
        partitions no longer assigned stop being reported."""
        for tp in self._reported - assigned:
            self._metrics.consumer_lag.remove(tp.topic, str(tp.partition))
            self._reported.discard(tp)
        for tp in assigned:
            # Faust keeps None for a partition just assigned, before anything is committed.
            offset = committed.get(tp)
            if tp.topic in self._lag_topics and offset is not None:
                self.update_lag(tp, offset)
