"""A real Prometheus (Debian's `prometheus` package) on loopback, configured from the
project's own deploy/prometheus/prometheus.yml and rules, scraping a real worker that
processes the seed stories: the metrics arrive with the right numbers, every recording
and alerting rule evaluates without error, and every query of the Grafana dashboard
returns data.

Outside CI the test skips when the `prometheus` binary is missing; in CI (CI=true) it
fails instead, like the broker fixtures do.
"""

from __future__ import annotations

import json
import math
import signal
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from prometheus_client import CollectorRegistry

from tests.conftest import SEED_DOCUMENTS, SEEDS
from tests.deploy.manifests import (
    PROMETHEUS,
    SCRAPE_JOB,
    alerting_rules,
    exported_sample_names,
    load_dashboard,
    load_yaml,
    recording_rules,
    render_grafana_expr,
    require_binary,
)
from tests.integration.conftest import (
    Topics,
    free_port,
    produce,
    wiredesk_cli,
    worker_env,
)
from wiredesk.metrics import ServiceMetrics

pytestmark = pytest.mark.integration

SEED_FILES = SEED_DOCUMENTS  # what `publish seeds/` sends: text seeds and format documents
# Dead-lettered on purpose, so that the dead-letter series and panels have data.
BAD_INPUTS: list[tuple[bytes | None, bytes | None, list[tuple[str, bytes]]]] = [
    (b"bad-empty", b"", []),
    (b"bad-json", b'{"text": "unterminated', []),
    (b"bad-binary", bytes(range(1, 32)) * 8, []),
]
BAD_CODES = {"empty_story", "invalid_json", "binary_content"}
# What Grafana would substitute. The whole test runs within two minutes of Prometheus's
# start, so a 2m rate window always spans the stories processed.
GRAFANA_VALUES = {
    "job": SCRAPE_JOB,
    "instance": ".*",  # the "All" value of the instance variable
    "__rate_interval": "2m",
    "__interval": "15s",
    "__range": "5m",
}


@dataclass
class Prometheus:
    url: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def api(self, path: str, **params: str) -> Any:
        query = urllib.parse.urlencode(params)
        with urllib.request.urlopen(f"{self.url}/api/v1/{path}?{query}", timeout=10) as r:
            body = json.loads(r.read())
        assert body["status"] == "success", body
        return body["data"]

    def query(self, expr: str) -> list[dict[str, Any]]:
        data = self.api("query", query=expr)
        assert data["resultType"] == "vector", (expr, data["resultType"])
        result: list[dict[str, Any]] = data["result"]
        return result

    def value(self, expr: str) -> float | None:
        """The single value of an aggregating query, or None while it has no result."""
        result = self.query(expr)
        return float(result[0]["value"][1]) if result else None

    def log_tail(self, lines: int = 30) -> str:
        text = self.log_path.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])


def wait_for(what: str, check: Callable[[], bool], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.5)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def scrape_config(targets: list[str]) -> dict[str, Any]:
    """deploy/prometheus/prometheus.yml with the worker on loopback as its only target,
    1-second intervals, and the rule files by absolute path. Everything else as shipped."""
    config: dict[str, Any] = load_yaml(PROMETHEUS / "prometheus.yml")
    config["global"].update(scrape_interval="1s", scrape_timeout="1s", evaluation_interval="1s")
    config["rule_files"] = [str((PROMETHEUS / f).resolve()) for f in config["rule_files"]]
    (job,) = [j for j in config["scrape_configs"] if j["job_name"] == SCRAPE_JOB]
    job["static_configs"] = [{"targets": targets}]
    return config


@pytest.fixture(scope="session")
def prometheus_binary() -> str:
    """Checked before the broker starts, so that a machine without it skips at once."""
    return require_binary("prometheus", "the real-Prometheus integration test needs the server")


@pytest.fixture
def start_prometheus(
    prometheus_binary: str, tmp_path: Path
) -> Iterator[Callable[[dict[str, Any]], Prometheus]]:
    binary = prometheus_binary
    started: list[Prometheus] = []

    def start(config: dict[str, Any]) -> Prometheus:
        config_path = tmp_path / "prometheus.yml"
        config_path.write_text(yaml.safe_dump(config), encoding="utf-8")
        port = free_port()
        log_path = tmp_path / "prometheus.log"
        process = subprocess.Popen(
            [
                binary,
                f"--config.file={config_path}",
                f"--storage.tsdb.path={tmp_path / 'tsdb'}",
                f"--web.listen-address=127.0.0.1:{port}",
                "--log.level=warn",
            ],
            cwd=tmp_path,
            stdout=log_path.open("ab"),
            stderr=subprocess.STDOUT,
        )
        server = Prometheus(f"http://127.0.0.1:{port}", process, log_path)
        started.append(server)

        def ready() -> bool:
            assert process.poll() is None, f"prometheus exited:\n{server.log_tail()}"
            try:
                with urllib.request.urlopen(f"{server.url}/-/ready", timeout=2) as r:
                    return bool(r.status == 200)
            except (OSError, urllib.error.URLError):
                return False

        wait_for("Prometheus to be ready", ready, timeout=30)
        return server

    yield start
    for server in started:
        if server.process.poll() is None:
            server.process.send_signal(signal.SIGTERM)
            try:
                server.process.wait(15)
            except subprocess.TimeoutExpired:
                server.process.kill()
                server.process.wait(5)


# Panels only a worker running the story keeper feeds. This test's worker runs without it
# unless WIREDESK_TEST_LIFECYCLE says otherwise (the counts above are stage 1's alone), so
# their queries must evaluate but may be empty.
KEEPER_PANELS = {"Story keeper lag"}


def _finite(result: list[dict[str, Any]]) -> bool:
    return any(math.isfinite(float(sample["value"][1])) for sample in result)


def test_prometheus_scrapes_the_worker_and_every_rule_and_panel_has_data(
    prometheus_binary: str,
    bootstrap: str,
    topics: Topics,
    make_worker: Any,
    start_prometheus: Callable[[dict[str, Any]], Prometheus],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Faust keeps a state folder in the worker's working directory: keep it out of the repo.
    monkeypatch.chdir(tmp_path)
    env = worker_env(bootstrap, topics, languages=None)  # the seeds' languages, all served
    worker = make_worker(env)
    target = f"127.0.0.1:{worker.web_port}"
    prometheus = start_prometheus(scrape_config([target]))
    worker.wait_ready()
    wait_for(
        "Prometheus to scrape the worker",
        lambda: prometheus.value(f'up{{job="{SCRAPE_JOB}"}}') == 1.0,
        timeout=30,
    )

    # Two rounds of the seed stories plus a few bad records. Labelled counters appear at
    # their first value, so the second round is what gives every rate() an increase.
    per_round = len(SEED_FILES) + len(BAD_INPUTS)
    for round_number in (1, 2):
        published = wiredesk_cli(env, "publish", str(SEEDS))
        assert published.returncode == 0, published.stderr.decode()
        produce(bootstrap, topics.raw, BAD_INPUTS)
        wait_for(
            f"round {round_number} to be consumed and scraped",
            lambda n=round_number: prometheus.value(
                f'sum(wiredesk_stories_consumed_total{{job="{SCRAPE_JOB}"}})'
            ) == n * per_round,
            timeout=90,
        )  # fmt: skip

    # -- the service's metrics arrive, with the numbers the topics hold
    def total(expr: str) -> float | None:
        return prometheus.value(f'sum({expr}{{job="{SCRAPE_JOB}"}})')

    wait_for(
        "every record to end as an event or a dead letter",
        lambda: (
            total("wiredesk_events_produced_total") == 2 * len(SEED_FILES)
            and total("wiredesk_dead_letters_total") == 2 * len(BAD_INPUTS)
        ),
    )
    by_code = {
        r["metric"]["code"]: float(r["value"][1])
        for r in prometheus.query(f'wiredesk_dead_letters_total{{job="{SCRAPE_JOB}"}}')
    }
    # Every story error code is exported from the start (at 0), so rate() sees a first one.
    assert {code: n for code, n in by_code.items() if n} == dict.fromkeys(BAD_CODES, 2.0)
    assert set(by_code) >= {"empty_story", "invalid_utf8", "pipeline_failed"}
    assert total("wiredesk_end_to_end_seconds_count") == 2 * len(SEED_FILES)
    assert total("wiredesk_ready") == 1.0
    assert (total("faust_messages_received_total") or 0) >= 2 * per_round
    assert (total("faust_rebalance_done_latency_count") or 0) >= 1, "the worker joined its group"

    registry = CollectorRegistry()
    ServiceMetrics.create(registry)
    for name in sorted(exported_sample_names(registry)):
        series = prometheus.query(f'{name}{{job="{SCRAPE_JOB}", instance="{target}"}}')
        assert series, f"{name} was not ingested"
    wait_for(
        "the consumer lag to return to zero",
        lambda: prometheus.value(f'max(wiredesk_consumer_lag{{job="{SCRAPE_JOB}"}})') == 0.0,
        timeout=30,
    )

    # -- every rule evaluates without error on real data; every recording rule has a value
    rules = [r for g in prometheus.api("rules")["groups"] for r in g["rules"]]
    assert {r["name"] for r in rules} == {r["record"] for r in recording_rules()} | {
        r["alert"] for r in alerting_rules()
    }
    broken = {r["name"]: r.get("lastError") for r in rules if r["health"] != "ok"}
    assert not broken, f"rules failing on real data: {broken}"
    for rule in recording_rules():
        wait_for(
            f"recording rule {rule['record']}",
            lambda record=rule["record"]: _finite(prometheus.query(record)),
            timeout=20,
        )

    # Rules run on their own clock: wait for an evaluation that saw both rounds.
    def recorded(record: str) -> float:
        value = prometheus.value(f'{record}{{job="{SCRAPE_JOB}"}}')
        return math.nan if value is None else value

    wait_for(
        "the recorded rates to show both rounds",
        lambda: (
            recorded("job:wiredesk_stories_consumed:rate5m") > 0
            and 0 < recorded("job:wiredesk_dead_letters:ratio_rate5m") < 1
            and 0 < recorded("job:wiredesk_end_to_end_seconds:p99_5m") < 300
        ),
        timeout=20,
    )

    # -- every dashboard query returns data, and the variables list this worker
    dashboard = load_dashboard()
    keeper_on = env.get("WIREDESK_LIFECYCLE") == "true"
    assert {query.panel for query in dashboard.queries} >= KEEPER_PANELS
    empty = []
    for query in dashboard.queries:
        expr = render_grafana_expr(query.expr, GRAFANA_VALUES)
        result = prometheus.query(expr)  # every query evaluates, data or not
        if query.panel in KEEPER_PANELS and not keeper_on:
            continue  # fed only by a worker that runs the story keeper
        if not _finite(result):
            empty.append(f"{query.panel} [{query.ref_id}]: {expr}")
    assert not empty, "dashboard queries without data:\n" + "\n".join(empty)
    jobs = prometheus.api("label/job/values", **{"match[]": "wiredesk_ready"})
    assert SCRAPE_JOB in jobs
    instances = prometheus.api(
        "label/instance/values", **{"match[]": f'wiredesk_ready{{job="{SCRAPE_JOB}"}}'}
    )
    assert target in instances
    assert worker.alive(), worker.log_tail()
