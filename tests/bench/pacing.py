"""Helpers shared by the bench's streaming rows: a paced producer, percentiles, latencies.

Pure parts (``percentile``, ``latencies``) have no I/O; ``paced_produce`` uses one
producer for the whole run, so the load driver costs little CPU beside the worker (a
producer started per story would compete with the worker for the two cores and make the
arrivals bursty).
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Iterable, Sequence
from typing import Any

Message = tuple[bytes | None, bytes | None, list[Any]]


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q`` quantile (0..1) of ``values`` by the nearest-rank method: the smallest
    value with at least ``q`` of the values at or below it."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(q * len(ordered)))
    return ordered[rank - 1]


def latencies(
    inputs: Iterable[tuple[bytes | None, int]], outputs: Iterable[tuple[bytes | None, int]]
) -> list[float]:
    """Seconds from each input record's timestamp to its first output record's, matched by
    key; keys with no output are left out (the caller compares the counts)."""
    sent = dict(inputs)
    first: dict[bytes | None, int] = {}
    for key, timestamp in outputs:
        if key in sent and (key not in first or timestamp < first[key]):
            first[key] = timestamp
    return [(first[k] - sent[k]) / 1000 for k in first]


async def _paced(bootstrap: str, topic: str, messages: Sequence[Message], rate: float) -> float:
    from aiokafka import AIOKafkaProducer

    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=0)
    await producer.start()
    try:
        interval = 1.0 / rate
        start = time.monotonic()
        futures = []
        last = start
        for n, (key, value, headers) in enumerate(messages):
            delay = start + n * interval - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            futures.append(await producer.send(topic, key=key, value=value, headers=headers))
            last = time.monotonic()
        await asyncio.gather(*futures)
        # n stories span n - 1 intervals
        return (len(messages) - 1) / (last - start) if last > start else math.inf
    finally:
        await producer.stop()


def paced_produce(bootstrap: str, topic: str, messages: Sequence[Message], rate: float) -> float:
    """Send ``messages`` at ``rate`` per second on a fixed schedule (no drift); returns
    the rate achieved, which the caller prints so that a slow driver shows."""
    return asyncio.run(_paced(bootstrap, topic, messages, rate))
