"""Entities: NER spans -> one entity per real-world thing, canonical names and codes.

Reads the headline, the body, the dateline place, an NER function, the gazetteer and
the demonym table; adds the record's ``entities`` (and warnings). Pure: the model
behind ``ner`` is loaded at the edge (``service.nlp``).

How a story's spans become entities:

1. **Spans.** ``ner`` runs on the headline and the body separately, so no span can
   cross from one to the other. Each span is trimmed of surrounding whitespace,
   quotes, unbalanced brackets and punctuation and of a possessive (``Korea’s``), and
   dropped when it is empty, holds a line break (the model joining two paragraphs),
   looks like web boilerplate, or is a number or a date (not a thing to look up).
2. **Labels the model got wrong.** A span of two or three capitalised tokens that the
   model calls ``ORG``/``GPE``/... is a person when a role word governs it: right
   before it (``Foreign Minister Marise Payne``, ``foreign ministers, Marise Payne``)
   or before the list of people it ends (``ministers, S. Jaishankar and Marise
   Payne``). Being listed with people is not enough (``Pompeo and Goldman Sachs``),
   and words such as ``Bank`` or ``Party`` rule a span out. A span listed with places
   (``Barcelona, Málaga and ...``) that the gazetteer knows is a place.
3. **Keys.** Each span gets the key of the thing it names: a person (full name, or a
   bare surname / unambiguous first name of a known full name, whatever the model's
   label), the dateline place (by its name, whatever the label), a country
   (``gazetteer.country``: ``US``, ``U.S.``, ``United States``), a nationality (the
   demonym table: NORP with the country's code), or else its own text.
4. **Labels and codes.** Text-keyed groups take the label most of their spans carry;
   ``GPE`` (and non-city ``LOC``) groups are looked up in the gazetteer, and groups that
   turn out to be one place merge. The dateline place keeps the codes the dateline
   stage resolved: it had the region to tell Portland, Maine from Portland, Oregon.
5. **Missed mentions.** People's names and the dateline place are searched for where
   the model missed them (``Pompeo, Motegi ...`` headlines).

Canonical names: a person's longest full name, the gazetteer's name for countries and
places, otherwise the most frequent form. Entities come in order of first mention
(headline before body); a dateline place the text never names comes last, with no
mentions.

Every step is linear (or n log n) in the story: look-ups are dictionary hits, the text
search tries only the needle lengths in use at each word start, and the one regular
expression has no repetition.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Final

from service.models import Entity, Mention, MentionField, Place, RecordWarning
from service.normalize.demonyms import DEMONYMS
from service.normalize.places import Country, Gazetteer, GeoPlace
from service.normalize.types import NerFunc

# ---------------------------------------------------------------------------- tables

# Numbers and times are not things a reader looks up; the record's entities are names.
_NOT_ENTITIES: Final = frozenset(
    {"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"}
)
# Other NER label sets spell some labels differently (CoNLL-style models).
_LABEL_ALIASES: Final = {"PER": "PERSON"}

_PERSON: Final = "PERSON"
_NORP: Final = "NORP"
_PLACE_LABELS: Final = frozenset({"GPE", "LOC"})

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

_ARTICLES: Final = ("the ", "The ", "THE ")
_HONORIFICS: Final = frozenset(
    {"Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Dr", "Dr.", "Sir", "Dame", "Madam", "Mme", "M."}
)
# Lower-case particles that sit inside personal names (Ursula von der Leyen).
_NAME_PARTICLES: Final = frozenset(
    {"von", "van", "der", "den", "de", "da", "di", "du", "la", "le", "al", "el", "bin", "ibn",
     "dos", "das", "del", "y"}
)  # fmt: skip

# A span right after one of these words (``Foreign Minister X``, ``ministers, X``) is in
# a person's position. Compared lower-case; a plural is reduced by dropping its final s.
_ROLE_WORDS: Final = frozenset(
    {"minister", "president", "premier", "chancellor", "secretary", "spokesman",
     "spokeswoman", "spokesperson", "senator", "sen.", "governor", "gov.", "mayor",
     "ambassador", "envoy", "chairman", "chairwoman", "ceo", "director", "leader", "king",
     "queen", "prince", "princess", "pope", "general", "gen.", "commander", "judge",
     "lawyer", "attorney", "counterpart", "deputy", "lawmaker", "congressman",
     "congresswoman", "representative", "rep.", "official", "emir", "sheikh", "coach",
     "captain", "striker", "actor", "actress", "singer", "author", "writer", "founder",
     "candidate", "mr.", "mrs.", "ms.", "dr."}
)  # fmt: skip
# A token that makes a span an organisation or a place, never a person.
_NOT_PERSON_WORDS: Final = frozenset(
    {"Agency", "Airlines", "Airways", "Association", "Authority", "Bank", "Board", "Bureau",
     "Co", "Co.", "Commission", "Committee", "Company", "Corp", "Corp.", "Council", "Court",
     "Department", "Foundation", "Fund", "Group", "Inc", "Inc.", "Institute", "League",
     "Ltd", "Ltd.", "Ministry", "News", "Office", "Organisation", "Organization", "Party",
     "Police", "Post", "Press", "Republic", "Service", "Times", "Union", "United",
     "University", "Watch", "Islands", "Sea", "Ocean", "River", "Street", "City"}
)  # fmt: skip
# Text between two names that puts them in one list (``X and Y``, ``X, Y``).
_LIST_JOINTS: Final = (", and ", " and ", ", ", " or ", " & ")

# Where a word begins: one character of lookbehind and no repetition, so linear time.
_WORD_START: Final = re.compile(r"(?<![^\W_])[^\W_]")

_ROLE_LOOKBACK: Final = 60  # characters: enough for "foreign ministers, " and a title
# Bounds that keep the stage linear on junk input; real names are far shorter.
_MAX_NAME_TOKENS: Final = 6  # a longer "PERSON" span is not used as a full name
_MAX_LIST_WALK: Final = 12  # names walked over in "A, B, C and D"
_MAX_NEEDLE: Final = 80  # characters of a name searched for in the text
_MAX_DROPPED_SHOWN: Final = 5  # dropped spans named in the warning

_FIELD_ORDER: Final[dict[MentionField, int]] = {"headline": 0, "body": 1}

# Warning codes (stable: consumers may count them).
W_SPAN_DROPPED: Final = "entity_span_dropped"
W_LABEL_GUESSED: Final = "entity_label_guessed"
W_LABEL_DISPUTED: Final = "entity_label_disputed"
W_AMBIGUOUS_NAME: Final = "entity_ambiguous_name"


# ---------------------------------------------------------------------------- stage


def extract_entities(
    headline: str,
    body: str,
    ner: NerFunc,
    gazetteer: Gazetteer,
    dateline_place: Place | None,
    *,
    demonyms: Mapping[str, str] | None = None,
) -> tuple[list[Entity], list[RecordWarning]]:
    """The story's entities, one per real-world thing, and warnings for what was doubtful.

    ``demonyms`` (demonym -> ISO alpha-2) defaults to
    :data:`service.normalize.demonyms.DEMONYMS`. Every mention satisfies
    ``{"headline": headline, "body": body}[field][start:end] == text``.
    """
    texts: dict[MentionField, str] = {"headline": headline, "body": body}
    lookups = _Lookups(gazetteer, DEMONYMS if demonyms is None else demonyms)
    notes = _Notes()
    spans = [
        _strip_article(span, lookups)
        for field_name, text in texts.items()
        if text.strip()
        for span in _clean_spans(field_name, text, ner, notes)
    ]

    lists = _Lists(spans, texts)
    promoted = {s for s in spans if _in_a_persons_place(s, lists, lookups)}
    people = _People(
        tokens
        for s in spans
        if s.label == _PERSON or s in promoted
        if 2 <= len(tokens := _name_tokens(s.text)) <= _MAX_NAME_TOKENS
    )
    spans = [_relabel_listed_place(s, lists, people, lookups, notes) for s in spans]

    groups: dict[Key, _Group] = {}
    for span in spans:
        key = _key_for(span, people, promoted, lookups, dateline_place, notes)
        groups.setdefault(key, _Group([])).spans.append(span)
    groups = _resolve_groups(groups, people, lookups, dateline_place)
    _add_missed_person_mentions(groups, people, texts)
    _add_dateline_place(groups, texts, dateline_place)

    notes.guessed.extend(
        f"{_quote(s.text)} tagged {s.label} taken for a PERSON (a role word governs it)"
        for s in sorted(promoted, key=lambda s: s.order)
    )
    ordered = sorted(groups.values(), key=lambda g: g.first)
    return [_entity(g) for g in ordered], notes.warnings(groups)


# ---------------------------------------------------------------------------- spans


@dataclass(frozen=True, slots=True)
class _Span:
    """A cleaned NER span: offsets into ``headline`` or ``body``."""

    field: MentionField
    start: int
    end: int
    text: str
    label: str

    @property
    def order(self) -> tuple[int, int, int]:
        return (_FIELD_ORDER[self.field], self.start, self.end)

    def mention(self) -> Mention:
        return Mention(field=self.field, text=self.text, start=self.start, end=self.end)


def _clean_spans(field_name: MentionField, text: str, ner: NerFunc, notes: _Notes) -> list[_Span]:
    """The NER spans of one field, trimmed; unusable ones are noted as dropped."""
    spans: list[_Span] = []
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
            notes.dropped.append(f"{label} {_quote(surface)} (crosses a line break)")
            continue
        if _is_boilerplate(surface):
            notes.dropped.append(f"{label} {_quote(surface)} (web boilerplate)")
            continue
        if not any(ch.isalnum() for ch in surface) or (start, end) in seen:
            continue
        seen.add((start, end))
        spans.append(_Span(field_name, start, end, surface, label))
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


def _strip_article(span: _Span, lookups: _Lookups) -> _Span:
    """``the Pacific`` -> ``Pacific``, ``The United States`` -> ``United States``.

    Any span whose rest is a country loses the article (``the U.S.`` tagged ORG is still
    the country). A place keeps it when the full text is a known place (``The Hague``).
    Other labels keep it: it can belong to a name (``The New York Times``).
    """
    if span.label == _PERSON or not span.text.startswith(_ARTICLES):
        return span
    rest = span.text[4:].lstrip()  # never empty: spans are trimmed
    if lookups.country(rest) is None and (
        span.label not in _PLACE_LABELS or lookups.place(span.text) is not None
    ):
        return span
    return replace(span, start=span.end - len(rest), text=rest)


def _quote(text: str, limit: int = 40) -> str:
    shown = text if len(text) <= limit else text[: limit - 1] + "…"
    return "'" + shown.replace("\n", "\\n").replace("\r", "\\r") + "'"


# ---------------------------------------------------------------------------- lists


class _Lists:
    """Which spans stand side by side in a list (``A, B and C``), per field."""

    def __init__(self, spans: Iterable[_Span], texts: Mapping[MentionField, str]) -> None:
        self._texts = texts
        self._by_start: dict[MentionField, dict[int, _Span]] = {"headline": {}, "body": {}}
        self._by_end: dict[MentionField, dict[int, _Span]] = {"headline": {}, "body": {}}
        for s in spans:
            self._by_start[s.field][s.start] = s
            self._by_end[s.field][s.end] = s

    def text_of(self, span: _Span) -> str:
        return self._texts[span.field]

    def before(self, span: _Span) -> _Span | None:
        """The span listed just before ``span``, if any."""
        text, ends = self._texts[span.field], self._by_end[span.field]
        for joint in _LIST_JOINTS:
            if text.endswith(joint, 0, span.start):
                found = ends.get(span.start - len(joint))
                if found is not None:
                    return found
        return None

    def after(self, span: _Span) -> _Span | None:
        """The span listed just after ``span``, if any."""
        text, starts = self._texts[span.field], self._by_start[span.field]
        for joint in _LIST_JOINTS:
            if text.startswith(joint, span.end):
                found = starts.get(span.end + len(joint))
                if found is not None:
                    return found
        return None

    def first_person_before(self, span: _Span) -> _Span:
        """The first of the PERSON spans listed before ``span`` (or ``span`` itself)."""
        first = span
        for _ in range(_MAX_LIST_WALK):
            previous = self.before(first)
            if previous is None or previous.label != _PERSON:
                break
            first = previous
        return first

    def neighbours(self, span: _Span) -> Iterator[_Span]:
        """The other spans of the list ``span`` stands in, nearest first."""
        for step in (self.before, self.after):
            current: _Span | None = span
            for _ in range(_MAX_LIST_WALK):
                current = step(current) if current is not None else None
                if current is None:
                    break
                yield current


def _role_word_before(text: str, start: int) -> bool:
    """Whether ``text[:start]`` ends in a role word, optionally followed by a comma."""
    before = text[max(0, start - _ROLE_LOOKBACK) : start].rstrip()
    if before.endswith(","):
        before = before[:-1].rstrip()
    words = before.split()
    if not words:
        return False
    word = words[-1].casefold().strip("“”\"'‘’(")
    return word in _ROLE_WORDS or (word.endswith("s") and word[:-1] in _ROLE_WORDS)


def _in_a_persons_place(span: _Span, lists: _Lists, lookups: _Lookups) -> bool:
    """A non-PERSON span that is a person's name by its position (step 2)."""
    if span.label in (_PERSON, _NORP) or not _is_capitalised_name(_name_tokens(span.text)):
        return False
    text = lists.text_of(span)
    governed = _role_word_before(text, span.start) or _role_word_before(
        text, lists.first_person_before(span).start
    )
    return governed and lookups.country(span.text) is None and lookups.place(span.text) is None


def _relabel_listed_place(
    span: _Span, lists: _Lists, people: _People, lookups: _Lookups, notes: _Notes
) -> _Span:
    """A span listed with places that the gazetteer knows is a place (step 2)."""
    if span.label in _PLACE_LABELS or span.label in (_NORP, "LANGUAGE"):
        return span
    if people.match(_name_tokens(span.text), span.label) is not None:
        return span
    if span.label != _PERSON and lookups.country(span.text) is not None:
        return span  # a country already, whatever the label (step 3)
    if not any(n.label in _PLACE_LABELS for n in lists.neighbours(span)):
        return span
    if lookups.place(span.text) is None:
        return span
    notes.guessed.append(
        f"{_quote(span.text)} tagged {span.label} taken for a GPE (listed with places)"
    )
    return replace(span, label="GPE")


# ---------------------------------------------------------------------------- people

Name = tuple[str, ...]
_AMBIGUOUS: Final = -1


def _name_tokens(text: str) -> Name:
    """Whitespace tokens of a name, without a leading honorific (``Mr.``)."""
    tokens = text.split()
    while len(tokens) > 1 and tokens[0] in _HONORIFICS:
        tokens = tokens[1:]
    return tuple(tokens)


def _is_capitalised_name(tokens: Name) -> bool:
    """Two or three name-like tokens: capitalised words, particles allowed inside."""
    if not 2 <= len(tokens) <= 3:
        return False
    if tokens[0] in _NAME_PARTICLES or tokens[-1] in _NAME_PARTICLES:
        return False
    for token in tokens:
        if token in _NAME_PARTICLES:
            continue
        letters = token.replace("-", "").replace("'", "").replace("’", "").replace(".", "")
        if not (letters.isalpha() and token[0].isupper()) or token in _NOT_PERSON_WORDS:
            return False
        if token.casefold() in _ROLE_WORDS:
            return False  # "Deputy Minister" is a title, not a name
        if token.isupper() and len(token) > 2:
            return False  # acronyms: "ASEAN Summit" is no person
    return True


class _People:
    """The story's people, each known by the full names (two or more tokens) it uses.

    Two full names are one person when they are equal, share first and last token
    (``Donald J. Trump``, ``Donald Trump``) or one ends the other (``Jong Un``). Indexes
    make every look-up a dictionary hit, so a story full of names stays linear.
    """

    def __init__(self, full_names: Iterable[Name]) -> None:
        self.names: list[list[Name]] = []
        self._exact: dict[Name, set[int]] = {}
        self._first_last: dict[tuple[str, str], set[int]] = {}
        self._suffix: dict[Name, set[int]] = {}  # proper suffixes: surnames
        self._first: dict[str, set[int]] = {}
        # Longest names first, so that a short form finds the person it abbreviates.
        for name in sorted(dict.fromkeys(full_names), key=lambda n: -len(n)):
            owners = (
                self._exact.get(name, set())
                | self._first_last.get((name[0], name[-1]), set())
                | self._suffix.get(name, set())
            )
            if len(owners) == 1:
                index = next(iter(owners))
            else:
                index = len(self.names)
                self.names.append([])
            if name not in self.names[index]:
                self.names[index].append(name)
                self._index(name, index)

    def _index(self, name: Name, index: int) -> None:
        self._exact.setdefault(name, set()).add(index)
        self._first_last.setdefault((name[0], name[-1]), set()).add(index)
        self._first.setdefault(name[0], set()).add(index)
        for cut in range(1, len(name)):
            self._suffix.setdefault(name[cut:], set()).add(index)

    def match(self, tokens: Name, label: str) -> int | None:
        """The person ``tokens`` (never empty) names, None if nobody, ``_AMBIGUOUS`` if
        several."""
        candidates = (
            self._exact.get(tokens),
            self._first_last.get((tokens[0], tokens[-1])) if len(tokens) >= 2 else None,
            self._suffix.get(tokens),
            # A bare first name only when the model itself saw a person: first names are
            # also places and things (Jordan, Paris, Georgia).
            self._first.get(tokens[0]) if len(tokens) == 1 and label == _PERSON else None,
        )
        for hits in candidates:
            if hits:
                return next(iter(hits)) if len(hits) == 1 else _AMBIGUOUS
        return None

    def unique_surnames(self, index: int) -> set[str]:
        """Last tokens of the person's names that no other person in the story shares."""
        return {name[-1] for name in self.names[index] if len(self._suffix[name[-1:]]) == 1}

    def canonical(self, index: int) -> str:
        # The longest full form: most tokens, then most characters; the first seen on a tie.
        best = max(self.names[index], key=lambda n: (len(n), len(" ".join(n))))
        return " ".join(best)


# ---------------------------------------------------------------------------- look-ups


class _Lookups:
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


# ---------------------------------------------------------------------------- groups

Key = tuple[str, str]
_DATELINE: Final[Key] = ("dateline", "")


@dataclass(slots=True)
class _Group:
    """The spans of one entity and what is known about it."""

    spans: list[_Span]
    label: str = ""
    name: str = ""
    country_code: str | None = None
    geonames_id: int | None = None

    @property
    def first(self) -> tuple[int, int, int]:
        return min((s.order for s in self.spans), default=(len(_FIELD_ORDER), 0, 0))

    def most_frequent_text(self) -> str:
        counts = Counter(s.text for s in sorted(self.spans, key=lambda s: s.order))
        return counts.most_common(1)[0][0]  # Counter keeps first-seen order on ties

    def majority_label(self) -> str:
        counts = Counter(s.label for s in sorted(self.spans, key=lambda s: s.order))
        return counts.most_common(1)[0][0]

    def set_place(self, name: str, country_code: str | None, geonames_id: int | None) -> None:
        self.label, self.name = "GPE", name
        self.country_code, self.geonames_id = country_code, geonames_id


def _key_for(
    span: _Span,
    people: _People,
    promoted: set[_Span],
    lookups: _Lookups,
    dateline_place: Place | None,
    notes: _Notes,
) -> Key:
    """The key of the real-world thing ``span`` names (step 3 of the module docstring)."""
    label = span.label
    if label == _NORP and (code := lookups.demonym(span.text)) is not None:
        return ("norp", code)
    at_dateline = dateline_place is not None and _names_place(span.text, dateline_place)
    country = lookups.country(span.text) if label != _PERSON else None
    # A place the model calls a place stays a place even if a person shares the word.
    if label in _PLACE_LABELS and at_dateline:
        return _DATELINE
    if label in _PLACE_LABELS and country is not None:
        return ("country", country.code)
    index = people.match(_name_tokens(span.text), label)
    if index == _AMBIGUOUS:
        notes.ambiguous.add(span.text)
    elif index is not None:
        return ("person", str(index))
    if at_dateline:
        return _DATELINE  # the dateline city the model took for a PERSON or ORG
    if label == _PERSON or span in promoted:
        return ("person-bare", span.text)
    if country is not None:
        return ("country", country.code)
    if label != "LANGUAGE" and (code := lookups.demonym(span.text)) is not None:
        return ("norp", code)
    return ("text", span.text.casefold())


def _names_place(text: str, place: Place) -> bool:
    folded = text.casefold()
    return folded in (place.text.casefold(), place.name.casefold())


def _resolve_groups(
    groups: Mapping[Key, _Group],
    people: _People,
    lookups: _Lookups,
    dateline_place: Place | None,
) -> dict[Key, _Group]:
    """Labels, canonical names and codes (step 4); groups that are one place merge."""
    resolved: dict[Key, _Group] = {}
    for key, group in groups.items():
        kind, value = key
        if kind == "person":
            group.label, group.name = _PERSON, people.canonical(int(value))
        elif kind == "person-bare":
            group.label, group.name = _PERSON, group.most_frequent_text()
        elif kind == "norp":
            group.label, group.name, group.country_code = _NORP, group.most_frequent_text(), value
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


def _set_country(group: _Group, code: str, lookups: _Lookups) -> None:
    # The group's own texts are what the key was found from; the code is a last resort.
    found = (lookups.country(s.text) for s in group.spans)
    country = next((c for c in found if c is not None and c.code == code), None)
    country = country or lookups.country(code)
    if country is not None and country.code == code:
        group.set_place(country.name, code, country.geonames_id)
    else:
        group.set_place(group.most_frequent_text(), code, None)


def _resolve_text_group(group: _Group, lookups: _Lookups) -> Key | None:
    """Label, name and codes of a text-keyed group; a new key if it is a country or place."""
    group.label = group.majority_label()
    group.name = group.most_frequent_text()
    if group.label not in _PLACE_LABELS:
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


# ---------------------------------------------------------------------------- search


def _word_hits(text: str, needles: Collection[str]) -> Iterator[tuple[int, int, str]]:
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
) -> list[_Span]:
    """Whole-word occurrences of ``needles`` that overlap no ``taken`` span nor each other.

    Leftmost-longest wins (``Mike Pompeo`` over the ``Pompeo`` inside it). Needles must
    start with a capital letter; ones longer than a name could be are ignored.
    """
    usable = {n for n in needles if len(n) <= _MAX_NEEDLE and n[:1].isupper()}
    found: list[_Span] = []
    if not usable:
        return found
    for field_name, text in texts.items():
        blocked = _disjoint(taken[field_name])
        next_block = 0
        free_from = 0  # end of the last hit kept
        for start, end, needle in _word_hits(text, usable):
            while next_block < len(blocked) and blocked[next_block][1] <= start:
                next_block += 1
            overlaps_taken = next_block < len(blocked) and blocked[next_block][0] < end
            if start < free_from or overlaps_taken:
                continue
            found.append(_Span(field_name, start, end, needle, label))
            free_from = end
    return found


def _taken_offsets(groups: Mapping[Key, _Group]) -> dict[MentionField, list[tuple[int, int]]]:
    taken: dict[MentionField, list[tuple[int, int]]] = {"headline": [], "body": []}
    for group in groups.values():
        for s in group.spans:
            taken[s.field].append((s.start, s.end))
    return taken


def _add_missed_person_mentions(
    groups: Mapping[Key, _Group], people: _People, texts: Mapping[MentionField, str]
) -> None:
    """Find people's names where the model missed them (step 5).

    Searched: every form the story already used for a person, and the bare surname when
    no other person in the story shares it. Case-sensitive, whole words, never inside
    another entity's span; a form two entities use is searched for neither.
    """
    owners: dict[str, _Group | None] = {}
    for (kind, value), group in groups.items():
        if kind not in ("person", "person-bare"):
            continue
        forms = {s.text for s in group.spans}
        if kind == "person":
            forms |= people.unique_surnames(int(value))
        for form in forms:
            owners[form] = group if owners.get(form, group) is group else None
    needles = {form for form, group in owners.items() if group is not None and len(form) > 1}
    for span in _search_mentions(texts, needles, _taken_offsets(groups), _PERSON):
        owner = owners[span.text]
        if owner is not None:
            owner.spans.append(span)


def _add_dateline_place(
    groups: dict[Key, _Group], texts: Mapping[MentionField, str], place: Place | None
) -> None:
    """Make sure the dateline place is an entity, with every mention the text has.

    The model may have found it (a group keyed by its name, or one with its GeoNames id,
    or with its name and country), missed some mentions of it (a headline), or missed
    it altogether.
    """
    if place is None:
        return
    group = groups.get(_DATELINE) or next(
        (g for g in groups.values() if _is_dateline_place(g, place)), None
    )
    if group is None:
        group = groups[_DATELINE] = _Group([])
        group.set_place(place.name, place.country_code, place.geonames_id)
    # Datelines are often upper case (TOKYO) where the text writes Tokyo.
    needles = {place.name, place.text, place.text.title()}
    group.spans.extend(_search_mentions(texts, needles, _taken_offsets(groups), group.label))


def _is_dateline_place(group: _Group, place: Place) -> bool:
    if place.geonames_id is not None and group.geonames_id == place.geonames_id:
        return True
    # Same name and country: a city-state that is also its country (Singapore).
    return (
        group.label in _PLACE_LABELS
        and group.country_code == place.country_code
        and _names_place(group.name, place)
    )


# ---------------------------------------------------------------------------- output


def _entity(group: _Group) -> Entity:
    mentions = sorted(group.spans, key=lambda s: s.order)
    return Entity(
        name=group.name,
        type=group.label,
        country_code=group.country_code,
        geonames_id=group.geonames_id,
        mentions=list(dict.fromkeys(m.mention() for m in mentions)),
    )


@dataclass(slots=True)
class _Notes:
    """What the stage dropped or was unsure of, for the record's warnings."""

    dropped: list[str] = field(default_factory=list)
    guessed: list[str] = field(default_factory=list)
    ambiguous: set[str] = field(default_factory=set)

    def warnings(self, groups: Mapping[Key, _Group]) -> list[RecordWarning]:
        warnings: list[RecordWarning] = []
        if self.dropped:
            shown = "; ".join(self.dropped[:_MAX_DROPPED_SHOWN])
            more = len(self.dropped) - _MAX_DROPPED_SHOWN
            tail = f"; and {more} more" if more > 0 else ""
            warnings.append(
                RecordWarning(code=W_SPAN_DROPPED, message=f"dropped entity spans: {shown}{tail}")
            )
        warnings.extend(RecordWarning(code=W_LABEL_GUESSED, message=m) for m in self.guessed)
        warnings.extend(
            RecordWarning(
                code=W_AMBIGUOUS_NAME,
                message=f"{_quote(text)} could be more than one person in the story; kept apart",
            )
            for text in sorted(self.ambiguous)
        )
        for key, group in groups.items():
            labels = Counter(s.label for s in group.spans)
            if key[0] == "text" and len(labels) > 1:
                seen = ", ".join(f"{label} x{n}" for label, n in sorted(labels.items()))
                warnings.append(
                    RecordWarning(
                        code=W_LABEL_DISPUTED,
                        message=f"{_quote(group.name)} was tagged {seen}; kept {group.label}",
                    )
                )
        return warnings
