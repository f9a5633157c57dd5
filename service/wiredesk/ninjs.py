"""An exact IPTC ninjs 2.1 view of an event record (``wiredesk normalize --format ninjs``).

ninjs forbids extra root fields, so the event record cannot itself be a ninjs document;
this module maps it onto ninjs fields and loses only what ninjs has no place for
(mention offsets, warnings). Codes go in ``uri`` where a public scheme exists
(GeoNames) and in ``literal`` otherwise (``iso3166-1a2:JP``, ``wiredesk-agency:efe``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import quote

from wiredesk.models import Entity, EventRecord, Subject

_PEOPLE = {"PERSON"}
_ORGANISATIONS = {"ORG"}
_PLACES = {"GPE", "LOC", "FAC"}


def story_uri(record_id: str) -> str:
    return "urn:wiredesk:story:" + quote(record_id, safe="")


def _geonames_uri(geonames_id: int) -> str:
    return f"https://sws.geonames.org/{geonames_id}/"


def _entity_item(entity: Entity) -> dict[str, Any]:
    item: dict[str, Any] = {"name": entity.name, "rel": "mentioned"}
    if entity.geonames_id is not None:
        item["uri"] = _geonames_uri(entity.geonames_id)
    if entity.country_code:
        item["literal"] = f"iso3166-1a2:{entity.country_code}"
    return item


# Public schemes of subject codes, as IPTC publishes them.
_CODE_URIS = {
    "medtop": "http://cv.iptc.org/newscodes/mediatopic/",
    "subj": "http://cv.iptc.org/newscodes/subjectcode/",
}


def _time(value: datetime) -> str:
    return value.isoformat().replace("+00:00", "Z")


def _subject_item(subject: Subject) -> dict[str, Any]:
    item: dict[str, Any] = {"rel": "about", "literal": subject.code}
    if subject.name:
        item["name"] = subject.name
    scheme, _, code = subject.code.partition(":")
    if scheme in _CODE_URIS and code:
        item["uri"] = _CODE_URIS[scheme] + code
    return item


def to_ninjs(record: EventRecord) -> dict[str, Any]:
    """The ninjs 2.1 document for one record; valid against the IPTC schema.

    ``version``, ``pubstatus``, ``urgency``, ``embargoed``, ``firstcreated`` and
    ``versioncreated`` come from the record's ``story`` (the receive time stands in for a
    missing creation time); document subjects go in ``subjects`` with ``rel: about``;
    ``located`` is the dateline place, else the document's located metadata.
    """
    received = _time(record.received_at)
    story = record.story
    doc: dict[str, Any] = {
        "uri": story_uri(record.id),
        "type": "text",
        "version": str(story.version),
        "pubstatus": story.status,
        "firstcreated": _time(story.first_created or story.version_created or record.received_at),
        "versioncreated": _time(story.version_created) if story.version_created else received,
        "language": record.language,
        "headlines": [{"role": "main", "value": record.headline}],
        "bodies": [
            {
                "role": "main",
                "contenttype": "text/plain",
                "charcount": len(record.body),
                "wordcount": len(record.body.split()),
                "value": record.body,
            }
        ],
        "altids": [{"role": "wiredesk-id", "value": record.id}],
    }
    if record.source:
        doc["altids"].append({"role": "source", "value": record.source})
    if story.urgency is not None:
        doc["urgency"] = story.urgency
    if story.embargoed_until is not None:
        doc["embargoed"] = _time(story.embargoed_until)
    if record.slugline:
        doc["slugline"] = record.slugline
    if record.notes:  # notes to editors: ninjs' note for the receiving staff
        doc["ednote"] = "\n".join(note.text for note in record.notes)
    if record.bylines:
        doc["by"] = "; ".join(
            f"{b.role}: {b.name}" + (f" in {b.place}" if b.place else "") for b in record.bylines
        )
    people, organisations, places = [], [], []
    subjects = [_subject_item(s) for s in record.subjects]
    if record.located is not None:
        doc["located"] = record.located.name
    if record.dateline is not None and record.dateline.place is not None:
        place = record.dateline.place
        doc["located"] = place.name
        dateline_place: dict[str, Any] = {"name": place.name, "rel": "located"}
        if place.geonames_id is not None:
            dateline_place["uri"] = _geonames_uri(place.geonames_id)
        if place.country_code:
            dateline_place["literal"] = f"iso3166-1a2:{place.country_code}"
        if place.lat is not None and place.lon is not None:
            dateline_place["geojson"] = {"type": "Point", "coordinates": [place.lon, place.lat]}
        places.append(dateline_place)
    for entity in record.entities:
        item = _entity_item(entity)
        if entity.type in _PEOPLE:
            people.append(item)
        elif entity.type in _ORGANISATIONS:
            organisations.append(item)
        elif entity.type in _PLACES:
            places.append(item)
        else:
            item.setdefault("literal", f"ontonotes:{entity.type}")
            subjects.append(item)
    groups = {
        "people": people,
        "organisations": organisations,
        "places": places,
        "subjects": subjects,
    }
    doc.update({key: items for key, items in groups.items() if items})
    if record.agencies:
        doc["infosources"] = [
            {"name": a.name, "role": "originator", "literal": f"wiredesk-agency:{a.code}"}
            for a in record.agencies
        ]
        doc["copyrightholder"] = ", ".join(a.name for a in record.agencies)
    return doc
