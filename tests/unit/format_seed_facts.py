"""What an editor knows about each document in ``seeds/formats/``: one hand-written entry
per file, written from the document itself, never from the pipeline's output.

``body_start``/``body_end`` are the first/last 40 characters of the clean body;
``place`` is the dateline place's canonical name (``None``: no dateline), ``date`` the
dateline date; ``dateline_source`` where it came from; ``agencies`` the agency codes;
``id`` the record id (``None``: the content hash, the format has no ids); the ``story``
fields as the document states them. ``case`` names the formats.md section 6 case(s) the
document covers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

REUTERS_GUID = "tag:reuters.com,2024:newsml_L8N3WDESK1"


@dataclass(frozen=True)
class FormatFact:
    file: str
    content_type: str
    format: str
    received_at: datetime
    headline: str
    body_start: str
    body_end: str
    place: str | None
    date: str | None
    agencies: tuple[str, ...]
    id: str | None
    version: int
    status: str = "usable"
    signals: tuple[str, ...] = ()
    urgency: int | None = None
    embargoed_until: datetime | None = None
    subjects: tuple[str, ...] = ()
    dateline_source: str | None = "body"
    located: str | None = None
    previous_version: str | None = None
    version_created: datetime | None = None
    cases: tuple[int, ...] = field(default=())


def _t(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


G2 = "application/vnd.iptc.g2.newsitem+xml"
NITF = "application/nitf+xml"
ANPA = "text/vnd.iptc.anpa"
IPTC7901 = "text/vnd.iptc.7901"

FORMAT_FACTS: list[FormatFact] = [
    FormatFact(
        file="g2_reuters_manila_port_v2.xml",
        content_type=G2,
        format="newsml-g2",
        received_at=_t("2024-05-03T06:42:00+00:00"),
        headline="Manila port congestion eases as new terminal opens",
        body_start="Container ships waiting to berth at Mani",
        body_end="ongestion surcharges to Manila cargo since January.",
        place="Manila",
        date="2024-05-03",
        agencies=("reuters",),
        id=f"{REUTERS_GUID}:197000999",
        version=197000999,
        signals=("update",),
        urgency=3,
        subjects=("medtop:20000344", "medtop:04000000", "geo:PHL"),
        located="Singapore",
        previous_version=f"{REUTERS_GUID}:197000410",
        version_created=_t("2024-05-03T06:41:12+00:00"),
        cases=(7,),
    ),
    FormatFact(
        file="g2_reuters_manila_port_v3.xml",
        content_type=G2,
        format="newsml-g2",
        received_at=_t("2024-05-03T07:16:00+00:00"),
        headline="Manila port congestion eases as new terminal opens",
        body_start="Container ships waiting to berth at Mani",
        body_end="ongestion surcharges to Manila cargo since January.",
        place="Manila",
        date="2024-05-03",
        agencies=("reuters",),
        id=f"{REUTERS_GUID}:197001000",
        version=197001000,
        signals=("update", "correction", "advisory"),
        urgency=3,
        subjects=("medtop:20000344",),
        located="Singapore",
        previous_version=f"{REUTERS_GUID}:197000999",
        version_created=_t("2024-05-03T07:15:00+00:00"),
        cases=(1, 2),
    ),
    FormatFact(
        file="g2_reuters_manila_port_kill.xml",
        content_type=G2,
        format="newsml-g2",
        received_at=_t("2024-05-03T09:03:00+00:00"),
        headline="STORY WITHDRAWN-Manila port congestion eases as new terminal opens",
        body_start="",
        body_end="",
        place=None,
        date=None,
        agencies=("reuters",),
        id=f"{REUTERS_GUID}:197001437",
        version=197001437,
        status="canceled",
        signals=("kill", "advisory", "withdrawal"),
        urgency=2,
        dateline_source=None,
        version_created=_t("2024-05-03T09:02:30+00:00"),
        cases=(3,),
    ),
    FormatFact(
        file="g2_afp_stockholm_embargo.xml",
        content_type="application/vnd.iptc.g2.newsmessage+xml",
        format="newsml-g2",
        received_at=_t("2029-12-30T14:06:00+00:00"),
        headline="Sweden lifts ban on uranium mining from New Year",
        body_start="Sweden will lift its ban on uranium mini",
        body_end="argest known uranium deposits in the European Union.",
        place="Stockholm",
        date="2029-12-30",
        agencies=("afp",),
        id="urn:newsml:afp.com:20291230:TX-PAR-WDK41:2",
        version=2,
        signals=("update",),
        urgency=4,
        embargoed_until=_t("2030-01-01T00:00:00+00:00"),
        subjects=("medtop:20000587", "medtop:20000484"),
        version_created=_t("2029-12-30T14:04:10+00:00"),
        cases=(4, 5),
    ),
    FormatFact(
        file="g2_dpa_message_knowledge.xml",
        content_type="application/xml",
        format="newsml-g2",
        received_at=_t("2024-03-12T11:31:00+00:00"),
        headline="Berlin suburban rail to run every five minutes on busiest lines",
        body_start="Berlin's S-Bahn suburban rail network wi",
        body_end="t reliability mattered more than frequency.",
        place="Berlin",
        date=None,
        agencies=("dpa",),
        id="urn:newsml:dpa.com:20240312:240312-99-318842:1",
        version=1,
        urgency=5,
        subjects=("dpasrv:wi", "medtop:20000349"),
        located="Berlin",
        version_created=_t("2024-03-12T11:30:00+00:00"),
        cases=(4, 5, 6),
    ),
    FormatFact(
        file="nitf_ap_ns_chicago_update.xml",
        content_type=NITF,
        format="nitf",
        received_at=_t("2024-06-11T18:23:00+00:00"),
        headline="Lake Michigan rises to highest June level in five years",
        body_start="Lake Michigan has climbed to its highest",
        body_end="y closely,” district engineer Paul Ostrowski said.",
        place="Chicago",
        date=None,
        agencies=("ap",),
        id="a1f0c9e2b7d84c6e9d3b2a1c0f9e8d7c:2",
        version=2,
        signals=("update", "advisory"),
        urgency=4,
        subjects=("subj:06000000", "subj:17000000"),
        located="Chicago",
        version_created=_t("2024-06-11T18:22:00+00:00"),
        cases=(8,),
    ),
    FormatFact(
        file="nitf_ap_kill_chicago.xml",
        content_type=NITF,
        format="nitf",
        received_at=_t("2024-06-11T20:16:00+00:00"),
        headline="KILL: Lake Michigan rises to highest June level in five years",
        body_start="The Associated Press has withdrawn the s",
        body_end="ake's June level. A corrected version will be sent.",
        place="Chicago",
        date=None,
        agencies=("ap",),
        id="5e4d3c2b1a0f49e8b7c6d5e4f3a2b1c0:1",
        version=1,
        status="canceled",
        signals=("kill", "advisory"),
        urgency=1,
        previous_version="a1f0c9e2b7d84c6e9d3b2a1c0f9e8d7c",
        version_created=_t("2024-06-11T20:15:00+00:00"),
        cases=(8,),
    ),
    FormatFact(
        file="nitf_efe_madrid_trains.nitf",
        content_type=NITF,
        format="nitf",
        received_at=_t("2024-05-03T07:16:00+00:00"),
        headline="Spain brings back night trains to Lisbon and Paris",
        body_start="Spain's state rail operator will restore",
        body_end="vellers look for alternatives to short-haul flights.",
        place="Madrid",
        date="2024-05-03",
        agencies=("efe",),
        id="EFE-20240503-19582231:1",
        version=1,
        signals=("correction",),
        urgency=5,
        subjects=("subj:04015000",),
        located="Madrid",
        version_created=_t("2024-05-03T07:15:00+00:00"),
        cases=(5,),
    ),
    FormatFact(
        file="anpa_ap_denver_cafe_2ndld.anpa",
        content_type=ANPA,
        format="anpa-1312",
        received_at=_t("2013-07-14T15:10:00+00:00"),
        headline="Fire guts landmark Denver café; owner vows to rebuild",
        body_start="A fire early Sunday gutted the Café Rosé",
        body_end="ectrical fault in a storage room started the blaze.",
        place="Denver",
        date=None,
        agencies=("ap",),
        id=None,
        version=2,
        signals=("update", "advisory"),
        urgency=3,
        subjects=("anpa:a",),
        version_created=_t("2013-07-14T15:09:00+00:00"),
        cases=(9,),
    ),
    FormatFact(
        file="anpa_ap_boise_smoke.tst",
        content_type=ANPA,
        format="anpa-1312",
        received_at=_t("2013-08-21T14:13:00+00:00"),
        headline="Smoke from Oregon fires closes Boise schools for a second day",
        body_start="Smoke drifting east from wildfires in Or",
        body_end=" said classes would resume Wednesday if the air cleared.",
        place="Boise",
        date=None,
        agencies=("ap",),
        id=None,
        version=1,
        signals=("advisory",),
        urgency=5,
        subjects=("anpa:n",),
        version_created=_t("2013-08-21T14:12:00+00:00"),
        cases=(9,),
    ),
    FormatFact(
        file="anpa_ap_denver_cafe_kill.anpa",
        content_type=ANPA,
        format="anpa-1312",
        received_at=_t("2013-07-14T15:43:00+00:00"),
        headline="KILL: Denver cafe fire story",
        body_start="Editors: Kill the BC-Denver-Cafe Fire st",
        body_end="the wrong owner. A corrected story will move shortly.",
        place="Denver",
        date=None,
        agencies=("ap",),
        id=None,
        version=1,
        status="canceled",
        signals=("kill",),
        urgency=2,
        subjects=("anpa:a",),
        version_created=_t("2013-07-14T15:42:00+00:00"),
        cases=(3,),
    ),
    FormatFact(
        file="iptc7901_dpa_hamburg_port_lead.7901",
        content_type=IPTC7901,
        format="iptc-7901",
        received_at=_t("2024-05-03T14:31:00+00:00"),
        headline="Hamburg port handles more containers for the first time in three years",
        body_start="Germany's largest port handled more cont",
        body_end="ger said the deepening of the Elbe was paying off.",
        place="Hamburg",
        date=None,
        agencies=("dpa",),
        id=None,
        version=1,
        signals=("update",),
        urgency=4,
        subjects=("iptc7901:wi",),
        version_created=_t("2024-05-03T14:30:00+00:00"),
        cases=(9,),
    ),
    FormatFact(
        file="iptc7901_dpa_munich_beer.7901",
        content_type=IPTC7901,
        format="iptc-7901",
        received_at=_t("2024-07-25T10:13:00+00:00"),
        headline="Oktoberfest beer price passes 15 euros for the first time",
        body_start="A litre of beer at Munich's Oktoberfest ",
        body_end="Bäumler said the rise was smaller than inflation.",
        place="Munich",
        date=None,
        agencies=("dpa",),
        id=None,
        version=1,
        urgency=3,
        subjects=("iptc7901:vm",),
        version_created=_t("2024-07-25T10:12:00+00:00"),
    ),
    FormatFact(
        file="iptc7901_dpa_hamburg_port_kill.7901",
        content_type=IPTC7901,
        format="iptc-7901",
        received_at=_t("2024-05-03T15:13:00+00:00"),
        headline="Hamburg port handles more containers for the first time in three years",
        body_start="The story eca062 is withdrawn. It gave t",
        body_end="ave the wrong quarter. A corrected version follows.",
        place="Hamburg",
        date=None,
        agencies=("dpa",),
        id=None,
        version=1,
        status="canceled",
        signals=("kill",),
        urgency=1,
        subjects=("iptc7901:wi",),
        version_created=_t("2024-05-03T15:12:00+00:00"),
        cases=(3,),
    ),
]
