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
offsets and resumed the flow (which clears the agents' queues), and a partition with no
committed offset is sought to its beginning, so that nothing fetched but never handed to
an agent is skipped. Should a record still be lost on its way to an agent, its offset is
never committed past: the partition is read again from it (:func:`dropped`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import weakref
from collections.abc import AsyncIterator, Callable, Collection, Iterable, Iterator
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

log = logging.getLogger(__name__)

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


def dropped(
    handed: Iterable[int],
    acked: Collection[int],
    in_flight: Collection[int],
    gaps: Iterable[tuple[int, int]],
) -> list[int]:
    """The offsets, in order, of records lost on the way to their agent.

    ``handed`` are the offsets of a partition's records that Faust's fetcher handed on
    since its committed offset: each went to the agents' queues, or should have. A record
    is lost when it is neither acknowledged (``acked``) nor still on its way (``in_flight``:
    with the fetcher, in a queue, a batch being taken or decided) nor in one of ``gaps``
    (ranges ``[begin, end)`` Faust counts as acknowledged). An offset with no record at
    all (a transaction marker, a compacted record) is never handed, so never lost."""
    lost = {o for o in handed if o not in acked and o not in in_flight}
    spans = list(gaps)
    return sorted(o for o in lost if not any(begin <= o < end for begin, end in spans))


READ_AGAIN_AFTER_S: Final = 30.0
"""How long a partition read again from a lost record waits for it before it is read
again once more (the record read again is on its way meanwhile)."""


class GuardedConsumer(faust_aiokafka.Consumer):
    """Faust's aiokafka consumer with :class:`GuardedConsumerThread`, which fetches no
    stream records between a partition assignment and the resumption of the flow that
    follows recovery's seek, and never commits past a record that did not reach its agent.

    Why the first part (faust-streaming 0.15.3; seen with the story keeper's table, whose
    recovery makes the window long): after an assignment, Faust's table recovery turns the
    flow on to read the changelogs, and the newly assigned stream partitions are fetched
    and handed to the streams meanwhile. When recovery is done it seeks them back to their
    committed offsets. A batch fetched before the seek and still being handed over then
    pushes the read offset on past the seek, the records fetched again after the seek are
    dropped as already read, and the jump is registered as a gap, which Faust counts as
    acknowledged. So from an assignment until the flow resumes after recovery's seek, only
    changelog partitions are fetched; stream partitions are fetched from their committed
    offsets once that is done.

    Only the seek recovery makes once it has resumed the stream partitions starts the end
    of that window. Faust seeks at other times too: its fetcher, meeting a stopped flow
    (every rebalance stops it), seeks back to the committed offsets early in the
    rebalance. Had that seek ended the window, the stream partitions would be fetched again
    between their resumption and recovery's own seek, with the flow on (recovery turned it
    on for the changelogs): the records of that fetch go into the agents' queues, and when
    recovery resumes the flow right after its seek, Faust clears those queues. Records an
    agent had not taken yet were then never processed, and on a partition with no
    committed offset (a new group's first records) aiokafka's seek to "committed" does
    not move the position back, so they were never fetched again; the next records
    processed committed past them. Under load, when agents take their queues slowly,
    this lost the first records of a run with the story keeper on.

    And the window ends only as the flow resumes (:meth:`resume_flow`), not when the seek
    returns: recovery clears the agents' queues a moment after its seek, and on a busy
    event loop (the keeper deciding a batch) a fetch can deliver records in that moment.
    They were cleared with the read offset already past them, and the next commit skipped
    one of them: the story keeper lost a version of a story at a worker's restart
    (``test_worker_kills`` with a 10 s session; ``tests.integration.slow_seek_worker``
    makes that moment long on purpose).

    The second part is the net under any such loss. The consumer keeps a weak reference to
    each record its fetcher hands on (:meth:`getmany`): one that nothing holds any more
    (no queue, batch or agent) and that was not acknowledged was lost on the way
    (:func:`dropped`; a partition stopped by the worker holds its records back on purpose
    and is left alone). Faust's own tracking cannot tell: it notes a record only once its
    stream takes it from a queue. Nothing is committed past such a record: Faust's own
    check lets exactly one through (it asks whether the first acknowledged offset is more
    than one past the committed offset, which is already the next record's), so
    :meth:`_new_offset` refuses that commit. And :meth:`read_lost_again` (every few
    seconds) reads the partition again from the first lost record, with one warning:
    records after it are processed again too (at least once), and the one read again
    comes after those already on their way.
    """

    _seek_pending = False
    _streams_resumed = False
    _sought = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # tp: {offset: the record}, for the records the fetcher handed on since the commit;
        # held weakly: a record no queue, batch or agent holds any more is gone
        self._handed: dict[Any, dict[int, weakref.ref[Any]]] = {}
        self._rewinding: dict[Any, tuple[int, float]] = {}  # tp: (offset read from, until)
        self._read_again: dict[Any, tuple[int, float]] = {}  # tp: (offset, when)
        self._seeking: set[asyncio.Future[None]] = set()

    def _new_consumer_thread(self) -> GuardedConsumerThread:
        return GuardedConsumerThread(self, loop=self.loop, beacon=self.beacon)

    async def on_partitions_revoked(self, revoked: Any) -> None:
        for tp in revoked:  # read again from the committed offsets after the assignment
            self._handed.pop(tp, None)
            self._rewinding.pop(tp, None)
        await super().on_partitions_revoked(revoked)

    async def on_partitions_assigned(self, assigned: Any, generation_id: int = 0) -> None:
        self._seek_pending = True
        self._streams_resumed = False
        self._sought = False
        self._handed.clear()  # recovery's seek puts every partition where it belongs
        self._rewinding.clear()
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
            self._sought = True

    def resume_flow(self) -> None:
        super().resume_flow()
        if self._sought:  # recovery's seek is done and its resumption cleared the queues
            self._seek_pending = False

    async def _getmany(self, active_partitions: Any, timeout: float) -> Any:
        if self._seek_pending and active_partitions is not None:
            active_partitions = {tp for tp in active_partitions if self._is_changelog_tp(tp)}
            if not active_partitions:
                await asyncio.sleep(min(timeout, 0.1))
                return {}
        return await super()._getmany(active_partitions, timeout)

    async def getmany(self, timeout: float) -> AsyncIterator[tuple[Any, Any]]:
        """Faust's fetched records, each noted (weakly) as handed on; while a partition is
        read again, its records fetched before the seek back are passed by until the lost
        one comes."""
        async for tp, message in super().getmany(timeout):
            if tp in self._rewinding:
                offset, until = self._rewinding[tp]
                if message.offset == offset:
                    del self._rewinding[tp]
                    self._read_offset[tp] = offset  # so the fetcher takes it
                elif time.monotonic() < until:
                    continue  # fetched before the seek back: fetched again after it
                else:  # it never came back: no longer in the log (retention)
                    del self._rewinding[tp]
                    log.warning(
                        "%s[%d]: the record at offset %d did not come back; going on "
                        "without it", tp.topic, tp.partition, offset,
                    )  # fmt: skip
            if self._is_changelog_tp(tp):
                yield tp, message
                continue
            handed = self._handed.get(tp)
            if handed is None:
                handed = self._handed[tp] = {}
            handed[message.offset] = weakref.ref(message)
            yield tp, message

    def _new_offset(self, tp: Any) -> int | None:
        if tp in self._rewinding:
            return None  # nothing is committed while a partition is read again
        acked = self._acked_index[tp]
        handed = self._since_commit(tp)
        if handed and acked:
            # A record not acknowledged below one that is: Faust would commit past it
            # (exactly one, or any before a first commit). Unless it is on its way (it
            # then holds the commit until it is acknowledged), it was lost: read again.
            top = max(acked)
            if dropped((o for o in handed if o < top), acked, (), self._gaps(tp)):
                lost = self._lost(tp)
                if lost and lost[0] < top:
                    self._read_again_from(tp, lost[0])
                return None
        new: int | None = super()._new_offset(tp)
        if new is not None and handed:  # about to be committed
            _forget_below(handed, new)
        return new

    def read_lost_again(self) -> None:
        """Read each partition with a lost record again from the first one (the app calls
        this every few seconds: a lost record with nothing after it is found here)."""
        for tp in list(self._handed):
            lost = self._lost(tp)
            if lost:
                self._read_again_from(tp, lost[0])

    def _since_commit(self, tp: Any) -> dict[int, weakref.ref[Any]] | None:
        """The records of ``tp`` handed on since its committed offset (those before it are
        settled and forgotten here)."""
        handed = self._handed.get(tp)
        committed = self._committed_offset[tp]
        if handed and committed is not None:
            _forget_below(handed, committed)
        return handed

    def _gaps(self, tp: Any) -> list[tuple[int, int]]:
        """The ranges ``[begin, end)`` of ``tp`` that Faust counts as acknowledged."""
        return [(gap.begin, gap.end) for gap in self._gap[tp]]

    def _lost(self, tp: Any) -> list[int]:
        handed = self._since_commit(tp)
        if not handed or tp in self._rewinding:
            return []
        # On its way: still held somewhere (the fetcher, a queue, a batch, an agent) and
        # not settled. Faust tracks a record only once its stream takes it from a queue.
        in_flight = {o for o, ref in handed.items() if (m := ref()) is not None and not m.acked}
        held: Callable[[Any, int], bool] = getattr(self.app, "held_back", _never)
        lost = dropped(handed, self._acked_index[tp], in_flight, self._gaps(tp))
        return [o for o in lost if not held(tp, o)]

    def _read_again_from(self, tp: Any, offset: int) -> None:
        """Seek ``tp`` back to its lost record at ``offset`` (unless it was a moment ago)."""
        now = time.monotonic()
        last = self._read_again.get(tp)
        if last is not None and last[0] == offset and now - last[1] < READ_AGAIN_AFTER_S:
            return
        self._read_again[tp] = (offset, now)
        log.warning(
            "%s[%d]: the record at offset %d never reached its agent; nothing is committed "
            "past it, and the partition is read again from it",
            tp.topic, tp.partition, offset,
        )  # fmt: skip
        told: Callable[[str, int, int], None] | None = getattr(self.app, "on_read_again", None)
        if told is not None:
            told(tp.topic, tp.partition, offset)
        # What was handed from it on is handed again; records of an earlier fetch still
        # being handed over are passed by until it comes (getmany).
        self._handed[tp] = {o: r for o, r in self._handed.get(tp, {}).items() if o < offset}
        self._rewinding[tp] = (offset, now + READ_AGAIN_AFTER_S)
        task = asyncio.ensure_future(self._seek_back(tp, offset))
        self._seeking.add(task)  # kept until done (the loop holds tasks weakly)
        task.add_done_callback(self._seeking.discard)

    async def _seek_back(self, tp: Any, offset: int) -> None:
        try:
            await self._seek(tp, offset)
        except Exception as exc:  # the partition goes on; the net tries again later
            self._rewinding.pop(tp, None)
            log.warning(
                "%s[%d]: reading again from %d failed: %s", tp.topic, tp.partition, offset, exc
            )


def _forget_below(handed: dict[int, Any], offset: int) -> None:
    for settled in [o for o in handed if o < offset]:
        del handed[settled]


def _never(tp: Any, offset: int) -> bool:
    return False
