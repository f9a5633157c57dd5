"""``normalize_batch``: the same record per story as ``normalize``, with one NER call."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import UTC, datetime

from tests.conftest import SEEDS
from wiredesk.models import Envelope
from wiredesk.normalize.pipeline import Resources, StoryInput, normalize, normalize_batch
from wiredesk.normalize.types import NerSpan

WHEN = datetime(2020, 10, 6, 1, 0, tzinfo=UTC)


def _seed_stories() -> list[StoryInput]:
    return [
        StoryInput(Envelope(text=p.read_text(encoding="utf-8")), key=p.stem, received_at=WHEN)
        for p in sorted(SEEDS.glob("*.txt"))
    ]


def test_batch_gives_the_records_normalize_gives(resources: Resources) -> None:
    stories = _seed_stories()
    batched = normalize_batch(stories, resources)
    single = [
        normalize(s.envelope, resources, key=s.key, received_at=s.received_at) for s in stories
    ]
    assert [r.model_dump_json() for r in batched] == [r.model_dump_json() for r in single]  # type: ignore[union-attr]


def test_batch_calls_the_model_once_and_keeps_errors_in_place(resources: Resources) -> None:
    calls: list[int] = []

    def counting_batch(texts: Sequence[str]) -> Sequence[Sequence[NerSpan]]:
        calls.append(len(texts))
        assert resources.ner_batch is not None
        return resources.ner_batch(texts)

    counted = dataclasses.replace(resources, ner_batch=counting_batch)
    good = _seed_stories()[:3]
    blank = StoryInput(Envelope(text="   \n "), received_at=WHEN)
    undated = StoryInput(Envelope(text="Headline\n\nBody."), received_at=None)
    stories = [good[0], blank, good[1], undated, good[2]]
    out = normalize_batch(stories, counted)
    assert [type(o).__name__ for o in out] == [
        "EventRecord", "StoryError", "EventRecord", "StoryError", "EventRecord"
    ]  # fmt: skip
    assert [getattr(o, "code", None) for o in out][1::2] == [
        "whitespace_only",
        "invalid_received_at",
    ]
    assert len(calls) == 1  # one model call for the three good stories' headlines and bodies
    assert calls[0] == 6


def test_batch_skips_ner_for_copy_in_another_language(resources: Resources) -> None:
    calls: list[Sequence[str]] = []

    def recording_batch(texts: Sequence[str]) -> Sequence[Sequence[NerSpan]]:
        calls.append(list(texts))
        return [() for _ in texts]

    french = StoryInput(
        Envelope(text="Le gouvernement annonce un plan\n\nPARIS, 3 juin (AFP) - Le "
                 "gouvernement a annoncé mardi un plan pour les hôpitaux et les écoles."),
        received_at=WHEN,
    )  # fmt: skip
    # French is read by its own model, never by the English one.
    out = normalize_batch([french], dataclasses.replace(resources, ner_batch=recording_batch))
    assert calls == []
    assert "ner_skipped" not in [w.code for w in out[0].warnings]  # type: ignore[union-attr]
    # With French not configured, its story is skipped.
    english_only = dataclasses.replace(resources, ner_batch=recording_batch, ner_by_language={})
    out = normalize_batch([french], english_only)
    assert calls == []
    assert "ner_skipped" in [w.code for w in out[0].warnings]  # type: ignore[union-attr]
