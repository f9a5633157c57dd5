"""Every seed story through the pure pipeline, each hand-written fact asserted on its own.

The facts live in ``seed_facts.py``; they were written from the stories, not from the
code's output. One test function per kind of fact, parametrised over the stories (test
ids are the file names), so a failure names both the story and what went wrong.

The first group of tests (``test_facts_*`` and the coverage tests) checks the table
itself against the raw files and domain.md; it needs no pipeline.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.unit.seed_facts import FACTS, REQUIRED_VARIANTS, STYLES, UNCHECKED, SeedFact
from wiredesk.models import Envelope, EventRecord, Place
from wiredesk.normalize.pipeline import Resources, normalize

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"
DOMAIN_MD = REPO.parent / "shared" / "docs" / "domain.md"

MIN_AGENCIES = 14
MIN_STORIES_PER_STYLE = 2
EDGE = 40

RecordFor = Callable[[SeedFact], EventRecord]


def _ids(facts: list[SeedFact]) -> list[str]:
    return [f.file for f in facts]


def _each(facts: list[SeedFact]) -> pytest.MarkDecorator:
    return pytest.mark.parametrize("fact", facts, ids=_ids(facts))


ALL = FACTS
WITH_PLACE_FACTS = [f for f in FACTS if f.place_text is not UNCHECKED]
WITH_COUNTRY_FACTS = [f for f in FACTS if f.country_code is not UNCHECKED]
WITH_GEONAMES_FACTS = [f for f in FACTS if f.geonames_id is not None]
WITH_SIGNOFF_FACTS = [f for f in FACTS if f.signoff is not UNCHECKED]


@pytest.fixture(scope="module")
def record_for(text_resources: Resources) -> RecordFor:
    """Normalise each story once per module, whichever test asks first."""
    cache: dict[str, EventRecord] = {}

    def get(fact: SeedFact) -> EventRecord:
        if fact.file not in cache:
            text = (SEEDS / fact.file).read_text(encoding="utf-8")
            cache[fact.file] = normalize(
                Envelope(text=text), text_resources, received_at=fact.received_at
            )
        return cache[fact.file]

    return get


def _raw(fact: SeedFact) -> str:
    return (SEEDS / fact.file).read_text(encoding="utf-8")


def _dateline_place(record: EventRecord, fact: SeedFact) -> Place | None:
    assert record.dateline is not None, (
        f"{fact.file}: no dateline found, expected {fact.dateline_text!r}; "
        f"warnings: {[w.code for w in record.warnings]}"
    )
    return record.dateline.place


# --------------------------------------------------------------- the table itself


def test_facts_cover_every_seed_file() -> None:
    on_disk = {p.name for p in SEEDS.glob("*.txt")}
    in_table = [f.file for f in FACTS]
    duplicates = [name for name, n in Counter(in_table).items() if n > 1]
    assert not duplicates, f"seed files listed twice in seed_facts: {duplicates}"
    assert on_disk - set(in_table) == set(), "seed files without facts in seed_facts.py"
    assert set(in_table) - on_disk == set(), "facts for seed files that do not exist"


@_each(ALL)
def test_facts_are_consistent_with_the_raw_story(fact: SeedFact) -> None:
    """Catches typos in the hand-written table, not bugs in the pipeline."""
    raw = html.unescape(_raw(fact))
    assert fact.received_at.tzinfo is not None, f"{fact.file}: received_at must be aware"
    assert len(fact.body_start) == EDGE, f"{fact.file}: body_start is not {EDGE} characters"
    assert len(fact.body_end) == EDGE, f"{fact.file}: body_end is not {EDGE} characters"
    opening = re.escape(fact.dateline_text) + r"\s*" + re.escape(fact.body_start)
    assert re.search(opening, raw), f"{fact.file}: dateline + body_start not found in the story"
    assert fact.body_end in raw, f"{fact.file}: body_end not found in the story"
    assert fact.headline in raw, f"{fact.file}: headline not found in the story"
    if isinstance(fact.signoff, str):
        assert fact.signoff in raw, f"{fact.file}: sign-off not found in the story"
    assert fact.style in STYLES, f"{fact.file}: unknown style {fact.style!r}"


def test_seeds_cover_enough_agencies() -> None:
    codes = {code for fact in FACTS for code in fact.agencies}
    assert len(codes) >= MIN_AGENCIES, f"only {len(codes)} agencies in the seeds: {sorted(codes)}"


def test_seeds_cover_every_dateline_style_twice() -> None:
    counts = Counter(fact.style for fact in FACTS)
    thin = {style: counts[style] for style in STYLES if counts[style] < MIN_STORIES_PER_STYLE}
    assert not thin, f"dateline styles with fewer than {MIN_STORIES_PER_STYLE} stories: {thin}"


def test_seeds_cover_every_required_variant() -> None:
    seen = {(fact.style, fact.variant) for fact in FACTS}
    missing = sorted(
        (style, variant)
        for style, variants in REQUIRED_VARIANTS.items()
        for variant in variants
        if (style, variant) not in seen
    )
    assert not missing, f"dateline shapes without a seed story: {missing}"


def test_seeds_cover_year_boundary_and_time_zone_dates() -> None:
    year_boundary = [
        f.file
        for f in FACTS
        if f.date is not None
        and dt.date.fromisoformat(f.date).month == 12
        and f.received_at.astimezone(dt.UTC).date().replace(month=1, day=1)
        == dt.date(dt.date.fromisoformat(f.date).year + 1, 1, 1)
        and f.received_at.astimezone(dt.UTC).day in (1, 2)
    ]
    day_ahead = [
        f.file
        for f in FACTS
        if f.date is not None
        and dt.date.fromisoformat(f.date)
        == f.received_at.astimezone(dt.UTC).date() + dt.timedelta(days=1)
    ]
    assert len(year_boundary) >= 2, f"late-December stories received in January: {year_boundary}"
    assert day_ahead, "no story dated the day after its receive time"


def test_styles_are_the_rows_of_the_domain_table() -> None:
    if not DOMAIN_MD.is_file():
        pytest.skip(f"{DOMAIN_MD} is absent (../shared is not mounted)")
    text = DOMAIN_MD.read_text(encoding="utf-8")
    section = text.split("## Dateline shapes by agency", 1)[1].split("\n## ", 1)[0]
    rows = [
        line.split("|")[1].strip()
        for line in section.splitlines()
        if line.startswith("|") and not line.startswith("|---")
    ][1:]  # drop the header row
    assert rows, "could not read the dateline table from domain.md"
    assert tuple(rows) == STYLES, "seed_facts.STYLES no longer matches domain.md's table"


# ------------------------------------------------------------ the pipeline's output


@_each(ALL)
def test_headline(record_for: RecordFor, fact: SeedFact) -> None:
    record = record_for(fact)
    assert record.headline == fact.headline, (
        f"{fact.file}: headline {record.headline!r}, expected {fact.headline!r}"
    )


@_each(ALL)
def test_update_tag(record_for: RecordFor, fact: SeedFact) -> None:
    record = record_for(fact)
    assert record.update == fact.update, (
        f"{fact.file}: update tag {record.update!r}, expected {fact.update!r}"
    )


@_each(ALL)
def test_dateline_text(record_for: RecordFor, fact: SeedFact) -> None:
    record = record_for(fact)
    _dateline_place(record, fact)
    assert record.dateline is not None
    assert record.dateline.text == fact.dateline_text, (
        f"{fact.file}: dateline {record.dateline.text!r}, expected {fact.dateline_text!r}"
    )


@_each(WITH_PLACE_FACTS)
def test_place(record_for: RecordFor, fact: SeedFact) -> None:
    place = _dateline_place(record_for(fact), fact)
    if fact.place_text is None:
        assert place is None, f"{fact.file}: the dateline has no place, got {place!r}"
        return
    assert place is not None, f"{fact.file}: no place read from {fact.dateline_text!r}"
    assert place.text == fact.place_text, (
        f"{fact.file}: place as written {place.text!r}, expected {fact.place_text!r}"
    )
    if fact.place_name is not UNCHECKED:
        assert place.name == fact.place_name, (
            f"{fact.file}: canonical place {place.name!r}, expected {fact.place_name!r}"
        )


@_each(WITH_COUNTRY_FACTS)
def test_country(record_for: RecordFor, fact: SeedFact) -> None:
    place = _dateline_place(record_for(fact), fact)
    got = place.country_code if place is not None else None
    assert got == fact.country_code, (
        f"{fact.file}: country of {fact.dateline_text!r} is {got!r}, expected {fact.country_code!r}"
    )


@_each(WITH_GEONAMES_FACTS)
def test_geonames_id(record_for: RecordFor, fact: SeedFact) -> None:
    place = _dateline_place(record_for(fact), fact)
    got = place.geonames_id if place is not None else None
    assert got == fact.geonames_id, (
        f"{fact.file}: GeoNames id of {fact.place_text!r} is {got!r}, expected {fact.geonames_id}"
    )


@_each(ALL)
def test_date(record_for: RecordFor, fact: SeedFact) -> None:
    record = record_for(fact)
    _dateline_place(record, fact)
    assert record.dateline is not None
    expected = dt.date.fromisoformat(fact.date) if fact.date is not None else None
    assert record.dateline.date == expected, (
        f"{fact.file}: {fact.dateline_text!r} received {fact.received_at.isoformat()} "
        f"resolved to {record.dateline.date}, expected {expected}"
    )


@_each(ALL)
def test_agencies(record_for: RecordFor, fact: SeedFact) -> None:
    record = record_for(fact)
    got = [agency.code for agency in record.agencies]
    assert got == list(fact.agencies), (
        f"{fact.file}: agencies {got} (from {[a.credit for a in record.agencies]}), "
        f"expected {list(fact.agencies)}"
    )


@_each(ALL)
def test_body_edges(record_for: RecordFor, fact: SeedFact) -> None:
    body = record_for(fact).body
    assert body[:EDGE] == fact.body_start, (
        f"{fact.file}: body starts {body[:EDGE]!r}, expected {fact.body_start!r}"
    )
    assert body[-EDGE:] == fact.body_end, (
        f"{fact.file}: body ends {body[-EDGE:]!r}, expected {fact.body_end!r}"
    )


RESIDUE = (
    "â€",  # mojibake of a curly quote
    "&amp;",
    "&#",
    "Related Articles",
    "Back to top button",
    "Sign up for",
    "auto-generated from a syndicated feed",
    "(ATTN:",
    "(Reporting by",
)


@_each(ALL)
def test_body_has_no_residue(record_for: RecordFor, fact: SeedFact) -> None:
    body = record_for(fact).body
    found = [marker for marker in RESIDUE if marker in body]
    assert not found, f"{fact.file}: the clean body still contains {found}"
    controls = sorted({hex(ord(c)) for c in body if ord(c) < 0x20 and c != "\n"})
    assert not controls, f"{fact.file}: control characters left in the body: {controls}"


@_each(WITH_SIGNOFF_FACTS)
def test_signoff(record_for: RecordFor, fact: SeedFact) -> None:
    record = record_for(fact)
    assert record.signoff == fact.signoff, (
        f"{fact.file}: sign-off {record.signoff!r}, expected {fact.signoff!r}"
    )


@_each(ALL)
def test_bylines(record_for: RecordFor, fact: SeedFact) -> None:
    record = record_for(fact)
    got = [(b.role, b.name, b.place) for b in record.bylines]
    assert got == list(fact.bylines), f"{fact.file}: bylines {got}, expected {list(fact.bylines)}"
