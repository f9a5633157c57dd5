"""NER for the languages besides the main model's, loaded once per process and only for
the languages configured (``WIREDESK_LANGUAGES``).

French and Spanish have a spaCy model (:data:`LANGUAGE_MODELS`, pinned by hash in
``requirements/model.txt``), its labels read as OntoNotes ones
(:func:`~wiredesk.normalize.language_ner.to_ontonotes`). German, Portuguese, Italian and
Norwegian have none that installs: for them the reference tables' names, with the country
names in that language from ISO 3166 (pycountry's translations), make a rule-based
recogniser (:class:`~wiredesk.normalize.language_ner.TableNer`) whose stories carry the
``ner_partial`` warning.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Final

from wiredesk.normalize.language import primary_subtag
from wiredesk.normalize.language_ner import TableNer, to_ontonotes
from wiredesk.normalize.tables.organisations import OrgTable
from wiredesk.normalize.tables.places import Gazetteer, place_key
from wiredesk.normalize.types import LanguageNer, NerSpan

# The spaCy model of each language that has one installed here (see docs/measuring.md for
# why French takes the small model).
LANGUAGE_MODELS: Final = {"fr": "fr_core_news_sm", "es": "es_core_news_sm"}
# pycountry's translation of ISO 3166 for a language, where its code differs.
_ISO_LOCALES: Final = {"no": "nb"}
TABLES: Final = "reference tables"


def load_language_ners(
    languages: Iterable[str], gazetteer: Gazetteer, orgs: OrgTable
) -> dict[str, LanguageNer]:
    """The NER of each language in ``languages`` (primary subtags): a model where one is
    installed, else the reference tables. Models load once per process (the loader caches)."""
    out: dict[str, LanguageNer] = {}
    for language in dict.fromkeys(primary_subtag(code) for code in languages):
        model = LANGUAGE_MODELS.get(language)
        if model is not None:
            keys = frozenset(place_key(name) for name in country_names(language))
            out[language] = _model_ner(model, gazetteer, keys)
        else:
            names = dict.fromkeys(country_names(language), "GPE")
            tables = TableNer(gazetteer, orgs, names)
            out[language] = LanguageNer(tables, tables.pipe, partial=True, source=TABLES)
    return out


def _model_ner(model: str, gazetteer: Gazetteer, countries: frozenset[str]) -> LanguageNer:
    from wiredesk.resources.nlp import load_ner  # spaCy: only when a model is configured

    loaded = load_ner(model)

    def ner(text: str) -> tuple[NerSpan, ...]:
        return to_ontonotes(loaded(text), text, gazetteer, countries)

    def batch(texts: Sequence[str]) -> list[tuple[NerSpan, ...]]:
        return [
            to_ontonotes(spans, text, gazetteer, countries)
            for text, spans in zip(texts, loaded.pipe(texts), strict=True)
        ]

    return LanguageNer(ner, batch, source=f"{loaded.model_name} {loaded.version}")


@lru_cache(maxsize=16)
def country_names(language: str) -> tuple[str, ...]:
    """Country names in ``language`` from pycountry's ISO 3166 translations (``de``:
    ``Deutschland``, ``Vereinigte Staaten``); names written inverted (``Korea, Republik``)
    are left out. Empty when pycountry has no translation for the language."""
    import pycountry

    locale = _ISO_LOCALES.get(language, language)
    try:
        translation = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[locale])
    except OSError:
        return ()
    names: dict[str, None] = {}
    for country in pycountry.countries:
        for attr in ("common_name", "name", "official_name"):
            english = getattr(country, attr, None)
            if english:
                translated = translation.gettext(english)
                if translated != english and "," not in translated:
                    names[translated] = None
    return tuple(names)


def model_language(model_name: str) -> str:
    """The language of a spaCy model package by its name (``en_core_web_sm`` -> ``en``:
    spaCy names packages ``{lang}_{name}``); a name not of that form loads the model and
    reads its meta."""
    prefix = model_name.split("_", 1)[0].lower()
    if "_" in model_name and prefix.isalpha() and 2 <= len(prefix) <= 3:
        return prefix
    from wiredesk.resources.nlp import load_ner

    return primary_subtag(load_ner(model_name).language)
