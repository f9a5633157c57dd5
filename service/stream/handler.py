"""One consumed record -> exactly one outcome: an event record or a dead letter.

No Kafka here: the agent hands in the record's parts and sends what comes back,
so every consumed record is accounted for by construction. A story's own fault
(a :class:`StoryError`) and any unexpected bug while normalising it both become
dead letters with a code; only infrastructure errors propagate (to be retried).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from service import codec, formats
from service.codec import SourcePosition
from service.errors import ErrorCode, InfrastructureError, Stage, StoryError, WiredeskError
from service.models import EventRecord
from service.normalize.pipeline import Resources, StageTimer, normalize

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
        document = formats.read_value(
            value, content_type=content_type, max_bytes=resources.max_story_bytes
        )
        received_at = (
            None
            if position.timestamp_ms is None
            else codec.timestamp_to_datetime(position.timestamp_ms)
        )
        record = normalize(
            document.envelope,
            resources,
            key=_key_text(key),
            received_at=received_at,
            on_stage=on_stage,
            meta=document.meta,
        )
    except InfrastructureError:
        raise
    except StoryError as exc:
        return _dead_letter(value, key, exc, position)
    except Exception as exc:  # a bug must not stop the partition: dead-letter it, loudly
        log.exception("unexpected error normalising %s", position)
        error = StoryError(
            ErrorCode.PIPELINE_FAILED,
            f"unexpected {type(exc).__name__} while normalising: {exc}",
            Stage.RECORD,
        )
        return _dead_letter(value, key, error, position)
    return Event(key=record.id.encode("utf-8"), value=codec.encode_record(record), record=record)


def _dead_letter(
    value: bytes | None, key: bytes | None, error: WiredeskError, position: SourcePosition
) -> DeadLetter:
    return DeadLetter(
        key=key,
        value=value or b"",
        headers=codec.dead_letter_headers(error, position),
        error=error,
    )
