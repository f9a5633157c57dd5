"""Segmentation: slug and update tags, headline, lead (dateline + body), sign-off, bylines."""

from __future__ import annotations

from dataclasses import dataclass, field

from service.normalize.agency import AgencyTable


@dataclass(frozen=True, slots=True)
class BylineParts:
    role: str  # "reporting", "writing", "editing", "additional-reporting", "compiled", ...
    name: str
    place: str | None = None


@dataclass(frozen=True, slots=True)
class SegmentWarning:
    code: str
    message: str


@dataclass(frozen=True, slots=True)
class Segments:
    headline: str
    lead: str  # everything between the headline and the sign-off: dateline + body paragraphs
    slugline: str | None = None  # e.g. "BC-BAHIA-COCOA-REVIEW"
    update: str | None = None  # e.g. "UPDATE 2", "LEAD", "2nd LD", "CORRECTED", "URGENT"
    signoff: str | None = None  # the sign-off as written, e.g. "EFE-EPA", "Reuter", "dpa xy zz"
    signoff_credit: str | None = None  # the agency part of the sign-off, e.g. "EFE-EPA"
    bylines: tuple[BylineParts, ...] = ()
    warnings: tuple[SegmentWarning, ...] = field(default=())


def segment(text: str, agencies: AgencyTable) -> Segments:
    raise NotImplementedError
