"""One reader per input format, one registry of them, and the sniffer that asks it.

Bytes in; a :class:`Document` out: the :class:`~wiredesk.models.Envelope` the pure
pipeline reads plus the document's own :class:`~wiredesk.models.StoryMeta` (guid,
version, status, signals, urgency, embargo, subjects, located, provider). A reader never
cleans text or finds datelines: the pure stages do that for every format alike.

The contract (:mod:`.base`): a reader is an object with ``name`` (the format's name,
written once, in its module), ``media_types`` (the content types that select it, the
first one what ``publish`` sends), ``xml_roots`` (root elements, for an XML format),
``recognise(sample)``, ``decisive(sample)`` and ``read(sample) -> Document``.
:data:`REGISTRY` (:mod:`.registry`) holds them in sniffing order; :func:`read_document`
asks it. The content type decides first, then the bytes in registration order, except
that bytes that are a format beyond doubt (a reader's ``decisive``; XML by its
declaration or root) win over a content type naming another format, with a
``content_type_mismatch`` warning; an XML value is parsed once, by the
:class:`~wiredesk.formats.base.Sample` the readers share, and the XML readers are asked
by its root (a two-level scheme: the bytes say "XML", the root says which). The format
names must equal :data:`wiredesk.models.Format`, the schema's list; a unit test says so.

=============  ===========================  =========================================
format         module                       chosen by
=============  ===========================  =========================================
anpa-1312      :mod:`.anpa`                 ``text/vnd.iptc.anpa``; ``SYN SYN SOH``
iptc-7901      :mod:`.iptc7901`             ``text/vnd.iptc.7901``; ``SOH`` + header
newsml-g2      :mod:`.newsml_g2`            a G2 or any XML type, or ``<``; G2 root
nitf           :mod:`.nitf`                 ``application/nitf+xml`` or any XML type,
                                            or ``<``; root ``nitf``
newsml-1.2     :mod:`.newsml_1`             ``application/vnd.iptc.newsml+xml`` (ours:
                                            none is registered) or any XML type, or
                                            ``<``; root ``NewsML``
json           :mod:`.envelope`             ``application/json``; a leading ``{``
text           :mod:`.text`                 ``text/plain``; anything not sniffed else
=============  ===========================  =========================================

Adding a format: a module with its reader (and its tests), and one ``register`` line
below, at its place in the sniffing order. This is an edge package (bytes and files);
the pure core never imports it.
"""

from __future__ import annotations

from wiredesk.errors import ErrorCode
from wiredesk.formats import anpa, envelope, iptc7901, newsml_1, newsml_g2, nitf, text
from wiredesk.formats.base import Reader, Sample, charset, media_type
from wiredesk.formats.document import Document, reader_error
from wiredesk.formats.envelope import envelope_from_json
from wiredesk.formats.registry import XML, Registry
from wiredesk.models import Envelope

__all__ = [
    "ANPA",
    "G2",
    "IPTC7901",
    "JSON",
    "NEWSML1",
    "NITF",
    "REGISTRY",
    "TEXT",
    "XML",
    "Document",
    "Reader",
    "Registry",
    "Sample",
    "charset",
    "content_type_for",
    "decode_value",
    "envelope_from_json",
    "media_type",
    "read_document",
    "read_value",
]

# The sniffing order: the 8-bit wire streams by their control bytes, then XML by its
# root, then a JSON envelope by its brace; what is left is plain text.
REGISTRY = Registry()
REGISTRY.register(anpa.READER)
REGISTRY.register(iptc7901.READER)
REGISTRY.register(newsml_g2.READER)
REGISTRY.register(nitf.READER)
REGISTRY.register(newsml_1.READER)
REGISTRY.register(envelope.READER)
REGISTRY.register(text.READER)

# Content types by name, for callers that send one (``publish``) or test with one.
TEXT = text.MEDIA_TYPE
JSON = envelope.MEDIA_TYPE
G2 = newsml_g2.MEDIA_TYPE
NITF = nitf.MEDIA_TYPE
NEWSML1 = newsml_1.MEDIA_TYPE
ANPA = anpa.MEDIA_TYPE
IPTC7901 = iptc7901.MEDIA_TYPE


def content_type_for(document: Document) -> str:
    """The content type that names ``document``'s format (what ``publish`` sends)."""
    return REGISTRY.content_type_for(document)


def read_document(value: bytes, content_type: str | None = None) -> Document:
    """Any input value -> Document, or a coded StoryError (no size check: see read_value)."""
    return REGISTRY.read(value, content_type)


def read_value(value: bytes | None, *, content_type: str | None = None, max_bytes: int) -> Document:
    """A Kafka record value -> Document, or a coded StoryError."""
    if not value:
        raise reader_error(ErrorCode.EMPTY_STORY, "the record has an empty value")
    if len(value) > max_bytes:
        raise reader_error(
            ErrorCode.STORY_TOO_LARGE,
            f"the story is {len(value)} bytes; the limit is {max_bytes} (WIREDESK_MAX_STORY_BYTES)",
        )
    return read_document(value, content_type)


def decode_value(
    value: bytes | None, *, content_type: str | None = None, max_bytes: int
) -> Envelope:
    """Only the envelope of :func:`read_value`."""
    return read_value(value, content_type=content_type, max_bytes=max_bytes).envelope
