"""Stories read from files, folders and stdin (``wiredesk normalize`` and ``publish``).

A ``.jsonl``/``.json``/``.ndjson`` file holds JSON-lines envelopes, one story a line;
any other file (``.txt``, ``.xml``, ``.nitf``, ``.tst``, ``.anpa``, ...) is one document,
read by :func:`wiredesk.formats.read_document` exactly as the worker reads a record value
without a content type. A folder means its files in name order, recursively.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from wiredesk.errors import ErrorCode, Stage, StoryError
from wiredesk.formats import read_document, read_value
from wiredesk.formats.document import Document, decode_text
from wiredesk.formats.envelope import iter_json_lines

JSON_LINES_SUFFIXES = {".jsonl", ".json", ".ndjson"}


@dataclass(frozen=True, slots=True)
class InputStory:
    """One story read from a file or stdin, or the coded error that reading it gave."""

    label: str  # where it came from, for messages: "path" or "path:line"
    item: Document | StoryError
    raw: bytes  # the story's bytes as read (what ``wiredesk publish`` sends)


def stories_from_bytes(
    label: str, data: bytes, *, json_lines: bool | None, max_bytes: int | None = None
) -> Iterator[InputStory]:
    """Stories in one input: JSON lines when ``json_lines`` (or, when None, when the
    first non-blank character is ``{``), else one document of whichever format it is.
    ``max_bytes`` bounds each story as the worker's limit does."""
    is_json = json_lines
    if is_json is None:
        is_json = data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")
    try:
        if not is_json:
            document = (
                read_document(data) if max_bytes is None else read_value(data, max_bytes=max_bytes)
            )
            yield InputStory(label, document, data)
            return
        text = decode_text(data)
    except StoryError as exc:
        yield InputStory(label, exc, data)
        return
    lines = text.splitlines()
    for number, item in iter_json_lines(text):
        raw = lines[number - 1].encode("utf-8")
        if max_bytes is not None and len(raw) > max_bytes and not isinstance(item, StoryError):
            item = StoryError(
                ErrorCode.STORY_TOO_LARGE,
                f"the line is {len(raw)} bytes; the limit is {max_bytes}",
                Stage.DECODE,
            )
        yield InputStory(f"{label}:{number}", item, raw)


def iter_paths(paths: Sequence[str], *, max_bytes: int | None = None) -> Iterator[InputStory]:
    """Read stories from files, folders (their files in name order) and ``-`` (stdin)."""
    for name in paths:
        if name == "-":
            yield from stories_from_bytes(
                "<stdin>", sys.stdin.buffer.read(), json_lines=None, max_bytes=max_bytes
            )
            continue
        path = Path(name)
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            try:
                data = file.read_bytes()
            except OSError as exc:
                error = StoryError(
                    ErrorCode.UNREADABLE_INPUT, f"cannot read: {exc.strerror}", Stage.DECODE
                )
                yield InputStory(str(file), error, b"")
                continue
            yield from stories_from_bytes(
                str(file),
                data,
                json_lines=file.suffix.lower() in JSON_LINES_SUFFIXES,
                max_bytes=max_bytes,
            )
