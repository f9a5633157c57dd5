"""The story keeper: stage 2 of the worker when ``WIREDESK_LIFECYCLE`` is on (issue 8).

Stage 1 (:mod:`wiredesk.stream.agent`) sends each event record to the internal topic
``<group>-stories-by-key``, keyed by its story key, with the input record's position in
the ``wiredesk-source`` header, its timestamp in ``wiredesk-input-ms`` (the keeper
observes ``wiredesk_end_to_end_seconds`` once its output is acknowledged) and its Kafka
key in ``wiredesk-input-key`` (a story hint: :mod:`wiredesk.stories.key`), and the body's
fingerprint in ``wiredesk-fingerprint`` (computed there, on every partition, not here on
the one: the most costly part of a decision otherwise). That topic has
one partition, so every version of a story, whatever its Kafka key on the input topic,
meets here in order, and the duplicate index sees every story. That pace is the ceiling
of the whole group, so the keeper goes by batches, as the normaliser does:

1. Faust's ``take_events`` hands over up to :data:`BATCH_MAX` records, or what came
   within ``WIREDESK_BATCH_WINDOW_MS``.
2. The records are decided strictly in order, one after the other: the
   :class:`~wiredesk.stories.book.StoryBook` (pure) reads the story's state from the Faust
   table (RocksDB through ``rocksdict``, changelog ``<group>-stories-changelog``: a worker
   restarted or handed the partition restores it), decides the record's lifecycle and
   keeps the next state, so a record sees the states its predecessors in the batch left.
   The states are kept aside (the book's ``write_behind``) until the batch is decided,
   then written once per story: a story with several records in the batch costs one JSON
   encoding, one RocksDB write and one changelog record, not one of each per record.
3. Every output of every record is handed to the producer without waiting: the record
   with its ``lifecycle`` to the output topic (keyed by id) and, for a live version, to
   the compacted stories topic (keyed by story key; a kill sends a tombstone, and a record
   of a killed story sends nothing there: it stays down), and the tombstones of stories
   the retention window ended; then, with a coded-events topic, the rows of the live
   version's events and the tombstones that take back the events it (or a kill, or the
   end of retention) withdrew (:mod:`wiredesk.stories.coded`). Then each
   acknowledgement is awaited, in order (an output not acknowledged is sent again, unless
   a later output of the batch with its key on a compacted topic replaces it: sent again
   it would land after that one); a refusal
   goes the way :mod:`wiredesk.stream.delivery` says (a dead letter instead, or the
   partition stops, and the records after it are held back, never committed).
4. The table's own writes of the batch (its changelog records, which Faust buffers and
   sends in the background) are awaited too: Faust's flush before an offset commit gives
   up after a tenth of a second without progress, so without this wait an offset could be
   committed before the state it led to, and a worker killed then would leave its
   successor a table without the batch's decisions (a kill forgotten: a version of the
   withdrawn story read again later would be put live again). A write that fails holds
   the whole batch back: nothing of it is committed, and it is read again once a later
   batch is acknowledged (:mod:`wiredesk.stream.batches`) or after a restart.
5. Only then does ``take_events`` ack the batch's records, so an offset is committed only
   once the outputs and the state of it and of every earlier record are on the broker. A
   stop (SIGTERM) mid-batch finishes the batch first.

A replay after a crash finds each record's decision in the state (or, if the state was
not yet written, decides the same again from the same earlier state), so it is told the
same thing; on the stories topic it repeats only what still holds (a version a later one
replaced, or a story killed since, stays off).

Stories whose last record is older than ``WIREDESK_LIFECYCLE_RETENTION_HOURS`` before the
newest receive time seen are deleted from the table (and tombstoned on the stories topic);
the table's size is the ``wiredesk_lifecycle_stories`` gauge. The duplicate index and the
expiry order live in memory and are rebuilt from the table after each assignment.
"""

from __future__ import annotations

import asyncio
import logging
import time
import weakref
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, MutableMapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Final, cast

import faust
from faust import streams as faust_streams
from pydantic import ValidationError

from wiredesk import codec
from wiredesk.codec import SourcePosition
from wiredesk.errors import ErrorCode, Stage, StoryError
from wiredesk.metrics import ServiceMetrics
from wiredesk.models import EventRecord
from wiredesk.process import Consumed, DeadLetter, Event, Outcome
from wiredesk.settings import Settings
from wiredesk.stories import fingerprint as fingerprints
from wiredesk.stories.book import UNKNOWN, Admitted, StoryBook, Unknown
from wiredesk.stories.coded import Coded, changes
from wiredesk.stories.fingerprint import Fingerprint, fingerprint
from wiredesk.stories.key import story_key
from wiredesk.stream.delivery import Delivery, hold
from wiredesk.stream.retry import Send, acknowledged, hand_over

log = logging.getLogger(__name__)

SOURCE_HEADER = "wiredesk-source"
KEY_HEADER = "wiredesk-input-key"  # the input record's Kafka key: a story hint, not an id
INPUT_TIMESTAMP_HEADER = "wiredesk-input-ms"  # the input record's timestamp, ms since 1970
FINGERPRINT_HEADER = "wiredesk-fingerprint"  # the body's fingerprint, computed by stage 1
BATCH_MAX: Final = 500
"""Records the keeper decides together before one wait for the broker (a batch also ends
after ``WIREDESK_BATCH_WINDOW_MS``)."""


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
        key, headers = by_key_record(event.record, record.position, input_key(record.key))
        return self.topic, {"key": key, "value": event.value, "headers": headers}


def by_key_record(
    record: EventRecord, position: SourcePosition, kafka_key: str | None
) -> tuple[bytes, list[tuple[str, bytes]]]:
    """The by-key topic's key (the story key) and headers for an event record consumed at
    ``position`` with ``kafka_key``: what stage 1 writes (the bench writes the same). The
    body's fingerprint goes along, so that the keeper, whose one partition is the group's
    ceiling, does not compute it: stage 1 runs on every partition and worker."""
    p = position
    headers = [(SOURCE_HEADER, f"{p.topic}:{p.partition}:{p.offset}".encode())]
    if p.timestamp_ms is not None:
        headers.append((INPUT_TIMESTAMP_HEADER, str(p.timestamp_ms).encode()))
    if kafka_key is not None:
        headers.append((KEY_HEADER, kafka_key.encode("utf-8")))
    headers.append((FINGERPRINT_HEADER, fingerprints.to_text(fingerprint(record.body)).encode()))
    return story_key(record, kafka_key).value.encode("utf-8"), headers


def body_fingerprint(headers: Any) -> Fingerprint | Unknown | None:
    """The fingerprint stage 1 sent in the record's headers; UNKNOWN when there is none
    (a record from a stage 1 that did not send it) or it cannot be read."""
    text = codec.header(headers, FINGERPRINT_HEADER)
    if text is None:
        return UNKNOWN
    try:
        return fingerprints.from_text(text)
    except ValueError:
        log.warning("story keeper: an unreadable fingerprint header: %.40r", text)
        return UNKNOWN


Output = tuple[str, bytes, bytes | None]
"""One output of a decided record: ``"events"``, ``"stories"`` or ``"coded"``, key, value
(None: a tombstone)."""


def outputs(admitted: Admitted, value: bytes, coded: Sequence[Coded] = ()) -> list[Output]:
    """What the keeper publishes for one admitted record (``value``, its encoded record):
    the record to the output topic keyed by id; for a change of the live version, the
    record (or after a kill a tombstone) to the stories topic keyed by story key; a
    tombstone for each story the retention window just ended; then ``coded``, the
    coded-events topic's rows and tombstones (:func:`wiredesk.stories.coded.changes`)."""
    entry = admitted.entry
    out: list[Output] = [("events", admitted.record.id.encode("utf-8"), value)]
    if entry.live is not None:
        out.append(("stories", entry.story_key.encode("utf-8"), value if entry.live else None))
    out.extend(("stories", gone.story_key.encode("utf-8"), None) for gone in admitted.expired)
    out.extend(("coded", one.key.encode("utf-8"), codec.encode_row(one.row)) for one in coded)
    return out


class TableWrites:
    """The changelog writes of a Faust table, kept until the keeper takes them to await.

    A Faust table sends each change to its changelog with ``send_soon`` (a buffer drained
    in the background) and keeps the promise to itself; :meth:`watch` wraps the table's
    ``send_changelog`` so that the promises are kept here too."""

    def __init__(self) -> None:
        self._pending: list[Awaitable[Any]] = []

    def watch(self, table: Any) -> None:
        send: Callable[..., Awaitable[Any]] = table.send_changelog

        def send_and_keep(*args: Any, **kwargs: Any) -> Awaitable[Any]:
            promise = send(*args, **kwargs)
            self._pending.append(promise)
            return promise

        table.send_changelog = send_and_keep

    def take(self) -> list[Awaitable[Any]]:
        """The writes since the last call (their promises settle once on the broker)."""
        taken, self._pending = self._pending, []
        return taken


def superseded(keys: Sequence[tuple[str, bytes] | None]) -> list[bool]:
    """For each of a batch's sends in order, by its compacted topic and key (None: not on a
    compacted topic), whether a later send of the batch has the same: then this one, if
    the broker does not acknowledge it, is not sent again after the later one."""
    seen: set[tuple[str, bytes]] = set()
    later: list[bool] = []
    for key in reversed(keys):
        later.append(key is not None and key in seen)
        if key is not None:
            seen.add(key)
    return later[::-1]


@dataclass(slots=True)
class _Taken:
    """One record of a batch: its event, where it came from, and what it became."""

    event: faust.EventT[bytes]
    consumed: Consumed
    outcome: Outcome  # the record with its lifecycle, or a dead letter
    sends: list[Send]
    action: str | None = None  # the lifecycle action, for the metric
    coded: list[str | None] = field(default_factory=list)  # rows' types, None: tombstone


@contextmanager
def _in_hand(event: faust.EventT[bytes]) -> Iterator[None]:
    """Make ``event`` Faust's current event while the keeper writes its table.

    A Faust table finds the partition of a write (its RocksDB folder, its changelog
    partition) from the event in hand, a context variable its stream sets as it iterates.
    ``take_events`` fills its batches in a task of its own, so in the agent's task no event
    is in hand: the keeper names each record's event itself while it decides it."""
    token = faust_streams._current_event.set(weakref.ref(event))
    try:
        yield
    finally:
        faust_streams._current_event.reset(token)


class StoryKeeper:
    """Stage 2: batches decided in order, state in ``table``, outputs acknowledged once."""

    def __init__(
        self,
        settings: Settings,
        metrics: ServiceMetrics,
        table: MutableMapping[bytes, bytes],  # a faust.Table
        events_topic: faust.TopicT,
        stories_topic: faust.TopicT,
        delivery: Delivery,
        *,
        coded_topic: faust.TopicT | None = None,
        table_writes: TableWrites | None = None,
        batch_max: int = BATCH_MAX,
    ) -> None:
        self._metrics = metrics
        self._topics = {"events": events_topic, "stories": stories_topic}
        if coded_topic is not None:  # None: the coded-events topic is not written
            self._topics["coded"] = coded_topic
        self._events_name = events_topic.get_topic_name()
        self._delivery = delivery
        self._batch_max = batch_max
        self._table_writes = table_writes  # None: a table without a changelog (a dict)
        self._batch_window_s = settings.batch_window_ms / 1000
        retention = timedelta(hours=settings.lifecycle_retention_hours)
        self._book = StoryBook(table, retention, write_behind=True)
        self._rebuild = True

    def reset(self) -> None:
        """Partitions moved: rebuild the index and expiry order from the table next time."""
        self._book.reset()
        self._rebuild = True

    async def run(self, stream: faust.StreamT[bytes]) -> AsyncIterator[None]:
        """The agent body (concurrency 1): one batch at a time, each finished in full."""
        # take_events is on faust's Stream, not on its StreamT interface.
        batches = cast(Any, stream).take_events(self._batch_max, within=self._batch_window_s)
        async for events in batches:
            task = asyncio.ensure_future(self.process(events))
            try:  # a stop finishes the batch in hand (take_events acks it as it closes)
                await asyncio.shield(task)
            except asyncio.CancelledError:
                await task
                raise
            yield None

    async def process(self, events: Sequence[faust.EventT[bytes]]) -> None:
        # 1. Decide every record, in order (a stopped partition's records are held back).
        taken: list[_Taken] = []
        for event in events:
            message = event.message
            position = SourcePosition(message.topic, message.partition, message.offset, None)
            consumed = Consumed(message.value, message.key, position)
            if self._delivery.stopped(consumed):
                hold(event)  # fetched before its partition stopped: read again after a restart
                continue
            with _in_hand(event):
                taken.append(self._decide(event, consumed))
        if not taken:
            return
        with _in_hand(taken[-1].event):  # the table's one partition is the batch's
            self._book.flush()  # the batch's states, one write per story
        self._metrics.lifecycle_stories.set(len(self._book))
        # 2. Hand every output over without waiting, then 3. await each acknowledgement.
        handed = [
            [await hand_over(send, what="a keeper output") for send in item.sends] for item in taken
        ]
        # 4. The batch's state must be on the broker before any of its offsets may be.
        written = await self._state_written()
        replaced = iter(superseded([self._compacted_key(s) for item in taken for s in item.sends]))
        for item, items in zip(taken, handed, strict=True):
            refused = [
                (send, problem)
                for send, one in zip(item.sends, items, strict=True)
                if (
                    problem := await acknowledged(
                        one, send, what="a keeper output", again=not next(replaced)
                    )
                )
                is not None
            ]
            if not written:
                hold(item.event)  # decided again, after a restart, from the state written
            elif self._delivery.stopped(item.consumed):
                hold(item.event)  # its partition stopped at an earlier record of this batch
            else:
                await self._settle(item, refused)

    def _compacted_key(self, send: Send) -> tuple[str, bytes] | None:
        """A send's topic and key when the topic is compacted (the stories and coded-events
        topics: the last value of a key is what counts), else None."""
        topic, kwargs = send
        if topic is self._topics["stories"] or topic is self._topics.get("coded"):
            return topic.get_topic_name(), kwargs["key"]
        return None

    async def _state_written(self) -> bool:
        """Await the table's changelog writes of the batch; False if one failed."""
        if self._table_writes is None:
            return True
        failed: BaseException | None = None
        for promise in self._table_writes.take():
            try:
                await promise
            except Exception as exc:  # reported below; the batch is held back
                failed = failed or exc
        if failed is not None:
            log.error(
                "story keeper: its table's changelog did not take a write (%s); the batch is "
                "held back, to be read again",
                failed,
            )
        return failed is None

    def _decide(self, event: faust.EventT[bytes], consumed: Consumed) -> _Taken:
        """One record's decision (its state kept in the table) and its sends."""
        message = event.message
        source = codec.header(message.headers, SOURCE_HEADER) or str(consumed.position)
        try:
            record = EventRecord.model_validate_json(message.value or b"")
        except ValidationError as exc:  # only our own stage 1 writes here: a bug
            error = StoryError(
                ErrorCode.PIPELINE_FAILED,
                f"story keeper cannot read its input: {exc}",
                Stage.RECORD,
            )
            log.error("story keeper: %s at %s", error.message, consumed.position)
            dead = DeadLetter.of(consumed, error)
            return _Taken(event, consumed, dead, [self._delivery.dead_letter(dead)])
        rebuilt = self._rebuild
        self._rebuild = False
        kafka_key = codec.header(message.headers, KEY_HEADER)
        admitted = self._book.admit(record, source, kafka_key, body_fingerprint(message.headers))
        if rebuilt:
            log.info("story keeper: %d stories in its table", len(self._book))
        value = codec.encode_record(admitted.record)
        coded = changes(admitted) if "coded" in self._topics else []
        sends: list[Send] = [
            (self._topics[topic], {"key": key, "value": out})
            for topic, key, out in outputs(admitted, value, coded)
        ]
        outcome = Event(record.id.encode("utf-8"), value, admitted.record)
        types: list[str | None] = [None if one.row is None else one.row.type for one in coded]
        return _Taken(event, consumed, outcome, sends, admitted.entry.lifecycle.action, types)

    async def _settle(self, item: _Taken, refused: list[tuple[Send, BaseException]]) -> None:
        """A record whose sends were all answered: refusals go the delivery's way (each
        send sent once more, else a dead letter, else the partition stops), then what
        reached the broker is counted."""
        outcome: Outcome | None = item.outcome
        for send, problem in refused:
            outcome = await self._delivery.instead(
                item.event, item.consumed, item.outcome, send, problem
            )
            if not isinstance(outcome, Event):
                break  # a dead letter instead, or the partition stopped
        if isinstance(outcome, DeadLetter):
            self._delivery.count(item.consumed, outcome)
        if not isinstance(outcome, Event):
            return
        # Stage 1 counted the event (and its entities) on the by-key topic; this is the
        # count on the output topic, which consumers read.
        self._metrics.events_produced.labels(topic=self._events_name).inc()
        input_ms = codec.header(item.event.message.headers, INPUT_TIMESTAMP_HEADER)
        if input_ms is not None and input_ms.isdigit():  # the whole way, both stages
            waited = time.time() - int(input_ms) / 1000
            self._metrics.end_to_end_seconds.observe(max(waited, 0.0))
        if item.action is not None:
            self._metrics.lifecycle_actions.labels(action=item.action).inc()
        for kind in item.coded:
            self._metrics.observe_coded(kind)
