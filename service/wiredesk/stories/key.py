"""The story key: one value shared by every version of one story (issue 8, item 1).

Reads the record's ``story.guid``, ``story.provider``, ``agencies``, ``slugline`` and
``id``; adds nothing to the record (the stream edge puts the key in the record's
lifecycle and keys its state by it). Pure and linear in the length of the slug.

The key, first rule that applies:

1. ``guid:`` + the document's guid (NewsML-G2 ``guid``, NITF ``doc-id``), as written: an
   agency gives every version of a story the same guid. A NITF kill is a document of its
   own, with its own ``doc-id``, naming the document it cancels in
   ``management-doc-idref`` (the record's ``story.previous_version``): it gets that
   document's key, so that it kills that story.
2. ``slug:`` + provider + ``:`` + the slug's stem, when the record has a slug or keyword
   (ANPA repeats the keyword across versions, Reuters plain text its slug line, IPTC 7901
   its keyword line). The provider is the document's ``provider`` folded to kebab case,
   else the first agency code the record names, else ``unknown``. The stem is the slug
   folded (accents and case), with the version part taken off:

   * a Reuters tag glued to the front (``UPDATE 2-``, ``WRAPUP 1-``, ``CORRECTED-``,
     ``REFILE-``, ``RPT-``, ``URGENT-``, ``FLASH-``, ``BULLETIN-``);
   * AP's cycle prefix ``BC-``, ``AM-`` or ``PM-``;
   * everything after the first comma (AP writes the version and handling there:
     ``,2ndLd-Writethru``, ``,Kill``, ``,Correction``, ``,1st Add``, ``,Bjt``);
   * a version word left at the end (``2nd Ld-Writethru``, ``Writethru``, ``1st Lead``,
     ``Lead``, ``Update 3``, ``Kill``, ``Correction``, ``Refile``);
   * runs of spaces, hyphens and underscores become one hyphen; hyphens and slashes at
     either end are dropped.

   So ``BC-Denver-Cafe Fire,2ndLd-Writethru`` and ``AM-Denver-Cafe Fire`` are both
   ``slug:ap:denver-cafe-fire``. A keyword names a story only for a while (AP and Reuters
   reuse ``BC-Weather`` or ``USA-STOCKS`` every day): :func:`joins` says whether a
   record with such a key continues a story first seen at a given time
   (:data:`SLUG_WINDOW`, 48 hours from the story's first version).
3. ``id:`` + the record id (a plain story with no slug: the content hash or the Kafka
   key). Such a story has one version; republished copies of it are found by the body
   fingerprint (:mod:`wiredesk.stories.fingerprint`), not by the key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final, Literal

from wiredesk.models import EventRecord
from wiredesk.normalize.fold import fold

KeyBasis = Literal["guid", "slug", "id"]

SLUG_WINDOW: Final = timedelta(hours=48)
"""A slug or keyword key continues a story whose first version came at most this long ago."""

_MAX_SLUG = 200  # characters of a slug read (a longer line is not a keyword)
_GLUED_TAG: Final = re.compile(
    r"^(?:(?:update|wrapup)\s?\d{0,3}|corrected|correction|refile|rpt|urgent|flash|bulletin)"
    r"\s?[-:]\s*"
)
_CYCLE: Final = re.compile(r"^(?:bc|am|pm)-")
_VERSION_END: Final = re.compile(
    r"[\s,-]+(?:\d{1,3}\s?(?:st|nd|rd|th)\s?(?:ld|lead)(?:[\s-]?writethru)?|writethru|lead"
    r"|update\s?\d{0,3}|kill|correction|refile)$"
)
_SEPARATORS: Final = re.compile(r"[\s_-]+")


@dataclass(frozen=True, slots=True)
class StoryKey:
    """A story key and the rule that gave it."""

    value: str
    basis: KeyBasis


def story_key(record: EventRecord) -> StoryKey:
    """The key every version of ``record``'s story shares (rules in the module docstring)."""
    story = record.story
    if record.format == "nitf" and story.status == "canceled" and story.previous_version:
        return StoryKey(f"guid:{story.previous_version}", "guid")  # the document it cancels
    if story.guid:
        return StoryKey(f"guid:{story.guid}", "guid")
    stem = slug_stem(record.slugline) if record.slugline else None
    if stem:
        return StoryKey(f"slug:{_provider(record)}:{stem}", "slug")
    return StoryKey(f"id:{record.id}", "id")


def slug_stem(slug: str) -> str | None:
    """The slug or keyword without its version part, folded; None when nothing is left."""
    stem = fold(" ".join(slug[:_MAX_SLUG].split()))
    for _ in range(3):  # "REFILE-UPDATE 2-": at most a few tags are glued on
        stripped = _GLUED_TAG.sub("", stem)
        if stripped == stem:
            break
        stem = stripped
    stem = _CYCLE.sub("", stem).split(",", 1)[0]
    for _ in range(3):  # "Writethru" after "2nd Ld": a few version words at most
        stripped = _VERSION_END.sub("", stem)
        if stripped == stem:
            break
        stem = stripped
    stem = _SEPARATORS.sub("-", stem).strip("-/")
    return stem or None


def joins(key: StoryKey, first_seen: datetime, received_at: datetime) -> bool:
    """Whether a record with ``key``, received at ``received_at``, continues the story
    whose first version with that key was received at ``first_seen``.

    A guid or id names one story for good; a slug only within :data:`SLUG_WINDOW` of the
    story's first version (a record received earlier than it, out of order, joins too).
    """
    if key.basis != "slug":
        return True
    return received_at - first_seen <= SLUG_WINDOW


def _provider(record: EventRecord) -> str:
    if record.story.provider:
        provider = _SEPARATORS.sub("-", re.sub(r"[^a-z0-9]+", " ", fold(record.story.provider)))
        if provider.strip("-"):
            return provider.strip("-")
    if record.agencies:
        return record.agencies[0].code
    return "unknown"
