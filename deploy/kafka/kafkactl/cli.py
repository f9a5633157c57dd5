"""The command line: ``python3 deploy/kafka/kafkactl up|down|status|fetch``.

``fetch`` and ``down`` need only the standard library; ``up`` and ``status`` probe the
brokers with aiokafka, so run them with the project's virtual environment.
"""

from __future__ import annotations

import argparse
import logging
import time
from collections.abc import Callable
from pathlib import Path

from .cluster import STATE_FILE, Cluster, start_cluster, start_single
from .jars import REPO_ROOT, KafkaCtlError, fetch_jars, kafka_version, say
from .node import (
    DEFAULT_START_TIMEOUT,
    DEFAULT_STOP_TIMEOUT,
    HOST,
    ProbeError,
    free_ports,
    port_is_free,
    probe,
    probe_unavailable,
)

DEFAULT_CLI_DIR = REPO_ROOT / ".kafka"

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
    why = probe_unavailable()
    if why is not None:
        say(why)
        return EXIT_FAIL
    d = Path(args.dir).resolve()
    if (d / STATE_FILE).exists():
        old = Cluster.from_state(d)
        if old.running_nodes():
            if len(old.nodes) == args.nodes:
                say(f"already running in {d}")
                print(old.bootstrap)
                return EXIT_OK
            say(f"a {len(old.nodes)}-node cluster already runs in {d}; run `down` first")
            return EXIT_FAIL
    d.mkdir(parents=True, exist_ok=True)
    _mark_ignored(d)
    base = args.port if args.port is not None else 9092
    wanted = [base + i for i in range(args.nodes)]
    if not all(port_is_free(p) for p in wanted):
        if args.port is not None:
            say(f"port(s) {wanted} not free")
            return EXIT_FAIL
        wanted = free_ports(args.nodes)
        say(f"9092.. busy, using {wanted}")
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
        say(f"start failed: {exc}")
        return EXIT_FAIL
    say(f"{args.nodes} node(s) ready in {time.monotonic() - t0:.1f}s; logs: {d}/node-*/broker.log")
    print(cluster.bootstrap)
    return EXIT_OK


def _cmd_down(args: argparse.Namespace) -> int:
    d = Path(args.dir).resolve()
    if not (d / STATE_FILE).exists():
        say(f"nothing to stop (no {STATE_FILE} in {d})")
        return EXIT_OK
    cluster = Cluster.from_state(d)
    cluster.stop(timeout=args.timeout)
    left = cluster.running_nodes()
    if left:
        say(f"still running: {[n.pid for n in left]}")
        return EXIT_FAIL
    (d / STATE_FILE).unlink()
    say("stopped")
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
        say(str(exc))
        return EXIT_FAIL
    print(f"kafka {kafka_version()}: {lib}")
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="kafkactl",
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
    # aiokafka logs every refused connection while a starting broker is probed.
    logging.getLogger("aiokafka").setLevel(logging.CRITICAL)
    func: Callable[[argparse.Namespace], int] = args.func
    return func(args)
