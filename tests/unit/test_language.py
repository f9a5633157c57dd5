"""The story's language: declared (envelope or document), identified by the packaged
model on the headline and lead, or English by default; and NER only for copy in the
model's language."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest

from tests.conftest import SEEDS
from wiredesk.models import Envelope, StoryMeta
from wiredesk.normalize.language import (
    LEAD_CHARS,
    MIN_CONFIDENCE,
    LanguageChoice,
    choose_language,
    detect_language,
    lead_sample,
    primary_subtag,
)
from wiredesk.normalize.pipeline import Resources, normalize
from wiredesk.normalize.types import LanguageGuess, LanguageIdFunc

WHEN = datetime(2024, 7, 10, 12, tzinfo=UTC)


SENTENCES = {
    "en": "The mayor said on Monday that the bridge, which was closed in May, will "
    "reopen for traffic and that its repairs are finished.",
    "fr": "Le maire a annoncé lundi que le pont, fermé depuis mai pour des travaux, "
    "sera rouvert à la circulation et que les réparations sont terminées "
    "selon la mairie.",
    "es": "El alcalde dijo el lunes que el puente, cerrado desde mayo por obras, será "
    "reabierto al tráfico y que las reparaciones ya están terminadas, "
    "según fuentes del ayuntamiento.",
    "de": "Der Bürgermeister sagte am Montag, die Brücke sei seit Mai gesperrt und "
    "werde nach den Reparaturen wieder für den Verkehr geöffnet, die auch schon "
    "abgeschlossen sind.",
    "it": "Il sindaco ha detto lunedì che il ponte, chiuso da maggio per lavori, sarà "
    "riaperto al traffico e che le riparazioni della struttura sono terminate, "
    "secondo il comune.",
    "pt": "O prefeito disse na segunda-feira que a ponte, fechada desde maio para "
    "obras, será reaberta ao tráfego e que os reparos da estrutura também foram "
    "concluídos.",
}


@pytest.mark.parametrize(("language", "text"), SENTENCES.items())
def test_the_leading_language_is_found(language: str, text: str) -> None:
    assert detect_language(text) == language


@pytest.mark.parametrize("text", ["", "Quake hits", "1234 5678", "OK OK OK"])
def test_too_little_text_gives_no_guess(text: str) -> None:
    assert detect_language(text) is None


def test_primary_subtag() -> None:
    assert primary_subtag("en-GB") == "en"
    assert primary_subtag("pt_BR") == "pt"
    assert primary_subtag("FR") == "fr"


def test_french_copy_skips_english_ner_but_keeps_its_dateline_place(resources: Resources) -> None:
    """With French not configured (WIREDESK_LANGUAGES=en) the English model never reads it."""
    text = (SEEDS / "018_afp_fr_strasbourg_tramway.txt").read_text(encoding="utf-8")
    english_only = dataclasses.replace(resources, ner_by_language={})
    record = normalize(Envelope(text=text), english_only, received_at=WHEN)
    assert record.language == "fr"
    assert "ner_skipped" in {w.code for w in record.warnings}
    assert [(e.name, e.country_code) for e in record.entities] == [("Strasbourg", "FR")]


def test_the_envelope_language_wins(resources: Resources) -> None:
    text = (SEEDS / "000_118fa2c7f2d82249.txt").read_text(encoding="utf-8")
    english = normalize(Envelope(text=text), resources, received_at=WHEN)
    assert english.language == "en"
    assert "ner_skipped" not in {w.code for w in english.warnings}
    tagged = normalize(Envelope(text=text, language="es"), resources, received_at=WHEN)
    assert tagged.language == "es"
    assert len(tagged.entities) < len(english.entities)


# --------------------------------------------------------- the identifier (schema version 4)


def test_the_identifier_reads_the_served_languages_on_the_eval_set(
    text_resources: Resources,
) -> None:
    """`make eval-languages`'s figure: 98% or more per language, on the headline and lead."""
    from tests.eval.languages import GOAL, accuracy, identify_all

    outcomes = identify_all(text_resources)
    for language, (right, total) in accuracy(outcomes).items():
        assert total >= 20, language
        assert right / total >= GOAL, (language, right, total)
    assert {o.record.language_source for o in outcomes} == {"detected"}


def test_a_detected_language_says_so_and_how_sure(text_resources: Resources) -> None:
    text = (SEEDS / "018_afp_fr_strasbourg_tramway.txt").read_text(encoding="utf-8")
    record = normalize(Envelope(text=text), text_resources, received_at=WHEN)
    assert (record.language, record.language_source) == ("fr", "detected")
    assert record.language_confidence is not None
    assert MIN_CONFIDENCE <= record.language_confidence <= 1


def test_the_envelope_declaration_wins_and_has_no_confidence(text_resources: Resources) -> None:
    text = (SEEDS / "018_afp_fr_strasbourg_tramway.txt").read_text(encoding="utf-8")
    record = normalize(Envelope(text=text, language="es"), text_resources, received_at=WHEN)
    assert (record.language, record.language_source, record.language_confidence) == (
        "es",
        "envelope",
        None,
    )


def test_a_documents_declaration_is_the_documents(text_resources: Resources) -> None:
    envelope = Envelope(headline="Uruguay amplía la red", body="Texto.", language="es")
    record = normalize(
        envelope, text_resources, received_at=WHEN, meta=StoryMeta(format="newsml-1.2")
    )
    assert (record.language, record.language_source) == ("es", "document")


@pytest.mark.parametrize("text", ["Quake\n\n1234", "OK\n\n.", "Ja\n\nNei"])
def test_too_little_to_go_on_is_english_by_default(text: str) -> None:
    identify = _fixed(LanguageGuess("de", 0.5))
    choice = choose_language(None, "text", *text.split("\n\n"), identify)
    assert choice == LanguageChoice("en", "default", None)


def test_a_language_not_served_is_english_by_default() -> None:
    choice = choose_language(None, "text", "Kop", "Tekst.", _fixed(LanguageGuess("nl", 0.99)))
    assert choice.source == "default"


def test_without_an_identifier_the_function_word_guess_stands_in() -> None:
    choice = choose_language(None, "text", "Titre", SENTENCES["fr"], None)
    assert choice == LanguageChoice("fr", "detected", None)
    assert choose_language(None, "text", "Quake", "", None) == LanguageChoice("en", "default")


def test_the_identifier_reads_the_headline_and_lead_only() -> None:
    body = "Short dateline line\n\n" + "Lead paragraph. " * 20 + "\n\nSecond paragraph."
    sample = lead_sample("CAPITAL HEADLINE", body)
    assert sample.startswith("capital headline\nShort dateline line\nLead paragraph.")
    assert "Second paragraph" not in sample
    assert len(lead_sample("H", "x" * 5000)) <= LEAD_CHARS + 2


def test_confidence_is_rounded_so_records_stay_byte_stable() -> None:
    choice = choose_language(None, "text", "T", "Body.", _fixed(LanguageGuess("it", 0.912345678)))
    assert choice == LanguageChoice("it", "detected", 0.912)


def _fixed(guess: LanguageGuess) -> LanguageIdFunc:
    def identify(text: str) -> LanguageGuess:
        return guess

    return identify
