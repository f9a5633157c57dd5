"""JSON parsed safely, whatever arrives: depth bounded before ``json.loads`` runs.

An envelope is a flat object (producers may add their own fields, a few levels deep), and
a value nested thousands of levels deep would otherwise end in a ``RecursionError`` deep
inside the parser. Deeper than :data:`MAX_JSON_DEPTH` is the coded error
``json_too_deep``; anything else that is not JSON is ``invalid_json``.
"""

from __future__ import annotations

import json
import re
from typing import Any

from wiredesk.errors import ErrorCode
from wiredesk.formats.document import reader_error

MAX_JSON_DEPTH = 64

# Strings first (a bracket inside a string is text), then the brackets themselves.
# Both patterns are linear: no nested quantifiers.
_STRING_OR_BRACKET = re.compile(r'"(?:[^"\\]|\\.)*"?|[\[\]{}]', re.DOTALL)


def json_depth_exceeds(text: str, limit: int = MAX_JSON_DEPTH) -> bool:
    """True when ``text`` opens more than ``limit`` arrays/objects inside one another."""
    if text.count("[") + text.count("{") <= limit:
        return False  # the common case costs two counts
    depth = 0
    for match in _STRING_OR_BRACKET.finditer(text):
        char = match.group()
        if char in "[{":
            depth += 1
            if depth > limit:
                return True
        elif char in "]}":
            depth -= 1
    return False


def parse_json(text: str) -> Any:
    """The JSON value of ``text``; coded errors when it is too deep or not JSON."""
    if json_depth_exceeds(text):
        raise reader_error(
            ErrorCode.JSON_TOO_DEEP,
            f"the JSON value is nested more than {MAX_JSON_DEPTH} levels deep",
        )
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise reader_error(
            ErrorCode.INVALID_JSON,
            f"the value is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}",
        ) from exc
