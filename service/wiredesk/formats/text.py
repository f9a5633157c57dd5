"""The plain-text reader: the value is the raw story (headline, blank line, body)."""

from __future__ import annotations

from wiredesk.formats.document import Document
from wiredesk.models import Envelope, StoryMeta


def read_text(text: str) -> Document:
    return Document(Envelope(text=text), StoryMeta(format="text"))
