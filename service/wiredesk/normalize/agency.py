"""Agencies: credits as written -> stable agency codes and display names.

This module owns the agency table (built once from ``service/wiredesk/data/agencies.json`` by
``wiredesk.resources.reference``), reading agencies out of a credit (``(efe-epa)``, ``Reuters``,
``Canadian Press - ... (AP)``) and recognising an agency sign-off at the very end of a
story (``... virus. EFE-EPA``, a last line ``Reuter``, dpa desk initials and GMT stamps).

Matching works on tokens (runs of letters and digits), so ``efe-epa``, ``EFE/EPA`` and
``ITAR-TASS`` are read token by token, longest alias first, in one pass over the credit.
Short acronyms that are also ordinary words or abbreviations (``AP``, ``PA`` for
Pennsylvania, ``TT``, ``AA``, ``CP``) only match when written exactly as the table says.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any, NamedTuple

from wiredesk.models import Agency, FoundIn
from wiredesk.normalize.fold import fold

__all__ = [
    "AgencyEntry",
    "AgencyMatch",
    "AgencyTable",
    "FoundIn",
    "Signoff",
    "agencies_from_credits",
]

_TOKEN = re.compile(r"[^\W_]+")
# Characters that may join agency names inside one credit: "efe-epa", "EFE/EPA", "AFP, AP".
_JOINERS = frozenset(" \t-/,&+;:.()")
# How far from the end of a story a sign-off is looked for; keeps the scan bounded.
_SIGNOFF_WINDOW = 300
# Trailing bytes old transmissions leave after the sign-off (ETX, SUB, ...) besides whitespace.
_TRAILING_JUNK = "".join(chr(c) for c in range(32)) + " \u00a0\u007f"
_GLUE_BEFORE = frozenset(".!?\"'”’)]")
# Rules some agencies put before the closing name ("==Kyodo", "-- AFP").
_RULE_CHARS = "=-—–*#~_ \t"
_MAX_SIGNOFF_LINE = 60
_MAX_INITIALS = 4  # desk initials after the agency name: "dpa xy zz", "PTI KND RDS"
_GMT_STAMP = re.compile(
    r"(?:dpa(?: [a-z]{1,4}){0,4} )?"  # desk initials may share the stamp's line
    r"\d{4,6} ?(?:GMT|UTC)"
    r"(?: [A-Z][a-z]{2,3}\.? \d{1,2}(?:,? \d{4})?)?"
)


class AgencyMatch(NamedTuple):
    """One agency read from a credit."""

    code: str
    name: str
    matched_text: str  # the alias as written in the credit, e.g. "efe" in "efe-epa"


class Signoff(NamedTuple):
    """An agency sign-off found at the very end of a story.

    ``start`` is the offset in the text given to :meth:`AgencyTable.signoff_at_end` where
    the sign-off begins (the story proper is ``text[:start].rstrip()``); ``text`` is the
    sign-off as written (may span lines: ``dpa xy zz\\n212101 GMT Nov 18``); ``credit`` is
    the agency part of it (``EFE-EPA``, ``Reuter``, ``dpa``), or None for a bare GMT stamp.
    """

    start: int
    text: str
    credit: str | None


@dataclass(frozen=True, slots=True)
class AgencyEntry:
    """One row of the agency table."""

    code: str
    name: str
    aliases: tuple[str, ...]  # matched case-insensitively, accents folded
    exact: tuple[str, ...] = ()  # matched only when written exactly so ("AP", "PA", "TT")
    country: str | None = None  # a national agency's home country (ISO alpha-2): "ES" for EFE


@dataclass(frozen=True, slots=True)
class _Candidate:
    code: str
    exact_tokens: tuple[str, ...] | None  # None: any case


def _tokens(text: str) -> Iterator[re.Match[str]]:
    return _TOKEN.finditer(text)


class _Token(NamedTuple):
    text: str  # as written
    folded: str  # as compared
    start: int
    end: int


class AgencyTable:
    """Agency codes, display names and the aliases they appear under in credits.

    Built once from package data (``wiredesk/data/agencies.json``) by
    ``wiredesk.resources.reference``.
    """

    def __init__(self, entries: Iterable[AgencyEntry]) -> None:
        self._names: dict[str, str] = {}
        self._countries: dict[str, str] = {}
        self._index: dict[tuple[str, ...], list[_Candidate]] = {}
        self._max_tokens = 1
        for entry in entries:
            if entry.code in self._names:
                raise ValueError(f"agency code {entry.code!r} appears twice in the table")
            self._names[entry.code] = entry.name
            if entry.country is not None:
                self._countries[entry.code] = entry.country
            for alias in entry.aliases:
                self._add(alias, _Candidate(entry.code, None))
            for alias in entry.exact:
                words = tuple(m.group() for m in _tokens(alias))
                self._add(alias, _Candidate(entry.code, words))

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> AgencyTable:
        """Build the table from the parsed ``agencies.json`` document."""
        return cls(
            AgencyEntry(
                code=row["code"],
                name=row["name"],
                aliases=tuple(row.get("aliases", ())),
                exact=tuple(row.get("exact", ())),
                country=row.get("country"),
            )
            for row in data["agencies"]
        )

    def _add(self, alias: str, candidate: _Candidate) -> None:
        key = tuple(fold(m.group()) for m in _tokens(alias))
        if not key:
            raise ValueError(f"agency alias {alias!r} has no letters or digits")
        self._index.setdefault(key, []).append(candidate)
        self._max_tokens = max(self._max_tokens, len(key))

    @property
    def codes(self) -> list[str]:
        """Every agency code in the table, in table order."""
        return list(self._names)

    def name(self, code: str) -> str:
        """The display name of an agency code (KeyError when unknown)."""
        return self._names[code]

    def country(self, code: str) -> str | None:
        """A national agency's home country (``ES`` for ``efe``); None for world services."""
        return self._countries.get(code)

    def _match_at(self, window: Sequence[_Token]) -> tuple[str, int] | None:
        """The longest alias at the start of ``window``: (code, number of tokens) or None."""
        for size in range(min(self._max_tokens, len(window)), 0, -1):
            candidates = self._index.get(tuple(t.folded for t in window[:size]))
            if not candidates:
                continue
            written = tuple(t.text for t in window[:size])
            for candidate in candidates:
                if candidate.exact_tokens is None or candidate.exact_tokens == written:
                    return candidate.code, size
        return None

    def _scan(self, credit: str) -> list[tuple[str, int, int]]:
        """Every alias in ``credit`` as (code, start, end), longest first, left to right.

        One pass over the tokens with a look-ahead of the longest alias, so time and
        memory beyond the result do not depend on the length of ``credit``."""
        tokens = (_Token(m.group(), fold(m.group()), m.start(), m.end()) for m in _tokens(credit))
        window: list[_Token] = list(islice(tokens, self._max_tokens))
        found: list[tuple[str, int, int]] = []
        while window:
            hit = self._match_at(window)
            size = 1 if hit is None else hit[1]
            if hit is not None:
                found.append((hit[0], window[0].start, window[size - 1].end))
            del window[:size]
            window.extend(islice(tokens, self._max_tokens - len(window)))
        return found

    def find(self, credit: str) -> list[tuple[str, str, str]]:
        """Every agency named in ``credit`` as (code, display name, matched text), in order.

        Each agency appears once (its first mention). ``credit`` must be credit text only
        (``efe-epa``, ``Reuters``, ``Canadian Press - BANJA LUKA, Bosnia-Herzegovina (AP)``):
        short acronyms such as ``AP`` or ``AA`` count as agencies wherever they stand.
        Runs in time linear in the length of ``credit``.
        """
        found = self._scan(credit)
        seen: set[str] = set()
        out: list[tuple[str, str, str]] = []
        for code, start, end in found:
            if code not in seen:
                seen.add(code)
                out.append(AgencyMatch(code, self._names[code], credit[start:end]))
        return out

    def is_credit(self, text: str) -> bool:
        """True when ``text`` names agencies and nothing else (``EFE-EPA``, ``Reuter``,
        ``AFP``, ``dpa``, ``Canadian Press/AP``): every token belongs to an agency alias and
        only joiners (space, ``-``, ``/``, ``,``, ``&``...) stand between them."""
        found = self._scan(text)
        if not found:
            return False
        covered = 0
        for _, start, end in found:
            if any(c not in _JOINERS for c in text[covered:start]):
                return False
            covered = end
        return all(c in _JOINERS for c in text[covered:])

    def signoff_at_end(self, text: str) -> Signoff | None:
        """The agency sign-off that closes ``text``, or None.

        For the segmenter: call it on the story text (after cleaning) and cut the
        sign-off off with ``text[:result.start].rstrip()``. Returns a :class:`Signoff`
        (a named tuple ``(start, text, credit)``). Recognised, looking only at the last
        few hundred characters:

        - a last line that is only agency names: ``Reuter``, ``REUTER``, ``AFP``,
          ``EFE-EPA``, ``dpa``, also after a rule: ``==Kyodo``, ``-- AFP``;
        - a last line of an agency name and desk initials: ``dpa xy zz``, ``PTI KND RDS``
          (``credit`` is the agency part, ``dpa`` / ``PTI``);
        - agency names glued to the last sentence after its closing punctuation:
          ``... the virus. EFE-EPA`` (start points at ``EFE``);
        - a GMT stamp line such as ``212101 GMT Nov 18`` after any of those lines, or
          alone (then ``credit`` is None).

        Trailing whitespace and control characters (``\\x03`` from old transmissions) are
        ignored. Credit lines such as ``(Reporting by ...)`` are not sign-offs here.
        """
        end = len(text.rstrip(_TRAILING_JUNK))
        window_start = max(0, end - _SIGNOFF_WINDOW)
        stamp_start = self._stamp_line_start(text, window_start, end)
        if stamp_start is not None:
            before = self._signoff_before(text, window_start, stamp_start)
            start = before.start if before is not None else stamp_start
            credit = before.credit if before is not None else _dpa_credit(text[stamp_start:end])
            return Signoff(start, text[start:end], credit)
        return self._signoff_before(text, window_start, end)

    def _stamp_line_start(self, text: str, window_start: int, end: int) -> int | None:
        """Start of a GMT stamp line (``212101 GMT Nov 18``) ending at ``end``, if any."""
        line_start = text.rfind("\n", window_start, end) + 1
        line_start = max(line_start, window_start)
        line = text[line_start:end].strip()
        if line and _GMT_STAMP.fullmatch(line):
            return line_start + (len(text[line_start:end]) - len(text[line_start:end].lstrip()))
        return None

    def _signoff_before(self, text: str, window_start: int, end: int) -> Signoff | None:
        """An agency sign-off line (or glued credit) that ends at ``end``."""
        end = window_start + len(text[window_start:end].rstrip(_TRAILING_JUNK))
        if end <= window_start:
            return None
        line_start = max(text.rfind("\n", window_start, end) + 1, window_start)
        raw_line = text[line_start:end]
        line = raw_line.lstrip()
        start = line_start + len(raw_line) - len(line)
        credit = self._signoff_line_credit(line) if len(line) <= _MAX_SIGNOFF_LINE else None
        if credit is not None:
            return Signoff(start, line, credit)
        return self._glued_signoff(text, start, end)

    def _signoff_line_credit(self, line: str) -> str | None:
        """The credit of a whole sign-off line, or None when the line is not one.

        ``Reuter``, ``EFE-EPA``, ``==Kyodo`` (rules before the name), and an agency
        followed by desk initials: ``dpa xy zz``, ``PTI KND RDS``.
        """
        core = line.lstrip(_RULE_CHARS)
        if not core:
            return None
        if self.is_credit(core):
            return core
        words = core.split()
        # The longest run of leading words that names agencies, then only initials.
        for split in range(min(len(words) - 1, self._max_tokens), 0, -1):
            initials = words[split:]
            if len(initials) <= _MAX_INITIALS and all(_is_initials(w) for w in initials):
                credit = " ".join(words[:split])
                if self.is_credit(credit):
                    return credit
        return None

    def _glued_signoff(self, text: str, line_start: int, end: int) -> Signoff | None:
        """``... virus. EFE-EPA``: the last word of the last line is a credit that follows
        the sentence's closing punctuation."""
        space = text.rfind(" ", line_start, end)
        if space <= line_start:
            return None
        word = text[space + 1 : end]
        before = text[line_start:space].rstrip()
        if not before or before[-1] not in _GLUE_BEFORE or not self.is_credit(word):
            return None
        return Signoff(space + 1, word, word)


def _is_initials(word: str) -> bool:
    """Desk initials: two to four letters, all lower-case or all capitals."""
    return 2 <= len(word) <= 4 and word.isalpha() and (word.islower() or word.isupper())


def _dpa_credit(signoff: str) -> str | None:
    """The agency part of a dpa desk sign-off (``dpa`` of ``dpa xy zz``), else None."""
    return "dpa" if signoff.startswith("dpa") else None


def agencies_from_credits(
    credits: Sequence[tuple[str, FoundIn]], table: AgencyTable
) -> list[Agency]:
    """One Agency per code, first credit wins, in credit order.

    ``credit`` on each Agency is the whole credit as written (``efe-epa`` for both EFE and
    EPA), so a reader can see what the code was read from.
    """
    seen: set[str] = set()
    agencies: list[Agency] = []
    for credit, found_in in credits:
        for code, name, _ in table.find(credit):
            if code in seen:
                continue
            seen.add(code)
            agencies.append(Agency(code=code, name=name, credit=credit.strip(), found_in=found_in))
    return agencies
