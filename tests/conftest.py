"""Shared fixtures. Resources are loaded once per test session, as the service does per process."""

from __future__ import annotations

from pathlib import Path

import pytest

from wiredesk.normalize.pipeline import Resources

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
FORMAT_SEEDS = SEEDS / "formats"
# What `wiredesk publish seeds/` sends: the text seeds and the agency-format documents.
SEED_DOCUMENTS = sorted(p for p in SEEDS.rglob("*") if p.is_file())
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def resources() -> Resources:
    """Full resources, spaCy NER included."""
    from wiredesk.resources import load_resources

    return load_resources()


@pytest.fixture(scope="session")
def text_resources() -> Resources:
    """Reference tables without NER: for tests of the text stages."""
    from wiredesk.resources import load_resources

    return load_resources(None)
