"""One reader per input format, and the sniffer that picks one.

Bytes in; a :class:`Document` out: the :class:`~wiredesk.models.Envelope` the pure
pipeline reads plus the document's own :class:`~wiredesk.models.StoryMeta` (guid,
version, status, signals, urgency, embargo, subjects, located, provider). A reader never
cleans text or finds datelines: the pure stages do that for every format alike.

=============  ===========================  =========================================
format         module                       chosen by
=============  ===========================  =========================================
text           :mod:`.text`                 ``text/plain``; anything not sniffed else
json           :mod:`.envelope`             ``application/json``; a leading ``{``
newsml-g2      :mod:`.newsml_g2`            an XML type; root in the G2 namespace
nitf           :mod:`.nitf`                 an XML type; root ``nitf``
anpa-1312      :mod:`.anpa`                 ``text/vnd.iptc.anpa``; ``SYN SYN SOH``
iptc-7901      :mod:`.iptc7901`             ``text/vnd.iptc.7901``; ``SOH``
=============  ===========================  =========================================

This is an edge package (bytes and files); the pure core never imports it.
"""

from __future__ import annotations

from wiredesk.errors import ErrorCode
from wiredesk.formats.anpa import read_anpa
from wiredesk.formats.document import Document, decode_text, reader_error
from wiredesk.formats.envelope import envelope_from_json, iter_json_lines, read_json
from wiredesk.formats.iptc7901 import read_iptc7901
from wiredesk.formats.newsml_g2 import ROOTS as G2_ROOTS
from wiredesk.formats.newsml_g2 import read_newsml_g2
from wiredesk.formats.nitf import read_nitf
from wiredesk.formats.sniff import (
    ANPA,
    G2,
    IPTC7901,
    JSON,
    NITF,
    TEXT,
    XML,
    Kind,
    charset,
    sniff,
)
from wiredesk.formats.text import read_text
from wiredesk.formats.xmlsafe import local_name, parse_xml
from wiredesk.models import Envelope

__all__ = [
    "ANPA",
    "G2",
    "IPTC7901",
    "JSON",
    "NITF",
    "TEXT",
    "XML",
    "Document",
    "Kind",
    "content_type_for",
    "decode_value",
    "envelope_from_json",
    "iter_json_lines",
    "read_document",
    "read_value",
    "sniff",
]

_CONTENT_TYPES = {
    "text": TEXT,
    "json": JSON,
    "newsml-g2": G2,
    "nitf": NITF,
    "anpa-1312": ANPA,
    "iptc-7901": IPTC7901,
}


def content_type_for(document: Document) -> str:
    """The content type that names ``document``'s format (what ``publish`` sends)."""
    return _CONTENT_TYPES[document.meta.format]


def read_xml(value: bytes) -> Document:
    root = parse_xml(value)
    name = local_name(root)
    if name == "nitf":
        return read_nitf(root)
    if name in G2_ROOTS:
        return read_newsml_g2(root)
    raise reader_error(
        ErrorCode.UNKNOWN_FORMAT,
        f"the XML root element {name!r} is neither a NewsML-G2 item nor NITF",
    )


def read_document(value: bytes, content_type: str | None = None) -> Document:
    """Any input value -> Document, or a coded StoryError (no size check: see read_value)."""
    kind = sniff(value, content_type)
    if kind == "xml":
        return read_xml(value)
    if kind == "anpa":
        return read_anpa(value, charset(content_type))
    if kind == "iptc7901":
        return read_iptc7901(value, charset(content_type))
    text = decode_text(value)
    if kind == "json":
        return read_json(text)
    return read_text(text)


def read_value(value: bytes | None, *, content_type: str | None = None, max_bytes: int) -> Document:
    """A Kafka record value -> Document, or a coded StoryError."""
    if not value:
        raise reader_error(ErrorCode.EMPTY_STORY, "the record has an empty value")
    if len(value) > max_bytes:
        raise reader_error(
            ErrorCode.STORY_TOO_LARGE, f"the value is {len(value)} bytes; the limit is {max_bytes}"
        )
    return read_document(value, content_type)


def decode_value(
    value: bytes | None, *, content_type: str | None = None, max_bytes: int
) -> Envelope:
    """Only the envelope of :func:`read_value`."""
    return read_value(value, content_type=content_type, max_bytes=max_bytes).envelope
