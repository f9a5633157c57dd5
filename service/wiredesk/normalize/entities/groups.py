"""Steps 3 and 4: spans grouped by the thing they name, then labelled and coded.

This module owns the :data:`Key` of a span (a person, the dateline place, a country, a
nationality, or else its own text), :class:`Group` (the spans of one entity with its
label, canonical name and codes), and the resolution of each group: people get their
longest full name, countries and places the gazetteer's name and codes, other groups
their majority label and most frequent form; groups that turn out to be one place merge.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

from wiredesk.models import Place
from wiredesk.normalize.entities.context import PlaceContext
from wiredesk.normalize.entities.lookups import Lookups
from wiredesk.normalize.entities.names import AMBIGUOUS, People, name_tokens
from wiredesk.normalize.entities.spans import FIELD_ORDER, NORP, PERSON, PLACE_LABELS, Notes, Span
from wiredesk.normalize.fold import fold
from wiredesk.normalize.tables.organisations import acronym_key, with_plain_suffix

Key = tuple[str, str]
DATELINE: Final[Key] = ("dateline", "")


@dataclass(slots=True)
class Group:
    """The spans of one entity and what is known about it."""

    spans: list[Span]
    label: str = ""
    name: str = ""
    country_code: str | None = None
    geonames_id: int | None = None
    region_code: str | None = None
    org_id: str | None = None
    tickers: list[str] = field(default_factory=list)

    @property
    def first(self) -> tuple[int, int, int]:
        return min((s.order for s in self.spans), default=(len(FIELD_ORDER), 0, 0))

    def most_frequent_text(self) -> str:
        counts = Counter(s.name for s in sorted(self.spans, key=lambda s: s.order))
        return counts.most_common(1)[0][0]  # Counter keeps first-seen order on ties

    def majority_label(self) -> str:
        counts = Counter(s.label for s in sorted(self.spans, key=lambda s: s.order))
        return counts.most_common(1)[0][0]

    def set_place(
        self,
        name: str,
        country_code: str | None,
        geonames_id: int | None,
        region_code: str | None = None,
    ) -> None:
        self.label, self.name = "GPE", name
        self.country_code, self.geonames_id = country_code, geonames_id
        self.region_code = region_code

    def title(self) -> str | None:
        """The title the story gives a person most often (first seen on a tie)."""
        titles = Counter(s.title for s in sorted(self.spans, key=lambda s: s.order) if s.title)
        return titles.most_common(1)[0][0] if titles else None

    def key(self) -> str:
        """The entity's stable key: ``geonames:<id>``, ``org:<slug>``, ``name:<type>:<slug>``."""
        if self.org_id is not None:
            return self.org_id
        if self.geonames_id is not None:
            return f"geonames:{self.geonames_id}"
        return f"name:{self.label.lower()}:{slug(self.name)}"


def slug(text: str) -> str:
    """``Bharatiya Janata Party`` -> ``bharatiya-janata-party``; accents and case folded."""
    words = "".join(ch if ch.isalnum() else " " for ch in fold(text)).split()
    return "-".join(words) or "-"


def key_for(
    span: Span,
    people: People,
    promoted: set[Span],
    lookups: Lookups,
    dateline_place: Place | None,
    notes: Notes,
    context: PlaceContext | None = None,
) -> Key:
    """The key of the real-world thing ``span`` names (step 3 of the entities stage)."""
    label = span.label
    if label == NORP and (code := lookups.demonym(span.name)) is not None:
        return ("norp", code)
    at_dateline = dateline_place is not None and names_place(span.name, dateline_place)
    country = lookups.country(span.name) if label != PERSON else None
    # A place the model calls a place stays a place even if a person shares the word.
    if label in PLACE_LABELS and at_dateline:
        return DATELINE
    if label in PLACE_LABELS and context is not None:
        found = context.place_for(span)
        if found is not None:
            key = ("place", str(found.geonames_id or found.region_code or found.name))
            context.chosen[key] = found
            return key
    if label in PLACE_LABELS and country is not None:
        return ("country", country.code)
    org = lookups.org(span.name) if label != PERSON else None
    # A place-labelled span is an organisation only by an acronym or a longer name the
    # gazetteer does not know (``European Union`` tagged GPE; not ``Amazon``).
    if (
        org is not None
        and label in PLACE_LABELS
        and lookups.place(span.name) is None
        and (acronym_key(span.name) is not None or len(span.name.split()) > 1)
    ):
        return ("org", org.id)
    index = people.match(name_tokens(span.name), label)
    if index == AMBIGUOUS:
        notes.ambiguous.add(span.name)
    elif index is not None:
        return ("person", str(index))
    if at_dateline:
        return DATELINE  # the dateline city the model took for a PERSON or ORG
    if label == PERSON or span in promoted:
        return ("person-bare", span.name)
    if org is not None and label not in PLACE_LABELS:
        return ("org", org.id)  # before countries: "AU" tagged ORG is the African Union
    if country is not None:
        return ("country", country.code)
    if label != "LANGUAGE" and (code := lookups.demonym(span.name)) is not None:
        return ("norp", code)
    letters = acronym_key(span.name)
    if letters is not None and label not in PLACE_LABELS:
        return ("acronym", letters)  # U.N. and UN meet; step 4b joins the full name
    return ("text", span.name.casefold())


def names_place(text: str, place: Place) -> bool:
    folded = text.casefold()
    return folded in (place.text.casefold(), place.name.casefold())


def resolve_groups(
    groups: Mapping[Key, Group],
    people: People,
    lookups: Lookups,
    dateline_place: Place | None,
    context: PlaceContext | None = None,
) -> dict[Key, Group]:
    """Labels, canonical names and codes (step 4); groups that are one place merge."""
    resolved: dict[Key, Group] = {}
    chosen = context.chosen if context is not None else {}
    for key, group in groups.items():
        kind, value = key
        if kind == "org" and (org := lookups.orgs.by_id(value)) is not None:
            # The table's label and name: an entry known as an organisation is no GPE.
            group.label, group.name, group.org_id = "ORG", org.name, org.id
        elif kind == "place" and key in chosen:
            found = chosen[key]
            group.set_place(found.name, found.country_code, found.geonames_id, found.region_code)
        elif kind == "person":
            group.label, group.name = PERSON, people.canonical(int(value))
        elif kind == "person-bare":
            group.label, group.name = PERSON, group.most_frequent_text()
        elif kind == "norp":
            group.label, group.name, group.country_code = NORP, group.most_frequent_text(), value
        elif kind == "country":
            _set_country(group, value, lookups)
        elif kind == "dateline" and dateline_place is not None:
            place = dateline_place
            group.set_place(place.name, place.country_code, place.geonames_id, place.region_code)
        else:
            key = _resolve_text_group(group, lookups) or key
        if key in resolved:
            resolved[key].spans.extend(group.spans)
        else:
            resolved[key] = group
    return resolved


def _set_country(group: Group, code: str, lookups: Lookups) -> None:
    # The group's own texts are what the key was found from; the code is a last resort.
    found = (lookups.country(s.name) for s in group.spans)
    country = next((c for c in found if c is not None and c.code == code), None)
    country = country or lookups.country(code)
    if country is not None and country.code == code:
        group.set_place(country.name, code, country.geonames_id)
    else:
        group.set_place(group.most_frequent_text(), code, None)


def _resolve_text_group(group: Group, lookups: Lookups) -> Key | None:
    """Label, name and codes of a text-keyed group; a new key if it is a country or place."""
    group.label = group.majority_label()
    group.name = group.most_frequent_text()
    if group.label not in PLACE_LABELS:
        if group.label == "ORG":
            group.name = with_plain_suffix(group.name)
        return None
    place = lookups.place(group.name)
    # LOC is a region or a natural feature: a city of the same name is the wrong thing.
    if place is None or (group.label == "LOC" and place.kind == "city"):
        return None
    if place.kind == "country" and place.country_code:
        group.set_place(place.name, place.country_code, place.geonames_id)
        return ("country", place.country_code)
    group.set_place(place.name, place.country_code, place.geonames_id, place.region_code)
    return ("place", str(place.geonames_id) if place.geonames_id else place.name.casefold())
