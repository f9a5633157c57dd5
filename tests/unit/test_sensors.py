"""The lag sensor's arithmetic, without Kafka: a partition just assigned has no committed
offset yet (Faust holds None for it), and the refresh timer must not crash the worker; the
story keeper's by-key topic is reported beside the input, and only while it is held."""

from __future__ import annotations

from typing import Any

from faust.types import TP
from prometheus_client import CollectorRegistry

from wiredesk.metrics import ServiceMetrics
from wiredesk.stream.sensors import ServiceSensor

RAW = "wire.raw"


def lag_values(registry: CollectorRegistry, *, by_topic: bool = False) -> dict[Any, float]:
    return {
        (sample.labels["topic"], sample.labels["partition"])
        if by_topic
        else sample.labels["partition"]: sample.value
        for metric in registry.collect()
        if metric.name == "wiredesk_consumer_lag"
        for sample in metric.samples
    }


def test_refresh_skips_partitions_without_a_committed_offset() -> None:
    registry = CollectorRegistry()
    highwater = {TP(RAW, 0): 10, TP(RAW, 1): 7, TP("other", 0): 99}
    sensor = ServiceSensor(ServiceMetrics.create(registry), RAW, highwater.get)
    committed: dict[TP, int | None] = {TP(RAW, 0): 4, TP(RAW, 1): None, TP("other", 0): 1}
    sensor.refresh(set(highwater), committed)
    assert lag_values(registry) == {"0": 6.0}


def test_the_keepers_by_key_topic_is_reported_and_a_partition_lost_is_dropped() -> None:
    """With the story keeper its by-key topic's lag is reported beside the input's; after a
    rebalance a worker reports only what it still holds (the new holder reports the rest)."""
    registry = CollectorRegistry()
    by_key = TP("wiredesk-stories-by-key", 0)
    highwater = {TP(RAW, 0): 10, by_key: 50, TP("wiredesk-stories-changelog", 0): 70}
    sensor = ServiceSensor(
        ServiceMetrics.create(registry), RAW, highwater.get, lag_topics=[by_key.topic]
    )
    committed: dict[TP, int | None] = {
        TP(RAW, 0): 4,
        by_key: 20,
        TP("wiredesk-stories-changelog", 0): 1,
    }
    sensor.refresh(set(highwater), committed)
    assert lag_values(registry, by_topic=True) == {
        ("wire.raw", "0"): 6.0, ("wiredesk-stories-by-key", "0"): 30.0
    }  # fmt: skip
    sensor.on_message_out(by_key, 44, None)  # type: ignore[arg-type]
    assert lag_values(registry, by_topic=True)[("wiredesk-stories-by-key", "0")] == 5.0
    sensor.refresh({TP(RAW, 0)}, committed)  # the keeper's partition moved away
    assert lag_values(registry, by_topic=True) == {("wire.raw", "0"): 6.0}
