"""The gazetteer: place and country names to canonical names, ISO codes, GeoNames ids.

Built once (by ``service.reference``, at the edge) from package data and passed in
as a value. Lookups are pure and case-insensitive.
"""

from __future__ import annotations

from dataclasses import dataclass


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
    kind: str = "city"  # "city" | "country" | "region"


class Gazetteer:
    """Implemented by the dateline/places work; see the methods' docstrings."""

    def place(self, text: str, region: str | None = None) -> GeoPlace | None:
        """Resolve a place as written (``TOKYO``, ``Portland`` with region ``Ore.``,
        ``Grosseto`` with region ``Italy``, ``UNITED NATIONS``) to its canonical form,
        or None when unknown. Countries and US states resolve too (kind says which)."""
        raise NotImplementedError

    def country(self, text: str) -> Country | None:
        """A country by any common name or code: ``US``, ``U.S.``, ``United States``,
        ``America``, ``Britain``, ``UK``, ``South Korea``, ``North Korea``, ``Japan``."""
        raise NotImplementedError
