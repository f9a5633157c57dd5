"""Entities: NER spans -> one entity per real-world thing, canonical names and codes."""

from __future__ import annotations

from service.models import Entity, Place, RecordWarning
from service.normalize.places import Gazetteer
from service.normalize.types import NerFunc


def extract_entities(
    headline: str,
    body: str,
    ner: NerFunc,
    gazetteer: Gazetteer,
    dateline_place: Place | None,
) -> tuple[list[Entity], list[RecordWarning]]:
    raise NotImplementedError
