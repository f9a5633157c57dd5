"""The JSON envelope reader: one object per value, or one per line of a JSON-lines file.

Depth is bounded before ``json.loads`` runs: an envelope is a flat object (producers may
add their own fields, a few levels deep), and a value nested thousands of levels deep
would otherwise end in a ``RecursionError`` deep inside the parser. Deeper than
:data:`MAX_JSON_DEPTH` is the coded error ``json_too_deep``.
"""

from __future__ import annotations

import json
import re
from typing import Any, Final

from pydantic import ValidationError

from wiredesk.errors import ErrorCode
from wiredesk.formats.base import Sample
from wiredesk.formats.document import Document, reader_error
from wiredesk.models import Envelope, StoryMeta

NAME: Final = "json"
MEDIA_TYPE: Final = "application/json"
MAX_JSON_DEPTH = 64

# Strings first (a bracket inside a string is text), then the brackets themselves.
# Both patterns are linear: no nested quantifiers.
_STRING_OR_BRACKET = re.compile(r'"(?:[^"\\]|\\.)*"?|[\[\]{}]', re.DOTALL)


def json_depth_exceeds(text: str, limit: int = MAX_JSON_DEPTH) -> bool:
    """True when ``text`` opens more than ``limit`` arrays/objects inside one another."""
    if text.count("[") + text.count("{") <= limit:
        return False  # the common case costs two counts
    depth = 0
    for match in _STRING_OR_BRACKET.finditer(text):
        char = match.group()
        if char in "[{":
            depth += 1
            if depth > limit:
                return True
        elif char in "]}":
            depth -= 1
    return False


def envelope_from_json(text: str) -> Envelope:
    """Parse one JSON envelope (an object); coded errors name what was wrong."""
    if json_depth_exceeds(text):
        raise reader_error(
            ErrorCode.JSON_TOO_DEEP,
            f"the JSON value is nested more than {MAX_JSON_DEPTH} levels deep",
        )
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        raise reader_error(
            ErrorCode.INVALID_JSON,
            f"the value is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}",
        ) from exc
    if not isinstance(data, dict):
        raise reader_error(
            ErrorCode.INVALID_ENVELOPE,
            f"a JSON envelope must be an object, got {type(data).__name__}",
        )
    try:
        return Envelope.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        if first["type"] == "value_error" and not first["loc"]:
            raise reader_error(
                ErrorCode.MISSING_TEXT, "the envelope has neither 'text' nor 'body'"
            ) from exc
        fields = ", ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'envelope'}: {err['msg']}"
            for err in exc.errors()
        )
        raise reader_error(
            ErrorCode.INVALID_ENVELOPE, f"invalid envelope field(s): {fields}"
        ) from exc


def read_json(text: str) -> Document:
    return Document(envelope_from_json(text), StoryMeta(format=NAME))


class JsonReader:
    """A value whose first non-blank byte is ``{`` is an envelope."""

    name: Final = NAME
    media_types: Final = (MEDIA_TYPE,)
    xml_roots: Final = frozenset[str]()

    def recognise(self, sample: Sample) -> bool:
        return sample.head.startswith(b"{")

    def read(self, sample: Sample) -> Document:
        return read_json(sample.text())


READER = JsonReader()
