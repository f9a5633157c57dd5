"""The coded-events topic (``wire.coded``): a story's events as flat rows, retracted with
the story (issue 25, item 3).

Pure: a record and what the story book says of it in, rows and tombstones out; the story
keeper (:mod:`wiredesk.stream.keeper`) sends them, ``wiredesk normalize --format events``
prints the rows.

Each event of a story's live version is one row (:class:`~wiredesk.models.CodedRow`) under
the Kafka key ``<story key>#<n>``, ``n`` its number in the record's ``events`` (from 0):
the last ``#`` splits it, since ``n`` has none. The topic is compacted, so the last value
of each key is what holds:

- a new live version (``new``, ``update``, ``correction``, ``refile``, a story's first
  ``duplicate``) writes its rows ``0 .. n-1`` and tombstones ``n .. high-1``, where
  ``high`` is the most events any live version of the story had
  (:attr:`~wiredesk.stories.history.StoryState.events_high`): an event the new version no
  longer reports is deleted;
- a kill, or the end of the story's retention while it was live, tombstones ``0 .. high-1``;
- any other record (stale, repeat, a resend, a record of a killed story) writes nothing.

A replay (a record read again after a crash) repeats what still holds, as on the stories
topic: the same rows and tombstones again, which change nothing on a compacted topic.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from wiredesk.models import CodedEvent, CodedRow, EventActor, EventRecord
from wiredesk.stories.book import Admitted
from wiredesk.stories.key import provider as record_provider

SEPARATOR = ";"
"""Joins a list into one column: names, countries, sectors, contexts."""
KEY_SEPARATOR = "#"
"""Between the story key and the event number in a row's Kafka key."""


@dataclass(frozen=True, slots=True)
class Coded:
    """One output to the coded-events topic: a row, or a tombstone (``row`` None)."""

    key: str
    row: CodedRow | None


def coded_key(story_key: str, number: int) -> str:
    """``guid:urn:x#0``: the Kafka key of event ``number`` of the story ``story_key``."""
    return f"{story_key}{KEY_SEPARATOR}{number}"


def split_key(key: str) -> tuple[str, int]:
    """The story key and event number of a coded-events key (the last ``#`` splits)."""
    story, _, number = key.rpartition(KEY_SEPARATOR)
    if not story or not number.isdigit():
        raise ValueError(f"not a coded-events key (<story key>#<n>): {key!r}")
    return story, int(number)


def rows(record: EventRecord, story_key: str, first_received_at: datetime) -> list[CodedRow]:
    """One row per event of ``record``, in order (``event`` 0, 1, ...)."""
    return [_row(record, story_key, first_received_at, n, e) for n, e in enumerate(record.events)]


def changes(admitted: Admitted) -> list[Coded]:
    """What one record the story book admitted writes to the coded-events topic (the rules
    in the module docstring), the expired stories' tombstones last."""
    entry = admitted.entry
    out: list[Coded] = []
    if entry.live is True:
        written = rows(admitted.record, entry.story_key, entry.first_seen)
        out.extend(Coded(coded_key(entry.story_key, row.event), row) for row in written)
        out.extend(_tombstones(entry.story_key, range(len(written), entry.events_high)))
    elif entry.live is False:
        out.extend(_tombstones(entry.story_key, range(entry.events_high)))
    for expired in admitted.expired:
        out.extend(_tombstones(expired.story_key, range(expired.events_high)))
    return out


def _tombstones(story_key: str, numbers: Iterable[int]) -> list[Coded]:
    return [Coded(coded_key(story_key, n), None) for n in numbers]


def _joined(values: Iterable[str | None]) -> str:
    """Items joined with ``;`` (a missing one empty; a ``;`` inside a name becomes ``,``,
    so that splitting the column gives the items back)."""
    return SEPARATOR.join((v or "").replace(SEPARATOR, ",") for v in values)


def _row(
    record: EventRecord, story_key: str, first: datetime, number: int, event: CodedEvent
) -> CodedRow:
    dateline = record.dateline
    date = event.date or (dateline.date if dateline is not None else None)
    place = event.place
    agency = record_provider(record) if not record.agencies else record.agencies[0].code
    actors: list[EventActor] = event.actor
    recipients: list[EventActor] = event.recipient
    return CodedRow(
        story_key=story_key,
        record_id=record.id,
        event=number,
        date=date or record.received_at.date(),
        date_stated=event.date is not None,
        type=event.type,
        mode=event.mode,
        quad=event.quad,
        context=_joined(event.context),
        actor_names=_joined(a.name for a in actors),
        actor_countries=_joined(a.country for a in actors),
        actor_sectors=_joined(a.sector for a in actors),
        recipient_names=_joined(r.name for r in recipients),
        recipient_countries=_joined(r.country for r in recipients),
        recipient_sectors=_joined(r.sector for r in recipients),
        place_name=place.name if place is not None else None,
        place_country=place.country_code if place is not None else None,
        lat=place.lat if place is not None else None,
        lon=place.lon if place is not None else None,
        provider=None if agency == "unknown" else agency,
        language=record.language,
        first_received_at=first,
        received_at=record.received_at,
        trigger=event.trigger,
        confidence=event.confidence,
    )
