"""Step 1b: each span's name as a reader would write it.

This module owns the rules that turn what the copy wrote into a canonical form, before
any span is keyed:

- **Articles.** ``the United Nations`` and ``The European Union`` lose the article;
  names whose article belongs to them keep it: a place the gazetteer knows with it
  (``The Hague``, ``The Gambia``), an organisation the table lists with it (``The
  Economist``) and, not in the table, a publication (``The Daily Star``).
- **Titles.** ``President Ronald Reagan``, ``Gov. Brian Kemp``: the title is cut from a
  person's span, or read right before it, and kept as the span's ``title``.
- **All-caps copy.** A span from a field written in capitals (1987 headlines) takes the
  mixed-case form the story writes elsewhere (``REAGAN`` -> ``Reagan``); a PERSON the
  mixed-case copy does not tag as a person is dropped (``DUTCH FLOWER``), other spans are
  re-cased word by word (``AMERICAN AIRLINES`` -> ``American Airlines``). A span written
  all in lower case (some 1987 copy is) is re-cased the same way.
- **Regions of the world.** ``Indo-Pacific``, ``Middle East``: LOC, whatever the label.
- **Common-noun acronyms.** ``IT`` in ``IT spending``, ``GDP``, ``CEO``: never an
  organisation, whatever the model says.

The mention keeps the text as written; only the span's edges move past an article or a
title, and ``form`` carries a re-cased name.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Final

from wiredesk.models import MentionField
from wiredesk.normalize.entities.lookups import Lookups
from wiredesk.normalize.entities.mentions import word_hits
from wiredesk.normalize.entities.spans import PERSON, PLACE_LABELS, Notes, Span, quote

_ARTICLES: Final = ("the ", "The ", "THE ")
# The last word of a publication's name, whose article belongs to the name.
_PUBLICATION_WORDS: Final = frozenset(
    {"times", "post", "journal", "economist", "guardian", "telegraph", "herald", "tribune",
     "independent", "observer", "star", "globe", "gazette", "chronicle", "mirror", "sun",
     "standard", "hindu", "nation", "age", "australian", "monitor", "inquirer"}
)  # fmt: skip

# Titles written before a person's name; compared as tokens, the longest first.
_TITLE_PHRASES: Final = (
    "President", "Vice President", "Vice-President", "Prime Minister", "Deputy Prime Minister",
    "Foreign Minister", "Finance Minister", "Defence Minister", "Defense Minister",
    "Trade Minister", "Oil Minister", "Energy Minister", "Interior Minister",
    "Agriculture Minister", "Economy Minister", "Minister", "Chancellor", "Premier",
    "Secretary of State", "Treasury Secretary", "Commerce Secretary", "Agriculture Secretary",
    "Defense Secretary", "Secretary-General", "Secretary General", "Secretary", "Governor",
    "Gov.", "Senator", "Sen.", "Representative", "Rep.", "Mayor", "King", "Queen", "Prince",
    "Princess", "Crown Prince", "Pope", "General", "Gen.", "Lt. Gen.", "Maj. Gen.", "Col.",
    "Adm.", "Admiral", "Judge", "Chief Justice", "Justice", "Chairman", "Ambassador",
    "Sheikh", "Emir", "Speaker", "Attorney General", "Cardinal", "Archbishop", "Bishop",
    "Rev.", "Supreme Leader", "Chief Executive",
)  # fmt: skip
_TITLES: Final = tuple(sorted((tuple(t.split()) for t in _TITLE_PHRASES), key=len, reverse=True))
_MAX_TITLE_TOKENS: Final = max(len(t) for t in _TITLES)
_TITLE_LOOKBACK: Final = 40  # characters before a span searched for its title

# Acronyms of things, not organisations: "IT spending", "GDP growth", "CEO".
_COMMON_ACRONYMS: Final = frozenset(
    {"IT", "AI", "PR", "TV", "HR", "GDP", "GNP", "CEO", "CFO", "COO", "VAT", "IPO", "PC",
     "ATM", "DNA", "SUV", "LNG", "LPG", "CPI", "PPI", "EPS", "FX", "ETF", "R&D", "M&A",
     "Q1", "Q2", "Q3", "Q4", "AGM", "EGM", "PE"}
)  # fmt: skip
# Words of a company's name re-cased by rule, not as a word: "INC" -> "Inc".
_CASED_WORDS: Final = {
    "INC": "Inc", "LTD": "Ltd", "CORP": "Corp", "CO": "Co", "PLC": "Plc", "OF": "of",
    "AND": "and", "THE": "the", "DE": "de", "FOR": "for",
}  # fmt: skip
# Short words of company names that are words, not initials (``AIR``, ``GAS``); other
# words of three letters or fewer in all-caps copy are kept in capitals (``CRA``, ``AMI``).
_SHORT_WORDS: Final = frozenset(
    {"AIR", "GAS", "OIL", "NET", "CAR", "SEA", "SUN", "BIG", "NEW", "ONE", "TWO", "ART",
     "BAY", "BOX", "CAP", "FUN", "TOP", "WAY", "WEB", "AGE", "ACE", "ICE", "RED", "SKY",
     "TEN", "ALL", "OLD", "BAR", "BUS", "FAR", "GEM", "HOT", "INN", "KEY", "LAB", "MAN",
     "MAP", "OAK", "PAN", "PEN", "PET", "POP", "ROW", "SAN", "TIN", "TOY", "VAN", "WAR",
     "WET", "ZOO", "MR", "MRS", "DR", "ST", "MT", "FT", "BAN", "BOND"}
)  # fmt: skip
# Labels whose lower-case spans are names written in lower-case copy, and re-cased; a
# lower-case NORP span is a common noun ("the allies"), left as written.
_NAMED_LABELS: Final = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC"})
_SMALL_WORDS: Final = frozenset({"of", "and", "the", "de", "for", "von", "van", "der", "la", "du"})


# ---------------------------------------------------------------------------- articles


def strip_article(span: Span, lookups: Lookups) -> Span:
    """``the United Nations`` -> ``United Nations``; ``The Hague`` and ``The Economist``
    keep theirs (see the module docstring). A person's span never starts with one."""
    name = span.name  # as long as ``text``: re-casing keeps lengths
    if span.label == PERSON or not name.startswith(_ARTICLES):
        return span
    rest = name[4:].lstrip()  # never empty: spans are trimmed
    if not (rest[:1].isupper() or rest[:1].isdigit()):
        # "the full Court of Appeals": the name starts at its first capital; "the euro
        # zone" has none and is left as written.
        words = rest.split(" ")
        first = next((i for i, w in enumerate(words) if w[:1].isupper()), None)
        if first is None:
            return span
        rest = " ".join(words[first:])
    country = lookups.country(rest)
    if country is not None:
        if country.name.startswith("The "):
            return span  # The Gambia, The Bahamas
    elif span.label in PLACE_LABELS and lookups.place(name) is not None:
        return span  # The Hague
    else:
        org = lookups.org(name)
        if org is not None and org.name.startswith("The "):
            return span  # The Economist
        if org is None and rest.split()[-1].casefold() in _PUBLICATION_WORDS:
            return span  # The Daily Star
    cut = len(name) - len(rest)
    return replace(
        span,
        start=span.start + cut,
        text=span.text[cut:],
        form=span.form[cut:] if span.form else "",
    )


# ---------------------------------------------------------------------------- titles


def _tokens(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = -1
    for i, ch in enumerate(text):
        if ch.isspace():
            if start >= 0:
                spans.append((start, i))
                start = -1
        elif start < 0:
            start = i
    if start >= 0:
        spans.append((start, len(text)))
    return spans


def take_title(span: Span, text: str) -> Span:
    """A person's span without the title it starts with, the title kept (also one
    written right before the span: ``Gov. Brian Kemp`` where the model took the name)."""
    if span.label != PERSON:
        return span
    tokens = _tokens(span.text)
    words = tuple(span.text[a:b] for a, b in tokens)
    for title in _TITLES:
        if len(words) > len(title) and words[: len(title)] == title:
            cut = tokens[len(title)][0]
            return replace(
                span,
                start=span.start + cut,
                text=span.text[cut:],
                title=" ".join(title),
                form="",
            )
    window_start = max(0, span.start - _TITLE_LOOKBACK)
    before = text[window_start : span.start]
    if not before.endswith(" ") or before.endswith("  "):
        return span
    last = tuple(before[a:b] for a, b in _tokens(before))[-_MAX_TITLE_TOKENS:]
    for title in _TITLES:
        if len(last) >= len(title) and last[len(last) - len(title) :] == title:
            return replace(span, title=" ".join(title))
    return span


# ---------------------------------------------------------------------------- all caps


def _all_caps(text: str) -> bool:
    return any(ch.isupper() for ch in text) and not any(ch.islower() for ch in text)


def _name_shaped(text: str) -> bool:
    words = text.split()
    return bool(words) and all(
        w[:1].isupper() or w[:1].isdigit() or w in _SMALL_WORDS for w in words
    )


def recase(words: str, lookups: Lookups) -> str:
    """A name written in one case as a name writes it, the length kept: ``AMERICAN
    AIRLINES`` -> ``American Airlines``, ``national statistics institute`` -> ``National
    Statistics Institute``; ``U.S.``, ``IBM`` (an acronym the table knows) and short words
    without a vowel (``CTS``) stay in capitals."""
    out: list[str] = []
    for i, word in enumerate(words.split(" ")):
        upper = word.upper()
        if upper in _CASED_WORDS and word.isupper():
            out.append(_CASED_WORDS[upper] if i else _CASED_WORDS[upper].capitalize())
        elif _keeps_case(word, i, lookups):
            out.append(word)
        else:
            out.append("-".join(p[:1].upper() + p[1:].lower() for p in word.split("-")))
    return " ".join(out)


def _keeps_case(word: str, index: int, lookups: Lookups) -> bool:
    if word.islower():
        return index > 0 and word in _SMALL_WORDS
    return word.isupper() and (
        "." in word
        or (len(word) <= 3 and word not in _SHORT_WORDS)
        or lookups.org(word) is not None
    )


def read_caps(
    spans: Sequence[Span], texts: Mapping[MentionField, str], lookups: Lookups, notes: Notes
) -> list[Span]:
    """Spans of all-caps fields with the mixed-case form the story writes (see the module
    docstring); PERSON spans the mixed-case copy never writes as a name are dropped."""
    caps = {f for f, t in texts.items() if _all_caps(t)}
    lower = {
        s
        for s in spans
        if s.label in _NAMED_LABELS and s.field not in caps and not any(c.isupper() for c in s.text)
    }
    if not caps and not lower:
        return list(spans)
    mixed = {f: t for f, t in texts.items() if f not in caps and t.strip()}
    needles = {
        s.text.lower() for s in spans if (s.field in caps or s in lower) and s.text[:1].isalnum()
    }
    forms: dict[str, str] = {}
    for text in mixed.values():
        lowered = text.lower()
        if len(lowered) != len(text):
            continue  # a case mapping that changes lengths: offsets would not line up
        for start, end, needle in word_hits(lowered, needles):
            written = text[start:end]
            if _name_shaped(written):
                forms.setdefault(needle, written)
    # A person in all-caps copy counts only if the mixed-case copy has the model's own
    # PERSON span for that name (``REAGAN`` and ``Ronald Reagan``).
    people: set[str] = set()
    for s in spans:
        if s.field not in caps and s.label == PERSON:
            words = s.text.split()
            people.add(s.text)
            people.update(" ".join(words[i:]) for i in range(1, len(words)))
    kept: list[Span] = []
    for span in spans:
        if span.field not in caps and span not in lower:
            kept.append(span)
            continue
        form = forms.get(span.text.lower())
        if span in lower:
            kept.append(replace(span, form=form or recase(span.text, lookups)))
        elif span.label == PERSON and mixed and form not in people:
            notes.dropped.append(
                f"{span.label} {quote(span.text)} (all-caps copy that the story never "
                "writes as a person's name)"
            )
        elif form is not None:
            kept.append(replace(span, form=form))
        elif _known(span.text, lookups):
            kept.append(span)
        else:
            kept.append(replace(span, form=recase(span.text, lookups)))
    return kept


def _known(text: str, lookups: Lookups) -> bool:
    return (
        lookups.country(text) is not None
        or lookups.place(text) is not None
        or lookups.org(text) is not None
        or lookups.demonym(text) is not None
    )


# ---------------------------------------------------------------------------- regions


def label_world_regions(spans: Iterable[Span], lookups: Lookups) -> list[Span]:
    """Regions of the world are LOC whatever the model said (``Indo-Pacific`` tagged ORG):
    the place data lists them, as it lists countries."""
    return [
        replace(span, label="LOC")
        if span.label not in (PERSON, "LOC") and lookups.gazetteer.world_region(span.name)
        else span
        for span in spans
    ]


# ---------------------------------------------------------------------------- acronyms


def drop_common_acronyms(spans: Iterable[Span], lookups: Lookups, notes: Notes) -> list[Span]:
    """Spans without the acronyms of things (``IT`` in ``IT spending``)."""
    kept: list[Span] = []
    for span in spans:
        if (
            span.label != PERSON
            and span.text in _COMMON_ACRONYMS
            and lookups.org(span.text) is None
        ):
            notes.dropped.append(f"{span.label} {quote(span.text)} (an acronym of a thing)")
            continue
        kept.append(span)
    return kept
