"""Story lifecycle from plain-text tags: what ``UPDATE 2-``, ``(2nd LD)``, ``CORRECTED-``,
``REFILE-``, ``STORY WITHDRAWN`` or ``KILL KILL KILL`` say, merged with what a document
stated about itself (:class:`~wiredesk.models.StoryMeta`).

Reads the segment stage's ``update`` tags, the headline and the start of the body; adds
the record's ``story``. Pure: it never looks at earlier stories (ordering versions and
dropping stale ones is the edge's state, not the core's).

Tags -> fields (the notices' wording lives in :mod:`wiredesk.models`, shared with the readers):

==========================  =====================================================
``UPDATE N``                version N, ``update``
``Nth LD`` (``(2nd LD)``,   version N, ``update`` (``LEAD`` alone: ``update``)
``2nd Ld-Writethru``)
``CORRECTED``/``CORRECTION``  ``correction`` (dpa's ``BERICHTIGUNG`` too)
``REFILE``                  ``refile``
``ADVISORY``                ``advisory``
``FLASH``/``BULLETIN``/``URGENT``  urgency 1 / 2 / 3
``STORY WITHDRAWN``         ``kill`` + ``withdrawal``, status ``canceled``
``KILL KILL KILL``          ``kill``, status ``canceled``
``KILL:``, ``KILL -``       a headline opening so (AP, AFP): ``kill``, status ``canceled``
``UPDATE`` (no number)      ``update`` (AFP writes it on its own line)
``HOLD HOLD HOLD``          status ``withheld``
==========================  =====================================================

What the document states wins: its version over a tag's, its status over ``usable``;
signals are the union of both, in a fixed order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from wiredesk.models import (
    CORRECTION_WORDS,
    HOLD_NOTICE,
    KILL_NOTICE,
    SIGNAL_ORDER,
    WITHDRAWN_NOTICE,
    PubStatus,
    Signal,
    Story,
    StoryMeta,
)

_UPDATE_N = re.compile(r"^(?:UPDATE|WRAPUP) (\d{1,3})$")
_NTH_LD = re.compile(r"^(\d{1,3})(?:st|nd|rd|th) LD$", re.IGNORECASE)
_URGENCY = {"FLASH": 1, "BULLETIN": 2, "URGENT": 3, "URGENTE": 3, "EIL": 3}
# A new version in other languages: dpa's summary, EFE's and Lusa's "(Actualiza con ...)".
_UPDATE_WORDS = frozenset(
    {"ZUSAMMENFASSUNG", "ACTUALIZA", "ACTUALIZADA", "ACTUALIZADO", "ATUALIZA", "ATUALIZADA"}
)
_REFILE_WORDS = frozenset({"REFILE", "WIEDERHOLUNG"})  # dpa: a repeat
# AP and AFP open a kill's headline with the word: "KILL: Fire at Denver cafe ...", in capitals.
_KILL_HEADLINE = re.compile(r"^(?:MANDATORY )?KILL\s*[-:\u2013\u2014]")
_LOOK = 200  # characters of headline and body start where kill notices are looked for


@dataclass(frozen=True, slots=True)
class TagFacts:
    version: int | None = None
    signals: tuple[Signal, ...] = ()
    status: PubStatus = "usable"
    urgency: int | None = None


def facts_from_tags(update: str | None, headline: str, body: str) -> TagFacts:
    """What the plain-text tags of one story say about its lifecycle."""
    version: int | None = None
    signals: list[Signal] = []
    urgency: int | None = None
    status: PubStatus = "usable"
    for tag in (t.strip() for t in (update or "").split(",")):
        upper = tag.upper()
        if (match := _UPDATE_N.match(upper)) or (match := _NTH_LD.match(tag)):
            version = int(match.group(1)) or None
            signals.append("update")
        elif upper in ("LEAD", "UPDATE") or upper.split(" ", 1)[0] in _UPDATE_WORDS:
            signals.append("update")
        elif upper in CORRECTION_WORDS:
            signals.append("correction")
        elif upper in _REFILE_WORDS:
            signals.append("refile")
        elif upper == "ADVISORY":
            signals.append("advisory")
        elif upper in _URGENCY:
            urgency = _URGENCY[upper] if urgency is None else min(urgency, _URGENCY[upper])
    notice = f"{headline[:_LOOK]}\n{body[:_LOOK]}".upper()
    if WITHDRAWN_NOTICE in notice:
        signals.extend(("kill", "withdrawal"))
        status = "canceled"
    if KILL_NOTICE in notice or _KILL_HEADLINE.match(headline):
        signals.append("kill")
        status = "canceled"
    elif HOLD_NOTICE in notice and status == "usable":
        status = "withheld"
    return TagFacts(version=version, signals=tuple(signals), status=status, urgency=urgency)


def story(meta: StoryMeta, tags: TagFacts) -> Story:
    """The record's ``story``: the document's statements, completed by its tags."""
    signals = set(meta.signals) | set(tags.signals)
    status = meta.status if meta.status != "usable" else tags.status
    if status == "canceled":
        signals.add("kill")
    return Story(
        guid=meta.guid,
        version=meta.version or tags.version or 1,
        status=status,
        signals=[s for s in SIGNAL_ORDER if s in signals],
        urgency=meta.urgency if meta.urgency is not None else tags.urgency,
        embargoed_until=meta.embargoed_until,
        first_created=meta.first_created,
        version_created=meta.version_created,
        previous_version=meta.previous_version,
        provider=meta.provider,
        cancels=meta.cancels,
    )
