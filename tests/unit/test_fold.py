"""The one text-folding module every stage compares names with."""

from __future__ import annotations

import pytest

from wiredesk.normalize.agency import AgencyEntry, AgencyTable
from wiredesk.normalize.fold import fold, strip_accents
from wiredesk.normalize.tables.places import place_key


@pytest.mark.parametrize(
    ("text", "folded"),
    [("São Paulo", "sao paulo"), ("Nyhetsbyrån", "nyhetsbyran"), ("Łódź", "lodz"),
     ("Tromsø", "tromso"), ("Anadolu Ajansı", "anadolu ajansi"), ("Æthelred", "aethelred"),
     ("CÓRDOBA", "cordoba"), ("plain", "plain")],
)  # fmt: skip
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded
    assert strip_accents(text).casefold() == folded


def test_every_stage_folds_alike() -> None:
    """The gazetteer key and the agency table meet on the same folded letters."""
    for written, plain in (("Łódź", "LODZ"), ("Tromsø", "TROMSO"), ("Ajansı", "AJANSI")):
        assert place_key(written) == place_key(plain)
    table = AgencyTable([AgencyEntry(code="tt", name="TT", aliases=("Nyhetsbyrån",))])
    assert [code for code, *_ in table.find("NYHETSBYRAN")] == ["tt"]
    assert [code for code, *_ in table.find("nyhetsbyrån")] == ["tt"]
