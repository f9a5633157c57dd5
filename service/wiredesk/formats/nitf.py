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
  id goes in ``previous_version``;
* the record's ``source`` is ``distributor``, else ``doc.copyright@holder``.
"""

from __future__ import annotations

from lxml import etree

from wiredesk.errors import ErrorCode
from wiredesk.formats.document import Document, parse_time, reader_error, source_text, urgency_of
from wiredesk.formats.flatten import dropped_warning, flatten
from wiredesk.formats.xmlsafe import attr, child, descendants, text_of
from wiredesk.models import Envelope, Located, PubStatus, RecordWarning, Signal, StoryMeta, Subject

NAMESPACE = "http://iptc.org/std/NITF/2006-10-18/"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

_STATUS: dict[str, PubStatus] = {"usable": "usable", "embargoed": "usable",
                                 "withheld": "withheld", "canceled": "canceled",
                                 "cancelled": "canceled"}  # fmt: skip


def read_nitf(root: etree._Element) -> Document:
    head = child(root, "head")
    docdata = child(head, "docdata")
    body = child(root, "body")
    body_head = child(body, "body.head")
    warnings: list[RecordWarning] = []

    guid = attr(child(docdata, "doc-id"), "id-string")
    management = (attr(docdata, "management-status") or "usable").lower()
    status = _STATUS.get(management, "usable")
    signals: list[Signal] = []
    idref = attr(docdata, "management-doc-idref")
    idref_status = (attr(docdata, "management-idref-status") or "").lower()
    if status == "canceled" or idref_status in {"canceled", "cancelled"}:
        signals.append("kill")
        status = "canceled"
    correction = child(docdata, "correction")
    if correction is not None and (attr(correction, "info") or attr(correction, "id-string")):
        signals.append("correction")
    du_key = child(docdata, "du-key")
    generation = attr(du_key, "generation")
    version = int(generation) if generation and generation.isdigit() and int(generation) else None
    if version is not None and version > 1:
        signals.append("update")
    if attr(child(docdata, "ed-msg"), "info"):
        signals.append("advisory")
    urgency = urgency_of(attr(child(docdata, "urgency"), "ed-urg"))
    issued = parse_time(attr(child(docdata, "date.issue"), "norm"))
    release = parse_time(attr(child(docdata, "date.release"), "norm"))
    embargo = None
    if release is not None and (management == "embargoed" or (issued and release > issued)):
        embargo = release
    evloc = child(docdata, "evloc")
    located = None
    if attr(evloc, "city"):
        located = Located(name=attr(evloc, "city") or "", code=attr(evloc, "iso-cc"))

    subjects = []
    for subject in descendants(head, "tobject.subject") if head is not None else []:
        refnum = attr(subject, "tobject.subject.refnum")
        if refnum:
            name = attr(subject, "tobject.subject.matter") or attr(subject, "tobject.subject.type")
            subjects.append(Subject(code=f"subj:{refnum}", name=name))

    headline = text_of(child(body_head, "hedline", "hl1")) or text_of(child(head, "title"))
    dateline_el = child(body_head, "dateline")
    location = child(dateline_el, "location")
    dateline = text_of(location) or None
    source = source_text(
        text_of(child(body_head, "distributor")) or attr(child(docdata, "doc.copyright"), "holder")
    )

    content = child(body, "body.content")
    paragraphs: list[str] = []
    if content is not None:
        paragraphs, dropped = flatten(content)
        warnings.extend(dropped_warning(dropped))
    tagline = text_of(child(body, "body.end", "tagline"))
    if not paragraphs and status != "canceled":
        raise reader_error(ErrorCode.NO_TEXT_PART, "the NITF document has no body.content text")
    if tagline:
        paragraphs.append(tagline)
    if not headline:
        headline = guid or ""
    language = attr(root, XML_LANG) or attr(body, XML_LANG)

    meta = StoryMeta(
        format="nitf",
        guid=guid,
        version=version or (1 if guid else None),
        status=status,
        signals=signals,
        urgency=urgency,
        embargoed_until=embargo,
        version_created=issued,
        previous_version=idref,
        provider=source or None,
        subjects=subjects,
        located=located,
        dateline=dateline,
        warnings=warnings,
    )
    envelope = Envelope(
        headline=headline, body="\n\n".join(paragraphs), source=source or None, language=language
    )
    return Document(envelope, meta)
