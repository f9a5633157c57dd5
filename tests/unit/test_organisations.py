"""The curated organisation table (service/wiredesk/data/organisations.json) and its look-ups."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from wiredesk.normalize.tables.organisations import OrgTable, acronym_key, name_key

_TABLE = (
    Path(__file__).resolve().parents[2] / "service" / "wiredesk" / "data" / "organisations.json"
)
_KINDS = {"intergovernmental", "central_bank", "ministry", "exchange", "company",
          "news_agency", "other"}  # fmt: skip


@pytest.fixture(scope="module")
def doc() -> dict[str, object]:
    loaded: dict[str, object] = json.loads(_TABLE.read_text("utf-8"))
    return loaded


def test_the_table_is_large_keyed_and_carries_no_ids_from_memory(doc: dict[str, object]) -> None:
    rows = doc["rows"]
    assert isinstance(rows, list) and len(rows) >= 300
    ids = [row["id"] for row in rows]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"org:[a-z0-9]+(-[a-z0-9]+)*", i) for i in ids)
    assert {row["kind"] for row in rows} == _KINDS
    allowed = {"id", "name", "kind", "country_code", "aliases", "acronyms", "tickers"}
    assert all(set(row) <= allowed for row in rows), "no external ids (Wikidata) by hand"
    for kind in ("intergovernmental", "central_bank", "ministry", "exchange", "company",
                 "news_agency"):  # fmt: skip
        assert sum(row["kind"] == kind for row in rows) >= 30, kind


def test_names_aliases_and_acronyms_find_one_row() -> None:
    table = OrgTable.from_json(json.loads(_TABLE.read_text("utf-8")))
    un = table.find("United Nations")
    assert un is not None and un.id == "org:united-nations"
    for form in ("the United Nations", "THE UNITED NATIONS", "UN", "U.N."):
        assert table.find(form) is un, form
    assert table.find("un") is None  # an acronym counts only in capitals
    assert table.find("Who") is None and table.find("WHO") is not None
    newmont = table.by_ticker("NEM")
    assert newmont is not None and newmont.name == "Newmont"


def test_a_form_two_rows_claim_finds_neither() -> None:
    table = OrgTable.from_json(
        {
            "rows": [
                {"id": "org:a", "name": "Alpha Commission", "kind": "other", "acronyms": ["AC"]},
                {"id": "org:b", "name": "Beta Council", "kind": "other", "acronyms": ["AC"]},
            ]
        }
    )
    assert table.find("AC") is None
    assert table.find("Alpha Commission") is not None


@pytest.mark.parametrize(
    ("text", "key"),
    [("U.N.", "UN"), ("EU", "EU"), ("G7", "G7"), ("Un", None), ("7UP", None), ("A", None)],
)
def test_acronym_key(text: str, key: str | None) -> None:
    assert acronym_key(text) == key


def test_name_key_folds_case_accents_dots_and_the_article() -> None:
    assert name_key("The Banque de France") == name_key("banque de france")
    assert name_key("Nestlé") == name_key("NESTLE")
    assert name_key("McDonald's") == "mcdonald"  # a possessive is no part of a name
