"""The worker against a real broker: seeds in, events out equal to the offline command's,
bad input dead-lettered with its original bytes and headers, everything counted."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from service.codec import timestamp_to_datetime
from tests.conftest import SEEDS
from tests.integration.conftest import (
    Consumed,
    Topics,
    produce,
    read_topic,
    wiredesk_cli,
    worker_env,
)

pytestmark = pytest.mark.integration

SEED_FILES = sorted(SEEDS.glob("*.txt"))


def _offline_records(env: dict[str, str], inputs: list[Consumed], tmp_path: Path) -> dict[str, str]:
    """`wiredesk normalize` on the same stories, each with its Kafka timestamp as receive time."""
    lines = [
        json.dumps(
            {
                "text": (message.value or b"").decode(),
                "received_at": timestamp_to_datetime(message.timestamp).isoformat(),
            }
        )
        for message in inputs
    ]
    batch = tmp_path / "offline.jsonl"
    batch.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = wiredesk_cli(env, "normalize", str(batch))
    assert run.returncode == 0, run.stderr.decode()
    out = run.stdout.decode().splitlines()
    return {json.loads(line)["id"]: line for line in out}


def test_seed_stories_come_out_equal_to_the_offline_command(
    bootstrap: str, topics: Topics, make_worker: Any, tmp_path: Path
) -> None:
    env = worker_env(bootstrap, topics)
    worker = make_worker(env)
    worker.wait_ready()

    published = wiredesk_cli(env, "publish", str(SEEDS))
    assert published.returncode == 0, published.stderr.decode()

    events = read_topic(bootstrap, topics.events, expect=len(SEED_FILES), timeout=60)
    assert len(events) == len(SEED_FILES), worker.log_tail()
    inputs = read_topic(bootstrap, topics.raw)
    assert len(inputs) == len(SEED_FILES)

    # Keys: the worker keys each event by its record id, the id `publish` keyed the input with.
    assert {e.key for e in events} == {i.key for i in inputs}
    offline = _offline_records(env, inputs, tmp_path)
    for event in events:
        assert event.value is not None and event.key is not None
        record_id = event.key.decode()
        assert event.value.decode() == offline[record_id], f"record {record_id} differs"

    # Nothing dead-lettered, and the worker's counters match what the topics hold.
    assert read_topic(bootstrap, topics.dlq) == []
    metrics = worker.metrics()
    assert metrics[f'wiredesk_stories_consumed_total{{topic="{topics.raw}"}}'] == len(inputs)
    assert metrics[f'wiredesk_events_produced_total{{topic="{topics.events}"}}'] == len(events)
    dead_letter_counts = [
        v for k, v in metrics.items() if k.startswith("wiredesk_dead_letters_total")
    ]
    assert dead_letter_counts, "the dead-letter series exist from the start"
    assert all(v == 0 for v in dead_letter_counts)
    lag = [v for k, v in metrics.items() if k.startswith("wiredesk_consumer_lag{")]
    assert lag, "no consumer lag gauge"
    assert all(v == 0 for v in lag)
    records = [json.loads(e.value or b"") for e in events]
    by_agency = Counter(a["code"] for r in records for a in r["agencies"])
    for code, count in by_agency.items():
        assert metrics[f'wiredesk_stories_by_agency_total{{agency="{code}"}}'] == count
    assert metrics["wiredesk_ready"] == 1
    assert metrics["faust_messages_received_total"] >= len(inputs)


BIG = 4096  # the worker below runs with WIREDESK_MAX_STORY_BYTES=BIG

BAD_INPUTS: list[tuple[str, bytes, list[tuple[str, bytes]], str]] = [
    ("invalid-json", b'{"text": "unterminated', [], "invalid_json"),
    ("json-array", b'[{"text": "a"}]', [("content-type", b"application/json")], "invalid_envelope"),
    ("no-text", b'{"headline": "Only a headline", "id": "x"}', [], "missing_text"),
    ("bad-utf8", b"Headline\n\nPARIS (AFP) - caf\xe9 au lait", [], "invalid_utf8"),
    ("empty", b"", [], "empty_story"),
    ("too-big", b"Big story\n\n" + b"word " * BIG, [], "story_too_large"),
    ("whitespace", b" \n\n\t  \n", [], "whitespace_only"),
    ("binary", bytes(range(1, 32)) * 8, [], "binary_content"),
]  # fmt: skip


def test_bad_input_is_dead_lettered_with_its_bytes_and_why(
    bootstrap: str, topics: Topics, make_worker: Any
) -> None:
    env = worker_env(bootstrap, topics, WIREDESK_MAX_STORY_BYTES=str(BIG))
    worker = make_worker(env)
    worker.wait_ready()
    good = b"Harbour reopens\n\nLISBON, May 3 (Reuters) - The harbour reopened on Friday."
    messages = [(name.encode(), value, headers) for name, value, headers, _ in BAD_INPUTS]
    messages.insert(3, (b"good-1", good, []))
    messages.append((b"good-2", good.replace(b"Friday", b"Saturday"), []))
    produce(bootstrap, topics.raw, messages)

    dead = read_topic(bootstrap, topics.dlq, expect=len(BAD_INPUTS), timeout=60)
    events = read_topic(bootstrap, topics.events, expect=2, timeout=30)
    inputs = read_topic(bootstrap, topics.raw)
    assert len(inputs) == len(messages)
    # Every consumed record ends as exactly one event or one dead letter.
    assert len(dead) + len(events) == len(inputs), worker.log_tail()
    assert {e.key for e in events} == {b"good-1", b"good-2"}

    by_key = {d.key: d for d in dead}
    originals = {i.key: i for i in inputs}
    for name, value, _, code in BAD_INPUTS:
        letter = by_key[name.encode()]
        assert letter.value == value, f"{name}: the original bytes must be kept"
        assert letter.headers["wiredesk.error.code"] == code, f"{name}: {letter.headers}"
        assert letter.headers["wiredesk.error.message"]
        assert letter.headers["wiredesk.error.stage"] in {"decode", "clean"}
        source = originals[name.encode()]
        assert letter.headers["wiredesk.source.topic"] == topics.raw
        assert int(letter.headers["wiredesk.source.partition"]) == source.partition
        assert int(letter.headers["wiredesk.source.offset"]) == source.offset
        assert int(letter.headers["wiredesk.source.timestamp"]) == source.timestamp

    assert worker.alive(), worker.log_tail()
    status, _ = worker.readyz()
    assert status == 200
    metrics = worker.metrics()
    for code, count in Counter(code for *_, code in BAD_INPUTS).items():
        assert metrics[f'wiredesk_dead_letters_total{{code="{code}"}}'] == count
    assert metrics[f'wiredesk_stories_consumed_total{{topic="{topics.raw}"}}'] == len(inputs)
    assert metrics[f'wiredesk_events_produced_total{{topic="{topics.events}"}}'] == len(events)


def test_tail_prints_events_and_dead_letters(
    bootstrap: str, topics: Topics, make_worker: Any
) -> None:
    env = worker_env(bootstrap, topics)
    worker = make_worker(env)
    worker.wait_ready()
    produce(bootstrap, topics.raw, [
        (b"ok", b"Rain\n\nOSLO (NTB) - It rained.", []),
        (b"bad", b"\xff\xfe\xfd", []),
    ])  # fmt: skip
    read_topic(bootstrap, topics.dlq, expect=1)
    read_topic(bootstrap, topics.events, expect=1)
    events = wiredesk_cli(env, "tail", "--max", "1", "--timeout", "20")
    assert events.returncode == 0, events.stderr.decode()
    [record] = [json.loads(line) for line in events.stdout.decode().splitlines()]
    assert record["id"] == "ok"
    assert record["dateline"]["place"]["country_code"] == "NO"
    dead = wiredesk_cli(env, "tail", "--topic", topics.dlq, "--max", "1", "--timeout", "20")
    [letter] = [json.loads(line) for line in dead.stdout.decode().splitlines()]
    assert letter["key"] == "bad"
    assert letter["headers"]["wiredesk.error.code"] == "invalid_utf8"
    assert letter["value_base64"] == "//79"
