"""Words of a sentence with their offsets, and the trigger matcher over them.

The matcher indexes the lexicon's patterns by their first word, so each word of a sentence
tries only the few patterns that can start there; a pattern is at most a handful of words
and a gap at most :data:`lexicon.GAP` words, so matching is linear in the sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from wiredesk.normalize.events.lexicon import GAP, RULES, Rule, verb_forms

_WORD = re.compile(r"(?:[A-Za-z]\.){2,}|\w+(?:[-'’]\w+)*|[^\w\s]")
# Words that end a clause: a trigger's gap never crosses them, nor does an actor search.
CLAUSE_END: Final = frozenset({";", ":", "but", "while", "whereas", "although", "though"})


@dataclass(frozen=True, slots=True)
class Token:
    text: str  # as written
    low: str  # lower-cased, curly apostrophe straightened
    start: int  # offsets into the sentence's field (headline or body)
    end: int


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """The words and punctuation of ``text``; offsets shifted by ``offset``."""
    return [
        Token(m.group(), m.group().lower().replace("’", "'"), m.start() + offset, m.end() + offset)
        for m in _WORD.finditer(text)
    ]


@dataclass(frozen=True, slots=True)
class _Compiled:
    rule: Rule
    steps: tuple[frozenset[str] | None, ...]  # None: a gap


def _step(word: str) -> frozenset[str]:
    """``~give|provide``: the forms of both verbs; ``talks|meeting``: those words."""
    verbs = word.startswith("~")
    forms: list[str] = []
    for alternative in word.lstrip("~").split("|"):
        word_ = alternative.lstrip("~")
        forms.extend(verb_forms(word_) if verbs or alternative.startswith("~") else [word_])
    return frozenset(forms)


def _compile(rule: Rule) -> _Compiled:
    return _Compiled(rule, tuple(None if w == "*" else _step(w) for w in rule.pattern.split()))


@dataclass(frozen=True, slots=True)
class Match:
    rule: Rule
    first: int  # token index of the first and the last word matched
    last: int


class Matcher:
    """Finds the lexicon's triggers in a sentence's tokens."""

    def __init__(self, rules: Sequence[Rule] = RULES) -> None:
        # The stage's few structural rules written after reading gold sentences apply only
        # with the dev rules, so that leaving those out measures the manual coder alone.
        self.dev = any(rule.origin == "dev" for rule in rules)
        self._by_first: dict[str, list[_Compiled]] = {}
        for rule in rules:
            compiled = _compile(rule)
            head = compiled.steps[0]
            assert head is not None, f"a pattern may not open with a gap: {rule.pattern!r}"
            for word in head:
                self._by_first.setdefault(word, []).append(compiled)

    def matches(self, tokens: Sequence[Token]) -> list[Match]:
        """Every word's longest match (ties: the earlier rule), left to right, not overlapping."""
        found: list[Match] = []
        i = 0
        while i < len(tokens):
            best: Match | None = None
            for compiled in self._by_first.get(tokens[i].low, ()):
                last = _match_at(compiled.steps, tokens, i)
                if last is not None and (best is None or last > best.last):
                    best = Match(compiled.rule, i, last)
            if best is not None:
                found.append(best)
                i = best.last + 1
            else:
                i += 1
        return found


def _match_at(
    steps: Sequence[frozenset[str] | None], tokens: Sequence[Token], i: int
) -> int | None:
    """The index of the last token ``steps`` match from token ``i``, or None."""
    pos = i
    k = 0
    while k < len(steps):
        step = steps[k]
        if step is None:
            following = steps[k + 1] if k + 1 < len(steps) else None
            if following is None:
                return None
            for skip in range(GAP + 1):
                j = pos + skip
                if j >= len(tokens) or tokens[j].low in CLAUSE_END or tokens[j].low == ".":
                    return None
                if tokens[j].low in following:
                    pos = j + 1
                    break
            else:
                return None
            k += 2
            continue
        if pos >= len(tokens) or tokens[pos].low not in step:
            return None
        pos += 1
        k += 1
    return pos - 1
