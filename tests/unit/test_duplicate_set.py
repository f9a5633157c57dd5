"""The duplicate-detection evaluation set (tests/eval/duplicates.py): big enough, built
the same way every time, its rewrites real, and the chosen threshold holding on it."""

from __future__ import annotations

from collections import Counter

from tests.eval.duplicate_stories import BASES
from tests.eval.duplicates import COMBINATIONS, body_of, copies, figures, pairs, score
from wiredesk.normalize.pipeline import Resources
from wiredesk.stories.fingerprint import DUPLICATE_THRESHOLD


def test_the_set_has_at_least_200_pairs_of_each_kind_and_is_deterministic() -> None:
    built = pairs()
    kinds = Counter(p.same for p in built)
    assert kinds[True] >= 200 and kinds[False] >= 200
    assert [(p.a.text, p.b.text, p.same) for p in built] == [
        (p.a.text, p.b.text, p.same) for p in pairs()
    ]


def test_every_rewrite_changes_the_copy_and_different_pairs_share_a_topic() -> None:
    for base in BASES:
        texts = [c.text for c in copies(base)]
        assert len(set(texts)) == len(COMBINATIONS) + 1, base.name
    for pair in pairs():
        assert pair.a.topic == pair.b.topic
        assert (pair.a.base == pair.b.base) == pair.same


def test_the_credit_rewrite_names_another_agency_and_the_body_keeps_no_credit(
    text_resources: Resources,
) -> None:
    original, credited = (c for c in copies(BASES[0]) if c.rewrite in {"original", "credit"})
    assert "(Reuters)" in original.text and "AAP" in credited.text
    assert body_of(original, text_resources) == body_of(credited, text_resources)


def test_the_threshold_keeps_precision_and_recall_on_the_set(text_resources: Resources) -> None:
    scored = score(text_resources)
    chosen = figures(scored, DUPLICATE_THRESHOLD)
    assert chosen.precision == 1.0, "a pair of different stories was called a duplicate"
    assert chosen.recall >= 0.98
    assert all(s.candidate for s in scored if s.pair.same), "LSH bands missed a duplicate"
