"""The NewsML 1.2 reader on its own: identity and revisions, status and instructions,
the body's three forms, language, and a coded error (never a crash or a hang) for every
bad or hostile document."""

from __future__ import annotations

import pytest

from tests.timing import MAX_RATIO, growth_ratio
from wiredesk import formats
from wiredesk.errors import StoryError
from wiredesk.formats.document import MAX_SOURCE

LIMIT = 512 * 1024
NS = "http://iptc.org/std/NewsML/2003-10-10/"

IDENTIFICATION = (
    "<Identification><NewsIdentifier><ProviderId>afp.com</ProviderId><DateId>20240506"
    "</DateId><NewsItemId>TX-1</NewsItemId><RevisionId PreviousRevision='2' Update='U'>3"
    "</RevisionId><PublicIdentifier>urn:newsml:afp.com:20240506:TX-1:3U</PublicIdentifier>"
    "</NewsIdentifier><NameLabel>France-test</NameLabel></Identification>"
)
NITF_TEXT = (
    "<ContentItem><MediaType FormalName='Text'/><DataContent><nitf><body><body.content>"
    "<p>LYON, 6 mai 2024 (AFP) - Le <b>grand</b> jour.</p></body.content></body></nitf>"
    "</DataContent></ContentItem>"
)


def _doc(
    *,
    identification: str = IDENTIFICATION,
    management: str = "<Status FormalName='Usable'/>",
    lines: str = "<HeadLine>Le titre</HeadLine>",
    metadata: str = "",
    content: str = NITF_TEXT,
    item_attrs: str = "",
    root_attrs: str = "",
    items: int = 1,
) -> bytes:
    item = (
        f"<NewsItem{item_attrs}>{identification}<NewsManagement>{management}</NewsManagement>"
        f"<NewsComponent><NewsLines>{lines}</NewsLines>{metadata}<NewsComponent>{content}"
        "</NewsComponent></NewsComponent></NewsItem>"
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><NewsML Version="1.2"{root_attrs}>'
        f"{item * items}</NewsML>"
    ).encode()


def _read(value: bytes, content_type: str | None = None) -> formats.Document:
    return formats.read_value(value, content_type=content_type, max_bytes=LIMIT)


def _error(value: bytes) -> StoryError:
    with pytest.raises(StoryError) as caught:
        _read(value)
    assert caught.value.retriable is False and caught.value.message
    return caught.value


# --------------------------------------------------------------------------- reading


def test_identity_revision_and_previous_revision() -> None:
    meta = _read(_doc()).meta
    assert meta.format == "newsml-1.2"
    assert meta.guid == "urn:newsml:afp.com:20240506:TX-1"
    assert meta.version == 3
    assert meta.previous_version == "urn:newsml:afp.com:20240506:TX-1:2"
    assert meta.signals == ["update"]
    assert meta.slugline == "France-test"


def test_only_a_public_identifier_gives_guid_and_revision() -> None:
    identification = (
        "<Identification><NewsIdentifier><PublicIdentifier>urn:newsml:efe.com:20240214:"
        "X-9:4N</PublicIdentifier></NewsIdentifier></Identification>"
    )
    meta = _read(_doc(identification=identification)).meta
    assert (meta.guid, meta.version) == ("urn:newsml:efe.com:20240214:X-9", 4)


def test_no_identification_is_version_none_and_a_content_id() -> None:
    document = _read(_doc(identification=""))
    assert (document.meta.guid, document.meta.version) == (None, None)
    assert document.envelope.headline == "Le titre"


@pytest.mark.parametrize(
    ("management", "status", "signals"),
    [
        ("<Status FormalName='Canceled'/>", "canceled", ["update", "kill"]),
        ("<Status FormalName='Withheld'/>", "withheld", ["update"]),
        ("<Instruction FormalName='Correction'/>", "usable", ["update", "correction"]),
        ("<Instruction FormalName='Rectify'/>", "usable", ["update", "correction"]),
        ("<Instruction FormalName='Kill'/>", "canceled", ["update", "kill"]),
        ("<Instruction FormalName='Unheard-of'/>", "usable", ["update"]),
    ],
)
def test_status_and_instructions(management: str, status: str, signals: list[str]) -> None:
    meta = _read(_doc(management=management)).meta
    assert (meta.status, meta.signals) == (status, signals)


def test_a_canceled_item_without_text_is_still_a_story() -> None:
    document = _read(_doc(management="<Status FormalName='Canceled'/>", content=""))
    assert document.meta.status == "canceled" and "kill" in document.meta.signals
    assert document.envelope.body == ""


def test_embargo_urgency_and_times() -> None:
    management = (
        "<FirstCreated>20240506T080000Z</FirstCreated><ThisRevisionCreated>"
        "20240506T100000+0200</ThisRevisionCreated><Status FormalName='Embargoed'/>"
        "<StatusWillChange><FutureStatus FormalName='Usable'/><DateAndTimeOfChange>"
        "20240507T000000Z</DateAndTimeOfChange></StatusWillChange><Urgency FormalName='2'/>"
    )
    meta = _read(_doc(management=management)).meta
    assert meta.status == "usable"
    assert meta.embargoed_until is not None and meta.embargoed_until.isoformat().startswith(
        "2024-05-07T00:00"
    )
    assert meta.version_created is not None and meta.version_created.hour == 8
    assert meta.urgency == 2


def test_the_envelope_priority_is_the_urgency_when_the_item_has_none() -> None:
    value = _doc().replace(
        b"<NewsItem>", b"<NewsEnvelope><Priority FormalName='6'/></NewsEnvelope><NewsItem>"
    )
    assert _read(value).meta.urgency == 6


def test_newslines_metadata_and_language() -> None:
    lines = (
        "<HeadLine>Le titre</HeadLine><DateLine>LYON, 6 mai 2024 (AFP) -</DateLine>"
        "<CreditLine>AFP</CreditLine><SlugLine>France-lyon</SlugLine>"
    )
    metadata = (
        "<AdministrativeMetadata><Provider><Party FormalName='AFP'/></Provider>"
        "</AdministrativeMetadata><DescriptiveMetadata><Language FormalName='fr'/>"
        "<SubjectCode><Subject FormalName='09000000'/><SubjectDetail FormalName='09003001'/>"
        "</SubjectCode><Location><Property FormalName='Country' Value='FRA'/>"
        "<Property FormalName='City' Value='Lyon'/></Location></DescriptiveMetadata>"
    )
    document = _read(_doc(lines=lines, metadata=metadata))
    meta = document.meta
    assert meta.dateline == "LYON, 6 mai 2024 (AFP) -"
    assert meta.slugline == "France-lyon" and meta.provider == "AFP"
    assert [s.code for s in meta.subjects] == ["subj:09000000", "subj:09003001"]
    assert meta.located is not None and (meta.located.name, meta.located.code) == ("Lyon", "FRA")
    assert document.envelope.language == "fr"
    assert document.envelope.source == "AFP"
    assert document.envelope.body == "LYON, 6 mai 2024 (AFP) - Le grand jour."


def test_xml_lang_of_the_item_wins_over_the_language_element() -> None:
    metadata = "<DescriptiveMetadata><Language FormalName='es'/></DescriptiveMetadata>"
    assert _read(_doc(metadata=metadata, item_attrs=' xml:lang="pt-BR"')).envelope.language == (
        "pt-BR"
    )
    assert _read(_doc(metadata=metadata, root_attrs=' xml:lang="it"')).envelope.language == "it"
    assert _read(_doc(metadata=metadata)).envelope.language == "es"


@pytest.mark.parametrize("tag", ["x", "a" * 40, "fr fr", "&lt;&gt;", "12"])
def test_a_language_that_is_no_tag_is_none_not_a_crash(tag: str) -> None:
    metadata = f"<DescriptiveMetadata><Language FormalName='{tag}'/></DescriptiveMetadata>"
    assert _read(_doc(metadata=metadata)).envelope.language is None


def test_a_timestamp_dateline_is_ignored() -> None:
    meta = _read(_doc(lines="<HeadLine>T</HeadLine><DateLine>20240506T093000Z</DateLine>")).meta
    assert meta.dateline is None


def test_xhtml_and_plain_text_bodies_and_media_skipped() -> None:
    photo = "<ContentItem Href='a.jpg'><MediaType FormalName='Photo'/></ContentItem>"
    xhtml = (
        "<ContentItem><Format FormalName='XHTML'/><DataContent><html xmlns="
        "'http://www.w3.org/1999/xhtml'><head><title>No</title></head><body><p>Uno.</p>"
        "<p>Dos <i>tres</i>.</p></body></html></DataContent></ContentItem>"
    )
    assert _read(_doc(content=photo + xhtml)).envelope.body == "Uno.\n\nDos tres."
    plain = (
        "<ContentItem><MimeType FormalName='text/plain'/><DataContent>First  para.\n\n"
        "Second\npara.</DataContent></ContentItem>"
    )
    assert _read(_doc(content=plain)).envelope.body == "First para.\n\nSecond para."


def test_in_the_schema_namespace_too() -> None:
    value = _doc().replace(b'<NewsML Version="1.2">', f'<NewsML xmlns="{NS}">'.encode())
    assert _read(value).meta.guid == "urn:newsml:afp.com:20240506:TX-1"


def test_more_items_read_the_first_with_a_warning() -> None:
    meta = _read(_doc(items=3)).meta
    assert [w.code for w in meta.warnings] == ["items_skipped"]


def test_sniffed_without_a_declaration() -> None:
    value = _doc().removeprefix(b'<?xml version="1.0" encoding="UTF-8"?>')
    assert _read(value).meta.format == "newsml-1.2"
    assert formats.content_type_for(_read(value)) == "application/vnd.iptc.newsml+xml"


# --------------------------------------------------------------------------- bad documents


@pytest.mark.parametrize(
    ("name", "value", "code"),
    [
        ("no-news-item", b"<NewsML><NewsEnvelope/></NewsML>", "not_a_story"),
        ("no-text", _doc(content=""), "no_text_part"),
        ("photo-only", _doc(content="<ContentItem><MediaType FormalName='Photo'/>"
                                    "<DataContent>base64</DataContent></ContentItem>"),
         "no_text_part"),
        ("empty-text", _doc(content="<ContentItem><DataContent>  </DataContent></ContentItem>"),
         "no_text_part"),
        ("malformed", b"<?xml version='1.0'?><NewsML><NewsItem>", "malformed_xml"),
        ("deep", b"<NewsML>" + b"<NewsItem>" * 5000 + b"</NewsItem>" * 5000 + b"</NewsML>",
         "malformed_xml"),
        ("declared-utf8-is-latin1",
         "<?xml version='1.0' encoding='UTF-8'?><NewsML><NewsItem><NewsComponent><ContentItem>"
         "<DataContent>Grève</DataContent></ContentItem></NewsComponent></NewsItem>"
         "</NewsML>".encode("latin-1"), "invalid_encoding"),
        ("external-entity",
         b'<?xml version="1.0"?><!DOCTYPE NewsML [<!ENTITY x SYSTEM "file:///etc/hostname">]>'
         b"<NewsML><NewsItem><NewsComponent><ContentItem><DataContent>&x;</DataContent>"
         b"</ContentItem></NewsComponent></NewsItem></NewsML>", "xml_forbidden"),
    ],
)  # fmt: skip
def test_bad_documents_are_coded_errors(name: str, value: bytes, code: str) -> None:
    assert _error(value).code == code, name


def _bomb(levels: int) -> bytes:
    entities = ['<!ENTITY e0 "lol">'] + [
        f'<!ENTITY e{i} "{("&e" + str(i - 1) + ";") * 10}">' for i in range(1, levels)
    ]
    return (
        f'<?xml version="1.0"?><!DOCTYPE NewsML [{"".join(entities)}]><NewsML><NewsItem>'
        f"<NewsComponent><NewsLines><HeadLine>&e{levels - 1};</HeadLine></NewsLines>"
        "</NewsComponent></NewsItem></NewsML>"
    ).encode()


def test_an_entity_bomb_is_refused_in_time_linear_in_its_size() -> None:
    assert _error(_bomb(10)).code == "xml_forbidden"

    def refuse(value: bytes) -> None:
        with pytest.raises(StoryError):
            formats.read_value(value, max_bytes=LIMIT)

    small, large = _bomb(3), _bomb(50)
    ratio = growth_ratio(lambda: refuse(small), lambda: refuse(large), factor=8)
    assert ratio < MAX_RATIO


def test_a_doctype_without_entities_is_read_without_loading_the_dtd() -> None:
    value = _doc().replace(
        b"<NewsML", b'<!DOCTYPE NewsML SYSTEM "http://example.invalid/NewsML_1.2.dtd"><NewsML', 1
    )
    assert _read(value).envelope.body == "LYON, 6 mai 2024 (AFP) - Le grand jour."


@pytest.mark.parametrize(
    "management",
    [
        "<ThisRevisionCreated>99999999T999999Z</ThisRevisionCreated>",
        "<FirstCreated>not a time</FirstCreated><Urgency FormalName='0'/>",
        "<Urgency FormalName='99'/><Status FormalName='%%%'/>",
        "<Status FormalName='Embargoed'/><StatusWillChange><DateAndTimeOfChange>soon"
        "</DateAndTimeOfChange></StatusWillChange>",
    ],
)
def test_unreadable_metadata_is_none_not_a_crash(management: str) -> None:
    meta = _read(_doc(management=management)).meta
    assert meta.status == "usable"
    assert meta.urgency is None and meta.embargoed_until is None
    assert meta.first_created is None and meta.version_created is None


def test_hostile_identifiers_and_lines_are_kept_within_bounds() -> None:
    identification = (
        "<Identification><NewsIdentifier><ProviderId>p</ProviderId><DateId>d</DateId>"
        f"<NewsItemId>i</NewsItemId><RevisionId PreviousRevision='-1'>{'9' * 400}</RevisionId>"
        "</NewsIdentifier></Identification>"
    )
    lines = f"<HeadLine>T</HeadLine><CreditLine>{'Wire Desk Syndicate ' * 60}</CreditLine>"
    document = _read(_doc(identification=identification, lines=lines))
    assert document.meta.version == int("9" * 400) and document.meta.previous_version is None
    assert document.envelope.source is not None and len(document.envelope.source) <= MAX_SOURCE
    assert _read(_doc(identification=identification.replace("9" * 400, "0"))).meta.version == 1
