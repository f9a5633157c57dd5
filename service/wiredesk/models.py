"""The two contracts other services rely on: the input envelope and the event record.

The JSON Schemas in ``schemas/`` are generated from these models (``make schemas``)
and a test fails when they drift. Field meanings are described in docs/records.md.
"""

from __future__ import annotations

import datetime as dt
import re
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

SCHEMA_VERSION: Literal["6"] = "6"
# The input envelope's own version (the $id of schemas/envelope.schema.json): "2" added
# the lifecycle fields (guid, version, status, signals, urgency, provider, slugline,
# previous_version).
ENVELOPE_VERSION: Literal["2"] = "2"
# The version of a row of the coded-events topic (``wire.coded``, :class:`CodedRow`), its
# own contract beside the record's: "1" is the first.
CODED_VERSION: Literal["1"] = "1"


def _as_utc(value: datetime) -> datetime:
    """Times without a zone are UTC; every stored time is expressed in UTC."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


UtcDatetime = Annotated[datetime, AfterValidator(_as_utc)]

# A number as ``received_at`` is epoch milliseconds, as Kafka timestamps are, when it lies
# in this span (1990-01-01 to 2100-01-01); any other number is refused (``2024`` or epoch
# seconds would otherwise be read as a time in 1970, and the story expire at once).
EPOCH_MS_MIN = 631_152_000_000
EPOCH_MS_MAX = 4_102_444_800_000
RECEIVED_AT_NUMBER = "received_at_number"  # the pydantic error type of a refused number
_NUMBER = re.compile(r"[+-]?[0-9]+(?:\.[0-9]*)?")


def _epoch_ms(value: object) -> object:
    """A number (or a string of digits) as epoch milliseconds; anything else unchanged."""
    if isinstance(value, bool):
        return value  # pydantic refuses it as a datetime
    if isinstance(value, str) and _NUMBER.fullmatch(value.strip()):
        value = float(value) if "." in value else int(value)
    if not isinstance(value, int | float):
        return value
    if not EPOCH_MS_MIN <= value <= EPOCH_MS_MAX:
        raise PydanticCustomError(
            RECEIVED_AT_NUMBER,
            "the number {value} is not a time: a number is read as epoch milliseconds "
            "between {low} (1990) and {high} (2100); give an ISO 8601 time "
            "(2024-03-01T12:00:00Z) or epoch milliseconds",
            {"value": str(value), "low": EPOCH_MS_MIN, "high": EPOCH_MS_MAX},
        )
    return datetime.fromtimestamp(value / 1000, UTC)


ReceivedAt = Annotated[
    UtcDatetime,
    BeforeValidator(_epoch_ms),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "format": "date-time"},
                {
                    "type": "integer",
                    "minimum": EPOCH_MS_MIN,
                    "maximum": EPOCH_MS_MAX,
                    "description": "epoch milliseconds",
                },
            ]
        }
    ),
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --------------------------------------------------------------------------- input

# A story's publication status and its signals, as NewsML-G2 and NITF state them (the
# envelope may state them too, with the same meanings).
PubStatus = Literal["usable", "withheld", "canceled"]
Signal = Literal["update", "correction", "refile", "kill", "advisory", "withdrawal"]


class Envelope(BaseModel):
    """A story as producers may send it on the input topic.

    Either ``text`` (the whole raw story: headline, blank line, body) or ``body``
    (with an optional ``headline``) must be given. Unknown fields are ignored so
    that producers can add their own. Envelope version 2 (``ENVELOPE_VERSION``) adds
    the story's place in its lifecycle, with the meanings NewsML-G2 gives them:
    ``guid`` (shared by every version of the story), ``version``, ``status``,
    ``signals``, ``urgency``, ``provider``, ``slugline`` and ``previous_version``.
    """

    model_config = ConfigDict(
        extra="ignore",
        frozen=True,
        # The "text or body" rule below, stated in the schema for producers that validate.
        json_schema_extra={"anyOf": [{"required": ["text"]}, {"required": ["body"]}]},
    )

    id: str | None = Field(default=None, min_length=1, max_length=512)
    text: str | None = None
    headline: str | None = None
    body: str | None = None
    received_at: ReceivedAt | None = Field(
        default=None,
        description="when the agency's story was received: ISO 8601, or epoch milliseconds",
    )
    source: str | None = Field(default=None, max_length=512)
    language: str | None = Field(default=None, min_length=2, max_length=35)
    # envelope version 2: the story's lifecycle, as a NewsML-G2 item states it
    guid: str | None = Field(
        default=None,
        min_length=1,
        max_length=512,
        description="the story's own id, shared by all its versions (G2 guid)",
    )
    version: int | None = Field(
        default=None, ge=1, description="the version of the story; compared as an integer"
    )
    status: PubStatus | None = Field(
        default=None, description="usable (when not given), withheld, or canceled (a kill)"
    )
    signals: list[Signal] = Field(default_factory=list)
    urgency: int | None = Field(default=None, ge=1, le=9, description="1 most urgent, 9 least")
    provider: str | None = Field(default=None, min_length=1, max_length=512)
    slugline: str | None = Field(default=None, min_length=1, max_length=512)
    previous_version: str | None = Field(
        default=None,
        min_length=1,
        max_length=512,
        description="the document this one replaces or acts on (G2 irel:previousVersion)",
    )

    @model_validator(mode="after")
    def _text_or_body(self) -> Envelope:
        if self.text is None and self.body is None:
            raise ValueError("an envelope needs 'text' or 'body'")
        return self

    def raw_text(self) -> str:
        """The story as one raw text: ``text``, else headline, blank line, body."""
        if self.text is not None:
            return self.text
        if self.headline:
            return f"{self.headline}\n\n{self.body or ''}"
        return self.body or ""


# --------------------------------------------------------------------------- output


class Byline(_Model):
    """A credit line such as ``Reporting by A in B`` or ``Editing by C``."""

    role: str = Field(
        description="lower-case role: reporting, writing, editing, additional-reporting, ..."
    )
    name: str
    place: str | None = None


class Place(_Model):
    """A dateline place: as written, and its canonical form where a table knows it."""

    text: str = Field(description="the place as written in the dateline")
    name: str = Field(description="canonical name")
    region: str | None = Field(default=None, description="state, province or country as written")
    country_code: str | None = Field(default=None, description="ISO 3166-1 alpha-2")
    geonames_id: int | None = None
    lat: float | None = None
    lon: float | None = None
    region_code: str | None = Field(
        default=None, description="ISO 3166-2 code of the first-level region, e.g. US-GA"
    )


DatelineSource = Literal["body", "document", "located"]


class Dateline(_Model):
    text: str = Field(description="the dateline as written, separator included")
    place: Place | None
    date: dt.date | None = Field(description="full date resolved against the receive time")
    source: DatelineSource = Field(
        default="body",
        description="where the dateline came from: the body's own dateline (which wins), "
        "the document's dateline element, or its located metadata",
    )
    other_places: list[Place] = Field(
        default_factory=list,
        description="the other places of a dateline that names several (dpa's "
        "'Moskau/Berlin'): the first is 'place', the rest are kept here in order",
    )


NoteKind = Literal[
    "editors", "not_for_publication", "contacts", "links", "service_line", "keyword"
]  # fmt: skip


class Note(_Model):
    """Text an agency writes for editors, not readers: kept out of the body."""

    kind: NoteKind = Field(
        description="editors: a note to editors (AP 'Eds:', 'EDITOR'S NOTE _', Reuters "
        "'(Adds ...)', AFP '(ATTENTION - ...)', Yonhap '(ATTN: ...)', a document's edNote or "
        "ed-msg); not_for_publication: a block marked not for publication; contacts and "
        "links: contact and link lists; service_line: a line of place and time above the "
        "lead; keyword: an ANPA keyword line in the text"
    )
    text: str = Field(description="the note as written, markers included")


FoundIn = Literal["dateline", "signoff", "headline", "byline", "envelope", "body"]


class Agency(_Model):
    code: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", description="stable kebab-case id")
    name: str = Field(description="display name")
    credit: str = Field(description="the text the agency was read from")
    found_in: FoundIn


MentionField = Literal["headline", "body"]


class Mention(_Model):
    field: MentionField
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Entity(_Model):
    name: str = Field(description="canonical name")
    type: str = Field(description="OntoNotes label: PERSON, ORG, GPE, LOC, NORP, FAC, EVENT, ...")
    country_code: str | None = None
    geonames_id: int | None = None
    mentions: list[Mention]
    key: str = Field(
        min_length=1,
        description="stable id to join entities across stories: geonames:<id>, "
        "org:<slug> (the curated organisation table) or name:<type>:<slug>",
    )
    title: str | None = Field(
        default=None, description="a person's title or office as written (President, Gov.)"
    )
    tickers: list[str] = Field(
        default_factory=list, description="stock tickers written in the copy (NEM, NEM.N, IBM)"
    )
    region_code: str | None = Field(
        default=None, description="ISO 3166-2 code of a place's first-level region, e.g. US-GA"
    )


class WarningCode(StrEnum):
    """Stable codes of the record's warnings. Renaming one is a breaking change."""

    NO_HEADLINE = "no_headline"
    HEADLINE_TOO_LONG = "headline_too_long"
    EDITOR_NOTE = "editor_note"
    CREDIT_UNPARSED = "credit_unparsed"
    NO_DATELINE = "no_dateline"
    INVALID_DATE = "invalid_date"
    DATE_CORRECTED = "date_corrected"
    UNKNOWN_PLACE = "unknown_place"
    NER_SKIPPED = "ner_skipped"
    NER_PARTIAL = "ner_partial"  # rule-based NER from the reference tables (no model)
    ENTITY_SPAN_DROPPED = "entity_span_dropped"
    ENTITY_LABEL_GUESSED = "entity_label_guessed"
    ENTITY_LABEL_DISPUTED = "entity_label_disputed"
    ENTITY_AMBIGUOUS_NAME = "entity_ambiguous_name"
    RECEIVED_AT_ASSUMED = "received_at_assumed"
    MARKUP_DROPPED = "markup_dropped"  # a format reader dropped tables or media
    ENCODING_ASSUMED = "encoding_assumed"  # a declared or missing charset was not the real one
    ITEMS_SKIPPED = "items_skipped"  # a NewsML-G2 message held items that are not stories
    CONTENT_TYPE_MISMATCH = "content_type_mismatch"  # the bytes were another format: they won
    HEADLINE_DERIVED = "headline_derived"  # no headline line: taken from the lead's first sentence
    RECEIVED_AT_DISTANT = "received_at_distant"  # far from the Kafka record's own timestamp
    EVENTS_FAILED = "events_failed"  # the event coder failed on the story: events left empty


class RecordWarning(_Model):
    """Something the pipeline was unsure of; the record is still usable."""

    code: WarningCode
    message: str


# ------------------------------------------------- story metadata (schema version 2)

Format = Literal["text", "json", "newsml-g2", "nitf", "anpa-1312", "iptc-7901", "newsml-1.2"]
SIGNAL_ORDER: tuple[Signal, ...] = (
    "update",
    "correction",
    "refile",
    "kill",
    "advisory",
    "withdrawal",
)

# What agencies write into a story's own text to correct, kill or hold it, in capitals.
# One vocabulary for the readers (IPTC 7901 instruction lines) and the lifecycle stage
# (update tags, the start of headline and body); each decides where it looks.
CORRECTION_WORDS = frozenset({"CORRECTED", "CORRECTION", "BERICHTIGUNG", "KORR"})  # dpa: last two
KILL_NOTICE = "KILL KILL KILL"  # dpa: kill, status canceled
HOLD_NOTICE = "HOLD HOLD HOLD"  # dpa: status withheld
WITHDRAWN_NOTICE = "STORY WITHDRAWN"  # Reuters: kill and withdrawal, status canceled


class Story(_Model):
    """The story's place in its lifecycle, as the document (or its plain-text tags) said."""

    guid: str | None = Field(default=None, description="the document's own id, shared by versions")
    version: int = Field(default=1, ge=1, description="compared as an integer; may be gapped")
    status: PubStatus = "usable"
    signals: list[Signal] = Field(default_factory=list)
    urgency: int | None = Field(default=None, ge=1, le=9, description="1 most urgent, 9 least")
    embargoed_until: UtcDatetime | None = None
    first_created: UtcDatetime | None = None
    version_created: UtcDatetime | None = None
    previous_version: str | None = Field(
        default=None,
        description="the record id of the version this one follows, as the document states it "
        "(G2 irel:previousVersion, NewsML 1.2 PreviousRevision: guid:version)",
    )
    provider: str | None = None
    cancels: str | None = Field(
        default=None,
        description="the document id a kill cancels (NITF management-doc-idref); its story "
        "is the one killed",
    )


class Subject(_Model):
    """A subject code the document carried (``medtop:...``, ``subj:...``, an ANPA category)."""

    code: str
    name: str | None = None


class Located(_Model):
    """Where the document's metadata says the story was filed; kept apart from the dateline."""

    name: str
    code: str | None = Field(default=None, description="the document's code for the place")


class StoryMeta(_Model):
    """What a format reader learnt from the document besides its text (input side).

    ``version`` is None when the document does not state one (plain-text tags may);
    ``dateline`` is the document's own dateline element, never a timestamp.
    """

    format: Format = "text"
    guid: str | None = None
    version: int | None = Field(default=None, ge=1)
    status: PubStatus = "usable"
    signals: list[Signal] = Field(default_factory=list)
    urgency: int | None = Field(default=None, ge=1, le=9)
    embargoed_until: UtcDatetime | None = None
    first_created: UtcDatetime | None = None
    version_created: UtcDatetime | None = None
    previous_version: str | None = None
    provider: str | None = None
    cancels: str | None = None
    subjects: list[Subject] = Field(default_factory=list)
    located: Located | None = None
    dateline: str | None = None
    slugline: str | None = None
    warnings: list[RecordWarning] = Field(default_factory=list)
    notes: list[Note] = Field(default_factory=list)  # the document's notes to editors


# ------------------------------------------------- language (schema version 4)

LanguageSource = Literal["envelope", "document", "detected", "default"]


# ------------------------------------------------- story lifecycle (schema version 3)

Action = Literal["new", "update", "correction", "refile", "kill", "stale", "repeat", "duplicate"]


class Lifecycle(_Model):
    """A record's place in its story's history, given by the worker's story keeper."""

    story_key: str
    sequence: int = Field(ge=1, description="the record's number in its story, 1 for the first")
    action: Action
    supersedes: str | None = Field(default=None, description="the record id this one replaces")
    kills: list[str] = Field(default_factory=list, description="record ids a kill takes down")
    duplicate_of: str | None = Field(default=None, description="first record of the story copied")
    similarity: float | None = Field(default=None, ge=0, le=1)


# ------------------------------------------------- political events (schema version 6)

EventType = Literal[
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
]  # fmt: skip
Quad = Literal["verbal-cooperation", "material-cooperation", "verbal-conflict", "material-conflict"]


class EventActor(_Model):
    """One party to an event: a country-level actor with its sector (PLOVER's actor codes)."""

    name: str = Field(description="the actor's name: the country, organisation or group")
    country: str | None = Field(
        default=None,
        pattern=r"^[A-Z]{3}$",
        description="ISO 3166-1 alpha-3, or IGO (an organisation of states) or NGO "
        "(a non-governmental one); null when the copy does not say",
    )
    sector: str | None = Field(
        default=None,
        pattern=r"^[A-Z]{3}$",
        description="GOV government, MIL military, REB rebels, OPP opposition, BUS business, "
        "CVL civilians, MED media, JUD judiciary, COP police, ...; null when unknown",
    )
    entity: str | None = Field(
        default=None, description="the key of the record's entity this actor was read from"
    )


class EventSentence(_Model):
    """Where the sentence an event was coded from stands: offsets into a record field."""

    field: MentionField
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class CodedEvent(_Model):
    """A political event the story reports, coded in PLOVER: who did what to whom."""

    type: EventType = Field(description="one of PLOVER's 16 event types")
    mode: str | None = Field(default=None, description="PLOVER's mode: how, when stated")
    context: list[str] = Field(
        default_factory=list, description="PLOVER contexts: economic, military, election, ..."
    )
    actor: list[EventActor] = Field(description="who acted (a compound actor has several)")
    recipient: list[EventActor] = Field(
        default_factory=list, description="to whom; empty when the event has none"
    )
    trigger: str = Field(description="the words the event was read from, as written")
    sentence: EventSentence
    place: Place | None = Field(
        default=None, description="where: the place the sentence names, else the dateline's"
    )
    date: dt.date | None = Field(
        default=None, description="when: the sentence's date resolved against the dateline's"
    )
    quad: Quad
    confidence: float = Field(ge=0, le=1)


class EventRecord(_Model):
    """One normalised story. Holds no processing-time field: the worker's record
    for a story equals the offline command's byte for byte."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="EventRecord")

    id: str
    schema_version: Literal["6"] = SCHEMA_VERSION
    language: str
    received_at: UtcDatetime
    source: str | None = None
    headline: str
    body: str
    slugline: str | None = None
    update: str | None = None
    bylines: list[Byline] = Field(default_factory=list)
    signoff: str | None = None
    dateline: Dateline | None = None
    agencies: list[Agency] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    warnings: list[RecordWarning] = Field(default_factory=list)
    # schema version 2
    format: Format = "text"
    story: Story = Field(default_factory=Story)
    subjects: list[Subject] = Field(default_factory=list)
    located: Located | None = None
    # schema version 3
    lifecycle: Lifecycle | None = Field(
        default=None, description="null unless the worker runs the story keeper"
    )
    # schema version 4
    language_source: LanguageSource = Field(
        default="default",
        description="where `language` came from: the producer's envelope, the agency "
        "document's own declaration, the language identifier (detected), or the default "
        "(English) when none of them said",
    )
    language_confidence: float | None = Field(
        default=None,
        ge=0,
        le=1,
        description="the identifier's probability for `language` when it was detected; "
        "null when it was declared or defaulted",
    )
    # schema version 5
    notes: list[Note] = Field(
        default_factory=list,
        description="notes to editors, not-for-publication blocks, contact and link lists, "
        "service and keyword lines: text for the desk, never in `body`, in story order "
        "(the document's own notes first)",
    )
    # schema version 6
    events: list[CodedEvent] = Field(
        default_factory=list,
        description="the political events the story reports (PLOVER), read from its headline "
        "and lead; empty when it reports none",
    )


class CodedRow(_Model):
    """One coded event as a flat row of the coded-events topic (``wire.coded``): every
    column a scalar, so that a day of the topic loads as a table. Lists are joined with
    ``;`` (an actor's name, country and sector stand at the same place in their columns)."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="CodedRow")

    schema_version: Literal["1"] = CODED_VERSION
    story_key: str = Field(description="the story the event belongs to (the record's lifecycle)")
    record_id: str = Field(description="the story's live version the event was coded from")
    event: int = Field(ge=0, description="the event's number in that record's events, from 0")
    date: dt.date = Field(
        description="the event's date; else the dateline's; else the day (UTC) the record "
        "was received"
    )
    date_stated: bool = Field(
        description="true when the event came with a date of its own (its sentence's); "
        "false when `date` is the dateline's or the receive day"
    )
    type: EventType
    mode: str | None = None
    quad: Quad
    context: str = Field(description="PLOVER contexts joined with ';' (empty: none)")
    actor_names: str = Field(description="the actors' names joined with ';'")
    actor_countries: str = Field(
        description="their ISO 3166-1 alpha-3 codes (or IGO, NGO) joined with ';', an empty "
        "item where the copy does not say"
    )
    actor_sectors: str = Field(description="their sectors joined with ';', empty where unknown")
    recipient_names: str = Field(description="the recipients' names joined with ';' (empty: none)")
    recipient_countries: str
    recipient_sectors: str
    place_name: str | None = Field(default=None, description="the event's place, canonical name")
    place_country: str | None = Field(
        default=None, description="the place's ISO 3166-1 alpha-2 code, as the record's places"
    )
    lat: float | None = None
    lon: float | None = None
    provider: str | None = Field(
        default=None, description="the agency's code (the record's first agency), else null"
    )
    language: str
    first_received_at: UtcDatetime = Field(
        description="when the story's first record was received (the story keeper's)"
    )
    received_at: UtcDatetime = Field(description="when this live version was received")
    trigger: str
    confidence: float = Field(ge=0, le=1)
