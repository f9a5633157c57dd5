"""One way to retry what failed for the infrastructure's sake: exponential backoff.

Used by the agent (sends, the NER thread) and by start-up (waiting for the broker), so
that every retry in the worker logs and backs off the same way.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")

INITIAL_S = 0.5
MAXIMUM_S = 30.0


async def retrying(
    attempt: Callable[[], Awaitable[T]],
    *,
    retry_on: tuple[type[BaseException], ...],
    what: str,
    describe: Callable[[BaseException], Awaitable[str]] | None = None,
    initial: float = INITIAL_S,
    maximum: float = MAXIMUM_S,
) -> T:
    """``await attempt()`` until it returns, sleeping ``initial``, then twice as long each
    time up to ``maximum``, after each exception of a ``retry_on`` type; others propagate.
    ``what`` says in the log line what went wrong ("broker ... not reachable"), or
    ``describe`` says it from the exception."""
    delay = initial
    while True:
        try:
            return await attempt()
        except retry_on as exc:
            message = await describe(exc) if describe is not None else f"{what} ({exc})"
            log.warning("%s; retrying in %.1fs", message, delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, maximum)
