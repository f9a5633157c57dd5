"""NITF 3.x (root ``nitf``, with or without ``http://iptc.org/std/NITF/2006-10-18/``).

Read from ``head/docdata``: ``doc-id@id-string`` (guid), ``@management-status``,
``@management-doc-idref`` with ``@management-idref-status``, ``correction``, ``du-key``,
``date.issue``, ``date.release``, ``urgency@ed-urg``, ``ed-msg``, ``evloc``; subjects from
``head/tobject/tobject.subject``; from ``body.head``: ``hedline/hl1``, ``dateline``
(location text) and ``distributor``; the body from ``body.content`` (a ``p`` without a
``block`` is body) and ``body.end/tagline``.

Choices where the standard leaves room:
* ``version`` is ``du-key@generation`` (it grows by one per reuse); above 1 it is an update;
* ``management-status="embargoed"`` is a usable story with ``embargoed_until`` =
  ``date.release``; otherwise ``date.release`` is an embargo only when it is later than
  ``date.issue``;
* a story that cancels another (``management-doc-idref`` with ``management-idref-status=
  "canceled"``, or a canceled story naming one) carries ``kill``, and the other document's
  id goes in ``cancels``;
* the record's ``source`` is ``distributor``, else ``doc.copyright@holder``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Final

from lxml import etree

from wiredesk.errors import ErrorCode
from wiredesk.formats.base import Sample
from wiredesk.formats.document import Document, parse_time, reader_error, source_text, urgency_of
from wiredesk.formats.flatten import dropped_warning, flatten
from wiredesk.formats.xmlsafe import attr, child, descendants, local_name, text_of
from wiredesk.models import (
    Envelope,
    Located,
    Note,
    PubStatus,
    RecordWarning,
    Signal,
    StoryMeta,
    Subject,
)

NAME: Final = "nitf"
MEDIA_TYPE: Final = "application/nitf+xml"
NAMESPACE = "http://iptc.org/std/NITF/2006-10-18/"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

_STATUS: dict[str, PubStatus] = {"usable": "usable", "embargoed": "usable",
                                 "withheld": "withheld", "canceled": "canceled",
                                 "cancelled": "canceled"}  # fmt: skip
_CANCELED = frozenset({"canceled", "cancelled"})


class NitfReader:
    """Root ``nitf``, in its namespace or none."""

    name: Final = NAME
    media_types: Final = (MEDIA_TYPE,)
    xml_roots: Final = frozenset({"nitf"})

    def recognise(self, sample: Sample) -> bool:
        return local_name(sample.root()) in self.xml_roots

    def decisive(self, sample: Sample) -> bool:
        return False  # XML is the registry's to decide: declaration or root

    def read(self, sample: Sample) -> Document:
        return read_nitf(sample.root())


READER = NitfReader()


@dataclass(slots=True)
class _Lifecycle:
    """What ``docdata`` says of the story's place in its lifecycle."""

    status: PubStatus
    management: str  # the management-status as written, lower case
    signals: list[Signal] = field(default_factory=list)
    version: int | None = None
    cancels: str | None = None  # management-doc-idref


def read_nitf(root: etree._Element) -> Document:
    head = child(root, "head")
    docdata = child(head, "docdata")
    body = child(root, "body")
    body_head = child(body, "body.head")
    guid = attr(child(docdata, "doc-id"), "id-string")
    story = _lifecycle(docdata)
    paragraphs, warnings = _paragraphs(body, story.status)
    issued = parse_time(attr(child(docdata, "date.issue"), "norm"))
    source = source_text(
        text_of(child(body_head, "distributor")) or attr(child(docdata, "doc.copyright"), "holder")
    )
    meta = StoryMeta(
        format=NAME,
        guid=guid,
        version=story.version or (1 if guid else None),
        status=story.status,
        signals=story.signals,
        urgency=urgency_of(attr(child(docdata, "urgency"), "ed-urg")),
        embargoed_until=_embargo(docdata, story.management, issued),
        version_created=issued,
        cancels=story.cancels,
        provider=source or None,
        subjects=_subjects(head),
        located=_located(docdata),
        dateline=text_of(child(body_head, "dateline", "location")) or None,
        warnings=warnings,
        notes=[Note(kind="editors", text=note) for note in _ed_msg(docdata)],
    )
    headline = text_of(child(body_head, "hedline", "hl1")) or text_of(child(head, "title"))
    envelope = Envelope(
        headline=headline or guid or "",
        body="\n\n".join(paragraphs),
        source=source or None,
        language=attr(root, XML_LANG) or attr(body, XML_LANG),
    )
    return Document(envelope, meta)


def _ed_msg(docdata: etree._Element | None) -> list[str]:
    """The note to editors of ``ed-msg`` (its ``info``), if any."""
    info = " ".join((attr(child(docdata, "ed-msg"), "info") or "").split())
    return [info] if info else []


def _lifecycle(docdata: etree._Element | None) -> _Lifecycle:
    """Status, kill (this story or the one it names is canceled), correction, update
    (``du-key`` generation above 1, which is the version) and advisory (``ed-msg``)."""
    management = (attr(docdata, "management-status") or "usable").lower()
    story = _Lifecycle(status=_STATUS.get(management, "usable"), management=management)
    story.cancels = attr(docdata, "management-doc-idref")
    idref_status = (attr(docdata, "management-idref-status") or "").lower()
    if story.status == "canceled" or idref_status in _CANCELED:
        story.signals.append("kill")
        story.status = "canceled"
    correction = child(docdata, "correction")
    if correction is not None and (attr(correction, "info") or attr(correction, "id-string")):
        story.signals.append("correction")
    generation = attr(child(docdata, "du-key"), "generation")
    if generation and generation.isdigit() and int(generation):
        story.version = int(generation)
    if story.version is not None and story.version > 1:
        story.signals.append("update")
    if attr(child(docdata, "ed-msg"), "info"):
        story.signals.append("advisory")
    return story


def _embargo(
    docdata: etree._Element | None, management: str, issued: datetime | None
) -> datetime | None:
    """``date.release`` when the story is embargoed, or released later than issued."""
    release = parse_time(attr(child(docdata, "date.release"), "norm"))
    if release is not None and (management == "embargoed" or (issued and release > issued)):
        return release
    return None


def _located(docdata: etree._Element | None) -> Located | None:
    evloc = child(docdata, "evloc")
    city = attr(evloc, "city")
    return Located(name=city, code=attr(evloc, "iso-cc")) if city else None


def _subjects(head: etree._Element | None) -> list[Subject]:
    subjects = []
    for subject in descendants(head, "tobject.subject") if head is not None else []:
        refnum = attr(subject, "tobject.subject.refnum")
        if refnum:
            name = attr(subject, "tobject.subject.matter") or attr(subject, "tobject.subject.type")
            subjects.append(Subject(code=f"subj:{refnum}", name=name))
    return subjects


def _paragraphs(
    body: etree._Element | None, status: PubStatus
) -> tuple[list[str], list[RecordWarning]]:
    """``body.content`` flattened, then ``body.end/tagline``; no text is an error unless
    the story is canceled."""
    content = child(body, "body.content")
    paragraphs: list[str] = []
    warnings: list[RecordWarning] = []
    if content is not None:
        paragraphs, dropped = flatten(content)
        warnings.extend(dropped_warning(dropped))
    if not paragraphs and status != "canceled":
        raise reader_error(ErrorCode.NO_TEXT_PART, "the NITF document has no body.content text")
    tagline = text_of(child(body, "body.end", "tagline"))
    if tagline:
        paragraphs.append(tagline)
    return paragraphs, warnings
