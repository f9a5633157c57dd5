"""The body fingerprint (issue 8, item 4): deterministic, blind to paragraph order and
case, high for a trimmed or re-led copy, low for another story, linear in the body."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import SEEDS
from tests.timing import MAX_RATIO, growth_ratio
from wiredesk.models import Envelope
from wiredesk.normalize.pipeline import Resources, normalize
from wiredesk.stories.fingerprint import (
    BANDS,
    DUPLICATE_THRESHOLD,
    NUM_PERM,
    Fingerprint,
    bands,
    fingerprint,
    is_duplicate,
    shingles,
    similarity,
)

RECEIVED = datetime(2024, 6, 1, tzinfo=UTC)
PARAGRAPHS = [
    "Container ships waiting to berth at the main port fell to their lowest number in a "
    "year on Friday, after a new terminal on reclaimed land began taking larger vessels.",
    "Eleven ships were at anchor off the port on Friday morning, down from 27 a month "
    "earlier, according to data from the ports authority.",
    "The new terminal has three berths and can handle ships of up to 14,000 containers, "
    "the authority said.",
    "The queue at anchorage is shrinking week by week, port manager Elisa Ramos told "
    "reporters at the terminal gate.",
    "Shipping lines had added congestion surcharges to cargo bound for the city since "
    "January, and two of them said they would review the charges next month.",
]
BODY = "\n\n".join(PARAGRAPHS)
OTHER = "\n\n".join(
    [
        "Dock workers at the main port voted on Friday to strike for 48 hours next week "
        "over pay, their union said, threatening to undo a recent fall in ship queues.",
        "The union wants a 12% rise over two years; the ports authority has offered 6%.",
        "Talks broke down on Thursday evening after nine hours, a union official said.",
        "The authority said it would keep the new terminal open with contract staff.",
    ]
)


def _fp(body: str) -> Fingerprint:
    found = fingerprint(body)
    assert found is not None
    return found


def test_the_same_body_gives_the_same_fingerprint_in_another_process() -> None:
    here = _fp(BODY).hashvalues.hex()
    code = (
        "import sys; from wiredesk.stories.fingerprint import fingerprint; "
        "print(fingerprint(sys.stdin.read()).hashvalues.hex())"
    )
    there = subprocess.run(
        [sys.executable, "-c", code], input=BODY, capture_output=True, text=True, check=True
    ).stdout.strip()
    assert here == there
    assert len(_fp(BODY).hashvalues) == 4 * NUM_PERM


def test_reordered_paragraphs_and_case_keep_every_shingle() -> None:
    reordered = "\n\n".join([PARAGRAPHS[2], PARAGRAPHS[0], PARAGRAPHS[4], *PARAGRAPHS[1::2]])
    assert shingles(reordered.upper()) == shingles(BODY)
    assert similarity(_fp(BODY), _fp(reordered)) == 1.0


def test_a_trimmed_copy_with_a_new_lead_is_a_duplicate() -> None:
    new_lead = (
        "Ship queues off the port have shrunk to a one-year low as a new terminal opened, "
        "officials said on Friday."
    )
    copy = "\n\n".join([new_lead, *PARAGRAPHS[1:3]]).replace("Elisa Ramos", "Elissa Ramos")
    figure = similarity(_fp(BODY), _fp(copy))
    assert figure >= DUPLICATE_THRESHOLD
    assert is_duplicate(_fp(BODY), _fp(copy))


def test_another_story_on_the_same_topic_is_not_a_duplicate() -> None:
    figure = similarity(_fp(BODY), _fp(OTHER))
    assert figure < DUPLICATE_THRESHOLD / 2
    assert not is_duplicate(_fp(BODY), _fp(OTHER))


def test_a_short_body_has_no_fingerprint_and_is_never_a_duplicate() -> None:
    notice = "Editors: Kill the story sent at 1509GMT."
    assert fingerprint(notice) is None
    assert fingerprint("") is None
    assert not is_duplicate(fingerprint(notice), fingerprint(notice))


def test_duplicates_share_an_lsh_band_and_unrelated_stories_rarely_do() -> None:
    trimmed = "\n\n".join(PARAGRAPHS[:3])
    assert set(bands(_fp(BODY))) & set(bands(_fp(trimmed)))
    assert len(bands(_fp(BODY))) == BANDS
    assert len(set(bands(_fp(BODY))) & set(bands(_fp(OTHER)))) <= 1


def test_fingerprinting_is_linear_in_the_body_length() -> None:
    words = [f"w{i % 997}x{i // 997}" for i in range(4000)]
    small = "\n\n".join(" ".join(words[i : i + 40]) for i in range(0, 500, 40))
    large = "\n\n".join(" ".join(words[i : i + 40]) for i in range(0, 4000, 40))
    ratio = growth_ratio(lambda: fingerprint(small), lambda: fingerprint(large))
    assert ratio < MAX_RATIO, f"8x the body took {ratio:.1f}x the time"


def test_the_largest_story_is_fingerprinted_and_contains_its_first_half() -> None:
    words = [f"w{i}" for i in range(60_000)]
    body = "\n\n".join(" ".join(words[i : i + 50]) for i in range(0, len(words), 50))
    assert len(body.encode()) < 512 * 1024
    whole = _fp(body)
    assert whole.shingles > 50_000
    half = _fp("\n\n".join(body.split("\n\n")[:600]))
    assert 0.95 <= similarity(whole, half) <= 1.0  # the half is contained in the whole


def _datasketch(body: str) -> Fingerprint | None:
    """The fingerprint as datasketch's own MinHash computes it (the reference)."""
    import zlib

    from datasketch import MinHash

    from wiredesk.stories.fingerprint import MIN_SHINGLES, NUM_PERM, SEED, shingles

    found = shingles(body)
    if len(found) < MIN_SHINGLES:
        return None
    sketch = MinHash(num_perm=NUM_PERM, seed=SEED, scheme="affine32", hashfunc=zlib.crc32)
    sketch.update_batch([s.encode("utf-8") for s in found])
    return Fingerprint(np.asarray(sketch.hashvalues, dtype="<u4").tobytes(), len(found))


def _shingles_by_join(body: str) -> set[str]:
    """Shingles as the words of each paragraph joined, four at a time (the definition)."""
    import re

    from wiredesk.normalize.fold import fold

    found: set[str] = set()
    for paragraph in fold(body).split("\n"):
        words = re.findall(r"\w+", paragraph)
        if 0 < len(words) <= 4:
            found.add(" ".join(words))
        found.update(" ".join(words[i : i + 4]) for i in range(len(words) - 3))
    return found


@given(st.lists(st.sampled_from(["Oil", "rises", "Zürich", "ØRSTED", "ﬁnal", "—", "\n", "42",
                                 "straße", "東京", "a", "b,", "said."]), max_size=80))  # fmt: skip
@settings(max_examples=300, deadline=None)
def test_the_fingerprint_is_datasketch_minhash_over_joined_shingles(words: list[str]) -> None:
    body = " ".join(words)
    assert shingles(body) == _shingles_by_join(body)
    assert fingerprint(body) == _datasketch(body)


def test_the_seed_bodies_fingerprint_as_datasketch_does(text_resources: Resources) -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        envelope = Envelope(text=path.read_text(encoding="utf-8"))
        body = normalize(envelope, text_resources, received_at=RECEIVED).body
        assert fingerprint(body) == _datasketch(body), path.name
