"""One consumed record -> exactly one outcome, whatever the record holds."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import pytest

from service import codec
from service.codec import SourcePosition
from service.errors import ErrorCode, InfrastructureError, Stage
from service.normalize.pipeline import Resources
from service.normalize.types import NerFunc, NerSpan
from service.stream.handler import DeadLetter, Event, handle_record

POSITION = SourcePosition("wire.raw", 2, 41, 1_717_200_000_000)  # 2024-06-01T00:00:00Z
STORY = b"Ferry service resumes\n\nATHENS, May 31 (AP) - Ferries sailed again on Friday."


def test_a_story_becomes_an_event_keyed_by_its_id(text_resources: Resources) -> None:
    outcome = handle_record(STORY, b"story-7", POSITION, text_resources)
    assert isinstance(outcome, Event)
    assert outcome.key == b"story-7"
    assert outcome.value == codec.encode_record(outcome.record)
    assert outcome.record.id == "story-7"
    # The Kafka timestamp is the receive time, and resolves the dateline's year.
    assert outcome.record.received_at.isoformat() == "2024-06-01T00:00:00+00:00"
    assert outcome.record.dateline is not None
    assert str(outcome.record.dateline.date) == "2024-05-31"


def test_without_a_key_the_id_is_the_content_hash(text_resources: Resources) -> None:
    outcome = handle_record(STORY, None, POSITION, text_resources)
    assert isinstance(outcome, Event)
    assert outcome.key.startswith(b"sha256:")


def test_bad_input_becomes_a_dead_letter_with_its_bytes(text_resources: Resources) -> None:
    value = b"\xff\xfe not text"
    outcome = handle_record(value, b"k", POSITION, text_resources)
    assert isinstance(outcome, DeadLetter)
    assert (outcome.key, outcome.value) == (b"k", value)
    assert outcome.error.code == ErrorCode.INVALID_UTF8
    headers = dict(outcome.headers)
    assert headers["wiredesk.error.code"] == b"invalid_utf8"
    assert headers["wiredesk.source.offset"] == b"41"


def _failing_ner(error: Exception) -> NerFunc:
    def ner(text: str) -> Sequence[NerSpan]:
        raise error

    return ner


def test_a_bug_in_a_stage_is_dead_lettered_not_raised(text_resources: Resources) -> None:
    broken = dataclasses.replace(text_resources, ner=_failing_ner(ValueError("boom")))
    outcome = handle_record(STORY, b"k", POSITION, broken)
    assert isinstance(outcome, DeadLetter)
    assert outcome.error.code == ErrorCode.PIPELINE_FAILED
    assert "ValueError" in outcome.error.message
    assert outcome.value == STORY


def test_an_infrastructure_error_propagates_to_be_retried(text_resources: Resources) -> None:
    error = InfrastructureError(ErrorCode.MODEL_UNAVAILABLE, "model gone", Stage.ENTITIES)
    broken = dataclasses.replace(text_resources, ner=_failing_ner(error))
    with pytest.raises(InfrastructureError):
        handle_record(STORY, b"k", POSITION, broken)


def test_stage_timings_are_reported(text_resources: Resources) -> None:
    seen: list[str] = []
    handle_record(STORY, b"k", POSITION, text_resources, on_stage=lambda s, _: seen.append(s))
    assert seen == ["text", "segment", "dateline", "agency", "entities", "record"]
