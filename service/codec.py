"""Bytes <-> models: the one place that knows wire formats.

Input values are UTF-8 plain text (the raw story) or a JSON envelope. A
``content-type`` header says which; without one, a value whose first non-blank
character is ``{`` is an envelope. Output records are compact JSON, UTF-8.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from service.errors import ErrorCode, Stage, StoryError, WiredeskError
from service.models import Envelope, EventRecord

JSON = "application/json"
TEXT = "text/plain"
_BOM = "\ufeff"

DLQ_PREFIX = "wiredesk."


def _content_kind(content_type: str | None) -> str | None:
    if not content_type:
        return None
    kind = content_type.split(";", 1)[0].strip().lower()
    if kind in (JSON, TEXT):
        return kind
    return None


def decode_text(value: bytes) -> str:
    """Strict UTF-8 (a leading BOM dropped); an invalid byte is a coded error, not a guess."""
    try:
        text = value.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise StoryError(
            ErrorCode.INVALID_UTF8,
            f"the value is not valid UTF-8 at byte {exc.start}: {exc.reason}",
            Stage.DECODE,
        ) from exc
    return text.removeprefix(_BOM)


def envelope_from_json(text: str) -> Envelope:
    """Parse one JSON envelope (an object); coded errors name what was wrong."""
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        raise StoryError(
            ErrorCode.INVALID_JSON,
            f"the value is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}",
            Stage.DECODE,
        ) from exc
    if not isinstance(data, dict):
        raise StoryError(
            ErrorCode.INVALID_ENVELOPE,
            f"a JSON envelope must be an object, got {type(data).__name__}",
            Stage.DECODE,
        )
    try:
        return Envelope.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        if first["type"] == "value_error" and not first["loc"]:
            raise StoryError(
                ErrorCode.MISSING_TEXT,
                "the envelope has neither 'text' nor 'body'",
                Stage.DECODE,
            ) from exc
        fields = ", ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'envelope'}: {err['msg']}"
            for err in exc.errors()
        )
        raise StoryError(
            ErrorCode.INVALID_ENVELOPE, f"invalid envelope field(s): {fields}", Stage.DECODE
        ) from exc


def is_json_text(text: str) -> bool:
    return text.lstrip().startswith("{")


def decode_value(
    value: bytes | None, *, content_type: str | None = None, max_bytes: int
) -> Envelope:
    """A Kafka record value -> Envelope, or a coded StoryError."""
    if not value:
        raise StoryError(ErrorCode.EMPTY_STORY, "the record has an empty value", Stage.DECODE)
    if len(value) > max_bytes:
        raise StoryError(
            ErrorCode.STORY_TOO_LARGE,
            f"the value is {len(value)} bytes; the limit is {max_bytes}",
            Stage.DECODE,
        )
    text = decode_text(value)
    kind = _content_kind(content_type)
    if kind == JSON or (kind is None and is_json_text(text)):
        return envelope_from_json(text)
    return Envelope(text=text)


def iter_json_lines(text: str) -> Iterator[tuple[int, Envelope | StoryError]]:
    """Each non-blank line of a JSON-lines text as (line number, envelope or coded error)."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield number, envelope_from_json(line)
        except StoryError as exc:
            yield number, exc


def encode_record(record: EventRecord) -> bytes:
    """The one serialisation of an event record: the worker and the CLI both use it."""
    return record.model_dump_json().encode("utf-8")


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


def timestamp_to_datetime(timestamp_ms: int) -> datetime:
    return datetime.fromtimestamp(timestamp_ms / 1000, tz=UTC)
