"""XML parsed safely, whatever arrives: defusedxml's protections on lxml.

* no DTD is loaded and no external entity or network resource is fetched
  (``load_dtd=False``, ``no_network=True``, ``resolve_entities=False``);
* a document type with an internal subset that declares entities is refused before
  parsing (``xml_forbidden``): that is how entity-expansion bombs ("billion laughs")
  and external-entity attacks are written, and no news format needs one;
* ``huge_tree`` stays off, so libxml2's own limits hold (nesting depth 256, text node
  size); the value's size is already bounded by ``WIREDESK_MAX_STORY_BYTES``;
* comments and processing instructions are dropped.

A declared encoding that the bytes do not follow is ``invalid_encoding``; anything else
that is not well-formed is ``malformed_xml``.
"""

from __future__ import annotations

import re

from lxml import etree

from wiredesk.errors import ErrorCode
from wiredesk.formats.document import reader_error

_DOCTYPE_SUBSET = re.compile(rb"<!DOCTYPE[^>\[]*\[", re.IGNORECASE)
_ENTITY = re.compile(rb"<!ENTITY", re.IGNORECASE)


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        dtd_validation=False,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def parse_xml(value: bytes) -> etree._Element:
    """The root element of ``value``, or a coded StoryError."""
    subset = _DOCTYPE_SUBSET.search(value)
    if subset is not None and _ENTITY.search(value, subset.end()):
        raise reader_error(
            ErrorCode.XML_FORBIDDEN,
            "the document type declares entities; DTDs with entity declarations are refused "
            "(entity expansion and external entities are not read)",
        )
    try:
        root = etree.fromstring(value, parser=_parser())
    except etree.XMLSyntaxError as exc:
        message = str(exc)
        lowered = message.lower()
        code = (
            ErrorCode.INVALID_ENCODING
            if "encoding" in lowered or "not proper utf-8" in lowered or "utf-8" in lowered
            else ErrorCode.MALFORMED_XML
        )
        raise reader_error(code, f"the XML is not well-formed: {message}") from exc
    if root is None:
        raise reader_error(ErrorCode.MALFORMED_XML, "the XML document has no root element")
    tree = root.getroottree()
    dtd = tree.docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):  # type: ignore[union-attr]
        raise reader_error(ErrorCode.XML_FORBIDDEN, "the document type declares entities")
    return root


def local_name(element: etree._Element) -> str:
    """The tag without its namespace; '' for entities and other non-elements."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def namespace(element: etree._Element) -> str:
    tag = element.tag
    if isinstance(tag, str) and tag.startswith("{"):
        return tag[1:].split("}", 1)[0]
    return ""


def children(element: etree._Element, name: str) -> list[etree._Element]:
    return [child for child in element if local_name(child) == name]


def child(element: etree._Element | None, *path: str) -> etree._Element | None:
    """The first element down ``path`` (local names), or None."""
    current = element
    for name in path:
        if current is None:
            return None
        current = next((c for c in current if local_name(c) == name), None)
    return current


def descendants(element: etree._Element, name: str) -> list[etree._Element]:
    return [e for e in element.iter() if local_name(e) == name]


def text_of(element: etree._Element | None) -> str:
    """All text inside ``element``, whitespace runs folded to one space."""
    if element is None:
        return ""
    return " ".join("".join(str(t) for t in element.itertext()).split())


def attr(element: etree._Element | None, name: str) -> str | None:
    if element is None:
        return None
    value = element.get(name)
    return value.strip() if value is not None and value.strip() else None
