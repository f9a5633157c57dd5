"""Step 1: the NER model's spans, cleaned into spans the later steps can use.

This module owns :class:`Span` (a cleaned span: offsets into the headline or the body),
the label names the entities stage compares, the rules that trim a raw span (whitespace,
quotes, unbalanced brackets, punctuation, a possessive) or drop it (a line break inside,
web boilerplate, a number or a date), and :class:`Notes`, where every step records
what it dropped or was unsure of.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

from wiredesk.models import Mention, MentionField
from wiredesk.normalize.types import NerFunc

# ---------------------------------------------------------------------------- tables

# Numbers and times are not things a reader looks up; the record's entities are names.
_NOT_ENTITIES: Final = frozenset(
    {"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"}
)
# Other NER label sets spell some labels differently (CoNLL-style models).
_LABEL_ALIASES: Final = {"PER": "PERSON"}

PERSON: Final = "PERSON"
NORP: Final = "NORP"
PLACE_LABELS: Final = frozenset({"GPE", "LOC"})

# Web boilerplate that scraped copy carries and models like to tag as ORG.
_BOILERPLATE: Final = (
    "related articles",
    "back to top",
    "sign up for",
    "read more",
    "click here",
    "all rights reserved",
    "auto-generated",
    "syndicated feed",
    "follow us on",
)

# Characters trimmed from either end of a span. "." is not trimmed at the end: it belongs
# to abbreviations (U.S., Corp.). A line break at an edge is only whitespace; one inside
# a span drops it.
_EDGE_SPACE_AND_QUOTES: Final = " \t\n\r\u00a0\"'“”‘’«»„‚‹›`"
_LEADING_JUNK: Final = _EDGE_SPACE_AND_QUOTES + ",;:!?.*•·–—-_/|"
_TRAILING_JUNK: Final = _EDGE_SPACE_AND_QUOTES + ",;:!?*•·–—-_/|…"
_BRACKETS: Final = {"(": ")", "[": "]", "{": "}"}
_OPENER_OF: Final = {closer: opener for opener, closer in _BRACKETS.items()}
_POSSESSIVES: Final = ("’s", "'s", "’S", "'S")
_LINE_BREAKS: Final = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")

FIELD_ORDER: Final[dict[MentionField, int]] = {"headline": 0, "body": 1}


# ---------------------------------------------------------------------------- spans


@dataclass(frozen=True, slots=True)
class Span:
    """A cleaned NER span: offsets into ``headline`` or ``body``."""

    field: MentionField
    start: int
    end: int
    text: str  # as written: the mention's text
    label: str
    form: str = ""  # the name as a reader writes it, when ``text`` is not (all-caps copy)
    title: str | None = None  # a person's title as written before the name (``Gov.``)

    @property
    def name(self) -> str:
        """The span's name: ``form`` when the copy's own text needed re-casing."""
        return self.form or self.text

    @property
    def order(self) -> tuple[int, int, int]:
        return (FIELD_ORDER[self.field], self.start, self.end)

    def mention(self) -> Mention:
        return Mention(field=self.field, text=self.text, start=self.start, end=self.end)


@dataclass(slots=True)
class Notes:
    """What the stage dropped or was unsure of, for the record's warnings."""

    dropped: list[str] = field(default_factory=list)
    guessed: list[str] = field(default_factory=list)
    ambiguous: set[str] = field(default_factory=set)


def clean_spans(field_name: MentionField, text: str, ner: NerFunc, notes: Notes) -> list[Span]:
    """The NER spans of one field, trimmed; unusable ones are noted as dropped."""
    spans: list[Span] = []
    seen: set[tuple[int, int]] = set()
    for raw in ner(text):
        label = _LABEL_ALIASES.get(raw.label, raw.label)
        if label in _NOT_ENTITIES:
            continue
        if not 0 <= raw.start < raw.end <= len(text):
            notes.dropped.append(f"{label} at {field_name}[{raw.start}:{raw.end}] (outside)")
            continue
        start, end = _trim(text, raw.start, raw.end)
        surface = text[start:end]
        if any(ch in _LINE_BREAKS for ch in surface):
            notes.dropped.append(f"{label} {quote(surface)} (crosses a line break)")
            continue
        if _is_boilerplate(surface):
            notes.dropped.append(f"{label} {quote(surface)} (web boilerplate)")
            continue
        if not any(ch.isalnum() for ch in surface) or (start, end) in seen:
            continue
        seen.add((start, end))
        spans.append(Span(field_name, start, end, surface, label))
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``text[start:end]`` until no junk, possessive or unbalanced bracket is left."""
    while start < end:
        before = (start, end)
        while start < end and text[start] in _LEADING_JUNK:
            start += 1
        while start < end and text[end - 1] in _TRAILING_JUNK:
            end -= 1
        start, end = _trim_brackets(text, start, end)
        if end - start > 2 and text.endswith(_POSSESSIVES, start, end):
            end -= 2
        if (start, end) == before:
            break
    return start, end


def _trim_brackets(text: str, start: int, end: int) -> tuple[int, int]:
    if start >= end:
        return start, end
    opener, closer = text[start], text[end - 1]
    if opener in _BRACKETS and closer == _BRACKETS[opener]:
        return start + 1, end - 1  # "(Reuters)": the whole span is bracketed
    if opener in _BRACKETS and _BRACKETS[opener] not in text[start:end]:
        return start + 1, end
    if closer in _OPENER_OF and _OPENER_OF[closer] not in text[start:end]:
        return start, end - 1
    return start, end


def _is_boilerplate(text: str) -> bool:
    folded = text.casefold()
    return any(phrase in folded for phrase in _BOILERPLATE)


def quote(text: str, limit: int = 40) -> str:
    shown = text if len(text) <= limit else text[: limit - 1] + "…"
    return "'" + shown.replace("\n", "\\n").replace("\r", "\\r") + "'"
