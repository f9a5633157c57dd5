"""Gazetteer and demonym look-ups, each text asked once per story.

This module owns how the entities stage asks the gazetteer
(:class:`~wiredesk.normalize.tables.places.Gazetteer`), the organisation table and the demonym
table: answers are cached
for the story, and a demonym is also found title-cased or as a plural (``Australians``).
"""

from __future__ import annotations

from collections.abc import Mapping

from wiredesk.normalize.tables.organisations import EMPTY_ORG_TABLE, Organisation, OrgTable
from wiredesk.normalize.tables.places import Country, Gazetteer, GeoPlace


class Lookups:
    """Gazetteer, organisation and demonym look-ups, each text asked once per story."""

    def __init__(
        self,
        gazetteer: Gazetteer,
        demonyms: Mapping[str, str],
        orgs: OrgTable = EMPTY_ORG_TABLE,
    ) -> None:
        self.gazetteer = gazetteer
        self.orgs = orgs
        self._gazetteer = gazetteer
        self._demonyms = demonyms
        self._countries: dict[str, Country | None] = {}
        self._places: dict[str, GeoPlace | None] = {}
        self._orgs: dict[str, Organisation | None] = {}

    def org(self, text: str) -> Organisation | None:
        if text not in self._orgs:
            self._orgs[text] = self.orgs.find(text)
        return self._orgs[text]

    def country(self, text: str) -> Country | None:
        if text not in self._countries:
            self._countries[text] = self._gazetteer.country(text)
        return self._countries[text]

    def place(self, text: str, region: str | None = None) -> GeoPlace | None:
        if region is not None:
            return self._gazetteer.place(text, region)
        if text not in self._places:
            self._places[text] = self._gazetteer.place(text)
        return self._places[text]

    def demonym(self, text: str) -> str | None:
        for form in dict.fromkeys((text, text.title())):
            code = self._demonyms.get(form)
            if code is None and form.endswith("s"):
                code = self._demonyms.get(form[:-1])  # Australians, Danes
            if code is not None:
                return code
        return None
