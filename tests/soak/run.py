"""Soak (issue 11, item 7): many stories through one worker, watched for leaks.

``make soak`` (``python -m tests.soak.run``) starts its own single-node broker (through
deploy/kafka, as the tests do) and one worker, and streams ``WIREDESK_SOAK_STORIES``
(default 100,000) distinct stories (the text seeds with ids ``soak-000000``...) while
keeping at most ``WIREDESK_SOAK_BACKLOG`` (default 2,000) ahead of the worker. Every
10,000 stories (or every tenth of a shorter run; ``WIREDESK_SOAK_EVERY`` to change) it
prints: stories done (events + dead letters), the throughput since the last line and
overall, the worker's resident memory (``VmRSS``), its open file descriptors and, when
its ``/metrics`` has it, the ``wiredesk_lifecycle_stories`` gauge.

With ``WIREDESK_SOAK_LIFECYCLE=1`` the worker runs the story keeper (issue 8) with its
retention window shortened to ``WIREDESK_SOAK_RETENTION_HOURS`` (default 0.1: six
minutes), and each line adds the size of its RocksDB folder and the descriptors open on
its files. The keeper's state must stay bounded: a fourth check compares the gauge's
highest value in the last tenth with its value half-way (when the window has long been
full), at most 1.25 times. RocksDB keeps one descriptor per live table file, and their
number goes up and down with flushes and compactions, so the fd check counts the others;
a fifth check wants no descriptor left on a RocksDB file already deleted (a leak).

The verdict at the end, after a warm-up of the first tenth: resident memory (the median
of the readings, about two a second, in the last tenth against the second tenth) grows
less than 10%, open file descriptors stay flat (at most 2 more, a broker connection that comes
and goes), and throughput does not fall (the last tenth at least 90% of the second
tenth). The exit status is 0 when all three hold, 1 otherwise. At about 25 stories/s the
default run takes about 70 minutes: run it on a quiet machine.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from tests.conftest import SEEDS
from tests.integration.conftest import Topics, Worker, load_kafkactl, worker_env

LIFECYCLE_GAUGE = "wiredesk_lifecycle_stories"
RSS_GROWTH_MAX = 0.10
FDS_GROWTH_MAX = 2
THROUGHPUT_RATIO_MIN = 0.9
STALL_S = 300.0  # no progress for this long: the soak fails
STATE_RATIO_MAX = 1.25


@dataclass(frozen=True)
class Sample:
    done: int
    at: float  # monotonic seconds
    rss_mb: float
    rss_median_mb: float  # of the readings since the previous sample (about two a second)
    fds: int  # open file descriptors, those on the keeper's RocksDB files left out
    lifecycle: float | None
    state_mb: float | None = None  # the keeper's RocksDB folder, with WIREDESK_SOAK_LIFECYCLE
    rocksdb_fds: int = 0  # descriptors on files in that folder
    deleted_fds: int = 0  # of those, on files RocksDB has already deleted


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def open_fds(pid: int, state_dir: Path | None = None) -> tuple[int, int, int]:
    """Descriptors open in ``pid``: those not on files in ``state_dir``, those on them,
    and, of the latter, those on files already deleted."""
    other = rocksdb = deleted = 0
    inside = f"{state_dir}{os.sep}" if state_dir is not None else None
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:  # closed while we looked
            continue
        if inside is not None and target.startswith(inside):
            rocksdb += 1
            deleted += target.endswith(" (deleted)")
        else:
            other += 1
    return other, rocksdb, deleted


def lifecycle(worker: Worker) -> float | None:
    """The gauge's value (summed over any labels), or None when /metrics has no such gauge."""
    values = [v for k, v in worker.metrics().items()
              if k == LIFECYCLE_GAUGE or k.startswith(LIFECYCLE_GAUGE + "{")]  # fmt: skip
    return sum(values) if values else None


def folder_mb(path: Path | None) -> float | None:
    if path is None:
        return None
    files = (f for f in path.rglob("*") if f.is_file())
    return sum(f.stat().st_size for f in files) / 1e6


def texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]


def story(n: int, seeds: list[str]) -> tuple[bytes, bytes]:
    sid = f"soak-{n:06d}"
    return sid.encode(), json.dumps({"id": sid, "text": seeds[n % len(seeds)]}).encode()


async def _partitions(consumer: AIOKafkaConsumer, topic: str) -> list[TopicPartition]:
    for _ in range(100):
        await consumer._client.force_metadata_update()
        found = consumer.partitions_for_topic(topic)
        if found:
            return [TopicPartition(topic, p) for p in sorted(found)]
        await asyncio.sleep(0.3)
    raise RuntimeError(f"no topic {topic}")


async def soak(
    bootstrap: str,
    topics: Topics,
    worker: Worker,
    count: int,
    every: int,
    backlog: int,
    state_dir: Path | None = None,
) -> list[Sample]:
    assert worker.process is not None
    pid = worker.process.pid
    seeds = texts()
    tenth = max(1, count // 10)
    marks = sorted({*range(every, count + 1, every), *range(tenth, count + 1, tenth), count})
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", enable_idempotence=True)
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await producer.start()
    await consumer.start()
    samples: list[Sample] = []
    try:
        tps = [
            *await _partitions(consumer, topics.events),
            *await _partitions(consumer, topics.dlq),
        ]
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        sent = done = dead = 0
        started = last_progress = time.monotonic()
        first = rss_mb(pid)
        fds, rocksdb_fds, deleted_fds = open_fds(pid, state_dir)
        samples.append(Sample(0, started, first, first, fds, lifecycle(worker), None,
                              rocksdb_fds, deleted_fds))  # fmt: skip
        readings: list[float] = []
        pending = iter(marks)
        mark = next(pending)
        while done < count:
            if sent < count and sent - done < backlog:
                chunk = min(count - sent, backlog - (sent - done), 500)
                futures = []
                for n in range(sent, sent + chunk):
                    key, value = story(n, seeds)
                    futures.append(await producer.send(topics.raw, value, key=key))
                await asyncio.gather(*futures)
                sent += chunk
            batch = await consumer.getmany(timeout_ms=500)
            for tp, messages in batch.items():
                done += len(messages)
                dead += len(messages) if tp.topic == topics.dlq else 0
            now = time.monotonic()
            if batch:
                last_progress = now
            if now - last_progress > STALL_S:
                raise RuntimeError(f"no progress for {STALL_S:.0f} s at {done} of {count}")
            if not worker.alive():
                raise RuntimeError(f"the worker exited:\n{worker.log_tail()}")
            readings.append(rss_mb(pid))
            while done >= mark:
                rss = readings[-1]
                fds, rocksdb_fds, deleted_fds = open_fds(pid, state_dir)
                sample = Sample(mark, now, rss, statistics.median(readings), fds,
                                lifecycle(worker), folder_mb(state_dir), rocksdb_fds,
                                deleted_fds)  # fmt: skip
                readings = [rss]
                samples.append(sample)
                if mark % every == 0 or mark == count:
                    print(line(samples, sample, started, dead), flush=True)
                mark = next(pending, count + 1)
    finally:
        await consumer.stop()
        await producer.stop()
    return samples


def line(samples: list[Sample], sample: Sample, started: float, dead: int) -> str:
    previous = next(s for s in reversed(samples[:-1]) if s.done < sample.done)
    rate = (sample.done - previous.done) / max(sample.at - previous.at, 1e-9)
    overall = sample.done / max(sample.at - started, 1e-9)
    gauge = "" if sample.lifecycle is None else f"  {LIFECYCLE_GAUGE} {sample.lifecycle:.0f}"
    if sample.state_mb is not None:
        gauge += f"  RocksDB {sample.state_mb:.1f} MB, {sample.rocksdb_fds} fds"
        gauge += f" ({sample.deleted_fds} deleted)" if sample.deleted_fds else ""
    return (
        f"{sample.done:>8} stories ({dead} dead letters)  {rate:6.1f}/s now  "
        f"{overall:6.1f}/s overall  RSS {sample.rss_mb:6.1f} MB "
        f"(median {sample.rss_median_mb:6.1f})  fds {sample.fds:>4}{gauge}"
    )


def verdict(samples: list[Sample], count: int) -> bool:
    by_done = {s.done: s for s in samples}
    tenth = max(1, count // 10)
    warm, last = by_done[tenth], by_done[count]
    # Resident memory: the median of the readings in the second tenth (just after warm-up)
    # against the median in the last tenth; one reading alone swings with each batch.
    after_warm_up = by_done[2 * tenth].rss_median_mb
    final_rss = last.rss_median_mb
    growth = (final_rss - after_warm_up) / after_warm_up
    fds = last.fds - warm.fds
    peak_fds = max(s.fds for s in samples if s.done >= tenth) - warm.fds

    def rate(a: int, b: int) -> float:
        return (b - a) / max(by_done[b].at - by_done[a].at, 1e-9)

    second = rate(tenth, 2 * tenth)
    final = rate(count - tenth, count) if count - tenth in by_done else rate(9 * tenth, count)
    ratio = final / second
    checks = [
        (growth < RSS_GROWTH_MAX, f"resident memory (median) after warm-up: "
         f"{after_warm_up:.1f} -> {final_rss:.1f} MB ({growth:+.1%}; limit +{RSS_GROWTH_MAX:.0%})"),
        (fds <= FDS_GROWTH_MAX and peak_fds <= FDS_GROWTH_MAX, f"open fds after warm-up: "
         f"{warm.fds} -> {last.fds} (peak {warm.fds + peak_fds}; at most +{FDS_GROWTH_MAX})"),
        (ratio >= THROUGHPUT_RATIO_MIN, f"throughput, last tenth / second tenth: {final:.1f} / "
         f"{second:.1f} stories/s = {ratio:.2f} (at least {THROUGHPUT_RATIO_MIN})"),
    ]  # fmt: skip
    half = by_done.get(5 * tenth)
    if half is not None and half.lifecycle is not None:
        late = [s.lifecycle for s in samples if s.done > 9 * tenth and s.lifecycle is not None]
        state = max(late) / max(half.lifecycle, 1.0)
        checks.append((state <= STATE_RATIO_MAX, f"story keeper's table, highest in the last "
                       f"tenth / half-way: {max(late):.0f} / {half.lifecycle:.0f} stories = "
                       f"{state:.2f} (at most {STATE_RATIO_MAX})"))  # fmt: skip
    if last.state_mb is not None:
        most = max(s.rocksdb_fds for s in samples)
        checks.append((last.deleted_fds == 0, f"descriptors on deleted RocksDB files at the "
                       f"end: {last.deleted_fds} (RocksDB held {most} at most)"))  # fmt: skip
    for ok, text in checks:
        print(f"  {'ok  ' if ok else 'FAIL'} {text}")
    passed = all(ok for ok, _ in checks)
    print(f"soak verdict: {'PASS' if passed else 'FAIL'}", flush=True)
    return passed


def main() -> int:
    count = int(os.environ.get("WIREDESK_SOAK_STORIES", "100000"))
    every = int(os.environ.get("WIREDESK_SOAK_EVERY", "0")) or min(10_000, max(1, count // 10))
    backlog = int(os.environ.get("WIREDESK_SOAK_BACKLOG", "2000"))
    if count < 20:
        print("WIREDESK_SOAK_STORIES must be at least 20", file=sys.stderr)
        return 2
    kafkactl = load_kafkactl()
    if not kafkactl.jars_present():
        kafkactl.fetch_jars()
    with tempfile.TemporaryDirectory(prefix="wiredesk-soak-") as tmp_name:
        tmp = Path(tmp_name)
        print(f"soak: Apache Kafka {kafkactl.kafka_version()}, one worker, {count} stories, "
              f"a line every {every}", flush=True)  # fmt: skip
        cluster = kafkactl.start_single(tmp / "kafka")
        try:
            topics = Topics("soak.raw", "soak.events", "soak.dlq")
            env = worker_env(cluster.bootstrap, topics, WIREDESK_LOG_LEVEL="WARNING")
            state_dir: Path | None = None
            if os.environ.get("WIREDESK_SOAK_LIFECYCLE", "") not in ("", "0"):
                state_dir = tmp / "state"
                retention = os.environ.get("WIREDESK_SOAK_RETENTION_HOURS", "0.1")
                env |= {"WIREDESK_LIFECYCLE": "true", "WIREDESK_DATA_DIR": str(state_dir),
                        "WIREDESK_STORIES_TOPIC": "soak.stories",
                        "WIREDESK_LIFECYCLE_RETENTION_HOURS": retention}  # fmt: skip
                print(f"soak: story keeper on, retention {retention} h", flush=True)
            worker = Worker(env, tmp / "worker.log").start()
            try:
                worker.wait_ready(timeout=180)
                samples = asyncio.run(soak(cluster.bootstrap, topics, worker, count, every,
                                           backlog, state_dir))  # fmt: skip
            finally:
                worker.stop(signal.SIGTERM)
        finally:
            cluster.stop()
    return 0 if verdict(samples, count) else 1


if __name__ == "__main__":
    sys.exit(main())
