"""Wire formats: plain text and JSON envelopes in, coded errors for everything else."""

from __future__ import annotations

import json

import pytest

from wiredesk import codec, formats
from wiredesk.cli.files import stories_from_bytes
from wiredesk.errors import ErrorCode, Stage, StoryError, WiredeskError

LIMIT = 512 * 1024


def _error(value: bytes | None, content_type: str | None = None) -> StoryError:
    with pytest.raises(StoryError) as caught:
        formats.decode_value(value, content_type=content_type, max_bytes=LIMIT)
    assert caught.value.retriable is False
    return caught.value


def test_plain_text_is_one_story() -> None:
    env = formats.decode_value(b"Headline\n\nBERLIN (dpa) - Body.", max_bytes=LIMIT)
    assert env.text == "Headline\n\nBERLIN (dpa) - Body."
    assert env.id is None
    assert env.received_at is None


def test_a_leading_brace_makes_an_envelope_without_a_header() -> None:
    value = json.dumps({"id": "x1", "body": "Body.", "headline": "H", "source": "feed"}).encode()
    env = formats.decode_value(b"  \n" + value, max_bytes=LIMIT)
    assert (env.id, env.headline, env.body, env.source) == ("x1", "H", "Body.", "feed")
    assert env.raw_text() == "H\n\nBody."


def test_content_type_header_wins_over_ambiguous_bytes() -> None:
    value = b"{Not JSON} but a headline\n\nBody."
    env = formats.decode_value(value, content_type="text/plain", max_bytes=LIMIT)
    assert env.text == "{Not JSON} but a headline\n\nBody."
    assert _error(b"[1, 2]", "application/json; charset=utf-8").code == ErrorCode.INVALID_ENVELOPE
    # a JSON object is JSON beyond doubt, whatever the label (tests/unit/test_sniffing.py)
    assert _error(b'{"not": "an envelope"}', "text/plain").code == ErrorCode.MISSING_TEXT


def test_received_at_without_zone_is_utc() -> None:
    env = formats.decode_value(
        b'{"text": "H", "received_at": "2020-10-06T01:00:00"}', max_bytes=LIMIT
    )
    assert env.received_at is not None
    assert env.received_at.isoformat() == "2020-10-06T01:00:00+00:00"


@pytest.mark.parametrize(
    ("value", "content_type", "code"),
    [
        (None, None, ErrorCode.EMPTY_STORY),
        (b"", None, ErrorCode.EMPTY_STORY),
        (b"\xff\xfe\x00junk", None, ErrorCode.INVALID_UTF8),
        (b"Caf\xe9 story", None, ErrorCode.INVALID_UTF8),
        (b'{"text": ', None, ErrorCode.INVALID_JSON),
        (b"[1, 2, 3]", "application/json", ErrorCode.INVALID_ENVELOPE),
        (b'{"headline": "no body"}', None, ErrorCode.MISSING_TEXT),
        (b'{"text": 42}', None, ErrorCode.INVALID_ENVELOPE),
        (b'{"text": "x", "received_at": "yesterday"}', None, ErrorCode.INVALID_ENVELOPE),
    ],
)
def test_bad_values_give_coded_errors(
    value: bytes | None, content_type: str | None, code: ErrorCode
) -> None:
    error = _error(value, content_type)
    assert error.code == code
    assert error.message  # says what was wrong


def test_a_value_over_the_limit_is_refused_before_decoding() -> None:
    with pytest.raises(StoryError) as caught:
        formats.decode_value(b"x" * 2049, max_bytes=2048)
    assert caught.value.code == ErrorCode.STORY_TOO_LARGE
    assert "2049" in caught.value.message
    assert "2048" in caught.value.message


def test_envelope_error_names_the_field() -> None:
    error = _error(b'{"text": "x", "received_at": "yesterday"}')
    assert "received_at" in error.message


def test_json_lines_report_each_line() -> None:
    data = b'{"text": "A"}\n\nnot json\n{"body": "B"}\n'
    lines = list(stories_from_bytes("in.jsonl", data, json_lines=True))
    assert [s.label for s in lines] == ["in.jsonl:1", "in.jsonl:3", "in.jsonl:4"]
    read = [_read(s.raw, s.content_type) for s in lines]
    assert isinstance(read[0], formats.Document)
    assert read[0].envelope.text == "A"
    assert isinstance(read[1], WiredeskError)
    assert read[1].code == ErrorCode.INVALID_JSON
    assert isinstance(read[2], formats.Document)


def _read(value: bytes, content_type: str | None) -> formats.Document | WiredeskError:
    try:
        return formats.read_value(value, content_type=content_type, max_bytes=LIMIT)
    except WiredeskError as exc:
        return exc


def test_dead_letter_headers_follow_the_documented_names() -> None:
    error = StoryError(ErrorCode.INVALID_UTF8, "bad byte", Stage.DECODE)
    headers = dict(
        codec.dead_letter_headers(error, codec.SourcePosition("wire.raw", 3, 42, 1700000000000))
    )
    assert headers == {
        "wiredesk.error.code": b"invalid_utf8",
        "wiredesk.error.message": b"bad byte",
        "wiredesk.error.stage": b"decode",
        "wiredesk.source.topic": b"wire.raw",
        "wiredesk.source.partition": b"3",
        "wiredesk.source.offset": b"42",
        "wiredesk.source.timestamp": b"1700000000000",
    }


def test_a_header_is_found_in_any_case_in_either_shape_faust_hands_over() -> None:
    pairs = [("Content-Type", b"application/nitf+xml"), ("wiredesk-source", b"raw:2:41")]
    assert codec.header(pairs, "content-type") == "application/nitf+xml"
    assert codec.header(dict(pairs), "wiredesk-source") == "raw:2:41"
    assert codec.header([("content-type", None)], "content-type") is None
    assert codec.header(None, "content-type") is None
    assert codec.header([("x", b"\xff")], "x") == "\ufffd"
