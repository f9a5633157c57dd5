"""The worker as the code builds it (no broker needed): its metrics registry and web routes,
the names every deployment file is checked against."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from prometheus_client import CollectorRegistry

from tests.deploy.manifests import exported_sample_names
from wiredesk.metrics import ServiceMetrics
from wiredesk.normalize.pipeline import Resources
from wiredesk.settings import Settings
from wiredesk.stream.app import WorkerState, create_app


@dataclass(frozen=True)
class BuiltWorker:
    metric_names: set[str]  # sample names a scrape of /metrics can hold
    web_paths: set[str]  # paths the Faust web server answers


@pytest.fixture(scope="session")
def built_worker(text_resources: Resources) -> BuiltWorker:
    """create_app() with default settings: the same registry and views `wiredesk worker` serves."""
    registry = CollectorRegistry()
    app = create_app(
        Settings(), text_resources, registry, ServiceMetrics.create(registry), WorkerState()
    )
    return BuiltWorker(exported_sample_names(registry), set(app.web.views))
