"""Notes to editors are data, not body: the ``notes`` field, in every format.

Every story here is synthetic, written for wiredesk in the agency's style; the facts and
figures are invented.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from tests.conftest import SEED_DOCUMENTS
from tests.format_seed_bytes import EOT, ETX, SOH, STX, SYN, TEXT_FORMAT, US
from wiredesk import formats
from wiredesk.models import Envelope, EventRecord
from wiredesk.normalize.notes import is_service_line, take_notes
from wiredesk.normalize.pipeline import Resources, normalize

WHEN = datetime(2024, 3, 14, 12, 0, tzinfo=UTC)
LIMIT = 512 * 1024


def _text(story: str, resources: Resources) -> EventRecord:
    return normalize(Envelope(text=story), resources, received_at=WHEN)


def _value(value: bytes, content_type: str, resources: Resources) -> EventRecord:
    document = formats.read_value(value, content_type=content_type, max_bytes=LIMIT)
    return normalize(document.envelope, resources, received_at=WHEN, meta=document.meta)


def _kinds(record: EventRecord) -> list[tuple[str, str]]:
    return [(note.kind, note.text) for note in record.notes]


# ------------------------------------------------------------------------ AP (text)

AP_TEXT = """BC-Argentina-Peso, 1st Ld-Writethru

Argentine peso gains for the first time in a decade

EDITOR'S NOTE _ This story was written before the close of trading.

Eds: Embargoed until 6 p.m. EDT. With AP Photos.

By MARIA LOPEZ
Associated Press

BUENOS AIRES, Argentina, March 14 (AP) _ For the first time in a decade, the peso \
gained against the dollar on Thursday, traders said.

The central bank said its reserves rose to 28 billion dollars.
"""


def test_ap_editors_notes_leave_the_body(text_resources: Resources) -> None:
    record = _text(AP_TEXT, text_resources)
    assert record.body.startswith("For the first time in a decade")
    assert _kinds(record) == [
        ("editors", "EDITOR'S NOTE _ This story was written before the close of trading."),
        ("editors", "Eds: Embargoed until 6 p.m. EDT. With AP Photos."),
    ]
    assert [b.name for b in record.bylines] == ["MARIA LOPEZ"]
    assert record.dateline is not None and record.dateline.place is not None
    assert record.dateline.place.name == "Buenos Aires"
    assert record.dateline.place.country_code == "AR"
    assert record.dateline.date == date(2024, 3, 14)
    assert [a.code for a in record.agencies] == ["ap"]


# ------------------------------------------------------------------------ AP (ANPA)


def _anpa(lines: list[bytes]) -> bytes:
    return (
        SYN + SYN + SOH + b"a0733" + US + b"AAN--\n"
        + b"r s " + TEXT_FORMAT + b" BC-SOC-Argentina-River, 2nd Ld-Writethru 03-14 0210\n"
        + STX + b"".join(line + b"\n" for line in lines)
        + ETX + b"AP-WF-03-14-24 1630GMT\n" + b"\x0c" + EOT
    )  # fmt: skip


ANPA_SPORTS = _anpa(
    [
        b"BC-SOC-Argentina-River, 2nd Ld-Writethru",
        b"^River Plate wins derby in stoppage time<",
        b"^Eds: Updates with coach's comments in paragraph 3.<",
        b"^By DIEGO FERRARI= AP Sports Writer=<",
        b"\tBUENOS AIRES, Argentina, March 14 (AP) _ River Plate beat Boca Juniors 2-1 on",
        b"Thursday with a goal in the fourth minute of stoppage time.",
        b"\tCoach Marcelo Ruiz said the team had never stopped believing.",
    ]
)


def test_anpa_eds_line_and_equals_byline(text_resources: Resources) -> None:
    record = _value(ANPA_SPORTS, "text/vnd.iptc.anpa", text_resources)
    assert record.headline == "River Plate wins derby in stoppage time"
    assert record.body.startswith("River Plate beat Boca Juniors 2-1")
    assert "=" not in record.body and "Eds:" not in record.body
    assert _kinds(record) == [("editors", "Eds: Updates with coach's comments in paragraph 3.")]
    assert [(b.role, b.name) for b in record.bylines] == [("writing", "DIEGO FERRARI")]
    assert record.dateline is not None and record.dateline.place is not None
    assert record.dateline.place.name == "Buenos Aires"
    assert record.dateline.date == date(2024, 3, 14)
    assert [a.code for a in record.agencies] == ["ap"]
    assert "advisory" in record.story.signals


# ----------------------------------------------------------------- dpa (IPTC 7901)


def _iptc7901(lines: list[bytes]) -> bytes:
    return (
        SOH + b"eca233 4 wi 260\r\nGermany/Transport/Port/\r\n"
        + STX + b"".join(line + b"\r\n" for line in lines)
        + ETX + b"\r\n" + EOT
    )  # fmt: skip


DPA_7901 = _iptc7901(
    [
        b"Hamburg port handles record number of containers =",
        b"",
        b"   Hamburg, March 14 (dpa) - The port of Hamburg handled a record number of "
        b"containers in February, the port authority said on Thursday.",
        b"   Volumes rose 4 per cent on the year.",
        b"",
        b"   The following information is not for publication",
        b"   Contacts: Port authority press office, +49 40 5550 1234, press@example.org",
        b"   Links - [Port statistics](https://www.example.org/stats) - "
        b"[Port authority](https://www.example.org)",
        b"",
        b"dpa jb xy",
        b"141031 GMT Mar 24",
    ]
)


def test_dpa_not_for_publication_block(text_resources: Resources) -> None:
    record = _value(DPA_7901, "text/vnd.iptc.7901", text_resources)
    assert record.body.endswith("Volumes rose 4 per cent on the year.")
    assert [kind for kind, _ in _kinds(record)] == ["not_for_publication", "contacts", "links"]
    assert record.notes[2].text.startswith("Links - [Port statistics](https://")
    assert record.signoff is not None and record.signoff.startswith("dpa jb xy")
    assert record.dateline is not None and record.dateline.place is not None
    assert record.dateline.place.name == "Hamburg"
    assert record.dateline.date == date(2024, 3, 14)
    assert [a.code for a in record.agencies] == ["dpa"]


DPA_GERMAN = """Hamburger Hafen meldet Rekord

Hinweis an die Redaktion: Bitte beachten Sie die Sperrfrist bis 14.00 Uhr.

Hamburg (dpa) - Der Hamburger Hafen hat im Februar so viele Container umgeschlagen wie nie.

Nicht zur Veröffentlichung bestimmt

Kontakt: Pressestelle Hafen, Tel. 040 5550 1234

Links: https://www.example.org/statistik

dpa xy zz
"""


def test_dpa_german_notes(text_resources: Resources) -> None:
    record = _text(DPA_GERMAN, text_resources)
    assert record.body == (
        "Der Hamburger Hafen hat im Februar so viele Container umgeschlagen wie nie."
    )
    assert [kind for kind, _ in _kinds(record)] == [
        "editors",
        "not_for_publication",
        "contacts",
        "links",
    ]
    assert record.signoff == "dpa xy zz"


# ----------------------------------------------------------------- dpa (NewsML-G2)

G2_DPA = b"""<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:newsml:dpa.com:20240314:wdk-77"
  version="1" standard="NewsML-G2" standardversion="2.35" xml:lang="en">
  <itemMeta>
    <itemClass qcode="ninat:text"/>
    <provider literal="dpa"/>
    <versionCreated>2024-03-14T10:31:00Z</versionCreated>
    <pubStatus qcode="stat:usable"/>
    <edNote>Corrects the port's name in paragraph 2.</edNote>
  </itemMeta>
  <contentMeta>
    <headline>Hamburg port handles record number of containers</headline>
    <language tag="en"/>
  </contentMeta>
  <contentSet>
    <inlineXML contenttype="application/xhtml+xml">
      <html><body>
        <p>Hamburg, 14.03.2024, 10:31 Uhr</p>
        <p>Hamburg, March 14 (dpa) - The port of Hamburg handled a record number of
        containers in February, the port authority said on Thursday.</p>
        <p>Volumes rose 4 per cent on the year.</p>
        <p>Not for publication</p>
        <p>Contact: port authority press office, press@example.org</p>
      </body></html>
    </inlineXML>
  </contentSet>
</newsItem>
"""


def test_g2_ednote_and_service_line(text_resources: Resources) -> None:
    record = _value(G2_DPA, "application/vnd.iptc.g2.newsitem+xml", text_resources)
    assert record.body.startswith("The port of Hamburg handled a record number")
    assert record.body.endswith("Volumes rose 4 per cent on the year.")
    assert _kinds(record) == [
        ("editors", "Corrects the port's name in paragraph 2."),
        ("service_line", "Hamburg, 14.03.2024, 10:31 Uhr"),
        ("not_for_publication", "Not for publication"),
        ("contacts", "Contact: port authority press office, press@example.org"),
    ]
    assert record.dateline is not None and record.dateline.place is not None
    assert record.dateline.place.name == "Hamburg"
    assert record.dateline.date == date(2024, 3, 14)


# ---------------------------------------------------------------- AFP and Reuters

AFP_TEXT = """France to raise minimum wage by 2 percent

(ATTENTION - ADDS minister's quotes in paras 4-5)

PARIS, March 14, 2024 (AFP) - France will raise its minimum wage by 2 percent from \
May, the labour minister said on Thursday.

"This is a fair rise," she said.
"""


def test_afp_attention_line_is_a_note(text_resources: Resources) -> None:
    record = _text(AFP_TEXT, text_resources)
    assert record.body.startswith("France will raise its minimum wage")
    assert _kinds(record) == [("editors", "(ATTENTION - ADDS minister's quotes in paras 4-5)")]
    assert record.update is None
    # the warning consumers read before notes existed is still given
    assert [w.code.value for w in record.warnings if w.code.value == "editor_note"] == [
        "editor_note"
    ]
    assert record.dateline is not None and record.dateline.date == date(2024, 3, 14)


REUTERS_TEXT = """UPDATE 2-Oil rises on supply worries

(Adds analyst quote in paragraph 3, updates prices)

LONDON, March 14 (Reuters) -Oil prices rose on Thursday as supply worries grew.

Brent crude futures rose 1.2 percent to $84.10 a barrel.

(Reporting by Jane Doe; Editing by John Roe)
"""


def test_reuters_change_note_and_glued_dash(text_resources: Resources) -> None:
    record = _text(REUTERS_TEXT, text_resources)
    assert record.update == "UPDATE 2"
    assert record.body.startswith("Oil prices rose on Thursday")
    assert _kinds(record) == [("editors", "(Adds analyst quote in paragraph 3, updates prices)")]
    assert record.dateline is not None and record.dateline.text == "LONDON, March 14 (Reuters) -"
    assert record.dateline.date == date(2024, 3, 14)


# ------------------------------------------------------------------ the pure parts


def test_a_story_without_notes_keeps_every_paragraph() -> None:
    paragraphs = [
        "LONDON, March 14 (Reuters) - Shares fell.",
        "Contacts between the two sides broke down in May, officials said.",
        "The index closed at 7,700.",
    ]
    assert take_notes(paragraphs) == ([], paragraphs)


def test_links_only_below_the_lead() -> None:
    notes, kept = take_notes(
        ["BERLIN (dpa) - The plan was published.", "https://www.example.org/plan"]
    )
    assert notes == [("links", "https://www.example.org/plan")]
    assert kept == ["BERLIN (dpa) - The plan was published."]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Hamburg, 14.03.2024, 10:31 Uhr", True),
        ("BERLIN, 09:15", True),
        ("Paris, 14 mars 2024 14h05", True),
        ("Trading opened at 10:31.", False),
        ("The meeting ended at 10:31 after the minister left the room in Hamburg.", False),
    ],
)
def test_service_lines(line: str, expected: bool) -> None:
    assert is_service_line(line) is expected


# ------------------------------------------------------------------------ the seeds

_NOTE_OPENINGS = ("Eds:", "EDITOR'S NOTE", "By ", "BC-", "(ATTN", "(ATTENTION")


@pytest.mark.parametrize("path", SEED_DOCUMENTS, ids=[p.name for p in SEED_DOCUMENTS])
def test_no_seed_body_opens_with_a_note(path: object, text_resources: Resources) -> None:
    from pathlib import Path

    assert isinstance(path, Path)
    document = formats.read_value(path.read_bytes(), content_type=None, max_bytes=LIMIT)
    record = normalize(document.envelope, text_resources, received_at=WHEN, meta=document.meta)
    assert not record.body.startswith(_NOTE_OPENINGS)
    assert "Eds:" not in record.body
    assert not is_service_line(record.body.split("\n", 1)[0])


def test_a_sentence_about_publication_opens_no_block() -> None:
    paragraphs = [
        "LONDON (Reuters) - The figures were leaked.",
        "Not for publication, the minister said, were the draft figures of May.",
        "The final figures come out on Friday.",
    ]
    assert take_notes(paragraphs) == ([], paragraphs)


def test_a_quote_opening_attention_is_body() -> None:
    paragraphs = ["PARIS (AFP) - Stores closed early.", "Attention - shoppers were told to leave."]
    assert take_notes(paragraphs) == ([], paragraphs)


def test_a_keyword_line_under_the_headline_is_a_note(text_resources: Resources) -> None:
    record = _text(
        "Argentine peso gains\n\nBC-Argentina-Peso, 1st Ld-Writethru\n\n"
        "BUENOS AIRES, Argentina, March 14 (AP) _ The peso gained on Thursday.",
        text_resources,
    )
    assert _kinds(record) == [("keyword", "BC-Argentina-Peso, 1st Ld-Writethru")]
    assert record.body == "The peso gained on Thursday."


# Each format seed that carries a note to editors, and the note as written there.
SEED_NOTES = {
    "anpa_ap_boise_smoke.tst": "Eds: Moved in advance for use in Idaho.",
    "anpa_ap_denver_cafe_2ndld.anpa": (
        "Eds: Updates with fire department cause, paragraph 4; changes headline."
    ),
    "g2_reuters_manila_port_v3.xml": (
        "Corrects number of berths in paragraph 3 to four from three"
    ),
}


@pytest.mark.parametrize(("name", "note"), SEED_NOTES.items())
def test_format_seeds_keep_their_note(name: str, note: str, text_resources: Resources) -> None:
    from tests.conftest import FORMAT_SEEDS

    value = (FORMAT_SEEDS / name).read_bytes()
    document = formats.read_value(value, content_type=None, max_bytes=LIMIT)
    record = normalize(document.envelope, text_resources, received_at=WHEN, meta=document.meta)
    assert ("editors", note) in _kinds(record)
    assert note not in record.body
