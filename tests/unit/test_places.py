"""The gazetteer: what a dateline place or a country name resolves to."""

from __future__ import annotations

import pytest

from wiredesk.normalize.tables.places import Gazetteer, place_key
from wiredesk.resources.reference import load_gazetteer


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


# (place as written, region as written, canonical name, country code, GeoNames id or None)
PLACES: list[tuple[str, str | None, str, str | None, int | None]] = [
    ("TOKYO", None, "Tokyo", "JP", 1850147),
    ("WASHINGTON", None, "Washington", "US", 4140963),
    ("NEW YORK", None, "New York City", "US", 5128581),
    ("New york", None, "New York City", "US", 5128581),
    ("SALVADOR", None, "Salvador", "BR", 3450554),
    ("PORTLAND", "Ore.", "Portland", "US", 5746545),
    ("PORTLAND", "Maine", "Portland", "US", 4975802),
    ("PORTLAND", "ME", "Portland", "US", 4975802),
    ("GROSSETO", "Italy", "Grosseto", "IT", None),
    ("AL-AIN", "United Arab Emirates", "Al Ain City", "AE", 292913),
    ("Al Ain", None, "Al Ain City", "AE", 292913),
    ("ST. LOUIS", None, "St. Louis", "US", 4407066),
    ("ST LOUIS", None, "St. Louis", "US", 4407066),
    ("Saint Louis", None, "St. Louis", "US", 4407066),
    ("SAO PAULO", None, "São Paulo", "BR", None),
    ("WINSTON-SALEM", "N.C.", "Winston-Salem", "US", None),
    ("COEUR D'ALENE", "Idaho", "Coeur d'Alene", "US", None),
    ("KANSAS CITY", "Mo.", "Kansas City", "US", None),
    ("COLUMBUS", "IND.", "Columbus", "US", None),
    ("COLUMBUS", "Ohio", "Columbus", "US", None),
    ("CALGARY", "Alberta", "Calgary", "CA", None),
    ("VANCOUVER", "British Columbia", "Vancouver", "CA", None),
    ("VANCOUVER", "Wash.", "Vancouver", "US", None),
    ("ATLANTA", "Georgia", "Atlanta", "US", None),
    ("THE HAGUE", None, "The Hague", "NL", None),
    ("MONTREAL", None, "Montréal", "CA", None),
    # historical names and exonyms
    ("Bombay", None, "Mumbai", "IN", 1275339),
    ("PEKING", None, "Beijing", "CN", 1816670),
    ("Saigon", None, "Ho Chi Minh City", "VN", 1566083),
    ("LENINGRAD", None, "Saint Petersburg", "RU", 498817),
    ("West Berlin", None, "Berlin", "DE", 2950159),
    ("EAST BERLIN", None, "Berlin", "DE", 2950159),
    ("BONN", None, "Bonn", "DE", 2946447),
    ("Rangoon", None, "Yangon", "MM", 1298824),
    ("Calcutta", None, "Kolkata", "IN", 1275004),
    ("MADRAS", None, "Chennai", "IN", 1264527),
    ("BERNE", None, "Bern", "CH", None),
    ("SARAGOSSA", None, "Zaragoza", "ES", None),
    # letters Unicode does not decompose
    ("LODZ", None, "Łódź", "PL", None),
    ("TROMSO", None, "Tromsø", "NO", None),
    # places joined with "/" resolve to the first one known
    ("DALLAS/FORT WORTH", "Texas", "Dallas", "US", None),
    ("SEOUL/SEONGJU", None, "Seoul", "KR", None),
    # a stray symbol from a corrupted transmission
    ("ME}LBOURNE", None, "Melbourne", "AU", None),
]


@pytest.mark.parametrize(("text", "region", "name", "country", "geonames_id"), PLACES)
def test_place(
    gazetteer: Gazetteer,
    text: str,
    region: str | None,
    name: str,
    country: str | None,
    geonames_id: int | None,
) -> None:
    found = gazetteer.place(text, region)
    assert found is not None
    assert (found.name, found.country_code) == (name, country)
    if geonames_id is not None:
        assert found.geonames_id == geonames_id


def test_tokyo_has_its_coordinates(gazetteer: Gazetteer) -> None:
    tokyo = gazetteer.place("TOKYO")
    assert tokyo is not None
    assert tokyo.lat == pytest.approx(35.69, abs=0.05)
    assert tokyo.lon == pytest.approx(139.69, abs=0.05)


def test_us_city_carries_its_state(gazetteer: Gazetteer) -> None:
    portland = gazetteer.place("Portland", "Ore.")
    assert portland is not None
    assert portland.region == "Oregon"


@pytest.mark.parametrize(
    ("text", "name", "country", "kind"),
    [
        ("BAHRAIN", "Bahrain", "BH", "country"),
        ("LEBANON", "Lebanon", "LB", "country"),  # the country, not a US town of that name
        ("SINGAPORE", "Singapore", "SG", "city"),  # a city named like its own country
        ("KUWAIT", "Kuwait City", "KW", "city"),
        ("HONG KONG", "Hong Kong", "HK", "city"),
        ("CALIFORNIA", "California", "US", "region"),
    ],
)
def test_countries_and_states_resolve_as_places(
    gazetteer: Gazetteer, text: str, name: str, country: str, kind: str
) -> None:
    found = gazetteer.place(text)
    assert found is not None
    assert (found.name, found.country_code, found.kind) == (name, country, kind)


def test_united_nations_is_a_place_without_a_country(gazetteer: Gazetteer) -> None:
    found = gazetteer.place("UNITED NATIONS")
    assert found is not None
    assert found.name == "United Nations"
    assert found.country_code is None
    assert found.lat is not None


@pytest.mark.parametrize("text", ["Xyzzyville", "", "   ", "---", "SAN MATAO"])
def test_unknown_places_give_none(gazetteer: Gazetteer, text: str) -> None:
    assert gazetteer.place(text) is None


def test_a_region_that_excludes_every_candidate_gives_none(gazetteer: Gazetteer) -> None:
    assert gazetteer.place("TOKYO", "Calif.") is None


# (name as written, ISO alpha-2, canonical name)
COUNTRIES: list[tuple[str, str, str]] = [
    ("US", "US", "United States"),
    ("U.S.", "US", "United States"),
    ("USA", "US", "United States"),
    ("America", "US", "United States"),
    ("United States", "US", "United States"),
    ("the United States", "US", "United States"),
    ("Britain", "GB", "United Kingdom"),
    ("UK", "GB", "United Kingdom"),
    ("U.K.", "GB", "United Kingdom"),
    ("Great Britain", "GB", "United Kingdom"),
    ("England", "GB", "United Kingdom"),
    ("Holland", "NL", "Netherlands"),
    ("South Korea", "KR", "South Korea"),
    ("ROK", "KR", "South Korea"),
    ("Republic of Korea", "KR", "South Korea"),
    ("North Korea", "KP", "North Korea"),
    ("DPRK", "KP", "North Korea"),
    ("Russia", "RU", "Russia"),
    ("Taiwan", "TW", "Taiwan"),
    ("Iran", "IR", "Iran"),
    ("Vietnam", "VN", "Vietnam"),
    ("Viet Nam", "VN", "Vietnam"),
    ("Burma", "MM", "Myanmar"),
    ("Ivory Coast", "CI", "Ivory Coast"),
    ("Côte d'Ivoire", "CI", "Ivory Coast"),
    ("Czech Republic", "CZ", "Czechia"),
    ("Japan", "JP", "Japan"),
    ("JAPAN", "JP", "Japan"),
    ("Bosnia-Herzegovina", "BA", "Bosnia and Herzegovina"),
    ("United Arab Emirates", "AE", "United Arab Emirates"),
    # dissolved states: the successor the data file names
    ("Soviet Union", "RU", "Russia"),
    ("USSR", "RU", "Russia"),
    ("Yugoslavia", "RS", "Serbia"),
    ("Czechoslovakia", "CZ", "Czechia"),
    ("West Germany", "DE", "Germany"),
    ("Zaire", "CD", "Democratic Republic of the Congo"),
    ("Rhodesia", "ZW", "Zimbabwe"),
    ("Ceylon", "LK", "Sri Lanka"),
    # ISO codes written in capitals
    ("IN", "IN", "India"),
    ("DEU", "DE", "Germany"),
]


@pytest.mark.parametrize(("text", "code", "name"), COUNTRIES)
def test_country(gazetteer: Gazetteer, text: str, code: str, name: str) -> None:
    found = gazetteer.country(text)
    assert found is not None
    assert (found.code, found.name) == (code, name)


def test_country_has_a_geonames_id(gazetteer: Gazetteer) -> None:
    japan = gazetteer.country("Japan")
    assert japan is not None
    assert japan.geonames_id == 1861060


@pytest.mark.parametrize("text", ["in", "de", "Atlantis", "", "Tokyo"])
def test_not_a_country(gazetteer: Gazetteer, text: str) -> None:
    assert gazetteer.country(text) is None


@pytest.mark.parametrize(
    ("text", "name", "country", "kind"),
    [
        ("Ore.", "Oregon", "US", "region"),
        ("Calif.", "California", "US", "region"),
        ("N.Y.", "New York", "US", "region"),
        ("Mass.", "Massachusetts", "US", "region"),
        ("W.Va.", "West Virginia", "US", "region"),
        ("Del", "Delaware", "US", "region"),
        ("MINN.", "Minnesota", "US", "region"),
        ("Ontario", "Ontario", "CA", "region"),
        ("Italy", "Italy", "IT", "country"),
        ("Georgia", "Georgia", "GE", "country"),  # the US state is written "Ga."
        ("Ga.", "Georgia", "US", "region"),
    ],
)
def test_region(gazetteer: Gazetteer, text: str, name: str, country: str, kind: str) -> None:
    found = gazetteer.region(text)
    assert found is not None
    assert (found.name, found.country_code, found.kind) == (name, country, kind)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("AL-AIN", "Al Ain"),
        ("ST. LOUIS", "St Louis"),
        ("Saint Louis", "ST LOUIS"),
        ("SAO PAULO", "São Paulo"),
        ("COEUR D'ALENE", "Coeur d’Alene"),
        ("N.Y.", "NY"),
    ],
)
def test_place_key_folds_spelling_variants(a: str, b: str) -> None:
    assert place_key(a) == place_key(b)


def test_gazetteer_is_built_once_per_process() -> None:
    assert load_gazetteer() is load_gazetteer()
