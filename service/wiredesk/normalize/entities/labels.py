"""Step 2: labels the model got wrong, read from where a span stands.

This module owns :class:`Lists` (which spans stand side by side: ``A, B and C``) and the
two rules that go by position. A span shaped like a person's name is a person, whatever
its label, when a role word governs it: right before it (``Foreign Minister Marise
Payne``) or before the list of people it ends (``ministers, S. Jaishankar and Marise
Payne``). A span listed with places that the gazetteer knows is a place.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from typing import Final

from wiredesk.models import MentionField
from wiredesk.normalize.entities.lookups import Lookups
from wiredesk.normalize.entities.names import (
    People,
    is_capitalised_name,
    name_tokens,
    role_word_before,
)
from wiredesk.normalize.entities.spans import NORP, PERSON, PLACE_LABELS, Notes, Span, quote

# Text between two names that puts them in one list (``X and Y``, ``X, Y``).
_LIST_JOINTS: Final = (", and ", " and ", ", ", " or ", " & ")
# A bound that keeps the stage linear on junk input; real lists are far shorter.
_MAX_LIST_WALK: Final = 12  # names walked over in "A, B, C and D"


class Lists:
    """Which spans stand side by side in a list (``A, B and C``), per field."""

    def __init__(self, spans: Iterable[Span], texts: Mapping[MentionField, str]) -> None:
        self._texts = texts
        self._by_start: dict[MentionField, dict[int, Span]] = {"headline": {}, "body": {}}
        self._by_end: dict[MentionField, dict[int, Span]] = {"headline": {}, "body": {}}
        for s in spans:
            self._by_start[s.field][s.start] = s
            self._by_end[s.field][s.end] = s

    def text_of(self, span: Span) -> str:
        return self._texts[span.field]

    def before(self, span: Span) -> Span | None:
        """The span listed just before ``span``, if any."""
        text, ends = self._texts[span.field], self._by_end[span.field]
        for joint in _LIST_JOINTS:
            if text.endswith(joint, 0, span.start):
                found = ends.get(span.start - len(joint))
                if found is not None:
                    return found
        return None

    def after(self, span: Span) -> Span | None:
        """The span listed just after ``span``, if any."""
        text, starts = self._texts[span.field], self._by_start[span.field]
        for joint in _LIST_JOINTS:
            if text.startswith(joint, span.end):
                found = starts.get(span.end + len(joint))
                if found is not None:
                    return found
        return None

    def first_person_before(self, span: Span) -> Span:
        """The first of the PERSON spans listed before ``span`` (or ``span`` itself)."""
        first = span
        for _ in range(_MAX_LIST_WALK):
            previous = self.before(first)
            if previous is None or previous.label != PERSON:
                break
            first = previous
        return first

    def neighbours(self, span: Span) -> Iterator[Span]:
        """The other spans of the list ``span`` stands in, nearest first."""
        for step in (self.before, self.after):
            current: Span | None = span
            for _ in range(_MAX_LIST_WALK):
                current = step(current) if current is not None else None
                if current is None:
                    break
                yield current


def in_a_persons_place(span: Span, lists: Lists, lookups: Lookups) -> bool:
    """A non-PERSON span that is a person's name by its position (step 2)."""
    if span.label in (PERSON, NORP) or not is_capitalised_name(name_tokens(span.name)):
        return False
    text = lists.text_of(span)
    governed = role_word_before(text, span.start) or role_word_before(
        text, lists.first_person_before(span).start
    )
    return governed and lookups.country(span.name) is None and lookups.place(span.name) is None


def relabel_listed_place(
    span: Span, lists: Lists, people: People, lookups: Lookups, notes: Notes
) -> Span:
    """A span listed with places that the gazetteer knows is a place (step 2)."""
    if span.label in PLACE_LABELS or span.label in (NORP, "LANGUAGE"):
        return span
    if people.match(name_tokens(span.name), span.label) is not None:
        return span
    if span.label != PERSON and lookups.country(span.name) is not None:
        return span  # a country already, whatever the label (step 3)
    if not any(n.label in PLACE_LABELS for n in lists.neighbours(span)):
        return span
    if lookups.place(span.name) is None:
        return span
    notes.guessed.append(
        f"{quote(span.name)} tagged {span.label} taken for a GPE (listed with places)"
    )
    return replace(span, label="GPE")
