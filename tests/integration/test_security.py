"""Authentication, encryption and authorisation for real: a broker with a SASL_SSL
listener (SCRAM-SHA-512 over TLS with certificates this test makes) and Kafka's standard
authoriser; the worker's principal may read the input topic and its group and write the
output and dead-letter topics, nothing else; with the story keeper on, also exactly what
docs/configuration.md lists for it."""

from __future__ import annotations

import asyncio
import json
import ssl
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaError, TopicAuthorizationFailedError

from tests.integration import acls
from tests.integration.conftest import WITH_KEEPER, Topics, worker_env
from tests.integration.tls import make_certificates

pytestmark = [pytest.mark.integration, pytest.mark.slow]

ADMIN_PASSWORD = "admin-Secret-0"
WORKER_PASSWORD = "wiredesk-Secret-1"
INTRUDER_PASSWORD = "intruder-Secret-2"
WRONG_PASSWORD = "not-the-Password-3"


@dataclass(frozen=True)
class SecureBroker:
    bootstrap: str  # the SASL_SSL listener
    plaintext: str  # the plaintext listener (readiness probe): no ACLs for ANONYMOUS
    ca_file: Path


@pytest.fixture(scope="module")
def secure_broker(
    kafkactl: ModuleType, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SecureBroker]:
    folder = tmp_path_factory.mktemp("secure-kafka")
    certs = make_certificates(folder / "certs")
    port = kafkactl.free_ports(1)[0]
    listener = kafkactl.SecureListener(
        port=port,
        keystore_pem=certs.broker_pem,
        truststore_pem=certs.ca_pem,
        admin_password=ADMIN_PASSWORD,
        users={"wiredesk": WORKER_PASSWORD, "intruder": INTRUDER_PASSWORD},
    )
    cluster = kafkactl.start_single(folder / "kafka", secure=listener)
    try:
        yield SecureBroker(f"127.0.0.1:{port}", cluster.bootstrap, certs.ca_pem)
    finally:
        cluster.stop()


def client(broker: SecureBroker, user: str, password: str) -> dict[str, Any]:
    return {
        "bootstrap_servers": broker.bootstrap,
        "security_protocol": "SASL_SSL",
        "sasl_mechanism": "SCRAM-SHA-512",
        "sasl_plain_username": user,
        "sasl_plain_password": password,
        "ssl_context": ssl.create_default_context(cafile=str(broker.ca_file)),
    }


async def _set_up(broker: SecureBroker, topics: Topics, forbidden: str) -> None:
    admin = AIOKafkaAdminClient(**client(broker, "admin", ADMIN_PASSWORD))
    await admin.start()
    try:
        names = [topics.raw, topics.events, topics.dlq, forbidden]
        await admin.create_topics([NewTopic(name, 2, 1) for name in names])
        group = f"group-{topics.raw}"
        await acls.create_acls(admin, "User:wiredesk", [
            (acls.TOPIC, topics.raw, acls.READ),
            (acls.GROUP, group, acls.READ),
            (acls.TOPIC, topics.events, acls.WRITE),
            (acls.TOPIC, topics.dlq, acls.WRITE),
        ])  # fmt: skip
    finally:
        await admin.close()


async def _produce(config: dict[str, Any], topic: str, values: list[bytes]) -> None:
    producer = AIOKafkaProducer(**config, acks="all", request_timeout_ms=10_000)
    try:  # a start the broker refuses leaves a producer to close too
        await producer.start()
        for value in values:
            await (await producer.send(topic, value))
    finally:
        await producer.stop()


async def _read(config: dict[str, Any], topic: str, expect: int, timeout: float) -> list[bytes]:
    return [m.value or b"" for m in await _read_records(config, topic, expect, timeout)]


def secure_env(
    broker: SecureBroker, topics: Topics, password: str, *, keeper: bool = WITH_KEEPER
) -> dict[str, str]:
    # The security example of docs/configuration.md ("Security"), as variables.
    return worker_env(
        broker.bootstrap,
        topics,
        keeper=keeper,
        WIREDESK_SECURITY_PROTOCOL="SASL_SSL",
        WIREDESK_SASL_MECHANISM="SCRAM-SHA-512",
        WIREDESK_SASL_USERNAME="wiredesk",
        WIREDESK_SASL_PASSWORD=password,
        WIREDESK_SSL_CAFILE=str(broker.ca_file),
        WIREDESK_TOPIC_PARTITIONS="2",
    )


def story(n: int) -> bytes:
    text = f"Port reopens {n}\n\nLISBON (Reuters) - The port of Lisbon reopened berth {n}."
    return json.dumps({"id": f"sec-{n}", "text": text}).encode()


def test_the_worker_works_with_credentials_and_only_where_its_acls_allow(
    secure_broker: SecureBroker, topics: Topics, make_worker: Any
) -> None:
    forbidden = f"{topics.raw}.forbidden"
    asyncio.run(_set_up(secure_broker, topics, forbidden))
    admin = client(secure_broker, "admin", ADMIN_PASSWORD)
    worker_creds = client(secure_broker, "wiredesk", WORKER_PASSWORD)

    worker = make_worker(secure_env(secure_broker, topics, WORKER_PASSWORD), "secure")
    worker.wait_ready(timeout=120)
    asyncio.run(_produce(admin, topics.raw, [story(n) for n in range(5)]))
    events = asyncio.run(_read(admin, topics.events, expect=5, timeout=90))
    assert sorted(json.loads(v)["id"] for v in events) == [f"sec-{n}" for n in range(5)]
    # The readiness probe talks SASL_SSL too: it runs every 5 s and finds the broker.
    time.sleep(6)
    status, body = worker.readyz()
    assert (status, body["broker"]) == (200, "answering"), body

    # The worker's own principal cannot write a topic it has no ACL for.
    with pytest.raises(TopicAuthorizationFailedError):
        asyncio.run(_produce(worker_creds, forbidden, [b"not allowed"]))
    # Nor read the output topic (it may only write it).
    with pytest.raises(TopicAuthorizationFailedError):
        asyncio.run(_read(worker_creds, topics.events, expect=1, timeout=10))
    # An authenticated principal without ACLs is refused.
    with pytest.raises(TopicAuthorizationFailedError):
        asyncio.run(_produce(client(secure_broker, "intruder", INTRUDER_PASSWORD),
                             topics.raw, [b"intrusion"]))  # fmt: skip
    # No credentials: TLS without SASL on the secure listener, or the plaintext listener
    # as ANONYMOUS, are refused.
    tls_only = ssl.create_default_context(cafile=str(secure_broker.ca_file))
    no_sasl = {"bootstrap_servers": secure_broker.bootstrap, "security_protocol": "SSL",
               "ssl_context": tls_only}  # fmt: skip
    with pytest.raises(KafkaError):
        asyncio.run(_produce(no_sasl, topics.raw, [b"anonymous"]))
    with pytest.raises(TopicAuthorizationFailedError):
        asyncio.run(_produce({"bootstrap_servers": secure_broker.plaintext}, topics.raw,
                             [b"anonymous"]))  # fmt: skip
    # Nothing but the five stories reached the input topic.
    assert len(asyncio.run(_read(admin, topics.raw, expect=6, timeout=5))) == 5
    assert worker.alive()


async def _set_up_keeper(broker: SecureBroker, topics: Topics) -> str:
    """The keeper's topics, created beforehand (so no CREATE), and the ACLs that
    docs/configuration.md lists for it; returns the stories topic."""
    group = f"group-{topics.raw}"
    stories_topic, coded = f"{topics.raw}.stories", f"{topics.raw}.coded"
    by_key, changelog = f"{group}-stories-by-key", f"{group}-stories-changelog"
    compact = {"cleanup.policy": "compact"}
    admin = AIOKafkaAdminClient(**client(broker, "admin", ADMIN_PASSWORD))
    await admin.start()
    try:
        await admin.create_topics([
            NewTopic(stories_topic, 2, 1, topic_configs=compact),
            NewTopic(coded, 2, 1, topic_configs=compact),
            NewTopic(by_key, 1, 1),
            NewTopic(changelog, 1, 1, topic_configs=compact),
        ])  # fmt: skip
        await acls.create_acls(admin, "User:wiredesk", [
            (acls.TOPIC, stories_topic, acls.WRITE),
            (acls.TOPIC, coded, acls.WRITE),
            (acls.TOPIC, by_key, acls.READ),
            (acls.TOPIC, by_key, acls.WRITE),
            (acls.TOPIC, changelog, acls.READ),
            (acls.TOPIC, changelog, acls.WRITE),
        ])  # fmt: skip
    finally:
        await admin.close()
    return stories_topic


def kenya_rail(version: int, **fields: Any) -> bytes:
    text = (
        "Kenya opens airport rail line\n\nNAIROBI, Dec 4 (Reuters) - Kenya's new commuter "
        "line to the airport opened on Friday with eight trains a day, the railway said."
    )
    return json.dumps({"guid": "sec-rail", "version": version, "text": text, **fields}).encode()


def test_the_story_keeper_runs_with_the_acls_the_configuration_doc_lists(
    secure_broker: SecureBroker, topics: Topics, make_worker: Any
) -> None:
    """The default worker (the keeper on) under the authoriser, with the ACLs the
    configuration doc names for the keeper and no others: a story and its withdrawal come
    out as new and kill, the stories topic ends on the story's tombstone, and a successor
    restores the story from the changelog, so a late version stays dead."""
    asyncio.run(_set_up(secure_broker, topics, f"{topics.raw}.forbidden"))
    stories_topic = asyncio.run(_set_up_keeper(secure_broker, topics))
    admin = client(secure_broker, "admin", ADMIN_PASSWORD)
    worker = make_worker(secure_env(secure_broker, topics, WORKER_PASSWORD, keeper=True), "keeper")
    worker.wait_ready(timeout=120)
    asyncio.run(_produce(admin, topics.raw, [kenya_rail(1)]))
    assert len(asyncio.run(_read(admin, topics.events, expect=1, timeout=90))) == 1, (
        worker.log_tail()
    )
    asyncio.run(_produce(admin, topics.raw, [kenya_rail(2, status="canceled")]))
    events = [json.loads(v) for v in asyncio.run(_read(admin, topics.events, 2, timeout=90))]
    told = {e["id"]: e["lifecycle"]["action"] for e in events}
    assert told == {"sec-rail:1": "new", "sec-rail:2": "kill"}, worker.log_tail()
    stories = asyncio.run(_read_records(admin, stories_topic, expect=2, timeout=30))
    assert [r.value is None for r in stories] == [False, True], "the story, then its tombstone"
    # A successor with an empty state folder restores the story from the changelog (READ
    # on it): a late version after the withdrawal stays dead.
    worker.stop()
    successor = make_worker(
        secure_env(secure_broker, topics, WORKER_PASSWORD, keeper=True), "keeper-2"
    )
    successor.wait_ready(timeout=120)
    asyncio.run(_produce(admin, topics.raw, [kenya_rail(3)]))
    events = [json.loads(v) for v in asyncio.run(_read(admin, topics.events, 3, timeout=90))]
    told = {e["id"]: e["lifecycle"]["action"] for e in events}
    assert told.get("sec-rail:3") == "stale", successor.log_tail()
    stories = asyncio.run(_read_records(admin, stories_topic, expect=3, timeout=5))
    assert [r.value is None for r in stories] == [False, True], "nothing live after the kill"
    assert asyncio.run(_read(admin, topics.dlq, expect=1, timeout=2)) == []
    assert successor.alive() and successor.readyz()[0] == 200


def test_a_wrong_password_keeps_the_worker_unready_and_the_secret_unsaid(
    secure_broker: SecureBroker, topics: Topics, make_worker: Any
) -> None:
    asyncio.run(_set_up(secure_broker, topics, f"{topics.raw}.forbidden"))
    worker = make_worker(secure_env(secure_broker, topics, WRONG_PASSWORD), "wrong")
    deadline = time.monotonic() + 90
    body: dict[str, Any] = {}
    while time.monotonic() < deadline:
        try:
            status, body = worker.readyz()
        except OSError:
            status = 0
        if status == 503 and "authentication" in body.get("reason", ""):
            break
        assert worker.alive(), worker.log_tail()
        time.sleep(0.5)
    assert status == 503, body
    assert "refused authentication as 'wiredesk'" in body["reason"]
    assert "WIREDESK_SASL_PASSWORD" in body["reason"]
    assert worker.alive()
    _, metrics = worker.get("/metrics")
    time.sleep(2)
    worker.stop()  # before the broker accepts it there is nothing to commit: exits on SIGTERM
    log = worker.log_path.read_text()
    assert "refused authentication" in log
    for text in (log, metrics, json.dumps(body)):
        assert WRONG_PASSWORD not in text
        assert WORKER_PASSWORD not in text


def test_a_worker_pointed_at_a_topic_without_its_acl_stays_unready_and_writes_nothing(
    secure_broker: SecureBroker, topics: Topics, make_worker: Any
) -> None:
    forbidden = f"{topics.raw}.forbidden"
    asyncio.run(_set_up(secure_broker, topics, forbidden))
    admin = client(secure_broker, "admin", ADMIN_PASSWORD)
    env = {**secure_env(secure_broker, topics, WORKER_PASSWORD), "WIREDESK_OUTPUT_TOPIC": forbidden}
    worker = make_worker(env, "forbidden")
    asyncio.run(_produce(admin, topics.raw, [story(n) for n in range(3)]))
    deadline = time.monotonic() + 90
    status, body = 0, {}
    while time.monotonic() < deadline:
        try:
            status, body = worker.readyz()
        except OSError:
            status = 0
        if status == 503 and forbidden in body.get("reason", ""):
            break
        assert worker.alive(), worker.log_tail()
        time.sleep(0.5)
    # The worker cannot see the topic, may not create it, and says which and why.
    assert status == 503, body
    assert "refused to create or show topics" in body["reason"]
    assert "TopicAuthorizationFailedError" in body["reason"]
    time.sleep(5)  # it keeps retrying start-up; it never starts consuming
    assert worker.alive(), worker.log_tail()
    assert worker.readyz()[0] == 503
    assert asyncio.run(_read(admin, forbidden, expect=1, timeout=5)) == []
    assert asyncio.run(_read(admin, topics.dlq, expect=1, timeout=2)) == []


def test_an_output_topic_whose_acl_is_revoked_dead_letters_then_a_refused_dlq_stops(
    secure_broker: SecureBroker, topics: Topics, make_worker: Any
) -> None:
    """Refusals by the authoriser while the worker runs: WRITE denied on the output topic
    turns the next story into a dead letter (its original bytes, code output_refused);
    WRITE denied on the dead-letter topic too stops the story's partition."""
    asyncio.run(_set_up(secure_broker, topics, f"{topics.raw}.forbidden"))
    admin = client(secure_broker, "admin", ADMIN_PASSWORD)
    env = {**secure_env(secure_broker, topics, WORKER_PASSWORD), "WIREDESK_LIFECYCLE": "false"}
    worker = make_worker(env, "revoked")
    worker.wait_ready(timeout=120)
    asyncio.run(_produce(admin, topics.raw, [story(0)]))
    assert len(asyncio.run(_read(admin, topics.events, expect=1, timeout=60))) == 1

    asyncio.run(_deny_write(secure_broker, topics.events))
    time.sleep(2)  # the authoriser applies the new ACL from the metadata log
    asyncio.run(_produce(admin, topics.raw, [story(1)]))
    [dead] = asyncio.run(_read_records(admin, topics.dlq, expect=1, timeout=60))
    assert dead.value == story(1), worker.log_tail()
    headers = {k: v.decode() for k, v in dead.headers}
    assert headers["wiredesk.error.code"] == "output_refused"
    assert "TopicAuthorizationFailedError" in headers["wiredesk.error.message"]
    assert worker.readyz()[0] == 200

    asyncio.run(_deny_write(secure_broker, topics.dlq))
    time.sleep(2)
    asyncio.run(_produce(admin, topics.raw, [story(2)]))
    body = worker.wait_stalled()
    [where] = body["stalled"]
    assert where["topic"] == topics.raw
    assert "TopicAuthorizationFailedError" in where["reason"]
    assert worker.metrics()["wiredesk_stalled_partitions"] == 1
    assert len(asyncio.run(_read(admin, topics.dlq, expect=2, timeout=5))) == 1
    assert worker.alive()


async def _deny_write(broker: SecureBroker, topic: str) -> None:
    admin = AIOKafkaAdminClient(**client(broker, "admin", ADMIN_PASSWORD))
    await admin.start()
    try:
        await acls.create_acls(admin, "User:wiredesk", [(acls.TOPIC, topic, acls.WRITE)],
                               permission=acls.DENY)  # fmt: skip
    finally:
        await admin.close()


async def _read_records(
    config: dict[str, Any], topic: str, expect: int, timeout: float
) -> list[Any]:
    consumer = AIOKafkaConsumer(**config, enable_auto_commit=False)
    await consumer.start()
    try:
        tps = [TopicPartition(topic, p) for p in range(2)]
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        out: list[Any] = []
        deadline = time.monotonic() + timeout
        while len(out) < expect and time.monotonic() < deadline:
            batch = await consumer.getmany(timeout_ms=500)
            out += [m for messages in batch.values() for m in messages]
        return out
    finally:
        await consumer.stop()
