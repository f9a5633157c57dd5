"""The story keeper: stage 2 of the worker when ``WIREDESK_LIFECYCLE`` is on (issue 8).

Stage 1 (:mod:`wiredesk.stream.agent`) sends each event record to the internal topic
``<group>-stories-by-key``, keyed by its story key, with the input record's position in
the ``wiredesk-source`` header and its timestamp in ``wiredesk-input-ms`` (the keeper
observes ``wiredesk_end_to_end_seconds`` once its output is acknowledged). That topic has
one partition, so every version of a story, whatever its Kafka key on the input topic,
meets here in order, and the duplicate index sees every story. The keeper's own work is
about 0.2 ms a story; waiting for each record's acknowledgements, one broker round trip,
sets its pace, and that pace is the ceiling of the whole group.

For each record, one at a time: the :class:`~wiredesk.stories.book.StoryBook`
(pure) reads the story's state from the Faust table (RocksDB through ``rocksdict``,
changelog ``<group>-stories-changelog``: a worker restarted or handed the partition
restores it), decides the record's lifecycle and keeps the next state. The keeper then
sends the record with its ``lifecycle`` to the output topic (keyed by id) and, for a live
version, to the compacted stories topic (keyed by story key; a kill sends a tombstone),
and waits for both acknowledgements before the next record. A replay after a crash finds
its decision in the state (or, if the state was not yet written, decides the same again
from the same earlier state), so it is told the same thing.

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
from aiokafka.errors import KafkaError
from pydantic import ValidationError

from wiredesk import codec
from wiredesk.codec import SourcePosition
from wiredesk.errors import ErrorCode, Stage, StoryError
from wiredesk.metrics import ServiceMetrics
from wiredesk.models import EventRecord
from wiredesk.settings import Settings
from wiredesk.stories.book import StoryBook
from wiredesk.stream.retry import Send, send_acknowledged

log = logging.getLogger(__name__)

SOURCE_HEADER = "wiredesk-source"
INPUT_TIMESTAMP_HEADER = "wiredesk-input-ms"  # the input record's timestamp, ms since 1970
_INFRASTRUCTURE = (KafkaError,)


def by_key_topic(settings: Settings) -> str:
    return f"{settings.consumer_group}-stories-by-key"


class StoryKeeper:
    """Stage 2: one record at a time, state in ``table``, outputs acknowledged in order."""

    def __init__(
        self,
        settings: Settings,
        metrics: ServiceMetrics,
        table: MutableMapping[bytes, bytes],  # a faust.Table
        events_topic: faust.TopicT,
        stories_topic: faust.TopicT,
        dlq_topic: faust.TopicT,
    ) -> None:
        self._metrics = metrics
        self._events = events_topic
        self._stories = stories_topic
        self._dlq = dlq_topic
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
        source = codec.header(message.headers, SOURCE_HEADER) or str(position)
        try:
            record = EventRecord.model_validate_json(message.value or b"")
        except ValidationError as exc:  # only our own stage 1 writes here: a bug
            error = StoryError(
                ErrorCode.PIPELINE_FAILED,
                f"story keeper cannot read its input: {exc}",
                Stage.RECORD,
            )
            log.error("dead letter %s [%s] %s", position, error.code, error.message)
            headers = codec.dead_letter_headers(error, position)
            dead: Send = (
                self._dlq,
                {"key": message.key, "value": message.value or b"", "headers": headers},
            )
            await send_acknowledged([dead], retry_on=_INFRASTRUCTURE, what="a keeper output")
            self._metrics.dead_letters.labels(code=str(error.code)).inc()
            return
        rebuilt = self._rebuild
        self._rebuild = False
        entry = self._book.enter(record, source)
        if rebuilt:
            log.info("story keeper: %d stories in its table", len(self._book))
        table_key = entry.story_key.encode("utf-8")
        out = record.model_copy(update={"lifecycle": entry.lifecycle})
        value = codec.encode_record(out)
        sends: list[Send] = [(self._events, {"key": record.id.encode("utf-8"), "value": value})]
        if entry.live is not None:  # the live version changed: it, or a tombstone after a kill
            sends.append(
                (self._stories, {"key": table_key, "value": value if entry.live else None})
            )
        expired = self._book.expire(record.received_at)  # withdrawn from the stories topic
        sends.extend((self._stories, {"key": k.encode("utf-8"), "value": None}) for k in expired)
        await send_acknowledged(sends, retry_on=_INFRASTRUCTURE, what="a keeper output")
        # Stage 1 counted the event (and its entities) on the by-key topic; this is the
        # count on the output topic, which consumers read.
        self._metrics.events_produced.labels(topic=self._events.get_topic_name()).inc()
        input_ms = codec.header(message.headers, INPUT_TIMESTAMP_HEADER)
        if input_ms is not None and input_ms.isdigit():  # the whole way, both stages
            waited = time.time() - int(input_ms) / 1000
            self._metrics.end_to_end_seconds.observe(max(waited, 0.0))
        self._metrics.lifecycle_actions.labels(action=entry.lifecycle.action).inc()
        self._metrics.lifecycle_stories.set(len(self._book))
