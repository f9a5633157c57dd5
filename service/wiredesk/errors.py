"""Every error a story or the infrastructure can cause, under one root.

    WiredeskError                 root: has ``code``, ``stage``, ``retriable``
    ├── StoryError                the story's fault; never helped by a retry -> dead letter
    │   ├── codes: empty_story, whitespace_only, binary_content, invalid_utf8,
    │   │          story_too_large, invalid_json, invalid_envelope, missing_text,
    │   │          invalid_received_at, pipeline_failed,
    │   │          json_too_deep, malformed_xml, xml_forbidden, unknown_format,
    │   │          not_a_story, no_text_part, invalid_anpa, invalid_iptc7901,
    │   │          invalid_encoding,
    │   │          unreadable_input (CLI only)
    ├── OutputRefusedError        the broker will never take an output of the record (too
    │                             large for the topic, not authorised) -> dead letter
    │       code: output_refused (and output_undeliverable when the dead letter is refused
    │             too: the partition stops, see stream/delivery.py)
    └── InfrastructureError       broker or model unavailable; retried, never dead-lettered
        codes: broker_unavailable, model_unavailable,
               undecodable_batch (the partition stops at the batch, see stream/batches.py)

Callers decide retry-or-dead-letter from ``retriable``, never from the message text; for
Kafka's own errors the stream reads aiokafka's ``retriable`` the same way
(:func:`wiredesk.stream.retry.transient`).
"""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    """Stable machine-readable error codes. Renaming one is a breaking change."""

    EMPTY_STORY = "empty_story"
    WHITESPACE_ONLY = "whitespace_only"
    BINARY_CONTENT = "binary_content"
    INVALID_UTF8 = "invalid_utf8"
    STORY_TOO_LARGE = "story_too_large"
    INVALID_JSON = "invalid_json"
    INVALID_ENVELOPE = "invalid_envelope"
    MISSING_TEXT = "missing_text"
    INVALID_RECEIVED_AT = "invalid_received_at"
    PIPELINE_FAILED = "pipeline_failed"
    # format readers (service/wiredesk/formats)
    JSON_TOO_DEEP = "json_too_deep"  # nested deeper than the reader's limit
    MALFORMED_XML = "malformed_xml"  # not well-formed, or nested too deep
    XML_FORBIDDEN = "xml_forbidden"  # a DTD with entity declarations (entity bombs)
    UNKNOWN_FORMAT = "unknown_format"  # an XML root or content type no reader knows
    NOT_A_STORY = "not_a_story"  # a NewsML-G2 package, knowledge or concept item
    NO_TEXT_PART = "no_text_part"  # a news item without a text part to read
    INVALID_ANPA = "invalid_anpa"  # an ANPA-1312 stream without STX/ETX
    INVALID_IPTC7901 = "invalid_iptc7901"  # an IPTC 7901 stream without STX/ETX
    INVALID_ENCODING = "invalid_encoding"  # bytes that the declared encoding cannot decode
    UNREADABLE_INPUT = "unreadable_input"  # the CLI could not read a file
    BROKER_UNAVAILABLE = "broker_unavailable"
    MODEL_UNAVAILABLE = "model_unavailable"
    UNDECODABLE_BATCH = "undecodable_batch"  # a record batch the consumer cannot decode
    OUTPUT_REFUSED = "output_refused"  # the broker will never take the record's output
    OUTPUT_UNDELIVERABLE = "output_undeliverable"  # ... nor its dead letter: partition stops


# Codes that never go to the dead-letter topic: the CLI's own, and the infrastructure's
# (retried, or the partition stops). Every other code is a story's dead-letter code.
NOT_DEAD_LETTERED = frozenset(
    {
        ErrorCode.UNREADABLE_INPUT,
        ErrorCode.BROKER_UNAVAILABLE,
        ErrorCode.MODEL_UNAVAILABLE,
        ErrorCode.UNDECODABLE_BATCH,
        ErrorCode.OUTPUT_UNDELIVERABLE,
    }
)
DEAD_LETTER_CODES: tuple[ErrorCode, ...] = tuple(
    code for code in ErrorCode if code not in NOT_DEAD_LETTERED
)


class Stage(StrEnum):
    """Where in the flow an error arose (the ``wiredesk.error.stage`` header)."""

    DECODE = "decode"
    CLEAN = "clean"
    SEGMENT = "segment"
    DATELINE = "dateline"
    AGENCY = "agency"
    ENTITIES = "entities"
    RECORD = "record"
    PRODUCE = "produce"
    STARTUP = "startup"


class WiredeskError(Exception):
    """Root of every error wiredesk raises on purpose."""

    retriable: bool = False

    def __init__(self, code: ErrorCode, message: str, stage: Stage) -> None:
        super().__init__(f"[{code}] {message}")
        self.code = code
        self.message = message
        self.stage = stage

    def as_dict(self) -> dict[str, str | bool]:
        return {
            "code": str(self.code),
            "message": self.message,
            "stage": str(self.stage),
            "retriable": self.retriable,
        }


class StoryError(WiredeskError):
    """The story itself cannot be turned into a record; retrying cannot help."""

    retriable = False


class InfrastructureError(WiredeskError):
    """Something outside the story failed (broker, model); retrying may help."""

    retriable = True


class OutputRefusedError(WiredeskError):
    """The broker refused one of a record's outputs for good (larger than the topic takes,
    not authorised to write the topic): the record goes to the dead-letter topic instead."""

    retriable = False
