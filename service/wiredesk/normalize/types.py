"""Small value types shared by more than one stage."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class NerSpan:
    """One named-entity span found by the NER function, offsets into the text it was given."""

    start: int
    end: int
    label: str


NerFunc = Callable[[str], Sequence[NerSpan]]
"""Finds entity spans in one text. The model behind it is loaded once, at the edge."""


NerBatchFunc = Callable[[Sequence[str]], Sequence[Sequence[NerSpan]]]
"""Finds entity spans in many texts at once; one sequence of spans per text, in order."""


def no_ner(text: str) -> Sequence[NerSpan]:
    """An NER function that finds nothing: for callers that want the text stages only."""
    return ()


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    """What a language identifier said of a text: an ISO 639-1 code and its probability."""

    language: str
    confidence: float


LanguageIdFunc = Callable[[str], LanguageGuess]
"""Identifies the language of one text among the languages served. The model behind it is
loaded once, at the edge (:mod:`wiredesk.resources.langid`)."""


@dataclass(frozen=True, slots=True)
class LanguageNer:
    """The NER of one language besides the main model's: a model, or the reference tables.

    ``partial`` says that it finds only the names the tables know (no model installs for
    that language), so stories it reads carry the ``ner_partial`` warning.
    """

    ner: NerFunc
    batch: NerBatchFunc | None = None
    partial: bool = False
    source: str = ""  # the model's name, or "reference tables"
