"""The text stage: rejecting unusable input and cleaning raw story text.

Every example is invented in the style of agency or scraped copy; the seed story is read
from ``seeds/``.
"""

from __future__ import annotations

import unicodedata

import pytest

from tests.conftest import SEEDS
from wiredesk.errors import ErrorCode, Stage, StoryError
from wiredesk.normalize.text import clean_text, nfc, reject_unusable

SEED = SEEDS / "000_118fa2c7f2d82249.txt"

# ------------------------------------------------------------------------ reject_unusable

REJECTED: list[tuple[str, str, ErrorCode]] = [
    ("empty", "", ErrorCode.EMPTY_STORY),
    ("spaces", "   ", ErrorCode.WHITESPACE_ONLY),
    ("blank lines and tabs", "\n\t\r\n  \n", ErrorCode.WHITESPACE_ONLY),
    ("no-break spaces", "\u00a0\u3000\u2009", ErrorCode.WHITESPACE_ONLY),
    ("invisible only", "\ufeff\u200b\n\u2060", ErrorCode.WHITESPACE_ONLY),
    ("NUL in a story", "Quake hits coast\n\nA quake\x00 hit.", ErrorCode.BINARY_CONTENT),
    ("single NUL", "\x00", ErrorCode.BINARY_CONTENT),
    ("controls only", "\x01\x02\x03\x1b", ErrorCode.BINARY_CONTENT),
    ("lone control", "\x03", ErrorCode.BINARY_CONTENT),
    ("C1 only", "\x81\x8d\x8f\x90\x9d", ErrorCode.BINARY_CONTENT),
    ("binary junk", "PK\x03\x04\x14\x00" + "\x01\x02\x05\x06abc" * 30, ErrorCode.BINARY_CONTENT),
    ("controls over a tenth", "Shares rose" + "\x02\x05" * 4, ErrorCode.BINARY_CONTENT),
    ("replacement only", "\ufffd\ufffd\n\ufffd", ErrorCode.BINARY_CONTENT),
    (
        "replacements dominate",
        "\ufffd\ufffd\ufffd \ufffd\ufffd\ufffd\ufffd 2020",
        ErrorCode.BINARY_CONTENT,
    ),
    (
        "wrong codec",
        "Ab \ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd \ufffd\ufffd\ufffd",
        ErrorCode.BINARY_CONTENT,
    ),
]


@pytest.mark.parametrize(("raw", "code"), [r[1:] for r in REJECTED], ids=[r[0] for r in REJECTED])
def test_unusable_text_is_rejected_with_its_code(raw: str, code: ErrorCode) -> None:
    with pytest.raises(StoryError) as caught:
        reject_unusable(raw)
    assert caught.value.code == code
    assert caught.value.stage == Stage.CLEAN
    assert caught.value.retriable is False
    assert caught.value.message


USABLE: list[tuple[str, str]] = [
    ("plain", "Quake hits coast\n\nTOKYO (Kyodo) -- A quake hit."),
    ("one word", "Headline"),
    ("leading blank lines", "\n\n  \nStorm nears islands"),
    ("stray ETX from an old feed", "Cocoa review\n\nSALVADOR - Showers.\n Reuter\n\x03"),
    ("a few controls in a long story", "Markets close higher on trade hopes " * 3 + "\x02\x03\x16"),
    ("entity-encoded controls", "COCOA REVIEW\n\n&#22;&#22;&#1;Showers continued. &#3;"),
    ("a lost accent", "Windr\ufffddern am Meer genehmigt"),
    ("misdecoded quotes", "\x93Hello,\x94 said the minister"),
    ("BOM first", "\ufeffPompeo meets Motegi"),
    ("non-Latin", "Землетрясение в Японии\n\n東京で地震"),
    ("emoji", "🌧️ Rain again"),
]


@pytest.mark.parametrize("raw", [r[1] for r in USABLE], ids=[r[0] for r in USABLE])
def test_usable_text_passes(raw: str) -> None:
    reject_unusable(raw)


# ----------------------------------------------------------------------------- clean_text

# (id, raw, expected clean text)
CLEANED: list[tuple[str, str, str]] = [
    # SGML / HTML entities
    ("sgml lt", "Profits at &lt;ACME&gt; rose", "Profits at <ACME> rose"),
    ("amp", "Tom &amp; Jerry Inc", "Tom & Jerry Inc"),
    ("entity controls dropped", "&#5;&#5;&#5;C T &#22;&#22;&#1;f0704&#31;x", "C T f0704x"),
    ("trailing ETX entity", "Prices firm.\n Reuter\n&#3;", "Prices firm.\n\nReuter"),
    ("named", "caf&eacute; cr&egrave;me &copy; &euro;5", "café crème © €5"),
    ("hex", "&#x41;&#X42;&#x2019;s", "AB’s"),
    ("nbsp entity", "10&nbsp;000 tonnes", "10 000 tonnes"),
    ("tab entity", "a&#9;b", "a b"),
    ("unknown entity kept", "&notanentity; stays", "&notanentity; stays"),
    ("no semicolon kept", "Barnes &noticed AT&T and S&P", "Barnes &noticed AT&T and S&P"),
    ("one level only", "&amp;lt;", "&lt;"),
    ("bare ampersand", "R & D", "R & D"),
    # mojibake
    ("quote mojibake", "China\u00e2\u20ac\u2122s growth", "China’s growth"),
    ("latin-1 mojibake", "caf\u00c3\u00a9 au lait", "café au lait"),
    ("cp1252 c1 quotes", "\x93Free and open\x94", "“Free and open”"),
    ("lost character left alone", "Windr\u00ef\u00bf\u00bddern", "Windr\u00ef\u00bf\u00bddern"),
    (
        "lost character beside a repair",
        "Windr\u00ef\u00bf\u00bddern caf\u00c3\u00a9",
        "Windr\u00ef\u00bf\u00bddern café",
    ),
    ("legit accents untouched", "naïve café in São Paulo", "naïve café in São Paulo"),
    ("cyrillic mojibake", "\u00d0\u00bf\u00d1\u20ac\u00d0\u00b8", "при"),
    # characters
    ("C0 control", "Bahia\x16 cocoa\x7f", "Bahia cocoa"),
    ("C1 control", "A\x8dB", "AB"),
    ("zero-width space", "Indo\u200b-Pacific", "Indo-Pacific"),
    ("BOM", "\ufeffHeadline", "Headline"),
    ("soft hyphen", "Ko\u00adrea", "Korea"),
    ("word joiner", "a\u2060b", "ab"),
    ("zwj kept", "👩\u200d💻 coders", "👩\u200d💻 coders"),
    ("nfc", "cafe\u0301 Pe\u0301rez", "café Pérez"),
    ("nbsp and thin space", "10\u00a0km\u2009away", "10 km away"),
    ("line separator", "Line one\u2028Line two", "Line one\n\nLine two"),
    # line endings, spaces, paragraphs
    ("crlf", "Head\r\n\r\nBody one.\r\nBody two.", "Head\n\nBody one.\n\nBody two."),
    ("cr", "Head\r\rBody.", "Head\n\nBody."),
    ("collapse spaces", "Head  line \t here   ", "Head line here"),
    ("strip line ends", "  Head  \n\n   Body.  ", "Head\n\nBody."),
    ("many blank lines", "Head\n\n\n\n\nBody.\n\n\n", "Head\n\nBody."),
    ("single newlines", "Head\nBody one.\nBody two.", "Head\n\nBody one.\n\nBody two."),
    ("blank lines of spaces", "Head\n   \n\t\nBody.", "Head\n\nBody."),
    # hard-wrapped copy
    (
        "1987 wrapped",
        "MAIZE REVIEW\n\n    LIMA, March 3 - Rains fell across the\nnorthern valleys this week, "
        "growers\nsaid.\n    Exports were steady.\n Reuter\n&#3;",
        "MAIZE REVIEW\n\nLIMA, March 3 - Rains fell across the northern valleys this week, "
        "growers said.\n\nExports were steady.\n\nReuter",
    ),
    (
        "1987 wrapped with title in the block",
        "MAIZE REVIEW\n    LIMA, March 3 - Rains fell\nacross the valleys.",
        "MAIZE REVIEW\n\nLIMA, March 3 - Rains fell across the valleys.",
    ),
    (
        "1987 table rows stay rows",
        "ACME CORP QTR NET\n\n    DENVER, March 3 -\n    Shr 12 cts vs 10 cts\n"
        "    Net 1.2 mln vs 1.0 mln\n Reuter",
        "ACME CORP QTR NET\n\nDENVER, March 3 -\n\nShr 12 cts vs 10 cts\n\n"
        "Net 1.2 mln vs 1.0 mln\n\nReuter",
    ),
    (
        "1987 wrapped without a title",
        "    LIMA, March 3 - Rains fell across the northern valleys\nthis week.\n Reuter",
        "LIMA, March 3 - Rains fell across the northern valleys this week.\n\nReuter",
    ),
    (
        "indented headline without its blank line",
        "   Storm hits coast\nMIAMI (AP) — A storm hit.\nPower is out.",
        "Storm hits coast\n\nMIAMI (AP) — A storm hit.\n\nPower is out.",
    ),
    (
        "tab-indented paragraphs",
        "Head\n\n\tFirst paragraph starts\nand continues.\n\tSecond one.",
        "Head\n\nFirst paragraph starts and continues.\n\nSecond one.",
    ),
    (
        "hyphen at the wrap",
        "Head\n\n    Troops left Bosnia-\nHerzegovina on Friday.",
        "Head\n\nTroops left Bosnia-Herzegovina on Friday.",
    ),
    (
        "dash at the wrap",
        "Head\n\n    Prices fell -\nanalysts said.",
        "Head\n\nPrices fell - analysts said.",
    ),
    (
        "unindented wrap continued in lower case",
        "Head\n\nThe ministry said on Tuesday that the harvest was\nlate this year.",
        "Head\n\nThe ministry said on Tuesday that the harvest was late this year.",
    ),
    (
        "the first line is never continued",
        "Ministers agree on a plan for the northern fishing\nfleet talks resume",
        "Ministers agree on a plan for the northern fishing\n\nfleet talks resume",
    ),
    (
        "a finished sentence is not continued",
        "Head\n\nThe ministry said on Tuesday the harvest was late.\niPhone sales rose.",
        "Head\n\nThe ministry said on Tuesday the harvest was late.\n\niPhone sales rose.",
    ),
    # boilerplate: removed as whole lines only
    (
        "related articles tail",
        "Head\n\nBody.\n\nRelated Articles\n\nBack to top button",
        "Head\n\nBody.",
    ),
    (
        "tail block of link titles",
        "Head\n\nBody ends here.\n\nRelated Articles\n\nFloods close roads in the north\n\n"
        "Minister resigns after vote\n\nBack to top button",
        "Head\n\nBody ends here.",
    ),
    (
        "a full sentence after the marker is kept",
        "Head\n\nBody.\n\nRelated\n\nThe talks resume on Monday, officials said.",
        "Head\n\nBody.\n\nThe talks resume on Monday, officials said.",
    ),
    (
        "sign up at the top",
        "Sign up for our Morning Briefing newsletter.\nStocks slide\n\n(Bloomberg) -- Stocks fell.",
        "Stocks slide\n\n(Bloomberg) -- Stocks fell.",
    ),
    (
        "sign up headline kept",
        "Sign up for vaccine opens in Texas\n\nAUSTIN (AP) — Residents can book.",
        "Sign up for vaccine opens in Texas\n\nAUSTIN (AP) — Residents can book.",
    ),
    (
        "syndicated feed note",
        "Head\n\nBody.\n\n(This story has not been edited by our staff and is auto-generated "
        "from a syndicated feed.)",
        "Head\n\nBody.",
    ),
    (
        "share and advertisement",
        "Head\n\nShare this article\n\nADVERTISEMENT\n\nBody.",
        "Head\n\nBody.",
    ),
    (
        "read more",
        "Head\n\nBody.\n\nRead more: Floods close roads\n\nMore.",
        "Head\n\nBody.\n\nMore.",
    ),
    ("click here line", "Head\n\nClick here to get alerts.\n\nBody.", "Head\n\nBody."),
    (
        "click here in a sentence",
        "Head\n\nOfficials said users should click here to vote, then wait.",
        "Head\n\nOfficials said users should click here to vote, then wait.",
    ),
    (
        "advertisement in a sentence",
        "Head\n\nThe Advertisement Standards Board met on Monday to review complaints.",
        "Head\n\nThe Advertisement Standards Board met on Monday to review complaints.",
    ),
    (
        "lower-case line is never boilerplate",
        "Head\n\n    He criticised the\nadvertisement\n    Next.",
        "Head\n\nHe criticised the advertisement\n\nNext.",
    ),
    (
        "copyright line",
        "Head\n\nBody.\n\nCopyright 2021 The Example Press. All rights reserved.",
        "Head\n\nBody.",
    ),
    (
        "reuters trust principles",
        "Head\n\nBody.\n\nOur Standards: The Thomson Reuters Trust Principles.",
        "Head\n\nBody.",
    ),
    ("rule lines", "Head\n\nBody.\n\n___\n\nMore.\n\n* * *", "Head\n\nBody.\n\nMore."),
    ("end marks kept", "Head\n\nBody.\n\n-30-", "Head\n\nBody.\n\n-30-"),
    # a story that would clean away entirely keeps its words
    (
        "boilerplate only",
        "Related Articles\n\nBack to top button",
        "Related Articles\n\nBack to top button",
    ),
    ("related topics only", "RELATED TOPICS", "RELATED TOPICS"),
    ("encoded controls only", "&#3;&#22;", "&#3;&#22;"),
    ("rule line only", "  ___  ", "___"),
    ("mojibake no-break space only", "\u00c2\u00a0x\u00c2\u00a0", "x"),
]


@pytest.mark.parametrize(("raw", "expected"), [c[1:] for c in CLEANED], ids=[c[0] for c in CLEANED])
def test_clean_text(raw: str, expected: str) -> None:
    assert clean_text(raw) == expected


def test_long_runs_of_combining_marks_are_capped() -> None:
    zalgo = "a" + "\u0301\u0316" * 100 + " b"
    cleaned = clean_text(zalgo)
    marks = sum(1 for c in unicodedata.normalize("NFD", cleaned) if unicodedata.combining(c))
    assert marks == 30
    assert cleaned.endswith(" b")


@pytest.mark.parametrize(
    "raw",
    ["", "plain ascii", "cafe\u0301", "a" + "\u0301\u0316" * 200, "\u1100\u1161\u11a8", "\u0344x"],
)
def test_nfc_is_exactly_unicode_nfc(raw: str) -> None:
    assert nfc(raw) == unicodedata.normalize("NFC", raw)


def test_surrogates_are_paired_or_marked_lost() -> None:
    assert clean_text("smile \ud83d\ude00 broken \ud800 end") == "smile 😀 broken \ufffd end"


def test_seed_story_is_cleaned() -> None:
    cleaned = clean_text(SEED.read_text(encoding="utf-8"))
    paragraphs = cleaned.split("\n\n")
    assert paragraphs[0] == "Pompeo, Motegi reaffirm security cooperation in the Pacific"
    assert paragraphs[1].startswith("Tokyo, Oct 6 (efe-epa).- The United States secretary")
    assert paragraphs[-1].endswith("had tested positive for the virus. EFE-EPA")
    assert len(paragraphs) == 11  # headline and ten body paragraphs
    assert "Related Articles" not in cleaned
    assert "Back to top" not in cleaned
    assert "China’s growing influence" in cleaned


INVARIANT_INPUTS = [c[1] for c in CLEANED] + [r[1] for r in USABLE]


@pytest.mark.parametrize("raw", INVARIANT_INPUTS)
def test_clean_text_shape(raw: str) -> None:
    cleaned = clean_text(raw)
    assert "\n\n\n" not in cleaned
    assert cleaned == cleaned.strip()
    for paragraph in cleaned.split("\n\n") if cleaned else []:
        assert paragraph
        assert "\n" not in paragraph
        assert paragraph == paragraph.strip()
        assert "  " not in paragraph
    assert not any(unicodedata.category(c) == "Cc" and c != "\n" for c in cleaned)
    assert unicodedata.is_normalized("NFC", cleaned)
