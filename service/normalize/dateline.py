"""Datelines: find the dateline that opens the lead, split it into place, date and credit,
resolve the place through the gazetteer and the date against the receive time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from service.models import Dateline, RecordWarning
from service.normalize.places import Gazetteer


@dataclass(frozen=True, slots=True)
class DatelineParts:
    text: str  # the dateline as written, separator included, e.g. "Tokyo, Oct 6 (efe-epa).-"
    place_text: str | None  # "Tokyo"; None when the dateline has no place ("Jan 30 (Reuters) -")
    region_text: str | None  # "Ore.", "Italy", "United Arab Emirates"
    month: int | None
    day: int | None
    year: int | None
    credit: str | None  # "efe-epa", "Reuters", "AP", "Canadian Press - ... (AP)" parts


def split_dateline(lead: str) -> tuple[DatelineParts | None, str]:
    """Return the dateline found at the start of ``lead`` (or None) and the body after it."""
    raise NotImplementedError


def build_dateline(
    parts: DatelineParts, gazetteer: Gazetteer, received_at: datetime
) -> tuple[Dateline, list[RecordWarning]]:
    raise NotImplementedError
