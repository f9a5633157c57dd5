"""The record-batch guard, on batches aiokafka itself builds (no broker, no mocks):
records before a damaged batch come out, the damaged one is reported with its offset and
nothing after it is delivered; outside a guarded fetch aiokafka's error is raised as ever."""

from __future__ import annotations

import pytest
from aiokafka.consumer import fetcher as aiokafka_fetcher
from aiokafka.errors import CorruptRecordException
from aiokafka.record.default_records import DefaultRecordBatchBuilder
from aiokafka.record.memory_records import MemoryRecords
from aiokafka.structs import TopicPartition

from wiredesk.stream import batches

TP = TopicPartition("wire.raw", 3)


def batch(base: int, values: list[bytes]) -> bytes:
    builder = DefaultRecordBatchBuilder(2, 0, 0, -1, -1, -1, 1 << 20)
    for n, value in enumerate(values):
        builder.append(n, timestamp=1_700_000_000_000, key=None, value=value, headers=[])
    data = bytearray(builder.build())
    data[0:8] = base.to_bytes(8, "big")  # base offset (not covered by the CRC)
    return bytes(data)


def records(data: bytes) -> aiokafka_fetcher.PartitionRecords:
    # The guard is what aiokafka's fetcher builds once wiredesk.stream.batches is imported.
    assert aiokafka_fetcher.PartitionRecords is batches.GuardedPartitionRecords
    return aiokafka_fetcher.PartitionRecords(TP, MemoryRecords(data), None, 0, None, None, True, 0)


def stream() -> bytes:
    damaged = bytearray(batch(2, [b"story two", b"story three"]))
    at = damaged.index(b"story three")
    damaged[at : at + 5] = b"STORY"
    return batch(0, [b"story zero", b"story one"]) + bytes(damaged) + batch(4, [b"story four"])


def test_guarded_fetch_stops_at_the_damaged_batch_and_reports_it() -> None:
    with batches.collecting() as met:
        got = list(records(stream()))
    assert [r.value for r in got] == [b"story zero", b"story one"]
    [stalled] = met
    assert (stalled.topic, stalled.partition, stalled.offset) == ("wire.raw", 3, 2)
    assert "CRC" in stalled.reason
    assert "wire.raw[3] offset 2" in stalled.describe()


def test_outside_a_guarded_fetch_the_error_is_raised() -> None:
    it = records(stream())
    assert [next(it).value, next(it).value] == [b"story zero", b"story one"]
    with pytest.raises(CorruptRecordException):
        next(it)


def test_undamaged_batches_all_come_out() -> None:
    data = batch(0, [b"a", b"b"]) + batch(2, [b"c"])
    with batches.collecting() as met:
        got = list(records(data))
    assert [(r.offset, r.value) for r in got] == [(0, b"a"), (1, b"b"), (2, b"c")]
    assert met == []


# The consumer's net: a record its fetcher handed on that never reached its agent is found.


def test_a_handed_record_neither_acknowledged_nor_on_its_way_is_lost() -> None:
    # The story keeper's loss: 538 was handed to a queue that a rebalance cleared, 539 on
    # were decided and acknowledged. Faust's own check would commit 631 past 538.
    assert batches.dropped(range(538, 631), set(range(539, 631)), set(), []) == [538]


def test_records_still_on_their_way_are_not_lost() -> None:
    # In a queue, a batch being taken or decided: acknowledged later, in order.
    assert batches.dropped([538, 539, 540], {538}, {539, 540}, []) == []


def test_a_lost_record_with_nothing_after_it_is_found_too() -> None:
    # The end of a burst: nothing later is acknowledged to give it away.
    assert batches.dropped([70, 71, 72], {70, 71}, set(), []) == [72]


def test_every_lost_record_comes_out_in_order() -> None:
    assert batches.dropped([9, 5, 7, 6, 8], {6, 8}, set(), []) == [5, 7, 9]


def test_an_offset_never_handed_is_not_lost() -> None:
    # A transaction marker or a compacted record: no record there, so Faust's fetcher
    # never hands it on, and the committed offset may well point at it.
    assert batches.dropped([541, 542], {541, 542}, set(), []) == []


def test_a_gap_in_the_offsets_read_counts_as_acknowledged() -> None:
    # Faust counts a jump in the offsets it reads as acknowledged; so does the net.
    assert batches.dropped([538, 539, 541], {541}, set(), [(538, 541)]) == []
    assert batches.dropped([538, 539, 541], {541}, set(), [(539, 541)]) == [538]
