"""What ``/healthz`` and ``/readyz`` say, and the worker state behind them.

Shared by the small web server that answers before Faust starts (``wiredesk.stream.worker``)
and by Faust's own web server (``wiredesk.stream.app``), so both say the same thing.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Protocol

import faust
from faust.types import TP
from faust.web import Request, Response, View

# Outputs sent but not acknowledged for this long make the worker not ready: the broker
# answers but does not take writes (no in-sync majority, a revoked ACL, a hung leader).
UNACKNOWLEDGED_LIMIT_S = 30.0


class Stall(Protocol):
    """Where an input partition stopped, and why: a record batch that cannot be decoded
    (:class:`~wiredesk.stream.batches.UndecodableBatch`) or a record whose outputs and
    dead letter the broker both refuse (:class:`~wiredesk.stream.delivery.Undeliverable`)."""

    @property
    def topic(self) -> str: ...
    @property
    def partition(self) -> int: ...
    @property
    def offset(self) -> int: ...
    @property
    def reason(self) -> str: ...
    @property
    def why(self) -> str: ...
    @property
    def code(self) -> str: ...
    @property
    def remedy(self) -> str: ...
    def describe(self) -> str: ...


@dataclass
class WorkerState:
    """What ``/readyz`` reports: the model is loaded, partitions came, the broker answers
    (``broker_problem`` is None), outputs are acknowledged (none waiting longer than
    ``UNACKNOWLEDGED_LIMIT_S``), and no input partition is stopped at a batch that cannot
    be decoded or whose records the broker refuses to take anywhere."""

    model_loaded: bool = False
    assigned: bool = False
    partitions: set[TP] = field(default_factory=set)
    stalled: dict[TP, Stall] = field(default_factory=dict)
    waiting_for: str | None = None  # before Faust starts: what start-up waits for
    broker_problem: str | None = None  # the last broker probe failed: why
    sending_since: float | None = None  # monotonic time outputs began to wait for acks

    def unacknowledged_s(self, now: float | None = None) -> float:
        """How long outputs have waited for the broker's acknowledgement (0 when none)."""
        if self.sending_since is None:
            return 0.0
        return max((time.monotonic() if now is None else now) - self.sending_since, 0.0)

    @property
    def ready(self) -> bool:
        return (
            self.model_loaded
            and self.assigned
            and not self.stalled
            and self.broker_problem is None
            and self.unacknowledged_s() < UNACKNOWLEDGED_LIMIT_S
        )

    def broker(self) -> str:
        """What ``/readyz`` says of the broker: "answering" only once start-up found it
        and the last probe did; before that, what start-up is waiting for (so the field
        never says "answering" beside a reason that says the broker is not reachable)."""
        if self.broker_problem is not None:
            return self.broker_problem
        if self.waiting_for is not None:
            return self.waiting_for
        return "answering"

    def reason(self) -> str | None:
        """Why the worker is not ready, in one line (None when ready)."""
        if self.waiting_for is not None:
            return self.waiting_for
        if not self.model_loaded:
            return "the NER model is loading"
        if self.broker_problem is not None:
            return self.broker_problem
        waited = self.unacknowledged_s()
        if waited >= UNACKNOWLEDGED_LIMIT_S:
            return f"outputs sent {waited:.0f} s ago are not acknowledged by the broker yet"
        for stall in self.stalled.values():
            return (
                f"input partition {stall.topic}[{stall.partition}] is stopped at offset "
                f"{stall.offset}: {stall.why}"
            )
        if not self.assigned:
            return "waiting for the consumer group to assign partitions"
        return None


HEALTH: dict[str, Any] = {"status": "alive"}


def readiness(state: WorkerState) -> tuple[dict[str, Any], int]:
    """The ``/readyz`` body and its HTTP status (200 ready, 503 not)."""
    body: dict[str, Any] = {
        "ready": state.ready,
        "model_loaded": state.model_loaded,
        "assigned": state.assigned,
        "partitions": sorted(tp.partition for tp in state.partitions),
        "broker": state.broker(),
        "unacknowledged_s": round(state.unacknowledged_s(), 1),
        "stalled": [
            {"topic": b.topic, "partition": b.partition, "offset": b.offset, "reason": b.reason}
            for b in state.stalled.values()
        ],
    }
    reason = state.reason()
    if reason is not None:
        body["reason"] = reason
    return body, 200 if state.ready else 503


def add_pages(app: faust.App, state: WorkerState) -> None:
    """``/healthz`` and ``/readyz`` on a Faust app's web server."""

    @app.page("/healthz")
    async def healthz(self: View, request: Request) -> Response:
        return self.json(HEALTH)

    @app.page("/readyz")
    async def readyz(self: View, request: Request) -> Response:
        body, status = readiness(state)
        return self.json(body, status=status)
