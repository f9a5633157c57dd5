"""Agency credits and sign-offs, in each agency's own style (examples written by the team)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.timing import MAX_RATIO, growth_ratio
from wiredesk.normalize.agency import AgencyTable, agencies_from_credits
from wiredesk.resources.reference import load_agency_table


@pytest.fixture(scope="module")
def table() -> AgencyTable:
    return load_agency_table()


# (credit as it appears in copy, expected codes in order)
CREDITS: list[tuple[str, list[str]]] = [
    ("Reuters", ["reuters"]),
    ("Reuter", ["reuters"]),
    ("REUTER", ["reuters"]),
    ("Thomson Reuters", ["reuters"]),
    ("AP", ["ap"]),
    ("The Associated Press", ["ap"]),
    ("AFP", ["afp"]),
    ("Agence France-Presse", ["afp"]),
    ("EFE", ["efe"]),
    ("efe", ["efe"]),
    ("EPA", ["epa"]),
    ("dpa", ["dpa"]),
    ("DPA", ["dpa"]),
    ("ANSA", ["ansa"]),
    ("Xinhua", ["xinhua"]),
    ("TASS", ["tass"]),
    ("ITAR-TASS", ["tass"]),
    ("RIA Novosti", ["ria-novosti"]),
    ("RIA", ["ria-novosti"]),
    ("Kyodo", ["kyodo"]),
    ("Jiji Press", ["jiji"]),
    ("Yonhap", ["yonhap"]),
    ("PTI", ["pti"]),
    ("IANS", ["ians"]),
    ("UPI", ["upi"]),
    ("Bloomberg", ["bloomberg"]),
    ("Bloomberg News", ["bloomberg"]),
    ("AA", ["anadolu"]),
    ("Anadolu Agency", ["anadolu"]),
    ("Anadolu Ajansı", ["anadolu"]),
    ("ANADOLU AJANSI", ["anadolu"]),
    ("The Canadian Press", ["canadian-press"]),
    ("CP", ["canadian-press"]),
    ("AAP", ["aap"]),
    ("PA", ["pa"]),
    ("PA Media", ["pa"]),
    ("Belga", ["belga"]),
    ("ANP", ["anp"]),
    ("APA", ["apa"]),
    ("Lusa", ["lusa"]),
    ("Europa Press", ["europa-press"]),
    ("SANA", ["sana"]),
    ("IRNA", ["irna"]),
    ("WAFA", ["wafa"]),
    ("KUNA", ["kuna"]),
    ("MENA", ["mena"]),
    ("Bernama", ["bernama"]),
    ("Antara", ["antara"]),
    ("PNA", ["pna"]),
    ("CNA", ["cna"]),
    ("NTB", ["ntb"]),
    ("TT", ["tt"]),
    ("TT Nyhetsbyrån", ["tt"]),
    ("STT", ["stt"]),
    ("Ritzau", ["ritzau"]),
    # joint credits: several agencies, in the order written
    ("efe-epa", ["efe", "epa"]),
    ("EFE/EPA", ["efe", "epa"]),
    ("EFE/EPA/ANNA EXAMPLE", ["efe", "epa"]),
    ("Canadian Press - BANJA LUKA, Bosnia-Herzegovina (AP)", ["canadian-press", "ap"]),
    ("AFP, AP and Reuters", ["afp", "ap", "reuters"]),
    ("dpa-AFX", ["dpa"]),
]


@pytest.mark.parametrize(("credit", "codes"), CREDITS)
def test_find_reads_each_agency_style(table: AgencyTable, credit: str, codes: list[str]) -> None:
    assert [code for code, _, _ in table.find(credit)] == codes


def test_every_agency_of_the_spec_is_in_the_table(table: AgencyTable) -> None:
    wanted = {code for _, codes in CREDITS for code in codes}
    assert wanted <= set(table.codes)
    assert len(wanted) >= 39


def test_codes_are_lower_case_kebab(table: AgencyTable) -> None:
    for code in table.codes:
        assert code == code.lower()
        assert all(part.isalnum() for part in code.split("-"))


def test_find_gives_display_name_and_matched_text(table: AgencyTable) -> None:
    assert table.find("Tokyo (efe-epa)") == [("efe", "EFE", "efe"), ("epa", "EPA", "epa")]
    assert table.find("The Canadian Press") == [
        ("canadian-press", "The Canadian Press", "The Canadian Press")
    ]


@pytest.mark.parametrize(
    "not_a_credit",
    ["Pa.", "Ap", "tt", "Aa", "PITTSBURGH, Pa.", "Portland, Ore.", "", "---", "Sana"],
)
def test_short_acronyms_need_their_exact_spelling(table: AgencyTable, not_a_credit: str) -> None:
    assert table.find(not_a_credit) == []


def test_an_agency_named_twice_is_found_once(table: AgencyTable) -> None:
    assert [code for code, _, _ in table.find("Reuters / REUTER")] == ["reuters"]


def test_agencies_from_credits_keeps_the_credit_as_written(table: AgencyTable) -> None:
    agencies = agencies_from_credits([("efe-epa", "dateline"), ("EFE-EPA", "signoff")], table)
    assert [(a.code, a.name, a.credit, a.found_in) for a in agencies] == [
        ("efe", "EFE", "efe-epa", "dateline"),
        ("epa", "EPA", "efe-epa", "dateline"),
    ]


def test_agencies_from_credits_a_signoff_alone_names_the_agency(table: AgencyTable) -> None:
    agencies = agencies_from_credits([("Reuter", "signoff")], table)
    assert [(a.code, a.credit, a.found_in) for a in agencies] == [("reuters", "Reuter", "signoff")]


def test_agencies_from_credits_ignores_unknown_credits(table: AgencyTable) -> None:
    assert agencies_from_credits([("Daily Example Gazette", "envelope")], table) == []


# ---------------------------------------------------------------- sign-offs

# (story ending, expected sign-off text, expected credit)
SIGNOFFS: list[tuple[str, str, str | None]] = [
    ("The talks resume next week. EFE-EPA", "EFE-EPA", "EFE-EPA"),
    ("Prices were steady.\n Reuter\n\x03", "Reuter", "Reuter"),
    ("Prices were steady.\nREUTER\n", "REUTER", "REUTER"),
    ("The vote is due on Friday.\n\nAFP", "AFP", "AFP"),
    ("Nobody was hurt, police said.”  AFP", "AFP", "AFP"),
    ("The fair opens on Monday.\ndpa xy zz", "dpa xy zz", "dpa"),
    (
        "The fair opens on Monday.\ndpa ab cd\n212101 GMT Nov 18\n",
        "dpa ab cd\n212101 GMT Nov 18",
        "dpa",
    ),
    ("The fair opens on Monday.\n091530 GMT Mar 3", "091530 GMT Mar 3", None),
    ("Exports rose nine percent.\n\nPTI KND RDS", "PTI KND RDS", "PTI"),
    ("Flights resume on Friday.\n\n==Kyodo", "==Kyodo", "Kyodo"),
    ("Markets were closed.\n-- AFP", "-- AFP", "AFP"),
]


@pytest.mark.parametrize(("story", "signoff", "credit"), SIGNOFFS)
def test_signoff_at_end(table: AgencyTable, story: str, signoff: str, credit: str | None) -> None:
    found = table.signoff_at_end(story)
    assert found is not None
    assert found.text == signoff
    assert found.credit == credit
    assert story[found.start :].startswith(signoff)
    assert not story[: found.start].rstrip().endswith(signoff)


@pytest.mark.parametrize(
    "story",
    [
        "The minister spoke to Reuters.",
        "The minister said so to the AP",
        "Funding came from the PA",
        "A plain last sentence.",
        "A plain last sentence.\nAP Photo",
        "Talks ended.\nOK BYE NOW THEN YES",
        "",
        "\n\n",
    ],
)
def test_no_signoff_when_the_agency_is_part_of_a_sentence(table: AgencyTable, story: str) -> None:
    assert table.signoff_at_end(story) is None


def test_signoff_scan_looks_only_at_the_end(table: AgencyTable) -> None:
    story = "Reuter\n" + "A long story. " * 10_000 + "\nREUTER"
    found = table.signoff_at_end(story)
    assert found is not None
    assert found.start == len(story) - len("REUTER")


def _ratio(call: Callable[[str], object], small: str) -> float:
    """Time on 8x the input over time on the input: about 8 when linear."""
    large = small * 8
    return growth_ratio(lambda: call(small), lambda: call(large))


@pytest.mark.parametrize("unit", ["efe-", "AP ", "The Canadian ", "Reuter", "a" * 7, "-/ "])
def test_find_time_is_linear(table: AgencyTable, unit: str) -> None:
    assert _ratio(table.find, unit * 1000) < MAX_RATIO


@pytest.mark.parametrize("unit", ["EFE-EPA ", "\n", ". ", "dpa ab ", "212101 GMT "])
def test_signoff_time_does_not_grow_with_the_story(table: AgencyTable, unit: str) -> None:
    assert _ratio(table.signoff_at_end, unit * 1000) < MAX_RATIO
