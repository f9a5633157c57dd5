"""Broker faults on a three-node KRaft cluster (RF 3, min.insync.replicas=2, unclean
election off) under a steady stream with two workers: nothing lost, duplicates counted,
recovery measured (the longest stall of the event stream from the last event before the
fault on), workers never exit.

`make test` (and CI) runs the leader kill with 300 stories. `make faults` sets
WIREDESK_FAULTS=full: every fault below, 2,000 stories each; the rows go to the
session's one fault table (faultkit), printed at the end of the run.
"""

from __future__ import annotations

import asyncio
import os
import signal
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from aiokafka import TopicPartition
from aiokafka.client import AIOKafkaClient

from tests.integration.conftest import Topics, free_port, read_topic, worker_env
from tests.integration.faultkit import (
    VERSIONS,
    FaultRow,
    FaultTable,
    Message,
    ReadinessWatch,
    SteadyProducer,
    live_on_stories,
    longest_stall,
    story_versions,
)

pytestmark = [pytest.mark.integration, pytest.mark.slow]

FULL = os.environ.get("WIREDESK_FAULTS", "") == "full"
STORIES = int(os.environ.get("WIREDESK_FAULT_STORIES", 2_000 if FULL else 300))
STORIES -= STORIES % VERSIONS  # whole stories: each one's versions and its withdrawal
RATE = 20.0  # stories per second: a steady stream, not a burst


def leader_kill(cluster: Any, leader: int) -> None:
    cluster.node(leader).kill()  # SIGKILL
    time.sleep(5)
    cluster.restart_node(leader)


def two_brokers_kill(cluster: Any, leader: int) -> None:
    """The leader, then a second broker while the first is down: no controller quorum and
    no in-sync majority until one returns."""
    second = next(n.node_id for n in cluster.nodes if n.node_id != leader)
    cluster.node(leader).kill()
    time.sleep(3)
    cluster.node(second).kill()
    time.sleep(10)
    cluster.start()  # both back, launched together


def leader_sigstop(cluster: Any, leader: int) -> None:
    """A hung node, not a dead one: its sessions time out while the process lives."""
    cluster.node(leader).signal(signal.SIGSTOP)
    time.sleep(30)
    cluster.node(leader).signal(signal.SIGCONT)


def whole_cluster_down(cluster: Any, leader: int) -> None:
    cluster.stop()
    time.sleep(60)
    cluster.start()


FAULTS = {
    "leader SIGKILL + restart": leader_kill,
    "two brokers SIGKILL + restart": two_brokers_kill,
    "leader SIGSTOP 30 s": leader_sigstop,
    "whole cluster down 60 s": whole_cluster_down,
}
IN_CI = ["leader SIGKILL + restart"]


@pytest.fixture
def cluster(kafkactl: ModuleType, tmp_path: Path) -> Iterator[Any]:
    cluster = kafkactl.start_cluster(tmp_path / "kafka3")
    try:
        yield cluster
    finally:
        cluster.stop()


def stories(count: int) -> list[Message]:
    """Stories with versions and a withdrawal each, ids b-0000...: with the story keeper on
    (WIREDESK_TEST_LIFECYCLE) the run checks that no version of any is live at the end."""
    return story_versions("b", count)


async def _leader(bootstrap: str, topic: str, partition: int) -> int:
    client = AIOKafkaClient(bootstrap_servers=bootstrap)
    await client.bootstrap()
    try:
        client.add_topic(topic)
        await client.force_metadata_update()
        leader = client.cluster.leader_for_partition(TopicPartition(topic, partition))
        assert leader is not None and leader >= 0
        return int(leader)
    finally:
        await client.close()


@pytest.mark.parametrize("fault", list(FAULTS) if FULL else IN_CI)
def test_a_broker_fault_loses_nothing(
    cluster: Any, topics: Topics, make_worker: Any, fault_table: FaultTable, fault: str
) -> None:
    bootstrap = cluster.bootstrap
    env = worker_env(bootstrap, topics, WIREDESK_TOPIC_REPLICATION="3")
    workers = [
        make_worker(env, "a"),
        make_worker({**env, "WIREDESK_WEB_PORT": str(free_port())}, "b"),
    ]
    for worker in workers:
        worker.wait_ready(timeout=120)

    producer = SteadyProducer(bootstrap, topics.raw, stories(STORIES), RATE)
    producer.start()
    while producer.acked < STORIES // 3:
        assert producer.is_alive(), producer.error
        time.sleep(0.1)
    leader = asyncio.run(_leader(bootstrap, topics.raw, 0))
    watches = [ReadinessWatch(worker.readyz) for worker in workers]
    for watch in watches:
        watch.start()
    fault_at = time.time()
    fault_start = time.monotonic()
    FAULTS[fault](cluster, leader)
    fault_end = time.monotonic()
    producer.join(timeout=600)
    assert producer.error is None, producer.error
    assert producer.acked == STORIES

    events = read_topic(bootstrap, topics.events, expect=STORIES, timeout=180)
    deadline = time.monotonic() + 120
    while len({e.key for e in events}) < STORIES and time.monotonic() < deadline:
        time.sleep(2)
        events = read_topic(bootstrap, topics.events, expect=None, timeout=60)
    ids = Counter((e.key or b"").decode() for e in events)
    wanted = {f"b-{n:04d}" for n in range(STORIES)}
    lost = wanted - set(ids)
    duplicates = sum(count - 1 for count in ids.values())
    # Recovery: the longest stall of the event stream from the last event before the
    # fault on (a fault takes seconds to start, so "the first event after" the moment it
    # was injected may still be one the fault had not yet stopped).
    recovery = longest_stall((e.timestamp for e in events), fault_at)
    dead = len(read_topic(bootstrap, topics.dlq))
    row = FaultRow(fault, STORIES, len(events), dead, len(lost), duplicates, recovery)
    print(f"\n{fault} (node {leader}): {fault_table.add(row)}")
    for watch in watches:
        watch.stop()
    during = [watch.statuses(fault_start, fault_end) for watch in watches]
    reasons = sorted(set().union(*(w.reasons() for w in watches)))
    print(
        f"/readyz during the fault: {[d.count(503) for d in during]} of {[len(d) for d in during]} "
        f"polls said 503 (workers a, b); reasons: {reasons}; "
        f"the producer resent {producer.resent} after retriable errors"
    )
    assert not lost, f"lost {len(lost)}: {sorted(lost)[:5]}"
    assert dead == 0
    # /readyz answered every poll, through the fault and after it.
    assert all(0 not in watch.statuses() for watch in watches), [w.seen[-5:] for w in watches]
    if env.get("WIREDESK_LIFECYCLE") == "true":  # every story was withdrawn: none is live
        stories_topic = env["WIREDESK_STORIES_TOPIC"]
        held = read_topic(bootstrap, stories_topic, expect=None, timeout=60)
        assert live_on_stories((r.key, r.value) for r in held) == set()
    if fault == "whole cluster down 60 s":
        # With no broker to talk to, every worker says so: not ready, and why.
        for watch, statuses in zip(watches, during, strict=True):
            assert 503 in statuses, watch.seen[-20:]
            assert any("answered" in r or "not reachable" in r for r in watch.reasons())
    for worker in workers:
        assert worker.alive(), worker.log_tail()
        assert worker.readyz()[0] == 200
    assert all(w.stop(signal.SIGTERM) == 0 for w in workers)
