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
   after ``will``, ``would``, ``to`` (``plans to meet``, a headline's ``Japan,
   Philippines to hold talks``) or ``upcoming`` is AGREE; a RETREAT so announced is
   CONCEDE. A guess is no event (the manual): a trigger after ``may``, ``might`` or
   ``could``, one a rumour or speculation reports, or one analysts forecast (``will
   meet, analysts said``). Background is no event either (PLOVER's ``historical`` mode,
   dropped like a negation): a trigger in a relative clause on a document (``the pact
   under which OPEC agreed``) or after a year before the story's (``signed in 1985``).
3. **Parties** (:mod:`.actors`): the group of parties nearest before the trigger in its
   clause is the actor, the first group after it (one with a country first, within
   :data:`_REACH` words) the recipient; in the passive (``was
   attacked by``) the other way round; in a meeting without a clear host (``met``,
   ``held talks``) everyone is an actor. A trigger inside a quotation counts only for
   ACCUSE and THREATEN, and its actor is the speaker (the party by ``said`` outside the
   quotation): a quoted accusation is the speaker's side's.
4. An event needs a political party: a country, an IGO/NGO or a sector other than
   business (``the company agreed to buy`` is no event); and an actor, except an ASSAULT
   (``a bomb killed five``). A weak trigger needs an actor with a country right before it.
5. **Place and date** (:mod:`.sentences`): a place the sentence names after ``in``/``at``,
   else the dateline's; the day it names, else the dateline's date.

The same event in the headline and the lede (same type, same actor countries) is kept
once, the fuller of the two.

Rules marked ``dev`` in the code (a negated cooperative act is REJECT, a future or
conditional use of force is THREATEN, the subject of a clause, the place's country as the
recipient, ``X said Y must``, a person's country from the leaders table) were written
after reading development gold sentences; they apply only when the matcher holds the
lexicon's ``dev`` rules (``Matcher.dev``), so that the evaluation can measure the coder
without them. The ``wire`` rules (a headline's ``to``, the dateline's country for an
official named by title alone, background is no event, ``He``/``She`` after an
attribution, one government's cooperation with itself is no event, a venue is no party)
and the ``manual`` speculation rule always apply.

**Confidence** starts at 0.9: 0.3 less for a weak trigger, 0.2 less when no actor has a
country, 0.1 less for a quoted accusation or an event read as future; never below 0.1.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Sequence
from datetime import date, datetime
from typing import Final

from wiredesk.models import CodedEvent, Dateline, Entity, EventSentence, EventType, Quad
from wiredesk.normalize.events.actors import (
    Party,
    Story,
    clause_bounds,
    find_parties,
    home_country,
    index_mentions,
    person_countries,
)
from wiredesk.normalize.events.countries import ALPHA3
from wiredesk.normalize.events.lexicon import RULES
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
# manual: speculation is no event (PLOVER codes what happened or was announced)
_MODALS: Final = frozenset({"may", "might", "could", "perhaps", "possibly", "probably"})
_HEARSAY: Final = frozenset(
    {"rumor", "rumors", "rumour", "rumours", "speculation", "speculated", "speculate"}
)
_FORECASTERS: Final = frozenset({"analyst", "analysts", "economists", "traders", "dealers"})
_FORECAST: Final = frozenset({"will", "would", "expected", "expect", "expects", "likely"})
_FAILED: Final = _NEGATIONS | {"failed", "fail", "fails"}  # dev
_MEET: Final = frozenset({"meet", "meets", "met", "meeting"})
_TARGETS: Final = frozenset(
    [
         "demand", "needs", "need", "target", "targets", "requirements", "deadline", "deadlines",
         "expectations", "criteria", "obligations", "costs", "goals", "goal", "forecasts",
         "estimates", "conditions",
    ]
)  # fmt: skip
_PLANS: Final = frozenset({"plans", "plan", "intention", "immediate", "need"})
# Read from a Reuters story: what a document or a hope sets the ground for has not happened.
_PREMISES: Final = frozenset(
    {
        "framework",
        "basis",
        "agenda",
        "prospects",
        "prospect",
        "hopes",
        "hope",
        "calls",
        "groundwork",
    }
)
# wire, read from Reuters stories: PLOVER's ``historical`` mode, background the story
# recalls, is dropped like a negated event. A document's relative clause ("the pact under
# which OPEC agreed") and a year before the story's ("signed in 1985", "since 1976").
_DOCUMENTS: Final = frozenset(
    {"accord", "accords", "pact", "agreement", "agreements", "treaty", "protocol", "deal",
     "convention", "charter"}
)  # fmt: skip
_RELATIVE: Final = frozenset({"under", "by", "in", "through"})
_DATING: Final = frozenset({"in", "since", "during"})
_DATE_WORDS: Final = frozenset(
    {"early", "late", "mid", "january", "february", "march", "april", "may", "june", "july",
     "august", "september", "october", "november", "december"}
)  # fmt: skip
_VENUES: Final = frozenset(
    {"agreement", "accord", "pact", "deal", "treaty", "talks", "meeting", "meetings",
     "summit", "conference", "negotiations", "session", "signing", "ceremony"}
)  # fmt: skip
_COOPERATIVE: Final = frozenset(
    {"AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT"}
)
_FORCE: Final = frozenset({"PROTEST", "SANCTION", "COERCE", "ASSAULT", "MOBILIZE"})
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
        "concluded",
        "announced",
    ]
)
_PRONOUNS: Final = frozenset({"He", "She"})
_QUOTED_TYPES: Final = frozenset({"ACCUSE", "THREATEN"})
_ENGLISH: Final = "en"
_REACH: Final = 12  # words after a trigger its recipient may start within

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
    base_place = record_dateline.place if record_dateline is not None else None
    story = Story(gazetteer, orgs, index_mentions(entities), {})
    home = home_country(base_place.country_code if base_place else None, entities, story)
    story = Story(gazetteer, orgs, story.mentions, {}, home)
    base_date = (
        record_dateline.date
        if record_dateline is not None and record_dateline.date is not None
        else received_at.date()
    )
    people = person_countries(
        headline,
        body,
        lede,
        entities,
        story,
        base_date.year,
        leaders=matcher.dev,
        dateline_country=base_place.country_code if base_place else None,
    )
    story = Story(gazetteer, orgs, story.mentions, people, home)
    events: list[CodedEvent] = []
    previous: tuple[Sentence, list[Token]] | None = None
    for sentence in found:
        tokens = tokenize(sentence.text, sentence.start)
        pronoun = _pronoun(sentence, tokens, previous, story)
        previous = (sentence, tokens)
        for event in _sentence_events(
            sentence, tokens, entities, story, matcher, base_date, pronoun
        ):
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
    pronoun: Party | None = None,
) -> list[CodedEvent]:
    matches = matcher.matches(tokens)
    if not matches:
        return []
    quoted = _quoted(tokens)
    clauses = clause_bounds(tokens)
    groups = find_parties(tokens, sentence.field, story)
    if pronoun is not None and not (groups and groups[0][0].first == 0):
        groups = [[pronoun], *groups]
    chosen: dict[int, Match] = {}
    for match in matches:
        if _no_plans(tokens, match.first) or _meets_a_target(tokens, match):
            continue
        if _premise(tokens, match.first, clauses):
            continue
        if _speculative(tokens, match.first, clauses):
            continue
        if _historical(tokens, match.first, clauses, base_date.year):
            continue
        if _negated(tokens, match.first, matcher.dev) and match.rule.type != "REJECT":
            if not (matcher.dev and match.rule.type in _COOPERATIVE and not match.rule.weak):
                continue
            # dev: a cooperative act negated or failed is a rejection ("failed to reach
            # agreement", "will not meet")
            match = Match(
                dataclasses.replace(match.rule, type="REJECT", mode=None), match.first, match.last
            )
        if quoted[match.first] and match.rule.type not in _QUOTED_TYPES:
            continue
        if _is_name(tokens, match, sentence):
            continue  # "March" the month, "Strike" a name: a verb is not capitalised mid-sentence
        if _as_noun(tokens, match):
            match = Match(dataclasses.replace(match.rule, weak=True), match.first, match.last)
        clause = clauses[match.first]
        held = chosen.get(clause)
        if held is None or (held.rule.weak and not match.rule.weak):
            chosen[clause] = match
    place = place_of(tokens, sentence.field, entities, story.gazetteer) if matcher.dev else None
    place_party = None
    if place is not None and _venue(tokens, place.text):
        place = None  # "the agreement in Doha": where it was held, not a party
    code = place.country_code if place is not None else None
    if place is not None and code is not None and code in ALPHA3:
        place_party = Party(0, 0, ALPHA3[code], None, place.name)
    out: list[CodedEvent] = []
    for clause, match in sorted(chosen.items()):
        event = _event(
            sentence, tokens, match, groups, quoted, clauses, clause, matcher.dev, place_party
        )
        if event is not None:
            out.append(event)
    return out


def _pronoun(
    sentence: Sentence,
    tokens: Sequence[Token],
    previous: tuple[Sentence, list[Token]] | None,
    story: Story,
) -> Party | None:
    """wire, read from a Reuters story: a sentence that opens with ``He`` or ``She`` as its
    subject goes on with the person the previous sentence is attributed to (``..., Energy
    Minister Subroto said. He told reporters after meeting ...``): that person, at the
    pronoun. Only then: a pronoun anywhere else is left unread."""
    if (
        previous is None
        or not tokens
        or tokens[0].text not in _PRONOUNS
        or sentence.field != "body"
        or previous[0].field != "body"
    ):
        return None
    before, words = previous
    groups = find_parties(words, before.field, story)
    # the attribution closes the sentence: "..., X said." or "..., said X."
    end = len(words) - 1 if words and words[-1].low == "." else len(words)
    said = [i for i in range(end) if words[i].low in _SAYING]
    if not said:
        return None
    verb = said[-1]
    speaker = next(
        (
            g
            for g in groups
            if g[-1].last == verb - 1 or (g[0].first == verb + 1 and g[-1].last == end - 1)
        ),
        None,
    )
    if speaker is None or len(speaker) != 1 or "person" not in speaker[0].kinds:
        return None
    if verb != end - 1 and speaker[0].last != end - 1:
        return None
    return dataclasses.replace(speaker[0], first=0, last=0, kinds=set(speaker[0].kinds))


def _venue(tokens: Sequence[Token], text: str) -> bool:
    """wire, read from a Reuters story: the place is named as the venue of a meeting or an
    agreement (``last Sunday's agreement in Doha``, ``talks in Geneva``): where something
    was held, not whom an event is directed at, nor whose official acts."""
    for i in range(2, len(tokens)):
        if tokens[i - 1].low in ("in", "at", "near") and tokens[i].text == text.split()[0]:
            return tokens[i - 2].low in _VENUES
    return False


def _is_name(tokens: Sequence[Token], match: Match, sentence: Sentence) -> bool:
    word = tokens[match.first].text
    return (
        match.first > 0
        and word[:1].isupper()
        and not word.isupper()
        and tokens[match.first - 1].low not in ('"', "“", "‘", "(")
        and not _title_case(sentence.text)
    )


def _title_case(text: str) -> bool:
    """A headline in title case (``Pompeo, Motegi Reaffirm Security Cooperation``)."""
    words = [w for w in text.split() if w[:1].isalpha() and len(w) > 3]
    return bool(words) and all(w[:1].isupper() for w in words)


def _as_noun(tokens: Sequence[Token], match: Match) -> bool:
    """An ``-ing`` trigger after an article or possessive is a noun (``the meeting``)."""
    return tokens[match.first].low.endswith("ing") and any(
        t.low in _DETERMINERS for t in tokens[max(0, match.first - 2) : match.first]
    )


def _conditional(tokens: Sequence[Token], match: Match) -> bool:
    return any(t.low in ("unless", "if") for t in tokens[match.last + 1 :])


def _subject(before: Sequence[list[Party]], tokens: Sequence[Token]) -> list[Party]:
    """dev: the group before a trigger that is its subject: the nearest, unless that one is
    an ``of`` phrase (``the sides of ... Cyprus``) or an apposition (``Pakistan, a key U.S.
    ally, has refused``) of an earlier group."""
    if not before:
        return []
    nearest = before[-1]
    if len(before) < 2:
        return nearest
    first = nearest[0].first
    words = [t.low for t in tokens[max(0, first - 4) : first]]
    if words[-1:] == ["of"] or "," in words:
        earlier = before[-2]
        if any(t.low == "," for t in tokens[earlier[-1].last + 1 : first]) or words[-1:] == ["of"]:
            return earlier
    return nearest


def _negated(tokens: Sequence[Token], first: int, dev: bool) -> bool:
    words = _FAILED if dev else _NEGATIONS
    return any(t.low in words for t in tokens[max(0, first - 4) : first])


def _speculative(tokens: Sequence[Token], first: int, clauses: Sequence[int]) -> bool:
    """manual: a guess is no event: ``may``/``might``/``could`` before the trigger in its
    clause (``OPEC may be forced to meet``; the month ``May`` is capitalised), a rumour or
    speculation that it happens, or analysts' forecast (``will meet, analysts said``). An
    announced future act (``will meet``, ``agreed to meet``) stays an event."""
    clause = clauses[first]
    if any(t.text in _MODALS and clauses[i] == clause for i, t in enumerate(tokens[:first])):
        return True
    window = tokens[max(0, first - 4) : first]
    if any(t.low in _HEARSAY for t in tokens[:first]):
        return True
    return any(t.low in _FORECAST for t in window) and any(t.low in _FORECASTERS for t in tokens)


def _historical(tokens: Sequence[Token], first: int, clauses: Sequence[int], year: int) -> bool:
    """wire: PLOVER's ``historical`` mode, dropped like a negation: a trigger in a relative
    clause on a document (``the December pact under which OPEC agreed to cut``,
    ``whereby``), or after a year before the story's that dates the sentence (``In a
    protocol signed in 1985, Cairo agreed``, ``since 1976``, ``in late 1979``). A year after
    the trigger dates its object, not the act (``signed an agreement to raise trade in
    1983``)."""
    clause = clauses[first]
    for i in range(first):
        word = tokens[i].low
        if word == "whereby" and clauses[i] == clause:
            return True
        if (
            word == "which"
            and clauses[i] == clause
            and i > 1
            and tokens[i - 1].low in _RELATIVE
            and any(t.low in _DOCUMENTS for t in tokens[max(0, i - 4) : i - 1])
        ):
            return True
        if len(word) == 4 and word.isdigit() and 1900 <= int(word) < year:
            j = i - 1
            while j >= 0 and tokens[j].low in _DATE_WORDS:
                j -= 1
            if j >= 0 and tokens[j].low in _DATING:
                return True
    return False


def _meets_a_target(tokens: Sequence[Token], match: Match) -> bool:
    """``to meet demand``: meeting a need, a target or a deadline is no meeting."""
    following = tokens[match.last + 1 : match.last + 5]
    return tokens[match.first].low in _MEET and any(t.low in _TARGETS for t in following)


def _no_plans(tokens: Sequence[Token], first: int) -> bool:
    """``no plans for an emergency OPEC meeting``: no event, and no rejection either."""
    window = [t.low for t in tokens[max(0, first - 8) : first]]
    return any(a == "no" and b in _PLANS for a, b in itertools.pairwise(window))


def _premise(tokens: Sequence[Token], first: int, clauses: Sequence[int]) -> bool:
    """``set the framework for talks``, ``hopes for a new round of negotiations``: the ground
    laid for an event is not the event (the verb ``calls for`` itself stays a REQUEST)."""
    start = max(1, first - 5)
    return any(
        tokens[i].low == "for" and tokens[i - 1].low in _PREMISES and clauses[i] == clauses[first]
        for i in range(start, first)
    )


def _possessed(
    parties: Sequence[Party], groups: Sequence[list[Party]], tokens: Sequence[Token]
) -> list[Party]:
    """dev: a party of no country right after a country's possessive is that country's
    (``Nicaragua's Sandinista government``, ``the Ivory Coast's Supreme Court``)."""
    owners = {
        j: p.country
        for g in groups
        for p in g[-1:]
        for j in (g[-1].last, g[-1].last + 1)
        if p.country and j < len(tokens) and tokens[j].low.endswith(("'s", "\u2019s"))
    }
    out = []
    for p in parties:
        owner = next((owners[i] for i in range(max(0, p.first - 3), p.first) if i in owners), None)
        out.append(dataclasses.replace(p, country=owner) if p.country is None and owner else p)
    return out


def _future(tokens: Sequence[Token], first: int) -> bool:
    window = [t.low for t in tokens[max(0, first - 4) : first]]
    if any(w in _FUTURE for w in window):
        return True
    return "to" in window and any(w in _INTENT for w in window[: window.index("to")])


def _headline_future(sentence: Sentence, tokens: Sequence[Token], match: Match) -> bool:
    """wire: a headline's ``to`` right before the verb is its future ("Japan, Philippines to
    hold talks")."""
    return (
        sentence.field == "headline"
        and match.first > 1
        and tokens[match.first - 1].low == "to"
        and tokens[match.first - 2].text[:1].isupper()
    )


def _passive(tokens: Sequence[Token], match: Match) -> bool:
    word = tokens[match.first].low
    if not (word.endswith(("ed", "en")) or word in ("met", "held", "shot", "hit", "struck")):
        return False
    if match.last + 1 < len(tokens) and tokens[match.last + 1].low == "by":
        return True  # a headline's passive: "crop threatened by pests"
    return any(t.low in _BE for t in tokens[max(0, match.first - 2) : match.first])


def _event(
    sentence: Sentence,
    tokens: Sequence[Token],
    match: Match,
    groups: Sequence[list[Party]],
    quoted: Sequence[bool],
    clauses: Sequence[int],
    clause: int,
    dev: bool,
    place_country: Party | None,
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
        after = [g for g in outside if match.first < g[0].first <= match.last + _REACH]
        actor = _subject(before, tokens) if dev else before[-1] if before else []
        if dev and not before:
            # dev: a clause without its own subject shares the sentence's ("Benin opened
            # its borders ..., but was still refusing ...")
            earlier = [g for g in groups if g[-1].last < match.first and not quoted[g[0].first]]
            actor = earlier[0] if earlier else []
        # the first group after the trigger with a country, else the first ("withdraw its
        # troops from Lebanon": Lebanon)
        recipient = next((g for g in after if any(p.country for p in g)), after[0] if after else [])
        if _passive(tokens, match):
            by = [g for g in after if g[0].first > 0 and tokens[g[0].first - 1].low == "by"]
            actor, recipient = (by[0] if by else []), actor
        elif rule.parties == "all":
            actor, recipient = [*actor, *recipient], []
        elif rule.parties == "speaker":
            recipient = before[-1] if before else []
            actor = _speaker_before(tokens, before, recipient)
    if event_type == "MOBILIZE" and len({p.country for p in actor if p.country}) > 1:
        event_type = "COOPERATE"  # the manual: joint exercises are cooperation
    if _future(tokens, match.first) or _headline_future(sentence, tokens, match):
        if event_type in _FUTURE_TO_AGREE:
            event_type = "AGREE"
            confidence -= 0.1
        elif event_type == "RETREAT":
            event_type = "CONCEDE"
            confidence -= 0.1
        elif dev and event_type in _FORCE and event_type != "MOBILIZE" and not rule.weak:
            event_type = "THREATEN"  # dev: "said they would boycott", "will blockade"
            confidence -= 0.1
    if dev and event_type in _FORCE | {"RETREAT"} and _conditional(tokens, match):
        event_type = "THREATEN"  # dev: "will withdraw its force unless ..."
    if dev:
        actor, recipient = _possessed(actor, groups, tokens), _possessed(recipient, groups, tokens)
    # dev: a named official of no known country, in a sentence whose parties name none,
    # acts for the country of the place it names ("President X ... shortened the curfew
    # imposed in Sudan"): the dateline rule's counterpart within the sentence
    if dev and place_country is not None and not any(p.country for p in [*actor, *recipient]):
        actor = [
            dataclasses.replace(p, country=place_country.country)
            if p.sector == "GOV" and p.entity is not None
            else p
            for p in actor
        ]
    # dev: an event with no recipient is directed at the country where it happens, when that
    # is not the actor's ("shelled positions in Jericho", "demonstrated in Serbia")
    if (
        dev
        and not recipient
        and place_country is not None
        and place_country.country not in {p.country for p in actor}
    ):
        recipient = [place_country]
    if not any(p.political for p in [*actor, *recipient]):
        return None
    if _one_government(event_type, actor, recipient):
        return None
    if actor and all(p.sector == "BUS" for p in actor):
        return None  # a company's act is no political event, whoever it names
    if not actor and event_type != "ASSAULT":
        return None  # only violence is reported without its doer ("a bomb killed five")
    if rule.weak and not _adjacent_country(actor, match):
        return None  # "talks", "strike": only right after a country's party
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


def _one_government(
    event_type: EventType, actor: Sequence[Party], recipient: Sequence[Party]
) -> bool:
    """wire, read from a Reuters story: cooperation whose parties are all one country's
    government (a minister meeting his own president: IDN/GOV with IDN/GOV) is that
    government's internal business, not an event between political actors. Conflict
    within a government stays (``the vice-president refused to resign despite the
    anti-corruption commission``, a gold event), and so does any other sector (two militias
    of one country fighting) and a government acting on its own country (a bare country
    has no sector: ``lifted the curfew in Sudan``)."""
    parties = [*actor, *recipient]
    return (
        event_type in _COOPERATIVE
        and len(parties) > 1
        and all(p.sector == "GOV" for p in parties)
        and len({p.country for p in parties}) == 1
        and parties[0].country is not None
    )


def _speaker_before(
    tokens: Sequence[Token], before: Sequence[list[Party]], subject: Sequence[Party]
) -> list[Party]:
    """The group before the verb of saying that introduces ``subject`` (``X said Y must``)."""
    if not subject:
        return []
    said = [i for i in range(subject[0].first) if tokens[i].low in _SAYING]
    if not said:
        return []
    earlier = [g for g in before if g[-1].last < said[-1]]
    return earlier[-1] if earlier else []


def _adjacent_country(actor: Sequence[Party], match: Match) -> bool:
    return any(p.country for p in actor) and bool(actor) and match.first - actor[-1].last <= 4


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
    fuller one (more parties with a country; on a tie the lede's over the headline's), at
    the first one's position."""
    out: list[CodedEvent] = []
    for event in events:
        mine = _countries(event)
        for n, held in enumerate(out):
            theirs = _countries(held)
            if held.type == event.type and (mine <= theirs or theirs <= mine):
                lede = held.sentence.field == "headline" and event.sentence.field == "body"
                if _fullness(event) > _fullness(held) or (
                    lede and _fullness(event) == _fullness(held)
                ):
                    out[n] = event
                break
        else:
            out.append(event)
    return out


__all__ = ["QUADS", "code_events"]
