"""Unit tests of the entities stage with a scripted NER function and a tiny gazetteer.

The stories here are written for these tests; no agency text.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.timing import MAX_RATIO, growth_ratio
from wiredesk.models import Entity, Place, WarningCode
from wiredesk.normalize.entities import extract_entities
from wiredesk.normalize.tables.demonyms import DEMONYMS
from wiredesk.normalize.tables.places import Country, Gazetteer, GeoPlace
from wiredesk.normalize.types import NerSpan

# ------------------------------------------------------------------------ test doubles

_COUNTRIES = {
    "US": Country("US", "United States", 6252001),
    "JP": Country("JP", "Japan", 1861060),
    "FR": Country("FR", "France", 3017382),
    "AU": Country("AU", "Australia", 2077456),
}
_COUNTRY_NAMES = {
    "us": "US", "u.s.": "US", "united states": "US", "america": "US", "usa": "US",
    "japan": "JP", "france": "FR", "australia": "AU",
}  # fmt: skip
_PLACES = {
    "tokyo": GeoPlace("Tokyo", "JP", 1850147, 35.69, 139.69),
    "paris": GeoPlace("Paris", "FR", 2988507, 48.85, 2.35),
    "portland": GeoPlace("Portland", "US", 5746545, 45.52, -122.68, region="Oregon"),
    "the hague": GeoPlace("The Hague", "NL", 2747373, 52.08, 4.30),
    "victoria": GeoPlace("Victoria", "CA", 6174041, 48.43, -123.37),
    "edo": GeoPlace("Tokyo", "JP", 1850147, 35.69, 139.69),  # an old name
}


class FakeGazetteer(Gazetteer):
    """A handful of countries and cities, looked up case-insensitively."""

    def __init__(self) -> None:  # the real one is built from GeoNames data
        pass

    def country(self, text: str) -> Country | None:
        code = _COUNTRY_NAMES.get(text.strip().casefold())
        return _COUNTRIES[code] if code else None

    def place(self, text: str, region: str | None = None) -> GeoPlace | None:
        country = self.country(text)
        if country is not None:
            return GeoPlace(
                country.name, country.code, country.geonames_id, None, None, kind="country"
            )
        return _PLACES.get(text.strip().casefold())

    def regions_named(self, text: str) -> list[GeoPlace]:
        return []

    def world_region(self, text: str) -> str | None:
        return None

    def cities_named(self, text: str) -> list[GeoPlace]:
        found = _PLACES.get(text.strip().casefold())
        return [found] if found is not None and found.kind == "city" else []


GAZ = FakeGazetteer()
TOKYO = Place(text="TOKYO", name="Tokyo", country_code="JP", geonames_id=1850147)


class ScriptedNer:
    """An NER function that tags, in the text it is given, every whole-word occurrence of
    each ``(surface, label)`` listed under a phrase that text contains.

    ``tags`` maps a phrase that identifies the text (headline or body) to its tags, so a
    test reads like the story it describes. Longer surfaces win overlaps, as in a tagger.
    """

    def __init__(self, tags: Mapping[str, Sequence[tuple[str, str]]]) -> None:
        self.tags = tags
        self.calls: list[str] = []

    def __call__(self, text: str) -> list[NerSpan]:
        self.calls.append(text)
        spans: list[NerSpan] = []
        pairs = [pair for phrase, listed in self.tags.items() if phrase in text for pair in listed]
        for surface, label in sorted(pairs, key=lambda pair: -len(pair[0])):
            at = text.find(surface)
            while at != -1:
                end = at + len(surface)
                whole = (at == 0 or not text[at - 1].isalnum()) and (
                    end == len(text) or not text[end].isalnum()
                )
                if whole and not any(s.start < end and at < s.end for s in spans):
                    spans.append(NerSpan(at, end, label))
                at = text.find(surface, at + 1)
        return sorted(spans, key=lambda s: s.start)


def span_of(text: str, surface: str, label: str, nth: int = 0) -> list[NerSpan]:
    """The ``nth`` occurrence of ``surface`` in ``text`` as a span, or none if absent."""
    at = -1
    for _ in range(nth + 1):
        at = text.find(surface, at + 1)
        if at == -1:
            return []
    return [NerSpan(at, at + len(surface), label)]


def by_name(entities: Sequence[Entity], name: str) -> Entity:
    found = [e for e in entities if e.name == name]
    assert len(found) == 1, f"{name!r}: {[e.name for e in entities]}"
    return found[0]


def texts(entity: Entity) -> list[str]:
    return [m.text for m in entity.mentions]


def assert_offsets(entities: Sequence[Entity], headline: str, body: str) -> None:
    fields = {"headline": headline, "body": body}
    for entity in entities:
        for m in entity.mentions:
            assert fields[m.field][m.start : m.end] == m.text, (entity.name, m)


# ------------------------------------------------------------------------ spans


def test_headline_and_body_are_tagged_separately() -> None:
    headline = "Harbour plan approved"
    body = "The council of Portland met on Monday."
    ner = ScriptedNer({"council": [("Portland", "GPE")]})
    extract_entities(headline, body, ner, GAZ, None)
    assert ner.calls == [headline, body]


def test_possessives_are_trimmed_with_their_offsets() -> None:
    body = "Japan’s navy, Canberra's ports and the allies’ plans were discussed."
    ner = ScriptedNer(
        {"navy": [("Japan’s", "GPE"), ("Canberra's", "GPE"), ("the allies’", "NORP")]}
    )
    entities, _ = extract_entities("Talks", body, ner, GAZ, None)
    assert texts(by_name(entities, "Japan")) == ["Japan"]
    assert texts(by_name(entities, "Canberra")) == ["Canberra"]
    assert texts(by_name(entities, "the allies")) == ["the allies"]
    assert_offsets(entities, "Talks", body)


def test_quotes_brackets_and_punctuation_are_trimmed() -> None:
    body = "Members of the “Quad” and (Nato) met; Oslo, hosted."
    ner = ScriptedNer({"Members": [("“Quad”", "ORG"), ("(Nato)", "ORG"), ("Oslo,", "GPE")]})
    entities, _ = extract_entities("Meeting", body, ner, GAZ, None)
    assert [e.name for e in entities] == ["Quad", "Nato", "Oslo"]
    assert_offsets(entities, "Meeting", body)


def test_an_unbalanced_bracket_is_trimmed_a_balanced_one_kept() -> None:
    body = "Nato) and (Oslo and Acme (Europe) met."
    ner = ScriptedNer({"met": [("Nato)", "ORG"), ("(Oslo", "GPE"), ("Acme (Europe)", "ORG")]})
    entities, _ = extract_entities("Meeting", body, ner, GAZ, None)
    assert [e.name for e in entities] == ["Nato", "Oslo", "Acme (Europe)"]


def test_spans_across_a_line_break_or_of_boilerplate_are_dropped_with_a_warning() -> None:
    body = "Ships left the Baltic\n\nLisbon said. Ships reached Lisbon.\n\nRelated Articles"
    ner = ScriptedNer(
        {"Ships": [("Baltic\n\nLisbon", "ORG"), ("Lisbon", "GPE"), ("Related Articles", "ORG")]}
    )
    entities, warnings = extract_entities("Ships", body, ner, GAZ, None)
    assert [e.name for e in entities] == ["Lisbon"]
    dropped = [w for w in warnings if w.code == WarningCode.ENTITY_SPAN_DROPPED]
    assert len(dropped) == 1
    assert "line break" in dropped[0].message
    assert "boilerplate" in dropped[0].message


def test_numbers_and_dates_are_not_entities() -> None:
    body = "On Monday 300 workers in Paris earned 5 percent more."
    ner = ScriptedNer(
        {
            "workers": [
                ("Monday", "DATE"),
                ("300", "CARDINAL"),
                ("Paris", "GPE"),
                ("5 percent", "PERCENT"),
            ]
        }
    )
    entities, _ = extract_entities("Pay", body, ner, GAZ, None)
    assert [e.name for e in entities] == ["Paris"]


def test_spans_outside_the_text_are_dropped() -> None:
    def ner(text: str) -> list[NerSpan]:
        return [NerSpan(0, len(text) + 5, "ORG"), NerSpan(3, 3, "ORG")]

    entities, warnings = extract_entities("Acme", "Acme grew.", ner, GAZ, None)
    assert entities == []
    assert any(w.code == WarningCode.ENTITY_SPAN_DROPPED for w in warnings)


# ------------------------------------------------------------------------ people


def test_surname_mentions_join_the_full_name_whatever_their_label() -> None:
    headline = "Okafor backs port deal"
    body = (
        "Finance Minister Adaeze Okafor said on Monday the deal was fair. "
        "Okafor's office released figures. Critics of Okafor disagreed."
    )

    def ner(text: str) -> list[NerSpan]:
        return [
            *(span_of(text, "Okafor", "PERSON") if text == headline else []),
            *span_of(text, "Adaeze Okafor", "PERSON"),
            *span_of(text, "Okafor's", "ORG"),
            *span_of(text, "Okafor", "GPE", nth=2),
        ]

    entities, warnings = extract_entities(headline, body, ner, GAZ, None)
    person = by_name(entities, "Adaeze Okafor")
    assert person.type == "PERSON"
    assert texts(person) == ["Okafor", "Adaeze Okafor", "Okafor", "Okafor"]
    assert [m.field for m in person.mentions] == ["headline", "body", "body", "body"]
    assert len(entities) == 1
    assert warnings == []
    assert_offsets(entities, headline, body)


def test_an_honorific_does_not_stop_a_surname_joining() -> None:
    body = "Adaeze Okafor arrived. Mr. Okafor declined to comment."
    ner = ScriptedNer({"arrived": [("Adaeze Okafor", "PERSON"), ("Mr. Okafor", "PERSON")]})
    entities, _ = extract_entities("Visit", body, ner, GAZ, None)
    assert [(e.name, texts(e)) for e in entities] == [
        ("Adaeze Okafor", ["Adaeze Okafor", "Mr. Okafor"])
    ]


def test_the_longest_full_form_is_the_canonical_name() -> None:
    body = "Maria Teresa Lindqvist arrived. Later Maria Lindqvist spoke and Lindqvist left."
    ner = ScriptedNer(
        {"arrived": [("Maria Teresa Lindqvist", "PERSON"), ("Maria Lindqvist", "PERSON")]}
    )
    entities, _ = extract_entities("Visit", body, ner, GAZ, None)
    assert [e.name for e in entities] == ["Maria Teresa Lindqvist"]
    assert texts(entities[0]) == ["Maria Teresa Lindqvist", "Maria Lindqvist", "Lindqvist"]


def test_an_unambiguous_first_name_joins_only_when_the_model_saw_a_person() -> None:
    body = "Jordan Ibekwe won. Jordan smiled. Fans in Jordan cheered."
    ner = ScriptedNer({"won": [("Jordan Ibekwe", "PERSON")]})

    def ner_with_labels(text: str) -> list[NerSpan]:
        return [
            *ner(text),
            *span_of(text, "Jordan", "PERSON", nth=1),
            *span_of(text, "Jordan", "GPE", nth=2),
        ]

    entities, _ = extract_entities("Race", body, ner_with_labels, GAZ, None)
    person = by_name(entities, "Jordan Ibekwe")
    assert texts(person) == ["Jordan Ibekwe", "Jordan"]
    assert by_name(entities, "Jordan").type == "GPE"


def test_a_surname_shared_by_two_people_stays_apart_with_a_warning() -> None:
    body = "Ana Silva and Rui Silva met. Silva said yes."
    ner = ScriptedNer({"met": [("Ana Silva", "PERSON"), ("Rui Silva", "PERSON")]})

    def ner_with_bare(text: str) -> list[NerSpan]:
        return [*ner(text), *span_of(text, "Silva", "PERSON", nth=2)]

    entities, warnings = extract_entities("Meeting", body, ner_with_bare, GAZ, None)
    assert [e.name for e in entities] == ["Ana Silva", "Rui Silva", "Silva"]
    assert [w.code for w in warnings] == [WarningCode.ENTITY_AMBIGUOUS_NAME]


def test_a_name_the_model_calls_org_after_a_role_word_becomes_a_person() -> None:
    body = (
        "The prime minister met the visiting foreign ministers, Ingrid Halvorsen and "
        "Kofi Mensah, on Friday. Halvorsen praised the talks."
    )
    ner = ScriptedNer(
        {"visiting": [("Ingrid Halvorsen", "ORG"), ("Kofi Mensah", "PERSON"), ("Halvorsen", "ORG")]}
    )
    entities, warnings = extract_entities("Talks", body, ner, GAZ, None)
    person = by_name(entities, "Ingrid Halvorsen")
    assert person.type == "PERSON"
    assert texts(person) == ["Ingrid Halvorsen", "Halvorsen"]
    assert [w.code for w in warnings] == [WarningCode.ENTITY_LABEL_GUESSED]


def test_a_name_after_a_list_of_people_governed_by_a_role_word_becomes_a_person() -> None:
    body = "Ministers Kofi Mensah and Ingrid Halvorsen signed."
    ner = ScriptedNer({"signed": [("Kofi Mensah", "PERSON"), ("Ingrid Halvorsen", "ORG")]})
    entities, _ = extract_entities("Deal", body, ner, GAZ, None)
    assert by_name(entities, "Ingrid Halvorsen").type == "PERSON"


def test_a_name_with_a_particle_after_a_role_word_becomes_a_person() -> None:
    body = "Said spokeswoman Ana de Souza on Monday."
    ner = ScriptedNer({"Said": [("Ana de Souza", "ORG")]})
    entities, _ = extract_entities("Comment", body, ner, GAZ, None)
    assert [(e.name, e.type) for e in entities] == [("Ana de Souza", "PERSON")]


@pytest.mark.parametrize(
    ("body", "surface"),
    [
        ("The minister, Deputy Minister Office said.", "Deputy Minister Office"),
        ("The leader ASEAN Summit opened.", "ASEAN Summit"),
        ("A minister de Souza Group spoke.", "de Souza Group"),
        ("A minister Acme spoke.", "Acme"),
    ],
)
def test_titles_acronyms_and_single_words_are_no_person(body: str, surface: str) -> None:
    entities, warnings = extract_entities(
        "Comment",
        body,
        ScriptedNer({"minister": [(surface, "ORG")], "leader": [(surface, "ORG")]}),
        GAZ,
        None,
    )
    assert [(e.name, e.type) for e in entities] == [(surface, "ORG")]
    assert warnings == []


@pytest.mark.parametrize(
    "body",
    [
        "Shares of Northwind Traders rose.",  # no role word
        "The bank chief joined Northwind Bank.",  # "joined" is no role word; Bank is an ORG word
        "Analysts said Kofi Mensah and Northwind Traders agreed.",  # a list, but no role word
    ],
)
def test_org_names_outside_a_persons_position_stay_org(body: str) -> None:
    ner = ScriptedNer(
        {
            "Northwind": [
                ("Northwind Traders", "ORG"),
                ("Northwind Bank", "ORG"),
                ("Kofi Mensah", "PERSON"),
            ]
        }
    )
    entities, _ = extract_entities("Markets", body, ner, GAZ, None)
    assert all(e.type == "ORG" for e in entities if e.name.startswith("Northwind"))


def test_names_the_model_missed_are_found_where_the_story_uses_them() -> None:
    headline = "Okafor, Mensah sign port deal"
    body = "Adaeze Okafor and Kofi Mensah signed. Okafor left early."
    ner = ScriptedNer({"signed": [("Adaeze Okafor", "PERSON"), ("Kofi Mensah", "PERSON")]})
    entities, _ = extract_entities(headline, body, ner, GAZ, None)
    okafor = by_name(entities, "Adaeze Okafor")
    assert [(m.field, m.text) for m in okafor.mentions] == [
        ("headline", "Okafor"),
        ("body", "Adaeze Okafor"),
        ("body", "Okafor"),
    ]
    assert [(m.field, m.text) for m in by_name(entities, "Kofi Mensah").mentions] == [
        ("headline", "Mensah"),
        ("body", "Kofi Mensah"),
    ]
    assert_offsets(entities, headline, body)


def test_a_missed_name_is_matched_as_a_whole_word_only() -> None:
    body = "Kofi Mensah spoke. Mensahville is a town."
    ner = ScriptedNer({"spoke": [("Kofi Mensah", "PERSON")]})
    entities, _ = extract_entities("Town", body, ner, GAZ, None)
    assert texts(by_name(entities, "Kofi Mensah")) == ["Kofi Mensah"]


# ------------------------------------------------------------------------ places


def test_a_name_listed_with_places_that_the_gazetteer_knows_is_a_place() -> None:
    body = "Checks were stepped up in Paris, Portland and Tokyo. Victoria Okafor said so."
    ner = ScriptedNer(
        {
            "Checks": [
                ("Portland", "GPE"),
                ("Paris", "PERSON"),
                ("Tokyo", "ORG"),
                ("Victoria Okafor", "PERSON"),
            ]
        }
    )
    entities, warnings = extract_entities("Checks", body, ner, GAZ, None)
    assert [(e.name, e.type, e.geonames_id) for e in entities] == [
        ("Paris", "GPE", 2988507),
        ("Portland", "GPE", 5746545),
        ("Tokyo", "GPE", 1850147),
        ("Victoria Okafor", "PERSON", None),
    ]
    assert [w.code for w in warnings] == [
        WarningCode.ENTITY_LABEL_GUESSED,
        WarningCode.ENTITY_LABEL_GUESSED,
    ]


def test_a_persons_name_listed_with_places_stays_the_person() -> None:
    body = "Paris Okafor spoke. Fans came from Portland and Paris to see Okafor."
    ner = ScriptedNer({"spoke": [("Paris Okafor", "PERSON"), ("Portland", "GPE")]})

    def ner_with_first_name(text: str) -> list[NerSpan]:
        return [*ner(text), *span_of(text, "Paris", "PERSON", nth=1)]

    entities, _ = extract_entities("Fans", body, ner_with_first_name, GAZ, None)
    assert [(e.name, e.type, len(e.mentions)) for e in entities] == [
        ("Paris Okafor", "PERSON", 3),
        ("Portland", "GPE", 1),
    ]


def test_country_variants_are_one_entity_with_the_canonical_name_and_code() -> None:
    headline = "U.S. and Japan talk trade"
    body = "The United States and Japan agreed. US officials and America's allies welcomed it."
    ner = ScriptedNer(
        {
            "trade": [("U.S.", "GPE"), ("Japan", "GPE")],
            "agreed": [
                ("The United States", "GPE"),
                ("Japan", "GPE"),
                ("US", "GPE"),
                ("America's", "GPE"),
            ],
        }
    )
    entities, _ = extract_entities(headline, body, ner, GAZ, None)
    us = by_name(entities, "United States")
    assert (us.type, us.country_code, us.geonames_id) == ("GPE", "US", 6252001)
    assert texts(us) == ["U.S.", "United States", "US", "America"]
    assert [e.name for e in entities] == ["United States", "Japan"]
    assert_offsets(entities, headline, body)


def test_a_country_the_model_calls_org_is_still_the_country() -> None:
    body = "Sanctions by the U.S. and France were lifted."
    ner = ScriptedNer({"Sanctions": [("the U.S.", "ORG"), ("France", "GPE")]})
    entities, _ = extract_entities("Sanctions", body, ner, GAZ, None)
    us = by_name(entities, "United States")
    assert us.type == "GPE"
    assert texts(us) == ["U.S."]


def test_a_demonym_the_model_calls_org_is_still_a_nationality() -> None:
    body = "Japanese exporters and Japanese banks gained."
    ner = ScriptedNer({"exporters": [("Japanese", "ORG")]})
    entities, _ = extract_entities("Trade", body, ner, GAZ, None)
    assert [(e.name, e.type, e.country_code, len(e.mentions)) for e in entities] == [
        ("Japanese", "NORP", "JP", 2)
    ]


def test_names_of_one_place_merge_under_the_gazetteers_name() -> None:
    body = "Old Edo is modern Tokyo, and Tokyo grew."
    ner = ScriptedNer({"Old": [("Edo", "GPE"), ("Tokyo", "GPE")]})
    entities, _ = extract_entities("City", body, ner, GAZ, None)
    assert [(e.name, e.geonames_id, texts(e)) for e in entities] == [
        ("Tokyo", 1850147, ["Edo", "Tokyo", "Tokyo"])
    ]


def test_a_place_the_gazetteer_calls_a_country_becomes_that_country() -> None:
    class NipponGazetteer(FakeGazetteer):
        def place(self, text: str, region: str | None = None) -> GeoPlace | None:
            if text == "Nippon":
                return GeoPlace("Japan", "JP", 1861060, None, None, kind="country")
            return super().place(text, region)

    body = "Nippon and Japan signed."
    ner = ScriptedNer({"signed": [("Nippon", "GPE"), ("Japan", "GPE")]})
    entities, _ = extract_entities("Deal", body, ner, NipponGazetteer(), None)
    assert [(e.name, e.country_code, texts(e)) for e in entities] == [
        ("Japan", "JP", ["Nippon", "Japan"])
    ]


def test_demonyms_stay_norp_with_their_country_code() -> None:
    body = "Japanese and Australian officials met Australians and Democrats."
    ner = ScriptedNer(
        {
            "officials": [
                ("Japanese", "NORP"),
                ("Australian", "NORP"),
                ("Democrats", "NORP"),
            ]
        }
    )
    entities, _ = extract_entities("Meeting", body, ner, GAZ, None)
    japanese = by_name(entities, "Japanese")
    assert (japanese.type, japanese.country_code) == ("NORP", "JP")
    australian = by_name(entities, "Australian")
    assert australian.country_code == "AU"
    assert texts(australian) == ["Australian"]  # the model did not tag "Australians" here
    democrats = by_name(entities, "Democrats")
    assert (democrats.type, democrats.country_code) == ("NORP", None)


def test_plural_demonyms_join_the_singular() -> None:
    body = "Australian exporters and Australians abroad."

    def ner_both(text: str) -> list[NerSpan]:
        return [*span_of(text, "Australian", "NORP"), *span_of(text, "Australians", "NORP")]

    entities, _ = extract_entities("Trade", body, ner_both, GAZ, None)
    assert len(entities) == 1
    assert (entities[0].country_code, texts(entities[0])) == ("AU", ["Australian", "Australians"])


def test_a_demonym_table_can_be_given() -> None:
    body = "Ruritanian troops moved."
    ner = ScriptedNer({"troops": [("Ruritanian", "NORP")]})
    entities, _ = extract_entities("Troops", body, ner, GAZ, None, demonyms={"Ruritanian": "RR"})
    assert entities[0].country_code == "RR"


def test_the_demonym_table_covers_common_nationalities() -> None:
    expected = {
        "Japanese": "JP", "Australian": "AU", "Indian": "IN", "Chinese": "CN",
        "American": "US", "British": "GB", "North Korean": "KP", "South Korean": "KR",
        "Mongolian": "MN", "German": "DE", "French": "FR", "Swiss": "CH", "Dutch": "NL",
    }  # fmt: skip
    assert {k: DEMONYMS[k] for k in expected} == expected
    assert "Korean" not in DEMONYMS  # ambiguous: no code beats a wrong one
    assert all(len(code) == 2 and code.isupper() for code in DEMONYMS.values())


def test_cities_are_linked_to_geonames_and_regions_that_share_a_city_name_are_not() -> None:
    body = "From Paris the envoy flew over Victoria, the state, to the Pacific."
    ner = ScriptedNer({"envoy": [("Paris", "GPE"), ("Victoria", "LOC"), ("the Pacific", "LOC")]})
    entities, _ = extract_entities("Flight", body, ner, GAZ, None)
    paris = by_name(entities, "Paris")
    assert (paris.type, paris.country_code, paris.geonames_id) == ("GPE", "FR", 2988507)
    victoria = by_name(entities, "Victoria")
    assert (victoria.type, victoria.geonames_id) == ("LOC", None)
    pacific = by_name(entities, "Pacific")
    assert (pacific.type, texts(pacific)) == ("LOC", ["Pacific"])


def test_a_place_whose_name_has_an_article_keeps_it() -> None:
    body = "Judges in The Hague ruled."
    ner = ScriptedNer({"Judges": [("The Hague", "GPE")]})
    entities, _ = extract_entities("Ruling", body, ner, GAZ, None)
    assert (entities[0].name, texts(entities[0])) == ("The Hague", ["The Hague"])


def test_the_label_is_agreed_across_the_story_by_majority() -> None:
    body = "Northwind rose. Northwind fell. Northwind closed."
    spans = iter(["ORG", "PRODUCT", "ORG"])

    def ner(text: str) -> list[NerSpan]:
        found, at = [], text.find("Northwind")
        while at != -1:
            found.append(NerSpan(at, at + 9, next(spans)))
            at = text.find("Northwind", at + 1)
        return found

    entities, warnings = extract_entities("", body, ner, GAZ, None)
    assert [(e.name, e.type, len(e.mentions)) for e in entities] == [("Northwind", "ORG", 3)]
    assert [w.code for w in warnings] == [WarningCode.ENTITY_LABEL_DISPUTED]


# ------------------------------------------------------------------------ dateline place


def test_the_dateline_place_takes_its_codes_from_the_dateline() -> None:
    portland_me = Place(text="PORTLAND, Maine", name="Portland", region="Maine",
                        country_code="US", geonames_id=4975802)  # fmt: skip
    body = "Lobster prices in Portland fell."
    ner = ScriptedNer({"Lobster": [("Portland", "GPE")]})
    entities, _ = extract_entities("Lobster", body, ner, GAZ, portland_me)
    assert [(e.name, e.geonames_id, texts(e)) for e in entities] == [
        ("Portland", 4975802, ["Portland"])
    ]


def test_the_dateline_place_named_in_the_text_is_that_place_whatever_the_label() -> None:
    body = "Tokyo commuters and visitors to Tokyo faced delays."
    ner = ScriptedNer({"commuters": [("Tokyo", "PERSON")]})
    entities, _ = extract_entities("Delays", body, ner, GAZ, TOKYO)
    assert [(e.name, e.type, e.geonames_id, len(e.mentions)) for e in entities] == [
        ("Tokyo", "GPE", 1850147, 2)
    ]


def test_the_dateline_place_is_found_in_the_text_when_the_model_missed_it() -> None:
    body = "Officials in Tokyo said the plan works."
    entities, _ = extract_entities("Plan", body, ScriptedNer({}), GAZ, TOKYO)
    tokyo = by_name(entities, "Tokyo")
    assert (tokyo.type, tokyo.country_code, tokyo.geonames_id) == ("GPE", "JP", 1850147)
    assert texts(tokyo) == ["Tokyo"]
    assert_offsets(entities, "Plan", body)


def test_the_dateline_place_is_an_entity_even_when_the_text_never_names_it() -> None:
    body = "Paris officials said the plan works."
    ner = ScriptedNer({"officials": [("Paris", "GPE")]})
    entities, _ = extract_entities("Plan", body, ner, GAZ, TOKYO)
    assert [e.name for e in entities] == ["Paris", "Tokyo"]
    tokyo = entities[1]
    assert (tokyo.type, tokyo.country_code, tokyo.geonames_id, tokyo.mentions) == (
        "GPE",
        "JP",
        1850147,
        [],
    )


def test_the_dateline_place_is_matched_by_its_geonames_id() -> None:
    body = "Edo merchants thrived."
    ner = ScriptedNer({"merchants": [("Edo", "GPE")]})
    entities, _ = extract_entities("History", body, ner, GAZ, TOKYO)
    assert [(e.name, texts(e)) for e in entities] == [("Tokyo", ["Edo"])]


def test_the_dateline_place_is_not_duplicated() -> None:
    body = "Tokyo officials met in Tokyo."
    ner = ScriptedNer({"officials": [("Tokyo", "GPE")]})
    entities, _ = extract_entities("Tokyo talks", body, ner, GAZ, TOKYO)
    assert [(e.name, len(e.mentions)) for e in entities] == [("Tokyo", 3)]


# ------------------------------------------------------------------------ invariants


def test_entities_come_in_order_of_first_mention_headline_first() -> None:
    headline = "Paris hosts Japan"
    body = "Japanese and French leaders met in Paris."
    ner = ScriptedNer(
        {
            "hosts": [("Paris", "GPE"), ("Japan", "GPE")],
            "leaders": [("Japanese", "NORP"), ("French", "NORP"), ("Paris", "GPE")],
        }
    )
    entities, _ = extract_entities(headline, body, ner, GAZ, None)
    assert [e.name for e in entities] == ["Paris", "Japan", "Japanese", "French"]


def test_empty_texts_give_no_entities() -> None:
    assert extract_entities("", "  ", ScriptedNer({}), GAZ, None) == ([], [])


_WORDS = st.sampled_from(
    ["Paris", "Japan’s", "U.S.", "Kofi", "Mensah", "the", "and", "“", "”", ",", "\n\n", "'s"]
)


@given(
    words=st.lists(_WORDS, min_size=1, max_size=30),
    cuts=st.lists(st.tuples(st.integers(0, 200), st.integers(1, 40)), max_size=12),
    labels=st.lists(
        st.sampled_from(["PERSON", "GPE", "ORG", "NORP", "LOC"]), min_size=12, max_size=12
    ),
)
def test_every_mention_points_at_its_text_and_never_crosses_a_line(
    words: list[str], cuts: list[tuple[int, int]], labels: list[str]
) -> None:
    body = " ".join(words)

    def ner(text: str) -> list[NerSpan]:
        spans = []
        for (start, length), label in zip(cuts, labels, strict=False):
            start = min(start, len(text))
            spans.append(NerSpan(start, min(start + length, len(text)), label))
        return spans

    entities, _ = extract_entities("Kofi Mensah in Paris", body, ner, GAZ, TOKYO)
    assert_offsets(entities, "Kofi Mensah in Paris", body)
    for entity in entities:
        for m in entity.mentions:
            assert "\n" not in m.text
            assert m.text == m.text.strip()
            assert not m.text.endswith(("’s", "'s"))


def _letters(number: int) -> str:
    """A capitalised, letters-only word unique to ``number`` (names must be alphabetic)."""
    word = ""
    while True:
        number, digit = divmod(number, 26)
        word += chr(ord("a") + digit)
        if number == 0:
            return word.capitalize()


def _crowded_story(people: int) -> tuple[str, list[NerSpan]]:
    """A body naming ``people`` distinct people, each in a list after a role word, once
    more by surname (untagged) and next to a span the model broke across a line."""
    parts: list[str] = []
    spans: list[NerSpan] = []
    at = 0
    for i in range(people):
        given, family, org = f"Gi{_letters(i)}", f"Fa{_letters(i)}", f"Or{_letters(i)}"
        chunk = f"Minister {given} {family} and {org} Group met; {family} spoke.\n\nX Y "
        base = at + len("Minister ")
        spans.append(NerSpan(base, base + len(given) + 1 + len(family), "PERSON"))
        org_at = at + chunk.index(org)
        spans.append(NerSpan(org_at, org_at + len(org) + len(" Group"), "ORG"))
        broken = at + chunk.index("\n\nX") - 5
        spans.append(NerSpan(broken, broken + 8, "ORG"))
        parts.append(chunk)
        at += len(chunk)
    return "".join(parts), spans


def test_the_stage_scales_linearly_with_the_story() -> None:
    """A ratio in one process, not a wall-clock bound: 8x the names, about 8x the time."""

    def run(people: int) -> Callable[[], object]:
        body, spans = _crowded_story(people)

        def ner(text: str) -> list[NerSpan]:
            return spans if text == body else []

        entities, _ = extract_entities("Talks", body, ner, GAZ, TOKYO)
        assert len([e for e in entities if e.type == "PERSON"]) == people
        return lambda: extract_entities("Talks", body, ner, GAZ, TOKYO)

    ratio = growth_ratio(run(150), run(1200))
    assert ratio < MAX_RATIO, f"8x the names took {ratio:.1f}x the time"
