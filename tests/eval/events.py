"""Event coding figures (issue 25): PLOVER gold sentences, non-event stories, the stage's cost.

Run ``python -m tests.eval.events [--verbose]`` (or ``make eval-events``; ``make eval`` runs
it too). It reads ``shared/eval/plover/plover_gsr_dev.jsonl`` and
``shared/eval/reuters21578/reut2-000.sgm`` beside the repository; when a file is absent its
part says so and is skipped.

1. **Gold sentences.** Each sentence runs through the pure pipeline with the English NER
   model, as the worker runs it. Event types are scored per sentence as sets (a predicted
   type the gold does not have is a false positive): precision, recall and F1 per type and
   their macro average over the types the gold holds. The gold's older labels are mapped
   (DEMAND -> REQUEST, DISAPPROVE and INVESTIGATE -> ACCUSE, FIGHT -> ASSAULT) and so are
   its CAMEO-era country codes (JAP -> JPN, ITL -> ITA, VTN -> VNM). **Actor country**: the
   share of gold actors (source and target with a country, IGO or NGO code) whose code is
   among the predicted events' actor and recipient countries for that sentence; printed
   also over the sentences whose gold event type the coder found, so that a reader sees
   how much of the miss is events not found.
2. **Stories that are no political event**: the Reuters file's stories with TOPICS earn,
   grain or crude: the share that get any event (``--verbose`` lists them).
3. **Cost**: the pipeline's time per story over the first Reuters stories with a body, with
   the event stage and without it (``Resources.code_events``), in one process: both warmed
   first, then each story both ways back to back in alternating order, in rounds, each
   figure the median of the rounds.

Sections 1 and 2 are printed twice: with every rule, and with the ``dev`` rules (those
added after reading gold sentences) left out, so that a reader sees how much reading the
gold has bought.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tests.eval.reuters21578 import read_stories
from wiredesk.errors import StoryError
from wiredesk.models import CodedEvent, Envelope, EventRecord
from wiredesk.normalize.events import code_events
from wiredesk.normalize.events.lexicon import RULES
from wiredesk.normalize.events.tokens import Matcher
from wiredesk.normalize.pipeline import Resources, normalize
from wiredesk.resources import load_resources

SHARED = Path(__file__).resolve().parents[3] / "shared" / "eval"
GOLD_PATH = SHARED / "plover" / "plover_gsr_dev.jsonl"
REUTERS_PATH = SHARED / "reuters21578" / "reut2-000.sgm"

OLD_LABELS = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE",
              "FIGHT": "ASSAULT"}  # fmt: skip
OLD_CODES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}
NON_EVENT_TOPICS = frozenset({"earn", "grain", "crude"})
COST_STORIES = 200
COST_ROUNDS = 5
GOLD_RECEIVED = datetime(2000, 1, 1, 12, tzinfo=UTC)

_TOPICS = re.compile(r"<TOPICS>(.*?)</TOPICS>", re.S)
_D = re.compile(r"<D>(.*?)</D>")


@dataclasses.dataclass(frozen=True, slots=True)
class Gold:
    id: str
    text: str
    event: str
    countries: tuple[str, ...]  # the gold actors' codes that count (countries, IGO, NGO)


def read_gold(path: Path) -> list[Gold]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        row: dict[str, Any] = json.loads(line)
        parties = [
            a for side in ("source", "target") if isinstance(row.get(side), list) for a in row[side]
        ]
        codes = [OLD_CODES.get(a.get("code") or "", a.get("code") or "") for a in parties]
        kept = tuple(c for c in codes if re.fullmatch(r"[A-Z]{3}", c) and c != "IMG")
        out.append(Gold(row["id"], row["text"], OLD_LABELS.get(row["event"], row["event"]), kept))
    return out


def _record(text: str, resources: Resources, received_at: datetime) -> EventRecord | None:
    try:
        return normalize(Envelope(text=text), resources, received_at=received_at)
    except StoryError:
        return None


def recode(record: EventRecord, resources: Resources, matcher: Matcher) -> list[CodedEvent]:
    """The record's events again, with another rule set (the stage's own inputs)."""
    return code_events(
        record.headline,
        record.body,
        record.entities,
        record.language,
        record.dateline,
        record.received_at,
        resources.gazetteer,
        resources.organisations,
        matcher,
    )


@dataclasses.dataclass
class TypeScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f


def score_gold(
    gold: Sequence[Gold], predicted: Sequence[list[CodedEvent]], verbose: bool
) -> tuple[float, float]:
    scores: dict[str, TypeScore] = {}
    found = total = found_typed = total_typed = 0
    for g, events in zip(gold, predicted, strict=True):
        types = {e.type for e in events}
        scores.setdefault(g.event, TypeScore())
        for t in types | {g.event}:
            s = scores.setdefault(t, TypeScore())
            if t in types and t == g.event:
                s.tp += 1
            elif t in types:
                s.fp += 1
            else:
                s.fn += 1
        codes = {a.country for e in events for a in [*e.actor, *e.recipient] if a.country}
        for c in g.countries:
            total += 1
            found += c in codes
            if g.event in types:  # the actors of an event the coder found
                total_typed += 1
                found_typed += c in codes
        if verbose and (types != {g.event} or not set(g.countries) <= codes):
            got = [(e.type, [a.country for a in e.actor], [a.country for a in e.recipient])
                   for e in events]  # fmt: skip
            print(f"  {g.id} gold {g.event} {list(g.countries)} got {got}: {g.text[:110]}")
    gold_types = sorted({g.event for g in gold})
    print(f"  {'type':<10} {'P':>6} {'R':>6} {'F1':>6}  gold")
    for t in gold_types:
        p, r, f = scores[t].prf()
        n = scores[t].tp + scores[t].fn
        print(f"  {t:<10} {p:6.2f} {r:6.2f} {f:6.2f}  {n}")
    macro = sum(scores[t].prf()[2] for t in gold_types) / len(gold_types)
    share = found / total if total else 0.0
    print(f"  macro-F1 over {len(gold_types)} types: {macro:.2f}")
    typed = found_typed / total_typed if total_typed else 0.0
    print(f"  actor country found: {found}/{total} = {share:.0%}")
    print(
        f"  actor country found where the gold event type was found: "
        f"{found_typed}/{total_typed} = {typed:.0%}"
    )
    return macro, share


def non_events(
    stories: Sequence[tuple[str, str, EventRecord]],
    events: Sequence[list[CodedEvent]],
    verbose: bool,
) -> float:
    hit = [(s, e) for s, e in zip(stories, events, strict=True) if e]
    share = len(hit) / len(stories) if stories else 0.0
    print(f"  earn/grain/crude stories with any event: {len(hit)}/{len(stories)} = {share:.1%}")
    if verbose:
        for (newid, title, _), found in hit:
            got = [(e.type, e.trigger, [a.country for a in e.actor]) for e in found]
            print(f"    {newid} {title[:60]!r}: {got}")
    return share


def _topics(path: Path) -> dict[str, set[str]]:
    text = path.read_text(encoding="latin-1")
    out: dict[str, set[str]] = {}
    for element in re.finditer(r"<REUTERS\b[^>]*>(.*?)</REUTERS>", text, re.S):
        newid = re.search(r'NEWID="(\d+)"', element.group(0))
        topics = _TOPICS.search(element.group(1))
        if newid:
            out[newid.group(1)] = set(_D.findall(topics.group(1))) if topics else set()
    return out


def cost(texts: Sequence[tuple[str, datetime]], resources: Resources) -> None:
    """Per-story pipeline time with and without the event stage; stage time by its timer.

    Both paths are warmed first; then, in ``COST_ROUNDS`` rounds, each story runs both ways
    back to back, the order flipping from story to story (and round to round), so that
    neither side gets a warmer cache or a quieter machine; each figure is the median of the
    rounds.
    """
    without = dataclasses.replace(resources, code_events=False)
    stage: list[float] = []

    def on_stage(name: str, seconds: float) -> None:
        if name == "events":
            stage.append(seconds)

    def once(text: str, when: datetime, res: Resources) -> float:
        start = time.perf_counter()
        with contextlib.suppress(StoryError):
            normalize(Envelope(text=text), res, received_at=when, on_stage=on_stage)
        return time.perf_counter() - start

    for text, when in texts[:50]:  # warm both paths
        once(text, when, resources)
        once(text, when, without)
    rounds: dict[str, list[float]] = {"with": [], "without": [], "stage": []}
    k = 1000 / len(texts)
    for r in range(COST_ROUNDS):
        stage.clear()
        spent = {"with": 0.0, "without": 0.0}
        for n, (text, when) in enumerate(texts):
            both = (("with", resources), ("without", without))
            for label, res in both if (n + r) % 2 == 0 else both[::-1]:
                spent[label] += once(text, when, res)
        rounds["with"].append(spent["with"] * k)
        rounds["without"].append(spent["without"] * k)
        rounds["stage"].append(sum(stage) * k)
    per_with, per_without, per_stage = (statistics.median(rounds[key]) for key in rounds)
    print(
        f"  {len(texts)} Reuters stories x {COST_ROUNDS} rounds, each story both ways in turn, "
        f"NER on, medians: pipeline {per_with:.2f} ms/story with the event stage, "
        f"{per_without:.2f} without (difference {per_with - per_without:+.2f}); the stage's "
        f"own timer {per_stage:.3f} ms/story = {per_stage / per_with:.1%} of the pipeline"
    )


def main(argv: list[str]) -> int:
    verbose = "--verbose" in argv
    resources = load_resources()
    manual = Matcher([r for r in RULES if r.origin != "dev"])
    if GOLD_PATH.is_file():
        gold = read_gold(GOLD_PATH)
        records = [_record(g.text, resources, GOLD_RECEIVED) for g in gold]
        print(f"PLOVER gold sentences ({GOLD_PATH.name}, {len(gold)}): every rule")
        score_gold(gold, [r.events if r else [] for r in records], verbose)
        print("PLOVER gold sentences: the dev rules left out (manual and wire only)")
        score_gold(gold, [recode(r, resources, manual) if r else [] for r in records], False)
    else:
        print(f"skipped: no PLOVER gold file at {GOLD_PATH}")
    if not REUTERS_PATH.is_file():
        print(f"skipped: no Reuters-21578 file at {REUTERS_PATH}")
        return 0
    topics = _topics(REUTERS_PATH)
    stories = [s for s in read_stories(REUTERS_PATH) if s.body and s.received_at]
    picked: list[tuple[str, str, EventRecord]] = []
    for s in stories:
        if topics.get(s.newid, set()) & NON_EVENT_TOPICS and s.received_at is not None:
            record = _record(s.raw_text(), resources, s.received_at)
            if record is not None:
                picked.append((s.newid, s.title or "", record))
    print("Reuters earn, grain and crude stories (no political event expected): every rule")
    non_events(picked, [r.events for _, _, r in picked], verbose)
    print("Reuters earn, grain and crude stories: the dev rules left out")
    non_events(picked, [recode(r, resources, manual) for _, _, r in picked], False)
    print("Cost")
    cost(
        [(s.raw_text(), s.received_at) for s in stories if s.received_at][:COST_STORIES],
        resources,
    )
    kinds = Counter(r.origin for r in RULES)
    print(f"Rules by origin: {dict(sorted(kinds.items()))}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
