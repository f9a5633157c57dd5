"""Aggregator and RSS credit forms: the agency is found, and the credit leaves the text.

The items are in ``aggregator_items.py`` (written by the team in the style feeds print
wire copy). The issue's bar is that the agency is found on at least 97% of such items;
every item is also checked for a headline without its credit and a clean body start.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.timing import MAX_RATIO, growth_ratio
from tests.unit.aggregator_items import ITEMS, NOT_CREDITS, Item
from wiredesk.models import Envelope, EventRecord
from wiredesk.normalize.agency import AgencyTable
from wiredesk.normalize.dateline import split_dateline
from wiredesk.normalize.pipeline import Resources, normalize
from wiredesk.normalize.segment import segment
from wiredesk.normalize.text import clean_text
from wiredesk.resources.reference import load_agency_table

RECEIVED = datetime(2024, 5, 14, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def table() -> AgencyTable:
    return load_agency_table()


def _record(item: Item, text_resources: Resources) -> EventRecord:
    return normalize(Envelope(text=item.raw), text_resources, received_at=RECEIVED)


def test_there_are_enough_items() -> None:
    assert len(ITEMS) >= 30


def test_agency_found_on_at_least_97_percent(text_resources: Resources) -> None:
    codes = {item: [a.code for a in _record(item, text_resources).agencies] for item in ITEMS}
    missed = [(item.headline, got) for item, got in codes.items() if got != list(item.codes)]
    found = len(ITEMS) - len(missed)
    assert found / len(ITEMS) >= 0.97, f"found {found} of {len(ITEMS)}; missed: {missed}"


@pytest.mark.parametrize("item", ITEMS, ids=[item.headline[:40] for item in ITEMS])
def test_credit_leaves_headline_and_body(item: Item, text_resources: Resources) -> None:
    record = _record(item, text_resources)
    assert record.headline == item.headline
    assert record.body.startswith(item.body_start)
    for mark in ("<b>", "</b>", "&lt;", "<p>", "Associated Press Writer"):
        assert mark not in record.body
    # Every item opens with a dateline or a bare credit, which the dateline stage reads.
    assert record.dateline is not None, record.warnings


def test_headline_credit_is_found_in_headline(text_resources: Resources) -> None:
    story = "Wheat rallies on dry weather (Reuters)\n\nWheat rallied on Tuesday."
    record = normalize(Envelope(text=story), text_resources, received_at=RECEIVED)
    assert record.headline == "Wheat rallies on dry weather"
    assert [(a.code, a.found_in, a.credit) for a in record.agencies] == [
        ("reuters", "headline", "Reuters")
    ]
    assert record.dateline is None


def test_byline_affiliation_names_the_agency(text_resources: Resources) -> None:
    story = "Port reopens\n\nBy ELENA VOSS, Associated Press Writer\n\nThe port reopened."
    record = normalize(Envelope(text=story), text_resources, received_at=RECEIVED)
    assert [(a.code, a.found_in) for a in record.agencies] == [("ap", "byline")]
    assert [(b.role, b.name) for b in record.bylines] == [("writing", "ELENA VOSS")]
    assert record.body == "The port reopened."


def test_credit_lead_is_a_dateline_without_place(table: AgencyTable) -> None:
    found, body = split_dateline("Reuters - Oil rose on Monday.", table.is_credit)
    assert found is not None
    assert (found.text, found.place_text, found.credit) == ("Reuters -", None, "Reuters")
    assert body == "Oil rose on Monday."


def test_credit_lead_needs_the_agency_table() -> None:
    lead = "Reuters - Oil rose on Monday."
    assert split_dateline(lead) == (None, lead)


@pytest.mark.parametrize(
    "lead",
    [
        "Canadian Press - BANJA LUKA, Bosnia-Herzegovina (AP) - The bridge reopened.",
        "SALVADOR, Feb 26 - Cocoa rains continued.",
        "Acme - the maker of anvils - said on Monday it would expand.",
    ],
)
def test_credit_lead_leaves_other_datelines_alone(lead: str, table: AgencyTable) -> None:
    assert split_dateline(lead, table.is_credit) == split_dateline(lead)


@pytest.mark.parametrize("headline", NOT_CREDITS)
def test_headline_without_credit_is_kept(headline: str, table: AgencyTable) -> None:
    parts = segment(f"{headline}\n\nThe body.", table)
    assert (parts.headline, parts.headline_credit) == (headline, None)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("<b>big</b> day", "big day"),
        ("&lt;b&gt;ROME (AP)&lt;/b&gt; - text", "ROME (AP) - text"),
        ('<a href="https://example.org/x">link</a> text', "link text"),
        ("one<br>two", "one\n\ntwo"),
        ("<NEM> shares rose", "<NEM> shares rose"),  # a 1987 Reuters ticker, not markup
        ("<A and W Brands Inc> said", "<A and W Brands Inc> said"),  # a company, not <a>
    ],
)
def test_inline_markup(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


@pytest.mark.parametrize("unit", ["<b ", "<b x=", "</b>", "&lt;b&gt;", "<br>", "<a href=1 "])
def test_markup_strip_is_linear(unit: str) -> None:
    small, large = unit * 2_000, unit * 16_000
    assert growth_ratio(lambda: clean_text(small), lambda: clean_text(large)) < MAX_RATIO
