"""The coded-events topic (issue 25, item 3) without a broker: a record's events as flat
rows, and what each record the story book admits writes there: rows of a new live
version, tombstones for the events it no longer reports, for a kill and for a story the
retention window ends, nothing for a record that is not the live version; the keeper's
batches (fake topics) and their replay. The events are built here, not coded: this is the
stage that carries them, whatever the coder finds."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import jsonschema
import pytest
from prometheus_client import CollectorRegistry

from tests.unit.test_keeper import FakeEvent, FakeTopic, NoProbe
from wiredesk.metrics import ServiceMetrics
from wiredesk.models import (
    CodedEvent,
    CodedRow,
    Envelope,
    EventActor,
    EventRecord,
    EventSentence,
    Place,
)
from wiredesk.normalize.pipeline import Resources, normalize
from wiredesk.settings import Settings
from wiredesk.stories.book import StoryBook
from wiredesk.stories.coded import Coded, changes, coded_key, rows, split_key
from wiredesk.stories.history import StoryState
from wiredesk.stream.delivery import Delivery
from wiredesk.stream.health import Health
from wiredesk.stream.keeper import StoryKeeper, outputs
from wiredesk.stream.views import WorkerState
from wiredesk.stream.worker import coded_topic_line

SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"
WHEN = datetime(2024, 7, 14, 16, 0, tzinfo=UTC)
TEXT = (
    "VALLETTA, July 14 (Reuters) - Malta's foreign minister met his Libyan counterpart in "
    "Valletta on Sunday to discuss migrant crossings, and Italy offered both governments "
    "three patrol boats for the central Mediterranean, the ministry said.\n"
)
VALLETTA = Place(
    text="VALLETTA", name="Valletta", country_code="MT", geonames_id=2562305,
    lat=35.89968, lon=14.5148,
)  # fmt: skip
MALTA = EventActor(name="Malta", country="MLT", sector="GOV")
LIBYA = EventActor(name="Libya", country="LBY", sector="GOV")
ITALY = EventActor(name="Italy", country="ITA", sector="GOV")


def event(
    kind: str, actors: list[EventActor], recipients: list[EventActor], **more: object
) -> CodedEvent:
    fields: dict[str, object] = {
        "type": kind,
        "actor": actors,
        "recipient": recipients,
        "trigger": "met",
        "sentence": EventSentence(field="body", start=0, end=120),
        "quad": "verbal-cooperation",
        "confidence": 0.8,
        "place": VALLETTA,
    }
    return CodedEvent.model_validate({**fields, **more})


CONSULT = event("CONSULT", [MALTA], [LIBYA], date=date(2024, 7, 14), context=["migration"])
AID = event(
    "AID", [ITALY], [MALTA, LIBYA], trigger="offered", quad="material-cooperation", mode="patrol"
)


@pytest.fixture
def base(text_resources: Resources) -> EventRecord:
    return normalize(Envelope(text=TEXT), text_resources, received_at=WHEN)


def version(base: EventRecord, n: int, events: list[CodedEvent], **story: object) -> EventRecord:
    meta = base.story.model_copy(update={"guid": "urn:wd:valletta", "version": n, **story})
    later = WHEN + timedelta(minutes=n)
    return base.model_copy(
        update={"id": f"v{n}", "story": meta, "events": events, "received_at": later}
    )


def compacted(written: list[Coded]) -> dict[str, CodedRow]:
    """What a consumer reading the topic to its end keeps: the last value per key, no
    tombstones."""
    last: dict[str, CodedRow | None] = {}
    for one in written:
        last[one.key] = one.row
    return {key: row for key, row in last.items() if row is not None}


def test_an_event_is_one_flat_row_an_analyst_can_load(base: EventRecord) -> None:
    record = version(base, 1, [CONSULT, AID])
    first = WHEN - timedelta(hours=1)
    consult, aid = rows(record, "guid:urn:wd:valletta", first)
    assert (consult.event, aid.event) == (0, 1)
    assert consult.story_key == "guid:urn:wd:valletta" and consult.record_id == "v1"
    assert (consult.type, consult.quad) == ("CONSULT", "verbal-cooperation")
    assert consult.context == "migration"
    assert consult.actor_names == "Malta" and consult.actor_countries == "MLT"
    assert consult.actor_sectors == "GOV"
    assert (aid.recipient_names, aid.recipient_countries) == ("Malta;Libya", "MLT;LBY")
    assert (aid.mode, aid.trigger, aid.context) == ("patrol", "offered", "")
    assert (consult.place_name, consult.place_country) == ("Valletta", "MT")
    assert (consult.lat, consult.lon) == (35.89968, 14.5148)
    assert consult.provider == "reuters"
    assert consult.first_received_at == first and consult.received_at == record.received_at
    assert (consult.date, consult.date_stated) == (date(2024, 7, 14), True)
    # without a date of its own, the event takes the dateline's (July 14 of the receive year)
    assert (aid.date, aid.date_stated) == (date(2024, 7, 14), False)
    # every column is a scalar
    document = json.loads(aid.model_dump_json())
    assert all(not isinstance(v, list | dict) for v in document.values())
    schema = json.loads((SCHEMAS / "coded-event.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(
        document
    )
    assert set(schema["properties"]) == set(document)


def test_a_name_with_a_semicolon_does_not_split_its_column(base: EventRecord) -> None:
    odd = EventActor(name="Ministry of Health; Malta", country=None, sector="GOV")
    (row,) = rows(version(base, 1, [event("CONSULT", [odd, LIBYA], [])]), "k", WHEN)
    assert row.actor_names.split(";") == ["Ministry of Health, Malta", "Libya"]
    assert row.actor_countries.split(";") == ["", "LBY"], "an unknown country is an empty item"


def test_the_key_is_the_story_key_and_the_event_number() -> None:
    assert coded_key("guid:urn:x", 0) == "guid:urn:x#0"
    assert split_key(coded_key("key:a#b", 12)) == ("key:a#b", 12), "the last # splits"
    with pytest.raises(ValueError, match="not a coded-events key"):
        split_key("guid:urn:x")


def test_a_version_that_drops_an_event_tombstones_its_number(base: EventRecord) -> None:
    book = StoryBook({}, timedelta(days=7))
    first = changes(book.admit(version(base, 1, [CONSULT, AID]), "raw:0:0"))
    assert [(c.key, c.row is None) for c in first] == [
        ("guid:urn:wd:valletta#0", False), ("guid:urn:wd:valletta#1", False),
    ]  # fmt: skip
    second = changes(book.admit(version(base, 2, [AID]), "raw:0:1"))
    assert [(c.key, c.row is None) for c in second] == [
        ("guid:urn:wd:valletta#0", False), ("guid:urn:wd:valletta#1", True),
    ]  # fmt: skip
    left = compacted(first + second)
    assert [(r.record_id, r.type) for r in left.values()] == [("v2", "AID")]
    # a third version with none of them: every key ever written goes
    third = changes(book.admit(version(base, 3, []), "raw:0:2"))
    assert [(c.key, c.row) for c in third] == [
        ("guid:urn:wd:valletta#0", None), ("guid:urn:wd:valletta#1", None),
    ]  # fmt: skip
    assert compacted(first + second + third) == {}


def test_rows_keep_the_first_receive_time_of_the_story(base: EventRecord) -> None:
    book = StoryBook({}, timedelta(days=7))
    book.admit(version(base, 1, [CONSULT]), "raw:0:0")
    (row,) = [c.row for c in changes(book.admit(version(base, 2, [CONSULT]), "raw:0:1"))]
    assert row is not None and row.record_id == "v2"
    assert row.first_received_at == WHEN + timedelta(minutes=1), "version 1's receive time"


def test_a_kill_tombstones_every_event_ever_written(base: EventRecord) -> None:
    book = StoryBook({}, timedelta(days=7))
    written = changes(book.admit(version(base, 1, [CONSULT, AID]), "raw:0:0"))
    written += changes(book.admit(version(base, 2, [CONSULT]), "raw:0:1"))
    kill = changes(book.admit(version(base, 3, [], status="canceled"), "raw:0:2"))
    assert [(c.key, c.row) for c in kill] == [
        ("guid:urn:wd:valletta#0", None), ("guid:urn:wd:valletta#1", None),
    ]  # fmt: skip
    assert compacted(written + kill) == {}


def test_records_that_are_not_the_live_version_write_nothing(base: EventRecord) -> None:
    book = StoryBook({}, timedelta(days=7))
    book.admit(version(base, 2, [CONSULT]), "raw:0:0")
    stale = book.admit(version(base, 1, [CONSULT, AID]), "raw:0:1")
    repeat = book.admit(version(base, 2, [CONSULT]), "raw:0:2")
    assert (stale.entry.lifecycle.action, repeat.entry.lifecycle.action) == ("stale", "repeat")
    assert changes(stale) == [] and changes(repeat) == []
    book.admit(version(base, 3, [], status="canceled"), "raw:0:3")
    late = book.admit(version(base, 4, [CONSULT, AID]), "raw:0:4")
    assert late.entry.lifecycle.action == "stale" and changes(late) == []


def test_a_story_the_retention_window_ends_is_tombstoned(base: EventRecord) -> None:
    book = StoryBook({}, timedelta(hours=1))
    written = changes(book.admit(version(base, 1, [CONSULT, AID]), "raw:0:0"))
    other = base.model_copy(
        update={"id": "later", "received_at": WHEN + timedelta(hours=3), "events": []}
    )
    gone = book.admit(other, "raw:0:1")
    assert [x.story_key for x in gone.expired] == ["guid:urn:wd:valletta"]
    assert [(c.key, c.row) for c in changes(gone)] == [
        ("guid:urn:wd:valletta#0", None), ("guid:urn:wd:valletta#1", None),
    ]  # fmt: skip
    assert compacted(written + changes(gone)) == {}


def test_a_state_kept_before_the_coded_topic_loads_with_nothing_written() -> None:
    old = {
        "key": "guid:x", "first_id": "x:1", "first_seen": "2024-07-14T16:00:00Z",
        "last_seen": "2024-07-14T16:00:00Z", "sequence": 1, "version": 1, "live": "x:1",
    }  # fmt: skip
    assert StoryState.model_validate_json(json.dumps(old)).events_high == 0


def keeper(
    log: list[tuple[str, str, bytes]], coded: FakeTopic | None
) -> tuple[StoryKeeper, CollectorRegistry]:
    registry = CollectorRegistry()
    metrics = ServiceMetrics.create(registry)
    health = Health(WorkerState(model_loaded=True), metrics, ["wire.raw"], NoProbe())
    delivery = Delivery(FakeTopic("wire.dlq", log), metrics, health)  # type: ignore[arg-type]
    events, stories = FakeTopic("wire.events", log), FakeTopic("wire.stories", log)
    table: dict[bytes, bytes] = {}
    kept = StoryKeeper(Settings(), metrics, table, events, stories, delivery, coded_topic=coded)  # type: ignore[arg-type]
    return kept, registry


def test_the_keeper_sends_rows_and_tombstones_and_a_replay_sends_the_same(
    base: EventRecord,
) -> None:
    log: list[tuple[str, str, bytes]] = []
    coded = FakeTopic("wire.coded", log)
    kept, registry = keeper(log, coded)
    batch = [
        FakeEvent(0, version(base, 1, [CONSULT, AID])),
        FakeEvent(1, version(base, 2, [AID])),
        FakeEvent(2, version(base, 3, [], status="canceled")),
    ]
    asyncio.run(kept.process(batch[:2]))  # type: ignore[arg-type]
    keys = [key for what, topic, key in log if (what, topic) == ("publish", "wire.coded")]
    assert keys == [b"guid:urn:wd:valletta#0", b"guid:urn:wd:valletta#1"] * 2
    assert [v is None for v in coded.sent] == [False, False, False, True]
    first_pass = list(coded.sent)
    # version 2 read again after a crash (its offset not committed): it is still the live
    # version, so it sends the same row and tombstone again
    kept.reset()
    asyncio.run(kept.process(batch[1:2]))  # type: ignore[arg-type]
    assert coded.sent[len(first_pass) :] == first_pass[2:], "the replay repeats what holds"
    asyncio.run(kept.process(batch[2:]))  # type: ignore[arg-type]
    assert coded.sent[-2:] == [None, None], "the kill deletes both keys"
    assert registry.get_sample_value("wiredesk_coded_events_total", {"type": "AID"}) == 3
    assert registry.get_sample_value("wiredesk_coded_tombstones_total") == 4


def test_without_a_coded_topic_the_keeper_writes_its_other_outputs_only(
    base: EventRecord,
) -> None:
    log: list[tuple[str, str, bytes]] = []
    kept, _ = keeper(log, None)
    asyncio.run(kept.process([FakeEvent(0, version(base, 1, [CONSULT]))]))  # type: ignore[arg-type]
    assert {topic for _, topic, _ in log} == {"wire.events", "wire.stories"}
    book = StoryBook({}, timedelta(days=7))
    admitted = book.admit(version(base, 1, [CONSULT]), "raw:0:0")
    assert [topic for topic, _, _ in outputs(admitted, b"v")] == ["events", "stories"]


def test_the_start_up_line_says_whether_the_coded_topic_is_written() -> None:
    assert "to wire.coded" in coded_topic_line(Settings(lifecycle=True))
    off = coded_topic_line(Settings(lifecycle=False))
    assert "wire.coded is not written" in off and "WIREDESK_LIFECYCLE is off" in off


def test_the_coded_topic_must_differ_from_the_others() -> None:
    with pytest.raises(ValueError, match="WIREDESK_CODED_TOPIC must all differ"):
        Settings(coded_topic="wire.stories")
