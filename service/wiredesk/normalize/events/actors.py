"""Who: the parties a sentence names, read from the record's entities and a few word lists.

A *party* is a phrase that names one actor: a country (``Japan``, ``U.S.``, a demonym such
as ``Japanese``, a capital standing for its government: ``Washington``), an organisation
(the curated table: an organisation of states is ``IGO``, a non-governmental one ``NGO``,
a ministry or central bank its country's ``GOV``), a person (the country and sector of
their role), or a role word that names a sector (``troops`` MIL, ``police`` COP,
``rebels`` REB, ``protesters`` CVL, ...), and any mix of them in one phrase:
``Japanese Foreign Minister Toshimitsu Motegi`` is one party, JPN/GOV, read from the
person's entity; ``Syrian rebels`` is SYR/REB; ``protesters in Cairo`` EGY/CVL.

Parties joined by ``and``, ``or`` or commas form a *group*: a compound actor.

A person's country comes from the story (:func:`person_countries`), in this order:

1. a country or demonym in the words right before a mention, over role words
   (``Japanese Foreign Minister Toshimitsu Motegi``, ``U.S. Secretary of State Mike
   Pompeo``, ``Japan's foreign minister, Toshimitsu Motegi``);
2. an apposition right after a mention (``Motegi, Japan's foreign minister``, ``Payne,
   the Australian foreign minister``);
3. **the lede's roles in the headline's order**: when the headline names people the
   first two rules leave without a country, and the story's first sentence describes
   exactly as many officials by role and country without naming them (``The United
   States secretary of state and his Japanese counterpart``), the i-th person named in
   the headline takes the i-th role's country and sector. Wire headlines name by surname
   the people the lede describes by office, in the same order.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final, Literal

from wiredesk.models import Entity, EventActor, MentionField
from wiredesk.normalize.events.countries import ALPHA3
from wiredesk.normalize.events.tokens import CLAUSE_END, Token, tokenize
from wiredesk.normalize.tables.demonyms import DEMONYMS
from wiredesk.normalize.tables.leaders import LEADER_TABLE, fold
from wiredesk.normalize.tables.organisations import OrgTable
from wiredesk.normalize.tables.places import Gazetteer

# Role words -> PLOVER sector.
SECTORS: Final[Mapping[str, str]] = {
    **dict.fromkeys(
        [
            "president",
            "president's",
            "presidents",
            "minister",
            "ministers",
            "government",
            "governments",
            "officials",
            "premier",
            "chancellor",
            "leader",
            "leaders",
            "king",
            "queen",
            "prince",
            "emir",
            "sultan",
            "secretary",
            "spokesman",
            "spokeswoman",
            "spokesperson",
            "ambassador",
            "ambassadors",
            "envoy",
            "envoys",
            "diplomat",
            "diplomats",
            "delegation",
            "delegations",
            "counterpart",
            "counterparts",
            "administration",
            "cabinet",
            "ministry",
            "parliament",
            "lawmakers",
            "legislators",
            "senator",
            "senators",
            "governor",
            "mayor",
            "authorities",
            "regime",
            "negotiators",
            "secretary-general",
            "representatives",
            "delegates",
            "embassy",
            "consulate",
            "congress",
            "senate",
            "monarch",
            "dictator",
            "junta",
            "state-run",
        ],
        "GOV",
    ),
    **dict.fromkeys(
        [
            "troops",
            "army",
            "soldiers",
            "forces",
            "military",
            "navy",
            "marines",
            "warplanes",
            "helicopters",
            "jets",
            "warships",
            "generals",
            "general",
            "commanders",
            "commander",
            "artillery",
            "tanks",
            "battalion",
            "brigade",
            "peacekeepers",
            "airforce",
            "paratroopers",
            "units",
        ],
        "MIL",
    ),
    **dict.fromkeys(["police", "policemen", "gendarmes", "gendarmerie"], "COP"),
    **dict.fromkeys(
        [
            "rebels",
            "rebel",
            "insurgents",
            "militants",
            "guerrillas",
            "guerillas",
            "gunmen",
            "separatists",
            "fighters",
            "jihadists",
            "fundamentalists",
            "islamists",
            "militiamen",
            "militia",
            "militias",
            "terrorists",
            "extremists",
            "insurgent",
            "militant",
        ],
        "REB",
    ),
    **dict.fromkeys(
        [
            "protesters",
            "protestors",
            "demonstrators",
            "workers",
            "students",
            "civilians",
            "residents",
            "villagers",
            "crowd",
            "crowds",
            "refugees",
            "farmers",
            "activists",
            "citizens",
            "voters",
            "strikers",
            "unions",
            "union",
            "teachers",
            "prisoners",
            "miners",
            "pilgrims",
            "migrants",
        ],
        "CVL",
    ),
    **dict.fromkeys(["opposition", "dissidents", "dissident"], "OPP"),
    **dict.fromkeys(
        [
            "court",
            "courts",
            "judge",
            "judges",
            "prosecutor",
            "prosecutors",
            "tribunal",
            "judiciary",
        ],
        "JUD",
    ),
    **dict.fromkeys(
        [
            "company",
            "companies",
            "firm",
            "firms",
            "businesses",
            "businessmen",
            "operators",
            "traders",
            "exporters",
            "importers",
            "producers",
            "dealers",
            "growers",
            "investors",
            "shareholders",
            "analysts",
            "brokers",
            "buyers",
            "sellers",
            "bankers",
            "manufacturers",
        ],
        "BUS",
    ),
    **dict.fromkeys(
        ["journalists", "journalist", "reporters", "reporter", "media", "newspaper", "broadcaster"],
        "MED",
    ),
}
# Words that may stand inside a party's phrase without naming anyone.
_FILLERS: Final = frozenset(
    [
        "the",
        "a",
        "an",
        "its",
        "his",
        "her",
        "their",
        "our",
        "'s",
        "'",
        "of",
        "top",
        "senior",
        "foreign",
        "prime",
        "deputy",
        "vice",
        "chief",
        "interior",
        "defence",
        "defense",
        "state",
        "national",
        "federal",
        "armed",
        "riot",
        "security",
        "special",
        "local",
        "new",
        "several",
        "some",
        "many",
        "hundreds",
        "thousands",
        "dozens",
        "of",
        "two",
        "three",
        "four",
        "five",
        "six",
        "ten",
        "scores",
        "visiting",
        "intelligence",
        "paramilitary",
        "peacekeeping",
        "ethnic",
        "radical",
        "rival",
        "ruling",
        "junior",
        "oil",
        "energy",
        "agriculture",
        "commerce",
        "industry",
        "health",
        "education",
        "information",
        "labour",
        "labor",
        "transport",
        "groups",
        "group",
        "sides",
        "side",
        "members",
        "acting",
        "former",
        "-",
        "affairs",
        "home",
        "finance",
        "trade",
        "economy",
        "justice",
    ]
)
# Words before a place that make it where something happened, not who did it.
_PLACE_PREPOSITIONS: Final = frozenset(
    ["in", "at", "near", "across", "throughout", "inside", "outside", "within", "around"]
)
_LINKS: Final = frozenset({"in", "from", "throughout", "across", "of"})
# Nouns after a demonym that make it a stretch of the map, not a people or a government
# ("the Indian and Pacific region", "the Arabian Sea"): read from the seed story (wire).
_GEOGRAPHY: Final = frozenset(
    {"ocean", "oceans", "sea", "seas", "region", "subcontinent", "peninsula", "gulf",
     "coast", "waters", "basin", "plateau", "desert"}
)  # fmt: skip
_TELLING: Final = frozenset({"told", "tells", "tell", "telling", "briefed", "addressed"})
_COORDINATORS: Final = frozenset({"and", "or", ",", "&"})
# Non-governmental organisations among the organisation table's rows, by name.
_NGOS: Final = frozenset(
    {
        "Amnesty International", "Human Rights Watch", "Doctors Without Borders", "Greenpeace",
        "World Wide Fund for Nature", "International Committee of the Red Cross",
        "International Federation of Red Cross and Red Crescent Societies",
        "International Olympic Committee", "FIFA", "UEFA",
    }
)  # fmt: skip
# Words naming non-governmental organisations the table may not hold.
_NGO_WORDS: Final = ("Red Cross", "Red Crescent", "Amnesty", "Oxfam", "Save the Children",
                     "Medecins Sans Frontieres", "Médecins Sans Frontières")  # fmt: skip
_CORPORATE: Final = frozenset(
    [
         "Inc", "Corp", "Co", "Ltd", "Plc", "PLC", "LLC", "AG", "SA", "NV", "SpA", "GmbH",
         "Group", "Holdings", "Electronics", "Motors", "Industries", "Airlines", "Airways",
         "Bank", "Capital", "Partners", "Energy", "Mining", "Steel", "Oil", "Petroleum",
         "Pharmaceuticals", "Technologies", "Systems", "International",
    ]
)  # fmt: skip
_ORG_SECTORS: Final = {"ministry": "GOV", "central_bank": "GOV", "company": "BUS",
                       "exchange": "BUS", "news_agency": "MED", "other": "GOV"}  # fmt: skip

Kind = Literal["country", "org", "person", "role"]


@dataclass(slots=True)
class Party:
    first: int  # token indexes of the phrase's first and last word
    last: int
    country: str | None = None
    sector: str | None = None
    name: str = ""
    entity: str | None = None
    kinds: set[Kind] = field(default_factory=set)

    def actor(self) -> EventActor:
        return EventActor(
            name=self.name, country=self.country, sector=self.sector, entity=self.entity
        )

    @property
    def political(self) -> bool:
        """A party an event needs: a country, IGO/NGO, or a sector that is neither business
        nor government (a government, president or minister of no known country could
        be a company's: ``the president said``); a company is none, whatever its country."""
        if self.sector == "BUS":
            return False
        return self.country is not None or self.sector not in (None, "GOV")


@dataclass(frozen=True, slots=True)
class _Unit:
    """One token or one entity mention, as the phrase builder sees it."""

    first: int
    last: int
    kind: Kind | Literal["filler", "place", "other"]
    country: str | None = None
    sector: str | None = None
    name: str = ""
    entity: str | None = None


@dataclass(frozen=True, slots=True)
class Story:
    """What the party finder needs from the whole record, built once per story."""

    gazetteer: Gazetteer
    orgs: OrgTable
    # per field: sorted mention starts, and (start, end, entity) at each
    mentions: Mapping[MentionField, tuple[list[int], list[tuple[int, int, Entity]]]]
    people: Mapping[str, tuple[str | None, str | None]]  # entity key -> (country, sector)
    # wire: the dateline's country (alpha-3) when the story names no other country: an
    # official named by title alone is that country's (``WASHINGTON - President ...``)
    home: str | None = None


def index_mentions(
    entities: Sequence[Entity],
) -> dict[MentionField, tuple[list[int], list[tuple[int, int, Entity]]]]:
    out: dict[MentionField, tuple[list[int], list[tuple[int, int, Entity]]]] = {}
    for where in ("headline", "body"):
        spans = sorted(
            ((m.start, m.end, e) for e in entities for m in e.mentions if m.field == where),
            key=lambda s: (s[0], -s[1]),
        )
        out[where] = ([s[0] for s in spans], spans)
    return out


def _alpha3(code: str | None) -> str | None:
    return ALPHA3.get(code) if code else None


def _demonym(word: str) -> str | None:
    code = DEMONYMS.get(word)
    if code is None and word.endswith("s"):
        code = DEMONYMS.get(word[:-1])
    return code


def _geographic(last: int, tokens: Sequence[Token]) -> bool:
    """A demonym ending at ``last`` names part of the map: a geographic noun follows it,
    or follows the next word after ``and`` (``Indian and Pacific region``)."""
    after = [t.low for t in tokens[last + 1 : last + 4]]
    if after and after[0] in _GEOGRAPHY:
        return True
    return len(after) == 3 and after[0] == "and" and after[2] in _GEOGRAPHY


def _entity_unit(
    first: int, last: int, entity: Entity, tokens: Sequence[Token], story: Story
) -> _Unit:
    before = tokens[first - 1].low if first > 0 else ""
    if (
        entity.type in ("NORP", "PERSON", "ORG")
        and _demonym(entity.name)
        and _geographic(last, tokens)
    ):
        return _Unit(first, last, "place")
    named = story.gazetteer.country(entity.name)
    if named is not None and entity.type in ("PERSON", "ORG", "NORP"):
        # the model's label is wrong ("Sri Lanka" as a person): a country is a country
        if before in _PLACE_PREPOSITIONS:
            return _Unit(first, last, "place", _alpha3(named.code))
        return _Unit(first, last, "country", _alpha3(named.code), None, named.name, entity.key)
    demonym = _demonym(entity.name) if entity.type in ("PERSON", "ORG") else None
    if demonym is not None:  # "Moldovan" tagged as a person
        return _Unit(first, last, "country", _alpha3(demonym), None, entity.name, entity.key)
    if entity.type == "PERSON":
        country, sector = story.people.get(entity.key, (None, None))
        return _Unit(first, last, "person", country, sector, entity.name, entity.key)
    if entity.type == "NORP":
        country = _alpha3(entity.country_code)
        kind: Kind | Literal["other"] = "country" if country else "other"
        # "Japanese" acts as Japan: the party is named by its country, as a country is
        named_by = story.gazetteer.country_by_code(entity.country_code or "")
        name = named_by.name if country and named_by is not None else entity.name
        return _Unit(first, last, kind, country, None, name, entity.key)
    if entity.type == "ORG" or entity.key.startswith("org:"):
        org = story.orgs.by_id(entity.key) if entity.key.startswith("org:") else None
        if org is None:
            return _Unit(first, last, "org", *_unknown_org(entity.name), entity.name, entity.key)
        if org.name in _NGOS:
            return _Unit(first, last, "org", "NGO", None, org.name, entity.key)
        if org.kind == "intergovernmental":
            return _Unit(first, last, "org", "IGO", None, org.name, entity.key)
        sector = _ORG_SECTORS.get(org.kind)
        return _Unit(first, last, "org", _alpha3(org.country_code), sector, org.name, entity.key)
    if entity.type in ("GPE", "LOC") and entity.country_code:
        is_country = story.gazetteer.country(entity.name) is not None
        capital = (
            entity.geonames_id is not None
            and story.gazetteer.capital_of(entity.geonames_id) == entity.country_code
        )
        inside_name = first > 0 and tokens[first - 1].text[:1].isupper() and not is_country
        if before in _PLACE_PREPOSITIONS or inside_name or not (is_country or capital):
            return _Unit(first, last, "place", _alpha3(entity.country_code), None, entity.name)
        sector = "GOV" if capital and not is_country else None
        return _Unit(
            first, last, "country", _alpha3(entity.country_code), sector, entity.name, entity.key
        )
    return _Unit(first, last, "other")


# Country codes that copy writes as words; any other short capitals (``TO``, ``IN``, ``AM``
# in an all-capitals headline) are not read as a country's ISO code.
_CODES_AS_WORDS: Final = frozenset({"us", "u.s.", "uk", "u.k.", "usa", "u.s.a.", "uae", "ussr"})


def _without_possessive(text: str) -> str:
    return text[:-2] if text.endswith(("'s", "’s")) else text


def _looks_like_code(text: str) -> bool:
    return text.isupper() and len(text.replace(".", "")) <= 3


def _unknown_org(name: str) -> tuple[str | None, str | None]:
    """An organisation the table does not know: an NGO by its name (``Red Cross``), else
    the country of a demonym it opens with (``Palestinian Islamic Jihad``, ``British
    Defence``)."""
    if any(word in name for word in _NGO_WORDS):
        return "NGO", None
    words = name.split()
    if words and words[-1].rstrip(".") in _CORPORATE:
        return None, "BUS"  # "Hoshimura Electronics", "Acme Corp"
    code = _demonym(words[0]) if words else None
    return _alpha3(code), None


def _token_unit(i: int, tokens: Sequence[Token], story: Story) -> _Unit:
    token = tokens[i]
    low = token.low
    if low in SECTORS:
        return _Unit(i, i, "role", None, SECTORS[low], token.text)
    if token.text[:1].isupper():
        text = _without_possessive(token.text)
        code = _demonym(text)
        if code is not None and _geographic(i, tokens):
            return _Unit(i, i, "place")
        if code is None and (token.low in _CODES_AS_WORDS or not _looks_like_code(token.text)):
            country = story.gazetteer.country(text)
            code = country.code if country is not None else None
        before = tokens[i - 1].low if i > 0 else ""
        if code is not None:
            if before in _PLACE_PREPOSITIONS:
                return _Unit(i, i, "place", _alpha3(code))
            name = story.gazetteer.country_by_code(code)
            return _Unit(i, i, "country", _alpha3(code), None, name.name if name else token.text)
        org = story.orgs.find(token.text) if token.text.isupper() else None
        if org is not None:
            code = (
                "NGO" if org.name in _NGOS else "IGO" if org.kind == "intergovernmental" else None
            )
            return _Unit(i, i, "org", code or _alpha3(org.country_code), None, org.name, org.id)
    if low in _FILLERS or low.isdigit():
        return _Unit(i, i, "filler")
    return _Unit(i, i, "other")


# Demonyms of more than one word (``Saudi Arabian``, ``South Korean``, ``Sri Lankan``).
_LONGEST_DEMONYM: Final = max(len(form.split()) for form in DEMONYMS)


def _demonym_phrase(i: int, tokens: Sequence[Token], story: Story, end: int) -> _Unit | None:
    """wire, read from a Reuters story: a demonym of several words starting at ``i``, read
    whole even when the NER split it (``Saudi Arabian Oil Minister``: ``Saudi`` and
    ``Arabian``); ``end`` is where the longest mention starting at ``i`` ends: a longer
    entity (``South African Airways``) keeps its own reading."""
    if not tokens[i].text[:1].isupper():
        return None
    for size in range(min(_LONGEST_DEMONYM, len(tokens) - i), 1, -1):
        last = i + size - 1
        if tokens[last].end < end:
            break
        words = [t.text for t in tokens[i:last]] + [_without_possessive(tokens[last].text)]
        code = _demonym(" ".join(words))
        if code is None:
            continue
        before = tokens[i - 1].low if i > 0 else ""
        if before in _PLACE_PREPOSITIONS or _geographic(last, tokens):
            return _Unit(i, last, "place", _alpha3(code))
        country = story.gazetteer.country_by_code(code)
        name = country.name if country is not None else " ".join(words)
        return _Unit(i, last, "country", _alpha3(code), None, name)
    return None


def _units(tokens: Sequence[Token], where: MentionField, story: Story) -> list[_Unit]:
    starts, spans = story.mentions.get(where, ([], []))
    units: list[_Unit] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        k = bisect.bisect_left(starts, token.start)
        end = spans[k][1] if k < len(spans) and spans[k][0] == token.start else token.end
        phrase = _demonym_phrase(i, tokens, story, end)
        if phrase is not None:
            units.append(phrase)
            i = phrase.last + 1
            continue
        if k < len(spans) and spans[k][0] == token.start:
            _, end, entity = spans[k]
            last = i
            while last + 1 < len(tokens) and tokens[last + 1].end <= end:
                last += 1
            units.append(_entity_unit(i, last, entity, tokens, story))
            i = last + 1
            continue
        units.append(_token_unit(i, tokens, story))
        i += 1
    return units


def find_parties(tokens: Sequence[Token], where: MentionField, story: Story) -> list[list[Party]]:
    """The sentence's groups of parties, in order; each group a compound actor."""
    units = _units(tokens, where, story)
    groups: list[list[Party]] = []
    current: Party | None = None
    group: list[Party] = []
    joined = False  # a coordinator since the last party

    def close() -> None:
        nonlocal current
        if (
            current is not None
            and current.kinds == {"role"}
            and current.country is None
            and current.name.lower() in _HOME_ROLES
        ):
            current.country = story.home  # wire: "the foreign minister" of a domestic story
        if current is not None and current.kinds:
            group.append(current)
        current = None

    for n, unit in enumerate(units):
        if unit.kind == "role" and unit.first > 0 and tokens[unit.first - 1].low in _TELLING:
            continue  # "told reporters": the audience, not a party
        if unit.kind in ("country", "org", "person", "role"):
            if current is None:
                if group and not joined:
                    groups.append(group)
                    group = []
                current = Party(unit.first, unit.last)
            _absorb(current, unit)
            joined = False
        elif unit.kind == "filler" and current is not None:
            current.last = unit.last
        elif unit.kind == "filler":
            continue
        elif (
            unit.kind in ("place", "country")
            and current is not None
            and current.country is None
            and n > 0
            and tokens[unit.first - 1].low in _LINKS
        ):
            current.country = unit.country  # protesters in Cairo
            current.last = unit.last
        elif (
            tokens[unit.first].low in _LINKS
            and current is not None
            and current.country is None
            and n + 1 < len(units)
            and units[n + 1].kind in ("place", "country")
        ):
            continue  # "forces in Guinea": the place that follows gives the country
        elif tokens[unit.first].low in _COORDINATORS:
            close()
            joined = True
        else:
            close()
            if group:
                groups.append(group)
                group = []
            joined = False
    close()
    if group:
        groups.append(group)
    return groups


def _absorb(party: Party, unit: _Unit) -> None:
    party.last = unit.last
    kind = unit.kind
    assert kind in ("country", "org", "person", "role")
    party.kinds.add(kind)
    if party.country is None and unit.country is not None:
        party.country = unit.country
    if unit.sector is not None and (kind == "role" or party.sector is None):
        party.sector = unit.sector
    # The name and the entity: a person over an organisation over a country over a role.
    rank = {"person": 3, "org": 2, "country": 1, "role": 0}
    current = max((rank[k] for k in party.kinds if k != kind), default=-1)
    if rank[kind] > current or not party.name:
        party.name = unit.name
        if unit.entity is not None or rank[kind] > current:
            party.entity = unit.entity


# ------------------------------------------------------------------ people's countries

_WINDOW = 80  # characters read around a mention for its role
# wire: titles of a state's officials (a person's title, or a role alone) that take the
# dateline's country in a story naming no other; "president" alone is left out (a
# company's president), a named "President X" is not.
_STATE_TITLES: Final = frozenset(
    {"president", "prime minister", "premier", "chancellor", "king", "queen", "emir"}
)
_HOME_ROLES: Final = frozenset({"minister", "ministers", "premier", "chancellor", "government"})


def home_country(
    record_country: str | None, entities: Sequence[Entity], story: Story
) -> str | None:
    """wire: the dateline's country (alpha-3) when no entity names another country."""
    if record_country is None:
        return None
    if any(_foreign(entity, record_country, story) for entity in entities):
        return None
    return _alpha3(record_country)


def _foreign(entity: Entity, record_country: str, story: Story) -> bool:
    """The entity names a country other than the dateline's."""
    if entity.type in ("GPE", "NORP", "LOC") and entity.country_code not in (
        None,
        record_country,
    ):
        return True
    named = story.gazetteer.country(entity.name)
    return named is not None and named.code != record_country


def _first_read(entity: Entity) -> tuple[int, int]:
    return min((0 if m.field == "headline" else 1, m.start) for m in entity.mentions)


def _home_so_far(
    person: Entity, record_country: str | None, entities: Sequence[Entity], story: Story
) -> str | None:
    """wire, read from a Reuters story: the dateline's country (alpha-3) for a person first
    named by a state title before the story has named any other country (``JAKARTA -
    ... after meeting with President Suharto that ... the U.S. and Europe``): wire copy
    gives a foreign leader his country at the first mention, the home leader none."""
    if record_country is None or not person.mentions:
        return None
    first = _first_read(person)
    if any(
        e.mentions and _first_read(e) < first and _foreign(e, record_country, story)
        for e in entities
    ):
        return None
    return _alpha3(record_country)


def _state_title(title: str | None) -> bool:
    low = (title or "").lower()
    return low in _STATE_TITLES or low.endswith("minister")


def person_countries(
    headline: str,
    body: str,
    lede: tuple[int, int] | None,
    entities: Sequence[Entity],
    story: Story,
    leaders_year: int | None = None,
    leaders: bool = False,
    dateline_country: str | None = None,
) -> dict[str, tuple[str | None, str | None]]:
    """Each person's (country, sector) from the story: see the module docstring.

    With ``leaders`` (a ``dev`` rule), a person the story gives no country is looked up in
    :mod:`wiredesk.normalize.tables.leaders` (an entry in office in ``leaders_year``
    preferred): a full name, or a surname after a title or after the full name earlier.
    """
    full_names = [fold(e.name) for e in entities if e.type == "PERSON" and " " in e.name]
    texts: dict[MentionField, str] = {"headline": headline, "body": body}
    bare = Story(story.gazetteer, story.orgs, story.mentions, {}, story.home)
    found: dict[str, tuple[str | None, str | None]] = {}
    for entity in entities:
        if entity.type != "PERSON":
            continue
        country: str | None = None
        sector: str | None = "GOV" if entity.title else None
        for mention in entity.mentions:
            text = texts[mention.field]
            before = _role_before(text, mention.start, mention.field, bare)
            after = _role_after(text, mention.end, mention.field, bare)
            for c, s in (before, after):
                country = country or c
                sector = s or sector
            if country is not None:
                break
        if country is None and leaders:
            name = fold(entity.name)
            titled = entity.title is not None or any(n.endswith(" " + name) for n in full_names)
            code = LEADER_TABLE.country(entity.name, leaders_year, titled)
            if code is not None:
                country, sector = _alpha3(code), "GOV"  # dev: the leaders table
        if country is None and _state_title(entity.title):
            # wire: "WASHINGTON - President Bush ..."; a home leader named before any
            # foreign country
            home = story.home or _home_so_far(entity, dateline_country, entities, story)
            if home is not None:
                country, sector = home, "GOV"
        found[entity.key] = (country, sector)
    _align_headline(headline, body, lede, entities, bare, found)
    return found


def _role_before(
    text: str, start: int, where: MentionField, story: Story
) -> tuple[str | None, str | None]:
    """``Japanese Foreign Minister`` right before a name: its country and sector."""
    lo = max(0, start - _WINDOW)
    tokens = tokenize(text[lo:start], lo)
    units = _units(tokens, where, story)
    country = sector = None
    for unit in reversed(units):
        if unit.kind == "role":
            sector = sector or unit.sector
        elif unit.kind in ("country", "org") and unit.country is not None:
            country = unit.country
            break
        elif unit.kind == "filler" or tokens[unit.first].low == ",":
            continue
        else:
            break
    return (country, sector) if sector is not None else (None, None)


def _role_after(
    text: str, end: int, where: MentionField, story: Story
) -> tuple[str | None, str | None]:
    """``, Japan's foreign minister`` right after a name: its country and sector."""
    hi = min(len(text), end + _WINDOW)
    tokens = tokenize(text[end:hi], end)
    if not tokens or tokens[0].low != ",":
        return None, None
    units = _units(tokens[1:], where, story)
    country = sector = None
    for unit in units:
        if unit.kind == "role":
            sector = unit.sector
        elif unit.kind == "country" and country is None:
            country = unit.country
        elif unit.kind != "filler":
            break
    return (country, sector) if country is not None and sector is not None else (None, None)


def _align_headline(
    headline: str,
    body: str,
    lede: tuple[int, int] | None,
    entities: Sequence[Entity],
    story: Story,
    found: dict[str, tuple[str | None, str | None]],
) -> None:
    """Rule 3 of the module docstring: the lede's roles in the headline's order."""
    if lede is None:
        return
    named = sorted(
        (m.start, e.key)
        for e in entities
        if e.type == "PERSON"
        for m in e.mentions
        if m.field == "headline"
    )
    people = list(dict.fromkeys(key for _, key in named))
    if len(people) < 2 or all(found.get(k, (None, None))[0] is not None for k in people):
        return
    start, end = lede
    tokens = tokenize(body[start:end], start)
    roles = [
        p
        for group in find_parties(tokens, "body", story)
        for p in group
        if p.country is not None and "role" in p.kinds and "person" not in p.kinds
    ]
    if len(roles) != len(people):
        return
    for key, role in zip(people, roles, strict=True):
        country, sector = found.get(key, (None, None))
        found[key] = (country or role.country, sector or role.sector)


def clause_bounds(tokens: Sequence[Token]) -> list[int]:
    """Each token's clause number (clauses end at :data:`CLAUSE_END` words)."""
    out: list[int] = []
    n = 0
    for token in tokens:
        if token.low in CLAUSE_END:
            n += 1
        out.append(n)
    return out
