"""Datelines in every agency style of domain.md, and the traps seen in real copy.

Every example is invented by the team; none is agency copy.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.timing import MAX_RATIO, growth_ratio
from wiredesk.normalize.dateline import (
    WINDOW,
    DatelineParts,
    build_dateline,
    resolve_date,
    split_dateline,
)
from wiredesk.normalize.tables.places import Gazetteer
from wiredesk.resources.reference import load_gazetteer


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


# (lead, dateline as written, place, region, (month, day, year), credit, body starts with)
Row = tuple[
    str, str, str | None, str | None, tuple[int | None, int | None, int | None], str | None, str
]
NO_DATE = (None, None, None)

STYLES: list[Row] = [
    # Reuters
    (
        "OSLO (Reuters) - Norway's wealth fund sold.",
        "OSLO (Reuters) -",
        "OSLO",
        None,
        NO_DATE,
        "Reuters",
        "Norway's",
    ),
    (
        "LIMA, Sept 14 (Reuters) - Copper output rose.",
        "LIMA, Sept 14 (Reuters) -",
        "LIMA",
        None,
        (9, 14, None),
        "Reuters",
        "Copper",
    ),
    (
        "Feb 3 (Reuters) - Freight rates eased.",
        "Feb 3 (Reuters) -",
        None,
        None,
        (2, 3, None),
        "Reuters",
        "Freight",
    ),
    (
        "Aug 19 (Reuters) - Palm oil slid.",
        "Aug 19 (Reuters) -",
        None,
        None,
        (8, 19, None),
        "Reuters",
        "Palm",
    ),
    # Reuters 1987: no credit, sign-off at the end
    (
        "CURITIBA, Mar 4 - Soybean harvest advanced.",
        "CURITIBA, Mar 4 -",
        "CURITIBA",
        None,
        (3, 4, None),
        None,
        "Soybean",
    ),
    (
        "ELMHURST, Ill., March 9 - A maker of valves said.",
        "ELMHURST, Ill., March 9 -",
        "ELMHURST",
        "Ill.",
        (3, 9, None),
        None,
        "A maker",
    ),
    # AP, with the dash styles of each era
    ("DENVER (AP) — Snow closed roads.", "DENVER (AP) —", "DENVER", None, NO_DATE, "AP", "Snow"),
    (
        "VERONA, Italy (AP) -- A bridge reopened.",
        "VERONA, Italy (AP) --",
        "VERONA",
        "Italy",
        NO_DATE,
        "AP",
        "A bridge",
    ),
    (
        "BOISE, Idaho (AP) _ Farmers met.",
        "BOISE, Idaho (AP) _",
        "BOISE",
        "Idaho",
        NO_DATE,
        "AP",
        "Farmers",
    ),
    (
        "EUGENE, Ore. (AP) — A mill closed.",
        "EUGENE, Ore. (AP) —",
        "EUGENE",
        "Ore.",
        NO_DATE,
        "AP",
        "A mill",
    ),
    # AFP, with and without a year, and the French service
    (
        "LAGOS, Jun 3 (AFP) - Fuel queues grew.",
        "LAGOS, Jun 3 (AFP) -",
        "LAGOS",
        None,
        (6, 3, None),
        "AFP",
        "Fuel",
    ),
    (
        "OSLO, Nov 11, 2013 (AFP) - A ferry ran aground.",
        "OSLO, Nov 11, 2013 (AFP) -",
        "OSLO",
        None,
        (11, 11, 2013),
        "AFP",
        "A ferry",
    ),
    (
        "Bordeaux, 3 févr 2023 (AFP) - Le vignoble gèle.",
        "Bordeaux, 3 févr 2023 (AFP) -",
        "Bordeaux",
        None,
        (2, 3, 2023),
        "AFP",
        "Le vignoble",
    ),
    (
        "Nantes, 21 sept 2022 (AFP) - Un pont ferme.",
        "Nantes, 21 sept 2022 (AFP) -",
        "Nantes",
        None,
        (9, 21, 2022),
        "AFP",
        "Un pont",
    ),
    # EFE: title-case place, ".-" separator, joint credit with EPA
    (
        "Quito, Mar 8 (EFE).- Volcano ash fell.",
        "Quito, Mar 8 (EFE).-",
        "Quito",
        None,
        (3, 8, None),
        "EFE",
        "Volcano",
    ),
    (
        "Manila, Dec 1 (efe-epa).- A typhoon neared.",
        "Manila, Dec 1 (efe-epa).-",
        "Manila",
        None,
        (12, 1, None),
        "efe-epa",
        "A typhoon",
    ),
    # Xinhua: month abbreviations with a dot
    (
        "WUHAN, Sept. 9 (Xinhua) -- A bridge opened.",
        "WUHAN, Sept. 9 (Xinhua) --",
        "WUHAN",
        None,
        (9, 9, None),
        "Xinhua",
        "A bridge",
    ),
    (
        "LHASA, Jan. 17 (Xinhua) -- Herders moved.",
        "LHASA, Jan. 17 (Xinhua) --",
        "LHASA",
        None,
        (1, 17, None),
        "Xinhua",
        "Herders",
    ),
    # TASS: credit between slashes, full month name, dot after the day
    (
        "MURMANSK, November 2. /TASS/. An icebreaker left.",
        "MURMANSK, November 2. /TASS/.",
        "MURMANSK",
        None,
        (11, 2, None),
        "TASS",
        "An icebreaker",
    ),
    (
        "UNITED NATIONS, May 5. /TASS/. Envoys met.",
        "UNITED NATIONS, May 5. /TASS/.",
        "UNITED NATIONS",
        None,
        (5, 5, None),
        "TASS",
        "Envoys",
    ),
    # dpa
    (
        "Hamburg (dpa) - The port grew.",
        "Hamburg (dpa) -",
        "Hamburg",
        None,
        NO_DATE,
        "dpa",
        "The port",
    ),
    ("Vienna (dpa) - Trains stopped.", "Vienna (dpa) -", "Vienna", None, NO_DATE, "dpa", "Trains"),
    # ANSA: agency first, then place and date
    (
        "(ANSA) - Naples, June 2 - Pizza makers met.",
        "(ANSA) - Naples, June 2 -",
        "Naples",
        None,
        (6, 2, None),
        "ANSA",
        "Pizza",
    ),
    (
        "(ANSA) - Turin, January 20 - Car sales rose.",
        "(ANSA) - Turin, January 20 -",
        "Turin",
        None,
        (1, 20, None),
        "ANSA",
        "Car",
    ),
    # PTI and IANS: no separator before the text
    (
        "Chennai, Aug 4 (PTI) The state opened a port.",
        "Chennai, Aug 4 (PTI)",
        "Chennai",
        None,
        (8, 4, None),
        "PTI",
        "The state",
    ),
    (
        "Pune, March 30 (IANS) Rain delayed trains.",
        "Pune, March 30 (IANS)",
        "Pune",
        None,
        (3, 30, None),
        "IANS",
        "Rain",
    ),
    # Kyodo
    (
        "OSAKA (Kyodo) -- A robot was shown.",
        "OSAKA (Kyodo) --",
        "OSAKA",
        None,
        NO_DATE,
        "Kyodo",
        "A robot",
    ),
    (
        "HUALIEN, Taiwan (Kyodo) -- A quake hit.",
        "HUALIEN, Taiwan (Kyodo) --",
        "HUALIEN",
        "Taiwan",
        NO_DATE,
        "Kyodo",
        "A quake",
    ),
    # Yonhap, places joined with "/"
    (
        "DAEGU, Oct. 30 (Yonhap) -- Exports rose.",
        "DAEGU, Oct. 30 (Yonhap) --",
        "DAEGU",
        None,
        (10, 30, None),
        "Yonhap",
        "Exports",
    ),
    (
        "SEOUL/ULSAN -- Shipbuilders signed.",
        "SEOUL/ULSAN --",
        "SEOUL/ULSAN",
        None,
        NO_DATE,
        None,
        "Shipbuilders",
    ),
    # UPI, with a country after the city, or no place at all
    (
        "QUITO, Ecuador, Sept. 7 (UPI) -- Voters lined up.",
        "QUITO, Ecuador, Sept. 7 (UPI) --",
        "QUITO",
        "Ecuador",
        (9, 7, None),
        "UPI",
        "Voters",
    ),
    (
        "Dec. 2 (UPI) -- Chemists reported.",
        "Dec. 2 (UPI) --",
        None,
        None,
        (12, 2, None),
        "UPI",
        "Chemists",
    ),
    # Bloomberg
    ("(Bloomberg) -- Yields fell.", "(Bloomberg) --", None, None, NO_DATE, "Bloomberg", "Yields"),
    (
        "Feb. 11 (Bloomberg) -- Gold rose.",
        "Feb. 11 (Bloomberg) --",
        None,
        None,
        (2, 11, None),
        "Bloomberg",
        "Gold",
    ),
    # Anadolu
    ("IZMIR (AA) - A ferry line opened.", "IZMIR (AA) -", "IZMIR", None, NO_DATE, "AA", "A ferry"),
    ("KONYA (AA) - Wheat prices held.", "KONYA (AA) -", "KONYA", None, NO_DATE, "AA", "Wheat"),
    # Canadian Press distributing AP: two credits in one dateline
    (
        "Canadian Press - SARAJEVO, Bosnia-Herzegovina (AP) - Divers jumped.",
        "Canadian Press - SARAJEVO, Bosnia-Herzegovina (AP) -",
        "SARAJEVO",
        "Bosnia-Herzegovina",
        NO_DATE,
        "Canadian Press - SARAJEVO, Bosnia-Herzegovina (AP)",
        "Divers",
    ),
    (
        "Canadian Press - LYON, France (AP) - Chefs cooked.",
        "Canadian Press - LYON, France (AP) -",
        "LYON",
        "France",
        NO_DATE,
        "Canadian Press - LYON, France (AP)",
        "Chefs",
    ),
    # CoNLL-2003 era Reuters: ISO date, no credit
    (
        "MADRID 1996-08-30\nSpain's bonds rallied.",
        "MADRID 1996-08-30",
        "MADRID",
        None,
        (8, 30, 1996),
        None,
        "Spain's",
    ),
    (
        "NICOSIA , Cyprus 1996-09-02\nTalks resumed.",
        "NICOSIA , Cyprus 1996-09-02",
        "NICOSIA",
        "Cyprus",
        (9, 2, 1996),
        None,
        "Talks",
    ),
]

TRAPS: list[Row] = [
    # en dash, or no space after the separator
    (
        "ROME, May 2 (Reuters) – Bread prices rose.",
        "ROME, May 2 (Reuters) –",
        "ROME",
        None,
        (5, 2, None),
        "Reuters",
        "Bread",
    ),
    (
        "DUBLIN (Reuters) -Rents climbed.",
        "DUBLIN (Reuters) -",
        "DUBLIN",
        None,
        NO_DATE,
        "Reuters",
        "Rents",
    ),
    # day before month
    (
        "UTRECHT, 4 April - Tulip growers said.",
        "UTRECHT, 4 April -",
        "UTRECHT",
        None,
        (4, 4, None),
        None,
        "Tulip",
    ),
    (
        "GHENT, 19 Nov (Reuters) - A port deal.",
        "GHENT, 19 Nov (Reuters) -",
        "GHENT",
        None,
        (11, 19, None),
        "Reuters",
        "A port",
    ),
    # "Sept" with and without the dot, capitals, a month spelled out
    (
        "PERTH, Sept 1 - Miners said.",
        "PERTH, Sept 1 -",
        "PERTH",
        None,
        (9, 1, None),
        None,
        "Miners",
    ),
    (
        "PERTH, Sept. 1 - Miners said.",
        "PERTH, Sept. 1 -",
        "PERTH",
        None,
        (9, 1, None),
        None,
        "Miners",
    ),
    (
        "BASEL, FEB 27 - A drugmaker said.",
        "BASEL, FEB 27 -",
        "BASEL",
        None,
        (2, 27, None),
        None,
        "A drugmaker",
    ),
    (
        "LEEDS, December 12 - A mill said.",
        "LEEDS, December 12 - ",
        "LEEDS",
        None,
        (12, 12, None),
        None,
        "A mill",
    ),
    # Spanish month names
    (
        "Lima, 5 de julio (EFE).- Miners struck.",
        "Lima, 5 de julio (EFE).-",
        "Lima",
        None,
        (7, 5, None),
        "EFE",
        "Miners",
    ),
    # region written without its dot, and no comma before the date
    (
        "DOVER, Del Feb 12 - A bank said.",
        "DOVER, Del Feb 12 -",
        "DOVER",
        "Del",
        (2, 12, None),
        None,
        "A bank",
    ),
    # places joined with "/", with a date
    (
        "TOKYO/OSAKA, Jan 9 (Reuters) - Shares fell.",
        "TOKYO/OSAKA, Jan 9 (Reuters) -",
        "TOKYO/OSAKA",
        None,
        (1, 9, None),
        "Reuters",
        "Shares",
    ),
    # leading whitespace before the dateline
    (
        "    HAVANA, Feb 2 - Sugar output fell.",
        "HAVANA, Feb 2 -",
        "HAVANA",
        None,
        (2, 2, None),
        None,
        "Sugar",
    ),
    # a mistyped month and a mistyped day keep the place; the date is flagged by build_dateline
    (
        "DENVER, Narch 3 - Cattle prices rose.",
        "DENVER, Narch 3 -",
        "DENVER",
        None,
        (3, 3, None),
        None,
        "Cattle",
    ),
    (
        "OMAHA, April l - Grain moved.",
        "OMAHA, April l -",
        "OMAHA",
        None,
        (4, None, None),
        None,
        "Grain",
    ),
]


@pytest.mark.parametrize(
    ("lead", "text", "place", "region", "mdy", "credit", "body_start"), STYLES + TRAPS
)
def test_split_dateline(
    lead: str,
    text: str,
    place: str | None,
    region: str | None,
    mdy: tuple[int | None, int | None, int | None],
    credit: str | None,
    body_start: str,
) -> None:
    parts, body = split_dateline(lead)
    assert parts is not None
    assert parts.text == text.strip()
    assert (parts.place_text, parts.region_text) == (place, region)
    assert (parts.month, parts.day, parts.year) == mdy
    assert parts.credit == credit
    assert body.startswith(body_start)
    # the dateline and the body together are the lead, give or take whitespace
    assert lead.strip().startswith(parts.text)
    assert lead.endswith(body)


@pytest.mark.parametrize(
    "lead",
    [
        "The central bank raised rates on Tuesday.",
        "Shares of Acme Widgets (ACME) rose sharply after the report.",
        "Prices rose - and then fell again - in early trade.",
        "Officials said (without giving details) that talks would go on.",
        "Apollo 11 - fifty years on, engineers remember.",
        "Wilcox/Gibbs - the sewing machine maker - said it would merge.",
        "Jan 30 - the day markets fell.",
        "“We are ready,” the minister said (Reuters) - in a statement.",
        "",
        "   ",
        "-- ",
    ],
)
def test_a_lead_without_dateline_comes_back_unchanged(lead: str) -> None:
    assert split_dateline(lead) == (None, lead)


def test_canadian_press_dateline_keeps_each_credit() -> None:
    parts, _ = split_dateline("Canadian Press - LYON, France (AP) - Chefs cooked.")
    assert parts is not None
    assert parts.credits == ("Canadian Press", "AP")


def test_dateline_beyond_the_window_is_not_read() -> None:
    lead = " " * 30 + "x" * (WINDOW + 10) + " LONDON, May 2 (Reuters) - Text."
    assert split_dateline(lead) == (None, lead)


# --------------------------------------------------------------------------- building

RECEIVED = datetime(2021, 6, 15, 12, 0, tzinfo=UTC)


def test_build_resolves_place_and_date(gazetteer: Gazetteer) -> None:
    parts, _ = split_dateline("Tokyo, Oct 6 (efe-epa).- A meeting.")
    assert parts is not None
    dateline, warnings = build_dateline(parts, gazetteer, datetime(2020, 10, 6, 10, tzinfo=UTC))
    assert warnings == []
    assert dateline.text == "Tokyo, Oct 6 (efe-epa).-"
    assert dateline.date == date(2020, 10, 6)
    assert dateline.place is not None
    assert dateline.place.text == "Tokyo"
    assert dateline.place.name == "Tokyo"
    assert dateline.place.country_code == "JP"
    assert dateline.place.geonames_id == 1850147
    assert dateline.place.lat == pytest.approx(35.69, abs=0.05)


def test_build_keeps_the_region_as_written(gazetteer: Gazetteer) -> None:
    parts, _ = split_dateline("PORTLAND, Ore. (AP) — Rain fell.")
    assert parts is not None
    dateline, warnings = build_dateline(parts, gazetteer, RECEIVED)
    assert warnings == []
    assert dateline.place is not None
    assert (dateline.place.name, dateline.place.region, dateline.place.country_code) == (
        "Portland",
        "Ore.",
        "US",
    )
    assert dateline.place.geonames_id == 5746545
    assert dateline.date is None


def test_build_unknown_place_is_kept_title_cased_with_a_warning(gazetteer: Gazetteer) -> None:
    parts, _ = split_dateline("XYZZYVILLE, Feb 3 - Nothing happened.")
    assert parts is not None
    dateline, warnings = build_dateline(parts, gazetteer, RECEIVED)
    assert dateline.place is not None
    assert dateline.place.text == "XYZZYVILLE"
    assert dateline.place.name == "Xyzzyville"
    assert dateline.place.country_code is None
    assert dateline.place.geonames_id is None
    assert [w.code for w in warnings] == ["unknown_place"]


def test_build_unknown_town_in_a_known_state_gets_the_country(gazetteer: Gazetteer) -> None:
    parts, _ = split_dateline("LITTLE HOLLOW, Conn., March 3 - A firm said.")
    assert parts is not None
    dateline, warnings = build_dateline(parts, gazetteer, RECEIVED)
    assert dateline.place is not None
    assert (dateline.place.name, dateline.place.country_code) == ("Little Hollow", "US")
    assert [w.code for w in warnings] == ["unknown_place"]


def test_build_without_place(gazetteer: Gazetteer) -> None:
    parts, _ = split_dateline("Jan 30 (Reuters) - Oil rose.")
    assert parts is not None
    dateline, warnings = build_dateline(parts, gazetteer, datetime(2021, 1, 30, tzinfo=UTC))
    assert dateline.place is None
    assert dateline.date == date(2021, 1, 30)
    assert warnings == []


@pytest.mark.parametrize(
    "lead",
    ["OMAHA, Feb 30 - Grain moved.", "OMAHA, April l - Grain moved.", "OMAHA, 1996-02-31\nx"],
)
def test_build_invalid_date_gives_none_and_a_warning(gazetteer: Gazetteer, lead: str) -> None:
    parts, _ = split_dateline(lead)
    assert parts is not None
    dateline, warnings = build_dateline(parts, gazetteer, RECEIVED)
    assert dateline.date is None
    assert [w.code for w in warnings] == ["invalid_date"]
    assert dateline.place is not None
    assert dateline.place.name == "Omaha"


@pytest.mark.parametrize("lead", ["DENVER, Narch 3 - Cattle.", "DENVER, Marc 3 - Cattle."])
def test_build_mistyped_month_is_read_with_a_warning(gazetteer: Gazetteer, lead: str) -> None:
    parts, _ = split_dateline(lead)
    assert parts is not None
    dateline, warnings = build_dateline(parts, gazetteer, RECEIVED)
    assert dateline.date == date(2021, 3, 3)
    assert [w.code for w in warnings] == ["date_corrected"]


@pytest.mark.parametrize("lead", ["DENVER, Mar 3 - Cattle.", "DENVER, 3 de marzo - Cattle."])
def test_build_well_spelled_month_gives_no_warning(gazetteer: Gazetteer, lead: str) -> None:
    parts, _ = split_dateline(lead)
    assert parts is not None
    dateline, warnings = build_dateline(parts, gazetteer, RECEIVED)
    assert dateline.date == date(2021, 3, 3)
    assert warnings == []


def test_build_accepts_parts_made_by_hand(gazetteer: Gazetteer) -> None:
    parts = DatelineParts(
        text="GROSSETO, Italy (AP) --",
        place_text="GROSSETO",
        region_text="Italy",
        month=None,
        day=None,
        year=None,
        credit="AP",
    )
    dateline, _ = build_dateline(parts, gazetteer, RECEIVED)
    assert dateline.place is not None
    assert dateline.place.country_code == "IT"


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("month", "day", "year", "received", "expected"),
    [
        # across new year: the previous year
        (12, 31, None, datetime(2021, 1, 1, tzinfo=UTC), date(2020, 12, 31)),
        # same day, received in a zone ahead of UTC
        (
            10,
            6,
            None,
            datetime(2020, 10, 6, 10, tzinfo=timezone(timedelta(hours=9))),
            date(2020, 10, 6),
        ),
        # a day ahead of the receive time (TASS dates April 30, posted April 29 elsewhere)
        (4, 30, None, datetime(2020, 4, 29, 22, tzinfo=UTC), date(2020, 4, 30)),
        # two days ahead is still this year; three days is last year
        (3, 3, None, datetime(2020, 3, 1, tzinfo=UTC), date(2020, 3, 3)),
        (3, 4, None, datetime(2020, 3, 1, tzinfo=UTC), date(2019, 3, 4)),
        # naive times are UTC
        (2, 26, None, datetime(1987, 2, 26, 15, 1), date(1987, 2, 26)),
        # a year written in the dateline is kept
        (8, 29, 2014, datetime(2021, 1, 1, tzinfo=UTC), date(2014, 8, 29)),
        # no such day in the year the rule gives
        (2, 29, None, datetime(2021, 3, 5, tzinfo=UTC), None),
        (2, 29, None, datetime(2020, 3, 1, tzinfo=UTC), date(2020, 2, 29)),
        (2, 30, None, datetime(2020, 3, 1, tzinfo=UTC), None),
    ],
)
def test_resolve_date(
    month: int, day: int, year: int | None, received: datetime, expected: date | None
) -> None:
    assert resolve_date(month, day, year, received) == expected


def test_build_year_inference_across_new_year(gazetteer: Gazetteer) -> None:
    parts, _ = split_dateline("SHANGHAI, Dec. 31 (Xinhua) -- Fireworks.")
    assert parts is not None
    dateline, _ = build_dateline(parts, gazetteer, datetime(2021, 1, 1, 3, tzinfo=UTC))
    assert dateline.date == date(2020, 12, 31)


# --------------------------------------------------------------------------- linear time

ADVERSARIAL = [
    "A" * 1000,
    "(" * 1000,
    "-" * 1000,
    " -" * 500,
    "LONDON, " * 125,
    "Jan 1 " * 170,
    "A, " * 330,
    "/A" * 500,
    "(A) " * 250,
    "1" * 1000,
    ". " * 500,
]


@pytest.mark.parametrize("unit", ADVERSARIAL)
def test_split_dateline_time_is_linear(unit: str) -> None:
    small = unit * 20
    large = small * 8
    ratio = growth_ratio(lambda: split_dateline(small), lambda: split_dateline(large))
    assert ratio < MAX_RATIO, f"8x input took {ratio:.1f}x the time"


# --------------------------------------------------------------------------- robustness


_DATELINE_ALPHABET = st.sampled_from(
    [
        *"ABCDEFGHIJKLMNOPRSTUWYZabcdefghijklmnoprstuy0123456789 ,.-—–_/()'\n",
        *["Sept. ", "Feb ", "March ", " (Reuters) ", " -- ", ".- ", " /TASS/. ", "1996-12-06 "],
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_DATELINE_ALPHABET, max_size=60).map("".join))
def test_split_dateline_never_loses_text(lead: str) -> None:
    parts, body = split_dateline(lead)
    if parts is None:
        assert body == lead
    else:
        assert parts.text
        assert parts.text in lead
        assert len(parts.text) <= WINDOW
        # The body is the lead without its dateline: what stood above it (a teaser
        # paragraph) and what follows it, nothing else lost or added.
        kept = set()
        for head, _, tail in (lead.partition(parts.text), lead.rpartition(parts.text)):
            kept.add((head if head.strip() else "") + tail.lstrip())
        assert body in kept
