"""The JSON envelope's lifecycle fields (envelope version 2): each one reaches the record's
``story`` (and ``slugline``) with the meaning NewsML-G2 gives it; a bad value is a coded
``invalid_envelope``; a body-only envelope is read like plain text."""

from __future__ import annotations

import json
from typing import Any

import pytest

from wiredesk import formats
from wiredesk.codec import SourcePosition
from wiredesk.errors import StoryError
from wiredesk.jsonschema import render_schemas
from wiredesk.models import ENVELOPE_VERSION, EventRecord
from wiredesk.normalize.pipeline import Resources
from wiredesk.process import Consumed, Event, Processor

POSITION = SourcePosition("wire.raw", 0, 7, 1_733_306_400_000)  # 2024-12-04T10:00:00Z
OSLO_BODY = (
    "OSLO, Dec 4 (Reuters) - Norway's central bank kept its policy rate at 4.5% on "
    "Wednesday, as forecast, and said a first cut was likely early next year.\n\n"
    "The decision was unanimous, Norges Bank said.\n\n"
    "(Reporting by Gwladys Fouche; Editing by Terje Solsvik)"
)
FULL = {
    "guid": "tag:wdk.example,2024:oslo-rates",
    "version": 1733306400,
    "status": "withheld",
    "signals": ["update", "correction"],
    "urgency": 3,
    "provider": "Reuters",
    "slugline": "NORWAY-CENBANK/RATES",
    "previous_version": "tag:wdk.example,2024:oslo-rates:1733302800",
}


def _envelope(**fields: Any) -> bytes:
    return json.dumps({"headline": "Norway holds rates", "body": OSLO_BODY, **fields}).encode()


def _record(value: bytes, resources: Resources, key: bytes | None = None) -> EventRecord:
    outcome = Processor(resources).one(Consumed(value, key, POSITION, formats.JSON))
    assert isinstance(outcome, Event), outcome
    return outcome.record


def test_every_lifecycle_field_reaches_the_record(text_resources: Resources) -> None:
    record = _record(_envelope(**FULL), text_resources)
    story = record.story
    assert story.guid == FULL["guid"]
    assert story.version == FULL["version"]
    assert story.status == "withheld"
    assert story.signals == ["update", "correction"]
    assert story.urgency == 3
    assert story.provider == "Reuters"
    assert story.previous_version == FULL["previous_version"]
    assert record.slugline == "NORWAY-CENBANK/RATES"
    assert record.format == "json"


def test_without_an_id_the_record_id_is_guid_and_version(text_resources: Resources) -> None:
    first = _record(_envelope(guid="g-oslo", version=3), text_resources)
    second = _record(_envelope(guid="g-oslo", version=4), text_resources)
    assert (first.id, second.id) == ("g-oslo:3", "g-oslo:4")
    assert _record(_envelope(id="mine", guid="g-oslo", version=4), text_resources).id == "mine"


def test_a_canceled_envelope_is_a_kill(text_resources: Resources) -> None:
    record = _record(_envelope(guid="g-oslo", version=5, status="canceled"), text_resources)
    assert record.story.status == "canceled"
    assert "kill" in record.story.signals


def test_a_kill_needs_no_body_beyond_its_headline(text_resources: Resources) -> None:
    value = json.dumps(
        {"guid": "g-oslo", "version": 6, "status": "canceled", "headline": "Withdrawn", "body": ""}
    ).encode()
    record = _record(value, text_resources)
    assert (record.id, record.headline, record.body) == ("g-oslo:6", "Withdrawn", "")
    assert record.story.status == "canceled"


def test_an_envelope_without_the_fields_is_a_usable_first_version(
    text_resources: Resources,
) -> None:
    story = _record(_envelope(), text_resources).story
    assert (story.guid, story.version, story.status, story.signals) == (None, 1, "usable", [])
    assert (story.urgency, story.provider, story.previous_version) == (None, None, None)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("version", 0),
        ("version", "two"),
        ("status", "deleted"),
        ("signals", ["breaking"]),
        ("signals", "update"),
        ("urgency", 0),
        ("urgency", 10),
        ("guid", ""),
        ("guid", "g" * 513),
        ("provider", ""),
        ("slugline", ""),
        ("previous_version", ""),
    ],
)
def test_a_bad_field_is_a_coded_error_naming_it(field: str, value: Any) -> None:
    with pytest.raises(StoryError) as caught:
        formats.read_document(_envelope(**{field: value}), formats.JSON)
    assert caught.value.code == "invalid_envelope"
    assert field in caught.value.message


def test_a_numeric_string_version_is_read_as_its_number() -> None:
    assert formats.read_document(_envelope(version="12"), formats.JSON).meta.version == 12


def test_a_body_only_envelope_is_read_like_plain_text(text_resources: Resources) -> None:
    """Its body is the story text: the same record as the plain text, but for the format."""
    body_only = json.dumps({"body": OSLO_BODY}).encode()
    as_json = Processor(text_resources).one(Consumed(body_only, b"k", POSITION, formats.JSON))
    as_text = Processor(text_resources).one(
        Consumed(OSLO_BODY.encode(), b"k", POSITION, formats.TEXT)
    )
    assert isinstance(as_json, Event) and isinstance(as_text, Event)
    assert as_json.record.format == "json"
    assert as_json.record.model_dump(exclude={"format"}) == as_text.record.model_dump(
        exclude={"format"}
    )
    document = formats.read_document(body_only, formats.JSON)
    assert document.envelope.text == OSLO_BODY
    assert document.envelope.headline is None


def test_the_envelope_schema_carries_its_version_and_the_fields() -> None:
    schema = json.loads(render_schemas()["envelope.schema.json"])
    assert schema["$id"] == f"urn:wiredesk:schema:envelope:{ENVELOPE_VERSION}"
    assert ENVELOPE_VERSION == "2"
    assert set(FULL) <= set(schema["properties"])
    signals = schema["properties"]["signals"]["items"]["enum"]
    assert signals == ["update", "correction", "refile", "kill", "advisory", "withdrawal"]
