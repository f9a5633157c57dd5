"""One consumed record -> exactly one outcome: an event record or a dead letter.

No Kafka here: the agent hands in the records' parts and sends what comes back, so
every consumed record is accounted for by construction. A story's own fault (a
:class:`StoryError`) and any unexpected bug while normalising it both become dead
letters with a code; only infrastructure errors propagate (to be retried).

:func:`handle_batch` does it for a batch of records with one batched NER call; a bug
that the batch call cannot pin on one story makes it handle the batch record by record,
so that only the story that caused it is dead-lettered.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from wiredesk import codec, formats
from wiredesk.codec import SourcePosition
from wiredesk.errors import ErrorCode, InfrastructureError, Stage, StoryError, WiredeskError
from wiredesk.models import EventRecord
from wiredesk.normalize.pipeline import (
    Resources,
    StageTimer,
    StoryInput,
    normalize,
    normalize_batch,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Event:
    key: bytes
    value: bytes
    record: EventRecord


@dataclass(frozen=True, slots=True)
class DeadLetter:
    key: bytes | None
    value: bytes
    headers: list[tuple[str, bytes]]
    error: WiredeskError


Outcome = Event | DeadLetter


def _key_text(key: bytes | None) -> str | None:
    if not key:
        return None
    return key.decode("utf-8", errors="backslashreplace")


@dataclass(frozen=True, slots=True)
class Consumed:
    """The parts of one consumed Kafka record that the handler reads."""

    value: bytes | None
    key: bytes | None
    position: SourcePosition
    content_type: str | None = None


def _story(record: Consumed, resources: Resources) -> StoryInput:
    """Read the record's format into a story for the pipeline (StoryError when it cannot)."""
    document = formats.read_value(
        record.value, content_type=record.content_type, max_bytes=resources.max_story_bytes
    )
    timestamp = record.position.timestamp_ms
    return StoryInput(
        document.envelope,
        key=_key_text(record.key),
        received_at=None if timestamp is None else codec.timestamp_to_datetime(timestamp),
        meta=document.meta,
    )


def handle_batch(
    records: Sequence[Consumed], resources: Resources, *, on_stage: StageTimer | None = None
) -> list[Outcome]:
    """One outcome per record, in order; never raises for anything a story can cause."""
    stories: list[StoryInput | DeadLetter] = []
    for record in records:
        try:
            stories.append(_story(record, resources))
        except InfrastructureError:
            raise
        except Exception as exc:  # StoryError, or a bug in a reader: this record's alone
            stories.append(_failure(record, exc))
    readable = [s for s in stories if isinstance(s, StoryInput)]
    try:
        results = iter(normalize_batch(readable, resources, on_stage=on_stage))
    except InfrastructureError:
        raise
    except Exception:  # a bug somewhere in the batch: find the story one at a time
        log.warning("a batch of %d raised; handling its records one by one", len(records))
        return [handle_record(r.value, r.key, r.position, resources,
                              content_type=r.content_type, on_stage=on_stage)
                for r in records]  # fmt: skip
    outcomes: list[Outcome] = []
    for record, story in zip(records, stories, strict=True):
        if isinstance(story, DeadLetter):
            outcomes.append(story)
            continue
        result = next(results)
        if isinstance(result, StoryError):
            outcomes.append(_dead_letter(record.value, record.key, result, record.position))
        else:
            outcomes.append(_event(result))
    return outcomes


def _failure(record: Consumed, exc: Exception) -> DeadLetter:
    if isinstance(exc, StoryError):
        return _dead_letter(record.value, record.key, exc, record.position)
    log.exception("unexpected error reading %s", record.position)
    return _dead_letter(record.value, record.key, _bug(exc), record.position)


def _bug(exc: Exception) -> StoryError:
    return StoryError(
        ErrorCode.PIPELINE_FAILED,
        f"unexpected {type(exc).__name__} while normalising: {exc}",
        Stage.RECORD,
    )


def _event(record: EventRecord) -> Event:
    return Event(key=record.id.encode("utf-8"), value=codec.encode_record(record), record=record)


def handle_record(
    value: bytes | None,
    key: bytes | None,
    position: SourcePosition,
    resources: Resources,
    *,
    content_type: str | None = None,
    on_stage: StageTimer | None = None,
) -> Outcome:
    """Decode and normalise one record; never raises for anything the story can cause."""
    try:
        story = _story(Consumed(value, key, position, content_type), resources)
        record = normalize(
            story.envelope,
            resources,
            key=story.key,
            received_at=story.received_at,
            on_stage=on_stage,
            meta=story.meta,
        )
    except InfrastructureError:
        raise
    except StoryError as exc:
        return _dead_letter(value, key, exc, position)
    except Exception as exc:  # a bug must not stop the partition: dead-letter it, loudly
        log.exception("unexpected error normalising %s", position)
        return _dead_letter(value, key, _bug(exc), position)
    return _event(record)


def _dead_letter(
    value: bytes | None, key: bytes | None, error: WiredeskError, position: SourcePosition
) -> DeadLetter:
    return DeadLetter(
        key=key,
        value=value or b"",
        headers=codec.dead_letter_headers(error, position),
        error=error,
    )
