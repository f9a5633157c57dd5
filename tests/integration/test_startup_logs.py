"""A clean start logs what an operator paged at night can trust: no ERROR line (a consumer
group still forming is INFO), and no terminal codes in a log that is a file."""

from __future__ import annotations

import time
from typing import Any

from tests.integration.conftest import Topics, worker_env


def test_a_clean_start_logs_no_error_and_no_terminal_codes(
    bootstrap: str, topics: Topics, make_worker: Any
) -> None:
    # The default start, as in production: every served language's NER loads.
    worker = make_worker(worker_env(bootstrap, topics, languages=None))
    worker.wait_ready()
    # /readyz turns 200 at the assignment; Faust logs "Ready" when its recovery has
    # sought the partitions, milliseconds later: stop after it.
    deadline = time.monotonic() + 30
    while "[^Worker]: Ready" not in worker.log_path.read_text() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert worker.stop() == 0
    log = worker.log_path.read_bytes()
    assert b"\x1b" not in log, "a terminal escape code in a log file"
    assert b"OK ^" not in log
    text = log.decode("utf-8", "replace")
    errors = [line for line in text.splitlines() if " ERROR " in line]
    assert errors == [], "\n".join(errors)
    assert "Ready" in text
