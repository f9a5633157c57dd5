"""One way to retry what failed for the infrastructure's sake: exponential backoff.

Used by the agent (sends, the NER thread), by the story keeper (sends) and by start-up
(waiting for the broker), so that every retry in the worker logs and backs off the same
way. :func:`hand_over` and :func:`acknowledged` are the two halves of a durable send:
give the record to the producer, later wait for the broker's acknowledgement and send it
again if it never came.

What is retried is decided by :func:`transient`, from the error's own ``retriable``
(aiokafka's errors and ours carry one). A send that fails with an error that is not
transient (the record is larger than the topic takes, the principal may not write the
topic) is *refused*: retrying cannot help, so :func:`hand_over` and :func:`acknowledged`
return the refusal to the caller, which dead-letters the record or stops its partition
(:mod:`wiredesk.stream.delivery`), instead of retrying it for ever.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import faust
from aiokafka import errors as kafka_errors

from wiredesk.errors import InfrastructureError

log = logging.getLogger(__name__)
T = TypeVar("T")
Send = tuple[faust.TopicT, dict[str, Any]]
"""A topic and the keyword arguments of its ``send``: key, value, headers."""

INITIAL_S = 0.5
MAXIMUM_S = 30.0

# What a send may fail with: Kafka's errors and our own infrastructure errors.
SEND_ERRORS: tuple[type[BaseException], ...] = (kafka_errors.KafkaError, InfrastructureError)

# aiokafka marks these not retriable, but each says the cluster or the connection failed,
# not that this record is unwelcome: a delivery that timed out while the leader was away,
# no broker to send to, a producer closed under the send. The broker's return ends them,
# so they are retried (the broker-fault tests go through them). An idempotent session out
# of step (``OutOfOrderSequenceNumber``, ``UnknownProducerId``) is not retried as it is:
# the delivery starts a new session and sends again (``stream/delivery.py``).
_TRANSIENT_THOUGH_NOT_RETRIABLE: tuple[type[BaseException], ...] = (
    kafka_errors.KafkaTimeoutError,
    kafka_errors.BrokerNotAvailableError,
    kafka_errors.KafkaUnavailableError,
    kafka_errors.ProducerClosed,
)


def transient(exc: BaseException) -> bool:
    """Could sending again help? The error's ``retriable``, except for the transport
    failures aiokafka marks otherwise (``_TRANSIENT_THOUGH_NOT_RETRIABLE``)."""
    if isinstance(exc, _TRANSIENT_THOUGH_NOT_RETRIABLE):
        return True
    return bool(getattr(exc, "retriable", False))


def refusal(exc: BaseException) -> str:
    """One line for a refused send: the error's class and what it says."""
    name = type(exc).__name__
    text = str(exc)
    return text if text.startswith(name) else f"{name}: {text}" if text else name


async def retrying(
    attempt: Callable[[], Awaitable[T]],
    *,
    retry_on: tuple[type[BaseException], ...],
    what: str,
    describe: Callable[[BaseException], Awaitable[str]] | None = None,
    when: Callable[[BaseException], bool] | None = None,
    initial: float = INITIAL_S,
    maximum: float = MAXIMUM_S,
) -> T:
    """``await attempt()`` until it returns, sleeping ``initial``, then twice as long each
    time up to ``maximum``, after each exception of a ``retry_on`` type for which ``when``
    (if given) says yes; others propagate. ``what`` says in the log line what went wrong
    ("broker ... not reachable"), or ``describe`` says it from the exception."""
    delay = initial
    while True:
        try:
            return await attempt()
        except retry_on as exc:
            if when is not None and not when(exc):
                raise
            message = await describe(exc) if describe is not None else f"{what} ({exc})"
            log.warning("%s; retrying in %.1fs", message, delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, maximum)


async def _publish(send: Send) -> Awaitable[Any]:
    """``topic.send``, keeping the promise Faust settles (its ``FutureMessage``) instead
    of the producer's own future, which ``send`` returns: Faust sets a failed send's error
    on that promise too, and nobody else awaits it (asyncio then logs it at exit as
    "never retrieved", traceback and all)."""
    topic, kwargs = send
    message = topic.as_future_message(**kwargs)
    await topic.publish_message(message)
    return message


async def hand_over(send: Send, *, what: str) -> Awaitable[Any] | BaseException:
    """Give ``send`` to the producer, retrying while it fails for a transient reason.
    Returns the future that settles when the broker acknowledges the record (await it
    with :func:`acknowledged`), or the refusal when the producer will never take it."""
    try:
        future: Awaitable[Any] = await retrying(
            lambda: _publish(send),
            retry_on=SEND_ERRORS,
            when=transient,
            what=f"sending {what} failed",
        )
    except SEND_ERRORS as exc:
        return exc
    return future


async def acknowledged(
    handed: Awaitable[Any] | BaseException, send: Send, *, what: str, again: bool = True
) -> BaseException | None:
    """Wait for the broker's acknowledgement of ``send`` (``handed`` by :func:`hand_over`);
    after a transient failure send the record again, with backoff, until the broker takes
    it. Returns None once it is acknowledged, or the refusal that ends it. ``again=False``:
    a later send of the same key on a compacted topic replaces this one, so it is not
    sent again (it would land after the later one and undo it)."""
    if isinstance(handed, BaseException):
        return handed
    try:
        await handed
        return None
    except SEND_ERRORS as exc:
        if not transient(exc):
            return exc
        if not again:
            log.warning("%s was not acknowledged (%s); a later one replaces it", what, exc)
            return None
        log.warning("%s was not acknowledged (%s); sending it again", what, exc)

    async def send_and_wait() -> None:
        await (await _publish(send))

    try:
        await retrying(
            send_and_wait, retry_on=SEND_ERRORS, when=transient, what=f"sending {what} again failed"
        )
    except SEND_ERRORS as exc:
        return exc
    return None
