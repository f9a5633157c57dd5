"""Segmentation: clean story text -> slug, update tags, headline, lead, sign-off, bylines.

This module owns the anatomy of a wire story above and below its body:

* top: an optional slug line (``BC-BAHIA-COCOA-REVIEW``, ``USA-ECONOMY/JOBS``), update
  tags on their own line or around the headline (``(LEAD)``, ``(2nd LD)``,
  ``(ATTN: ...)``, ``UPDATE 2-``, ``CORRECTED-``, ``REFILE-``, ``URGENT``, ``FLASH``,
  ``BULLETIN``) or on lines right under it (Yonhap's ``(ATTN: ...)``, Reuters'
  ``(Adds quotes, paragraphs 4-5)``: notes to editors, reported as warnings and kept out
  of the body and the update field), the headline (the
  first line left), and an AP-style byline opening the body (``By JANE DOE``,
  ``By Jane Doe, Associated Press``);
* bottom: the sign-off, read upwards from the last paragraph: end marks (``(END)``,
  ``-30-``), agency marks and dpa desk stamps (recognised by
  :meth:`wiredesk.normalize.agency.AgencyTable.signoff_at_end`, which owns what counts as
  an agency), Reuters credit lines (``(Reporting by A in B; Editing by C)``), AP
  contributor lines and Bloomberg ``--With assistance from`` lines.

What is left between them is the lead: the dateline and the body, which the dateline stage
splits. The lead never holds a tag, byline or sign-off found here.

Input is the output of ``text.clean_text`` (one paragraph per line, blank lines between),
but any text is accepted: every non-blank line counts as a paragraph. Everything runs in
time linear in the length of the text: string methods only, and every loop over tags or
sign-off parts is bounded.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise

from wiredesk.models import NoteKind
from wiredesk.normalize import notes as desk_notes
from wiredesk.normalize.agency import AgencyTable
from wiredesk.normalize.dateline import split_dateline


@dataclass(frozen=True, slots=True)
class BylineParts:
    role: str  # "reporting", "writing", "editing", "additional-reporting", "compiled", ...
    name: str
    place: str | None = None


@dataclass(frozen=True, slots=True)
class SegmentWarning:
    code: str
    message: str


@dataclass(frozen=True, slots=True)
class Segments:
    headline: str
    lead: str  # everything between the headline and the sign-off: dateline + body paragraphs
    slugline: str | None = None  # e.g. "BC-BAHIA-COCOA-REVIEW"
    update: str | None = None  # e.g. "UPDATE 2", "LEAD", "2nd LD", "CORRECTED", "URGENT"
    signoff: str | None = None  # the sign-off as written, e.g. "EFE-EPA", "Reuter", "dpa xy zz"
    signoff_credit: str | None = None  # the agency part of the sign-off, e.g. "EFE-EPA"
    bylines: tuple[BylineParts, ...] = ()
    warnings: tuple[SegmentWarning, ...] = field(default=())
    # Aggregator and feed credits: a headline ending "(Reuters)" or " - AP" (cut off the
    # headline), and the affiliation of a top byline ("Associated Press Writer").
    headline_credit: str | None = None
    byline_credit: str | None = None
    # The date a sign-off carries beside its credit: APA's "(APA, 1.2.2015)".
    signoff_date: date | None = None
    # Notes to editors taken out of the story, (kind, text) in story order: see notes.py.
    notes: tuple[tuple[NoteKind, str], ...] = ()


MAX_HEADLINE = 300

# Bounds that keep every loop linear however the input is built.
_MAX_TOP_LINES = 4  # slug and tag lines looked at before the headline
_MAX_TAGS = 6  # tags stripped from either end of one line
_MAX_TAG_LENGTH = 200  # "(ATTN: ...)" can be long; a longer parenthesis is not a tag
_MAX_SIGNOFF_PARTS = 8
_MAX_SLUG = 120
_MAX_BYLINE = 200
_MAX_CREDIT_LINE = 1000


def segment(
    text: str, agencies: AgencyTable, is_place: Callable[[str], bool] | None = None
) -> Segments:
    """Split clean story text into its parts (see the module docstring).

    Never raises on text that ``text.reject_unusable`` let through: an empty text gives
    an empty headline and a ``no_headline`` warning; a headline-only story gives lead ``""``.
    """
    paragraphs = [line.strip() for line in text.split("\n") if line.strip()]
    warnings: list[SegmentWarning] = []
    top = _read_top(paragraphs)
    if top.headline == "":
        warnings.append(SegmentWarning("no_headline", "the story has no text to use as headline"))
    elif len(top.headline) > MAX_HEADLINE:
        warnings.append(
            SegmentWarning(
                "headline_too_long",
                f"the first line is {len(top.headline)} characters long (over {MAX_HEADLINE}); "
                "it is used as the headline, but the story may have no headline line",
            )
        )
    headline, headline_credit = _headline_credit(top.headline, agencies)
    body = paragraphs[top.body_start :]
    derived = _derived_headline(headline, agencies, is_place)
    if derived is not None:  # no headline above a dated lead: keep the lead in the body
        body = [headline, *body]
        headline, headline_credit = derived, None
        warnings.append(
            SegmentWarning(
                "headline_derived",
                "the story opens with its dated lead and has no headline: the headline "
                "was derived from the lead's first sentence",
            )
        )
    body_tags, body = _tag_lines(body)
    top_notes, body = desk_notes.take_top(body)
    body = _anpa_byline(body)
    top_bylines, byline_credit, body = _top_byline(body, agencies)
    line_bylines, line_credit, body = _byline_line(body, agencies)
    top_bylines.extend(line_bylines)
    byline_credit = byline_credit or line_credit
    end = _read_end(body, agencies)
    warnings.extend(end.warnings)
    body_notes, end.body = desk_notes.take_notes(end.body)
    # "(ATTN: ADDS quotes in paras 5-6)" and "(Adds quotes, paragraph 4)" are notes to
    # editors, not update tags: kept out of the body and the update field, and reported.
    all_tags = _unique([*top.tags, *body_tags])
    update_tags = [tag for tag in all_tags if not _is_editor_note(tag)]
    warnings.extend(
        SegmentWarning("editor_note", f"note to editors removed: {tag}")
        for tag in all_tags
        if _is_editor_note(tag)
    )
    return Segments(
        headline=headline,
        lead="\n\n".join(end.body),
        slugline=top.slugline,
        update=", ".join(update_tags) or None,
        signoff="\n".join(end.parts) or None,
        signoff_credit=end.credit,
        bylines=(*top_bylines, *end.bylines),
        warnings=tuple(warnings),
        headline_credit=headline_credit,
        byline_credit=byline_credit,
        signoff_date=end.date,
        notes=(
            *(_editors(tag) for tag in all_tags if _is_editor_note(tag)),
            *top_notes,
            *body_notes,
        ),
    )


def _editors(tag: str) -> tuple[NoteKind, str]:
    """A note to editors written as a parenthesised tag, parentheses included."""
    return "editors", f"({tag})"


def _anpa_byline(body: list[str]) -> list[str]:
    """AP's ANPA byline ``By JANE DOE= AP Sports Writer=`` as the two lines the byline
    reader knows (``By JANE DOE``, then ``AP Sports Writer``)."""
    if not body:
        return body
    split = desk_notes.split_anpa_byline(body[0])
    return body if split is None else [*split, *body[1:]]


# ------------------------------------------------------------------- no headline line

_MIN_LEAD_WORDS = 3  # words after the dateline for a first line to be a lead, not a title
_DERIVED_HEADLINE = 120  # characters of the lead's first sentence kept as the headline
# A sentence ends at ".", "!" or "?" before a space or the end of the paragraph (a lead
# of one sentence ends with its period: the headline drawn from it carries none).
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)")


def _derived_headline(
    first: str, agencies: AgencyTable, is_place: Callable[[str], bool] | None = None
) -> str | None:
    """The headline to use when the first paragraph is itself a dated lead
    (``Bogotá, 14 feb (EFE).- El Gobierno ...``): its first sentence after the dateline,
    cut at a word boundary; None when the first paragraph is a headline.

    A lead is recognised by a dateline with an agency credit, a date or a place
    ``is_place`` knows (``Brasília - O Senado ...``), then text."""
    parts, rest = split_dateline(first, agencies.is_credit, is_place)
    if parts is None or rest == first or len(rest.split()) < _MIN_LEAD_WORDS:
        return None
    credited = parts.credit is not None and agencies.is_credit(parts.credit)
    known = is_place is not None and parts.place_text is not None and is_place(parts.place_text)
    if not (credited or parts.date_text is not None or known):
        return None
    end = _SENTENCE_END.search(rest)
    if end is not None and end.start() > _DERIVED_HEADLINE:
        end = None  # the first sentence is too long: cut at a word below
    sentence = rest[: end.start()] if end is not None else rest
    if len(sentence) > _DERIVED_HEADLINE:
        cut = sentence.rfind(" ", 0, _DERIVED_HEADLINE)
        sentence = sentence[: cut if cut > 0 else _DERIVED_HEADLINE]
    return sentence.strip().rstrip(",;:") or None


# ------------------------------------------------------------------- aggregator credits

# How aggregators and RSS feeds credit a headline: "Stocks rise (Reuters)", "Stocks rise -
# Reuters", "Stocks rise | AP". The credit must be agency names only.
_HEADLINE_CREDIT_SEPARATORS = (" - ", " – ", " — ", " | ")
_MAX_HEADLINE_CREDIT = 40


def _headline_credit(headline: str, agencies: AgencyTable) -> tuple[str, str | None]:
    """The headline without a trailing agency credit, and that credit (or None)."""
    tail = headline[-_MAX_HEADLINE_CREDIT - 2 :]
    if headline.endswith(")"):
        start = tail.rfind("(")
        if start > 0:
            credit = tail[start + 1 : -1].strip()
            rest = headline[: len(headline) - len(tail) + start].rstrip()
            if rest and agencies.is_credit(credit):
                return rest, credit
        return headline, None
    for separator in _HEADLINE_CREDIT_SEPARATORS:
        at = tail.rfind(separator)
        if at == -1:
            continue
        credit = tail[at + len(separator) :].strip()
        rest = headline[: len(headline) - len(tail) + at].rstrip()
        if rest and agencies.is_credit(credit):
            return rest, credit
    return headline, None


# ------------------------------------------------------------------------ slug and tags


@dataclass(frozen=True, slots=True)
class _Top:
    headline: str
    body_start: int  # index of the first paragraph after the headline
    slugline: str | None
    tags: tuple[str, ...]


def _read_top(paragraphs: Sequence[str]) -> _Top:
    """Slug line, tag-only lines and the headline (with its own tags stripped)."""
    slugline: str | None = None
    tags: list[str] = []
    i = 0
    # A slug or tag line is only taken when a line follows it to be the headline.
    while i < min(_MAX_TOP_LINES, len(paragraphs) - 1):
        line = paragraphs[i]
        line_tags, rest = _strip_tags(line)
        if slugline is None and not tags and _is_slug(line):
            slugline = line
            tags.extend(_slug_tags(line))
        elif line_tags and rest == "":
            tags.extend(line_tags)
        else:
            break
        i += 1
    if i >= len(paragraphs):
        return _Top("", i, slugline, tuple(tags))
    line_tags, headline = _strip_tags(paragraphs[i])
    if headline == "":  # a lone tag line is the whole story: keep it as the headline
        return _Top(paragraphs[i], i + 1, slugline, tuple(tags))
    return _Top(headline, i + 1, slugline, tuple(_unique([*tags, *line_tags])))


def _tag_lines(body: list[str]) -> tuple[list[str], list[str]]:
    """Tag-only lines opening the body (Yonhap puts ``(ATTN: ...)`` under the headline),
    and the body without them."""
    tags: list[str] = []
    i = 0
    while i < min(_MAX_TOP_LINES, len(body)):
        line_tags, rest = _strip_tags(body[i])
        if not line_tags or rest:
            break
        tags.extend(line_tags)
        i += 1
    return tags, body[i:]


def _unique(items: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _is_slug(line: str) -> bool:
    """``BC-...`` (AP and 1987 Reuters keyword lines, which may hold spaces), or one
    all-caps token with a hyphen such as ``USA-ECONOMY/JOBS``."""
    if len(line) > _MAX_SLUG:
        return False
    if line[:3].upper() == "BC-":
        return True
    return (
        " " not in line
        and "-" in line.strip("-")
        and any(c.isalpha() for c in line)
        and line.upper() == line
        and all(c.isalnum() or c in "-/._&" for c in line)
    )


def _slug_tags(slug: str) -> list[str]:
    """AP slugs carry the write-through count: ``BC-Obit-Smith, 3rd Ld-Writethru``."""
    words = slug.replace(",", " ").split()
    return [
        tag
        for word, following in pairwise(words)
        if (tag := _ordinal_lead(word, following)) is not None
    ]


def _ordinal_lead(word: str, following: str) -> str | None:
    """``2nd`` + ``LD`` -> ``2nd LD``."""
    number, suffix = word[:-2], word[-2:].lower()
    if (
        number.isdigit()
        and len(number) <= 3
        and suffix in {"st", "nd", "rd", "th"}
        and following.upper().startswith("LD")
        and (len(following) == 2 or not following[2].isalnum())
    ):
        return f"{int(number)}{suffix} LD"
    return None


# Tags that may stand bare or glued to the headline with "-" or ":" (Reuters style:
# "UPDATE 2-", "CORRECTED-", "REFILE-"), always written in capitals.
_GLUED_TAGS = frozenset(
    {"UPDATE", "CORRECTED", "CORRECTION", "REFILE", "RPT", "WRAPUP"}
    # dpa: correction, summary (a new version), repeat
    | {"KORR", "BERICHTIGUNG", "ZUSAMMENFASSUNG", "WIEDERHOLUNG"}
)
# Tags that must be parenthesised, stand on their own line, or be followed by ":" or a
# spaced dash: "FLASH-FLOOD WARNING" and "LEAD-ACID BATTERIES" are headlines.
_WORD_TAGS = frozenset(
    {"URGENT", "FLASH", "BULLETIN", "LEAD", "ADVISORY"}
    | {"URGENTE", "EIL"}  # EFE, ANSA; dpa writes "(Eil )"
)
# Words that are tags in any case when they stand alone on a line (dpa writes "Eil",
# "Wiederholung" above the headline).
_LINE_TAGS = frozenset({"EIL", "WIEDERHOLUNG", "ZUSAMMENFASSUNG", "KORR", "URGENTE"})
# EFE's and Lusa's version notes: "(Actualiza con declaraciones del ministro)"; kept as
# written in the update field, where they mean a new version.
_VERSION_NOTES = frozenset({"ACTUALIZA", "ACTUALIZADA", "ACTUALIZADO", "ATUALIZA", "ATUALIZADA"})
_DASHES = ("-", "–", "—", "--")
_MAX_BARE_TAG = 24


# Reuters opens an updated story with a parenthesised note saying what changed:
# "(Adds minister's comments, paragraphs 4-6)", "(Recasts with vote result)",
# "(Corrects spelling of name in paragraph 3)". The first word is one of these verbs.
_NOTE_VERBS = frozenset(
    {
        "ADDS", "ADDING", "UPDATES", "UPDATING", "RECASTS", "RECASTING", "CORRECTS",
        "CORRECTING", "CHANGES", "FIXES", "REMOVES", "DELETES", "INSERTS", "REPEATS",
        "REPEATING", "REFILES", "REFILING", "REWRITES", "WRITES", "WRITETHRU", "CLARIFIES",
        "CLARIFYING", "OVERWRITES", "COMBINES", "MOVES", "EDITS", "AMENDS", "RESTORES",
        "REPLACES", "EXPANDS", "TOPS", "RETRANSMITS", "RESENDS", "WITHDRAWS",
    }
)  # fmt: skip


def _is_editor_note(tag: str) -> bool:
    """``ATTN: ...`` (Yonhap), ``ATTENTION - ...`` (AFP) or a Reuters change note such as
    ``Adds quotes``."""
    upper = tag.upper()
    return (
        upper.startswith(("ATTN", "ATTENTION"))
        or upper.split(" ", 1)[0].rstrip(",:") in _NOTE_VERBS
    )


def _normalise_tag(inner: str, parenthesised: bool) -> str | None:
    """The update tag that ``inner`` spells, in its usual form, or None."""
    written = " ".join(inner.split())
    upper = written.upper()
    if not parenthesised and written != upper:
        return None  # bare tags are written in capitals; "Update-" opens a headline
    words = upper.split()
    if not words:
        return None
    if parenthesised and upper.startswith(("ATTN", "ATTENTION ", "ATTENTION-", "ATTENTION:")):
        return written
    if parenthesised and words[0] in _VERSION_NOTES:
        return written
    if parenthesised and len(words) > 1 and _is_editor_note(written):
        return written
    if len(words) == 1 and words[0] in _GLUED_TAGS | _WORD_TAGS:
        return words[0]
    if len(words) == 2 and words[0] in {"UPDATE", "WRAPUP"} and words[1].isdigit():
        return f"{words[0]} {int(words[1])}" if len(words[1]) <= 3 else None
    if len(words) == 2:
        return _ordinal_lead(words[0], words[1])
    return None


def _strip_tags(line: str) -> tuple[list[str], str]:
    """Update tags at the start and the end of ``line``, and what is left of it."""
    tags: list[str] = []
    rest = line
    for _ in range(_MAX_TAGS):
        found = _leading_tag(rest)
        if found is None:
            break
        tags.append(found[0])
        rest = found[1]
    for _ in range(_MAX_TAGS):
        found = _trailing_tag(rest)
        if found is None:
            break
        tags.append(found[0])
        rest = found[1]
    return tags, rest


def _leading_tag(line: str) -> tuple[str, str] | None:
    """``(LEAD) Headline``, ``UPDATE 2-Headline``, ``URGENT: Headline``, ``FLASH``."""
    if line.startswith("("):
        close = line.find(")", 0, _MAX_TAG_LENGTH)
        tag = _normalise_tag(line[1:close], parenthesised=True) if close > 0 else None
        return (tag, line[close + 1 :].lstrip()) if tag else None
    head = line[:_MAX_BARE_TAG]
    if head == line and line.upper() in _LINE_TAGS:
        return line.upper(), ""  # dpa's "Eil" or "Wiederholung" alone above the headline
    if head == line and (tag := _normalise_tag(line, parenthesised=False)) is not None:
        return tag, ""  # a bare tag that is the whole line: "URGENT", "UPDATE 2"
    for cut, separator in _tag_separators(head):
        tag = _normalise_tag(head[:cut], parenthesised=False)
        if tag is None:
            continue
        glued_only = separator == "-" and head[cut - 1] != " "
        if tag in _WORD_TAGS and glued_only:
            continue
        return tag, line[cut + len(separator) :].lstrip(" -–—:")
    return None


def _tag_separators(head: str) -> list[tuple[int, str]]:
    """Positions of ``:`` and dashes in the first characters of a line, first first."""
    found = [(head.find(sep), sep) for sep in (":", *_DASHES)]
    return sorted((at, sep) for at, sep in found if at > 0)


def _trailing_tag(line: str) -> tuple[str, str] | None:
    """``Headline (LEAD)``, ``Headline (ATTN: ADDS quotes)``."""
    if not line.endswith(")"):
        return None
    start = line.rfind("(", max(0, len(line) - _MAX_TAG_LENGTH))
    if start <= 0:
        return None
    tag = _normalise_tag(line[start + 1 : -1], parenthesised=True)
    return (tag, line[:start].rstrip()) if tag else None


# ------------------------------------------------------------------------------ bylines

# Words that make a line or a comma-separated part of a byline an affiliation, not a name.
_AFFILIATION_WORDS = frozenset(
    {
        "press", "writer", "writers", "correspondent", "reporter", "reporters", "editor",
        "staff", "news", "agency", "service", "bureau", "desk", "contributor", "journalist",
    }
)  # fmt: skip
_AFFILIATION_CONNECTORS = frozenset({"of", "the", "for", "and", "at", "&"})
_MAX_AFFILIATION = 60
# Lower-case particles allowed inside a personal name: "Ana de la Cruz", "Ludwig van Beek".
_NAME_PARTICLES = frozenset(
    {"de", "da", "del", "della", "di", "do", "dos", "das", "du", "la", "le", "van", "von",
     "der", "den", "ten", "ter", "bin", "ibn", "al", "el", "y", "e", "and"}
)  # fmt: skip
_MAX_NAME_WORDS = 6


def _top_byline(
    body: list[str], agencies: AgencyTable
) -> tuple[list[BylineParts], str | None, list[str]]:
    """An AP-style byline opening the body, the agency its affiliation names (or None),
    and the body without it.

    ``By JANE DOE``, ``By Jane Doe and John Roe, Associated Press``, ``By JANE DOE`` then a
    line ``Associated Press Writer``. Each name gets the role ``writing``.
    """
    if not body or not body[0].startswith("By ") or len(body[0]) > _MAX_BYLINE:
        return [], None, body
    names, affiliations = _byline_names(body[0][3:], agencies)
    if not names:
        return [], None, body
    rest = body[1:]
    if rest and _is_affiliation(rest[0], agencies):
        affiliations.append(rest[0])
        rest = rest[1:]
    credit = next((a for a in affiliations if agencies.find(a)), None)
    return [BylineParts("writing", name) for name in names], credit, rest


_MAX_BYLINE_LINE = 60


def _byline_line(
    body: list[str], agencies: AgencyTable
) -> tuple[list[BylineParts], str | None, list[str]]:
    """A byline alone on the line above the dateline, the agency it names (or None) and
    the body without it: EFE's ``Ana Gómez.``, Agência Brasil's ``Ana Lima - Repórter da
    Agência Brasil``."""
    if len(body) < 2 or len(body[0]) > _MAX_BYLINE_LINE * 2:
        return [], None, body
    line = body[0]
    name, dash, affiliation = line.partition(" - ")
    if dash and _looks_like_name(name.strip()) and agencies.find(affiliation):
        return [BylineParts("writing", name.strip())], affiliation.strip(), body[1:]
    if len(line) > _MAX_BYLINE_LINE or not line.endswith("."):
        return [], None, body
    name = line[:-1].strip()
    if not _looks_like_name(name) or name.endswith("."):
        return [], None, body
    return [BylineParts("writing", name)], None, body[1:]


def _byline_names(text: str, agencies: AgencyTable) -> tuple[list[str], list[str]]:
    """The names and affiliations of ``Jane Doe and John Roe, Associated Press``; no names
    unless every part is a name or an affiliation (so ``By Monday, the ...`` is no byline)."""
    names: list[str] = []
    affiliations: list[str] = []
    for part in _split_names(text.replace("|", ",")):
        if _is_affiliation(part, agencies):
            affiliations.append(part)
            continue
        if not _looks_like_name(part):
            return [], []
        names.append(part)
    return names, affiliations


def _split_names(text: str) -> list[str]:
    """``A, B and C`` -> ``[A, B, C]``."""
    return [
        name.strip()
        for piece in text.split(",")
        for name in piece.replace(" & ", " and ").split(" and ")
        if name.strip(" .")
    ]


def _is_affiliation(text: str, agencies: AgencyTable) -> bool:
    """``Associated Press``, ``AP Business Writer``, ``Reuters``: a short title-case phrase
    naming an agency or a newsroom job; ``NEW YORK (AP) — News of ...`` is none."""
    words = text.replace("/", " ").split()
    return (
        0 < len(text) <= _MAX_AFFILIATION
        and all(word[0].isupper() or word in _AFFILIATION_CONNECTORS for word in words)
        and (any(word.lower() in _AFFILIATION_WORDS for word in words) or agencies.is_credit(text))
    )


def _looks_like_name(text: str) -> bool:
    words = text.split()
    return (
        2 <= len(words) <= _MAX_NAME_WORDS
        and not any(c.isdigit() for c in text)
        and words[0][0].isupper()
        and all(word[0].isupper() or word in _NAME_PARTICLES for word in words)
    )


# ----------------------------------------------------------------------------- sign-off


@dataclass(slots=True)
class _End:
    body: list[str]
    parts: list[str] = field(default_factory=list)  # sign-off parts, top to bottom
    credit: str | None = None
    bylines: list[BylineParts] = field(default_factory=list)
    warnings: list[SegmentWarning] = field(default_factory=list)
    date: date | None = None

    def cut_last(self, start: int) -> None:
        """Move the last paragraph from ``start`` on to the top of the sign-off; what
        stands before ``start`` stays the last paragraph, unless it is blank."""
        last = self.body[-1]
        kept = last[:start].rstrip()
        if kept:
            self.body[-1] = kept
        else:
            self.body.pop()
        self.parts.insert(0, last[start:])


# Lines that close a story: Yonhap "(END)", Canadian Press "-30-", Xinhua "Enditem".
_END_MARKS = frozenset(
    {"(END)", "(end)", "END", "ENDS", "-END-", "-30-", "–30–", "—30—", "###", "Enditem",
     "ENDITEM", "(Enditem)"}
)  # fmt: skip


def _read_end(body: list[str], agencies: AgencyTable) -> _End:
    """Peel sign-off parts off the end of the body, bottom up, until none is left."""
    end = _End(list(body))
    for _ in range(_MAX_SIGNOFF_PARTS):
        if not end.body:
            break
        if not (
            _take_end_mark(end)
            or _take_edited_by(end)
            or _take_dated_credit(end, agencies)
            or _take_agency_mark(end, agencies)
            or _take_credit_line(end)
        ):
            break
    return end


_EDITED_BY = ("Edição:", "Edición:", "Redação:")  # Agência Brasil, EFE: the editor's line


def _take_edited_by(end: _End) -> bool:
    """Agência Brasil's last line ``Edição: Carlos Abreu`` names the editor."""
    last = end.body[-1]
    for prefix in _EDITED_BY:
        if last.startswith(prefix) and len(last) <= _MAX_BYLINE_LINE:
            people = [n for n, _ in _people(last[len(prefix) :].strip())]
            if people and all(_looks_like_name(n) for n in people):
                end.body.pop()
                end.parts.insert(0, last)
                end.bylines[:0] = [BylineParts("editing", n) for n in people]
                return True
    return False


_MAX_DATED_CREDIT = 60
_SIGNOFF_DATE = re.compile(r"(?P<d>\d{1,2})[./](?P<m>\d{1,2})[./](?P<y>\d{4})")


def _take_dated_credit(end: _End, agencies: AgencyTable) -> bool:
    """APA's ``(APA, 1.2.2015)`` or ``(APA/dpa, 8.8.2015)`` closing the last paragraph:
    the credit and the date of the story."""
    last = end.body[-1]
    if not last.endswith(")"):
        return False
    start = last.rfind("(", max(0, len(last) - _MAX_DATED_CREDIT))
    if start == -1 or "," not in last[start:]:
        return False
    credit, _, written = last[start + 1 : -1].rpartition(",")
    found = _SIGNOFF_DATE.fullmatch(written.strip())
    if found is None or not agencies.is_credit(credit.strip()):
        return False
    try:
        stamped = date(int(found["y"]), int(found["m"]), int(found["d"]))
    except ValueError:
        return False
    end.cut_last(start)
    if end.credit is None:
        end.credit = credit.strip()
    if end.date is None:
        end.date = stamped
    return True


def _take_end_mark(end: _End) -> bool:
    if end.body[-1] in _END_MARKS:
        end.parts.insert(0, end.body.pop())
        return True
    return False


def _take_agency_mark(end: _End, agencies: AgencyTable) -> bool:
    """``... virus. EFE-EPA``, a last line ``Reuter``, ``dpa xy zz`` / ``212101 GMT Nov 18``."""
    tail = end.body[-3:]  # a dpa desk line and a GMT stamp line span two paragraphs
    joined = "\n".join(tail)
    found = agencies.signoff_at_end(joined)
    if found is None:
        return False
    kept = joined[: found.start].rstrip()
    end.body[-len(tail) :] = kept.split("\n") if kept else []
    end.parts.insert(0, found.text)
    if end.credit is None:
        end.credit = found.credit
    return True


def _take_credit_line(end: _End) -> bool:
    """A credit line as the last paragraph or glued to its last sentence."""
    last = end.body[-1]
    found = _credit_at_end(last)
    if found is None:
        return False
    start, bylines, unparsed = found
    end.cut_last(start)
    end.bylines[:0] = bylines
    end.warnings.extend(
        SegmentWarning("credit_unparsed", f"could not read names from credit {part!r}")
        for part in unparsed
    )
    return True


def _credit_at_end(paragraph: str) -> tuple[int, list[BylineParts], list[str]] | None:
    """Where a credit line starts in ``paragraph``, its bylines and the clauses that could
    not be read; None when the paragraph does not end with a credit line."""
    if paragraph.endswith(")"):
        start = paragraph.rfind("(", max(0, len(paragraph) - _MAX_CREDIT_LINE))
        if start != -1:
            parsed = _parse_credits(paragraph[start + 1 : -1])
            if parsed is not None:
                return (start, *parsed)
    if len(paragraph) > _MAX_CREDIT_LINE:
        return None
    for reader in (_parse_credits, _parse_contributors, _parse_assistance):
        parsed = reader(paragraph)
        if parsed is not None:
            return (0, *parsed)
    return None


# Roles of Reuters-style credit lines, as written before "by" -> the role's form in the
# record. "Reporting and writing by" gives both roles.
_ROLE_WORDS = {
    "reporting": "reporting",
    "reported": "reporting",
    "writing": "writing",
    "written": "writing",
    "editing": "editing",
    "edited": "editing",
    "compiled": "compiled",
    "compiling": "compiled",
    "research": "research",
    "researched": "research",
    "graphics": "graphics",
    "graphic": "graphics",
    "translation": "translation",
    "translated": "translation",
    "production": "production",
    "produced": "production",
    "photos": "photos",
    "photography": "photos",
    "fact-checking": "fact-checking",
}
_ROLE_QUALIFIERS = frozenset({"additional", "extra", "further", "and"})
_MAX_ROLE_WORDS = 4


def _parse_credits(text: str) -> tuple[list[BylineParts], list[str]] | None:
    """``Reporting by A in B; Additional reporting by C; Editing by D and E``.

    None unless the first clause is a credit; later clauses that cannot be read are
    returned as unparsed."""
    bylines: list[BylineParts] = []
    unparsed: list[str] = []
    for n, clause in enumerate(part.strip() for part in text.split(";")):
        read = _parse_credit_clause(clause)
        if read is None and n == 0:
            return None
        if read is None:
            unparsed.append(clause)
        else:
            bylines.extend(read)
    return bylines, unparsed


def _parse_credit_clause(clause: str) -> list[BylineParts] | None:
    at = clause.lower().find(" by ")
    if at <= 0:
        return None
    roles = _roles(clause[:at])
    if not roles:
        return None
    people = _people(clause[at + 4 :])
    # Credit lines capitalise names; "Editing by hand is slow." is a sentence.
    if not people or not all(name[0].isupper() for name, _ in people):
        return None
    return [BylineParts(role, name, place) for role in roles for name, place in people]


def _roles(text: str) -> list[str]:
    """``Additional reporting`` -> ``[additional-reporting]``; ``Reporting and writing`` ->
    ``[reporting, writing]``; [] when ``text`` is not a role."""
    words = text.lower().split()
    if not 0 < len(words) <= _MAX_ROLE_WORDS or not all(
        word in _ROLE_WORDS or word in _ROLE_QUALIFIERS for word in words
    ):
        return []
    roles: list[str] = []
    qualifier: list[str] = []
    for word in words:
        if word in _ROLE_WORDS:
            roles.append("-".join([*qualifier, _ROLE_WORDS[word]]))
            qualifier = []
        elif word != "and":
            qualifier.append(word)
    return roles if roles and not qualifier else []


def _people(text: str) -> list[tuple[str, str | None]]:
    """``A in Paris, B and C in London`` -> ``[(A, Paris), (B, London), (C, London)]``:
    a place written after the last of several names applies to the names before it."""
    people: list[tuple[str, str | None]] = []
    place: str | None = None
    for part in reversed(_split_names(text.rstrip(" ."))):
        at = part.find(" in ")
        if at != -1:
            name, place = part[:at].strip(), part[at + 4 :].strip() or None
        else:
            name = part
        if not name or len(name) > _MAX_BYLINE:
            return []
        people.append((name, place))
    people.reverse()
    return people


# AP: "Associated Press writers Jane Doe in Berlin and John Roe contributed to this report."
_CONTRIBUTED = (" contributed to this report", " contributed to this story", " contributed")
_CONTRIBUTOR_TITLES = frozenset(
    {
        "writer", "writers", "reporter", "reporters", "correspondent", "correspondents",
        "journalist", "journalists", "photographer", "photographers", "videojournalist",
        "videojournalists", "researcher", "researchers", "staff",
    }
)  # fmt: skip


def _parse_contributors(paragraph: str) -> tuple[list[BylineParts], list[str]] | None:
    text = paragraph.rstrip(" .")
    for suffix in _CONTRIBUTED:
        if text.endswith(suffix):
            text = text[: -len(suffix)]
            break
    else:
        return None
    words = text.split()
    titles = [i for i, word in enumerate(words[:6]) if word.lower() in _CONTRIBUTOR_TITLES]
    names = " ".join(words[titles[-1] + 1 :] if titles else words)
    people = _people(names)
    if not people or not all(_looks_like_name(name) for name, _ in people):
        return None
    return [BylineParts("contributing", name, place) for name, place in people], []


def _parse_assistance(paragraph: str) -> tuple[list[BylineParts], list[str]] | None:
    """Bloomberg: ``--With assistance from Jane Doe and John Roe.``"""
    text = paragraph.lstrip("-–— ")
    prefix = "with assistance from "
    if not text.lower().startswith(prefix):
        return None
    people = _people(text[len(prefix) :])
    if not people or not all(_looks_like_name(name) for name, _ in people):
        return None
    return [BylineParts("assistance", name, place) for name, place in people], []
