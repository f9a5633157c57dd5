"""Stories read from files, folders and stdin (``wiredesk normalize`` and ``publish``).

A ``.jsonl``/``.ndjson`` file holds JSON-lines envelopes, one story a line; a ``.json``
file is one story when the whole file is one JSON object (pretty-printed or not), else
JSON lines as well; any other file (``.txt``, ``.xml``, ``.nitf``, ``.tst``, ``.anpa``,
...) is one document whose format its bytes say, exactly as the worker reads a record
value without a content type. A folder means its files in name order, recursively.
Nothing is read as a story here: each :class:`InputStory` is the bytes a producer would
send, and what reads them is :mod:`wiredesk.process`, as in the worker.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from wiredesk import formats
from wiredesk.codec import SourcePosition
from wiredesk.errors import ErrorCode, Stage, StoryError
from wiredesk.formats.document import decode_text

JSON_LINES_SUFFIXES = {".jsonl", ".json", ".ndjson"}
JSON_SUFFIX = ".json"  # one object (one story), or JSON lines


@dataclass(frozen=True, slots=True)
class InputStory:
    """One story's bytes as given, or the coded error that reading them gave."""

    label: str  # where it came from, for messages: "path" or "path:line"
    raw: bytes  # the story's bytes (what ``wiredesk publish`` sends)
    content_type: str | None = None  # JSON for a line of a JSON-lines file; else sniffed
    error: StoryError | None = None  # the file could not be read, or not as JSON lines

    def position(self) -> SourcePosition:
        """The story's place for a dead letter's headers: the file, and its line."""
        path, _, line = self.label.rpartition(":")
        if path and line.isdigit():
            return SourcePosition(path, 0, int(line), None)
        return SourcePosition(self.label, 0, 0, None)


def stories_from_bytes(label: str, data: bytes, *, json_lines: bool | None) -> Iterator[InputStory]:
    """Stories in one input: JSON lines when ``json_lines`` (or, when None, when the
    first non-blank character is ``{``), else one document of whichever format it is."""
    is_json = json_lines
    if is_json is None:
        is_json = data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")
    if not is_json:
        yield InputStory(label, data)
        return
    try:
        text = decode_text(data)
    except StoryError as exc:
        yield InputStory(label, data, error=exc)
        return
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            yield InputStory(f"{label}:{number}", line.encode("utf-8"), formats.JSON)


def missing_paths(paths: Sequence[str]) -> list[str]:
    """The paths given that name no file or folder (``-`` is standard input)."""
    return [name for name in paths if name != "-" and not Path(name).exists()]


class MissingPathsError(Exception):
    """Paths given on the command line that name nothing: said before anything loads."""

    def __init__(self, missing: list[str]) -> None:
        super().__init__("; ".join(f"{name}: no such file or folder" for name in missing))


def check_paths(paths: Sequence[str]) -> None:
    missing = missing_paths(paths)
    if missing:
        raise MissingPathsError(missing)


def _one_json_object(data: bytes) -> bool:
    """Whether ``data`` is a single JSON object as a whole (a pretty-printed envelope)."""
    try:
        return isinstance(json.loads(decode_text(data)), dict)
    except (StoryError, ValueError, RecursionError):
        return False


def iter_paths(paths: Sequence[str]) -> Iterator[InputStory]:
    """Read stories from files, folders (their files in name order) and ``-`` (stdin)."""
    for name in paths:
        if name == "-":
            yield from stories_from_bytes("<stdin>", sys.stdin.buffer.read(), json_lines=None)
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
                yield InputStory(str(file), b"", error=error)
                continue
            suffix = file.suffix.lower()
            if suffix == JSON_SUFFIX and _one_json_object(data):
                yield InputStory(str(file), data, formats.JSON)
                continue
            yield from stories_from_bytes(str(file), data, json_lines=suffix in JSON_LINES_SUFFIXES)
