"""Linear-time checks as ratios measured in one process, never against a wall clock.

The time of a call on 8x the input over the time on the input is about 8 when the code is
linear and about 64 when it is quadratic; the tests accept anything under 16. CPU time of
the calling thread with the garbage collector paused keeps other processes and earlier
tests out of the figure; the best of several runs, and up to three attempts, keep a burst
of load on a 2-core machine from failing linear code, while superlinear code fails every
attempt.
"""

from __future__ import annotations

import gc
import math
import time
from collections.abc import Callable

MAX_RATIO = 16.0


def cpu_seconds(call: Callable[[], object], *, calls: int = 1, repeat: int = 5) -> float:
    """Best of ``repeat`` runs of ``calls`` calls, in CPU seconds per call."""
    best = math.inf
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        try:
            start = time.thread_time()
            for _ in range(calls):
                call()
            best = min(best, (time.thread_time() - start) / calls)
        finally:
            gc.enable()
    return best


def calls_for(call: Callable[[], object], budget: float = 0.02) -> int:
    """Enough calls for one run to last about ``budget`` CPU seconds, so that the timer's
    resolution does not decide the ratio of very fast calls."""
    start = time.thread_time()
    call()
    once = max(time.thread_time() - start, 1e-6)
    return max(1, math.ceil(budget / once))


def growth_ratio(
    small: Callable[[], object],
    large: Callable[[], object],
    *,
    factor: int = 8,
    bound: float = MAX_RATIO,
    attempts: int = 3,
) -> float:
    """Time of ``large`` (``factor`` times the input of ``small``) over time of ``small``;
    measured again, up to ``attempts`` times, while it is not under ``bound``."""
    calls = calls_for(small)
    ratios = []
    for _ in range(attempts):
        small_time = cpu_seconds(small, calls=calls)
        large_time = cpu_seconds(large, calls=max(1, calls // factor))
        ratios.append(large_time / max(small_time, 1e-9))
        if ratios[-1] < bound:
            break
    return min(ratios)


def cost_ratio(
    subject: Callable[[], object],
    baseline: Callable[[], object],
    *,
    bound: float,
    repeat: int = 3,
    attempts: int = 3,
) -> float:
    """Time of ``subject`` over time of ``baseline`` (inputs of the same size), in one
    process; measured again, up to ``attempts`` times, while it is not under ``bound``."""
    calls = calls_for(baseline)
    ratios = []
    for _ in range(attempts):
        base_time = cpu_seconds(baseline, calls=calls, repeat=repeat)
        subject_time = cpu_seconds(subject, calls=calls, repeat=repeat)
        ratios.append(subject_time / max(base_time, 1e-9))
        if ratios[-1] < bound:
            break
    return min(ratios)
