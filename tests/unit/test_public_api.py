"""The public API: what ``wiredesk`` exports, and nothing else is promised.

A name added to or removed from ``wiredesk.__all__`` is a change for every caller: this
test makes it a deliberate one (and the CHANGELOG says so).
"""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime

import wiredesk

EXPORTED = {
    "SCHEMA_VERSION", "Agency", "Byline", "CodedEvent", "Dateline", "Entity", "Envelope",
    "ErrorCode", "EventActor", "EventRecord", "InfrastructureError", "Lifecycle", "Mention",
    "Note", "Place", "RecordWarning",
    "Resources", "Stage", "Story", "StoryError", "StoryMeta", "WarningCode", "WiredeskError",
    "__version__", "load_resources", "normalize",
}  # fmt: skip


def test_the_exported_names_are_the_public_api() -> None:
    assert set(wiredesk.__all__) == EXPORTED
    assert all(hasattr(wiredesk, name) for name in wiredesk.__all__)


def test_the_public_api_normalises_a_story_without_kafka() -> None:
    resources = wiredesk.load_resources(None)  # no NER model: text, dateline, agency
    envelope = wiredesk.Envelope(
        text="Chip forecast raised\n\nTOKYO, Oct 6 (Reuters) - A chipmaker raised its forecast."
    )
    record = wiredesk.normalize(envelope, resources, received_at=datetime(2020, 10, 6, tzinfo=UTC))
    assert isinstance(record, wiredesk.EventRecord)
    assert record.headline == "Chip forecast raised"
    assert record.dateline is not None and record.dateline.place is not None
    assert record.dateline.place.country_code == "JP"
    assert [a.code for a in record.agencies] == ["reuters"]


def test_importing_wiredesk_loads_neither_kafka_nor_the_model() -> None:
    code = "import sys, wiredesk; print(sorted({'faust', 'aiokafka', 'spacy'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_python_m_wiredesk_is_the_command_line() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "wiredesk", "--help"], capture_output=True, text=True, check=True
    )
    assert "normalize" in out.stdout and "worker" in out.stdout
