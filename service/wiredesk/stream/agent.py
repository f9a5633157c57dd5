"""The normalising agent: batches of records in, one acknowledged outcome per record out.

How a batch goes, and why:

1. Faust's ``take_events`` hands over up to ``WIREDESK_BATCH_MAX`` records, or what came
   within ``WIREDESK_BATCH_WINDOW_MS``.
2. :func:`wiredesk.stream.handler.handle_batch` turns them into outcomes in the worker's
   single NER thread (so the event loop keeps serving heartbeats, commits and
   ``/metrics``), with one ``nlp.pipe`` call for the batch.
3. Every outcome is sent without waiting between sends (an event record to the output
   topic keyed by its id, or the original bytes to the dead-letter topic with headers
   saying why); then every acknowledgement is awaited, in input order. A send that fails
   is sent again, durably, before the next outcome counts as done.
4. Only then does ``take_events`` ack the batch's records, so an offset is committed only
   once the outcomes of it and of every earlier offset of its partition are durable.
   A stop (SIGTERM) that arrives mid-batch lets the batch finish first: ``take_events``
   acks its records as the generator closes, so they must be sent by then.

At-least-once: after a crash the records of unfinished batches are read again; ids are
deterministic, so consumers drop the duplicates. Infrastructure errors (broker, model)
are retried with backoff and never turn a story into a dead letter.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar, cast

import faust
from aiokafka.errors import KafkaError

from wiredesk import codec
from wiredesk.codec import SourcePosition
from wiredesk.errors import InfrastructureError
from wiredesk.metrics import ServiceMetrics
from wiredesk.normalize.pipeline import Resources
from wiredesk.settings import Settings
from wiredesk.stories.key import story_key
from wiredesk.stream.handler import Consumed, DeadLetter, Event, Outcome, handle_batch
from wiredesk.stream.keeper import INPUT_TIMESTAMP_HEADER, SOURCE_HEADER
from wiredesk.stream.retry import Send, acknowledged, hand_over, retrying

log = logging.getLogger(__name__)
T = TypeVar("T")
_INFRASTRUCTURE = (KafkaError, InfrastructureError)


def consumed(event: faust.EventT[bytes]) -> Consumed:
    message = event.message
    timestamp_ms = int(message.timestamp * 1000) if message.timestamp else None
    position = SourcePosition(message.topic, message.partition, message.offset, timestamp_ms)
    return Consumed(
        message.value, message.key, position, codec.header(message.headers, "content-type")
    )


class Normaliser:
    """The agent's work, with the topics it sends to and the thread that runs NER."""

    def __init__(
        self,
        settings: Settings,
        resources: Resources,
        metrics: ServiceMetrics,
        output_topic: faust.TopicT,
        dlq_topic: faust.TopicT,
        on_sending: Callable[[float | None], None] | None = None,
        *,
        by_story_key: bool = False,
    ) -> None:
        self._settings = settings
        self._resources = resources
        self._metrics = metrics
        self._output = output_topic
        self._dlq = dlq_topic
        # With the story keeper, events go to its by-key topic keyed by story key, with
        # the input record's position (the keeper's replay identity) in a header.
        self._by_story_key = by_story_key
        # Told the monotonic time outputs start waiting for acks, then None when all are.
        self._on_sending = on_sending or (lambda since: None)
        # One thread per worker process runs NER: the loop never blocks on the model.
        self._ner_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="wiredesk-ner")

    async def run(self, stream: faust.StreamT[bytes]) -> AsyncIterator[None]:
        """The agent body (concurrency 1): one batch at a time, each finished in full."""
        # take_events is on faust's Stream, not on its StreamT interface.
        batches = cast(Any, stream).take_events(
            self._settings.batch_max, within=self._settings.batch_window_ms / 1000
        )
        async for events in batches:
            await _finish_even_if_cancelled(self.process([consumed(e) for e in events]))
            yield None

    async def process(self, records: Sequence[Consumed]) -> None:
        loop = asyncio.get_running_loop()
        handle = functools.partial(handle_batch, records, self._resources, on_stage=self._on_stage)
        outcomes = await retrying(
            lambda: loop.run_in_executor(self._ner_thread, handle),
            retry_on=_INFRASTRUCTURE,
            what=f"normalising a batch of {len(records)} failed",
        )
        self._on_sending(time.monotonic())
        sends = [self._send_args(o, r) for r, o in zip(records, outcomes, strict=True)]
        sent = [await hand_over(s, retry_on=_INFRASTRUCTURE, what="an outcome") for s in sends]
        for record, outcome, send, future in zip(records, outcomes, sends, sent, strict=True):
            await acknowledged(future, send, retry_on=_INFRASTRUCTURE, what="an outcome")
            self._observe(record, outcome)
        self._on_sending(None)

    def _on_stage(self, stage: str, seconds: float) -> None:
        self._metrics.stage_seconds.labels(stage=stage).observe(seconds)

    def _send_args(self, outcome: Outcome, record: Consumed) -> Send:
        if isinstance(outcome, Event):
            if self._by_story_key:
                p = record.position
                headers = [(SOURCE_HEADER, f"{p.topic}:{p.partition}:{p.offset}".encode())]
                if p.timestamp_ms is not None:  # the keeper observes the end-to-end latency
                    headers.append((INPUT_TIMESTAMP_HEADER, str(p.timestamp_ms).encode()))
                key = story_key(outcome.record).value.encode("utf-8")
                return self._output, {"key": key, "value": outcome.value, "headers": headers}
            return self._output, {"key": outcome.key, "value": outcome.value}
        return self._dlq, {"key": outcome.key, "value": outcome.value, "headers": outcome.headers}

    def _observe(self, record: Consumed, outcome: Outcome) -> None:
        metrics = self._metrics
        if isinstance(outcome, Event):
            metrics.observe_record(outcome.record, self._output.get_topic_name())
            timestamp_ms = record.position.timestamp_ms
            if timestamp_ms is not None and not self._by_story_key:
                metrics.end_to_end_seconds.observe(max(time.time() - timestamp_ms / 1000, 0.0))
            return
        assert isinstance(outcome, DeadLetter)
        metrics.dead_letters.labels(code=str(outcome.error.code)).inc()
        position = record.position
        log.info("dead letter %s:%s@%s [%s] %s", position.topic, position.partition,
                 position.offset, outcome.error.code, outcome.error.message)  # fmt: skip


async def _finish_even_if_cancelled(work: Awaitable[T]) -> T:
    """Run ``work`` to the end even when the agent is cancelled while it runs (a stop):
    the cancellation is raised once the work is done."""
    task = asyncio.ensure_future(work)
    try:
        return await asyncio.shield(task)
    except asyncio.CancelledError:
        await task
        raise
