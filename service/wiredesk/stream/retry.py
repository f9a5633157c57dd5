"""One way to retry what failed for the infrastructure's sake: exponential backoff.

Used by the agent (sends, the NER thread), by the story keeper (sends) and by start-up
(waiting for the broker), so that every retry in the worker logs and backs off the same
way. :func:`hand_over` and :func:`acknowledged` are the two halves of a durable send:
give the record to the producer, later wait for the broker's acknowledgement and send it
again if it never came.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

import faust

log = logging.getLogger(__name__)
T = TypeVar("T")
Send = tuple[faust.TopicT, dict[str, Any]]
"""A topic and the keyword arguments of its ``send``: key, value, headers."""

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


async def hand_over(
    send: Send, *, retry_on: tuple[type[BaseException], ...], what: str
) -> Awaitable[Any]:
    """Give ``send`` to the producer, retrying while it refuses; the returned future
    settles when the broker acknowledges the record (await it with :func:`acknowledged`)."""
    topic, kwargs = send
    future: Awaitable[Any] = await retrying(
        lambda: topic.send(**kwargs), retry_on=retry_on, what=f"sending {what} failed"
    )
    return future


async def acknowledged(
    future: Awaitable[Any],
    send: Send,
    *,
    retry_on: tuple[type[BaseException], ...],
    what: str,
) -> None:
    """Wait for the broker's acknowledgement of ``send``; if it failed, send the record
    again and wait for that one, with backoff, until the broker takes it."""
    try:
        await future
    except retry_on as exc:
        log.warning("%s was not acknowledged (%s); sending it again", what, exc)
        topic, kwargs = send

        async def send_and_wait() -> None:
            await (await topic.send(**kwargs))

        await retrying(send_and_wait, retry_on=retry_on, what=f"sending {what} again failed")


async def send_acknowledged(
    sends: Sequence[Send], *, retry_on: tuple[type[BaseException], ...], what: str
) -> None:
    """Hand every send over without waiting between them, then wait for each
    acknowledgement in order: when this returns, all of them are on the broker."""
    futures = [await hand_over(s, retry_on=retry_on, what=what) for s in sends]
    for send, future in zip(sends, futures, strict=True):
        await acknowledged(future, send, retry_on=retry_on, what=what)
