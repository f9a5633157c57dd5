"""Bench row: worker start-up, process start -> model loaded -> ``/readyz`` 200.

Goal (issue 9): model load to ``/readyz`` 200 at most 10 s on a warm cache. One start is
run first and not counted (it warms the page cache and creates the topics and the
group, as any restart finds them); then ``WIREDESK_BENCH_STARTS`` (default 3) timed
starts of the real ``wiredesk worker`` against the bench's broker, each stopped with
SIGTERM (it leaves the group) before the next.

Phases, per start:
- process start -> model loaded: ``Popen`` to the timestamp of the worker's own log line
  "model ... and reference tables loaded in X s" (X, the load itself, is printed too; the
  rest is interpreter start and imports);
- model loaded -> ready: that line to the first ``/readyz`` 200 (polled every 20 ms): the
  broker check, topics, Faust's start and the group's first assignment.
"""

from __future__ import annotations

import json
import os
import re
import signal
import statistics
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from tests.integration.conftest import Topics, Worker, worker_env

GOAL_S = 10.0
_LOADED = re.compile(
    r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}) INFO wiredesk\.stream\.worker: "
    r"model \S+ and reference tables loaded in ([0-9.]+)s",
    re.M,
)


@dataclass(frozen=True)
class Start:
    to_loaded: float  # process start -> model loaded
    load: float  # of which the worker's own load_resources
    to_ready: float  # model loaded -> /readyz 200

    @property
    def total(self) -> float:
        return self.to_loaded + self.to_ready


def loaded_at(log_text: str) -> tuple[float, float] | None:
    """(epoch seconds of the "loaded" log line, the load's own seconds), or None.

    The worker logs local time (``asctime``) to the millisecond, as ``datetime`` reads it.
    """
    match = _LOADED.search(log_text)
    if match is None:
        return None
    when = datetime.strptime(match.group(1), "%Y-%m-%d %H:%M:%S,%f").timestamp()
    return when, float(match.group(2))


def _ready(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as r:
            return bool(r.status == 200 and json.loads(r.read())["ready"])
    except (OSError, urllib.error.HTTPError, ValueError):
        return False


def one_start(env: dict[str, str], log_path: Path, timeout: float = 120.0) -> Start:
    log_path.unlink(missing_ok=True)
    worker = Worker(env, log_path)
    began = time.time()
    worker.start()
    try:
        deadline = time.monotonic() + timeout
        while not _ready(worker.web_port):
            assert worker.alive(), f"worker exited during start-up:\n{worker.log_tail()}"
            assert time.monotonic() < deadline, f"not ready in {timeout}s:\n{worker.log_tail()}"
            time.sleep(0.02)
        ready = time.time()
        found = loaded_at(log_path.read_text(encoding="utf-8", errors="replace"))
        assert found is not None, f"no 'loaded' line in the worker log:\n{worker.log_tail()}"
        loaded, load = found
        return Start(to_loaded=loaded - began, load=load, to_ready=ready - loaded)
    finally:
        worker.stop(signal.SIGTERM)


def startup_row(bootstrap: str, tmp: Path, starts: int | None = None) -> list[Start]:
    starts = starts if starts is not None else int(os.environ.get("WIREDESK_BENCH_STARTS", "3"))
    run = f"start-{os.getpid()}-{time.time_ns() % 10**6}"
    topics = Topics(f"{run}.raw", f"{run}.events", f"{run}.dlq")
    env = worker_env(bootstrap, topics)  # INFO: the "loaded" line is an INFO line
    one_start(env, tmp / f"{run}-warm.log")  # warm cache, topics and group; not counted
    results = [one_start(env, tmp / f"{run}-{n}.log") for n in range(starts)]
    for n, s in enumerate(results, 1):
        print(f"  start {n}: process start -> model loaded {s.to_loaded:5.2f} s "
              f"(load itself {s.load:.2f} s, imports {s.to_loaded - s.load:.2f} s); "
              f"loaded -> /readyz 200 {s.to_ready:5.2f} s; total {s.total:5.2f} s",
              flush=True)  # fmt: skip
    if results:
        median = statistics.median(s.total for s in results)
        worst = max(s.total for s in results)
        verdict = "met" if worst <= GOAL_S else "not met"
        print(f"{'start-up, warm cache':<30} median {median:.2f} s, worst {worst:.2f} s from "
              f"process start to /readyz 200 over {len(results)} starts "
              f"(goal <= {GOAL_S:.0f} s: {verdict})", flush=True)  # fmt: skip
    return results
