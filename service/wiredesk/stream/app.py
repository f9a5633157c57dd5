"""The Faust app: its settings, transport, topics and web pages, wired to the agent.

Each concern has its own module: the agent's work in ``agent`` (batches in, acknowledged
outcomes out), per-record metrics in ``sensors`` (a Faust sensor), ``/healthz`` and
``/readyz`` in ``views``, undecodable record batches in ``batches``, retries in ``retry``.
No parsing logic lives here.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Mapping
from typing import Any

import faust
from faust.sensors.prometheus import setup_prometheus_sensors
from faust.transport.drivers import aiokafka as faust_aiokafka
from faust.types import TP
from faust.web import Request, Response, View
from prometheus_client import CollectorRegistry

from wiredesk.errors import DEAD_LETTER_CODES, ErrorCode, InfrastructureError, Stage
from wiredesk.metrics import ServiceMetrics
from wiredesk.normalize.pipeline import Resources
from wiredesk.settings import Settings
from wiredesk.stream import batches
from wiredesk.stream.agent import Normaliser
from wiredesk.stream.batches import UndecodableBatch
from wiredesk.stream.kafka import faust_credentials
from wiredesk.stream.keeper import StoryKeeper, by_key_topic
from wiredesk.stream.probe import BrokerProbe
from wiredesk.stream.sensors import ServiceSensor
from wiredesk.stream.views import HEALTH, WorkerState, readiness

log = logging.getLogger(__name__)

__all__ = ["STORY_ERROR_CODES", "WorkerState", "create_app", "faust_settings"]

# Every code a story can be dead-lettered with (infrastructure codes never are).
STORY_ERROR_CODES = tuple(str(code) for code in DEAD_LETTER_CODES)


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


# RocksDB for the keeper's table. Faust's defaults (a 64 MiB memtable, three of them, a
# 2 GiB block cache) are sized for tables of gigabytes; this one holds a retention
# window of story states (tens of MB), so an 8 MiB memtable flushes early and often and
# the worker's memory follows the table, not the memtable (the soak measures it).
TABLE_OPTIONS: dict[str, Any] = {
    "driver": "rocksdict",
    "write_buffer_size": 8 * 1024**2,
    "max_write_buffer_number": 2,
    "block_cache_size": 16 * 1024**2,
}


def faust_settings(settings: Settings) -> dict[str, Any]:
    """Faust's configuration, from our settings only (``env={}``: no unprefixed variables)."""
    return {
        "env": {},
        "broker": settings.faust_broker,
        "broker_client_id": settings.client_id,
        "broker_credentials": faust_credentials(settings),
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
        # Clients refresh metadata every 30 s, not every 5 min: a broker restarted after a
        # crash is back in their view (and its partitions' leaders found) soon.
        "consumer_metadata_max_age_ms": 30_000,
        "producer_metadata_max_age_ms": 30_000,
        "table_cleanup_interval": 3600.0,
        "datadir": settings.data_dir,
        # Tables live in RocksDB (through rocksdict). Set here for the app, not per table:
        # Faust 0.15 tests a table's own ``store=`` URL for truth, and a bare
        # ``rocksdb://`` URL is falsy, so a table silently falls back to memory.
        "store": "rocksdb://",
    }


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
    if settings.lifecycle:
        metrics.events_produced.labels(topic=by_key_topic(settings))
    sensor = ServiceSensor(metrics, settings.input_topic, lambda tp: app.consumer.highwater(tp))
    app.sensors.add(sensor)

    input_topic = app.topic(settings.input_topic, value_type=bytes, key_type=bytes)
    output_topic = app.topic(settings.output_topic, value_type=bytes, key_type=bytes)
    dlq_topic = app.topic(settings.dlq_topic, value_type=bytes, key_type=bytes)

    def on_sending(since: float | None) -> None:
        state.sending_since = since

    keeper: StoryKeeper | None = None
    if settings.lifecycle:
        by_key = app.topic(
            by_key_topic(settings), partitions=1, internal=True, value_type=bytes, key_type=bytes
        )
        stories_topic = app.topic(settings.stories_topic, value_type=bytes, key_type=bytes)
        table = app.Table(
            "stories",
            default=None,
            partitions=1,  # co-partitioned with the by-key topic
            key_type=bytes,
            value_type=bytes,
            options=TABLE_OPTIONS,  # the store is the app's (faust_settings)
            help="story key -> the story's history state (JSON)",
        )
        keeper = StoryKeeper(settings, metrics, table, output_topic, stories_topic, dlq_topic)
        story_keeper = keeper

        @app.agent(by_key, concurrency=1)
        async def keep(stream: faust.StreamT[bytes]) -> AsyncIterator[None]:
            async for _ in story_keeper.run(stream):
                yield None

    normaliser = Normaliser(
        settings,
        resources,
        metrics,
        by_key if settings.lifecycle else output_topic,
        dlq_topic,
        on_sending,
        by_story_key=settings.lifecycle,
    )

    @app.agent(input_topic, concurrency=1)
    async def normalise(stream: faust.StreamT[bytes]) -> AsyncIterator[None]:
        async for _ in normaliser.run(stream):
            yield None

    async def refresh_lag() -> None:
        # Faust keeps the committed offsets (next offset to read) on the consumer.
        committed: Mapping[TP, int | None] = getattr(app.consumer, "_committed_offset", {})
        sensor.refresh(app.consumer.assignment(), committed)

    app.timer(interval=5.0)(refresh_lag)

    probe = BrokerProbe(settings)

    async def probe_broker() -> None:
        try:
            problem = await probe.problem()
        except Exception:  # a timer that raises would crash the worker; a probe must not
            log.exception("the broker probe failed; /readyz keeps its last broker state")
            return
        if problem != state.broker_problem:
            if problem is None:
                log.info("the broker answers again")
            else:
                log.warning("not ready: %s", problem)
        state.broker_problem = problem
        metrics.ready.set(1 if state.ready else 0)

    app.timer(interval=5.0)(probe_broker)

    async def close_probe(sender: Any, *args: Any, **kwargs: Any) -> None:
        await probe.close()

    app.on_before_shutdown.connect(close_probe)  # type: ignore[arg-type]

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
        if keeper is not None:
            keeper.reset()
        state.partitions = {tp for tp in assigned if tp.topic == settings.input_topic}
        # A stalled partition handed to another worker is that worker's to report.
        state.stalled = {tp: b for tp, b in state.stalled.items() if tp in state.partitions}
        metrics.stalled_partitions.set(len(state.stalled))
        # Drop the lag of partitions handed to another worker: a stale value would
        # stay on this worker's /metrics forever and look like lag.
        metrics.consumer_lag.clear()
        for tp in state.partitions:  # at zero, so that rate() sees a first stall
            metrics.undecodable_batches.labels(topic=tp.topic, partition=str(tp.partition))
        metrics.ready.set(1 if state.ready else 0)
        log.info("assigned input partitions: %s", sorted(tp.partition for tp in state.partitions))

    # Faust's signal stub wants a keyword-only ``signal`` parameter that it never passes.
    app.on_partitions_assigned.connect(on_assigned)  # type: ignore[arg-type]

    @app.page("/healthz")
    async def healthz(self: View, request: Request) -> Response:
        return self.json(HEALTH)

    @app.page("/readyz")
    async def readyz(self: View, request: Request) -> Response:
        body, status = readiness(state)
        return self.json(body, status=status)

    return app
