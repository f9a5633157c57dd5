"""`python -m tests.bench.coded`: how soon a story's events are on wire.coded (issue 25, item 3).

One broker (deploy/kafka), one worker with the story keeper, every setting at its default
but the topics. The corpus is the text seeds, each copy its own story (an envelope with a
guid of its own: a guid is a story's identity, so no copy is a resend of another):

1. a burst of ``--burst`` copies, sent at once: the worker's maximum rate, from the first
   input record's timestamp to the last record's on the output topic (the keeper writes
   it, so both stages count);
2. ``--paced`` copies at ``--load`` (default half) of that rate, one producer on a fixed
   schedule: the end-to-end latency, input record timestamp to the story's first row on
   wire.coded (the stories that report events), and to its record on the output topic
   (every story), p50 and p99.

Not part of ``make test`` or ``make bench`` (no timing is asserted anywhere).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import tempfile
import time
from pathlib import Path
from typing import Any

from tests.bench.pacing import latencies, paced_produce, percentile
from tests.bench.sweep import burst_rate
from tests.conftest import SEEDS
from tests.integration.conftest import (
    Topics,
    Worker,
    load_kafkactl,
    produce,
    read_topic,
    worker_env,
)
from wiredesk.stories.coded import split_key


def _messages(prefix: str, texts: list[str], count: int) -> list[tuple[bytes, bytes, list[Any]]]:
    out = []
    for n in range(count):
        sid = f"{prefix}-{n:05d}"
        value = {"id": sid, "guid": sid, "text": texts[n % len(texts)]}
        out.append((sid.encode(), json.dumps(value).encode(), []))
    return out


def _story(key: bytes | None) -> bytes:
    """The input key (the guid) of a wire.coded row's key ``guid:<sid>#<n>``."""
    story, _ = split_key((key or b"").decode())
    return story.removeprefix("guid:").encode()


def run(bootstrap: str, tmp: Path, burst: int, paced: int, load: float) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    name = f"coded-{os.getpid()}-{time.time_ns() % 10**6}"
    topics = Topics(f"{name}.raw", f"{name}.events", f"{name}.dlq")
    data = str(tmp / "data")
    env = worker_env(bootstrap, topics, WIREDESK_LIFECYCLE="true", WIREDESK_DATA_DIR=data,
                     WIREDESK_LOG_LEVEL="WARNING")  # fmt: skip
    worker = Worker(env, tmp / f"{name}.log").start()
    try:
        worker.wait_ready(timeout=300)
        produce(bootstrap, topics.raw, _messages(f"{name}-burst", texts, burst))
        out = read_topic(bootstrap, topics.events, expect=burst, timeout=120 + burst)
        sent = read_topic(bootstrap, topics.raw, expect=burst, timeout=60)
        rate = burst_rate([m.timestamp for m in sent], [e.timestamp for e in out])
        print(f"maximum rate, 1 worker + keeper, {burst} stories: {rate:.1f} stories/s", flush=True)
        messages = _messages(f"{name}-paced", texts, paced)
        offered = paced_produce(bootstrap, topics.raw, messages, load * rate)
        total = burst + paced
        out = read_topic(bootstrap, topics.events, expect=total, timeout=120 + paced)
        sent = read_topic(bootstrap, topics.raw, expect=total, timeout=60)
        coded = read_topic(bootstrap, env["WIREDESK_CODED_TOPIC"], expect=None, timeout=60)
        prefix = f"{name}-paced".encode()
        inputs = [(m.key, m.timestamp) for m in sent if (m.key or b"").startswith(prefix)]
        to_events = latencies(inputs, [(e.key, e.timestamp) for e in out])
        to_coded = latencies(inputs, [(_story(c.key), c.timestamp) for c in coded if c.value])
        print(f"paced at {load * rate:.1f} stories/s ({load:.0%} of it; {offered:.1f}/s achieved), "
              f"{len(inputs)} stories:", flush=True)  # fmt: skip
        for label, values in (("first row on wire.coded", to_coded),
                              ("record on the output topic", to_events)):  # fmt: skip
            print(f"  input -> {label:<27} {len(values):4d} stories: p50 "
                  f"{percentile(values, 0.5) * 1000:5.0f} ms, p99 "
                  f"{percentile(values, 0.99) * 1000:5.0f} ms", flush=True)  # fmt: skip
        metrics = worker.metrics()
        rows = sum(v for k, v in metrics.items() if k.startswith("wiredesk_coded_events_total{"))
        print(f"  rows written {rows:.0f}, tombstones "
              f"{metrics.get('wiredesk_coded_tombstones_total', 0):.0f}", flush=True)  # fmt: skip
    finally:
        worker.stop(signal.SIGTERM)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--burst", type=int, default=300)
    parser.add_argument("--paced", type=int, default=300)
    parser.add_argument("--load", type=float, default=0.5, help="share of the maximum rate")
    args = parser.parse_args()
    kafkactl = load_kafkactl()
    if not kafkactl.jars_present():
        kafkactl.fetch_jars()
    with tempfile.TemporaryDirectory(prefix="wiredesk-coded-") as tmp_name:
        tmp = Path(tmp_name)
        cluster = kafkactl.start_single(tmp / "kafka")
        try:
            run(cluster.bootstrap, tmp, args.burst, args.paced, args.load)
        finally:
            cluster.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
