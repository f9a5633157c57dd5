"""The checked-in JSON Schemas are the ones the models generate, and they accept real records."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from service.jsonschema import render_schemas

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
    assert props == {"id", "text", "headline", "body", "received_at", "source", "language"}


def test_event_record_schema_lists_the_contract_fields() -> None:
    schema = json.loads((SCHEMAS / "event-record.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    assert set(schema["required"]) >= {"id", "language", "received_at", "headline", "body"}
    assert set(schema["properties"]) == {
        "id", "schema_version", "language", "received_at", "source", "headline", "body",
        "slugline", "update", "bylines", "signoff", "dateline", "agencies", "entities", "warnings",
    }  # fmt: skip
    assert schema["additionalProperties"] is False
