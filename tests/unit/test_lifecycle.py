"""Plain-text tags fill the record's story fields (formats.md case 10), and what a
document states wins over its tags."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from wiredesk.models import Envelope, StoryMeta
from wiredesk.normalize.lifecycle import facts_from_tags, story
from wiredesk.normalize.pipeline import Resources, normalize

WHEN = datetime(2024, 5, 3, 12, 0, tzinfo=UTC)
BODY = "LONDON, May 3 (Reuters) - The lender said on Friday it would cut 300 jobs."


@pytest.mark.parametrize(
    ("headline", "version", "signals", "status"),
    [
        ("UPDATE 2-Lender to cut 300 jobs", 2, ["update"], "usable"),
        ("CORRECTED-Lender to cut 300 jobs", 1, ["correction"], "usable"),
        ("REFILE-Lender to cut 300 jobs", 1, ["refile"], "usable"),
        ("CORRECTED-UPDATE 3-Lender to cut 300 jobs", 3, ["update", "correction"], "usable"),
        ("(2nd LD) Lender to cut 300 jobs", 2, ["update"], "usable"),
        ("(LEAD) Lender to cut 300 jobs", 1, ["update"], "usable"),
        ("STORY WITHDRAWN-Lender to cut 300 jobs", 1, ["kill", "withdrawal"], "canceled"),
        ("Lender to cut 300 jobs", 1, [], "usable"),
    ],
)
def test_headline_tags_fill_the_story(
    text_resources: Resources, headline: str, version: int, signals: list[str], status: str
) -> None:
    record = normalize(Envelope(text=f"{headline}\n\n{BODY}"), text_resources, received_at=WHEN)
    assert record.format == "text"
    assert record.story.version == version
    assert record.story.signals == signals
    assert record.story.status == status
    assert record.story.guid is None
    assert record.id.startswith("sha256:"), "documents without ids keep today's id rule"


def test_an_ap_slug_writethru_is_an_update(text_resources: Resources) -> None:
    text = f"BC-Britain-Lender, 1st Ld-Writethru\n\nLender to cut 300 jobs\n\n{BODY}"
    record = normalize(Envelope(text=text), text_resources, received_at=WHEN)
    assert record.story.version == 1
    assert record.story.signals == ["update"]


def test_dpa_kill_and_hold_notices() -> None:
    kill = facts_from_tags(None, "KILL KILL KILL", "Berlin (dpa) - The story is withdrawn.")
    assert (kill.status, kill.signals) == ("canceled", ("kill",))
    hold = facts_from_tags(None, "HOLD HOLD HOLD", "Berlin (dpa) - Hold this story.")
    assert hold.status == "withheld"


def test_flash_and_urgent_tags_set_urgency() -> None:
    assert facts_from_tags("FLASH", "x", "").urgency == 1
    assert facts_from_tags("URGENT", "x", "").urgency == 3


def test_the_document_wins_over_its_tags() -> None:
    meta = StoryMeta(format="newsml-g2", guid="g", version=197001000, status="withheld",
                     signals=["correction"], urgency=2)  # fmt: skip
    result = story(meta, facts_from_tags("UPDATE 2, URGENT", "x", ""))
    assert result.version == 197001000
    assert result.status == "withheld"
    assert result.signals == ["update", "correction"]
    assert result.urgency == 2


def test_a_canceled_story_always_carries_kill() -> None:
    result = story(StoryMeta(status="canceled"), facts_from_tags(None, "x", ""))
    assert result.signals == ["kill"]


def test_guid_and_version_come_before_the_kafka_key(text_resources: Resources) -> None:
    meta = StoryMeta(format="nitf", guid="doc-7", version=3)
    envelope = Envelope(text=f"Lender to cut 300 jobs\n\n{BODY}")
    record = normalize(envelope, text_resources, key="kafka-key", received_at=WHEN, meta=meta)
    assert record.id == "doc-7:3"
    keyed = normalize(envelope, text_resources, key="kafka-key", received_at=WHEN)
    unkeyed = normalize(envelope, text_resources, received_at=WHEN)
    # the Kafka key names the story, not the record: the id is the content hash
    assert keyed.id == unkeyed.id and keyed.id.startswith("sha256:")
