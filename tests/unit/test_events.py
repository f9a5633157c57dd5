"""The event stage (issue 25): what a desk editor checks of the coded events.

The seed story, the synthetic wire ledes of ``tests/eval/events_wire.py`` (every PLOVER type,
and stories that are no political event), and the manual's ambiguities: a future meeting is
AGREE, "said" alone is nothing, a quoted accusation is ACCUSE by the speaker's side.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from tests.eval.events import recode
from tests.eval.events_wire import EVENTS, NON_EVENTS, RECEIVED_AT, Lede
from wiredesk.models import CodedEvent, Envelope, EventRecord
from wiredesk.normalize.events import QUADS, code_events
from wiredesk.normalize.events.lexicon import RULES, verb_forms
from wiredesk.normalize.events.sentences import date_of, sentences
from wiredesk.normalize.events.tokens import Matcher, tokenize
from wiredesk.normalize.pipeline import Resources, normalize

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_118fa2c7f2d82249.txt"


def _record(text: str, resources: Resources, when: datetime = RECEIVED_AT) -> EventRecord:
    return normalize(Envelope(text=text), resources, received_at=when)


def _countries(events: list[CodedEvent], side: str) -> set[str]:
    return {a.country for e in events for a in getattr(e, side) if a.country}


@pytest.fixture(scope="module")
def seed(resources: Resources) -> EventRecord:
    when = datetime(2020, 10, 6, 10, 0, tzinfo=timezone(timedelta(hours=9)))
    return _record(SEED.read_text(encoding="utf-8"), resources, when)


def test_seed_story_is_a_consult_between_the_us_and_japan_in_tokyo(seed: EventRecord) -> None:
    consults = [e for e in seed.events if e.type == "CONSULT"]
    assert len(consults) == 1
    meeting = consults[0]
    assert {"USA", "JPN"} <= {a.country for a in meeting.actor}
    assert meeting.recipient == []  # a meeting without a clear host: everyone acts
    assert meeting.place is not None and meeting.place.name == "Tokyo"
    assert meeting.date == date(2020, 10, 6)
    assert meeting.quad == "verbal-cooperation"
    assert meeting.trigger == "held a meeting"


def test_seed_actors_link_back_to_the_record_entities(seed: EventRecord) -> None:
    keys = {e.key for e in seed.entities}
    linked = [a.entity for e in seed.events for a in e.actor if a.entity is not None]
    assert linked and set(linked) <= keys
    meeting = next(e for e in seed.events if e.type == "CONSULT")
    by_country = {a.country: a for a in meeting.actor}
    assert by_country["USA"].name == "Mike Pompeo" and by_country["USA"].sector == "GOV"
    assert by_country["JPN"].name == "Toshimitsu Motegi"


def test_a_demonym_naming_part_of_the_map_is_no_party(seed: EventRecord) -> None:
    # the lede's pledge is about "the Indian and Pacific region": India is not a party
    pledge = next(e for e in seed.events if e.type == "AGREE")
    assert {a.country for a in pledge.actor} == {"USA", "JPN"}
    assert pledge.recipient == []
    # a demonym acting for its country is named by the country, as in the example
    assert "Japan" in {a.name for a in pledge.actor}


def test_seed_event_sentences_point_into_the_record(seed: EventRecord) -> None:
    for event in seed.events:
        text = seed.headline if event.sentence.field == "headline" else seed.body
        assert event.trigger in text[event.sentence.start : event.sentence.end]


@pytest.mark.parametrize("lede", EVENTS, ids=[e[0].split("\n")[0][:40] for e in EVENTS])
def test_wire_ledes_give_their_event(lede: Lede, resources: Resources) -> None:
    text, expected, actors, recipients = lede
    record = _record(text, resources)
    matching = [e for e in record.events if e.type == expected]
    assert matching, [(e.type, e.trigger) for e in record.events]
    assert set(actors) <= _countries(matching, "actor")
    assert set(recipients) <= _countries(matching, "recipient") | _countries(matching, "actor")
    for event in matching:
        assert event.quad == QUADS[event.type]
        assert 0 < event.confidence <= 1


@pytest.mark.parametrize("lede", NON_EVENTS, ids=[e[0].split("\n")[0][:40] for e in NON_EVENTS])
def test_stories_that_are_no_political_event_give_none(lede: Lede, resources: Resources) -> None:
    record = _record(lede[0], resources)
    assert record.events == [], [(e.type, e.trigger) for e in record.events]


def test_a_future_meeting_is_agree_not_consult(resources: Resources) -> None:
    record = _record(
        "Leaders to meet\n\nPARIS, March 14 (AFP) - French President Emmanuel Macron will meet "
        "German Chancellor Olaf Scholz in Berlin next week, the Elysee said on Thursday.",
        resources,
    )
    assert [e.type for e in record.events] == ["AGREE"]
    assert {"FRA", "DEU"} <= _countries(record.events, "actor")


@pytest.mark.parametrize(
    "lede",
    [
        "OPEC may have to meet before June to defend prices, oil analysts said on Monday.",
        "Gulf oil ministers could meet in Kuwait next month, according to industry sources.",
        "OPEC ministers are expected to meet in Vienna next week, analysts said on Monday.",
        "Traders dismissed a rumour that Moscow would agree to buy more U.S. wheat.",
    ],
)
def test_speculation_is_no_event(lede: str, resources: Resources) -> None:
    record = _record(f"Oil outlook\n\nLONDON, March 14 (Reuters) - {lede}", resources)
    assert record.events == []


@pytest.mark.parametrize(
    "lede",
    [
        "Turkey said the 1976 accord, which set the framework for talks on the shelf, "
        "was breached.",
        "Greece said there were hopes for a new round of negotiations with Turkey.",
    ],
)
def test_the_ground_laid_for_talks_is_no_talks(lede: str, resources: Resources) -> None:
    record = _record(f"Aegean dispute\n\nATHENS, March 14 (Reuters) - {lede}", resources)
    assert "CONSULT" not in [e.type for e in record.events]


def test_calls_for_talks_stay_a_request(resources: Resources) -> None:
    record = _record(
        "Talks urged\n\nATHENS, March 14 (Reuters) - Greece called for talks with Turkey "
        "on the Aegean shelf on Thursday.",
        resources,
    )
    assert [e.type for e in record.events] == ["REQUEST"]


@pytest.mark.parametrize(
    ("lede", "kind", "country"),
    [
        (
            "Chile's Supreme Court decided to allow the former senator to run in the election.",
            "CONCEDE",
            "CHL",
        ),
        (
            "Peru's interim government on Monday ordered the broadcaster Canal Norte to close "
            "its studios.",
            "COERCE",
            "PER",
        ),
        (
            "Kenyan troops have completed their pullout from the Somali town of Baidoa.",
            "RETREAT",
            "KEN",
        ),
        (
            "The opposition issued a statement demanding that the Kenyan government release "
            "its leaders.",
            "REQUEST",
            "KEN",
        ),
    ],
)
def test_dev_patterns_give_their_event_and_country(
    lede: str, kind: str, country: str, resources: Resources
) -> None:
    record = _record(f"Briefs\n\nNAIROBI, March 14 (Reuters) - {lede}", resources)
    found = [e for e in record.events if e.type == kind]
    assert found
    assert country in _countries(found, "actor") | _countries(found, "recipient")


def test_a_named_official_takes_the_country_of_the_place_named(resources: Resources) -> None:
    record = _record(
        "Curfew eased\n\nPresident Amadou Toure on Thursday shortened the nightly curfew "
        "imposed in Mali after the unrest.",
        resources,
    )
    assert [(e.type, _countries([e], "actor")) for e in record.events] == [("CONCEDE", {"MLI"})]


def test_an_announced_meeting_stays_an_event(resources: Resources) -> None:
    record = _record(
        "OPEC to meet\n\nVIENNA, March 14 (Reuters) - OPEC ministers will meet in Vienna "
        "in May to review output, the organisation said on Thursday.",
        resources,
    )
    assert [e.type for e in record.events] == ["AGREE"]


def test_an_official_by_title_alone_takes_the_datelines_country(resources: Resources) -> None:
    record = _record(
        "Budget row\n\nWASHINGTON, March 3 (Reuters) - President George Bush on Tuesday "
        "accused Congress of wasting money on the farm budget.",
        resources,
    )
    assert [(e.type, _countries([e], "actor")) for e in record.events] == [("ACCUSE", {"USA"})]
    minister = _record(
        "Budget row\n\nOTTAWA, March 3 (Reuters) - The foreign minister on Tuesday accused "
        "the opposition of lying about the farm budget.",
        resources,
    )
    assert _countries(minister.events, "actor") == {"CAN"}


def test_a_title_takes_no_dateline_country_when_the_story_names_another(
    resources: Resources,
) -> None:
    record = _record(
        "Iraq warned\n\nWASHINGTON, March 3 (Reuters) - Prime Minister Brian Mulroney on "
        "Tuesday accused Iraq of breaking the ceasefire.",
        resources,
    )
    assert "USA" not in _countries(record.events, "actor")


def test_said_alone_is_no_event(resources: Resources) -> None:
    record = _record(
        "Minister comments\n\nBERLIN, March 14 (dpa) - German Foreign Minister Annalena "
        "Baerbock said on Thursday that the talks had been long and that she was tired.",
        resources,
    )
    assert record.events == []


def test_a_quoted_accusation_is_accuse_by_the_speakers_side(resources: Resources) -> None:
    record = _record(
        "Kyiv blames Moscow\n\nKYIV, March 14 (Reuters) - “Russia is responsible for this "
        "crime and we accuse it before the world,” Ukrainian Foreign Minister Dmytro Kuleba "
        "said on Thursday.",
        resources,
    )
    accusations = [e for e in record.events if e.type == "ACCUSE"]
    assert accusations
    assert _countries(accusations, "actor") == {"UKR"}
    assert "RUS" in _countries(accusations, "recipient")


def test_a_quoted_attack_is_no_assault(resources: Resources) -> None:
    record = _record(
        "Warning\n\nMOSCOW, March 14 (TASS) - “Nobody will attack us,” Russian Defence "
        "Minister Sergei Shoigu said on Thursday.",
        resources,
    )
    assert "ASSAULT" not in {e.type for e in record.events}


def test_a_headline_and_lede_reporting_one_event_give_one(resources: Resources) -> None:
    record = _record(
        "China accuses Japan over islands\n\nBEIJING, March 14 (Xinhua) - China accused Japan "
        "on Thursday of provocations near the disputed islands.",
        resources,
    )
    assert [e.type for e in record.events] == ["ACCUSE"]
    assert record.events[0].sentence.field == "body"  # the fuller one: it names the recipient


def test_other_languages_get_no_events(resources: Resources) -> None:
    record = normalize(
        Envelope(
            text="Rusia y China firman un acuerdo\n\nMOSCÚ, 14 mar (EFE).- Rusia y China "
            "firmaron este jueves un acuerdo de cooperación militar.",
            language="es",
        ),
        resources,
        received_at=RECEIVED_AT,
    )
    assert record.events == []


def test_place_and_date_come_from_the_sentence_else_the_dateline(resources: Resources) -> None:
    record = _record(
        "Talks\n\nLONDON, March 14 (Reuters) - British and Irish ministers held talks in "
        "Dublin on Tuesday on the Northern Ireland protocol.",
        resources,
    )
    (event,) = record.events
    assert event.place is not None and event.place.name == "Dublin"
    assert event.date == date(2024, 3, 12)  # the Tuesday before the dateline's Thursday
    record = _record(
        "Talks\n\nLONDON, March 14 (Reuters) - British and Irish ministers held talks on the "
        "Northern Ireland protocol.",
        resources,
    )
    (event,) = record.events
    assert event.place is not None and event.place.name == "London"
    assert event.date == date(2024, 3, 14)


def test_the_stage_never_raises_on_odd_input(resources: Resources) -> None:
    for text in ("", " ", "“" * 50, "said " * 2000, "attack " * 3000, "\u200b\n\n.",
                 "Kenya and and , , Ethiopia agreed agreed to to"):  # fmt: skip
        events = code_events(
            text, text, [], "en", None, RECEIVED_AT, resources.gazetteer, resources.organisations
        )
        assert isinstance(events, list)


def test_the_stage_reads_only_the_lede() -> None:
    body = "First one. " * 3 + "Later sentence. " * 500
    found = sentences("Headline", body)
    assert [s.field for s in found] == ["headline", "body", "body", "body"]
    assert all(s.end - s.start <= 600 for s in found)


def test_dates_named_in_a_sentence() -> None:
    thursday = date(2024, 3, 14)
    assert date_of(tokenize("met on Tuesday"), thursday) == date(2024, 3, 12)
    assert date_of(tokenize("met on Thursday"), thursday) == thursday
    assert date_of(tokenize("met yesterday"), thursday) == date(2024, 3, 13)
    assert date_of(tokenize("met on Oct. 6"), thursday) == date(2023, 10, 6)
    assert date_of(tokenize("met on March 2"), thursday) == date(2024, 3, 2)
    assert date_of(tokenize("may meet soon"), thursday) is None


def test_verb_forms() -> None:
    assert set(verb_forms("meet")) == {"meet", "meets", "met", "meeting"}
    assert set(verb_forms("accuse")) == {"accuse", "accuses", "accused", "accusing"}
    assert set(verb_forms("ban")) == {"ban", "bans", "banned", "banning"}
    assert set(verb_forms("deny")) == {"deny", "denies", "denied", "denying"}


def test_every_rule_has_an_origin_and_matches_its_own_words() -> None:
    assert {r.origin for r in RULES} <= {"manual", "dev", "wire"}
    assert sum(r.origin == "manual" for r in RULES) > sum(r.origin != "manual" for r in RULES)
    manual_only = Matcher([r for r in RULES if r.origin != "dev"])
    assert not manual_only.dev and Matcher().dev


def test_the_stage_is_deterministic(resources: Resources) -> None:
    text = EVENTS[2][0]
    first = _record(text, resources).events
    again = _record(text, resources).events
    assert first == again


def test_received_at_dates_an_event_without_a_dateline(resources: Resources) -> None:
    record = _record(
        "Talks\n\nBritish and Irish ministers held talks on Tuesday on the protocol.",
        resources,
        datetime(2024, 3, 14, 12, tzinfo=UTC),
    )
    assert [e.date for e in record.events] == [date(2024, 3, 12)]


def test_a_failing_coder_leaves_the_record_with_a_warning(
    resources: Resources, monkeypatch: pytest.MonkeyPatch
) -> None:
    from wiredesk.normalize import events

    def broken(*args: object, **kwargs: object) -> list[CodedEvent]:
        raise IndexError("a bug")

    monkeypatch.setattr(events, "code_events", broken)
    record = _record(EVENTS[2][0], resources)
    assert record.events == []
    assert [w.code for w in record.warnings] == ["events_failed"]
    assert record.entities  # the rest of the record stands


def test_leaders_table_full_names_and_titled_surnames() -> None:
    from wiredesk.normalize.events.countries import ALPHA3
    from wiredesk.normalize.tables.leaders import LEADER_TABLE, LEADERS

    assert all(leader.country in ALPHA3 for leader in LEADERS)
    assert LEADER_TABLE.country("Recep Tayyip Erdoğan", 2020, titled=False) == "TR"
    assert LEADER_TABLE.country("Putin", 2020, titled=True) == "RU"
    assert LEADER_TABLE.country("Putin", 2020, titled=False) is None  # a surname needs a title
    assert LEADER_TABLE.country("Bush", 1990, titled=True) == "US"  # two Bushes, one country
    assert LEADER_TABLE.country("Kim", 2000, titled=True) is None  # never alone: two Koreas


def test_leaders_table_gives_a_titled_leader_his_country_with_the_dev_rules(
    resources: Resources,
) -> None:
    text = (
        "Sanctions\n\nPresident Yeltsin on Tuesday imposed sanctions on Iraq over its "
        "breach of the ceasefire."
    )
    record = _record(text, resources)
    assert {"RUS"} <= _countries(record.events, "actor")
    manual = Matcher([r for r in RULES if r.origin != "dev"])
    again = recode(record, resources, manual)
    assert "RUS" not in _countries(again, "actor")  # the table is a dev rule


def _types(record: EventRecord) -> list[str]:
    return [e.type for e in record.events]


def test_background_a_story_recalls_is_no_event(resources: Resources) -> None:
    when = datetime(1987, 3, 4, 12, tzinfo=UTC)
    protocol = (
        "Wheat talks\n\nOTTAWA, March 4 - Canada and Mexico held talks on wheat sales "
        "on Tuesday, trade officials said. In a three-year protocol signed in "
        "{year}, Mexico agreed to buy 300,000 tonnes of Canadian wheat a year."
    )
    assert _types(_record(protocol.format(year=1984), resources, when)) == ["CONSULT"]
    # the same sentence dated this year is news: the agreement is coded
    assert "AGREE" in _types(_record(protocol.format(year=1987), resources, when))
    pact = (
        "Coffee\n\nBRASILIA, March 4 - Coffee exports rose in February{clause} Brazil and "
        "Colombia agreed to cut shipments, officials said."
    )
    news = _record(pact.format(clause=", and"), resources, when)
    assert _types(news) == ["AGREE"]
    recalled = _record(pact.format(clause=" despite the January pact under which"), resources, when)
    assert recalled.events == []


@pytest.mark.parametrize(
    ("text", "country"),
    [
        (
            "Oil\n\nMANAMA, March 1 - Saudi Arabian Oil Minister Ali Naimi reiterated the "
            "kingdom's commitment to the OPEC accord, the official news agency said.",
            "SAU",
        ),
        (
            "Talks\n\nTOKYO, May 4 - South Korean Foreign Minister Park Jin accused Japan of "
            "breaking its word on the fishing zone.",
            "KOR",
        ),
    ],
)
def test_a_demonym_of_two_words_gives_an_official_his_country(
    text: str, country: str, resources: Resources
) -> None:
    record = _record(text, resources)
    actors = [a for e in record.events for a in e.actor]
    assert actors and actors[0].country == country and actors[0].sector == "GOV"


_PALM_OIL = (
    "Palm oil\n\nKUALA LUMPUR, May 4 - {subject} will keep palm oil output steady this "
    "year, {speaker} said. He told reporters after meeting with {host} that weak demand had "
    "cut prices."
)
_LIM = "Malaysian Trade Minister Rafidah Aziz"


def test_a_sentence_opening_with_he_goes_on_with_the_person_quoted(
    resources: Resources,
) -> None:
    text = _PALM_OIL.format(
        subject="Malaysia", speaker=_LIM, host="Thai Foreign Minister Siddhi Savetsila"
    )
    [meeting] = _record(text, resources).events
    assert meeting.type == "CONSULT"
    assert {(a.name, a.country) for a in meeting.actor} == {
        ("Rafidah Aziz", "MYS"),
        ("Siddhi Savetsila", "THA"),
    }
    # an official the copy does not name is no one the pronoun can stand for
    anonymous = text.replace(_LIM, "a trade official")
    [alone] = _record(anonymous, resources).events
    assert [a.country for a in alone.actor] == ["THA"]


def test_a_minister_meeting_his_own_prime_minister_is_no_event(resources: Resources) -> None:
    # the prime minister, named by title before the story names another country, is the
    # dateline's: the meeting is one government's own business
    own = _PALM_OIL.format(subject="Malaysia", speaker=_LIM, host="Prime Minister Mahathir Mohamad")
    assert _record(own, resources).events == []
    # once the story has named another country, a leader named by title alone may be its
    foreign = _PALM_OIL.format(
        subject="Malaysia and Singapore", speaker=_LIM, host="Prime Minister Lee Kuan Yew"
    )
    [meeting] = _record(foreign, resources).events
    assert {a.country for a in meeting.actor} == {"MYS", None}


def test_the_venue_of_an_agreement_is_no_party(resources: Resources) -> None:
    text = (
        "Gulf\n\nRIYADH, March 2 - Gulf Cooperation Council finance ministers discussed on "
        "Tuesday how to carry out last month's customs {what} in Muscat, the official agency "
        "said."
    )
    [venue] = _record(text.format(what="agreement"), resources).events
    assert venue.type == "CONSULT" and venue.recipient == []
    # a place that is no venue: the event is directed at its country (a dev rule)
    [other] = _record(text.format(what="rules"), resources).events
    assert [a.country for a in other.recipient] == ["OMN"]
