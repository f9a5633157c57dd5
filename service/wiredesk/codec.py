"""Models -> bytes and headers: event records (compact JSON, UTF-8) and dead letters.

Input values are read by :mod:`wiredesk.formats` (one reader per format).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from wiredesk.errors import WiredeskError
from wiredesk.models import CodedRow, Envelope, EventRecord

DLQ_PREFIX = "wiredesk."


def encode_record(record: EventRecord) -> bytes:
    """The one serialisation of an event record: the worker and the CLI both use it."""
    return record.model_dump_json().encode("utf-8")


def encode_row(row: CodedRow | None) -> bytes | None:
    """A coded-events row as the topic holds it (None: the tombstone that deletes its key)."""
    return None if row is None else row.model_dump_json().encode("utf-8")


def decode_record(value: bytes) -> EventRecord:
    return EventRecord.model_validate_json(value)


def encode_envelope(envelope: Envelope) -> bytes:
    return envelope.model_dump_json(exclude_none=True).encode("utf-8")


@dataclass(frozen=True, slots=True)
class SourcePosition:
    """Where a consumed record came from, for the dead-letter headers."""

    topic: str
    partition: int
    offset: int
    timestamp_ms: int | None


def dead_letter_headers(error: WiredeskError, source: SourcePosition) -> list[tuple[str, bytes]]:
    """Headers of a dead letter, after Kafka Connect's scheme under our own prefix."""
    timestamp = "" if source.timestamp_ms is None else str(source.timestamp_ms)
    pairs = [
        ("error.code", str(error.code)),
        ("error.message", error.message),
        ("error.stage", str(error.stage)),
        ("source.topic", source.topic),
        ("source.partition", str(source.partition)),
        ("source.offset", str(source.offset)),
        ("source.timestamp", timestamp),
    ]
    return [(DLQ_PREFIX + name, value.encode("utf-8")) for name, value in pairs]


def headers_to_dict(headers: Iterable[tuple[str, bytes]] | None) -> dict[str, str]:
    """Kafka headers -> {name: text}; undecodable header bytes are shown escaped."""
    out: dict[str, str] = {}
    for name, raw in headers or ():
        out[name] = raw.decode("utf-8", errors="backslashreplace") if raw is not None else ""
    return out


def header(headers: Any, name: str) -> str | None:
    """The value of the record header ``name`` (any case) as text, or None. ``headers`` as
    Faust hands them over: a mapping or a sequence of (name, value) pairs."""
    items = headers.items() if isinstance(headers, Mapping) else (headers or ())
    for key, value in items:
        if str(key).lower() == name and value is not None:
            text: str = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
            return text
    return None


def timestamp_to_datetime(timestamp_ms: int) -> datetime:
    return datetime.fromtimestamp(timestamp_ms / 1000, tz=UTC)
