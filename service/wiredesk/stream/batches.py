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
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

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


class GuardedConsumerThread(faust_aiokafka.AIOKafkaConsumerThread):
    """Faust's consumer thread, fetching through the guard; pauses a stalled partition in
    aiokafka and hands the batch to the app's ``on_undecodable`` (called in this thread)."""

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
    """

    _seek_pending = False

    def _new_consumer_thread(self) -> GuardedConsumerThread:
        return GuardedConsumerThread(self, loop=self.loop, beacon=self.beacon)

    async def on_partitions_assigned(self, assigned: Any, generation_id: int = 0) -> None:
        self._seek_pending = True
        await super().on_partitions_assigned(assigned, generation_id)

    async def perform_seek(self) -> None:
        await super().perform_seek()
        self._seek_pending = False

    async def _getmany(self, active_partitions: Any, timeout: float) -> Any:
        if self._seek_pending and active_partitions is not None:
            active_partitions = {tp for tp in active_partitions if self._is_changelog_tp(tp)}
            if not active_partitions:
                await asyncio.sleep(min(timeout, 0.1))
                return {}
        return await super()._getmany(active_partitions, timeout)
