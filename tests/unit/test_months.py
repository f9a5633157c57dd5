"""The dateline's month table is CLDR's, in every language served (generated, drift-checked)."""

from __future__ import annotations

import pytest

from wiredesk.normalize.dateline import split_dateline
from wiredesk.normalize.tables.months import ENGLISH_MONTHS, MONTHS
from wiredesk.resources.months import cldr_months, english_months, render


def test_the_generated_table_equals_what_cldr_gives() -> None:
    # Regenerate: python -m wiredesk.resources.months > service/wiredesk/normalize/tables/months.py
    assert cldr_months() == MONTHS
    assert english_months() == ENGLISH_MONTHS
    assert "MONTHS" in render()


@pytest.mark.parametrize(
    ("lead", "month", "day"),
    [
        ("Bogotá, 14 feb (EFE).- El Gobierno aprobó.", 2, 14),
        ("Lisboa, 12 mar (Lusa) - O Governo aprovou.", 3, 12),
        ("Brasília, 9 set (EFE).- O ministro disse.", 9, 9),
        ("PARIS, 6 octobre 2020 (AFP) - Le président a dit.", 10, 6),
        ("PARIS, 3 févr. (AFP) - Le président a dit.", 2, 3),
        ("Strasbourg, 10 juil 2024 (AFP) - La ville a voté.", 7, 10),
        ("Wien, 4. Jänner (APA) - Die Regierung hat.", 1, 4),
        ("Hamburg, 2. März (dpa) - Der Senat hat.", 3, 2),
        ("Oslo, 3. des. (NTB): Regjeringen vil.", 12, 3),
        ("Roma, 22 MAG (ANSA) - Il governo ha.", 5, 22),
        ("LIMA, Sept 14 (Reuters) - Copper output rose.", 9, 14),
    ],
)
def test_months_in_each_language(lead: str, month: int, day: int) -> None:
    parts, _ = split_dateline(lead)
    assert parts is not None
    assert (parts.month, parts.day) == (month, day)
