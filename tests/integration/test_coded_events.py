"""wire.coded on a real broker (issue 25, item 3): the story keeper writes one row per event
of each live story, and a consumer that reads the topic to its end, keeping the last value
of each key and dropping tombstones (what docs/coded.md tells an analyst to do), sees only
the events of live stories: the seed story's CONSULT until its kill, and after a version
that reports fewer events only that version's."""

from __future__ import annotations

import asyncio
import json
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType

from tests.conftest import SEEDS
from tests.integration.conftest import Topics, produce, read_topic, worker_env
from wiredesk import codec
from wiredesk.codec import SourcePosition
from wiredesk.models import CodedEvent, EventActor, EventRecord, EventSentence, Story
from wiredesk.stories.coded import split_key
from wiredesk.stream.keeper import by_key_record

pytestmark = [pytest.mark.integration, pytest.mark.slow]

SEED = SEEDS / "000_118fa2c7f2d82249.txt"  # Pompeo and Motegi meet in Tokyo (EFE-EPA)
JSON_TYPE = [("content-type", b"application/json")]


def _env(bootstrap: str, topics: Topics, tmp_path: Path) -> dict[str, str]:
    return worker_env(
        bootstrap,
        topics,
        keeper=True,
        WIREDESK_LANGUAGES="en",
        WIREDESK_DATA_DIR=str(tmp_path / "data"),
    )


def _coded(topics: Topics) -> str:
    return f"{topics.raw}.coded"


def _wait_events(bootstrap: str, topics: Topics, expect: int) -> list[dict[str, Any]]:
    """The records on the output topic once ``expect`` distinct ids came out."""
    deadline = time.monotonic() + 120
    while True:
        records = read_topic(bootstrap, topics.events, expect=expect, timeout=60)
        found = {e["id"]: e for e in (json.loads(r.value) for r in records if r.value)}
        if len(found) >= expect or time.monotonic() > deadline:
            assert len(found) >= expect, f"only {len(found)} of {expect} records came out"
            return list(found.values())
        time.sleep(0.3)


def _table(bootstrap: str, topic: str) -> tuple[dict[str, dict[str, Any]], dict[str, bool]]:
    """The topic read to its end: the live rows (last value per key, tombstones dropped),
    and for every key ever written whether its last record is a tombstone."""
    last: dict[str, bytes | None] = {}
    for record in read_topic(bootstrap, topic, expect=None, timeout=60):
        last[(record.key or b"").decode("utf-8")] = record.value
    live = {key: json.loads(value) for key, value in last.items() if value is not None}
    return live, {key: value is None for key, value in last.items()}


async def _topic_config(bootstrap: str, topic: str, name: str) -> str | None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        wanted = [ConfigResource(ConfigResourceType.TOPIC, topic)]
        for response in await admin.describe_configs(wanted):
            for resource in response.resources:  # (error, message, type, name, entries)
                for entry in resource[4]:
                    if entry[0] == name:
                        return str(entry[1])
        return None
    finally:
        await admin.close()


def _countries(row: dict[str, Any]) -> set[str]:
    return {c for c in f"{row['actor_countries']};{row['recipient_countries']}".split(";") if c}


def test_the_seed_storys_consult_is_on_wire_coded_until_its_kill(
    bootstrap: str, topics: Topics, make_worker: Any, tmp_path: Path
) -> None:
    worker = make_worker(_env(bootstrap, topics, tmp_path))
    worker.wait_ready()
    guid = f"urn:wiredesk.test:{topics.raw}:pompeo-motegi"
    story = f"guid:{guid}"
    seed = {"guid": guid, "version": 1, "text": SEED.read_text(encoding="utf-8")}
    produce(bootstrap, topics.raw, [(b"seed", json.dumps(seed).encode(), JSON_TYPE)])
    (record,) = _wait_events(bootstrap, topics, 1)
    assert record["lifecycle"]["action"] == "new"
    live, _ = _table(bootstrap, _coded(topics))
    rows = [row for key, row in live.items() if split_key(key)[0] == story]
    assert len(rows) == len(record["events"]) > 0, "one row per event of the record"
    assert sorted(row["event"] for row in rows) == list(range(len(rows)))
    consult = [row for row in rows if row["type"] == "CONSULT"]
    assert consult, f"no CONSULT among {[row['type'] for row in rows]}"
    assert any({"USA", "JPN"} <= _countries(row) for row in consult), consult
    assert all(row["record_id"] == record["id"] and row["provider"] for row in rows)
    policy = asyncio.run(_topic_config(bootstrap, _coded(topics), "cleanup.policy"))
    assert policy == "compact", "the worker creates wire.coded compacted"

    kill = {
        "guid": guid,
        "version": 2,
        "status": "canceled",
        "text": "KILL: Pompeo, Motegi reaffirm security cooperation in the Pacific\n\n"
        "Tokyo, Oct 6 (efe-epa).- EFE withdraws this story. It will not be replaced. EFE-EPA",
    }
    produce(bootstrap, topics.raw, [(b"kill", json.dumps(kill).encode(), JSON_TYPE)])
    killed = next(e for e in _wait_events(bootstrap, topics, 2) if e["id"] != record["id"])
    assert killed["lifecycle"]["action"] == "kill"
    live, deleted = _table(bootstrap, _coded(topics))
    assert not [key for key in live if split_key(key)[0] == story], "an event outlived the kill"
    mine = [key for key in deleted if split_key(key)[0] == story]
    assert len(mine) == len(rows) and all(deleted[key] for key in mine), "each key tombstoned"
    metrics = worker.metrics()
    assert metrics['wiredesk_coded_events_total{type="CONSULT"}'] >= 1
    assert metrics["wiredesk_coded_tombstones_total"] == len(rows)


# ------------------------------------------- the keeper fed its by-key topic directly

WHEN = datetime(2026, 3, 9, 12, 0, tzinfo=UTC)
CHILE = EventActor(name="Chile", country="CHL", sector="GOV")
UNION = EventActor(name="dock workers", country="CHL", sector="LAB")


def _event(kind: str, trigger: str, quad: str) -> CodedEvent:
    return CodedEvent.model_validate(
        {"type": kind, "actor": [UNION], "recipient": [CHILE], "trigger": trigger, "quad": quad,
         "sentence": EventSentence(field="body", start=0, end=80), "confidence": 0.7}
    )  # fmt: skip


def _version(guid: str, n: int, events: list[CodedEvent]) -> EventRecord:
    return EventRecord(
        id=f"{guid}:{n}",
        language="en",
        received_at=WHEN,
        headline="Chile port strike ends after operator agrees new shifts",
        body="VALPARAISO, March 9 (Reuters) - Dock workers ended a four-day strike on Monday.",
        story=Story(guid=guid, version=n),
        events=events,
    )


def test_a_version_that_reports_fewer_events_leaves_only_its_own(
    bootstrap: str, topics: Topics, make_worker: Any, tmp_path: Path
) -> None:
    """Stage 2 alone: records with events built here go straight to the keeper's by-key
    topic, as stage 1 would send them (the bench feeds the keeper the same way)."""
    worker = make_worker(_env(bootstrap, topics, tmp_path))
    worker.wait_ready()
    guid = f"urn:wiredesk.test:{topics.raw}:port-strike"
    protest = _event("PROTEST", "strike", "verbal-conflict")
    agree = _event("AGREE", "agreed", "verbal-cooperation")
    by_key = f"group-{topics.raw}-stories-by-key"
    for n, events in enumerate([[protest, agree], [agree]], start=1):
        record = _version(guid, n, events)
        position = SourcePosition(topics.raw, 0, n, int(time.time() * 1000))
        key, headers = by_key_record(record, position, None)
        produce(bootstrap, by_key, [(key, codec.encode_record(record), headers)])
        _wait_events(bootstrap, topics, n)
    live, deleted = _table(bootstrap, _coded(topics))
    story = f"guid:{guid}"
    assert [(key, row["type"], row["record_id"]) for key, row in live.items()] == [
        (f"{story}#0", "AGREE", f"{guid}:2")
    ], "only the second version's one event is left"
    assert deleted == {f"{story}#0": False, f"{story}#1": True}
