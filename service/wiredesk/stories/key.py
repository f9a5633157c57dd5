"""The story key: one value shared by every version of one story (issue 8, item 1).

Reads the record's ``story.guid``, ``story.cancels``, ``story.provider``, ``agencies``,
``slugline``, ``headline``, ``dateline``, ``id`` and, in the worker, the input record's
Kafka key; adds nothing to the record (the stream edge puts the key in the record's
lifecycle and keys its state by it). Pure and linear in the length of slug and headline.

A record names its story in several ways at once, its *hints* (:func:`hints`), strongest
first; the first is its :func:`story_key`, the key a story it starts is kept under:

1. ``guid:`` + the document's guid (NewsML-G2 ``guid``, NITF ``doc-id``), as written: an
   agency gives every version of a story the same guid. A NITF kill is a document of its
   own, with its own ``doc-id``, naming the document it cancels in
   ``management-doc-idref`` (the record's ``story.cancels``): it gets that document's key,
   so that it kills that story. A record with a guid has no other hint but its id: two
   documents with different guids are two stories, whatever their key or headline.
2. ``key:`` + the input record's Kafka key: a producer keys a story's versions alike (the
   key is a story identity, not a record identity).
3. ``slug:`` + provider + ``:`` + the slug's stem, when the record has a slug or keyword
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
   ``slug:ap:denver-cafe-fire``.
4. ``head:`` + provider + ``:`` + the headline's stem, for a record with neither guid nor
   slug: the headline folded, without the agencies' version tags (:func:`headline_stem`:
   Reuters ``UPDATE 2-``, ``CORRECTED-``, ``REFILE-``, ``WRAPUP 1-``, ``STORY
   WITHDRAWN-``, ``EXCLUSIVE-``, ``BREAKINGVIEWS-``; AFP's ``LEAD``, ``2ND LEAD``,
   ``CORRECTION``, ``KILL:``; AP's ``(1st Ld-Writethru)``, ``CORRECTED``, ``KILL:``),
   words joined by hyphens, three words at least, and ``@`` + the dateline place when the
   record has one; then the same without the place (which finds the story whatever its
   place: the story book checks that the places do not differ). A withdrawal also names
   the headlines it quotes (``The story headlined "..." is withdrawn``).
5. ``id:`` + the record id: every record names itself (a replay finds its story by it).

A keyword or headline names a story only for a while (AP and Reuters reuse
``BC-Weather`` or ``USA-STOCKS`` every day): :func:`joins` says whether a record with
such a hint continues a story first seen at a given time (:data:`SLUG_WINDOW`, 48 hours
from the story's first version); a kill joins whenever it comes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final, Literal

from wiredesk.models import EventRecord
from wiredesk.normalize.fold import fold

KeyBasis = Literal["guid", "key", "slug", "head", "id"]

SLUG_WINDOW: Final = timedelta(hours=48)
"""A slug or headline continues a story whose first version came at most this long ago."""
MIN_HEADLINE_WORDS: Final = 3  # a shorter headline stem ("Weather", "Stocks rise") names no story
WILDCARD: Final = "*"  # the provider of ``head:*:<stem>``: a headline whatever its provider

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
_MAX_KEY = 512  # characters of a Kafka key kept in a story key
_MAX_HEADLINE = 300  # characters of a headline read for its stem
# The agencies' version tags at the front of a headline, folded: Reuters glues them with a
# hyphen ("UPDATE 2-", "STORY WITHDRAWN-"), AFP and AP write them before a colon or dash,
# in parentheses or on their own line (which the segment stage already took off).
_VERSION_WORDS: Final = (
    r"(?:(?:update|wrapup)\s?\d{0,3}|corrected|correction|corrects|refile|rpt|repeat"
    r"|story\s+withdrawn|withdrawn|withdrawal|exclusive|breakingviews|urgent|flash|bulletin"
    r"|alert|advisory|(?:mandatory\s+)?kill|elimination"
    r"|(?:\d{1,3}\s?(?:st|nd|rd|th)\s?)?(?:ld|lead)(?:[\s-]?writethru)?|writethru)"
)
_HEAD_TAG: Final = re.compile(rf"^{_VERSION_WORDS}\s*[-:\u2013\u2014]+\s*")
_HEAD_PAREN_TAG: Final = re.compile(rf"^\({_VERSION_WORDS}\)\s*")
_HEAD_TAIL_TAG: Final = re.compile(rf"\s*\({_VERSION_WORDS}\)$")
_WORDS: Final = re.compile(r"\w+")
_QUOTE_MARKS = '"\u201c\u201d\u00ab\u00bb'
_QUOTED: Final = re.compile(rf"[{_QUOTE_MARKS}']([^{_QUOTE_MARKS}]{{10,300}})[{_QUOTE_MARKS}']")
_KILL_LOOK = 600  # characters of a kill's body where quoted headlines are looked for


@dataclass(frozen=True, slots=True)
class StoryKey:
    """A story key and the rule that gave it."""

    value: str
    basis: KeyBasis


def story_key(record: EventRecord, kafka_key: str | None = None) -> StoryKey:
    """The key a story that ``record`` starts is kept under: its first hint."""
    return hints(record, kafka_key)[0]


def hints(record: EventRecord, kafka_key: str | None = None) -> list[StoryKey]:
    """Every way ``record`` names its story, strongest first (rules in the module
    docstring); the last is always its own ``id:``."""
    story = record.story
    found: list[StoryKey] = []
    guid = story.cancels if story.status == "canceled" and story.cancels else story.guid
    if guid:  # the agency's own identity: nothing else links a record that has one
        return [StoryKey(f"guid:{guid}", "guid"), StoryKey(f"id:{record.id}", "id")]
    if kafka_key:
        found.append(StoryKey(f"key:{kafka_key[:_MAX_KEY]}", "key"))
    stem = slug_stem(record.slugline) if record.slugline else None
    if stem:
        found.append(StoryKey(f"slug:{provider(record)}:{stem}", "slug"))
    if not stem:
        heads = [headline_stem(record.headline)]
        if story.status == "canceled":
            heads.extend(headline_stem(q) for q in _QUOTED.findall(record.body[:_KILL_LOOK]))
        where = place(record)
        for head in dict.fromkeys(h for h in heads if h):
            if where:  # one headline from two places is two stories
                found.append(StoryKey(f"head:{provider(record)}:{head}@{where}", "head"))
            found.append(StoryKey(f"head:{provider(record)}:{head}", "head"))
    found.append(StoryKey(f"id:{record.id}", "id"))
    return found


def headline_stem(headline: str) -> str | None:
    """The headline folded, without the agencies' version tags, its words joined by
    hyphens; None when fewer than :data:`MIN_HEADLINE_WORDS` words are left."""
    stem = fold(" ".join(headline[:_MAX_HEADLINE].split()))
    for _ in range(4):  # "CORRECTED-UPDATE 1-EXCLUSIVE-": a few tags at most
        stripped = _HEAD_TAG.sub("", _HEAD_PAREN_TAG.sub("", stem, count=1), count=1)
        stripped = _HEAD_TAIL_TAG.sub("", stripped)
        if stripped == stem:
            break
        stem = stripped
    words = _WORDS.findall(stem)
    return "-".join(words) if len(words) >= MIN_HEADLINE_WORDS else None


def place(record: EventRecord) -> str | None:
    """The dateline place, folded, when the record has one (a headline hint's check)."""
    found = record.dateline.place if record.dateline is not None else None
    return fold(found.name) if found is not None else None


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


def joins(
    key: StoryKey, first_seen: datetime, received_at: datetime, *, kill: bool = False
) -> bool:
    """Whether a record with ``key``, received at ``received_at``, continues the story
    whose first version with that key was received at ``first_seen``.

    A guid, a Kafka key or a record id names one story for good; a slug or a headline only
    within :data:`SLUG_WINDOW` of the story's first version (a record received earlier
    than it, out of order, joins too). A kill joins whenever it comes: a withdrawal must
    reach the story it names.
    """
    if kill or key.basis not in ("slug", "head"):
        return True
    return received_at - first_seen <= SLUG_WINDOW


def provider(record: EventRecord) -> str:
    """The record's provider in kebab case: the document's, else the first agency the
    record names, else ``unknown``."""
    if record.story.provider:
        provider = _SEPARATORS.sub("-", re.sub(r"[^a-z0-9]+", " ", fold(record.story.provider)))
        if provider.strip("-"):
            return provider.strip("-")
    if record.agencies:
        return record.agencies[0].code
    return "unknown"
