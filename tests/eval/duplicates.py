"""Near-duplicate detection on a synthetic set: precision, recall and per-story cost.

Run ``python -m tests.eval.duplicates [--no-ner]`` (or ``make eval-duplicates``).

The set is built deterministically from the base stories of
:mod:`tests.eval.duplicate_stories` (20 stories, two per topic, in ten agencies' styles):

* **same story** pairs: each base story beside each of its rewrites, made the way
  republishers and partner agencies change copy: another lead, trimmed paragraphs,
  another credit and dateline, other spellings of names, reordered paragraphs, web
  boilerplate and a feed note, house-style edits, and combinations of them;
* **different story** pairs: the two stories of one topic (which share names, places,
  figures and often a background paragraph), each against the other and against every
  rewrite of the other. These must stay apart.

Every text goes through the real pipeline (``normalize``, without NER: the body is the
same with it) and the fingerprint of its clean body is compared with
:func:`wiredesk.stories.fingerprint.similarity`. The report prints precision and recall
at the chosen threshold and beside it a sweep of thresholds (and of Jaccard, to show why
the containment figure is used), the share of same-story pairs the LSH bands would offer as
candidates, then the per-story cost of fingerprinting beside the whole pipeline's per-story
time (with the NER model unless ``--no-ner``) measured in the same process.
"""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

import numpy as np

from tests.eval.duplicate_stories import BASES, Base
from wiredesk.models import Envelope
from wiredesk.normalize.pipeline import Resources, normalize
from wiredesk.resources import load_resources
from wiredesk.stories.fingerprint import (
    DUPLICATE_THRESHOLD,
    NUM_PERM,
    Fingerprint,
    bands,
    fingerprint,
    jaccard,
    similarity,
)
from wiredesk.stories.history import DuplicateIndex, Incoming, Lifecycle, StoryState, decide
from wiredesk.stories.key import StoryKey

RECEIVED_AT = datetime(2024, 11, 24, 12, 0, tzinfo=UTC)

_DATELINES: dict[str, Callable[[str, str], str]] = {
    "reuters": lambda p, d: f"{p}, {d} (Reuters) - " if d else f"{p} (Reuters) - ",
    "ap": lambda p, d: f"{p} (AP) — ",
    "afp": lambda p, d: f"{p}, {d} (AFP) - ",
    "dpa": lambda p, d: f"{p} (dpa) - ",
    "kyodo": lambda p, d: f"{p} (Kyodo) -- ",
    "yonhap": lambda p, d: f"{p}, {d} (Yonhap) -- ",
    "pti": lambda p, d: f"{p}, {d} (PTI) ",
    "xinhua": lambda p, d: f"{p}, {d} (Xinhua) -- ",
    "tass": lambda p, d: f"{p}, {d} /TASS/. ",
    "efe": lambda p, d: f"{p.title()}, {d} (EFE).- ",
    "aap": lambda p, d: f"{p}, {d} (AAP) - ",
    "upi": lambda p, d: f"{p}, {d} (UPI) -- ",
}
_SIGNOFFS = {"efe": "EFE", "yonhap": "(END)", "dpa": "dpa xy zz"}
# The agency a partner or republisher credits instead (another dateline and sign-off).
_PARTNER = {
    "reuters": "aap", "ap": "upi", "afp": "efe", "dpa": "afp", "kyodo": "ap",
    "yonhap": "upi", "pti": "reuters", "xinhua": "afp", "tass": "reuters", "efe": "afp",
}  # fmt: skip
_HOUSE_STYLE = (
    (" percent", " per cent"),
    (" per cent", " percent"),
    ("said on ", "said "),
    (" kilometers", " km"),
    (" more than ", " over "),
    (" on Monday", " Monday"),
    (" on Tuesday", " Tuesday"),
    (" on Wednesday", " Wednesday"),
    (" on Thursday", " Thursday"),
    (" on Saturday", " Saturday"),
    (" on Sunday", " Sunday"),
    (" said.", " told reporters."),
)  # a paragraph gets the first edit that applies to it
_BOILERPLATE_TOP = "Sign up for our morning briefing"
_BOILERPLATE_END = ("Related Articles", "Back to top button")
_FEED_NOTE = (
    "(This story has not been edited by our staff and is auto-generated from a syndicated feed.)"
)


@dataclass(frozen=True, slots=True)
class Copy:
    """One text of the set: a base story or one rewrite of it, as raw wire text."""

    base: str
    topic: str
    rewrite: str  # "original" or the rewrites applied, joined by "+"
    text: str


@dataclass(frozen=True, slots=True)
class _Draft:
    agency: str
    headline: str
    paragraphs: tuple[str, ...]
    top: tuple[str, ...] = ()
    end: tuple[str, ...] = ()


def _render(base: Base, draft: _Draft) -> str:
    dateline = _DATELINES[draft.agency](base.place, base.date)
    paragraphs = [dateline + draft.paragraphs[0], *draft.paragraphs[1:]]
    signoff = _SIGNOFFS.get(draft.agency)
    lines = [*draft.top, draft.headline, *paragraphs, *([signoff] if signoff else []), *draft.end]
    return "\n\n".join(lines) + "\n"


def _new_lead(base: Base, d: _Draft) -> _Draft:
    return replace(d, paragraphs=(base.other_lead, *d.paragraphs[1:]))


def _trim(base: Base, d: _Draft) -> _Draft:
    return replace(d, paragraphs=d.paragraphs[: max(2, math.ceil(len(d.paragraphs) * 0.6))])


def _lead_only(base: Base, d: _Draft) -> _Draft:
    """A brief: the lead and the paragraph after it, the rest cut."""
    return replace(d, paragraphs=d.paragraphs[:2])


def _credit(base: Base, d: _Draft) -> _Draft:
    return replace(d, agency=_PARTNER[base.agency])


def _spelling(base: Base, d: _Draft) -> _Draft:
    def respell(text: str) -> str:
        for written, other in base.spellings:
            text = text.replace(written, other)
        return text

    return replace(d, headline=respell(d.headline), paragraphs=tuple(map(respell, d.paragraphs)))


def _reorder(base: Base, d: _Draft) -> _Draft:
    return replace(d, paragraphs=(d.paragraphs[0], *reversed(d.paragraphs[1:])))


def _web(base: Base, d: _Draft) -> _Draft:
    return replace(
        d,
        headline=f"{d.headline} | World News",
        top=(_BOILERPLATE_TOP,),
        paragraphs=(*d.paragraphs, _FEED_NOTE),
        end=_BOILERPLATE_END,
    )


def _house_style(base: Base, d: _Draft) -> _Draft:
    def edit(text: str) -> str:
        for old, new in _HOUSE_STYLE:
            if old in text:
                return text.replace(old, new)
        return text

    return replace(d, paragraphs=tuple(map(edit, d.paragraphs)))


REWRITES: dict[str, Callable[[Base, _Draft], _Draft]] = {
    "new-lead": _new_lead,
    "trim": _trim,
    "lead-only": _lead_only,
    "credit": _credit,
    "spelling": _spelling,
    "reorder": _reorder,
    "web": _web,
    "house-style": _house_style,
}
COMBINATIONS: tuple[tuple[str, ...], ...] = (
    *((name,) for name in REWRITES),
    ("new-lead", "trim"),
    ("credit", "spelling"),
    ("reorder", "trim"),
    ("new-lead", "spelling", "credit"),
    ("trim", "web", "house-style"),
    ("new-lead", "trim", "spelling", "credit", "reorder"),
)


def copies(base: Base) -> list[Copy]:
    """The base story and each of its rewrites, in a fixed order."""
    draft = _Draft(base.agency, base.headline, base.paragraphs)
    out = [Copy(base.name, base.topic, "original", _render(base, draft))]
    for names in COMBINATIONS:
        rewritten = draft
        for name in names:
            rewritten = REWRITES[name](base, rewritten)
        out.append(Copy(base.name, base.topic, "+".join(names), _render(base, rewritten)))
    return out


@dataclass(frozen=True, slots=True)
class Pair:
    a: Copy
    b: Copy
    same: bool


def pairs() -> list[Pair]:
    """Same-story pairs (a base beside each rewrite) and different-story pairs (the two
    stories of one topic, each beside the other's original and every rewrite)."""
    by_base = {base.name: copies(base) for base in BASES}
    out = [Pair(texts[0], other, True) for texts in by_base.values() for other in texts[1:]]
    topics: dict[str, list[str]] = {}
    for base in BASES:
        topics.setdefault(base.topic, []).append(base.name)
    for first, second in topics.values():
        out.append(Pair(by_base[first][0], by_base[second][0], False))
        out.extend(Pair(by_base[first][0], c, False) for c in by_base[second][1:])
        out.extend(Pair(by_base[second][0], c, False) for c in by_base[first][1:])
    return out


def all_copies() -> Iterator[Copy]:
    for base in BASES:
        yield from copies(base)


def body_of(copy: Copy, resources: Resources) -> str:
    return normalize(Envelope(text=copy.text), resources, received_at=RECEIVED_AT).body


@dataclass(frozen=True, slots=True)
class Scored:
    pair: Pair
    similarity: float
    jaccard: float
    candidate: bool  # shares an LSH band


def score(resources: Resources) -> list[Scored]:
    """Every pair with its similarity, Jaccard estimate and LSH candidacy."""
    fingerprints: dict[str, Fingerprint | None] = {}
    for copy in all_copies():
        fingerprints[copy.text] = fingerprint(body_of(copy, resources))
    out = []
    for pair in pairs():
        a, b = fingerprints[pair.a.text], fingerprints[pair.b.text]
        if a is None or b is None:
            out.append(Scored(pair, 0.0, 0.0, False))
            continue
        shared = bool(set(bands(a)) & set(bands(b)))
        out.append(Scored(pair, similarity(a, b), jaccard(a, b), shared))
    return out


@dataclass(frozen=True, slots=True)
class Figures:
    precision: float
    recall: float
    true_positives: int
    false_positives: int
    false_negatives: int


def figures(scored: list[Scored], threshold: float, *, use_jaccard: bool = False) -> Figures:
    tp = fp = fn = 0
    for s in scored:
        said = (s.jaccard if use_jaccard else s.similarity) >= threshold
        tp += said and s.pair.same
        fp += said and not s.pair.same
        fn += (not said) and s.pair.same
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return Figures(precision, recall, tp, fp, fn)


def _cost(resources: Resources, pipeline: Resources, label: str) -> None:
    texts = [copy.text for copy in all_copies()]
    bodies = [body_of(copy, resources) for copy in all_copies()]
    best = math.inf
    for _ in range(5):
        start = time.perf_counter()
        for body in bodies:
            fingerprint(body)
        best = min(best, (time.perf_counter() - start) / len(bodies))
    start = time.perf_counter()
    for text in texts:
        normalize(Envelope(text=text), pipeline, received_at=RECEIVED_AT)
    whole = (time.perf_counter() - start) / len(texts)
    print(f"\nper-story cost over {len(texts)} stories ({label}):")
    print(f"  fingerprint       {best * 1e3:8.3f} ms")
    print(f"  whole pipeline    {whole * 1e3:8.3f} ms")
    print(f"  ratio             {best / whole:8.1%}   (goal: under 5%)")


def report(scored: list[Scored]) -> None:
    same = sum(s.pair.same for s in scored)
    print(f"pairs: {len(scored)} ({same} same story, {len(scored) - same} different stories)")
    chosen = figures(scored, DUPLICATE_THRESHOLD)
    print(
        f"threshold {DUPLICATE_THRESHOLD:.2f} (containment): precision {chosen.precision:.3f}, "
        f"recall {chosen.recall:.3f} (tp {chosen.true_positives}, fp {chosen.false_positives},"
        f" fn {chosen.false_negatives})"
    )
    print("\nsweep      containment P / R      jaccard P / R")
    for step in range(4, 19):
        t = step / 20
        c, j = figures(scored, t), figures(scored, t, use_jaccard=True)
        print(f"  {t:.2f}     {c.precision:.3f} / {c.recall:.3f}        "
              f"{j.precision:.3f} / {j.recall:.3f}")  # fmt: skip
    candidates = sum(s.candidate for s in scored if s.pair.same)
    others = sum(s.candidate for s in scored if not s.pair.same)
    print(
        f"\nLSH bands: {candidates}/{same} same-story pairs are candidates, "
        f"{others}/{len(scored) - same} different-story pairs"
    )
    missed = [s for s in scored if s.pair.same and s.similarity < DUPLICATE_THRESHOLD]
    wrong = [s for s in scored if not s.pair.same and s.similarity >= DUPLICATE_THRESHOLD]
    for label, cases in (("missed", missed), ("false duplicates", wrong)):
        if cases:
            print(f"\n{label} ({len(cases)}):")
        for s in cases:
            print(
                f"  {s.pair.a.base}/{s.pair.a.rewrite} vs {s.pair.b.base}/{s.pair.b.rewrite}: "
                f"{s.similarity:.2f}"
            )
    lowest = min(s.similarity for s in scored if s.pair.same)
    highest = max(s.similarity for s in scored if not s.pair.same)
    print(f"\nlowest same-story similarity {lowest:.2f}; highest different-story {highest:.2f}")
    lowest = min(s.jaccard for s in scored if s.pair.same)
    highest = max(s.jaccard for s in scored if not s.pair.same)
    print(f"lowest same-story jaccard {lowest:.2f}; highest different-story {highest:.2f}")


def through_index(resources: Resources) -> list[tuple[Copy, Lifecycle]]:
    """Every copy as a story of its own key, in the order a wire would bring them (each
    base's original first, then the first rewrite of every base, and so on), through the
    duplicate index and :func:`decide` as the stream's keeper runs them."""
    by_base = [copies(base) for base in BASES]
    order = [texts[i] for i in range(len(by_base[0])) for texts in by_base]
    index = DuplicateIndex()
    out = []
    for n, copy in enumerate(order):
        when = RECEIVED_AT + timedelta(minutes=n)
        body = fingerprint(body_of(copy, resources))
        key = StoryKey(f"id:{n}", "id")
        incoming = Incoming(
            f"{copy.base}/{copy.rewrite}", f"eval:0:{n}", key, when, fingerprint=body
        )
        lifecycle, state = decide(None, incoming, index.match(key.value, body, when))
        if state.fingerprint is not None and body is not None:
            index.add(key.value, incoming.record_id, body, when)
        out.append((copy, lifecycle))
    return out


def report_index(decided: list[tuple[Copy, Lifecycle]]) -> None:
    rewrites = [(c, x) for c, x in decided if c.rewrite != "original"]
    flagged = [(c, x) for c, x in decided if x.action == "duplicate"]
    right = [(c, x) for c, x in flagged if x.duplicate_of == f"{c.base}/original"]
    originals_flagged = sum(c.rewrite == "original" for c, _ in flagged)
    precision = len(right) / len(flagged) if flagged else 1.0
    print(
        f"\nthrough the index ({len(decided)} copies as stories of their own keys): "
        f"{len(flagged)} duplicates, {len(right)} naming their own original; "
        f"precision {precision:.3f}, recall {len(right) / len(rewrites):.3f}; "
        f"originals called duplicates: {originals_flagged}"
    )


def keeper_cost(
    resources: Resources, pipeline: Resources, fill: int = 30_000
) -> tuple[float, float]:
    """Per-story seconds of the keeper's work (fingerprint, index lookup, decide, index
    add, the state's JSON round trip) with ``fill`` other stories in the index, and of the
    whole pipeline over the same stories; printed, and returned (``make bench`` too)."""
    rng = np.random.default_rng(5)
    index = DuplicateIndex()
    for n in range(fill):
        values = rng.integers(0, 2**32, size=NUM_PERM, dtype=np.uint64).astype("<u4")
        index.add(f"fill:{n}", f"fill{n}", Fingerprint(values.tobytes(), 40), RECEIVED_AT)
    bodies = [body_of(copy, resources) for copy in all_copies()]
    start = time.perf_counter()
    for n, body in enumerate(bodies):
        body_fp = fingerprint(body)
        key = StoryKey(f"id:{n}", "id")
        incoming = Incoming(f"c{n}", f"cost:0:{n}", key, RECEIVED_AT, fingerprint=body_fp)
        _, state = decide(None, incoming, index.match(key.value, body_fp, RECEIVED_AT))
        if state.fingerprint is not None and body_fp is not None:
            index.add(key.value, incoming.record_id, body_fp, RECEIVED_AT)
        StoryState.model_validate_json(state.model_dump_json())  # the table's round trip
    keeper = (time.perf_counter() - start) / len(bodies)
    texts = [copy.text for copy in all_copies()]
    start = time.perf_counter()
    for text in texts:
        normalize(Envelope(text=text), pipeline, received_at=RECEIVED_AT)
    whole = (time.perf_counter() - start) / len(texts)
    print(f"\nkeeper per story, {fill:,} stories in the index ({len(bodies)} stories):")
    print(f"  fingerprint + index + decide + state JSON  {keeper * 1e3:8.3f} ms")
    print(f"  whole pipeline                             {whole * 1e3:8.3f} ms")
    print(f"  ratio                                      {keeper / whole:8.1%}   (goal: under 5%)")
    return keeper, whole


def main(argv: list[str]) -> int:
    text_only = load_resources(None)
    report(score(text_only))
    report_index(through_index(text_only))
    if "--no-ner" in argv:
        _cost(text_only, text_only, "pipeline without NER")
        keeper_cost(text_only, text_only)
    else:
        with_ner = load_resources()
        _cost(text_only, with_ner, "pipeline with the NER model")
        keeper_cost(text_only, with_ner)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
