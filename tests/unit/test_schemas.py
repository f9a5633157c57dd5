"""The checked-in JSON Schemas are the ones the models generate, and they accept real records."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import jsonschema

from tests.conftest import SEEDS
from wiredesk import codec
from wiredesk.jsonschema import render_schemas
from wiredesk.models import Envelope
from wiredesk.normalize.pipeline import Resources, normalize

SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"


def test_checked_in_schemas_match_the_models() -> None:
    for name, text in render_schemas().items():
        path = SCHEMAS / name
        assert path.exists(), f"{name} missing: run `make schemas`"
        assert path.read_text(encoding="utf-8") == text, f"{name} drifted: run `make schemas`"


def test_envelope_schema_requires_nothing_but_accepts_the_documented_fields() -> None:
    schema = json.loads((SCHEMAS / "envelope.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    props = set(schema["properties"])
    assert props == {
        "id", "text", "headline", "body", "received_at", "source", "language",
        # envelope version 2: the story's lifecycle
        "guid", "version", "status", "signals", "urgency", "provider", "slugline",
        "previous_version",
    }  # fmt: skip


def test_event_record_schema_lists_the_contract_fields() -> None:
    schema = json.loads((SCHEMAS / "event-record.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    assert set(schema["required"]) >= {"id", "language", "received_at", "headline", "body"}
    assert set(schema["properties"]) == {
        "id", "schema_version", "language", "received_at", "source", "headline", "body",
        "slugline", "update", "bylines", "signoff", "dateline", "agencies", "entities", "warnings",
        # schema version 2
        "format", "story", "subjects", "located",
        # schema version 3
        "lifecycle",
        # schema version 4
        "language_source", "language_confidence",
        # schema version 5
        "notes",
        # schema version 6
        "events",
    }  # fmt: skip
    assert schema["additionalProperties"] is False


def test_records_of_every_seed_story_validate_against_the_published_schema(
    text_resources: Resources,
) -> None:
    """What consumers validate against is what the service writes."""
    schema = json.loads((SCHEMAS / "event-record.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    for path in sorted(SEEDS.glob("*.txt")):
        record = normalize(
            Envelope(text=path.read_text(encoding="utf-8")),
            text_resources,
            received_at=datetime(2024, 6, 1, tzinfo=UTC),
        )
        document = json.loads(codec.encode_record(record))
        errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(document)]
        assert not errors, f"{path.name}: {errors}"


def test_the_envelope_schema_accepts_what_the_codec_accepts_and_refuses_the_rest() -> None:
    schema = json.loads((SCHEMAS / "envelope.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    assert validator.is_valid(
        {"id": "x", "text": "Headline\n\nBody", "received_at": "2024-06-01T00:00:00Z"}
    )
    assert validator.is_valid({"headline": "H", "body": "B", "source": "feed"})
    assert not validator.is_valid({"text": 42})
    assert not validator.is_valid({"headline": "a headline and nothing else"})
