"""The story keeper's batches without a broker: records decided in order, every output
handed to the producer before the first acknowledgement is awaited, acknowledgements
awaited in order, and a record whose output and dead letter are both refused stopping
its partition with the rest of the batch held back (never committed). The topics are
fakes that log what the keeper does; the table is a dict, as ``wiredesk normalize`` has."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Generator
from datetime import UTC, datetime, timedelta
from typing import Any, cast

import pytest
from aiokafka import errors as kafka_errors
from faust.types import TP
from prometheus_client import CollectorRegistry

from wiredesk import codec
from wiredesk.codec import SourcePosition
from wiredesk.metrics import ServiceMetrics
from wiredesk.models import Envelope, EventRecord
from wiredesk.normalize.pipeline import Resources, normalize
from wiredesk.settings import Settings
from wiredesk.stories import fingerprint as fingerprints
from wiredesk.stories.book import StoryBook
from wiredesk.stories.fingerprint import fingerprint
from wiredesk.stream.delivery import Delivery
from wiredesk.stream.health import Health
from wiredesk.stream.keeper import (
    FINGERPRINT_HEADER,
    SOURCE_HEADER,
    StoryKeeper,
    TableWrites,
    by_key_record,
    outputs,
    superseded,
)
from wiredesk.stream.views import WorkerState

BY_KEY = "wiredesk-stories-by-key"
WHEN = datetime(2024, 7, 14, 16, 0, tzinfo=UTC)
TEXT = (
    "VALLETTA, July 14 (Wiredesk) - Malta's main container terminal stopped loading ships "
    "on Sunday after a crane collapsed onto a quay during high winds, the port authority "
    "said, adding that no one was hurt and that two berths would stay shut for a week.\n"
)
OTHER = (
    "TUNIS, July 14 (Wiredesk) - Tunisia's central bank left its main interest rate "
    "unchanged on Sunday, saying inflation had eased for a third month but that food "
    "prices remained a worry for households across the country.\n"
)


class Pending:
    """A send's promise, as Faust's FutureMessage: logs when the keeper awaits it."""

    def __init__(self, topic: FakeTopic, kwargs: dict[str, Any]) -> None:
        self.topic, self.key, self.value = topic, kwargs["key"] or b"", kwargs["value"]

    def __await__(self) -> Generator[Any, None, None]:
        self.topic.log.append(("await", self.topic.name, self.key))
        yield from asyncio.sleep(0).__await__()
        if self.topic.refuse:
            raise kafka_errors.MessageSizeTooLargeError("too large")
        if self.topic.lose_first > 0:
            self.topic.lose_first -= 1
            raise kafka_errors.KafkaTimeoutError()
        self.topic.landed.append((self.key, self.value))


class FakeTopic:
    def __init__(self, name: str, log: list[tuple[str, str, bytes]], refuse: bool = False):
        self.name, self.log, self.refuse = name, log, refuse
        self.sent: list[bytes | None] = []  # values handed over
        self.landed: list[tuple[bytes, bytes | None]] = []  # (key, value) as acknowledged
        self.lose_first = 0  # acknowledgements that fail for a transient reason

    def get_topic_name(self) -> str:
        return self.name

    def as_future_message(self, **kwargs: Any) -> Pending:
        return Pending(self, kwargs)

    async def publish_message(self, message: Pending) -> None:
        self.log.append(("publish", self.name, message.key))
        self.sent.append(message.value)


class Message:
    def __init__(self, offset: int, record: EventRecord) -> None:
        self.topic, self.partition, self.offset = BY_KEY, 0, offset
        self.key = record.id.encode()
        self.value = codec.encode_record(record)
        self.headers: list[tuple[str, bytes]] = [(SOURCE_HEADER, f"wire.raw:0:{offset}".encode())]
        self.acked = False


class FakeEvent:
    def __init__(self, offset: int, record: EventRecord) -> None:
        self.message = Message(offset, record)


class NoProbe:
    async def problem(self) -> str | None:
        return None

    async def close(self) -> None:
        return None


class ChangelogTable(dict[bytes, bytes]):
    """A table that, as Faust's, sends each change to its changelog and keeps going: the
    promises (futures the test settles) say when each change is on the broker."""

    def __init__(self) -> None:
        super().__init__()
        self.promises: list[asyncio.Future[None]] = []

    def send_changelog(self, key: bytes, value: bytes | None) -> asyncio.Future[None]:
        promise: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.promises.append(promise)
        return promise

    def __setitem__(self, key: bytes, value: bytes) -> None:
        super().__setitem__(key, value)
        self.send_changelog(key, value)


def keeper(
    log: list[tuple[str, str, bytes]],
    *,
    refuse: bool = False,
    table: dict[bytes, bytes] | None = None,
) -> tuple[StoryKeeper, Health, FakeTopic]:
    metrics = ServiceMetrics.create(CollectorRegistry())
    health = Health(WorkerState(model_loaded=True), metrics, ["wire.raw", BY_KEY], NoProbe())
    dlq = FakeTopic("wire.dlq", log, refuse=refuse)
    delivery = Delivery(dlq, metrics, health)  # type: ignore[arg-type]
    writes = TableWrites()
    if table is None:
        table = {}
    else:
        writes.watch(table)
    events = FakeTopic("wire.events", log, refuse=refuse)
    stories = FakeTopic("wire.stories", log, refuse=refuse)
    kept = StoryKeeper(
        Settings(),
        metrics,
        table,
        events,  # type: ignore[arg-type]
        stories,  # type: ignore[arg-type]
        delivery,
        table_writes=writes,
    )
    return kept, health, events


def version(base: EventRecord, guid: str, n: int, **story: object) -> EventRecord:
    meta = base.story.model_copy(update={"guid": guid, "version": n, **story})
    return base.model_copy(update={"id": f"{guid}:{n}", "story": meta})


@pytest.fixture
def batch(text_resources: Resources) -> list[FakeEvent]:
    harbour = normalize(Envelope(text=TEXT), text_resources, received_at=WHEN)
    bank = normalize(Envelope(text=OTHER), text_resources, received_at=WHEN)
    records = [version(harbour, "h", 1), version(harbour, "h", 2), version(bank, "b", 1)]
    return [FakeEvent(n, r) for n, r in enumerate(records)]


async def up_to_the_table(kept: StoryKeeper, batch: list[FakeEvent]) -> asyncio.Future[None]:
    """Start the keeper on a batch and let it run until every output is handed over and
    acknowledged: what it still waits for are the table's changelog writes."""
    task = asyncio.ensure_future(kept.process(batch))  # type: ignore[arg-type]
    for _ in range(20):
        await asyncio.sleep(0)
    return task


def test_a_batch_is_decided_in_order_handed_over_whole_then_acknowledged_in_order(
    batch: list[FakeEvent],
) -> None:
    log: list[tuple[str, str, bytes]] = []
    kept, _, _ = keeper(log)
    asyncio.run(kept.process(batch))  # type: ignore[arg-type]
    publishes = [entry for entry in log if entry[0] == "publish"]
    awaits = [entry for entry in log if entry[0] == "await"]
    # every output handed over before the first acknowledgement is awaited ...
    assert log[: len(publishes)] == publishes
    # ... and each awaited once, in the order handed over
    assert [entry[1:] for entry in awaits] == [entry[1:] for entry in publishes]
    assert [entry[1:] for entry in publishes] == [
        ("wire.events", b"h:1"), ("wire.stories", b"guid:h"),
        ("wire.events", b"h:2"), ("wire.stories", b"guid:h"),
        ("wire.events", b"b:1"), ("wire.stories", b"guid:b"),
    ]  # fmt: skip
    assert len(kept._book) == 2
    assert not any(e.message.acked for e in batch), "nothing held back: Faust acks them all"


def test_the_same_batch_read_again_gets_the_same_decisions(batch: list[FakeEvent]) -> None:
    """Replay identity: a batch processed but not committed is read again (a crash, a
    restart that rebuilds the index from the table): each record is told the same."""
    log: list[tuple[str, str, bytes]] = []
    kept, _, events = keeper(log)
    asyncio.run(kept.process(batch))  # type: ignore[arg-type]
    kept.reset()
    asyncio.run(kept.process(batch))  # type: ignore[arg-type]
    told = [EventRecord.model_validate_json(v or b"").lifecycle for v in events.sent]
    assert told[3:] == told[:3]
    assert [x.action for x in told[:3] if x is not None] == ["new", "update", "new"]


def test_a_batch_is_finished_only_once_its_state_is_on_the_broker(
    batch: list[FakeEvent],
) -> None:
    """A kill's state written after its offset was committed is lost with the worker:
    its successor would put a withdrawn story's version live again. So the keeper's batch
    (whose records Faust acks when it ends) waits for the table's changelog too."""

    async def scenario() -> tuple[bool, bool]:
        table = ChangelogTable()
        kept, _, _ = keeper([], table=table)
        task = await up_to_the_table(kept, batch)
        before = task.done()
        assert table.promises, "the batch wrote its stories' states"
        for promise in table.promises:
            promise.set_result(None)
        await task
        return before, task.done()

    before, after = asyncio.run(scenario())
    assert (before, after) == (False, True)
    assert not any(e.message.acked for e in batch), "nothing held back: Faust acks them all"


def test_a_story_decided_twice_in_a_batch_is_written_to_the_table_once(
    batch: list[FakeEvent],
) -> None:
    """Two versions of one story and another story in one batch: two changelog writes
    (one per story, the story's last state), and the table holds what the book decided."""

    async def scenario() -> ChangelogTable:
        table = ChangelogTable()
        kept, _, _ = keeper([], table=table)
        task = await up_to_the_table(kept, batch)
        for promise in table.promises:
            promise.set_result(None)
        await task
        return table

    table = asyncio.run(scenario())
    assert len(table.promises) == 2
    assert sorted(table) == [b"guid:b", b"guid:h"]
    book = StoryBook(dict(table), timedelta(hours=168))
    assert len(book) == 2, "a book over the written table finds both stories"
    harbour = json.loads(table[b"guid:h"])
    assert harbour["ids"] == ["h:1", "h:2"], "the story's last state, both versions in it"


def test_a_state_write_the_broker_refused_holds_the_batch_back(batch: list[FakeEvent]) -> None:
    async def scenario() -> None:
        table = ChangelogTable()
        kept, _, _ = keeper([], table=table)
        task = await up_to_the_table(kept, batch)
        table.promises[0].set_exception(kafka_errors.KafkaTimeoutError())
        for promise in table.promises[1:]:
            promise.set_result(None)
        await task

    asyncio.run(scenario())
    assert all(e.message.acked for e in batch), "every record is held back, read again"


def test_a_lost_live_version_is_not_sent_again_after_the_kill_that_followed(
    text_resources: Resources,
) -> None:
    """A version and its story's kill in one batch: when the broker does not acknowledge
    the version on the stories topic, the kill's tombstone lands first; the version sent
    again would land after it and put the withdrawn story live again."""
    base = normalize(Envelope(text=TEXT), text_resources, received_at=WHEN)
    records = [version(base, "h", 1), version(base, "h", 2, status="canceled")]
    kept, _, _ = keeper([])
    stories = kept._topics["stories"]
    cast(FakeTopic, stories).lose_first = 1
    asyncio.run(kept.process([FakeEvent(n, r) for n, r in enumerate(records)]))  # type: ignore[arg-type]
    assert cast(FakeTopic, stories).landed == [(b"guid:h", None)], "only the tombstone stands"


def test_a_send_is_superseded_by_a_later_one_of_its_compacted_key() -> None:
    a, b = ("wire.stories", b"guid:a"), ("wire.stories", b"guid:b")
    assert superseded([None, a, b, None, a, None]) == [False, True, False, False, False, False]
    assert superseded([None, None]) == [False, False], "the output topic is not compacted"


def test_a_refused_output_and_dead_letter_stop_the_partition_and_hold_the_rest(
    batch: list[FakeEvent],
) -> None:
    log: list[tuple[str, str, bytes]] = []
    kept, health, _ = keeper(log, refuse=True)
    asyncio.run(kept.process(batch))  # type: ignore[arg-type]
    assert health.stopped(TP(BY_KEY, 0), 0)
    (stall,) = health.state.stalled.values()
    assert stall.offset == 0, "the partition stops at the first record"
    assert all(e.message.acked for e in batch), "every record of the batch is held back"
    dead = [entry for entry in log if entry[:2] == ("publish", "wire.dlq")]
    assert len(dead) == 1, "one dead letter tried, for the first record only"


def test_outputs_of_a_kill_and_of_a_stale_version(text_resources: Resources) -> None:
    base = normalize(Envelope(text=TEXT), text_resources, received_at=WHEN)
    book = StoryBook({}, timedelta(days=7))
    book.admit(version(base, "h", 2), "raw:0:0")
    stale = book.admit(version(base, "h", 1), "raw:0:1")
    assert outputs(stale, b"v") == [("events", b"h:1", b"v")], "no change of the live version"
    kill = book.admit(version(base, "h", 3, status="canceled"), "raw:0:2")
    assert outputs(kill, b"k") == [("events", b"h:3", b"k"), ("stories", b"guid:h", None)]


def test_stage_1s_fingerprint_header_decides_as_the_keepers_own(batch: list[FakeEvent]) -> None:
    """The body's fingerprint comes from stage 1 in a header; the decisions are those of
    a keeper that computes it, and an unreadable header is computed again."""
    told: list[list[object]] = []
    for header in (None, "fingerprint", "garbage"):
        log: list[tuple[str, str, bytes]] = []
        kept, _, events = keeper(log)
        for event in batch:
            record = EventRecord.model_validate_json(event.message.value)
            position = SourcePosition("wire.raw", 0, event.message.offset, None)
            _, headers = by_key_record(record, position, None)
            if header is None:
                headers = [h for h in headers if h[0] != FINGERPRINT_HEADER]
            elif header == "garbage":
                headers = [(n, b"12:not base64!" if n == FINGERPRINT_HEADER else v)
                           for n, v in headers]  # fmt: skip
            event.message.headers = headers
        asyncio.run(kept.process(batch))  # type: ignore[arg-type]
        told.append([EventRecord.model_validate_json(v or b"").lifecycle for v in events.sent])
    assert told[0] == told[1] == told[2]


def test_a_fingerprint_reads_back_from_its_text() -> None:
    body = " ".join(f"word{n}" for n in range(40))
    fp = fingerprint(body)
    assert fp is not None and fingerprints.from_text(fingerprints.to_text(fp)) == fp
    assert fingerprints.from_text(fingerprints.to_text(None)) is None
    with pytest.raises(ValueError, match="not a fingerprint"):
        fingerprints.from_text("3:" + fingerprints.to_text(fp).split(":")[1])
