"""The curated organisation table: names, aliases, acronyms and tickers -> one stable id.

This module owns :class:`OrgTable`, built once by ``wiredesk.resources.reference`` from
``service/wiredesk/data/organisations.json`` and passed in as a value. A name or alias is found
with case and accents folded, dots ignored and a leading article dropped (``the United
Nations``, ``United Nations``); an acronym only as written in capitals, with or without
dots (``UN``, ``U.N.``), so that ``who`` or ``Who`` is never the World Health
Organization. A name, acronym or ticker two rows claim is not used: the table never
guesses between two organisations.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from wiredesk.normalize.fold import fold

_ARTICLES = ("the ",)


@dataclass(frozen=True, slots=True)
class Organisation:
    id: str  # "org:<slug>", stable
    name: str  # canonical name
    kind: str  # intergovernmental, central_bank, ministry, exchange, company, news_agency, other
    country_code: str | None = None
    aliases: tuple[str, ...] = ()
    acronyms: tuple[str, ...] = ()
    tickers: tuple[str, ...] = ()


def name_key(text: str) -> str:
    """How a name or alias is compared: folded, dots and possessive gone, no leading article."""
    key = " ".join(fold(text).replace(".", "").replace("’", "'").split())
    if key.endswith("'s"):
        key = key[:-2]
    for article in _ARTICLES:
        if key.startswith(article) and len(key) > len(article):
            key = key[len(article) :]
    return key


def acronym_key(text: str) -> str | None:
    """``U.N.`` and ``UN`` -> ``UN``; None unless ``text`` is capitals (and dots) only."""
    letters = text.replace(".", "")
    shaped = letters.isascii() and letters.isalnum() and letters[:1].isalpha()
    return letters if shaped and 2 <= len(letters) <= 8 and letters.isupper() else None


# A company's legal suffix, written one way in canonical names (Reuters style).
_SUFFIXES = {
    "Inc.": "Inc", "INC": "Inc", "Corp.": "Corp", "CORP": "Corp", "Co.": "Co", "CO": "Co",
    "Ltd.": "Ltd", "LTD": "Ltd", "PLC": "Plc", "Plc.": "Plc", "plc": "Plc",
}  # fmt: skip


def with_plain_suffix(name: str) -> str:
    """``Salomon Brothers Inc.`` -> ``Salomon Brothers Inc``, ``Lloyds Bank PLC`` ->
    ``Lloyds Bank Plc``: the suffix of a company name written one way."""
    words = name.split(" ")
    if len(words) < 2:
        return name
    return " ".join([*words[:-2], *(_SUFFIXES.get(w, w) for w in words[-2:])])


def _unique(pairs: Iterable[tuple[str, Organisation]]) -> dict[str, Organisation]:
    found: dict[str, Organisation | None] = {}
    for key, org in pairs:
        if not key:
            continue
        found[key] = org if found.get(key, org) is org else None
    return {k: v for k, v in found.items() if v is not None}


class OrgTable:
    """Look-ups of the curated organisations; see the module docstring."""

    def __init__(self, rows: Iterable[Organisation]) -> None:
        self.rows = tuple(rows)
        self._by_id = {o.id: o for o in self.rows}
        self._names = _unique(
            (name_key(name), o) for o in self.rows for name in (o.name, *o.aliases)
        )
        self._acronyms = _unique(
            (key, o) for o in self.rows for a in o.acronyms if (key := acronym_key(a))
        )
        self._tickers = _unique((t.upper(), o) for o in self.rows for t in o.tickers)

    @classmethod
    def from_json(cls, doc: Mapping[str, Any]) -> OrgTable:
        return cls(
            Organisation(
                id=row["id"],
                name=row["name"],
                kind=row["kind"],
                country_code=row.get("country_code"),
                aliases=tuple(row.get("aliases", ())),
                acronyms=tuple(row.get("acronyms", ())),
                tickers=tuple(row.get("tickers", ())),
            )
            for row in doc["rows"]
        )

    def find(self, text: str) -> Organisation | None:
        """The organisation ``text`` names (a name, an alias or an acronym), or None."""
        key = acronym_key(text)
        if key is not None and key in self._acronyms:
            return self._acronyms[key]
        return self._names.get(name_key(text))

    def by_id(self, org_id: str) -> Organisation | None:
        return self._by_id.get(org_id)

    def by_ticker(self, ticker: str) -> Organisation | None:
        return self._tickers.get(ticker.upper())


EMPTY_ORG_TABLE = OrgTable(())
