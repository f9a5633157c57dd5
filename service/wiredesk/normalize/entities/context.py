"""Step 3b: a place name read with the story's evidence.

This module owns :class:`PlaceContext`: what a story says about where it is (its
dateline's country and region, the regions it names, the words around a mention) and
the rule that picks, among the places one name can be, the one the story means:

- A name that is both a country and a region (``Georgia``) is the region when the
  dateline is in the region's country and the story says so: the dateline's own region,
  or words such as ``state``, ``governor``, ``county`` next to a mention (``Georgia's
  governor``, ``rural districts across Georgia`` in an ``ATLANTA (AP)`` story).
- A name several cities share (``Paris``, ``Córdoba``, ``Victoria``) is the one in the
  dateline's region or in a region the story names (``Paris`` in a story from Texas);
  else the one in the dateline's country, when it is a city of some size beside the
  best-known one (``Córdoba`` in a story from Spain, but not ``Paris``, Texas, in any US
  story); else the gazetteer's default (the most populous).
- A region in the dateline's country beats a city of that name abroad (``Victoria`` in
  a story from Australia is the state).

Without evidence nothing changes: the gazetteer's answer stands.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Final

from wiredesk.models import MentionField, Place
from wiredesk.normalize.entities.lookups import Lookups
from wiredesk.normalize.entities.spans import PLACE_LABELS, Span
from wiredesk.normalize.tables.places import GeoPlace

# Words that say a name is a state or province, looked for next to its mentions.
_REGION_WORDS: Final = frozenset(
    {"state", "state's", "states", "governor", "gov.", "county", "counties", "legislature",
     "statehouse", "province", "provincial", "lawmakers", "senator", "districts",
     "democrat", "republican"}
)  # fmt: skip
_WINDOW: Final = 48  # characters either side of a mention searched for those words
# A city in the dateline's country wins over the best-known city of its name when it
# has at least this share of that city's population.
_HOME_CITY_SHARE: Final = 0.1


class PlaceContext:
    """What a story says about where it is; see the module docstring."""

    def __init__(
        self,
        spans: Iterable[Span],
        texts: Mapping[MentionField, str],
        lookups: Lookups,
        dateline_place: Place | None,
    ) -> None:
        self._texts = texts
        self._lookups = lookups
        self.home_country = dateline_place.country_code if dateline_place else None
        self._regions: set[tuple[str | None, str]] = set()
        if dateline_place is not None:
            home = lookups.place(dateline_place.text, dateline_place.region)
            if home is not None and home.region:
                self._regions.add((home.country_code, home.region))
        self._spans = [s for s in spans if s.label in PLACE_LABELS]
        for span in self._spans:
            for region in lookups.gazetteer.regions_named(span.name):
                if region.region and lookups.country(span.name) is None:
                    self._regions.add((region.country_code, region.region))
        self.chosen: dict[tuple[str, str], GeoPlace] = {}
        self._answers: dict[str, GeoPlace | None] = {}
        self._by_name: dict[str, list[Span]] = {}
        for span in self._spans:
            self._by_name.setdefault(span.name, []).append(span)

    def _evidence(self, name: str) -> bool:
        for span in self._by_name.get(name, ()):
            text = self._texts[span.field]
            around = text[max(0, span.start - _WINDOW) : span.end + _WINDOW].lower()
            words = {w.strip(".,;:()\"'’") for w in around.split()}
            words |= {w.strip(",;:()\"'") for w in around.replace("’", "'").split()}
            if words & _REGION_WORDS:
                return True
        return False

    def place_for(self, span: Span) -> GeoPlace | None:
        """The place ``span`` names when the story's evidence says it is not the
        gazetteer's default; None to keep the default."""
        if span.label not in PLACE_LABELS or self.home_country is None:
            return None
        if span.name not in self._answers:
            self._answers[span.name] = self._place_for(span)
        return self._answers[span.name]

    def _place_for(self, span: Span) -> GeoPlace | None:
        lookups = self._lookups
        regions = lookups.gazetteer.regions_named(span.name)
        home_regions = [r for r in regions if r.country_code == self.home_country]
        if lookups.country(span.name) is not None:
            # Georgia: the country, unless the story says it is the US state.
            for region in home_regions:
                if (region.country_code, region.region) in self._regions or self._evidence(
                    span.name
                ):
                    return region
            return None
        cities = lookups.gazetteer.cities_named(span.name)
        if not cities:
            return None
        default = lookups.place(span.name)
        in_named_region = [c for c in cities if (c.country_code, c.region) in self._regions]
        if in_named_region:
            return _unless_default(in_named_region[0], default)
        if default is not None and default.country_code == self.home_country:
            return None
        if home_regions and not any(c.country_code == self.home_country for c in cities):
            return home_regions[0]  # Victoria, the Australian state
        best = cities[0].population or 1
        for city in cities:
            if city.country_code == self.home_country:
                if city.population >= _HOME_CITY_SHARE * best:
                    return _unless_default(city, default)
                break
        return None


def _unless_default(place: GeoPlace, default: GeoPlace | None) -> GeoPlace | None:
    if default is not None and default.geonames_id == place.geonames_id:
        return None
    return place
