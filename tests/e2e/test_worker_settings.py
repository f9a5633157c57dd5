"""`wiredesk worker` refuses what cannot work before it loads anything or touches Kafka:
exit status 2, one line naming the variable, no traceback (issue 11: an empty
WIREDESK_BROKER used to start a worker that retried `:9092` forever)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


@pytest.mark.parametrize(
    ("variable", "value"),
    [("WIREDESK_BROKER", ""), ("WIREDESK_INPUT_TOPIC", "wire raw"),
     ("WIREDESK_SSL_CAFILE", "/nonexistent/ca.pem")],
)  # fmt: skip
def test_the_worker_stops_at_once_naming_the_variable(variable: str, value: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIREDESK_")}
    env[variable] = value
    done = subprocess.run(
        [sys.executable, "-m", "wiredesk", "worker"],
        env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert variable in done.stderr
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
