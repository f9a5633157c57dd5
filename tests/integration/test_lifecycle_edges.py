"""The story lifecycle as producers really send it, on a real broker with two workers
started as an operator would: bare (the story keeper on by default, no
WIREDESK_LIFECYCLE, no WIREDESK_DATA_DIR) and from the same folder, so the state
folder lock gives each its own.

* a NewsML-G2 kill labelled ``text/plain`` kills its story (bytes over labels) and says
  so in a ``content_type_mismatch`` warning;
* a body-only JSON envelope in Reuters style is read like plain text;
* a JSON envelope with ``guid``/``version`` updates its story: version 2 supersedes 1.

The workers run once for the module; each test reads what they wrote.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.integration.conftest import (
    Topics,
    Worker,
    free_port,
    group_positions,
    produce,
    read_topic,
    worker_env,
)

pytestmark = [pytest.mark.integration, pytest.mark.slow]

G2_TYPE = b"application/vnd.iptc.g2.newsitem+xml"
JSON_TYPE = b"application/json"
G2_GUID = "tag:wdk.example,2026:oslo-ferry-{run}"
ENVELOPE_GUID = "wdk-desk:nairobi-rail-{run}"

FERRY = [
    "BERGEN, Norway, Dec 4 (Reuters) - A coastal ferry ran aground in fog off western Norway "
    "on Friday and its 212 passengers were taken ashore by lifeboat, the rescue service said.",
    "No one was hurt, a spokesman for the operator said, and the ship was not leaking.",
]
OSLO_BODY = (
    "OSLO, Dec 4 (Reuters) - Norway's central bank kept its policy rate at 4.5% on "
    "Thursday, as forecast, and said it expected to cut it twice next year.\n\n"
    "The decision was unanimous, Norges Bank said in a statement.\n\n"
    "(Reporting by Gwladys Fouche; Editing by Terje Solsvik)"
)
RAIL = [
    "NAIROBI, Dec 4 (Reuters) - Kenya's new commuter line to the airport opened on Friday "
    "with eight trains a day, the state railway said.",
    "The railway said it would add evening trains from January.",
]


def g2(guid: str, version: int, *, killed: bool = False) -> bytes:
    """A synthetic NewsML-G2 item in Reuters' style; a kill is a new version, canceled,
    edStat:D, with an empty body."""
    status = "stat:canceled" if killed else "stat:usable"
    signal = '<signal qcode="edStat:D"/>' if killed else ""
    body = "" if killed else "".join(f"<p>{p}</p>" for p in FERRY)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="{guid}" '
        f'version="{version}" standard="NewsML-G2" standardversion="2.35" xml:lang="en">'
        '<itemMeta><itemClass qcode="icls:text"/><provider qcode="nprov:REUTERS"/>'
        f"<versionCreated>2026-12-04T11:{version:02d}:00Z</versionCreated>"
        f'<pubStatus qcode="{status}"/>{signal}</itemMeta>'
        "<contentMeta><slugline>NORWAY-FERRY/</slugline>"
        "<headline>Ferry runs aground off Norway, passengers safe</headline></contentMeta>"
        '<contentSet><inlineXML contenttype="application/xhtml+xml">'
        f'<html xmlns="http://www.w3.org/1999/xhtml"><body>{body}</body></html>'
        "</inlineXML></contentSet></newsItem>"
    ).encode()


def envelope(**fields: Any) -> bytes:
    return json.dumps({"received_at": "2026-12-04T12:00:00Z", **fields}).encode()


@dataclass
class Run:
    events: list[dict[str, Any]]
    workers: list[Worker]
    folder: Path
    g2_guid: str
    envelope_guid: str
    body_only_id: str


def _events(
    bootstrap: str, topics: Topics, expect: int, workers: list[Worker], group: str
) -> list[dict[str, Any]]:
    """The output records, once ``expect`` distinct ids have arrived (at least once); if
    they do not within 3 minutes, the dead letters, the group's committed offsets beside
    the end offsets (input and by-key topics: a record committed but never written out is
    lost, one not committed is stuck) and the workers' logs say why."""
    deadline = time.monotonic() + 180
    while True:
        found = [json.loads(r.value) for r in read_topic(bootstrap, topics.events) if r.value]
        if len({e["id"] for e in found}) >= expect:
            return found
        if time.monotonic() > deadline:
            dead = [r.headers for r in read_topic(bootstrap, topics.dlq)]
            positions = group_positions(bootstrap, group, [topics.raw, f"{group}-stories-by-key"])
            logs = "\n".join(f"--- {w.log_path}\n{w.log_tail(60)}" for w in workers)
            raise AssertionError(
                f"{len({e['id'] for e in found})} of {expect} records arrived "
                f"({sorted({e['id'] for e in found})}); dead letters: {dead}\n"
                f"group offsets:\n{positions}\n{logs}"
            )
        time.sleep(0.5)


@pytest.fixture(scope="module")
def run(bootstrap: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Run]:
    folder = tmp_path_factory.mktemp("bare-workers")
    name = uuid.uuid4().hex[:8]
    topics = Topics(f"it-{name}.raw", f"it-{name}.events", f"it-{name}.dlq")
    env = worker_env(bootstrap, topics, keeper=None)  # the default: the keeper runs
    workers = []
    for n in ("a", "b"):
        port = {"WIREDESK_WEB_PORT": str(free_port())}
        workers.append(Worker(env={**env, **port}, log_path=folder / f"worker-{n}.log").start())
    try:
        for worker in workers:
            worker.wait_ready()
        g2_guid, envelope_guid = G2_GUID.format(run=name), ENVELOPE_GUID.format(run=name)
        body_only_id = f"oslo-rates-{name}"
        rail = "\n\n".join(RAIL)
        produce(bootstrap, topics.raw, [
            (b"ferry-1", g2(g2_guid, 1), [("content-type", G2_TYPE)]),
            (b"rates", envelope(id=body_only_id, body=OSLO_BODY), [("content-type", JSON_TYPE)]),
            (b"rail-1", envelope(guid=envelope_guid, version=1, provider="Reuters",
                                 headline="Kenya opens airport rail line", body=rail),
             [("content-type", JSON_TYPE)]),
        ])  # fmt: skip
        group = env["WIREDESK_CONSUMER_GROUP"]
        _events(bootstrap, topics, 3, workers, group)  # the first versions are in before the next
        produce(bootstrap, topics.raw, [
            # the kill, labelled as plain text by a producer that labels everything so
            (b"ferry-2", g2(g2_guid, 2, killed=True), [("content-type", b"text/plain")]),
            (b"rail-2", envelope(guid=envelope_guid, version=2, provider="Reuters",
                                 signals=["update"], headline="Kenya opens airport rail line",
                                 body=rail + "\n\nThe first train was full, the railway said."),
             [("content-type", JSON_TYPE)]),
        ])  # fmt: skip
        events = _events(bootstrap, topics, 5, workers, group)
        yield Run(events, workers, folder, g2_guid, envelope_guid, body_only_id)
    finally:
        for worker in workers:
            worker.stop()


def _one(run: Run, record_id: str) -> dict[str, Any]:
    mine = [e for e in run.events if e["id"] == record_id]
    assert mine, f"no record {record_id!r} among {[e['id'] for e in run.events]}"
    assert all(e["lifecycle"] == mine[0]["lifecycle"] for e in mine), "a replay changed it"
    return mine[0]


def test_bare_workers_from_one_folder_run_the_keeper_each_in_its_own_state_folder(
    run: Run,
) -> None:
    assert all(event["lifecycle"] is not None for event in run.events)
    lines = [
        line
        for worker in run.workers
        for line in worker.log_path.read_text(errors="replace").splitlines()
        if "story keeper on" in line
    ]
    assert len(lines) == 2, lines
    assert sum("held by another worker" in line for line in lines) == 1, lines
    locks = sorted(p.parent.name for p in run.folder.glob("wiredesk-data*/worker.lock"))
    assert locks == ["wiredesk-data", "wiredesk-data-2"]


def test_a_g2_kill_labelled_plain_text_kills_its_story_with_a_warning(run: Run) -> None:
    first = _one(run, f"{run.g2_guid}:1")
    kill = _one(run, f"{run.g2_guid}:2")
    assert first["lifecycle"]["action"] == "new"
    assert kill["format"] == "newsml-g2"
    assert kill["headline"] == "Ferry runs aground off Norway, passengers safe"
    assert kill["story"]["status"] == "canceled"
    assert kill["lifecycle"]["action"] == "kill"
    assert kill["lifecycle"]["kills"] == [f"{run.g2_guid}:1"]
    codes = [w["code"] for w in kill["warnings"]]
    assert "content_type_mismatch" in codes
    assert "content_type_mismatch" not in [w["code"] for w in first["warnings"]]


def test_an_envelope_with_guid_and_version_updates_its_story(run: Run) -> None:
    first = _one(run, f"{run.envelope_guid}:1")
    update = _one(run, f"{run.envelope_guid}:2")
    assert first["format"] == update["format"] == "json"
    assert first["lifecycle"]["action"] == "new"
    assert update["story"]["version"] == 2 and update["story"]["signals"] == ["update"]
    assert update["story"]["provider"] == "Reuters"
    assert update["lifecycle"]["action"] == "update"
    assert update["lifecycle"]["supersedes"] == f"{run.envelope_guid}:1"
    assert update["lifecycle"]["story_key"] == first["lifecycle"]["story_key"]


def test_a_body_only_envelope_is_read_like_plain_text(run: Run) -> None:
    """An envelope with only ``body``: its dated lead stays in the body, its dateline and
    credit are found, the headline is cut from the lead (and says so), nothing is lost."""
    record = _one(run, run.body_only_id)
    assert record["format"] == "json"
    assert record["lifecycle"]["action"] == "new"
    assert record["dateline"] is not None
    assert record["dateline"]["place"]["name"] == "Oslo"
    assert [a["code"] for a in record["agencies"]] == ["reuters"]
    assert "headline_derived" in {w["code"] for w in record["warnings"]}
    assert "The decision was unanimous" in record["body"]
    assert {b["name"] for b in record["bylines"]} == {"Gwladys Fouche", "Terje Solsvik"}
    assert record["body"].startswith("Norway's central bank kept its policy rate at 4.5%")
