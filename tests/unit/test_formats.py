"""The format readers on their own: sniffing, content types, safe XML, flattening, and a
coded error (never a crash or a hang) for every bad document the issue lists."""

from __future__ import annotations

import pytest

from tests.format_seed_bytes import ANPA_DENVER_2NDLD, IPTC7901_HAMBURG_LEAD
from tests.timing import MAX_RATIO, growth_ratio
from wiredesk import formats
from wiredesk.errors import DEAD_LETTER_CODES, StoryError
from wiredesk.formats.flatten import flatten
from wiredesk.formats.jsonsafe import MAX_JSON_DEPTH
from wiredesk.formats.xmlsafe import parse_xml

LIMIT = 512 * 1024
G2_NS = "http://iptc.org/std/nar/2006-10-01/"


def _read(value: bytes, content_type: str | None = None) -> formats.Document:
    return formats.read_value(value, content_type=content_type, max_bytes=LIMIT)


def _error(value: bytes, content_type: str | None = None) -> StoryError:
    with pytest.raises(StoryError) as caught:
        _read(value, content_type)
    assert caught.value.retriable is False
    assert caught.value.message
    return caught.value


def _g2(body: str, *, root: str = "newsItem", meta: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><{root} xmlns="{G2_NS}" guid="g1" version="4">'
        f"<itemMeta>{meta}</itemMeta><contentMeta><headline>Dam opens</headline></contentMeta>"
        f"{body}</{root}>"
    ).encode()


XHTML_BODY = (
    '<contentSet><inlineXML contenttype="application/xhtml+xml"><html><body>'
    "<p>LIMA, May 3 (Reuters) - Hi <b>big</b> day.</p></body></html></inlineXML></contentSet>"
)


# --------------------------------------------------------------------------- choosing


@pytest.mark.parametrize(
    ("value", "content_type", "expected"),
    [
        (b"Headline\n\nBody.", None, "text"),
        (b'{"text": "A"}', None, "json"),
        (b'{"text": "A"}', "text/plain", "json"),  # a JSON object: the bytes win
        (b"{Brackets} open the headline\n\nBody.", "text/plain", "text"),  # no JSON: label
        (_g2(XHTML_BODY), None, "newsml-g2"),
        (_g2(XHTML_BODY), "application/xml", "newsml-g2"),
        (_g2(XHTML_BODY), "application/vnd.iptc.g2.newsitem+xml; charset=utf-8", "newsml-g2"),
        (b"<nitf><body><body.content><p>Body.</p></body.content></body></nitf>", None, "nitf"),
        (ANPA_DENVER_2NDLD, None, "anpa-1312"),
        (ANPA_DENVER_2NDLD, "text/vnd.iptc.anpa", "anpa-1312"),
        (IPTC7901_HAMBURG_LEAD, None, "iptc-7901"),
        (IPTC7901_HAMBURG_LEAD, "text/vnd.iptc.7901", "iptc-7901"),
        (b"<b>Bold</b> headline\n\nBody.", None, "text"),  # not a news root: plain text
        (b"Headline\n\nBody.", "application/octet-stream", "text"),  # unknown type: sniff
    ],
)
def test_the_content_type_else_the_bytes_choose_the_reader(
    value: bytes, content_type: str | None, expected: str
) -> None:
    assert _read(value, content_type).meta.format == expected


def test_content_type_for_names_each_format() -> None:
    assert formats.content_type_for(_read(ANPA_DENVER_2NDLD)) == "text/vnd.iptc.anpa"
    assert formats.content_type_for(_read(_g2(XHTML_BODY))) == formats.G2


# --------------------------------------------------------------------------- flattening


def test_inline_markup_keeps_its_text() -> None:
    paragraphs, dropped = flatten(parse_xml(b"<body><p>Hi <b>big</b> <i>day</i></p></body>"))
    assert paragraphs == ["Hi big day"]
    assert not dropped


def test_nitf_p_without_block_is_body_and_tables_and_media_are_counted() -> None:
    value = (
        b"<body.content><p>One.</p><block><p>Two <em>words</em>.</p><table><tr><td>9</td>"
        b"</tr></table></block><media media-type='image'/>loose text</body.content>"
    )
    paragraphs, dropped = flatten(parse_xml(value))
    assert paragraphs == ["One.", "Two words.", "loose text"]
    assert dropped == {"table": 1, "media": 1}


def test_dropped_markup_is_a_warning_on_the_record() -> None:
    body = XHTML_BODY.replace("</body>", '<img src="x.jpg"/></body>')
    meta = _read(_g2(body)).meta
    assert [w.code for w in meta.warnings] == ["markup_dropped"]


# --------------------------------------------------------------------------- bad documents


@pytest.mark.parametrize(
    ("name", "value", "content_type", "code"),
    [
        ("malformed-xml", b"<?xml version='1.0'?><newsItem><p>open", None, "malformed_xml"),
        ("unknown-root", b"<?xml version='1.0'?><rss><channel/></rss>", None, "unknown_format"),
        ("xml-type-not-xml", b"Headline\n\nBody", "application/nitf+xml", "malformed_xml"),
        ("package-item", _g2("", root="packageItem"), None, "not_a_story"),
        ("knowledge-item", _g2("", root="knowledgeItem"), None, "not_a_story"),
        (
            "message-without-news-item",
            f'<newsMessage xmlns="{G2_NS}"><itemSet><packageItem guid="p"/></itemSet>'
            "</newsMessage>".encode(),
            None,
            "not_a_story",
        ),
        ("g2-no-text-part", _g2(""), None, "no_text_part"),
        ("nitf-no-body", b"<nitf><head/><body><body.head/></body></nitf>", None, "no_text_part"),
        ("anpa-no-stx", b"\x16\x16\x01a0001\x1fAAN--\nr a BC-X\nno text\x04", None, "invalid_anpa"),
        ("anpa-no-etx", b"\x16\x16\x01a0001\x1fAAN--\nr a BC-X\n\x02\tText", None, "invalid_anpa"),
        ("7901-no-etx", b"\x01eca001 4 pl 10\nX/\n\x02Head =\n Text", None, "invalid_iptc7901"),
        (
            "xml-declared-utf8-is-latin1",
            "<?xml version='1.0' encoding='UTF-8'?><nitf><body><body.content><p>Caf\u00e9"
            "</p></body.content></body></nitf>".encode("latin-1"),
            None,
            "invalid_encoding",
        ),
        (
            "anpa-declared-utf8-is-latin1",
            ANPA_DENVER_2NDLD,
            "text/vnd.iptc.anpa; charset=utf-8",
            "invalid_encoding",
        ),
        (
            "7901-declared-utf8-is-latin1",
            IPTC7901_HAMBURG_LEAD,
            "text/vnd.iptc.7901; charset=UTF-8",
            "invalid_encoding",
        ),
        ("json-deep", b"[" * 5000 + b"]" * 5000, "application/json", "json_too_deep"),
        ("json-deep-sniffed", b'{"a":' * 5000 + b"1" + b"}" * 5000, None, "json_too_deep"),
        ("xml-deep", b"<nitf>" + b"<div>" * 5000 + b"</div>" * 5000 + b"</nitf>", None,
         "malformed_xml"),
    ],
)  # fmt: skip
def test_bad_documents_are_coded_errors(
    name: str, value: bytes, content_type: str | None, code: str
) -> None:
    assert _error(value, content_type).code == code, name


def test_latin1_without_a_declared_charset_is_read_with_a_warning() -> None:
    document = _read(ANPA_DENVER_2NDLD)
    assert "Café Rosé" in document.envelope.raw_text()
    assert [w.code for w in document.meta.warnings] == ["encoding_assumed"]
    declared = _read(ANPA_DENVER_2NDLD, "text/vnd.iptc.anpa; charset=iso-8859-1")
    assert "Café Rosé" in declared.envelope.raw_text()
    assert declared.meta.warnings == []


def test_json_at_the_depth_limit_is_still_an_envelope() -> None:
    nested = '{"x":' * (MAX_JSON_DEPTH - 1) + "1" + "}" * (MAX_JSON_DEPTH - 1)
    value = ('{"text": "Headline\\n\\nBody", "extra": ' + nested + "}").encode()
    assert _read(value).envelope.text == "Headline\n\nBody"


# --------------------------------------------------------------------------- safe XML


def _bomb(levels: int) -> bytes:
    """Billion laughs: each entity is ten of the one before, so ``levels`` entities expand
    to 10**levels copies if a parser expanded them."""
    entities = ['<!ENTITY e0 "lol">'] + [
        f'<!ENTITY e{i} "{("&e" + str(i - 1) + ";") * 10}">' for i in range(1, levels)
    ]
    subset = "".join(entities)
    return (
        f'<?xml version="1.0"?><!DOCTYPE newsItem [{subset}]>'
        f'<newsItem xmlns="{G2_NS}" guid="b"><contentMeta><headline>&e{levels - 1};</headline>'
        f"</contentMeta></newsItem>"
    ).encode()


def test_an_entity_bomb_is_refused() -> None:
    assert _error(_bomb(10)).code == "xml_forbidden"


def test_external_entities_are_refused_and_never_fetched() -> None:
    value = (
        b'<?xml version="1.0"?><!DOCTYPE nitf [<!ENTITY x SYSTEM "file:///etc/hostname">]>'
        b"<nitf><body><body.content><p>&x;</p></body.content></body></nitf>"
    )
    assert _error(value).code == "xml_forbidden"


def test_a_doctype_without_entities_is_read_without_loading_the_dtd() -> None:
    value = (
        b'<?xml version="1.0"?><!DOCTYPE nitf SYSTEM "http://example.invalid/nitf-3-2.dtd">'
        b"<nitf><body><body.content><p>PARIS (AFP) - Text.</p></body.content></body></nitf>"
    )
    assert _read(value).envelope.body == "PARIS (AFP) - Text."


def test_an_entity_bomb_costs_time_linear_in_its_size() -> None:
    """A parser that expanded entities would take 10**50 / 10**3 times longer on the large
    bomb; refusing it takes time linear in its bytes (ratio about 8, bound 16)."""

    def refuse(value: bytes) -> None:
        with pytest.raises(StoryError):
            formats.read_value(value, max_bytes=LIMIT)

    small, large = _bomb(3), _bomb(50)
    assert len(large) > 8 * len(small)
    ratio = growth_ratio(lambda: refuse(small), lambda: refuse(large), factor=8)
    assert ratio < MAX_RATIO, (
        f"refusing a bomb grew {ratio:.1f}x for {len(large) / len(small):.0f}x the bytes"
    )


def test_refusing_a_bomb_costs_no_more_than_reading_a_story_of_its_size() -> None:
    """Same-process ratio: the bomb is refused faster than an ordinary document is read."""
    bomb = _bomb(30)
    filler = "<p>" + "word " * (len(bomb) // 5) + "</p>"
    story = _g2(XHTML_BODY.replace("<p>LIMA", filler + "<p>LIMA"))

    def refuse() -> None:
        with pytest.raises(StoryError):
            formats.read_value(bomb, max_bytes=LIMIT)

    ratio = growth_ratio(lambda: _read(story), refuse, factor=1, bound=4.0)
    assert ratio < 4.0, f"refusing the bomb took {ratio:.1f}x reading a story of its size"


def test_the_records_doc_documents_every_dead_letter_code() -> None:
    from pathlib import Path

    doc = Path(__file__).resolve().parents[2] / "docs" / "records.md"
    readme = doc.read_text(encoding="utf-8")
    missing = [c.value for c in DEAD_LETTER_CODES if f"`{c}`" not in readme]
    assert not missing, f"codes missing from docs/records.md's dead-letter list: {missing}"


@pytest.mark.parametrize(
    ("value", "content_type"),
    [
        (
            b'<?xml version="1.0"?><nitf><head><docdata><doc-id id-string="n1"/></docdata></head>'
            b"<body><body.head><hedline><hl1>Port reopens</hl1></hedline><distributor>"
            + b"Wire Desk Syndicate "
            * 60
            + b"</distributor></body.head><body.content>"
            b"<p>LISBON (WDK) - The port reopened on Monday.</p></body.content></body></nitf>",
            "application/nitf+xml",
        ),
        (
            b'<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="g1" version="1">'
            b"<contentMeta><headline>Port reopens</headline><creditline>"
            + b"Wire Desk Syndicate "
            * 60
            + b"</creditline></contentMeta><contentSet>"
            b'<inlineXML contenttype="application/xhtml+xml"><html><body><p>LISBON (WDK) - The '
            b"port reopened on Monday.</p></body></html></inlineXML></contentSet></newsItem>",
            "application/vnd.iptc.g2.newsitem+xml",
        ),
    ],
    ids=["nitf-distributor", "g2-creditline"],
)
def test_an_overlong_distributor_or_credit_line_is_cut_not_a_crash(
    value: bytes, content_type: str
) -> None:
    """Found by the hostile-input run: a 1,200-character distributor raised pydantic's
    ValidationError (a pipeline_failed dead letter). The story is kept; its source is
    the first 512 characters."""
    document = formats.read_value(value, content_type=content_type, max_bytes=100_000)
    assert document.envelope.source is not None
    assert document.envelope.source.startswith("Wire Desk Syndicate")
    assert len(document.envelope.source) <= 512
    assert "port reopened" in (document.envelope.body or "")
