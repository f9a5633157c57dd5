"""Datelines: find the dateline that opens the lead, split it into place, date and credit,
resolve the place through the gazetteer and the date against the receive time.

This module owns the dateline shapes of domain.md's table:

    TOKYO (Reuters) -                      LONDON, Sept 28 (Reuters) -
    Jan 30 (Reuters) -                     SALVADOR, Feb 26 -             (1987 Reuters)
    WASHINGTON (AP) —   GROSSETO, Italy (AP) --   ATLANTA (AP) _   PORTLAND, Ore. (AP) —
    STOCKHOLM, Aug 29, 2014 (AFP) -        Strasbourg, 10 juil 2024 (AFP)
    Tokyo, Oct 6 (efe-epa).-               BEIJING, Sept. 2 (Xinhua) --
    MOSCOW, October 6. /TASS/.             Berlin (dpa) -
    (ANSA) - Rome, October 11 -            New Delhi, Oct 16 (PTI)        (no separator)
    SEOUL/SEONGJU --                       BEIRUT, Lebanon, Sept. 20 (UPI) --
    (Bloomberg) --                         ANKARA (AA) -
    Canadian Press - BANJA LUKA, Bosnia-Herzegovina (AP) -
    ROME 1996-12-06                        AMSTERDAM, 2 March -

How it reads one: the *head* (place, region, date) runs from the start of the lead to the
first *terminator*: a parenthesised credit, a ``/TASS/`` credit, a dash separator or an ISO
date. The head is then checked conservatively (a dateline is short and its place looks like
a place) and split from its end: the date first, then the place and its regions by commas.

Only the first :data:`WINDOW` characters of the lead are read, and every pattern is
anchored and bounded, so the cost does not grow with the length of the story.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from wiredesk.models import Dateline, Place, RecordWarning, WarningCode
from wiredesk.normalize.fold import fold
from wiredesk.normalize.tables.months import ENGLISH_MONTHS, MONTHS
from wiredesk.normalize.tables.places import Gazetteer, as_place

WINDOW = 300  # characters of the lead a dateline may occupy
_MAX_HEAD = 120  # characters of place, region and date before the credit or separator
_MAX_PLACE_WORDS = 6
_MAX_REGION_WORDS = 4
_MAX_WORD = 25
_MAX_LENIENT_WORDS = 3  # words of a mixed-case place accepted because a date follows it
# A dateline date may run this far past the receive time (time zones, early filing)
# before it is read as last year's.
_FUTURE_GRACE = timedelta(days=2)

# Terminators, tried at each position of the head in turn. Each is anchored (``match``
# at a position) and bounded, so the scan costs O(_MAX_HEAD).
_CREDIT = re.compile(
    r"[ \t]{0,3}\((?P<credit>[^()\n]{1,40})\)"
    # "Lorca (Murcia), 3 mar (EFE)": a parenthesis before a comma is a region
    r"(?![ \t]*,)"
    # "-", "--", ".-", " _" (ANPA; also glued "_" and "__"), ".", NTB's ":" and Belga's "="
    r"(?P<sep>[ \t]{0,3}(?:\.?(?:--|-|—|–)|_{1,2}|\.|:|=)(?!\d))?"
)
_SLASH_CREDIT = re.compile(r"[ \t]{1,3}/(?P<credit>[A-Za-z][A-Za-z-]{1,15})/(?P<sep>\.?)")
_DASH = re.compile(
    r"(?:[ \t]{1,3}(?:--|-|—|–|_{1,2})|\.-{1,2}|(?<=\d)(?:--|-|—|–))"
    r"(?=\s|[\"“‘'(]|[^\W\d_]|$)"  # then a space, a word or a quote: not "-5" or "--->"
)
_ISO_DATE = re.compile(r"[ \t]{1,3}(?P<iso>(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2}))(?=\s|$)")
_SPACE = re.compile(r"\s*")
# Every terminator starts with one of these (or with a dash right after a digit).
_TERMINATOR_START = frozenset(" \t(.")
_DASHES = frozenset("-—–")
_TOKEN = re.compile(r"[^\s,]{1,40},?|,")
# "1er" (French), "1º" (Spanish, Portuguese) for the first of the month
_DAY = re.compile(r"(?P<day>\d{1,2}|[lIO])(?:er|º|°)?\.?,?")
# Belga's "31/07" (day/month) and a bare day after a comma (Europa Press "MADRID, 3").
_NUMERIC_DATE = re.compile(r"(?P<day>\d{1,2})/(?P<month>\d{1,2})")
_BARE_DAY = re.compile(r"\d{1,2}")
# A region or country in brackets after the place: "Lorca (Murcia)", "Houston (EUA)".
_BRACKETED = re.compile(r"(?P<place>[^()]+?)[ \t]*\((?P<region>[^()]{1,40})\)")
# How many paragraphs the dateline may sit below the top of the lead (a dpa teaser, an
# EFE byline or update note above it); below the first it must carry an agency credit.
_MAX_LEAD_PARAGRAPHS = 4
_PARAGRAPH_WINDOW = 2000  # characters of the lead searched for those paragraphs
_MAX_BARE_PLACE_WORDS = 3  # "Wien –", "Brasília -": a known place and a dash, no date
_MAX_PLACES = 4  # places joined with "/" kept from one dateline
_YEAR = re.compile(r"(?P<year>\d{4})\.?,?")
# What a word of a place name may not contain: digits and sentence punctuation.
_NOT_IN_PLACE = re.compile(r"[\d!?;:\"“”()<>=+@#$%*\[\]]")
# Lower-case words that may stand inside a place name ("Dar es Salaam", "Rio de Janeiro").
_CONNECTORS = frozenset(
    {"of", "on", "upon", "the", "de", "del", "da", "das", "do", "dos", "di", "du", "des"}
    | {"la", "le", "les", "el", "al", "es", "am", "im", "an", "der", "den", "sur", "en"}
    | {"y", "e", "i"}
)

# Month names in every language served, generated from CLDR (see tables/months.py).
_MONTHS = MONTHS
_ENGLISH_MONTHS = ENGLISH_MONTHS


@dataclass(frozen=True, slots=True)
class DatelineParts:
    text: str  # the dateline as written, separator included, e.g. "Tokyo, Oct 6 (efe-epa).-"
    place_text: str | None  # "Tokyo"; None when the dateline has no place ("Jan 30 (Reuters) -")
    region_text: str | None  # "Ore.", "Italy", "United Arab Emirates"
    month: int | None
    day: int | None
    year: int | None
    credit: str | None  # "efe-epa", "Reuters", "AP", "Canadian Press - ... (AP)" parts
    # The date as written ("Sept. 2", "10 juil 2024", "April l"), None when there is none;
    # month or day None beside it means it could not be read.
    date_text: str | None = None
    # Every credit as written, in order ("Canadian Press", "AP"); ``credit`` spans them.
    credits: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Date:
    text: str
    month: int | None
    day: int | None
    year: int | None


@dataclass(frozen=True, slots=True)
class _Head:
    """Place, regions and date read from the head of a dateline."""

    place: str | None
    region: str | None
    date: _Date | None


@dataclass(frozen=True, slots=True)
class _Terminator:
    kind: str  # "credit" | "dash" | "iso"
    start: int  # where the head ends
    end: int  # where the dateline ends (separator included)
    credit: str | None = None
    credit_start: int = 0
    credit_end: int = 0
    separated: bool = True  # a separator follows the credit
    iso: re.Match[str] | None = None


# --------------------------------------------------------------------------- splitting


def split_dateline(
    lead: str,
    is_credit: Callable[[str], bool] | None = None,
    is_place: Callable[[str], bool] | None = None,
) -> tuple[DatelineParts | None, str]:
    """Return the dateline found at the start of ``lead`` (or None) and the body after it.

    The dateline's ``text`` is as written, separator included; the body starts at the
    first character after the separator that is not whitespace. A lead without a
    dateline comes back unchanged: ``(None, lead)``.

    ``is_credit`` (the agency table's) tells agency names from places: with it, a lead
    opening with a bare credit and a dash, as aggregators print wire copy (``Reuters -
    Oil rose``, ``AP - The Senate``), gives a dateline with that credit and no place.

    ``is_place`` (the gazetteer's) lets a place in mixed case with a dash and no date or
    credit be a dateline (APA's ``Wien – Die Regierung``, ``Brasília - O ministro``).

    When the first paragraph has none, the next few are tried (a dpa teaser, an EFE byline
    or update note may stand above the dateline); there only a dateline with an agency
    credit counts, and the paragraphs above it stay in the body.
    """
    found = _dateline_at(lead, 0, is_credit, is_place)
    if found is not None:
        parts, end = found
        return parts, lead[_skip_space(lead, end) :]
    start = lead.find("\n", 0, _PARAGRAPH_WINDOW)
    for _ in range(_MAX_LEAD_PARAGRAPHS - 1):
        if start == -1:
            break
        start = _skip_space(lead, start)
        found = _dateline_at(lead, start, is_credit, None)
        if found is not None and _credited(found[0], is_credit):
            parts, end = found
            return parts, lead[:start] + lead[_skip_space(lead, end) :]
        start = lead.find("\n", start, _PARAGRAPH_WINDOW)
    return None, lead


def _credited(parts: DatelineParts, is_credit: Callable[[str], bool] | None) -> bool:
    """A dateline below the first paragraph must name an agency in its credit."""
    return parts.credit is not None and (is_credit is None or is_credit(parts.credit))


def _dateline_at(
    lead: str,
    offset: int,
    is_credit: Callable[[str], bool] | None,
    is_place: Callable[[str], bool] | None,
) -> tuple[DatelineParts, int] | None:
    """The dateline that opens the paragraph at ``offset``, and where it ends in ``lead``."""
    window = lead[offset : offset + WINDOW]
    start = _skip_space(window, 0)
    found = _read_dateline(window, start, is_place)
    if is_credit is not None and (found is None or _place_is_credit(found[0], is_credit)):
        found = _credit_lead(window, start, is_credit) or found
    if found is None:
        return None
    return found[0], offset + found[1]


def _place_is_credit(parts: DatelineParts, is_credit: Callable[[str], bool]) -> bool:
    """``AFP -`` read as a place in capitals with a dash: the "place" is an agency."""
    return (
        parts.credit is None
        and parts.region_text is None
        and parts.date_text is None
        and parts.place_text is not None
        and is_credit(parts.place_text)
    )


def _credit_lead(
    text: str, start: int, is_credit: Callable[[str], bool]
) -> tuple[DatelineParts, int] | None:
    """``Reuters - ``: agency names alone before the first dash separator."""
    term = _find_terminator(text, start)
    if term is None or term.kind != "dash":
        return None
    credit = text[start : term.start].strip()
    if not credit or not is_credit(credit):
        return None
    parts = DatelineParts(
        text=text[start : term.end].strip(),
        place_text=None,
        region_text=None,
        month=None,
        day=None,
        year=None,
        credit=credit,
        credits=(credit,),
    )
    return parts, term.end


def _skip_space(text: str, pos: int) -> int:
    """The first offset at or after ``pos`` that is not whitespace."""
    match = _SPACE.match(text, pos)
    return match.end() if match is not None else pos


def _read_dateline(
    text: str, start: int, is_place: Callable[[str], bool] | None = None
) -> tuple[DatelineParts, int] | None:
    """The dateline beginning at ``start`` and the offset where it ends."""
    term = _find_terminator(text, start)
    if term is None:
        return None
    head = _read_head(text[start : term.start], term)
    if head is not None and (_acceptable(head, term) or _known_place(head, term, is_place)):
        parts = _parts(text, start, term, head)
        if term.kind == "credit" and head.place is None and head.date is None:
            return _agency_first(text, start, term, parts)
        return parts, term.end
    if term.kind == "dash":
        return _co_credit(text, start, term)
    return None


def _find_terminator(text: str, start: int) -> _Terminator | None:
    """The first credit, separator or ISO date after ``start`` on the dateline's line."""
    newline = text.find("\n", start)
    limit = min(len(text), start + _MAX_HEAD, newline if newline >= 0 else len(text))
    for i in range(start, limit + 1):
        if i < len(text) and not (
            text[i] in _TERMINATOR_START or (text[i] in _DASHES and text[i - 1 : i].isdigit())
        ):
            continue  # cheap test first: most characters cannot start a terminator
        term = _terminator_at(text, i)
        if term is not None:
            return term
    return None


def _terminator_at(text: str, i: int) -> _Terminator | None:
    credit = _CREDIT.match(text, i)
    if credit is not None:
        return _Terminator(
            kind="credit",
            start=i,
            end=credit.end(),
            credit=credit.group("credit").strip(),
            credit_start=credit.start("credit"),
            credit_end=credit.end("credit"),
            separated=credit.group("sep") is not None,
        )
    slash = _SLASH_CREDIT.match(text, i)
    if slash is not None:
        return _Terminator(
            kind="credit",
            start=i,
            end=slash.end(),
            credit=slash.group("credit"),
            credit_start=slash.start("credit"),
            credit_end=slash.end("credit"),
        )
    iso = _ISO_DATE.match(text, i)
    if iso is not None:
        return _Terminator(kind="iso", start=i, end=iso.end(), iso=iso)
    dash = _DASH.match(text, i)
    if dash is not None:
        return _Terminator(kind="dash", start=i, end=dash.end())
    return None


def _acceptable(head: _Head, term: _Terminator) -> bool:
    """Be conservative: only what a dateline of the table would look like."""
    shouting = head.place is not None and _all_caps(head.place)
    if term.kind == "iso":
        return head.place is not None
    if term.kind == "dash":
        # "SALVADOR, Feb 26 -" or "SEOUL/SEONGJU --"; never a bare date or a word in prose.
        return head.place is not None and (head.date is not None or shouting)
    if term.separated:
        return True  # "(Reuters) -", "Berlin (dpa) -", "(Bloomberg) --"
    # No separator after the credit ("New Delhi, Oct 16 (PTI) The ..."): want a date or a
    # place in capitals, so that "Shares of Acme (ACME) rose" stays prose.
    return head.date is not None or shouting


def _known_place(head: _Head, term: _Terminator, is_place: Callable[[str], bool] | None) -> bool:
    """``Wien – Die Regierung``: a short place the gazetteer knows as a city, then a dash."""
    return (
        is_place is not None
        and term.kind == "dash"
        and head.place is not None
        and head.date is None
        and len(head.place.split()) <= _MAX_BARE_PLACE_WORDS
        and is_place(head.place)
    )


def _parts(text: str, start: int, term: _Terminator, head: _Head) -> DatelineParts:
    credit = term.credit if term.kind == "credit" else None
    if term.kind == "iso" and term.iso is not None:
        iso = term.iso
        written = _Date(
            iso.group("iso"), int(iso.group("m")), int(iso.group("d")), int(iso.group("y"))
        )
        head = _Head(head.place, head.region, written)
    date_ = head.date
    return DatelineParts(
        text=text[start : term.end].strip(),
        place_text=head.place,
        region_text=head.region,
        month=date_.month if date_ else None,
        day=date_.day if date_ else None,
        year=date_.year if date_ else None,
        credit=credit,
        date_text=date_.text if date_ else None,
        credits=(credit,) if credit else (),
    )


def _agency_first(
    text: str, start: int, term: _Terminator, parts: DatelineParts
) -> tuple[DatelineParts, int]:
    """``(ANSA) - Rome, October 11 -``: a credit first, then maybe place and date."""
    after = _skip_space(text, term.end)
    inner_term = _find_terminator(text, after)
    if inner_term is None or inner_term.kind != "dash":
        return parts, term.end
    head = _read_head(text[after : inner_term.start], inner_term)
    if head is None or head.place is None or not _acceptable(head, inner_term):
        return parts, term.end
    inner = _parts(text, after, inner_term, head)
    merged = dataclasses.replace(
        inner,
        text=text[start : inner_term.end].strip(),
        credit=parts.credit,
        credits=parts.credits,
    )
    return merged, inner_term.end


def _co_credit(text: str, start: int, term: _Terminator) -> tuple[DatelineParts, int] | None:
    """``Canadian Press - BANJA LUKA, Bosnia-Herzegovina (AP) -``: a distributor's name,
    a dash, then a whole dateline with its own parenthesised credit."""
    prefix = text[start : term.start].strip()
    if not _looks_like_name(prefix, _MAX_REGION_WORDS):
        return None
    after = _skip_space(text, term.end)
    inner_term = _find_terminator(text, after)
    if inner_term is None or inner_term.kind != "credit" or inner_term.credit is None:
        return None
    head = _read_head(text[after : inner_term.start], inner_term)
    if head is None or not _acceptable(head, inner_term):
        return None
    inner = _parts(text, after, inner_term, head)
    parts = dataclasses.replace(
        inner,
        text=text[start : inner_term.end].strip(),
        credit=text[start : inner_term.credit_end + 1],  # up to the credit's ")"
        credits=(prefix, inner_term.credit),
    )
    return parts, inner_term.end


# --------------------------------------------------------------------------- the head


def _read_head(head: str, term: _Terminator) -> _Head | None:
    """Split ``LONDON, Sept 28`` / ``BEIRUT, Lebanon, Sept. 20`` / ``Jan 30`` / ``TOKYO``
    into place, region and date; None when it does not look like a dateline head."""
    tokens = list(_TOKEN.finditer(head))
    date_, date_start = (
        _date_at_end(head, tokens, bare_day=term.kind == "credit")
        if term.kind != "iso"
        else (None, len(head))
    )
    place_part = head[:date_start].strip().rstrip(",").strip()
    if not place_part:
        return _Head(None, None, date_)
    pieces = [p.strip() for p in place_part.split(",")]
    place, regions = pieces[0], [p for p in pieces[1:] if p]
    bracketed = _BRACKETED.fullmatch(place)
    if bracketed is not None:  # "Lorca (Murcia)": the bracket is the first region
        place = bracketed.group("place").strip()
        regions.insert(0, bracketed.group("region").strip())
    # With a date beside it the head is surely a dateline, so a place typed in mixed case
    # ("New york") is still taken; without one, every word must look like a name.
    lenient = date_ is not None and len(place.split()) <= _MAX_LENIENT_WORDS
    if len(pieces) > 3 or not _looks_like_name(place, _MAX_PLACE_WORDS, lenient=lenient):
        return None
    if not all(_looks_like_name(r, _MAX_REGION_WORDS) for r in regions):
        return None
    return _Head(place, ", ".join(regions) or None, date_)


def _date_at_end(
    head: str, tokens: list[re.Match[str]], *, bare_day: bool = False
) -> tuple[_Date | None, int]:
    """The date that closes the head, and where it starts (``len(head)`` when none).

    Month then day (``Sept. 2``, ``October 6.``, ``Aug 29, 2014``) or day then month
    (``2 March``, ``10 juil 2024``, Spanish ``5 de julio de 2024``); Belga's ``31/07``;
    with ``bare_day`` (a credit follows) a day alone after a comma (``MADRID, 3``).
    """
    words = [t.group().rstrip(",") for t in tokens]
    n = len(words)
    if n >= 2:
        last = tokens[-1]
        numeric = _NUMERIC_DATE.fullmatch(words[-1])
        if numeric is not None:
            day, month = int(numeric.group("day")), int(numeric.group("month"))
            return _Date(words[-1], month, day, None), last.start()
        if bare_day and _BARE_DAY.fullmatch(words[-1]) and tokens[-2].group().endswith(","):
            return _Date(words[-1], None, int(words[-1]), None), last.start()
    for size in (5, 4, 3, 2):
        if n < size or _is_de(words[n - size]):
            continue
        meaningful = [w for w in words[n - size :] if not _is_de(w)]
        if len(meaningful) not in (2, 3) or (size > 3 and len(meaningful) == size):
            continue
        found = _read_date(meaningful)
        if found is not None:
            first = tokens[n - size]
            return (
                _Date(head[first.start() : tokens[-1].end()].rstrip(","), *found),
                first.start(),
            )
    return None, len(head)


def _is_de(word: str) -> bool:
    """The Spanish and Portuguese "de" of "5 de julio de 2024"."""
    return word.lower() == "de"


def _read_date(words: list[str]) -> tuple[int | None, int | None, int | None] | None:
    """(month, day, year) from 2 or 3 words, or None when they are not a date."""
    if len(words) == 3:
        year = _YEAR.fullmatch(words[2])
        if year is None:
            return None
        found = _read_date(words[:2])
        if found is None:
            return None
        return found[0], found[1], int(year.group("year"))
    first, second = words
    month = _month(first)
    day = _DAY.fullmatch(second)
    if month is not None and day is not None:
        return month, _day(day.group("day")), None
    day = _DAY.fullmatch(first)
    month = _month(second)
    if day is not None and day.group("day").isdigit() and month is not None:
        return month, _day(day.group("day")), None
    return None


def _day(text: str) -> int | None:
    """The day of month, None for a corrupted one (``April l``)."""
    return int(text) if text.isdigit() else None


def _month(word: str) -> int | None:
    """The month a word names: ``Sept.``, ``FEB``, ``October``, ``juil``. Transmission
    slips in an English month are forgiven: one wrong letter in a spelled-out month
    (``Narch``), or a month clipped after four letters or more (``Marc``)."""
    key = fold(word.rstrip("."))
    if not key.isalpha():
        return None
    found = _MONTHS.get(key)
    if found is not None or len(key) < 4:
        return found
    for name, number in _ENGLISH_MONTHS.items():
        if name.startswith(key):  # a clipped month: "Marc", "Septem"
            return number
        if len(key) >= 5 and len(name) == len(key) and _one_letter_apart(name, key):
            return number
    return None


def _one_letter_apart(a: str, b: str) -> bool:
    return sum(x != y for x, y in zip(a, b, strict=True)) == 1


def _looks_like_name(text: str, max_words: int, *, lenient: bool = False) -> bool:
    """A place or region as datelines write them: a few capitalised words, no digits or
    sentence punctuation; lower-case connectors (``de``, ``es``, ``of``) allowed inside.
    ``lenient`` accepts any case after a capitalised first word."""
    words = text.split()
    if not words or len(words) > max_words or _NOT_IN_PLACE.search(text):
        return False
    if not words[0][:1].isupper():
        return False
    if lenient:
        return all(len(w) <= _MAX_WORD for w in words)
    return all(
        len(w) <= _MAX_WORD and (w[:1].isupper() or w in _CONNECTORS or w[1:2] in ("'", "’"))
        for w in words
    )


def _all_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


# --------------------------------------------------------------------------- building


def build_dateline(
    parts: DatelineParts,
    gazetteer: Gazetteer,
    received_at: datetime,
    prefer: Sequence[str] = (),
) -> tuple[Dateline, list[RecordWarning]]:
    """The record's dateline: the place resolved through ``gazetteer`` and the date
    resolved against ``received_at`` (see :func:`resolve_date`).

    Warnings: ``unknown_place`` when the gazetteer does not know the place (the place is
    kept as written, title-cased, with whatever country its region gives);
    ``invalid_date`` when a date is written but is not a real date (``Feb 30``, ``April l``);
    ``date_corrected`` when the month was mistyped or clipped and read as the nearest
    English month (``Narch 2``, ``Marc 3``).

    ``prefer`` lists the countries (ISO alpha-2) a name shared by places in several
    countries is read in first: the sending agency's and the story language's
    (``León`` from EFE is in Spain); a region written beside the place overrides it.
    Several places joined with ``/`` (``Moskau/Berlin``): the first is the dateline's
    place (its ``text`` the whole ``Moskau/Berlin``), the others are kept in
    ``other_places``.
    """
    warnings: list[RecordWarning] = []
    place = None
    others: list[Place] = []
    if parts.place_text is not None:
        written = [p.strip() for p in parts.place_text.split("/", _MAX_PLACES)[:_MAX_PLACES]]
        written = [p for p in written if p]
        if (
            len(written) < 2
            or gazetteer.place(written[0], parts.region_text, prefer, dateline=True) is None
            # "Frankfurt/Oder" is one town's name (Frankfurt (Oder)), not two places
            or gazetteer.place(" ".join(written), parts.region_text, prefer, dateline=True)
        ):
            written = [parts.place_text]  # "Wilcox/Gibbs", or a first place nobody knows
        for n, text in enumerate(written):
            found, place_warning = _place(parts, text, gazetteer, prefer)
            if place_warning is not None and n == 0:
                warnings.append(place_warning)
            if n == 0:
                # the place keeps the dateline's words as written ("Moskau/Berlin"), as
                # before other places were kept; each other place has its own words
                place = found.model_copy(update={"text": parts.place_text})
            else:
                others.append(found)
    resolved = None
    if parts.date_text is not None:
        resolved = _resolve_parts_date(parts, received_at)
        if resolved is None:
            warnings.append(
                RecordWarning(
                    code=WarningCode.INVALID_DATE,
                    message=f"the dateline date {parts.date_text!r} is not a valid date",
                )
            )
        elif _month_guessed(parts.date_text):
            warnings.append(
                RecordWarning(
                    code=WarningCode.DATE_CORRECTED,
                    message=f"the dateline date {parts.date_text!r} was read as {resolved}",
                )
            )
    return Dateline(text=parts.text, place=place, date=resolved, other_places=others), warnings


def _month_guessed(date_text: str) -> bool:
    """True when the month of a written date is a mistyped or clipped one (``Narch 2``)."""
    words = [fold(w.strip(".,")) for w in date_text.split()]
    named = [w for w in words if w.isalpha() and not _is_de(w)]
    return bool(named) and not any(w in _MONTHS for w in named)


def _place(
    parts: DatelineParts, written: str, gazetteer: Gazetteer, prefer: Sequence[str]
) -> tuple[Place, RecordWarning | None]:
    found = gazetteer.place(written, parts.region_text, prefer, dateline=True)
    if found is not None:
        return as_place(found, written, parts.region_text), None
    region = gazetteer.region(parts.region_text) if parts.region_text else None
    place = Place(
        text=written,
        name=_title(written),
        region=parts.region_text,
        country_code=region.country_code if region is not None else None,
        region_code=region.region_code if region is not None else None,
    )
    warning = RecordWarning(
        code=WarningCode.UNKNOWN_PLACE,
        message=f"the dateline place {written!r} is not in the gazetteer",
    )
    return place, warning


def _title(text: str) -> str:
    """``SAN MATAO`` -> ``San Matao``; ``KING OF PRUSSIA`` -> ``King of Prussia``."""
    words = text.lower().split()
    return " ".join(
        w if i and w in _CONNECTORS else "-".join(p[:1].upper() + p[1:] for p in w.split("-"))
        for i, w in enumerate(words)
    )


def _resolve_parts_date(parts: DatelineParts, received_at: datetime) -> date | None:
    if parts.month is None and parts.day is not None and parts.date_text == str(parts.day):
        return resolve_day(parts.day, received_at)  # Europa Press "MADRID, 3"
    if parts.month is None or parts.day is None:
        return None
    return resolve_date(parts.month, parts.day, parts.year, received_at)


def resolve_day(day: int, received_at: datetime) -> date | None:
    """A dateline's day of month alone: in the receive time's month, or the month before
    when that puts it more than two days after the receive time (or is no such date)."""
    received = _utc(received_at)
    candidate = _date_or_none(received.year, received.month, day)
    if candidate is not None and candidate - received.date() <= _FUTURE_GRACE:
        return candidate
    first = received.date().replace(day=1) - timedelta(days=1)  # last day of the month before
    return _date_or_none(first.year, first.month, day)


def _utc(when: datetime) -> datetime:
    return (when.replace(tzinfo=UTC) if when.tzinfo is None else when).astimezone(UTC)


def resolve_date(month: int, day: int, year: int | None, received_at: datetime) -> date | None:
    """The full date of a dateline's month and day, or None when there is no such date.

    A date with a year keeps it. Without one it takes the receive time's year (in UTC;
    a naive time is UTC), unless that puts it more than two days after the receive time,
    in which case the previous year: ``Dec 31`` received on 2021-01-01 is 2020-12-31.
    """
    if year is not None:
        return _date_or_none(year, month, day)
    received = (
        received_at.replace(tzinfo=UTC) if received_at.tzinfo is None else received_at
    ).astimezone(UTC)
    candidate = _date_or_none(received.year, month, day)
    if candidate is not None and candidate - received.date() > _FUTURE_GRACE:
        return _date_or_none(received.year - 1, month, day)
    return candidate


def _date_or_none(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
