"""JSON Schemas of the contracts, generated from the models (``make schemas``)."""

from __future__ import annotations

import json

from pydantic import BaseModel

from wiredesk.models import (
    CODED_VERSION,
    ENVELOPE_VERSION,
    SCHEMA_VERSION,
    CodedRow,
    Envelope,
    EventRecord,
)

# File name -> (model, the contract's version in the schema's $id): the input envelope's
# own version (ENVELOPE_VERSION), the record's (SCHEMA_VERSION) and that of a row of the
# coded-events topic (CODED_VERSION).
SCHEMA_FILES: dict[str, tuple[type[BaseModel], str]] = {
    "envelope.schema.json": (Envelope, ENVELOPE_VERSION),
    "event-record.schema.json": (EventRecord, SCHEMA_VERSION),
    "coded-event.schema.json": (CodedRow, CODED_VERSION),
}
OUTPUTS: tuple[type[BaseModel], ...] = (EventRecord, CodedRow)  # schemas of what is written


def render_schemas() -> dict[str, str]:
    """File name -> schema text, exactly as checked into ``schemas/``."""
    rendered = {}
    for name, (model, version) in SCHEMA_FILES.items():
        schema = model.model_json_schema(mode="serialization" if model in OUTPUTS else "validation")
        schema = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"urn:wiredesk:schema:{name.removesuffix('.schema.json')}:{version}",
            **schema,
        }
        rendered[name] = json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
    return rendered
