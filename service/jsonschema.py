"""JSON Schemas of the contracts, generated from the models (``make schemas``)."""

from __future__ import annotations

import json

from pydantic import BaseModel

from service.models import Envelope, EventRecord

SCHEMA_FILES: dict[str, type[BaseModel]] = {
    "envelope.schema.json": Envelope,
    "event-record.schema.json": EventRecord,
}


def render_schemas() -> dict[str, str]:
    """File name -> schema text, exactly as checked into ``schemas/``."""
    rendered = {}
    for name, model in SCHEMA_FILES.items():
        schema = model.model_json_schema(
            mode="serialization" if model is EventRecord else "validation"
        )
        schema = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"urn:wiredesk:schema:{name.removesuffix('.schema.json')}:1",
            **schema,
        }
        rendered[name] = json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
    return rendered
