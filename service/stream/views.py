"""What ``/healthz`` and ``/readyz`` say, and the worker state behind them.

Shared by the small web server that answers before Faust starts (``service.stream.worker``)
and by Faust's own web server (``service.stream.app``), so both say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from faust.types import TP

from service.stream.batches import UndecodableBatch


@dataclass
class WorkerState:
    """What ``/readyz`` reports: the model is loaded, the broker answered, partitions came,
    and no input partition is stopped at a batch that cannot be decoded."""

    model_loaded: bool = False
    assigned: bool = False
    partitions: set[TP] = field(default_factory=set)
    stalled: dict[TP, UndecodableBatch] = field(default_factory=dict)
    waiting_for: str | None = None  # before Faust starts: what start-up waits for

    @property
    def ready(self) -> bool:
        return self.model_loaded and self.assigned and not self.stalled


HEALTH: dict[str, Any] = {"status": "alive"}


def readiness(state: WorkerState) -> tuple[dict[str, Any], int]:
    """The ``/readyz`` body and its HTTP status (200 ready, 503 not)."""
    body: dict[str, Any] = {
        "ready": state.ready,
        "model_loaded": state.model_loaded,
        "assigned": state.assigned,
        "partitions": sorted(tp.partition for tp in state.partitions),
        "stalled": [
            {"topic": b.topic, "partition": b.partition, "offset": b.offset, "reason": b.reason}
            for b in state.stalled.values()
        ],
    }
    if state.waiting_for is not None:
        body["reason"] = state.waiting_for
    return body, 200 if state.ready else 503
