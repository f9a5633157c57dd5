"""The JSON envelope reader: one object per value, or one per line of a JSON-lines file.

The value is parsed by :func:`~wiredesk.formats.jsonsafe.parse_json` (depth bounded, at
most once per value: :meth:`Sample.json`).
"""

from __future__ import annotations

from typing import Any, Final

from pydantic import ValidationError

from wiredesk.errors import ErrorCode, StoryError
from wiredesk.formats.base import Sample
from wiredesk.formats.document import Document, reader_error
from wiredesk.formats.jsonsafe import parse_json
from wiredesk.models import RECEIVED_AT_NUMBER, Envelope, StoryMeta

NAME: Final = "json"
MEDIA_TYPE: Final = "application/json"


def envelope_from_json(text: str) -> Envelope:
    """Parse one JSON envelope (an object); coded errors name what was wrong."""
    return envelope_of(parse_json(text))


def envelope_of(data: Any) -> Envelope:
    """The envelope a parsed JSON value states; coded errors name what was wrong."""
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
            return isinstance(sample.json(), dict)
        except (StoryError, RecursionError):
            return False

    def read(self, sample: Sample) -> Document:
        return document_of(envelope_of(sample.json()))


READER = JsonReader()
