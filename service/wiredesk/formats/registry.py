"""The registry of readers, and the sniffer that asks them which one a value needs.

The readers are kept in registration order, which is the sniffing order. A value is read
by the first of:

1. the ``content-type`` header's media type (parameters such as ``charset`` allowed):
   the reader that lists it; for any XML type (a reader's, or the generic
   ``application/xml`` and ``text/xml``) the root element decides, as in 3;
2. without a header, or with one no reader lists, the bytes: each reader in order
   recognises its own head (``SYN SYN SOH`` is ANPA-1312, ``SOH`` and a 7901 header IPTC
   7901, ``{`` a JSON envelope, anything plain text), except that at the first XML reader
   the question is whether the value looks like XML: ``<?xml``, or ``<`` and one of the
   XML readers' root elements within the first few kB;
3. XML: the value is parsed once (:meth:`Sample.root`) and the XML readers are asked by
   its root element; a root none of them reads is ``unknown_format``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from wiredesk.errors import ErrorCode
from wiredesk.formats.base import Reader, Sample
from wiredesk.formats.document import Document, reader_error
from wiredesk.formats.xmlsafe import local_name

XML = "application/xml"
XML_MEDIA_TYPES = frozenset({XML, "text/xml"})  # any XML: the root element decides


class Registry:
    """Readers in sniffing order; names and media types each belong to one reader."""

    def __init__(self, readers: Iterable[Reader] = ()) -> None:
        self._readers: list[Reader] = []
        self._by_media_type: dict[str, Reader] = {}
        self._xml_head: re.Pattern[bytes] | None = None
        for reader in readers:
            self.register(reader)

    def register(self, reader: Reader) -> Reader:
        """Add ``reader`` after those registered before it (so it is sniffed after them)."""
        if reader.name in self.names:
            raise ValueError(f"a reader named {reader.name!r} is registered already")
        taken = [t for t in reader.media_types if t in self._by_media_type or t in XML_MEDIA_TYPES]
        if taken or not reader.media_types:
            raise ValueError(f"reader {reader.name!r}: media types {taken or 'missing'}")
        self._readers.append(reader)
        self._by_media_type.update(dict.fromkeys(reader.media_types, reader))
        self._xml_head = _xml_head(self._readers)
        return reader

    def __iter__(self) -> Iterator[Reader]:
        return iter(self._readers)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(reader.name for reader in self._readers)

    def reader(self, name: str) -> Reader:
        return next(reader for reader in self._readers if reader.name == name)

    def content_type_for(self, document: Document) -> str:
        """The content type that names ``document``'s format: its reader's first."""
        return self.reader(document.meta.format).media_types[0]

    def read(self, value: bytes, content_type: str | None = None) -> Document:
        sample = Sample(value, content_type)
        return self.choose(sample).read(sample)

    def choose(self, sample: Sample) -> Reader:
        """The reader for ``sample`` (see the module's docstring for the order)."""
        media = sample.media_type or ""
        chosen = self._by_media_type.get(media)
        if media in XML_MEDIA_TYPES or (chosen is not None and chosen.xml_roots):
            return self._by_root(sample)
        if chosen is not None:
            return chosen
        xml_asked = False
        for reader in self._readers:
            if not reader.xml_roots:
                if reader.recognise(sample):
                    return reader
            elif not xml_asked:
                xml_asked = True
                if self._looks_like_xml(sample):
                    return self._by_root(sample)
        raise reader_error(ErrorCode.UNKNOWN_FORMAT, "no registered reader recognises the value")

    def _looks_like_xml(self, sample: Sample) -> bool:
        head = sample.head
        if head.startswith(b"<?xml"):
            return True
        return (
            head.startswith(b"<")
            and self._xml_head is not None
            and bool(self._xml_head.search(head))
        )

    def _by_root(self, sample: Sample) -> Reader:
        root = sample.root()
        for reader in self._readers:
            if reader.xml_roots and reader.recognise(sample):
                return reader
        xml_names = ", ".join(r.name for r in self._readers if r.xml_roots) or "none"
        raise reader_error(
            ErrorCode.UNKNOWN_FORMAT,
            f"the XML root element {local_name(root)!r} is not one a reader knows "
            f"(XML formats: {xml_names})",
        )


def _xml_head(readers: Iterable[Reader]) -> re.Pattern[bytes] | None:
    """A start tag (any prefix) of a root element some XML reader reads."""
    roots = sorted({root for reader in readers for root in reader.xml_roots})
    if not roots:
        return None
    names = b"|".join(re.escape(root.encode()) for root in roots)
    return re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:" + names + rb")[\s>/]")
