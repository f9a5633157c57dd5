"""`make bench`: throughput and latency, printed as figures beside their baselines.

Not part of `make test` (no timing is asserted anywhere). One corpus for every run: the
stories in seeds/, repeated with distinct ids. Figures, all in stories per second:

1. NER ceiling: the spaCy model alone over the texts, one text at a time and batched
   (``nlp.pipe``), in one process and in two;
2. offline `normalize` (the whole pure pipeline) in one process, per story and batched;
3. streaming through a real Kafka broker with one worker and with two (4 partitions), and
   the peer (``tests/bench/peer.py``: the consumer a team would write instead) through the
   same broker and the same kind of topics; each rate runs from the first input record's
   timestamp to the last output record's (the wall-clock rate, which also counts the
   clients' start-up, is printed beside it);
4. end-to-end latency p50/p99 at half and at 90% of the one-worker rate;
5. reading cost per format: the format reader's time per document (bytes to envelope and
   story metadata) beside the whole pipeline's time for the same documents (NER
   included), as a share; the plain-text row is the baseline (goal: reading <= 5%);
6. a cost curve: per-story time of the pure pipeline for stories of 1 to 16 kB;
7. the resident memory of each worker when its run ends;
8. start-up on a warm cache: process start -> model loaded -> ``/readyz`` 200
   (``tests/bench/startup.py``, ``WIREDESK_BENCH_STARTS``);
9. resident memory of one worker over ``WIREDESK_BENCH_RSS_STORIES`` (default 10,000)
   stories, sampled as it goes (``tests/bench/memory.py``);
10. the story keeper (issue 8, ``WIREDESK_LIFECYCLE``): one worker's streaming rate and
    end-to-end latency with the keeper on beside the same without it, run in this
    process one after the other; the keeper alone, fed its by-key topic directly (the
    ceiling of a group: that topic has one partition), beside the one worker's rate
    (goal 40 x), over ``WIREDESK_BENCH_KEEPER_RECORDS`` (default 4,000) seed copies and
    over ``WIREDESK_BENCH_RESTORE_STORIES`` (default 15,000) distinct stories; a keeper
    hand-over restoring those stories' table; and the keeper's own work per story
    (fingerprint, duplicate index, ``decide``, the state's JSON) beside the pipeline's
    (``tests/eval/duplicates.py``; goal under 5%). ``--only keeper-alone`` runs the
    one-worker row, the keeper-alone rows and the hand-over only;
11. NER per language (``tests/bench/languages.py``, ``--only languages``, no broker): each
    served language's offline rate with every language loaded, and the start-up and
    resident memory of a fresh process with English alone, with French or Spanish added,
    with the table-read languages added, and with all of them;
12. the event stage (issue 25, ``tests/bench/events.py``, ``--only events``, no broker): its
    own time per story beside the whole pipeline's, with and without it in one process;
13. opt-in (``WIREDESK_BENCH_SWEEP=1`` or ``make bench-sweep``): a streaming sweep of
    ``WIREDESK_BATCH_MAX`` x ``WIREDESK_BATCH_WINDOW_MS`` with p99 at 90% of each
    setting's maximum rate (``tests/bench/sweep.py``).

The latency rows send from one producer on a fixed schedule (``tests/bench/pacing.py``).

Run: `make bench` (or `python -m tests.bench.throughput --copies 5`;
`--reading-only` prints section 5 alone, without a broker; `--only
languages|events|startup|rss|keeper|keeper-alone|sweep` runs one of sections 8 to 13
alone).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tests.bench.events import events_rows
from tests.bench.languages import languages_rows
from tests.bench.memory import rss_row
from tests.bench.pacing import latencies, paced_produce, percentile
from tests.bench.startup import startup_row
from tests.bench.sweep import burst_rate, sweep
from tests.conftest import SEEDS

# The integration helpers give the bench the same real broker and worker processes.
from tests.integration.conftest import (
    Topics,
    Worker,
    free_port,
    load_kafkactl,
    produce,
    read_topic,
    worker_env,
)
from wiredesk import formats
from wiredesk.models import Envelope
from wiredesk.normalize.pipeline import Resources, StoryInput, normalize, normalize_batch
from wiredesk.resources import DEFAULT_MODEL, load_resources


def corpus(copies: int) -> list[tuple[str, str]]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    return [(f"bench-{c:03d}-{i:03d}", t) for c in range(copies) for i, t in enumerate(texts)]


BATCH = 16  # the offline batch size; the worker's is WIREDESK_BATCH_MAX


def _ner_only(texts: Sequence[str], batched: bool = False) -> float:
    """The service's own NER (same model, same components) over the whole raw texts, one
    text at a time or through ``nlp.pipe``: an upper bound on what NER can do."""
    from wiredesk.resources.nlp import load_ner

    ner = load_ner(DEFAULT_MODEL)
    ner("warm up")
    start = time.perf_counter()
    if batched:
        ner.pipe(texts)
    else:
        for text in texts:
            ner(text)
    return time.perf_counter() - start


def _ner_batched(texts: Sequence[str]) -> float:
    return _ner_only(texts, batched=True)


def ner_ceiling(texts: list[str], processes: int, *, batched: bool = False) -> float:
    run = _ner_batched if batched else _ner_only
    if processes == 1:
        return len(texts) / run(texts)
    chunks = [texts[i::processes] for i in range(processes)]
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        # Each process loads its model before the clock starts; the slowest one sets the pace.
        durations = pool.map(run, chunks)
    return len(texts) / max(durations)


def offline_rate(
    stories: list[tuple[str, str]], *, batched: bool = False, batch: int = BATCH
) -> float:
    resources = load_resources()
    when = datetime(2024, 6, 1, tzinfo=UTC)
    normalize(Envelope(text=stories[0][1]), resources, received_at=when)  # warm up
    start = time.perf_counter()
    if batched:
        items = [StoryInput(Envelope(id=sid, text=text), received_at=when) for sid, text in stories]
        for i in range(0, len(items), batch):
            normalize_batch(items[i : i + batch], resources)
    else:
        for story_id, text in stories:
            normalize(Envelope(id=story_id, text=text), resources, received_at=when)
    return len(stories) / (time.perf_counter() - start)


def cost_curve(texts: list[str], sizes_kb: Sequence[int] = (1, 2, 4, 8, 16)) -> None:
    """Per-story time of the pure pipeline, NER included, for stories of growing size:
    headline, dateline, then seed paragraphs until the size is reached."""
    resources = load_resources()
    when = datetime(2024, 6, 1, tzinfo=UTC)
    paragraphs = [p for t in texts for p in t.split("\n\n")[1:] if len(p) > 80]
    base: float | None = None
    for kb in sizes_kb:
        parts, size, i = ["Cost curve story", "LONDON (Reuters) - The curve starts here."], 0, 0
        while size < kb * 1024:
            parts.append(paragraphs[i % len(paragraphs)])
            size, i = size + len(parts[-1]) + 2, i + 1
        story = "\n\n".join(parts)
        normalize(Envelope(text=story), resources, received_at=when)  # warm up
        runs = max(3, 48 // kb)
        start = time.perf_counter()
        for _ in range(runs):
            normalize(Envelope(text=story), resources, received_at=when)
        per_story = (time.perf_counter() - start) / runs
        base = base or per_story
        ratio = per_story / base
        print(f"  {kb:>2} kB story: {per_story * 1000:7.1f} ms   {ratio:5.2f} x the 1 kB story "
              f"(size ratio {kb})", flush=True)  # fmt: skip


def resident_mb(pid: int) -> float:
    """The resident set size of a process, from /proc (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _messages(stories: list[tuple[str, str]]) -> list[tuple[bytes | None, bytes | None, list[Any]]]:
    return [
        (sid.encode(), json.dumps({"id": sid, "text": text}).encode(), []) for sid, text in stories
    ]


def keeper_env(tmp: Path, run: str) -> dict[str, str]:
    """A worker's settings for the story keeper: on, with its own RocksDB folder and
    stories topic."""
    return {"WIREDESK_LIFECYCLE": "true", "WIREDESK_DATA_DIR": str(tmp / f"{run}-data"),
            "WIREDESK_STORIES_TOPIC": f"{run}.stories"}  # fmt: skip


def streaming_rate(
    bootstrap: str,
    stories: list[tuple[str, str]],
    workers: int,
    tmp: Path,
    *,
    keeper: bool = False,
) -> float:
    run = f"bench-{os.getpid()}-{workers}-{time.time_ns() % 10**6}"
    topics = Topics(f"{run}.raw", f"{run}.events", f"{run}.dlq")
    env = worker_env(bootstrap, topics)
    started = []
    for n in range(workers):
        extra = keeper_env(tmp, f"{run}-{n}") if keeper else {}
        w = Worker({**env, **extra, "WIREDESK_WEB_PORT": str(free_port()),
                    "WIREDESK_LOG_LEVEL": "WARNING"}, tmp / f"{run}-{n}.log").start()  # fmt: skip
        started.append(w)
    try:
        for w in started:
            w.wait_ready()
        if workers > 1:  # let the group settle so both workers hold partitions
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and not all(
                w.readyz()[1]["partitions"] for w in started
            ):
                time.sleep(0.5)
        start = time.perf_counter()
        produce(bootstrap, topics.raw, _messages(stories))
        events = read_topic(bootstrap, topics.events, expect=len(stories), timeout=600)
        elapsed = time.perf_counter() - start
        assert len(events) >= len(stories), f"only {len(events)} of {len(stories)} events"
        memory = ", ".join(
            f"{resident_mb(w.process.pid):.0f} MB" for w in started if w.process is not None
        )
        print(f"  resident memory of the {workers} worker(s) at the end: {memory}", flush=True)
        return _record_rate(bootstrap, topics.raw, events, len(stories) / elapsed)
    finally:
        for w in started:
            w.stop(signal.SIGTERM)


def _record_rate(bootstrap: str, source: str, outputs: Sequence[Any], wall_rate: float) -> float:
    """The pipeline's own pace: stories from the first input record's timestamp to the last
    output record's (``sweep.burst_rate``). The wall-clock rate from the first send to the
    reader's last record also counts the load driver's and the reader's client start-up,
    about a second and a half of a six-second run; it is printed beside it."""
    inputs = read_topic(bootstrap, source, expect=len(outputs), timeout=120)
    rate = burst_rate([m.timestamp for m in inputs], [m.timestamp for m in outputs])
    print(f"  from record timestamps {rate:.1f} stories/s; wall clock with the clients' "
          f"start-up {wall_rate:.1f} stories/s", flush=True)  # fmt: skip
    return rate


def create_topics(bootstrap: str, names: Sequence[str], partitions: int) -> None:
    from aiokafka.admin import AIOKafkaAdminClient, NewTopic

    async def create() -> None:
        admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
        await admin.start()
        try:
            await admin.create_topics([NewTopic(n, partitions, 1) for n in names])
        finally:
            await admin.close()

    asyncio.run(create())


def peer_rate(bootstrap: str, stories: list[tuple[str, str]], tmp: Path) -> float:
    """The peer consumer (tests/bench/peer.py) through the same broker, same corpus."""
    run = f"peer-{os.getpid()}-{time.time_ns() % 10**6}"
    source, target = f"{run}.raw", f"{run}.out"
    create_topics(bootstrap, [source, target], partitions=4)
    with (tmp / f"{run}.log").open("wb") as log:
        peer = subprocess.Popen(
            [sys.executable, "-m", "tests.bench.peer", bootstrap, source, target,
             f"group-{run}", DEFAULT_MODEL],
            stdout=subprocess.PIPE, stderr=log,
        )  # fmt: skip
        try:
            assert peer.stdout is not None and peer.stdout.readline().strip() == b"ready"
            time.sleep(3)  # the group's first assignment
            start = time.perf_counter()
            produce(bootstrap, source, _messages(stories))
            out = read_topic(bootstrap, target, expect=len(stories), timeout=600)
            elapsed = time.perf_counter() - start
            assert len(out) >= len(stories), f"peer: only {len(out)} of {len(stories)}"
            return _record_rate(bootstrap, source, out, len(stories) / elapsed)
        finally:
            peer.terminate()
            peer.wait(30)


def latency(
    bootstrap: str,
    stories: list[tuple[str, str]],
    rate: float,
    tmp: Path,
    *,
    keeper: bool = False,
) -> tuple[float, float, int, float]:
    """Publish one story every 1/rate seconds (one producer, a fixed schedule); latency =
    output record timestamp - input record timestamp. Returns p50, p99, the count and the
    rate the driver achieved."""
    run = f"lat-{os.getpid()}-{time.time_ns() % 10**6}"
    topics = Topics(f"{run}.raw", f"{run}.events", f"{run}.dlq")
    extra = keeper_env(tmp, run) if keeper else {}
    worker = Worker({**worker_env(bootstrap, topics), **extra, "WIREDESK_LOG_LEVEL": "WARNING"},
                    tmp / f"{run}.log").start()  # fmt: skip
    try:
        worker.wait_ready()
        offered = paced_produce(bootstrap, topics.raw, _messages(stories), rate)
        events = read_topic(bootstrap, topics.events, expect=len(stories), timeout=120)
        inputs = read_topic(bootstrap, topics.raw, expect=len(stories), timeout=60)
        lat = latencies([(m.key, m.timestamp) for m in inputs],
                        [(e.key, e.timestamp) for e in events])  # fmt: skip
        return percentile(lat, 0.5), percentile(lat, 0.99), len(lat), offered
    finally:
        worker.stop(signal.SIGTERM)


def _best_per_call(call: Any, calls: int, repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(calls):
            call()
        best = min(best, (time.perf_counter() - start) / calls)
    return best


def reading_cost(resources: Resources) -> None:
    """Section 5: per format, reader seconds per document over pipeline seconds per story."""
    when = datetime(2024, 6, 1, tzinfo=UTC)
    groups: dict[str, list[bytes]] = {}
    for path in sorted(SEEDS.rglob("*")):
        if path.is_file():
            value = path.read_bytes()
            groups.setdefault(formats.read_document(value).meta.format, []).append(value)
    limit = resources.max_story_bytes
    print(f"{'reading cost, per document':<30} {'read':>9} {'pipeline':>10} {'share':>7}   docs")
    for name in ("text", "newsml-g2", "nitf", "anpa-1312", "iptc-7901"):
        values = groups.get(name, [])
        if not values:
            continue
        documents = [formats.read_value(v, max_bytes=limit) for v in values]

        def read_all(values: list[bytes] = values) -> None:
            for value in values:
                formats.read_value(value, max_bytes=limit)

        def pipeline_all(documents: list[formats.Document] = documents) -> None:
            for d in documents:
                normalize(d.envelope, resources, received_at=when, meta=d.meta)

        pipeline_all()  # warm up
        read = _best_per_call(read_all, calls=20) / len(values)
        whole = _best_per_call(pipeline_all, calls=1, repeat=3) / len(values) + read
        print(f"{name:<30} {read * 1e3:7.3f}ms {whole * 1e3:8.2f}ms {read / whole:6.1%}"
              f"   {len(values)}", flush=True)  # fmt: skip


def row(label: str, rate: float, base: float | None = None, base_name: str = "") -> None:
    ratio = f"{rate / base:5.2f} x {base_name}" if base else "(baseline)"
    print(f"{label:<30} {rate:7.1f} stories/s   {ratio}", flush=True)


SECTIONS = ("reading", "languages", "events", "startup", "rss", "keeper", "keeper-alone", "sweep")


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=5, help="corpus = seeds x copies")
    parser.add_argument(
        "--rate",
        type=float,
        default=0.0,
        help="steady rate for latency (stories/s); default: 50%% and 90%% of the 1-worker rate",
    )
    parser.add_argument("--latency-stories", type=int, default=120)
    parser.add_argument("--reading-only", action="store_true", help="only section 5")
    parser.add_argument(
        "--only",
        choices=SECTIONS,
        help="one section alone: reading, languages, events (no broker), startup, rss, keeper, "
        "keeper-alone (section 10 without the keeper's streaming and latency rows), sweep",
    )
    args = parser.parse_args(argv)
    only: str | None = "reading" if args.reading_only else args.only
    if only == "reading":
        reading_cost(load_resources())
        return 0
    if only == "languages":
        languages_rows()
        return 0
    if only == "events":
        events_rows()
        return 0

    stories = corpus(args.copies)
    texts = [t for _, t in stories]
    chars = sum(len(t) for t in texts) / len(texts)
    print(f"corpus: {len(stories)} stories ({len(stories) // args.copies} seeds x {args.copies}), "
          f"{chars:.0f} characters on average; {os.cpu_count()} cores")  # fmt: skip

    if only is None:
        ner1 = ner_ceiling(texts, 1)
        row("NER ceiling, 1 process", ner1)
        ner2 = ner_ceiling(texts, 2)
        row("NER ceiling, 2 processes", ner2, ner1, "NER ceiling (1)")
        bat1 = ner_ceiling(texts, 1, batched=True)
        row("NER ceiling batched, 1 process", bat1, ner1, "NER ceiling (1)")
        bat2 = ner_ceiling(texts, 2, batched=True)
        row("NER ceiling batched, 2 procs", bat2, bat1, "batched ceiling (1)")
        row("offline normalize, per story", offline_rate(stories), ner1, "NER ceiling (1)")
        for size in (4, BATCH, 64):  # how the batch size was chosen (WIREDESK_BATCH_MAX)
            rate = offline_rate(stories, batched=True, batch=size)
            row(f"offline normalize, batches of {size}", rate, bat1, "batched ceiling (1)")
        print("cost curve (pure pipeline with NER, one story at a time):")
        cost_curve(texts)
        reading_cost(load_resources())
        languages_rows()
        events_rows()

    kafkactl = load_kafkactl()
    if not kafkactl.jars_present():
        kafkactl.fetch_jars()
    with tempfile.TemporaryDirectory(prefix="wiredesk-bench-") as tmp_name:
        tmp = Path(tmp_name)
        cluster = kafkactl.start_single(tmp / "kafka")
        try:
            if only is None:
                _streaming_rows(cluster.bootstrap, stories, tmp, args, bat1, bat2)
            if only in (None, "startup"):
                print("start-up (process start -> model loaded -> /readyz 200):", flush=True)
                startup_row(cluster.bootstrap, tmp)
            if only in (None, "rss"):
                rss_row(cluster.bootstrap, texts, tmp)
            if only in (None, "keeper"):
                keeper_rows(cluster.bootstrap, stories, tmp, args)
            if only == "keeper-alone":
                keeper_alone_rows(cluster.bootstrap, stories, tmp)
            if only == "sweep" or (only is None and _flag("WIREDESK_BENCH_SWEEP")):
                sweep(cluster.bootstrap, texts, tmp)
        finally:
            cluster.stop()
    return 0


def _streaming_rows(
    bootstrap: str,
    stories: list[tuple[str, str]],
    tmp: Path,
    args: argparse.Namespace,
    bat1: float,
    bat2: float,
) -> None:
    one = streaming_rate(bootstrap, stories, 1, tmp)
    row("streaming, 1 worker", one, bat1, "batched ceiling (1)")
    two = streaming_rate(bootstrap, stories, 2, tmp)
    row("streaming, 2 workers", two, bat2, "batched ceiling (2)")
    peer = peer_rate(bootstrap, stories, tmp)
    row("peer (aiokafka + nlp.pipe)", peer, bat1, "batched ceiling (1)")
    rates = [args.rate] if args.rate else [0.5 * one, 0.9 * one]
    for rate in rates:
        p50, p99, n, offered = latency(bootstrap, stories[: args.latency_stories], rate, tmp)
        print(
            f"end-to-end latency at {rate:.1f} stories/s ({rate / one:.0%} of the "
            f"1-worker rate; {offered:.1f}/s achieved) over {n} stories: p50 "
            f"{p50 * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms (input record timestamp to "
            "output record timestamp)"
        )


def keeper_rows(
    bootstrap: str, stories: list[tuple[str, str]], tmp: Path, args: argparse.Namespace
) -> None:
    """Section 10: what the story keeper costs, each figure beside the same run without it."""
    from tests.eval.duplicates import keeper_cost

    print("story keeper (WIREDESK_LIFECYCLE=true) beside the same worker without it:", flush=True)
    plain = streaming_rate(bootstrap, stories, 1, tmp)
    row("streaming, 1 worker", plain)
    kept = streaming_rate(bootstrap, stories, 1, tmp, keeper=True)
    row("streaming, 1 worker + keeper", kept, plain, "streaming (1)")
    rate = args.rate or 0.5 * plain
    sample = stories[: args.latency_stories]
    p50, p99, n, _ = latency(bootstrap, sample, rate, tmp)
    k50, k99, kn, _ = latency(bootstrap, sample, rate, tmp, keeper=True)
    print(f"end-to-end latency at {rate:.1f} stories/s over {n} / {kn} stories: "
          f"p50 {p50 * 1000:.0f} ms -> {k50 * 1000:.0f} ms with the keeper, "
          f"p99 {p99 * 1000:.0f} ms -> {k99 * 1000:.0f} ms", flush=True)  # fmt: skip
    text_only = load_resources(None)
    _keeper_alone(bootstrap, stories, text_only, tmp, plain)
    keeper, whole = keeper_cost(text_only, load_resources())
    print(f"{'keeper step, per story':<30} {keeper * 1e3:7.3f} ms   {keeper / whole:5.1%} of the "
          f"pipeline's {whole * 1e3:.2f} ms (goal: under 5%)", flush=True)  # fmt: skip


def produce_bulk(
    bootstrap: str, topic: str, messages: list[tuple[bytes | None, bytes | None, list[Any]]]
) -> None:
    """Send ``messages`` as fast as the broker takes them: producer batches of 1 MiB (the
    test helper's 16 KiB batches carry four by-key records a round trip, a few hundred a
    second, which would measure the load driver instead of the keeper)."""
    from aiokafka import AIOKafkaProducer

    async def send() -> None:
        producer = AIOKafkaProducer(
            bootstrap_servers=bootstrap, acks="all", max_batch_size=1024**2, linger_ms=20,
            max_request_size=4_000_000,
        )  # fmt: skip
        await producer.start()
        try:
            futures = [
                await producer.send(topic, key=key, value=value, headers=headers)
                for key, value, headers in messages
            ]
            await asyncio.gather(*futures)
        finally:
            await producer.stop()

    asyncio.run(send())


def keeper_alone_rows(bootstrap: str, stories: list[tuple[str, str]], tmp: Path) -> None:
    """``--only keeper-alone``: one worker's streaming rate (the base), the keeper alone
    beside it and the hand-over, in this process one after the other."""
    print("the story keeper alone beside one worker without it:", flush=True)
    plain = streaming_rate(bootstrap, stories, 1, tmp)
    row("streaming, 1 worker", plain)
    _keeper_alone(bootstrap, stories, load_resources(None), tmp, plain)


def _keeper_alone(
    bootstrap: str, stories: list[tuple[str, str]], resources: Resources, tmp: Path, plain: float
) -> None:
    ceiling = keeper_ceiling(bootstrap, stories, resources, tmp)
    row("keeper alone, fed its topic", ceiling, plain, "1 worker (goal: 40 x or more)")
    restore = int(os.environ.get("WIREDESK_BENCH_RESTORE_STORIES", "15000"))
    if restore > 0:
        rate, ready, started = keeper_restore(bootstrap, stories, resources, tmp, restore)
        row(f"keeper alone, {restore:,} stories", rate, plain, "1 worker")
        print(f"keeper hand-over, {restore:,} stories: restored from the changelog by a new "
              f"worker with an empty data folder and its first record decided {ready:.1f} s "
              f"after /readyz 200 ({started:.1f} s after its process started)",
              flush=True)  # fmt: skip


def keeper_ceiling(
    bootstrap: str,
    stories: list[tuple[str, str]],
    resources: Resources,
    tmp: Path,
    total: int = int(os.environ.get("WIREDESK_BENCH_KEEPER_RECORDS", "4000")),
) -> float:
    """The story keeper's own pace, which is the whole group's ceiling (its topic has one
    partition): event records written straight to a worker's by-key topic, as stage 1
    writes them, ``total`` at once; stories per second from the first record's timestamp
    to the last output's."""
    from wiredesk import codec
    from wiredesk.codec import SourcePosition
    from wiredesk.stream.keeper import by_key_record

    run = f"ceil-{os.getpid()}-{time.time_ns() % 10**6}"
    topics = Topics(f"{run}.raw", f"{run}.events", f"{run}.dlq")
    env = {**worker_env(bootstrap, topics), **keeper_env(tmp, run), "WIREDESK_LOG_LEVEL": "WARNING"}
    when = datetime(2024, 6, 1, tzinfo=UTC)
    messages: list[tuple[bytes | None, bytes | None, list[Any]]] = []
    for n in range(total):
        _, text = stories[n % len(stories)]
        record = normalize(Envelope(id=f"ceil-{n:05d}", text=text), resources, received_at=when)
        key, headers = by_key_record(record, SourcePosition(topics.raw, 0, n, None), None)
        messages.append((key, codec.encode_record(record), list(headers)))
    worker = Worker(env, tmp / f"{run}.log").start()
    try:
        worker.wait_ready()
        by_key = f"{env['WIREDESK_CONSUMER_GROUP']}-stories-by-key"
        produce_bulk(bootstrap, by_key, messages)
        events = read_topic(bootstrap, topics.events, expect=total, timeout=600)
        inputs = read_topic(bootstrap, by_key, expect=total, timeout=120)
        assert len(events) >= total, f"keeper: only {len(events)} of {total}"
        ins, outs = [m.timestamp for m in inputs], [m.timestamp for m in events]
        print(f"  {total:,} by-key records written in {(max(ins) - min(ins)) / 1000:.2f} s; "
              f"first output {(min(outs) - min(ins)) / 1000:.2f} s after the first record, "
              f"last {(max(outs) - min(outs)) / 1000:.2f} s after the first output",
              flush=True)  # fmt: skip
        return burst_rate([m.timestamp for m in inputs], [m.timestamp for m in events])
    finally:
        worker.stop(signal.SIGTERM)


def _distinct_stories(
    stories: list[tuple[str, str]], resources: Resources, count: int, prefix: str
) -> list[tuple[bytes | None, bytes | None, list[Any]]]:
    """``count`` by-key records of distinct stories, as stage 1 writes them: each its own
    guid (so its own story key) and its own body of seed words in a shuffled order (so
    each is a new story with a fingerprint in the duplicate index, not a duplicate)."""
    import random

    from wiredesk import codec
    from wiredesk.codec import SourcePosition
    from wiredesk.stream.keeper import by_key_record

    when = datetime(2024, 6, 1, tzinfo=UTC)
    base = normalize(Envelope(id=f"{prefix}-base", text=stories[0][1]), resources, received_at=when)
    words = sorted({w for _, text in stories for w in text.split() if w.isalpha()})
    rng = random.Random(8)
    messages: list[tuple[bytes | None, bytes | None, list[Any]]] = []
    for n in range(count):
        body = "\n\n".join(" ".join(rng.choices(words, k=60)) for _ in range(3))
        story = base.story.model_copy(update={"guid": f"urn:bench:{prefix}:{n}"})
        record = base.model_copy(
            update={"id": f"{prefix}-{n:06d}", "body": body, "entities": [], "story": story}
        )
        key, headers = by_key_record(record, SourcePosition(f"{prefix}.raw", 0, n, None), None)
        messages.append((key, codec.encode_record(record), list(headers)))
    return messages


def keeper_restore(
    bootstrap: str,
    stories: list[tuple[str, str]],
    resources: Resources,
    tmp: Path,
    count: int,
) -> tuple[float, float, float]:
    """A keeper hand-over: one worker's keeper puts ``count`` distinct stories in its
    table and stops (SIGTERM); a new worker of the group, with an empty data folder,
    restores the table from the changelog. One more story is written to the by-key topic
    once the new worker answers /readyz. Returns the first keeper's pace over the distinct
    stories (each one record, each a state of about 1.5 kB, unlike the seed copies of
    :func:`keeper_ceiling`, which make 48 stories of many records), and the seconds from
    that answer, and from the new worker's process start, to the keeper's output of the
    one more story (restore, the duplicate index rebuilt from the table, one decision)."""
    run = f"restore-{os.getpid()}-{time.time_ns() % 10**6}"
    topics = Topics(f"{run}.raw", f"{run}.events", f"{run}.dlq")
    env = {**worker_env(bootstrap, topics), **keeper_env(tmp, run), "WIREDESK_LOG_LEVEL": "WARNING"}
    by_key = f"{env['WIREDESK_CONSUMER_GROUP']}-stories-by-key"
    messages = _distinct_stories(stories, resources, count + 1, run)
    first = Worker(env, tmp / f"{run}-first.log").start()
    try:
        first.wait_ready()
        produce_bulk(bootstrap, by_key, messages[:count])
        events = read_topic(bootstrap, topics.events, expect=count, timeout=900)
        assert len(events) >= count, f"restore: only {len(events)} of {count} decided"
        inputs = read_topic(bootstrap, by_key, expect=count, timeout=300)
        rate = burst_rate([m.timestamp for m in inputs], [m.timestamp for m in events])
        held = first.metrics().get("wiredesk_lifecycle_stories", 0)
        assert held == count, f"restore: the first keeper holds {held} stories, not {count}"
    finally:
        assert first.stop(signal.SIGTERM) == 0
    second_env = {**env, "WIREDESK_DATA_DIR": str(tmp / f"{run}-second-data"),
                  "WIREDESK_WEB_PORT": str(free_port())}  # fmt: skip
    started = time.time()
    second = Worker(second_env, tmp / f"{run}-second.log").start()
    try:
        second.wait_ready()
        ready = time.time()
        produce(bootstrap, by_key, messages[count:])
        events = read_topic(bootstrap, topics.events, expect=count + 1, timeout=900)
        probe = [e for e in events if e.key == f"{run}-{count:06d}".encode()]
        assert probe, "restore: the new worker decided nothing"
        held = second.metrics().get("wiredesk_lifecycle_stories", 0)
        assert held == count + 1, f"restore: the new keeper holds {held} stories"
        # The output's timestamp is the keeper's send: the reader's own start-up and the
        # time it takes to read the whole topic are not counted.
        decided = probe[0].timestamp / 1000
        return rate, decided - ready, decided - started
    finally:
        second.stop(signal.SIGTERM)


if __name__ == "__main__":
    sys.exit(main())
