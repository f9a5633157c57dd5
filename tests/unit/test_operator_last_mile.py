"""The operator's last mile in pure code: unknown variables, /readyz's broker field,
numeric receive times, distant receive times, the start-up log lines, .json files."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from pathlib import Path

import pytest
from aiokafka.errors import CoordinatorNotAvailableError, GroupAuthorizationFailedError

from wiredesk import formats
from wiredesk.cli.files import iter_paths
from wiredesk.codec import SourcePosition
from wiredesk.errors import ErrorCode, StoryError
from wiredesk.logs import ExpectedStates
from wiredesk.models import WarningCode
from wiredesk.normalize.pipeline import Resources
from wiredesk.process import Consumed, Event, Processor
from wiredesk.settings import unknown_variables, variable_names
from wiredesk.stream.views import WorkerState, readiness

# --------------------------------------------------------------- unknown variables


def test_a_misspelled_variable_names_the_closest_setting() -> None:
    assert unknown_variables({"WIREDESK_BROKERS": "k:9092", "WIREDESK_BROKER": "k:9092"}) == [
        "WIREDESK_BROKERS is not a wiredesk variable: did you mean WIREDESK_BROKER?"
    ]
    assert unknown_variables({"WIREDESK_WEBPORT": "1"}) == [
        "WIREDESK_WEBPORT is not a wiredesk variable: did you mean WIREDESK_WEB_PORT?"
    ]


def test_a_name_like_no_setting_says_so() -> None:
    assert unknown_variables({"WIREDESK_ZZZ": "1"}) == [
        "WIREDESK_ZZZ is not a wiredesk variable: no setting has a name like it"
    ]


def test_known_names_other_programs_names_and_listed_extras_pass() -> None:
    environ = dict.fromkeys(variable_names(), "x")
    environ |= {"PATH": "/bin", "BROKER_URL": "x", "WIREDESK_DESK": "night"}
    environ["WIREDESK_EXTRA_VARIABLES"] = "WIREDESK_DESK"
    assert unknown_variables(environ) == []
    assert unknown_variables({"WIREDESK_ANY": "1", "WIREDESK_EXTRA_VARIABLES": "*"}) == []


# --------------------------------------------------------------- /readyz


def test_before_the_broker_is_found_readyz_does_not_say_it_answers() -> None:
    state = WorkerState(model_loaded=True)
    state.waiting_for = "broker broker.invalid:9092 not reachable (no address)"
    body, status = readiness(state)
    assert status == 503
    assert body["broker"] == body["reason"] == state.waiting_for


# --------------------------------------------------------------- numeric receive times


def _read(received_at: object) -> datetime | StoryError:
    value = json.dumps({"text": "Headline\n\nBody.", "received_at": received_at}).encode()
    try:
        document = formats.read_value(value, content_type=None, max_bytes=100_000)
    except StoryError as exc:
        return exc
    assert document.envelope.received_at is not None
    return document.envelope.received_at


@pytest.mark.parametrize("given", [1_709_294_400_000, 1_709_294_400_000.0, "1709294400000"])
def test_a_number_is_epoch_milliseconds(given: object) -> None:
    assert _read(given) == datetime(2024, 3, 1, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("given", "shown"), [(2024, "2024"), (1_709_294_400, "1709294400"), (-1, "-1"), ("0", "0")]
)
def test_a_number_that_is_not_plausible_milliseconds_is_refused(given: object, shown: str) -> None:
    error = _read(given)
    assert isinstance(error, StoryError)
    assert error.code == ErrorCode.INVALID_RECEIVED_AT
    assert error.message == (
        f"received_at: the number {shown} is not a time: a number is read as epoch "
        "milliseconds between 631152000000 (1990) and 4102444800000 (2100); give an ISO "
        "8601 time (2024-03-01T12:00:00Z) or epoch milliseconds"
    )


def test_a_word_is_still_an_invalid_envelope() -> None:
    error = _read("yesterday")
    assert isinstance(error, StoryError)
    assert error.code == ErrorCode.INVALID_ENVELOPE


# --------------------------------------------------------------- distant receive times

KAFKA_TIME = 1_717_200_000_000  # 2024-06-01T00:00:00Z


def _warnings(text_resources: Resources, received_at: str | None) -> list[str]:
    envelope = {"text": "Ferry\n\nATHENS, May 31 (AP) - Ferries sailed again."}
    if received_at is not None:
        envelope["received_at"] = received_at
    consumed = Consumed(
        json.dumps(envelope).encode(), None, SourcePosition("wire.raw", 0, 7, KAFKA_TIME)
    )
    outcome = Processor(text_resources).one(consumed)
    assert isinstance(outcome, Event)
    return [w.message for w in outcome.record.warnings if w.code == WarningCode.RECEIVED_AT_DISTANT]


def test_a_receive_time_years_before_the_kafka_timestamp_is_a_warning(
    text_resources: Resources,
) -> None:
    assert _warnings(text_resources, "2021-06-01T00:00:00Z") == [
        "received_at 2021-06-01T00:00:00+00:00 is 1096.0 days before the Kafka record's "
        "timestamp 2024-06-01T00:00:00+00:00: the dateline date and the story's lifecycle "
        "(its expiry too) follow received_at; check the producer's clock and units"
    ]


def test_a_receive_time_days_ahead_is_a_warning(text_resources: Resources) -> None:
    [message] = _warnings(text_resources, "2024-06-03T12:00:00Z")
    assert "is 2.5 days after the Kafka record's timestamp" in message


def test_a_receive_time_near_the_kafka_timestamp_or_none_is_no_warning(
    text_resources: Resources,
) -> None:
    assert _warnings(text_resources, "2024-05-30T00:00:00Z") == []
    assert _warnings(text_resources, "2024-06-01T20:00:00Z") == []
    assert _warnings(text_resources, None) == []


# --------------------------------------------------------------- start-up log lines


def _record(name: str, level: int, msg: str, *args: object) -> logging.LogRecord:
    return logging.LogRecord(name, level, __file__, 1, msg, args, None)


def test_a_group_forming_is_info_not_error() -> None:
    error = CoordinatorNotAvailableError()
    record = _record("aiokafka.consumer.group_coordinator", logging.ERROR,
                     "Group Coordinator Request failed: %s", error)  # fmt: skip
    assert ExpectedStates(logging.INFO).filter(record)
    assert record.levelname == "INFO"
    assert record.getMessage() == (
        "the consumer group has no coordinator yet ([Error 15] "
        "GroupCoordinatorNotAvailableError): normal while the broker "
        "forms the group; retrying"
    )
    quiet = _record("aiokafka.consumer.group_coordinator", logging.ERROR,
                    "Group Coordinator Request failed: %s", error)  # fmt: skip
    assert not ExpectedStates(logging.WARNING).filter(quiet)


def test_other_coordinator_failures_stay_errors() -> None:
    error = GroupAuthorizationFailedError()
    record = _record("aiokafka.consumer.group_coordinator", logging.ERROR,
                     "Group Coordinator Request failed: %s", error)  # fmt: skip
    assert ExpectedStates(logging.INFO).filter(record)
    assert record.levelname == "ERROR"


def test_a_late_timer_says_what_happened() -> None:
    record = _record("mode.timers", logging.WARNING,
                     "Timer %s woke up too late, with a drift of +%r runtime=%r sleeptime=%r",
                     "Health.probe_broker", 7.25, 0.001, 12.2)  # fmt: skip
    assert ExpectedStates(logging.INFO).filter(record)
    assert (record.levelname, record.getMessage()) == (
        "INFO",
        "timer Health.probe_broker ran 7.2 s late: the event loop was busy (a long story "
        "is normalised in one go); nothing is lost",
    )


# --------------------------------------------------------------- .json files


def test_a_json_file_is_one_object_or_json_lines(tmp_path: Path) -> None:
    one = tmp_path / "one.json"
    one.write_text(json.dumps({"text": "A\n\nB"}, indent=2))
    lines = tmp_path / "lines.json"
    lines.write_text('{"text": "A"}\n{"text": "B"}\n')
    assert [s.label for s in iter_paths([str(one), str(lines)])] == [
        str(one),
        f"{lines}:1",
        f"{lines}:2",
    ]
