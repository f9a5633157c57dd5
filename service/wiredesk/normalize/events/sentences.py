"""Which sentences are read, and where and when each one says its event happened.

Wire copy carries its event in the headline and the lede, so the stage reads the headline
and the body's first :data:`LEDE_SENTENCES` sentences, each cut to :data:`MAX_SENTENCE`
characters (the stage stays linear and cheap whatever the story's length).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Final

from wiredesk.models import Entity, MentionField, Place
from wiredesk.normalize.dateline import resolve_date
from wiredesk.normalize.events.tokens import Token
from wiredesk.normalize.tables.months import ENGLISH_MONTHS
from wiredesk.normalize.tables.places import Gazetteer, as_place

LEDE_SENTENCES: Final = 3
MAX_SENTENCE: Final = 600

# A sentence ends at . ! or ? (and a closing quote or bracket) before a space and a capital,
# a digit or an opening quote.
_END = re.compile(r"[.!?][\"'”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")
_ABBREVIATIONS: Final = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "gen",
        "lt",
        "col",
        "sgt",
        "capt",
        "gov",
        "sen",
        "rep",
        "rev",
        "st",
        "jan",
        "feb",
        "aug",
        "sept",
        "sep",
        "oct",
        "nov",
        "dec",
        "no",
        "inc",
        "corp",
        "co",
        "ltd",
        "jr",
        "sr",
        "maj",
        "adm",
        "cmdr",
        "prof",
        "vs",
        "mt",
        "ft",
        "gens",
        "reps",
        "sens",
        "messrs",
    ]
)


@dataclass(frozen=True, slots=True)
class Sentence:
    field: MentionField
    start: int
    end: int
    text: str


def sentences(headline: str, body: str) -> list[Sentence]:
    """The headline and the body's first sentences, with their offsets."""
    out: list[Sentence] = []
    if headline.strip() and not _all_capitals(headline):
        end = min(len(headline), MAX_SENTENCE)
        out.append(Sentence("headline", 0, end, headline[:end]))
    start = 0
    taken = 0
    limit = min(len(body), LEDE_SENTENCES * MAX_SENTENCE * 2)
    for m in _END.finditer(body, 0, limit):
        if _abbreviation(body, m.start()):
            continue
        _add(out, body, start, m.start() + 1)
        taken += 1
        start = m.end()
        if taken == LEDE_SENTENCES:
            return out
    if start < len(body) and taken < LEDE_SENTENCES:
        _add(out, body, start, min(len(body), start + MAX_SENTENCE))
    return out


def _all_capitals(text: str) -> bool:
    """An all-capitals headline (``OPEC MAY HAVE TO MEET``) is not read: capitals hide
    which words are names and defeat the NER; the lede tells the same event."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 10 and all(c.isupper() for c in letters)


def _abbreviation(text: str, dot: int) -> bool:
    if text[dot] != ".":
        return False
    k = dot
    while k > 0 and (text[k - 1].isalpha() or text[k - 1] == "."):
        k -= 1
    word = text[k:dot].lower()
    return word in _ABBREVIATIONS or len(word.replace(".", "")) == 1 or "." in word


def _add(out: list[Sentence], body: str, start: int, end: int) -> None:
    # the first paragraph break ends a sentence too (a headline-like first line)
    cut = body.find("\n\n", start, end)
    if cut != -1 and body[start:cut].strip():
        end = cut
    end = min(end, start + MAX_SENTENCE)
    if body[start:end].strip():
        out.append(Sentence("body", start, end, body[start:end]))


# ------------------------------------------------------------------ where


def place_of(
    tokens: Sequence[Token],
    where: MentionField,
    entities: Sequence[Entity],
    gazetteer: Gazetteer,
) -> Place | None:
    """The first place the sentence names after ``in`` or ``at`` that the gazetteer knows."""
    starts = {
        m.start: (m, e)
        for e in entities
        if e.type in ("GPE", "LOC", "FAC")
        for m in e.mentions
        if m.field == where
    }
    for i in range(1, len(tokens)):
        if tokens[i - 1].low not in ("in", "at", "near") or tokens[i].start not in starts:
            continue
        mention, entity = starts[tokens[i].start]
        found = gazetteer.place(entity.name)
        if found is None:
            continue
        return as_place(found, mention.text)
    return None


# ------------------------------------------------------------------ when

_WEEKDAYS: Final = {
    d: n
    for n, names in enumerate(
        [("monday", "mon"), ("tuesday", "tue", "tues"), ("wednesday", "wed"),
         ("thursday", "thu", "thur", "thurs"), ("friday", "fri"), ("saturday", "sat"),
         ("sunday", "sun")]
    )
    for d in names
}  # fmt: skip
_SHORT_MONTHS: Final = {
    **{name[:3]: n for name, n in ENGLISH_MONTHS.items()},
    "sept": 9,
    **ENGLISH_MONTHS,
}


def date_of(tokens: Sequence[Token], base: date) -> date | None:
    """The day the sentence names (``on Tuesday``, ``yesterday``, ``on Oct. 6``), resolved
    against ``base`` (the dateline's date): a weekday is the most recent such day on or
    before it. None when it names none."""
    for i, token in enumerate(tokens):
        low = token.low.rstrip(".")
        if low in ("yesterday",):
            return base - timedelta(days=1)
        if low in ("today", "tonight"):
            return base
        if low in _WEEKDAYS and token.text[:1].isupper() and len(low) > 3:
            back = (base.weekday() - _WEEKDAYS[low]) % 7
            return base - timedelta(days=back)
        if (low in _SHORT_MONTHS and token.text[:1].isupper() and low != "may") or (
            low == "may"
            and token.text == "May"
            and i + 1 < len(tokens)
            and tokens[i + 1].low.isdigit()
        ):
            k = i + 1
            if k < len(tokens) and tokens[k].low == ".":
                k += 1
            if k < len(tokens) and tokens[k].low.isdigit() and 1 <= int(tokens[k].low) <= 31:
                when = datetime(base.year, base.month, base.day, 12, tzinfo=UTC)
                return resolve_date(_SHORT_MONTHS[low], int(tokens[k].low), None, when)
    return None
