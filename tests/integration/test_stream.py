"""The worker against a real broker: seeds in, events out equal to the offline command's,
bad input dead-lettered with its original bytes and headers, everything counted."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest

from tests.conftest import SEED_DOCUMENTS, SEEDS
from tests.format_seed_bytes import ANPA_BOISE_SMOKE, IPTC7901_MUNICH_BEER
from tests.integration.conftest import (
    Topics,
    produce,
    read_topic,
    wiredesk_cli,
    worker_env,
)
from wiredesk.cli.files import iter_paths
from wiredesk.cli.stream import _message as publish_message
from wiredesk.codec import timestamp_to_datetime
from wiredesk.normalize.pipeline import DEFAULT_MAX_STORY_BYTES

pytestmark = pytest.mark.integration

# The plain-text seeds: the stories at the top and the version sequences in seeds/sequences/.
SEED_FILES = sorted(SEEDS.rglob("*.txt"))


def test_published_seeds_all_arrive_keyed_and_counted(
    bootstrap: str, topics: Topics, make_worker: Any
) -> None:
    env = worker_env(bootstrap, topics, languages=None)  # the seeds' languages, all served
    worker = make_worker(env)
    worker.wait_ready()

    published = wiredesk_cli(env, "publish", str(SEEDS))
    assert published.returncode == 0, published.stderr.decode()

    # Every document arrives: the text seeds and the agency formats in seeds/formats/.
    events = read_topic(bootstrap, topics.events, expect=len(SEED_DOCUMENTS), timeout=90)
    assert len(events) == len(SEED_DOCUMENTS), worker.log_tail()
    inputs = read_topic(bootstrap, topics.raw)
    assert len(inputs) == len(SEED_DOCUMENTS)

    # Keys: the worker keys each event by its record id, the id `publish` keyed the input with.
    assert {e.key for e in events} == {i.key for i in inputs}
    # publish names each document's format in its content type, and the worker read it so.
    content_types = Counter(i.headers["content-type"] for i in inputs)
    assert content_types["text/plain"] == len(SEED_FILES)
    assert content_types["text/vnd.iptc.anpa"] == 3
    assert content_types["text/vnd.iptc.7901"] == 3
    assert content_types["application/vnd.iptc.newsml+xml"] == 3
    by_format = Counter(json.loads(e.value or b"")["format"] for e in events)
    assert by_format == {"text": len(SEED_FILES), "newsml-g2": 5, "nitf": 3,
                         "anpa-1312": 3, "iptc-7901": 3, "newsml-1.2": 3}  # fmt: skip
    # (The next test shows these records equal `wiredesk normalize`'s byte for byte.)

    # Nothing dead-lettered, and the worker's counters match what the topics hold.
    assert read_topic(bootstrap, topics.dlq) == []
    metrics = worker.metrics()
    assert metrics[f'wiredesk_stories_consumed_total{{topic="{topics.raw}"}}'] == len(inputs)
    assert metrics[f'wiredesk_events_produced_total{{topic="{topics.events}"}}'] == len(events)
    dead_letter_counts = [
        v for k, v in metrics.items() if k.startswith("wiredesk_dead_letters_total")
    ]
    assert dead_letter_counts, "the dead-letter series exist from the start"
    assert all(v == 0 for v in dead_letter_counts)
    lag = [v for k, v in metrics.items() if k.startswith("wiredesk_consumer_lag{")]
    assert lag, "no consumer lag gauge"
    assert all(v == 0 for v in lag)
    records = [json.loads(e.value or b"") for e in events]
    by_agency = Counter(a["code"] for r in records for a in r["agencies"])
    for code, count in by_agency.items():
        assert metrics[f'wiredesk_stories_by_agency_total{{agency="{code}"}}'] == count
    assert metrics["wiredesk_ready"] == 1
    assert metrics["faust_messages_received_total"] >= len(inputs)


FIXED_TIMESTAMP_MS = 1_718_100_000_000  # 2024-06-11T10:00:00Z


def test_seed_documents_come_out_equal_to_the_offline_command(
    bootstrap: str, topics: Topics, make_worker: Any
) -> None:
    """Every seed (text and agency formats) sent exactly as `wiredesk publish` sends it (its
    key, bytes and content type), all with one record timestamp; `wiredesk normalize` on the
    same folder with that receive time (it sniffs the formats): the same bytes. Both serve
    every language (the default): the French seeds get the French model's NER in both."""
    env = worker_env(bootstrap, topics, languages=None)
    worker = make_worker(env)
    worker.wait_ready()
    messages = []
    for story in iter_paths([str(SEEDS)]):
        key, value, content_type = publish_message(story, DEFAULT_MAX_STORY_BYTES)
        messages.append((key, value, [("content-type", content_type.encode())]))
    assert len(messages) == len(SEED_DOCUMENTS)
    produce(bootstrap, topics.raw, messages, timestamp_ms=FIXED_TIMESTAMP_MS)
    events = read_topic(bootstrap, topics.events, expect=len(messages), timeout=90)
    assert len(events) == len(messages), worker.log_tail()
    assert read_topic(bootstrap, topics.dlq) == []

    received_at = timestamp_to_datetime(FIXED_TIMESTAMP_MS).isoformat()
    # This worker runs without the story keeper (lifecycle null); offline, --no-lifecycle.
    run = wiredesk_cli(env, "normalize", "--no-lifecycle", "--received-at", received_at, str(SEEDS))
    assert run.returncode == 0, run.stderr.decode()
    offline = {json.loads(line)["id"]: line for line in run.stdout.decode().splitlines()}
    assert len(offline) == len(SEED_DOCUMENTS)
    worker_records = {(e.key or b"").decode(): (e.value or b"").decode() for e in events}
    if env.get("WIREDESK_LIFECYCLE") == "true":  # WIREDESK_TEST_LIFECYCLE: all but lifecycle
        worker_records = {
            k: json.dumps({**json.loads(v), "lifecycle": None}) for k, v in worker_records.items()
        }
        offline = {k: json.dumps(json.loads(v)) for k, v in offline.items()}
    assert worker_records == offline
    formats_seen = Counter(json.loads(v)["format"] for v in worker_records.values())
    assert formats_seen["newsml-g2"] == 5 and formats_seen["iptc-7901"] == 3
    assert formats_seen["newsml-1.2"] == 3
    # Three versions of one Reuters story, three record ids.
    assert sum(k.startswith("tag:reuters.com") for k in worker_records) == 3


BIG = 4096  # the worker below runs with WIREDESK_MAX_STORY_BYTES=BIG

G2 = b'<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="g" version="2">'
G2_TYPE = [("content-type", b"application/vnd.iptc.g2.newsitem+xml")]
NITF_TYPE = [("content-type", b"application/nitf+xml")]
ANPA_UTF8 = [("content-type", b"text/vnd.iptc.anpa; charset=utf-8")]
BOMB = (
    b'<?xml version="1.0"?><!DOCTYPE nitf [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;">]><nitf><body><body.content><p>&c;</p>'
    b"</body.content></body></nitf>"
)
# One bad document per format: a wrong encoding, broken markup, not a story, no frame.
FORMAT_BAD_INPUTS: list[tuple[str, bytes, list[tuple[str, bytes]], str]] = [
    ("g2-broken", G2 + b"<contentMeta><headline>Dam</headline>", G2_TYPE, "malformed_xml"),
    ("g2-package", G2.replace(b"newsItem", b"packageItem") + b"</packageItem>", G2_TYPE,
     "not_a_story"),
    ("g2-no-text", G2 + b"<contentMeta><headline>Dam</headline></contentMeta></newsItem>",
     G2_TYPE, "no_text_part"),
    ("nitf-latin1", b"<?xml version='1.0' encoding='UTF-8'?><nitf><body><body.content><p>Caf"
     b"\xe9</p></body.content></body></nitf>", NITF_TYPE, "invalid_encoding"),
    ("nitf-bomb", BOMB, NITF_TYPE, "xml_forbidden"),
    ("xml-unknown-root", b"<?xml version='1.0'?><rss/>", [], "unknown_format"),
    ("anpa-latin1-declared-utf8", ANPA_BOISE_SMOKE.replace(b"Boise", b"Bois\xe9"), ANPA_UTF8,
     "invalid_encoding"),
    ("anpa-no-etx", ANPA_BOISE_SMOKE.split(b"\x03")[0], [], "invalid_anpa"),
    ("7901-no-stx", IPTC7901_MUNICH_BEER.replace(b"\x02", b""), [], "invalid_iptc7901"),
    ("json-deep", b"[" * 1500 + b"]" * 1500, [("content-type", b"application/json")],
     "json_too_deep"),
]  # fmt: skip

BAD_INPUTS: list[tuple[str, bytes, list[tuple[str, bytes]], str]] = [
    ("invalid-json", b'{"text": "unterminated', [], "invalid_json"),
    ("json-array", b'[{"text": "a"}]', [("content-type", b"application/json")], "invalid_envelope"),
    ("no-text", b'{"headline": "Only a headline", "id": "x"}', [], "missing_text"),
    ("bad-utf8", b"Headline\n\nPARIS (AFP) - caf\xe9 au lait", [], "invalid_utf8"),
    ("empty", b"", [], "empty_story"),
    ("too-big", b"Big story\n\n" + b"word " * BIG, [], "story_too_large"),
    ("whitespace", b" \n\n\t  \n", [], "whitespace_only"),
    ("binary", bytes(range(1, 32)) * 8, [], "binary_content"),
    *FORMAT_BAD_INPUTS,
]  # fmt: skip


def test_bad_input_is_dead_lettered_with_its_bytes_and_why(
    bootstrap: str, topics: Topics, make_worker: Any
) -> None:
    env = worker_env(bootstrap, topics, WIREDESK_MAX_STORY_BYTES=str(BIG))
    worker = make_worker(env)
    worker.wait_ready()
    good = b"Harbour reopens\n\nLISBON, May 3 (Reuters) - The harbour reopened on Friday."
    messages = [(name.encode(), value, headers) for name, value, headers, _ in BAD_INPUTS]
    messages.insert(3, (b"good-1", good, []))
    messages.append((b"good-2", good.replace(b"Friday", b"Saturday"), []))
    produce(bootstrap, topics.raw, messages)

    dead = read_topic(bootstrap, topics.dlq, expect=len(BAD_INPUTS), timeout=60)
    events = read_topic(bootstrap, topics.events, expect=2, timeout=30)
    inputs = read_topic(bootstrap, topics.raw)
    assert len(inputs) == len(messages)
    # Every consumed record ends as exactly one event or one dead letter.
    assert len(dead) + len(events) == len(inputs), worker.log_tail()
    # The two good stories, each keyed by its record id: the content hash (since schema
    # version 5 the Kafka key names the story, not the record).
    records = {e.key: json.loads(e.value or b"") for e in events}
    assert all(key == record["id"].encode() for key, record in records.items())
    assert all(record["id"].startswith("sha256:") for record in records.values())
    assert sorted(r["body"] for r in records.values()) == [
        "The harbour reopened on Friday.",
        "The harbour reopened on Saturday.",
    ]

    by_key = {d.key: d for d in dead}
    originals = {i.key: i for i in inputs}
    for name, value, _, code in BAD_INPUTS:
        letter = by_key[name.encode()]
        assert letter.value == value, f"{name}: the original bytes must be kept"
        assert letter.headers["wiredesk.error.code"] == code, f"{name}: {letter.headers}"
        assert letter.headers["wiredesk.error.message"]
        assert letter.headers["wiredesk.error.stage"] in {"decode", "clean"}
        source = originals[name.encode()]
        assert letter.headers["wiredesk.source.topic"] == topics.raw
        assert int(letter.headers["wiredesk.source.partition"]) == source.partition
        assert int(letter.headers["wiredesk.source.offset"]) == source.offset
        assert int(letter.headers["wiredesk.source.timestamp"]) == source.timestamp

    assert worker.alive(), worker.log_tail()
    status, _ = worker.readyz()
    assert status == 200
    metrics = worker.metrics()
    for code, count in Counter(code for *_, code in BAD_INPUTS).items():
        assert metrics[f'wiredesk_dead_letters_total{{code="{code}"}}'] == count
    assert metrics[f'wiredesk_stories_consumed_total{{topic="{topics.raw}"}}'] == len(inputs)
    assert metrics[f'wiredesk_events_produced_total{{topic="{topics.events}"}}'] == len(events)


def test_tail_prints_events_and_dead_letters(
    bootstrap: str, topics: Topics, make_worker: Any
) -> None:
    env = worker_env(bootstrap, topics)
    worker = make_worker(env)
    worker.wait_ready()
    produce(bootstrap, topics.raw, [
        (b"ok", b"Rain\n\nOSLO (NTB) - It rained.", []),
        (b"bad", b"\xff\xfe\xfd", []),
    ])  # fmt: skip
    read_topic(bootstrap, topics.dlq, expect=1)
    read_topic(bootstrap, topics.events, expect=1)
    events = wiredesk_cli(env, "tail", "--max", "1", "--timeout", "20")
    assert events.returncode == 0, events.stderr.decode()
    [record] = [json.loads(line) for line in events.stdout.decode().splitlines()]
    assert record["id"].startswith("sha256:")  # the content hash, not the Kafka key
    assert record["headline"] == "Rain"
    assert record["dateline"]["place"]["country_code"] == "NO"
    dead = wiredesk_cli(env, "tail", "--topic", topics.dlq, "--max", "1", "--timeout", "20")
    [letter] = [json.loads(line) for line in dead.stdout.decode().splitlines()]
    assert letter["key"] == "bad"
    assert letter["headers"]["wiredesk.error.code"] == "invalid_utf8"
    assert letter["value_base64"] == "//79"
