"""Outcomes onto the broker, and what happens when the broker refuses one for good.

Both stages of the worker (the normalising agent and the story keeper) send through
:class:`Delivery`, so a dead letter is sent, counted and logged one way, and a refusal is
handled one way:

- a transient failure (leader moved, broker away, a timeout) is retried with backoff by
  :mod:`wiredesk.stream.retry` and never turns a story into a dead letter;
- a refusal of an event record (``MessageSizeTooLargeError`` from a topic whose
  ``max.message.bytes`` is smaller than the record, ``TopicAuthorizationFailedError``
  from an ACL) makes the consumed record a dead letter instead: its original bytes, code
  ``output_refused``, stage ``produce``;
- a refusal of the dead letter itself stops the record's input partition, as a batch
  that cannot be decoded does: the partition is paused, nothing of it from that record on
  is committed (a restarted worker resumes there), ``/readyz`` says why and
  ``wiredesk_stalled_partitions`` counts it.

Holding a record back: Faust acknowledges every record of a batch when the agent is done
with it, and commits the highest offset acknowledged without a gap. :func:`hold` marks a
record settled *without* acknowledging it (faust-streaming 0.15's ``Message.acked``, the
flag its own acknowledgement sets before it counts the offset), so its offset, and with it
every later offset of its partition, is never committed, while Faust does not wait for it
at a rebalance or a stop either.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import faust

from wiredesk.errors import ErrorCode, OutputRefusedError, Stage
from wiredesk.metrics import ServiceMetrics
from wiredesk.process import Consumed, DeadLetter, Event, Outcome
from wiredesk.stream.health import Health
from wiredesk.stream.retry import Send, acknowledged, hand_over, refusal

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Undeliverable:
    """A record whose output and dead letter the broker both refuse: its partition stops."""

    topic: str
    partition: int
    offset: int
    reason: str

    code = str(ErrorCode.OUTPUT_UNDELIVERABLE)
    remedy = (
        "let the worker write its topics (ACLs, the topics' max.message.bytes), "
        "then restart the worker"
    )

    @property
    def why(self) -> str:
        return f"the broker refuses its output and its dead letter ({self.reason})"

    def describe(self) -> str:
        return (
            f"record at {self.topic}[{self.partition}] offset {self.offset} cannot be "
            f"delivered: {self.reason}"
        )


def hold(event: faust.EventT[Any]) -> None:
    """Settle ``event`` without acknowledging it: its offset is never committed."""
    event.message.acked = True


class Delivery:
    def __init__(
        self,
        dlq_topic: faust.TopicT,
        metrics: ServiceMetrics,
        health: Health,
        *,
        new_session: Callable[[], None] = lambda: None,
    ) -> None:
        self._dlq = dlq_topic
        self._metrics = metrics
        self._health = health
        # A refused batch leaves its partition's idempotent sequence behind: start anew.
        self._new_session = new_session

    def dead_letter(self, dead: DeadLetter) -> Send:
        return self._dlq, {"key": dead.key, "value": dead.value, "headers": dead.headers}

    def count(self, record: Consumed, dead: DeadLetter) -> None:
        """A dead letter the broker acknowledged: counted and logged, one line."""
        self._metrics.dead_letters.labels(code=str(dead.error.code)).inc()
        p = record.position
        log.info("dead letter %s:%s@%s [%s] %s", p.topic, p.partition, p.offset,
                 dead.error.code, dead.error.message)  # fmt: skip

    def stopped(self, record: Consumed) -> bool:
        p = record.position
        return self._health.stopped(faust.types.TP(p.topic, p.partition), p.offset)

    async def send_now(self, send: Send, what: str = "an output") -> BaseException | None:
        """Send one record and wait for the broker: None once acknowledged, else the
        refusal (transient failures are retried meanwhile)."""
        return await acknowledged(await hand_over(send, what=what), send, what=what)

    async def send_dead_letter(
        self, event: faust.EventT[Any], record: Consumed, dead: DeadLetter
    ) -> bool:
        """Send ``dead`` now; count it, or, refused, stop the record's partition. True when
        the dead letter is on the broker."""
        refused = await self.send_now(self.dead_letter(dead), "a dead letter")
        if refused is None:
            self.count(record, dead)
            return True
        self._new_session()
        self.stop(event, record, refused)
        return False

    async def instead(
        self,
        event: faust.EventT[Any],
        record: Consumed,
        outcome: Outcome,
        send: Send,
        refused: BaseException,
    ) -> Outcome | None:
        """``send``, carrying ``outcome`` of ``record``, was refused for good. Sent once
        more, on its own and in a new idempotent session (a producer batch is refused
        whole when one record in it is too large, and the refusal leaves the partition's
        sequence behind); refused again, the record is dead-lettered instead; a refused
        dead letter stops the partition. Returns what reached the broker: ``outcome``,
        the dead letter, or None when the partition stopped."""
        self._new_session()
        again = await self.send_now(send)
        if again is None:
            return outcome
        self._new_session()
        if isinstance(outcome, Event):
            topic = send[0].get_topic_name()
            error = OutputRefusedError(
                ErrorCode.OUTPUT_REFUSED,
                f"the broker refused the record's output to {topic}: {refusal(again)}",
                Stage.PRODUCE,
            )
            log.warning("%s at %s; dead-lettering it", error.message, record.position)
            dead = DeadLetter.of(record, error)
            again = await self.send_now(self.dead_letter(dead), "a dead letter")
            if again is None:
                return dead
            self._new_session()
        self.stop(event, record, again)
        return None

    def stop(self, event: faust.EventT[Any], record: Consumed, refused: BaseException) -> None:
        """Stop ``record``'s partition at it, and hold it back from the commit."""
        hold(event)
        p = record.position
        topic = self._dlq.get_topic_name()
        reason = f"dead letter to {topic} refused: {refusal(refused)}"
        self._health.stop(Undeliverable(p.topic, p.partition, p.offset, reason))
