"""Bench row: the event stage's cost per story beside the whole pipeline's (``--only events``;
no broker).

Over the seed corpus (every seed, ``COPIES`` times with distinct ids), in this process: the
pure pipeline with the English NER model, one story at a time, with the event stage and
without it (``Resources.code_events``), the two runs interleaved in rounds so that neither
gets a warmer cache; and the stage's own time from the pipeline's per-stage timer. The
issue's goal: the stage costs at most 15% of the pipeline's per-story time.
"""

from __future__ import annotations

import dataclasses
import time
from datetime import UTC, datetime

from tests.conftest import SEEDS
from wiredesk.models import Envelope
from wiredesk.normalize.pipeline import Resources, normalize
from wiredesk.resources import load_resources

COPIES = 5
ROUNDS = 3
WHEN = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)


def _stories() -> list[Envelope]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    return [
        Envelope(id=f"bench-{n}-{i}", text=text, received_at=WHEN)
        for n in range(COPIES)
        for i, text in enumerate(texts)
    ]


def _run(stories: list[Envelope], resources: Resources, stage: list[float]) -> float:
    def on_stage(name: str, seconds: float) -> None:
        if name == "events":
            stage.append(seconds)

    start = time.perf_counter()
    for envelope in stories:
        normalize(envelope, resources, on_stage=on_stage)
    return time.perf_counter() - start


def events_rows(resources: Resources | None = None) -> tuple[float, float, float]:
    """Print and return (ms per story with the stage, without it, the stage's own ms)."""
    with_stage = resources or load_resources()
    without = dataclasses.replace(with_stage, code_events=False)
    stories = _stories()
    stage: list[float] = []
    _run(stories[:10], with_stage, [])  # warm the model and the caches
    _run(stories[:10], without, [])
    totals = {"with": 0.0, "without": 0.0}
    for _ in range(ROUNDS):
        totals["without"] += _run(stories, without, [])
        totals["with"] += _run(stories, with_stage, stage)
    n = ROUNDS * len(stories)
    per_with, per_without = totals["with"] / n * 1000, totals["without"] / n * 1000
    per_stage = sum(stage) / n * 1000
    print(
        f"event stage ({len(stories)} seed stories x {ROUNDS} rounds, NER on): pipeline "
        f"{per_with:.2f} ms/story with the stage, {per_without:.2f} without; the stage "
        f"{per_stage:.3f} ms/story = {per_stage / per_with:.1%} of the pipeline (goal <= 15%)"
    )
    return per_with, per_without, per_stage


if __name__ == "__main__":
    events_rows()
