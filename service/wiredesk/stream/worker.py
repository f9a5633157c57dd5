"""``wiredesk worker``: load once, wait for the broker, then run the Faust worker.

Start-up order, and why:
1. settings validated (a bad or unknown variable stops here with its name); the web
   port checked free (a busy port stops here, not after the model has loaded); with the
   story keeper on, a state folder claimed (:mod:`.statedir`: ``WIREDESK_DATA_DIR``, or its sibling
   ``-2``, ``-3``, ... when another worker holds it);
2. reference tables and the NLP model loaded once for the process;
3. until the broker answers and the topics exist, a small web server answers
   ``/healthz`` (alive), ``/readyz`` (503, not ready) and ``/metrics`` on the worker's
   port, retrying with backoff: no story is touched, so none can be dead-lettered
   for the broker's absence;
4. the Faust worker takes over the same port and the same metrics registry.
SIGTERM stops the agent, commits what was processed and exits.
"""

from __future__ import annotations

import asyncio
import errno
import logging
import socket
import time

import faust
from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest

from wiredesk import logs
from wiredesk.metrics import ServiceMetrics
from wiredesk.resources import load_resources
from wiredesk.settings import Settings, SettingsError
from wiredesk.stream import statedir
from wiredesk.stream.app import create_app
from wiredesk.stream.kafka import wait_until_ready
from wiredesk.stream.views import HEALTH, WorkerState, readiness

log = logging.getLogger(__name__)


async def _serve_until_broker_ready(
    settings: Settings, registry: CollectorRegistry, state: WorkerState
) -> None:
    async def healthz(request: web.Request) -> web.Response:
        return web.json_response(HEALTH)

    async def readyz(request: web.Request) -> web.Response:
        body, status = readiness(state)
        return web.json_response(body, status=status)

    async def metrics(request: web.Request) -> web.Response:
        return web.Response(
            body=generate_latest(registry), headers={"Content-Type": CONTENT_TYPE_LATEST}
        )

    server = web.Application()
    server.add_routes(
        [web.get("/healthz", healthz), web.get("/readyz", readyz), web.get("/metrics", metrics)]
    )
    runner = web.AppRunner(server)
    await runner.setup()
    site = web.TCPSite(runner, settings.web_host, settings.web_port, reuse_address=True)
    await site.start()
    state.waiting_for = "waiting for the broker"
    try:
        await wait_until_ready(settings, on_error=lambda why: setattr(state, "waiting_for", why))
    finally:
        state.waiting_for = None
        await runner.cleanup()


class PortInUseError(SettingsError):
    """The web port cannot be bound: start-up stops, as for a bad setting."""


def check_port(settings: Settings) -> None:
    """Bind the web port once and let it go, so that a busy port is one line at start-up
    rather than a traceback after the model has loaded. (Another process may still take
    the port in between; the check is for the usual case, a second worker on one host.)"""
    host, port = settings.web_host, settings.web_port
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except OSError as exc:
        raise PortInUseError(f"WIREDESK_WEB_HOST: cannot listen on {host!r}: {exc}") from exc
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the servers do
        try:
            probe.bind(address)
        except OSError as exc:
            why = (
                "is in use"
                if exc.errno == errno.EADDRINUSE
                else f"cannot be bound ({exc.strerror})"
            )
            raise PortInUseError(
                f"WIREDESK_WEB_PORT: port {port} on {host} {why}: another worker or "
                "program listens there; stop it or give this worker another port"
            ) from exc


def claim_state_dir(settings: Settings) -> Settings:
    """The settings with the keeper's own state folder (held until the process ends)."""
    if not settings.lifecycle:
        return settings
    claimed = statedir.claim(settings.data_dir)
    if claimed.is_wanted:
        log.info("story keeper on; its state folder is %s", claimed.path)
    else:
        log.info(
            "story keeper on; its state folder %s is held by another worker (pid %s), so "
            "this worker keeps its state in %s",
            claimed.wanted, statedir.holder(claimed.wanted) or "unknown", claimed.path,
        )  # fmt: skip
    return settings.model_copy(update={"data_dir": str(claimed.path)})


def coded_topic_line(settings: Settings) -> str:
    """The start-up line that says whether the coded-events topic is written."""
    if settings.lifecycle:
        return (
            f"coded events: each live story's events to {settings.coded_topic} (compacted, "
            "retracted by tombstones when a version drops them or the story is killed)"
        )
    return (
        f"coded events: {settings.coded_topic} is not written: WIREDESK_LIFECYCLE is off, and "
        "without the story keeper no event could be retracted (each record on "
        f"{settings.output_topic} still carries its events)"
    )


def run_worker(settings: Settings) -> None:
    logs.configure(settings.log_level)
    check_port(settings)
    settings = claim_state_dir(settings)
    log.info("%s", coded_topic_line(settings))
    registry = CollectorRegistry()
    metrics = ServiceMetrics.create(registry)
    state = WorkerState()

    started = time.perf_counter()
    resources = load_resources(
        settings.model,
        max_story_bytes=settings.max_story_bytes,
        languages=settings.language_codes,
    )
    metrics.model_load_seconds.set(time.perf_counter() - started)
    state.model_loaded = True
    log.info("model %s and reference tables loaded in %.2fs (NER for %s)", settings.model,
             time.perf_counter() - started, settings.languages or "no language")  # fmt: skip

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    loop.run_until_complete(_serve_until_broker_ready(settings, registry, state))
    log.info("broker %s reachable; starting the Faust worker", settings.bootstrap_servers)

    app = create_app(settings, resources, registry, metrics, state)
    worker = faust.Worker(
        app,
        loop=loop,
        loglevel=settings.log_level,
        redirect_stdouts=False,
        override_logging=False,
        quiet=True,
    )
    # Faust's start-up spinner writes terminal codes (cursor hide/show) and "OK ^" even
    # when standard output is a file or a pipe; the log says "Ready" instead.
    worker.spinner = None
    worker.execute_from_commandline()
