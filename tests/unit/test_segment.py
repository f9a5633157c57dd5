"""The segment stage: slug, update tags, headline, lead, sign-off and bylines.

Stories are invented in each agency's style. Most tests use a tiny agency table built
here, so that they test segmentation and not the agency table's contents; the seed story
is checked against the real table.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SEEDS
from wiredesk.normalize.agency import AgencyEntry, AgencyTable
from wiredesk.normalize.segment import MAX_HEADLINE, BylineParts, Segments, segment
from wiredesk.normalize.text import clean_text
from wiredesk.resources.reference import load_agency_table

FAKE_TABLE = AgencyTable(
    [
        AgencyEntry("reuters", "Reuters", ("Reuters", "Reuter")),
        AgencyEntry("ap", "Associated Press", ("Associated Press",), ("AP",)),
        AgencyEntry("afp", "Agence France-Presse", ("Agence France-Presse",), ("AFP",)),
        AgencyEntry("efe", "EFE", ("EFE",)),
        AgencyEntry("epa", "EPA", (), ("EPA", "epa")),
        AgencyEntry("dpa", "dpa", ("dpa",)),
        AgencyEntry("ansa", "ANSA", ("ANSA",)),
        AgencyEntry("xinhua", "Xinhua", ("Xinhua",)),
        AgencyEntry("yonhap", "Yonhap", ("Yonhap",)),
        AgencyEntry("kyodo", "Kyodo", ("Kyodo",)),
    ]
)


def _split(raw: str) -> Segments:
    return segment(clean_text(raw), FAKE_TABLE)


# (id, raw story, the fields expected; fields not named are not checked)
STORIES: list[tuple[str, str, dict[str, Any]]] = [
    (
        "efe glued sign-off",
        "Ministers meet in Lima\n\nLima, Mar 3 (efe-epa).- The ministers met on Tuesday. EFE-EPA",
        {
            "headline": "Ministers meet in Lima",
            "lead": "Lima, Mar 3 (efe-epa).- The ministers met on Tuesday.",
            "signoff": "EFE-EPA",
            "signoff_credit": "EFE-EPA",
            "update": None,
            "slugline": None,
        },
    ),
    (
        "1987 reuters keyword, title and sign-off",
        "BC-MAIZE-PERU-REVIEW\nMAIZE REVIEW\n\n    LIMA, March 3 - Rains fell\nacross the "
        "valleys.\n    Exports were steady.\n Reuter\n&#3;",
        {
            "slugline": "BC-MAIZE-PERU-REVIEW",
            "headline": "MAIZE REVIEW",
            "lead": "LIMA, March 3 - Rains fell across the valleys.\n\nExports were steady.",
            "signoff": "Reuter",
            "signoff_credit": "Reuter",
        },
    ),
    (
        "1987 sign-off after a table row",
        "ACME QTR NET\n\n    DENVER, March 3 -\n    Shr 12 cts vs 10 cts\n    Net 1.2 mln vs "
        "1.0 mln\n Reuter",
        {
            "lead": "DENVER, March 3 -\n\nShr 12 cts vs 10 cts\n\nNet 1.2 mln vs 1.0 mln",
            "signoff": "Reuter",
        },
    ),
    (
        "1987 REUTER glued after spaces",
        "OILSEED CRUSH\n\n    Soy crush 3.7 (2.1), total 5.8 (3.3).        REUTER",
        {"lead": "Soy crush 3.7 (2.1), total 5.8 (3.3).", "signoff": "REUTER"},
    ),
    (
        "reuters update tag and credit line",
        "UPDATE 2-Acme profit jumps on strong demand\n\nLONDON, Sept 28 (Reuters) - Acme said "
        "profit rose.\n\nShares rose 3%.\n\n(Reporting by Jane Doe in London and Raj Patel in "
        "Mumbai; Additional reporting by Ann Lee; Editing by Mark Smith and Kim Ode)",
        {
            "headline": "Acme profit jumps on strong demand",
            "update": "UPDATE 2",
            "lead": "LONDON, Sept 28 (Reuters) - Acme said profit rose.\n\nShares rose 3%.",
            "signoff": "(Reporting by Jane Doe in London and Raj Patel in Mumbai; Additional "
            "reporting by Ann Lee; Editing by Mark Smith and Kim Ode)",
            "signoff_credit": None,
            "bylines": (
                BylineParts("reporting", "Jane Doe", "London"),
                BylineParts("reporting", "Raj Patel", "Mumbai"),
                BylineParts("additional-reporting", "Ann Lee"),
                BylineParts("editing", "Mark Smith"),
                BylineParts("editing", "Kim Ode"),
            ),
        },
    ),
    (
        "reuters credit glued to the last sentence",
        "CORRECTED-Port strike ends\n\nSYDNEY (Reuters) - Dockers returned. (Writing by Tom Ray; "
        "Editing by Sue Park)",
        {
            "update": "CORRECTED",
            "headline": "Port strike ends",
            "lead": "SYDNEY (Reuters) - Dockers returned.",
            "signoff": "(Writing by Tom Ray; Editing by Sue Park)",
            "bylines": (BylineParts("writing", "Tom Ray"), BylineParts("editing", "Sue Park")),
        },
    ),
    (
        "one place for several reporters",
        "Talks stall\n\nGENEVA (Reuters) - Talks stalled.\n\n(Reporting by Ana Ruiz, Li Wei and "
        "Omar Said in Geneva; Compiled by Eve Bell)",
        {
            "bylines": (
                BylineParts("reporting", "Ana Ruiz", "Geneva"),
                BylineParts("reporting", "Li Wei", "Geneva"),
                BylineParts("reporting", "Omar Said", "Geneva"),
                BylineParts("compiled", "Eve Bell"),
            ),
        },
    ),
    (
        "reporting and writing",
        "Vote delayed\n\nLAGOS (Reuters) - The vote was delayed.\n\n(Reporting and writing by "
        "Ada Obi; editing by Jon Fry)",
        {
            "bylines": (
                BylineParts("reporting", "Ada Obi"),
                BylineParts("writing", "Ada Obi"),
                BylineParts("editing", "Jon Fry"),
            ),
            "lead": "LAGOS (Reuters) - The vote was delayed.",
        },
    ),
    (
        "credit line followed by a sign-off",
        "Rates held\n\nOTTAWA (Reuters) - Rates held.\n\n(Reporting by Kim Lo)\n\nReuters",
        {
            "lead": "OTTAWA (Reuters) - Rates held.",
            "signoff": "(Reporting by Kim Lo)\nReuters",
            "signoff_credit": "Reuters",
            "bylines": (BylineParts("reporting", "Kim Lo"),),
        },
    ),
    (
        "refile with a trailing tag",
        "REFILE-Mine reopens after flood (UPDATE 1)\n\nLIMA (Reuters) - The mine reopened.",
        {"update": "REFILE, UPDATE 1", "headline": "Mine reopens after flood"},
    ),
    (
        "yonhap lead tag and end mark",
        "(LEAD) N. Korea fires short-range missile\n\nSEOUL, Nov. 24 (Yonhap) -- North Korea "
        "fired a missile.\n\n(END)",
        {
            "update": "LEAD",
            "headline": "N. Korea fires short-range missile",
            "lead": "SEOUL, Nov. 24 (Yonhap) -- North Korea fired a missile.",
            "signoff": "(END)",
            "signoff_credit": None,
        },
    ),
    (
        "yonhap tag lines before the headline",
        "(2nd LD)\n(ATTN: ADDS comments in paras 5-6)\nMoon meets envoy\n\nSEOUL -- Moon met.",
        {
            "update": "2nd LD",
            "headline": "Moon meets envoy",
            "lead": "SEOUL -- Moon met.",
        },
    ),
    (
        "yonhap attn line under the headline",
        "(2nd LD) Ship fire at Busan port\n\n(ATTN: ADDS comments in paras 5-6)\n\nBUSAN, Oct. 8 "
        "(Yonhap) -- A fire broke out.\n\n(END)",
        {
            "update": "2nd LD",
            "headline": "Ship fire at Busan port",
            "lead": "BUSAN, Oct. 8 (Yonhap) -- A fire broke out.",
            "signoff": "(END)",
        },
    ),
    (
        "urgent line",
        "URGENT\nQuake hits Hokkaido\n\nTOKYO (AFP) - A strong quake hit. AFP",
        {
            "update": "URGENT",
            "headline": "Quake hits Hokkaido",
            "signoff": "AFP",
            "lead": "TOKYO (AFP) - A strong quake hit.",
        },
    ),
    (
        "parenthesised urgent",
        "(URGENT) Ferry sinks off coast\n\nSEOUL (Yonhap) -- A ferry sank.",
        {"update": "URGENT", "headline": "Ferry sinks off coast"},
    ),
    (
        "flash with a colon",
        "FLASH: Ceasefire agreed\n\nCAIRO (Xinhua) -- A ceasefire was agreed.",
        {"update": "FLASH", "headline": "Ceasefire agreed"},
    ),
    (
        "bulletin with a spaced dash",
        "BULLETIN - Senate passes bill\n\nWASHINGTON (AP) — The Senate passed it.",
        {"update": "BULLETIN", "headline": "Senate passes bill"},
    ),
    (
        "flash-flood headline is no tag",
        "FLASH-FLOOD WARNING ISSUED\n\n    DALLAS, March 3 - Rain.",
        {"update": None, "headline": "FLASH-FLOOD WARNING ISSUED", "slugline": None},
    ),
    (
        "lead-acid headline is no tag",
        "LEAD-ACID BATTERY MAKER SOLD\n\nNEW YORK, March 3 - Sold.",
        {"update": None, "headline": "LEAD-ACID BATTERY MAKER SOLD"},
    ),
    (
        "mixed-case update word opens a headline",
        "Update-free phones sell well\n\nBERLIN (dpa) - Phones sold.",
        {"update": None, "headline": "Update-free phones sell well"},
    ),
    (
        "all-caps slug without BC",
        "USA-ECONOMY/JOBS\nJobless claims fall\n\nWASHINGTON (Reuters) - Claims fell.",
        {"slugline": "USA-ECONOMY/JOBS", "headline": "Jobless claims fall"},
    ),
    (
        "ap slug with write-through count",
        "BC-Obit-Smith, 3rd Ld-Writethru\nJazz great dies at 90\n\nNEW ORLEANS (AP) — He died.",
        {
            "slugline": "BC-Obit-Smith, 3rd Ld-Writethru",
            "update": "3rd LD",
            "headline": "Jazz great dies at 90",
        },
    ),
    (
        "ap byline with affiliation line",
        "Storm nears Gulf coast\n\nBy JANE DOE and JOHN ROE\nAssociated Press\n\nMIAMI (AP) — "
        "A storm neared.\n\nAssociated Press writers Ann Lee in Tampa and Bo Kim contributed to "
        "this report.",
        {
            "headline": "Storm nears Gulf coast",
            "lead": "MIAMI (AP) — A storm neared.",
            "bylines": (
                BylineParts("writing", "JANE DOE"),
                BylineParts("writing", "JOHN ROE"),
                BylineParts("contributing", "Ann Lee", "Tampa"),
                BylineParts("contributing", "Bo Kim"),
            ),
            "signoff": "Associated Press writers Ann Lee in Tampa and Bo Kim contributed to "
            "this report.",
        },
    ),
    (
        "ap byline with comma affiliation",
        "Fires spread\n\nBy Maria de la Cruz, Associated Press\n\nLOS ANGELES (AP) — Fires spread.",
        {
            "bylines": (BylineParts("writing", "Maria de la Cruz"),),
            "lead": "LOS ANGELES (AP) — Fires spread.",
        },
    ),
    (
        "a dateline mentioning news is no affiliation line",
        "Merger agreed\n\nBy JANE DOE\n\nNEW YORK (AP) — News of the merger spread.",
        {
            "bylines": (BylineParts("writing", "JANE DOE"),),
            "lead": "NEW YORK (AP) — News of the merger spread.",
        },
    ),
    (
        "a byline with a job title",
        "Markets rally\n\nBy Ann Lee, AP Business Writer\n\nNEW YORK (AP) — Stocks rose.",
        {"bylines": (BylineParts("writing", "Ann Lee"),), "lead": "NEW YORK (AP) — Stocks rose."},
    ),
    (
        "a sentence naming someone and a news agency is no byline",
        "Talks end\n\nBy Jane Doe, the news agency said, talks ended.",
        {"bylines": (), "lead": "By Jane Doe, the news agency said, talks ended."},
    ),
    (
        "a sentence starting with By is no byline",
        "Plant to close\n\nBy Monday, the plant will close, the company said.",
        {"bylines": (), "lead": "By Monday, the plant will close, the company said."},
    ),
    (
        "by the end is no byline",
        "Plant to close\n\nBy the end of May the plant will close.",
        {"bylines": ()},
    ),
    (
        "dpa desk initials and stamp",
        "Wind farm approved\n\nBerlin (dpa) - The plan passed.\n\ndpa xy zz\n\n212101 GMT Nov 18",
        {
            "lead": "Berlin (dpa) - The plan passed.",
            "signoff": "dpa xy zz\n212101 GMT Nov 18",
            "signoff_credit": "dpa",
        },
    ),
    (
        "canadian press end mark",
        "Snow closes schools\n\nTORONTO — Schools closed.\n\n-30-",
        {"lead": "TORONTO — Schools closed.", "signoff": "-30-"},
    ),
    (
        "bloomberg assistance line",
        "Stocks slide\n\n(Bloomberg) -- Stocks fell.\n\n--With assistance from Ann Lee and Bo Kim.",
        {
            "lead": "(Bloomberg) -- Stocks fell.",
            "bylines": (BylineParts("assistance", "Ann Lee"), BylineParts("assistance", "Bo Kim")),
        },
    ),
    (
        "ansa credit first",
        "Pope visits Bari\n\n(ANSA) - Rome, October 11 - The pope travelled.",
        {"lead": "(ANSA) - Rome, October 11 - The pope travelled.", "signoff": None},
    ),
    (
        "xinhua enditem",
        "Rail line opens\n\nBEIJING, Sept. 2 (Xinhua) -- A rail line opened.\n\nEnditem",
        {"lead": "BEIJING, Sept. 2 (Xinhua) -- A rail line opened.", "signoff": "Enditem"},
    ),
    (
        "an agency named in the last sentence stays",
        "Deal signed\n\nMADRID - The firm told Reuters.",
        {"lead": "MADRID - The firm told Reuters.", "signoff": None},
    ),
    (
        "a sentence about editing stays",
        "Film wins prize\n\nPARIS (AFP) - The film won.\n\nEditing by hand took a year.",
        {"lead": "PARIS (AFP) - The film won.\n\nEditing by hand took a year.", "bylines": ()},
    ),
    (
        "headline only",
        "Quake hits Japan",
        {"headline": "Quake hits Japan", "lead": "", "signoff": None, "warnings": ()},
    ),
    (
        "headline and sign-off only",
        "Quake hits Japan\n\nReuter",
        {"headline": "Quake hits Japan", "lead": "", "signoff": "Reuter"},
    ),
    (
        "a lone tag is kept as headline",
        "URGENT",
        {"headline": "URGENT", "lead": ""},
    ),
    (
        "a lone slug-like line is the headline",
        "COVID-19",
        {"headline": "COVID-19", "slugline": None},
    ),
]


@pytest.mark.parametrize(("raw", "expected"), [s[1:] for s in STORIES], ids=[s[0] for s in STORIES])
def test_segment_story(raw: str, expected: dict[str, Any]) -> None:
    found = _split(raw)
    for name, value in expected.items():
        assert getattr(found, name) == value, name


@pytest.mark.parametrize(("raw", "expected"), [s[1:] for s in STORIES], ids=[s[0] for s in STORIES])
def test_lead_holds_no_signoff_or_byline(raw: str, expected: dict[str, Any]) -> None:
    found = _split(raw)
    if found.signoff:
        assert not found.lead.endswith(found.signoff)
    for byline in found.bylines:
        assert not found.lead.startswith("By ")
        assert byline.name not in found.lead


def test_empty_text_gives_an_empty_headline_and_a_warning() -> None:
    found = segment("", FAKE_TABLE)
    assert found.headline == ""
    assert found.lead == ""
    assert [w.code for w in found.warnings] == ["no_headline"]


def test_overlong_first_line_is_still_the_headline() -> None:
    first = "Officials said " + "the talks would continue " * 20
    found = segment(f"{first.strip()}\n\nSecond paragraph.", FAKE_TABLE)
    assert len(found.headline) > MAX_HEADLINE
    assert found.headline == first.strip()
    assert found.lead == "Second paragraph."
    assert [w.code for w in found.warnings] == ["headline_too_long"]


def test_unreadable_later_credit_clause_is_a_warning() -> None:
    found = _split("Talks end\n\nBODY - Text.\n\n(Reporting by Ana Ruiz; photos courtesy of X)")
    assert found.bylines == (BylineParts("reporting", "Ana Ruiz"),)
    assert found.lead == "BODY - Text."
    assert [w.code for w in found.warnings] == ["credit_unparsed"]


def test_segment_accepts_text_that_was_not_cleaned() -> None:
    found = segment("  Headline  \n  Body line one.\n\n\n  Body line two.  \n", FAKE_TABLE)
    assert found.headline == "Headline"
    assert found.lead == "Body line one.\n\nBody line two."


def test_seed_story() -> None:
    raw = (SEEDS / "000_118fa2c7f2d82249.txt").read_text(encoding="utf-8")
    found = segment(clean_text(raw), load_agency_table())
    assert found.headline == "Pompeo, Motegi reaffirm security cooperation in the Pacific"
    assert found.lead.startswith("Tokyo, Oct 6 (efe-epa).- The United States secretary of state")
    assert found.lead.endswith("tested positive for the virus.")
    assert found.signoff == "EFE-EPA"
    assert found.signoff_credit == "EFE-EPA"
    assert found.slugline is None
    assert found.update is None
    assert found.bylines == ()
    assert found.warnings == ()
    assert "Related Articles" not in found.lead
    assert "Back to top" not in found.lead
    assert len(found.lead.split("\n\n")) == 10


SEED_FILES = sorted(SEEDS.glob("*.txt"))


@pytest.mark.parametrize("path", SEED_FILES, ids=[p.stem for p in SEED_FILES])
def test_seed_files_segment_cleanly(path: Path) -> None:
    """Every seed the team wrote: a headline, a lead, and no sign-off, tag or boilerplate
    left at either end of the lead."""
    found = segment(clean_text(path.read_text(encoding="utf-8")), load_agency_table())
    assert found.headline
    assert found.lead
    first, last = found.lead.split("\n\n")[0], found.lead.split("\n\n")[-1]
    assert not first.startswith(("(ATTN", "(LEAD)", "By ", "Sign up"))
    assert not last.endswith(("(END)", "Reuter", "REUTER", "EFE-EPA", "Enditem"))
    assert "(Reporting by" not in last
    assert "Related Articles" not in found.lead


def test_a_note_to_editors_is_not_an_update_tag_but_is_reported() -> None:
    found = _split("(2nd LD) Ship fire\n\n(ATTN: ADDS quotes in para 3)\n\nBUSAN -- A fire.")
    assert found.update == "2nd LD"
    assert "ATTN" not in found.lead
    assert [w.code for w in found.warnings] == ["editor_note"]
    assert "ADDS quotes in para 3" in found.warnings[0].message


@pytest.mark.parametrize(
    "note",
    [
        "(Adds union statement, paragraphs 4-5)",
        "(Recasts with vote result, adds quotes)",
        "(Corrects spelling of minister's name in paragraph 3)",
        "(Updates prices)",
    ],
)
def test_a_reuters_change_note_under_the_headline_leaves_the_dateline_first(note: str) -> None:
    found = _split(
        f"UPDATE 2-Harbour strike halts grain exports\n\n{note}\n\n"
        "ROTTERDAM, Dec 1 (Reuters) - Dock workers walked out."
    )
    assert found.update == "UPDATE 2"
    assert found.lead == "ROTTERDAM, Dec 1 (Reuters) - Dock workers walked out."
    assert [w.code for w in found.warnings] == ["editor_note"]
    assert note[1:-1] in found.warnings[0].message


@pytest.mark.parametrize(
    "paragraph",
    [
        "(Adds)",  # a verb alone says nothing: not a note
        "(Additional reporting follows)",  # not one of the change verbs
        "(Moves are afoot in parliament, officials said.) The vote is on Friday.",
    ],
)
def test_other_parenthesised_openings_stay_in_the_lead(paragraph: str) -> None:
    found = _split(f"Harbour strike halts grain exports\n\n{paragraph}\n\nThe port was shut.")
    assert found.lead.startswith(paragraph)
    assert not any(w.code == "editor_note" for w in found.warnings)
