"""The stage: a story's headline and lede -> its political events, coded in PLOVER.

Reads the headline, the body, the record's entities, the dateline and the receive time;
adds the record's ``events``. Pure, deterministic and linear in the text: it reads only
the headline and the body's first sentences (:mod:`.sentences`).

Per sentence:

1. **Triggers** (:mod:`.lexicon`): the longest pattern at each word. Per clause the first
   strong trigger is the event (a weak one only when the clause has no strong one): the
   words after a verb of saying or doing are its content (``demanded the troops
   withdraw`` is REQUEST, not also RETREAT). A trigger after ``not``/``never`` is no event.
2. **Future and intent** (the manual's ambiguities): a CONSULT, SUPPORT, COOPERATE or AID
   after ``will``, ``would``, ``to`` (``plans to meet``) or ``upcoming`` is AGREE; a
   RETREAT so announced is CONCEDE.
3. **Parties** (:mod:`.actors`): the group of parties nearest before the trigger in its
   clause is the actor, the first group after it the recipient; in the passive (``was
   attacked by``) the other way round; in a meeting without a clear host (``met``,
   ``held talks``) everyone is an actor. A trigger inside a quotation counts only for
   ACCUSE and THREATEN, and its actor is the speaker (the party by ``said`` outside the
   quotation): a quoted accusation is the speaker's side's.
4. An event needs a political party: a country, an IGO/NGO or a sector other than
   business (``the company agreed to buy`` is no event).
5. **Place and date** (:mod:`.sentences`): a place the sentence names after ``in``/``at``,
   else the dateline's; the day it names, else the dateline's date.

The same event in the headline and the lede (same type, same actor countries) is kept
once, the fuller of the two.

**Confidence** starts at 0.9: 0.3 less for a weak trigger, 0.2 less when no actor has a
country, 0.1 less for a quoted accusation or an event read as future; never below 0.1.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date, datetime
from typing import Final

from wiredesk.models import CodedEvent, Dateline, Entity, EventSentence, EventType, Quad
from wiredesk.normalize.events.actors import (
    Party,
    Story,
    clause_bounds,
    find_parties,
    index_mentions,
    person_countries,
)
from wiredesk.normalize.events.lexicon import RULES, Rule
from wiredesk.normalize.events.sentences import Sentence, date_of, place_of, sentences
from wiredesk.normalize.events.tokens import Match, Matcher, Token, tokenize
from wiredesk.normalize.tables.organisations import OrgTable
from wiredesk.normalize.tables.places import Gazetteer

QUADS: Final[dict[EventType, Quad]] = {
    **dict.fromkeys(("AGREE", "CONSULT", "SUPPORT", "CONCEDE"), "verbal-cooperation"),
    **dict.fromkeys(("COOPERATE", "AID", "RETREAT"), "material-cooperation"),
    **dict.fromkeys(("REQUEST", "ACCUSE", "REJECT", "THREATEN"), "verbal-conflict"),
    **dict.fromkeys(("PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"), "material-conflict"),
}
_FUTURE_TO_AGREE: Final = frozenset({"CONSULT", "SUPPORT", "COOPERATE", "AID"})
_FUTURE: Final = frozenset({"will", "would", "'ll", "shall", "upcoming", "planned", "proposed"})
_INTENT: Final = frozenset(
    [
        "plan",
        "plans",
        "planned",
        "agreed",
        "agree",
        "agrees",
        "promised",
        "promise",
        "pledged",
        "vowed",
        "offered",
        "intends",
        "intend",
        "expected",
        "expects",
        "due",
        "set",
        "going",
        "hopes",
        "hope",
        "want",
        "wants",
        "decided",
        "ready",
        "willing",
        "prepared",
        "aims",
        "aim",
        "is",
        "are",
        "was",
        "were",
    ]
)
_DETERMINERS: Final = frozenset(
    ["the", "a", "an", "this", "that", "his", "her", "its", "their", "our"]
)
_NEGATIONS: Final = frozenset({"not", "never", "n't", "no"})
_BE: Final = frozenset({"was", "were", "been", "being", "is", "are", "be", "got", "get"})
_SAYING: Final = frozenset(
    [
        "said",
        "says",
        "say",
        "told",
        "added",
        "stated",
        "declared",
        "insisted",
        "warned",
        "wrote",
        "tweeted",
        "according",
    ]
)
_QUOTED_TYPES: Final = frozenset({"ACCUSE", "THREATEN"})
_ENGLISH: Final = "en"
_REACH: Final = 8  # words after a trigger its recipient may start within

_MATCHER = Matcher(RULES)


def code_events(
    headline: str,
    body: str,
    entities: Sequence[Entity],
    language: str,
    record_dateline: Dateline | None,
    received_at: datetime,
    gazetteer: Gazetteer,
    orgs: OrgTable,
    matcher: Matcher = _MATCHER,
) -> list[CodedEvent]:
    """The story's events; empty for a story not in English or reporting none."""
    if language.split("-")[0].lower() != _ENGLISH:
        return []
    found = sentences(headline, body)
    lede = next(((s.start, s.end) for s in found if s.field == "body"), None)
    story = Story(gazetteer, orgs, index_mentions(entities), {})
    people = person_countries(headline, body, lede, entities, story)
    story = Story(gazetteer, orgs, story.mentions, people)
    base_place = record_dateline.place if record_dateline is not None else None
    base_date = (
        record_dateline.date
        if record_dateline is not None and record_dateline.date is not None
        else received_at.date()
    )
    events: list[CodedEvent] = []
    for sentence in found:
        tokens = tokenize(sentence.text, sentence.start)
        for event in _sentence_events(sentence, tokens, entities, story, matcher, base_date):
            place = place_of(tokens, sentence.field, entities, gazetteer) or base_place
            day = date_of(tokens, base_date) or (
                record_dateline.date if record_dateline is not None else None
            )
            events.append(event.model_copy(update={"place": place, "date": day}))
    return _dedupe(events)


def _quoted(tokens: Sequence[Token]) -> list[bool]:
    inside = False
    out: list[bool] = []
    for token in tokens:
        if token.text in ("“", "”", '"'):
            inside = token.text == "“" or (token.text == '"' and not inside)
            out.append(False)
            continue
        out.append(inside)
    return out


def _sentence_events(
    sentence: Sentence,
    tokens: Sequence[Token],
    entities: Sequence[Entity],
    story: Story,
    matcher: Matcher,
    base_date: date,
) -> list[CodedEvent]:
    matches = matcher.matches(tokens)
    if not matches:
        return []
    quoted = _quoted(tokens)
    clauses = clause_bounds(tokens)
    groups = find_parties(tokens, sentence.field, story)
    chosen: dict[int, Match] = {}
    for match in matches:
        if _negated(tokens, match.first) and match.rule.type != "REJECT":
            continue
        if quoted[match.first] and match.rule.type not in _QUOTED_TYPES:
            continue
        if _as_noun(tokens, match):
            match = Match(dataclasses.replace(match.rule, weak=True), match.first, match.last)
        clause = clauses[match.first]
        held = chosen.get(clause)
        if held is None or (held.rule.weak and not match.rule.weak):
            chosen[clause] = match
    out: list[CodedEvent] = []
    for clause, match in sorted(chosen.items()):
        event = _event(sentence, tokens, match, groups, quoted, clauses, clause)
        if event is not None:
            out.append(event)
    return out


def _as_noun(tokens: Sequence[Token], match: Match) -> bool:
    """A lone ``-ing`` trigger after an article or possessive is a noun (``the meeting``)."""
    return (
        match.first == match.last
        and tokens[match.first].low.endswith("ing")
        and match.first > 0
        and tokens[match.first - 1].low in _DETERMINERS
    )


def _negated(tokens: Sequence[Token], first: int) -> bool:
    return any(t.low in _NEGATIONS for t in tokens[max(0, first - 2) : first])


def _future(tokens: Sequence[Token], first: int) -> bool:
    window = [t.low for t in tokens[max(0, first - 4) : first]]
    if any(w in _FUTURE for w in window):
        return True
    return "to" in window and any(w in _INTENT for w in window[: window.index("to")])


def _passive(tokens: Sequence[Token], match: Match) -> bool:
    word = tokens[match.first].low
    if not (word.endswith(("ed", "en")) or word in ("met", "held", "shot", "hit", "struck")):
        return False
    return any(t.low in _BE for t in tokens[max(0, match.first - 2) : match.first])


def _event(
    sentence: Sentence,
    tokens: Sequence[Token],
    match: Match,
    groups: Sequence[list[Party]],
    quoted: Sequence[bool],
    clauses: Sequence[int],
    clause: int,
) -> CodedEvent | None:
    rule = match.rule
    event_type: EventType = rule.type
    confidence = 0.9 - (0.3 if rule.weak else 0.0)
    in_clause = [g for g in groups if clauses[g[0].first] == clause]
    if quoted[match.first]:
        actor = _speaker(tokens, groups, quoted)
        recipient = [p for g in groups if quoted[g[0].first] for p in g if p not in actor]
        confidence -= 0.1
    else:
        outside = [g for g in in_clause if not quoted[g[0].first]]
        before = [g for g in outside if g[-1].last < match.first]
        after = [g for g in outside if match.last < g[0].first <= match.last + _REACH]
        actor = before[-1] if before else []
        recipient = after[0] if after else []
        if _passive(tokens, match):
            by = [g for g in after if g[0].first > 0 and tokens[g[0].first - 1].low == "by"]
            actor, recipient = (by[0] if by else []), actor
        elif rule.parties == "all":
            actor, recipient = [*actor, *recipient], []
    if _future(tokens, match.first):
        if event_type in _FUTURE_TO_AGREE:
            event_type = "AGREE"
            confidence -= 0.1
        elif event_type == "RETREAT":
            event_type = "CONCEDE"
            confidence -= 0.1
    if not any(p.political for p in [*actor, *recipient]):
        return None
    if not any(p.country for p in actor):
        confidence -= 0.2
    trigger = sentence.text[
        tokens[match.first].start - sentence.start : tokens[match.last].end - sentence.start
    ]
    return CodedEvent(
        type=event_type,
        mode=rule.mode if event_type == rule.type else None,
        actor=[p.actor() for p in actor],
        recipient=[p.actor() for p in recipient],
        trigger=trigger,
        sentence=EventSentence(field=sentence.field, start=sentence.start, end=sentence.end),
        quad=QUADS[event_type],
        confidence=round(max(0.1, confidence), 2),
    )


def _speaker(
    tokens: Sequence[Token], groups: Sequence[list[Party]], quoted: Sequence[bool]
) -> list[Party]:
    """The party by a verb of saying outside the quotation: ``," X said`` or ``X said: "``."""
    outside = [g for g in groups if not quoted[g[0].first]]
    for i, token in enumerate(tokens):
        if token.low not in _SAYING or quoted[i]:
            continue
        near = [g for g in outside if abs(g[0].first - i) <= 6 or abs(g[-1].last - i) <= 6]
        if near:
            return min(near, key=lambda g: min(abs(g[0].first - i), abs(g[-1].last - i)))
    return []


def _fullness(event: CodedEvent) -> int:
    return sum(1 for p in [*event.actor, *event.recipient] if p.country) * 2 + len(event.actor)


def _countries(event: CodedEvent) -> frozenset[str]:
    return frozenset(a.country for a in event.actor if a.country)


def _dedupe(events: Sequence[CodedEvent]) -> list[CodedEvent]:
    """One event per type and actor countries (one's countries within the other's): the
    fuller one, at the first one's position."""
    out: list[CodedEvent] = []
    for event in events:
        mine = _countries(event)
        for n, held in enumerate(out):
            theirs = _countries(held)
            if held.type == event.type and (mine <= theirs or theirs <= mine):
                if _fullness(event) > _fullness(held):
                    out[n] = event
                break
        else:
            out.append(event)
    return out


__all__ = ["QUADS", "Rule", "code_events"]
