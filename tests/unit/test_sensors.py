"""The lag sensor's arithmetic, without Kafka: a partition just assigned has no committed
offset yet (Faust holds None for it), and the refresh timer must not crash the worker."""

from __future__ import annotations

from faust.types import TP
from prometheus_client import CollectorRegistry

from wiredesk.metrics import ServiceMetrics
from wiredesk.stream.sensors import ServiceSensor

RAW = "wire.raw"


def lag_values(registry: CollectorRegistry) -> dict[str, float]:
    return {
        sample.labels["partition"]: sample.value
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
