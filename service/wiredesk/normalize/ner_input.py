"""Keep the NER model's input sane: bounded time per story, whatever the text.

spaCy's tokenizer splits a whitespace-delimited chunk by peeling prefixes, suffixes and
infixes off it one at a time, re-searching the rest each time: quadratic in the chunk's
length. One chunk of 10,000 ``[`` took 11 s in the NER call, 10,000 ``$`` 23 s; a 100 kB
story of ``[`` more than ten minutes. Such chunks are never entities.

:func:`sanitise` blanks them before the model sees the text, replacing each character by
a space, so the text keeps its length and every offset the model returns indexes the
original text (the entities stage takes each mention's surface from the original):

- a run of more than :data:`MAX_SYMBOL_RUN` characters that are neither letters, digits,
  ``_`` nor whitespace (``[[[[``, ``$$$$``, ``-----+-----``, 100,000 combining marks);
- a chunk of non-whitespace longer than :data:`MAX_CHUNK_CHARS` (one 500 kB token, a long
  URL, a base64 blob; no name is written as one chunk that long).

What is left is text of chunks of bounded length, for which the tokenizer and the model
take time linear in the text's length. Both patterns are anchored at the start of their
run, so the sanitiser itself is linear too.
"""

from __future__ import annotations

import re

MAX_SYMBOL_RUN = 8
"""Longer runs of punctuation, symbols and marks are blanked (``...``, ``--``, ``?!`` stay)."""

MAX_CHUNK_CHARS = 100
"""Longer chunks of non-whitespace are blanked."""

_SYMBOL_RUN = re.compile(rf"(?<![^\w\s])[^\w\s]{{{MAX_SYMBOL_RUN + 1},}}")
_LONG_CHUNK = re.compile(rf"(?<!\S)\S{{{MAX_CHUNK_CHARS + 1},}}")


def _blank(match: re.Match[str]) -> str:
    return " " * (match.end() - match.start())


def sanitise(text: str) -> str:
    """``text`` with pathological runs replaced by as many spaces; same length, same
    characters everywhere else."""
    text = _LONG_CHUNK.sub(_blank, text)
    return _SYMBOL_RUN.sub(_blank, text)
