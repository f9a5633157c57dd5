"""The worker's health without a broker: assignments, stopped partitions, the broker
probe, and which send errors are retried (the rest are refusals)."""

from __future__ import annotations

import asyncio

import pytest
from aiokafka import errors as kafka_errors
from faust.types import TP
from prometheus_client import CollectorRegistry

from wiredesk.errors import ErrorCode, InfrastructureError, Stage
from wiredesk.metrics import ServiceMetrics
from wiredesk.stream.batches import UndecodableBatch
from wiredesk.stream.delivery import Undeliverable
from wiredesk.stream.health import Health
from wiredesk.stream.retry import refusal, transient
from wiredesk.stream.views import WorkerState, readiness

RAW0, RAW1 = TP("wire.raw", 0), TP("wire.raw", 1)


class FakeProbe:
    def __init__(self) -> None:
        self.answers: list[str | Exception | None] = []
        self.closed = False

    async def problem(self) -> str | None:
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    async def close(self) -> None:
        self.closed = True


def make() -> tuple[Health, ServiceMetrics, FakeProbe, list[TP]]:
    metrics = ServiceMetrics.create(CollectorRegistry())
    probe = FakeProbe()
    paused: list[TP] = []
    health = Health(WorkerState(model_loaded=True), metrics, ["wire.raw"], probe,
                    pause=paused.append)  # fmt: skip
    return health, metrics, probe, paused


def test_an_assignment_makes_the_worker_ready_with_its_input_partitions() -> None:
    health, metrics, _, _ = make()
    assert readiness(health.state)[1] == 503
    health.assigned({RAW0, RAW1, TP("wiredesk-stories-changelog", 0)})
    body, status = readiness(health.state)
    assert (status, body["partitions"]) == (200, [0, 1])
    assert metrics.ready._value.get() == 1


def test_an_undeliverable_record_stops_its_partition_once_and_pauses_it() -> None:
    health, metrics, _, paused = make()
    health.assigned({RAW0, RAW1})
    stall = Undeliverable("wire.raw", 1, 57, "dead letter to wire.dlq refused: TopicAuth...")
    health.stop(stall)
    health.stop(stall)  # met again: said once
    assert paused == [RAW1]
    assert health.stopped(RAW1, 57) and health.stopped(RAW1, 58)
    assert not health.stopped(RAW1, 56)  # fetched before it: processed as usual
    assert not health.stopped(RAW0, 57)
    body, status = readiness(health.state)
    assert status == 503
    assert body["stalled"] == [
        {"topic": "wire.raw", "partition": 1, "offset": 57, "reason": stall.reason}
    ]
    assert body["reason"].startswith("input partition wire.raw[1] is stopped at offset 57")
    assert "refuses its output and its dead letter" in body["reason"]
    assert metrics.stalled_partitions._value.get() == 1
    assert metrics.ready._value.get() == 0
    # Handed to another worker by a rebalance: no longer this worker's to report.
    health.assigned({RAW0})
    assert readiness(health.state)[1] == 200
    assert metrics.stalled_partitions._value.get() == 0


def test_an_undecodable_batch_is_counted_once_and_stops_its_partition() -> None:
    health, metrics, _, paused = make()
    health.assigned({RAW0})
    batch = UndecodableBatch("wire.raw", 0, 4, "UnsupportedCodecError: snappy")
    health.undecodable(batch)
    health.undecodable(batch)
    counter = metrics.undecodable_batches.labels(topic="wire.raw", partition="0")
    assert counter._value.get() == 1
    assert paused == []  # the consumer paused it, after the records before the batch
    assert "cannot decode" in readiness(health.state)[0]["reason"]


def test_the_broker_probe_sets_readiness_and_a_failing_probe_changes_nothing() -> None:
    health, metrics, probe, _ = make()
    health.assigned({RAW0})
    probe.answers = ["no broker of k1:9092 answered within 3 s", RuntimeError("bug"), None]
    asyncio.run(health.probe_broker())
    assert readiness(health.state)[0]["broker"].startswith("no broker")
    asyncio.run(health.probe_broker())  # the probe itself failed: keep the last verdict
    assert readiness(health.state)[1] == 503
    asyncio.run(health.probe_broker())
    assert readiness(health.state)[1] == 200
    assert metrics.ready._value.get() == 1
    asyncio.run(health.close())
    assert probe.closed


@pytest.mark.parametrize(
    "error",
    [
        kafka_errors.NotLeaderForPartitionError(),
        kafka_errors.KafkaConnectionError(),
        kafka_errors.RequestTimedOutError(),
        kafka_errors.NotEnoughReplicasError(),
        kafka_errors.KafkaTimeoutError(),  # a delivery timed out: aiokafka says not retriable
        kafka_errors.BrokerNotAvailableError(),
        kafka_errors.ProducerClosed(),
        InfrastructureError(ErrorCode.MODEL_UNAVAILABLE, "model gone", Stage.ENTITIES),
    ],
    ids=lambda e: type(e).__name__,
)
def test_transient_errors_are_retried(error: BaseException) -> None:
    assert transient(error)


@pytest.mark.parametrize(
    "error",
    [
        kafka_errors.MessageSizeTooLargeError(),
        kafka_errors.RecordTooLargeError(),
        kafka_errors.TopicAuthorizationFailedError(),
        kafka_errors.InvalidTopicError(),
        kafka_errors.PolicyViolationError(),
    ],
    ids=lambda e: type(e).__name__,
)
def test_refusals_are_not_retried(error: BaseException) -> None:
    assert not transient(error)
    assert refusal(error).startswith(type(error).__name__)
