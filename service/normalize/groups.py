"""Entities, steps 3 and 4: spans grouped by the thing they name, then labelled and coded.

This module owns the :data:`Key` of a span (a person, the dateline place, a country, a
nationality, or else its own text), :class:`Group` (the spans of one entity with its
label, canonical name and codes), and the resolution of each group: people get their
longest full name, countries and places the gazetteer's name and codes, other groups
their majority label and most frequent form; groups that turn out to be one place merge.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from service.models import Place
from service.normalize.lookups import Lookups
from service.normalize.names import AMBIGUOUS, People, name_tokens
from service.normalize.spans import FIELD_ORDER, NORP, PERSON, PLACE_LABELS, Notes, Span

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

    @property
    def first(self) -> tuple[int, int, int]:
        return min((s.order for s in self.spans), default=(len(FIELD_ORDER), 0, 0))

    def most_frequent_text(self) -> str:
        counts = Counter(s.text for s in sorted(self.spans, key=lambda s: s.order))
        return counts.most_common(1)[0][0]  # Counter keeps first-seen order on ties

    def majority_label(self) -> str:
        counts = Counter(s.label for s in sorted(self.spans, key=lambda s: s.order))
        return counts.most_common(1)[0][0]

    def set_place(self, name: str, country_code: str | None, geonames_id: int | None) -> None:
        self.label, self.name = "GPE", name
        self.country_code, self.geonames_id = country_code, geonames_id


def key_for(
    span: Span,
    people: People,
    promoted: set[Span],
    lookups: Lookups,
    dateline_place: Place | None,
    notes: Notes,
) -> Key:
    """The key of the real-world thing ``span`` names (step 3 of the entities stage)."""
    label = span.label
    if label == NORP and (code := lookups.demonym(span.text)) is not None:
        return ("norp", code)
    at_dateline = dateline_place is not None and names_place(span.text, dateline_place)
    country = lookups.country(span.text) if label != PERSON else None
    # A place the model calls a place stays a place even if a person shares the word.
    if label in PLACE_LABELS and at_dateline:
        return DATELINE
    if label in PLACE_LABELS and country is not None:
        return ("country", country.code)
    index = people.match(name_tokens(span.text), label)
    if index == AMBIGUOUS:
        notes.ambiguous.add(span.text)
    elif index is not None:
        return ("person", str(index))
    if at_dateline:
        return DATELINE  # the dateline city the model took for a PERSON or ORG
    if label == PERSON or span in promoted:
        return ("person-bare", span.text)
    if country is not None:
        return ("country", country.code)
    if label != "LANGUAGE" and (code := lookups.demonym(span.text)) is not None:
        return ("norp", code)
    return ("text", span.text.casefold())


def names_place(text: str, place: Place) -> bool:
    folded = text.casefold()
    return folded in (place.text.casefold(), place.name.casefold())


def resolve_groups(
    groups: Mapping[Key, Group],
    people: People,
    lookups: Lookups,
    dateline_place: Place | None,
) -> dict[Key, Group]:
    """Labels, canonical names and codes (step 4); groups that are one place merge."""
    resolved: dict[Key, Group] = {}
    for key, group in groups.items():
        kind, value = key
        if kind == "person":
            group.label, group.name = PERSON, people.canonical(int(value))
        elif kind == "person-bare":
            group.label, group.name = PERSON, group.most_frequent_text()
        elif kind == "norp":
            group.label, group.name, group.country_code = NORP, group.most_frequent_text(), value
        elif kind == "country":
            _set_country(group, value, lookups)
        elif kind == "dateline" and dateline_place is not None:
            place = dateline_place
            group.set_place(place.name, place.country_code, place.geonames_id)
        else:
            key = _resolve_text_group(group, lookups) or key
        if key in resolved:
            resolved[key].spans.extend(group.spans)
        else:
            resolved[key] = group
    return resolved


def _set_country(group: Group, code: str, lookups: Lookups) -> None:
    # The group's own texts are what the key was found from; the code is a last resort.
    found = (lookups.country(s.text) for s in group.spans)
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
        return None
    place = lookups.place(group.name)
    # LOC is a region or a natural feature: a city of the same name is the wrong thing.
    if place is None or (group.label == "LOC" and place.kind == "city"):
        return None
    if place.kind == "country" and place.country_code:
        group.set_place(place.name, place.country_code, place.geonames_id)
        return ("country", place.country_code)
    group.set_place(place.name, place.country_code, place.geonames_id)
    return ("place", str(place.geonames_id) if place.geonames_id else place.name.casefold())
