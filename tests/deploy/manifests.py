"""Readers for the deployment files (Dockerfile, compose, Kubernetes, Prometheus, Grafana)
and the names they are cross-checked against, computed from the code itself.

Shared by tests/deploy (static checks) and tests/integration/test_prometheus.py (the same
files against a real Prometheus).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from prometheus_client import CollectorRegistry

from tests.conftest import REPO
from wiredesk.settings import Settings

DEPLOY = REPO / "deploy"
K8S = DEPLOY / "k8s"
PROMETHEUS = DEPLOY / "prometheus"
GRAFANA = DEPLOY / "grafana"
DASHBOARD = GRAFANA / "dashboards" / "wiredesk.json"
SCRAPE_JOB = "wiredesk"
IN_CI = os.environ.get("CI", "").lower() == "true"


def require_binary(name: str, why: str) -> str:
    """Path of a tool from Debian's `prometheus` package; skip without it, fail in CI."""
    path = shutil.which(name)
    if path is None:
        reason = f"no `{name}` on PATH ({why}; Debian: apt-get install prometheus)"
        if IN_CI:
            pytest.fail(f"CI must run this test: {reason}")
        pytest.skip(reason)
    return path


# --------------------------------------------------------------------------- settings


def settings_variables() -> set[str]:
    """Every WIREDESK_* variable the service reads, from Settings itself."""
    prefix = str(Settings.model_config.get("env_prefix", ""))
    return {f"{prefix}{name}".upper() for name in Settings.model_fields}


def settings_default(variable: str) -> Any:
    name = variable.removeprefix("WIREDESK_").lower()
    return Settings.model_fields[name].default


def settings_from_variables(values: dict[str, str]) -> Settings:
    """Validate a set of WIREDESK_* values the way the worker would at start-up."""
    kwargs = {k.removeprefix("WIREDESK_").lower(): v for k, v in values.items()}
    return Settings(**kwargs)


# --------------------------------------------------------------------------- metrics


def exported_sample_names(registry: CollectorRegistry) -> set[str]:
    """The sample names a scrape of `registry` can contain (labelled metrics included,
    even before their first observation)."""
    suffixes = {
        "counter": ("_total",),
        "gauge": ("",),
        "histogram": ("_bucket", "_sum", "_count"),
        "summary": ("", "_sum", "_count"),
        "info": ("_info",),
    }
    names: set[str] = set()
    for family in registry.collect():
        for suffix in suffixes.get(family.type, ("",)):
            names.add(family.name + suffix)
    return names


_PROMQL_KEYWORDS = {
    "by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless",
    "offset", "bool", "inf", "nan",
}  # fmt: skip


def promql_metric_names(expr: str) -> set[str]:
    """Metric names a PromQL (or Grafana-templated PromQL) expression selects."""
    text = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)  # string literals
    text = re.sub(r"\{[^}]*\}", " ", text)  # label matchers
    text = re.sub(r"\[[^\]]*\]", " ", text)  # range durations
    text = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", text)
    names = set()
    for match in re.finditer(r"(?<![\w.$])[A-Za-z_:][A-Za-z0-9_:]*", text):
        name = match.group(0)
        if text[match.end() :].lstrip().startswith("("):
            continue  # a function
        if name.lower() in _PROMQL_KEYWORDS:
            continue
        names.add(name)
    return names


# --------------------------------------------------------------------------- files


def load_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def load_yaml_documents(path: Path) -> list[dict[str, Any]]:
    return [doc for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")) if doc]


def k8s_objects() -> dict[tuple[str, str], dict[str, Any]]:
    """Every object in deploy/k8s, by (kind, name)."""
    objects: dict[tuple[str, str], dict[str, Any]] = {}
    for path in sorted(K8S.glob("*.yaml")):
        for doc in load_yaml_documents(path):
            if "kind" in doc and "metadata" in doc:
                objects[(doc["kind"], doc["metadata"]["name"])] = doc
    return objects


def rule_groups(name: str) -> list[dict[str, Any]]:
    groups: list[dict[str, Any]] = load_yaml(PROMETHEUS / "rules" / name)["groups"]
    return groups


def recording_rules() -> list[dict[str, Any]]:
    return [rule for group in rule_groups("recording.yml") for rule in group["rules"]]


def alerting_rules() -> list[dict[str, Any]]:
    return [rule for group in rule_groups("alerts.yml") for rule in group["rules"]]


# --------------------------------------------------------------------------- grafana


@dataclass(frozen=True)
class PanelQuery:
    panel: str
    ref_id: str
    expr: str
    instant: bool = False


@dataclass
class Dashboard:
    raw: dict[str, Any]
    queries: list[PanelQuery] = field(default_factory=list)

    @property
    def variables(self) -> dict[str, dict[str, Any]]:
        return {v["name"]: v for v in self.raw.get("templating", {}).get("list", [])}

    def panels(self) -> list[dict[str, Any]]:
        """Every panel, those inside collapsed rows included, rows themselves excluded."""
        out = []
        for panel in self.raw["panels"]:
            if panel.get("type") == "row":
                out.extend(panel.get("panels", []))
            else:
                out.append(panel)
        return out


def load_dashboard(path: Path = DASHBOARD) -> Dashboard:
    raw = json.loads(path.read_text(encoding="utf-8"))
    dashboard = Dashboard(raw)
    for panel in dashboard.panels():
        for target in panel.get("targets", []):
            dashboard.queries.append(
                PanelQuery(
                    panel["title"], target["refId"], target["expr"], target.get("instant", False)
                )
            )
    return dashboard


GRAFANA_BUILTINS = {"__rate_interval", "__interval", "__range"}


def grafana_variables_used(expr: str) -> set[str]:
    return set(re.findall(r"\$\{?(\w+)", expr))


def render_grafana_expr(expr: str, values: dict[str, str]) -> str:
    """Substitute Grafana variables ($x and ${x}) the way Grafana would before querying."""

    def substitute(match: re.Match[str]) -> str:
        return values[match.group(1) or match.group(2)]

    return re.sub(r"\$\{(\w+)\}|\$(\w+)", substitute, expr)
