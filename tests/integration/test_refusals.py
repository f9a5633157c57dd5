"""Sends the broker refuses for good, against a real broker: a record larger than the
output topic's ``max.message.bytes`` becomes a dead letter with its original bytes; when
the dead-letter topic refuses it too, its partition stops (``/readyz`` says where and why)
and nothing of the partition from it on is committed, so a worker restarted once the
topic takes it delivers every record. (The ACL case is in ``test_security.py``.)"""

from __future__ import annotations

import asyncio
import json
import signal
import time
from typing import Any

import pytest
from aiokafka import TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType

from tests.integration.conftest import Topics, produce, read_topic, worker_env

pytestmark = [pytest.mark.integration, pytest.mark.slow]

LIMIT = 6000  # bytes: a short story's record fits, a long one's does not


def story(name: str, words: int = 0) -> bytes:
    body = " ".join(f"berth{n}" for n in range(words))
    text = f"Port of Lisbon reopens {name}\n\nLISBON, May 3 (Reuters) - The port reopened. {body}"
    return json.dumps({"id": name, "text": text, "received_at": "2024-05-03T10:00:00Z"}).encode()


async def _create(bootstrap: str, topics: Topics, *, dlq_limit: int | None) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        limited = {"max.message.bytes": str(LIMIT)}
        await admin.create_topics([
            NewTopic(topics.raw, 1, 1),
            NewTopic(topics.events, 1, 1, topic_configs=limited),
            NewTopic(topics.dlq, 1, 1,
                     topic_configs={"max.message.bytes": str(dlq_limit)} if dlq_limit else {}),
        ])  # fmt: skip
    finally:
        await admin.close()


async def _admin(bootstrap: str, work: Any) -> Any:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        return await work(admin)
    finally:
        await admin.close()


def _committed(bootstrap: str, group: str, topic: str) -> int | None:
    async def ask(admin: Any) -> int | None:
        offsets = await admin.list_consumer_group_offsets(group)
        meta = offsets.get(TopicPartition(topic, 0))
        return None if meta is None else meta.offset

    result: int | None = asyncio.run(_admin(bootstrap, ask))
    return result


def _raise_limit(bootstrap: str, topic: str) -> None:
    async def alter(admin: Any) -> None:
        resource = ConfigResource(ConfigResourceType.TOPIC, topic,
                                  configs={"max.message.bytes": "1048588"})  # fmt: skip
        await admin.alter_configs([resource])

    asyncio.run(_admin(bootstrap, alter))


def _send_one_by_one(bootstrap: str, topics: Topics, items: list[tuple[str, bytes]]) -> None:
    """One story at a time, each alone in its batch, so that what a refusal touches is
    only the story it is about."""
    for name, value in items:
        produce(bootstrap, topics.raw, [(name.encode(), value, [])])
        time.sleep(1.5)


def test_a_record_too_large_for_the_output_topic_is_dead_lettered_with_its_bytes(
    bootstrap: str, topics: Topics, make_worker: Any
) -> None:
    asyncio.run(_create(bootstrap, topics, dlq_limit=None))
    worker = make_worker(worker_env(bootstrap, topics, keeper=False))
    worker.wait_ready()
    big = story("big", words=1500)
    _send_one_by_one(bootstrap, topics, [("small-1", story("small-1")), ("big", big),
                                         ("small-2", story("small-2"))])  # fmt: skip

    events = read_topic(bootstrap, topics.events, expect=2, timeout=60)
    assert sorted(e.key for e in events) == [b"small-1", b"small-2"], worker.log_tail()
    [dead] = read_topic(bootstrap, topics.dlq, expect=1, timeout=30)
    assert (dead.key, dead.value) == (b"big", big)
    assert dead.headers["wiredesk.error.code"] == "output_refused"
    assert dead.headers["wiredesk.error.stage"] == "produce"
    message = dead.headers["wiredesk.error.message"]
    assert topics.events in message and "MessageSizeTooLargeError" in message
    assert dead.headers["wiredesk.source.offset"] == "1"
    status, body = worker.readyz()
    assert status == 200, body
    metrics = worker.metrics()
    assert metrics['wiredesk_dead_letters_total{code="output_refused"}'] == 1
    assert metrics[f'wiredesk_events_produced_total{{topic="{topics.events}"}}'] == 2
    assert worker.alive()


def test_a_refused_dead_letter_stops_the_partition_and_a_restart_delivers_everything(
    bootstrap: str, topics: Topics, make_worker: Any
) -> None:
    asyncio.run(_create(bootstrap, topics, dlq_limit=LIMIT))
    env = worker_env(bootstrap, topics, keeper=False)
    worker = make_worker(env, "refused")
    worker.wait_ready()
    items = [("small-1", story("small-1")), ("big", story("big", words=1500)),
             ("small-2", story("small-2"))]  # fmt: skip
    _send_one_by_one(bootstrap, topics, items)

    body = worker.wait_stalled()
    [where] = body["stalled"]
    assert (where["topic"], where["partition"], where["offset"]) == (topics.raw, 0, 1)
    assert topics.dlq in where["reason"] and "MessageSizeTooLargeError" in where["reason"]
    assert body["reason"].startswith(f"input partition {topics.raw}[0] is stopped at offset 1")
    time.sleep(3)  # small-2 came after: it is held back, not processed
    metrics = worker.metrics()
    assert metrics["wiredesk_stalled_partitions"] == 1
    assert metrics["wiredesk_ready"] == 0
    assert metrics[f'wiredesk_events_produced_total{{topic="{topics.events}"}}'] == 1
    assert read_topic(bootstrap, topics.dlq) == []
    log = worker.log_path.read_text()
    assert len([line for line in log.splitlines() if "[output_undeliverable]" in line]) == 1
    assert "Traceback" not in log
    assert worker.stop(signal.SIGTERM) == 0, worker.log_tail()
    # Nothing of the partition from the big story on was committed.
    assert _committed(bootstrap, env["WIREDESK_CONSUMER_GROUP"], topics.raw) == 1

    # The output topic takes it now: a restarted worker resumes at the big story.
    _raise_limit(bootstrap, topics.events)
    fixed = make_worker(env, "fixed")
    fixed.wait_ready()
    events = read_topic(bootstrap, topics.events, expect=3, timeout=90)
    assert sorted({e.key for e in events}) == [b"big", b"small-1", b"small-2"], fixed.log_tail()
    assert read_topic(bootstrap, topics.dlq) == []
