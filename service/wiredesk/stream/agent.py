"""The normalising agent: batches of records in, one acknowledged outcome per record out.

How a batch goes, and why:

1. Faust's ``take_events`` hands over up to ``WIREDESK_BATCH_MAX`` records, or what came
   within ``WIREDESK_BATCH_WINDOW_MS``.
2. :meth:`wiredesk.process.Processor.batch` turns them into outcomes in the worker's
   single NER thread (so the event loop keeps serving heartbeats, commits and
   ``/metrics``), with one ``nlp.pipe`` call for the batch.
3. Every outcome is sent without waiting between sends (an event record to the output
   topic keyed by its id, or the original bytes to the dead-letter topic with headers
   saying why); then every acknowledgement is awaited, in input order. A send that fails
   for a transient reason is sent again, durably, before the next outcome counts as done;
   one the broker refuses for good goes the way :mod:`wiredesk.stream.delivery` says (a
   dead letter instead, or the partition stops).
4. Only then does ``take_events`` ack the batch's records, so an offset is committed only
   once the outcomes of it and of every earlier offset of its partition are durable.
   A stop (SIGTERM) that arrives mid-batch lets the batch finish first: ``take_events``
   acks its records as the generator closes, so they must be sent by then.

At-least-once: after a crash the records of unfinished batches are read again; ids are
deterministic, so consumers drop the duplicates. Transient infrastructure errors (broker,
model) are retried with backoff and never turn a story into a dead letter.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Protocol, TypeVar, cast

import faust

from wiredesk import codec
from wiredesk.codec import SourcePosition
from wiredesk.errors import InfrastructureError
from wiredesk.metrics import ServiceMetrics
from wiredesk.process import Consumed, DeadLetter, Event, Outcome, Processor
from wiredesk.stream.delivery import Delivery, hold
from wiredesk.stream.health import Health
from wiredesk.stream.retry import Send, acknowledged, hand_over, retrying, transient

log = logging.getLogger(__name__)
T = TypeVar("T")


def consumed(event: faust.EventT[bytes]) -> Consumed:
    message = event.message
    timestamp_ms = int(message.timestamp * 1000) if message.timestamp else None
    position = SourcePosition(message.topic, message.partition, message.offset, timestamp_ms)
    return Consumed(
        message.value, message.key, position, codec.header(message.headers, "content-type")
    )


class Output(Protocol):
    """Where the agent sends an event record: the output topic, or the story keeper's
    by-key topic (:class:`wiredesk.stream.keeper.ToKeeper`). Decided once, by the app."""

    topic: faust.TopicT
    last_stage: bool  # the record leaves the worker here: end-to-end latency is observed

    def send(self, event: Event, record: Consumed) -> Send: ...


class ToEvents:
    """Event records to the output topic, keyed by id."""

    last_stage = True

    def __init__(self, topic: faust.TopicT) -> None:
        self.topic = topic

    def send(self, event: Event, record: Consumed) -> Send:
        return self.topic, {"key": event.key, "value": event.value}


class Normaliser:
    """The agent's work, with where it sends and the thread that runs NER."""

    def __init__(
        self,
        processor: Processor,
        metrics: ServiceMetrics,
        output: Output,
        delivery: Delivery,
        health: Health,
        *,
        batch_max: int,
        batch_window_s: float,
    ) -> None:
        self._processor = processor
        self._metrics = metrics
        self._output = output
        self._delivery = delivery
        self._health = health
        self._batch_max = batch_max
        self._batch_window_s = batch_window_s
        # One thread per worker process runs NER: the loop never blocks on the model.
        self._ner_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="wiredesk-ner")

    async def run(self, stream: faust.StreamT[bytes]) -> AsyncIterator[None]:
        """The agent body (concurrency 1): one batch at a time, each finished in full."""
        # take_events is on faust's Stream, not on its StreamT interface.
        batches = cast(Any, stream).take_events(self._batch_max, within=self._batch_window_s)
        async for events in batches:
            await _finish_even_if_cancelled(self.process(events))
            yield None

    async def process(self, events: Sequence[faust.EventT[bytes]]) -> None:
        # Records of a partition stopped earlier (fetched before it was paused) are held
        # back untouched: the worker that resumes the partition reads them again.
        taken = []
        for event in events:
            record = consumed(event)
            if self._delivery.stopped(record):
                hold(event)
            else:
                taken.append((event, record))
        if not taken:
            return
        records = [record for _, record in taken]
        loop = asyncio.get_running_loop()
        work = functools.partial(self._processor.batch, records)
        outcomes = await retrying(
            lambda: loop.run_in_executor(self._ner_thread, work),
            retry_on=(InfrastructureError,),
            when=transient,
            what=f"normalising a batch of {len(records)} failed",
        )
        self._health.sending(time.monotonic())
        sends = [
            self._send(outcome, record) for record, outcome in zip(records, outcomes, strict=True)
        ]
        handed = [await hand_over(send, what="an outcome") for send in sends]
        for (event, record), outcome, send, item in zip(
            taken, outcomes, sends, handed, strict=True
        ):
            refused = await acknowledged(item, send, what="an outcome")
            if self._delivery.stopped(record):
                hold(event)  # its partition stopped at an earlier record of this batch
            elif refused is None:
                self._observe(record, outcome)
            elif delivered := await self._delivery.instead(event, record, outcome, send, refused):
                self._observe(record, delivered)
        self._health.sending(None)

    def _send(self, outcome: Outcome, record: Consumed) -> Send:
        if isinstance(outcome, Event):
            return self._output.send(outcome, record)
        return self._delivery.dead_letter(outcome)

    def _observe(self, record: Consumed, outcome: Outcome) -> None:
        if isinstance(outcome, DeadLetter):
            self._delivery.count(record, outcome)
            return
        self._metrics.observe_record(outcome.record, self._output.topic.get_topic_name())
        timestamp_ms = record.position.timestamp_ms
        if timestamp_ms is not None and self._output.last_stage:
            waited = time.time() - timestamp_ms / 1000
            self._metrics.end_to_end_seconds.observe(max(waited, 0.0))


async def _finish_even_if_cancelled(work: Awaitable[T]) -> T:
    """Run ``work`` to the end even when the agent is cancelled while it runs (a stop):
    the cancellation is raised once the work is done."""
    task = asyncio.ensure_future(work)
    try:
        return await asyncio.shield(task)
    except asyncio.CancelledError:
        await task
        raise
