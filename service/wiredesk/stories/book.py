"""The story keeper's bookkeeping, without Kafka (issue 8).

A :class:`StoryBook` turns event records, one at a time and in order, into their
:class:`~wiredesk.models.Lifecycle`: it finds the record's story key, reads the story's
:class:`~wiredesk.stories.history.StoryState` from a mapping, asks the duplicate index
about a story's first record, calls :func:`~wiredesk.stories.history.decide` and writes
the next state back. It also forgets stories whose last record is older than the
retention window.

The mapping is the only state that has to last: in the stream it is the keeper's Faust
table (RocksDB, restored from its changelog), offline (``wiredesk normalize``) a dict.
The duplicate index and the expiry order are rebuilt from it after :meth:`reset`, so two
books over the same mapping, fed the same records, say the same things.
"""

from __future__ import annotations

import heapq
from collections.abc import MutableMapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from wiredesk.models import EventRecord, Lifecycle
from wiredesk.stories.fingerprint import fingerprint
from wiredesk.stories.history import DuplicateIndex, Incoming, StoryState, decide
from wiredesk.stories.key import joins, story_key

LIVE_ACTIONS: Final = frozenset({"new", "update", "correction", "refile", "duplicate"})
"""Actions after which the record is its story's live version."""


@dataclass(frozen=True, slots=True)
class Entry:
    """What the book says of one record."""

    lifecycle: Lifecycle
    story_key: str
    live: bool | None
    """True: the record is now the story's live version; False: a kill ended the story
    (its live version must be withdrawn); None: the live version did not change."""


@dataclass(frozen=True, slots=True)
class Admitted:
    """A record admitted to its story: what the keeper publishes and ``normalize`` prints."""

    record: EventRecord
    """The record with its ``lifecycle``."""
    entry: Entry
    expired: list[str]
    """Story keys the retention window just ended while they had a live version."""


class StoryBook:
    """Story states in ``table`` (story key, UTF-8 -> :class:`StoryState` JSON), the
    duplicate index and the expiry order beside it."""

    def __init__(self, table: MutableMapping[bytes, bytes], retention: timedelta) -> None:
        self._table = table
        self._retention = retention
        self._index = DuplicateIndex()
        self._last_seen: dict[str, datetime] = {}
        self._expiry: list[tuple[datetime, str]] = []
        self._newest: datetime | None = None
        self._built = False

    def __len__(self) -> int:
        """Stories in the table."""
        self._build()
        return len(self._last_seen)

    def reset(self) -> None:
        """The table changed under the book (a rebalance handed it over): rebuild the
        index and the expiry order from it before the next record."""
        self._built = False

    def enter(self, record: EventRecord, source: str) -> Entry:
        """Decide ``record``'s place in its story and keep the story's next state.
        ``source`` is the record's replay identity (its input position): the same source
        again gets the same decision."""
        self._build()
        key = story_key(record)
        table_key = key.value.encode("utf-8")
        raw = self._table.get(table_key)
        state = StoryState.model_validate_json(raw) if raw else None
        body = fingerprint(record.body)
        first = state is None or not joins(key, state.first_seen, record.received_at)
        match = self._index.match(key.value, body, record.received_at) if first else None
        incoming = Incoming(
            record_id=record.id,
            source=source,
            key=key,
            received_at=record.received_at,
            version=record.story.version,
            version_created=record.story.version_created,
            signals=tuple(record.story.signals),
            canceled=record.story.status == "canceled",
            fingerprint=body,
        )
        lifecycle, after = decide(state, incoming, match)
        if after != state:
            self._table[table_key] = after.model_dump_json().encode("utf-8")
            first_id_changed = state is None or state.first_id != after.first_id
            if after.fingerprint is not None and body is not None and first_id_changed:
                self._index.add(key.value, after.first_id, body, after.first_seen)
            self._remember(key.value, after.last_seen)
        live = (
            True
            if lifecycle.action in LIVE_ACTIONS
            else False
            if lifecycle.action == "kill"
            else None
        )
        return Entry(lifecycle, key.value, live)

    def admit(self, record: EventRecord, source: str) -> Admitted:
        """:meth:`enter`, the record with its lifecycle, then :meth:`expire` at its receive
        time: the one way the story keeper and ``wiredesk normalize`` keep the book."""
        entry = self.enter(record, source)
        placed = record.model_copy(update={"lifecycle": entry.lifecycle})
        return Admitted(placed, entry, self.expire(record.received_at))

    def expire(self, now: datetime) -> list[str]:
        """Delete the stories whose last record is older than the retention window before
        the newest receive time seen (``now`` included); return the keys of those that
        still had a live version, to be withdrawn."""
        self._build()
        if self._newest is None or now > self._newest:
            self._newest = now
        horizon = self._newest - self._retention
        withdrawn: list[str] = []
        while self._expiry and self._expiry[0][0] < horizon:
            last_seen, key = heapq.heappop(self._expiry)
            if self._last_seen.get(key) != last_seen:
                continue  # the story had a later record: a newer entry stands for it
            del self._last_seen[key]
            table_key = key.encode("utf-8")
            raw = self._table.get(table_key)
            self._table.pop(table_key, None)
            self._index.remove(key)
            if raw and StoryState.model_validate_json(raw).live is not None:
                withdrawn.append(key)
        return withdrawn

    def _build(self) -> None:
        if self._built:
            return
        self._index = DuplicateIndex()
        self._last_seen = {}
        self._expiry = []
        for raw in self._table.values():
            state = StoryState.model_validate_json(raw)
            body = state.body_fingerprint()
            if body is not None:
                self._index.add(state.key, state.first_id, body, state.first_seen)
            self._remember(state.key, state.last_seen)
        self._built = True

    def _remember(self, key: str, last_seen: datetime) -> None:
        self._last_seen[key] = last_seen
        heapq.heappush(self._expiry, (last_seen, key))
        if self._newest is None or last_seen > self._newest:
            self._newest = last_seen
