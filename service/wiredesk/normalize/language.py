"""Language: which language a story is in, and how the pipeline knows.

First that applies (:func:`choose_language`):

1. the language the producer's envelope declares (``envelope``);
2. the language the agency document declares: ``xml:lang``, G2 ``language@tag``, NewsML
   1.2 ``Language`` (``document``);
3. the language identifier's answer (``detected``), on the headline and the lead
   paragraph, among the languages served (:data:`SERVED`), when it is at least
   :data:`MIN_CONFIDENCE` sure; the identifier is a packaged model loaded at the edge
   and handed over in ``Resources`` (:data:`~wiredesk.normalize.types.LanguageIdFunc`);
   without one (a ``Resources`` built by hand) the cheap function-word guess below stands
   in, with no confidence;
4. else English (``default``).

It matters because the NER model reads one language: on French copy an English model
finds junk, so the pipeline skips NER for stories in another language (and says so in a
warning).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from wiredesk.models import Format, LanguageSource
from wiredesk.normalize.types import LanguageIdFunc

# The languages the desk serves, as the identifier names them (ISO 639-1; ``no`` is
# Norwegian, which NTB writes in Bokmål).
SERVED: tuple[str, ...] = ("en", "es", "pt", "fr", "de", "it", "no")
DEFAULT_LANGUAGE = "en"
# Below this the identifier's answer is not taken (the story is then English by default).
MIN_CONFIDENCE = 0.8
LEAD_CHARS = 1000  # of the lead: a dateline and a sentence or two is enough
LEAD_MIN_CHARS = 150  # a shorter first paragraph is read with the next
_ENVELOPE_FORMATS: frozenset[Format] = frozenset({"text", "json"})


@dataclass(frozen=True, slots=True)
class LanguageChoice:
    """The story's language, where it came from, and how sure the identifier was (None
    unless it was detected by the model)."""

    language: str
    source: LanguageSource
    confidence: float | None = None


def lead_sample(headline: str, body: str) -> str:
    """What the identifier reads: the headline (lower-cased when written in capitals, as
    1980s wire headlines are) and the lead: the body's first paragraph, with the next ones
    while it is shorter than ``LEAD_MIN_CHARS`` (a dateline line such as Europa Press's
    ``MADRID, 3 (EUROPA PRESS)`` is no lead on its own), cut at ``LEAD_CHARS``."""
    head = headline.lower() if headline.isupper() else headline
    lead = ""
    for paragraph in body.split("\n\n"):
        lead = f"{lead}\n{paragraph.strip()}" if lead else paragraph.strip()
        if len(lead) >= LEAD_MIN_CHARS:
            break
    return f"{head}\n{lead[:LEAD_CHARS]}".strip()


def choose_language(
    declared: str | None,
    story_format: Format,
    headline: str,
    body: str,
    identify: LanguageIdFunc | None,
) -> LanguageChoice:
    """The story's language (see the module's docstring for the order). ``declared`` is
    the envelope's ``language``: a reader of an agency document puts the document's
    declared language there, so the format says whose declaration it is."""
    if declared:
        source: LanguageSource = "envelope" if story_format in _ENVELOPE_FORMATS else "document"
        return LanguageChoice(declared, source)
    if identify is None:
        guessed = detect_language(f"{headline}\n{body}")
        if guessed is not None:
            return LanguageChoice(guessed, "detected")
        return LanguageChoice(DEFAULT_LANGUAGE, "default")
    sample = lead_sample(headline, body)
    if sample:
        guess = identify(sample)
        if guess.language in SERVED and guess.confidence >= MIN_CONFIDENCE:
            return LanguageChoice(guess.language, "detected", round(guess.confidence, 3))
    return LanguageChoice(DEFAULT_LANGUAGE, "default")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# The twenty or so commonest short function words of each language, chosen so that
# they rarely occur in the others' news copy.
_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": _words(
        "the and of to is that for with was said by from has are were have it its this "
        "which will would their"
    ),
    "fr": _words(
        "le les des et est une dans du pour qui au sur ont été pas aux cette selon mais "
        "leur ses sont"
    ),
    "es": _words(
        "el los las del y una por con para fue al como según sus pero este está han también entre"
    ),
    "de": _words(
        "der die das und ist nicht mit den von zu im eine auf für dem des sich auch wurde nach"
    ),
    "it": _words(
        "il di che per della non sono nel gli alla dei delle anche è ha stato questo loro secondo"
    ),
    "pt": _words("os do da em um uma não na no foi pelo pela são mais ao às também segundo disse"),
}
_WORD = re.compile(r"[^\W\d_]+")  # a run of letters: linear, no backtracking
_SAMPLE_CHARS = 4000
_MIN_HITS = 5
_LEAD_FACTOR = 2.0


def detect_language(text: str) -> str | None:
    """The cheap guess, for ``Resources`` without an identifier: ISO 639-1 code of the
    language that clearly leads on function words, or None."""
    counts = dict.fromkeys(_FUNCTION_WORDS, 0)
    for match in _WORD.finditer(text[:_SAMPLE_CHARS]):
        word = match.group().lower()
        for language, words in _FUNCTION_WORDS.items():
            if word in words:
                counts[language] += 1
    ranked = sorted(counts.items(), key=lambda item: item[1], reverse=True)
    (best, hits), (_, runner_up) = ranked[0], ranked[1]
    if hits >= _MIN_HITS and hits >= _LEAD_FACTOR * runner_up:
        return best
    return None


def primary_subtag(language: str) -> str:
    """``en-GB`` -> ``en``; language tags compare on their primary subtag."""
    return language.split("-", 1)[0].split("_", 1)[0].lower()
