"""deploy/k8s, cross-checked against the code and against each other. The built-in kinds are
validated against the Kubernetes schemas by kubernetes-validate (make lint); KEDA's
ScaledObject and TriggerAuthentication, which it has no schema for, are checked here."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.deploy.conftest import BuiltWorker
from tests.deploy.manifests import (
    K8S,
    PROMETHEUS,
    SCRAPE_JOB,
    k8s_objects,
    load_yaml,
    settings_from_variables,
    settings_variables,
)
from tests.deploy.test_dockerfile import DOCKERFILE, parse_dockerfile
from wiredesk.settings import Settings

NAME = "wiredesk"
SECRET = "wiredesk-kafka-sasl"
ALTERNATIVES = {"hpa.yaml", "secret.example.yaml"}  # applied by hand, never by kustomize


@pytest.fixture(scope="module")
def objects() -> dict[tuple[str, str], dict[str, Any]]:
    return k8s_objects()


@pytest.fixture(scope="module")
def deployment(objects: dict[tuple[str, str], dict[str, Any]]) -> dict[str, Any]:
    return objects[("Deployment", NAME)]


@pytest.fixture(scope="module")
def container(deployment: dict[str, Any]) -> dict[str, Any]:
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    c: dict[str, Any] = container
    return c


@pytest.fixture(scope="module")
def config(objects: dict[tuple[str, str], dict[str, Any]]) -> dict[str, str]:
    data: dict[str, str] = objects[("ConfigMap", NAME)]["data"]
    return data


@pytest.fixture(scope="module")
def settings(objects: dict[tuple[str, str], dict[str, Any]], config: dict[str, str]) -> Settings:
    """A pod's configuration: the ConfigMap plus the SASL Secret, validated as the worker does."""
    secret = objects[("Secret", SECRET)]["stringData"]
    return settings_from_variables({**config, **secret})


def _quantity(value: str) -> float:
    units = {"m": 1e-3, "Ki": 2**10, "Mi": 2**20, "Gi": 2**30}
    match = re.fullmatch(r"([\d.]+)(m|Ki|Mi|Gi)?", str(value))
    assert match, value
    return float(match.group(1)) * units.get(match.group(2) or "", 1)


def _port(container: dict[str, Any], ref: int | str) -> int:
    if isinstance(ref, int):
        return ref
    (port,) = [p["containerPort"] for p in container["ports"] if p["name"] == ref]
    number: int = port
    return number


def test_every_manifest_is_applied_by_kustomize_or_is_a_named_alternative() -> None:
    kustomization = load_yaml(K8S / "kustomization.yaml")
    resources = set(kustomization["resources"])
    files = {p.name for p in K8S.glob("*.yaml")} - {"kustomization.yaml"}
    assert resources <= files, f"missing: {resources - files}"
    assert files - resources == ALTERNATIVES
    assert "hpa.yaml" not in resources, "the HPA and KEDA's ScaledObject must not both scale"


def test_labels_and_selectors_agree(objects: dict[tuple[str, str], dict[str, Any]]) -> None:
    deployment = objects[("Deployment", NAME)]
    pod_labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert deployment["spec"]["selector"]["matchLabels"].items() <= pod_labels.items()
    assert objects[("Service", NAME)]["spec"]["selector"].items() <= pod_labels.items()
    pdb = objects[("PodDisruptionBudget", NAME)]
    assert pdb["spec"]["selector"]["matchLabels"].items() <= pod_labels.items()
    assert pdb["spec"].get("maxUnavailable") == 1 or pdb["spec"].get("minAvailable") == 1


def test_the_configmap_and_secret_make_a_valid_configuration(
    config: dict[str, str], settings: Settings
) -> None:
    assert set(config) <= settings_variables(), sorted(set(config) - settings_variables())
    assert settings.security_protocol.startswith("SASL")
    assert settings.sasl_username and settings.sasl_password


def test_the_pod_reads_only_wiredesk_settings(
    objects: dict[tuple[str, str], dict[str, Any]], container: dict[str, Any]
) -> None:
    names = {env["name"] for env in container.get("env", [])}
    for source in container["envFrom"]:
        if "configMapRef" in source:
            names |= set(objects[("ConfigMap", source["configMapRef"]["name"])]["data"])
        else:
            secret = objects[("Secret", source["secretRef"]["name"])]
            names |= set(secret["stringData"])
    assert names <= settings_variables(), sorted(names - settings_variables())
    secret_keys = set(objects[("Secret", SECRET)]["stringData"])
    assert secret_keys == {"WIREDESK_SASL_USERNAME", "WIREDESK_SASL_PASSWORD"}
    password_field = Settings.model_fields["sasl_password"]
    assert "SecretStr" in str(password_field.annotation), "the password stays a secret in the code"


def test_probes_hit_the_paths_the_worker_serves(
    container: dict[str, Any], config: dict[str, str], built_worker: BuiltWorker
) -> None:
    web_port = int(config["WIREDESK_WEB_PORT"])
    probes = {
        kind: container[kind]["httpGet"]
        for kind in ("startupProbe", "livenessProbe", "readinessProbe")
    }
    assert probes["startupProbe"]["path"] == "/healthz"
    assert probes["livenessProbe"]["path"] == "/healthz"
    assert probes["readinessProbe"]["path"] == "/readyz"
    for probe in probes.values():
        assert probe["path"] in built_worker.web_paths
        assert _port(container, probe["port"]) == web_port
    startup = container["startupProbe"]
    assert startup["periodSeconds"] * startup["failureThreshold"] >= 120, (
        "room for the model to load"
    )


def test_ports_and_scraping_point_at_the_web_port(
    objects: dict[tuple[str, str], dict[str, Any]],
    container: dict[str, Any],
    config: dict[str, str],
) -> None:
    web_port = int(config["WIREDESK_WEB_PORT"])
    service = objects[("Service", NAME)]
    (port,) = service["spec"]["ports"]
    assert _port(container, port["targetPort"]) == web_port
    annotations = objects[("Deployment", NAME)]["spec"]["template"]["metadata"]["annotations"]
    assert annotations["prometheus.io/port"] == str(web_port)
    assert annotations["prometheus.io/path"] == "/metrics"
    # prometheus-k8s.yml keeps exactly these pods and this port
    scrape = load_yaml(PROMETHEUS / "prometheus-k8s.yml")
    (job,) = scrape["scrape_configs"]
    assert job["job_name"] == SCRAPE_JOB
    keep = {
        r["source_labels"][0]: r["regex"]
        for r in job["relabel_configs"]
        if r.get("action") == "keep"
    }
    pod_labels = objects[("Deployment", NAME)]["spec"]["template"]["metadata"]["labels"]
    app_label = keep["__meta_kubernetes_pod_label_app_kubernetes_io_name"]
    assert app_label == pod_labels["app.kubernetes.io/name"]
    port_name = keep["__meta_kubernetes_pod_container_port_name"]
    assert _port(container, port_name) == web_port


def test_resources_and_graceful_termination(
    deployment: dict[str, Any], container: dict[str, Any]
) -> None:
    requests = container["resources"]["requests"]
    limits = container["resources"]["limits"]
    assert _quantity(requests["cpu"]) >= 1, "one NER thread keeps about one core busy"
    assert _quantity(requests["memory"]) >= 2**30, "spaCy and the reference tables"
    assert _quantity(limits["memory"]) >= _quantity(requests["memory"])
    pod = deployment["spec"]["template"]["spec"]
    # The SIGTERM path (stop the agent, commit, leave the group) takes about 5 s; the pod
    # must get much longer than Kubernetes' default 30 s would leave for a slow broker.
    assert pod["terminationGracePeriodSeconds"] > 30
    assert "replicas" not in deployment["spec"], "the autoscaler owns the replica count"


def test_the_pod_runs_as_the_images_user_with_a_writable_workdir(
    deployment: dict[str, Any], container: dict[str, Any]
) -> None:
    final = parse_dockerfile(DOCKERFILE.read_text(encoding="utf-8"))[-1]
    image_uid = int(final.args("USER")[-1].split(":")[0])
    pod = deployment["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["securityContext"]["runAsUser"] == image_uid
    security = container["securityContext"]
    assert security["readOnlyRootFilesystem"] is True
    assert security["allowPrivilegeEscalation"] is False
    mounted = {m["mountPath"] for m in container["volumeMounts"]}
    assert final.args("WORKDIR")[-1] in mounted, "Faust writes its state folder in the workdir"
    assert "/tmp" in mounted


def test_the_story_keeper_runs_with_room_for_its_rocksdb_folder(
    deployment: dict[str, Any], container: dict[str, Any], settings: Settings
) -> None:
    assert settings.lifecycle, "every record gets its lifecycle"
    assert not Path(settings.data_dir).is_absolute(), "the data folder is in the working folder"
    final = parse_dockerfile(DOCKERFILE.read_text(encoding="utf-8"))[-1]
    workdir = next(
        m for m in container["volumeMounts"] if m["mountPath"] == final.args("WORKDIR")[-1]
    )
    volumes = {v["name"]: v for v in deployment["spec"]["template"]["spec"]["volumes"]}
    assert _quantity(volumes[workdir["name"]]["emptyDir"]["sizeLimit"]) >= 256 * 2**20
    assert container["args"] == ["worker"]


# --------------------------------------------------------------------------- autoscaling

# The part of KEDA's CRDs (keda.sh/v1alpha1) these manifests use, with the types KEDA
# expects: trigger metadata values are strings, replica counts integers.
_STRING_MAP = {"type": "object", "additionalProperties": {"type": "string"}}
SCALED_OBJECT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["apiVersion", "kind", "metadata", "spec"],
    "properties": {
        "apiVersion": {"const": "keda.sh/v1alpha1"},
        "kind": {"const": "ScaledObject"},
        "metadata": {"type": "object", "required": ["name"]},
        "spec": {
            "type": "object",
            "required": ["scaleTargetRef", "triggers"],
            "additionalProperties": False,
            "properties": {
                "scaleTargetRef": {
                    "type": "object",
                    "required": ["name"],
                    "additionalProperties": False,
                    "properties": {
                        "apiVersion": {"type": "string"},
                        "kind": {"type": "string"},
                        "name": {"type": "string"},
                    },
                },
                "minReplicaCount": {"type": "integer", "minimum": 0},
                "maxReplicaCount": {"type": "integer", "minimum": 1},
                "pollingInterval": {"type": "integer", "minimum": 1},
                "cooldownPeriod": {"type": "integer", "minimum": 0},
                "advanced": {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {
                        "horizontalPodAutoscalerConfig": {
                            "type": "object",
                            "additionalProperties": False,
                            "properties": {
                                "behavior": {"type": "object"},
                                "name": {"type": "string"},
                            },
                        },
                        "restoreToOriginalReplicaCount": {"type": "boolean"},
                    },
                },
                "triggers": {
                    "type": "array",
                    "minItems": 1,
                    "items": {
                        "type": "object",
                        "required": ["type", "metadata"],
                        "additionalProperties": False,
                        "properties": {
                            "type": {"type": "string"},
                            "name": {"type": "string"},
                            "metadata": _STRING_MAP,
                            "authenticationRef": {
                                "type": "object",
                                "required": ["name"],
                                "additionalProperties": False,
                                "properties": {
                                    "name": {"type": "string"},
                                    "kind": {"type": "string"},
                                },
                            },
                        },
                    },
                },
            },
        },
    },
}
TRIGGER_AUTHENTICATION_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["apiVersion", "kind", "metadata", "spec"],
    "properties": {
        "apiVersion": {"const": "keda.sh/v1alpha1"},
        "kind": {"const": "TriggerAuthentication"},
        "spec": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "secretTargetRef": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["parameter", "name", "key"],
                        "additionalProperties": False,
                        "properties": {
                            "parameter": {"type": "string"},
                            "name": {"type": "string"},
                            "key": {"type": "string"},
                        },
                    },
                }
            },
        },
    },
}
# KEDA's Kafka scaler: the parameters it accepts that these manifests may use.
KAFKA_TRIGGER_METADATA = {
    "bootstrapServers", "consumerGroup", "topic", "lagThreshold", "activationLagThreshold",
    "offsetResetPolicy", "allowIdleConsumers", "excludePersistentLag", "limitToPartitionsWithLag",
    "scaleToZeroOnInvalidOffset", "sasl", "tls", "version",
}  # fmt: skip
SASL_MODES = {
    "PLAIN": "plaintext",
    "SCRAM-SHA-256": "scram_sha256",
    "SCRAM-SHA-512": "scram_sha512",
}


def test_keda_objects_match_the_crd_fields_used(
    objects: dict[tuple[str, str], dict[str, Any]],
) -> None:
    jsonschema.validate(objects[("ScaledObject", NAME)], SCALED_OBJECT_SCHEMA)
    jsonschema.validate(
        objects[("TriggerAuthentication", "wiredesk-kafka")], TRIGGER_AUTHENTICATION_SCHEMA
    )


def test_keda_scales_the_deployment_on_the_workers_lag(
    objects: dict[tuple[str, str], dict[str, Any]], settings: Settings
) -> None:
    scaled = objects[("ScaledObject", NAME)]["spec"]
    target = scaled["scaleTargetRef"]
    assert (target.get("kind", "Deployment"), target["name"]) == ("Deployment", NAME)
    assert 1 <= scaled["minReplicaCount"] <= scaled["maxReplicaCount"]
    # more workers than input partitions would sit idle
    assert scaled["maxReplicaCount"] <= settings.topic_partitions
    (trigger,) = scaled["triggers"]
    assert trigger["type"] == "kafka"
    meta = trigger["metadata"]
    assert set(meta) <= KAFKA_TRIGGER_METADATA, set(meta) - KAFKA_TRIGGER_METADATA
    assert meta["bootstrapServers"] == settings.bootstrap_servers
    assert meta["consumerGroup"] == settings.consumer_group
    # the input topic only: the story keeper's lag (its by-key topic) must not add
    # workers, which cannot speed it (docs/operations.md#autoscaling-and-the-keeper)
    assert meta["topic"] == settings.input_topic
    assert "stories-by-key" not in str(trigger)
    assert int(meta["lagThreshold"]) > 0
    assert meta["allowIdleConsumers"] == "false"
    assert meta["offsetResetPolicy"] == "earliest", "the worker starts a new group at earliest"
    # the scaler talks to the brokers the way the workers do
    assert meta["sasl"] == SASL_MODES[settings.sasl_mechanism]
    assert meta["tls"] == (
        "enable" if settings.security_protocol in ("SSL", "SASL_SSL") else "disable"
    )


def test_keda_authenticates_with_the_workers_secret(
    objects: dict[tuple[str, str], dict[str, Any]],
) -> None:
    (trigger,) = objects[("ScaledObject", NAME)]["spec"]["triggers"]
    auth = objects[("TriggerAuthentication", trigger["authenticationRef"]["name"])]
    refs = {r["parameter"]: r for r in auth["spec"]["secretTargetRef"]}
    assert set(refs) == {"username", "password"}
    secret = objects[("Secret", SECRET)]["stringData"]
    for ref in refs.values():
        assert ref["name"] == SECRET and ref["key"] in secret
    assert refs["username"]["key"] == "WIREDESK_SASL_USERNAME"
    assert refs["password"]["key"] == "WIREDESK_SASL_PASSWORD"


def test_the_hpa_alternative_scales_the_deployment_on_cpu(
    objects: dict[tuple[str, str], dict[str, Any]], container: dict[str, Any], settings: Settings
) -> None:
    hpa = objects[("HorizontalPodAutoscaler", NAME)]["spec"]
    assert hpa["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": NAME}
    assert 1 <= hpa["minReplicas"] <= hpa["maxReplicas"] <= settings.topic_partitions
    (metric,) = hpa["metrics"]
    assert metric["resource"]["name"] == "cpu"
    assert "cpu" in container["resources"]["requests"], "CPU utilisation is relative to the request"
