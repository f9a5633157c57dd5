"""A bare `wiredesk worker` runs the story keeper, and two started from the same folder
each claim their own state folder (the first `wiredesk-data`, the next `wiredesk-data-2`)
before they load anything or reach a broker; `WIREDESK_LIFECYCLE=false` claims none."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _start(folder: Path, name: str, **variables: str) -> tuple[subprocess.Popen[bytes], Path]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIREDESK_")}
    # A broker nobody answers: the worker claims its folder, then waits for the broker.
    env |= {"WIREDESK_BROKER": f"127.0.0.1:{_free_port()}", "WIREDESK_WEB_HOST": "127.0.0.1",
            "WIREDESK_WEB_PORT": str(_free_port()), **variables}  # fmt: skip
    log = folder / f"{name}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "wiredesk", "worker"],
            env=env, cwd=folder, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    return process, log


def _wait_for(log: Path, text: str, process: subprocess.Popen[bytes]) -> str:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        found = [line for line in log.read_text(errors="replace").splitlines() if text in line]
        if found:
            return found[0]
        assert process.poll() is None, log.read_text(errors="replace")
        time.sleep(0.2)
    raise AssertionError(f"no {text!r} in {log}:\n{log.read_text(errors='replace')}")


@pytest.fixture
def started() -> Iterator[list[subprocess.Popen[bytes]]]:
    processes: list[subprocess.Popen[bytes]] = []
    yield processes
    for process in processes:
        process.kill()
        process.wait(10)


def test_two_bare_workers_in_one_folder_each_claim_their_own(
    tmp_path: Path, started: list[subprocess.Popen[bytes]]
) -> None:
    first, first_log = _start(tmp_path, "first")
    started.append(first)
    line = _wait_for(first_log, "story keeper on", first)
    assert "wiredesk-data" in line and "held by another worker" not in line
    second, second_log = _start(tmp_path, "second")
    started.append(second)
    line = _wait_for(second_log, "story keeper on", second)
    assert f"held by another worker (pid {first.pid})" in line
    assert line.rstrip().endswith("wiredesk-data-2")
    assert (tmp_path / "wiredesk-data" / "worker.lock").read_text().strip() == str(first.pid)
    assert (tmp_path / "wiredesk-data-2" / "worker.lock").read_text().strip() == str(second.pid)


def test_lifecycle_false_claims_no_folder(
    tmp_path: Path, started: list[subprocess.Popen[bytes]]
) -> None:
    # English alone: the start-up waited for loads one model, not every language's.
    worker, log = _start(tmp_path, "off", WIREDESK_LIFECYCLE="false", WIREDESK_LANGUAGES="en")
    started.append(worker)
    _wait_for(log, "loaded in", worker)  # past start-up's claim, loading done
    assert "story keeper on" not in log.read_text(errors="replace")
    assert not (tmp_path / "wiredesk-data" / "worker.lock").exists()
