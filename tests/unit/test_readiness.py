"""What /readyz says, from the worker's state (pure), and how refused topics are read."""

from __future__ import annotations

import time
from types import SimpleNamespace

from faust.types import TP

from wiredesk.settings import Settings
from wiredesk.stream.batches import UndecodableBatch
from wiredesk.stream.kafka import (
    TopicsRefusedError,
    _refused_topics,
    service_topics,
    topic_configs,
    why_not_ready,
)
from wiredesk.stream.views import UNACKNOWLEDGED_LIMIT_S, WorkerState, readiness


def running() -> WorkerState:
    return WorkerState(model_loaded=True, assigned=True, partitions={TP("wire.raw", 0)})


def test_a_running_worker_is_ready_and_says_the_broker_answers() -> None:
    body, status = readiness(running())
    assert status == 200
    assert body["ready"] is True
    assert body["broker"] == "answering"
    assert "reason" not in body


def test_a_broker_that_does_not_answer_makes_the_worker_unready_with_the_reason() -> None:
    state = running()
    state.broker_problem = "no broker of k1:9092 answered within 3 s (asked nodes 1, 2, 3)"
    body, status = readiness(state)
    assert status == 503
    assert body["broker"] == state.broker_problem
    assert body["reason"] == state.broker_problem
    state.broker_problem = None
    assert readiness(state)[1] == 200


def test_unacknowledged_time_counts_from_the_first_send_of_the_batch() -> None:
    state = running()
    assert state.unacknowledged_s(now=5000.0) == 0.0
    state.sending_since = 1000.0
    assert state.unacknowledged_s(now=1012.5) == 12.5
    state.sending_since = None
    assert state.unacknowledged_s(now=5000.0) == 0.0


def test_a_send_waiting_longer_than_the_limit_is_reported() -> None:
    state = running()
    state.sending_since = time.monotonic() - UNACKNOWLEDGED_LIMIT_S - 5
    body, status = readiness(state)
    assert status == 503
    assert body["unacknowledged_s"] >= UNACKNOWLEDGED_LIMIT_S + 5
    assert "not acknowledged" in body["reason"]
    state.sending_since = time.monotonic()  # a fresh batch: acks expected soon
    assert readiness(state)[1] == 200


def test_a_stalled_partition_is_reported_with_its_position() -> None:
    state = running()
    batch = UndecodableBatch("wire.raw", 0, 42, "no codec for snappy")
    state.stalled[TP("wire.raw", 0)] = batch
    body, status = readiness(state)
    assert status == 503
    assert body["stalled"] == [
        {"topic": "wire.raw", "partition": 0, "offset": 42, "reason": "no codec for snappy"}
    ]
    assert "cannot decode" in body["reason"]


def test_before_start_up_the_reason_is_what_it_waits_for() -> None:
    state = WorkerState(waiting_for="broker k1:9092 not reachable (connection refused)")
    body, status = readiness(state)
    assert status == 503
    assert body["reason"] == "broker k1:9092 not reachable (connection refused)"


def test_refused_topics_are_read_from_the_create_topics_response() -> None:
    response = SimpleNamespace(
        topic_errors=[
            ("wire.events", 0, None),  # created
            ("wire.dlq", 36, "exists"),  # another worker won the race
            ("wire.secret", 29, "Authorization failed."),
        ]
    )
    refused = _refused_topics(response)
    assert refused == {"wire.secret": "TopicAuthorizationFailedError (Authorization failed.)"}
    reason = why_not_ready(Settings(broker="k1:9092"), TopicsRefusedError(refused))
    assert "wire.secret" in reason
    assert "TopicAuthorizationFailedError" in reason
    assert reason.startswith("broker k1:9092 refused to create or show topics")


def test_the_worker_creates_the_keepers_internal_topics_only_with_the_keeper() -> None:
    """With the keeper the worker creates its two one-partition topics itself, the
    changelog compacted as Faust makes a table's, so a principal that may not create them
    leaves the worker unready with the reason (not a start-up that dies in Faust)."""
    keeper = Settings(consumer_group="desk", lifecycle=True, topic_partitions=6)
    topics = service_topics(keeper)
    assert (topics["desk-stories-by-key"], topics["desk-stories-changelog"]) == (1, 1)
    assert topics[keeper.input_topic] == 6
    assert topic_configs(keeper)["desk-stories-changelog"] == {"cleanup.policy": "compact"}
    assert "desk-stories-by-key" not in topic_configs(keeper), "the by-key topic deletes"
    alone = service_topics(Settings(consumer_group="desk", lifecycle=False))
    assert not {"desk-stories-by-key", "desk-stories-changelog"} & set(alone)
