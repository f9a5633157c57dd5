"""``normalize(envelope, resources) -> EventRecord``: the one function that chains the stages.

The CLI's offline mode and the streaming worker both call it, so that the same story
gives the same record byte for byte. It raises only :class:`wiredesk.errors.StoryError`.
``normalize_batch`` does the same for many stories with one batched NER call.

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
language   envelope, format, headline,     language, its source and confidence (it
           lead                            chooses the NER: see _ner_for)
dateline   dateline parts, agencies,       the dateline's place (an ambiguous name read
           language                        in the sender's and the language's country
                                           first) and date; reported once, after language
entities   headline, body, dateline place  entities
events     headline, lede, entities,       events (PLOVER; English only)
           dateline, language
record     all of the above                the event record
=========  ==============================  ===========================================
"""

from __future__ import annotations

import dataclasses
import hashlib
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from wiredesk.errors import ErrorCode, Stage, StoryError
from wiredesk.models import (
    Agency,
    Byline,
    CodedEvent,
    Dateline,
    Entity,
    Envelope,
    EventRecord,
    Note,
    RecordWarning,
    StoryMeta,
    WarningCode,
)
from wiredesk.normalize import (
    agency,
    dateline,
    entities,
    events,
    language,
    lifecycle,
    segment,
    text,
)
from wiredesk.normalize.agency import AgencyTable
from wiredesk.normalize.tables.organisations import EMPTY_ORG_TABLE, OrgTable
from wiredesk.normalize.tables.places import Gazetteer
from wiredesk.normalize.types import (
    LanguageIdFunc,
    LanguageNer,
    NerBatchFunc,
    NerFunc,
    NerSpan,
    no_ner,
)

DEFAULT_MAX_STORY_BYTES = 512 * 1024

StageTimer = Callable[[str, float], None]
"""Called with (stage name, seconds) after each stage; the worker feeds a histogram."""


@dataclass(frozen=True, slots=True)
class Resources:
    """Everything the pipeline needs besides the story, loaded once per process."""

    agencies: AgencyTable
    gazetteer: Gazetteer
    ner: NerFunc = no_ner
    # The same model over many texts at once (spaCy's nlp.pipe), for normalize_batch.
    ner_batch: NerBatchFunc | None = None
    # The language the NER model was trained on; None when that language is not configured.
    ner_language: str | None = "en"
    max_story_bytes: int = DEFAULT_MAX_STORY_BYTES
    organisations: OrgTable = EMPTY_ORG_TABLE
    # The language identifier (a packaged model, loaded at the edge); None: the cheap
    # function-word guess of normalize.language stands in, with no confidence.
    identify_language: LanguageIdFunc | None = None
    # NER for the other configured languages, by primary subtag ("fr": a model, "de": the
    # reference tables' names); a story in a language absent here and not the model's
    # gets no NER (ner_skipped).
    ner_by_language: Mapping[str, LanguageNer] = field(default_factory=dict)
    # The event stage (PLOVER events from the headline and lede); off only to measure it.
    code_events: bool = True

    def batch_for(self, ner: NerFunc) -> NerBatchFunc | None:
        """The batched form of ``ner`` (one of this object's NER functions), if it has one."""
        if ner == self.ner:
            return self.ner_batch
        for other in self.ner_by_language.values():
            if ner == other.ner:
                return other.batch
        return None


def content_id(raw_text: str) -> str:
    """``sha256:`` + hex SHA-256 of the NFC-normalised raw text, UTF-8 encoded."""
    # text.nfc is unicodedata's NFC, exactly, without its quadratic case.
    digest = hashlib.sha256(text.nfc(raw_text).encode("utf-8"))
    return f"sha256:{digest.hexdigest()}"


def story_id(envelope: Envelope, meta: StoryMeta | None = None) -> str:
    """The record id: the envelope's id, else the document's ``{guid}:{version}`` (so two
    versions of one story never share an id), else the content hash.

    The Kafka key is not used: it names a story, not a record (producers key a
    story's versions alike; the story keeper reads it). So different text under one key
    gets a different id, the same text again (a replay) the same id, in every worker,
    after every restart, and offline.
    """
    if envelope.id:
        return envelope.id
    if meta is not None and meta.guid:
        return f"{meta.guid}:{meta.version or 1}"
    return content_id(envelope.raw_text())


def _document_dateline(
    meta: StoryMeta, gazetteer: Gazetteer, when: datetime
) -> tuple[Dateline, list[RecordWarning]] | None:
    """When the body has no dateline of its own: the document's dateline element, else
    its located metadata, read by the dateline stage as if it opened the body."""
    candidates = [
        (meta.dateline, "document"),
        (meta.located.name if meta.located else None, "located"),
    ]
    for written, source in candidates:
        if not written:
            continue
        parts, _ = dateline.split_dateline(f"{written} (wiredesk) - .")
        if parts is None or parts.place_text is None:
            continue
        parts = dataclasses.replace(parts, text=written, credit=None)
        built, warnings = dateline.build_dateline(parts, gazetteer, when)
        return built.model_copy(update={"source": source}), warnings
    return None


def normalize(
    envelope: Envelope,
    resources: Resources,
    *,
    key: str | None = None,
    received_at: datetime | None = None,
    on_stage: StageTimer | None = None,
    meta: StoryMeta | None = None,
) -> EventRecord:
    """Turn one story into one event record.

    ``key`` is the Kafka record key: since schema version 5 it names the story, not the
    record, and no longer enters the id (the story keeper reads it from the stream);
    ``received_at`` is the fallback receive time (Kafka record timestamp, or the
    offline command's ``--received-at``) used when the envelope has none; ``meta`` is
    what a format reader learnt from the document (plain text when None).
    """
    timed = _stage_timer(on_stage)
    prepared = _prepare(StoryInput(envelope, key, received_at, meta), resources, timed)
    return _finish(prepared, resources, prepared.ner, timed)


@dataclass(frozen=True, slots=True)
class StoryInput:
    """One story of a batch: the envelope, its Kafka key, fallback receive time and what
    a format reader learnt from the document (see :func:`normalize`)."""

    envelope: Envelope
    key: str | None = None
    received_at: datetime | None = None
    meta: StoryMeta | None = None


def normalize_batch(
    stories: Sequence[StoryInput],
    resources: Resources,
    *,
    on_stage: StageTimer | None = None,
) -> list[EventRecord | StoryError]:
    """:func:`normalize` over many stories, with one batched NER call for all of them.

    Each story gives exactly what :func:`normalize` would give it, record or
    :class:`StoryError`, in order (a test checks it). The model sees every text once,
    through ``resources.ner_batch`` (spaCy's ``nlp.pipe``), which is faster than one call
    per text; without ``ner_batch`` each text goes through ``resources.ner``. An exception
    other than a ``StoryError`` propagates: the caller decides which story caused it.
    """
    timed = _stage_timer(on_stage)
    prepared: list[_Prepared | StoryError] = []
    for story in stories:
        try:
            prepared.append(_prepare(story, resources, timed))
        except StoryError as exc:
            prepared.append(exc)
    batched = _batched_ner([p for p in prepared if isinstance(p, _Prepared)], resources, on_stage)
    out: list[EventRecord | StoryError] = []
    for item in prepared:
        if isinstance(item, StoryError):
            out.append(item)
            continue
        try:
            out.append(_finish(item, resources, batched.get(item.ner, item.ner), timed))
        except StoryError as exc:
            out.append(exc)
    return out


def _batched_ner(
    prepared: Sequence[_Prepared], resources: Resources, on_stage: StageTimer | None
) -> dict[NerFunc, NerFunc]:
    """For each NER function the batch's stories use (one per language), one that answers
    from one batched call over every text of the stories it reads."""
    start = time.perf_counter()
    answers: dict[NerFunc, NerFunc] = {}
    for ner in dict.fromkeys(p.ner for p in prepared if p.ner is not no_ner):
        batch = resources.batch_for(ner)
        texts = list(dict.fromkeys(t for p in prepared if p.ner == ner for t in p.ner_texts))
        if batch is not None and texts:
            answers[ner] = _answering(ner, dict(zip(texts, batch(texts), strict=True)))
    if answers and on_stage is not None:  # reported per story, as the other stages are
        share = (time.perf_counter() - start) / len(prepared)
        for _ in prepared:
            on_stage("ner", share)
    return answers


def _answering(ner: NerFunc, found: dict[str, Sequence[NerSpan]]) -> NerFunc:
    def answer(text: str) -> Sequence[NerSpan]:
        spans = found.get(text)
        return ner(text) if spans is None else spans

    return answer


@dataclass(frozen=True, slots=True)
class _Prepared:
    """A story after every stage before entities: what entities and the record need."""

    envelope: Envelope
    key: str | None
    meta: StoryMeta
    when: datetime
    parts: segment.Segments
    body: str
    record_dateline: Dateline | None
    agencies: list[Agency]
    language: language.LanguageChoice
    ner: NerFunc  # the NER of the story's language, or no_ner (see _ner_for)
    warnings: list[RecordWarning]

    @property
    def ner_texts(self) -> tuple[str, ...]:
        """The texts the entities stage gives the NER function."""
        return tuple(t for t in (self.parts.headline, self.body) if t.strip())


def _prepare(story: StoryInput, resources: Resources, timed: Callable[[str], _Timing]) -> _Prepared:
    envelope, meta = story.envelope, story.meta or StoryMeta()
    with timed("text"):
        clean = _clean(envelope.raw_text(), resources.max_story_bytes)
    when = envelope.received_at or story.received_at
    if when is None:
        raise StoryError(
            ErrorCode.INVALID_RECEIVED_AT,
            "the story has no receive time: give 'received_at' in the envelope",
            Stage.RECORD,
        )
    with timed("segment"):
        parts = segment.segment(clean, resources.agencies, resources.gazetteer.is_city)
    warnings: list[RecordWarning] = [
        *meta.warnings,
        *(RecordWarning(code=WarningCode(w.code), message=w.message) for w in parts.warnings),
    ]
    dateline_time = timed("dateline")
    with dateline_time.lap():
        # A town opens a lead with a bare dash ("Hallstatt –") only in the country of an
        # agency the story credits elsewhere (APA's sign-off).
        senders = agency.agencies_from_credits(_credits(None, parts, envelope), resources.agencies)
        towns_in = _home_countries(senders, "", resources.agencies)
        found, body = dateline.split_dateline(
            parts.lead,
            resources.agencies.is_credit,
            lambda text: resources.gazetteer.is_city(text, towns_in),
        )
    with timed("agency"):
        credits = _credits(found, parts, envelope)
        agencies = agency.agencies_from_credits(credits, resources.agencies)
    with timed("language"):
        story_language = language.choose_language(
            envelope.language, meta.format, parts.headline, body, resources.identify_language
        )
    with dateline_time.lap():
        # The place is resolved once the sender and the language are known: an ambiguous
        # name is read in their countries first.
        prefer = _home_countries(agencies, story_language.language, resources.agencies)
        record_dateline, dateline_warnings = _record_dateline(found, meta, resources, when, prefer)
        record_dateline = _signoff_date(record_dateline, parts)
        warnings.extend(dateline_warnings)
    dateline_time.report()  # the split and the place, once per story
    ner, ner_warnings = _ner_for(story_language.language, resources)
    warnings.extend(ner_warnings)
    return _Prepared(
        envelope,
        story.key,
        meta,
        when,
        parts,
        body,
        record_dateline,
        agencies,
        story_language,
        ner,
        warnings,
    )


def _clean(raw: str, max_story_bytes: int) -> str:
    """The text stage: the story within the size limit, usable, cleaned."""
    size = len(raw.encode("utf-8"))
    if size > max_story_bytes:
        raise StoryError(
            ErrorCode.STORY_TOO_LARGE,
            f"the story is {size} bytes; the limit is {max_story_bytes} (WIREDESK_MAX_STORY_BYTES)",
            Stage.CLEAN,
        )
    text.reject_unusable(raw)
    return text.clean_text(raw)


# The country a story's language is written in at home, for reading ambiguous places.
_LANGUAGE_COUNTRIES = {
    "es": "ES", "pt": "PT", "fr": "FR", "de": "DE", "it": "IT", "nb": "NO", "no": "NO",
    "nn": "NO", "nl": "NL", "sv": "SE", "da": "DK", "fi": "FI",
}  # fmt: skip


def _home_countries(
    agencies: Sequence[Agency], story_language: str, table: AgencyTable
) -> list[str]:
    """Countries an ambiguous dateline place is read in first: the sending agencies' homes
    (EFE: Spain, APA: Austria), then the language's (a German story: Germany)."""
    homes = [c for a in agencies if (c := table.country(a.code)) is not None]
    spoken = _LANGUAGE_COUNTRIES.get(language.primary_subtag(story_language))
    if spoken is not None:
        homes.append(spoken)
    return list(dict.fromkeys(homes))


def _signoff_date(record_dateline: Dateline | None, parts: segment.Segments) -> Dateline | None:
    """APA's ``(APA, 1.2.2015)``: a date in the sign-off dates a dateline that has none."""
    if record_dateline is None or record_dateline.date is not None or parts.signoff_date is None:
        return record_dateline
    return record_dateline.model_copy(update={"date": parts.signoff_date})


def _record_dateline(
    found: dateline.DatelineParts | None,
    meta: StoryMeta,
    resources: Resources,
    when: datetime,
    prefer: Sequence[str] = (),
) -> tuple[Dateline | None, list[RecordWarning]]:
    """The lead's dateline; else the document's own; else none, with a warning."""
    if found is not None:
        return dateline.build_dateline(found, resources.gazetteer, when, prefer)
    from_document = _document_dateline(meta, resources.gazetteer, when)
    if from_document is not None:
        return from_document
    warning = RecordWarning(
        code=WarningCode.NO_DATELINE, message="no dateline found at the start of the body"
    )
    return None, [warning]


def _credits(
    found: dateline.DatelineParts | None, parts: segment.Segments, envelope: Envelope
) -> list[tuple[str, agency.FoundIn]]:
    """Every agency credit the story carries, with where it was found, in that order."""
    credits: list[tuple[str | None, agency.FoundIn]] = [
        (found.credit if found is not None else None, "dateline"),
        (parts.signoff_credit, "signoff"),
        (parts.headline_credit, "headline"),
        (parts.byline_credit, "byline"),
        (envelope.source, "envelope"),
    ]
    return [(credit, where) for credit, where in credits if credit]


def _ner_for(story_language: str, resources: Resources) -> tuple[NerFunc, list[RecordWarning]]:
    """The NER function for a story in ``story_language``: the main model in its own
    language, else that language's NER (a model, or the reference tables with a
    ``ner_partial`` warning), else none (a model for one language tags another's copy with
    junk)."""
    primary = language.primary_subtag(story_language)
    main = resources.ner_language
    if main is not None and primary == language.primary_subtag(main):
        return resources.ner, []
    other = resources.ner_by_language.get(primary)
    if other is None:
        reads = sorted({language.primary_subtag(main)} if main is not None else set())
        reads += sorted(resources.ner_by_language)
        warning = RecordWarning(
            code=WarningCode.NER_SKIPPED,
            message=f"the story is in {story_language!r}; NER reads "
            f"{', '.join(repr(r) for r in reads) or 'no language'}, "
            "so only the dateline place is given as an entity",
        )
        return no_ner, [warning]
    if not other.partial:
        return other.ner, []
    partial = RecordWarning(
        code=WarningCode.NER_PARTIAL,
        message=f"no NER model reads {story_language!r}: the entities are the places and "
        "organisations the reference tables know, so NER is partial (people are not found)",
    )
    return other.ner, [partial]


def _finish(
    prepared: _Prepared,
    resources: Resources,
    ner: NerFunc,
    timed: Callable[[str], _Timing],
) -> EventRecord:
    parts, record_dateline, meta = prepared.parts, prepared.record_dateline, prepared.meta
    warnings = list(prepared.warnings)
    with timed("entities"):
        place = record_dateline.place if record_dateline is not None else None
        found_entities, entity_warnings = entities.extract_entities(
            parts.headline,
            prepared.body,
            ner,
            resources.gazetteer,
            place,
            orgs=resources.organisations,
        )
        warnings.extend(entity_warnings)

    found_events: list[CodedEvent] = []
    if resources.code_events:
        with timed("events"):
            found_events, event_warnings = _code_events(
                parts.headline, prepared, found_entities, record_dateline, resources
            )
            warnings.extend(event_warnings)

    with timed("record"):
        tags = lifecycle.facts_from_tags(parts.update, parts.headline, prepared.body)
        return EventRecord(
            id=story_id(prepared.envelope, meta),
            language=prepared.language.language,
            received_at=prepared.when,
            source=prepared.envelope.source,
            headline=parts.headline,
            body=prepared.body,
            slugline=parts.slugline or meta.slugline,
            update=parts.update,
            bylines=[Byline(role=b.role, name=b.name, place=b.place) for b in parts.bylines],
            signoff=parts.signoff,
            dateline=record_dateline,
            agencies=prepared.agencies,
            entities=found_entities,
            warnings=warnings,
            format=meta.format,
            story=lifecycle.story(meta, tags),
            subjects=meta.subjects,
            located=meta.located,
            language_source=prepared.language.source,
            language_confidence=prepared.language.confidence,
            notes=[
                *meta.notes,
                *(Note(kind=kind, text=text) for kind, text in parts.notes),
            ],
            events=found_events,
        )


def _code_events(
    headline: str,
    prepared: _Prepared,
    found_entities: list[Entity],
    record_dateline: Dateline | None,
    resources: Resources,
) -> tuple[list[CodedEvent], list[RecordWarning]]:
    """The event stage. It is an addition to the record, never a reason to lose the story:
    should it fail on some input, the record carries no events and an ``events_failed``
    warning instead."""
    try:
        found = events.code_events(
            headline,
            prepared.body,
            found_entities,
            prepared.language.language,
            record_dateline,
            prepared.when,
            resources.gazetteer,
            resources.organisations,
        )
    except Exception as exc:  # see the docstring
        warning = RecordWarning(
            code=WarningCode.EVENTS_FAILED,
            message=f"the event coder failed on this story ({type(exc).__name__}): no events",
        )
        return [], [warning]
    return found, []


def _stage_timer(on_stage: StageTimer | None) -> Callable[[str], _Timing]:
    def timed(stage: str) -> _Timing:
        return _Timing(stage, on_stage)

    return timed


class _Timing:
    """Context manager that reports a stage's duration, also when the stage raises."""

    __slots__ = ("_laps", "_on_stage", "_stage", "_start")

    def __init__(self, stage: str, on_stage: StageTimer | None) -> None:
        self._stage = stage
        self._on_stage = on_stage
        self._start = 0.0
        self._laps = 0.0

    @contextmanager
    def lap(self) -> Iterator[None]:
        """A part of a stage done in several parts; :meth:`report` reports their sum."""
        start = time.perf_counter()
        try:
            yield
        finally:
            self._laps += time.perf_counter() - start

    def report(self) -> None:
        if self._on_stage is not None:
            self._on_stage(self._stage, self._laps)

    def __enter__(self) -> None:
        self._start = time.perf_counter()

    def __exit__(self, *exc: object) -> None:
        if self._on_stage is not None:
            self._on_stage(self._stage, time.perf_counter() - self._start)
