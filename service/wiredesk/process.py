"""One path per record: a consumed record's bytes and headers -> an event record or a
coded dead letter.

The worker (:mod:`wiredesk.stream.agent`) and ``wiredesk normalize`` both call
:class:`Processor`, so a story gives the same record, or the same coded error, whichever
way it came. What happens here, in order:

1. the value is read by the format reader its content type (or its bytes) selects,
   which bounds it first by ``WIREDESK_MAX_STORY_BYTES`` (:func:`wiredesk.formats.read_value`);
2. the pure pipeline normalises it (:func:`wiredesk.normalize.normalize_batch`, one
   batched NER call for a batch);
3. a story's own fault (a :class:`~wiredesk.errors.StoryError`) and any unexpected bug
   while reading or normalising it become a :class:`DeadLetter` carrying the original
   bytes and the headers that say why; only infrastructure errors (the model) propagate,
   to be retried by the caller.

No Kafka here: the caller hands in the record's parts and sends what comes back, so every
consumed record is accounted for by construction. A bug that a batch cannot pin on one
story makes the batch run again record by record, so that only the story that caused it
is dead-lettered.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from wiredesk import codec, formats
from wiredesk.codec import SourcePosition
from wiredesk.errors import ErrorCode, InfrastructureError, Stage, StoryError, WiredeskError
from wiredesk.models import EventRecord, RecordWarning, WarningCode
from wiredesk.normalize.pipeline import Resources, StageTimer, StoryInput, normalize_batch

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Consumed:
    """One record as consumed: its value, key, where it came from and its content type.

    ``received_at`` is the receive time for a story whose envelope has none: the Kafka
    record timestamp in the worker (read from ``position`` when not given), the
    ``--received-at`` option or the current time offline. ``received_at_assumed`` says
    the offline command had to guess it (the record then carries a warning).
    """

    value: bytes | None
    key: bytes | None
    position: SourcePosition
    content_type: str | None = None
    received_at: datetime | None = None
    received_at_assumed: bool = False

    def fallback_time(self) -> datetime | None:
        if self.received_at is not None:
            return self.received_at
        timestamp = self.position.timestamp_ms
        return None if timestamp is None else codec.timestamp_to_datetime(timestamp)


@dataclass(frozen=True, slots=True)
class Event:
    """A record to publish: keyed by its id, serialised once."""

    key: bytes
    value: bytes
    record: EventRecord

    @classmethod
    def of(cls, record: EventRecord) -> Event:
        return cls(key=record.id.encode("utf-8"), value=codec.encode_record(record), record=record)


@dataclass(frozen=True, slots=True)
class DeadLetter:
    """The original value and key, with the headers that say what went wrong and where."""

    key: bytes | None
    value: bytes
    headers: list[tuple[str, bytes]]
    error: WiredeskError

    @classmethod
    def of(cls, record: Consumed, error: WiredeskError) -> DeadLetter:
        return cls(
            key=record.key,
            value=record.value or b"",
            headers=codec.dead_letter_headers(error, record.position),
            error=error,
        )


Outcome = Event | DeadLetter


class Processor:
    """Consumed records -> outcomes, with the process's resources (loaded once)."""

    def __init__(self, resources: Resources, *, on_stage: StageTimer | None = None) -> None:
        self._resources = resources
        self._on_stage = on_stage

    def one(self, record: Consumed) -> Outcome:
        """The outcome of one record; never raises for anything a story can cause."""
        return self.batch([record])[0]

    def batch(self, records: Sequence[Consumed]) -> list[Outcome]:
        """One outcome per record, in order; never raises for anything a story can cause."""
        stories: list[StoryInput | DeadLetter] = [self._read(r) for r in records]
        readable = [s for s in stories if isinstance(s, StoryInput)]
        try:
            results = iter(normalize_batch(readable, self._resources, on_stage=self._on_stage))
        except InfrastructureError:
            raise
        except Exception as exc:  # a bug somewhere in the batch: find the story one at a time
            if len(records) == 1:
                log.exception("unexpected error normalising %s", records[0].position)
                return [DeadLetter.of(records[0], _bug(exc))]
            log.warning("a batch of %d raised; handling its records one by one", len(records))
            return [self.one(record) for record in records]
        outcomes: list[Outcome] = []
        for record, story in zip(records, stories, strict=True):
            if isinstance(story, DeadLetter):
                outcomes.append(story)
                continue
            result = next(results)
            if isinstance(result, StoryError):
                outcomes.append(DeadLetter.of(record, result))
            else:
                event = _with_distance(record, story, _with_assumption(record, story, result))
                outcomes.append(Event.of(event))
        return outcomes

    def _read(self, record: Consumed) -> StoryInput | DeadLetter:
        """The record's format read into a story for the pipeline, or its dead letter."""
        try:
            document = formats.read_value(
                record.value,
                content_type=record.content_type,
                max_bytes=self._resources.max_story_bytes,
            )
        except InfrastructureError:
            raise
        except StoryError as exc:
            return DeadLetter.of(record, exc)
        except Exception as exc:  # a bug in a reader: this record's alone
            log.exception("unexpected error reading %s", record.position)
            return DeadLetter.of(record, _bug(exc))
        key = None if not record.key else record.key.decode("utf-8", errors="backslashreplace")
        return StoryInput(document.envelope, key, record.fallback_time(), document.meta)


def _bug(exc: Exception) -> StoryError:
    return StoryError(
        ErrorCode.PIPELINE_FAILED,
        f"unexpected {type(exc).__name__} while normalising: {exc}",
        Stage.RECORD,
    )


# How far the envelope's received_at may lie from the Kafka record's own timestamp before
# the record says so: a week back (the story keeper's default retention: older, a story
# may expire as it arrives), a day ahead (clocks differ; a day is not a skew).
DISTANT_PAST = timedelta(days=7)
DISTANT_FUTURE = timedelta(days=1)


def _with_distance(record: Consumed, story: StoryInput, event: EventRecord) -> EventRecord:
    """A warning when the envelope's receive time is far from when Kafka took the record:
    a producer's clock or unit is wrong, or an archive is replayed; either way the story
    keeper orders and expires stories by that time, so the record says so."""
    given = story.envelope.received_at
    timestamp = record.position.timestamp_ms
    if given is None or timestamp is None:
        return event
    kafka_time = codec.timestamp_to_datetime(timestamp)
    if kafka_time - DISTANT_PAST <= given <= kafka_time + DISTANT_FUTURE:
        return event
    days = (kafka_time - given).total_seconds() / 86400
    where = f"{days:.1f} days before" if days > 0 else f"{-days:.1f} days after"
    warning = RecordWarning(
        code=WarningCode.RECEIVED_AT_DISTANT,
        message=f"received_at {given.isoformat()} is {where} the Kafka record's timestamp "
        f"{kafka_time.isoformat()}: the dateline date and the story's lifecycle (its "
        "expiry too) follow received_at; check the producer's clock and units",
    )
    return event.model_copy(update={"warnings": [*event.warnings, warning]})


def _with_assumption(record: Consumed, story: StoryInput, event: EventRecord) -> EventRecord:
    """The offline command's guess of the receive time, said in the record when used."""
    if not record.received_at_assumed or story.envelope.received_at is not None:
        return event
    warning = RecordWarning(
        code=WarningCode.RECEIVED_AT_ASSUMED,
        message="no receive time given: the current time was used to resolve the dateline date",
    )
    return event.model_copy(update={"warnings": [*event.warnings, warning]})
