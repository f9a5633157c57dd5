"""`wiredesk normalize` as a user runs it: a process, files and stdin in, JSON lines out."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SEEDS

SEED = SEEDS / "000_118fa2c7f2d82249.txt"


def wiredesk(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "wiredesk", *args],
        input=stdin,
        capture_output=True,
        timeout=300,
        check=False,
    )


def records(out: bytes) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.decode().splitlines()]


@pytest.fixture(scope="module")
def seed_run() -> subprocess.CompletedProcess[bytes]:
    return wiredesk("normalize", str(SEED), "--received-at", "2020-10-06T10:00:00+09:00")


def test_seed_story_gives_one_record(seed_run: subprocess.CompletedProcess[bytes]) -> None:
    assert seed_run.returncode == 0, seed_run.stderr.decode()
    [record] = records(seed_run.stdout)
    assert record["headline"] == "Pompeo, Motegi reaffirm security cooperation in the Pacific"
    assert record["dateline"]["text"] == "Tokyo, Oct 6 (efe-epa).-"
    place = record["dateline"]["place"]
    assert (place["name"], place["country_code"], place["geonames_id"]) == ("Tokyo", "JP", 1850147)
    assert place["lat"] == pytest.approx(35.69, abs=0.1)
    assert place["lon"] == pytest.approx(139.69, abs=0.1)
    assert record["dateline"]["date"] == "2020-10-06"
    assert [a["code"] for a in record["agencies"]] == ["efe", "epa"]
    assert record["body"].startswith("The United States secretary of state")
    assert record["body"].endswith("tested positive for the virus.")
    assert record["received_at"] == "2020-10-06T01:00:00Z"
    assert record["id"].startswith("sha256:")


def test_the_same_story_on_stdin_gives_the_same_record(
    seed_run: subprocess.CompletedProcess[bytes],
) -> None:
    piped = wiredesk(
        "normalize", "-", "--received-at", "2020-10-06T01:00:00Z", stdin=SEED.read_bytes()
    )
    assert piped.returncode == 0, piped.stderr.decode()
    assert piped.stdout == seed_run.stdout


def test_json_lines_keep_order_and_report_bad_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "a-1", "headline": "First", "body": "LONDON (Reuters) - One.",
                    "received_at": "2024-05-02T08:00:00Z"}),
        "{not json",
        json.dumps({"id": "a-3", "text": "Third\n\nPARIS, May 2 (AFP) - Three.",
                    "received_at": "2024-05-02T09:00:00Z"}),
        json.dumps({"headline": "no body at all"}),
    ]  # fmt: skip
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = wiredesk("normalize", str(path))
    assert run.returncode == 1  # some stories failed
    out = records(run.stdout)
    assert [r["id"] for r in out] == ["a-1", "a-3"]
    assert out[1]["dateline"]["date"] == "2024-05-02"
    err = run.stderr.decode()
    assert f"{path}:2: [invalid_json]" in err
    assert f"{path}:4: [missing_text]" in err


def test_no_receive_time_uses_now_and_says_so(tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text("Ferry strike ends\n\nATHENS (AP) — The strike ended.\n", encoding="utf-8")
    run = wiredesk("normalize", "--no-entities", str(story))
    assert run.returncode == 0, run.stderr.decode()
    [record] = records(run.stdout)
    assert "received_at_assumed" in {w["code"] for w in record["warnings"]}


def test_invalid_utf8_file_is_a_coded_error_and_the_rest_go_on(tmp_path: Path) -> None:
    bad = tmp_path / "a_bad.txt"
    bad.write_bytes(b"Headline\n\n\xff\xfe broken")
    good = tmp_path / "b_good.txt"
    good.write_text("Good one\n\nBERLIN (dpa) - Fine.", encoding="utf-8")
    run = wiredesk("normalize", "--no-entities", "--received-at", "2024-01-01", str(tmp_path))
    assert run.returncode == 1
    assert [r["headline"] for r in records(run.stdout)] == ["Good one"]
    assert "[invalid_utf8]" in run.stderr.decode()


def test_ninjs_format_gives_ninjs_documents(seed_run: subprocess.CompletedProcess[bytes]) -> None:
    run = wiredesk(
        "normalize", "--format", "ninjs", str(SEED), "--received-at", "2020-10-06T10:00:00+09:00"
    )
    assert run.returncode == 0, run.stderr.decode()
    [doc] = records(run.stdout)
    assert doc["uri"].startswith("urn:wiredesk:story:sha256")
    assert doc["located"] == "Tokyo"


def test_events_format_gives_one_row_per_event_of_the_record(
    seed_run: subprocess.CompletedProcess[bytes],
) -> None:
    run = wiredesk(
        "normalize", "--format", "events", str(SEED), "--received-at", "2020-10-06T10:00:00+09:00"
    )
    assert run.returncode == 0, run.stderr.decode()
    [record] = records(seed_run.stdout)
    rows = records(run.stdout)
    assert len(rows) == len(record["events"]) > 0
    assert [row["event"] for row in rows] == list(range(len(rows)))
    assert [row["type"] for row in rows] == [e["type"] for e in record["events"]]
    assert {row["story_key"] for row in rows} == {record["lifecycle"]["story_key"]}
    consult = next(row for row in rows if row["type"] == "CONSULT")
    assert {"USA", "JPN"} <= set(consult["actor_countries"].split(";"))
    assert (consult["place_name"], consult["place_country"]) == ("Tokyo", "JP")
    assert consult["provider"] == "efe" and consult["record_id"] == record["id"]
    assert consult["first_received_at"] == "2020-10-06T01:00:00Z"


def test_a_bad_setting_is_named() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "wiredesk", "normalize", "-"],
        input=b"x",
        capture_output=True,
        timeout=60,
        env={"WIREDESK_MAX_STORY_BYTES": "lots", "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert run.returncode == 2
    assert "WIREDESK_MAX_STORY_BYTES" in run.stderr.decode()


def test_deep_json_is_a_coded_error_and_the_other_files_are_still_read(tmp_path: Path) -> None:
    """A JSON envelope 5,000 levels deep used to end the run with a RecursionError."""
    deep = tmp_path / "a_deep.jsonl"
    deep.write_text("[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    run = wiredesk(
        "normalize", "--no-entities", "--received-at", "2020-10-06T01:00:00Z", str(deep), str(SEED)
    )
    assert run.returncode == 1
    stderr = run.stderr.decode()
    assert f"{deep}:1: [json_too_deep]" in stderr
    assert "Traceback" not in stderr and "RecursionError" not in stderr
    [record] = records(run.stdout)
    assert record["headline"].startswith("Pompeo, Motegi")


def test_agency_format_files_are_read_by_sniffing(tmp_path: Path) -> None:
    folder = SEEDS / "formats"
    run = wiredesk("normalize", "--no-entities", "--received-at", "2024-06-01T00:00:00Z",
                   str(folder / "nitf_efe_madrid_trains.nitf"),
                   str(folder / "anpa_ap_boise_smoke.tst"),
                   str(folder / "iptc7901_dpa_munich_beer.7901"))  # fmt: skip
    assert run.returncode == 0, run.stderr.decode()
    assert [r["format"] for r in records(run.stdout)] == ["nitf", "anpa-1312", "iptc-7901"]
    broken = tmp_path / "broken.xml"
    broken.write_bytes(b"<?xml version='1.0'?><nitf><body>")
    failed = wiredesk("normalize", "--no-entities", str(broken))
    assert failed.returncode == 1
    assert "[malformed_xml]" in failed.stderr.decode()
