"""Step 5: mentions the model missed, found by searching the text.

This module owns the whole-word text search (linear in the text however many forms are
searched for, never inside a span already taken) and its two uses: people's names where
the model missed them (``Pompeo, Motegi ...`` headlines), and the dateline place, which
also becomes an entity, with no mentions, when the text never names it.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator, Mapping
from typing import Final

from wiredesk.models import MentionField, Place
from wiredesk.normalize.entities.groups import DATELINE, Group, Key, names_place
from wiredesk.normalize.entities.names import People
from wiredesk.normalize.entities.spans import PERSON, PLACE_LABELS, Span

# Where a word begins: one character of lookbehind and no repetition, so linear time.
_WORD_START: Final = re.compile(r"(?<![^\W_])[^\W_]")
# A bound that keeps the stage linear on junk input; real names are far shorter.
_MAX_NEEDLE: Final = 80  # characters of a name searched for in the text


def word_hits(text: str, needles: Collection[str]) -> Iterator[tuple[int, int, str]]:
    """``(start, end, needle)`` for each whole-word occurrence of a needle, by start,
    longest first at one start.

    Needles start with a letter, so they can only begin where a word begins; at each word
    start only the needle lengths in use are tried. That is O(words x distinct lengths),
    linear in the text however many needles there are (each needle is short).
    """
    lengths = sorted({len(n) for n in needles}, reverse=True)
    for match in _WORD_START.finditer(text):
        start = match.start()
        if start and text[start - 1].isalnum():  # \w and isalnum differ on rare characters
            continue
        for length in lengths:
            end = start + length
            if end <= len(text) and (end == len(text) or not text[end].isalnum()):
                candidate = text[start:end]
                if candidate in needles:
                    yield start, end, candidate


def _disjoint(intervals: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, merged intervals: their starts and ends both ascend."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(intervals):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _search_mentions(
    texts: Mapping[MentionField, str],
    needles: Iterable[str],
    taken: Mapping[MentionField, Iterable[tuple[int, int]]],
    label: str,
) -> list[Span]:
    """Whole-word occurrences of ``needles`` that overlap no ``taken`` span nor each other.

    Leftmost-longest wins (``Mike Pompeo`` over the ``Pompeo`` inside it). Needles must
    start with a capital letter; ones longer than a name could be are ignored.
    """
    usable = {n for n in needles if len(n) <= _MAX_NEEDLE and n[:1].isupper()}
    found: list[Span] = []
    if not usable:
        return found
    for field_name, text in texts.items():
        blocked = _disjoint(taken[field_name])
        next_block = 0
        free_from = 0  # end of the last hit kept
        for start, end, needle in word_hits(text, usable):
            while next_block < len(blocked) and blocked[next_block][1] <= start:
                next_block += 1
            overlaps_taken = next_block < len(blocked) and blocked[next_block][0] < end
            if start < free_from or overlaps_taken:
                continue
            found.append(Span(field_name, start, end, needle, label))
            free_from = end
    return found


def _taken_offsets(groups: Mapping[Key, Group]) -> dict[MentionField, list[tuple[int, int]]]:
    taken: dict[MentionField, list[tuple[int, int]]] = {"headline": [], "body": []}
    for group in groups.values():
        for s in group.spans:
            taken[s.field].append((s.start, s.end))
    return taken


def add_missed_person_mentions(
    groups: Mapping[Key, Group], people: People, texts: Mapping[MentionField, str]
) -> None:
    """Find people's names where the model missed them (step 5).

    Searched: every form the story already used for a person, and the bare surname when
    no other person in the story shares it. Case-sensitive, whole words, never inside
    another entity's span; a form two entities use is searched for neither.
    """
    owners: dict[str, Group | None] = {}
    for (kind, value), group in groups.items():
        if kind not in ("person", "person-bare"):
            continue
        forms = {s.text for s in group.spans}
        if kind == "person":
            forms |= people.unique_surnames(int(value))
        for form in forms:
            owners[form] = group if owners.get(form, group) is group else None
    needles = {form for form, group in owners.items() if group is not None and len(form) > 1}
    for span in _search_mentions(texts, needles, _taken_offsets(groups), PERSON):
        owner = owners[span.text]
        if owner is not None:
            owner.spans.append(span)


def add_dateline_place(
    groups: dict[Key, Group], texts: Mapping[MentionField, str], place: Place | None
) -> None:
    """Make sure the dateline place is an entity, with every mention the text has.

    The model may have found it (a group keyed by its name, or one with its GeoNames id,
    or with its name and country), missed some mentions of it (a headline), or missed
    it altogether.
    """
    if place is None:
        return
    group = groups.get(DATELINE) or next(
        (g for g in groups.values() if _is_dateline_place(g, place)), None
    )
    if group is None:
        group = groups[DATELINE] = Group([])
        group.set_place(place.name, place.country_code, place.geonames_id, place.region_code)
    # Datelines are often upper case (TOKYO) where the text writes Tokyo.
    needles = {place.name, place.text, place.text.title()}
    group.spans.extend(_search_mentions(texts, needles, _taken_offsets(groups), group.label))


def _is_dateline_place(group: Group, place: Place) -> bool:
    if place.geonames_id is not None and group.geonames_id == place.geonames_id:
        return True
    # Same name and country: a city-state that is also its country (Singapore).
    return (
        group.label in PLACE_LABELS
        and group.country_code == place.country_code
        and names_place(group.name, place)
    )
