"""The reader contract: what a format reader is, and what it is shown.

A reader is any object with the six members of :class:`Reader`; the registry
(:mod:`.registry`) holds them in sniffing order. Each reader is shown one :class:`Sample`
of the value: the bytes, the content type's media type and ``charset``, the head that
sniffing looks at, and the XML root element or the JSON value, parsed at most once whoever
asks first.
"""

from __future__ import annotations

from typing import Any, Final, Protocol

from lxml import etree

from wiredesk.formats.document import Document, decode_text
from wiredesk.formats.jsonsafe import parse_json
from wiredesk.formats.xmlsafe import parse_xml
from wiredesk.models import Format

PROLOG_SCAN = 4096  # a root element is found within the first few kB or not at all
_UNPARSED: Final = object()  # Sample.json() not asked yet (null is a JSON value)


def media_type(content_type: str | None) -> str | None:
    """``text/plain; charset=utf-8`` -> ``text/plain``; None when there is none."""
    if not content_type:
        return None
    return content_type.split(";", 1)[0].strip().lower() or None


def charset(content_type: str | None) -> str | None:
    """The ``charset`` parameter of a content type, if any."""
    for param in (content_type or "").split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            return value.strip().strip('"')
    return None


class Sample:
    """One value as the readers see it."""

    __slots__ = ("_json", "_root", "charset", "head", "media_type", "value")

    def __init__(self, value: bytes, content_type: str | None = None) -> None:
        self.value = value
        self.media_type = media_type(content_type)
        self.charset = charset(content_type)
        # What sniffing looks at: the first few kB, without byte-order mark or blank lead.
        self.head = value[:PROLOG_SCAN].lstrip(b"\xef\xbb\xbf").lstrip()
        self._root: etree._Element | None = None
        self._json: Any = _UNPARSED

    def root(self) -> etree._Element:
        """The XML root element: parsed safely on the first call, kept for the next, so a
        document that one reader recognised is not parsed again to be read."""
        if self._root is None:
            self._root = parse_xml(self.value)
        return self._root

    def json(self) -> Any:
        """The value as JSON (strict UTF-8, depth bounded): parsed on the first call, kept
        for the next, so a JSON object that decided the format is not parsed again to be
        read. A value that is not JSON is a coded error, on every call."""
        if self._json is _UNPARSED:
            self._json = parse_json(self.text())
        return self._json

    def text(self) -> str:
        """The value as strict UTF-8 (the text and JSON formats)."""
        return decode_text(self.value)


class Reader(Protocol):
    """One input format.

    * ``name``: the format's name, what :attr:`~wiredesk.models.StoryMeta.format` says;
      one of :data:`~wiredesk.models.Format` (the schema's list; a test keeps both equal);
    * ``media_types``: the content types that select it; the first is what ``publish``
      sends for a document of this format;
    * ``xml_roots``: for an XML format, the local names of the root elements it reads;
      empty for any other;
    * ``recognise``: whether a value with no content type, or one no reader lists, is
      this format. A byte format looks at ``sample.head``; an XML format at
      ``sample.root()``, and the registry asks it only once the value looks like XML;
    * ``decisive``: whether the bytes are this format beyond doubt, so that they win
      over a content type that names another format (ANPA's ``SYN SYN SOH``, a JSON
      object). Plain text never is; an XML format answers False, since the registry
      decides XML itself (a declaration or a registered root);
    * ``read``: the document, or a coded :class:`~wiredesk.errors.StoryError`.
    """

    @property
    def name(self) -> Format: ...

    @property
    def media_types(self) -> tuple[str, ...]: ...

    @property
    def xml_roots(self) -> frozenset[str]: ...

    def recognise(self, sample: Sample) -> bool: ...

    def decisive(self, sample: Sample) -> bool: ...

    def read(self, sample: Sample) -> Document: ...
