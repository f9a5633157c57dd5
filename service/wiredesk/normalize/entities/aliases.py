"""Step 4b: acronyms and tickers joined to the entity they belong to.

This module owns two story-level rules that run once the spans are grouped:

- **Acronyms.** A group named like an acronym (``ANC``, ``U.N.``; keyed by its letters,
  so ``U.N.`` and ``UN`` are already one) joins the group it abbreviates: the one the
  story introduced it after (``African National Congress (ANC)``), else the one group
  whose name's initials spell it (``Bharatiya Janata Party`` for ``BJP``). Two
  candidates and no introduction: kept apart, never guessed. Organisations in the
  curated table meet by its id before this step (``EU``, ``European Union``).
- **Tickers.** Company tickers written in copy (``<NEM>`` in 1987 Reuters copy,
  ``(NEM.N)``, ``(NYSE: IBM)``) become ``tickers`` of the entity named right before them,
  else of the organisation the table gives that ticker to, when it is in the story. A
  span the model found inside a ticker (``NEM``) is no entity of its own.

The one regular expression has bounded repetition only: linear in the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, MutableMapping
from dataclasses import dataclass
from typing import Final

from wiredesk.models import MentionField
from wiredesk.normalize.entities.groups import Group, Key
from wiredesk.normalize.entities.spans import PERSON, PLACE_LABELS, Span
from wiredesk.normalize.tables.organisations import OrgTable, acronym_key

_TICKER: Final = re.compile(
    r"<(?P<angle>[A-Z][A-Z0-9]{0,5}(?:\.[A-Z]{1,2})?)>"
    r"|\((?:NYSE|Nasdaq|NASDAQ|AMEX|LSE|TSX|ASX|OTC)\s?:\s?(?P<exchange>[A-Z][A-Z0-9.]{0,7})\)"
    r"|\((?P<ric>[A-Z0-9]{1,6}[a-z_]{0,2}\.[A-Z]{1,3})\)"
)
_INTRO: Final = re.compile(r"\s{0,2}\(\s?([A-Z][A-Za-z.&]{1,9})\s?\)")
_SMALL_WORDS: Final = frozenset(
    {"of", "the", "and", "for", "de", "du", "des", "la", "le", "&", "on", "in", "y", "et"}
)


@dataclass(frozen=True, slots=True)
class Ticker:
    field: MentionField
    start: int
    end: int
    symbol: str


def find_tickers(texts: Mapping[MentionField, str]) -> list[Ticker]:
    """Every ticker written in the headline and the body, in order."""
    found: list[Ticker] = []
    for field_name, text in texts.items():
        for m in _TICKER.finditer(text):
            symbol = m.group("angle") or m.group("exchange") or m.group("ric")
            found.append(Ticker(field_name, m.start(), m.end(), symbol))
    return found


def outside_tickers(spans: Iterable[Span], tickers: Iterable[Ticker]) -> list[Span]:
    """The spans that are not inside a ticker (the model tags ``NEM`` in ``<NEM>``)."""
    inside = {(t.field, i) for t in tickers for i in range(t.start, t.end)}
    return [s for s in spans if (s.field, s.start) not in inside]


def initials(name: str) -> str:
    """``Bharatiya Janata Party`` -> ``BJP``; ``Organization of the Petroleum Exporting
    Countries`` -> ``OPEC``; one word has none."""
    words = [w for w in name.replace("-", " ").split() if w.casefold() not in _SMALL_WORDS]
    if len(words) < 2:
        return ""
    return "".join(w[0] for w in words if w[0].isalpha()).upper()


def merge_acronyms(groups: MutableMapping[Key, Group], texts: Mapping[MentionField, str]) -> None:
    """Join each acronym group to the group it abbreviates (see the module docstring)."""
    introduced: dict[str, set[Key]] = {}
    by_initials: dict[str, set[Key]] = {}
    for key, group in groups.items():
        if key[0] == "acronym" or group.label in (PERSON, "NORP") or group.label in PLACE_LABELS:
            continue
        if spelled := initials(group.name):
            by_initials.setdefault(spelled, set()).add(key)
        for span in group.spans:
            intro = _INTRO.match(texts[span.field], span.end)
            letters = acronym_key(intro.group(1)) if intro else None
            if letters is not None:
                introduced.setdefault(letters, set()).add(key)
    for key in [k for k in groups if k[0] == "acronym"]:
        letters = key[1]
        targets = introduced.get(letters) or by_initials.get(letters) or set()
        if len(targets) != 1:
            continue
        target = groups[next(iter(targets))]
        target.spans.extend(groups.pop(key).spans)


def attach_tickers(
    groups: Mapping[Key, Group],
    tickers: Iterable[Ticker],
    texts: Mapping[MentionField, str],
    orgs: OrgTable,
) -> None:
    """Each ticker onto the entity written right before it, else the table's company."""
    ends: dict[tuple[MentionField, int], Group] = {}
    for group in groups.values():
        for s in group.spans:
            ends[(s.field, s.end)] = group
    by_org = {key[1]: group for key, group in groups.items() if key[0] == "org"}
    for ticker in tickers:
        text = texts[ticker.field]
        at = ticker.start
        while at > 0 and text[at - 1] in " \t":
            at -= 1
        owner = ends.get((ticker.field, at))
        if owner is None or owner.label in (PERSON, "NORP") or owner.label in PLACE_LABELS:
            org = orgs.by_ticker(ticker.symbol)
            owner = by_org.get(org.id) if org is not None else None
        if owner is not None and ticker.symbol not in owner.tickers:
            owner.tickers.append(ticker.symbol)
