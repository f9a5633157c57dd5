"""A real Apache Kafka broker for the integration tests, started by the test session,
and the wiredesk worker as its own process.

The broker comes from deploy/kafka (jars fetched by Maven: `make kafka-jars`). Set
WIREDESK_TEST_BOOTSTRAP=host:port to use a broker you already run instead. Outside CI
the tests skip when Java or the jars are missing; in CI (CI=true) they fail instead,
so a CI run never passes without having talked to a broker.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from tests.conftest import REPO
from tests.integration.faultkit import FaultTable

KAFKACTL = REPO / "deploy" / "kafka" / "kafkactl"  # a package: imported by its folder
IN_CI = os.environ.get("CI", "").lower() == "true"
# WIREDESK_TEST_LIFECYCLE=1 runs every worker of the suite with the story keeper on (each
# worker process with its own RocksDB folder beside its log): the way to run the fault and
# hostile-input suites through both stages.
WITH_KEEPER = os.environ.get("WIREDESK_TEST_LIFECYCLE", "") not in ("", "0")
# Each worker loads the NER of every language it serves at start-up; the French and Spanish
# models add seconds to every start. The suite's stories are English, so its workers serve
# English alone (WIREDESK_LANGUAGES=en), except where a test sends stories in other
# languages or checks a default start (worker_env(..., languages=None)).
# WIREDESK_TEST_ALL_LANGUAGES=1 runs every worker of the suite with the default languages.
ALL_LANGUAGES = os.environ.get("WIREDESK_TEST_ALL_LANGUAGES", "") not in ("", "0")
# A SIGKILLed worker never leaves its consumer group: the group (with the eager rebalancing
# aiokafka does, all of it) waits until the dead member's session times out before its
# partitions move, 60 s by default. The tests that kill workers pass KILL_SESSION to
# worker_env, which shortens that to 10 s (Kafka's own default for years) in make test;
# make faults (WIREDESK_FAULTS=full) keeps the shipped default.
KILL_SESSION: dict[str, str] = (
    {} if os.environ.get("WIREDESK_FAULTS", "") == "full" else {"WIREDESK_SESSION_TIMEOUT_S": "10"}
)


def _unavailable(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"CI must run the integration tests: {reason}")
    pytest.skip(reason)


def load_kafkactl() -> ModuleType:
    """deploy/kafka/kafkactl is a package outside ``service``; import it (once) by its folder."""
    if str(KAFKACTL.parent) not in sys.path:
        sys.path.insert(0, str(KAFKACTL.parent))
    return importlib.import_module("kafkactl")


def free_port() -> int:
    port: int = load_kafkactl().free_ports(1)[0]
    return port


@pytest.fixture(scope="session")
def kafkactl() -> ModuleType:
    return load_kafkactl()


@pytest.fixture(scope="session")
def bootstrap(kafkactl: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """host:port of a running single-node broker for the whole session."""
    given = os.environ.get("WIREDESK_TEST_BOOTSTRAP")
    if given:
        yield given
        return
    if shutil.which("java") is None:
        _unavailable("no java on PATH: the integration tests need Java 17+ for the broker")
    if not kafkactl.jars_present():
        if shutil.which("mvn") is None:
            _unavailable("Kafka jars missing and no mvn to fetch them (run `make kafka-jars`)")
        kafkactl.fetch_jars()
    cluster = kafkactl.start_single(tmp_path_factory.mktemp("kafka"))
    try:
        yield cluster.bootstrap
    finally:
        cluster.stop()


@pytest.fixture(scope="session")
def fault_table(request: pytest.FixtureRequest) -> Iterator[FaultTable]:
    """The fault tests' rows (faultkit.FaultRow), printed as one table at the end of the run."""
    table = FaultTable()
    yield table
    if table.rows:
        reporter = request.config.pluginmanager.get_plugin("terminalreporter")
        text = "\n" + table.render()
        if reporter is not None:
            reporter.write_line(text)
        else:
            print(text)


# --------------------------------------------------------------------------- worker


@dataclass
class Worker:
    """`wiredesk worker` in its own process, configured only through WIREDESK_* variables."""

    env: dict[str, str]
    log_path: Path
    # What runs: the real command, or a test module standing in for it (buggy_worker).
    command: tuple[str, ...] = ("-m", "wiredesk", "worker")
    process: subprocess.Popen[bytes] | None = None
    starts: int = 0
    _log: Any = field(default=None, repr=False)

    @property
    def web_port(self) -> int:
        return int(self.env["WIREDESK_WEB_PORT"])

    def start(self) -> Worker:
        self._log = self.log_path.open("ab")
        env = self.env
        if env.get("WIREDESK_LIFECYCLE") == "true" and "WIREDESK_DATA_DIR" not in env:
            # Two workers must not share a RocksDB folder; a restart reuses its own.
            env = {**env, "WIREDESK_DATA_DIR": str(self.log_path.with_suffix(".data"))}
        self.process = subprocess.Popen(
            [sys.executable, *self.command],
            env=env,
            cwd=self.log_path.parent,  # Faust keeps an app data folder in its working folder
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        self.starts += 1
        return self

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.web_port}{path}", timeout=5) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()

    def readyz(self) -> tuple[int, dict[str, Any]]:
        status, body = self.get("/readyz")
        return status, json.loads(body)

    def wait_ready(self, timeout: float = 90.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.alive(), f"worker exited early:\n{self.log_tail()}"
            try:
                status, body = self.readyz()
            except (OSError, json.JSONDecodeError):
                status, body = 0, {}
            if status == 200:
                return body
            time.sleep(0.3)
        raise AssertionError(f"worker not ready after {timeout}s:\n{self.log_tail()}")

    def wait_stalled(self, timeout: float = 60.0) -> dict[str, Any]:
        """The ``/readyz`` body once the worker reports a stopped input partition."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.alive(), f"worker exited:\n{self.log_tail()}"
            status, body = self.readyz()
            if status == 503 and body.get("stalled"):
                return body
            time.sleep(0.5)
        raise AssertionError(f"no partition stopped after {timeout}s:\n{self.log_tail()}")

    def metrics(self) -> dict[str, float]:
        status, body = self.get("/metrics")
        assert status == 200
        values: dict[str, float] = {}
        for line in body.splitlines():
            if line and not line.startswith("#"):
                name, _, value = line.rpartition(" ")
                values[name] = float(value)
        return values

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self, sig: signal.Signals = signal.SIGTERM, timeout: float = 60.0) -> int:
        assert self.process is not None
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        if self._log is not None:
            self._log.close()
        code = self.process.returncode
        assert code is not None
        return code

    def log_tail(self, lines: int = 40) -> str:
        text = self.log_path.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])


@dataclass(frozen=True)
class Topics:
    raw: str
    events: str
    dlq: str


@pytest.fixture
def topics() -> Topics:
    """Fresh topic names per test, so tests never see each other's records."""
    run = uuid.uuid4().hex[:8]
    return Topics(f"it-{run}.raw", f"it-{run}.events", f"it-{run}.dlq")


def worker_env(
    bootstrap: str,
    topics: Topics,
    *,
    languages: str | None = "en",
    keeper: bool | None = WITH_KEEPER,
    **extra: str,
) -> dict[str, str]:
    """The worker's variables for ``topics``; ``languages`` is WIREDESK_LANGUAGES, None for
    the worker's default (every served language), which WIREDESK_TEST_ALL_LANGUAGES forces;
    ``keeper`` is WIREDESK_LIFECYCLE (whether the story keeper runs), None for the worker's
    default (it runs). A keeper that ``keeper`` turns on has a state folder of its own,
    beside its log (:meth:`Worker.start`), unless WIREDESK_DATA_DIR in ``extra`` names one."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "WIREDESK_BROKER": bootstrap,
        "WIREDESK_INPUT_TOPIC": topics.raw,
        "WIREDESK_OUTPUT_TOPIC": topics.events,
        "WIREDESK_DLQ_TOPIC": topics.dlq,
        "WIREDESK_CONSUMER_GROUP": f"group-{topics.raw}",
        "WIREDESK_TOPIC_PARTITIONS": "4",
        "WIREDESK_WEB_PORT": str(free_port()),
        "WIREDESK_WEB_HOST": "127.0.0.1",
        "WIREDESK_LOG_LEVEL": "INFO",
    }
    # The keeper is on by default; the suite's counts are stage 1's alone, so its workers
    # run without it unless WIREDESK_TEST_LIFECYCLE (or the test itself) says otherwise.
    if keeper is not None:
        env["WIREDESK_LIFECYCLE"] = "true" if keeper else "false"
    env["WIREDESK_STORIES_TOPIC"] = f"{topics.raw}.stories"
    env["WIREDESK_CODED_TOPIC"] = f"{topics.raw}.coded"
    if languages is not None and not ALL_LANGUAGES:
        env["WIREDESK_LANGUAGES"] = languages
    if os.environ.get("DEVLOG"):  # Faust's developer log (seeks, commits) in worker logs
        env["DEVLOG"] = "1"
    env.update(extra)
    return env


@pytest.fixture
def make_worker(tmp_path: Path) -> Iterator[Any]:
    """Factory: make_worker(env) -> a started Worker; every worker is stopped afterwards."""
    started: list[Worker] = []

    def make(env: dict[str, str], name: str = "worker", **options: Any) -> Worker:
        log_path = tmp_path / f"{name}-{len(started)}.log"
        worker = Worker(env=env, log_path=log_path, **options).start()
        started.append(worker)
        return worker

    yield make
    for worker in started:
        if worker.alive():
            worker.stop(signal.SIGKILL)


# --------------------------------------------------------------------------- topic I/O


@dataclass(frozen=True)
class Consumed:
    topic: str
    partition: int
    offset: int
    timestamp: int
    key: bytes | None
    value: bytes | None
    headers: dict[str, str]


async def _read_topic(
    bootstrap: str, topic: str, expect: int | None, timeout: float
) -> list[Consumed]:
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    out: list[Consumed] = []
    try:
        deadline = time.monotonic() + timeout
        partitions: set[int] | None = None
        while partitions is None and time.monotonic() < deadline:
            await consumer._client.force_metadata_update()
            partitions = consumer.partitions_for_topic(topic)
            if partitions is None:
                await asyncio.sleep(0.2)
        if not partitions:
            return out
        tps = [TopicPartition(topic, p) for p in sorted(partitions)]
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        quiet_since = time.monotonic()
        while time.monotonic() < deadline:
            batch = await consumer.getmany(timeout_ms=300)
            for messages in batch.values():
                for m in messages:
                    headers = {k: v.decode("utf-8", "replace") for k, v in (m.headers or ())}
                    out.append(
                        Consumed(
                            m.topic, m.partition, m.offset, m.timestamp, m.key, m.value, headers
                        )
                    )
            if batch:
                quiet_since = time.monotonic()
            if expect is not None and len(out) >= expect:
                break
            if expect is None and time.monotonic() - quiet_since > 2.0:
                break
    finally:
        await consumer.stop()
    return out


def read_topic(
    bootstrap: str, topic: str, expect: int | None = None, timeout: float = 60.0
) -> list[Consumed]:
    """Everything on a topic: until `expect` records arrived, or (expect=None) 2 s of quiet."""
    return asyncio.run(_read_topic(bootstrap, topic, expect, timeout))


async def _group_positions(bootstrap: str, group: str, topics: list[str]) -> str:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await admin.start()
    await consumer.start()
    try:
        committed = await admin.list_consumer_group_offsets(group)
        lines = []
        for topic in topics:
            partitions = consumer.partitions_for_topic(topic)
            if partitions is None:
                await consumer._client.force_metadata_update()
                partitions = consumer.partitions_for_topic(topic)
            tps = [TopicPartition(topic, p) for p in sorted(partitions or ())]
            ends = await consumer.end_offsets(tps) if tps else {}
            for tp in tps:
                meta = committed.get(tp)
                lines.append(
                    f"{tp.topic}[{tp.partition}]: committed "
                    f"{None if meta is None else meta.offset}, end {ends.get(tp)}"
                )
        return "\n".join(lines) or "(no partitions)"
    finally:
        await consumer.stop()
        await admin.close()


def group_positions(bootstrap: str, group: str, topics: list[str]) -> str:
    """Diagnostics for a test that failed: each partition's committed offset for
    ``group`` beside its end offset, one line a partition."""
    try:
        return asyncio.run(_group_positions(bootstrap, group, topics))
    except Exception as exc:  # diagnostics must not hide the failure they explain
        return f"(group offsets unavailable: {exc!r})"


async def _produce(
    bootstrap: str,
    topic: str,
    messages: list[tuple[bytes | None, bytes | None, list[tuple[str, bytes]]]],
    timestamp_ms: int | None = None,
) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", max_request_size=4_000_000)
    await producer.start()
    try:
        futures = [
            await producer.send(
                topic, key=key, value=value, headers=headers, timestamp_ms=timestamp_ms
            )
            for key, value, headers in messages
        ]
        await asyncio.gather(*futures)
    finally:
        await producer.stop()


def produce(
    bootstrap: str,
    topic: str,
    messages: list[tuple[bytes | None, bytes | None, list[tuple[str, bytes]]]],
    *,
    timestamp_ms: int | None = None,
) -> None:
    """Send ``messages``; ``timestamp_ms`` gives them all one record timestamp."""
    asyncio.run(_produce(bootstrap, topic, messages, timestamp_ms))


def wiredesk_cli(
    env: dict[str, str], *args: str, timeout: float = 300
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "wiredesk", *args],
        env=env, capture_output=True, timeout=timeout, check=False,
    )  # fmt: skip
