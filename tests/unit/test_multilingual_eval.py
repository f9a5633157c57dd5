"""The pipeline on the multilingual corpus (tests/eval/multilingual) meets its goals in
every language: dateline place and agencies 95% or better, language 98% or better.

The figures and every miss are printed by ``make eval-multilingual``; this test keeps
them from sliding back."""

from __future__ import annotations

import pytest

from tests.eval.multilingual.harness import GOALS, LANGUAGES, Figures, evaluate, figures
from wiredesk.resources import load_resources


@pytest.fixture(scope="module")
def per_language() -> dict[str, Figures]:
    return figures(evaluate(load_resources(None)))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("field", sorted(GOALS))
def test_each_language_meets_its_goal(
    per_language: dict[str, Figures], language: str, field: str
) -> None:
    figs = per_language[language]
    assert figs.stories > 0, f"no {language} stories in the corpus"
    assert figs.share(field) >= GOALS[field], (
        f"{language} {field}: {figs.share(field):.1%} is below {GOALS[field]:.0%} "
        "(make eval-multilingual lists the misses)"
    )


def test_the_goals_are_the_ones_asked_for() -> None:
    assert GOALS == {"language": 0.98, "place": 0.95, "agencies": 0.95}
