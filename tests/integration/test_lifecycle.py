"""The story keeper (WIREDESK_LIFECYCLE=on) on a real broker with two workers: versions of
one story sent under different Kafka keys meet and get their lifecycle, the compacted
stories topic holds the live version and a tombstone after a kill, and a worker SIGKILLed
in the middle of a story's versions hands the story's state over through the changelog
(each worker has its own empty data folder, so nothing is shared on disk)."""

from __future__ import annotations

import json
import signal
import time
from pathlib import Path
from typing import Any

import pytest

from tests.integration.conftest import (
    KILL_SESSION,
    Consumed,
    Topics,
    Worker,
    produce,
    read_topic,
    worker_env,
)
from wiredesk.normalize.pipeline import content_id

pytestmark = [pytest.mark.integration, pytest.mark.slow]

GUID = "urn:newsml:wiredesk.test:20260309:harbour-{run}"
PARAGRAPHS = [
    "VALPARAISO, March 9 (Reuters) - Dock workers at Chile's second-largest port ended a "
    "four-day strike on Monday after the port operator agreed to a new shift schedule.",
    "Cranes were back in use by mid-morning and the first container ship left the harbour "
    "shortly after noon, a spokeswoman for the operator said.",
    "The union had asked for shorter night shifts and a second rest day in each fortnight.",
    "Fruit exporters had warned that cherries waiting on the quay would spoil within days.",
]


def g2(guid: str, version: int, *, signal_code: str | None = None, killed: bool = False,
       extra: str = "") -> bytes:  # fmt: skip
    """A synthetic NewsML-G2 text item in a Reuters-like style."""
    status = "stat:canceled" if killed else "stat:usable"
    sig = f'<signal qcode="{signal_code}"/>' if signal_code else ""
    minute = 10 + version
    body = "" if killed else "".join(f"<p>{p}</p>" for p in [*PARAGRAPHS, extra] if p)
    if killed:
        body = "<p>This story has been withdrawn. There will be no replacement story.</p>"
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="{guid}" '
        f'version="{version}" standard="NewsML-G2" standardversion="2.35" xml:lang="en">'
        f'<itemMeta><itemClass qcode="icls:text"/><provider qcode="nprov:REUTERS"/>'
        f"<versionCreated>2026-03-09T12:{minute:02d}:00Z</versionCreated>"
        f'<pubStatus qcode="{status}"/>{sig}</itemMeta>'
        "<contentMeta><slugline>CHILE-PORT/STRIKE</slugline>"
        "<headline>Chile port strike ends after operator agrees new shifts</headline>"
        '<language tag="en"/></contentMeta><contentSet>'
        '<inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml">'
        f"<body>{body}</body></html></inlineXML></contentSet></newsItem>"
    ).encode()


def _env(bootstrap: str, topics: Topics, tmp_path: Path, name: str, **extra: str) -> dict[str, str]:
    return worker_env(
        bootstrap,
        topics,
        keeper=True,
        WIREDESK_DATA_DIR=str(tmp_path / f"data-{name}"),
        **extra,
    )


G2_TYPE = [("content-type", b"application/vnd.iptc.g2.newsitem+xml")]


def _events(
    bootstrap: str, topics: Topics, expect: int, *, to_the_end: bool = True
) -> list[dict[str, Any]]:
    """The output events, at least ``expect`` distinct story sequences of them, in sequence
    order. Delivery is at least once: a record the keeper handled but had not committed when
    its worker died is handled again by the next one, and must get the same lifecycle; so
    each sequence is kept once, after checking that all its copies agree. Each read goes on
    until 2 s pass without a new record (late copies are read too), or with ``to_the_end``
    false only until ``expect`` records are in (to wait for them)."""
    deadline = time.monotonic() + 120
    while True:
        records = read_topic(
            bootstrap, topics.events, expect=None if to_the_end else expect, timeout=30
        )
        found = [json.loads(r.value) for r in records if r.value]
        by_sequence: dict[int, dict[str, Any]] = {}
        for event in found:
            first = by_sequence.setdefault(event["lifecycle"]["sequence"], event)
            assert event["lifecycle"] == first["lifecycle"], "a replay changed its lifecycle"
        if len(by_sequence) >= expect or time.monotonic() > deadline:
            break
    assert len(by_sequence) >= expect, f"only {len(by_sequence)} of {expect} sequences arrived"
    return [by_sequence[n] for n in sorted(by_sequence)]


def _send_and_wait(bootstrap: str, topics: Topics, key: bytes, value: bytes, total: int) -> None:
    """One version, then wait until the output has ``total`` distinct sequences: the
    keeper's order is then the order sent, whichever input partition and worker each
    version went through."""
    produce(bootstrap, topics.raw, [(key, value, G2_TYPE)])
    _events(bootstrap, topics, total, to_the_end=False)


def _stories_topic(bootstrap: str, topics: Topics, story_key: str) -> list[Consumed]:
    """The stories topic's records of ``story_key``, each read to its end (until 2 s
    without a new record), until the latest is a tombstone or 60 s have passed."""
    deadline = time.monotonic() + 60
    while True:
        held = read_topic(bootstrap, f"{topics.raw}.stories", expect=None, timeout=30)
        mine = [r for r in held if r.key == story_key.encode()]
        if (mine and mine[-1].value is None) or time.monotonic() > deadline:
            return mine
        time.sleep(0.5)


def test_versions_under_different_keys_meet_and_get_their_lifecycle(
    bootstrap: str, topics: Topics, make_worker: Any, tmp_path: Path
) -> None:
    workers = [make_worker(_env(bootstrap, topics, tmp_path, n), name=n) for n in ("a", "b")]
    for worker in workers:
        worker.wait_ready()
    guid = GUID.format(run=topics.raw)
    versions = [
        (b"k1", g2(guid, 1)),
        (b"k2", g2(guid, 3, extra="The operator said talks would resume in April.")),
        (b"k3", g2(guid, 2, extra="Talks are due to resume next month.")),
        (b"k4", g2(guid, 3, extra="The operator said talks would resume in April.")),
        (b"k5", g2(guid, 4, signal_code="sig:correction", extra="Corrects date of talks.")),
        (b"k6", g2(guid, 5, killed=True)),
    ]
    for n, (key, value) in enumerate(versions, start=1):
        _send_and_wait(bootstrap, topics, key, value, n)
    events = _events(bootstrap, topics, len(versions))
    lifecycles = [e["lifecycle"] for e in events]
    assert [x["action"] for x in lifecycles] == [
        "new", "update", "stale", "repeat", "correction", "kill"
    ]  # fmt: skip
    assert [x["sequence"] for x in lifecycles] == [1, 2, 3, 4, 5, 6]
    assert {x["story_key"] for x in lifecycles} == {f"guid:{guid}"}
    assert lifecycles[1]["supersedes"] == f"{guid}:1"
    assert lifecycles[4]["supersedes"] == f"{guid}:3"
    # every record of the story, the stale version 2 too, in the order they came
    assert lifecycles[5]["kills"] == [f"{guid}:1", f"{guid}:3", f"{guid}:2", f"{guid}:4"]
    mine = _stories_topic(bootstrap, topics, f"guid:{guid}")
    assert mine, "the stories topic holds the story"
    assert mine[-1].value is None, "a kill leaves a tombstone as the story's latest record"
    live = [json.loads(r.value)["lifecycle"]["action"] for r in mine if r.value]
    assert live == ["new", "update", "correction"], "only live versions are on the stories topic"
    seen = [w.metrics() for w in workers]
    assert sum(m.get("wiredesk_lifecycle_stories", 0) for m in seen) == 1
    # The latency is observed once a record, by the keeper: input timestamp to its output
    # acknowledged (stage 1 alone would stop the clock at the internal topic).
    assert sum(m.get("wiredesk_end_to_end_seconds_count", 0) for m in seen) == len(versions)
    # The keeper's lag on its by-key topic is in the lag metric, on the worker that holds
    # it, and caught up: the refresh timer (every 5 s) may first show a lag from before
    # the last records, so wait for one that is not behind them.
    by_key = f'topic="group-{topics.raw}-stories-by-key"'
    deadline = time.monotonic() + 30
    while True:
        lags = [
            value
            for worker in workers
            for name, value in worker.metrics().items()
            if name.startswith("wiredesk_consumer_lag{") and by_key in name
        ]
        if lags == [0.0] or len(lags) > 1 or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert lags == [0.0], f"the keeper's lag is reported once, by its holder: {lags}"


def _holder(workers: list[Worker]) -> Worker:
    """The worker whose keeper has the story (its table gauge counts it)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        for worker in workers:
            if worker.metrics().get("wiredesk_lifecycle_stories", 0) >= 1:
                return worker
        time.sleep(0.2)
    raise AssertionError("no worker reports the story in its keeper's table")


def test_a_story_keeps_its_history_through_a_sigkill_and_a_hand_over(
    bootstrap: str, topics: Topics, make_worker: Any, tmp_path: Path
) -> None:
    """Versions 1 and 2; SIGKILL the worker holding the keeper; versions 1 and 3 reach the
    survivor; a third worker joins and the survivor stops (SIGTERM), so the keeper moves
    again by rebalance; version 3 again and a kill reach the newcomer. Each hand-over
    restores the story from the changelog (every worker has its own empty data folder)."""
    workers = [
        make_worker(_env(bootstrap, topics, tmp_path, n, **KILL_SESSION), name=n)
        for n in ("a", "b")
    ]
    for worker in workers:
        worker.wait_ready()
    guid = GUID.format(run=topics.raw)
    _send_and_wait(bootstrap, topics, b"k1", g2(guid, 1), 1)
    _send_and_wait(bootstrap, topics, b"k2", g2(guid, 2, extra="More talks are planned."), 2)
    holder = _holder(workers)
    survivor = workers[1] if holder is workers[0] else workers[0]
    holder.stop(signal.SIGKILL)
    # the next versions reach the survivor once the group has evicted the dead worker
    _send_and_wait(bootstrap, topics, b"k3", g2(guid, 1), 3)
    _send_and_wait(bootstrap, topics, b"k4", g2(guid, 3, extra="Talks resume in April."), 4)
    assert _holder([survivor]) is survivor
    newcomer = make_worker(_env(bootstrap, topics, tmp_path, "c"), name="c")
    newcomer.wait_ready()
    assert survivor.stop(signal.SIGTERM) == 0
    _send_and_wait(bootstrap, topics, b"k5", g2(guid, 3, extra="Talks resume in April."), 5)
    _send_and_wait(bootstrap, topics, b"k6", g2(guid, 4, killed=True), 6)
    events = _events(bootstrap, topics, 6)
    seen = [(e["id"], e["lifecycle"]) for e in events]
    actions = [e["lifecycle"]["action"] for e in events]
    assert actions == ["new", "update", "stale", "update", "repeat", "kill"], seen
    assert [e["lifecycle"]["sequence"] for e in events] == [1, 2, 3, 4, 5, 6]
    assert events[3]["lifecycle"]["supersedes"] == f"{guid}:2"
    assert events[5]["lifecycle"]["kills"] == [f"{guid}:1", f"{guid}:2", f"{guid}:3"]
    assert _holder([newcomer]) is newcomer, "the newcomer's keeper holds the story"
    assert newcomer.alive()


# ------------------------------------------------ plain text without guid or slug line

SEQUENCES = Path(__file__).resolve().parents[2] / "seeds" / "sequences"
# What a desk editor expects of each synthetic sequence in seeds/sequences/, in sending order.
DESK_EXPECTS = {
    "reuters_oil": ["new", "update", "correction", "refile", "kill"],
    "reuters_copper_one_key": ["new", "update", "correction", "refile", "kill"],
    "afp_floods": ["new", "update", "correction", "kill"],
    "ap_tulsa_fire": ["new", "update", "correction", "kill"],
    "reuters_codelco_withdrawn_first": ["kill", "stale", "stale"],
}
TEXT_TYPE = [("content-type", b"text/plain; charset=utf-8")]


def _sequence(name: str) -> list[bytes]:
    return [path.read_bytes() for path in sorted((SEQUENCES / name).iterdir())]


def _by_id(bootstrap: str, topics: Topics, expect: int) -> dict[str, dict[str, Any]]:
    """The output events by record id, once ``expect`` distinct ids arrived."""
    deadline = time.monotonic() + 120
    while True:
        records = read_topic(bootstrap, topics.events, expect=expect, timeout=60)
        found = {e["id"]: e for e in (json.loads(r.value) for r in records if r.value)}
        if len(found) >= expect or time.monotonic() > deadline:
            return found
        time.sleep(0.5)


def _check_stories(
    bootstrap: str, topics: Topics, sent: dict[str, list[bytes]], events: dict[str, Any]
) -> None:
    """Each sequence got the actions a desk expects, its kill names every version before
    it, and the stories topic, read back, holds no version of a killed story as live."""
    killed_ids: set[str] = set()
    story_keys: set[str] = set()
    for name, values in sent.items():
        ids = [content_id(v.decode("utf-8")) for v in values]
        assert all(i in events for i in ids), f"{name}: not every version came out"
        lifecycles = [events[i]["lifecycle"] for i in ids]
        assert [x["action"] for x in lifecycles] == DESK_EXPECTS[name], (name, lifecycles)
        assert len({x["story_key"] for x in lifecycles}) == 1, f"{name}: one story"
        assert [x["sequence"] for x in lifecycles] == list(range(1, len(ids) + 1))
        at = [x["action"] for x in lifecycles].index("kill")
        assert lifecycles[at]["kills"] == ids[:at], f"{name}: the kill names every version"
        killed_ids.update(ids)
        story_keys.add(lifecycles[0]["story_key"])
    stories = read_topic(bootstrap, f"{topics.raw}.stories", expect=None, timeout=60)
    latest: dict[str, bytes | None] = {}
    for record in stories:  # in partition order: one key's records keep their order
        latest[(record.key or b"").decode()] = record.value
    live = {json.loads(value)["id"] for value in latest.values() if value}
    assert not live & killed_ids, "a version of a killed story is live on the stories topic"
    for key in story_keys:
        assert key in latest and latest[key] is None, f"{key}: no tombstone after its kill"


def test_plain_text_versions_under_different_keys_are_linked_and_killed(
    bootstrap: str, topics: Topics, make_worker: Any, tmp_path: Path
) -> None:
    """Every version under a key of its own, sent one at a time (each after the previous
    one came out): the keeper links them by headline and body, not by key."""
    worker = make_worker(_env(bootstrap, topics, tmp_path, "a"), name="a")
    worker.wait_ready()
    sent = {name: _sequence(name) for name in DESK_EXPECTS}
    total = 0
    for name, values in sent.items():
        for n, value in enumerate(values):
            produce(bootstrap, topics.raw, [(f"{name}-{n}".encode(), value, TEXT_TYPE)])
            total += 1
            _by_id(bootstrap, topics, total)
    _check_stories(bootstrap, topics, sent, _by_id(bootstrap, topics, total))


def test_plain_text_versions_under_one_key_get_their_own_ids_and_lifecycle(
    bootstrap: str, topics: Topics, make_worker: Any, tmp_path: Path
) -> None:
    """Every version of a story under one Kafka key (one partition: sent at once, they stay
    in order): each gets its own record id, so an update is no repeat, and the kill
    leaves nothing of the story live."""
    worker = make_worker(_env(bootstrap, topics, tmp_path, "a"), name="a")
    worker.wait_ready()
    sent = {name: _sequence(name) for name in DESK_EXPECTS}
    for name, values in sent.items():
        produce(bootstrap, topics.raw, [(name.encode(), v, TEXT_TYPE) for v in values])
    total = sum(len(v) for v in sent.values())
    events = _by_id(bootstrap, topics, total)
    _check_stories(bootstrap, topics, sent, events)
    keys = {e["lifecycle"]["story_key"] for e in events.values()}
    assert keys == {f"key:{name}" for name in sent}, "the Kafka key is the story's identity"
