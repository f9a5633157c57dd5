"""Logging for the worker: one format, and repeats of client errors thinned out.

While no broker answers, aiokafka logs every failed connection and metadata attempt at
ERROR, thousands of lines a second per worker (its metadata loop does not back off
between callers). :class:`RepeatFilter` lets the first line of each kind through, drops
the repeats for ``interval_s``, and then lets the next one through with how many it
dropped, so an outage stays readable and the disk does not fill.
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


def configure(level: str) -> None:
    """The worker's logging: ``FORMAT`` on stderr at ``level``, aiokafka repeats thinned."""
    logging.basicConfig(level=level, format=FORMAT)
    for handler in logging.getLogger().handlers:
        handler.addFilter(RepeatFilter())
