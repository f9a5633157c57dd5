"""Does the cluster answer? A probe for ``/readyz`` while the worker runs.

Faust's clients retry a dead broker quietly, so without a probe a worker whose whole
cluster is down would still say ready. The probe keeps one aiokafka client of its own
(the same credentials as every other client) and asks every known broker for its API
versions, each with a short timeout: the cluster answers when one broker does. A single
dead or hung node is therefore not a problem (the others lead its partitions); the whole
cluster down, or unreachable from here, is.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from aiokafka.client import AIOKafkaClient
from aiokafka.errors import KafkaError
from aiokafka.protocol.admin import ApiVersionRequest

from wiredesk.settings import Settings
from wiredesk.stream.kafka import client_config, why_not_ready

log = logging.getLogger(__name__)

TIMEOUT_S = 3.0


class BrokerProbe:
    def __init__(self, settings: Settings, timeout_s: float = TIMEOUT_S) -> None:
        self._settings = settings
        self._timeout_s = timeout_s
        self._client: AIOKafkaClient | None = None

    async def problem(self) -> str | None:
        """None when some broker answered within the timeout, else why not, in one line."""
        try:
            client = await self._connected()
            nodes = [broker.nodeId for broker in client.cluster.brokers()]
            answers = await asyncio.gather(*(self._ask(client, n) for n in nodes))
        except (KafkaError, OSError, TimeoutError) as exc:
            await self.close()  # bootstrap again next time
            return why_not_ready(self._settings, exc)
        if any(answers):
            return None
        return (
            f"no broker of {self._settings.bootstrap_servers} answered within "
            f"{self._timeout_s:.0f} s (asked nodes {', '.join(map(str, nodes)) or 'none'})"
        )

    async def _connected(self) -> AIOKafkaClient:
        if self._client is None:
            timeout_ms = int(self._timeout_s * 1000)
            client = AIOKafkaClient(**client_config(self._settings), request_timeout_ms=timeout_ms)
            try:
                await asyncio.wait_for(client.bootstrap(), self._timeout_s * 2)
            except BaseException:
                await client.close()
                raise
            self._client = client
        return self._client

    async def _ask(self, client: AIOKafkaClient, node_id: int) -> bool:
        try:
            await asyncio.wait_for(client.send(node_id, ApiVersionRequest()), self._timeout_s)
        except (KafkaError, OSError, TimeoutError) as exc:
            log.debug("broker %s did not answer the probe: %r", node_id, exc)
            return False
        return True

    async def close(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            with contextlib.suppress(Exception):
                await client.close()
