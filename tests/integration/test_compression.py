"""Every record-batch codec Kafka allows, from aiokafka and from a librdkafka client
(Debian's kcat), arrives as events; a batch the worker cannot decode stops its partition,
never the worker, and loses nothing."""

from __future__ import annotations

import asyncio
import json
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from aiokafka import AIOKafkaProducer

from tests.integration.conftest import (
    IN_CI,
    Topics,
    Worker,
    read_topic,
    worker_env,
)

pytestmark = [pytest.mark.integration, pytest.mark.slow]

CODECS = ("none", "gzip", "snappy", "lz4", "zstd")
PER_CODEC = 6


def envelope(story_id: str, n: int) -> bytes:
    text = (
        f"Harbour reopens after storm {n}\n\nLISBON, March 3 (Reuters) - The port of Lisbon "
        f"reopened berth {n} on Tuesday after a storm, the port authority said.\n"
    )
    return json.dumps({"id": story_id, "text": text}).encode()


async def _produce_compressed(
    bootstrap: str, topic: str, codec: str, items: list[tuple[str, bytes]], partition: int | None
) -> None:
    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap,
        acks="all",
        compression_type=None if codec == "none" else codec,
        linger_ms=50,  # one batch of several records, as real producers send
    )
    await producer.start()
    try:
        futures = [
            await producer.send(topic, key=key.encode(), value=value, partition=partition)
            for key, value in items
        ]
        await asyncio.gather(*futures)
    finally:
        await producer.stop()


def produce_compressed(
    bootstrap: str,
    topic: str,
    codec: str,
    items: list[tuple[str, bytes]],
    partition: int | None = None,
) -> None:
    asyncio.run(_produce_compressed(bootstrap, topic, codec, items, partition))


def kcat_produce(bootstrap: str, topic: str, codec: str, items: list[tuple[str, bytes]]) -> None:
    """librdkafka's producer: one line per record, `key<TAB>value`, batched and compressed."""
    lines = b"".join(key.encode() + b"\t" + value + b"\n" for key, value in items)
    subprocess.run(
        ["kcat", "-P", "-b", bootstrap, "-t", topic, "-z", codec, "-K", "\t",
         "-H", "content-type=application/json", "-X", "linger.ms=50"],
        input=lines, check=True, timeout=60, capture_output=True,
    )  # fmt: skip


def wait_for(worker: Worker, name: str, at_least: float, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert worker.alive(), worker.log_tail()
        try:
            if worker.metrics().get(name, 0) >= at_least:
                return
        except OSError:  # not serving yet
            pass
        time.sleep(0.2)
    raise AssertionError(f"{name} < {at_least} after {timeout}s:\n{worker.log_tail()}")


def test_every_codec_from_aiokafka_and_kcat_arrives(
    bootstrap: str, topics: Topics, make_worker: Any
) -> None:
    if shutil.which("kcat") is None:
        if IN_CI:
            pytest.fail("CI must run the kcat interop test: apt-get install kcat")
        pytest.skip("kcat not installed (Debian: apt-get install kcat)")
    worker = make_worker(worker_env(bootstrap, topics))
    worker.wait_ready()
    expected: set[str] = set()
    for codec in CODECS:
        for client in ("aiokafka", "kcat"):
            items = [(f"{client}-{codec}-{n}", b"") for n in range(PER_CODEC)]
            items = [(key, envelope(key, n)) for n, (key, _) in enumerate(items)]
            expected |= {key for key, _ in items}
            if client == "kcat":
                kcat_produce(bootstrap, topics.raw, codec, items)
            else:
                produce_compressed(bootstrap, topics.raw, codec, items)
    events = read_topic(bootstrap, topics.events, expect=len(expected), timeout=120)
    ids = {json.loads(e.value or b"{}")["id"] for e in events}
    assert ids == expected, f"missing: {sorted(expected - ids)[:10]}\n{worker.log_tail()}"
    assert read_topic(bootstrap, topics.dlq) == []
    assert worker.alive()


def test_a_batch_the_worker_cannot_decode_stops_its_partition_not_the_worker(
    bootstrap: str, topics: Topics, make_worker: Any, tmp_path: Path
) -> None:
    """A worker whose interpreter cannot import cramjam (a real condition: the library is
    missing) meets a snappy batch: one error naming topic, partition and offset, /healthz
    and /metrics keep answering, /readyz says not ready, the metric counts it; a worker
    that can decode it later delivers every record, nothing skipped."""
    no_cramjam = tmp_path / "no-cramjam"
    no_cramjam.mkdir()
    (no_cramjam / "cramjam.py").write_text('raise ImportError("cramjam is not installed")\n')
    env = worker_env(bootstrap, topics)
    crippled = make_worker({**env, "PYTHONPATH": str(no_cramjam)}, "no-cramjam")
    crippled.wait_ready()

    before = [(f"before-{n}", envelope(f"before-{n}", n)) for n in range(4)]
    snappy = [(f"snappy-{n}", envelope(f"snappy-{n}", n)) for n in range(4)]
    after = [(f"after-{n}", envelope(f"after-{n}", n)) for n in range(4)]
    other = [(f"other-{n}", envelope(f"other-{n}", n)) for n in range(4)]
    produce_compressed(bootstrap, topics.raw, "gzip", before, partition=0)
    produce_compressed(bootstrap, topics.raw, "snappy", snappy, partition=0)
    produce_compressed(bootstrap, topics.raw, "gzip", after, partition=0)
    produce_compressed(bootstrap, topics.raw, "gzip", other, partition=1)

    stalled = f'wiredesk_undecodable_batches_total{{partition="0",topic="{topics.raw}"}}'
    wait_for(crippled, stalled, 1)
    # Partition 1 goes on; partition 0 delivered what came before the batch, then stopped.
    wait_for(crippled, f'wiredesk_events_produced_total{{topic="{topics.events}"}}', 8)
    time.sleep(3)  # time to crash, or to meet the batch again, if it were going to
    assert crippled.alive(), crippled.log_tail()
    started = time.monotonic()
    assert crippled.get("/healthz")[0] == 200
    metrics = crippled.metrics()
    assert time.monotonic() - started < 2.0
    assert metrics[stalled] == 1
    assert metrics["wiredesk_stalled_partitions"] == 1
    assert metrics["wiredesk_ready"] == 0
    status, body = crippled.readyz()
    assert status == 503
    assert body["ready"] is False
    offset = 4  # the snappy batch starts after the four gzip records of partition 0
    [where] = body["stalled"]
    assert (where["topic"], where["partition"], where["offset"]) == (topics.raw, 0, offset)
    assert "snappy" in where["reason"]
    log = crippled.log_path.read_text()
    errors = [line for line in log.splitlines() if "undecodable_batch" in line]
    assert len(errors) == 1, errors
    assert re.search(rf"{re.escape(topics.raw)}\[0\] offset {offset}\b", errors[0]), errors[0]
    assert "Traceback" not in log
    events = read_topic(bootstrap, topics.events, expect=8, timeout=30)
    assert {e.key.decode() for e in events if e.key} == {k for k, _ in before + other}

    # Fix the cause (a worker with the codec library), restart: every record, none skipped.
    assert crippled.stop(signal.SIGTERM) == 0, crippled.log_tail()
    fixed = make_worker(env, "fixed")
    fixed.wait_ready()
    wanted = {k for k, _ in before + snappy + after + other}
    events = read_topic(bootstrap, topics.events, expect=len(wanted), timeout=120)
    assert {e.key.decode() for e in events if e.key} == wanted, fixed.log_tail()
    assert read_topic(bootstrap, topics.dlq) == []


def test_a_corrupt_batch_on_the_broker_stops_its_partition_not_the_worker(
    kafkactl: ModuleType, topics: Topics, make_worker: Any, tmp_path: Path
) -> None:
    """Disk damage for real: bytes of a stored batch flipped in the broker's segment file
    (the broker serves fetches from that file, so the consumer's CRC check meets it)."""
    cluster = kafkactl.start_single(tmp_path / "kafka")
    try:
        bootstrap = cluster.bootstrap
        good = [(f"good-{n}", envelope(f"good-{n}", n)) for n in range(4)]
        damaged = [(f"damaged-{n}", envelope(f"damaged-{n}", n)) for n in range(4)]
        later = [(f"later-{n}", envelope(f"later-{n}", n)) for n in range(4)]
        for items in (good, damaged, later):
            produce_compressed(bootstrap, topics.raw, "none", items, partition=0)
        [segment] = (cluster.node(1).data_path / f"{topics.raw}-0").glob("*.log")
        data = bytearray(segment.read_bytes())
        at = data.index(b"damaged-2")
        data[at : at + 7] = b"DAMAGED"
        with segment.open("r+b") as f:  # in place: the broker keeps the file open
            f.seek(at)
            f.write(data[at : at + 7])

        worker = make_worker(worker_env(bootstrap, topics), "corrupt")
        name = f'wiredesk_undecodable_batches_total{{partition="0",topic="{topics.raw}"}}'
        wait_for(worker, name, 1)
        time.sleep(2)
        assert worker.alive(), worker.log_tail()
        assert worker.get("/healthz")[0] == 200
        status, body = worker.readyz()
        assert status == 503
        [where] = body["stalled"]
        assert (where["partition"], where["offset"]) == (0, 4)
        assert "CRC" in where["reason"]
        events = read_topic(bootstrap, topics.events, expect=None, timeout=30)
        assert {e.key.decode() for e in events if e.key} == {k for k, _ in good}
        assert worker.stop(signal.SIGTERM) == 0
    finally:
        cluster.stop()
