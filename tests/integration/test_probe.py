"""The broker probe behind /readyz, against the session's real broker and a closed port."""

from __future__ import annotations

import asyncio

import pytest

from tests.integration.conftest import free_port
from wiredesk.settings import Settings
from wiredesk.stream.probe import BrokerProbe

pytestmark = [pytest.mark.integration]


async def _problems(broker: str, times: int) -> list[str | None]:
    probe = BrokerProbe(Settings(broker=broker), timeout_s=2.0)
    try:
        return [await probe.problem() for _ in range(times)]
    finally:
        await probe.close()


def test_a_running_broker_answers_the_probe_every_time(bootstrap: str) -> None:
    assert asyncio.run(_problems(bootstrap, 3)) == [None, None, None]


def test_a_closed_port_is_a_problem_named_with_the_address() -> None:
    address = f"127.0.0.1:{free_port()}"
    problems = asyncio.run(_problems(address, 2))
    assert all(p is not None and p.startswith(f"broker {address} not reachable") for p in problems)
