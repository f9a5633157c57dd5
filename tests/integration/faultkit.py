"""What the fault tests share: a steady producer, the stall measure and the one table.

``make faults`` runs the broker faults, the worker kills and the hostile input at full
size; each test adds a :class:`FaultRow` to the session's :class:`FaultTable` (the
``fault_table`` fixture in conftest), which is printed once at the end of the run.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import math
import random
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaError

Message = tuple[bytes | None, bytes | None, list[tuple[str, bytes]]]


@dataclass(frozen=True)
class FaultRow:
    fault: str
    sent: int
    events: int
    dead: int
    lost: int
    duplicated: int
    recovery_s: float | None = None  # None: not a stall measure for this fault


@dataclass
class FaultTable:
    rows: list[FaultRow] = field(default_factory=list)

    HEADER = (
        f"{'fault':36} {'sent':>7} {'events':>7} {'dead':>6} {'lost':>5} {'dup':>5} "
        f"{'recovery s':>10}"
    )

    @staticmethod
    def line(row: FaultRow) -> str:
        recovery = "-" if row.recovery_s is None else f"{row.recovery_s:.1f}"
        return (
            f"{row.fault:36} {row.sent:>7} {row.events:>7} {row.dead:>6} {row.lost:>5} "
            f"{row.duplicated:>5} {recovery:>10}"
        )

    def add(self, row: FaultRow) -> str:
        self.rows.append(row)
        return self.line(row)

    def render(self) -> str:
        return "\n".join([self.HEADER, "-" * len(self.HEADER), *map(self.line, self.rows)])


def longest_stall(timestamps_ms: Iterable[int], since_s: float) -> float:
    """The longest gap between consecutive event timestamps that ends after ``since_s``
    (a fault takes a moment to bite, so "the first event after it" may predate its effect);
    NaN when there is no such gap."""
    stamps = sorted(t / 1000 for t in timestamps_ms)
    gaps = [b - a for a, b in itertools.pairwise(stamps) if b > since_s]
    return max(gaps, default=math.nan)


class SteadyProducer(threading.Thread):
    """Sends ``messages`` in order at ``rate`` per second with an idempotent acks=all
    producer that retries through broker failures; counts every acknowledged send."""

    def __init__(
        self, bootstrap: str, topic: str, messages: Sequence[Message], rate: float
    ) -> None:
        super().__init__(daemon=True)
        self.bootstrap, self.topic, self.messages, self.rate = bootstrap, topic, messages, rate
        self.acked = 0
        self.resent = 0  # sends repeated after a retriable error
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            asyncio.run(self._run())
        except BaseException as exc:  # reported by the test
            self.error = exc

    async def _run(self) -> None:
        producer = await self._producer()
        try:
            for key, value, headers in self.messages:
                delay = 0.5
                while True:  # until acknowledged, as a producer that must not lose a story
                    try:
                        await (await producer.send(self.topic, value, key=key, headers=headers))
                        break
                    except KafkaError:
                        # A retriable error it gave up on (no leader while the whole
                        # cluster restarts), or one that ends an idempotent producer's
                        # session (an out-of-order sequence after the restart): start a
                        # new producer and send again. A resend may duplicate the story,
                        # which the test counts.
                        self.resent += 1
                        await producer.stop()
                        await asyncio.sleep(delay)
                        delay = min(delay * 2, 5.0)
                        producer = await self._producer()
                self.acked += 1
                await asyncio.sleep(1 / self.rate)
        finally:
            await producer.stop()

    async def _producer(self) -> AIOKafkaProducer:
        while True:
            producer = AIOKafkaProducer(
                bootstrap_servers=self.bootstrap,
                acks="all",
                enable_idempotence=True,
                request_timeout_ms=60_000,
            )
            try:
                await producer.start()
                return producer
            except KafkaError:
                await producer.stop()
                await asyncio.sleep(1.0)


class ReadinessWatch(threading.Thread):
    """Polls a worker's ``/readyz`` every half second until stopped and keeps what it saw:
    (monotonic time, HTTP status, the body's reason). A status of 0 means no answer."""

    def __init__(self, readyz: Callable[[], tuple[int, dict[str, Any]]]) -> None:
        super().__init__(daemon=True)
        self._readyz = readyz
        self._stop_event = threading.Event()
        self.seen: list[tuple[float, int, str]] = []

    def run(self) -> None:
        while not self._stop_event.is_set():
            try:
                status, body = self._readyz()
                reason = str(body.get("reason", ""))
            except (OSError, ValueError):
                status, reason = 0, ""
            self.seen.append((time.monotonic(), status, reason))
            self._stop_event.wait(0.5)

    def stop(self) -> None:
        self._stop_event.set()
        self.join(timeout=10)

    def statuses(self, since: float = 0.0, until: float = math.inf) -> list[int]:
        return [status for at, status, _ in self.seen if since <= at <= until]

    def reasons(self) -> set[str]:
        return {reason for _, status, reason in self.seen if status == 503}


# A story's life in Reuters-style plain text: a first version, an update, a correction, a
# refile and a withdrawal, each a record of its own (the keeper links them by headline).
_VERSION_TAGS = ("", "UPDATE 1-", "CORRECTED-UPDATE 1-", "REFILE-UPDATE 1-", "STORY WITHDRAWN-")
VERSIONS = len(_VERSION_TAGS)


# Words a story's body is built from, so that different stories are different copy: every
# second or third word depends on the story, and two stories share few four-word shingles
# (the near-duplicate index must not take one story for another, as it rightly would if
# they differed by one number; templated copy is its own case, tests/unit/test_storybook.py).
_BODY_WORDS = (
    ("harbour", "tram", "ferry", "freight", "airport", "canal", "bus", "rail", "taxi", "dock",
     "bridge", "tunnel", "metro", "cargo", "pilot", "toll", "depot", "quay", "lock", "yard"),
    ("workers", "drivers", "engineers", "cleaners", "guards", "crews", "clerks", "nurses",
     "mechanics", "porters", "stewards", "welders", "planners", "inspectors", "riggers"),
    ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    ("mayor", "treasurer", "minister", "governor", "chairwoman", "spokesman", "director",
     "prefect", "councillor", "auditor", "ombudsman", "registrar", "secretary"),
    ("wages", "rosters", "pensions", "overtime", "holidays", "bonuses", "contracts",
     "training", "safety", "uniforms", "canteens", "parking", "lockers", "transfers"),
    ("narrowly", "easily", "unanimously", "reluctantly", "quietly", "finally", "again",
     "cautiously", "swiftly", "formally", "provisionally", "grudgingly"),
    ("council", "board", "assembly", "committee", "union", "authority", "senate", "panel",
     "chamber", "cooperative", "syndicate", "guild", "tribunal", "commission"),
    ("Almeida", "Barros", "Costa", "Duarte", "Esteves", "Faria", "Gomes", "Henriques", "Lopes",
     "Macedo", "Nunes", "Pires", "Queiroz", "Reis", "Sousa", "Teixeira", "Vaz", "Xavier"),
)  # fmt: skip


def _story_body(story: int, city: str) -> str:
    """A story's own first version (its later versions add paragraphs to it)."""
    rng = random.Random(story)  # the same words for a story in every run
    mode, staff, day, office, topic, how, board, name = (rng.choice(w) for w in _BODY_WORDS)
    staff2, topic2, other = rng.choice(_BODY_WORDS[1]), *rng.sample(_BODY_WORDS[4], 2)
    return (
        f"{city} (Reuters) - The {mode} {board} {how} passed motion {story} on {topic} for "
        f"{staff} {day}; {office} {name} said {rng.randint(2, 98)} {staff2} raised {topic2} "
        f"and {other} at hearing {story}."
    )


def story_versions(prefix: str, count: int, city: str = "LISBON") -> list[Message]:
    """``count`` records (a multiple of :data:`VERSIONS`) as JSON envelopes with ids
    ``<prefix>-0000``..., keyed by id: every :data:`VERSIONS` of them are one story's
    versions in order, the last its withdrawal. So that the faults hit stories that
    really change and get killed; after a run no version of any of them may be live."""
    assert count % VERSIONS == 0, f"{count} records are not whole stories of {VERSIONS}"
    out: list[Message] = []
    for n in range(count):
        story, version = divmod(n, VERSIONS)
        tag = _VERSION_TAGS[version]
        headline = f"{tag}Port council holds vote {story} on night shifts"
        if version == VERSIONS - 1:
            body = (
                f'{city} (Reuters) - The story headlined "UPDATE 1-Port council holds '
                f'vote {story} on night shifts" is withdrawn. There will be no replacement.'
            )
        else:
            extra = (
                f"\n\nThe {_BODY_WORDS[1][(story + version) % 15]} welcomed vote {story}." * version
            )
            body = _story_body(story, city) + extra
        envelope = {"id": f"{prefix}-{n:04d}", "text": f"{headline}\n\n{body}"}
        out.append((envelope["id"].encode(), json.dumps(envelope).encode(), []))
    return out


def live_on_stories(values: Iterable[tuple[bytes | None, bytes | None]]) -> set[str]:
    """The record ids the compacted stories topic holds as live: each key's latest value,
    (key, value) pairs given in the topic's order (a key's records keep their order)."""
    latest = dict(values)  # later records of a key replace earlier ones
    return {json.loads(value)["id"] for value in latest.values() if value}
