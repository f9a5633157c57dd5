"""Which reader a value needs: the ``content-type`` header first, else the bytes.

Header media types (parameters such as ``charset`` allowed):

============================================  =============
``application/vnd.iptc.g2.newsitem+xml``       XML (NewsML-G2)
``application/vnd.iptc.g2.newsmessage+xml``    XML (NewsML-G2)
``application/nitf+xml``                       XML (NITF)
``application/xml``, ``text/xml``              XML (root decides)
``text/vnd.iptc.anpa``                         ANPA-1312
``text/vnd.iptc.7901``                         IPTC 7901
``text/plain``                                 plain text
``application/json``                           JSON envelope
============================================  =============

Any XML type is parsed and dispatched by its root element (the document says what it is).
Without a header, or with one no reader knows: ``SYN SYN SOH`` starts ANPA, ``SOH`` and a
7901 header (``eca062 ``) start IPTC 7901, ``<?xml`` or a known news root starts XML,
``{`` a JSON envelope; anything else is plain text.
"""

from __future__ import annotations

import re
from typing import Literal

Kind = Literal["text", "json", "xml", "anpa", "iptc7901"]

TEXT = "text/plain"
JSON = "application/json"
XML = "application/xml"
G2 = "application/vnd.iptc.g2.newsitem+xml"
NITF = "application/nitf+xml"
ANPA = "text/vnd.iptc.anpa"
IPTC7901 = "text/vnd.iptc.7901"

_BY_MEDIA_TYPE: dict[str, Kind] = {
    TEXT: "text",
    JSON: "json",
    XML: "xml",
    "text/xml": "xml",
    G2: "xml",
    "application/vnd.iptc.g2.newsmessage+xml": "xml",
    NITF: "xml",
    ANPA: "anpa",
    IPTC7901: "iptc7901",
}

_NEWS_ROOT = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?(?:newsMessage|newsItem|packageItem|knowledgeItem|conceptItem"
    rb"|planningItem|catalogItem|nitf)[\s>/]"
)
_IPTC7901_START = re.compile(rb"\x01\s*[a-z]{2,4}\d{3,4}\s")
_PROLOG_SCAN = 4096  # a root element is found within the first few kB or not at all


def media_type(content_type: str | None) -> str | None:
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


def sniff(value: bytes, content_type: str | None = None) -> Kind:
    kind = _BY_MEDIA_TYPE.get(media_type(content_type) or "")
    if kind is not None:
        return kind
    head = value[:_PROLOG_SCAN].lstrip(b"\xef\xbb\xbf").lstrip()
    if head.startswith(b"\x16\x16\x01"):
        return "anpa"
    if _IPTC7901_START.match(head):
        return "iptc7901"
    if head.startswith(b"<?xml") or (head.startswith(b"<") and _NEWS_ROOT.search(head)):
        return "xml"
    if head.startswith(b"{"):
        return "json"
    return "text"
