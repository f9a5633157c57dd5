"""Person names, what one looks like and which forms name the same person.

This module owns the person-name rules of the entities stage: a name's tokens (without
an honorific), the shape of a name the model may have mislabelled (two or three
capitalised tokens, particles allowed inside, no organisation or place word, no title),
the role words that put a span in a person's position (``Foreign Minister Marise
Payne``), and :class:`People`, which tells which full names, bare surnames and first
names belong to one person.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from wiredesk.normalize.entities.spans import PERSON

_HONORIFICS: Final = frozenset(
    {"Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Dr", "Dr.", "Sir", "Dame", "Madam", "Mme", "M."}
)
# Lower-case particles that sit inside personal names (Ursula von der Leyen).
_NAME_PARTICLES: Final = frozenset(
    {"von", "van", "der", "den", "de", "da", "di", "du", "la", "le", "al", "el", "bin", "ibn",
     "dos", "das", "del", "y"}
)  # fmt: skip

# A span right after one of these words (``Foreign Minister X``, ``ministers, X``) is in
# a person's position. Compared lower-case; a plural is reduced by dropping its final s.
_ROLE_WORDS: Final = frozenset(
    {"minister", "president", "premier", "chancellor", "secretary", "spokesman",
     "spokeswoman", "spokesperson", "senator", "sen.", "governor", "gov.", "mayor",
     "ambassador", "envoy", "chairman", "chairwoman", "ceo", "director", "leader", "king",
     "queen", "prince", "princess", "pope", "general", "gen.", "commander", "judge",
     "lawyer", "attorney", "counterpart", "deputy", "lawmaker", "congressman",
     "congresswoman", "representative", "rep.", "official", "emir", "sheikh", "coach",
     "captain", "striker", "actor", "actress", "singer", "author", "writer", "founder",
     "candidate", "mr.", "mrs.", "ms.", "dr."}
)  # fmt: skip
# A token that makes a span an organisation or a place, never a person.
_NOT_PERSON_WORDS: Final = frozenset(
    {"Agency", "Airlines", "Airways", "Association", "Authority", "Bank", "Board", "Bureau",
     "Co", "Co.", "Commission", "Committee", "Company", "Corp", "Corp.", "Council", "Court",
     "Department", "Foundation", "Fund", "Group", "Inc", "Inc.", "Institute", "League",
     "Ltd", "Ltd.", "Ministry", "News", "Office", "Organisation", "Organization", "Party",
     "Police", "Post", "Press", "Republic", "Service", "Times", "Union", "United",
     "University", "Watch", "Islands", "Sea", "Ocean", "River", "Street", "City"}
)  # fmt: skip

_ROLE_LOOKBACK: Final = 60  # characters: enough for "foreign ministers, " and a title
# A bound that keeps the stage linear on junk input; real names are far shorter.
MAX_NAME_TOKENS: Final = 6  # a longer "PERSON" span is not used as a full name

Name = tuple[str, ...]
AMBIGUOUS: Final = -1


def name_tokens(text: str) -> Name:
    """Whitespace tokens of a name, without a leading honorific (``Mr.``)."""
    tokens = text.split()
    while len(tokens) > 1 and tokens[0] in _HONORIFICS:
        tokens = tokens[1:]
    return tuple(tokens)


def is_capitalised_name(tokens: Name) -> bool:
    """Two or three name-like tokens: capitalised words, particles allowed inside."""
    if not 2 <= len(tokens) <= 3:
        return False
    if tokens[0] in _NAME_PARTICLES or tokens[-1] in _NAME_PARTICLES:
        return False
    for token in tokens:
        if token in _NAME_PARTICLES:
            continue
        letters = token.replace("-", "").replace("'", "").replace("’", "").replace(".", "")
        if not (letters.isalpha() and token[0].isupper()) or token in _NOT_PERSON_WORDS:
            return False
        if token.casefold() in _ROLE_WORDS:
            return False  # "Deputy Minister" is a title, not a name
        if token.isupper() and len(token) > 2:
            return False  # acronyms: "ASEAN Summit" is no person
    return True


def role_word_before(text: str, start: int) -> bool:
    """Whether ``text[:start]`` ends in a role word, optionally followed by a comma."""
    before = text[max(0, start - _ROLE_LOOKBACK) : start].rstrip()
    if before.endswith(","):
        before = before[:-1].rstrip()
    words = before.split()
    if not words:
        return False
    word = words[-1].casefold().strip("“”\"'‘’(")
    return word in _ROLE_WORDS or (word.endswith("s") and word[:-1] in _ROLE_WORDS)


class People:
    """The story's people, each known by the full names (two or more tokens) it uses.

    Two full names are one person when they are equal, share first and last token
    (``Donald J. Trump``, ``Donald Trump``) or one ends the other (``Jong Un``). Indexes
    make every look-up a dictionary hit, so a story full of names stays linear.
    """

    def __init__(self, full_names: Iterable[Name]) -> None:
        self.names: list[list[Name]] = []
        self._exact: dict[Name, set[int]] = {}
        self._first_last: dict[tuple[str, str], set[int]] = {}
        self._suffix: dict[Name, set[int]] = {}  # proper suffixes: surnames
        self._first: dict[str, set[int]] = {}
        # Longest names first, so that a short form finds the person it abbreviates.
        for name in sorted(dict.fromkeys(full_names), key=lambda n: -len(n)):
            owners = (
                self._exact.get(name, set())
                | self._first_last.get((name[0], name[-1]), set())
                | self._suffix.get(name, set())
            )
            if len(owners) == 1:
                index = next(iter(owners))
            else:
                index = len(self.names)
                self.names.append([])
            if name not in self.names[index]:
                self.names[index].append(name)
                self._index(name, index)

    def _index(self, name: Name, index: int) -> None:
        self._exact.setdefault(name, set()).add(index)
        self._first_last.setdefault((name[0], name[-1]), set()).add(index)
        self._first.setdefault(name[0], set()).add(index)
        for cut in range(1, len(name)):
            self._suffix.setdefault(name[cut:], set()).add(index)

    def match(self, tokens: Name, label: str) -> int | None:
        """The person ``tokens`` (never empty) names, None if nobody, ``AMBIGUOUS`` if
        several."""
        candidates = (
            self._exact.get(tokens),
            self._first_last.get((tokens[0], tokens[-1])) if len(tokens) >= 2 else None,
            self._suffix.get(tokens),
            # A bare first name only when the model itself saw a person: first names are
            # also places and things (Jordan, Paris, Georgia).
            self._first.get(tokens[0]) if len(tokens) == 1 and label == PERSON else None,
        )
        for hits in candidates:
            if hits:
                return next(iter(hits)) if len(hits) == 1 else AMBIGUOUS
        return None

    def unique_surnames(self, index: int) -> set[str]:
        """Last tokens of the person's names that no other person in the story shares."""
        return {name[-1] for name in self.names[index] if len(self._suffix[name[-1:]]) == 1}

    def canonical(self, index: int) -> str:
        # The longest full form: most tokens, then most characters; the first seen on a tie.
        best = max(self.names[index], key=lambda n: (len(n), len(" ".join(n))))
        return " ".join(best)
