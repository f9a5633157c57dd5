"""NewsML 1.2 (IPTC, 2003; root ``NewsML``, with the DTD or in the schema's namespace):
the first ``NewsItem`` of the document, as AFP and EFE still deliver it.

The structure read (local names; a namespace, if any, is ignored)::

    NewsML
      NewsEnvelope/Priority@FormalName                 urgency when NewsManagement has none
      NewsItem[@xml:lang]
        Identification/NewsIdentifier                  ProviderId, DateId, NewsItemId,
                                                       RevisionId (@PreviousRevision),
                                                       PublicIdentifier; NameLabel
        NewsManagement                                 FirstCreated, ThisRevisionCreated,
                                                       Status, StatusWillChange, Urgency,
                                                       Instruction
        NewsComponent (nested, any depth)
          NewsLines                                    HeadLine, DateLine, CreditLine, SlugLine
          AdministrativeMetadata/Provider/Party        provider
          DescriptiveMetadata                          Language, SubjectCode, Location
          ContentItem/DataContent                      nitf, XHTML or plain text: the body

Choices where the standard leaves room:
* the guid, shared by every revision, is ``urn:newsml:{ProviderId}:{DateId}:{NewsItemId}``
  (the ``PublicIdentifier`` without its revision, when only that is given); ``RevisionId``
  is the version (above 1 an update), ``PreviousRevision`` (0 = none) the previous one;
* ``Status`` ``Canceled`` is a kill; ``Embargoed`` is a usable story embargoed until
  ``StatusWillChange/DateAndTimeOfChange``; ``Instruction`` ``Correction``/``Rectify``
  is a correction, ``Update`` an update, ``Kill``/``Delete``/``Withdraw`` a kill;
* the body is the first ``ContentItem`` whose ``DataContent`` holds text (a NITF
  ``body.content``, an XHTML body, or plain text); photos and other media are skipped;
* the ``DateLine`` (the pipeline uses it only when the body has no dateline of its own)
  is kept as written, a timestamp ignored; the record's ``source`` is the ``CreditLine``,
  else the provider's ``Party@FormalName``;
* the language is ``xml:lang`` of the item or the document, else ``Language@FormalName``.
"""

from __future__ import annotations

import re
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
from wiredesk.formats.xmlsafe import attr, child, children, descendants, local_name, text_of
from wiredesk.models import (
    Envelope,
    Located,
    PubStatus,
    RecordWarning,
    Signal,
    StoryMeta,
    Subject,
    WarningCode,
)

NAME: Final = "newsml-1.2"
# IANA has no type for NewsML 1.x (only the G2 family is registered): this one is ours,
# in the style of IPTC's registered ``application/vnd.iptc.g2.*+xml`` types.
MEDIA_TYPE: Final = "application/vnd.iptc.newsml+xml"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

_STATUS: dict[str, PubStatus] = {"usable": "usable", "embargoed": "usable",
                                 "withheld": "withheld", "canceled": "canceled",
                                 "cancelled": "canceled"}  # fmt: skip
_INSTRUCTIONS: dict[str, Signal] = {
    "update": "update",
    "correction": "correction",
    "rectify": "correction",
    "kill": "kill",
    "delete": "kill",
    "withdraw": "kill",
}
_REVISION = re.compile(r"^(?P<guid>.+):(?P<revision>\d+)[A-Za-z]?$")  # ...:2, ...:2N
_LANGUAGE = re.compile(r"^[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8}){0,3}$")  # a BCP 47-like tag
_TEXT_FORMATS = ("nitf", "xhtml", "html", "text")


class Newsml1Reader:
    """Root ``NewsML`` (the G2 family's roots are ``newsItem``/``newsMessage``, in
    lower camel case, so the two never meet)."""

    name: Final = NAME
    media_types: Final = (MEDIA_TYPE,)
    xml_roots: Final = frozenset({"NewsML"})

    def recognise(self, sample: Sample) -> bool:
        return local_name(sample.root()) in self.xml_roots

    def decisive(self, sample: Sample) -> bool:
        return False  # XML is the registry's to decide: declaration or root

    def read(self, sample: Sample) -> Document:
        return read_newsml_1(sample.root())


READER = Newsml1Reader()


def read_newsml_1(root: etree._Element) -> Document:
    warnings: list[RecordWarning] = []
    items = children(root, "NewsItem")
    if not items:
        raise reader_error(ErrorCode.NOT_A_STORY, "the NewsML 1.2 document holds no NewsItem")
    if len(items) > 1:
        warnings.append(RecordWarning(
            code=WarningCode.ITEMS_SKIPPED,
            message=f"the document holds {len(items)} news items; only the first was read",
        ))  # fmt: skip
    return _read_item(items[0], root, warnings)


@dataclass(frozen=True, slots=True)
class _Identity:
    guid: str | None
    version: int | None
    previous: str | None
    name_label: str | None


@dataclass(slots=True)
class _Management:
    status: PubStatus = "usable"
    signals: list[Signal] = field(default_factory=list)
    urgency: int | None = None


def _read_item(
    item: etree._Element, root: etree._Element, warnings: list[RecordWarning]
) -> Document:
    identity = _identity(child(item, "Identification"))
    management_el = child(item, "NewsManagement")
    managed = _management(management_el, identity.version)
    lines = _first(item, "NewsLines")
    provider_party = child(_first(item, "AdministrativeMetadata"), "Provider", "Party")
    provider = attr(provider_party, "FormalName") or text_of(provider_party) or None
    provider = provider or text_of(child(item, "Identification", "NewsIdentifier", "ProviderId"))
    paragraphs = _text(item, warnings)
    if paragraphs is None:
        if managed.status != "canceled":
            raise reader_error(
                ErrorCode.NO_TEXT_PART,
                "the NewsML 1.2 item has no text to read (no ContentItem with text in its "
                "DataContent)",
            )
        paragraphs = []
    dateline = text_of(child(lines, "DateLine")) or None
    slugline = text_of(child(lines, "SlugLine")) or identity.name_label
    headline = text_of(child(lines, "HeadLine"))
    status_change = child(management_el, "StatusWillChange", "DateAndTimeOfChange")
    embargoed = _status_word(management_el) == "embargoed"
    meta = StoryMeta(
        format=NAME,
        guid=identity.guid,
        version=identity.version or (1 if identity.guid else None),
        status=managed.status,
        signals=managed.signals,
        urgency=managed.urgency
        or urgency_of(attr(child(root, "NewsEnvelope", "Priority"), "FormalName")),
        embargoed_until=parse_time(text_of(status_change)) if embargoed else None,
        first_created=parse_time(text_of(child(management_el, "FirstCreated"))),
        version_created=parse_time(text_of(child(management_el, "ThisRevisionCreated"))),
        previous_version=identity.previous,
        provider=provider or None,
        subjects=_subjects(item),
        located=_located(item),
        dateline=None if dateline and is_timestamp(dateline) else dateline,
        slugline=slugline,
        warnings=warnings,
    )
    envelope = Envelope(
        headline=headline or slugline or identity.guid or "",
        body="\n\n".join(paragraphs),
        source=source_text(text_of(child(lines, "CreditLine")) or provider),
        language=_language(item, root),
    )
    return Document(envelope, meta)


def _first(element: etree._Element, name: str) -> etree._Element | None:
    """The first ``name`` inside ``element`` in document order (the outer component's)."""
    return next((e for e in element.iter() if local_name(e) == name), None)


def _identity(identification: etree._Element | None) -> _Identity:
    """The guid every revision shares, the revision (the version) and the previous one."""
    ids = child(identification, "NewsIdentifier")
    parts = [text_of(child(ids, name)) for name in ("ProviderId", "DateId", "NewsItemId")]
    revision_el = child(ids, "RevisionId")
    revision = _positive(text_of(revision_el))
    guid = "urn:newsml:" + ":".join(parts) if all(parts) else None
    public = text_of(child(ids, "PublicIdentifier"))
    if guid is None and public:
        found = _REVISION.match(public)
        guid = found.group("guid") if found else public
        revision = revision or (_positive(found.group("revision")) if found else None)
    previous = _positive(attr(revision_el, "PreviousRevision"))
    return _Identity(
        guid=guid,
        version=revision,
        previous=f"{guid}:{previous}" if guid and previous else None,
        name_label=text_of(child(identification, "NameLabel")) or None,
    )


def _positive(text: str | None) -> int | None:
    value = (text or "").strip()
    return int(value) if value.isdigit() and int(value) > 0 else None


def _status_word(management: etree._Element | None) -> str:
    return (attr(child(management, "Status"), "FormalName") or "usable").lower()


def _management(management: etree._Element | None, version: int | None) -> _Management:
    """Status (a canceled item always carries ``kill``), instructions, urgency; a
    revision above 1 is an update."""
    managed = _Management(status=_STATUS.get(_status_word(management), "usable"))
    signals: list[Signal] = ["update"] if version is not None and version > 1 else []
    for instruction in children(management, "Instruction") if management is not None else []:
        mapped = _INSTRUCTIONS.get((attr(instruction, "FormalName") or "").lower())
        if mapped:
            signals.append(mapped)
    if "kill" in signals:
        managed.status = "canceled"
    if managed.status == "canceled":
        signals.append("kill")
    managed.signals = list(dict.fromkeys(signals))
    managed.urgency = urgency_of(attr(child(management, "Urgency"), "FormalName"))
    return managed


def _language(item: etree._Element, root: etree._Element) -> str | None:
    """``xml:lang`` of the item or the document, else the first ``Language@FormalName``;
    a value that is no language tag is none (it would not fit the envelope)."""
    language = _first(item, "Language")
    for value in (attr(item, XML_LANG), attr(root, XML_LANG), attr(language, "FormalName")):
        if value and len(value) <= 35 and _LANGUAGE.match(value):
            return value
    return None


def _subjects(item: etree._Element) -> list[Subject]:
    """Every ``Subject``, ``SubjectMatter`` and ``SubjectDetail`` code, as ``subj:``."""
    subjects: list[Subject] = []
    for code_el in descendants(item, "SubjectCode"):
        for subject in code_el:
            code = attr(subject, "FormalName")
            if local_name(subject).startswith("Subject") and code:
                subjects.append(Subject(code=f"subj:{code}"))
    return list(dict.fromkeys(subjects))


def _located(item: etree._Element) -> Located | None:
    """The first ``Location``'s ``City`` property, with its ``Country`` as the code; a
    location without a city is none (a bare country code is no place to file from)."""
    location = _first(item, "Location")
    if location is None:
        return None
    properties = {
        (attr(p, "FormalName") or "").lower(): attr(p, "Value")
        for p in children(location, "Property")
    }
    city = properties.get("city")
    return Located(name=tidy(city), code=properties.get("country")) if city else None


def _text(item: etree._Element, warnings: list[RecordWarning]) -> list[str] | None:
    """The paragraphs of the first ``ContentItem`` with text, or None when there is none."""
    for content_item in descendants(item, "ContentItem"):
        data = child(content_item, "DataContent")
        if data is None or not _is_text(content_item):
            continue
        nitf_body = next((e for e in data.iter() if local_name(e) == "body.content"), None)
        if nitf_body is not None or len(data):
            paragraphs, dropped = flatten(nitf_body if nitf_body is not None else data)
            warnings.extend(dropped_warning(dropped))
        else:
            text = (data.text or "").strip()
            paragraphs = [p for p in (" ".join(b.split()) for b in text.split("\n\n")) if p]
        if paragraphs:
            return paragraphs
    return None


def _is_text(content_item: etree._Element) -> bool:
    """A ContentItem of text: its MediaType says Text, or (none said) its format or MIME
    type is a text one."""
    media = (attr(child(content_item, "MediaType"), "FormalName") or "").lower()
    if media:
        return media == "text"
    kinds = " ".join(
        (attr(child(content_item, name), "FormalName") or "").lower()
        for name in ("Format", "MimeType")
    )
    return not kinds.strip() or any(kind in kinds for kind in _TEXT_FORMATS)
