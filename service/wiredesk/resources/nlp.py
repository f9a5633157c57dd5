"""The NER model at the edge: loads a spaCy pipeline once per process and exposes it as
plain functions from text to :class:`~wiredesk.normalize.types.NerSpan` tuples.

The pure pipeline never sees spaCy: it receives ``load_ner(...)`` as its ``NerFunc``.

Only what named-entity recognition needs is loaded. The tagger, parser, sentence
recogniser, attribute ruler and lemmatizer are excluded (the small English pipeline's
``ner`` has its own embedded tok2vec); a shared ``tok2vec`` is kept only when the
``ner`` component listens to it (as in pipelines trained that way), so excluding
components never changes the entities found (a test checks it on the seed story).
Measured on the seed story's headline and body, one process on one core: the full
small pipeline about 12.5 stories/s, tok2vec + ner about 18, ner alone about 27.5.

:meth:`SpacyNer.pipe` (``nlp.pipe``) runs many texts at once, faster than one call per
text: the worker and the offline command give it each batch's texts through
``Resources.ner_batch``.
"""

from __future__ import annotations

import logging
import threading
import warnings
from collections.abc import Sequence
from typing import Any

from wiredesk.errors import ErrorCode, InfrastructureError, Stage
from wiredesk.normalize.ner_input import sanitise
from wiredesk.normalize.types import NerBatchFunc, NerSpan

# Components that never influence ``doc.ents``. Names a given pipeline lacks are ignored
# by spaCy, so one list serves every English pipeline.
NON_NER_COMPONENTS: tuple[str, ...] = (
    "tagger",
    "morphologizer",
    "parser",
    "senter",
    "attribute_ruler",
    "lemmatizer",
    "textcat",
    "textcat_multilabel",
)

DEFAULT_BATCH_SIZE = 64

log = logging.getLogger(__name__)


class SpacyNer:
    """A loaded spaCy pipeline seen as an NER function.

    Call it with one text, or use :meth:`pipe` for many (faster: spaCy batches them).
    Build it with :func:`load_ner` / :func:`load_ner_batch`, which load each model once.
    The model sees :func:`~wiredesk.normalize.ner_input.sanitise`'s copy of each text (same
    length, pathological runs blanked), so its time per text stays linear in the length
    and the offsets it returns index the text given.
    """

    def __init__(self, nlp: Any, batch_size: int = DEFAULT_BATCH_SIZE) -> None:
        self._nlp = nlp
        self._batch_size = batch_size
        self.language: str = str(nlp.meta.get("lang") or "en")  # the model's own language
        self.model_name: str = f"{nlp.meta.get('lang', '?')}_{nlp.meta.get('name', '?')}"
        self.version: str = str(nlp.meta.get("version", "?"))
        self.components: tuple[str, ...] = tuple(nlp.pipe_names)

    def __call__(self, text: str) -> tuple[NerSpan, ...]:
        return _spans(self._nlp(sanitise(text)))

    def pipe(self, texts: Sequence[str]) -> list[tuple[NerSpan, ...]]:
        sane = [sanitise(text) for text in texts]
        return [_spans(doc) for doc in self._nlp.pipe(sane, batch_size=self._batch_size)]


def _spans(doc: Any) -> tuple[NerSpan, ...]:
    return tuple(NerSpan(ent.start_char, ent.end_char, ent.label_) for ent in doc.ents)


# One model per name per process, also when start-up code runs on several threads.
_LOADED: dict[str, SpacyNer] = {}
_LOAD_LOCK = threading.Lock()


def _load(model_name: str) -> SpacyNer:
    with _LOAD_LOCK:
        if model_name not in _LOADED:
            _LOADED[model_name] = SpacyNer(_load_pipeline(model_name))
        return _LOADED[model_name]


def _load_pipeline(model_name: str) -> Any:
    try:
        import spacy  # slow import: only paid by processes that want NER
    except ImportError as e:
        raise InfrastructureError(
            ErrorCode.MODEL_UNAVAILABLE,
            "spaCy is not installed: install the service with its dependencies (pip install -e .)",
            Stage.STARTUP,
        ) from e
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            nlp = spacy.load(model_name, exclude=list(NON_NER_COMPONENTS))
        _pass_on(caught)
    except OSError as e:  # spaCy's E050/E053: no such package or data directory
        raise InfrastructureError(
            ErrorCode.MODEL_UNAVAILABLE,
            f"the spaCy model {model_name!r} is not installed or cannot be read: "
            f"install it with `pip install {model_name}` (or "
            f"`python -m spacy download {model_name}` for a stock spaCy model) "
            "or choose another model in the settings",
            Stage.STARTUP,
        ) from e
    if "ner" not in nlp.pipe_names:
        raise InfrastructureError(
            ErrorCode.MODEL_UNAVAILABLE,
            f"the spaCy model {model_name!r} has no 'ner' component "
            f"(it has {', '.join(nlp.pipe_names) or 'none'})",
            Stage.STARTUP,
        )
    _drop_unheard_tok2vec(nlp)
    return nlp


def _pass_on(caught: list[warnings.WarningMessage]) -> None:
    """spaCy's W095 (a model built for an older spaCy: the pinned Spanish model, which a
    unit test checks still tags) is logged once at load; other warnings are warned again."""
    logged: set[str] = set()
    for warning in caught:
        message = str(warning.message)
        if "[W095]" in message:
            if message not in logged:  # spaCy may warn it twice in one load
                log.warning("%s", message)
            logged.add(message)
        else:
            warnings.warn_explicit(
                warning.message, warning.category, warning.filename, warning.lineno
            )


def _drop_unheard_tok2vec(nlp: Any) -> None:
    """Remove a shared tok2vec that no remaining component listens to.

    In the small English pipeline only the tagger and parser listen to the shared
    tok2vec; ``ner`` embeds its own. Running it would cost time and change nothing.
    """
    for name in list(nlp.pipe_names):
        component = nlp.get_pipe(name)
        listeners = getattr(component, "listening_components", None)
        if listeners is not None and not listeners:
            nlp.remove_pipe(name)


def load_ner(model_name: str) -> SpacyNer:
    """The NER function (a :data:`~wiredesk.normalize.types.NerFunc`) for ``model_name``;
    the model is loaded once per process.

    Raises :class:`~wiredesk.errors.InfrastructureError` (``model_unavailable``) when the
    model package is missing or has no NER component.
    """
    return _load(model_name)


def load_ner_batch(model_name: str) -> NerBatchFunc:
    """Like :func:`load_ner`, for many texts at once (``nlp.pipe``); shares the same model."""
    return _load(model_name).pipe
