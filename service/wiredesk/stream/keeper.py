"""The story keeper: stage 2 of the worker when ``WIREDESK_LIFECYCLE`` is on (issue 8).

Stage 1 (:mod:`wiredesk.stream.agent`) sends each event record to the internal topic
``<group>-stories-by-key``, keyed by its story key, with the input record's position in
the ``wiredesk-source`` header, its timestamp in ``wiredesk-input-ms`` (the keeper
observes ``wiredesk_end_to_end_seconds`` once its output is acknowledged) and its Kafka
key in ``wiredesk-input-key`` (a story hint: :mod:`wiredesk.stories.key`). That topic has
one partition, so every version of a story, whatever its Kafka key on the input topic,
meets here in order, and the duplicate index sees every story. The keeper's own work is
about 0.2 ms a story; waiting for each record's acknowledgements, one broker round trip,
sets its pace, and that pace is the ceiling of the whole group.

For each record, one at a time: the :class:`~wiredesk.stories.book.StoryBook`
(pure) reads the story's state from the Faust table (RocksDB through ``rocksdict``,
changelog ``<group>-stories-changelog``: a worker restarted or handed the partition
restores it), decides the record's lifecycle and keeps the next state. The keeper then
sends the record with its ``lifecycle`` to the output topic (keyed by id) and, for a live
version, to the compacted stories topic (keyed by story key; a kill sends a tombstone, and
a record of a killed story sends nothing there: it stays down),
and waits for both acknowledgements before the next record. A replay after a crash finds
its decision in the state (or, if the state was not yet written, decides the same again
from the same earlier state), so it is told the same thing; on the stories topic it repeats
only what still holds (a version a later one replaced, or a story killed since, stays off).

Stories whose last record is older than ``WIREDESK_LIFECYCLE_RETENTION_HOURS`` before the
newest receive time seen are deleted from the table (and tombstoned on the stories topic);
the table's size is the ``wiredesk_lifecycle_stories`` gauge. The duplicate index and the
expiry order live in memory and are rebuilt from the table after each assignment.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, MutableMapping
from datetime import timedelta

import faust
from pydantic import ValidationError

from wiredesk import codec
from wiredesk.codec import SourcePosition
from wiredesk.errors import ErrorCode, Stage, StoryError
from wiredesk.metrics import ServiceMetrics
from wiredesk.models import EventRecord
from wiredesk.process import Consumed, DeadLetter, Event
from wiredesk.settings import Settings
from wiredesk.stories.book import StoryBook
from wiredesk.stories.key import story_key
from wiredesk.stream.delivery import Delivery, hold
from wiredesk.stream.retry import Send, acknowledged, hand_over

log = logging.getLogger(__name__)

SOURCE_HEADER = "wiredesk-source"
KEY_HEADER = "wiredesk-input-key"  # the input record's Kafka key: a story hint, not an id
INPUT_TIMESTAMP_HEADER = "wiredesk-input-ms"  # the input record's timestamp, ms since 1970


def by_key_topic(settings: Settings) -> str:
    return f"{settings.consumer_group}-stories-by-key"


def input_key(key: bytes | None) -> str | None:
    """An input record's Kafka key as text (undecodable bytes escaped), None when empty."""
    return key.decode("utf-8", "backslashreplace") if key else None


class ToKeeper:
    """Stage 1's output when the keeper runs: event records to the by-key topic, keyed by
    story key, with the input record's position (the keeper's replay identity) and its
    timestamp (the keeper observes the end-to-end latency) in headers."""

    last_stage = False

    def __init__(self, topic: faust.TopicT) -> None:
        self.topic = topic

    def send(self, event: Event, record: Consumed) -> Send:
        p = record.position
        headers = [(SOURCE_HEADER, f"{p.topic}:{p.partition}:{p.offset}".encode())]
        if p.timestamp_ms is not None:
            headers.append((INPUT_TIMESTAMP_HEADER, str(p.timestamp_ms).encode()))
        kafka_key = input_key(record.key)
        if kafka_key is not None:
            headers.append((KEY_HEADER, kafka_key.encode("utf-8")))
        key = story_key(event.record, kafka_key).value.encode("utf-8")
        return self.topic, {"key": key, "value": event.value, "headers": headers}


class StoryKeeper:
    """Stage 2: one record at a time, state in ``table``, outputs acknowledged in order."""

    def __init__(
        self,
        settings: Settings,
        metrics: ServiceMetrics,
        table: MutableMapping[bytes, bytes],  # a faust.Table
        events_topic: faust.TopicT,
        stories_topic: faust.TopicT,
        delivery: Delivery,
    ) -> None:
        self._metrics = metrics
        self._events = events_topic
        self._stories = stories_topic
        self._delivery = delivery
        retention = timedelta(hours=settings.lifecycle_retention_hours)
        self._book = StoryBook(table, retention)
        self._rebuild = True

    def reset(self) -> None:
        """Partitions moved: rebuild the index and expiry order from the table next time."""
        self._book.reset()
        self._rebuild = True

    async def run(self, stream: faust.StreamT[bytes]) -> AsyncIterator[None]:
        async for event in stream.events():
            task = asyncio.ensure_future(self.process(event))
            try:  # a stop waits for the record in hand (Faust acks it when cancelled)
                await asyncio.shield(task)
            except asyncio.CancelledError:
                await task
                raise
            yield None

    async def process(self, event: faust.EventT[bytes]) -> None:
        message = event.message
        position = SourcePosition(message.topic, message.partition, message.offset, None)
        consumed = Consumed(message.value, message.key, position)
        if self._delivery.stopped(consumed):
            hold(event)  # fetched before its partition stopped: read again after a restart
            return
        source = codec.header(message.headers, SOURCE_HEADER) or str(position)
        try:
            record = EventRecord.model_validate_json(message.value or b"")
        except ValidationError as exc:  # only our own stage 1 writes here: a bug
            error = StoryError(
                ErrorCode.PIPELINE_FAILED,
                f"story keeper cannot read its input: {exc}",
                Stage.RECORD,
            )
            log.error("story keeper: %s at %s", error.message, position)
            await self._delivery.send_dead_letter(event, consumed, DeadLetter.of(consumed, error))
            return
        rebuilt = self._rebuild
        self._rebuild = False
        kafka_key = codec.header(message.headers, KEY_HEADER)
        admitted = self._book.admit(record, source, kafka_key)
        if rebuilt:
            log.info("story keeper: %d stories in its table", len(self._book))
        entry = admitted.entry
        value = codec.encode_record(admitted.record)
        sends: list[Send] = [(self._events, {"key": record.id.encode("utf-8"), "value": value})]
        if entry.live is not None:  # the live version changed: it, or a tombstone after a kill
            table_key = entry.story_key.encode("utf-8")
            sends.append(
                (self._stories, {"key": table_key, "value": value if entry.live else None})
            )
        # Stories the retention window ended are withdrawn from the stories topic.
        sends.extend(
            (self._stories, {"key": k.encode("utf-8"), "value": None}) for k in admitted.expired
        )
        handed = [await hand_over(send, what="a keeper output") for send in sends]
        refused = [
            (send, problem)
            for send, item in zip(sends, handed, strict=True)
            if (problem := await acknowledged(item, send, what="a keeper output")) is not None
        ]
        for send, problem in refused:
            outcome = Event(send[1]["key"] or b"", value, admitted.record)
            delivered = await self._delivery.instead(event, consumed, outcome, send, problem)
            if isinstance(delivered, DeadLetter):
                self._delivery.count(consumed, delivered)
            if not isinstance(delivered, Event):
                return
        # Stage 1 counted the event (and its entities) on the by-key topic; this is the
        # count on the output topic, which consumers read.
        self._metrics.events_produced.labels(topic=self._events.get_topic_name()).inc()
        input_ms = codec.header(message.headers, INPUT_TIMESTAMP_HEADER)
        if input_ms is not None and input_ms.isdigit():  # the whole way, both stages
            waited = time.time() - int(input_ms) / 1000
            self._metrics.end_to_end_seconds.observe(max(waited, 0.0))
        self._metrics.lifecycle_actions.labels(action=entry.lifecycle.action).inc()
        self._metrics.lifecycle_stories.set(len(self._book))
