"""Crashes, restarts, scale-out and a late broker: no story is lost, none is dead-lettered
for the infrastructure's sake, and duplicates (at-least-once) are counted and reported."""

from __future__ import annotations

import json
import signal
import time
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.integration.conftest import (
    KILL_SESSION,
    Topics,
    Worker,
    free_port,
    produce,
    read_topic,
    worker_env,
)

pytestmark = [pytest.mark.integration, pytest.mark.slow]

CITIES = [("LONDON", "Reuters"), ("PARIS", "AFP"), ("BERLIN", "dpa"), ("MADRID", "EFE"),
          ("ROME", "ANSA"), ("TOKYO", "Kyodo"), ("SEOUL", "Yonhap"), ("ANKARA", "AA")]  # fmt: skip


def stories(count: int) -> list[tuple[bytes | None, bytes | None, list[tuple[str, bytes]]]]:
    """`count` small stories as JSON envelopes with ids s-0000..., in several agencies' styles."""
    out: list[tuple[bytes | None, bytes | None, list[tuple[str, bytes]]]] = []
    for n in range(count):
        city, agency = CITIES[n % len(CITIES)]
        envelope = {
            "id": f"s-{n:04d}",
            "text": f"Council vote number {n}\n\n{city} ({agency}) - The city council held "
            f"vote {n} on Monday, officials said. Mayor Ana Ruiz welcomed the result.",
        }
        out.append((envelope["id"].encode(), json.dumps(envelope).encode(), []))
    return out


def wait_for_produced(worker: Worker, topic: str, at_least: int, timeout: float = 120) -> None:
    """Poll the worker's own counter (cheap) until it has produced `at_least` events."""
    name = f'wiredesk_events_produced_total{{topic="{topic}"}}'
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if worker.metrics().get(name, 0) >= at_least:
            return
        time.sleep(0.1)
    raise AssertionError(f"fewer than {at_least} events on {topic} after {timeout}s")


def event_ids(bootstrap: str, topic: str, expect: int, timeout: float = 180) -> Counter[str]:
    """Event keys on the topic, once all of s-0000..s-{expect-1} are there (or time is up).
    Duplicates do not count towards `expect`: only distinct ids do."""
    wanted = {f"s-{n:04d}" for n in range(expect)}
    deadline = time.monotonic() + timeout
    while True:
        events = read_topic(bootstrap, topic, expect=None, timeout=30)
        ids = Counter((e.key or b"").decode() for e in events)
        if wanted <= set(ids) or time.monotonic() > deadline:
            return ids
        time.sleep(1)


def report(label: str, ids: Counter[str], total: int) -> int:
    duplicates = sum(count - 1 for count in ids.values() if count > 1)
    print(f"\n{label}: {len(ids)}/{total} ids, {duplicates} duplicate events")
    return duplicates


def kill_and_restart(
    bootstrap: str, topics: Topics, make_worker: Any, env: dict[str, str], *,
    total: int, kill_after: int, label: str,
) -> None:  # fmt: skip
    """SIGKILL a worker once it produced `kill_after` events of `total`; a second worker
    must then produce every story (duplicates allowed and reported), no dead letters."""
    first = make_worker(env, "first")
    first.wait_ready()
    produce(bootstrap, topics.raw, stories(total))
    wait_for_produced(first, topics.events, kill_after)
    assert first.stop(signal.SIGKILL) == -signal.SIGKILL

    second = make_worker(env, "second")
    second.wait_ready()
    ids = event_ids(bootstrap, topics.events, expect=total)
    missing = {f"s-{n:04d}" for n in range(total)} - set(ids)
    assert not missing, f"lost {len(missing)} stories, e.g. {sorted(missing)[:5]}"
    report(label, ids, total)
    assert read_topic(bootstrap, topics.dlq) == []


def test_sigkill_mid_run_loses_nothing(bootstrap: str, topics: Topics, make_worker: Any) -> None:
    env = worker_env(bootstrap, topics, **KILL_SESSION)
    kill_and_restart(bootstrap, topics, make_worker, env, total=500, kill_after=100,
                     label="SIGKILL")  # fmt: skip


def test_sigterm_commits_so_a_restart_repeats_nothing(
    bootstrap: str, topics: Topics, make_worker: Any
) -> None:
    total = 400
    env = worker_env(bootstrap, topics)
    first = make_worker(env, "first")
    first.wait_ready()
    produce(bootstrap, topics.raw, stories(total))
    wait_for_produced(first, topics.events, 60)
    assert first.stop(signal.SIGTERM) == 0, first.log_tail()
    done_before = len(read_topic(bootstrap, topics.events))
    assert done_before < total, "the first worker finished everything: nothing left to test"

    second = make_worker(env, "second")
    second.wait_ready()
    ids = event_ids(bootstrap, topics.events, expect=total)
    assert set(ids) == {f"s-{n:04d}" for n in range(total)}
    assert report("SIGTERM", ids, total) == 0
    assert sum(ids.values()) == total


def test_two_workers_share_partitions_and_hand_over(
    bootstrap: str, topics: Topics, make_worker: Any
) -> None:
    total = 200
    env_a = worker_env(bootstrap, topics)
    env_b = {**env_a, "WIREDESK_WEB_PORT": str(free_port())}
    a = make_worker(env_a, "a")
    a.wait_ready()
    b = make_worker(env_b, "b")
    b.wait_ready()
    # Both in one group on a 4-partition topic: the partitions are split between them.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        parts_a, parts_b = a.readyz()[1]["partitions"], b.readyz()[1]["partitions"]
        if parts_a and parts_b and sorted(parts_a + parts_b) == [0, 1, 2, 3]:
            break
        time.sleep(0.5)
    assert parts_a and parts_b, (parts_a, parts_b)
    assert sorted(parts_a + parts_b) == [0, 1, 2, 3]

    first_half = stories(total)[: total // 2]
    produce(bootstrap, topics.raw, first_half)
    ids = event_ids(bootstrap, topics.events, expect=len(first_half))
    assert sum(ids.values()) == len(first_half), "each story once while both run"
    consumed_a = a.metrics()[f'wiredesk_stories_consumed_total{{topic="{topics.raw}"}}']
    consumed_b = b.metrics()[f'wiredesk_stories_consumed_total{{topic="{topics.raw}"}}']
    assert consumed_a > 0
    assert consumed_b > 0
    assert consumed_a + consumed_b == len(first_half)

    assert b.stop(signal.SIGTERM) == 0
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and a.readyz()[1]["partitions"] != [0, 1, 2, 3]:
        time.sleep(0.5)
    assert a.readyz()[1]["partitions"] == [0, 1, 2, 3]
    produce(bootstrap, topics.raw, stories(total)[total // 2 :])
    ids = event_ids(bootstrap, topics.events, expect=total)
    assert set(ids) == {f"s-{n:04d}" for n in range(total)}
    report("two workers, one stopped", ids, total)


def test_worker_waits_for_a_late_broker(
    kafkactl: ModuleType, topics: Topics, make_worker: Any, tmp_path: Path
) -> None:
    port = free_port()
    env = worker_env(f"127.0.0.1:{port}", topics)
    worker = make_worker(env)
    # Up and alive, but not ready, while no broker answers.
    deadline = time.monotonic() + 60
    while True:
        try:
            status, _ = worker.get("/healthz")
            break
        except OSError:
            assert time.monotonic() < deadline, worker.log_tail()
            time.sleep(0.3)
    assert status == 200
    time.sleep(3)
    status, body = worker.readyz()
    assert status == 503
    assert body["ready"] is False
    assert worker.alive()

    cluster = kafkactl.start_single(tmp_path / "late-kafka", port=port)
    try:
        worker.wait_ready(timeout=120)
        bootstrap = f"127.0.0.1:{port}"
        produce(bootstrap, topics.raw, stories(5))
        ids = event_ids(bootstrap, topics.events, expect=5)
        assert set(ids) == {f"s-{n:04d}" for n in range(5)}
        assert read_topic(bootstrap, topics.dlq) == []
        assert "not reachable" in worker.log_path.read_text()
    finally:
        worker.stop()
        cluster.stop()
