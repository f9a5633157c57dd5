"""Hostile input at volume through the running worker (issue 11, item 6).

Generated records (``tests/integration/hostile.py``, a fixed seed: mutated seed stories and
documents, random bytes, invalid UTF-8, deep and huge JSON, values over the size limit,
odd content types, XML entity bombs and DTDs, empty and null values, null keys) go
through one worker with a 64 kB story limit, so that "over the limit" is cheap. Every
record ends as exactly one event record or one dead letter: counted from both topics
(each outcome traced back to its input record) and from ``/metrics``. The worker never
restarts (one process, the same PID, alive) and ``/healthz`` answers throughout.

`make test` sends 400 records; `make faults` (WIREDESK_FAULTS=full) 10,000.
WIREDESK_HOSTILE_RECORDS and WIREDESK_HOSTILE_SEED override the count and the seed.
"""

from __future__ import annotations

import asyncio
import json
import os
import threading
import time
from collections import Counter
from datetime import datetime
from typing import Any

import pytest
from aiokafka import AIOKafkaProducer

from tests.integration import hostile
from tests.integration.conftest import Topics, Worker, read_topic, worker_env
from tests.integration.faultkit import FaultRow, FaultTable, Message
from wiredesk.errors import DEAD_LETTER_CODES, ErrorCode

pytestmark = [pytest.mark.integration, pytest.mark.slow]

FULL = os.environ.get("WIREDESK_FAULTS", "") == "full"
RECORDS = int(os.environ.get("WIREDESK_HOSTILE_RECORDS", 10_000 if FULL else 400))
SEED = int(os.environ.get("WIREDESK_HOSTILE_SEED", "11"))
MAX_STORY_BYTES = 64 * 1024
SPACING_MS = 10  # input record timestamps are base + 10 ms * index


async def _produce(
    bootstrap: str, topic: str, messages: list[Message], base_ms: int
) -> list[tuple[int, int]]:
    """Send every record with its own timestamp; (partition, offset) of each, in order."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", enable_idempotence=True)
    await producer.start()
    try:
        futures = []
        for n, (key, value, headers) in enumerate(messages):
            stamp = base_ms + SPACING_MS * n
            futures.append(
                await producer.send(topic, value, key=key, headers=headers, timestamp_ms=stamp)
            )
        sent = await asyncio.gather(*futures)
    finally:
        await producer.stop()
    return [(m.partition, m.offset) for m in sent]


class HealthPoller(threading.Thread):
    """GET /healthz every half second until stopped; every failure is kept."""

    def __init__(self, worker: Worker) -> None:
        super().__init__(daemon=True)
        self.worker, self.answers, self.failures = worker, 0, list[str]()
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.5):
            try:
                status, _ = self.worker.get("/healthz")
            except OSError as exc:
                self.failures.append(repr(exc))
                continue
            if status == 200:
                self.answers += 1
            else:
                self.failures.append(f"HTTP {status}")


def counters(worker: Worker, topics: Topics) -> tuple[float, float, dict[str, float]]:
    metrics = worker.metrics()
    prefix = 'wiredesk_dead_letters_total{code="'
    by_code = {k[len(prefix) : -2]: v for k, v in metrics.items() if k.startswith(prefix)}
    consumed = metrics[f'wiredesk_stories_consumed_total{{topic="{topics.raw}"}}']
    produced = metrics[f'wiredesk_events_produced_total{{topic="{topics.events}"}}']
    return consumed, produced, by_code


def test_hostile_records_each_end_as_one_event_or_one_dead_letter(
    bootstrap: str, topics: Topics, make_worker: Any, fault_table: FaultTable
) -> None:
    messages = hostile.records(RECORDS, SEED, MAX_STORY_BYTES)
    # Mutated seeds in all their languages: every served language's NER meets them.
    env = worker_env(
        bootstrap, topics, languages=None, WIREDESK_MAX_STORY_BYTES=str(MAX_STORY_BYTES)
    )
    worker = make_worker(env, "hostile")
    worker.wait_ready()
    poller = HealthPoller(worker)
    poller.start()

    # Recent timestamps (an hour back) stay well inside the topic's retention.
    base_ms = (int(time.time()) - 3_600) * 1000
    positions = asyncio.run(_produce(bootstrap, topics.raw, messages, base_ms))
    index_of = {position: n for n, position in enumerate(positions)}

    deadline = time.monotonic() + 120 + RECORDS / 5
    while True:
        assert worker.alive(), worker.log_tail()
        consumed, produced, by_code = counters(worker, topics)
        if consumed >= RECORDS and consumed == produced + sum(by_code.values()):
            break
        assert time.monotonic() < deadline, (consumed, produced, by_code, worker.log_tail())
        time.sleep(0.5)
    poller.done.set()
    poller.join()

    events = read_topic(bootstrap, topics.events, expect=int(produced), timeout=120)
    dead = read_topic(bootstrap, topics.dlq, expect=int(sum(by_code.values())), timeout=120)
    # Trace every outcome back to its input record: an event by its receive time (the input
    # record's timestamp: no generated record has a received_at of its own), a dead letter
    # by its source partition and offset.
    outcomes: Counter[int] = Counter()
    strays: list[str] = []
    for event in events:
        received = json.loads(event.value or b"{}")["received_at"].replace("Z", "+00:00")
        ms = round(datetime.fromisoformat(received).timestamp() * 1000)
        n = round((ms - base_ms) / SPACING_MS)
        if not 0 <= n < RECORDS:
            strays.append(f"event {event.key!r} received_at {received}")
            continue
        outcomes[n] += 1
    dead_codes: Counter[str] = Counter()
    for letter in dead:
        h = letter.headers
        assert h["wiredesk.source.topic"] == topics.raw
        n = index_of[(int(h["wiredesk.source.partition"]), int(h["wiredesk.source.offset"]))]
        outcomes[n] += 1
        dead_codes[h["wiredesk.error.code"]] += 1
        assert letter.value == (messages[n][1] or b""), f"record {n}: not its original bytes"
        assert letter.key == messages[n][0], f"record {n}: not its original key"

    lost = [n for n in range(RECORDS) if outcomes[n] == 0]
    extra = sum(count - 1 for count in outcomes.values() if count > 1)
    row = FaultRow("hostile input", RECORDS, len(events), len(dead), len(lost), extra)
    print(f"\nhostile input (seed {SEED}): {fault_table.add(row)}")
    print("  dead letters by code: "
          + ", ".join(f"{code} {count}" for code, count in dead_codes.most_common()))  # fmt: skip
    print(f"  /healthz answered {poller.answers} times, {len(poller.failures)} failures")

    assert not strays, strays[:5]
    assert not lost, f"{len(lost)} records without an outcome, e.g. {lost[:5]}"
    assert extra == 0, [n for n, c in outcomes.items() if c > 1][:5]
    assert len(events) + len(dead) == RECORDS
    # /metrics says the same: consumed = events + dead letters, code by code.
    assert consumed == RECORDS
    assert produced == len(events)
    assert {code: count for code, count in by_code.items() if count} == dict(dead_codes)
    assert set(dead_codes) <= {str(code) for code in DEAD_LETTER_CODES}
    # The generator covers both outcomes and the codes its kinds are made for.
    assert len(events) > 0
    for code in (ErrorCode.STORY_TOO_LARGE, ErrorCode.JSON_TOO_DEEP, ErrorCode.EMPTY_STORY):
        assert dead_codes[str(code)] > 0, code
    # Nothing the generator makes is a wiredesk bug.
    assert dead_codes[str(ErrorCode.PIPELINE_FAILED)] == 0, worker.log_tail()
    # One process throughout, never restarted, answering its probes.
    assert worker.alive(), worker.log_tail()
    assert worker.starts == 1  # never restarted: one process throughout
    assert "We experienced a crash" not in worker.log_path.read_text(errors="replace")
    assert poller.answers > 0
    assert poller.failures == []
    assert worker.readyz()[0] == 200
