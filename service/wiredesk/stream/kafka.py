"""Small Kafka helpers for the edges: credentials and client settings (for the Faust app
and for the ``publish``/``tail`` clients alike), waiting for the broker, topics."""

from __future__ import annotations

import contextlib
import logging
import ssl
from collections.abc import Callable, Mapping
from typing import Any

import faust
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.conn import create_conn
from aiokafka.errors import (
    AuthenticationFailedError,
    AuthenticationMethodNotSupported,
    ClusterAuthorizationFailedError,
    KafkaConnectionError,
    KafkaError,
    SaslAuthenticationFailed,
    TopicAlreadyExistsError,
    TopicAuthorizationFailedError,
    UnsupportedSaslMechanismError,
    for_code,
)

from wiredesk.settings import Settings
from wiredesk.stream.retry import retrying

log = logging.getLogger(__name__)


def ssl_context(settings: Settings) -> ssl.SSLContext | None:
    """The TLS context for ``SSL`` and ``SASL_SSL`` (the CA file, if set), else None."""
    if settings.security_protocol not in ("SSL", "SASL_SSL"):
        return None
    return ssl.create_default_context(cafile=settings.ssl_cafile)


def _sasl_password(settings: Settings) -> str:
    password = settings.sasl_password
    assert password is not None  # Settings rejects SASL without credentials
    return password.get_secret_value()


def client_config(settings: Settings) -> dict[str, Any]:
    """aiokafka keyword arguments shared by every client wiredesk makes."""
    config: dict[str, Any] = {
        "bootstrap_servers": settings.bootstrap_servers,
        "security_protocol": settings.security_protocol,
    }
    if settings.security_protocol.startswith("SASL"):
        config.update(
            sasl_mechanism=settings.sasl_mechanism,
            sasl_plain_username=settings.sasl_username,
            sasl_plain_password=_sasl_password(settings),
        )
    context = ssl_context(settings)
    if context is not None:
        config["ssl_context"] = context
    return config


def faust_credentials(settings: Settings) -> Any:
    """The same credentials in Faust's form (None for ``PLAINTEXT``)."""
    if settings.security_protocol.startswith("SASL"):
        return faust.SASLCredentials(
            username=settings.sasl_username,
            password=_sasl_password(settings),
            mechanism=settings.sasl_mechanism,
            ssl_context=ssl_context(settings),
        )
    context = ssl_context(settings)
    return None if context is None else faust.SSLCredentials(context)


def by_key_topic(settings: Settings) -> str:
    """The story keeper's input: stage 1's records keyed by story, one partition."""
    return f"{settings.consumer_group}-stories-by-key"


def changelog_topic(settings: Settings) -> str:
    """The changelog of the keeper's Faust table ``stories`` (Faust's name for it)."""
    return f"{settings.consumer_group}-stories-changelog"


def service_topics(settings: Settings) -> dict[str, int]:
    """The topics the worker needs, with the partitions it creates them with. With the
    story keeper, its two internal topics too: Faust would declare them at start-up, but
    created here a refusal (no ``CREATE``) leaves the worker unready with the reason, as
    for the others, and a topic that exists is never asked for again."""
    topics = {
        settings.input_topic: settings.topic_partitions,
        settings.output_topic: settings.topic_partitions,
        settings.dlq_topic: settings.topic_partitions,
    }
    if settings.lifecycle:
        topics[settings.stories_topic] = settings.topic_partitions
        topics[settings.coded_topic] = settings.topic_partitions
        topics[by_key_topic(settings)] = 1
        topics[changelog_topic(settings)] = 1  # co-partitioned with the by-key topic
    return topics


def topic_configs(settings: Settings) -> dict[str, dict[str, str]]:
    """Topic configurations the worker creates topics with: the stories topic and the
    coded-events topic are compacted (the latest live version of each story, the rows of
    its events; a tombstone deletes one), and so is the keeper's changelog, as Faust
    creates a table's."""
    compact = {"cleanup.policy": "compact"}
    return {
        settings.stories_topic: compact,
        settings.coded_topic: compact,
        changelog_topic(settings): compact,
    }


async def ensure_topics(settings: Settings, topics: Mapping[str, int]) -> list[str]:
    """Create the topics that do not exist yet; return the names created.

    Raises KafkaConnectionError when the broker cannot be reached."""
    admin = AIOKafkaAdminClient(**client_config(settings), request_timeout_ms=10_000)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [
            NewTopic(
                name,
                num_partitions=partitions,
                replication_factor=settings.topic_replication,
                topic_configs=topic_configs(settings).get(name, {}),
            )
            for name, partitions in topics.items()
            if name not in existing
        ]
        if not missing:
            return []
        with contextlib.suppress(TopicAlreadyExistsError):  # another worker won the race
            response = await admin.create_topics(missing)
            refused = _refused_topics(response)
            if refused:
                raise TopicsRefusedError(refused)
        return [topic.name for topic in missing]
    finally:
        await admin.close()


class TopicsRefusedError(KafkaError):  # type: ignore[misc]  # aiokafka is untyped
    """The broker refused to create topics the worker needs (each topic's error, by name).

    aiokafka's ``create_topics`` returns per-topic errors in its response instead of
    raising them: a principal that may neither see nor create a topic would otherwise take
    it as created and then retry its writes forever."""

    def __init__(self, refused: Mapping[str, str]) -> None:
        self.refused = dict(refused)
        super().__init__("; ".join(f"{name}: {why}" for name, why in sorted(self.refused.items())))


def _refused_topics(response: Any) -> dict[str, str]:
    """Topic name -> error name for every topic the CreateTopics response refused."""
    refused: dict[str, str] = {}
    for entry in getattr(response, "topic_errors", ()):
        name, code = entry[0], entry[1]
        if code in (0, TopicAlreadyExistsError.errno):
            continue
        message = entry[2] if len(entry) > 2 and entry[2] else ""
        refused[name] = f"{for_code(code).__name__}{f' ({message})' if message else ''}"
    return refused


_AUTHENTICATION = (
    AuthenticationFailedError,
    SaslAuthenticationFailed,
    AuthenticationMethodNotSupported,
    UnsupportedSaslMechanismError,
)
_AUTHORISATION = (TopicAuthorizationFailedError, ClusterAuthorizationFailedError)


def why_not_ready(settings: Settings, exc: BaseException) -> str:
    """One line for the log and ``/readyz``: what failed, never a credential (aiokafka's
    messages carry none; the password is only ever in a ``SecretStr``)."""
    if isinstance(exc, _AUTHENTICATION):
        return (
            f"broker {settings.bootstrap_servers} refused authentication as "
            f"{settings.sasl_username!r} ({settings.sasl_mechanism}): {exc}; check "
            "WIREDESK_SASL_USERNAME, WIREDESK_SASL_PASSWORD and WIREDESK_SASL_MECHANISM"
        )
    if isinstance(exc, TopicsRefusedError):
        return (
            f"broker {settings.bootstrap_servers} refused to create or show topics ({exc}): "
            "create them, or let this principal describe (and create) them"
        )
    if isinstance(exc, _AUTHORISATION):
        return (
            f"broker {settings.bootstrap_servers} denied access ({exc}): the ACLs must let "
            "this principal describe the topics (and create them when missing)"
        )
    return f"broker {settings.bootstrap_servers} not reachable ({exc})"


async def _connection_error(settings: Settings) -> BaseException | None:
    """Why the bootstrap servers refuse a connection. aiokafka's bootstrap reports only
    "Unable to bootstrap" and logs the cause; one direct connection recovers it (an
    authentication failure, say) for the log line and ``/readyz``."""
    config = client_config(settings)
    config.pop("bootstrap_servers")
    for server in settings.bootstrap_servers.split(","):
        host, _, port = server.rpartition(":")
        try:
            conn = await create_conn(
                host.strip("[]") or server, int(port or 9092), request_timeout_ms=10_000, **config
            )
        except (TimeoutError, KafkaError, OSError, ValueError) as exc:
            return exc
        conn.close()
    return None


async def wait_until_ready(
    settings: Settings,
    *,
    initial_delay: float = 0.5,
    max_delay: float = 10.0,
    on_error: Callable[[str], None] | None = None,
) -> None:
    """Retry with backoff until the broker answers and the service topics exist;
    ``on_error`` is told why each attempt failed."""

    async def describe(exc: BaseException) -> str:
        cause = await _connection_error(settings) if isinstance(exc, KafkaConnectionError) else None
        reason = why_not_ready(settings, cause or exc)
        if on_error is not None:
            on_error(reason)
        return reason

    created = await retrying(
        lambda: ensure_topics(settings, service_topics(settings)),
        retry_on=(KafkaConnectionError, KafkaError, OSError),
        what=f"broker {settings.bootstrap_servers} not reachable",
        describe=describe,
        initial=initial_delay,
        maximum=max_delay,
    )
    if created:
        log.info("created topics %s", ", ".join(created))
