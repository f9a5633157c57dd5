"""The Grafana dashboard and its provisioning, read without Grafana: panels cover what an
operator needs, every query reads metrics the worker exports, variables resolve, the
layout does not overlap. tests/integration/test_prometheus.py runs every query against a
real Prometheus scraping a real worker."""

from __future__ import annotations

import re

import pytest

from tests.deploy.conftest import BuiltWorker
from tests.deploy.manifests import (
    GRAFANA,
    GRAFANA_BUILTINS,
    Dashboard,
    grafana_variables_used,
    load_dashboard,
    load_yaml,
    promql_metric_names,
)


@pytest.fixture(scope="module")
def dashboard() -> Dashboard:
    return load_dashboard()


def test_dashboard_identity_and_datasource(dashboard: Dashboard) -> None:
    assert dashboard.raw["uid"] == "wiredesk"
    variables = dashboard.variables
    assert variables["datasource"]["type"] == "datasource"
    assert variables["datasource"]["query"] == "prometheus"
    (provisioned,) = load_yaml(GRAFANA / "provisioning" / "datasources" / "prometheus.yml")[
        "datasources"
    ]
    assert provisioned["type"] == "prometheus" and provisioned["isDefault"] is True
    for panel in dashboard.panels():
        assert panel["datasource"]["uid"] == "${datasource}", panel["title"]
        for target in panel["targets"]:
            assert target["datasource"]["uid"] == "${datasource}", panel["title"]


def test_every_panel_has_queries_with_unique_ref_ids(dashboard: Dashboard) -> None:
    ids = [panel["id"] for panel in dashboard.raw["panels"]] + [
        p["id"] for row in dashboard.raw["panels"] for p in row.get("panels", [])
    ]
    assert len(ids) == len(set(ids)), "panel ids must be unique"
    for panel in dashboard.panels():
        refs = [t["refId"] for t in panel["targets"]]
        assert refs and len(refs) == len(set(refs)), panel["title"]
        assert all(t["expr"].strip() for t in panel["targets"]), panel["title"]


def test_panels_do_not_overlap(dashboard: Dashboard) -> None:
    boxes = [(p["title"], p["gridPos"]) for p in dashboard.raw["panels"]]
    for i, (title_a, a) in enumerate(boxes):
        assert a["x"] + a["w"] <= 24, title_a
        for title_b, b in boxes[i + 1 :]:
            overlap_x = a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"]
            overlap_y = a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"]
            assert not (overlap_x and overlap_y), f"{title_a!r} overlaps {title_b!r}"


def test_queries_read_only_metrics_the_worker_exports(
    dashboard: Dashboard, built_worker: BuiltWorker
) -> None:
    known = built_worker.metric_names | {"up"}
    for query in dashboard.queries:
        used = promql_metric_names(query.expr)
        assert used, query
        assert used <= known, f"{query.panel}: unknown metrics {used - known}"


def test_variables_used_are_defined(dashboard: Dashboard) -> None:
    defined = set(dashboard.variables) | GRAFANA_BUILTINS
    for query in dashboard.queries:
        missing = grafana_variables_used(query.expr) - defined
        assert not missing, f"{query.panel}: undefined variables {missing}"
    for variable in dashboard.variables.values():
        if variable["type"] == "query":
            expression = variable["query"]["query"]
            assert re.fullmatch(r"label_values\((\w+)(\{.*\})?, *(\w+)\)", expression), expression


@pytest.mark.parametrize(
    ("what", "metric", "by"),
    [
        ("throughput in", "wiredesk_stories_consumed_total", None),
        ("throughput out", "wiredesk_events_produced_total", None),
        ("end-to-end latency", "wiredesk_end_to_end_seconds_bucket", None),
        ("stage latency", "wiredesk_stage_seconds_bucket", "stage"),
        ("dead letters by code", "wiredesk_dead_letters_total", "code"),
        ("lag per partition", "wiredesk_consumer_lag", "partition"),
        ("entities by type", "wiredesk_entities_total", "type"),
        ("stories by agency", "wiredesk_stories_by_agency_total", "agency"),
        ("rebalances", "faust_rebalance_done_latency_count", None),
    ],
)
def test_the_dashboard_shows(dashboard: Dashboard, what: str, metric: str, by: str | None) -> None:
    matching = [q for q in dashboard.queries if metric in promql_metric_names(q.expr)]
    if by is not None:
        matching = [q for q in matching if re.search(rf"by \([^)]*\b{by}\b", q.expr)]
    assert matching, f"no panel shows {what} ({metric}{f' by {by}' if by else ''})"


def test_throughput_in_and_out_share_one_panel(dashboard: Dashboard) -> None:
    for panel in dashboard.panels():
        metrics = set().union(*(promql_metric_names(t["expr"]) for t in panel["targets"]))
        if {"wiredesk_stories_consumed_total", "wiredesk_events_produced_total"} <= metrics:
            return
    pytest.fail("no panel puts records in and event records out side by side")
