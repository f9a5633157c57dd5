"""The Faust edge: topics, the normalising agent, dead-letter routing and web views.

No parsing logic lives here. Each consumed record goes through
:func:`service.stream.handler.handle_record` in the worker's single NER thread (so the
event loop keeps serving heartbeats, commits and ``/metrics``), and its one outcome is
sent: an event record to the output topic keyed by the record id, or the original
bytes to the dead-letter topic with headers that say why. A send is awaited until the
broker acknowledges it before the agent takes the next record, so an offset is only
committed after its outcome is durable (at-least-once; ids are deterministic, so
consumers can drop the duplicates a crash may cause).
"""

from __future__ import annotations

import asyncio
import functools
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

import faust
from aiokafka.errors import KafkaError
from faust.sensors.prometheus import setup_prometheus_sensors
from faust.transport.drivers import aiokafka as faust_aiokafka
from faust.types import TP
from faust.web import Request, Response, View
from prometheus_client import CollectorRegistry

from service.codec import SourcePosition
from service.errors import ErrorCode, InfrastructureError, Stage
from service.metrics import ServiceMetrics
from service.normalize.pipeline import Resources
from service.settings import Settings
from service.stream import batches
from service.stream.batches import UndecodableBatch
from service.stream.handler import DeadLetter, Event, handle_record

log = logging.getLogger(__name__)
T = TypeVar("T")

# Every code a story can be dead-lettered with (infrastructure codes never are).
STORY_ERROR_CODES = tuple(
    str(code)
    for code in ErrorCode
    if code
    not in {
        ErrorCode.BROKER_UNAVAILABLE,
        ErrorCode.MODEL_UNAVAILABLE,
        ErrorCode.UNREADABLE_INPUT,
        ErrorCode.UNDECODABLE_BATCH,
    }
)

RETRY_INITIAL_S = 0.5
RETRY_MAX_S = 30.0


class IdempotentProducer(faust_aiokafka.Producer):
    """faust-streaming turns on idempotence only inside transactions; we want it always,
    so that the producer's own retries never write a record twice."""

    def _settings_extra(self) -> Mapping[str, Any]:
        return {**super()._settings_extra(), "acks": "all", "enable_idempotence": True}


class Transport(faust_aiokafka.Transport):
    Producer = IdempotentProducer
    Consumer = batches.GuardedConsumer


class WiredeskApp(faust.App):
    """A Faust app whose Kafka transport uses the idempotent producer and a consumer that
    stops a partition at a batch it cannot decode (``on_undecodable`` is told)."""

    on_undecodable: batches.Handler | None = None

    def _new_transport(self) -> Transport:
        return Transport(self.conf.broker_consumer, self)

    def _new_producer_transport(self) -> Transport:
        return Transport(self.conf.broker_producer, self)


@dataclass
class WorkerState:
    """What ``/readyz`` reports: the model is loaded, the broker answered, partitions came,
    and no input partition is stopped at a batch that cannot be decoded."""

    model_loaded: bool = False
    assigned: bool = False
    partitions: set[TP] = field(default_factory=set)
    stalled: dict[TP, UndecodableBatch] = field(default_factory=dict)

    @property
    def ready(self) -> bool:
        return self.model_loaded and self.assigned and not self.stalled


def _content_type(headers: Any) -> str | None:
    items = headers.items() if isinstance(headers, Mapping) else (headers or ())
    for name, value in items:
        if str(name).lower() == "content-type" and value is not None:
            text: str = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
            return text
    return None


def faust_settings(settings: Settings) -> dict[str, Any]:
    """Faust's configuration, from our settings only (``env={}``: no unprefixed variables)."""
    credentials: Any = None
    if settings.security_protocol.startswith("SASL"):
        password = settings.sasl_password
        assert password is not None  # Settings rejects SASL without credentials
        use_ssl = settings.security_protocol == "SASL_SSL"
        credentials = faust.SASLCredentials(
            username=settings.sasl_username,
            password=password.get_secret_value(),
            mechanism=settings.sasl_mechanism,
            ssl_context=_ssl_context(settings) if use_ssl else None,
        )
    elif settings.security_protocol == "SSL":
        credentials = faust.SSLCredentials(_ssl_context(settings))
    return {
        "env": {},
        "broker": settings.faust_broker,
        "broker_client_id": settings.client_id,
        "broker_credentials": credentials,
        "broker_commit_interval": settings.commit_interval_s,
        "broker_commit_every": 100,
        "producer_acks": -1,
        "key_serializer": "raw",
        "value_serializer": "raw",
        "topic_partitions": settings.topic_partitions,
        "topic_replication_factor": settings.topic_replication,
        "topic_disable_leader": True,
        "consumer_auto_offset_reset": "earliest",
        "processing_guarantee": "at_least_once",
        "web_host": settings.web_host,
        "web_port": settings.web_port,
        "web_enabled": True,
        "autodiscover": False,
        "store": "memory://",
        "table_cleanup_interval": 3600.0,
    }


def _ssl_context(settings: Settings) -> Any:
    import ssl

    return ssl.create_default_context(cafile=settings.ssl_cafile)


def create_app(
    settings: Settings,
    resources: Resources,
    registry: CollectorRegistry,
    metrics: ServiceMetrics,
    state: WorkerState,
) -> faust.App:
    """Build the app: one agent (concurrency 1) over the input topic, raw bytes in and out."""
    app = WiredeskApp(settings.consumer_group, **faust_settings(settings))
    setup_prometheus_sensors(app, pattern="/metrics", registry=registry, name_prefix="faust")
    metrics.initialise(settings.input_topic, settings.output_topic, STORY_ERROR_CODES)

    input_topic = app.topic(settings.input_topic, value_type=bytes, key_type=bytes)
    output_topic = app.topic(settings.output_topic, value_type=bytes, key_type=bytes)
    dlq_topic = app.topic(settings.dlq_topic, value_type=bytes, key_type=bytes)
    # One thread per worker process runs NER: the loop never blocks on the model.
    ner_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="wiredesk-ner")

    def on_stage(stage: str, seconds: float) -> None:
        metrics.stage_seconds.labels(stage=stage).observe(seconds)

    async def with_retries(attempt: Callable[[], Awaitable[T]]) -> T:
        """Retry with backoff what failed for the infrastructure's sake (broker, model):
        such a failure never turns the story into a dead letter, nor skips it."""
        delay = RETRY_INITIAL_S
        while True:
            try:
                return await attempt()
            except (KafkaError, InfrastructureError) as exc:
                log.warning("%s; retrying in %.1fs", exc, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, RETRY_MAX_S)

    async def send_durably(topic: faust.TopicT, **kwargs: Any) -> None:
        """Send and wait for the broker's acknowledgement."""

        async def attempt() -> None:
            future = await topic.send(**kwargs)
            await future

        await with_retries(attempt)

    def update_lag(tp: TP, next_offset: int) -> None:
        highwater = app.consumer.highwater(tp)
        if highwater is not None:
            lag = max(highwater - next_offset, 0)
            metrics.consumer_lag.labels(topic=tp.topic, partition=str(tp.partition)).set(lag)

    @app.agent(input_topic, concurrency=1)
    async def normalise(stream: faust.StreamT[bytes]) -> AsyncIterator[None]:
        loop = asyncio.get_running_loop()
        async for event in stream.events():
            message = event.message
            timestamp_ms = int(message.timestamp * 1000) if message.timestamp else None
            position = SourcePosition(
                message.topic, message.partition, message.offset, timestamp_ms
            )
            metrics.stories_consumed.labels(topic=message.topic).inc()
            handle = functools.partial(
                handle_record,
                message.value,
                message.key,
                position,
                resources,
                content_type=_content_type(message.headers),
                on_stage=on_stage,
            )
            outcome = await with_retries(
                functools.partial(loop.run_in_executor, ner_thread, handle)
            )
            if isinstance(outcome, Event):
                await send_durably(output_topic, key=outcome.key, value=outcome.value)
                metrics.observe_record(outcome.record, settings.output_topic)
                if timestamp_ms is not None:
                    metrics.end_to_end_seconds.observe(max(time.time() - timestamp_ms / 1000, 0.0))
            else:
                assert isinstance(outcome, DeadLetter)
                await send_durably(
                    dlq_topic, key=outcome.key, value=outcome.value, headers=outcome.headers
                )
                metrics.dead_letters.labels(code=str(outcome.error.code)).inc()
                log.info(
                    "dead letter %s:%s@%s [%s] %s",
                    message.topic,
                    message.partition,
                    message.offset,
                    outcome.error.code,
                    outcome.error.message,
                )
            update_lag(message.tp, message.offset + 1)
            yield None

    async def refresh_lag() -> None:
        """Lag also moves while the agent is idle (new input, or nothing assigned)."""
        # Faust keeps the committed offsets (next offset to read) on the consumer.
        committed: Mapping[TP, int] = getattr(app.consumer, "_committed_offset", {})
        for tp in app.consumer.assignment():
            if tp.topic == settings.input_topic:
                update_lag(tp, committed.get(tp, 0))

    app.timer(interval=5.0)(refresh_lag)

    def stall(batch: UndecodableBatch) -> None:
        """On the app's loop: stop fetching the partition, say so once, count it."""
        tp = TP(batch.topic, batch.partition)
        if state.stalled.get(tp) == batch:
            return  # met again after a rebalance kept the partition here
        state.stalled[tp] = batch
        metrics.undecodable_batches.labels(topic=batch.topic, partition=str(batch.partition)).inc()
        metrics.stalled_partitions.set(len(state.stalled))
        metrics.ready.set(0)
        error = InfrastructureError(ErrorCode.UNDECODABLE_BATCH, batch.describe(), Stage.DECODE)
        log.error(
            "%s; partition %s[%s] stopped at offset %s (nothing skipped): install the codec "
            "or repair the batch, then restart the worker",
            error,
            batch.topic,
            batch.partition,
            batch.offset,
        )

    def on_undecodable(batch: UndecodableBatch) -> None:  # in Faust's consumer thread
        app.loop.call_soon_threadsafe(stall, batch)

    app.on_undecodable = on_undecodable

    async def on_assigned(sender: Any, *args: Any, **kwargs: Any) -> None:
        assigned: set[TP] = kwargs.get("assigned", args[0] if args else set())
        state.assigned = True
        state.partitions = {tp for tp in assigned if tp.topic == settings.input_topic}
        # A stalled partition handed to another worker is that worker's to report.
        state.stalled = {tp: b for tp, b in state.stalled.items() if tp in state.partitions}
        metrics.stalled_partitions.set(len(state.stalled))
        # Drop the lag of partitions handed to another worker: a stale value would
        # stay on this worker's /metrics forever and look like lag.
        metrics.consumer_lag.clear()
        for tp in state.partitions:  # at zero, so that increase() sees the first one
            metrics.undecodable_batches.labels(topic=tp.topic, partition=str(tp.partition))
        metrics.ready.set(1 if state.ready else 0)
        log.info("assigned input partitions: %s", sorted(tp.partition for tp in state.partitions))

    # Faust's signal stub wants a keyword-only ``signal`` parameter that it never passes.
    app.on_partitions_assigned.connect(on_assigned)  # type: ignore[arg-type]

    @app.page("/healthz")
    async def healthz(self: View, request: Request) -> Response:
        return self.json({"status": "alive"})

    @app.page("/readyz")
    async def readyz(self: View, request: Request) -> Response:
        body = {
            "ready": state.ready,
            "model_loaded": state.model_loaded,
            "assigned": state.assigned,
            "partitions": sorted(tp.partition for tp in state.partitions),
            "stalled": [
                {"topic": b.topic, "partition": b.partition, "offset": b.offset, "reason": b.reason}
                for b in state.stalled.values()
            ],
        }
        return self.json(body, status=200 if state.ready else 503)

    return app
