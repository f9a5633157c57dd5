"""Every metric the service exports, built as one typed bundle against an injected registry.

The worker serves this registry at ``/metrics`` beside Faust's own sensors (which are
registered into the same registry), so one scrape sees both. Tests build a fresh
registry each, so metrics never collide between apps in one process.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import get_args

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from wiredesk.models import Action, EventRecord, EventType

# Seconds; NER dominates a story (~50 ms), Kafka round trips add a few ms.
_STAGE_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)
_E2E_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0)


@dataclass(frozen=True, slots=True)
class ServiceMetrics:
    stories_consumed: Counter
    events_produced: Counter
    dead_letters: Counter
    stage_seconds: Histogram
    end_to_end_seconds: Histogram
    entities: Counter
    stories_by_agency: Counter
    consumer_lag: Gauge
    ready: Gauge
    model_load_seconds: Gauge
    undecodable_batches: Counter
    stalled_partitions: Gauge
    records_read_again: Counter
    lifecycle_actions: Counter
    lifecycle_stories: Gauge
    coded_events: Counter
    coded_tombstones: Counter

    @classmethod
    def create(cls, registry: CollectorRegistry, prefix: str = "wiredesk") -> ServiceMetrics:
        return cls(
            stories_consumed=Counter(
                f"{prefix}_stories_consumed",
                "Records consumed from the input topic",
                ["topic"],
                registry=registry,
            ),
            events_produced=Counter(
                f"{prefix}_events_produced",
                "Event records produced to the output topic",
                ["topic"],
                registry=registry,
            ),
            dead_letters=Counter(
                f"{prefix}_dead_letters",
                "Records sent to the dead-letter topic, by error code",
                ["code"],
                registry=registry,
            ),
            stage_seconds=Histogram(
                f"{prefix}_stage_seconds",
                "Time spent in each pipeline stage per story",
                ["stage"],
                buckets=_STAGE_BUCKETS,
                registry=registry,
            ),
            end_to_end_seconds=Histogram(
                f"{prefix}_end_to_end_seconds",
                "From the input record's timestamp to the output record acknowledged",
                buckets=_E2E_BUCKETS,
                registry=registry,
            ),
            entities=Counter(
                f"{prefix}_entities",
                "Entities in produced event records, by type",
                ["type"],
                registry=registry,
            ),
            stories_by_agency=Counter(
                f"{prefix}_stories_by_agency",
                "Produced event records by agency code (a joint credit counts for each)",
                ["agency"],
                registry=registry,
            ),
            consumer_lag=Gauge(
                f"{prefix}_consumer_lag",
                "End offset minus the next offset to process, per input partition",
                ["topic", "partition"],
                registry=registry,
            ),
            ready=Gauge(
                f"{prefix}_ready",
                "1 when connected, assigned and the model is loaded",
                registry=registry,
            ),
            model_load_seconds=Gauge(
                f"{prefix}_model_load_seconds",
                "Time it took to load the NLP model and reference tables at start-up",
                registry=registry,
            ),
            undecodable_batches=Counter(
                f"{prefix}_undecodable_batches",
                "Record batches the consumer could not decode (codec, corruption), "
                "each counted once per worker",
                ["topic", "partition"],
                registry=registry,
            ),
            stalled_partitions=Gauge(
                f"{prefix}_stalled_partitions",
                "Input partitions stopped at a record batch that cannot be decoded",
                registry=registry,
            ),
            records_read_again=Counter(
                f"{prefix}_records_read_again",
                "Records lost on their way to an agent (at a rebalance), so the consumer "
                "read their partition again from them (each one a loss averted)",
                ["topic"],
                registry=registry,
            ),
            lifecycle_actions=Counter(
                f"{prefix}_lifecycle_actions",
                "Records the story keeper placed in their story, by lifecycle action",
                ["action"],
                registry=registry,
            ),
            lifecycle_stories=Gauge(
                f"{prefix}_lifecycle_stories",
                "Stories in the story keeper's table on this worker",
                registry=registry,
            ),
            coded_events=Counter(
                f"{prefix}_coded_events",
                "Event rows the story keeper wrote to the coded-events topic, by PLOVER type",
                ["type"],
                registry=registry,
            ),
            coded_tombstones=Counter(
                f"{prefix}_coded_tombstones",
                "Tombstones the story keeper wrote to the coded-events topic (an event a new "
                "version no longer reports, a kill, a story expired)",
                registry=registry,
            ),
        )

    def initialise(self, input_topic: str, output_topic: str, codes: Iterable[str]) -> None:
        """Create the labelled series at zero, so that ``rate()`` sees their first increment."""
        self.stories_consumed.labels(topic=input_topic)
        self.events_produced.labels(topic=output_topic)
        self.records_read_again.labels(topic=input_topic)
        for code in codes:
            self.dead_letters.labels(code=code)
        for action in get_args(Action):  # at 0 also when the story keeper is off
            self.lifecycle_actions.labels(action=action)
        for kind in get_args(EventType):
            self.coded_events.labels(type=kind)

    def observe_coded(self, kind: str | None) -> None:
        """One output acknowledged on the coded-events topic: a row of type ``kind``, or a
        tombstone (None)."""
        if kind is None:
            self.coded_tombstones.inc()
        else:
            self.coded_events.labels(type=kind).inc()

    def observe_stage(self, stage: str, seconds: float) -> None:
        """One pipeline stage's time for one story (the pipeline's ``on_stage``)."""
        self.stage_seconds.labels(stage=stage).observe(seconds)

    def observe_record(self, record: EventRecord, topic: str) -> None:
        """Count one produced event record."""
        self.events_produced.labels(topic=topic).inc()
        for entity in record.entities:
            self.entities.labels(type=entity.type).inc()
        for agency in record.agencies:
            self.stories_by_agency.labels(agency=agency.code).inc()
