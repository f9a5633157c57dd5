"""The plain-text reader: the value is the raw story (headline, blank line, body).

It recognises anything, so it is registered last: what no other reader claims is text.
"""

from __future__ import annotations

from typing import Final

from wiredesk.formats.base import Sample
from wiredesk.formats.document import Document
from wiredesk.models import Envelope, StoryMeta

NAME: Final = "text"
MEDIA_TYPE: Final = "text/plain"


def read_text(text: str) -> Document:
    return Document(Envelope(text=text), StoryMeta(format=NAME))


class TextReader:
    name: Final = NAME
    media_types: Final = (MEDIA_TYPE,)
    xml_roots: Final = frozenset[str]()

    def recognise(self, sample: Sample) -> bool:
        return True

    def decisive(self, sample: Sample) -> bool:
        return False  # any bytes may be plain text, so none prove it

    def read(self, sample: Sample) -> Document:
        return read_text(sample.text())


READER = TextReader()
