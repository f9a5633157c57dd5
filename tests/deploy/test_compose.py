"""deploy/compose.yml and deploy/.env.example, cross-checked against the code and the other
deployment files (yamllint checks the syntax in make lint; there is no Docker engine here
to run the stack)."""

from __future__ import annotations

import base64
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.deploy.conftest import BuiltWorker
from tests.deploy.manifests import (
    DEPLOY,
    GRAFANA,
    IN_CI,
    PROMETHEUS,
    SCRAPE_JOB,
    load_yaml,
    settings_default,
    settings_from_variables,
    settings_variables,
)

COMPOSE = DEPLOY / "compose.yml"
ENV_EXAMPLE = DEPLOY / ".env.example"
WORKERS = ("worker-1", "worker-2")
INTERPOLATION = re.compile(r"(?<!\$)\$\{(\w+)(?::?-([^}]*))?\}")


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    data: dict[str, Any] = load_yaml(COMPOSE)
    return data


@pytest.fixture(scope="module")
def services(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    services: dict[str, dict[str, Any]] = compose["services"]
    return services


def env_example() -> dict[str, str]:
    values = {}
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    return values


def interpolate(value: Any) -> str:
    """A compose value with every ${VAR:-default} replaced by its default."""
    return INTERPOLATION.sub(lambda m: m.group(2) or "", str(value))


def environment(service: dict[str, Any]) -> dict[str, str]:
    env = service.get("environment", {})
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return {key: interpolate(value) for key, value in env.items()}


def published(service: dict[str, Any]) -> dict[int, int]:
    """container port -> host port, for "[ip:]host:container" entries."""
    ports = {}
    for entry in service.get("ports", []):
        parts = interpolate(entry).split(":")
        ports[int(parts[-1])] = int(parts[-2])
    return ports


def test_the_stack_has_its_seven_services(services: dict[str, dict[str, Any]]) -> None:
    assert set(services) == {
        "kafka",
        "kafka-init",
        *WORKERS,
        "prometheus",
        "alertmanager",
        "grafana",
    }


def test_kafka_is_one_official_kraft_node(services: dict[str, dict[str, Any]]) -> None:
    kafka = services["kafka"]
    assert interpolate(kafka["image"]).startswith("apache/kafka:")
    env = environment(kafka)
    assert env["KAFKA_PROCESS_ROLES"] == "broker,controller"
    assert env["KAFKA_CONTROLLER_QUORUM_VOTERS"] == f"{env['KAFKA_NODE_ID']}@kafka:9093"
    # a KRaft cluster id is a base64url UUID: 16 bytes
    cluster_id = env["CLUSTER_ID"]
    assert len(base64.urlsafe_b64decode(cluster_id + "==")) == 16
    for key in (
        "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR",
        "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR",
        "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR",
        "KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR",
        "KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR",
    ):
        assert env[key] == "1", f"{key}: a single node cannot hold more replicas"
    assert "healthcheck" in kafka


def test_workers_reach_kafka_on_an_advertised_listener(services: dict[str, dict[str, Any]]) -> None:
    kafka = environment(services["kafka"])
    advertised = dict(item.split("://") for item in kafka["KAFKA_ADVERTISED_LISTENERS"].split(","))
    listeners = dict(item.split("://") for item in kafka["KAFKA_LISTENERS"].split(","))
    for name in (*WORKERS, "kafka-init"):
        broker = environment(services[name])["WIREDESK_BROKER"]
        assert broker in advertised.values(), f"{name}: {broker} is not an advertised listener"
        listener = next(k for k, v in advertised.items() if v == broker)
        assert listeners[listener].endswith(":" + broker.rsplit(":", 1)[1])
    # the host listener is the published port
    host = advertised["HOST"]
    assert published(services["kafka"])[int(listeners["HOST"].rsplit(":", 1)[1])] == int(
        host.rsplit(":", 1)[1]
    )


def test_every_wiredesk_variable_is_a_setting(services: dict[str, dict[str, Any]]) -> None:
    known = settings_variables()
    used = {key for service in services.values() for key in environment(service)}
    used |= {m.group(1) for m in INTERPOLATION.finditer(COMPOSE.read_text(encoding="utf-8"))}
    used |= set(env_example())
    wiredesk = {name for name in used if name.startswith("WIREDESK_")}
    assert wiredesk, "compose configures the workers through WIREDESK_* variables"
    assert wiredesk <= known, f"not in service/wiredesk/settings.py: {sorted(wiredesk - known)}"


def test_defaults_equal_the_service_defaults() -> None:
    """Without a .env file the stack runs with the service's own defaults, and
    .env.example shows those same values."""
    for match in INTERPOLATION.finditer(COMPOSE.read_text(encoding="utf-8")):
        name, default = match.group(1), match.group(2)
        if name.startswith("WIREDESK_"):
            assert default == str(settings_default(name)), name
    for name, value in env_example().items():
        if name.startswith("WIREDESK_"):
            assert value == str(settings_default(name)), name


def test_env_example_documents_exactly_the_variables_compose_reads() -> None:
    read = {m.group(1) for m in INTERPOLATION.finditer(COMPOSE.read_text(encoding="utf-8"))}
    documented = set(env_example())
    assert read == documented


def test_workers_get_a_valid_configuration(services: dict[str, dict[str, Any]]) -> None:
    client_ids = set()
    for name in WORKERS:
        settings = settings_from_variables(environment(services[name]))
        client_ids.add(settings.client_id)
        assert settings.security_protocol == "PLAINTEXT"
    assert len(client_ids) == len(WORKERS), "each worker has its own client id"
    topics = {
        (s.input_topic, s.output_topic, s.dlq_topic, s.consumer_group)
        for s in (settings_from_variables(environment(services[n])) for n in WORKERS)
    }
    assert len(topics) == 1, "both workers are one consumer group on the same topics"
    for name in WORKERS:  # the story keeper runs, so every record gets its lifecycle
        assert settings_from_variables(environment(services[name])).lifecycle


def test_the_topic_initialiser_creates_the_workers_topics(
    services: dict[str, dict[str, Any]],
) -> None:
    init = services["kafka-init"]
    assert init["depends_on"]["kafka"]["condition"] == "service_healthy"
    worker_env = environment(services["worker-1"])
    init_env = environment(init)
    script = " ".join(init["command"])
    topics = ("WIREDESK_INPUT_TOPIC", "WIREDESK_OUTPUT_TOPIC", "WIREDESK_DLQ_TOPIC",
              "WIREDESK_STORIES_TOPIC", "WIREDESK_CODED_TOPIC")  # fmt: skip
    for variable in topics:
        assert f"$${variable}" in script, variable
        assert init_env[variable] == worker_env[variable]
    commands = script.replace("\\\n", " ").splitlines()  # one line per shell command
    compacted = next(c for c in commands if '"$$WIREDESK_CODED_TOPIC"' in c)
    assert '"$$WIREDESK_STORIES_TOPIC"' in compacted, "one loop creates both compacted topics"
    loop = commands[commands.index(compacted) : commands.index(compacted) + 3]
    assert any("--config cleanup.policy=compact" in c for c in loop), "both are compacted"
    assert '--partitions "$$WIREDESK_TOPIC_PARTITIONS"' in script
    assert "--if-not-exists" in script, "re-running the stack must not fail on existing topics"
    for name in WORKERS:
        condition = services[name]["depends_on"]["kafka-init"]["condition"]
        assert condition == "service_completed_successfully"


def test_worker_ports_are_the_web_port_and_prometheus_scrapes_them(
    services: dict[str, dict[str, Any]], built_worker: BuiltWorker
) -> None:
    targets = set()
    host_ports = set()
    for name in WORKERS:
        service = services[name]
        port = int(environment(service)["WIREDESK_WEB_PORT"])
        assert port in published(service), f"{name} publishes its web port {port}"
        host_ports.add(published(service)[port])
        targets.add(f"{name}:{port}")
        assert service["build"]["context"] == ".." and (DEPLOY / ".." / "Dockerfile").exists()
        assert int(service["stop_grace_period"].rstrip("s")) >= 30
    assert len(host_ports) == len(WORKERS)
    assert "/metrics" in built_worker.web_paths
    scrape = load_yaml(PROMETHEUS / "prometheus.yml")
    (job,) = [j for j in scrape["scrape_configs"] if j["job_name"] == SCRAPE_JOB]
    assert job.get("metrics_path", "/metrics") == "/metrics"
    assert {t for sc in job["static_configs"] for t in sc["targets"]} == targets


def _mounts(service: dict[str, Any]) -> dict[str, Path]:
    """container path -> host path, for bind mounts relative to deploy/."""
    mounts = {}
    for volume in service.get("volumes", []):
        source, target = volume.split(":")[:2]
        if source.startswith("."):
            mounts[target] = (DEPLOY / source).resolve()
    return mounts


def test_prometheus_loads_the_project_config_and_rules(services: dict[str, dict[str, Any]]) -> None:
    service = services["prometheus"]
    mounts = _mounts(service)
    config_arg = next(a for a in service["command"] if a.startswith("--config.file="))
    config_path = config_arg.split("=", 1)[1]
    assert mounts[config_path] == (PROMETHEUS / "prometheus.yml").resolve()
    config = load_yaml(PROMETHEUS / "prometheus.yml")
    container_dir = Path(config_path).parent
    for rule_file in config["rule_files"]:
        in_container = container_dir / rule_file
        host = next(
            mounts[target] / in_container.relative_to(target)
            for target in mounts
            if in_container.is_relative_to(target) and target != config_path
        )
        assert host.is_file(), f"{rule_file} is not mounted from the project"
    assert 9090 in published(service)


def test_grafana_is_provisioned_with_the_datasource_and_dashboard(
    services: dict[str, dict[str, Any]],
) -> None:
    service = services["grafana"]
    mounts = _mounts(service)
    assert mounts["/etc/grafana/provisioning"] == (GRAFANA / "provisioning").resolve()
    providers = load_yaml(GRAFANA / "provisioning" / "dashboards" / "wiredesk.yml")["providers"]
    (provider,) = providers
    dashboards_dir = provider["options"]["path"]
    assert mounts[dashboards_dir] == (GRAFANA / "dashboards").resolve()
    assert (GRAFANA / "dashboards" / "wiredesk.json").is_file()
    home = environment(service)["GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"]
    assert Path(home).parent == Path(dashboards_dir)
    assert (GRAFANA / "dashboards" / Path(home).name).is_file()

    (datasource,) = load_yaml(GRAFANA / "provisioning" / "datasources" / "prometheus.yml")[
        "datasources"
    ]
    assert datasource["type"] == "prometheus"
    prometheus_port = next(iter(published(services["prometheus"])))
    assert datasource["url"] == f"http://prometheus:{prometheus_port}"
    scrape_interval = load_yaml(PROMETHEUS / "prometheus.yml")["global"]["scrape_interval"]
    assert datasource["jsonData"]["timeInterval"] == scrape_interval


ALERTMANAGER = DEPLOY / "alertmanager" / "alertmanager.yml"


def test_prometheus_sends_its_alerts_to_the_stacks_alertmanager(
    services: dict[str, dict[str, Any]],
) -> None:
    service = services["alertmanager"]
    mounts = _mounts(service)
    config_arg = next(a for a in service["command"] if a.startswith("--config.file="))
    assert mounts[config_arg.split("=", 1)[1]] == ALERTMANAGER.resolve()
    assert 9093 in published(service)
    config = load_yaml(PROMETHEUS / "prometheus.yml")
    [alertmanagers] = config["alerting"]["alertmanagers"]
    assert alertmanagers["static_configs"][0]["targets"] == ["alertmanager:9093"]
    assert "alertmanager" in services["prometheus"]["depends_on"]


def test_every_alert_reaches_the_receiver_a_person_changes() -> None:
    config = load_yaml(ALERTMANAGER)
    receivers = {r["name"] for r in config["receivers"]}
    route = config["route"]
    assert route["receiver"] == "on-call"
    assert {r["receiver"] for r in route.get("routes", [])} <= receivers
    assert "on-call" in receivers
    # The file says where to put the team's own e-mail or webhook.
    assert "The receiver to change is `on-call`" in ALERTMANAGER.read_text(encoding="utf-8")


@pytest.mark.skipif(
    shutil.which("amtool") is None and not IN_CI,
    reason="amtool not installed (Debian: apt-get install prometheus-alertmanager)",
)
def test_amtool_accepts_the_alertmanager_config() -> None:
    done = subprocess.run(
        ["amtool", "check-config", str(ALERTMANAGER)],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "SUCCESS" in done.stdout
