"""A story's history: which place a new record takes in it (issue 8, items 3 and 4).

Pure: no Kafka, no clock. The caller (the story book, :mod:`wiredesk.stories.book`)
finds the story a record belongs to, hands :func:`decide` that story's
:class:`StoryState` (None for a record that starts a story), what it knows of the
incoming record (:class:`Incoming`) and, for a record that starts a story, the best
near-duplicate the :class:`DuplicateIndex` found of another provider's story; it keeps
the next state :func:`decide` returns. The same records in the same order give the same
lifecycles in every process.

The rules, first that applies:

1. **Replay.** A record whose ``source`` (its input topic, partition and offset) the state
   already decided gets that decision again, unchanged, and the state stays as it is: a
   record read twice after a crash or a rebalance is told the same thing twice.
2. **First record of a story** (no state): ``kill`` if it is a kill (status ``canceled``
   or the ``kill`` signal; it kills nothing known, and the story is dead from the start),
   else ``duplicate`` when the index found a near-same body of another provider's story
   (``duplicate_of`` is that story's first record, with the similarity), else ``new``.
3. **A kill** of a known story: ``kill``, ``supersedes`` the live version, ``kills`` every
   record id the story had. The story has no live version after it, for good.
4. **After a kill** every other record of the story is ``stale``: a withdrawn story does
   not come back, whatever version arrives late (a replacement comes as a new story).
5. Versions are ordered by ``(version, version_created)`` (an integer, then the time; a
   missing time sorts first). **Lower** than the highest seen: ``stale``. **Equal**: the
   same record id again is ``repeat``; another record with a ``correction``, ``refile`` or
   ``update`` signal is that action (Reuters' ``UPDATE 1-`` has version 1, like the
   untagged story it updates); another record without a signal is a ``duplicate`` of the
   live version (an unchanged resend: it changes nothing). **Higher**: ``correction`` or
   ``refile`` when the record says so, else ``update``.
6. ``sequence`` counts the story's records (1 for the first), repeats and stale ones too;
   ``supersedes`` is the live version an update, correction, refile or kill replaces.
   Every record id of the story is kept (up to :data:`MAX_IDS`), so a kill names them all.
7. ``events_high`` is the most coded events any live version of the story had: the
   event keys ever written to the coded-events topic (:mod:`wiredesk.stories.coded`), so
   a later version with fewer events, a kill or the end of retention can delete them all.

A duplicate of another provider's story is found only for the first record of a story:
later versions follow their own story's history. A duplicate's body is not indexed (the
original it copies is), so copies of copies cannot fill the index.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Final

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from wiredesk.models import Action, Lifecycle
from wiredesk.stories import fingerprint as fp
from wiredesk.stories.key import StoryKey

DUPLICATE_WINDOW: Final = timedelta(hours=72)
"""A body is compared with those of stories first seen at most this long before it."""
MAX_IDS: Final = 256  # version ids kept per story (a kill lists them); older ones dropped
MAX_DECIDED: Final = 64  # replayable decisions kept per story, the newest
MAX_HINTS: Final = 64  # the ways a story is named (Kafka keys, headlines, ids), the newest


class _Decided(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    source: str
    lifecycle: Lifecycle


class StoryState(BaseModel):
    """What is kept of one story between its records (JSON in the edge's table)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str
    first_id: str
    first_seen: datetime
    last_seen: datetime
    sequence: int
    version: int
    version_created: datetime | None = None
    live: str | None = None
    ids: list[str] = Field(default_factory=list)
    decided: list[_Decided] = Field(default_factory=list)
    fingerprint: str | None = None  # base64 of the first body's MinHash (indexed stories)
    shingles: int = 0
    # schema version 5: story linking without a guid
    killed: bool = False  # a kill came: nothing of the story is live again
    provider: str | None = None  # the first record's provider (kebab case) or None
    place: str | None = None  # the first dateline place seen, folded
    hints: list[str] = Field(default_factory=list)  # hint keys that find this story
    # record schema version 6: the coded-events topic (wire.coded)
    events_high: int = 0  # event keys ever written for the story: <key>#0 .. #events_high-1

    def decision_for(self, source: str) -> Lifecycle | None:
        for entry in self.decided:
            if entry.source == source:
                return entry.lifecycle
        return None

    def body_fingerprint(self) -> fp.Fingerprint | None:
        if self.fingerprint is None:
            return None
        return fp.Fingerprint(base64.b64decode(self.fingerprint), self.shingles)


@dataclass(frozen=True, slots=True)
class Incoming:
    """What :func:`decide` reads of a record."""

    record_id: str
    source: str  # where the record was read: replays of it carry the same source
    key: StoryKey
    received_at: datetime
    version: int = 1
    version_created: datetime | None = None
    signals: tuple[str, ...] = ()
    canceled: bool = False
    fingerprint: fp.Fingerprint | None = None
    provider: str | None = None
    place: str | None = None
    hints: tuple[str, ...] = ()  # every hint key of the record (stories.key.hints)
    events: int = 0  # the record's coded events (a live version writes that many rows)

    @property
    def is_kill(self) -> bool:
        return self.canceled or "kill" in self.signals

    @property
    def is_version(self) -> bool:
        """The record says it is a version of a story: a kill, update, correction or refile."""
        return self.is_kill or _signal(self.signals) is not None


@dataclass(frozen=True, slots=True)
class Match:
    """The best near-duplicate found for a body: the other story and how alike they are."""

    story_key: str
    record_id: str
    similarity: float


def decide(
    state: StoryState | None, incoming: Incoming, match: Match | None
) -> tuple[Lifecycle, StoryState]:
    """The incoming record's lifecycle and its story's next state (rules in the module
    docstring). ``state`` is the story the record belongs to, None when it starts one;
    ``match`` is ignored unless it does."""
    if state is not None:
        earlier = state.decision_for(incoming.source)
        if earlier is not None:
            return earlier, state
        return _next(state, incoming)
    return _first(incoming, match)


def _merge_hints(known: list[str], new: Iterable[str]) -> list[str]:
    seen = set(known)
    merged = [*known, *(h for h in new if h not in seen)]
    return merged[-MAX_HINTS:]


def _first(incoming: Incoming, match: Match | None) -> tuple[Lifecycle, StoryState]:
    key = incoming.key.value
    indexed = incoming.fingerprint is not None
    if incoming.is_kill:
        lifecycle = Lifecycle(story_key=key, sequence=1, action="kill")
        indexed = False
    elif match is not None and match.story_key != key:
        lifecycle = Lifecycle(
            story_key=key,
            sequence=1,
            action="duplicate",
            duplicate_of=match.record_id,
            similarity=round(match.similarity, 3),
        )
        indexed = False
    else:
        lifecycle = Lifecycle(story_key=key, sequence=1, action="new")
    body = incoming.fingerprint
    state = StoryState(
        key=key,
        first_id=incoming.record_id,
        first_seen=incoming.received_at,
        last_seen=incoming.received_at,
        sequence=1,
        version=incoming.version,
        version_created=incoming.version_created,
        live=None if incoming.is_kill else incoming.record_id,
        ids=[incoming.record_id],
        decided=[_Decided(source=incoming.source, lifecycle=lifecycle)],
        fingerprint=base64.b64encode(body.hashvalues).decode() if indexed and body else None,
        shingles=body.shingles if indexed and body else 0,
        killed=incoming.is_kill,
        provider=incoming.provider,
        place=incoming.place,
        hints=_merge_hints([key], incoming.hints),
        events_high=0 if incoming.is_kill else incoming.events,
    )
    return lifecycle, state


def _order(version: int, created: datetime | None) -> tuple[int, float]:
    return version, created.timestamp() if created is not None else float("-inf")


def _next(state: StoryState, incoming: Incoming) -> tuple[Lifecycle, StoryState]:
    sequence = state.sequence + 1
    key = state.key
    mine = _order(incoming.version, incoming.version_created)
    best = _order(state.version, state.version_created)
    takes_over = True
    supersedes: str | None = state.live
    kills: list[str] = []
    duplicate_of: str | None = None
    action: Action
    if incoming.is_kill:
        action = "kill"
        kills = [i for i in state.ids if i != incoming.record_id]
    elif state.killed or mine < best:
        action, takes_over, supersedes = "stale", False, None
    elif mine == best:
        signal = _signal(incoming.signals)
        if incoming.record_id in state.ids:
            action, takes_over, supersedes = "repeat", False, None
        elif signal is None:
            action, takes_over, supersedes = "duplicate", False, None
            duplicate_of = state.live or state.first_id
        else:
            action = signal
    else:
        action = _signal(incoming.signals) or "update"
    lifecycle = Lifecycle(
        story_key=key,
        sequence=sequence,
        action=action,
        supersedes=supersedes,
        kills=kills,
        duplicate_of=duplicate_of,
    )
    changes: dict[str, object] = {
        "sequence": sequence,
        "last_seen": max(state.last_seen, incoming.received_at),
        "decided": [*state.decided, _Decided(source=incoming.source, lifecycle=lifecycle)][
            -MAX_DECIDED:
        ],
        "hints": _merge_hints(state.hints, incoming.hints),
    }
    if incoming.record_id not in state.ids:  # every record of the story: a kill names it
        changes["ids"] = [*state.ids, incoming.record_id][-MAX_IDS:]
    if state.place is None and incoming.place is not None:
        changes["place"] = incoming.place
    body = incoming.fingerprint
    if body is not None and state.fingerprint is None and not _is_copy(state):
        # The story had no body to find it by (a kill came first, or a bulletin too short):
        # its first body is indexed, so that a version under another headline finds it.
        changes["fingerprint"] = base64.b64encode(body.hashvalues).decode()
        changes["shingles"] = body.shingles
    if takes_over:
        if mine > best:
            changes["version"] = incoming.version
            changes["version_created"] = incoming.version_created
        changes["live"] = None if incoming.is_kill else incoming.record_id
        if incoming.is_kill:
            changes["killed"] = True
        else:
            changes["events_high"] = max(state.events_high, incoming.events)
    return lifecycle, state.model_copy(update=changes)


def _is_copy(state: StoryState) -> bool:
    """Whether the story began as a duplicate of another (its body is never indexed)."""
    return any(
        d.lifecycle.sequence == 1 and d.lifecycle.action == "duplicate" for d in state.decided
    )


def _signal(signals: Iterable[str]) -> Action | None:
    """The action a record's own signal asks for, correction first."""
    found = set(signals)
    names: tuple[Action, ...] = ("correction", "refile", "update")
    for name in names:
        if name in found:
            return name
    return None


# ---------------------------------------------------------------- the duplicate index

_MIX: Final = 0x9E3779B97F4A7C15  # spreads the band number over the 64-bit band hash
_MASK: Final = (1 << 64) - 1
_MERGE_EVERY: Final = 4096  # pending stories folded into the sorted arrays at a time


def _band_hashes(body: fp.Fingerprint) -> np.ndarray:
    """One uint64 per LSH band (:data:`fingerprint.BANDS` of them): its rows' minimums."""
    rows = fp.NUM_PERM // fp.BANDS
    values = body.values().astype(np.uint64).reshape(fp.BANDS, rows)
    folded = np.zeros(fp.BANDS, dtype=np.uint64)
    for row in range(rows):
        folded = (folded << np.uint64(32)) | values[:, row]
    bands = np.arange(fp.BANDS, dtype=np.uint64) * np.uint64(_MIX)
    mixed: np.ndarray = folded ^ bands
    return mixed


@dataclass(slots=True)
class _Entry:
    story_key: str
    record_id: str
    body: fp.Fingerprint
    first_seen: datetime
    removed: bool = False


@dataclass(slots=True)
class DuplicateIndex:
    """The bodies of the stories of the last :data:`DUPLICATE_WINDOW`, looked up by LSH band.

    Each story costs its fingerprint and 64 band hashes (12 bytes each in sorted NumPy
    arrays): about 1.3 kB, so 100,000 stories take about 130 MB. New stories wait in a
    small dict until :data:`_MERGE_EVERY` of them are folded into the sorted arrays;
    stories older than the window (by the newest receive time seen) are dropped then.
    A lookup is 64 binary searches and a similarity per candidate story.
    """

    window: timedelta = DUPLICATE_WINDOW
    _entries: list[_Entry | None] = field(default_factory=list)
    _by_key: dict[str, int] = field(default_factory=dict)
    _hashes: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.uint64))
    _owners: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    _pending: dict[int, list[int]] = field(default_factory=dict)
    _pending_count: int = 0
    _newest: datetime | None = None

    def __len__(self) -> int:
        return len(self._by_key)

    def add(
        self, story_key: str, record_id: str, body: fp.Fingerprint, first_seen: datetime
    ) -> None:
        """Index a story's first body (a story indexed again replaces its entry)."""
        self.remove(story_key)
        number = len(self._entries)
        self._entries.append(_Entry(story_key, record_id, body, first_seen))
        self._by_key[story_key] = number
        for value in _band_hashes(body).tolist():
            self._pending.setdefault(value, []).append(number)
        self._pending_count += 1
        self._saw(first_seen)
        if self._pending_count >= _MERGE_EVERY:
            self._merge()

    def remove(self, story_key: str) -> None:
        number = self._by_key.pop(story_key, None)
        if number is not None:
            entry = self._entries[number]
            if entry is not None:
                entry.removed = True

    def match(
        self, story_key: str, body: fp.Fingerprint | None, received_at: datetime
    ) -> Match | None:
        """The most similar indexed story of another key within the window, if it is at
        least :data:`fingerprint.DUPLICATE_THRESHOLD` alike; None otherwise."""
        self._saw(received_at)
        if body is None:
            return None
        best: Match | None = None
        for number in self._candidates(_band_hashes(body)):
            entry = self._entries[number]
            if entry is None or entry.removed or entry.story_key == story_key:
                continue
            if abs(received_at - entry.first_seen) > self.window:
                continue
            alike = fp.similarity(body, entry.body)
            if alike < fp.DUPLICATE_THRESHOLD:
                continue
            if best is None or alike > best.similarity:
                best = Match(entry.story_key, entry.record_id, alike)
        return best

    def _candidates(self, hashes: np.ndarray) -> set[int]:
        found: set[int] = set()
        if self._hashes.size:
            left = np.searchsorted(self._hashes, hashes, side="left")
            right = np.searchsorted(self._hashes, hashes, side="right")
            for lo, hi in zip(left.tolist(), right.tolist(), strict=True):
                if hi > lo:
                    found.update(self._owners[lo:hi].tolist())
        for value in hashes.tolist():
            found.update(self._pending.get(value, ()))
        return found

    def _saw(self, when: datetime) -> None:
        if self._newest is None or when > self._newest:
            self._newest = when

    def _merge(self) -> None:
        """Fold the pending stories into the sorted arrays; drop removed and old stories
        and number the rest afresh, so the index holds only the window's stories."""
        horizon = None if self._newest is None else self._newest - self.window
        renumbered = np.full(len(self._entries), -1, dtype=np.int64)
        kept: list[_Entry | None] = []
        self._by_key = {}
        for number, entry in enumerate(self._entries):
            if entry is None or entry.removed:
                continue
            if horizon is not None and entry.first_seen < horizon:
                continue
            renumbered[number] = len(kept)
            self._by_key[entry.story_key] = len(kept)
            kept.append(entry)
        pending_hashes = np.fromiter(
            (h for h, owners in self._pending.items() for _ in owners), dtype=np.uint64
        )
        pending_owners = np.fromiter(
            (o for owners in self._pending.values() for o in owners), dtype=np.int64
        )
        hashes = np.concatenate([self._hashes, pending_hashes])
        owners = renumbered[np.concatenate([self._owners, pending_owners])]
        alive = owners >= 0
        hashes, owners = hashes[alive], owners[alive]
        order = np.argsort(hashes, kind="stable")
        self._hashes, self._owners = hashes[order], owners[order]
        self._entries = kept
        self._pending = {}
        self._pending_count = 0
