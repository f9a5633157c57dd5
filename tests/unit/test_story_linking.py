"""Story linking without a guid (the issue "Story lifecycle as producers really send it",
items 1, 2 and 8): plain-text versions of one story meet by their Kafka key, their
headline's stem or their body, a kill takes down every version, and nothing of a killed
story comes back. Records come from the real pipeline (no NER), the stories from the
synthetic sequences in ``seeds/sequences/`` (one folder a story, files in sending order)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from wiredesk.models import Envelope, EventRecord
from wiredesk.normalize.pipeline import Resources, normalize
from wiredesk.stories.book import Entry, StoryBook
from wiredesk.stories.key import SLUG_WINDOW, StoryKey, headline_stem, hints

SEQUENCES = Path(__file__).resolve().parents[2] / "seeds" / "sequences"
WHEN = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)
EXPECTED = {
    "reuters_oil": ["new", "update", "correction", "refile", "kill"],
    "reuters_copper_one_key": ["new", "update", "correction", "refile", "kill"],
    "afp_floods": ["new", "update", "correction", "kill"],
    "ap_tulsa_fire": ["new", "update", "correction", "kill"],
    "reuters_codelco_withdrawn_first": ["kill", "stale", "stale"],
}


def _records(name: str, resources: Resources, start: datetime = WHEN) -> list[EventRecord]:
    files = sorted((SEQUENCES / name).iterdir())
    return [
        normalize(
            Envelope(text=f.read_text(encoding="utf-8")),
            resources,
            received_at=start + timedelta(minutes=n),
        )
        for n, f in enumerate(files)
    ]


def _run(
    book: StoryBook, records: list[EventRecord], keys: list[str | None], offset: int = 0
) -> list[Entry]:
    return [
        book.enter(record, f"raw:0:{offset + n}", key)
        for n, (record, key) in enumerate(zip(records, keys, strict=True))
    ]


KEYINGS = ["a key a version", "one key", "no key"]


def _keys(name: str, count: int, keying: str) -> list[str | None]:
    if keying == "one key":
        return [f"{name}-story"] * count
    if keying == "no key":
        return [None] * count
    return [f"{name}-{n}" for n in range(count)]


@pytest.mark.parametrize("keying", KEYINGS)
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_sequence_gets_the_actions_a_desk_expects(
    name: str, keying: str, text_resources: Resources
) -> None:
    records = _records(name, text_resources)
    entries = _run(StoryBook({}, timedelta(days=7)), records, _keys(name, len(records), keying))
    assert [e.lifecycle.action for e in entries] == EXPECTED[name]
    assert len({e.story_key for e in entries}) == 1, "every version is of one story"
    assert [e.lifecycle.sequence for e in entries] == list(range(1, len(records) + 1))
    kill = next(e for e in entries if e.lifecycle.action == "kill")
    before = [r.id for r, e in zip(records, entries, strict=True) if e is not kill]
    before = before[: entries.index(kill)]
    assert kill.lifecycle.kills == before, "a kill names every version before it"
    after_kill = entries[entries.index(kill) + 1 :]
    assert all(e.live is None for e in after_kill), "nothing comes back after a kill"


def test_versions_supersede_the_live_one_in_turn(text_resources: Resources) -> None:
    records = _records("reuters_oil", text_resources)
    entries = _run(StoryBook({}, timedelta(days=7)), records, _keys("oil", 5, "a key a version"))
    assert [e.lifecycle.supersedes for e in entries] == [None, *(r.id for r in records[:4])]
    assert [e.live for e in entries] == [True, True, True, True, False]


def test_the_update_under_a_new_headline_is_found_by_its_body(text_resources: Resources) -> None:
    first, update = _records("reuters_oil", text_resources)[:2]
    assert headline_stem(first.headline) != headline_stem(update.headline)
    book = StoryBook({}, timedelta(days=7))
    entries = _run(book, [first, update], ["k1", "k2"])
    assert [e.lifecycle.action for e in entries] == ["new", "update"]
    assert entries[1].story_key == "key:k1"


def test_another_providers_copy_is_a_duplicate_the_kill_leaves_alone(
    text_resources: Resources,
) -> None:
    reuters = _records("reuters_oil", text_resources)
    text = (SEQUENCES / "reuters_oil" / "1_first.txt").read_text(encoding="utf-8")
    copy = normalize(
        Envelope(text=text.replace("(Reuters)", "(AAP)").replace("Oil rises", "Crude climbs")),
        text_resources,
        received_at=WHEN,
    )
    book = StoryBook({}, timedelta(days=7))
    first = book.enter(reuters[0], "raw:0:1", "r1")
    duplicate = book.enter(copy, "raw:0:2", "aap-1")
    book.enter(reuters[1], "raw:0:3", "r2")
    kill = book.enter(reuters[4], "raw:0:4", "r5")
    assert duplicate.lifecycle.action == "duplicate" and duplicate.live is True
    assert duplicate.story_key != first.story_key
    assert duplicate.lifecycle.duplicate_of == reuters[0].id
    assert kill.lifecycle.action == "kill" and kill.story_key == first.story_key
    assert kill.lifecycle.kills == [reuters[0].id, reuters[1].id]


def test_an_unchanged_resend_keeps_its_id_and_changes_nothing(text_resources: Resources) -> None:
    first = _records("reuters_oil", text_resources)[0]
    book = StoryBook({}, timedelta(days=7))
    entries = _run(book, [first, first], ["k1", "k2"])  # the same bytes under another key
    assert [e.lifecycle.action for e in entries] == ["new", "repeat"]
    assert [e.live for e in entries] == [True, None]


def test_an_untagged_resend_with_other_bytes_is_a_duplicate_within_its_story(
    text_resources: Resources,
) -> None:
    first = _records("afp_floods", text_resources)[0]
    text = (SEQUENCES / "afp_floods" / "1_first.txt").read_text(encoding="utf-8")
    resend = normalize(Envelope(text=text + "\nENDS\n"), text_resources, received_at=WHEN)
    assert resend.id != first.id
    entries = _run(StoryBook({}, timedelta(days=7)), [first, resend], ["k1", "k2"])
    assert [e.lifecycle.action for e in entries] == ["new", "duplicate"]
    assert entries[1].story_key == entries[0].story_key and entries[1].live is None
    assert entries[1].lifecycle.duplicate_of == first.id


def test_one_headline_from_two_places_is_two_stories(text_resources: Resources) -> None:
    bodies = {
        "LEEDS": "The city council approved its budget for next year on Monday after a long "
        "debate about bus lanes, libraries and the price of parking in the centre.",
        "PERTH": "Western Australia's capital passed a spending plan on Tuesday that puts "
        "more money into beach patrols, bike paths and a new ferry terminal.",
    }
    a, b = (
        normalize(
            Envelope(text=f"Council approves budget\n\n{place} (Reuters) - {body}"),
            text_resources,
            received_at=WHEN,
        )
        for place, body in bodies.items()
    )
    entries = _run(StoryBook({}, timedelta(days=7)), [a, b], [None, None])
    assert [e.lifecycle.action for e in entries] == ["new", "new"]
    assert [e.story_key for e in entries] == [
        "head:reuters:council-approves-budget@leeds",
        "head:reuters:council-approves-budget@perth",
    ]


def test_a_headline_names_a_story_for_48_hours_but_a_kill_reaches_it_later(
    text_resources: Resources,
) -> None:
    late = WHEN + SLUG_WINDOW + timedelta(hours=1)
    first = _records("afp_floods", text_resources)[0]
    again = _records("afp_floods", text_resources, start=late)
    notice = (SEQUENCES / "afp_floods" / "4_withdrawn.txt").read_text(encoding="utf-8")
    notice = notice.replace(
        "four in southern France, thousands evacuated", "two in southern France"
    )
    withdrawn = normalize(Envelope(text=notice), text_resources, received_at=late)
    book = StoryBook({}, timedelta(days=7))
    opened = book.enter(first, "raw:0:1")
    kill = book.enter(withdrawn, "raw:0:3")
    assert kill.lifecycle.action == "kill" and kill.story_key == opened.story_key
    assert kill.lifecycle.kills == [first.id]
    fresh = StoryBook({}, timedelta(days=7))
    fresh.enter(first, "raw:0:1")
    other_day = fresh.enter(again[0].model_copy(update={"id": "other-day"}), "raw:0:2")
    assert other_day.lifecycle.action == "new" and other_day.lifecycle.sequence == 1


def test_a_restarted_book_finds_the_story_by_headline_as_before(text_resources: Resources) -> None:
    """Hints are rebuilt from the table (the keeper's changelog), so a worker that takes
    the keeper over links the next version the same way."""
    records = _records("ap_tulsa_fire", text_resources)
    table: dict[bytes, bytes] = {}
    _run(StoryBook(table, timedelta(days=7)), records[:2], ["t1", "t2"])
    restarted = StoryBook(table, timedelta(days=7))
    entries = _run(restarted, records[2:], ["t3", "t4"], offset=2)
    assert [e.lifecycle.action for e in entries] == ["correction", "kill"]
    assert entries[1].lifecycle.kills == [r.id for r in records[:3]]
    assert len(restarted) == 1


def test_a_replayed_record_of_a_linked_story_is_told_the_same(text_resources: Resources) -> None:
    records = _records("reuters_oil", text_resources)
    table: dict[bytes, bytes] = {}
    book = StoryBook(table, timedelta(days=7))
    entries = _run(book, records, _keys("oil", 5, "a key a version"))
    saved = dict(table)
    again = _run(StoryBook(table, timedelta(days=7)), records, _keys("oil", 5, "a key a version"))
    assert [e.lifecycle for e in again] == [e.lifecycle for e in entries]
    assert table == saved


def test_expired_stories_give_up_their_hints(text_resources: Resources) -> None:
    records = _records("afp_floods", text_resources)
    book = StoryBook({}, timedelta(hours=1))
    book.enter(records[0], "raw:0:1", "f1")
    assert [x.story_key for x in book.expire(WHEN + timedelta(hours=2))] == ["key:f1"]
    entry = book.enter(records[1], "raw:0:2", "f2")
    assert entry.lifecycle.sequence == 1  # its story is gone: the update starts one


# --------------------------------------------------------------------- hints and stems


@pytest.mark.parametrize(
    ("headline", "stem"),
    [
        ("UPDATE 2-Oil rises as supply fears grow", "oil-rises-as-supply-fears-grow"),
        ("CORRECTED-UPDATE 1-Oil rises as supply fears grow", "oil-rises-as-supply-fears-grow"),
        ("STORY WITHDRAWN-Oil rises as supply fears grow", "oil-rises-as-supply-fears-grow"),
        ("REFILE-EXCLUSIVE-Oil rises as supply fears grow", "oil-rises-as-supply-fears-grow"),
        ("BREAKINGVIEWS-Oil's rally has legs", "oil-s-rally-has-legs"),
        ("WRAPUP 1-Floods hit southern France", "floods-hit-southern-france"),
        ("KILL: Floods kill two in France", "floods-kill-two-in-france"),
        ("2ND LEAD - Floods kill two in France", "floods-kill-two-in-france"),
        ("(1st Ld-Writethru) Fire guts Tulsa theater", "fire-guts-tulsa-theater"),
        ("Fire guts Tulsa theater (CORRECTED)", "fire-guts-tulsa-theater"),
        ("Lead poisoning: children at risk", "lead-poisoning-children-at-risk"),
        ("Weather", None),
        ("UPDATE 3-Stocks rise", None),
    ],
)
def test_headline_stem_drops_the_agencies_version_tags(headline: str, stem: str | None) -> None:
    assert headline_stem(headline) == stem


def test_hints_come_strongest_first_and_end_with_the_record_itself(
    text_resources: Resources,
) -> None:
    kill = _records("reuters_codelco_withdrawn_first", text_resources)[0]
    named = hints(kill, "k-9")
    head = "head:reuters:chile-s-codelco-halts-work-at-el-teniente-mine-after-tremor"
    assert named == [
        StoryKey("key:k-9", "key"), StoryKey(f"{head}@santiago", "head"),
        StoryKey(head, "head"), StoryKey(f"id:{kill.id}", "id"),
    ]  # fmt: skip
    guid = kill.model_copy(update={"story": kill.story.model_copy(update={"guid": "g-1"})})
    assert [h.basis for h in hints(guid, "k-9")] == ["guid", "id"]  # a guid is enough


def test_documents_with_other_guids_are_other_stories_whatever_their_key_or_body(
    text_resources: Resources,
) -> None:
    first = _records("reuters_oil", text_resources)[0]
    a, b = (
        first.model_copy(
            update={"id": f"{g}:1", "story": first.story.model_copy(update={"guid": g})}
        )
        for g in ("urn:a", "urn:b")
    )
    entries = _run(StoryBook({}, timedelta(days=7)), [a, b], ["feed", "feed"])
    assert [e.story_key for e in entries] == ["guid:urn:a", "guid:urn:b"]
    assert entries[1].lifecycle.action == "duplicate"  # a copy, never a version of urn:a


def test_a_same_provider_story_on_one_template_is_no_version_of_another(
    text_resources: Resources,
) -> None:
    """Without a version signal, a same-provider body joins a story only as an unchanged
    resend: templated copy (a council's votes, a daily market report) stays apart, a
    duplicate of its own that a kill of the other leaves alone."""
    template = (
        "Council vote number {n}\n\nLEEDS (Reuters) - The city council held vote {n} on "
        "Monday after a long debate, officials said, and the mayor welcomed the result "
        "of the vote in a short statement to reporters outside the town hall."
    )
    first, second = (
        normalize(Envelope(text=template.format(n=n)), text_resources, received_at=WHEN)
        for n in (1, 2)
    )
    entries = _run(StoryBook({}, timedelta(days=7)), [first, second], ["v1", "v2"])
    assert [e.lifecycle.action for e in entries] == ["new", "duplicate"]
    assert entries[1].story_key != entries[0].story_key and entries[1].live is True


def test_a_replay_puts_nothing_back_live_that_a_later_record_replaced(
    text_resources: Resources,
) -> None:
    """Versions under different keys come from different input partitions, so a replay of
    one (after a crash) can come after later versions: it is told the same, but does not
    bring an old version, or a killed story, back onto the stories topic."""
    records = _records("reuters_oil", text_resources)
    book = StoryBook({}, timedelta(days=7))
    entries = _run(book, records[:2], ["k1", "k2"])
    old = book.enter(records[0], "raw:0:0", "k1")  # the first version, read again
    assert old.lifecycle == entries[0].lifecycle and old.live is None
    newest = book.enter(records[1], "raw:0:1", "k2")
    assert newest.live is True  # still the live version: said again
    book.enter(records[4], "raw:0:9", "k5")
    again = book.enter(records[1], "raw:0:1", "k2")
    assert again.lifecycle.action == "update" and again.live is None
    assert book.enter(records[4], "raw:0:9", "k5").live is False  # the tombstone again
