"""Bench row: resident memory of one worker while it streams many seed-sized stories.

Goal (issue 9): at most 600 MB per worker after 10,000 stories. ``WIREDESK_BENCH_RSS_STORIES``
(default 10,000; 0 skips the row) stories (the seeds, repeated with distinct ids) are
put on the input topic at once (a backlog, the worst case for the consumer's buffers),
and the worker's resident set size (``/proc/PID/status`` ``VmRSS``) is printed every
``WIREDESK_BENCH_RSS_EVERY`` events (default: a tenth of the stories) and at the end,
with its peak (``VmHWM``). At about 25 stories/s on one core the default takes about
7 minutes.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import time
from pathlib import Path

from tests.integration.conftest import Topics, Worker, produce, worker_env

GOAL_MB = 600.0


def proc_status_mb(pid: int, field: str) -> float:
    """A ``kB`` field of ``/proc/PID/status`` (``VmRSS``, ``VmHWM``) in MB (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def stories(
    count: int, texts: list[str]
) -> list[tuple[bytes | None, bytes | None, list[tuple[str, bytes]]]]:
    out: list[tuple[bytes | None, bytes | None, list[tuple[str, bytes]]]] = []
    for n in range(count):
        sid = f"rss-{n:06d}"
        out.append(
            (sid.encode(), json.dumps({"id": sid, "text": texts[n % len(texts)]}).encode(), [])
        )
    return out


async def _count_events(
    bootstrap: str, topic: str, expect: int, every: int, pid: int, timeout: float
) -> list[tuple[int, float]]:
    """Read ``topic`` from the start until ``expect`` records; sample RSS every ``every``."""
    from aiokafka import AIOKafkaConsumer, TopicPartition

    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    samples: list[tuple[int, float]] = []
    try:
        deadline = time.monotonic() + timeout
        partitions = None
        while not partitions:
            assert time.monotonic() < deadline, f"no topic {topic}"
            await consumer._client.force_metadata_update()
            partitions = consumer.partitions_for_topic(topic)
            if not partitions:
                await asyncio.sleep(0.5)
        tps = [TopicPartition(topic, p) for p in sorted(partitions)]
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        seen, next_sample = 0, every
        while seen < expect:
            assert time.monotonic() < deadline, f"only {seen} of {expect} events in {timeout}s"
            batch = await consumer.getmany(timeout_ms=1000)
            seen += sum(len(m) for m in batch.values())
            while seen >= next_sample and next_sample <= expect:
                samples.append((next_sample, proc_status_mb(pid, "VmRSS")))
                next_sample += every
    finally:
        await consumer.stop()
    return samples


def rss_row(bootstrap: str, texts: list[str], tmp: Path, count: int | None = None) -> float | None:
    count = (
        count if count is not None else int(os.environ.get("WIREDESK_BENCH_RSS_STORIES", "10000"))
    )
    if count <= 0:
        print("resident memory row skipped (WIREDESK_BENCH_RSS_STORIES=0)")
        return None
    every = int(os.environ.get("WIREDESK_BENCH_RSS_EVERY", "0")) or max(1, count // 10)
    run = f"rss-{os.getpid()}-{time.time_ns() % 10**6}"
    topics = Topics(f"{run}.raw", f"{run}.events", f"{run}.dlq")
    worker = Worker({**worker_env(bootstrap, topics), "WIREDESK_LOG_LEVEL": "WARNING"},
                    tmp / f"{run}.log").start()  # fmt: skip
    try:
        worker.wait_ready()
        assert worker.process is not None
        pid = worker.process.pid
        before = proc_status_mb(pid, "VmRSS")
        print(f"resident memory of one worker over {count} stories "
              f"(ready, before any story: {before:.0f} MB):", flush=True)  # fmt: skip
        start = time.perf_counter()
        produce(bootstrap, topics.raw, stories(count, texts))
        samples = _sampled(bootstrap, topics.events, count, every, pid)
        elapsed = time.perf_counter() - start
        for seen, mb in samples:
            print(f"  after {seen:>6} events: {mb:6.0f} MB", flush=True)
        end, peak = proc_status_mb(pid, "VmRSS"), proc_status_mb(pid, "VmHWM")
        verdict = "met" if peak <= GOAL_MB else "not met"
        print(f"{'resident memory, 1 worker':<30} {end:.0f} MB after {count} stories, peak "
              f"{peak:.0f} MB ({count / elapsed:.1f} stories/s; goal <= {GOAL_MB:.0f} MB: "
              f"{verdict})", flush=True)  # fmt: skip
        return end
    finally:
        worker.stop(signal.SIGTERM)


def _sampled(
    bootstrap: str, topic: str, count: int, every: int, pid: int
) -> list[tuple[int, float]]:
    # Generous: 10,000 stories at 5 stories/s, on a loaded machine.
    return asyncio.run(_count_events(bootstrap, topic, count, every, pid, timeout=60 + count / 5))
