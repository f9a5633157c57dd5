"""The story keeper: stage 2 of the worker when ``WIREDESK_LIFECYCLE`` is on (issue 8).

Stage 1 (:mod:`service.stream.agent`) sends each event record to the internal topic
``<group>-stories-by-key``, keyed by its story key, with the input record's position in
the ``wiredesk-source`` header. That topic has one partition, so every version of a story,
whatever its Kafka key on the input topic, meets here in order, and the duplicate index
sees every story (the keeper's work is about 0.3 ms a story, so one partition keeps up
with dozens of NER workers).

For each record, one at a time: read the story's state from the Faust table (RocksDB
through ``rocksdict``, changelog ``<group>-stories-changelog``: a worker restarted or
handed the partition restores it), :func:`service.normalize.history.decide`, keep the
next state, send the record with its ``lifecycle`` to the output topic (keyed by id) and,
for a live version, to the compacted stories topic (keyed by story key; a kill sends a
tombstone), then wait for both acknowledgements before the next record. A replay after a
crash finds its decision in the state (or, if the state was not yet written, decides the
same again from the same earlier state), so it is told the same thing.

Stories whose last record is older than ``WIREDESK_LIFECYCLE_RETENTION_HOURS`` before the
newest receive time seen are deleted from the table (and tombstoned on the stories topic);
the table's size is the ``wiredesk_lifecycle_stories`` gauge. The duplicate index and the
expiry order live in memory and are rebuilt from the table after each assignment.
"""

from __future__ import annotations

import asyncio
import heapq
import logging
from collections.abc import AsyncIterator, Mapping
from datetime import datetime, timedelta
from typing import Any

import faust
from aiokafka.errors import KafkaError
from pydantic import ValidationError

from service import codec
from service.codec import SourcePosition
from service.errors import ErrorCode, Stage, StoryError
from service.metrics import ServiceMetrics
from service.models import EventRecord
from service.normalize.fingerprint import fingerprint
from service.normalize.history import DuplicateIndex, Incoming, StoryState, decide
from service.normalize.storykey import joins, story_key
from service.settings import Settings
from service.stream.retry import Send, send_acknowledged

log = logging.getLogger(__name__)

SOURCE_HEADER = "wiredesk-source"
LIVE_ACTIONS = frozenset({"new", "update", "correction", "refile", "duplicate"})
_INFRASTRUCTURE = (KafkaError,)


def by_key_topic(settings: Settings) -> str:
    return f"{settings.consumer_group}-stories-by-key"


def header(headers: Any, name: str) -> str | None:
    items = headers.items() if isinstance(headers, Mapping) else (headers or ())
    for key, value in items:
        if str(key) == name and value is not None:
            return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    return None


class StoryKeeper:
    """Stage 2: one record at a time, state in ``table``, outputs acknowledged in order."""

    def __init__(
        self,
        settings: Settings,
        metrics: ServiceMetrics,
        table: Any,  # faust.Table[bytes, bytes]
        events_topic: faust.TopicT,
        stories_topic: faust.TopicT,
        dlq_topic: faust.TopicT,
    ) -> None:
        self._settings = settings
        self._metrics = metrics
        self._table = table
        self._events = events_topic
        self._stories = stories_topic
        self._dlq = dlq_topic
        self._retention = timedelta(hours=settings.lifecycle_retention_hours)
        self._index = DuplicateIndex()
        self._last_seen: dict[str, datetime] = {}
        self._expiry: list[tuple[datetime, str]] = []
        self._built = False
        self._newest: datetime | None = None

    def reset(self) -> None:
        """Partitions moved: rebuild the index and expiry order from the table next time."""
        self._built = False

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
        source = header(message.headers, SOURCE_HEADER) or str(position)
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
        self._build()
        key = story_key(record)
        table_key = key.value.encode("utf-8")
        raw = self._table.get(table_key)
        state = StoryState.model_validate_json(raw) if raw else None
        body = fingerprint(record.body)
        first = state is None or not joins(key, state.first_seen, record.received_at)
        match = self._index.match(key.value, body, record.received_at) if first else None
        incoming = Incoming(
            record_id=record.id,
            source=source,
            key=key,
            received_at=record.received_at,
            version=record.story.version,
            version_created=record.story.version_created,
            signals=tuple(record.story.signals),
            canceled=record.story.status == "canceled",
            fingerprint=body,
        )
        lifecycle, after = decide(state, incoming, match)
        if after != state:
            self._table[table_key] = after.model_dump_json().encode("utf-8")
            if after.fingerprint is not None and (
                state is None or state.first_id != after.first_id
            ):
                self._index.add(key.value, after.first_id, body, after.first_seen)  # type: ignore[arg-type]
            self._remember(key.value, after.last_seen)
        out = record.model_copy(update={"lifecycle": lifecycle})
        value = codec.encode_record(out)
        sends: list[Send] = [(self._events, {"key": record.id.encode("utf-8"), "value": value})]
        if lifecycle.action in LIVE_ACTIONS:
            sends.append((self._stories, {"key": table_key, "value": value}))
        elif lifecycle.action == "kill":
            sends.append((self._stories, {"key": table_key, "value": None}))
        sends.extend(self._expire(record.received_at))
        await send_acknowledged(sends, retry_on=_INFRASTRUCTURE, what="a keeper output")
        # Stage 1 counted the event (and its entities) on the by-key topic; this is the
        # count on the output topic, which consumers read.
        self._metrics.events_produced.labels(topic=self._events.get_topic_name()).inc()
        self._metrics.lifecycle_actions.labels(action=lifecycle.action).inc()
        self._metrics.lifecycle_stories.set(len(self._last_seen))

    def _build(self) -> None:
        if self._built:
            return
        self._index = DuplicateIndex()
        self._last_seen = {}
        self._expiry = []
        for raw in self._table.values():
            state = StoryState.model_validate_json(raw)
            body = state.body_fingerprint()
            if body is not None:
                self._index.add(state.key, state.first_id, body, state.first_seen)
            self._remember(state.key, state.last_seen)
        self._built = True
        self._metrics.lifecycle_stories.set(len(self._last_seen))
        log.info("story keeper: %d stories in its table", len(self._last_seen))

    def _remember(self, key: str, last_seen: datetime) -> None:
        self._last_seen[key] = last_seen
        heapq.heappush(self._expiry, (last_seen, key))
        if self._newest is None or last_seen > self._newest:
            self._newest = last_seen

    def _expire(self, now: datetime) -> list[Send]:
        """Delete the stories whose last record is older than the retention window."""
        if self._newest is None or now > self._newest:
            self._newest = now
        horizon = self._newest - self._retention
        tombstones: list[Send] = []
        while self._expiry and self._expiry[0][0] < horizon:
            last_seen, key = heapq.heappop(self._expiry)
            if self._last_seen.get(key) != last_seen:
                continue  # the story had a later record: a newer entry stands for it
            del self._last_seen[key]
            table_key = key.encode("utf-8")
            raw = self._table.get(table_key)
            self._table.pop(table_key, None)
            self._index.remove(key)
            if raw and StoryState.model_validate_json(raw).live is not None:
                tombstones.append((self._stories, {"key": table_key, "value": None}))
        return tombstones
