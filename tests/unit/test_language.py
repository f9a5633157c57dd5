"""Language guess from function words, and NER only for copy in the model's language."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.conftest import SEEDS
from wiredesk.models import Envelope
from wiredesk.normalize.language import detect_language, primary_subtag
from wiredesk.normalize.pipeline import Resources, normalize

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
    text = (SEEDS / "018_afp_fr_strasbourg_tramway.txt").read_text(encoding="utf-8")
    record = normalize(Envelope(text=text), resources, received_at=WHEN)
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
