"""The story key (issue 8, item 1): what every version of one story shares, and what
keeps two stories apart. Records are built by the real readers and pipeline (no NER)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from wiredesk.formats import read_document
from wiredesk.models import Envelope, EventRecord
from wiredesk.normalize.pipeline import Resources, normalize
from wiredesk.stories.key import SLUG_WINDOW, StoryKey, joins, slug_stem, story_key

SEEDS = Path(__file__).resolve().parents[2] / "seeds" / "formats"
WHEN = datetime(2024, 7, 14, 16, 0, tzinfo=UTC)
SYN, SOH, STX, ETX, EOT, US = b"\x16", b"\x01", b"\x02", b"\x03", b"\x04", b"\x1f"


def _anpa(keyword: str, paragraphs: list[str], headline: str) -> bytes:
    """A synthetic AP story in ANPA-1312 framing."""
    text = "".join(f"\t{p}\r\n" for p in paragraphs)
    return (
        SYN + SYN + SOH + b"a0417" + US + b"AAN--\r\n"
        + b"u a \x13\x11 " + f"{keyword} 07-14 0431".encode() + b"\r\n"
        + STX + f"{keyword}\r\n^{headline}<\r\n{text}".encode()
        + ETX + b"AP-WF-07-14-24 1509GMT\r\n\x0c" + EOT
    )  # fmt: skip


def _record(value: bytes, resources: Resources) -> EventRecord:
    document = read_document(value)
    return normalize(document.envelope, resources, received_at=WHEN, meta=document.meta)


def _text(raw: str, resources: Resources) -> EventRecord:
    return normalize(Envelope(text=raw), resources, received_at=WHEN)


BOISE = [
    "BOISE, Idaho (AP) _ Smoke from a wildfire in the Sawtooth range closed schools in two "
    "counties on Monday.",
    "The fire has burned 12,000 acres since Thursday, the Forest Service said.",
]


def test_versions_1_2_3_of_one_anpa_story_share_one_key(text_resources: Resources) -> None:
    keys = [
        story_key(_record(_anpa(keyword, BOISE, "Wildfire smoke shuts schools"), text_resources))
        for keyword in (
            "BC-Idaho-Wildfire",
            "BC-Idaho-Wildfire,1stLd-Writethru",
            "BC-Idaho-Wildfire,2ndLd-Writethru",
            "AM-Idaho-Wildfire,3rd Ld-Writethru",
            "BC-Idaho-Wildfire,Kill",
        )
    ]
    assert keys == [StoryKey("slug:ap:idaho-wildfire", "slug")] * 5


def test_an_am_cycle_keyword_line_is_not_read_as_the_first_paragraph(
    text_resources: Resources,
) -> None:
    record = _record(_anpa("AM-Idaho-Wildfire,3rd Ld-Writethru", BOISE, "Smoke"), text_resources)
    assert record.body.startswith("Smoke from a wildfire")
    assert record.dateline is not None and record.dateline.text.startswith("BOISE, Idaho (AP)")
    assert record.story.version == 3


def test_the_anpa_seed_and_its_kill_share_one_key(text_resources: Resources) -> None:
    update = _record((SEEDS / "anpa_ap_denver_cafe_2ndld.anpa").read_bytes(), text_resources)
    kill = _record((SEEDS / "anpa_ap_denver_cafe_kill.anpa").read_bytes(), text_resources)
    assert update.story.version == 2
    assert kill.story.status == "canceled"
    assert story_key(update) == story_key(kill) == StoryKey("slug:ap:denver-cafe-fire", "slug")
    assert update.id != kill.id  # two records, one story


REUTERS_V1 = """USA-FED/RATES

Fed holds rates steady, signals two cuts this year

WASHINGTON, March 20 (Reuters) - The Federal Reserve held its benchmark rate steady on
Wednesday and said it still expects to cut it twice before the end of the year.

Policymakers voted unanimously to keep the rate in the 5.25%-5.50% range.
"""

REUTERS_V3 = """USA-FED/RATES

UPDATE 2-Fed holds rates, Powell says cuts likely 'at some point' this year

WASHINGTON, March 20 (Reuters) - The Federal Reserve held its benchmark rate steady on
Wednesday, and Chair Jerome Powell said cuts were likely at some point this year.

Policymakers voted unanimously to keep the rate in the 5.25%-5.50% range.
"""


def test_a_reuters_update_2_has_the_key_of_the_first_version(text_resources: Resources) -> None:
    first, update = _text(REUTERS_V1, text_resources), _text(REUTERS_V3, text_resources)
    assert update.story.version == 2 and first.story.version == 1
    assert story_key(first) == story_key(update) == StoryKey("slug:reuters:usa-fed/rates", "slug")


def test_a_g2_item_is_keyed_by_its_guid_across_versions_and_its_kill(
    text_resources: Resources,
) -> None:
    records = [
        _record((SEEDS / f"g2_reuters_manila_port_{name}.xml").read_bytes(), text_resources)
        for name in ("v2", "v3", "kill")
    ]
    assert len({r.id for r in records}) == 3
    assert {story_key(r) for r in records} == {
        StoryKey("guid:tag:reuters.com,2024:newsml_L8N3WDESK1", "guid")
    }


def test_a_nitf_kill_is_keyed_by_the_document_it_cancels(text_resources: Resources) -> None:
    update = _record((SEEDS / "nitf_ap_ns_chicago_update.xml").read_bytes(), text_resources)
    kill = _record((SEEDS / "nitf_ap_kill_chicago.xml").read_bytes(), text_resources)
    assert kill.story.status == "canceled" and kill.story.guid != update.story.guid
    assert story_key(kill) == story_key(update) == StoryKey(f"guid:{update.story.guid}", "guid")


def test_keys_that_must_differ(text_resources: Resources) -> None:
    other_story = _anpa("BC-Idaho-Drought", BOISE, "Drought")
    other_agency = REUTERS_V1.replace("(Reuters)", "(AFP)")
    plain = "Council approves budget\n\nLONDON (Reuters) - The council approved its budget."
    keys = [
        story_key(_record(_anpa("BC-Idaho-Wildfire", BOISE, "Smoke"), text_resources)),
        story_key(_record(other_story, text_resources)),
        story_key(_text(REUTERS_V1, text_resources)),
        story_key(_text(other_agency, text_resources)),
        story_key(_text(plain, text_resources)),
        story_key(_text(plain.replace("approves", "rejects"), text_resources)),
        story_key(_text(plain.replace("Council approves", "Budget"), text_resources)),
    ]
    assert len(set(keys)) == len(keys)
    assert keys[3].value == "slug:afp:usa-fed/rates"
    assert keys[4].value == "head:reuters:council-approves-budget@london"
    # a headline of fewer than three words names no story: the record names itself
    assert keys[6].basis == "id" and keys[6].value.startswith("id:sha256:")


@pytest.mark.parametrize(
    ("slug", "stem"),
    [
        ("BC-Denver-Cafe Fire,2ndLd-Writethru", "denver-cafe-fire"),
        ("BC-Obit-Smith, 3rd Ld-Writethru", "obit-smith"),
        ("PM-Obit Smith 1st Ld", "obit-smith"),
        ("BC-Obit-Smith Writethru", "obit-smith"),
        ("UPDATE 2-USA-FED/RATES", "usa-fed/rates"),
        ("REFILE-UPDATE 1-PHILIPPINES-PORTS/", "philippines-ports"),
        ("Germany/Transport/Port/", "germany/transport/port"),
        ("BC-Sao Paulo-Eleição", "sao-paulo-eleicao"),
        ("BC-", None),
        ("UPDATE 3-", None),
    ],
)
def test_slug_stem_strips_the_version_part(slug: str, stem: str | None) -> None:
    assert slug_stem(slug) == stem


def test_a_slug_key_joins_only_within_its_window() -> None:
    slug, guid = StoryKey("slug:ap:weather", "slug"), StoryKey("guid:x", "guid")
    assert joins(slug, WHEN, WHEN + timedelta(hours=30))
    assert joins(slug, WHEN, WHEN - timedelta(hours=1))  # out of order, still the story
    assert not joins(slug, WHEN, WHEN + SLUG_WINDOW + timedelta(seconds=1))
    assert joins(guid, WHEN, WHEN + timedelta(days=30))
