"""Entities: gazetteer and demonym look-ups, each text asked once per story.

This module owns how the entities stage asks the gazetteer
(:class:`~service.normalize.places.Gazetteer`) and the demonym table: answers are cached
for the story, and a demonym is also found title-cased or as a plural (``Australians``).
"""

from __future__ import annotations

from collections.abc import Mapping

from service.normalize.places import Country, Gazetteer, GeoPlace


class Lookups:
    """Gazetteer and demonym look-ups, each text asked once per story."""

    def __init__(self, gazetteer: Gazetteer, demonyms: Mapping[str, str]) -> None:
        self._gazetteer = gazetteer
        self._demonyms = demonyms
        self._countries: dict[str, Country | None] = {}
        self._places: dict[str, GeoPlace | None] = {}

    def country(self, text: str) -> Country | None:
        if text not in self._countries:
            self._countries[text] = self._gazetteer.country(text)
        return self._countries[text]

    def place(self, text: str) -> GeoPlace | None:
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
