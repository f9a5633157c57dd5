"""Record batches the consumer cannot decode stop their partition, never the worker.

aiokafka decodes fetched record batches (decompression, CRC, record parsing) lazily, in
Faust's consumer thread, while Faust drains them. An exception there (``UnsupportedCodecError``
for a codec whose library is missing or that Kafka added after this aiokafka,
``CorruptRecordException`` for a damaged batch, or a decompressor's own error) would end
Faust's fetcher and with it the process; and since the partition's position did not
move, a restarted worker meets the same batch and dies again, and so does every worker
the group hands the partition to.

:class:`GuardedConsumerThread` (Faust's aiokafka consumer thread) drains fetched records
with aiokafka's per-partition record iterator replaced by one that stops at the first
batch it cannot decode: the records before it are delivered as usual, the partition's
position stays at that batch (so nothing after it is skipped either), the partition is
paused in aiokafka (no refetching in a loop) and the app's handler is told the topic,
partition and offset. The worker then logs one error, counts it and reports not ready
(see ``wiredesk.stream.app``). Outside a guarded fetch (other aiokafka clients, such as
``wiredesk tail``) the iterator raises as aiokafka's does.

Why not skip the batch to the dead-letter topic: its records cannot be read, so they could
not be dead-lettered one by one with their keys, values and offsets, only as one opaque
blob; and moving past them would lose them for good once a fixed worker (the codec library
installed, a newer aiokafka) could have read them. Stopping the partition keeps every
record; an operator acts on the alert, and a restarted worker resumes at the batch.

The same consumer keeps records fetched around a rebalance (:class:`GuardedConsumer`):
stream partitions are fetched only once recovery has sought them to their committed
offsets, and a partition with no committed offset is sought to its beginning, so that
nothing fetched but never handed to an agent is skipped.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Final

from aiokafka.consumer import fetcher as aiokafka_fetcher
from aiokafka.structs import TopicPartition
from faust.transport.drivers import aiokafka as faust_aiokafka


@dataclass(frozen=True, slots=True)
class UndecodableBatch:
    """Where a partition stopped, and why (the decoder's own message)."""

    topic: str
    partition: int
    offset: int
    reason: str

    code = "undecodable_batch"
    remedy = "install the codec or repair the batch, then restart the worker"

    @property
    def why(self) -> str:
        return f"a record batch it cannot decode ({self.reason})"

    def describe(self) -> str:
        return (
            f"record batch at {self.topic}[{self.partition}] offset {self.offset} "
            f"cannot be decoded: {self.reason}"
        )


Handler = Callable[[UndecodableBatch], None]

# The batches met during the guarded fetch running in this task; None outside one.
_met: ContextVar[list[UndecodableBatch] | None] = ContextVar("wiredesk_undecodable", default=None)


class GuardedPartitionRecords(aiokafka_fetcher.PartitionRecords):  # type: ignore[misc]
    """aiokafka's record iterator, ending (instead of raising) at an undecodable batch
    while a guarded fetch collects them."""

    def _unpack_records(self) -> Iterator[Any]:
        try:
            yield from super()._unpack_records()
        except Exception as exc:  # any failure to read the batch: codec, CRC, framing
            met = _met.get()
            if met is None:
                raise
            # next_fetch_offset is still the first offset not delivered: the bad batch's.
            met.append(
                UndecodableBatch(
                    topic=self._tp.topic,
                    partition=self._tp.partition,
                    offset=self.next_fetch_offset,
                    reason=_reason(exc),
                )
            )


def _reason(exc: Exception) -> str:
    text = str(exc)  # aiokafka's own errors already name their class
    name = type(exc).__name__
    return text if name in text else f"{name}: {text}"


# aiokafka's fetcher builds PartitionRecords by its module-level name.
aiokafka_fetcher.PartitionRecords = GuardedPartitionRecords


@contextlib.contextmanager
def collecting() -> Iterator[list[UndecodableBatch]]:
    """Within this block (in this task), undecodable batches are collected, not raised."""
    met: list[UndecodableBatch] = []
    token = _met.set(met)
    try:
        yield met
    finally:
        _met.reset(token)


FETCH_MAX_WAIT_MS: Final = 100
"""How long the broker may hold a fetch that found nothing new (Faust asks for 1.5 s).

The consumer has one fetch in flight per broker, for all its partitions, and a partition
whose fetched records are still being handed to its agent is left out of it. So when one
partition is busy and the others quiet (the story keeper's by-key topic working off a
backlog while the input is idle), the next fetch for the busy one waits for the quiet
ones' long poll to end: with 1.5 s, the keeper sat idle about a second after every few
batches and decided less than half of what it could (``make bench``, keeper alone). An
idle worker pays for this with ten small fetch requests a second."""


class GuardedConsumerThread(faust_aiokafka.AIOKafkaConsumerThread):
    """Faust's consumer thread, fetching through the guard; pauses a stalled partition in
    aiokafka and hands the batch to the app's ``on_undecodable`` (called in this thread).
    Its seek to the committed offsets also moves a stream partition with none back to its
    beginning (:meth:`seek_to_committed`). Its fetches wait at most
    :data:`FETCH_MAX_WAIT_MS` on the broker."""

    def _create_worker_consumer(self, transport: Any) -> Any:
        consumer = super()._create_worker_consumer(transport)
        consumer._fetch_max_wait_ms = FETCH_MAX_WAIT_MS  # read by its fetcher at start()
        return consumer

    async def _fetch_records(
        self,
        consumer: Any,
        active_partitions: Any,
        timeout: float | None = None,
        max_records: int | None = None,
    ) -> Any:
        with collecting() as met:
            records = await super()._fetch_records(
                consumer, active_partitions, timeout=timeout, max_records=max_records
            )
        handler: Handler | None = getattr(self.consumer.app, "on_undecodable", None)
        for batch in met:
            consumer.pause(TopicPartition(batch.topic, batch.partition))
            if handler is not None:
                handler(batch)
        return records

    async def seek_to_committed(self) -> Any:
        """Seek every partition to its committed offset, and a stream partition with none
        to its beginning (the group's ``auto_offset_reset`` is ``earliest``).

        aiokafka leaves a partition with no committed offset where it is: records fetched
        there but never handed to an agent (a fetch Faust drops because a rebalance
        stopped the flow, or a queue Faust clears when it resumes it) were then never
        fetched again, and a new group's first records were lost. Changelog partitions
        keep their position: table recovery seeks them itself."""
        return await self.call_thread(self._seek_to_committed_or_beginning)

    async def _seek_to_committed_or_beginning(self) -> Any:
        consumer = self._ensure_consumer()
        committed = await consumer.seek_to_committed()
        fresh = [
            tp
            for tp, offset in committed.items()
            if not offset and not self.consumer._is_changelog_tp(tp)
        ]
        if fresh:
            await consumer.seek_to_beginning(*fresh)
        return committed


class GuardedConsumer(faust_aiokafka.Consumer):
    """Faust's aiokafka consumer with :class:`GuardedConsumerThread`, which fetches no
    stream records between a partition assignment and the seek that follows it.

    Why the second part (faust-streaming 0.15.3; seen with the story keeper's table, whose
    recovery makes the window long): after an assignment, Faust's table recovery turns the
    flow on to read the changelogs, and the newly assigned stream partitions are fetched
    and handed to the streams meanwhile. When recovery is done it seeks them back to their
    committed offsets. A batch fetched before the seek and still being handed over then
    pushes the read offset on past the seek, the records fetched again after the seek are
    dropped as already read, and the jump is registered as a gap, which Faust counts as
    acknowledged. So from an assignment until :meth:`perform_seek` has run, only changelog
    partitions are fetched; stream partitions are fetched from their committed offsets
    once the seek is done.

    Only the seek recovery makes once it has resumed the stream partitions ends that
    window. Faust seeks at other times too: its fetcher, meeting a stopped flow (every
    rebalance stops it), seeks back to the committed offsets early in the rebalance. Had
    that seek ended the window, the stream partitions would be fetched again between
    their resumption and recovery's own seek, with the flow on (recovery turned it on for
    the changelogs): the records of that fetch go into the agents' queues, and when
    recovery resumes the flow right after its seek, Faust clears those queues. Records an
    agent had not taken yet were then never processed, and on a partition with no
    committed offset (a new group's first records) aiokafka's seek to "committed" does
    not move the position back, so they were never fetched again; the next records
    processed committed past them. Under load, when agents take their queues slowly,
    this lost the first records of a run with the story keeper on.
    """

    _seek_pending = False
    _streams_resumed = False

    def _new_consumer_thread(self) -> GuardedConsumerThread:
        return GuardedConsumerThread(self, loop=self.loop, beacon=self.beacon)

    async def on_partitions_assigned(self, assigned: Any, generation_id: int = 0) -> None:
        self._seek_pending = True
        self._streams_resumed = False
        await super().on_partitions_assigned(assigned, generation_id)

    def resume_partitions(self, tps: Any) -> None:
        tps = set(tps)
        super().resume_partitions(tps)
        if any(not self._is_changelog_tp(tp) for tp in tps):
            self._streams_resumed = True  # recovery is done; its seek comes next

    async def perform_seek(self) -> None:
        # Only a seek begun once the stream partitions are resumed ends the window: an
        # earlier one (the fetcher's, at a stopped flow) comes before recovery's fetches.
        ends_window = self._streams_resumed
        await super().perform_seek()
        if ends_window:
            self._seek_pending = False

    async def _getmany(self, active_partitions: Any, timeout: float) -> Any:
        if self._seek_pending and active_partitions is not None:
            active_partitions = {tp for tp in active_partitions if self._is_changelog_tp(tp)}
            if not active_partitions:
                await asyncio.sleep(min(timeout, 0.1))
                return {}
        return await super()._getmany(active_partitions, timeout)
