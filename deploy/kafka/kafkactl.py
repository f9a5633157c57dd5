#!/usr/bin/env python3
"""Run a real Apache Kafka broker (KRaft, no Docker) on loopback.

The broker jars come from Maven Central (``pom.xml`` beside this file, copied
into ``lib/``).  This file is both a command-line tool and a module:

* CLI: ``python deploy/kafka/kafkactl.py up|down|status|fetch`` (see ``--help``).
* Library (pytest fixtures): ``deploy`` is not a Python package, so load this
  file by path, e.g. ``sys.path.insert(0, "<repo>/deploy/kafka")`` then
  ``import kafkactl``, and use :func:`start_single` / :func:`start_cluster`.

Stdlib only, single file, no relative imports: it must stay importable by path.
"""

import argparse
import atexit
import base64
import contextlib
import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Self

# Paths are derived from this file's location, never hard-coded.
KAFKA_DIR = Path(__file__).resolve().parent
REPO_ROOT = KAFKA_DIR.parent.parent
LIB_DIR = KAFKA_DIR / "lib"
POM = KAFKA_DIR / "pom.xml"
LOG4J_CONFIG = KAFKA_DIR / "log4j2.properties"
DEFAULT_CLI_DIR = REPO_ROOT / ".kafka"
STATE_FILE = "state.json"
# Marker written into every node directory we create: we only ever delete
# directories that carry it.
NODE_MARKER = ".kafkactl-node"
HOST = "127.0.0.1"
READY_LOG_LINE = "Kafka Server started"
DEFAULT_START_TIMEOUT = 120.0
DEFAULT_STOP_TIMEOUT = 30.0
LAST_NODE_GRACE = 10.0

# JVM flags besides the heap (module-level so tests may adjust them).
# TieredStopAtLevel=1 (C1 JIT only) cut start-up by ~20-30% here (single node
# 3.7 s -> 3.0 s, three nodes on 2 cores 9.6 s -> 7 s); peak throughput is lower
# but far above what tests push through a broker.
JVM_FLAGS: list[str] = [
    "-XX:+UseG1GC",
    "-XX:TieredStopAtLevel=1",
    "-XX:MaxGCPauseMillis=20",
    "-XX:+ExitOnOutOfMemoryError",
    "-Djava.awt.headless=true",
]

# Broker settings common to every layout.  Small internal-topic partition counts
# keep the first consumer-group/transaction start fast on a 2-core machine.
_COMMON_PROPS: dict[str, str] = {
    "process.roles": "broker,controller",
    "controller.listener.names": "CONTROLLER",
    "inter.broker.listener.name": "PLAINTEXT",
    "listener.security.protocol.map": "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
    "auto.create.topics.enable": "true",
    "num.partitions": "1",
    "group.initial.rebalance.delay.ms": "0",
    "offsets.topic.num.partitions": "6",
    "transaction.state.log.num.partitions": "6",
    "unclean.leader.election.enable": "false",
    # Faster failure detection for fault tests (defaults 2000/9000 ms).  The
    # session timeout is also how long a restarted node waits out its previous
    # registration (DUPLICATE_BROKER_REGISTRATION) before it can rejoin.
    "broker.heartbeat.interval.ms": "1000",
    "broker.session.timeout.ms": "5000",
}

_SINGLE_PROPS: dict[str, str] = {
    "default.replication.factor": "1",
    "min.insync.replicas": "1",
    # Defaults are RF 3 / min ISR 2: a single node would log
    # INVALID_REPLICATION_FACTOR forever and groups would never work.
    "offsets.topic.replication.factor": "1",
    "transaction.state.log.replication.factor": "1",
    "transaction.state.log.min.isr": "1",
    "share.coordinator.state.topic.replication.factor": "1",
    "share.coordinator.state.topic.min.isr": "1",
}


class KafkaCtlError(RuntimeError):
    """Any failure to fetch, format, start, probe or stop a broker."""


def _say(msg: str) -> None:
    print(f"kafkactl: {msg}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------
# Jars
# --------------------------------------------------------------------------


def kafka_version() -> str:
    """The Kafka version pinned in pom.xml (property ``kafka.version``)."""
    ns = {"m": "http://maven.apache.org/POM/4.0.0"}
    node = ET.parse(POM).getroot().find("m:properties/m:kafka.version", ns)
    if node is None or not node.text:
        raise KafkaCtlError(f"no <kafka.version> property in {POM}")
    return node.text.strip()


def jars_present() -> bool:
    """True when lib/ holds the broker jar of the version pinned in pom.xml."""
    return (LIB_DIR / f"kafka_2.13-{kafka_version()}.jar").is_file()


def fetch_jars(force: bool = False) -> Path:
    """Fill lib/ with the broker's runtime jars via Maven; return lib/.

    Does nothing when lib/ already holds the pinned version.  A lib/ holding
    another version is wiped first, so two versions never share a class path.
    A second fetch on the same machine is served from ~/.m2 without network.
    """
    if jars_present() and not force:
        return LIB_DIR
    mvn = shutil.which("mvn")
    if mvn is None:
        raise KafkaCtlError("mvn not found on PATH (install Maven, e.g. apt-get install maven)")
    if LIB_DIR.exists():
        _say(f"removing stale {LIB_DIR.name}/ (does not match kafka {kafka_version()})")
        shutil.rmtree(LIB_DIR)
    cmd = [mvn, "-B", "-q", "-Dstyle.color=never", "-f", str(POM), "package"]
    _say(f"fetching Kafka {kafka_version()} jars: {' '.join(cmd)}")
    t0 = time.monotonic()
    res = subprocess.run(
        cmd, check=False, cwd=KAFKA_DIR, stdin=subprocess.DEVNULL, capture_output=True, text=True
    )
    if res.returncode != 0 or not jars_present():
        raise KafkaCtlError(
            f"maven failed (exit {res.returncode}):\n{res.stdout[-4000:]}\n{res.stderr[-4000:]}"
        )
    _say(f"{len(list(LIB_DIR.glob('*.jar')))} jars in {LIB_DIR} ({time.monotonic() - t0:.1f}s)")
    return LIB_DIR


def _java() -> str:
    java_home = os.environ.get("JAVA_HOME")
    if java_home and (Path(java_home) / "bin" / "java").is_file():
        return str(Path(java_home) / "bin" / "java")
    java = shutil.which("java")
    if java is None:
        raise KafkaCtlError("java not found (Kafka 4.x needs Java 17 or newer)")
    return java


def _classpath() -> str:
    # The JVM expands the trailing '*' itself; no shell involved.
    return str(LIB_DIR) + os.sep + "*"


# --------------------------------------------------------------------------
# Ports
# --------------------------------------------------------------------------


def port_is_free(port: int, host: str = HOST) -> bool:
    """True if nothing listens on host:port and we could bind it."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def free_ports(count: int, host: str = HOST) -> list[int]:
    """Distinct free loopback ports (all sockets held open until all are chosen)."""
    socks: list[socket.socket] = []
    try:
        for _ in range(count):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.bind((host, 0))
            socks.append(s)
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


# --------------------------------------------------------------------------
# Minimal Kafka wire protocol probe (ApiVersions v0 + Metadata v1..v8)
# --------------------------------------------------------------------------


class ProbeError(KafkaCtlError):
    """The broker did not answer the probe, or answered with an error."""


@dataclass(frozen=True)
class BrokerInfo:
    node_id: int
    host: str
    port: int


@dataclass(frozen=True)
class ClusterMetadata:
    """What a broker reports about the cluster in a Metadata response."""

    brokers: tuple[BrokerInfo, ...]
    controller_id: int
    cluster_id: str | None
    metadata_version: int

    @property
    def broker_ids(self) -> frozenset[int]:
        return frozenset(b.node_id for b in self.brokers)


class _Reader:
    """Big-endian reader for the non-flexible (pre-KIP-482) encodings."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def _take(self, fmt: str) -> int:
        size = struct.calcsize(fmt)
        if self.pos + size > len(self.data):
            raise ProbeError("truncated Kafka response")
        (value,) = struct.unpack_from(fmt, self.data, self.pos)
        self.pos += size
        return int(value)

    def int16(self) -> int:
        return self._take(">h")

    def int32(self) -> int:
        return self._take(">i")

    def nullable_string(self) -> str | None:
        n = self.int16()
        if n < 0:
            return None
        raw = self.data[self.pos : self.pos + n]
        if len(raw) != n:
            raise ProbeError("truncated Kafka response")
        self.pos += n
        return raw.decode("utf-8", "replace")

    def string(self) -> str:
        s = self.nullable_string()
        if s is None:
            raise ProbeError("unexpected null string in Kafka response")
        return s


_API_METADATA = 3
_API_VERSIONS = 18
_ERR_UNSUPPORTED_VERSION = 35
# Metadata v9+ is "flexible" (compact strings, tagged fields); v8 is the newest
# version with the classic encoding, which is all this probe speaks.
_METADATA_MAX_CLASSIC = 8


def _recv_exact(sock: socket.socket, n: int) -> bytes:
    buf = bytearray()
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise ProbeError("connection closed by broker")
        buf += chunk
    return bytes(buf)


def _request(sock: socket.socket, api_key: int, version: int, corr: int, body: bytes) -> _Reader:
    """Send one request (header v1) and return a reader positioned after the
    response header (v0: correlation id only, true for all classic versions and
    for every ApiVersions response)."""
    client_id = b"kafkactl-probe"
    header = struct.pack(">hhih", api_key, version, corr, len(client_id)) + client_id
    payload = header + body
    sock.sendall(struct.pack(">i", len(payload)) + payload)
    (size,) = struct.unpack(">i", _recv_exact(sock, 4))
    reader = _Reader(_recv_exact(sock, size))
    if reader.int32() != corr:
        raise ProbeError("correlation id mismatch")
    return reader


def probe(host: str, port: int, timeout: float = 3.0) -> ClusterMetadata:
    """Ask a broker for cluster metadata over the raw Kafka protocol.

    ApiVersions v0 first (every broker answers it, with error 35 and its ranges
    even when v0 itself were unsupported), then the newest classic Metadata
    version the broker accepts, asking for no topics.  Raises ProbeError.
    """
    try:
        with socket.create_connection((host, port), timeout=timeout) as sock:
            sock.settimeout(timeout)
            r = _request(sock, _API_VERSIONS, 0, 1, b"")
            err = r.int16()
            if err not in (0, _ERR_UNSUPPORTED_VERSION):
                raise ProbeError(f"ApiVersions error code {err}")
            ranges: dict[int, tuple[int, int]] = {}
            for _ in range(r.int32()):
                key, lo, hi = r.int16(), r.int16(), r.int16()
                ranges[key] = (lo, hi)
            if _API_METADATA not in ranges:
                raise ProbeError("broker does not offer the Metadata API")
            lo, hi = ranges[_API_METADATA]
            version = min(hi, _METADATA_MAX_CLASSIC)
            if version < max(lo, 1):
                raise ProbeError(f"no classic Metadata version in broker range {lo}..{hi}")
            body = struct.pack(">i", 0)  # empty topic array: "no topics" (v1+)
            if version >= 4:
                body += b"\x00"  # allow_auto_topic_creation=false
            if version >= 8:
                body += b"\x00\x00"  # no cluster/topic authorized operations
            r = _request(sock, _API_METADATA, version, 2, body)
            if version >= 3:
                r.int32()  # throttle_time_ms
            brokers = []
            for _ in range(r.int32()):
                node_id, bhost, bport = r.int32(), r.string(), r.int32()
                r.nullable_string()  # rack
                brokers.append(BrokerInfo(node_id, bhost, bport))
            cluster_id = r.nullable_string() if version >= 2 else None
            controller_id = r.int32()
            return ClusterMetadata(tuple(brokers), controller_id, cluster_id, version)
    except ProbeError:
        raise
    except (OSError, struct.error) as exc:
        raise ProbeError(f"{host}:{port}: {exc}") from exc


# --------------------------------------------------------------------------
# Processes
# --------------------------------------------------------------------------

# Nodes started (not detached) by this interpreter: stopped at exit so that a
# test run that forgets to stop a broker leaves no JVM behind.
_LIVE_NODES: "set[Node]" = set()


@atexit.register
def _stop_leftover_nodes() -> None:
    with contextlib.suppress(Exception):
        stop_nodes(list(_LIVE_NODES), timeout=15.0)


def stop_nodes(
    nodes: "Collection[Node]",
    timeout: float = DEFAULT_STOP_TIMEOUT,
    last_node_grace: float = LAST_NODE_GRACE,
) -> None:
    """Clean stop of several nodes: SIGTERM all at once, SIGKILL stragglers.

    Why the ``last_node_grace``: when every combined node of a multi-node
    cluster shuts down together, the last one standing can be left as a
    controller without a quorum; its broker then waits (minutes) for a
    controlled-shutdown grant that can never be committed.  So once it is the
    only survivor it gets ``last_node_grace`` seconds (enough for the 5 s Raft
    graceful-shutdown timeout) before SIGKILL.  A single-node cluster is its
    own quorum and is not affected.
    """
    nodes = list(nodes)
    for n in nodes:
        n.signal(signal.SIGTERM)
    deadline = time.monotonic() + timeout
    alone_since: float | None = None
    while True:
        running = [n for n in nodes if n.is_running()]
        if not running:
            break
        now = time.monotonic()
        if len(nodes) > 1 and len(running) == 1 and alone_since is None:
            alone_since = now
        if now > deadline or (alone_since is not None and now - alone_since > last_node_grace):
            for n in running:
                _say(f"node {n.node_id} still shutting down; sending SIGKILL")
                n.kill()
            break
        time.sleep(0.1)
    for n in nodes:
        _LIVE_NODES.discard(n)


def _parent_death_prefix() -> list[str]:
    """Command prefix making the JVM get SIGTERM when this process dies (Linux).

    ``setpriv --pdeathsig TERM`` sets PR_SET_PDEATHSIG and execs the JVM (same
    pid), so a test run that is killed leaves no broker behind.  We do not use a
    ``preexec_fn`` (unsafe with threads, and aiokafka users have threads).
    Only applied when starting from the main thread: the signal fires when the
    *thread* that forked exits, so a broker restarted from a worker thread
    (asyncio.to_thread) would otherwise die with that thread.  Without setpriv
    the atexit handler above still stops brokers on a normal interpreter exit.
    """
    if not sys.platform.startswith("linux"):
        return []
    if threading.current_thread() is not threading.main_thread():
        return []
    setpriv = shutil.which("setpriv")
    return [setpriv, "--pdeathsig", "TERM", "--"] if setpriv else []


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie (exited, not yet reaped by its parent) still answers kill(0).
    with contextlib.suppress(OSError):
        stat = Path(f"/proc/{pid}/stat").read_text()
        if stat.rsplit(")", 1)[1].split()[0] == "Z":
            return False
    return True


def _pid_cmdline(pid: int) -> str | None:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return None


def _write_properties(path: Path, props: Mapping[str, str]) -> None:
    lines = ["# Written by kafkactl.py; regenerated on every fresh start."]
    lines += [f"{k}={v}" for k, v in props.items()]
    path.write_text("\n".join(lines) + "\n")


def _tail(path: Path, lines: int = 40, offset: int = 0) -> str:
    """Log excerpt for error messages: the first ERROR lines (each with the line
    after it, usually the exception and its message) and the last ``lines``.

    A failed start logs its cause early and then hundreds of shutdown lines, so
    the tail alone rarely shows why.  ``offset`` skips older runs' output.
    """
    try:
        with path.open("rb") as f:
            f.seek(offset)
            text = f.read().decode("utf-8", "replace")
    except OSError:
        return f"(no log at {path})"
    all_lines = text.splitlines()
    errors: list[str] = []
    for i, line in enumerate(all_lines):
        if " ERROR " in line or " FATAL " in line:
            errors += all_lines[i : i + 2]
            if len(errors) >= 10:
                break
    out = []
    if errors:
        out += ["--- first errors ---", *errors, "--- last lines ---"]
    out += all_lines[-lines:]
    return "\n".join(out)


def new_cluster_id() -> str:
    """A Kafka cluster id, generated like ``StorageTool random-uuid``.

    Same algorithm as org.apache.kafka.common.Uuid.randomUuid (16 random bytes,
    URL-safe base64 without padding, never starting with '-'), without paying a
    JVM start (~1 s) for it.
    """
    while True:
        raw = uuid.uuid4().bytes
        cid = base64.urlsafe_b64encode(raw).decode().rstrip("=")
        if not cid.startswith("-") and raw != bytes(16) and raw != bytes(15) + b"\x01":
            return cid


@dataclass(eq=False)  # identity semantics: a Node is a process handle
class Node:
    """One combined broker+controller JVM with its own directory.

    Layout of ``node_dir``: ``server.properties``, ``broker.log`` (the JVM's
    stdout/stderr, appended across restarts) and ``data/`` (log.dirs).
    """

    node_id: int
    port: int
    controller_port: int
    node_dir: Path
    heap: str = "512m"
    detach: bool = False
    pid: int | None = None
    proc: "subprocess.Popen[bytes] | None" = field(default=None, repr=False)
    _log_offset: int = field(default=0, repr=False)

    @property
    def bootstrap(self) -> str:
        return f"{HOST}:{self.port}"

    @property
    def properties_path(self) -> Path:
        return self.node_dir / "server.properties"

    @property
    def log_path(self) -> Path:
        return self.node_dir / "broker.log"

    @property
    def data_path(self) -> Path:
        return self.node_dir / "data"

    def command(self) -> list[str]:
        return [
            _java(),
            f"-Xmx{self.heap}",
            f"-Xms{self.heap}",
            *JVM_FLAGS,
            f"-Dlog4j2.configurationFile={LOG4J_CONFIG}",
            "-cp",
            _classpath(),
            "kafka.Kafka",
            str(self.properties_path),
        ]

    def is_running(self) -> bool:
        if self.proc is not None:
            return self.proc.poll() is None
        if self.pid is None or not _pid_alive(self.pid):
            return False
        # Guard against pid reuse when we only know the pid from a state file.
        cmdline = _pid_cmdline(self.pid)
        return cmdline is None or str(self.properties_path) in cmdline

    def start(
        self,
        wait: bool = True,
        timeout: float = DEFAULT_START_TIMEOUT,
        expect_brokers: Collection[int] = (),
    ) -> None:
        """Start the JVM (same config, same data dir on a restart).

        With ``wait`` block until :meth:`wait_ready` succeeds.
        """
        if self.is_running():
            raise KafkaCtlError(f"node {self.node_id} is already running (pid {self.pid})")
        if not self.properties_path.is_file():
            raise KafkaCtlError(f"node {self.node_id} is not configured: {self.properties_path}")
        fetch_jars()
        self._log_offset = self.log_path.stat().st_size if self.log_path.exists() else 0
        with self.log_path.open("ab") as log:
            log.write(
                f"\n===== kafkactl: starting node {self.node_id} at {time.ctime()} =====\n".encode()
            )
            log.flush()
            prefix = [] if self.detach else _parent_death_prefix()
            self.proc = subprocess.Popen(
                prefix + self.command(),
                cwd=self.node_dir,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                # Detached (CLI `up`): own session, outlives us.  Otherwise the
                # setpriv prefix makes it die with this process.
                start_new_session=self.detach,
            )
        self.pid = self.proc.pid
        if not self.detach:
            _LIVE_NODES.add(self)
        if wait:
            self.wait_ready(timeout=timeout, expect_brokers=expect_brokers)

    def _log_excerpt(self) -> str:
        return _tail(self.log_path, offset=self._log_offset)

    def _new_log_text(self) -> str:
        try:
            with self.log_path.open("rb") as f:
                f.seek(self._log_offset)
                return f.read().decode("utf-8", "replace")
        except OSError:
            return ""

    def ready(self, expect_brokers: Collection[int] = ()) -> ClusterMetadata | None:
        """Metadata if this node answers the probe listing itself, every id in
        ``expect_brokers`` and a controller; else None."""
        try:
            md = probe(HOST, self.port)
        except ProbeError:
            return None
        wanted = {self.node_id, *expect_brokers}
        if md.controller_id < 0 or not wanted <= md.broker_ids:
            return None
        return md

    def wait_ready(
        self, timeout: float = DEFAULT_START_TIMEOUT, expect_brokers: Collection[int] = ()
    ) -> ClusterMetadata:
        """Wait for the probe to succeed and the log to say the server started.

        Fails fast if the JVM exits; on timeout the error carries the log tail.
        """
        deadline = time.monotonic() + timeout
        while True:
            if not self.is_running():
                code = self.proc.poll() if self.proc is not None else None
                raise KafkaCtlError(
                    f"node {self.node_id} exited during start-up (exit {code}); "
                    f"log excerpt of {self.log_path}:\n{self._log_excerpt()}"
                )
            md = self.ready(expect_brokers)
            # The probe is the real check; the log line (only in the part of the
            # log written since this start) guards against a half-started server.
            if md is not None and READY_LOG_LINE in self._new_log_text():
                return md
            if time.monotonic() > deadline:
                raise KafkaCtlError(
                    f"node {self.node_id} ({self.bootstrap}) not ready after {timeout:.0f}s; "
                    f"log excerpt of {self.log_path}:\n{self._log_excerpt()}"
                )
            time.sleep(0.2)

    def signal(self, sig: signal.Signals) -> None:
        """Send a signal to the JVM if it runs (SIGSTOP/SIGCONT work too)."""
        if self.pid is not None and self.is_running():
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, sig)

    def wait_exit(self, timeout: float) -> bool:
        if self.proc is not None:
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                return False
            return True
        deadline = time.monotonic() + timeout
        while self.is_running():
            if time.monotonic() > deadline:
                return False
            time.sleep(0.1)
        return True

    def kill(self) -> None:
        """Hard crash: SIGKILL, then wait for the process to be gone."""
        self.signal(signal.SIGKILL)
        self.wait_exit(30.0)
        _LIVE_NODES.discard(self)

    def stop(self, timeout: float = DEFAULT_STOP_TIMEOUT) -> None:
        """Clean shutdown: SIGTERM, wait up to ``timeout``, then SIGKILL."""
        self.signal(signal.SIGTERM)
        if not self.wait_exit(timeout):
            _say(f"node {self.node_id} ignored SIGTERM for {timeout:.0f}s; sending SIGKILL")
            self.kill()
        _LIVE_NODES.discard(self)

    def restart(
        self, timeout: float = DEFAULT_START_TIMEOUT, expect_brokers: Collection[int] = ()
    ) -> None:
        """Clean stop (if running) and start again with the same config and data."""
        self.stop()
        self.start(timeout=timeout, expect_brokers=expect_brokers)


@dataclass(eq=False)
class Cluster:
    """A set of nodes sharing a cluster id; context manager stops them all."""

    data_dir: Path
    cluster_id: str
    nodes: list[Node]

    @property
    def bootstrap(self) -> str:
        """Comma-separated broker addresses, e.g. ``127.0.0.1:9092,...``."""
        return ",".join(n.bootstrap for n in self.nodes)

    @property
    def state_path(self) -> Path:
        return self.data_dir / STATE_FILE

    def node(self, node_id: int) -> Node:
        for n in self.nodes:
            if n.node_id == node_id:
                return n
        raise KeyError(node_id)

    def running_nodes(self) -> list[Node]:
        return [n for n in self.nodes if n.is_running()]

    def start(self, timeout: float = DEFAULT_START_TIMEOUT) -> None:
        """Start every stopped node, then wait until all running nodes see each other.

        All JVMs are launched before waiting: with static voters no node can
        finish starting until a majority of controllers is up.
        """
        for n in self.nodes:
            if not n.is_running():
                n.start(wait=False)
        self.wait_ready(timeout)

    def wait_ready(self, timeout: float = DEFAULT_START_TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        ids = [n.node_id for n in self.nodes if n.is_running()]
        for n in self.nodes:
            if n.node_id in ids:
                n.wait_ready(max(deadline - time.monotonic(), 1.0), expect_brokers=ids)

    def restart_node(self, node_id: int, timeout: float = DEFAULT_START_TIMEOUT) -> None:
        """Start a stopped/killed node again and wait until it rejoined."""
        node = self.node(node_id)
        if node.is_running():
            node.stop()
        others = [n.node_id for n in self.nodes if n.is_running()]
        node.start(timeout=timeout, expect_brokers=others)

    def stop(self, timeout: float = DEFAULT_STOP_TIMEOUT) -> None:
        """SIGTERM every node at once; SIGKILL what is left (see :func:`stop_nodes`)."""
        stop_nodes(self.nodes, timeout)

    def kill(self) -> None:
        for n in self.nodes:
            n.kill()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- state file (used by the CLI to find detached brokers again) --------

    def write_state(self) -> None:
        state = {
            "cluster_id": self.cluster_id,
            "bootstrap": self.bootstrap,
            "kafka_version": kafka_version(),
            "nodes": [
                {
                    "node_id": n.node_id,
                    "port": n.port,
                    "controller_port": n.controller_port,
                    "pid": n.pid,
                    "dir": n.node_dir.name,
                    "heap": n.heap,
                }
                for n in self.nodes
            ],
        }
        self.state_path.write_text(json.dumps(state, indent=2) + "\n")

    @classmethod
    def from_state(cls, data_dir: str | os.PathLike[str]) -> "Cluster":
        """Rebuild a Cluster (pids only, no Popen) from ``data_dir/state.json``."""
        d = Path(data_dir).resolve()
        try:
            state = json.loads((d / STATE_FILE).read_text())
        except (OSError, ValueError) as exc:
            raise KafkaCtlError(f"no usable state file in {d}: {exc}") from exc
        nodes = [
            Node(
                node_id=int(s["node_id"]),
                port=int(s["port"]),
                controller_port=int(s["controller_port"]),
                node_dir=d / str(s["dir"]),
                heap=str(s["heap"]),
                detach=True,
                pid=int(s["pid"]) if s.get("pid") is not None else None,
            )
            for s in state["nodes"]
        ]
        return cls(data_dir=d, cluster_id=str(state["cluster_id"]), nodes=nodes)


# --------------------------------------------------------------------------
# Building clusters
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class SecureListener:
    """A ``SASL_SSL`` listener (SCRAM-SHA-512 over TLS) beside the plaintext one, with
    Kafka's standard authoriser and no access without an ACL.

    ``keystore_pem`` holds the broker's private key (PKCS#8, unencrypted) and its
    certificate chain; ``truststore_pem`` the CA certificate that signed it (the broker
    connects to its own listener between broker and controller parts). ``users`` are
    SCRAM-SHA-512 credentials written at format time; ``admin`` (with ``admin_password``)
    is added as the only super user: the broker itself between its listeners, and whoever
    sets up ACLs. The plaintext listener stays for the readiness probe and is useless
    without ACLs for ``User:ANONYMOUS``; the controller listener authenticates ``admin``
    with SASL/PLAIN (KRaft controllers cannot use SCRAM:
    its credentials live in the metadata they serve).
    """

    port: int
    keystore_pem: Path
    truststore_pem: Path
    admin_password: str
    users: Mapping[str, str] = field(default_factory=dict)

    def scram_args(self) -> list[str]:
        users = {"admin": self.admin_password, **self.users}
        return [
            arg
            for name, password in users.items()
            for arg in ("--add-scram", f"SCRAM-SHA-512=[name={name},password={password}]")
        ]

    def properties(self) -> dict[str, str]:
        scram = "org.apache.kafka.common.security.scram.ScramLoginModule"
        plain = "org.apache.kafka.common.security.plain.PlainLoginModule"
        pw = self.admin_password
        return {
            "listener.security.protocol.map": (
                "CONTROLLER:SASL_PLAINTEXT,PLAINTEXT:PLAINTEXT,SASL_SSL:SASL_SSL"
            ),
            "inter.broker.listener.name": "SASL_SSL",
            "sasl.mechanism.inter.broker.protocol": "SCRAM-SHA-512",
            "sasl.mechanism.controller.protocol": "PLAIN",
            "listener.name.controller.sasl.enabled.mechanisms": "PLAIN",
            "listener.name.controller.plain.sasl.jaas.config": (
                f'{plain} required username="admin" password="{pw}" user_admin="{pw}";'
            ),
            "listener.name.sasl_ssl.sasl.enabled.mechanisms": "SCRAM-SHA-512",
            "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config": (
                f'{scram} required username="admin" password="{pw}";'
            ),
            "listener.name.sasl_ssl.ssl.keystore.type": "PEM",
            "listener.name.sasl_ssl.ssl.keystore.location": str(self.keystore_pem),
            "listener.name.sasl_ssl.ssl.truststore.type": "PEM",
            "listener.name.sasl_ssl.ssl.truststore.location": str(self.truststore_pem),
            "authorizer.class.name": "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
            "super.users": "User:admin",
            "allow.everyone.if.no.acl.found": "false",
        }


def _prepare_node_dir(node_dir: Path) -> None:
    """Fresh, empty node dir; only a dir we created earlier may be wiped."""
    if node_dir.exists():
        if not (node_dir / NODE_MARKER).exists():
            raise KafkaCtlError(
                f"{node_dir} exists and was not created by kafkactl; refusing to wipe it"
            )
        shutil.rmtree(node_dir)
    node_dir.mkdir(parents=True)
    (node_dir / NODE_MARKER).write_text("created by kafkactl.py; wiped on the next fresh start\n")


def _format(
    nodes: list[Node], cluster_id: str, standalone: bool, extra_args: Collection[str] = ()
) -> None:
    """Run kafka.tools.StorageTool format for every node (in parallel)."""
    procs = []
    for n in nodes:
        cmd = [
            _java(),
            "-Xmx256m",
            "-XX:TieredStopAtLevel=1",
            f"-Dlog4j2.configurationFile={LOG4J_CONFIG}",
            "-cp",
            _classpath(),
            "kafka.tools.StorageTool",
            "format",
            "-t",
            cluster_id,
            "-c",
            str(n.properties_path),
        ]
        if standalone:
            cmd.append("--standalone")
        cmd.extend(extra_args)
        procs.append(
            (
                n,
                subprocess.Popen(
                    cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
                ),
            )
        )
    failures = []
    for n, p in procs:
        try:
            out, _ = p.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            p.kill()
            out, _ = p.communicate()
        if p.returncode != 0:
            failures.append(
                f"node {n.node_id}: exit {p.returncode}: {out.decode(errors='replace')}"
            )
    if failures:
        raise KafkaCtlError("storage format failed:\n" + "\n".join(failures))


def _build(
    data_dir: str | os.PathLike[str],
    specs: list[tuple[int, int, int]],
    heap: str,
    props: Mapping[str, str],
    standalone: bool,
    detach: bool,
    secure: SecureListener | None = None,
) -> Cluster:
    fetch_jars()
    d = Path(data_dir).resolve()
    d.mkdir(parents=True, exist_ok=True)
    # A fresh start defines the whole cluster in this dir: drop node dirs of an
    # earlier (possibly larger) cluster too.
    for old in d.glob("node-*"):
        if (old / NODE_MARKER).exists():
            shutil.rmtree(old)
    cluster_id = new_cluster_id()
    nodes: list[Node] = []
    for node_id, port, cport in specs:
        node = Node(node_id, port, cport, d / f"node-{node_id}", heap=heap, detach=detach)
        _prepare_node_dir(node.node_dir)
        listeners = f"PLAINTEXT://{HOST}:{port},CONTROLLER://{HOST}:{cport}"
        if secure is not None:
            listeners += f",SASL_SSL://{HOST}:{secure.port}"
        node_props = {
            "node.id": str(node_id),
            "listeners": listeners,
            "advertised.listeners": listeners,
            "log.dirs": str(node.data_path),
            **props,
            **(secure.properties() if secure is not None else {}),
        }
        _write_properties(node.properties_path, node_props)
        nodes.append(node)
    _format(nodes, cluster_id, standalone, secure.scram_args() if secure is not None else ())
    return Cluster(data_dir=d, cluster_id=cluster_id, nodes=nodes)


def _start_or_cleanup(cluster: Cluster, timeout: float, detach: bool) -> Cluster:
    """Launch every node, then wait; on any failure stop what was launched."""
    try:
        for n in cluster.nodes:
            n.start(wait=False)
        if detach:
            # Written before waiting, so that `down` finds the JVMs even if
            # this process is interrupted while they start.
            cluster.write_state()
        cluster.wait_ready(timeout)
    except BaseException:
        cluster.stop(timeout=10.0)
        if detach:
            cluster.state_path.unlink(missing_ok=True)
        raise
    return cluster


def start_single(
    data_dir: str | os.PathLike[str],
    port: int | None = None,
    controller_port: int | None = None,
    heap: str = "512m",
    *,
    overrides: Mapping[str, str] | None = None,
    timeout: float = DEFAULT_START_TIMEOUT,
    detach: bool = False,
    secure: SecureListener | None = None,
) -> Cluster:
    """Format and start one combined broker+controller (node id 1); wait until ready.

    Free loopback ports are picked for any port not given.  ``data_dir`` gets a
    fresh ``node-1/`` (server.properties, broker.log, data/).  ``overrides`` are
    extra/replacement server.properties entries.  Use the result as a context
    manager or call ``stop()``.
    """
    ports = free_ports(2)
    port = port if port is not None else ports[0]
    controller_port = controller_port if controller_port is not None else ports[1]
    props = {
        **_COMMON_PROPS,
        **_SINGLE_PROPS,
        # Dynamic quorum (KIP-853) of one voter, formatted with --standalone.
        "controller.quorum.bootstrap.servers": f"{HOST}:{controller_port}",
        **(overrides or {}),
    }
    cluster = _build(
        data_dir,
        [(1, port, controller_port)],
        heap,
        props,
        standalone=True,
        detach=detach,
        secure=secure,
    )
    return _start_or_cleanup(cluster, timeout, detach)


def start_cluster(
    data_dir: str | os.PathLike[str],
    nodes: int = 3,
    heap: str = "384m",
    *,
    ports: list[int] | None = None,
    overrides: Mapping[str, str] | None = None,
    timeout: float = DEFAULT_START_TIMEOUT,
    detach: bool = False,
) -> Cluster:
    """Format and start ``nodes`` combined nodes (ids 1..n) with static voters.

    RF 3 / min ISR 2 defaults (capped at ``nodes``), unclean leader election
    off.  ``ports`` optionally fixes the broker ports; controller ports are
    always picked free.  Nodes are individually ``kill()``-able, ``stop()``-able
    and restartable with ``cluster.restart_node(id)``.
    """
    if nodes < 1:
        raise ValueError("nodes must be >= 1")
    picked = free_ports(2 * nodes)
    broker_ports = list(ports) if ports is not None else picked[:nodes]
    if len(broker_ports) != nodes:
        raise ValueError("need exactly one port per node")
    ctrl_ports = picked[nodes:]
    specs = [(i + 1, broker_ports[i], ctrl_ports[i]) for i in range(nodes)]
    voters = ",".join(f"{nid}@{HOST}:{cp}" for nid, _, cp in specs)
    # RF 3 / min ISR 2 for user and internal topics (capped for smaller clusters).
    rf, isr = str(min(3, nodes)), str(min(2, nodes))
    props = {
        **_COMMON_PROPS,
        "default.replication.factor": rf,
        "offsets.topic.replication.factor": rf,
        "transaction.state.log.replication.factor": rf,
        "share.coordinator.state.topic.replication.factor": rf,
        "min.insync.replicas": isr,
        "transaction.state.log.min.isr": isr,
        "share.coordinator.state.topic.min.isr": isr,
        # Static voters: no --standalone, every node formatted with the same id.
        "controller.quorum.voters": voters,
        **(overrides or {}),
    }
    cluster = _build(data_dir, specs, heap, props, standalone=False, detach=detach)
    return _start_or_cleanup(cluster, timeout, detach)


# --------------------------------------------------------------------------
# CLI
# --------------------------------------------------------------------------

EXIT_OK = 0
EXIT_FAIL = 1  # start failed / not running / could not stop
EXIT_USAGE = 2  # argparse's own code for bad arguments
EXIT_DEGRADED = 3  # status: a node is down or does not answer the probe


def _mark_ignored(d: Path) -> None:
    # The default dir sits at the repo root; a '*' .gitignore inside it keeps
    # runtime data out of git without touching the repo's own .gitignore.
    gi = d / ".gitignore"
    if not gi.exists():
        gi.write_text("# runtime data of deploy/kafka/kafkactl.py\n*\n")


def _cmd_up(args: argparse.Namespace) -> int:
    d = Path(args.dir).resolve()
    if (d / STATE_FILE).exists():
        old = Cluster.from_state(d)
        if old.running_nodes():
            if len(old.nodes) == args.nodes:
                _say(f"already running in {d}")
                print(old.bootstrap)
                return EXIT_OK
            _say(f"a {len(old.nodes)}-node cluster already runs in {d}; run `down` first")
            return EXIT_FAIL
    d.mkdir(parents=True, exist_ok=True)
    _mark_ignored(d)
    base = args.port if args.port is not None else 9092
    wanted = [base + i for i in range(args.nodes)]
    if not all(port_is_free(p) for p in wanted):
        if args.port is not None:
            _say(f"port(s) {wanted} not free")
            return EXIT_FAIL
        wanted = free_ports(args.nodes)
        _say(f"9092.. busy, using {wanted}")
    t0 = time.monotonic()
    try:
        if args.nodes == 1:
            cluster = start_single(
                d, port=wanted[0], heap=args.heap or "512m", timeout=args.timeout, detach=True
            )
        else:
            cluster = start_cluster(
                d,
                nodes=args.nodes,
                heap=args.heap or "384m",
                ports=wanted,
                timeout=args.timeout,
                detach=True,
            )
    except KafkaCtlError as exc:
        _say(f"start failed: {exc}")
        return EXIT_FAIL
    _say(f"{args.nodes} node(s) ready in {time.monotonic() - t0:.1f}s; logs: {d}/node-*/broker.log")
    print(cluster.bootstrap)
    return EXIT_OK


def _cmd_down(args: argparse.Namespace) -> int:
    d = Path(args.dir).resolve()
    if not (d / STATE_FILE).exists():
        _say(f"nothing to stop (no {STATE_FILE} in {d})")
        return EXIT_OK
    cluster = Cluster.from_state(d)
    cluster.stop(timeout=args.timeout)
    left = cluster.running_nodes()
    if left:
        _say(f"still running: {[n.pid for n in left]}")
        return EXIT_FAIL
    (d / STATE_FILE).unlink()
    _say("stopped")
    return EXIT_OK


def _cmd_status(args: argparse.Namespace) -> int:
    d = Path(args.dir).resolve()
    if not (d / STATE_FILE).exists():
        print("not running")
        return EXIT_FAIL
    cluster = Cluster.from_state(d)
    alive = cluster.running_nodes()
    if not alive:
        print(f"not running (stale state in {d})")
        return EXIT_FAIL
    degraded = len(alive) != len(cluster.nodes)
    print(f"running: bootstrap={cluster.bootstrap} cluster_id={cluster.cluster_id}")
    for n in cluster.nodes:
        if not n.is_running():
            print(f"  node {n.node_id}: port {n.port} NOT RUNNING")
            continue
        try:
            md = probe(HOST, n.port)
            answer = f"probe ok, brokers {sorted(md.broker_ids)}, controller {md.controller_id}"
        except ProbeError as exc:
            answer = f"probe FAILED: {exc}"
            degraded = True
        print(f"  node {n.node_id}: port {n.port} pid {n.pid} {answer}")
    return EXIT_DEGRADED if degraded else EXIT_OK


def _cmd_fetch(args: argparse.Namespace) -> int:
    try:
        lib = fetch_jars(force=args.force)
    except KafkaCtlError as exc:
        _say(str(exc))
        return EXIT_FAIL
    print(f"kafka {kafka_version()}: {lib}")
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="kafkactl.py",
        description="Run a local Apache Kafka (KRaft) broker or 3-node cluster.",
        epilog="exit codes: 0 ok, 1 failed/not running, 2 usage, 3 running but degraded (status)",
    )
    sub = parser.add_subparsers(dest="cmd", required=True)

    def add_dir(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--dir",
            default=str(DEFAULT_CLI_DIR),
            help="cluster directory (default: .kafka/ at the repo root)",
        )

    up = sub.add_parser("up", help="start in the background and print the bootstrap address")
    add_dir(up)
    up.add_argument("--nodes", type=int, choices=(1, 3), default=1)
    up.add_argument(
        "--port",
        type=int,
        help="broker port (3 nodes: first of 3 consecutive); default 9092 if free",
    )
    up.add_argument("--heap", help="JVM heap per node (default 512m single, 384m cluster)")
    up.add_argument("--timeout", type=float, default=DEFAULT_START_TIMEOUT)
    up.set_defaults(func=_cmd_up)

    down = sub.add_parser("down", help="stop what the state file names")
    add_dir(down)
    down.add_argument("--timeout", type=float, default=DEFAULT_STOP_TIMEOUT)
    down.set_defaults(func=_cmd_down)

    status = sub.add_parser("status", help="running or not, bootstrap, probe answer")
    add_dir(status)
    status.set_defaults(func=_cmd_status)

    fetch = sub.add_parser("fetch", help="only fetch the jars into deploy/kafka/lib/")
    fetch.add_argument("--force", action="store_true", help="fetch even if lib/ looks complete")
    fetch.set_defaults(func=_cmd_fetch)

    args = parser.parse_args(argv)
    func: Callable[[argparse.Namespace], int] = args.func
    return func(args)


if __name__ == "__main__":
    sys.exit(main())
