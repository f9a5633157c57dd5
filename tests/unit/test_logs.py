"""Repeated client errors are thinned out, with a count of what was dropped."""

from __future__ import annotations

import logging

from wiredesk.logs import RepeatFilter


def record(name: str, msg: str, *args: object, level: int = logging.ERROR) -> logging.LogRecord:
    return logging.LogRecord(name, level, __file__, 1, msg, args, None)


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_repeats_within_the_interval_are_dropped_and_counted_on_the_next_line() -> None:
    clock = Clock()
    thin = RepeatFilter(interval_s=10.0, clock=clock)
    template = "Unable connect to node with id %s: %s"
    passed = []
    for n in range(1000):  # a thousand failures in 5 s, as during an outage
        clock.now = 100.0 + n * 0.005
        r = record("aiokafka", template, n % 3, "Connect call failed")
        if thin.filter(r):
            passed.append(r)
    assert len(passed) == 1
    clock.now = 111.0
    later = record("aiokafka", template, 2, "Connect call failed")
    assert thin.filter(later)
    assert later.getMessage() == (
        "Unable connect to node with id 2: Connect call failed"
        " (999 more like this in the last 11 s)"
    )


def test_other_messages_levels_and_loggers_are_not_thinned() -> None:
    clock = Clock()
    thin = RepeatFilter(interval_s=10.0, clock=clock)
    assert thin.filter(record("aiokafka", "Unable to update metadata from %s", [1, 2]))
    assert thin.filter(record("aiokafka", "Unable connect to node with id %s", 1))
    assert thin.filter(
        record("aiokafka", "Unable connect to node with id %s", 1, level=logging.INFO)
    )
    for _ in range(5):  # our own lines always pass
        assert thin.filter(record("wiredesk.stream.app", "not ready: %s", "no broker answered"))
    assert thin.filter(record("aiokafka.client", "x"))  # the first of its kind passes
    assert not thin.filter(record("aiokafka.client", "x"))
