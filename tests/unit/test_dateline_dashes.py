"""Every agency's dash after a dateline gives place, date and credit.

Leads are synthetic, written for wiredesk in each agency's style.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from wiredesk.models import Envelope
from wiredesk.normalize.dateline import split_dateline
from wiredesk.normalize.pipeline import Resources, normalize

WHEN = datetime(2024, 3, 14, 12, 0, tzinfo=UTC)
MARCH_14 = date(2024, 3, 14)

# (lead, place, agency code, body starts with)
DASHES = [
    # ANPA (AP): " _ ", and the same glued or doubled
    ("BUENOS AIRES, Argentina, March 14 (AP) _ For the first time, the peso rose.", "Buenos Aires", "ap", "For the first"),  # noqa: E501
    ("BUENOS AIRES, Argentina, March 14 (AP)_For the first time, the peso rose.", "Buenos Aires", "ap", "For the first"),  # noqa: E501
    ("BUENOS AIRES, Argentina, March 14 (AP) __ For the first time, the peso rose.", "Buenos Aires", "ap", "For the first"),  # noqa: E501
    ("ATLANTA, March 14 (AP) _ 123 people were treated for heat on Thursday.", "Atlanta", "ap", "123 people"),  # noqa: E501
    # "--", en dash, em dash
    ("BEIJING, March 14 (Xinhua) -- China's exports rose 7 percent in February.", "Beijing", "xinhua", "China's exports"),  # noqa: E501
    ("WASHINGTON, March 14 (AP) – The Senate passed the bill on Thursday.", "Washington", "ap", "The Senate"),  # noqa: E501
    ("WASHINGTON, March 14 (AP) — The Senate passed the bill on Thursday.", "Washington", "ap", "The Senate"),  # noqa: E501
    # EFE's ".-", also with a space before it or glued to the next word
    ("MADRID, 14 mar (EFE).- El Gobierno aprobó el jueves un plan de vivienda.", "Madrid", "efe", "El Gobierno"),  # noqa: E501
    ("MADRID, 14 mar (EFE) .- El Gobierno aprobó el jueves un plan de vivienda.", "Madrid", "efe", "El Gobierno"),  # noqa: E501
    ("Madrid, 14 mar (EFE).-El Gobierno aprobó el jueves un plan de vivienda.", "Madrid", "efe", "El Gobierno"),  # noqa: E501
    # NTB's ":"
    ("Oslo, 14. mars (NTB): Regjeringen legger fram en ny plan torsdag.", "Oslo", "ntb", "Regjeringen"),  # noqa: E501
    ("Oslo, 14. mars (NTB) : Regjeringen legger fram en ny plan torsdag.", "Oslo", "ntb", "Regjeringen"),  # noqa: E501
    # a dash glued to the next word, or to the credit
    ("LONDON, March 14 (Reuters) -The pound rose on Thursday after the data.", "London", "reuters", "The pound"),  # noqa: E501
    ("LONDON, March 14 (Reuters)-The pound rose on Thursday after the data.", "London", "reuters", "The pound"),  # noqa: E501
    ("LONDON, March 14 (Reuters) —The pound rose on Thursday after the data.", "London", "reuters", "The pound"),  # noqa: E501
    ("BERLIN, March 14 (dpa) -The government announced a plan on Thursday.", "Berlin", "dpa", "The government"),  # noqa: E501
    ("PARIS, 14 mars 2024 (AFP) - Le gouvernement a annoncé jeudi un plan.", "Paris", "afp", "Le gouvernement"),  # noqa: E501
]  # fmt: skip


@pytest.mark.parametrize(
    ("lead", "place", "agency", "body"), DASHES, ids=[d[0][:48] for d in DASHES]
)
def test_each_dash_gives_place_date_and_credit(
    lead: str, place: str, agency: str, body: str, text_resources: Resources
) -> None:
    record = normalize(
        Envelope(text=f"A headline for the story\n\n{lead}"), text_resources, received_at=WHEN
    )
    assert record.dateline is not None and record.dateline.place is not None
    assert record.dateline.place.name == place
    assert record.dateline.date == MARCH_14
    assert agency in [a.code for a in record.agencies]
    assert record.body.startswith(body)


@pytest.mark.parametrize(
    "lead",
    [
        "WASHINGTON _ The Senate passed the bill on Thursday.",
        "WASHINGTON __ The Senate passed the bill on Thursday.",
        "WASHINGTON, March 14 _ The Senate passed the bill on Thursday.",
    ],
)
def test_an_anpa_dash_without_credit(lead: str) -> None:
    parts, body = split_dateline(lead)
    assert parts is not None and parts.place_text == "WASHINGTON"
    assert body == "The Senate passed the bill on Thursday."


def test_an_underscore_inside_a_word_is_no_dash() -> None:
    parts, body = split_dateline("snake_case names are common in code, the survey said.")
    assert parts is None
    assert body.startswith("snake_case")
