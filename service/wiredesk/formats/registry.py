"""The registry of readers, and the sniffer that asks them which one a value needs.

The readers are kept in registration order, which is the sniffing order. A value is read
by the first of:

1. bytes that are another format beyond doubt, whatever the ``content-type`` header
   says: a reader's ``decisive`` bytes (ANPA-1312's ``SYN SYN SOH``, IPTC 7901's ``SOH``
   and header, a JSON object), or XML (an ``<?xml`` declaration, or ``<`` and one of the
   XML readers' root elements within the first few kB), whose root decides as in 4. When
   the header named another format the document carries a ``content_type_mismatch``
   warning: producers mislabel, and a NewsML-G2 kill read as plain text would be a new
   live story headed ``<?xml ...``;
2. the header's media type (parameters such as ``charset`` allowed): the reader that
   lists it; for any XML type (a reader's, or the generic ``application/xml`` and
   ``text/xml``) the root element decides, as in 4. Bytes that are not beyond doubt
   (plain text, a brace that opens no JSON object) keep the label;
3. without a header, or with one no reader lists, the bytes: each reader in order
   recognises its own head (``{`` a JSON envelope, anything plain text), except that at
   the first XML reader the question is whether the value looks like XML (as in 1);
   no warning: an unknown label contradicts nothing;
4. XML: the value is parsed once (:meth:`Sample.root`) and the XML readers are asked by
   its root element; a root none of them reads is ``unknown_format``.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator

from wiredesk.errors import ErrorCode
from wiredesk.formats.base import Reader, Sample
from wiredesk.formats.document import Document, reader_error
from wiredesk.formats.xmlsafe import local_name
from wiredesk.models import RecordWarning, WarningCode

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
        reader = self.choose(sample)
        document = reader.read(sample)
        mismatch = self._mismatch(sample, reader)
        if mismatch is None:
            return document
        meta = document.meta.model_copy(update={"warnings": [*document.meta.warnings, mismatch]})
        return dataclasses.replace(document, meta=meta)

    def choose(self, sample: Sample) -> Reader:
        """The reader for ``sample`` (see the module's docstring for the order)."""
        media = sample.media_type or ""
        labelled = self._by_media_type.get(media)
        xml_label = media in XML_MEDIA_TYPES or (labelled is not None and bool(labelled.xml_roots))
        if labelled is None and not xml_label:
            return self._sniff(sample)
        for reader in self._readers:  # bytes beyond doubt win over the label
            if reader is not labelled and not reader.xml_roots and reader.decisive(sample):
                return reader
        if labelled is None or xml_label or self._looks_like_xml(sample):
            return self._by_root(sample)
        return labelled

    def _sniff(self, sample: Sample) -> Reader:
        """No label to go by: each reader in order recognises its own bytes."""
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

    def _mismatch(self, sample: Sample, chosen: Reader) -> RecordWarning | None:
        """The warning for a value whose label named another format than its bytes."""
        media = sample.media_type or ""
        labelled = self._by_media_type.get(media)
        if labelled is chosen or (labelled is None and media not in XML_MEDIA_TYPES):
            return None  # the label was right, or named no format of ours
        if labelled is None and chosen.xml_roots:
            return None  # generic XML, and XML it was
        said = labelled.name if labelled is not None else "XML"
        return RecordWarning(
            code=WarningCode.CONTENT_TYPE_MISMATCH,
            message=f"the content type {media!r} says {said}, but the bytes are "
            f"{chosen.name}: read as {chosen.name}",
        )

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
