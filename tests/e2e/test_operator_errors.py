"""What an operator reads when a command cannot do its work: one line, an honest exit
status, and nothing loaded first (issue "The last mile for desks and operators", item 3).

"Before the model loads" is shown without timing anything: each command runs with
``WIREDESK_MODEL`` naming a model that is not installed, so a check that came after the
model would end in the model's error instead of the one asserted.
"""

from __future__ import annotations

import json
import os
import pty
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

NO_MODEL = "wiredesk_no_such_model"


def _env(**variables: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIREDESK_")}
    env.update(variables)
    return env


def wiredesk(*args: str, **variables: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "wiredesk", *args],
        env=_env(**variables),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def one_line(done: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in done.stderr, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    return lines[0]


# --------------------------------------------------------------- the worker's settings


def test_a_misspelled_variable_stops_the_worker_naming_the_right_one(tmp_path: Path) -> None:
    done = wiredesk("worker", WIREDESK_BROKERS="kafka:9092", WIREDESK_DATA_DIR=str(tmp_path))
    assert done.returncode == 2
    assert one_line(done) == (
        "wiredesk: WIREDESK_BROKERS is not a wiredesk variable: did you mean WIREDESK_BROKER? "
        "(to keep a name no setting reads, list it in WIREDESK_EXTRA_VARIABLES)"
    )


def test_a_name_listed_as_extra_is_let_through() -> None:
    # The settings pass, so the command goes on to load the model (which is not there).
    done = wiredesk(
        "normalize",
        "-",
        WIREDESK_DESK_NAME="night",
        WIREDESK_EXTRA_VARIABLES="WIREDESK_DESK_NAME",
        WIREDESK_MODEL=NO_MODEL,
    )
    assert done.returncode == 2
    assert "WIREDESK_DESK_NAME" not in done.stderr
    assert one_line(done).startswith("wiredesk: error: [model_unavailable]")


def test_a_busy_port_is_one_line_before_the_model_loads(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = wiredesk(
            "worker",
            WIREDESK_WEB_HOST="127.0.0.1",
            WIREDESK_WEB_PORT=str(port),
            WIREDESK_MODEL=NO_MODEL,
            WIREDESK_DATA_DIR=str(tmp_path / "data"),
        )
    assert done.returncode == 2
    assert one_line(done) == (
        f"wiredesk: WIREDESK_WEB_PORT: port {port} on 127.0.0.1 is in use: another worker "
        "or program listens there; stop it or give this worker another port"
    )


def test_a_data_folder_that_cannot_be_made_is_one_line_before_the_model_loads(
    tmp_path: Path,
) -> None:
    a_file = tmp_path / "not-a-folder"
    a_file.write_text("x")
    done = wiredesk(
        "worker", WIREDESK_DATA_DIR=str(a_file / "data"), WIREDESK_MODEL=NO_MODEL,
        WIREDESK_WEB_PORT=str(_free_port()),
    )  # fmt: skip
    assert done.returncode == 2
    assert one_line(done) == (
        f"wiredesk: WIREDESK_DATA_DIR: cannot use {str(a_file / 'data')!r} for the keeper's "
        "state: Not a directory"
    )


def test_worker_help_lists_every_variable_with_its_default() -> None:
    from wiredesk.settings import variable_names

    done = wiredesk("worker", "--help")
    assert done.returncode == 0
    for name in variable_names():
        assert f"  {name}=" in done.stdout, name
    assert "  WIREDESK_WEB_PORT=6066\n" in done.stdout
    assert "  WIREDESK_LIFECYCLE=true\n" in done.stdout
    assert "  WIREDESK_SASL_PASSWORD=unset\n" in done.stdout
    assert "  WIREDESK_EXTRA_VARIABLES=unset\n" in done.stdout


# --------------------------------------------------------------- the command line


def test_publish_fails_on_a_missing_path_before_it_looks_for_a_broker(tmp_path: Path) -> None:
    missing = tmp_path / "nonexistent"
    done = wiredesk("publish", str(missing), WIREDESK_BROKER="127.0.0.1:1")
    assert done.returncode == 2
    assert one_line(done) == f"wiredesk: {missing}: no such file or folder"


def test_normalize_reports_a_missing_file_before_the_model_loads(tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    done = wiredesk("normalize", str(missing), WIREDESK_MODEL=NO_MODEL)
    assert done.returncode == 2
    assert one_line(done) == f"wiredesk: {missing}: no such file or folder"


def test_an_unknown_option_prints_the_subcommand_usage() -> None:
    done = wiredesk("normalize", "--bogus")
    assert done.returncode == 2
    assert done.stderr.startswith("usage: wiredesk normalize ")
    assert done.stderr.strip().endswith(
        "wiredesk normalize: error: unrecognized arguments: --bogus"
    )


@pytest.mark.parametrize(
    ("option", "value", "why"),
    [("--max", "-3", "must be 1 or more, got -3"), ("--max", "ten", "not a whole number: 'ten'"),
     ("--timeout", "0", "must be a number above 0, got 0")],
)  # fmt: skip
def test_tail_refuses_bad_numbers(option: str, value: str, why: str) -> None:
    done = wiredesk("tail", option, value)
    assert done.returncode == 2
    assert done.stderr.startswith("usage: wiredesk tail ")
    assert done.stderr.strip().endswith(f"wiredesk tail: error: argument {option}: {why}")


def test_a_pretty_printed_json_file_with_one_object_is_one_story(tmp_path: Path) -> None:
    story = {
        "id": "ops-one-object",
        "headline": "Harbour cranes idle as dockers strike",
        "body": "ROTTERDAM, March 4 (Reuters) - Dockers at the port of Rotterdam stopped "
        "work on Monday in a dispute over automation, a union spokesman said.",
        "received_at": "2024-03-04T09:00:00Z",
    }
    path = tmp_path / "story.json"
    path.write_text(json.dumps(story, indent=2))
    done = wiredesk("normalize", "--no-entities", str(path))
    assert done.returncode == 0, done.stderr
    [line] = done.stdout.splitlines()
    record: dict[str, Any] = json.loads(line)
    assert record["headline"] == "Harbour cranes idle as dockers strike"
    assert record["dateline"]["place"]["name"] == "Rotterdam"


def test_normalize_over_a_folder_shows_its_progress_on_a_terminal(tmp_path: Path) -> None:
    for n, place in enumerate(["LISBON", "OSLO", "QUITO"], start=1):
        (tmp_path / f"{n}.txt").write_text(
            f"Story {n}\n\n{place}, May {n} (Reuters) - A short wire story from {place.title()}.\n"
        )
    primary, secondary = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "wiredesk", "normalize", "--no-entities",
             "--received-at", "2024-05-04T00:00:00Z", str(tmp_path)],
            env=_env(), stdout=subprocess.PIPE, stderr=secondary, timeout=300, check=False,
        )  # fmt: skip
        os.close(secondary)
        shown = b""
        while True:
            try:
                chunk = os.read(primary, 4096)
            except OSError:  # the terminal's other end is closed: all is read
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(primary)
    assert done.returncode == 0
    assert len(done.stdout.splitlines()) == 3
    assert b"\rnormalizing 3/3" in shown, shown


def test_normalize_into_a_pipe_shows_no_progress(tmp_path: Path) -> None:
    for n in (1, 2):
        (tmp_path / f"{n}.txt").write_text(f"Story {n}\n\nOSLO, May {n} (Reuters) - Short.\n")
    done = wiredesk("normalize", "--no-entities", "--received-at", "2024-05-04", str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert "normalizing" not in done.stderr


# --------------------------------------------------------------- /readyz


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture
def worker_without_broker(tmp_path: Path) -> Iterator[int]:
    port = _free_port()
    log = (tmp_path / "worker.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "wiredesk", "worker"],
        env=_env(WIREDESK_BROKER="broker.invalid:9092", WIREDESK_WEB_HOST="127.0.0.1",
                 WIREDESK_WEB_PORT=str(port), WIREDESK_LANGUAGES="en",
                 WIREDESK_DATA_DIR=str(tmp_path / "data")),
        stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        yield port
    finally:
        process.terminate()
        process.wait(timeout=60)
        log.close()


def test_readyz_never_says_the_broker_answers_beside_a_reason_that_it_does_not(
    worker_without_broker: int,
) -> None:
    url = f"http://127.0.0.1:{worker_without_broker}/readyz"
    body: dict[str, Any] = {}
    for _ in range(600):  # until start-up has tried the broker (the model loads first)
        try:
            urllib.request.urlopen(url, timeout=5)
        except urllib.error.HTTPError as exc:
            body = json.loads(exc.read())
            if "not reachable" in body.get("reason", ""):
                break
        except OSError:
            pass
        time.sleep(0.5)
    assert "not reachable" in body.get("reason", ""), body
    assert body["ready"] is False
    assert body["broker"] == body["reason"]
    assert body["broker"].startswith("broker broker.invalid:9092 not reachable")
