"""The plain-text reader: the value is the raw story (headline, blank line, body)."""

from __future__ import annotations

from service.formats.document import Document
from service.models import Envelope, StoryMeta


def read_text(text: str) -> Document:
    return Document(Envelope(text=text), StoryMeta(format="text"))
