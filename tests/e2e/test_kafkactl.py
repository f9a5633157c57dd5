"""`deploy/kafka/kafkactl up` with a Python that cannot import aiokafka says so at once,
rather than start a broker and wait its whole timeout for a probe that cannot run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

KAFKACTL = Path(__file__).resolve().parents[2] / "deploy" / "kafka" / "kafkactl"


def test_up_without_aiokafka_says_what_to_run_and_starts_nothing(tmp_path: Path) -> None:
    state = tmp_path / "kafka"
    # -S: no site-packages, so this Python lacks the project's packages (aiokafka).
    done = subprocess.run(
        [sys.executable, "-S", str(KAFKACTL), "up", "--dir", str(state)],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 1
    assert done.stderr == (
        f"kafkactl: the readiness probe needs aiokafka, which {sys.executable} cannot "
        "import: run kafkactl with the project's virtual environment (make dev, then "
        ".venv/bin/python deploy/kafka/kafkactl up), or use make kafka-up\n"
    )
    assert not state.exists()
