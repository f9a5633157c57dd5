"""Prometheus rules: promtool's own checks and unit tests (Debian's `prometheus` package;
skipped outside CI without it, failing in CI), plus checks promtool cannot make: every
alert has a firing and a silent unit test and a runbook entry, every metric a rule
reads is one the worker exports, and every metric of the service's own is documented."""

from __future__ import annotations

import re
import subprocess
from collections import defaultdict
from typing import Any

from tests.conftest import REPO
from tests.deploy.conftest import BuiltWorker
from tests.deploy.manifests import (
    PROMETHEUS,
    SCRAPE_JOB,
    alerting_rules,
    load_yaml,
    promql_metric_names,
    recording_rules,
    require_binary,
)

RULE_FILES = sorted(str(p) for p in (PROMETHEUS / "rules").glob("*.yml"))
TEST_FILES = sorted(PROMETHEUS.glob("tests/*.yml"))


def _promtool(*args: str) -> subprocess.CompletedProcess[str]:
    promtool = require_binary("promtool", "checks and unit-tests the alerting rules")
    return subprocess.run(
        [promtool, *args], capture_output=True, text=True, timeout=120, check=False
    )


def test_promtool_accepts_the_rules_and_the_compose_config() -> None:
    rules = _promtool("check", "rules", *RULE_FILES)
    assert rules.returncode == 0, rules.stdout + rules.stderr
    # (prometheus-k8s.yml uses kubernetes_sd_configs, which Debian's build leaves out.)
    config = _promtool("check", "config", str(PROMETHEUS / "prometheus.yml"))
    assert config.returncode == 0, config.stdout + config.stderr


def test_promtool_unit_tests_pass() -> None:
    assert TEST_FILES, "no promtool unit tests in deploy/prometheus/tests"
    result = _promtool("test", "rules", *(str(p) for p in TEST_FILES))
    assert result.returncode == 0, result.stdout + result.stderr


def _alert_tests() -> dict[str, list[list[Any]]]:
    """alertname -> the exp_alerts of every alert_rule_test for it."""
    tests: dict[str, list[list[Any]]] = defaultdict(list)
    for path in TEST_FILES:
        suite = load_yaml(path)
        rule_files = {(path.parent / f).resolve() for f in suite["rule_files"]}
        assert (PROMETHEUS / "rules" / "alerts.yml").resolve() in rule_files
        for test in suite["tests"]:
            for case in test.get("alert_rule_test", []):
                tests[case["alertname"]].append(case.get("exp_alerts") or [])
    return tests


def test_every_alert_has_a_firing_and_a_silent_unit_test() -> None:
    tests = _alert_tests()
    names = [rule["alert"] for rule in alerting_rules()]
    assert len(names) == len(set(names))
    for name in names:
        assert any(tests[name]), f"{name}: no unit test where it fires"
        assert not all(tests[name]), f"{name}: no unit test where it stays silent"
    assert set(tests) <= set(names), f"tests for unknown alerts: {set(tests) - set(names)}"


def test_every_alert_says_how_bad_and_where_the_runbook_is() -> None:
    for rule in alerting_rules():
        name = rule["alert"]
        assert rule["labels"]["severity"] in {"warning", "critical"}, name
        annotations = rule["annotations"]
        assert annotations["summary"] and annotations["description"], name
        # runbook: <markdown file in the repo>#<anchor of a heading named after the alert>
        document, _, anchor = annotations["runbook"].partition("#")
        assert document == "docs/operations.md", name
        assert anchor == name.lower(), name
        text = (REPO / document).read_text(encoding="utf-8")
        headings = {m.group(1) for m in re.finditer(r"^#{2,4} (\w+)\s*$", text, re.MULTILINE)}
        assert name in headings, f"{document} has no '### {name}' runbook entry"


def test_rules_read_only_metrics_the_worker_exports(built_worker: BuiltWorker) -> None:
    recorded = {rule["record"] for rule in recording_rules()}
    known = built_worker.metric_names | recorded | {"up"}
    for rule in recording_rules() + alerting_rules():
        used = promql_metric_names(rule["expr"])
        assert used, rule
        unknown = used - known
        assert not unknown, f"{rule.get('record') or rule.get('alert')}: unknown metrics {unknown}"


def test_every_service_metric_is_in_the_operations_doc(built_worker: BuiltWorker) -> None:
    text = (REPO / "docs" / "operations.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `(wiredesk_\w+)", text, re.MULTILINE))
    exported = {
        re.sub(r"_(bucket|sum|count)$", "", name)
        for name in built_worker.metric_names
        if name.startswith("wiredesk_")
    }
    assert exported, "the worker exports no wiredesk_* metric?"
    assert exported <= documented, f"not in docs/operations.md: {exported - documented}"
    assert documented <= exported, f"documented, not exported: {documented - exported}"


def test_recording_rule_names_follow_level_metric_operation() -> None:
    for rule in recording_rules():
        level, metric, operation = rule["record"].split(":")
        assert level and metric and operation, rule["record"]
        assert metric.startswith(("wiredesk_", "faust_")), rule["record"]


def test_alerts_select_the_job_prometheus_scrapes() -> None:
    jobs = {
        job["job_name"]
        for name in ("prometheus.yml", "prometheus-k8s.yml")
        for job in load_yaml(PROMETHEUS / name)["scrape_configs"]
    }
    assert jobs == {SCRAPE_JOB}
    for rule in alerting_rules():
        selected = set(re.findall(r'job="([^"]*)"', rule["expr"]))
        assert selected == {SCRAPE_JOB}, f"{rule['alert']} selects jobs {selected}"
