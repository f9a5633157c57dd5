"""The story keeper's bookkeeping, without Kafka (issue 8).

A :class:`StoryBook` turns event records, one at a time and in order, into their
:class:`~wiredesk.models.Lifecycle`: it finds the story the record belongs to, reads the
story's :class:`~wiredesk.stories.history.StoryState` from a mapping, calls
:func:`~wiredesk.stories.history.decide` and writes the next state back. It also forgets
stories whose last record is older than the retention window.

Finding the story (the record's hints, :func:`wiredesk.stories.key.hints`, strongest
first; the first that finds a story wins):

1. a hint that is a story's key in the mapping, or that a story's earlier records had
   (its guid, Kafka key, slug, headline stem or a record id), within the hint's window
   (:func:`~wiredesk.stories.key.joins`); a headline only when the dateline places do not
   differ; a kill whose provider is unknown also by its headline alone, whatever the
   provider (a withdrawal notice often has no dateline);
2. else the near-duplicate index: for a record with a version signal, a body at least
   :data:`~wiredesk.stories.fingerprint.DUPLICATE_THRESHOLD` alike of a story of the same
   provider (or either provider unknown) is that story's (an update whose headline
   changed, a correction or refile sent under another key); for a record without one,
   only an unchanged resend (:data:`RESEND_SIMILARITY`) of the same provider is; any
   other near-same body makes the record a ``duplicate``, a story of its own;
3. else the record starts a story under its first hint.

The mapping is the only state that has to last: in the stream it is the keeper's Faust
table (RocksDB, restored from its changelog), offline (``wiredesk normalize``) a dict.
The duplicate index, the hints and the expiry order are rebuilt from it after
:meth:`reset`, so two books over the same mapping, fed the same records, say the same
things. When two stories claim one hint, the one first seen later has it.
"""

from __future__ import annotations

import enum
import heapq
from collections.abc import MutableMapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from wiredesk.models import EventRecord, Lifecycle
from wiredesk.stories.fingerprint import Fingerprint, fingerprint
from wiredesk.stories.history import DuplicateIndex, Incoming, Match, StoryState, decide
from wiredesk.stories.key import WILDCARD, StoryKey, hints, joins, place, provider

CACHED_STATES: Final = 4096
"""Story states the book keeps parsed (the most recently used): a record's story is
usually one of the last few thousand, and reading it from the mapping would parse its JSON
again for every hint looked up."""
LIVE_ACTIONS: Final = frozenset({"new", "update", "correction", "refile", "duplicate"})
"""Actions after which the record is its story's live version (a ``duplicate`` only as
the first record of its story: a resend within a story changes nothing)."""
RESEND_SIMILARITY: Final = 0.9
"""A record without a version signal joins a same-provider story by its body only when it
is at least this alike: an unchanged resend, not another story on the same template."""


class Unknown(enum.Enum):
    """A fingerprint not given: :meth:`StoryBook.enter` computes it from the body."""

    UNKNOWN = "unknown"


UNKNOWN: Final = Unknown.UNKNOWN


@dataclass(frozen=True, slots=True)
class Entry:
    """What the book says of one record."""

    lifecycle: Lifecycle
    story_key: str
    live: bool | None
    """True: the record is now the story's live version; False: a kill ended the story
    (its live version must be withdrawn); None: the live version did not change."""
    first_seen: datetime
    """When the story's first record was received."""
    events_high: int = 0
    """Event keys ever written for the story on the coded-events topic (after this record)."""


@dataclass(frozen=True, slots=True)
class Expired:
    """A story the retention window ended while it had a live version: to be withdrawn."""

    story_key: str
    events_high: int = 0
    """Its event keys ever written on the coded-events topic."""


@dataclass(frozen=True, slots=True)
class Admitted:
    """A record admitted to its story: what the keeper publishes and ``normalize`` prints."""

    record: EventRecord
    """The record with its ``lifecycle``."""
    entry: Entry
    expired: list[Expired]
    """Stories the retention window just ended while they had a live version."""


class StoryBook:
    """Story states in ``table`` (story key, UTF-8 -> :class:`StoryState` JSON), the
    duplicate index and the expiry order beside it.

    With ``write_behind``, the states a record changes are kept aside and written to the
    table only by :meth:`flush`, once per story whatever the number of its records since
    (the story keeper flushes after each batch: a story with several records in a batch
    costs one JSON encoding, one RocksDB write and one changelog record, not one of each
    per record). The book decides the same either way: it reads its own unwritten states
    first."""

    def __init__(
        self,
        table: MutableMapping[bytes, bytes],
        retention: timedelta,
        *,
        write_behind: bool = False,
    ) -> None:
        self._table = table
        self._write_behind = write_behind
        self._unwritten: dict[str, StoryState | None] = {}  # None: to be deleted
        self._retention = retention
        self._index = DuplicateIndex()
        self._last_seen: dict[str, datetime] = {}
        self._expiry: list[tuple[datetime, str]] = []
        self._newest: datetime | None = None
        self._built = False
        self._claims: dict[str, tuple[datetime, str]] = {}  # hint -> (first seen, story key)
        # story key -> its state as last written or read, for the CACHED_STATES most
        # recently used; the mapping stays the truth (emptied with the index on reset).
        self._states: dict[str, StoryState] = {}

    def __len__(self) -> int:
        """Stories in the table."""
        self._build()
        return len(self._last_seen)

    def reset(self) -> None:
        """The table changed under the book (a rebalance handed it over): rebuild the
        index and the expiry order from it before the next record."""
        self._built = False

    def enter(
        self,
        record: EventRecord,
        source: str,
        kafka_key: str | None = None,
        body: Fingerprint | Unknown | None = UNKNOWN,
    ) -> Entry:
        """Decide ``record``'s place in its story and keep the story's next state.
        ``source`` is the record's replay identity (its input position): the same source
        again gets the same decision. ``kafka_key`` is the input record's Kafka key.
        ``body`` is the fingerprint of the record's body when the caller has it (the
        keeper's stage 1 computes it), else it is computed here."""
        self._build()
        named = hints(record, kafka_key)
        if isinstance(body, Unknown):
            body = fingerprint(record.body)
        record_provider = provider(record)
        incoming = Incoming(
            record_id=record.id,
            source=source,
            key=named[0],
            received_at=record.received_at,
            version=record.story.version,
            version_created=record.story.version_created,
            signals=tuple(record.story.signals),
            canceled=record.story.status == "canceled",
            fingerprint=body,
            provider=None if record_provider == "unknown" else record_provider,
            place=place(record),
            hints=tuple(h.value for h in named),
            events=len(record.events),
        )
        state = self._find(named, incoming)
        match: Match | None = None
        if state is None and body is not None:
            match = self._index.match(incoming.key.value, body, record.received_at)
            joined = self._load(match.story_key) if match is not None else None
            if joined is not None and match is not None and _same_story(joined, incoming, match):
                state, match = joined, None
        replayed = state is not None and state.decision_for(source) is not None
        lifecycle, after = decide(state, incoming, match)
        if state is None and (earlier := self._load(after.key)) is not None:
            self._unclaim(earlier)  # a slug's or headline's old story, past its window
        if after != state:
            self._write(after.key, after)
            self._keep(after)
            learnt = state is None or state.fingerprint != after.fingerprint
            if after.fingerprint is not None and body is not None and learnt:
                self._index.add(after.key, after.first_id, body, after.first_seen)
            self._claim(after)
            self._remember(after.key, after.last_seen)
        live = _live(lifecycle, after, record.id, replayed)
        return Entry(lifecycle, lifecycle.story_key, live, after.first_seen, after.events_high)

    def _load(self, key: str) -> StoryState | None:
        state = self._states.get(key)
        if state is not None:
            return state
        if key not in self._last_seen:  # every story in the table is there: no lookup
            return None
        state = self._stored(key)
        if state is not None:
            self._keep(state)
        return state

    def _stored(self, key: str) -> StoryState | None:
        """The story's state as last written: unwritten yet, else in the table."""
        if key in self._unwritten:
            return self._unwritten[key]
        raw = self._table.get(key.encode("utf-8"))
        return StoryState.model_validate_json(raw) if raw else None

    def _write(self, key: str, state: StoryState | None) -> None:
        """Keep ``state`` as the story's (None: delete it), now or at :meth:`flush`."""
        if self._write_behind:
            self._unwritten[key] = state
        elif state is None:
            self._table.pop(key.encode("utf-8"), None)
        else:
            self._table[key.encode("utf-8")] = state.model_dump_json().encode("utf-8")

    def flush(self) -> int:
        """Write the states kept aside (``write_behind``) to the table, each story once;
        return how many were written or deleted."""
        unwritten, self._unwritten = self._unwritten, {}
        for key, state in unwritten.items():
            if state is None:
                self._table.pop(key.encode("utf-8"), None)
            else:
                self._table[key.encode("utf-8")] = state.model_dump_json().encode("utf-8")
        return len(unwritten)

    def _keep(self, state: StoryState) -> None:
        """Remember ``state`` as its story's, dropping the least recently kept beyond
        :data:`CACHED_STATES`."""
        self._states.pop(state.key, None)
        self._states[state.key] = state
        if len(self._states) > CACHED_STATES:
            del self._states[next(iter(self._states))]

    def _find(self, named: list[StoryKey], incoming: Incoming) -> StoryState | None:
        """The story one of the record's hints names (see the module docstring)."""
        kill = incoming.is_kill
        for hint in named:
            lookups = [hint.value]
            if hint.basis == "head" and kill and incoming.provider is None:
                lookups.append(_any_provider(hint.value))
            for value in lookups:
                claimed = self._claims.get(value)
                state = self._load(claimed[1] if claimed else value)
                if state is None:
                    continue
                if not joins(hint, state.first_seen, incoming.received_at, kill=kill):
                    continue
                places = (state.place, incoming.place)
                if hint.basis == "head" and None not in places and places[0] != places[1]:
                    continue
                return state
        return None

    def _claim(self, state: StoryState) -> None:
        """Point the story's hints at it, unless a story first seen later holds them."""
        mine = (state.first_seen, state.key)
        for hint in state.hints:
            for value in (hint, _any_provider(hint)) if hint.startswith("head:") else (hint,):
                held = self._claims.get(value)
                if held is None or held <= mine:
                    self._claims[value] = mine

    def _unclaim(self, state: StoryState) -> None:
        for hint in state.hints:
            for value in (hint, _any_provider(hint)) if hint.startswith("head:") else (hint,):
                if self._claims.get(value, (None, None))[1] == state.key:
                    del self._claims[value]

    def admit(
        self,
        record: EventRecord,
        source: str,
        kafka_key: str | None = None,
        body: Fingerprint | Unknown | None = UNKNOWN,
    ) -> Admitted:
        """:meth:`enter`, the record with its lifecycle, then :meth:`expire` at its receive
        time: the one way the story keeper and ``wiredesk normalize`` keep the book."""
        entry = self.enter(record, source, kafka_key, body)
        placed = record.model_copy(update={"lifecycle": entry.lifecycle})
        return Admitted(placed, entry, self.expire(record.received_at))

    def expire(self, now: datetime) -> list[Expired]:
        """Delete the stories whose last record is older than the retention window before
        the newest receive time seen (``now`` included); return those that still had a
        live version, to be withdrawn."""
        self._build()
        if self._newest is None or now > self._newest:
            self._newest = now
        horizon = self._newest - self._retention
        withdrawn: list[Expired] = []
        while self._expiry and self._expiry[0][0] < horizon:
            last_seen, key = heapq.heappop(self._expiry)
            if self._last_seen.get(key) != last_seen:
                continue  # the story had a later record: a newer entry stands for it
            del self._last_seen[key]
            state = self._states.pop(key, None) or self._stored(key)
            self._write(key, None)
            self._index.remove(key)
            if state is not None:
                self._unclaim(state)
                if state.live is not None:
                    withdrawn.append(Expired(key, state.events_high))
        return withdrawn

    def _build(self) -> None:
        if self._built:
            return
        self.flush()  # the table is the truth the book is rebuilt from
        self._index = DuplicateIndex()
        self._last_seen = {}
        self._expiry = []
        self._claims = {}
        self._states = {}
        for raw in self._table.values():
            state = StoryState.model_validate_json(raw)
            body = state.body_fingerprint()
            if body is not None:
                self._index.add(state.key, state.first_id, body, state.first_seen)
            self._claim(state)
            self._remember(state.key, state.last_seen)
        self._built = True

    def _remember(self, key: str, last_seen: datetime) -> None:
        self._last_seen[key] = last_seen
        heapq.heappush(self._expiry, (last_seen, key))
        if self._newest is None or last_seen > self._newest:
            self._newest = last_seen


def _live(lifecycle: Lifecycle, story: StoryState, record_id: str, replayed: bool) -> bool | None:
    """What the record does to its story's live version (see :class:`Entry`). A replay (a
    record read again after a crash) says it again only if it still holds: a version a
    later one replaced, or a story killed since, is not put live again."""
    action = lifecycle.action
    if replayed:
        if action == "kill":
            return False
        return True if story.live == record_id and not story.killed else None
    if action == "kill":
        return False
    if action in LIVE_ACTIONS and (action != "duplicate" or lifecycle.sequence == 1):
        return True
    return None


def _any_provider(hint: str) -> str:
    """``head:reuters:oil-rises`` -> ``head:*:oil-rises``: a headline whatever its provider."""
    _, _, stem = hint.split(":", 2)
    return f"head:{WILDCARD}:{stem}"


def _same_story(story: StoryState, incoming: Incoming, match: Match) -> bool:
    """Whether a near-same body of ``story`` makes ``incoming`` a record of it: a record
    that says it is a version (a kill, update, correction, refile) of the same provider,
    or of an unknown provider on either side; a record without a signal only as an
    unchanged resend (:data:`RESEND_SIMILARITY`) of the same provider. Anything else is a
    duplicate, a story of its own; so is any body when either side has a guid (the
    agency's identity says which story a document is)."""
    if story.key.startswith("guid:") or incoming.key.basis == "guid":
        return False
    same = story.provider is not None and story.provider == incoming.provider
    if not incoming.is_version:
        return same and match.similarity >= RESEND_SIMILARITY
    return same or None in (story.provider, incoming.provider)
