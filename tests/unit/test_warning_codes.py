"""One catalogue of warning codes: every code a stage writes is a ``WarningCode``, and the
docs/records.md and the record schema list them all."""

from __future__ import annotations

import ast
import json
from pathlib import Path

from wiredesk.models import WarningCode

_ROOT = Path(__file__).resolve().parents[2]


def _segment_warning_literals() -> set[str]:
    """The first argument of every ``SegmentWarning("...", ...)`` in the segment stage,
    which writes plain strings (they become a ``WarningCode`` in the pipeline)."""
    tree = ast.parse(
        (_ROOT / "service" / "wiredesk" / "normalize" / "segment.py").read_text("utf-8")
    )
    found: set[str] = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "SegmentWarning"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.add(node.args[0].value)
    return found


def test_every_segment_warning_is_a_warning_code() -> None:
    literals = _segment_warning_literals()
    assert literals, "the segment stage writes warnings"
    assert literals <= {c.value for c in WarningCode}


def test_no_other_module_writes_a_warning_code_as_a_string() -> None:
    for path in sorted((_ROOT / "service").rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "RecordWarning":
                for keyword in node.keywords:
                    if keyword.arg == "code":
                        assert not isinstance(keyword.value, ast.Constant), (
                            f"{path.name}:{node.lineno}: use WarningCode, not a string"
                        )


def test_the_records_doc_and_the_schema_list_every_code() -> None:
    readme = (_ROOT / "docs" / "records.md").read_text("utf-8")
    schema = json.loads((_ROOT / "schemas" / "event-record.schema.json").read_text("utf-8"))
    listed = set(schema["$defs"]["WarningCode"]["enum"])
    for code in WarningCode:
        assert f"`{code.value}`" in readme, code
    assert listed == {c.value for c in WarningCode}
