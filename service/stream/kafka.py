"""Small aiokafka helpers for the edges: client settings, waiting for the broker, topics."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Mapping
from typing import Any

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaConnectionError, KafkaError, TopicAlreadyExistsError

from service.settings import Settings

log = logging.getLogger(__name__)


def client_config(settings: Settings) -> dict[str, Any]:
    """aiokafka keyword arguments shared by every client wiredesk makes."""
    config: dict[str, Any] = {
        "bootstrap_servers": settings.bootstrap_servers,
        "security_protocol": settings.security_protocol,
    }
    if settings.security_protocol.startswith("SASL"):
        assert settings.sasl_password is not None
        config.update(
            sasl_mechanism=settings.sasl_mechanism,
            sasl_plain_username=settings.sasl_username,
            sasl_plain_password=settings.sasl_password.get_secret_value(),
        )
    if settings.security_protocol in ("SSL", "SASL_SSL"):
        import ssl

        config["ssl_context"] = ssl.create_default_context(cafile=settings.ssl_cafile)
    return config


def service_topics(settings: Settings) -> dict[str, int]:
    """The topics the worker needs, with the partitions it creates them with."""
    return {
        settings.input_topic: settings.topic_partitions,
        settings.output_topic: settings.topic_partitions,
        settings.dlq_topic: settings.topic_partitions,
    }


async def ensure_topics(settings: Settings, topics: Mapping[str, int]) -> list[str]:
    """Create the topics that do not exist yet; return the names created.

    Raises KafkaConnectionError when the broker cannot be reached."""
    admin = AIOKafkaAdminClient(**client_config(settings), request_timeout_ms=10_000)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [
            NewTopic(name, num_partitions=partitions, replication_factor=settings.topic_replication)
            for name, partitions in topics.items()
            if name not in existing
        ]
        if not missing:
            return []
        with contextlib.suppress(TopicAlreadyExistsError):  # another worker won the race
            await admin.create_topics(missing)
        return [topic.name for topic in missing]
    finally:
        await admin.close()


async def wait_until_ready(
    settings: Settings, *, initial_delay: float = 0.5, max_delay: float = 10.0
) -> None:
    """Retry with backoff until the broker answers and the service topics exist."""
    delay = initial_delay
    while True:
        try:
            created = await ensure_topics(settings, service_topics(settings))
        except (KafkaConnectionError, KafkaError, OSError) as exc:
            log.warning(
                "broker %s not reachable (%s); retrying in %.1fs",
                settings.bootstrap_servers,
                exc,
                delay,
            )
            await asyncio.sleep(delay)
            delay = min(delay * 2, max_delay)
            continue
        if created:
            log.info("created topics %s", ", ".join(created))
        return
