"""Datelines, credits, sign-offs and places of agency copy in other languages, one form a
test (docs/records.md, "Datelines in other languages"). Every line is invented here."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from wiredesk import Envelope, EventRecord, WarningCode, normalize
from wiredesk.normalize.dateline import build_dateline, resolve_day, split_dateline
from wiredesk.normalize.pipeline import Resources
from wiredesk.normalize.tables.places import Gazetteer
from wiredesk.resources import load_resources
from wiredesk.resources.reference import load_agency_table, load_gazetteer

RECEIVED = datetime(2025, 3, 5, 12, tzinfo=UTC)


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


@pytest.fixture(scope="module")
def resources() -> Resources:
    return load_resources(None)


def _record(resources: Resources, text: str) -> EventRecord:
    return normalize(Envelope(text=text, received_at=RECEIVED), resources)


# ------------------------------------------------------------------ splitting the lead


@pytest.mark.parametrize(
    ("lead", "place", "region", "month", "day", "credit", "body"),
    [
        # EFE: region or country in brackets after a small place
        ("Lorca (Murcia), 3 mar (EFE).- El alcalde habló.", "Lorca", "Murcia", 3, 3, "EFE", "El"),
        ("Houston (EUA), 9 set (EFE).- A NASA adiou.", "Houston", "EUA", 9, 9, "EFE", "A NASA"),
        ("Valparaíso (Chile), 3 mar (EFE).- El puerto cerró.", "Valparaíso", "Chile", 3, 3,
         "EFE", "El"),
        # Belga: day/month, "=" after the credit; joint credits
        ("BRUXELLES 31/07 (BELGA) = Le gouvernement a décidé.", "BRUXELLES", None, 7, 31,
         "BELGA", "Le"),
        ("BRUXELLES 31/07 (AFP-DPA-REUTER) = Les dirigeants ont décidé.", "BRUXELLES", None, 7,
         31, "AFP-DPA-REUTER", "Les"),
        # Europa Press: the day alone, on its own line
        ("MADRID, 3 (EUROPA PRESS)\n\nEl Gobierno aprobó el plan.", "MADRID", None, None, 3,
         "EUROPA PRESS", "El Gobierno"),
        # ANSA: credit first, Italian month in capitals
        ("(ANSA) - ROMA, 22 MAR - Il governo ha approvato.", "ROMA", None, 3, 22, "ANSA", "Il"),
        # NTB: colon after the credit
        ("Oslo (NTB): Regjeringen legger fram budsjettet.", "Oslo", None, None, None, "NTB",
         "Regjeringen"),
        # AFP French: "1er", a full month with a year
        ("LE CAIRE, 1er nov (AFP) - Le musée a ouvert.", "LE CAIRE", None, 11, 1, "AFP", "Le"),
        # dpa: two places joined with a slash
        ("Moskau/Berlin (dpa) - Die Regierung hat.", "Moskau/Berlin", None, None, None, "dpa",
         "Die"),
        # EFE business desk
        ("Madrid, 3 mar (EFECOM).- La bolsa subió.", "Madrid", None, 3, 3, "EFECOM", "La"),
    ],
)  # fmt: skip
def test_dateline_forms(
    lead: str,
    place: str,
    region: str | None,
    month: int | None,
    day: int | None,
    credit: str,
    body: str,
) -> None:
    parts, rest = split_dateline(lead, load_agency_table().is_credit)
    assert parts is not None
    assert (parts.place_text, parts.region_text) == (place, region)
    assert (parts.month, parts.day) == (month, day)
    assert parts.credit == credit
    assert rest.startswith(body)


def test_a_known_place_and_a_dash_is_a_dateline_only_with_the_gazetteer(
    gazetteer: Gazetteer,
) -> None:
    lead = "Wien – Die Regierung hat ein Sparpaket beschlossen."
    assert split_dateline(lead) == (None, lead)
    parts, rest = split_dateline(lead, None, gazetteer.is_city)
    assert parts is not None and parts.place_text == "Wien"
    assert rest.startswith("Die Regierung")
    # a word that is no city stays prose
    prose = "Regierung – Die Minister haben beschlossen."
    assert split_dateline(prose, None, gazetteer.is_city) == (None, prose)


def test_a_dateline_below_a_teaser_paragraph_is_found_and_the_teaser_kept() -> None:
    lead = "Die Regierung will sparen. Ein Überblick.\n\nBerlin (dpa) - Das Kabinett hat."
    parts, body = split_dateline(lead, load_agency_table().is_credit)
    assert parts is not None and parts.credit == "dpa"
    assert body == "Die Regierung will sparen. Ein Überblick.\n\nDas Kabinett hat."


def test_below_the_first_paragraph_only_a_credited_dateline_counts() -> None:
    lead = "Die Regierung will sparen.\n\nBERLIN - Das Kabinett hat."
    assert split_dateline(lead, load_agency_table().is_credit) == (None, lead)


def test_a_day_alone_is_in_the_receive_month_or_the_month_before() -> None:
    assert resolve_day(3, RECEIVED) == date(2025, 3, 3)
    assert resolve_day(28, RECEIVED) == date(2025, 2, 28)  # the 28th is weeks ahead
    assert resolve_day(31, datetime(2025, 3, 1, tzinfo=UTC)) is None  # no 31 February


# ------------------------------------------------------------------------------ places


@pytest.mark.parametrize(
    ("written", "prefer", "name", "country"),
    [
        ("Haia", (), "The Hague", "NL"),
        ("Bangcoc", (), "Bangkok", "TH"),
        ("Naciones Unidas", (), "United Nations", None),
        ("Pékin", (), "Beijing", "CN"),
        ("Mailand", (), "Milan", "IT"),
        ("Nueva Delhi", (), "New Delhi", "IN"),
        ("VENEZIA", (), "Venice", "IT"),
        # a capital named like its country is the city
        ("México", (), "Mexico City", "MX"),
        ("Guatemala", (), "Guatemala City", "GT"),
        ("Panamá", (), "Panama City", "PA"),
        ("Kuwait", (), "Kuwait City", "KW"),
        ("Singapur", (), "Singapore", "SG"),
        # the sending agency's country first
        ("Cádiz", ("ES",), "Cadiz", "ES"),
        ("León", ("ES",), "León", "ES"),
        ("San Sebastián", ("ES",), "Donostia / San Sebastián", "ES"),
        ("Saint-Denis", ("FR",), "Saint-Denis", "FR"),
        ("Mérida", ("ES",), "Mérida", "ES"),
        # ... unless the namesake elsewhere is far larger
        ("Santiago", ("ES",), "Santiago", "CL"),
        # towns down to 500 people
        ("Hallstatt", ("AT",), "Hallstatt", "AT"),
        ("Kitzbühel", (), "Kitzbühel", "AT"),
    ],
)
def test_dateline_places(
    gazetteer: Gazetteer, written: str, prefer: tuple[str, ...], name: str, country: str | None
) -> None:
    found = gazetteer.place(written, None, prefer, dateline=True)
    assert found is not None
    assert (found.name, found.country_code) == (name, country)


def test_without_the_agency_the_larger_namesake_wins(gazetteer: Gazetteer) -> None:
    found = gazetteer.place("Cádiz", dateline=True)
    assert found is not None and found.country_code == "PH"


def test_towns_are_for_datelines_only(gazetteer: Gazetteer) -> None:
    assert gazetteer.place("Hallstatt") is None
    assert gazetteer.cities_named("Hallstatt") == []


def test_a_country_in_entity_text_stays_the_country(gazetteer: Gazetteer) -> None:
    found = gazetteer.place("México")
    assert found is not None and found.kind == "country"


def test_a_bracketed_region_overrides_the_agency_country(gazetteer: Gazetteer) -> None:
    parts, _ = split_dateline("León (Nicaragua), 3 mar (EFE).- El alcalde habló.")
    assert parts is not None
    built, _ = build_dateline(parts, gazetteer, RECEIVED, prefer=("ES",))
    assert built.place is not None and built.place.country_code == "NI"


def test_several_places_the_first_is_the_datelines_the_others_kept(gazetteer: Gazetteer) -> None:
    parts, _ = split_dateline("Moskau/Berlin (dpa) - Die Regierung hat.")
    assert parts is not None
    built, warnings = build_dateline(parts, gazetteer, RECEIVED)
    assert built.place is not None and built.place.name == "Moscow"
    assert built.place.text == "Moskau/Berlin"  # as written, as before
    assert [p.text for p in built.other_places] == ["Berlin"]
    assert [p.name for p in built.other_places] == ["Berlin"]
    assert warnings == []


def test_a_town_named_with_a_slash_is_one_place(gazetteer: Gazetteer) -> None:
    parts, _ = split_dateline("Frankfurt/Oder (dpa) - Die Brücke ist offen.")
    assert parts is not None
    built, _ = build_dateline(parts, gazetteer, RECEIVED, prefer=("DE",))
    assert built.place is not None and built.place.geonames_id == 2925535
    assert built.other_places == []


def test_a_bracketed_province_narrows_the_town_to_its_region(gazetteer: Gazetteer) -> None:
    # GeoNames has a quarter of Madrid called Almagro, more populous than the town in
    # the province of Ciudad Real that EFE's bracket names
    found = gazetteer.place("Almagro", "Ciudad Real", ("ES",), dateline=True)
    assert found is not None and found.geonames_id == 2521928
    parts, _ = split_dateline("Almagro (Ciudad Real), 4 mar (EFE).- El teatro cierra.")
    assert parts is not None
    built, warnings = build_dateline(parts, gazetteer, RECEIVED, prefer=("ES",))
    assert built.place is not None and built.place.geonames_id == 2521928
    assert warnings == []


def test_a_province_with_no_such_town_leaves_the_agency_country_to_decide(
    gazetteer: Gazetteer,
) -> None:
    # Lorca is in Murcia, not in Granada: the bracket is read as before
    found = gazetteer.place("Lorca", "Granada", ("ES",), dateline=True)
    assert found is not None and (found.name, found.country_code) == ("Lorca", "ES")
    # and a province is no region outside a dateline
    assert gazetteer.region("Ciudad Real") is None


def test_a_town_written_shorter_than_its_geonames_name(gazetteer: Gazetteer) -> None:
    found = gazetteer.place("CHAMONIX", None, ("FR",), dateline=True)
    assert found is not None and found.name == "Chamonix-Mont-Blanc"


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("St. Pölten", "Sankt Pölten"),
        ("ST. JOHANN IN TIROL", "Sankt Johann in Tirol"),
        ("Sankt Petersburg", "Saint Petersburg"),
        ("St. Niklaas", "Sint-Niklaas"),
        ("St. Louis", "St. Louis"),  # its own name still
    ],
)
def test_an_abbreviated_saint_meets_the_name_spelled_out(
    gazetteer: Gazetteer, written: str, name: str
) -> None:
    found = gazetteer.place(written, None, dateline=True)
    assert found is not None and found.name == name


def test_apa_st_poelten_is_a_dateline_with_its_signoff_date(resources: Resources) -> None:
    record = _record(
        resources,
        "Kinderbetreuung wird ausgebaut\n\nSt. Pölten – Das Land schafft neue Gruppen.\n\n"
        "(APA, 6.11.2024)",
    )
    assert record.dateline is not None and record.dateline.place is not None
    assert record.dateline.place.geonames_id == 2766429
    assert record.dateline.date == date(2024, 11, 6)
    assert [a.code for a in record.agencies] == ["apa"]


# ------------------------------------------------------------------ the whole story


def test_efe_reads_leon_in_spain(resources: Resources) -> None:
    record = _record(resources, "Feria\n\nLeón, 3 mar (EFE).- El alcalde anunció hoy.")
    assert record.dateline is not None and record.dateline.place is not None
    assert record.dateline.place.country_code == "ES"


def test_afp_reads_saint_denis_in_france(resources: Resources) -> None:
    record = _record(resources, "Match\n\nSaint-Denis, 6 octobre 2020 (AFP) - Le stade a rouvert.")
    assert record.dateline is not None and record.dateline.place is not None
    assert record.dateline.place.country_code == "FR"


def test_a_lead_with_no_headline_keeps_its_dateline_and_gets_a_derived_headline(
    resources: Resources,
) -> None:
    record = _record(
        resources,
        "Bogotá, 14 feb (EFE).- El Gobierno aprobó hoy una reforma tributaria. Otra frase.",
    )
    assert record.headline == "El Gobierno aprobó hoy una reforma tributaria"
    assert record.dateline is not None and record.dateline.text == "Bogotá, 14 feb (EFE).-"
    assert [a.code for a in record.agencies] == ["efe"]
    assert record.body.startswith("El Gobierno aprobó")
    assert WarningCode.HEADLINE_DERIVED in {w.code for w in record.warnings}


@pytest.mark.parametrize(
    ("text", "headline"),
    [
        # the lead's only sentence ends the paragraph: the headline keeps no period
        (
            "Lima, 3 mar (EFE).- El Congreso aprobó hoy la reforma.",
            "El Congreso aprobó hoy la reforma",
        ),
        (
            "Lima, 3 mar (EFE).- El Congreso aprobó hoy la reforma.\n\nOtra frase.",
            "El Congreso aprobó hoy la reforma",
        ),
        (
            "(ANSA) - ROMA, 3 MAR - Il governo ha approvato la manovra!",
            "Il governo ha approvato la manovra",
        ),
        # a period inside a number is no sentence end
        (
            "Lima, 3 mar (EFE).- La economía creció un 3.5 % en el año.",
            "La economía creció un 3.5 % en el año",
        ),
    ],
)
def test_a_derived_headline_carries_no_final_period(
    resources: Resources, text: str, headline: str
) -> None:
    record = _record(resources, text)
    assert record.headline == headline
    assert WarningCode.HEADLINE_DERIVED in {w.code for w in record.warnings}


def test_a_headline_that_is_no_dated_lead_stays(resources: Resources) -> None:
    record = _record(resources, "Bogotá aprueba reforma\n\nBogotá, 14 feb (EFE).- El Gobierno.")
    assert record.headline == "Bogotá aprueba reforma"
    assert WarningCode.HEADLINE_DERIVED not in {w.code for w in record.warnings}


def test_a_long_first_sentence_is_cut_at_a_word(resources: Resources) -> None:
    words = " ".join(["palabra"] * 40)
    record = _record(resources, f"Lima, 3 mar (EFE).- {words}.")
    assert len(record.headline) <= 120
    assert record.headline.endswith("palabra")


def test_apa_signoff_gives_credit_and_date(resources: Resources) -> None:
    record = _record(
        resources,
        "Regierung spart\n\nWien – Die Regierung hat ein Sparpaket beschlossen.\n\n"
        "(APA/dpa, 1.2.2015)",
    )
    assert record.dateline is not None and record.dateline.place is not None
    assert record.dateline.place.name == "Vienna"
    assert record.dateline.date == date(2015, 2, 1)
    assert [(a.code, a.found_in) for a in record.agencies] == [
        ("apa", "signoff"),
        ("dpa", "signoff"),
    ]
    assert record.body == "Die Regierung hat ein Sparpaket beschlossen."


def test_agencia_brasil_byline_dash_dateline_and_signoff(resources: Resources) -> None:
    record = _record(
        resources,
        "Ministro fala\n\nAna Lima - Repórter da Agência Brasil\n\n"
        "Brasília - O ministro anunciou hoje medidas.\n\nEdição: Rui Costa",
    )
    assert record.dateline is not None and record.dateline.place is not None
    assert record.dateline.place.name == "Brasília"
    assert [a.code for a in record.agencies] == ["agencia-brasil"]
    assert [(b.role, b.name) for b in record.bylines] == [
        ("writing", "Ana Lima"),
        ("editing", "Rui Costa"),
    ]


def test_efe_update_note_and_byline_above_the_dateline(resources: Resources) -> None:
    record = _record(
        resources,
        "Gobierno aprueba plan\n\n(Actualiza con declaraciones)\n\nAna Gómez.\n\n"
        "Valparaíso (Chile), 3 mar (EFE).- El puerto cerró hoy.",
    )
    assert record.dateline is not None and record.dateline.place is not None
    assert record.dateline.place.country_code == "CL"
    assert [b.name for b in record.bylines] == ["Ana Gómez"]
    assert record.story.signals == ["update"]
    assert record.body == "El puerto cerró hoy."


@pytest.mark.parametrize(
    ("top", "headline", "signals", "urgency"),
    [
        ("(Eil ) Regierung tritt zurück", "Regierung tritt zurück", [], 3),
        ("Eil\n\nRegierung tritt zurück", "Regierung tritt zurück", [], 3),
        ("KORR: Regierung tritt zurück", "Regierung tritt zurück", ["correction"], None),
        ("Wiederholung\n\nRegierung tritt zurück", "Regierung tritt zurück", ["refile"], None),
        ("Regierung tritt zurück (Zusammenfassung)", "Regierung tritt zurück", ["update"], None),
        ("URGENTE: Dimite el presidente", "Dimite el presidente", [], 3),
        ("CORRECTION - Le président démissionne", "Le président démissionne", ["correction"],
         None),
    ],
)  # fmt: skip
def test_version_and_urgency_words_leave_the_headline(
    resources: Resources, top: str, headline: str, signals: list[str], urgency: int | None
) -> None:
    record = _record(resources, f"{top}\n\nBerlin (dpa) - Die Regierung ist zurückgetreten.")
    assert record.headline == headline
    assert (record.story.signals, record.story.urgency) == (signals, urgency)


def test_agency_codes(resources: Resources) -> None:
    table = resources.agencies
    for credit, codes in [
        ("EFECOM", ["efe"]),
        ("Lusa", ["lusa"]),
        ("Agência Brasil", ["agencia-brasil"]),
        ("EUROPA PRESS", ["europa-press"]),
        ("BELGA-AFP", ["belga", "afp"]),
        ("APA/dpa", ["apa", "dpa"]),
        ("ANSA", ["ansa"]),
        ("NTB", ["ntb"]),
    ]:
        assert [code for code, _, _ in table.find(credit)] == codes, credit
    assert table.country("efe") == "ES"
    assert table.country("reuters") is None
