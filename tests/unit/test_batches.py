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
