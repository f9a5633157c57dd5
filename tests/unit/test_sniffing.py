"""Bytes over labels: a value whose bytes are a registered format beyond doubt is read as
that format whatever its content type says, with a ``content_type_mismatch`` warning;
an unknown content type is sniffed; bytes that prove nothing keep their label."""

from __future__ import annotations

import itertools

import pytest

from tests.format_seed_bytes import ANPA_DENVER_2NDLD, IPTC7901_HAMBURG_LEAD
from wiredesk import formats
from wiredesk.errors import StoryError
from wiredesk.formats.registry import XML_MEDIA_TYPES

LIMIT = 512 * 1024
G2_NS = "http://iptc.org/std/nar/2006-10-01/"

G2_KILL = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    f'<newsItem xmlns="{G2_NS}" guid="tag:wdk.example,2026:oslo-rates" version="1733305200">'
    '<itemMeta><pubStatus qcode="stat:canceled"/><signal qcode="edStat:D"/></itemMeta>'
    "<contentMeta><headline>Norway holds rates</headline></contentMeta></newsItem>"
).encode()
NITF_DOC = (
    b'<?xml version="1.0"?><nitf><head><docdata><doc-id id-string="efe-1"/></docdata></head>'
    b"<body><body.content><p>MADRID, 3 dic (EFE).- El aceite sube.</p></body.content>"
    b"</body></nitf>"
)
NEWSML1_DOC = (
    b"<NewsML><NewsItem><NewsComponent><ContentItem><DataContent><p>PARIS, 3 d\xc3\xa9c (AFP) - "
    b"Le m\xc3\xa9tro roule.</p></DataContent></ContentItem></NewsComponent></NewsItem></NewsML>"
)
JSON_ENVELOPE = b'{"id": "wdk-1", "headline": "Port reopens", "body": "LISBON (WDK) - It did."}'

# The bytes of every registered format that has bytes of its own (plain text has none).
DOCUMENTS: dict[str, bytes] = {
    "anpa-1312": ANPA_DENVER_2NDLD,
    "iptc-7901": IPTC7901_HAMBURG_LEAD,
    "newsml-g2": G2_KILL,
    "nitf": NITF_DOC,
    "newsml-1.2": NEWSML1_DOC,
    "json": JSON_ENVELOPE,
}
LABELS = sorted({t for r in formats.REGISTRY for t in r.media_types} | XML_MEDIA_TYPES)


def _read(value: bytes, content_type: str | None) -> formats.Document:
    return formats.read_value(value, content_type=content_type, max_bytes=LIMIT)


def _codes(document: formats.Document) -> list[str]:
    return [w.code for w in document.meta.warnings]


def test_every_format_with_bytes_of_its_own_is_tried() -> None:
    assert set(DOCUMENTS) == set(formats.REGISTRY.names) - {"text"}


def _wrong_labels() -> list[tuple[str, str]]:
    return [
        (name, label)
        for name, label in itertools.product(DOCUMENTS, LABELS)
        if label not in formats.REGISTRY.reader(name).media_types
    ]


@pytest.mark.parametrize(("name", "label"), _wrong_labels())
def test_the_bytes_win_over_a_wrong_label(name: str, label: str) -> None:
    document = _read(DOCUMENTS[name], label)
    assert document.meta.format == name
    generic_xml_for_xml = label in XML_MEDIA_TYPES and formats.REGISTRY.reader(name).xml_roots
    if generic_xml_for_xml:  # "some XML" it was: nothing contradicted
        assert "content_type_mismatch" not in _codes(document)
    else:
        mismatch = [w for w in document.meta.warnings if w.code == "content_type_mismatch"]
        assert len(mismatch) == 1
        assert label in mismatch[0].message and name in mismatch[0].message


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_the_right_label_carries_no_warning(name: str) -> None:
    label = formats.REGISTRY.reader(name).media_types[0]
    document = _read(DOCUMENTS[name], label)
    assert document.meta.format == name
    assert "content_type_mismatch" not in _codes(document)


def test_a_g2_kill_labelled_plain_text_is_a_kill_not_a_story_headed_by_its_declaration() -> None:
    document = _read(G2_KILL, "text/plain; charset=utf-8")
    assert document.meta.format == "newsml-g2"
    assert document.meta.guid == "tag:wdk.example,2026:oslo-rates"
    assert document.meta.status == "canceled"
    assert "<?xml" not in document.envelope.raw_text()
    assert _codes(document) == ["content_type_mismatch"]


@pytest.mark.parametrize("label", ["application/octet-stream", "text/html", "binary/x-wire"])
@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_an_unknown_label_is_sniffed_without_a_warning(name: str, label: str) -> None:
    document = _read(DOCUMENTS[name], label)
    assert document.meta.format == name
    assert "content_type_mismatch" not in _codes(document)


def test_plain_text_under_an_unknown_label_is_text() -> None:
    assert _read(b"Headline\n\nBody.", "application/octet-stream").meta.format == "text"


@pytest.mark.parametrize(
    ("value", "label", "expected"),
    [
        # plain text proves nothing: the label stays, and its reader says what is wrong
        (b"Headline\n\nBody.", "application/json", "invalid_json"),
        (b"Headline\n\nBody.", formats.NITF, "malformed_xml"),
        (b"Headline\n\nBody.", formats.ANPA, "invalid_anpa"),
        (b"Headline\n\nBody.", formats.IPTC7901, "invalid_iptc7901"),
        # a brace that opens no JSON object, markup that is no registered root
        (b"{Brackets} open the headline\n\nBody.", formats.G2, "malformed_xml"),
        (b"<b>Bold</b> headline\n\nBody.", "application/json", "invalid_json"),
    ],
)
def test_ambiguous_bytes_keep_their_label(value: bytes, label: str, expected: str) -> None:
    with pytest.raises(StoryError) as caught:
        _read(value, label)
    assert caught.value.code == expected


@pytest.mark.parametrize(
    "value",
    [
        b"{Brackets} open the headline\n\nBody.",
        b'{"unclosed": "object"\n\nBody.',
        b"[1, 2, 3]",
        b"<b>Bold</b> headline\n\nBody.",
        b"<rss>not a news root</rss>",
    ],
)
def test_ambiguous_bytes_labelled_plain_text_stay_plain_text(value: bytes) -> None:
    document = _read(value, formats.TEXT)
    assert document.meta.format == "text"
    assert _codes(document) == []


def test_an_xml_declaration_labelled_plain_text_is_xml_even_with_an_unknown_root() -> None:
    with pytest.raises(StoryError) as caught:
        _read(b'<?xml version="1.0"?><rss><channel/></rss>', formats.TEXT)
    assert caught.value.code == "unknown_format"  # not a story headed "<?xml ..."
