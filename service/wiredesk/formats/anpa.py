"""ANPA-1312 (AP's older wire), a byte stream with control characters:

``SYN SYN SOH`` + service letter + 4-digit sequence + ``US`` + selector, line break;
priority letter, category letter, two format bytes (``DC3 DC1`` text, ``DC4 DC2``
table) and the keyword line ``BC-`` + slug + version (``2ndLd-Writethru``) + ``MM-DD`` +
word count; ``STX``; the keyword again; ``^`` lines (headline, ``Eds:`` note, byline),
ending ``<``; paragraphs each starting with a TAB; ``ETX`` + trailer
``AP-WF-07-14-13 1509GMT``; ``EOT``.

Choices (the format has no ids, statuses or zones):
* no guid: the record id stays the content hash;
* version: ``Nth Ld`` gives N (``2ndLd-Writethru`` is version 2) and ``update``; a
  keyword naming ``Correction`` gives ``correction``, ``Kill``/``Withdrawal`` gives
  ``kill`` (and ``withdrawal``) with status ``canceled``; an ``Eds:`` note is an advisory;
* urgency from the priority letter: f(lash) 1, b(ulletin) 2, u(rgent) 3, r(egular) 5,
  d(eferred) 6, a(dvance) 7; the category letter is a subject ``anpa:X``;
* the trailer's time is ``version_created`` (GMT);
* bytes: the ``charset`` of the content type when given (strictly), else UTF-8 if the
  bytes are UTF-8, else ISO-8859-1 (with an ``encoding_assumed`` warning).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Final

from wiredesk.errors import ErrorCode
from wiredesk.formats.base import Sample
from wiredesk.formats.document import (
    Document,
    Paragraphs,
    decode_8bit,
    latin1_warning,
    read_frame,
    reader_error,
    tidy,
)
from wiredesk.models import (
    Envelope,
    Note,
    PubStatus,
    RecordWarning,
    Signal,
    StoryMeta,
    Subject,
)

NAME: Final = "anpa-1312"
MEDIA_TYPE: Final = "text/vnd.iptc.anpa"
TITLE = "ANPA-1312"  # in messages

_FRAME = re.compile(r"\x16+\x01(?P<header>[^\x02]*)\x02(?P<text>[^\x03]*)\x03(?P<trailer>[^\x04]*)")
_HEADER = re.compile(
    r"^(?P<service>[a-z])(?P<sequence>\d{4})\x1f(?P<selector>[^\r\n]*)[\r\n]+"
    r"(?P<priority>[a-z])\s?(?P<category>[a-z])\s?[\x11-\x14]{0,2}\s*(?P<keyword>[^\r\n]*)"
)
_LEAD = re.compile(r"(\d+)\s?(?:st|nd|rd|th)\s?Ld", re.IGNORECASE)
_TRAILER_TIME = re.compile(r"(\d\d)-(\d\d)-(\d\d)\s+(\d\d)(\d\d)\s*GMT")
_CYCLES = frozenset({"BC-", "AM-", "PM-"})
URGENCY = {"f": 1, "b": 2, "u": 3, "r": 5, "d": 6, "a": 7}
CATEGORIES = {
    "a": "Domestic news", "b": "Special events", "e": "Entertainment", "f": "Financial",
    "i": "International", "k": "Commentary", "l": "Lifestyle", "n": "State and regional",
    "p": "National politics", "q": "Sports results", "s": "Sports", "t": "Travel",
    "v": "Advisories", "w": "Washington",
}  # fmt: skip


class AnpaReader:
    """``SYN SYN SOH`` starts an ANPA-1312 stream."""

    name: Final = NAME
    media_types: Final = (MEDIA_TYPE,)
    xml_roots: Final = frozenset[str]()

    def recognise(self, sample: Sample) -> bool:
        return sample.head.startswith(b"\x16\x16\x01")

    def decisive(self, sample: Sample) -> bool:
        return self.recognise(sample)  # SYN SYN SOH opens no other format

    def read(self, sample: Sample) -> Document:
        return read_anpa(sample.value, sample.charset)


READER = AnpaReader()


@dataclass(frozen=True, slots=True)
class _Header:
    """The header line before ``STX``: priority and category letters, and the keyword."""

    keyword: str = ""
    priority: str | None = None
    category: str | None = None


@dataclass(frozen=True, slots=True)
class _Text:
    """The story text between ``STX`` and ``ETX``, its ``^`` lines taken out."""

    headline: str
    paragraphs: list[str]
    advisories: list[str]  # ``Eds:`` notes, as written


def read_anpa(value: bytes, charset: str | None) -> Document:
    text, assumed = decode_8bit(value, charset, TITLE)
    frame = read_frame(text, _FRAME, ErrorCode.INVALID_ANPA, TITLE)
    header = _header(frame["header"])
    story = _text(frame["text"], header.keyword)
    version, signals, status = _lifecycle(header.keyword, story)
    if not story.paragraphs:
        raise reader_error(ErrorCode.NO_TEXT_PART, "the ANPA-1312 stream has no story text")
    warnings: list[RecordWarning] = [latin1_warning(TITLE)] if assumed else []
    meta = StoryMeta(
        format=NAME,
        version=version,
        status=status,
        signals=signals,
        urgency=URGENCY.get(header.priority or ""),
        version_created=_trailer_time(frame["trailer"]),
        subjects=_subjects(header.category),
        slugline=_slug(header.keyword),
        warnings=warnings,
        notes=[Note(kind="editors", text=note) for note in story.advisories],
    )
    return Document(Envelope(headline=story.headline, body="\n\n".join(story.paragraphs)), meta)


def _header(text: str) -> _Header:
    found = _HEADER.match(text)
    if found is None:
        return _Header()
    return _Header(tidy(found["keyword"]), found["priority"], found["category"])


def _text(text: str, keyword: str) -> _Text:
    """Headline (the first ``^`` line), ``Eds:`` notes, bylines (later ``^`` lines, kept
    as paragraphs for the segment stage) and the paragraphs, each opened by a TAB or a
    blank line; the keyword repeated after ``STX`` is skipped."""
    headline = ""
    advisories: list[str] = []
    gathered = Paragraphs()
    for raw_line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw_line.rstrip()
        if line.startswith("^"):
            note = tidy(line[1:].removesuffix("<"))
            if note.lower().startswith("eds:"):
                advisories.append(note)
            elif not headline:
                headline = note
            elif note:
                gathered.add(note)  # a byline: the segment stage reads it
            continue
        if not headline and not gathered.done and (not line.strip() or _is_keyword(line, keyword)):
            continue
        gathered.line(line, starts=line.startswith("\t") or not line.strip())
    return _Text(headline, gathered.close(), advisories)


def _lifecycle(keyword: str, story: _Text) -> tuple[int | None, list[Signal], PubStatus]:
    """Version, signals and status from the keyword (``2ndLd-Writethru``, ``Correction``,
    ``Kill``) and a ``KILL`` headline; an ``Eds:`` note is an advisory."""
    signals: list[Signal] = ["advisory"] * len(story.advisories)
    version = None
    lead = _LEAD.search(keyword)
    if lead:
        version = int(lead.group(1)) or None
        signals.insert(0, "update")
    elif "writethru" in keyword.lower():
        signals.insert(0, "update")
    lowered = keyword.lower()
    status: PubStatus = "usable"
    if "correction" in lowered or "corrects" in lowered:
        signals.append("correction")
    if re.search(r"\b(kill|withdrawal|elimination)\b", lowered) or "KILL" in story.headline:
        signals.append("kill")
        if "withdraw" in lowered:
            signals.append("withdrawal")
        status = "canceled"
    return version, signals, status


def _trailer_time(trailer: str) -> datetime | None:
    """``AP-WF-07-14-13 1509GMT`` -> 2013-07-14 15:09 UTC."""
    stamp = _TRAILER_TIME.search(trailer)
    if not stamp:
        return None
    month, day, year, hour, minute = (int(g) for g in stamp.groups())
    try:
        return datetime(2000 + year, month, day, hour, minute, tzinfo=UTC)
    except ValueError:
        return None


def _subjects(category: str | None) -> list[Subject]:
    if not category:
        return []
    return [Subject(code=f"anpa:{category}", name=CATEGORIES.get(category))]


def _slug(keyword: str) -> str | None:
    """``BC-Denver-Cafe Fire,2ndLd-Writethru 07-14 0431`` -> ``BC-Denver-Cafe Fire``."""
    main = re.sub(r"\s+\d\d-\d\d(?:\s+\d{1,5})?\s*$", "", keyword)
    return main.split(",", 1)[0].strip() or None


def _is_keyword(line: str, keyword: str) -> bool:
    """The keyword line repeated after STX: ``BC-``, ``AM-`` or ``PM-`` (AP's cycles)."""
    stripped = line.strip()
    return stripped[:3].upper() in _CYCLES or (bool(keyword) and stripped == keyword)
