"""IPTC 7901 (dpa's older wire): ``SOH`` + header line (source and number such as
``eca062``, priority digit, category of 1-3 letters, word count), a keyword line ending
``/``; ``STX``; optional instruction lines (``1ST LEAD``, ``KILL KILL KILL``,
``HOLD HOLD HOLD``, ``CORRECTION``); the headline, ending `` =``; paragraphs (a blank or
indented line starts one); ``ETX``; the time ``DDhhmm GMT Mon YY`` (before or after
``ETX``); ``EOT``.

Choices: no guid (the record id stays the content hash); ``Nth LEAD`` is version N with
``update``; a line opening with ``KILL KILL KILL`` is ``kill`` and status ``canceled``,
one opening with ``HOLD HOLD HOLD`` status ``withheld``, a correction word
(``CORRECTION``, ``BERICHTIGUNG``) ``correction`` (the words are
:mod:`wiredesk.models`' notices, which the lifecycle stage reads too); urgency is the
priority digit; the category is a subject ``iptc7901:xx``; the time is
``version_created``; bytes are decoded as for ANPA-1312.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
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
    CORRECTION_WORDS,
    HOLD_NOTICE,
    KILL_NOTICE,
    Envelope,
    PubStatus,
    RecordWarning,
    Signal,
    StoryMeta,
    Subject,
)

NAME: Final = "iptc-7901"
MEDIA_TYPE: Final = "text/vnd.iptc.7901"
TITLE = "IPTC 7901"  # in messages

_START = re.compile(rb"\x01\s*[a-z]{2,4}\d{3,4}\s")  # SOH and a header such as ``eca062 ``
_FRAME = re.compile(r"\x01(?P<header>[^\x02]*)\x02(?P<text>[^\x03]*)\x03(?P<trailer>[^\x04]*)")
_HEADER = re.compile(
    r"^\s*(?P<source>[a-z]{2,4})(?P<number>\d{3,4})\s+(?P<priority>\d)\s+"
    r"(?P<category>[a-z]{1,3})\s+(?P<words>\d+)"
)
_LEAD = re.compile(r"^(\d+)\s?(?:ST|ND|RD|TH)\s+LEAD$")
_TIME = re.compile(r"\b(\d\d)(\d\d)(\d\d) GMT ([A-Z][a-z]{2}) (\d\d)\b")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
CATEGORIES = {"pl": "Politics", "wi": "Economy", "vm": "Miscellaneous", "ku": "Culture",
              "sp": "Sport", "wt": "Science and technology"}  # fmt: skip


class Iptc7901Reader:
    """``SOH`` and a 7901 header line start an IPTC 7901 stream."""

    name: Final = NAME
    media_types: Final = (MEDIA_TYPE,)
    xml_roots: Final = frozenset[str]()

    def recognise(self, sample: Sample) -> bool:
        return _START.match(sample.head) is not None

    def decisive(self, sample: Sample) -> bool:
        return self.recognise(sample)  # SOH and a 7901 header open no other format

    def read(self, sample: Sample) -> Document:
        return read_iptc7901(sample.value, sample.charset)


READER = Iptc7901Reader()


@dataclass(slots=True)
class _Top:
    """What the lines before the body say: instructions and the headline."""

    version: int | None = None
    signals: list[Signal] = field(default_factory=list)
    status: PubStatus = "usable"
    headline_parts: list[str] = field(default_factory=list)
    body_start: int = 0  # index of the first body line


def read_iptc7901(value: bytes, charset: str | None) -> Document:
    text, assumed = decode_8bit(value, charset, TITLE)
    frame = read_frame(text, _FRAME, ErrorCode.INVALID_IPTC7901, TITLE)
    lines = frame["text"].replace("\r\n", "\n").replace("\r", "\n").split("\n")
    top = _top(lines)
    paragraphs, stamp = _body(lines[top.body_start :])
    if stamp is None:
        stamp = _TIME.search(frame["trailer"])
    if not paragraphs and top.status != "canceled":
        raise reader_error(ErrorCode.NO_TEXT_PART, "the IPTC 7901 stream has no story text")
    subjects, urgency = _header(frame["header"])
    warnings: list[RecordWarning] = [latin1_warning(TITLE)] if assumed else []
    meta = StoryMeta(
        format=NAME,
        version=top.version,
        status=top.status,
        signals=top.signals,
        urgency=urgency,
        version_created=_time(stamp) if stamp else None,
        subjects=subjects,
        slugline=_keyword(frame["header"]),
        warnings=warnings,
    )
    headline = " ".join(top.headline_parts)
    return Document(Envelope(headline=headline, body="\n\n".join(paragraphs)), meta)


def _top(lines: list[str]) -> _Top:
    """Instruction lines (``1ST LEAD``, the kill, hold and correction notices) and the
    headline, up to the line ending `` =``; blank lines between them are skipped."""
    top = _Top()
    while top.body_start < len(lines):
        line = tidy(lines[top.body_start])
        top.body_start += 1
        if not line:
            continue
        upper = line.upper()
        lead = _LEAD.match(upper)
        if lead:
            top.version = int(lead.group(1)) or None
            top.signals.append("update")
        elif upper.startswith(KILL_NOTICE):
            top.signals.append("kill")
            top.status = "canceled"
        elif upper.startswith(HOLD_NOTICE):
            top.status = "withheld"
        elif upper in CORRECTION_WORDS:
            top.signals.append("correction")
        else:
            top.headline_parts.append(line.removesuffix("=").strip())
            if line.endswith("="):
                break
    return top


def _body(lines: list[str]) -> tuple[list[str], re.Match[str] | None]:
    """Paragraphs (a blank or indented line starts one) and the last time stamp in them."""
    gathered = Paragraphs()
    stamp = None
    for raw_line in lines:
        found = _TIME.search(raw_line)
        if found:
            stamp = found  # kept in the body too: the sign-off stage reads dpa's stamp
        gathered.line(raw_line, starts=not raw_line.strip() or raw_line[:1].isspace())
    return gathered.close(), stamp


def _keyword(header: str) -> str | None:
    """The keyword line, the header line that ends with ``/``."""
    header_lines = [tidy(line) for line in header.splitlines() if tidy(line)]
    return next((line for line in header_lines if line.endswith("/")), None)


def _header(header: str) -> tuple[list[Subject], int | None]:
    """The category as a subject, and the priority digit as urgency."""
    found = _HEADER.match(header)
    if not found:
        return [], None
    category = found["category"]
    digit = int(found["priority"])
    subject = Subject(code=f"iptc7901:{category}", name=CATEGORIES.get(category))
    return [subject], digit if 1 <= digit <= 9 else None


def _time(match: re.Match[str]) -> datetime | None:
    day, hour, minute = int(match.group(1)), int(match.group(2)), int(match.group(3))
    if match.group(4) not in _MONTHS:
        return None
    month = _MONTHS.index(match.group(4)) + 1
    try:
        return datetime(2000 + int(match.group(5)), month, day, hour, minute, tzinfo=UTC)
    except ValueError:
        return None
