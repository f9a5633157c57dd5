"""Bench row: the event stage's cost per story beside the whole pipeline's (``--only events``;
no broker).

Over the seed corpus (every seed, ``COPIES`` times with distinct ids), in this process: the
pure pipeline with the English NER model, one story at a time, with the event stage and
without it (``Resources.code_events``), each story both ways back to back in alternating
order so that neither gets a warmer cache or a quieter machine, in rounds, each figure the
median of the rounds; and
the stage's own time from the pipeline's per-stage timer. The issue's goal: the stage costs
at most 15% of the pipeline's per-story time.
"""

from __future__ import annotations

import dataclasses
import statistics
import time
from datetime import UTC, datetime

from tests.conftest import SEEDS
from wiredesk.models import Envelope
from wiredesk.normalize.pipeline import Resources, normalize
from wiredesk.resources import load_resources

COPIES = 5
ROUNDS = 5
WHEN = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)


def _stories() -> list[Envelope]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    return [
        Envelope(id=f"bench-{n}-{i}", text=text, received_at=WHEN)
        for n in range(COPIES)
        for i, text in enumerate(texts)
    ]


def _round(
    stories: list[Envelope], with_stage: Resources, without: Resources, flip: bool
) -> tuple[float, float, float]:
    """One round: ms per story with the stage, without it, and the stage's own ms.

    Each story runs both ways back to back (the order flipping from story to story), so a
    load change on the machine falls on both sides alike.
    """
    stage: list[float] = []

    def on_stage(name: str, seconds: float) -> None:
        if name == "events":
            stage.append(seconds)

    spent = {True: 0.0, False: 0.0}
    for n, envelope in enumerate(stories):
        for on in (True, False) if (n % 2 == 0) != flip else (False, True):
            start = time.perf_counter()
            normalize(envelope, with_stage if on else without, on_stage=on_stage)
            spent[on] += time.perf_counter() - start
    k = 1000 / len(stories)
    return spent[True] * k, spent[False] * k, sum(stage) * k


def events_rows(resources: Resources | None = None) -> tuple[float, float, float]:
    """Print and return (ms per story with the stage, without it, the stage's own ms)."""
    with_stage = resources or load_resources()
    without = dataclasses.replace(with_stage, code_events=False)
    stories = _stories()
    _round(stories[:10], with_stage, without, False)  # warm the model and the caches
    rounds = [_round(stories, with_stage, without, n % 2 == 1) for n in range(ROUNDS)]
    per_with, per_without, per_stage = (statistics.median(r[k] for r in rounds) for k in range(3))
    print(
        f"event stage ({len(stories)} seed stories x {ROUNDS} rounds, NER on): pipeline "
        f"{per_with:.2f} ms/story with the stage, {per_without:.2f} without; the stage "
        f"{per_stage:.3f} ms/story = {per_stage / per_with:.1%} of the pipeline (goal <= 15%)"
    )
    return per_with, per_without, per_stage


if __name__ == "__main__":
    events_rows()
