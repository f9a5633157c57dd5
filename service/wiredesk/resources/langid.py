"""The language identifier at the edge: py3langid's model, loaded once per process from
its own wheel (nothing is downloaded), restricted to the languages served.

The pure pipeline never sees py3langid: it receives :func:`load_language_id`'s function
(a :data:`~wiredesk.normalize.types.LanguageIdFunc`) in ``Resources``, as it receives the
NER function. Probabilities are normalised over the served languages only
(``norm_probs``), so a story in a language not served spreads its probability among them
and falls below the pipeline's threshold more often than not.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

from wiredesk.errors import ErrorCode, InfrastructureError, Stage
from wiredesk.normalize.language import SERVED
from wiredesk.normalize.types import LanguageGuess, LanguageIdFunc


class LanguageId:
    """A loaded identifier seen as a function from text to :class:`LanguageGuess`."""

    def __init__(self, identifier: Any, languages: Sequence[str]) -> None:
        self._identifier = identifier
        self.languages = tuple(languages)

    def __call__(self, text: str) -> LanguageGuess:
        language, confidence = self._identifier.classify(text)
        return LanguageGuess(str(language), float(confidence))


_LOADED: dict[tuple[str, ...], LanguageId] = {}
_LOAD_LOCK = threading.Lock()


def load_language_id(languages: Sequence[str] = SERVED) -> LanguageIdFunc:
    """The identifier for ``languages`` (codes the model knows); loaded once per process.

    Raises :class:`~wiredesk.errors.InfrastructureError` (``model_unavailable``) when
    py3langid is not installed or a language is not one its model knows.
    """
    key = tuple(languages)
    with _LOAD_LOCK:
        if key not in _LOADED:
            _LOADED[key] = LanguageId(_load(key), key)
        return _LOADED[key]


def _load(languages: tuple[str, ...]) -> Any:
    try:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier
    except ImportError as e:
        raise InfrastructureError(
            ErrorCode.MODEL_UNAVAILABLE,
            "py3langid is not installed: install the service with its dependencies "
            "(pip install -e .)",
            Stage.STARTUP,
        ) from e
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    try:
        identifier.set_languages(list(languages))
    except ValueError as e:
        raise InfrastructureError(
            ErrorCode.MODEL_UNAVAILABLE,
            f"the language identifier does not know {', '.join(languages)}: {e}",
            Stage.STARTUP,
        ) from e
    return identifier
