"""What every reader returns, and the small helpers the readers share."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from wiredesk.errors import ErrorCode, Stage, StoryError
from wiredesk.models import Envelope, RecordWarning, StoryMeta, WarningCode

_BOM = "\ufeff"


@dataclass(frozen=True, slots=True)
class Document:
    """One story as a reader understood it: the envelope the pipeline reads and the
    document's own metadata (:class:`StoryMeta`)."""

    envelope: Envelope
    meta: StoryMeta = field(default_factory=StoryMeta)


def reader_error(code: ErrorCode, message: str) -> StoryError:
    return StoryError(code, message, Stage.DECODE)


def decode_text(value: bytes) -> str:
    """Strict UTF-8 (a leading BOM dropped); an invalid byte is a coded error, not a guess."""
    try:
        text = value.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise reader_error(
            ErrorCode.INVALID_UTF8,
            f"the value is not valid UTF-8 at byte {exc.start}: {exc.reason}",
        ) from exc
    return text.removeprefix(_BOM)


def decode_8bit(value: bytes, charset: str | None, format_name: str) -> tuple[str, bool]:
    """Text of an 8-bit wire stream (ANPA-1312, IPTC 7901): the declared charset, strictly;
    else UTF-8 when the bytes are valid UTF-8; else ISO-8859-1, these formats' historic
    encoding. Returns (text, whether Latin-1 was assumed)."""
    if charset:
        try:
            return value.decode(charset), False
        except LookupError as exc:
            raise reader_error(
                ErrorCode.INVALID_ENCODING, f"unknown charset {charset!r} for {format_name}"
            ) from exc
        except UnicodeDecodeError as exc:
            raise reader_error(
                ErrorCode.INVALID_ENCODING,
                f"the {format_name} stream is declared {charset} but byte {exc.start} "
                f"(0x{value[exc.start]:02x}) is not valid {charset}",
            ) from exc
    try:
        return value.decode("utf-8"), False
    except UnicodeDecodeError:
        return value.decode("latin-1"), True


def latin1_warning(format_name: str) -> RecordWarning:
    return RecordWarning(
        code=WarningCode.ENCODING_ASSUMED,
        message=f"the {format_name} stream declares no charset and is not UTF-8: "
        "read as ISO-8859-1",
    )


_COMPACT = re.compile(
    r"^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})?(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$"
)


def parse_time(value: str | None) -> datetime | None:
    """An ISO 8601 time, extended (``2024-05-03T10:15:00Z``) or basic (``20240503T101500Z``)
    form; None when absent or unreadable. No zone means UTC."""
    if not value or not value.strip():
        return None
    text = value.strip()
    match = _COMPACT.match(text)
    if match:
        year, month, day, hour, minute, second, zone = match.groups()
        zone_text = "" if zone in (None, "Z") else zone
        text = f"{year}-{month}-{day}T{hour or '00'}:{minute or '00'}:{second or '00'}{zone_text}"
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def is_timestamp(text: str) -> bool:
    """A Reuters G2 ``dateline`` element may hold a time, which is not a place."""
    return parse_time(text) is not None or re.fullmatch(r"[\d\s:.TZ+/-]+", text) is not None


def read_frame(
    text: str, frame: re.Pattern[str], code: ErrorCode, format_name: str
) -> re.Match[str]:
    """The ``STX`` ... ``ETX`` frame of an 8-bit wire stream, or a coded error."""
    found = frame.search(text)
    if found is None:
        missing = "STX" if "\x02" not in text else "ETX"
        raise reader_error(
            code, f"the {format_name} stream has no {missing}: no story text between STX and ETX"
        )
    return found


def urgency_of(text: str | None) -> int | None:
    """An urgency 1-9 as written, else None."""
    value = (text or "").strip()
    return int(value) if value.isdigit() and 1 <= int(value) <= 9 else None


class Paragraphs:
    """Lines of a wire stream gathered into paragraphs: a line that starts one closes the
    paragraph before it; wrapped lines join with a space."""

    def __init__(self) -> None:
        self.done: list[str] = []
        self._current: list[str] = []

    def line(self, text: str, *, starts: bool) -> None:
        if starts:
            self.end()
        if text.strip():
            self._current.append(text.strip())

    def add(self, paragraph: str) -> None:
        self.end()
        self.done.append(paragraph)

    def end(self) -> None:
        if self._current:
            self.done.append(tidy(" ".join(self._current)))
        self._current = []

    def close(self) -> list[str]:
        self.end()
        return [p for p in self.done if p]


def tidy(text: str | None) -> str:
    """Whitespace runs to one space, stripped."""
    return " ".join((text or "").split())


MAX_SOURCE = 512  # characters of Envelope.source


def source_text(value: str | None) -> str | None:
    """A document's distributor or credit line as the record's ``source``: at most
    ``MAX_SOURCE`` characters (a longer one is broken metadata, not a reason to lose the
    story), None when empty."""
    if not value:
        return None
    return value[:MAX_SOURCE].strip() or None
