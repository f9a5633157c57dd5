"""Robustness of the whole pure pipeline (codec + every stage, NER off): whatever comes in,
the outcome is a record or a coded error from the named set, never anything else."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wiredesk import formats
from wiredesk.errors import ErrorCode, StoryError
from wiredesk.models import Envelope, EventRecord
from wiredesk.normalize.pipeline import Resources, normalize

WHEN = datetime(2024, 3, 1, 12, tzinfo=UTC)
PROPERTY_SETTINGS: dict[str, Any] = {
    "max_examples": 300,
    "deadline": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture],
}
LIMIT = 512 * 1024

# The only codes arbitrary input may produce, by path.
CODES_FROM_BYTES = {
    ErrorCode.EMPTY_STORY, ErrorCode.WHITESPACE_ONLY, ErrorCode.BINARY_CONTENT,
    ErrorCode.INVALID_UTF8, ErrorCode.STORY_TOO_LARGE, ErrorCode.INVALID_JSON,
    ErrorCode.INVALID_ENVELOPE, ErrorCode.MISSING_TEXT, ErrorCode.JSON_TOO_DEEP,
    # bytes that open like a format's document and then are not one
    ErrorCode.MALFORMED_XML, ErrorCode.XML_FORBIDDEN, ErrorCode.UNKNOWN_FORMAT,
    ErrorCode.NOT_A_STORY, ErrorCode.NO_TEXT_PART, ErrorCode.INVALID_ANPA,
    ErrorCode.INVALID_IPTC7901, ErrorCode.INVALID_ENCODING,
}  # fmt: skip
CODES_FROM_TEXT = {ErrorCode.EMPTY_STORY, ErrorCode.WHITESPACE_ONLY, ErrorCode.BINARY_CONTENT}

# Text a person could have typed: letters, numbers, punctuation, spaces, line breaks.
printable = st.characters(
    categories=("L", "M", "N", "P", "S", "Zs"), exclude_characters="\x00\ufffd"
)
story_text = st.text(printable | st.sampled_from("\n\n\t"), min_size=0, max_size=3000)
first_line = st.text(printable, min_size=1, max_size=200).filter(lambda s: s.strip() != "")


def _outcome(run: Callable[[], EventRecord]) -> EventRecord | StoryError:
    """The record, or the coded error; anything else propagates and fails the test."""
    try:
        return run()
    except StoryError as exc:
        return exc


def _run(text_resources: Resources, value: bytes) -> None:
    outcome = _outcome(
        lambda: normalize(
            formats.decode_value(value, max_bytes=LIMIT), text_resources, received_at=WHEN
        )
    )
    if isinstance(outcome, StoryError):
        assert outcome.code in CODES_FROM_BYTES, f"unexpected {outcome.code}: {outcome.message}"
        assert outcome.retriable is False
    else:
        assert outcome.id
        assert outcome.headline.strip()


@settings(**PROPERTY_SETTINGS)
@given(value=st.binary(max_size=4000))
def test_arbitrary_bytes_give_a_record_or_a_coded_error(
    text_resources: Resources, value: bytes
) -> None:
    _run(text_resources, value)


@settings(**PROPERTY_SETTINGS)
@given(text=st.text(max_size=4000))
def test_arbitrary_unicode_gives_a_record_or_a_named_error(
    text_resources: Resources, text: str
) -> None:
    outcome = _outcome(lambda: normalize(Envelope(text=text), text_resources, received_at=WHEN))
    if isinstance(outcome, StoryError):
        assert outcome.code in CODES_FROM_TEXT, f"unexpected {outcome.code}: {outcome.message}"
    else:
        assert outcome.headline.strip()


@settings(**PROPERTY_SETTINGS)
@given(head=first_line, rest=story_text)
def test_every_readable_story_with_a_first_line_yields_a_record(
    text_resources: Resources, head: str, rest: str
) -> None:
    text = f"{head}\n{rest}"
    record = normalize(Envelope(text=text), text_resources, received_at=WHEN)
    assert record.headline.strip()
    for mention in (m for e in record.entities for m in e.mentions):
        assert getattr(record, mention.field)[mention.start : mention.end] == mention.text


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", ErrorCode.EMPTY_STORY),
        (" \n\t\n  ", ErrorCode.WHITESPACE_ONLY),
        ("\x00\x01\x02\x03" * 50, ErrorCode.BINARY_CONTENT),
        ("x" * (LIMIT + 1), ErrorCode.STORY_TOO_LARGE),
    ],
)
def test_named_bad_stories_give_their_code(
    text_resources: Resources, text: str, code: ErrorCode
) -> None:
    with pytest.raises(StoryError) as caught:
        normalize(Envelope(text=text), text_resources, received_at=WHEN)
    assert caught.value.code == code


def test_invalid_utf8_is_a_coded_error() -> None:
    with pytest.raises(StoryError) as caught:
        formats.decode_value(b"Headline\n\n\xc3\x28 body", max_bytes=LIMIT)
    assert caught.value.code == ErrorCode.INVALID_UTF8


def test_story_without_dateline_gives_a_record_with_a_warning(text_resources: Resources) -> None:
    record = normalize(
        Envelope(text="Harbour reopens after storm\n\nThe harbour reopened on Monday."),
        text_resources,
        received_at=WHEN,
    )
    assert record.dateline is None
    assert "no_dateline" in {w.code for w in record.warnings}
    assert record.body == "The harbour reopened on Monday."


def test_headline_only_gives_a_record(text_resources: Resources) -> None:
    record = normalize(Envelope(text="FLASH: markets closed"), text_resources, received_at=WHEN)
    assert record.headline
    assert record.body == ""


def test_a_story_just_under_the_limit_is_processed(text_resources: Resources) -> None:
    paragraph = "The council met again and agreed nothing. " * 20 + "\n\n"
    text = "Council meets\n\n" + paragraph * ((LIMIT - 100) // len(paragraph))
    assert len(text.encode()) <= LIMIT
    record = normalize(Envelope(text=text), text_resources, received_at=WHEN)
    assert record.body.startswith("The council met again")
