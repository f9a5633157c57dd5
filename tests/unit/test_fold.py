"""The one text-folding module every stage compares names with."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


def _whole_text(text: str) -> str:
    """Accent stripping over the whole text at once (what ``strip_accents`` gives by runs)."""
    import unicodedata

    from wiredesk.normalize.fold import _LATIN_LETTERS

    decomposed = unicodedata.normalize("NFKD", text.translate(_LATIN_LETTERS))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
@settings(max_examples=500)
def test_folding_by_runs_of_non_ascii_equals_folding_the_whole_text(text: str) -> None:
    """Only runs outside ASCII are decomposed (the story keeper folds whole bodies for
    their fingerprint); the result is the whole text's, marks next to ASCII letters too."""
    assert strip_accents(text) == _whole_text(text)
    mixed = "cafe\u0301 \u201cquoted\u201d e\u0301\u0323 \ufb01nal"
    assert strip_accents(mixed) == _whole_text(mixed)
