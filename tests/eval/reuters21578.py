"""Dateline, place, date, agency and sign-off accuracy on Reuters-21578 (1987 copy).

Run ``python -m tests.eval.reuters21578 [--no-entities] [PATH]`` (or ``make eval``). PATH
defaults to
``shared/eval/reuters21578/reut2-000.sgm`` beside the repository; when it is absent the
run says so and exits 0.

Each ``<REUTERS>`` story is rebuilt as raw wire text: title, blank line, then the
``<DATELINE>`` content immediately followed by the ``<BODY>``, SGML entities kept (the
pipeline's text stage decodes them). The story runs through
``wiredesk.normalize.pipeline.normalize`` without NER, received at its ``<DATE>`` (UTC),
and is scored against the gold ``<DATELINE>``:

- percentages are over *regular* gold datelines (domain.md: ``PLACE[, REGION], MONTH DAY -``
  with an English month spelled out or abbreviated, or the day before the month);
- every irregular gold dateline is listed with what the pipeline made of it;
- stories with no body or no dateline are counted, not scored.

Then, unless ``--no-entities``, every story with a body runs again with the NER model
for the entity figures of :mod:`tests.eval.entity_figures`.

The gold side is read here, independently of ``wiredesk.normalize.dateline``, so that the
figures do not measure the parser against itself.
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from tests.eval.entity_figures import entity_figures
from wiredesk.errors import StoryError
from wiredesk.models import Envelope, EventRecord
from wiredesk.normalize.pipeline import Resources, normalize
from wiredesk.resources import load_resources

DEFAULT_PATH = (
    Path(__file__).resolve().parents[3] / "shared" / "eval" / "reuters21578" / "reut2-000.sgm"
)

_STORY = re.compile(r"<REUTERS\b[^>]*>(.*?)</REUTERS>", re.S)
_NEWID = re.compile(r'NEWID="(\d+)"')
_FIELDS = {
    name: re.compile(rf"<{name}>(.*?)</{name}>", re.S)
    for name in ("DATE", "TITLE", "DATELINE", "BODY")
}
_GOLD_DATE = re.compile(r"(\d{1,2})-([A-Za-z]{3})-(\d{4})\s{1,4}(\d{1,2}):(\d{2}):(\d{2})")

# The gold reading of a regular dateline; a deliberately separate, simple grammar.
_ENGLISH_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4,
    "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11,
    "november": 11, "dec": 12, "december": 12,
}  # fmt: skip
_REGULAR = re.compile(
    r"(?P<where>[^,\d][^\d]{0,80}?)\s*,\s*"
    r"(?:(?P<month>[A-Za-z]{3,9})\.?\s+(?P<day>\d{1,2})|(?P<day2>\d{1,2})\s+(?P<month2>[A-Za-z]{3,9})\.?)"
    r"\s*-\s*"
)


@dataclass(frozen=True, slots=True)
class Story:
    newid: str
    received_at: datetime | None
    title: str | None
    dateline: str | None
    body: str | None

    def raw_text(self) -> str:
        """Title, blank line, dateline content immediately followed by the body."""
        return f"{self.title or ''}\n\n{self.dateline or ''}{self.body or ''}"


@dataclass(frozen=True, slots=True)
class Gold:
    place: str
    month: int
    day: int


@dataclass
class Tally:
    """Counts over the regular gold datelines."""

    regular: int = 0
    found: int = 0
    place: int = 0
    date: int = 0
    country: int = 0
    geonames: int = 0
    reuters: int = 0
    signoff: int = 0
    misses: dict[str, list[str]] = field(default_factory=dict)

    def miss(self, what: str, line: str) -> None:
        self.misses.setdefault(what, []).append(line)


def read_stories(path: Path) -> Iterator[Story]:
    """Every ``<REUTERS>`` element of an SGML file of the collection."""
    text = path.read_text(encoding="latin-1")
    for match in _STORY.finditer(text):
        element = match.group(0)
        newid = _NEWID.search(element)
        fields = {name: pattern.search(element) for name, pattern in _FIELDS.items()}
        date_field = fields["DATE"]
        yield Story(
            newid=newid.group(1) if newid else "?",
            received_at=_received_at(date_field.group(1)) if date_field else None,
            title=fields["TITLE"].group(1) if fields["TITLE"] else None,
            dateline=fields["DATELINE"].group(1) if fields["DATELINE"] else None,
            body=fields["BODY"].group(1) if fields["BODY"] else None,
        )


def _received_at(text: str) -> datetime | None:
    """``26-FEB-1987 15:01:01.79`` as UTC."""
    found = _GOLD_DATE.search(text)
    if found is None:
        return None
    day, month, year, hour, minute, second = found.groups()
    month_number = _ENGLISH_MONTHS.get(month.lower())
    if month_number is None:
        return None
    return datetime(
        int(year), month_number, int(day), int(hour), int(minute), int(second), tzinfo=UTC
    )


def gold_dateline(text: str) -> Gold | None:
    """The gold place, month and day of a regular dateline, else None (irregular)."""
    found = _REGULAR.fullmatch(_fold_space(text))
    if found is None:
        return None
    month_word = (found.group("month") or found.group("month2")).lower()
    month = _ENGLISH_MONTHS.get(month_word)
    if month is None:
        return None
    day = int(found.group("day") or found.group("day2"))
    place = found.group("where").split(",")[0].strip()
    if not 1 <= day <= 31 or not place:
        return None
    return Gold(place=place, month=month, day=day)


def gold_date(gold: Gold, received_at: datetime) -> date | None:
    """The receive-time rule of docs/records.md, written out again for the gold side."""
    try:
        this_year = date(received_at.year, gold.month, gold.day)
    except ValueError:
        return None
    if (this_year - received_at.date()).days > 2:
        return date(received_at.year - 1, gold.month, gold.day)
    return this_year


def _fold_space(text: str) -> str:
    return " ".join(text.split())


def _same_place(gold: str, written: str | None) -> bool:
    if written is None:
        return False
    return _fold_space(gold).casefold() == _fold_space(written).casefold()


def _describe(record: EventRecord | None, error: str | None) -> str:
    """What the pipeline made of a story, in one line."""
    if record is None:
        return f"error: {error}"
    dateline = record.dateline
    if dateline is None:
        return "no dateline; warnings=" + ",".join(w.code for w in record.warnings)
    place = dateline.place
    where = (
        f"place={place.text!r}->{place.name!r} [{place.country_code}]"
        if place is not None
        else "place=None"
    )
    codes = ",".join(w.code for w in record.warnings if w.code != "no_dateline")
    return f"dateline={dateline.text!r} {where} date={dateline.date} warnings=[{codes}]"


def score(stories: list[Story], resources: Resources) -> None:
    """Run every story through the pipeline and print the figures."""
    tally = Tally()
    irregular: list[str] = []
    no_body = no_dateline = no_date = 0
    processed = 0
    elapsed = 0.0
    for story in stories:
        if story.body is None:
            no_body += 1
            continue
        if story.dateline is None:
            no_dateline += 1
            continue
        if story.received_at is None:
            no_date += 1
            continue
        start = time.perf_counter()
        record, error = _run(story, resources)
        elapsed += time.perf_counter() - start
        processed += 1
        gold = gold_dateline(story.dateline)
        if gold is None:
            irregular.append(
                f"  #{story.newid} gold={story.dateline.strip()!r}: {_describe(record, error)}"
            )
            continue
        _score_one(tally, story, gold, record, error)

    _report(tally, irregular, no_body, no_dateline, no_date, processed, elapsed, len(stories))


def _run(story: Story, resources: Resources) -> tuple[EventRecord | None, str | None]:
    try:
        record = normalize(
            Envelope(text=story.raw_text()), resources, received_at=story.received_at
        )
    except StoryError as exc:
        return None, f"{exc.code}: {exc.message}"
    return record, None


def _score_one(
    tally: Tally, story: Story, gold: Gold, record: EventRecord | None, error: str | None
) -> None:
    assert story.dateline is not None
    assert story.received_at is not None
    tally.regular += 1
    line = f"  #{story.newid} gold={story.dateline.strip()!r}: {_describe(record, error)}"
    if record is None:
        tally.miss("pipeline error", line)
        return
    dateline = record.dateline
    place = dateline.place if dateline is not None else None
    checks = {
        "dateline found": dateline is not None,
        "place as written": _same_place(gold.place, place.text if place else None),
        "date": dateline is not None and dateline.date == gold_date(gold, story.received_at),
        "country code": place is not None and place.country_code is not None,
        "place in GeoNames": place is not None and place.geonames_id is not None,
        "Reuters as agency": any(a.code == "reuters" for a in record.agencies),
        "sign-off removed": not record.body.rstrip().lower().endswith("reuter"),
    }
    counters = ("found", "place", "date", "country", "geonames", "reuters", "signoff")
    for (what, ok), counter in zip(checks.items(), counters, strict=True):
        if ok:
            setattr(tally, counter, getattr(tally, counter) + 1)
        else:
            tally.miss(what, line)


def _report(
    tally: Tally,
    irregular: list[str],
    no_body: int,
    no_dateline: int,
    no_date: int,
    processed: int,
    elapsed: float,
    total: int,
) -> None:
    def pct(n: int) -> str:
        return f"{100 * n / tally.regular:6.2f}%" if tally.regular else "   n/a"

    print(f"stories in file:                    {total}")
    print(f"  without <BODY>:                   {no_body}")
    print(f"  without <DATELINE> (with body):   {no_dateline}")
    if no_date:
        print(f"  without a readable <DATE>:        {no_date}")
    print(f"stories with a gold dateline:       {processed}")
    print(f"  regular (scored):                 {tally.regular}")
    print(f"  irregular (listed below):         {len(irregular)}")
    print(f"dateline found:                     {pct(tally.found)}")
    print(f"place as written (exact):           {pct(tally.place)}")
    print(f"date (receive-time rule):           {pct(tally.date)}")
    print(f"place with a country code:          {pct(tally.country)}")
    print(f"place with a GeoNames id:           {pct(tally.geonames)}")
    print(f"Reuters recognised as agency:       {pct(tally.reuters)}")
    print(f"sign-off removed from body:         {pct(tally.signoff)}")
    if elapsed:
        print(f"stories/second (pipeline, no NER):  {processed / elapsed:8.1f}")
    for what, lines in tally.misses.items():
        print(f"\nmisses, {what} ({len(lines)}):")
        print("\n".join(lines))
    print(f"\nirregular gold datelines ({len(irregular)}):")
    print("\n".join(irregular))


def main(argv: list[str]) -> int:
    flags = {a for a in argv if a.startswith("--")}
    paths = [a for a in argv if not a.startswith("--")]
    path = Path(paths[0]) if paths else DEFAULT_PATH
    if not path.is_file():
        print(f"skipped: no Reuters-21578 file at {path} (give a path to reut2-*.sgm)")
        return 0
    resources = load_resources(None)
    stories = list(read_stories(path))
    print(f"file: {path.name}")
    score(stories, resources)
    if "--no-entities" not in flags:
        with_ner = load_resources()
        entity_figures(
            (
                (s.newid, s.raw_text(), s.received_at)
                for s in stories
                if s.body is not None and s.received_at is not None
            ),
            with_ner,
        ).report()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
