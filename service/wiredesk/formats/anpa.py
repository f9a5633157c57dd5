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
from datetime import UTC, datetime

from wiredesk.errors import ErrorCode
from wiredesk.formats.document import (
    Document,
    Paragraphs,
    decode_8bit,
    latin1_warning,
    read_frame,
    reader_error,
    tidy,
)
from wiredesk.models import Envelope, PubStatus, RecordWarning, Signal, StoryMeta, Subject

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


def read_anpa(value: bytes, charset: str | None) -> Document:
    text, assumed = decode_8bit(value, charset, "ANPA-1312")
    frame = read_frame(text, _FRAME, ErrorCode.INVALID_ANPA, "ANPA-1312")
    warnings: list[RecordWarning] = [latin1_warning("ANPA-1312")] if assumed else []
    header = _HEADER.match(frame["header"])
    keyword = tidy(header["keyword"]) if header else ""
    priority = header["priority"] if header else None
    category = header["category"] if header else None

    headline = ""
    signals: list[Signal] = []
    gathered = Paragraphs()
    for raw_line in frame["text"].replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw_line.rstrip()
        if line.startswith("^"):
            note = tidy(line[1:].removesuffix("<"))
            if note.lower().startswith("eds:"):
                signals.append("advisory")
            elif not headline:
                headline = note
            elif note:
                gathered.add(note)  # a byline: the segment stage reads it
            continue
        if not headline and not gathered.done and (not line.strip() or _is_keyword(line, keyword)):
            continue
        gathered.line(line, starts=line.startswith("\t") or not line.strip())
    paragraphs = gathered.close()

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
    if re.search(r"\b(kill|withdrawal|elimination)\b", lowered) or "KILL" in headline:
        signals.append("kill")
        if "withdraw" in lowered:
            signals.append("withdrawal")
        status = "canceled"
    created = None
    stamp = _TRAILER_TIME.search(frame["trailer"])
    if stamp:
        month, day, year, hour, minute = (int(g) for g in stamp.groups())
        try:
            created = datetime(2000 + year, month, day, hour, minute, tzinfo=UTC)
        except ValueError:
            created = None
    subjects = []
    if category:
        subjects.append(Subject(code=f"anpa:{category}", name=CATEGORIES.get(category)))
    if not paragraphs:
        raise reader_error(ErrorCode.NO_TEXT_PART, "the ANPA-1312 stream has no story text")
    meta = StoryMeta(
        format="anpa-1312",
        version=version,
        status=status,
        signals=signals,
        urgency=URGENCY.get(priority or ""),
        version_created=created,
        subjects=subjects,
        slugline=_slug(keyword),
        warnings=warnings,
    )
    return Document(Envelope(headline=headline, body="\n\n".join(paragraphs)), meta)


def _slug(keyword: str) -> str | None:
    """``BC-Denver-Cafe Fire,2ndLd-Writethru 07-14 0431`` -> ``BC-Denver-Cafe Fire``."""
    main = re.sub(r"\s+\d\d-\d\d(?:\s+\d{1,5})?\s*$", "", keyword)
    return main.split(",", 1)[0].strip() or None


def _is_keyword(line: str, keyword: str) -> bool:
    """The keyword line repeated after STX: ``BC-``, ``AM-`` or ``PM-`` (AP's cycles)."""
    stripped = line.strip()
    return stripped[:3].upper() in _CYCLES or (bool(keyword) and stripped == keyword)
