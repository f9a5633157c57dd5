"""Logging for the worker: one format, repeats of client errors thinned out, and the
clients' expected states said at the level they deserve.

While no broker answers, aiokafka logs every failed connection and metadata attempt at
ERROR, thousands of lines a second per worker (its metadata loop does not back off
between callers). :class:`RepeatFilter` lets the first line of each kind through, drops
the repeats for ``interval_s``, and then lets the next one through with how many it
dropped, so an outage stays readable and the disk does not fill.

:class:`ExpectedStates` rewrites two kinds of line an operator would otherwise be paged by:
aiokafka's ``ERROR Group Coordinator Request failed: ... CoordinatorNotAvailableError``,
which every start logs while the broker forms the consumer group (it retries, and the
group forms), becomes INFO; mode's ``Timer ... woke up too late`` (a long story holds the
event loop while it is normalised, so the worker's timers run late) becomes one INFO line
that says so.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
THINNED = ("aiokafka",)  # the loggers whose repeats are thinned out


class RepeatFilter(logging.Filter):
    """Passes at most one record per (logger, level, message template) per ``interval_s``
    from the ``prefixes`` loggers; the next one passed says how many were dropped."""

    def __init__(
        self,
        interval_s: float = 10.0,
        prefixes: tuple[str, ...] = THINNED,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self._interval_s = interval_s
        self._prefixes = prefixes
        self._clock = clock
        self._last: dict[tuple[str, int, str], float] = {}
        self._dropped: dict[tuple[str, int, str], int] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.name.startswith(self._prefixes):
            return True
        kind = (record.name, record.levelno, str(record.msg))
        now = self._clock()
        last = self._last.get(kind)
        if last is not None and now - last < self._interval_s:
            self._dropped[kind] = self._dropped.get(kind, 0) + 1
            return False
        self._last[kind] = now
        dropped = self._dropped.pop(kind, 0)
        if dropped and last is not None:
            record.msg = f"{record.msg} ({dropped} more like this in the last {now - last:.0f} s)"
        return True


# aiokafka's retriable "no coordinator yet" errors: normal while a group forms.
_COORDINATOR_PENDING = (
    "GroupCoordinatorNotAvailableError",
    "NotCoordinatorForGroupError",
    "GroupLoadInProgressError",
)


_LATE_TIMER = "Timer %s woke up too late"


class ExpectedStates(logging.Filter):
    """Lowers expected transient states to INFO, and says what a late timer means; a
    lowered record below ``level`` (the worker's ``WIREDESK_LOG_LEVEL``) is dropped."""

    def __init__(self, level: int = logging.INFO) -> None:
        super().__init__()
        self._level = level

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.startswith("aiokafka") and record.levelno >= logging.ERROR:
            if str(record.msg).startswith("Group Coordinator Request failed") and any(
                type(arg).__name__ in _COORDINATOR_PENDING
                for arg in (record.args if isinstance(record.args, tuple) else ())
            ):
                record.msg = (
                    "the consumer group has no coordinator yet (%s): normal while the "
                    "broker forms the group; retrying"
                )
                _lower(record, logging.INFO)
        elif record.name == "mode.timers" and str(record.msg).startswith(_LATE_TIMER):
            args = record.args if isinstance(record.args, tuple) else ()
            name, drift = (*args, "?", 0.0)[:2]
            record.msg = (
                "timer %s ran %.1f s late: the event loop was busy (a long story is "
                "normalised in one go); nothing is lost"
            )
            record.args = (name, float(drift) if isinstance(drift, int | float) else 0.0)
            _lower(record, logging.INFO)
        return record.levelno >= self._level


def _lower(record: logging.LogRecord, level: int) -> None:
    record.levelno = level
    record.levelname = logging.getLevelName(level)


def configure(level: str) -> None:
    """The worker's logging: ``FORMAT`` on stderr at ``level``, expected states lowered,
    aiokafka repeats thinned."""
    logging.basicConfig(level=level, format=FORMAT)
    for handler in logging.getLogger().handlers:
        handler.addFilter(ExpectedStates(logging.getLevelName(level)))
        handler.addFilter(RepeatFilter())
