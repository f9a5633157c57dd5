"""Worker kills at volume (issue 11, item 3): two workers in one group under a steady
stream, a worker SIGKILLed at random moments and restarted each time. Nothing is lost
(every input id reaches the output topic), nothing is dead-lettered, and the duplicates
that at-least-once delivery allows are counted and printed.

`make test` runs 3 kills in 600 stories; `make faults` (WIREDESK_FAULTS=full) 20 kills in
10,000. WIREDESK_KILLS and WIREDESK_KILL_STORIES override either size, WIREDESK_KILL_SEED
the random moments (default 11: the same moments every run), WIREDESK_KILL_RATE the
stream's stories per second (default 30).

A SIGKILLed worker never leaves its consumer group: its partitions, and with the eager
rebalancing aiokafka does, the whole group, wait until its session times out before the
restarted worker gets them: 10 s in make test (conftest.KILL_SESSION), the shipped 60 s
in make faults. The recovery column shows that stall. At 10 s the restarted worker's
rebalance falls while the stream still flows, which is how a record lost on its way to
the keeper at a rebalance was found (``wiredesk.stream.batches``).
"""

from __future__ import annotations

import json
import os
import random
import signal
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.integration.conftest import (
    KILL_SESSION,
    WITH_KEEPER,
    Consumed,
    Topics,
    Worker,
    free_port,
    read_topic,
    worker_env,
)
from tests.integration.faultkit import (
    VERSIONS,
    FaultRow,
    FaultTable,
    SteadyProducer,
    live_on_stories,
    longest_stall,
    story_versions,
)
from tests.integration.test_faults import event_ids, stories
from wiredesk.stream.keeper import SOURCE_HEADER

pytestmark = [pytest.mark.integration, pytest.mark.slow]

FULL = os.environ.get("WIREDESK_FAULTS", "") == "full"
KILLS = int(os.environ.get("WIREDESK_KILLS", 20 if FULL else 3))
STORIES = int(os.environ.get("WIREDESK_KILL_STORIES", 10_000 if FULL else 600))
STORIES -= STORIES % VERSIONS  # whole stories (with the keeper on, each one's versions)
SEED = int(os.environ.get("WIREDESK_KILL_SEED", "11"))
RATE = float(os.environ.get("WIREDESK_KILL_RATE", "30"))  # a steady stream of small stories
# The kills spread over the whole stream in make faults; in make test they fall in its
# first half, so that the stall after the last one (the session timeout) overlaps the
# rest of the stream instead of adding a minute to the run.
KILLS_UNTIL = 0.95 if FULL else 0.5


def kill_moments(rng: random.Random, stories: int, kills: int, until: float) -> list[int]:
    """When to kill, as counts of acknowledged input stories: one random moment in each of
    ``kills`` equal stretches of the stream between 5% and ``until`` of it."""
    low, high = stories // 20, int(stories * until)
    stretch = (high - low) / kills
    assert stretch >= 1, f"{kills} kills do not fit in {stories} stories"
    return [low + int(stretch * k) + rng.randrange(max(1, int(stretch))) for k in range(kills)]


def wait_model_loaded(worker: Worker, timeout: float = 120) -> None:
    """Until the restarted worker has loaded its model (it may wait for partitions yet)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert worker.alive(), worker.log_tail()
        try:
            if worker.readyz()[1].get("model_loaded"):
                return
        except (OSError, ValueError):
            pass
        time.sleep(0.2)
    raise AssertionError(f"worker did not load its model in {timeout}s:\n{worker.log_tail()}")


def settled(
    worker: Worker, topics: Topics, timeout: float = 120, produced_to: str | None = None
) -> dict[str, float]:
    """The worker's counters once every record it consumed has its outcome (an event on
    ``produced_to``, the output topic unless the story keeper's by-key topic is between)."""
    consumed = f'wiredesk_stories_consumed_total{{topic="{topics.raw}"}}'
    produced = f'wiredesk_events_produced_total{{topic="{produced_to or topics.events}"}}'
    deadline = time.monotonic() + timeout
    while True:
        metrics = worker.metrics()
        dead = sum(v for k, v in metrics.items() if k.startswith("wiredesk_dead_letters_total{"))
        if metrics[consumed] == metrics[produced] + dead:
            return {"consumed": metrics[consumed], "events": metrics[produced], "dead": dead}
        assert time.monotonic() < deadline, (metrics[consumed], metrics[produced], dead)
        time.sleep(0.5)


def _told(value: bytes | None) -> str:
    """A stories or events record as ``<id> <action>#<sequence> of <story key>``, or
    ``tombstone``."""
    if not value:
        return "tombstone"
    record = json.loads(value)
    lifecycle = record.get("lifecycle") or {}
    return (
        f"{record.get('id')} {lifecycle.get('action')}#{lifecycle.get('sequence')} "
        f"of {lifecycle.get('story_key')}"
    )


def still_live(
    bootstrap: str,
    topics: Topics,
    held: list[Consumed],
    events: list[Consumed],
    live: set[str],
    workers: list[Worker],
) -> str:
    """Why withdrawn stories are live. For each story one of whose versions is live (its
    versions are the :data:`VERSIONS` ids from a multiple of it): every record of its keys
    on the stories topic, in the topic's order; its versions on the by-key topic, in the
    order the keeper read them (with the input position stage 1 read each from); what the
    output topic says of each; and where the workers' logs are."""
    by_key = read_topic(bootstrap, f"group-{topics.raw}-stories-by-key", expect=None)
    lines = [f"withdrawn stories live on the stories topic: {sorted(live)}"]
    for first in sorted({int(i.split("-")[1]) // VERSIONS * VERSIONS for i in live}):
        versions = {f"s-{n:04d}" for n in range(first, first + VERSIONS)}
        keys = {r.key for r in held if r.value and json.loads(r.value)["id"] in versions}
        keys |= {r.key for r in by_key if r.key and r.key.decode().removeprefix("key:") in versions}
        lines.append(f"story {sorted(versions)[0]}.., stories topic (keys {sorted(keys)}):")
        lines += [
            f"  {r.key!r} [{r.partition}]@{r.offset} t={r.timestamp} {_told(r.value)}"
            for r in held
            if r.key in keys
        ]
        lines.append("  by-key topic, the keeper's order:")
        lines += [
            f"  @{r.offset} t={r.timestamp} {json.loads(r.value or b'{}').get('id')} "
            f"from {r.headers.get(SOURCE_HEADER)}"
            for r in by_key
            if json.loads(r.value or b"{}").get("id") in versions
        ]
        lines.append("  output topic:")
        lines += [
            f"  [{r.partition}]@{r.offset} t={r.timestamp} {_told(r.value)}"
            for r in events
            if (r.key or b"").decode() in versions
        ]
    lines += [f"worker log: {w.log_path}" for w in workers]
    return "\n".join(lines)


@pytest.mark.parametrize("lifecycle", [False, True], ids=["plain", "lifecycle"])
def test_worker_kills_at_volume_lose_nothing(
    bootstrap: str,
    topics: Topics,
    make_worker: Any,
    fault_table: FaultTable,
    lifecycle: bool,
    tmp_path: Path,
) -> None:
    """With ``lifecycle`` the story keeper runs too: its table, by-key topic and stage-2
    offsets move with every kill, and a restarted worker starts with an empty data folder
    (a new pod without a volume), so its state comes from the changelog alone. Its stories
    then have versions and a withdrawal each, under a Kafka key a version, and at the end
    no version of any of them may be live on the stories topic."""
    keeper = lifecycle or WITH_KEEPER  # WIREDESK_TEST_LIFECYCLE=1: the plain case's too
    env = worker_env(bootstrap, topics, keeper=keeper, **KILL_SESSION)
    envs = [env, {**env, "WIREDESK_WEB_PORT": str(free_port())}]

    def start(slot: int, name: str) -> Worker:
        data = {"WIREDESK_DATA_DIR": str(tmp_path / f"data-{name}")} if lifecycle else {}
        return make_worker({**envs[slot], **data}, name)  # type: ignore[no-any-return]

    workers: list[Worker] = [start(0, "a0"), start(1, "b0")]
    for worker in workers:
        worker.wait_ready()

    rng = random.Random(SEED)
    moments = kill_moments(rng, STORIES, KILLS, KILLS_UNTIL)
    inputs = story_versions("s", STORIES) if lifecycle else stories(STORIES)
    producer = SteadyProducer(bootstrap, topics.raw, inputs, RATE)
    producer.start()
    first_kill_at: float | None = None
    victims: list[str] = []
    for n, moment in enumerate(moments, 1):
        while producer.acked < moment:
            assert producer.is_alive(), producer.error
            time.sleep(0.05)
        slot = rng.randrange(len(workers))
        victim = workers[slot]
        assert victim.alive(), victim.log_tail()
        assert victim.stop(signal.SIGKILL) == -signal.SIGKILL
        first_kill_at = first_kill_at or time.time()
        victims.append(f"{'ab'[slot]}@{moment}")
        workers[slot] = start(slot, f"{'ab'[slot]}{n}")
        # The next kill hits a worker that runs, not one still loading its model.
        wait_model_loaded(workers[slot])
    producer.join(timeout=600 + STORIES / RATE)
    assert producer.error is None, producer.error
    assert producer.acked == STORIES

    event_ids(bootstrap, topics.events, expect=STORIES, timeout=300 + STORIES / 10)
    # Both workers run, own their partitions and have an outcome for all they consumed;
    # only then are the topics counted, so late duplicates are counted too.
    for worker in workers:
        assert worker.alive(), worker.log_tail()
        worker.wait_ready(timeout=180)
        by_key = f"group-{topics.raw}-stories-by-key" if keeper else None
        counts = settled(worker, topics, produced_to=by_key)
        assert counts["dead"] == 0
        print(f"\n  {worker.log_path.stem} since its start: {counts}")
    events = read_topic(bootstrap, topics.events)
    ids = Counter((e.key or b"").decode() for e in events)
    wanted = {f"s-{n:04d}" for n in range(STORIES)}
    lost = wanted - set(ids)
    duplicates = sum(count - 1 for count in ids.values())
    dead = read_topic(bootstrap, topics.dlq)
    assert first_kill_at is not None
    recovery = longest_stall((e.timestamp for e in events), first_kill_at)
    name = f"worker SIGKILL x{KILLS}" + (" (story keeper on)" if keeper else "")
    row = FaultRow(name, STORIES, len(events), len(dead), len(lost),
                   duplicates, recovery)  # fmt: skip
    print(f"worker kills ({', '.join(victims)}): {fault_table.add(row)}")

    assert not lost, f"lost {len(lost)}: {sorted(lost)[:5]}"
    assert set(ids) == wanted, f"unexpected ids: {sorted(set(ids) - wanted)[:5]}"
    assert dead == []
    if lifecycle:  # every story was withdrawn: after the kills, none may be live
        held = read_topic(bootstrap, f"{topics.raw}.stories", expect=None, timeout=60)
        live = live_on_stories((r.key, r.value) for r in held)
        assert live == set(), still_live(bootstrap, topics, held, events, live, workers)
    assert all(w.stop(signal.SIGTERM) == 0 for w in workers)
