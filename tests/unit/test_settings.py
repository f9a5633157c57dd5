"""Configuration: WIREDESK_* only, validated with the variable named, documented in docs/."""

from __future__ import annotations

import os
import re

import pytest

from tests.conftest import REPO
from wiredesk.settings import EXTRA_VARIABLES, Settings, SettingsError, load_settings


def test_defaults_match_the_documented_topics_and_port(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("WIREDESK_"):
            monkeypatch.delenv(name)
    settings = load_settings()
    assert (settings.input_topic, settings.output_topic, settings.dlq_topic) == (
        "wire.raw",
        "wire.events",
        "wire.dlq",
    )
    assert settings.web_port == 6066
    assert settings.max_story_bytes == 512 * 1024


def test_faust_variables_without_the_prefix_do_not_leak_in(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BROKER_URL", "kafka://elsewhere:1")
    monkeypatch.setenv("WEB_PORT", "1")
    monkeypatch.setenv("WIREDESK_BROKER", "a:9092,b:9093")
    settings = load_settings()
    assert settings.bootstrap_servers == "a:9092,b:9093"
    assert settings.web_port != 1

    from wiredesk.stream.app import faust_settings

    assert faust_settings(settings)["env"] == {}
    assert faust_settings(settings)["broker"] == "kafka://a:9092;kafka://b:9093"


@pytest.mark.parametrize(("seconds", "heartbeat"), [(None, 3.0), ("10", 3.0), ("6", 2.0)])
def test_the_session_timeout_reaches_the_consumer_with_heartbeats_thrice_within_it(
    monkeypatch: pytest.MonkeyPatch, seconds: str | None, heartbeat: float
) -> None:
    from wiredesk.stream.app import faust_settings

    if seconds is not None:
        monkeypatch.setenv("WIREDESK_SESSION_TIMEOUT_S", seconds)
    conf = faust_settings(load_settings())
    assert conf["broker_session_timeout"] == float(seconds or 60)
    assert conf["broker_heartbeat_interval"] == heartbeat
    assert conf["broker_heartbeat_interval"] * 3 <= conf["broker_session_timeout"]


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("WIREDESK_WEB_PORT", "not-a-port"),
        ("WIREDESK_WEB_PORT", "70000"),
        ("WIREDESK_MAX_STORY_BYTES", "-1"),
        ("WIREDESK_SECURITY_PROTOCOL", "TELNET"),
        ("WIREDESK_TOPIC_PARTITIONS", "0"),
        # What cannot work is refused at start-up instead of retried forever:
        ("WIREDESK_BROKER", ""),
        ("WIREDESK_BROKER", " , "),
        ("WIREDESK_BROKER", "kafka://"),
        ("WIREDESK_BROKER", "a:9092,,b:9093"),
        ("WIREDESK_BROKER", "broker:99999"),
        ("WIREDESK_BROKER", "broker:port"),
        ("WIREDESK_BROKER", "http://broker:9092"),
        ("WIREDESK_INPUT_TOPIC", ""),
        ("WIREDESK_INPUT_TOPIC", "wire raw"),
        ("WIREDESK_OUTPUT_TOPIC", "wire/events"),
        ("WIREDESK_DLQ_TOPIC", ".."),
        ("WIREDESK_DLQ_TOPIC", "d" * 250),
        ("WIREDESK_CONSUMER_GROUP", " "),
        ("WIREDESK_CLIENT_ID", ""),
        ("WIREDESK_WEB_HOST", ""),
        ("WIREDESK_MODEL", ""),
        ("WIREDESK_COMMIT_INTERVAL_S", "0"),
        # the broker refuses a session under 6 s; Faust's request timeout (90 s) caps it
        ("WIREDESK_SESSION_TIMEOUT_S", "5"),
        ("WIREDESK_SESSION_TIMEOUT_S", "91"),
        ("WIREDESK_SSL_CAFILE", "/nonexistent/ca.pem"),
    ],
)
def test_a_bad_value_names_its_variable(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError, match=variable):
        load_settings()


def test_an_empty_broker_message_says_what_to_give(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WIREDESK_BROKER", "")
    with pytest.raises(SettingsError) as caught:
        load_settings()
    assert str(caught.value) == (
        "invalid configuration: WIREDESK_BROKER: is empty: "
        "give the bootstrap servers as host:port[,host:port]"
    )


@pytest.mark.parametrize("broker", ["a:9092", "kafka://a:9092,b", "[::1]:9092", "b.example"])
def test_good_brokers_pass(monkeypatch: pytest.MonkeyPatch, broker: str) -> None:
    monkeypatch.setenv("WIREDESK_BROKER", broker)
    assert load_settings().bootstrap_servers == broker.removeprefix("kafka://")


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"WIREDESK_SECURITY_PROTOCOL": "SASL_SSL", "WIREDESK_SASL_USERNAME": "svc",
          "WIREDESK_SASL_PASSWORD": ""}, "WIREDESK_SASL_PASSWORD"),
        ({"WIREDESK_SECURITY_PROTOCOL": "SASL_SSL", "WIREDESK_SASL_USERNAME": "",
          "WIREDESK_SASL_PASSWORD": "pw"}, "WIREDESK_SASL_USERNAME"),
        ({"WIREDESK_SSL_CAFILE": __file__}, "WIREDESK_SSL_CAFILE"),  # with PLAINTEXT
    ],
)  # fmt: skip
def test_inconsistent_security_settings_are_refused(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], named: str
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError, match=named):
        load_settings()


def test_a_readable_ca_file_with_ssl_is_accepted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WIREDESK_SECURITY_PROTOCOL", "SSL")
    monkeypatch.setenv("WIREDESK_SSL_CAFILE", __file__)
    assert load_settings().ssl_cafile == __file__


def test_sasl_without_credentials_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WIREDESK_SECURITY_PROTOCOL", "SASL_SSL")
    with pytest.raises(SettingsError, match="WIREDESK_SASL_USERNAME"):
        load_settings()


def test_the_password_is_never_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WIREDESK_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
    monkeypatch.setenv("WIREDESK_SASL_USERNAME", "svc")
    monkeypatch.setenv("WIREDESK_SASL_PASSWORD", "hunter2-secret")
    settings = load_settings()
    assert "hunter2-secret" not in repr(settings)
    assert "hunter2-secret" not in str(settings.model_dump())


def test_configuration_doc_documents_every_setting() -> None:
    readme = (REPO / "docs" / "configuration.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `(WIREDESK_[A-Z_]+)` \|", readme, flags=re.M))
    expected = {f"WIREDESK_{name.upper()}" for name in Settings.model_fields}
    assert documented == expected | {EXTRA_VARIABLES}  # the one variable that is no setting


def test_languages_default_to_every_served_language_and_refuse_others(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("WIREDESK_LANGUAGES", raising=False)
    assert load_settings().language_codes == ("en", "es", "pt", "fr", "de", "it", "no")
    monkeypatch.setenv("WIREDESK_LANGUAGES", " FR, en,fr ")
    assert load_settings().language_codes == ("fr", "en")
    monkeypatch.setenv("WIREDESK_LANGUAGES", "")
    assert load_settings().language_codes == ()
    monkeypatch.setenv("WIREDESK_LANGUAGES", "en,nl")
    with pytest.raises(SettingsError, match=r"WIREDESK_LANGUAGES: 'nl' not served"):
        load_settings()
