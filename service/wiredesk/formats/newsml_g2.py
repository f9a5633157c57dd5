"""NewsML-G2 (``http://iptc.org/std/nar/2006-10-01/``): a ``newsItem``, or the first
``newsItem`` of a ``newsMessage``.

Read: ``@guid``, ``@version`` (default 1), itemMeta (``pubStatus`` default usable,
``versionCreated``, ``firstCreated``, ``embargoed`` (empty = none), ``signal``,
``edNote``, ``link rel=irel:previousVersion``, ``provider``), contentMeta (``urgency``,
``headline``, ``slugline``, ``creditline``, ``dateline``, ``located``, ``language``,
``subject``) and the first text part of ``contentSet`` (``inlineXML`` in XHTML or NITF,
or ``inlineData``). Other items in a message (knowledge items, packages) are skipped; a
package, knowledge, concept, planning or catalog item on its own is ``not_a_story``.

Choices where the standard leaves room:
* Reuters signals ``edStat:U``/``C``/``D`` mean update/correction/withdrawal; a
  ``canceled`` status always carries the ``kill`` signal, and a canceled item may have no
  text part (its headline, else slugline, else guid is then the record's headline);
* a ``dateline`` element that holds a timestamp (Reuters) is ignored; the body's own
  dateline wins over the element and over ``located`` anyway;
* the record's ``source`` is the ``creditline``, else the provider's name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

from lxml import etree

from wiredesk.errors import ErrorCode
from wiredesk.formats.base import Sample
from wiredesk.formats.document import (
    Document,
    is_timestamp,
    parse_time,
    reader_error,
    source_text,
    tidy,
    urgency_of,
)
from wiredesk.formats.flatten import dropped_warning, flatten
from wiredesk.formats.xmlsafe import attr, child, children, local_name, text_of
from wiredesk.models import (
    Envelope,
    Located,
    Note,
    PubStatus,
    RecordWarning,
    Signal,
    StoryMeta,
    Subject,
    WarningCode,
)

NAME: Final = "newsml-g2"
MEDIA_TYPE: Final = "application/vnd.iptc.g2.newsitem+xml"
MESSAGE_MEDIA_TYPE: Final = "application/vnd.iptc.g2.newsmessage+xml"
NAMESPACE = "http://iptc.org/std/nar/2006-10-01/"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
NOT_STORIES = frozenset({"packageItem", "knowledgeItem", "conceptItem", "planningItem",
                         "catalogItem"})  # fmt: skip
ROOTS = frozenset({"newsMessage", "newsItem"}) | NOT_STORIES

_STATUS: dict[str, PubStatus] = {"usable": "usable", "withheld": "withheld",
                                 "canceled": "canceled", "cancelled": "canceled"}  # fmt: skip
_SIGNALS: dict[str, Signal] = {
    "sig:update": "update",
    "sig:correction": "correction",
    "sig:refile": "refile",
    "edstat:u": "update",
    "edstat:c": "correction",
    "edstat:d": "withdrawal",
}


class NewsmlG2Reader:
    """A root in the G2 item family (the items that are not stories are refused when
    read, with ``not_a_story``, rather than left to another reader)."""

    name: Final = NAME
    media_types: Final = (MEDIA_TYPE, MESSAGE_MEDIA_TYPE)
    xml_roots: Final = ROOTS

    def recognise(self, sample: Sample) -> bool:
        return local_name(sample.root()) in self.xml_roots

    def decisive(self, sample: Sample) -> bool:
        return False  # XML is the registry's to decide: declaration or root

    def read(self, sample: Sample) -> Document:
        return read_newsml_g2(sample.root())


READER = NewsmlG2Reader()


def _code(qcode: str | None) -> str:
    return (qcode or "").rsplit(":", 1)[-1].strip().lower()


def read_newsml_g2(root: etree._Element) -> Document:
    name = local_name(root)
    warnings: list[RecordWarning] = []
    if name in NOT_STORIES:
        raise reader_error(
            ErrorCode.NOT_A_STORY, f"a NewsML-G2 {name} is not a story (only newsItem is read)"
        )
    item = root
    if name == "newsMessage":
        items = [e for e in root.iter() if local_name(e) in ROOTS - {"newsMessage"}]
        news = [e for e in items if local_name(e) == "newsItem"]
        if not news:
            kinds = ", ".join(sorted({local_name(e) for e in items})) or "no items"
            raise reader_error(
                ErrorCode.NOT_A_STORY, f"the NewsML-G2 message holds no newsItem ({kinds})"
            )
        item = news[0]
        if len(news) > 1:
            warnings.append(RecordWarning(
                code=WarningCode.ITEMS_SKIPPED,
                message=f"the message holds {len(news)} news items; only the first was read",
            ))  # fmt: skip
    return _read_item(item, root, warnings)


@dataclass(slots=True)
class _ItemMeta:
    """What ``itemMeta`` says."""

    status: PubStatus = "usable"
    signals: list[Signal] = field(default_factory=list)
    previous: str | None = None
    provider: str | None = None
    provider_name: str = ""
    notes: list[str] = field(default_factory=list)  # edNote texts


@dataclass(frozen=True, slots=True)
class _ContentMeta:
    """What ``contentMeta`` says (and the item's language)."""

    urgency: int | None
    headline: str
    slugline: str | None
    creditline: str | None
    dateline: str | None
    located: Located | None
    language: str | None
    subjects: list[Subject]


def _read_item(
    item: etree._Element, root: etree._Element, warnings: list[RecordWarning]
) -> Document:
    guid = attr(item, "guid")
    meta_el = child(item, "itemMeta")
    about = _item_meta(meta_el)
    content = _content_meta(child(item, "contentMeta"), item, root)
    paragraphs = _text_part(item, warnings)
    if paragraphs is None:
        if about.status != "canceled":
            raise reader_error(
                ErrorCode.NO_TEXT_PART,
                "the NewsML-G2 item has no text part (no inlineXML or inlineData in contentSet)",
            )
        paragraphs = []
    meta = StoryMeta(
        format=NAME,
        guid=guid,
        version=_version(attr(item, "version")) or (1 if guid else None),
        status=about.status,
        signals=about.signals,
        urgency=content.urgency,
        embargoed_until=parse_time(text_of(child(meta_el, "embargoed"))),
        first_created=parse_time(text_of(child(meta_el, "firstCreated"))),
        version_created=parse_time(text_of(child(meta_el, "versionCreated"))),
        previous_version=about.previous,
        provider=about.provider,
        subjects=content.subjects,
        located=content.located,
        dateline=content.dateline,
        slugline=content.slugline,
        warnings=warnings,
        notes=[Note(kind="editors", text=note) for note in about.notes],
    )
    envelope = Envelope(
        headline=content.headline or content.slugline or guid or "",
        body="\n\n".join(paragraphs),
        source=source_text(content.creditline or about.provider_name),
        language=content.language,
    )
    return Document(envelope, meta)


def _version(text: str | None) -> int | None:
    """A positive ``@version``, else None."""
    version = int(text) if text and text.isdigit() else None
    return None if version == 0 else version


def _item_meta(meta_el: etree._Element | None) -> _ItemMeta:
    """Status, signals (a canceled item always carries ``kill``), the previous version
    and the provider."""
    about = _ItemMeta(
        status=_STATUS.get(_code(attr(child(meta_el, "pubStatus"), "qcode")), "usable")
    )
    for signal in children(meta_el, "signal") if meta_el is not None else []:
        mapped = _SIGNALS.get((attr(signal, "qcode") or "").lower())
        if mapped:
            about.signals.append(mapped)
    if meta_el is not None and children(meta_el, "edNote"):
        about.signals.append("advisory")
        about.notes = [t for note in children(meta_el, "edNote") if (t := text_of(note))]
    if about.status == "canceled":
        about.signals.append("kill")
    for link in children(meta_el, "link") if meta_el is not None else []:
        if (attr(link, "rel") or "").endswith("previousVersion"):
            ref = attr(link, "residref") or attr(link, "href")
            link_version = attr(link, "version")
            about.previous = f"{ref}:{link_version}" if ref and link_version else ref
    provider_el = child(meta_el, "provider")
    about.provider_name = text_of(child(provider_el, "name"))
    provider = about.provider_name or attr(provider_el, "literal") or attr(provider_el, "qcode")
    about.provider = provider or None
    return about


def _content_meta(
    content: etree._Element | None, item: etree._Element, root: etree._Element
) -> _ContentMeta:
    """Urgency, headline, slugline, creditline, dateline (a timestamp is none), located,
    language (``xml:lang`` of the item or the message, else ``language@tag``), subjects."""
    dateline = text_of(child(content, "dateline")) or None
    subjects = []
    for subject in children(content, "subject") if content is not None else []:
        code = attr(subject, "qcode") or attr(subject, "uri") or attr(subject, "literal")
        if code:
            subjects.append(Subject(code=code, name=text_of(child(subject, "name")) or None))
    return _ContentMeta(
        urgency=urgency_of(text_of(child(content, "urgency"))),
        headline=text_of(child(content, "headline")),
        slugline=text_of(child(content, "slugline")) or None,
        creditline=text_of(child(content, "creditline")) or None,
        dateline=None if dateline and is_timestamp(dateline) else dateline,
        located=_located(child(content, "located")),
        language=(
            attr(item, XML_LANG) or attr(root, XML_LANG) or attr(child(content, "language"), "tag")
        ),
        subjects=subjects,
    )


def _located(element: etree._Element | None) -> Located | None:
    if element is None:
        return None
    name = text_of(child(element, "name")) or attr(element, "literal") or tidy(element.text)
    if not name:
        return None
    return Located(name=name, code=attr(element, "qcode"))


def _text_part(item: etree._Element, warnings: list[RecordWarning]) -> list[str] | None:
    content_set = child(item, "contentSet")
    if content_set is None:
        return None
    for part in content_set:
        name = local_name(part)
        kind = (attr(part, "contenttype") or "").lower()
        if name == "inlineXML":
            container = part
            if "nitf" in kind:
                nitf_body = next((e for e in part.iter() if local_name(e) == "body.content"), None)
                container = nitf_body if nitf_body is not None else part
            paragraphs, dropped = flatten(container)
            warnings.extend(dropped_warning(dropped))
            return paragraphs
        if name == "inlineData" and (not kind or kind.startswith("text/")):
            text = (part.text or "").strip()
            return [p for p in (" ".join(b.split()) for b in text.split("\n\n")) if p]
    return None
