"""The stage: NER spans -> one entity per real-world thing, canonical names and codes.

Reads the headline, the body, the dateline place, an NER function, the gazetteer, the
organisation table and the demonym table; adds the record's ``entities`` (and warnings).
Pure: the model behind ``ner`` is loaded at the edge (``wiredesk.resources.nlp``).

How a story's spans become entities:

1. **Spans.** ``ner`` runs on the headline and the body separately, so no span can
   cross from one to the other. Each span is trimmed of surrounding whitespace,
   quotes, unbalanced brackets and punctuation and of a possessive (``Korea’s``), and
   dropped when it is empty, holds a line break (the model joining two paragraphs),
   looks like web boilerplate, or is a number or a date (not a thing to look up).
2. **Labels the model got wrong.** A span of two or three capitalised tokens that the
   model calls ``ORG``/``GPE``/... is a person when a role word governs it: right
   before it (``Foreign Minister Marise Payne``, ``foreign ministers, Marise Payne``)
   or before the list of people it ends (``ministers, S. Jaishankar and Marise
   Payne``). Being listed with people is not enough (``Pompeo and Goldman Sachs``),
   and words such as ``Bank`` or ``Party`` rule a span out. A span listed with places
   (``Barcelona, Málaga and ...``) that the gazetteer knows is a place.
3. **Keys.** Each span gets the key of the thing it names: a person (full name, or a
   bare surname / unambiguous first name of a known full name, whatever the model's
   label), the dateline place (by its name, whatever the label), a country
   (``gazetteer.country``: ``US``, ``U.S.``, ``United States``), a nationality (the
   demonym table: NORP with the country's code), or else its own text.
4. **Labels and codes.** Text-keyed groups take the label most of their spans carry;
   ``GPE`` (and non-city ``LOC``) groups are looked up in the gazetteer, and groups that
   turn out to be one place merge. The dateline place keeps the codes the dateline
   stage resolved: it had the region to tell Portland, Maine from Portland, Oregon.
5. **Missed mentions.** People's names and the dateline place are searched for where
   the model missed them (``Pompeo, Motegi ...`` headlines).

Issue 10 added, between those steps: **canonical names** before any span is keyed (no
leading article unless it belongs to the name, a person's title kept as ``title``,
all-caps and lower-case copy re-cased, acronyms of things dropped, regions of the world
labelled LOC), **the organisation table** in step 3 (an organisation it knows is keyed
``org:<slug>``, named and labelled ``ORG`` by it), **places read in context** in step 3
(``Georgia`` in a story from Atlanta about its governor is the US state), and after step
4 **acronyms** joined to the name they abbreviate and **tickers** attached to their
company. Every entity gets a stable ``key``.

Canonical names: a person's longest full name, the gazetteer's name for countries and
places, the table's name for organisations it knows, otherwise the most frequent form
(a company's legal suffix written one way: ``Inc``, ``Corp``, ``Plc``). Entities come in
order of first mention (headline before body); a dateline place the text never names
comes last, with no mentions.

Every step is linear (or n log n) in the story: look-ups are dictionary hits, the text
search tries only the needle lengths in use at each word start, and the regular
expressions have bounded repetition only.

Each step lives in a module of its own (the package's docstring lists them); this module
chains the steps and builds the output: the entities and the warnings.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Final

from wiredesk.models import Entity, MentionField, Place, RecordWarning, WarningCode
from wiredesk.normalize.entities.aliases import (
    attach_tickers,
    find_tickers,
    merge_acronyms,
    outside_tickers,
)
from wiredesk.normalize.entities.canonical import (
    drop_common_acronyms,
    label_world_regions,
    read_caps,
    strip_article,
    take_title,
)
from wiredesk.normalize.entities.context import PlaceContext
from wiredesk.normalize.entities.groups import Group, Key, key_for, resolve_groups
from wiredesk.normalize.entities.labels import Lists, in_a_persons_place, relabel_listed_place
from wiredesk.normalize.entities.lookups import Lookups
from wiredesk.normalize.entities.mentions import add_dateline_place, add_missed_person_mentions
from wiredesk.normalize.entities.names import MAX_NAME_TOKENS, People, name_tokens
from wiredesk.normalize.entities.spans import PERSON, Notes, clean_spans, quote
from wiredesk.normalize.tables.demonyms import DEMONYMS
from wiredesk.normalize.tables.organisations import EMPTY_ORG_TABLE, OrgTable
from wiredesk.normalize.tables.places import Gazetteer
from wiredesk.normalize.types import NerFunc

# A bound that keeps the warning short on junk input.
_MAX_DROPPED_SHOWN: Final = 5  # dropped spans named in the warning


# ---------------------------------------------------------------------------- stage


def extract_entities(
    headline: str,
    body: str,
    ner: NerFunc,
    gazetteer: Gazetteer,
    dateline_place: Place | None,
    *,
    demonyms: Mapping[str, str] | None = None,
    orgs: OrgTable = EMPTY_ORG_TABLE,
) -> tuple[list[Entity], list[RecordWarning]]:
    """The story's entities, one per real-world thing, and warnings for what was doubtful.

    ``demonyms`` (demonym -> ISO alpha-2) defaults to
    :data:`wiredesk.normalize.tables.demonyms.DEMONYMS`; ``orgs`` is the curated organisation
    table (``wiredesk.resources.reference.load_org_table``). Every mention satisfies
    ``{"headline": headline, "body": body}[field][start:end] == text``.
    """
    texts: dict[MentionField, str] = {"headline": headline, "body": body}
    lookups = Lookups(gazetteer, DEMONYMS if demonyms is None else demonyms, orgs)
    notes = Notes()
    tickers = find_tickers(texts)
    spans = outside_tickers(
        (
            take_title(span, text)
            for field_name, text in texts.items()
            if text.strip()
            for span in clean_spans(field_name, text, ner, notes)
        ),
        tickers,
    )
    spans = drop_common_acronyms(read_caps(spans, texts, lookups, notes), lookups, notes)
    spans = label_world_regions((strip_article(span, lookups) for span in spans), lookups)

    lists = Lists(spans, texts)
    promoted = {s for s in spans if in_a_persons_place(s, lists, lookups)}
    people = People(
        tokens
        for s in spans
        if s.label == PERSON or s in promoted
        if 2 <= len(tokens := name_tokens(s.name)) <= MAX_NAME_TOKENS
    )
    spans = [relabel_listed_place(s, lists, people, lookups, notes) for s in spans]

    context = PlaceContext(spans, texts, lookups, dateline_place)
    groups: dict[Key, Group] = {}
    for span in spans:
        key = key_for(span, people, promoted, lookups, dateline_place, notes, context)
        groups.setdefault(key, Group([])).spans.append(span)
    groups = resolve_groups(groups, people, lookups, dateline_place, context)
    merge_acronyms(groups, texts)
    attach_tickers(groups, tickers, texts, orgs)
    add_missed_person_mentions(groups, people, texts)
    add_dateline_place(groups, texts, dateline_place)

    notes.guessed.extend(
        f"{quote(s.text)} tagged {s.label} taken for a PERSON (a role word governs it)"
        for s in sorted(promoted, key=lambda s: s.order)
    )
    ordered = sorted(groups.values(), key=lambda g: g.first)
    return [_entity(g) for g in ordered], _warnings(notes, groups)


# ---------------------------------------------------------------------------- output


def _entity(group: Group) -> Entity:
    mentions = sorted(group.spans, key=lambda s: s.order)
    return Entity(
        name=group.name,
        type=group.label,
        country_code=group.country_code,
        geonames_id=group.geonames_id,
        mentions=list(dict.fromkeys(m.mention() for m in mentions)),
        key=group.key(),
        title=group.title() if group.label == PERSON else None,
        tickers=group.tickers,
        region_code=group.region_code,
    )


def _warnings(notes: Notes, groups: Mapping[Key, Group]) -> list[RecordWarning]:
    """The record's warnings: what the steps noted, then labels the spans disputed."""
    warnings: list[RecordWarning] = []
    if notes.dropped:
        shown = "; ".join(notes.dropped[:_MAX_DROPPED_SHOWN])
        more = len(notes.dropped) - _MAX_DROPPED_SHOWN
        tail = f"; and {more} more" if more > 0 else ""
        warnings.append(
            RecordWarning(
                code=WarningCode.ENTITY_SPAN_DROPPED, message=f"dropped entity spans: {shown}{tail}"
            )
        )
    warnings.extend(
        RecordWarning(code=WarningCode.ENTITY_LABEL_GUESSED, message=m) for m in notes.guessed
    )
    warnings.extend(
        RecordWarning(
            code=WarningCode.ENTITY_AMBIGUOUS_NAME,
            message=f"{quote(text)} could be more than one person in the story; kept apart",
        )
        for text in sorted(notes.ambiguous)
    )
    for key, group in groups.items():
        labels = Counter(s.label for s in group.spans)
        if key[0] == "text" and len(labels) > 1:
            seen = ", ".join(f"{label} x{n}" for label, n in sorted(labels.items()))
            warnings.append(
                RecordWarning(
                    code=WarningCode.ENTITY_LABEL_DISPUTED,
                    message=f"{quote(group.name)} was tagged {seen}; kept {group.label}",
                )
            )
    return warnings
