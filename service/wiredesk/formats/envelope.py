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

from wiredesk.errors import ErrorCode, StoryError
from wiredesk.formats.base import Sample
from wiredesk.formats.document import Document, reader_error
from wiredesk.models import RECEIVED_AT_NUMBER, Envelope, StoryMeta

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
        for err in exc.errors():
            if err["type"] == RECEIVED_AT_NUMBER:
                raise reader_error(
                    ErrorCode.INVALID_RECEIVED_AT, f"received_at: {err['msg']}"
                ) from exc
        fields = ", ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'envelope'}: {err['msg']}"
            for err in exc.errors()
        )
        raise reader_error(
            ErrorCode.INVALID_ENVELOPE, f"invalid envelope field(s): {fields}"
        ) from exc


def read_json(text: str) -> Document:
    return document_of(envelope_from_json(text))


def document_of(envelope: Envelope) -> Document:
    """An envelope and the lifecycle it states, with the meanings NewsML-G2 gives them.

    A body-only envelope (``body``, no ``headline``, no ``text``) is read like plain
    text: its body is the story text, so its lead (and the dateline and credit in it)
    stays where the plain-text path looks for them, and nothing is taken for a headline
    the producer did not send.
    """
    if envelope.text is None and not envelope.headline:
        envelope = envelope.model_copy(update={"text": envelope.body, "body": None})
    meta = StoryMeta(
        format=NAME,
        guid=envelope.guid,
        version=envelope.version,
        status=envelope.status or "usable",
        signals=envelope.signals,
        urgency=envelope.urgency,
        provider=envelope.provider,
        slugline=envelope.slugline,
        previous_version=envelope.previous_version,
    )
    return Document(envelope, meta)


class JsonReader:
    """A value whose first non-blank byte is ``{`` is an envelope."""

    name: Final = NAME
    media_types: Final = (MEDIA_TYPE,)
    xml_roots: Final = frozenset[str]()

    def recognise(self, sample: Sample) -> bool:
        return sample.head.startswith(b"{")

    def decisive(self, sample: Sample) -> bool:
        """A brace alone is not proof (a headline may open with one): the value must
        parse as a JSON object."""
        if not self.recognise(sample):
            return False
        try:
            text = sample.text()
        except StoryError:
            return False
        if json_depth_exceeds(text):
            return False
        try:
            return isinstance(json.loads(text), dict)
        except (json.JSONDecodeError, RecursionError):
            return False

    def read(self, sample: Sample) -> Document:
        return read_json(sample.text())


READER = JsonReader()
