"""Every document in ``seeds/formats/`` through its reader and the pure pipeline, each
hand-written fact (``format_seed_facts.py``) asserted on its own, read both with its
content type and by sniffing alone (the offline command's way)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.format_seed_bytes import SEED_BYTES
from tests.unit.format_seed_facts import FORMAT_FACTS, FormatFact
from wiredesk import formats
from wiredesk.models import EventRecord
from wiredesk.normalize.pipeline import Resources, normalize

FORMATS = Path(__file__).resolve().parents[2] / "seeds" / "formats"
LIMIT = 512 * 1024
RecordFor = Callable[[FormatFact], EventRecord]

each = pytest.mark.parametrize("fact", FORMAT_FACTS, ids=[f.file for f in FORMAT_FACTS])


def _record(
    value: bytes, fact: FormatFact, resources: Resources, content_type: str | None
) -> EventRecord:
    document = formats.read_value(value, content_type=content_type, max_bytes=LIMIT)
    return normalize(document.envelope, resources, received_at=fact.received_at, meta=document.meta)


@pytest.fixture(scope="module")
def record_for(text_resources: Resources) -> RecordFor:
    cache: dict[str, EventRecord] = {}

    def get(fact: FormatFact) -> EventRecord:
        if fact.file not in cache:
            value = (FORMATS / fact.file).read_bytes()
            cache[fact.file] = _record(value, fact, text_resources, fact.content_type)
        return cache[fact.file]

    return get


# --------------------------------------------------------------- the seeds themselves


def test_every_document_in_the_folder_has_facts() -> None:
    on_disk = {p.name for p in FORMATS.iterdir() if p.is_file()}
    assert on_disk == {f.file for f in FORMAT_FACTS}


def test_at_least_three_documents_per_format() -> None:
    for name in ("newsml-g2", "nitf", "anpa-1312", "iptc-7901", "newsml-1.2"):
        assert sum(f.format == name for f in FORMAT_FACTS) >= 3, name


def test_the_ten_cases_of_formats_md_are_covered() -> None:
    covered = {case for fact in FORMAT_FACTS for case in fact.cases}
    # case 10 (plain-text tags) is covered by test_lifecycle.py and the text seeds
    assert covered >= set(range(1, 10))


@pytest.mark.parametrize("name", sorted(SEED_BYTES))
def test_byte_seeds_are_the_generated_streams(name: str) -> None:
    assert (FORMATS / name).read_bytes() == SEED_BYTES[name], (
        f"seeds/formats/{name} differs from tests/format_seed_bytes.py: "
        "run python -m tests.format_seed_bytes"
    )


def test_the_anpa_seeds_are_real_byte_streams() -> None:
    denver = (FORMATS / "anpa_ap_denver_cafe_2ndld.anpa").read_bytes()
    assert denver.startswith(b"\x16\x16\x01") and b"\x02" in denver and b"\x03" in denver
    assert b"\xe9" in denver, "the Latin-1 e-acute byte"
    assert b"\r\n" in denver
    boise = (FORMATS / "anpa_ap_boise_smoke.tst").read_bytes()
    assert b"\r\n" not in boise and b"\n" in boise


# --------------------------------------------------------------- facts, one kind a test


@each
def test_format(fact: FormatFact, record_for: RecordFor) -> None:
    assert record_for(fact).format == fact.format


@each
def test_headline(fact: FormatFact, record_for: RecordFor) -> None:
    assert record_for(fact).headline == fact.headline


@each
def test_body_start_and_end(fact: FormatFact, record_for: RecordFor) -> None:
    body = record_for(fact).body
    assert body.startswith(fact.body_start), body[:80]
    assert body.endswith(fact.body_end), body[-80:]
    assert "<" not in body and "\x02" not in body and "\t" not in body


@each
def test_dateline_place_date_and_source(fact: FormatFact, record_for: RecordFor) -> None:
    dateline = record_for(fact).dateline
    if fact.place is None:
        assert dateline is None or dateline.place is None
        return
    assert dateline is not None and dateline.place is not None
    assert dateline.place.name == fact.place
    assert (dateline.date.isoformat() if dateline.date else None) == fact.date
    assert dateline.source == fact.dateline_source


@each
def test_agencies(fact: FormatFact, record_for: RecordFor) -> None:
    assert tuple(a.code for a in record_for(fact).agencies) == fact.agencies


@each
def test_id_is_guid_and_version(fact: FormatFact, record_for: RecordFor) -> None:
    record = record_for(fact)
    if fact.id is None:
        assert record.id.startswith("sha256:")
        assert record.story.guid is None
    else:
        assert record.id == fact.id
        assert f"{record.story.guid}:{record.story.version}" == fact.id


@each
def test_version_status_signals(fact: FormatFact, record_for: RecordFor) -> None:
    story = record_for(fact).story
    assert story.version == fact.version
    assert story.status == fact.status
    assert tuple(story.signals) == fact.signals


@each
def test_urgency_embargo_times(fact: FormatFact, record_for: RecordFor) -> None:
    story = record_for(fact).story
    assert story.urgency == fact.urgency
    assert story.embargoed_until == fact.embargoed_until
    assert story.version_created == fact.version_created
    assert story.previous_version == fact.previous_version
    assert story.cancels == fact.cancels


@each
def test_subjects_and_located(fact: FormatFact, record_for: RecordFor) -> None:
    record = record_for(fact)
    assert tuple(s.code for s in record.subjects) == fact.subjects
    assert (record.located.name if record.located else None) == fact.located


@each
def test_language(fact: FormatFact, record_for: RecordFor) -> None:
    record = record_for(fact)
    assert record.language == fact.language
    assert record.language_source == fact.language_source
    if fact.language_source == "detected":
        assert record.language_confidence is not None and record.language_confidence >= 0.8
    else:
        assert record.language_confidence is None


@each
def test_first_created_slugline_provider_source_and_warnings(
    fact: FormatFact, record_for: RecordFor
) -> None:
    """Asserted where the facts give them (the NewsML 1.2 seeds)."""
    record = record_for(fact)
    if fact.first_created is not None:
        assert record.story.first_created == fact.first_created
    if fact.slugline is not None:
        assert record.slugline == fact.slugline
    if fact.provider is not None:
        assert record.story.provider == fact.provider
    if fact.source is not None:
        assert record.source == fact.source
    if fact.warnings is not None:
        assert tuple(w.code for w in record.warnings) == fact.warnings


@each
def test_sniffing_reads_the_same_as_the_content_type(
    fact: FormatFact, record_for: RecordFor, text_resources: Resources
) -> None:
    """The offline command has no content type: the bytes alone must say the format."""
    value = (FORMATS / fact.file).read_bytes()
    assert _record(value, fact, text_resources, None) == record_for(fact)


# --------------------------------------------------------------- the lifecycle cases


def _by_file(name: str, record_for: RecordFor) -> EventRecord:
    return record_for(next(f for f in FORMAT_FACTS if f.file == name))


def test_case_1_2_versions_of_one_story_have_distinct_ids_and_integer_order(
    record_for: RecordFor,
) -> None:
    v2 = _by_file("g2_reuters_manila_port_v2.xml", record_for)
    v3 = _by_file("g2_reuters_manila_port_v3.xml", record_for)
    kill = _by_file("g2_reuters_manila_port_kill.xml", record_for)
    assert v2.story.guid == v3.story.guid == kill.story.guid
    assert len({v2.id, v3.id, kill.id}) == 3
    # 197000999 < 197001000 as integers (as strings "999" > "1000" would sort wrongly)
    assert v2.story.version < v3.story.version < kill.story.version
    assert v3.story.previous_version == v2.id
    assert "correction" in v3.story.signals


def test_case_7_the_body_dateline_beats_a_timestamp_element_and_the_desk_city(
    record_for: RecordFor,
) -> None:
    record = _by_file("g2_reuters_manila_port_v2.xml", record_for)
    assert record.dateline is not None and record.dateline.place is not None
    assert record.dateline.place.name == "Manila"
    assert record.located is not None and record.located.name == "Singapore"


def test_newsml_1_2_dateline_only_in_the_dateline_element_is_the_documents(
    record_for: RecordFor,
) -> None:
    """EFE's Spanish story has no dateline in its body: the DateLine element gives place
    and date; the body starts with the story, and EFE is credited from the CreditLine."""
    record = _by_file("newsml1_efe_es_montevideo_chargers.xml", record_for)
    assert record.dateline is not None and record.dateline.text == "Montevideo, 14 feb (EFE)"
    assert record.dateline.source == "document"
    assert [(a.code, a.found_in) for a in record.agencies] == [("efe", "envelope")]


def test_newsml_1_2_latin1_document_is_read_by_its_declaration() -> None:
    value = (FORMATS / "newsml1_afp_fr_marseille_dockers.xml").read_bytes()
    assert value.startswith(b'<?xml version="1.0" encoding="ISO-8859-1"?>')
    assert "grève".encode("latin-1") in value and "grève".encode() not in value
    assert b"<!DOCTYPE NewsML SYSTEM" in value
