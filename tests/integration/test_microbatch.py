"""The worker's micro-batches against a real broker: one outcome per record, a bug in one
story of a batch dead-letters that story only, a SIGKILL mid-batch loses nothing, and the
outputs of an input partition come out in input order."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import REPO
from tests.integration.buggy_worker import MARKER
from tests.integration.conftest import KILL_SESSION, Topics, produce, read_topic, worker_env
from tests.integration.test_faults import kill_and_restart, stories

pytestmark = [pytest.mark.integration, pytest.mark.slow]

BUGGY = ("-m", "tests.integration.buggy_worker")


def _envelope(story_id: str, text: str) -> tuple[bytes, bytes, list[tuple[str, bytes]]]:
    return story_id.encode(), json.dumps({"id": story_id, "text": text}).encode(), []


def test_a_batch_of_good_bad_and_buggy_stories(
    bootstrap: str, topics: Topics, make_worker: Any
) -> None:
    # One partition and a wide window: the whole mix is taken as one batch or a few.
    env = worker_env(bootstrap, topics, WIREDESK_TOPIC_PARTITIONS="1",
                     WIREDESK_BATCH_MAX="32", WIREDESK_BATCH_WINDOW_MS="1000",
                     PYTHONPATH=str(REPO))  # fmt: skip
    worker = make_worker(env, "buggy", command=BUGGY)
    worker.wait_ready()
    good = stories(6)
    messages = [
        good[0],
        good[1],
        (b"bad-1", b"\xff\xfe not UTF-8", []),
        good[2],
        _envelope("bug-1", f"{MARKER} in a headline\n\nLONDON (Reuters) - A story."),
        good[3],
        (b"bad-2", b"", []),
        good[4],
        good[5],
    ]
    produce(bootstrap, topics.raw, messages)
    events = read_topic(bootstrap, topics.events, expect=6, timeout=120)
    dead = read_topic(bootstrap, topics.dlq, expect=3, timeout=60)
    assert sorted((e.key or b"").decode() for e in events) == [f"s-{n:04d}" for n in range(6)]
    codes = {(d.key or b"").decode(): d.headers["wiredesk.error.code"] for d in dead}
    assert codes == {"bad-1": "invalid_utf8", "bad-2": "empty_story", "bug-1": "pipeline_failed"}
    assert {d.value for d in dead if d.key == b"bug-1"} == {messages[4][1]}  # the bytes as sent
    metrics = worker.metrics()
    consumed = metrics[f'wiredesk_stories_consumed_total{{topic="{topics.raw}"}}']
    produced = metrics[f'wiredesk_events_produced_total{{topic="{topics.events}"}}']
    dead_letters = sum(v for k, v in metrics.items() if k.startswith("wiredesk_dead_letters_total"))
    assert (consumed, produced, dead_letters) == (9, 6, 3)
    assert worker.alive()


def test_sigkill_in_the_middle_of_a_batch_loses_nothing(
    bootstrap: str, topics: Topics, make_worker: Any
) -> None:
    # Wide batches: when the first events are out, later batches are being normalised or
    # sent, so the kill lands in the middle of one.
    env = worker_env(
        bootstrap, topics, WIREDESK_BATCH_MAX="64", WIREDESK_BATCH_WINDOW_MS="200", **KILL_SESSION
    )
    kill_and_restart(bootstrap, topics, make_worker, env, total=300, kill_after=20,
                     label="SIGKILL mid-batch")  # fmt: skip


def test_outputs_keep_the_input_order_of_their_partition(
    bootstrap: str, topics: Topics, make_worker: Any
) -> None:
    total = 120
    # One input and one output partition: the output's order is the input's, batch after
    # batch, although each batch's sends are not awaited one by one.
    env = worker_env(bootstrap, topics, WIREDESK_TOPIC_PARTITIONS="1", WIREDESK_BATCH_MAX="16")
    worker = make_worker(env, "ordered")
    worker.wait_ready()
    produce(bootstrap, topics.raw, stories(total))
    events = read_topic(bootstrap, topics.events, expect=total, timeout=180)
    order = [(e.key or b"").decode() for e in sorted(events, key=lambda e: e.offset)]
    assert order == [f"s-{n:04d}" for n in range(total)]
