"""One broker node: its JVM process, its readiness, and loopback ports.

Readiness is asked with aiokafka (the project's own Kafka client, in its virtual
environment): a Metadata request over a connection to the node itself. It is imported
only when a node is probed, so fetching jars and stopping nodes need no more than the
standard library.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Collection, Coroutine
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from .jars import LOG4J_CONFIG, KafkaCtlError, classpath, fetch_jars, java, say

T = TypeVar("T")

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
# Readiness: a Metadata request with aiokafka
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

    @property
    def broker_ids(self) -> frozenset[int]:
        return frozenset(b.node_id for b in self.brokers)


def _run(coro: Coroutine[Any, Any, T]) -> T:
    """Run ``coro`` to its end from synchronous code, also when this thread already runs
    an event loop (then in a thread of its own)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="kafkactl-probe") as pool:
        return pool.submit(asyncio.run, coro).result()


NO_PROBE = (
    "the readiness probe needs aiokafka, which {python} cannot import: run kafkactl with "
    "the project's virtual environment (make dev, then .venv/bin/python deploy/kafka/kafkactl "
    "up), or use make kafka-up"
)


def probe_unavailable() -> str | None:
    """Why this Python cannot probe a broker (no aiokafka), or None when it can. Asked
    before a broker starts: without it, ``up`` would wait its whole timeout in silence."""
    import importlib.util
    import sys

    if importlib.util.find_spec("aiokafka") is None:
        return NO_PROBE.format(python=sys.executable)
    return None


def probe(host: str, port: int, timeout: float = 3.0) -> ClusterMetadata:
    """Ask one broker for cluster metadata (brokers, controller, cluster id) over a
    connection of aiokafka's to that broker alone. Raises ProbeError.

    Not ``AIOKafkaAdminClient.describe_cluster()``: it sends its request to a random
    broker of the cluster, and readiness is about the node asked.
    """
    try:
        from aiokafka.conn import create_conn
        from aiokafka.errors import KafkaError
        from aiokafka.protocol.metadata import MetadataRequest
    except ImportError as exc:
        raise ProbeError(
            "the readiness probe needs aiokafka: run kafkactl with the project's virtual "
            "environment (make dev, then .venv/bin/python)"
        ) from exc

    async def ask() -> Any:
        conn = await create_conn(
            host, port, client_id="kafkactl-probe", request_timeout_ms=int(timeout * 1000)
        )
        try:
            return await conn.send(MetadataRequest([]))  # no topics: brokers and controller
        finally:
            conn.close()

    async def bounded() -> Any:
        return await asyncio.wait_for(ask(), timeout)

    try:
        answer = _run(bounded())
    except (TimeoutError, KafkaError, OSError) as exc:
        raise ProbeError(f"{host}:{port}: {exc!r}") from exc
    brokers = tuple(BrokerInfo(int(b[0]), str(b[1]), int(b[2])) for b in answer.brokers)
    cluster_id = getattr(answer, "cluster_id", None)
    return ClusterMetadata(brokers, int(getattr(answer, "controller_id", -1)), cluster_id)


# --------------------------------------------------------------------------
# Processes
# --------------------------------------------------------------------------

# Nodes started (not detached) by this interpreter: stopped at exit so that a
# test run that forgets to stop a broker leaves no JVM behind.
_LIVE_NODES: set[Node] = set()


@atexit.register
def _stop_leftover_nodes() -> None:
    with contextlib.suppress(Exception):
        stop_nodes(list(_LIVE_NODES), timeout=15.0)


def stop_nodes(
    nodes: Collection[Node],
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
                say(f"node {n.node_id} still shutting down; sending SIGKILL")
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
    proc: subprocess.Popen[bytes] | None = field(default=None, repr=False)
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
            java(),
            f"-Xmx{self.heap}",
            f"-Xms{self.heap}",
            *JVM_FLAGS,
            f"-Dlog4j2.configurationFile={LOG4J_CONFIG}",
            "-cp",
            classpath(),
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
            say(f"node {self.node_id} ignored SIGTERM for {timeout:.0f}s; sending SIGKILL")
            self.kill()
        _LIVE_NODES.discard(self)

    def restart(
        self, timeout: float = DEFAULT_START_TIMEOUT, expect_brokers: Collection[int] = ()
    ) -> None:
        """Clean stop (if running) and start again with the same config and data."""
        self.stop()
        self.start(timeout=timeout, expect_brokers=expect_brokers)
