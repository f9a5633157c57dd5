"""Text folding: the one way every stage compares names without case or accents.

This module owns accent folding (``São Paulo`` -> ``sao paulo``, ``Nyhetsbyrån`` ->
``nyhetsbyran``, ``Łódź`` -> ``lodz``): NFKD decomposition with the combining marks
dropped, plus the Latin letters Unicode does not decompose into a base letter and a mark
(``ı``, ``ø``, ``đ``, ``ł``, ``æ``). The gazetteer, the agency table, the dateline parser and
the entities stage all fold with it, so a name that meets in one stage meets in all.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

# Letters that Unicode does not decompose into a base letter and a mark.
_LATIN_LETTERS: Final = str.maketrans(
    {"ı": "i", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "æ": "ae", "Æ": "Ae"}
)


# Runs of characters outside ASCII: only they can change. NFKD decomposes character by
# character and reorders only adjacent combining marks (never ASCII), so folding each run
# on its own gives what folding the whole text gives, without a Python step per ASCII
# character of a long body with a few curly quotes (the story keeper folds every body).
_NOT_ASCII: Final = re.compile(r"[^\x00-\x7f]+")


def _strip_run(run: re.Match[str]) -> str:
    decomposed = unicodedata.normalize("NFKD", run.group().translate(_LATIN_LETTERS))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def strip_accents(text: str) -> str:
    """``text`` without accents, case kept: ``Córdoba`` -> ``Cordoba``, ``Tromsø`` -> ``Tromso``."""
    if text.isascii():
        return text
    return _NOT_ASCII.sub(_strip_run, text)


def fold(text: str) -> str:
    """``text`` without accents and case: the form names are compared in."""
    if text.isascii():
        return text.lower()
    return strip_accents(text).casefold()
