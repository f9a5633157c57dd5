"""Robustness of the text and segment stages on untrusted input.

* Property tests (hypothesis): any text is either rejected with one of the three input
  codes or cleaned and segmented without an exception; valid text with a non-blank first
  line is never rejected; clean text always has the documented shape.
* Linear time: for inputs built to stress each pattern and loop of the two stages, the
  time on 8n characters is compared with the time on n characters in the same process
  (a ratio, never a wall-clock bound). Linear code gives about 8; quadratic code 64.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.timing import MAX_RATIO, growth_ratio
from wiredesk.errors import ErrorCode, StoryError
from wiredesk.normalize.segment import segment
from wiredesk.normalize.text import clean_text, nfc, reject_unusable
from wiredesk.resources.reference import load_agency_table

TABLE = load_agency_table()
INPUT_CODES = {ErrorCode.EMPTY_STORY, ErrorCode.WHITESPACE_ONLY, ErrorCode.BINARY_CONTENT}

# Pieces of wire copy and of the junk around it, so that generated text reaches the
# stages' branches far more often than uniformly random characters would.
FRAGMENTS = [
    "UPDATE 2-", "(LEAD) ", "(2nd LD)", "(ATTN: ", "CORRECTED-", "REFILE-", "URGENT", "FLASH: ",
    "BULLETIN", "BC-", "-", "--", "—", "(", ")", ";", ":", "By ", "JANE DOE", "Jane Doe", " and ",
    " in ", ", ", "(Reporting by ", "Editing by ", "; ", "EFE-EPA", "Reuter", "REUTER", "AFP",
    "(AP)", "dpa xy zz", "212101 GMT Nov 18", "(END)", "-30-", "Related Articles",
    "Back to top button", "Sign up for our newsletter", "Advertisement", "Read more: ",
    "contributed to this report.", "--With assistance from ", "&#3;", "&lt;", "&amp;", "&", "&#",
    "&#x", "â€™", "Ã©", "ï¿½", "\ufffd", "\x03", "\x93", "\x00", "\u200b", "\ufeff", "\u0301",
    "\u00a0", "\t", "    ", " ", "\n", "\n\n", "\r\n", "\r", "\u2028", ".", "TOKYO (Reuters) - ",
    "Tokyo, Oct 6 (efe-epa).- ", "Headline", "said on Tuesday", "___",
]  # fmt: skip
wire_text = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=6), max_size=50).map("".join)
any_text = st.text() | wire_text


def _passes_rejection(raw: str) -> bool:
    """False when ``reject_unusable`` refuses ``raw`` with one of the input codes; any
    other error propagates and fails the test."""
    try:
        reject_unusable(raw)
    except StoryError as error:
        if error.code not in INPUT_CODES:
            raise
        return False
    return True


def _check_segments(raw: str, accepted: bool = True) -> None:
    """Clean and segment ``raw``: neither may raise, and the parts keep their shape. Text
    that ``reject_unusable`` ``accepted`` always gives a headline."""
    cleaned = clean_text(raw)
    parts = segment(cleaned, TABLE)
    if accepted:
        assert parts.headline.strip()
        assert "no_headline" not in {w.code for w in parts.warnings}
    assert "\n" not in parts.headline
    assert parts.lead == parts.lead.strip()
    assert "\n\n\n" not in parts.lead
    if parts.signoff is not None:
        assert parts.signoff.strip()


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_text)
def test_any_text_is_rejected_with_an_input_code_or_segmented(raw: str) -> None:
    if _passes_rejection(raw):
        _check_segments(raw)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=())))
def test_surrogates_and_every_other_code_point_survive_cleaning(raw: str) -> None:
    # Lone surrogates cannot come from valid UTF-8, but a JSON escape can carry one.
    _check_segments(raw, accepted=_passes_rejection(raw))


_NO_JUNK = st.characters(
    blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="\ufffd"
)
_first_line = st.text(alphabet=_NO_JUNK, min_size=1).filter(
    lambda line: any(unicodedata.category(c)[0] in "LNPS" for c in line)
)
_rest = st.text(alphabet=st.one_of(_NO_JUNK, st.sampled_from("\n\t\r\u2028")))


@settings(max_examples=300, deadline=None)
@given(_first_line, _rest)
def test_valid_text_with_a_first_line_is_never_rejected(first: str, rest: str) -> None:
    raw = f"{first}\n{rest}"
    reject_unusable(raw)
    _check_segments(raw)


@settings(max_examples=300, deadline=None)
@given(any_text)
def test_clean_text_has_its_documented_shape(raw: str) -> None:
    cleaned = clean_text(raw)
    assert cleaned == cleaned.strip()
    assert "\n\n\n" not in cleaned
    for paragraph in cleaned.split("\n\n") if cleaned else []:
        assert paragraph
        assert "\n" not in paragraph
        assert paragraph == paragraph.strip()
        assert "  " not in paragraph
    assert not any(unicodedata.category(c) in {"Cc", "Cs"} and c != "\n" for c in cleaned)
    assert unicodedata.is_normalized("NFC", cleaned)


# Starters, combining marks of several classes (some decompose: U+0344, U+0F73) and
# precomposed letters, so that long unordered runs of marks are common.
_MARKS = st.sampled_from(
    ["a", "e", "o", "á", "ṩ", "ᾀ", "\u1100", "\u1161", "\u11a8", "\u0301", "\u0316",
     "\u0323", "\u0307", "\u0344", "\u0345", "\u031b", "\u05b0", "\u0f71", "\u0f72",
     "\u0f73", "\u0f80"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(_MARKS | st.text(max_size=3), max_size=120).map("".join) | st.text())
def test_nfc_equals_unicodedata(raw: str) -> None:
    assert nfc(raw) == unicodedata.normalize("NFC", raw)


# ---------------------------------------------------------------------------- linear time

SMALL = 25_000  # characters; the large input is eight times this


def _repeat(unit: str, size: int, head: str = "Headline\n\n", tail: str = "") -> str:
    count = max(1, (size - len(head) - len(tail)) // len(unit))
    return head + unit * count + tail


# Each builder returns an input of about ``size`` characters that stresses one pattern.
ADVERSARIAL: dict[str, Callable[[int], str]] = {
    "run of spaces": lambda n: _repeat(" ", n, tail="x"),
    "spaces and tabs in lines": lambda n: _repeat(" \t a  \t\n", n),
    "run of &#": lambda n: _repeat("&#", n),
    "unterminated numeric entities": lambda n: _repeat("&#1234567", n),
    "unterminated named entities": lambda n: _repeat("&abcdefghijklmnopqrstuvwxyz", n),
    "valid entities": lambda n: _repeat("&amp;&#3;", n),
    "run of (": lambda n: _repeat("(", n, head=""),
    "tags heading a headline": lambda n: _repeat("(LEAD) ", n, head=""),
    "tags closing a headline": lambda n: _repeat(" (LEAD)", n, head="H"),
    "open ATTN tags": lambda n: _repeat("(ATTN: ", n, head=""),
    "run of dashes": lambda n: _repeat("-", n),
    "glued update tags": lambda n: _repeat("UPDATE 2-", n, head=""),
    "run of em dashes": lambda n: _repeat("—", n),
    "rule lines": lambda n: _repeat("-----\n", n),
    "boilerplate lines": lambda n: _repeat("Related Articles\n", n),
    "boilerplate and link blocks": lambda n: _repeat("Related Articles\n\nSome link title\n\n", n),
    "sign-up prompts": lambda n: _repeat("Sign up for our newsletter\n\n", n),
    "one giant line": lambda n: _repeat("word ", n, head=""),
    "one giant word": lambda n: _repeat("x", n, head=""),
    "many short lines": lambda n: _repeat("a\n", n),
    "many blank lines": lambda n: _repeat("a\n\n\n", n),
    "hard-wrapped 1987 copy": lambda n: _repeat("    Indented paragraph start\ncontinued\n", n),
    "lower-case continuations": lambda n: _repeat("a line long enough to count as wrapped\n", n),
    "run of combining marks": lambda n: _repeat("\u0301\u0316", n, head="Headline\n\na"),
    "mojibake letters": lambda n: _repeat("Ã© ", n),
    "mojibake quotes": lambda n: _repeat("â€™", n),
    "mis-decoded replacement chars": lambda n: _repeat("ï¿½", n),
    "mojibake lines": lambda n: _repeat("Ã\n", n),
    "accented text": lambda n: _repeat("naïve café ", n),
    "credit clauses": lambda n: _repeat("Reporting by A B; ", n, head="H\n\nb\n\n(", tail=")"),
    "open credit parentheses": lambda n: _repeat("(Reporting by ", n, head="H\n\nb ", tail=")"),
    "credit places": lambda n: _repeat("Jo Doe in Paris and ", n, head="H\n\nb\n\nReporting by "),
    "byline names": lambda n: _repeat("Jane Doe and ", n, head="H\n\nBy ", tail="X Y"),
    "sign-off lines": lambda n: _repeat("Reuter\n\n", n),
    "dpa stamps": lambda n: _repeat("dpa xy zz\n212101 GMT Nov 18\n", n),
    "end marks": lambda n: _repeat("-30-\n\n", n),
    "glued sign-offs": lambda n: _repeat("x. EFE-EPA ", n),
    "slug of dashes": lambda n: _repeat("-", n, head="BC-", tail="\nHeadline"),
    "contributor names": lambda n: _repeat(
        "writer Jo Doe and ", n, head="H\n\nb\n\nAP ", tail="contributed."
    ),
    "run of colons": lambda n: _repeat(":", n, head="URGENT"),
    "invisible characters": lambda n: _repeat("\u00a0\u200b\ufeff a", n),
    "line endings": lambda n: _repeat("a\r\n\r", n),
    "sparse controls": lambda n: _repeat("abcdefghijklmnopqrstuvwxyz\x03", n),
    "surrogates": lambda n: _repeat("\ud83d\ude00\ud800", n),
}  # fmt: skip


def _stages(raw: str) -> None:
    segment(clean_text(raw), TABLE)


@pytest.mark.slow
@pytest.mark.parametrize("build", ADVERSARIAL.values(), ids=ADVERSARIAL.keys())
def test_stages_run_in_linear_time(build: Callable[[int], str]) -> None:
    small, large = build(SMALL), build(8 * SMALL)
    ratio = growth_ratio(lambda: _stages(small), lambda: _stages(large))
    assert ratio < MAX_RATIO, f"8x input took {ratio:.1f}x the time"


@pytest.mark.slow
def test_nfc_runs_in_linear_time_on_long_runs_of_marks() -> None:
    def build(size: int) -> str:
        return _repeat("\u0301\u0316", size, head="a")

    small, large = build(SMALL), build(8 * SMALL)
    ratio = growth_ratio(lambda: nfc(small), lambda: nfc(large))
    assert ratio < MAX_RATIO, f"8x input took {ratio:.1f}x the time"


@pytest.mark.parametrize("build", ADVERSARIAL.values(), ids=ADVERSARIAL.keys())
def test_adversarial_inputs_are_handled(build: Callable[[int], str]) -> None:
    raw = build(SMALL)
    if _passes_rejection(raw):
        _check_segments(raw)
