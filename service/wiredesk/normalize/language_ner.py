"""NER beyond English: one entity vocabulary whatever the language, and a recogniser built
from the reference tables for languages that have no model.

This module owns two pure pieces that :mod:`wiredesk.resources.languages` (the edge that
loads models) puts together per language:

- :func:`to_ontonotes`: the labels of spaCy's French and Spanish models (WikiNER: ``PER``,
  ``ORG``, ``LOC``, ``MISC``) read as the record's OntoNotes labels. ``PER`` is
  ``PERSON``; ``ORG`` stays ``ORG``; ``LOC`` is ``GPE`` when the gazetteer resolves it to a
  country, city or first-level region, else ``LOC`` (a river, a mountain range, a
  building); ``MISC`` is dropped: it mixes nationalities, events, works and products, and
  no one OntoNotes label fits them all.
- :class:`TableNer`: for German, Portuguese, Italian and Norwegian, where no model installs,
  the names the reference tables know (countries, regions and cities of the gazetteer,
  country names in the story's language, the organisation table), found by longest match
  on word boundaries. It finds only those names (no people), so stories it reads carry the
  ``ner_partial`` warning.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from wiredesk.normalize.tables.organisations import OrgTable
from wiredesk.normalize.tables.places import Gazetteer, GeoPlace, place_key
from wiredesk.normalize.types import NerSpan

# ---------------------------------------------------------------------------- labels

# WikiNER labels (spaCy's fr/es/pt/it/de news models) -> OntoNotes; LOC is decided by the
# gazetteer and MISC is dropped (see the module docstring).
_WIKINER: Final = {"PER": "PERSON", "ORG": "ORG"}
_DROPPED: Final = frozenset({"MISC"})
# Kinds of gazetteer place that OntoNotes calls GPE (a "site" such as UNITED NATIONS is not).
_GPE_KINDS: Final = frozenset({"country", "city", "region"})
# Lower-case articles and prepositions that the French and Spanish models keep at the
# start of a span (``la Tunisie``, ``de Colombia``, ``l'Élysée``): trimmed off.
_LEADING_WORDS: Final = re.compile(
    r"(?:(?:la|le|les|el|los|las|de|del|du|des|d|l)(?:\s+|['’]))+(?=\w)"
)


def to_ontonotes(
    spans: Sequence[NerSpan],
    text: str,
    gazetteer: Gazetteer,
    country_keys: Collection[str] = frozenset(),
) -> tuple[NerSpan, ...]:
    """``spans`` (found in ``text``) with WikiNER labels mapped to OntoNotes ones and a
    leading article or preposition trimmed; spans that already carry an OntoNotes label
    keep it. ``country_keys`` (:func:`~wiredesk.normalize.tables.places.place_key` of the
    story language's country names, ``tunisie``) are GPE besides what the gazetteer knows."""
    out: list[NerSpan] = []
    for span in spans:
        if span.label in _DROPPED:
            continue
        lead = _LEADING_WORDS.match(text, span.start, span.end)
        start = lead.end() if lead is not None else span.start
        name = text[start : span.end]
        if span.label == "LOC":
            label = "GPE" if place_key(name) in country_keys or _is_gpe(name, gazetteer) else "LOC"
        else:
            label = _WIKINER.get(span.label, span.label)
        if label == "PERSON" and (
            place_key(name) in country_keys or gazetteer.country(name) is not None
        ):
            label = "GPE"  # the Spanish model's ``México`` PER
        out.append(NerSpan(start, span.end, label))
    return tuple(out)


def _is_gpe(name: str, gazetteer: Gazetteer) -> bool:
    if gazetteer.country(name) is not None:
        return True
    place = gazetteer.place(name)
    return place is not None and place.kind in _GPE_KINDS


# ---------------------------------------------------------------------------- tables

# A word: a letter, then letters or digits. Hyphens and apostrophes separate words, so
# ``US-Präsident`` holds ``US`` and ``l'Italia`` holds ``Italia``.
_WORD: Final = re.compile(r"[^\W\d_]\w*")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Lower-case words that may stand inside a name (``Bosnien und Herzegowina``, ``Rio de
# Janeiro``, ``Banca d'Italia``), never at its ends.
_JOINERS: Final = _words(
    "d de do da dos das del della delle dei degli di du des la le von van der den am im "
    "e y i og und of the and"
)
# Short words that open sentences in the languages served, written with a capital there:
# never a name on their own (``Die`` is an alternate name of a city in Madagascar, ``La``
# of Los Angeles, ``Como`` a city in Italy).
_COMMON_WORDS: Final = _words(
    "der die das den dem des ein eine einer im am um es er sie wir ich man mit von zu nach "
    "auch aber wie als bei aus für über unter vor seit so wenn dass noch nur "
    "o a os as um uma em no na nos nas do da dos das ao pelo pela como para mas se não "
    "mais já ainda entre segundo sobre "
    "il lo la le gli i l un uno una di del della dei nel con per ma non che come anche "
    "ancora dopo tra fra secondo oggi ieri "
    "og i på er en et det de den som men med til for av fra har var etter mot ved "
    "el los las al y por sin según pero este esta también hoy ayer "
    "the and of in on at to for by with after but"
)
_GAPS: Final = frozenset(
    {" ", "-", "\u00a0", "'", "’"}
)  # what may stand between two words of a name
MAX_WORDS: Final = 6  # the longest name tried, in words
# A one-word city is taken only from this population up: in German every noun is written
# with a capital, and small towns are named like common words (``Essen`` is both).
MIN_ONE_WORD_CITY: Final = 100_000
# Alternate names hold many short words (``Ski`` for Skikda, ``Monte`` for El Monte); the
# exonyms worth reading (``Moskau``, ``Mailand``, ``Pequim``) are of cities larger than this.
MIN_EXONYM_CITY: Final = 300_000
# All-capital words this short are codes or acronyms (``DE``, ``ITA``): only the
# organisation table may read them, never the ISO country codes.
_SHORT_CAPS: Final = 3
_CACHED_LABELS: Final = 1 << 16


@dataclass(frozen=True, slots=True)
class _Word:
    start: int
    end: int
    text: str

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


class TableNer:
    """The reference tables as an NER function for one language (see the module docstring).

    ``names`` maps a name in that language (``Frankreich``, ``Estados Unidos``) to its
    OntoNotes label; the gazetteer and the organisation table give the rest. At each word
    the longest name known wins, and the search goes on after it.
    """

    def __init__(
        self, gazetteer: Gazetteer, orgs: OrgTable, names: Mapping[str, str] | None = None
    ) -> None:
        self._gazetteer = gazetteer
        self._orgs = orgs
        self._names = {place_key(name): label for name, label in (names or {}).items()}
        # Names recur from story to story: each written form is looked up once (bounded).
        self._label_of = lru_cache(maxsize=_CACHED_LABELS)(self._label)

    def __call__(self, text: str) -> tuple[NerSpan, ...]:
        words = [_Word(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
        spans: list[NerSpan] = []
        i = 0
        while i < len(words):
            found = self._longest_at(text, words, i) if words[i].capitalised else None
            if found is None:
                i += 1
                continue
            count, label = found
            spans.append(NerSpan(words[i].start, words[i + count - 1].end, label))
            i += count
        return tuple(spans)

    def pipe(self, texts: Sequence[str]) -> list[tuple[NerSpan, ...]]:
        return [self(text) for text in texts]

    def _longest_at(self, text: str, words: Sequence[_Word], i: int) -> tuple[int, str] | None:
        last = i
        while last + 1 < len(words) and last + 1 - i < MAX_WORDS:
            if text[words[last].end : words[last + 1].start] not in _GAPS:
                break
            last += 1
        for end in range(last, i - 1, -1):
            if not words[end].capitalised:
                continue
            if any(not w.capitalised and w.text not in _JOINERS for w in words[i + 1 : end]):
                continue
            if end == i and words[i].text.casefold() in _COMMON_WORDS:
                continue
            label = self._label_of(text[words[i].start : words[end].end], one_word=end == i)
            if label is not None:
                return end - i + 1, label
        return None

    def _label(self, name: str, *, one_word: bool) -> str | None:
        if self._orgs.find(name) is not None:
            return "ORG"
        if one_word and name.isupper() and len(name) <= _SHORT_CAPS:
            # Not an ISO code; the lower-case lookup still finds a name such as ``USA``.
            return "GPE" if self._gazetteer.country(name.lower()) is not None else None
        label = self._names.get(place_key(name))
        if label is not None:
            return label
        if self._gazetteer.country(name) is not None:
            return "GPE"
        return self._place_label(name, self._gazetteer.place(name), one_word=one_word)

    def _place_label(self, name: str, place: GeoPlace | None, *, one_word: bool) -> str | None:
        if place is None:
            return None
        if one_word and place.kind == "city" and not self._known_city(name, place):
            return None
        if one_word and place.kind == "region" and place_key(name) != place_key(place.name):
            return None  # an abbreviation (``Ind.``, ``Me.``) reads like a word of the text
        return "GPE" if place.kind in _GPE_KINDS else "LOC"

    def _known_city(self, name: str, place: GeoPlace) -> bool:
        """A one-word city: a large one, and by a GeoNames alternate name only a very
        large one (``Moskau``, ``Lisboa``; not ``Ski`` or ``Monte``)."""
        if place.population < MIN_ONE_WORD_CITY:
            return False
        return bool(self._gazetteer.cities_named(name)) or place.population >= MIN_EXONYM_CITY
