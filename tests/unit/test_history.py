"""A story's history (service/wiredesk/stories/history.py): the lifecycle each record gets, the
state that carries it over, and the near-duplicate index. Pure: records are described by
what decide() reads; bodies for the index come from the duplicate evaluation set."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from tests.eval.duplicate_stories import BASES
from tests.eval.duplicates import body_of, copies
from wiredesk.normalize.pipeline import Resources
from wiredesk.stories import fingerprint as fp
from wiredesk.stories.history import (
    MAX_IDS,
    DuplicateIndex,
    Incoming,
    Lifecycle,
    StoryState,
    decide,
)
from wiredesk.stories.key import StoryKey

T0 = datetime(2026, 3, 9, 8, 0, tzinfo=UTC)
GUID = StoryKey("guid:urn:newsml:example.org:20260309:quake", "guid")


def _in(n: int, version: int = 1, **fields: object) -> Incoming:
    """The n-th record read (source offset n), id r<n>, received n minutes after T0."""
    values: dict[str, object] = {
        "record_id": f"r{n}",
        "source": f"wire.raw:0:{n}",
        "key": GUID,
        "received_at": T0 + timedelta(minutes=n),
        "version": version,
    }
    values.update(fields)
    return Incoming(**values)  # type: ignore[arg-type]


def _run(records: list[Incoming]) -> tuple[list[Lifecycle], StoryState | None]:
    state: StoryState | None = None
    out = []
    for record in records:
        lifecycle, state = decide(state, record, None)
        out.append(lifecycle)
    return out, state


def test_versions_1_3_2_3_are_new_update_stale_repeat() -> None:
    out, state = _run([_in(1, 1), _in(2, 3), _in(3, 2), _in(4, 3, record_id="r2")])
    assert [x.action for x in out] == ["new", "update", "stale", "repeat"]
    assert [x.sequence for x in out] == [1, 2, 3, 4]
    assert out[1].supersedes == "r1"
    assert out[2].supersedes is None and out[3].supersedes is None
    assert state is not None and state.live == "r2" and state.version == 3


def test_same_version_without_a_signal_from_another_record_is_a_duplicate_of_it() -> None:
    """An unchanged resend (another record, no signal) changes nothing but is named, so
    that a kill takes it down too; the same record again is a repeat."""
    out, state = _run([_in(1, 2), _in(2, 2), _in(3, 2, record_id="r1")])
    assert [x.action for x in out] == ["new", "duplicate", "repeat"]
    assert out[1].duplicate_of == "r1" and out[1].supersedes is None
    assert state is not None and state.live == "r1" and state.ids == ["r1", "r2"]


def test_equal_versions_are_ordered_by_version_created() -> None:
    early, late = T0, T0 + timedelta(minutes=30)
    out, state = _run([_in(1, 2, version_created=late), _in(2, 2, version_created=early)])
    assert [x.action for x in out] == ["new", "stale"]
    out, state = _run([_in(1, 2, version_created=early), _in(2, 2, version_created=late)])
    assert [x.action for x in out] == ["new", "update"]
    assert state is not None and state.live == "r2"


def test_correction_and_refile_signals_name_the_action() -> None:
    out, state = _run(
        [
            _in(1, 1),
            _in(2, 2, signals=("correction",)),
            _in(3, 3, signals=("refile",)),
            _in(4, 3, signals=("correction",)),  # same version, another record, a signal
        ]
    )
    assert [x.action for x in out] == ["new", "correction", "refile", "correction"]
    assert [x.supersedes for x in out] == [None, "r1", "r2", "r3"]
    assert state is not None and state.live == "r4"


def test_reuters_update_1_with_the_stories_own_version_is_an_update() -> None:
    out, _ = _run([_in(1, 1), _in(2, 1, signals=("update",))])
    assert [x.action for x in out] == ["new", "update"]


def test_a_kill_names_every_version_it_takes_down_and_leaves_nothing_live() -> None:
    out, state = _run([_in(1, 1), _in(2, 2), _in(3, 3, canceled=True, signals=("kill",))])
    kill = out[-1]
    assert kill.action == "kill"
    assert kill.supersedes == "r2"
    assert kill.kills == ["r1", "r2"]
    assert state is not None and state.live is None
    later, state = decide(state, _in(4, 2), None)
    assert later.action == "stale"  # an older version after the kill stays down
    newer, state = decide(state, _in(5, 9, signals=("update",)), None)
    assert newer.action == "stale"  # so does a newer one: a withdrawn story does not return
    assert state.live is None and state.killed
    again, state = decide(state, _in(6, 9, canceled=True), None)
    assert again.action == "kill" and again.kills == ["r1", "r2", "r3", "r4", "r5"]


def test_a_kill_first_keeps_every_late_version_down() -> None:
    out, state = _run([_in(1, 3, canceled=True), _in(2, 1), _in(3, 2, signals=("update",))])
    assert [x.action for x in out] == ["kill", "stale", "stale"]
    assert state is not None and state.live is None and state.ids == ["r1", "r2", "r3"]


def test_a_kill_of_an_unknown_story_is_a_kill_that_names_nothing() -> None:
    out, state = _run([_in(1, 1, canceled=True)])
    assert out[0].action == "kill" and out[0].kills == [] and out[0].supersedes is None
    assert state is not None and state.live is None and state.fingerprint is None


def test_a_record_read_again_gets_its_first_decision_and_changes_nothing() -> None:
    records = [_in(1, 1), _in(2, 3), _in(3, 2)]
    out, state = _run(records)
    assert state is not None
    for record, first in zip(records, out, strict=True):
        again, after = decide(state, record, None)
        assert again == first
        assert after == state


def test_state_survives_a_json_round_trip_with_the_same_decisions() -> None:
    _, state = _run([_in(1, 1), _in(2, 3)])
    assert state is not None
    restored = StoryState.model_validate_json(state.model_dump_json())
    assert restored == state
    assert decide(restored, _in(3, 2), None) == decide(state, _in(3, 2), None)


def test_version_ids_are_bounded_per_story() -> None:
    out, state = _run([_in(n, n) for n in range(1, MAX_IDS + 50)])
    assert all(x.action == "update" for x in out[1:])
    assert state is not None and len(state.ids) == MAX_IDS
    assert state.ids[-1] == f"r{MAX_IDS + 49}"


# --------------------------------------------------------------- near duplicates


@pytest.fixture(scope="module")
def bodies(text_resources: Resources) -> dict[str, list[fp.Fingerprint | None]]:
    """Each base story of the evaluation set: its original's and rewrites' fingerprints."""
    return {
        base.name: [fp.fingerprint(body_of(c, text_resources)) for c in copies(base)]
        for base in BASES
    }


def _fp(values: list[fp.Fingerprint | None], i: int) -> fp.Fingerprint:
    found = values[i]
    assert found is not None
    return found


def test_a_rewrite_under_another_key_is_a_duplicate_of_the_first_record(
    bodies: dict[str, list[fp.Fingerprint | None]],
) -> None:
    index = DuplicateIndex()
    name = BASES[0].name
    original = _in(1, key=StoryKey("guid:a", "guid"), fingerprint=_fp(bodies[name], 0))
    lifecycle, state = decide(None, original, index.match("guid:a", original.fingerprint, T0))
    assert lifecycle.action == "new"
    assert state.body_fingerprint() == original.fingerprint
    index.add("guid:a", "r1", _fp(bodies[name], 0), original.received_at)
    copy = _in(2, key=StoryKey("id:r2", "id"), fingerprint=_fp(bodies[name], 3))
    match = index.match("id:r2", copy.fingerprint, copy.received_at)
    lifecycle, state = decide(None, copy, match)
    assert lifecycle.action == "duplicate"
    assert lifecycle.duplicate_of == "r1"
    assert lifecycle.similarity is not None and lifecycle.similarity >= fp.DUPLICATE_THRESHOLD
    assert state.fingerprint is None  # a duplicate's body is not indexed


def test_every_other_story_stays_apart_and_the_window_ends_matches(
    bodies: dict[str, list[fp.Fingerprint | None]],
) -> None:
    index = DuplicateIndex()
    for n, base in enumerate(BASES):
        index.add(f"guid:{base.name}", f"r{n}", _fp(bodies[base.name], 0), T0)
    found = {}
    for base in BASES:
        rewrite = _fp(bodies[base.name], 1)
        match = index.match("id:copy", rewrite, T0 + timedelta(hours=1))
        found[base.name] = None if match is None else match.story_key
        late = index.match("id:copy", rewrite, T0 + timedelta(hours=73))
        assert late is None, base.name
    assert found == {b.name: f"guid:{b.name}" for b in BASES}
    # the same story's own key is never its duplicate
    assert index.match(f"guid:{BASES[0].name}", _fp(bodies[BASES[0].name], 1), T0) is None


def _random_fp(rng: np.random.Generator) -> fp.Fingerprint:
    values = rng.integers(0, 2**32, size=fp.NUM_PERM, dtype=np.uint64).astype("<u4")
    return fp.Fingerprint(values.tobytes(), 40)


def test_the_index_holds_only_the_window_and_keeps_finding_across_merges() -> None:
    rng = np.random.default_rng(7)
    index = DuplicateIndex(window=timedelta(hours=1))
    keep = _random_fp(rng)
    index.add("guid:keep", "keep", keep, T0)
    for n in range(20_000):  # one story a second: the window holds 3,600 of them
        when = T0 + timedelta(seconds=n)
        if n % 1800 == 0:  # the kept story is indexed again, so it stays in the window
            index.add("guid:keep", "keep", keep, when)
        index.add(f"guid:{n}", f"r{n}", _random_fp(rng), when)
    assert len(index) <= 3_600 + 4_096 + 1  # the window plus at most one pending merge
    match = index.match("id:other", keep, T0 + timedelta(seconds=20_000))
    assert match is not None and match.record_id == "keep" and match.similarity == 1.0
    assert index.match("id:other", _random_fp(rng), T0 + timedelta(seconds=20_000)) is None
