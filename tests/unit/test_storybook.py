"""The story book (issue 8): the keeper's bookkeeping over a plain dict, as
``wiredesk normalize`` runs it and as the keeper runs it over its Faust table. Records
come from the real pipeline (no NER); only their story metadata is set per case."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from wiredesk.models import Envelope, EventRecord
from wiredesk.normalize.pipeline import Resources, normalize
from wiredesk.stories.book import StoryBook

WHEN = datetime(2024, 7, 14, 16, 0, tzinfo=UTC)
HARBOUR = (
    "VALLETTA, July 14 (Wiredesk) - Malta's main container terminal stopped loading ships "
    "on Sunday after a crane collapsed onto a quay during high winds, the port authority "
    "said, adding that no one was hurt and that two berths would stay shut for a week.\n\n"
    "The authority said ships bound for the terminal were being sent to anchor outside "
    "the harbour while engineers checked the remaining cranes for damage.\n"
)
MARKETS = (
    "TUNIS, July 14 (Wiredesk) - Tunisia's central bank left its main interest rate "
    "unchanged on Sunday, saying inflation had eased for a third month but that food "
    "prices remained a worry for households across the country.\n"
)


@pytest.fixture
def base(text_resources: Resources) -> EventRecord:
    return normalize(Envelope(text=HARBOUR), text_resources, received_at=WHEN)


def version(
    base: EventRecord, n: int, *, guid: str = "urn:wd:harbour", **story: object
) -> EventRecord:
    """Version ``n`` of the story ``guid``: its own record id, the same body."""
    meta = base.story.model_copy(update={"guid": guid, "version": n, **story})
    return base.model_copy(update={"id": f"{guid}:{n}:{len(story)}", "story": meta})


def test_versions_1_3_2_3_then_a_kill(base: EventRecord) -> None:
    book = StoryBook({}, timedelta(days=7))
    records = [version(base, 1), version(base, 3), version(base, 2), version(base, 3)]
    records.append(version(base, 4, status="canceled"))
    entries = [book.enter(r, f"raw:0:{n}") for n, r in enumerate(records)]
    assert [e.lifecycle.action for e in entries] == ["new", "update", "stale", "repeat", "kill"]
    assert [e.lifecycle.sequence for e in entries] == [1, 2, 3, 4, 5]
    assert [e.live for e in entries] == [True, True, None, None, False]
    assert entries[1].lifecycle.supersedes == records[0].id
    assert entries[4].lifecycle.supersedes == records[1].id
    assert set(entries[4].lifecycle.kills) >= {records[0].id, records[1].id}
    assert {e.story_key for e in entries} == {"guid:urn:wd:harbour"}
    assert len(book) == 1


def test_a_replayed_source_is_told_the_same_and_changes_nothing(base: EventRecord) -> None:
    table: dict[bytes, bytes] = {}
    book = StoryBook(table, timedelta(days=7))
    first = book.enter(version(base, 1), "raw:0:7")
    second = book.enter(version(base, 2), "raw:0:8")
    saved = dict(table)
    again = book.enter(version(base, 1), "raw:0:7")  # read again after a crash
    assert again.lifecycle == first.lifecycle
    assert table == saved
    assert second.lifecycle.action == "update"


def test_a_new_book_over_the_same_table_goes_on_where_the_old_one_stopped(
    base: EventRecord,
) -> None:
    table: dict[bytes, bytes] = {}
    StoryBook(table, timedelta(days=7)).enter(version(base, 1), "raw:0:1")
    restarted = StoryBook(table, timedelta(days=7))  # a worker restored from the changelog
    entry = restarted.enter(version(base, 2), "raw:0:2")
    assert (entry.lifecycle.action, entry.lifecycle.sequence) == ("update", 2)
    assert entry.lifecycle.supersedes == version(base, 1).id


def test_a_rewrite_under_another_id_is_a_duplicate_and_another_story_is_not(
    base: EventRecord, text_resources: Resources
) -> None:
    book = StoryBook({}, timedelta(days=7))
    original = book.enter(version(base, 1, guid="urn:wd:a"), "raw:0:1")
    copy = book.enter(version(base, 1, guid="urn:wd:b"), "raw:1:1")
    other = normalize(Envelope(text=MARKETS), text_resources, received_at=WHEN)
    apart = book.enter(version(other, 1, guid="urn:wd:c"), "raw:2:1")
    assert original.lifecycle.action == "new"
    assert copy.lifecycle.action == "duplicate"
    assert copy.lifecycle.duplicate_of == version(base, 1, guid="urn:wd:a").id
    assert copy.lifecycle.similarity is not None and copy.lifecycle.similarity > 0.9
    assert apart.lifecycle.action == "new"


def test_stories_older_than_the_window_are_forgotten_and_withdrawn_if_live(
    base: EventRecord,
) -> None:
    table: dict[bytes, bytes] = {}
    book = StoryBook(table, timedelta(hours=1))
    book.enter(version(base, 1, guid="urn:wd:live"), "raw:0:1")
    book.enter(version(base, 1, guid="urn:wd:killed"), "raw:0:2")
    book.enter(version(base, 2, guid="urn:wd:killed", status="canceled"), "raw:0:3")
    assert book.expire(WHEN + timedelta(minutes=59)) == []
    later = version(base, 1, guid="urn:wd:later").model_copy(
        update={"received_at": WHEN + timedelta(hours=2)}
    )
    book.enter(later, "raw:0:4")
    gone = book.expire(later.received_at)
    assert [x.story_key for x in gone] == ["guid:urn:wd:live"]  # the kill withdrew its own
    assert list(table) == [b"guid:urn:wd:later"]
    assert len(book) == 1


def test_a_book_writing_behind_decides_the_same_and_writes_each_story_once_a_flush(
    base: EventRecord,
) -> None:
    """The story keeper's way (``write_behind``, a flush after each batch) beside the
    offline one (every change written at once): the same decisions, expiry included, the
    same table after the flush, and nothing in the table before it."""

    class Counting(dict[bytes, bytes]):
        writes = 0

        def __setitem__(self, key: bytes, value: bytes) -> None:
            self.writes += 1
            super().__setitem__(key, value)

    later = WHEN + timedelta(hours=2)
    records = [
        (version(base, 1, guid="urn:wd:a"), "raw:0:1"),
        (version(base, 2, guid="urn:wd:a"), "raw:0:2"),
        (version(base, 1, guid="urn:wd:b"), "raw:0:3"),
        (version(base, 3, guid="urn:wd:a", status="canceled"), "raw:0:4"),
        (version(base, 1, guid="urn:wd:a"), "raw:0:1"),  # a replay
        (version(base, 1, guid="urn:wd:c").model_copy(update={"received_at": later}), "raw:0:5"),
    ]
    at_once, behind = Counting(), Counting()
    plain = StoryBook(at_once, timedelta(hours=1))
    batched = StoryBook(behind, timedelta(hours=1), write_behind=True)
    told = [plain.admit(r, source) for r, source in records]
    kept = [batched.admit(r, source) for r, source in records]
    assert [(a.entry, a.expired) for a in kept] == [(a.entry, a.expired) for a in told]
    assert [a.entry.lifecycle.action for a in kept] == [
        "new", "update", "duplicate", "kill", "new", "duplicate",
    ]  # fmt: skip
    assert [x.story_key for x in kept[-1].expired] == ["guid:urn:wd:b"]  # a's kill withdrew a
    assert behind == {} and behind.writes == 0, "nothing written before the flush"
    assert batched.flush() == 3  # a and b deleted by expiry, c written: one each
    assert behind == at_once == {b"guid:urn:wd:c": behind[b"guid:urn:wd:c"]}
    assert (behind.writes, at_once.writes) == (1, 5)
    assert batched.flush() == 0


def test_the_offline_command_gives_each_story_its_place_in_the_order_given(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from wiredesk.cli import main

    seeds = Path(__file__).resolve().parents[2] / "seeds" / "formats"
    files = [str(seeds / f"g2_reuters_manila_port_{n}.xml") for n in ("v2", "v3", "kill")]
    common = ["normalize", "--no-entities", "--received-at", "2024-07-14T16:00"]
    assert main([*common, *files]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    lifecycles = [r["lifecycle"] for r in records]
    assert [lc["action"] for lc in lifecycles] == ["new", "correction", "kill"]
    assert lifecycles[1]["supersedes"] == records[0]["id"]
    assert set(lifecycles[2]["kills"]) == {records[0]["id"], records[1]["id"]}
    assert main([*common, "--no-lifecycle", *files]) == 0
    assert [json.loads(line)["lifecycle"] for line in capsys.readouterr().out.splitlines()] == [
        None
    ] * 3


VERSIONS = 5  # a first version, three later ones, a withdrawal
_TAGS = ("", "UPDATE 1-", "CORRECTED-UPDATE 1-", "REFILE-UPDATE 1-", "STORY WITHDRAWN-")


def _one_template(stories: int) -> list[str]:
    """Stories on one template, as agencies send results or rates: only a number differs
    between two stories' bodies (about 0.8 alike), each story with its versions in order."""
    out = []
    for story in range(stories):
        for version, tag in enumerate(_TAGS):
            headline = f"{tag}Port council holds vote {story} on night shifts"
            if version == VERSIONS - 1:
                body = (f'LISBON (Reuters) - The story headlined "UPDATE 1-Port council holds '
                        f'vote {story} on night shifts" is withdrawn. There will be no '
                        f"replacement.")  # fmt: skip
            else:
                body = (f"LISBON (Reuters) - The port council held vote {story} on night shifts "
                        f"on Monday, officials said, after a debate that lasted until late in "
                        f"the evening." + " The union welcomed the result." * version)  # fmt: skip
            out.append(f"{headline}\n\n{body}")
    return out


@pytest.mark.xfail(
    strict=True,
    reason="a version that arrives before any record of its story joins the most alike "
    "story of its provider by body, even one whose headline names another vote: worker "
    "kills delay a partition by the session timeout; templated copy (results, rates) "
    "is alike enough for it",
)
def test_versions_before_their_first_record_stay_off_a_story_of_the_same_template(
    text_resources: Resources,
) -> None:
    """Stories on one template (only the vote's number differs): story 2's refile and
    withdrawal arrive before its first versions, as after a worker kill that held their
    partition back. They must not join, nor kill, story 0."""
    records = [
        normalize(Envelope(id=f"s-{n:04d}", text=text), text_resources,
                  received_at=WHEN + timedelta(seconds=n))
        for n, text in enumerate(_one_template(3))
    ]  # fmt: skip
    book = StoryBook({}, timedelta(days=7))
    for n in range(2 * VERSIONS):  # stories 0 and 1, in order, each ends withdrawn
        book.admit(records[n], f"raw:{n}", records[n].id)
    late = [2 * VERSIONS + v for v in (3, 4, 0, 1, 2)]  # refile, kill, then the rest
    keys = {records[n].id: book.admit(records[n], f"raw:{n}", records[n].id).entry.story_key
            for n in late}  # fmt: skip
    assert keys["s-0013"] == keys["s-0014"] == keys["s-0010"], keys
    assert keys["s-0014"] != "key:s-0000", "story 2's withdrawal kills story 0"
