"""Notes to editors: the paragraphs of a story written for the desk, not for readers.

:func:`take_notes` takes them out of a story's paragraphs (the segment stage calls it
between the headline and the sign-off) and returns them as ``(kind, text)`` pairs, in
story order. What it knows (docs/notes.md has an example of each):

* ``editors``: AP's ``Eds: ...`` and ``EDITOR'S NOTE _ ...`` (also ``—``, ``-``, ``:``),
  AFP's ``(ATTENTION - ADDS ...)``, a German ``Hinweis an die Redaktion: ...``;
* ``not_for_publication``: a paragraph announcing that what follows is not for
  publication (dpa's ``The following information is not for publication``, ``Nicht zur
  Veröffentlichung bestimmt``, ``Not for publication``); every paragraph after it up to
  the sign-off belongs to the block, each classed as contacts, links or the block itself;
* ``contacts``: ``Contact: ...``, ``Press contact ...``, ``Kontakt: ...``;
* ``links``: ``Links - [title](https://...)``, ``Links: ...`` or a paragraph that is only
  links, below the lead;
* ``service_line``: a short line of place and clock time above the lead (some NewsML-G2
  feeds: ``Berlin, 12.03.2024, 14:05 Uhr``);
* ``keyword``: an ANPA keyword line left in the text (``BC-Wildfire Smoke, 2nd Ld``)
  above the lead.

AP's ANPA byline with its ``=`` marks (``By JANE DOE= AP Sports Writer=``) is not a note:
:func:`split_anpa_byline` gives it back as the two lines the byline reader knows.

Pure and linear: each paragraph is looked at once, with bounded prefix tests.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from wiredesk.models import NoteKind

NoteFound = tuple[NoteKind, str]  # (kind, text)

_MAX_TOP = 4  # paragraphs above the lead looked at for notes
_MAX_SERVICE_LINE = 80
_MAX_SERVICE_PLACE_WORDS = 4
_MAX_SERVICE_TOKENS = 7  # "14 mars 2024 14h05 (CET)", "14.03.2024 10:31 Uhr"
_MAX_SERVICE_NAMED = 3  # words without digits after the place: a month, "Uhr", a zone
_MAX_KEYWORD = 120
_MAX_MARKER = 200  # a not-for-publication announcement is one short paragraph

# AP: "Eds: Moved in advance ...", "EDITOR'S NOTE _ This story ...", "Editor's Note: ..."
_EDITORS = re.compile(
    r"(?:eds?\s*:|editor['’]?s['’]?\s+note\s*(?:[_:—–-]|--)|editors['’]?\s+note\s*(?:[_:—–-]|--)"
    r"|hinweis an die redaktion\s*:|note to editors\s*:"
    r"|nota a los editores\s*:|nota para editores\s*:|note aux rédactions\s*:)"
    # AFP, in capitals only: "Attention - shoppers ..." may open a quote
    r"|(?-i:\(?ATTENTION\s*(?:[-–—:]|--))",
    re.IGNORECASE,
)
# dpa and others: the block below is for the desk only.
# The announcement is the whole paragraph: "Not for publication, the minister said, ..."
# opens no block.
_NOT_FOR_PUBLICATION = re.compile(
    r"[*#=_ -]*(?:"
    r"(?:the\s+following\s+(?:information|notes?)\s+(?:is|are)\s+)?not\s+for\s+publication"
    r"|(?:die\s+folgenden\s+informationen\s+sind\s+)?"
    r"nicht\s+zur\s+ver(?:ö|oe)ffentlichung(?:\s+bestimmt)?"
    r"|notizblock)[\s*#=_:.!-]*",
    re.IGNORECASE,
)
_CONTACTS = re.compile(
    r"(?:press\s+|media\s+)?contacts?\s*(?::|-|–)|kontakte?\s*(?::|-|–)|pressekontakt\s*:"
    r"|contacto\s*:|contact\s+presse\s*:",
    re.IGNORECASE,
)
_LINKS = re.compile(r"(?:links?|internet|weblinks?|enlaces?)\s*(?::|-|–)", re.IGNORECASE)
_MARKDOWN_LINK = re.compile(r"\[[^\[\]\n]{0,200}\]\((?:https?://|www\.)[^()\s]{1,500}\)")
_URL = re.compile(r"(?:https?://|www\.)\S{1,500}")
# "Berlin, 12.03.2024, 14:05 Uhr", "HAMBURG, 09:31", "Paris, 3 mars 2024 14h05 (CET)"
_CLOCK_AT_END = re.compile(
    r"\d{1,2}[:.h]\d{2}(?:\s*(?:Uhr|h|hrs|GMT|UTC|CET|CEST|MEZ|MESZ|ET|EST|EDT|BST))?"
    r"(?:\s*\((?:GMT|UTC|CET|CEST|MEZ|MESZ)\))?\.?$"
)
_KEYWORD = re.compile(r"(?:BC|AM|PM)-\S")


def take_top(paragraphs: Sequence[str]) -> tuple[list[NoteFound], list[str]]:
    """The notes opening ``paragraphs`` (editors' notes, keyword and service lines above
    the lead) and the paragraphs after them."""
    notes: list[NoteFound] = []
    n = 0
    while n < min(_MAX_TOP, len(paragraphs)):
        kind = _top_kind(paragraphs[n])
        if kind is None:
            break
        notes.append((kind, paragraphs[n]))
        n += 1
    return notes, list(paragraphs[n:])


def take_notes(paragraphs: Sequence[str]) -> tuple[list[NoteFound], list[str]]:
    """The notes among ``paragraphs`` (a story's paragraphs below its headline, its
    sign-off already taken off) and the paragraphs without them.

    Above the lead: editors' notes, service lines and keyword lines. Anywhere: editors'
    notes; below the lead: contact and link paragraphs. From a not-for-publication
    announcement on, every paragraph is a note (the block, its contacts and links).
    """
    notes, rest = take_top(paragraphs)
    kept: list[str] = []
    for n, paragraph in enumerate(rest):
        if _is_block_start(paragraph):
            notes.extend((_block_kind(p), p) for p in rest[n:])
            return notes, kept
        kind = _body_kind(paragraph, below_lead=bool(kept))
        if kind is not None:
            notes.append((kind, paragraph))
            continue
        kept.append(paragraph)
    return notes, kept


def _top_kind(paragraph: str) -> NoteKind | None:
    if _EDITORS.match(paragraph):
        return "editors"
    if len(paragraph) <= _MAX_KEYWORD and _KEYWORD.match(paragraph) and "  " not in paragraph:
        return "keyword" if not paragraph.endswith(".") else None
    if is_service_line(paragraph):
        return "service_line"
    return None


def _body_kind(paragraph: str, *, below_lead: bool) -> NoteKind | None:
    if _EDITORS.match(paragraph):
        return "editors"
    if not below_lead:
        return None
    if _CONTACTS.match(paragraph):
        return "contacts"
    if _LINKS.match(paragraph) and (_MARKDOWN_LINK.search(paragraph) or _URL.search(paragraph)):
        return "links"
    if _only_links(paragraph):
        return "links"
    return None


def _block_kind(paragraph: str) -> NoteKind:
    if _CONTACTS.match(paragraph):
        return "contacts"
    if _LINKS.match(paragraph) or _only_links(paragraph):
        return "links"
    return "not_for_publication"


def _is_block_start(paragraph: str) -> bool:
    return len(paragraph) <= _MAX_MARKER and _NOT_FOR_PUBLICATION.fullmatch(paragraph) is not None


def _only_links(paragraph: str) -> bool:
    """A paragraph of links alone (markdown or bare URLs, with list marks)."""
    rest = _URL.sub(" ", _MARKDOWN_LINK.sub(" ", paragraph))
    return rest != paragraph and not rest.strip(" \t*-–•,;|")


def is_service_line(paragraph: str) -> bool:
    """A short line of a place, a comma, then only a date and a clock time:
    ``Berlin, 14:05 Uhr``, ``Hamburg, 14.03.2024, 10:31 Uhr``; a sentence is none."""
    if len(paragraph) > _MAX_SERVICE_LINE or _CLOCK_AT_END.search(paragraph) is None:
        return False
    place, comma, when = paragraph.partition(",")
    words = place.split()
    if not comma or not 0 < len(words) <= _MAX_SERVICE_PLACE_WORDS:
        return False
    if not all(w[:1].isupper() and not any(c.isdigit() for c in w) for w in words):
        return False
    tokens = when.replace(",", " ").split()
    named = [t for t in tokens if not any(c.isdigit() for c in t)]
    return len(tokens) <= _MAX_SERVICE_TOKENS and len(named) <= _MAX_SERVICE_NAMED


def split_anpa_byline(paragraph: str) -> list[str] | None:
    """``By JANE DOE= AP Sports Writer=`` -> ``["By JANE DOE", "AP Sports Writer"]``;
    None when the paragraph is not an ANPA byline with ``=`` marks."""
    if not paragraph.startswith("By ") or "=" not in paragraph or len(paragraph) > 200:
        return None
    parts = [p.strip() for p in paragraph.split("=")]
    parts = [p for p in parts if p]
    if not 1 <= len(parts) <= 2:
        return None
    return parts
