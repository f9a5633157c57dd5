"""One path per record: a consumed record -> exactly one outcome, whatever it holds."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import pytest

from wiredesk import codec, formats
from wiredesk.codec import SourcePosition
from wiredesk.errors import ErrorCode, InfrastructureError, Stage
from wiredesk.models import WarningCode
from wiredesk.normalize.pipeline import Resources, StageTimer, content_id
from wiredesk.normalize.types import NerFunc, NerSpan
from wiredesk.process import Consumed, DeadLetter, Event, Outcome, Processor

POSITION = SourcePosition("wire.raw", 2, 41, 1_717_200_000_000)  # 2024-06-01T00:00:00Z
STORY = b"Ferry service resumes\n\nATHENS, May 31 (AP) - Ferries sailed again on Friday."


def handle_record(
    value: bytes | None,
    key: bytes | None,
    position: SourcePosition,
    resources: Resources,
    *,
    on_stage: StageTimer | None = None,
) -> Outcome:
    return Processor(resources, on_stage=on_stage).one(Consumed(value, key, position))


def handle_batch(records: Sequence[Consumed], resources: Resources) -> list[Outcome]:
    return Processor(resources).batch(records)


def test_a_story_becomes_an_event_keyed_by_its_id(text_resources: Resources) -> None:
    outcome = handle_record(STORY, b"story-7", POSITION, text_resources)
    assert isinstance(outcome, Event)
    # the Kafka key names the story; the record id is the hash of the text
    assert outcome.record.id == content_id(STORY.decode())
    assert outcome.key == outcome.record.id.encode()
    assert outcome.value == codec.encode_record(outcome.record)
    again = handle_record(STORY, b"story-8", POSITION, text_resources)
    changed = handle_record(STORY + b" Again.", b"story-7", POSITION, text_resources)
    assert isinstance(again, Event) and isinstance(changed, Event)
    assert again.record.id == outcome.record.id  # the same bytes keep their id
    assert changed.record.id != outcome.record.id  # other bytes under one key: another id
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
    # the dateline stage is split around agency and language and reported once, after them
    assert seen == [
        "text", "segment", "agency", "language", "dateline", "entities", "events", "record"
    ]  # fmt: skip


# ------------------------------------------------------------------------------ batches


def _records(*values: bytes) -> list[Consumed]:
    return [
        Consumed(value, f"k{n}".encode(), dataclasses.replace(POSITION, offset=100 + n))
        for n, value in enumerate(values)
    ]


def test_a_batch_gives_one_outcome_per_record_in_order(text_resources: Resources) -> None:
    records = _records(STORY, b"", b"\xff bad", STORY.replace(b"Friday", b"Monday"))
    outcomes = handle_batch(records, text_resources)
    assert [type(o).__name__ for o in outcomes] == ["Event", "DeadLetter", "DeadLetter", "Event"]
    assert [o.error.code for o in outcomes if isinstance(o, DeadLetter)] == [
        ErrorCode.EMPTY_STORY,
        ErrorCode.INVALID_UTF8,
    ]
    # Each dead letter names its own offset; each event equals the record-by-record one.
    assert [dict(o.headers)["wiredesk.source.offset"] for o in outcomes
            if isinstance(o, DeadLetter)] == [b"101", b"102"]  # fmt: skip
    for record, outcome in zip(records, outcomes, strict=True):
        single = handle_record(record.value, record.key, record.position, text_resources)
        assert type(single) is type(outcome)
        if isinstance(outcome, Event):
            assert isinstance(single, Event)
            assert outcome.value == single.value


def test_a_bug_in_a_batch_dead_letters_only_its_story(text_resources: Resources) -> None:
    marker = "Lighthouse"

    def ner(text: str) -> Sequence[NerSpan]:
        if marker in text:
            raise ValueError("boom")
        return ()

    def ner_batch(texts: Sequence[str]) -> Sequence[Sequence[NerSpan]]:
        return [ner(t) for t in texts]

    broken = dataclasses.replace(text_resources, ner=ner, ner_batch=ner_batch)
    bug = b"Lighthouse keeper retires\n\nOSLO (NTB) - The last lighthouse keeper retired."
    outcomes = handle_batch(_records(STORY, bug, STORY), broken)
    assert [type(o).__name__ for o in outcomes] == ["Event", "DeadLetter", "Event"]
    failed = outcomes[1]
    assert isinstance(failed, DeadLetter)
    assert failed.error.code == ErrorCode.PIPELINE_FAILED
    assert failed.value == bug


def test_an_infrastructure_error_in_a_batch_propagates(text_resources: Resources) -> None:
    error = InfrastructureError(ErrorCode.MODEL_UNAVAILABLE, "model gone", Stage.ENTITIES)

    def ner_batch(texts: Sequence[str]) -> Sequence[Sequence[NerSpan]]:
        raise error

    broken = dataclasses.replace(text_resources, ner=_failing_ner(error), ner_batch=ner_batch)
    with pytest.raises(InfrastructureError):
        handle_batch(_records(STORY, STORY), broken)


# --------------------------------------------------------------- the offline command's case


def test_a_guessed_receive_time_is_said_in_the_record(text_resources: Resources) -> None:
    processor = Processor(text_resources)
    now = datetime(2024, 6, 1, 12, tzinfo=UTC)
    guessed = Consumed(STORY, None, POSITION, received_at=now, received_at_assumed=True)
    outcome = processor.one(guessed)
    assert isinstance(outcome, Event)
    assert outcome.record.received_at == now
    assert [w.code for w in outcome.record.warnings][-1] == WarningCode.RECEIVED_AT_ASSUMED
    # The envelope's own receive time is no guess: no warning.
    envelope = b'{"text": "Ferry\\n\\nATHENS (AP) - x.", "received_at": "2024-05-31T00:00:00Z"}'
    outcome = processor.one(dataclasses.replace(guessed, value=envelope))
    assert isinstance(outcome, Event)
    assert WarningCode.RECEIVED_AT_ASSUMED not in [w.code for w in outcome.record.warnings]


def test_a_value_over_the_limit_is_a_dead_letter_before_any_reader_runs(
    text_resources: Resources, monkeypatch: pytest.MonkeyPatch
) -> None:
    small = dataclasses.replace(text_resources, max_story_bytes=64)
    read: list[bytes] = []
    monkeypatch.setattr(formats, "read_document", lambda value, _=None: read.append(value))
    outcome = Processor(small).one(Consumed(b"x" * 65, b"k", POSITION))
    assert isinstance(outcome, DeadLetter)
    assert outcome.error.code == ErrorCode.STORY_TOO_LARGE
    assert "65" in outcome.error.message and "64" in outcome.error.message
    assert read == []


def test_a_bug_in_a_reader_is_dead_lettered_for_its_record_alone(
    text_resources: Resources, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = formats.read_value

    def buggy(value: bytes | None, **kwargs: Any) -> Any:
        if value and b"Lighthouse" in value:
            raise KeyError("a reader's bug")
        return real(value, **kwargs)

    monkeypatch.setattr(formats, "read_value", buggy)
    bug = b"Lighthouse keeper retires\n\nOSLO (NTB) - The last keeper retired."
    outcomes = handle_batch(_records(STORY, bug), text_resources)
    assert [type(o).__name__ for o in outcomes] == ["Event", "DeadLetter"]
    assert isinstance(outcomes[1], DeadLetter)
    assert outcomes[1].error.code == ErrorCode.PIPELINE_FAILED
    assert "KeyError" in outcomes[1].error.message
