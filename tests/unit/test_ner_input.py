"""Bounded time per story, whatever the text: the NER model's input is sanitised.

Pure properties of :func:`sanitise` (same length, same characters outside the blanked
runs, linear time), then the cost with the real model: each hostile text over a normal
story of the same length, measured in one process (CPU-time ratios, tests/timing.py),
for the NER call alone and for the whole pipeline. Before the sanitiser, 4,000 ``[`` cost
26 times and 4,000 ``$`` 52 times a 4,000-character story in the NER call (quadratic: the
ratio grows with the length); the bound below is a small multiple.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.timing import MAX_RATIO, cost_ratio, growth_ratio
from wiredesk.models import Envelope
from wiredesk.normalize.ner_input import MAX_CHUNK_CHARS, MAX_SYMBOL_RUN, sanitise
from wiredesk.normalize.pipeline import Resources, normalize

# NER time is about linear in the number of tokens; a normal story has about one token
# per 5 characters, and no text has more than one per character: the worst texts left
# after sanitising (short runs of symbols between spaces) cost about 5 times a story.
MAX_COST_RATIO = 8.0

SIZE = 4_000  # characters: long enough that the quadratic cases took seconds, not ms

PROSE = (
    "LONDON (Reuters) - Prime Minister Keir Starmer met French President Emmanuel Macron "
    "in Paris on Monday to discuss trade and fishing rights, officials said. "
)


def fill(unit: str, size: int = SIZE) -> str:
    return (unit * (size // len(unit) + 1))[:size]


HOSTILE = {
    "[ run": "[" * SIZE,
    "$ run": "$" * SIZE,
    "one token": "x" * SIZE,
    "combining marks": "a" + "\u0301" * (SIZE - 1),
    "table": fill("| 12.5 | 13.4 | 1,200 | -3.1 | n/a |\n"),
    "short symbol runs": fill("[" * MAX_SYMBOL_RUN + " "),
    "bracket and space": fill("[ "),
    "long chunks": fill("[a" * (MAX_CHUNK_CHARS // 2) + " "),
}


def test_a_normal_story_is_unchanged() -> None:
    story = PROSE + "... -- ?! (AP) — $4.5 billion, 12.5% [UPDATE 2] https://example.com/a/b"
    assert sanitise(story) == story


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a" + "[" * 20 + "b", "a" + " " * 20 + "b"),
        ("x" * (MAX_CHUNK_CHARS + 1) + " Paris", " " * (MAX_CHUNK_CHARS + 1) + " Paris"),
        ("x" * MAX_CHUNK_CHARS + " Paris", "x" * MAX_CHUNK_CHARS + " Paris"),
        ("[" * MAX_SYMBOL_RUN + "Paris", "[" * MAX_SYMBOL_RUN + "Paris"),
        ("Paris" + "\u0301" * 50, "Paris" + " " * 50),
        ("=" * 40 + "\nLONDON", " " * 40 + "\nLONDON"),
    ],
)
def test_pathological_runs_become_spaces(text: str, expected: str) -> None:
    assert sanitise(text) == expected


@given(st.text(alphabet=st.sampled_from("ab[$_ \n\u0301.x"), max_size=400) | st.text())
def test_offsets_still_index_the_text(text: str) -> None:
    sane = sanitise(text)
    assert len(sane) == len(text)
    assert all(s == t or s == " " for s, t in zip(sane, text, strict=True))


def test_sanitising_is_linear() -> None:
    for unit in ("[", "[" * MAX_SYMBOL_RUN + " ", "x", "ab " * 40, "[a" * 60 + " "):
        small, large = fill(unit, 10_000), fill(unit, 80_000)
        ratio = growth_ratio(lambda s=small: sanitise(s), lambda s=large: sanitise(s))
        assert ratio < MAX_RATIO, f"{unit[:10]!r}: x8 input cost x{ratio:.1f}"


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_ner_costs_a_small_multiple_of_a_story_of_the_same_length(
    resources: Resources, name: str
) -> None:
    text, normal = HOSTILE[name], fill(PROSE)
    ratio = cost_ratio(lambda: resources.ner(text), lambda: resources.ner(normal),
                       bound=MAX_COST_RATIO, repeat=2)  # fmt: skip
    print(f"\nNER {name}: x{ratio:.2f} a story of {SIZE} characters")
    assert ratio < MAX_COST_RATIO


@pytest.mark.slow
@pytest.mark.parametrize("name", ["[ run", "combining marks", "table"])
def test_the_whole_pipeline_costs_a_small_multiple_too(resources: Resources, name: str) -> None:
    received = datetime(2026, 3, 3, 10, 0, tzinfo=UTC)

    def run(body: str) -> None:
        envelope = Envelope(id="x", headline="Harbour reopens", body=body)
        normalize(envelope, resources, received_at=received)

    hostile, normal = HOSTILE[name], fill(PROSE)
    ratio = cost_ratio(lambda: run(hostile), lambda: run(normal), bound=MAX_COST_RATIO, repeat=2)
    print(f"\npipeline {name}: x{ratio:.2f} a story of {SIZE} characters")
    assert ratio < MAX_COST_RATIO
