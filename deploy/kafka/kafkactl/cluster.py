"""Clusters of nodes: build (properties, storage format), start, stop, state file.

One combined broker+controller (:func:`start_single`, a dynamic quorum of one) or
several with static voters (:func:`start_cluster`, RF 3 and min ISR 2 by default), with
an optional ``SASL_SSL`` listener (:class:`SecureListener`).
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import time
import uuid
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Self

from .jars import LOG4J_CONFIG, KafkaCtlError, classpath, fetch_jars, java, kafka_version
from .node import (
    DEFAULT_START_TIMEOUT,
    DEFAULT_STOP_TIMEOUT,
    HOST,
    Node,
    free_ports,
    stop_nodes,
)

STATE_FILE = "state.json"
# Marker written into every node directory we create: we only ever delete
# directories that carry it.
NODE_MARKER = ".kafkactl-node"

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


def _write_properties(path: Path, props: Mapping[str, str]) -> None:
    lines = ["# Written by kafkactl.py; regenerated on every fresh start."]
    lines += [f"{k}={v}" for k, v in props.items()]
    path.write_text("\n".join(lines) + "\n")


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
    def from_state(cls, data_dir: str | os.PathLike[str]) -> Cluster:
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
            java(),
            "-Xmx256m",
            "-XX:TieredStopAtLevel=1",
            f"-Dlog4j2.configurationFile={LOG4J_CONFIG}",
            "-cp",
            classpath(),
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
