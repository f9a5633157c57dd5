"""The Faust app: its settings, transport, topics and web pages, wired to the agent.

This module wires and holds no logic. Each concern has its own module: the agent's work
in ``agent`` (batches in, acknowledged outcomes out), the story keeper in ``keeper``,
sends and refusals in ``delivery``, per-record metrics and lag in ``sensors`` (a Faust
sensor), the worker's readiness (assignment, stopped partitions, the broker probe) in
``health``, ``/healthz`` and ``/readyz`` in ``views``, undecodable record batches in
``batches``, retries in ``retry``. Whether the story keeper runs is decided once, in
:func:`create_app`: it picks stage 1's :class:`~wiredesk.stream.agent.Output`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable, Mapping
from typing import Any, cast

import faust
from aiokafka.producer.transaction_manager import NO_PRODUCER_EPOCH, NO_PRODUCER_ID, PidAndEpoch
from faust.sensors.prometheus import setup_prometheus_sensors
from faust.transport.drivers import aiokafka as faust_aiokafka
from faust.types import TP
from prometheus_client import CollectorRegistry

from wiredesk.errors import DEAD_LETTER_CODES
from wiredesk.metrics import ServiceMetrics
from wiredesk.normalize.pipeline import Resources
from wiredesk.process import Processor
from wiredesk.settings import Settings
from wiredesk.stream import batches
from wiredesk.stream.agent import Normaliser, Output, ToEvents
from wiredesk.stream.delivery import Delivery
from wiredesk.stream.health import Health
from wiredesk.stream.kafka import by_key_topic, changelog_topic, faust_credentials
from wiredesk.stream.keeper import StoryKeeper, TableWrites, ToKeeper
from wiredesk.stream.probe import BrokerProbe
from wiredesk.stream.sensors import ServiceSensor
from wiredesk.stream.views import WorkerState, add_pages

log = logging.getLogger(__name__)

__all__ = ["STORY_ERROR_CODES", "WorkerState", "create_app", "faust_settings"]

# Every code a story can be dead-lettered with (infrastructure codes never are).
STORY_ERROR_CODES = tuple(str(code) for code in DEAD_LETTER_CODES)


class IdempotentProducer(faust_aiokafka.Producer):
    """faust-streaming turns on idempotence only inside transactions; we want it always,
    so that the producer's own retries never write a record twice."""

    def _settings_extra(self) -> Mapping[str, Any]:
        return {**super()._settings_extra(), "acks": "all", "enable_idempotence": True}

    def new_session(self) -> None:
        """Start a new idempotent session: a new producer id, every sequence from 0.

        aiokafka numbers a partition's batches when it sends them and keeps the number
        when the broker refuses a batch for good (too large, not authorised), so every
        later batch of that partition is refused as out of order. Kafka's Java client
        starts a new session then; aiokafka 0.14 does not, so this does it the same way
        (its sender asks the broker for a new producer id before the next batch)."""
        manager = getattr(self._ensure_producer(), "_txn_manager", None)
        if manager is None or not manager.has_pid():
            return
        manager._pid_and_epoch = PidAndEpoch(NO_PRODUCER_ID, NO_PRODUCER_EPOCH)
        manager._pid_waiter = asyncio.get_running_loop().create_future()
        manager._sequence_numbers.clear()


class Transport(faust_aiokafka.Transport):
    Producer = IdempotentProducer
    Consumer = batches.GuardedConsumer

    async def _create_topic(
        self,
        owner: Any,
        client: Any,
        topic: str,
        partitions: int,
        replication: int,
        **kwargs: Any,
    ) -> None:
        """Faust skips creating a topic that exists only when its client's metadata
        already names it, and a client's metadata holds the topics it has been asked
        about so far. A principal without ``CREATE`` (the ACLs docs/configuration.md
        lists) would then stop the worker's start, or not, on a topic that exists
        (``TopicAuthorizationFailedError``), by the order of its requests. So ask the
        broker first; a topic it names is never created."""
        if topic not in client.cluster.topics():
            known = await client.fetch_all_metadata()
            if topic in known.topics():
                return
        await super()._create_topic(owner, client, topic, partitions, replication, **kwargs)


class WiredeskApp(faust.App):
    """A Faust app whose Kafka transport uses the idempotent producer and a consumer that
    stops a partition at a batch it cannot decode (``on_undecodable`` is told) and reads a
    partition again from a record that never reached its agent (``on_read_again``)."""

    on_undecodable: batches.Handler | None = None
    on_read_again: Callable[[str, int, int], None] | None = None
    held_back: Callable[[TP, int], bool] | None = None  # a stopped partition's records

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


PRODUCER_BATCH_BYTES = 256 * 1024


def faust_settings(settings: Settings) -> dict[str, Any]:
    """Faust's configuration, from our settings only (``env={}``: no unprefixed variables)."""
    return {
        "env": {},
        "broker": settings.faust_broker,
        "broker_client_id": settings.client_id,
        "broker_credentials": faust_credentials(settings),
        "broker_commit_interval": settings.commit_interval_s,
        "broker_commit_every": 100,
        # A SIGKILLed worker never leaves its group: its partitions (and, with the eager
        # rebalancing aiokafka does, the whole group's) wait until its session times out.
        # Kafka's broker accepts 6 s and more; Faust's request timeout (90 s) caps it.
        "broker_session_timeout": settings.session_timeout_s,
        "broker_heartbeat_interval": min(3.0, settings.session_timeout_s / 3),
        "producer_acks": -1,
        # aiokafka keeps one open batch per partition and, once it is full, makes the next
        # send wait until that batch has gone to the broker. At Faust's 16 KiB, a batch of
        # a few records, the story keeper's hand-over of a batch's outputs would wait one
        # round trip every few records; 256 KiB holds a batch of the keeper's outputs in a
        # few producer batches, well under Kafka's default max.message.bytes (1 MiB).
        "producer_max_batch_size": PRODUCER_BATCH_BYTES,
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
    """Build the app: one agent (concurrency 1) over the input topic, raw bytes in and out,
    and with ``WIREDESK_LIFECYCLE`` the story keeper's agent behind it."""
    app = WiredeskApp(settings.consumer_group, **faust_settings(settings))
    setup_prometheus_sensors(app, pattern="/metrics", registry=registry, name_prefix="faust")
    metrics.initialise(settings.input_topic, settings.output_topic, STORY_ERROR_CODES)
    # With the story keeper, its by-key topic's lag is reported too (on its holder).
    lag_topics = [by_key_topic(settings)] if settings.lifecycle else []
    sensor = ServiceSensor(
        metrics,
        settings.input_topic,
        lambda tp: app.consumer.highwater(tp),
        lag_topics=lag_topics,
    )
    app.sensors.add(sensor)

    def topic(name: str, **options: Any) -> faust.TopicT:
        return app.topic(name, value_type=bytes, key_type=bytes, **options)

    events_topic = topic(settings.output_topic)
    health = Health(
        state,
        metrics,
        [settings.input_topic],
        BrokerProbe(settings),
        pause=lambda tp: app.consumer.pause_partitions({tp}),
    )
    delivery = Delivery(
        topic(settings.dlq_topic),
        metrics,
        health,
        new_session=lambda: cast(IdempotentProducer, app.producer).new_session(),
    )
    output: Output = ToEvents(events_topic)
    if settings.lifecycle:
        output = ToKeeper(topic(by_key_topic(settings), partitions=1, internal=True))
        keeper = _story_keeper(app, settings, metrics, events_topic, delivery, output.topic)
        _on_assigned(app, lambda assigned: keeper.reset())
    normaliser = Normaliser(
        Processor(resources, on_stage=metrics.observe_stage),
        metrics,
        output,
        delivery,
        health,
        batch_max=settings.batch_max,
        batch_window_s=settings.batch_window_ms / 1000,
    )
    metrics.events_produced.labels(topic=output.topic.get_topic_name())

    @app.agent(topic(settings.input_topic), concurrency=1)
    async def normalise(stream: faust.StreamT[bytes]) -> AsyncIterator[None]:
        async for _ in normaliser.run(stream):
            yield None

    app.timer(interval=5.0)(lambda: sensor.refresh_from(app.consumer))
    app.timer(interval=5.0)(health.probe_broker)
    app.on_before_shutdown.connect(lambda sender, **_: health.close())  # type: ignore[arg-type]

    def on_undecodable(batch: batches.UndecodableBatch) -> None:
        # Told in Faust's consumer thread; the state is the app loop's.
        app.loop.call_soon_threadsafe(health.undecodable, batch)

    app.on_undecodable = on_undecodable

    def on_read_again(topic: str, _partition: int, _offset: int) -> None:
        metrics.records_read_again.labels(topic=topic).inc()  # the consumer logs it

    app.on_read_again = on_read_again
    app.held_back = health.stopped

    async def read_lost_again() -> None:  # records lost on the way to an agent
        cast(batches.GuardedConsumer, app.consumer).read_lost_again()

    app.timer(interval=5.0)(read_lost_again)
    _on_assigned(app, health.assigned)
    add_pages(app, state)
    return app


def _on_assigned(app: faust.App, receiver: Callable[[set[TP]], None]) -> None:
    """Tell ``receiver`` the partitions of each assignment (Faust's signal passes the
    sender first, then the partitions, positionally or as ``assigned``)."""

    def on_assigned(sender: Any, *args: Any, **kwargs: Any) -> None:
        receiver(kwargs.get("assigned", args[0] if args else set()))

    # Faust's signal stub wants a keyword-only ``signal`` parameter that it never passes.
    app.on_partitions_assigned.connect(on_assigned)  # type: ignore[arg-type]


def _story_keeper(
    app: faust.App,
    settings: Settings,
    metrics: ServiceMetrics,
    events_topic: faust.TopicT,
    delivery: Delivery,
    by_key: faust.TopicT,
) -> StoryKeeper:
    """Stage 2: the keeper's table and agent over the one-partition by-key topic."""
    table = app.Table(
        "stories",
        default=None,
        partitions=1,  # co-partitioned with the by-key topic
        key_type=bytes,
        value_type=bytes,
        options=TABLE_OPTIONS,  # the store is the app's (faust_settings)
        help="story key -> the story's history state (JSON)",
    )
    # The worker creates the changelog before Faust starts (stream.kafka.service_topics).
    assert table.changelog_topic.get_topic_name() == changelog_topic(settings)
    stories_topic = app.topic(settings.stories_topic, value_type=bytes, key_type=bytes)
    coded_topic = app.topic(settings.coded_topic, value_type=bytes, key_type=bytes)
    writes = TableWrites()
    writes.watch(table)
    keeper = StoryKeeper(
        settings,
        metrics,
        table,
        events_topic,
        stories_topic,
        delivery,
        coded_topic=coded_topic,
        table_writes=writes,
    )

    @app.agent(by_key, concurrency=1)
    async def keep(stream: faust.StreamT[bytes]) -> AsyncIterator[None]:
        async for _ in keeper.run(stream):
            yield None

    return keeper
