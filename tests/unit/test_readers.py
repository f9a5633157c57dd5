"""The reader contract and its registry: one name per format, the schema's names; each
content type selects its reader; an XML document is parsed once; a reader registered
later is asked in its turn (adding a format is a module and one registration)."""

from __future__ import annotations

import json
from typing import Final, get_args

import pytest

from tests.format_seed_bytes import _iptc7901
from wiredesk import formats
from wiredesk.errors import StoryError
from wiredesk.formats import base
from wiredesk.formats.base import Reader, Sample
from wiredesk.formats.registry import Registry
from wiredesk.formats.xmlsafe import local_name
from wiredesk.models import (
    CORRECTION_WORDS,
    HOLD_NOTICE,
    KILL_NOTICE,
    Envelope,
    Format,
    StoryMeta,
)
from wiredesk.normalize.lifecycle import facts_from_tags

G2_NS = "http://iptc.org/std/nar/2006-10-01/"
G2_ITEM = (
    f'<?xml version="1.0"?><newsItem xmlns="{G2_NS}" guid="g1" version="2"><contentMeta>'
    "<headline>Dam opens</headline></contentMeta><contentSet><inlineXML><p>LIMA, May 3 "
    "(Reuters) - The dam opened.</p></inlineXML></contentSet></newsItem>"
).encode()
NITF_DOC = (
    b"<nitf><body><body.content><p>MADRID, 3 may (EFE).- Text.</p></body.content></body></nitf>"
)
NEWSML1_DOC = (
    b"<NewsML><NewsItem><NewsComponent><ContentItem><DataContent><p>PARIS, 3 mai (AFP) - "
    b"Texte.</p></DataContent></ContentItem></NewsComponent></NewsItem></NewsML>"
)


def _readers() -> dict[str, Reader]:
    return {reader.name: reader for reader in formats.REGISTRY}


# --------------------------------------------------------------------------- one name


def test_the_registry_names_every_format_of_the_schema_once() -> None:
    names = formats.REGISTRY.names
    assert len(names) == len(set(names))
    assert set(names) == set(get_args(Format))


def test_the_sniffing_order_is_the_wire_streams_then_xml_then_json_then_text() -> None:
    assert formats.REGISTRY.names == (
        "anpa-1312", "iptc-7901", "newsml-g2", "nitf", "newsml-1.2", "json", "text"
    )  # fmt: skip


@pytest.mark.parametrize("name", get_args(Format))
def test_content_type_for_is_the_readers_first_media_type(name: Format) -> None:
    document = formats.Document(Envelope(text="Headline\n\nBody."), StoryMeta(format=name))
    assert formats.content_type_for(document) == _readers()[name].media_types[0]


def test_the_named_content_types_are_the_readers() -> None:
    readers = _readers()
    assert formats.TEXT == readers["text"].media_types[0] == "text/plain"
    assert formats.JSON == readers["json"].media_types[0] == "application/json"
    assert (
        formats.G2 == readers["newsml-g2"].media_types[0] == "application/vnd.iptc.g2.newsitem+xml"
    )
    assert formats.NITF == readers["nitf"].media_types[0] == "application/nitf+xml"
    assert formats.ANPA == readers["anpa-1312"].media_types[0] == "text/vnd.iptc.anpa"
    assert formats.IPTC7901 == readers["iptc-7901"].media_types[0] == "text/vnd.iptc.7901"
    assert (
        formats.NEWSML1 == readers["newsml-1.2"].media_types[0] == "application/vnd.iptc.newsml+xml"
    )


# --------------------------------------------------------------------------- choosing


def _value_for(reader: Reader) -> bytes:
    """Bytes that are no format at all, or for an XML reader a bare root it reads."""
    if reader.xml_roots:
        return f"<{sorted(reader.xml_roots)[0]}/>".encode()
    return b"Headline\n\nBody."


@pytest.mark.parametrize(
    ("name", "media"),
    [(r.name, m) for r in formats.REGISTRY for m in r.media_types],
)
def test_each_content_type_selects_its_reader(name: str, media: str) -> None:
    reader = _readers()[name]
    for content_type in (media, f"{media.upper()}; charset=ISO-8859-1"):
        sample = Sample(_value_for(reader), content_type)
        assert formats.REGISTRY.choose(sample) is reader
    assert Sample(b"", f"{media}; charset=ISO-8859-1").charset == "ISO-8859-1"


@pytest.mark.parametrize(
    "media", ["application/xml", "text/xml", formats.G2, formats.NITF, formats.NEWSML1]
)
def test_any_xml_content_type_leaves_the_choice_to_the_root(media: str) -> None:
    readers = _readers()
    assert formats.REGISTRY.choose(Sample(NITF_DOC, media)) is readers["nitf"]
    assert formats.REGISTRY.choose(Sample(G2_ITEM, media)) is readers["newsml-g2"]
    assert formats.REGISTRY.choose(Sample(NEWSML1_DOC, media)) is readers["newsml-1.2"]


def test_an_unknown_xml_root_is_unknown_format_by_type_and_by_sniffing() -> None:
    for content_type in (None, "application/xml"):
        with pytest.raises(StoryError) as caught:
            formats.read_document(b"<?xml version='1.0'?><rss/>", content_type)
        assert caught.value.code == "unknown_format"
        assert "'rss'" in caught.value.message


# --------------------------------------------------------------------------- parsed once


def calls_to(monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> list[object]:
    """Wrap ``owner.name`` (a one-argument parser) so each call's argument is recorded."""
    calls: list[object] = []
    real = getattr(owner, name)

    def counting(value: object) -> object:
        calls.append(value)
        return real(value)

    monkeypatch.setattr(owner, name, counting)
    return calls


@pytest.mark.parametrize(
    ("value", "content_type", "expected"),
    [
        (G2_ITEM, None, "newsml-g2"),
        (G2_ITEM, "application/xml", "newsml-g2"),
        (G2_ITEM, formats.G2, "newsml-g2"),
        (NITF_DOC, None, "nitf"),
        (NITF_DOC, formats.NITF, "nitf"),
        (NEWSML1_DOC, None, "newsml-1.2"),
        (NEWSML1_DOC, formats.NEWSML1, "newsml-1.2"),
    ],
)
def test_a_recognised_xml_document_is_parsed_once(
    monkeypatch: pytest.MonkeyPatch, value: bytes, content_type: str | None, expected: str
) -> None:
    calls = calls_to(monkeypatch, base, "parse_xml")
    assert formats.read_document(value, content_type).meta.format == expected
    assert calls == [value]


@pytest.mark.parametrize("content_type", [None, formats.JSON, formats.TEXT])
def test_a_json_envelope_is_parsed_once(
    monkeypatch: pytest.MonkeyPatch, content_type: str | None
) -> None:
    """Labelled as another format, the object decides the format and is then read."""
    value = b'{"id": "wdk-1", "headline": "Port reopens", "body": "LISBON (WDK) - It did."}'
    calls = calls_to(monkeypatch, json, "loads")
    document = formats.read_document(value, content_type)
    assert (document.meta.format, document.envelope.headline) == ("json", "Port reopens")
    assert calls == [value.decode()]


def test_a_value_that_is_not_xml_is_not_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(data: bytes) -> object:
        raise AssertionError("parsed")

    monkeypatch.setattr(base, "parse_xml", refuse)
    assert formats.read_document(b"<b>Bold</b> headline\n\nBody.").meta.format == "text"
    assert formats.read_document(b'{"text": "A\\n\\nB"}').meta.format == "json"


# --------------------------------------------------------------------------- adding one

FAKE_DOCUMENT = formats.Document(Envelope(text="Fake\n\nRead by the fake reader."))


class _FakeReader:
    """A format that opens with ``%WIRE``, or (as XML) has the root ``wire``."""

    # A real format adds its name to models.Format as well (the names test above).
    name: Final = "text"
    media_types: Final = ("text/x-fake-wire",)
    xml_roots: Final = frozenset({"wire"})

    def recognise(self, sample: Sample) -> bool:
        return local_name(sample.root()) == "wire"

    def decisive(self, sample: Sample) -> bool:
        return False

    def read(self, sample: Sample) -> formats.Document:
        return FAKE_DOCUMENT


class _FakeBytesReader(_FakeReader):
    xml_roots: Final = frozenset[str]()  # type: ignore[misc]

    def recognise(self, sample: Sample) -> bool:
        return sample.head.startswith(b"%WIRE")

    def decisive(self, sample: Sample) -> bool:
        return self.recognise(sample)


def _with(fake: Reader, *, before: str) -> Registry:
    """The default readers but ``text``, with ``fake`` registered before ``before``."""
    registry = Registry()
    for reader in formats.REGISTRY:
        if reader.name == before:
            registry.register(fake)
        if reader.name != "text":
            registry.register(reader)
    return registry


def test_a_registered_byte_format_is_recognised_in_its_turn() -> None:
    registry = _with(_FakeBytesReader(), before="anpa-1312")
    assert registry.read(b"  %WIRE 1\nHeadline") is FAKE_DOCUMENT
    assert registry.read(b"anything", "text/x-fake-wire") is FAKE_DOCUMENT
    assert registry.read(b'{"text": "A"}').meta.format == "json"
    with pytest.raises(StoryError) as caught:  # no text reader left to take the rest
        registry.read(b"Headline\n\nBody.")
    assert caught.value.code == "unknown_format"


def test_a_registered_xml_format_is_asked_by_its_root() -> None:
    registry = _with(_FakeReader(), before="json")
    assert registry.read(b"<wire><p>Text</p></wire>") is FAKE_DOCUMENT  # its root is sniffed
    assert registry.read(b"<?xml version='1.0'?><wire/>", "application/xml") is FAKE_DOCUMENT
    assert registry.read(NITF_DOC).meta.format == "nitf"
    assert formats.read_document(b"<wire>Text</wire>").meta.format == "text"  # not registered


def test_a_name_or_media_type_is_registered_once() -> None:
    registry = Registry(formats.REGISTRY)
    with pytest.raises(ValueError, match="registered already"):
        registry.register(_readers()["nitf"])
    fresh = Registry([_readers()["nitf"]])
    with pytest.raises(ValueError, match="application/nitf"):
        fresh.register(_FakeWithTakenType())
    with pytest.raises(ValueError, match="application/xml"):
        fresh.register(_FakeWithXmlType())


class _FakeWithTakenType(_FakeBytesReader):
    media_types: Final = ("application/nitf+xml",)  # type: ignore[misc]


class _FakeWithXmlType(_FakeBytesReader):
    media_types: Final = ("application/xml",)  # type: ignore[misc]


# --------------------------------------------------------------------------- wording


@pytest.mark.parametrize(
    ("notice", "signals", "status"),
    [
        (b"KILL KILL KILL", ["kill"], "canceled"),
        (b"HOLD HOLD HOLD", [], "withheld"),
        (b"BERICHTIGUNG", ["correction"], "usable"),
        (b"CORRECTION", ["correction"], "usable"),
        (b"2ND LEAD", ["update"], "usable"),
    ],
)
def test_iptc7901_instruction_lines_use_the_shared_notices(
    notice: bytes, signals: list[str], status: str
) -> None:
    value = _iptc7901(
        b"eca100 4 pl 20",
        b"Germany/Test/",
        [notice, b"Parliament meets =", b"", b"   Berlin (dpa) - Parliament met."],
        b"\n",
    )
    document = formats.read_document(value)
    assert document.envelope.headline == "Parliament meets"
    assert (document.meta.signals, document.meta.status) == (signals, status)


def _dpa(notice: str) -> StoryMeta:
    value = _iptc7901(
        b"eca100 4 pl 20",
        b"Germany/Test/",
        [notice.encode(), b"Parliament meets =", b"", b"   Berlin (dpa) - Parliament met."],
        b"\n",
    )
    return formats.read_document(value).meta


@pytest.mark.parametrize("notice", [KILL_NOTICE, HOLD_NOTICE])
def test_a_kill_or_hold_notice_means_the_same_to_the_reader_and_the_lifecycle(notice: str) -> None:
    from_tags = facts_from_tags(None, notice, "Berlin (dpa) - Text.")
    meta = _dpa(notice)
    assert meta.status == from_tags.status != "usable"
    assert tuple(meta.signals) == from_tags.signals


@pytest.mark.parametrize("word", sorted(CORRECTION_WORDS))
def test_a_correction_word_means_the_same_to_the_reader_and_the_lifecycle(word: str) -> None:
    assert facts_from_tags(word, "Headline", "Body.").signals == ("correction",)
    assert _dpa(word).signals == ["correction"]
