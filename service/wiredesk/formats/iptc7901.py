"""IPTC 7901 (dpa's older wire): ``SOH`` + header line (source and number such as
``eca062``, priority digit, category of 1-3 letters, word count), a keyword line ending
``/``; ``STX``; optional instruction lines (``1ST LEAD``, ``KILL KILL KILL``,
``HOLD HOLD HOLD``, ``CORRECTION``); the headline, ending `` =``; paragraphs (a blank or
indented line starts one); ``ETX``; the time ``DDhhmm GMT Mon YY`` (before or after
``ETX``); ``EOT``.

Choices: no guid (the record id stays the content hash); ``Nth LEAD`` is version N with
``update``; ``KILL KILL KILL`` is ``kill`` and status ``canceled``, ``HOLD HOLD HOLD``
status ``withheld``; urgency is the priority digit; the category is a subject
``iptc7901:xx``; the time is ``version_created``; bytes are decoded as for ANPA-1312.
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


def read_iptc7901(value: bytes, charset: str | None) -> Document:
    text, assumed = decode_8bit(value, charset, "IPTC 7901")
    frame = read_frame(text, _FRAME, ErrorCode.INVALID_IPTC7901, "IPTC 7901")
    warnings: list[RecordWarning] = [latin1_warning("IPTC 7901")] if assumed else []
    header = _HEADER.match(frame["header"])
    header_lines = [tidy(line) for line in frame["header"].splitlines() if tidy(line)]
    keyword = next((line for line in header_lines if line.endswith("/")), None)

    lines = frame["text"].replace("\r\n", "\n").replace("\r", "\n").split("\n")
    signals: list[Signal] = []
    status: PubStatus = "usable"
    version = None
    headline_parts: list[str] = []
    index = 0
    while index < len(lines):
        line = tidy(lines[index])
        index += 1
        if not line:
            continue
        upper = line.upper()
        lead = _LEAD.match(upper)
        if lead:
            version = int(lead.group(1)) or None
            signals.append("update")
        elif upper.startswith("KILL KILL"):
            signals.append("kill")
            status = "canceled"
        elif upper.startswith("HOLD HOLD"):
            status = "withheld"
        elif upper in {"CORRECTION", "CORRECTED", "BERICHTIGUNG"}:
            signals.append("correction")
        else:
            headline_parts.append(line.removesuffix("=").strip())
            if line.endswith("="):
                break
    headline = " ".join(headline_parts)

    gathered = Paragraphs()
    stamp = None
    for raw_line in lines[index:]:
        found = _TIME.search(raw_line)
        if found:
            stamp = found  # kept in the body too: the sign-off stage reads dpa's stamp
        gathered.line(raw_line, starts=not raw_line.strip() or raw_line[:1].isspace())
    paragraphs = gathered.close()
    if stamp is None:
        stamp = _TIME.search(frame["trailer"])
    created = _time(stamp) if stamp else None
    if not paragraphs and status != "canceled":
        raise reader_error(ErrorCode.NO_TEXT_PART, "the IPTC 7901 stream has no story text")

    subjects = []
    urgency = None
    if header:
        category = header["category"]
        subjects.append(Subject(code=f"iptc7901:{category}", name=CATEGORIES.get(category)))
        digit = int(header["priority"])
        urgency = digit if 1 <= digit <= 9 else None
    meta = StoryMeta(
        format="iptc-7901",
        version=version,
        status=status,
        signals=signals,
        urgency=urgency,
        version_created=created,
        subjects=subjects,
        slugline=keyword,
        warnings=warnings,
    )
    return Document(Envelope(headline=headline, body="\n\n".join(paragraphs)), meta)


def _time(match: re.Match[str]) -> datetime | None:
    day, hour, minute = int(match.group(1)), int(match.group(2)), int(match.group(3))
    if match.group(4) not in _MONTHS:
        return None
    month = _MONTHS.index(match.group(4)) + 1
    try:
        return datetime(2000 + int(match.group(5)), month, day, hour, minute, tzinfo=UTC)
    except ValueError:
        return None
