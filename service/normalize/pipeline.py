"""``normalize(envelope, resources) -> EventRecord``: the one function that chains the stages.

The CLI's offline mode and the streaming worker both call it, so that the same story
gives the same record byte for byte. It raises only :class:`service.errors.StoryError`.

Stages, each reading and adding only what it declares:

=========  ==============================  ===========================================
stage      reads                           adds
=========  ==============================  ===========================================
text       raw story text                  clean text, boilerplate removed
segment    clean text                      slugline, update, headline, lead, sign-off,
                                           bylines
dateline   lead                            dateline parts, body (lead minus dateline)
agency     dateline credit, sign-off,      agencies
           headline, envelope source
language   envelope, headline, body        language (NER runs only in the model's)
entities   headline, body, dateline place  entities
record     all of the above                the event record
=========  ==============================  ===========================================
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from service.errors import ErrorCode, Stage, StoryError
from service.models import Byline, Envelope, EventRecord, RecordWarning, WarningCode
from service.normalize import agency, dateline, entities, language, segment, text
from service.normalize.agency import AgencyTable
from service.normalize.organisations import EMPTY_ORG_TABLE, OrgTable
from service.normalize.places import Gazetteer
from service.normalize.types import NerFunc, no_ner

DEFAULT_MAX_STORY_BYTES = 512 * 1024

StageTimer = Callable[[str, float], None]
"""Called with (stage name, seconds) after each stage; the worker feeds a histogram."""


@dataclass(frozen=True, slots=True)
class Resources:
    """Everything the pipeline needs besides the story, loaded once per process."""

    agencies: AgencyTable
    gazetteer: Gazetteer
    ner: NerFunc = no_ner
    ner_language: str = "en"  # the language the NER model was trained on
    max_story_bytes: int = DEFAULT_MAX_STORY_BYTES
    organisations: OrgTable = EMPTY_ORG_TABLE


def content_id(raw_text: str) -> str:
    """``sha256:`` + hex SHA-256 of the NFC-normalised raw text, UTF-8 encoded."""
    # text.nfc is unicodedata's NFC, exactly, without its quadratic case.
    digest = hashlib.sha256(text.nfc(raw_text).encode("utf-8"))
    return f"sha256:{digest.hexdigest()}"


def story_id(envelope: Envelope, key: str | None = None) -> str:
    """The record id: the envelope's id, else the Kafka key, else the content hash."""
    return envelope.id or key or content_id(envelope.raw_text())


def normalize(
    envelope: Envelope,
    resources: Resources,
    *,
    key: str | None = None,
    received_at: datetime | None = None,
    on_stage: StageTimer | None = None,
) -> EventRecord:
    """Turn one story into one event record.

    ``key`` is the Kafka record key (used for the id when the envelope has none);
    ``received_at`` is the fallback receive time (Kafka record timestamp, or the
    offline command's ``--received-at``) used when the envelope has none.
    """
    timed = _stage_timer(on_stage)
    raw = envelope.raw_text()
    with timed("text"):
        size = len(raw.encode("utf-8"))
        if size > resources.max_story_bytes:
            raise StoryError(
                ErrorCode.STORY_TOO_LARGE,
                f"the story is {size} bytes; the limit is {resources.max_story_bytes}",
                Stage.CLEAN,
            )
        text.reject_unusable(raw)
        clean = text.clean_text(raw)
    when = envelope.received_at or received_at
    if when is None:
        raise StoryError(
            ErrorCode.INVALID_RECEIVED_AT,
            "the story has no receive time: give 'received_at' in the envelope",
            Stage.RECORD,
        )
    with timed("segment"):
        parts = segment.segment(clean, resources.agencies)
    warnings: list[RecordWarning] = [
        RecordWarning(code=WarningCode(w.code), message=w.message) for w in parts.warnings
    ]

    with timed("dateline"):
        found, body = dateline.split_dateline(parts.lead)
        record_dateline = None
        if found is None:
            warnings.append(
                RecordWarning(
                    code=WarningCode.NO_DATELINE,
                    message="no dateline found at the start of the body",
                )
            )
        else:
            record_dateline, dateline_warnings = dateline.build_dateline(
                found, resources.gazetteer, when
            )
            warnings.extend(dateline_warnings)

    with timed("agency"):
        credits: list[tuple[str, agency.FoundIn]] = []
        if found is not None and found.credit:
            credits.append((found.credit, "dateline"))
        if parts.signoff_credit:
            credits.append((parts.signoff_credit, "signoff"))
        if envelope.source:
            credits.append((envelope.source, "envelope"))
        agencies = agency.agencies_from_credits(credits, resources.agencies)

    story_language = (
        envelope.language or language.detect_language(f"{parts.headline}\n{body}") or "en"
    )
    ner = resources.ner
    if language.primary_subtag(story_language) != language.primary_subtag(resources.ner_language):
        ner = no_ner  # a model for one language tags another's copy with junk
        warnings.append(
            RecordWarning(
                code=WarningCode.NER_SKIPPED,
                message=f"the story is in {story_language!r}; the NER model reads "
                f"{resources.ner_language!r}, so only the dateline place is given as an entity",
            )
        )

    with timed("entities"):
        place = record_dateline.place if record_dateline is not None else None
        found_entities, entity_warnings = entities.extract_entities(
            parts.headline, body, ner, resources.gazetteer, place, orgs=resources.organisations
        )
        warnings.extend(entity_warnings)

    with timed("record"):
        return EventRecord(
            id=story_id(envelope, key),
            language=story_language,
            received_at=when,
            source=envelope.source,
            headline=parts.headline,
            body=body,
            slugline=parts.slugline,
            update=parts.update,
            bylines=[Byline(role=b.role, name=b.name, place=b.place) for b in parts.bylines],
            signoff=parts.signoff,
            dateline=record_dateline,
            agencies=agencies,
            entities=found_entities,
            warnings=warnings,
        )


def _stage_timer(on_stage: StageTimer | None) -> Callable[[str], _Timing]:
    def timed(stage: str) -> _Timing:
        return _Timing(stage, on_stage)

    return timed


class _Timing:
    """Context manager that reports a stage's duration, also when the stage raises."""

    __slots__ = ("_on_stage", "_stage", "_start")

    def __init__(self, stage: str, on_stage: StageTimer | None) -> None:
        self._stage = stage
        self._on_stage = on_stage
        self._start = 0.0

    def __enter__(self) -> None:
        self._start = time.perf_counter()

    def __exit__(self, *exc: object) -> None:
        if self._on_stage is not None:
            self._on_stage(self._stage, time.perf_counter() - self._start)
