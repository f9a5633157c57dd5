"""Every seed story's record, in the ninjs view, validates against IPTC's ninjs 2.1 schema."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import jsonschema
import pytest
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from tests.conftest import SEEDS, SHARED
from wiredesk.formats import read_value
from wiredesk.models import Envelope
from wiredesk.ninjs import to_ninjs
from wiredesk.normalize.pipeline import Resources, normalize

NINJS = SHARED / "schemas" / "ninjs" / "ninjs-schema_2.1.json"
GEOJSON_ID = "https://geojson.org/schema/GeoJSON.json"

# The ninjs schema refers to the GeoJSON schema, which cannot be fetched here. This local
# stand-in checks what wiredesk writes into `geojson`: a Point with [lon, lat].
LOCAL_GEOJSON = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": GEOJSON_ID,
    "type": "object",
    "required": ["type", "coordinates"],
    "properties": {
        "type": {"const": "Point"},
        "coordinates": {
            "type": "array",
            "prefixItems": [
                {"type": "number", "minimum": -180, "maximum": 180},
                {"type": "number", "minimum": -90, "maximum": 90},
            ],
            "minItems": 2,
            "maxItems": 3,
        },
    },
}


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    if not NINJS.exists():
        pytest.skip(f"the ninjs schema is not at {NINJS.name} under ../shared (shared/ absent)")
    schema = json.loads(NINJS.read_text(encoding="utf-8"))
    registry: Registry = Registry().with_resource(
        GEOJSON_ID, Resource.from_contents(LOCAL_GEOJSON, default_specification=DRAFT202012)
    )
    return jsonschema.Draft202012Validator(
        schema, registry=registry, format_checker=jsonschema.FormatChecker()
    )


SEED_FILES = sorted(p for p in SEEDS.glob("*.txt"))


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name)
def test_seed_record_is_valid_ninjs(
    path: Path, resources: Resources, validator: jsonschema.Draft202012Validator
) -> None:
    record = normalize(
        Envelope(text=path.read_text(encoding="utf-8")),
        resources,
        received_at=datetime(2024, 6, 1, tzinfo=UTC),
    )
    doc = to_ninjs(record)
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)
    assert doc["headlines"][0]["value"] == record.headline
    assert doc["bodies"][0]["value"] == record.body
    assert {i["literal"] for i in doc.get("infosources", [])} == {
        f"wiredesk-agency:{a.code}" for a in record.agencies
    }


def test_seed_story_ninjs_names_place_people_and_agencies(
    resources: Resources, validator: jsonschema.Draft202012Validator
) -> None:
    seed = SEEDS / "000_118fa2c7f2d82249.txt"
    record = normalize(
        Envelope(text=seed.read_text(encoding="utf-8")),
        resources,
        received_at=datetime(2020, 10, 6, 1, tzinfo=UTC),
    )
    doc = to_ninjs(record)
    assert doc["located"] == "Tokyo"
    located = next(p for p in doc["places"] if p.get("rel") == "located")
    assert located["uri"] == "https://sws.geonames.org/1850147/"
    assert located["literal"] == "iso3166-1a2:JP"
    assert "Mike Pompeo" in {p["name"] for p in doc["people"]}
    assert [i["literal"] for i in doc["infosources"]] == [
        "wiredesk-agency:efe",
        "wiredesk-agency:epa",
    ]
    assert not list(validator.iter_errors(doc))


def test_the_envelope_source_is_kept_as_an_altid(
    text_resources: Resources, validator: jsonschema.Draft202012Validator
) -> None:
    record = normalize(
        Envelope(id="feed-42", text="Rain\n\nOSLO (NTB) - It rained.", source="ntb-feed"),
        text_resources,
        received_at=datetime(2024, 6, 1, tzinfo=UTC),
    )
    doc = to_ninjs(record)
    assert doc["altids"] == [
        {"role": "wiredesk-id", "value": "feed-42"},
        {"role": "source", "value": "ntb-feed"},
    ]
    assert not list(validator.iter_errors(doc))


FORMAT_SEEDS = sorted((SEEDS / "formats").glob("*"))


@pytest.mark.parametrize("path", FORMAT_SEEDS, ids=lambda p: p.name)
def test_format_seed_record_is_valid_ninjs_with_its_story_fields(
    path: Path, text_resources: Resources, validator: jsonschema.Draft202012Validator
) -> None:
    document = read_value(path.read_bytes(), max_bytes=512 * 1024)
    record = normalize(
        document.envelope,
        text_resources,
        received_at=datetime(2024, 6, 1, tzinfo=UTC),
        meta=document.meta,
    )
    doc = to_ninjs(record)
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)
    story = record.story
    assert doc["version"] == str(story.version)
    assert doc["pubstatus"] == story.status
    assert doc.get("urgency") == story.urgency
    if story.version_created is not None:
        assert doc["versioncreated"] == story.version_created.isoformat().replace("+00:00", "Z")
    about = [s["literal"] for s in doc.get("subjects", []) if s.get("rel") == "about"]
    assert about == [s.code for s in record.subjects]


def test_ninjs_maps_the_embargo_and_the_media_topic_uri(
    text_resources: Resources, validator: jsonschema.Draft202012Validator
) -> None:
    path = SEEDS / "formats" / "g2_afp_stockholm_embargo.xml"
    document = read_value(path.read_bytes(), max_bytes=512 * 1024)
    record = normalize(
        document.envelope, text_resources, received_at=datetime(2029, 12, 30, tzinfo=UTC),
        meta=document.meta,
    )  # fmt: skip
    doc = to_ninjs(record)
    assert doc["embargoed"] == "2030-01-01T00:00:00Z"
    assert doc["firstcreated"] == "2029-12-30T11:20:00Z"
    assert doc["version"] == "2"
    mining = next(s for s in doc["subjects"] if s.get("literal") == "medtop:20000587")
    assert mining == {
        "rel": "about",
        "literal": "medtop:20000587",
        "name": "mining and metals",
        "uri": "http://cv.iptc.org/newscodes/mediatopic/20000587",
    }
    assert not list(validator.iter_errors(doc))


def test_notes_to_editors_are_the_ninjs_ednote(
    text_resources: Resources, validator: jsonschema.Draft202012Validator
) -> None:
    path = SEEDS / "formats" / "anpa_ap_boise_smoke.tst"
    document = read_value(path.read_bytes(), max_bytes=512 * 1024)
    record = normalize(
        document.envelope,
        text_resources,
        received_at=datetime(2024, 6, 1, tzinfo=UTC),
        meta=document.meta,
    )
    doc = to_ninjs(record)
    assert not list(validator.iter_errors(doc))
    assert doc["ednote"] == "Eds: Moved in advance for use in Idaho."
    assert "Eds:" not in doc["bodies"][0]["value"]
