"""Bench sweep: batch settings from streaming measurements (one worker, opt-in).

``make bench-sweep`` (or ``WIREDESK_BENCH_SWEEP=1 make bench``, which adds it at the end).
For each ``WIREDESK_BATCH_MAX`` in ``WIREDESK_BENCH_SWEEP_MAX`` (default 1,8,16,32,64) and
``WIREDESK_BATCH_WINDOW_MS`` in ``WIREDESK_BENCH_SWEEP_WINDOW_MS`` (default 5,20,50; a
batch of 1 never waits, so it runs once), one worker is started with those settings and:

1. its maximum rate is measured: ``WIREDESK_BENCH_SWEEP_STORIES`` (default 240) stories
   put on the input topic at once, divided by the time from the first input record's
   timestamp to the last output record's (the reader's own start-up is not counted);
2. ``WIREDESK_BENCH_SWEEP_LATENCY_STORIES`` (default 240) more are sent on a fixed
   schedule at 90% of that rate (one producer), and the end-to-end latency of each (input
   record timestamp to output record timestamp) gives p50 and p99.

Then one sentence: which settings meet "p99 <= 1 s at 90%" with the best throughput, and
those within 5% of it. On a shared machine the figures are not figures: run it quiet.
"""

from __future__ import annotations

import json
import os
import signal
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tests.bench.pacing import latencies, paced_produce, percentile

P99_GOAL_S = 1.0
LOAD = 0.9
NEAR_BEST = 0.95
DEFAULT_MAX = (1, 8, 16, 32, 64)
DEFAULT_WINDOW_MS = (5, 20, 50)


@dataclass(frozen=True)
class Setting:
    batch_max: int
    window_ms: int

    def label(self) -> str:
        window = "any" if self.batch_max == 1 else f"{self.window_ms:>3}"
        return f"max {self.batch_max:>3}, window {window} ms"


@dataclass(frozen=True)
class Result:
    setting: Setting
    rate: float  # stories/s, the burst
    offered: float  # stories/s the paced driver achieved (target: LOAD x rate)
    p50: float
    p99: float
    samples: int

    @property
    def meets(self) -> bool:
        return self.p99 <= P99_GOAL_S


def settings_grid(maxima: Sequence[int], windows: Sequence[int]) -> list[Setting]:
    """Every (max, window) pair; a batch of one never waits, so its window is not swept."""
    return [Setting(m, w) for m in maxima for w in (windows[:1] if m == 1 else windows)]


def _ints(name: str, default: Sequence[int]) -> list[int]:
    given = os.environ.get(name, "").strip()
    return [int(x) for x in given.split(",") if x.strip()] if given else list(default)


def recommendation(results: Sequence[Result], current: Setting) -> str:
    """The sentence the lead acts on (pure: from the results only)."""
    if not results:
        return "no setting was measured."
    meeting = sorted((r for r in results if r.meets), key=lambda r: -r.rate)
    now = next((r for r in results if r.setting == current), None)
    now_text = (
        f"the current defaults ({current.label()}) give {now.rate:.1f} stories/s and p99 "
        f"{now.p99 * 1000:.0f} ms ({'meets' if now.meets else 'misses'} the goal)"
        if now is not None
        else f"the current defaults ({current.label()}) were not in the sweep"
    )
    if not meeting:
        lowest = min(results, key=lambda r: r.p99)
        return (
            f"no setting meets p99 <= {P99_GOAL_S:.0f} s at {LOAD:.0%} of its maximum rate; "
            f"the lowest p99 is {lowest.p99 * 1000:.0f} ms with {lowest.setting.label()}; "
            f"{now_text}."
        )
    best = meeting[0]
    near = [r for r in meeting[1:] if r.rate >= NEAR_BEST * best.rate]
    near_text = (
        "; within 5% of it: " + ", ".join(
            f"{r.setting.label()} ({r.rate:.1f}/s, p99 {r.p99 * 1000:.0f} ms)" for r in near
        )
        if near
        else ""
    )  # fmt: skip
    return (
        f"best throughput meeting p99 <= {P99_GOAL_S:.0f} s at {LOAD:.0%}: WIREDESK_BATCH_MAX="
        f"{best.setting.batch_max} WIREDESK_BATCH_WINDOW_MS={best.setting.window_ms} "
        f"({best.rate:.1f} stories/s, p99 {best.p99 * 1000:.0f} ms){near_text}; {now_text}."
    )


def burst_rate(input_ms: Sequence[int], output_ms: Sequence[int]) -> float:
    """Stories per second from the first input record's timestamp to the last output
    record's: the worker's own pace, without the load driver's client start-up."""
    return len(output_ms) / max((max(output_ms) - min(input_ms)) / 1000, 1e-3)


def _messages(
    prefix: str, texts: Sequence[str], count: int
) -> list[tuple[bytes | None, bytes | None, list[tuple[str, bytes]]]]:
    out: list[tuple[bytes | None, bytes | None, list[tuple[str, bytes]]]] = []
    for n in range(count):
        sid = f"{prefix}-{n:05d}"
        out.append(
            (sid.encode(), json.dumps({"id": sid, "text": texts[n % len(texts)]}).encode(), [])
        )
    return out


def measure(bootstrap: str, setting: Setting, texts: Sequence[str], tmp: Path,
            burst: int, paced: int) -> Result:  # fmt: skip
    from tests.integration.conftest import Topics, Worker, produce, read_topic, worker_env

    run = f"sweep-{os.getpid()}-{setting.batch_max}-{setting.window_ms}-{time.time_ns() % 10**6}"
    topics = Topics(f"{run}.raw", f"{run}.events", f"{run}.dlq")
    env = {
        **worker_env(bootstrap, topics),
        "WIREDESK_LOG_LEVEL": "WARNING",
        "WIREDESK_BATCH_MAX": str(setting.batch_max),
        "WIREDESK_BATCH_WINDOW_MS": str(setting.window_ms),
    }
    worker = Worker(env, tmp / f"{run}.log").start()
    try:
        worker.wait_ready()
        produce(bootstrap, topics.raw, _messages(f"{run}-burst", texts, burst))
        got = read_topic(bootstrap, topics.events, expect=burst, timeout=60 + burst)
        assert len(got) >= burst, f"{setting.label()}: only {len(got)} of {burst} events"
        sent = read_topic(bootstrap, topics.raw, expect=burst, timeout=60)
        rate = burst_rate([m.timestamp for m in sent], [e.timestamp for e in got])
        messages = _messages(f"{run}-paced", texts, paced)
        offered = paced_produce(bootstrap, topics.raw, messages, LOAD * rate)
        total = burst + paced
        events = read_topic(bootstrap, topics.events, expect=total, timeout=60 + paced)
        inputs = read_topic(bootstrap, topics.raw, expect=total, timeout=60)
        keys = {key for key, _, _ in messages}
        lat = latencies(
            [(m.key, m.timestamp) for m in inputs if m.key in keys],
            [(e.key, e.timestamp) for e in events],
        )
        assert len(lat) == paced, f"{setting.label()}: {len(lat)} of {paced} paced events"
        return Result(setting, rate, offered, percentile(lat, 0.5), percentile(lat, 0.99), len(lat))
    finally:
        worker.stop(signal.SIGTERM)


def sweep(bootstrap: str, texts: Sequence[str], tmp: Path) -> list[Result]:
    grid = settings_grid(
        _ints("WIREDESK_BENCH_SWEEP_MAX", DEFAULT_MAX),
        _ints("WIREDESK_BENCH_SWEEP_WINDOW_MS", DEFAULT_WINDOW_MS),
    )
    burst = int(os.environ.get("WIREDESK_BENCH_SWEEP_STORIES", "240"))
    paced = int(os.environ.get("WIREDESK_BENCH_SWEEP_LATENCY_STORIES", "240"))
    print(f"batch sweep, 1 worker: {len(grid)} settings; max rate over {burst} stories at once, "
          f"then latency over {paced} stories at {LOAD:.0%} of it", flush=True)  # fmt: skip
    results = []
    for setting in grid:
        r = measure(bootstrap, setting, texts, tmp, burst, paced)
        results.append(r)
        print(f"  {r.setting.label():<26} {r.rate:6.1f} stories/s   at {r.offered:5.1f}/s: "
              f"p50 {r.p50 * 1000:5.0f} ms, p99 {r.p99 * 1000:5.0f} ms "
              f"{'(meets)' if r.meets else '(misses)'}", flush=True)  # fmt: skip
    from wiredesk.settings import Settings

    fields = Settings.model_fields
    current = Setting(int(fields["batch_max"].default), int(fields["batch_window_ms"].default))
    print("batch sweep: " + recommendation(results, current), flush=True)
    return results
