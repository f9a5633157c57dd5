"""Text cleaning: the first stage, raw story text in, clean story text out.

This module owns two decisions and nothing else:

* :func:`reject_unusable`: whether a raw story is text at all (empty, whitespace only,
  binary junk). It raises :class:`wiredesk.errors.StoryError`; everything it lets through
  must be cleaned and segmented without an exception, however odd it is.
* :func:`clean_text`: the character and layout level clean-up. Repairs unambiguous
  mojibake, decodes SGML/HTML entities, drops inline HTML tags that feeds leave in copy
  (``&lt;b&gt;WASHINGTON (AP)&lt;/b&gt;``), drops control and invisible characters, applies
  Unicode NFC, normalises line endings and spaces, re-joins hard-wrapped copy (1987 Reuters
  style: paragraph starts indented, no blank lines) and removes web boilerplate that
  scrapers leave around a story (``Related Articles``, ``Back to top button``, ...).

What the clean text looks like (the segmenter relies on it): paragraphs are single lines,
separated by exactly one blank line; no line starts or ends with a space; no run of two
spaces; no control character other than ``\\n``; NFC. The story's first line (slug,
update tag or headline) stays a paragraph of its own unless the copy is hard-wrapped.

It does not know what a headline, a dateline or a sign-off is: that is ``segment``'s job.

Every regular expression here runs in linear time on untrusted input: no pattern nests
or overlaps repetitions, and the rest is done with ``str`` methods line by line. ftfy,
whose cost grows faster than its input, only ever sees pieces of bounded length.
"""

from __future__ import annotations

import html.entities
import re
import unicodedata
from collections.abc import Iterable, Iterator

import ftfy

from wiredesk.errors import ErrorCode, Stage, StoryError

# --------------------------------------------------------------------- character classes

# C0 and C1 controls other than tab, newline and carriage return, plus DEL.
_CONTROLS = frozenset(
    [chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"]
    + ["\x7f"]
    + [chr(c) for c in range(0x80, 0xA0)]
)
# Invisible characters that carry no text. ZWJ and ZWNJ are kept on purpose: they change
# how Indic and Persian words and emoji sequences render, so dropping them alters words.
_INVISIBLE = frozenset(
    "\u00ad"  # soft hyphen: only a hyphenation hint
    "\u180e"  # Mongolian vowel separator (formerly a zero-width space)
    "\u200b"  # zero-width space
    "\u2060"  # word joiner
    "\u2061\u2062\u2063\u2064"  # invisible mathematical operators
    "\ufeff"  # byte-order mark / zero-width no-break space
)
# Space separators (Unicode category Zs) other than the plain space: NBSP, thin space, ...
_SPACES = frozenset(
    "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u202f\u205f\u3000"
)
# Vertical tab, form feed, and the Unicode line and paragraph separators end a line.
_LINE_BREAKS = frozenset("\x0b\x0c\u2028\u2029")

_BLANK = frozenset(" \t\n\r") | _SPACES | _LINE_BREAKS | _INVISIBLE

# str.translate tables: C-speed passes over the whole story.
_DELETE_CONTROLS = str.maketrans(dict.fromkeys(_CONTROLS - _LINE_BREAKS))
_DELETE_BLANK = str.maketrans(dict.fromkeys(_BLANK))
_CLEAN_CHARS = str.maketrans(
    {
        **dict.fromkeys(_CONTROLS - _LINE_BREAKS),
        **dict.fromkeys(_INVISIBLE),
        **dict.fromkeys(_SPACES, " "),
        **dict.fromkeys(_LINE_BREAKS, "\n"),
        # A tab is an indent of four: 1987 copy marks paragraph starts by indentation.
        "\t": "    ",
    }
)
_SURROGATE = re.compile("[\ud800-\udfff]")

# Thresholds of reject_unusable (see its docstring).
_MIN_JUNK = 4
_MAX_CONTROL_SHARE = 0.10
_MAX_REPLACEMENT_SHARE = 0.30


# --------------------------------------------------------------------------- rejection


def _reject(code: ErrorCode, message: str) -> StoryError:
    return StoryError(code, message, Stage.CLEAN)


def reject_unusable(raw: str) -> None:
    """Raise StoryError when ``raw`` is not usable story text; return None otherwise.

    * ``EMPTY_STORY``: the text is ``""``.
    * ``WHITESPACE_ONLY``: nothing but spaces, line breaks and invisible characters
      (BOM, zero-width space, ...).
    * ``BINARY_CONTENT``: a NUL character anywhere; or nothing visible but control and
      replacement characters; or at least four C0/C1 control characters (tab, newline and
      CR excepted) making up over 10% of the visible characters; or at least four U+FFFD
      replacement characters making up over 30% of them (the text was decoded with the
      wrong encoding and most of it is lost). A stray ``\\x03`` left by an old
      transmission, or a few lost accents, do not reject a story.
    """
    if raw == "":
        raise _reject(ErrorCode.EMPTY_STORY, "the story text is empty")
    if "\x00" in raw:
        raise _reject(ErrorCode.BINARY_CONTENT, "the story text contains NUL characters")
    visible = len(raw.translate(_DELETE_BLANK))
    if visible == 0:
        raise _reject(ErrorCode.WHITESPACE_ONLY, "the story text is only whitespace")
    controls = len(raw) - len(raw.translate(_DELETE_CONTROLS))
    replacements = raw.count("\ufffd")
    if controls + replacements >= visible:
        raise _reject(
            ErrorCode.BINARY_CONTENT,
            "the story text has only control or replacement characters besides whitespace",
        )
    if controls >= _MIN_JUNK and controls > _MAX_CONTROL_SHARE * visible:
        raise _reject(
            ErrorCode.BINARY_CONTENT,
            f"{controls} of {visible} visible characters are control characters",
        )
    if replacements >= _MIN_JUNK and replacements > _MAX_REPLACEMENT_SHARE * visible:
        raise _reject(
            ErrorCode.BINARY_CONTENT,
            f"{replacements} of {visible} visible characters are U+FFFD replacement "
            "characters: the text was decoded with the wrong encoding",
        )


# ----------------------------------------------------------------------------- cleaning


def clean_text(raw: str) -> str:
    """Return the cleaned story text: single-line paragraphs separated by one blank line.

    Never empty for text that :func:`reject_unusable` accepts: a story that would clean
    away entirely is kept with its characters tidied but its words as written.

    Steps, in this order because each needs the one before: line endings (mojibake
    repair cuts the text at line breaks), mojibake (needs the C1 characters a wrong decode
    left), entities (``&#3;`` becomes a control character that the next step drops),
    characters and NFC, then layout and boilerplate on whole lines.
    """
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    characters = _clean_characters(_strip_markup(_decode_entities(_repair_mojibake(text))))
    paragraphs = _drop_boilerplate(_paragraphs(characters.split("\n")))
    if paragraphs:
        return "\n\n".join(paragraphs)
    # The story was nothing but boilerplate ("Related Topics"), rule lines or encoded
    # controls ("&#3;"). Every story that passes reject_unusable must yield a record with
    # a headline, so keep its characters as written rather than lose it.
    return "\n\n".join(_paragraphs(_clean_characters(text).split("\n")))


# ----------------------------------------------------------------------------- mojibake

# ftfy with only its encoding repairs switched on: the other fixes (quotes, ligatures,
# widths, line breaks, entities) would change text that is not broken.
_FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    fix_encoding=True,
    restore_byte_a0=True,
    replace_lossy_sequences=False,
    decode_inconsistent_utf8=True,
    fix_c1_controls=True,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=False,
    remove_control_chars=False,
    normalization=None,
    explain=False,
)
# ftfy's cost grows faster than the length of what it is given; feeding it bounded pieces
# keeps the stage linear in the story's length.
_MOJIBAKE_PIECE = 2000
# "ï¿½" is a U+FFFD replacement character that was itself mis-decoded: the original
# letter is lost, so there is nothing to repair. Left as written, it stays visible as
# damage instead of turning into a character that looks deliberate.
_LOST_CHARACTER = "ï¿½"


def _repair_mojibake(text: str) -> str:
    """Undo unambiguous mojibake (``â€™`` -> ``’``, ``Ã©`` -> ``é``) piece by piece."""
    if text.isascii():
        return text
    return "".join(_repair_piece(piece) for piece in _pieces(text, _MOJIBAKE_PIECE))


def _repair_piece(piece: str) -> str:
    if piece.isascii():
        return piece
    return _LOST_CHARACTER.join(_fix_encoding(part) for part in piece.split(_LOST_CHARACTER))


def _fix_encoding(text: str) -> str:
    if text.isascii():
        return text
    fixed: str = ftfy.fix_encoding(text, _FTFY_CONFIG)
    return fixed


def _pieces(text: str, size: int) -> Iterator[str]:
    """Cut ``text`` into pieces of at most ``size`` characters, after a line break or else a
    space where there is one (mojibake sequences hold neither, so they stay whole)."""
    start = 0
    while len(text) - start > size:
        lowest, highest = start + size // 2, start + size
        cut = text.rfind("\n", lowest, highest)
        if cut == -1:
            cut = text.rfind(" ", lowest, highest)
        end = cut + 1 if cut != -1 else highest
        yield text[start:end]
        start = end
    yield text[start:]


# ----------------------------------------------------------------------------- entities

# Numeric references and named ones with their semicolon. Named references without a
# semicolon are left alone: HTML would read "&not" in "Barnes &noticed" as "¬".
_ENTITY = re.compile(r"&(?:#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,8}|([A-Za-z][A-Za-z0-9]{0,31}));")


def _decode_entities(text: str) -> str:
    """``&lt;`` -> ``<``, ``&amp;`` -> ``&``, ``&#3;`` -> ``\\x03`` (dropped later)."""
    if "&" not in text:
        return text
    return _ENTITY.sub(_decode_entity, text)


def _decode_entity(match: re.Match[str]) -> str:
    name = match.group(1)
    if name is None:
        return html.unescape(match.group())
    return html.entities.html5.get(name + ";", match.group())


# ------------------------------------------------------------------------------ markup

# Inline HTML that RSS and aggregator copy carries inside plain text, often entity-encoded
# (``&lt;b&gt;WASHINGTON (AP)&lt;/b&gt; -``). Only this closed set of tag names is dropped
# (their text is kept): ``<NEM>`` in 1987 Reuters copy is a ticker, not markup.
_INLINE_TAG = re.compile(
    r"</?(?:a|abbr|b|big|cite|em|font|i|mark|q|small|span|strong|sub|sup|u)"
    r"(?:\s[\w:-]{1,30}=[^<>\n]{0,300})?\s?/?>",  # attributes: "<A and W Brands>" is a company
    re.IGNORECASE,
)
# Block-level breaks become line breaks, so the paragraphs stay apart.
_BREAK_TAG = re.compile(r"</?(?:br|p|div)(?:\s[\w:-]{1,30}=[^<>\n]{0,300})?\s?/?>", re.IGNORECASE)


def _strip_markup(text: str) -> str:
    """``<b>big</b>`` -> ``big``; ``<br>``, ``<p>`` -> a line break. Linear: each pattern
    is anchored on ``<`` with one bounded run inside the tag."""
    if "<" not in text:
        return text
    return _INLINE_TAG.sub("", _BREAK_TAG.sub("\n", text))


# --------------------------------------------------------------------------- characters

# Unicode's stream-safe text format (UAX #15) allows at most 30 combining marks in a row;
# longer runs are "Zalgo" noise, and CPython's NFC reorders a run in quadratic time.
_MAX_COMBINING_RUN = 30


def _combining_class() -> str:
    """A regex character class of every code point with a non-zero combining class."""
    ranges: list[tuple[int, int]] = []
    for code in range(0x300, 0x20000):  # no combining mark lies outside this range
        if unicodedata.combining(chr(code)):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return "[" + "".join(f"{chr(a)}-{chr(b)}" for a, b in ranges) + "]"


_COMBINING = _combining_class()
_COMBINING_RUN = re.compile(f"({_COMBINING}{{{_MAX_COMBINING_RUN}}}){_COMBINING}+")
_LONG_COMBINING_RUN = re.compile(f"{_COMBINING}{{{_MAX_COMBINING_RUN + 1},}}")


def nfc(text: str) -> str:
    """``unicodedata.normalize("NFC", text)``, exactly, in time linear in ``len(text)``.

    CPython puts each run of combining marks into canonical order with an insertion sort,
    quadratic in the run's length: a 200 kB run takes half a minute. Canonical order is a
    stable sort by combining class, so sorting long runs first (``sorted`` is stable and
    O(k log k)) gives the same result and leaves the insertion sort nothing to move.
    For callers that must not change the text otherwise (the content hash of the raw
    story); :func:`clean_text` also caps such runs.
    """
    if text.isascii():
        return text
    text = _LONG_COMBINING_RUN.sub(_sort_marks, text)
    return unicodedata.normalize("NFC", text)


def _sort_marks(run: re.Match[str]) -> str:
    return "".join(sorted(run.group(), key=unicodedata.combining))


def _clean_characters(text: str) -> str:
    """Drop controls and invisible characters, unify spaces and line breaks, apply NFC."""
    text = text.translate(_CLEAN_CHARS)
    if text.isascii():
        return text
    if _SURROGATE.search(text):
        # Surrogates (from JSON "\ud83d" escapes) cannot be encoded as UTF-8: ftfy joins
        # the pairs into one character and marks a lone one as U+FFFD.
        text = ftfy.fixes.fix_surrogates(text)
    return nfc(_COMBINING_RUN.sub(r"\1", text))


# ------------------------------------------------------------------------------- layout

# Indentation that marks a paragraph start in hard-wrapped copy (1987 Reuters uses four).
_PARAGRAPH_INDENT = 2
# A line this long or longer, not ending a sentence, followed by a line that starts in
# lower case, was wrapped mid-sentence (copy hard-wrapped without indentation).
_MIN_WRAPPED_LINE = 40
_MAX_WRAPPED_LINE = 100
_SENTENCE_END = frozenset(".!?:;\"'”’»)]…")
# After _clean_characters the only space left in a line is U+0020.
_SPACE_RUN = re.compile(" {2,}")


def _paragraphs(lines: list[str]) -> list[str]:
    """Blocks (runs of non-blank lines) -> paragraphs, one line each."""
    paragraphs: list[str] = []
    indents: list[int] = []
    texts: list[str] = []
    for line in lines:
        text = line.strip(" ")
        if "  " in text:
            text = _SPACE_RUN.sub(" ", text)
        if text:
            indents.append(len(line) - len(line.lstrip(" ")))
            texts.append(text)
        elif texts:
            paragraphs.extend(_rewrap(indents, texts, first_of_story=not paragraphs))
            indents, texts = [], []
    if texts:
        paragraphs.extend(_rewrap(indents, texts, first_of_story=not paragraphs))
    return paragraphs


def _rewrap(indents: list[int], texts: list[str], first_of_story: bool) -> list[str]:
    """One block of lines (their indents and tidied texts) -> its paragraphs.

    When the block is hard-wrapped with indented paragraph starts (an indented line
    followed by a flush one), each indented line starts a paragraph and flush lines
    continue it; flush lines before the first indented one stand alone (the title).
    Otherwise each line is a paragraph, unless it plainly continues a sentence that a
    wrap cut; the story's first line (slug or headline) is never continued that way.
    """
    if len(texts) == 1:
        return texts
    if first_of_story and indents[0] >= _PARAGRAPH_INDENT > indents[1] and not _runs_on(texts[0]):
        # An indented first line that ends before the wrap margin is a headline that
        # lost its blank line, not the start of a wrapped paragraph.
        return [texts[0], *_rewrap(indents[1:], texts[1:], first_of_story=False)]
    first_indented = next(
        (i for i, indent in enumerate(indents) if indent >= _PARAGRAPH_INDENT), len(texts)
    )
    wrapped = any(indent < _PARAGRAPH_INDENT for indent in indents[first_indented:])
    paragraphs: list[str] = []
    start = 0
    for i in range(1, len(texts)):
        if wrapped:
            # Wrapped lines are flush left. A line indented by one space is neither a
            # continuation nor a paragraph start in 1987 copy: it is the " Reuter" sign-off.
            join = i > first_indented and indents[i] == 0
        else:
            join = i > int(first_of_story) and _continues(texts[i - 1], texts[i])
        if not join:
            paragraphs.append(_join_wrapped(texts, start, i))
            start = i
    paragraphs.append(_join_wrapped(texts, start, len(texts)))
    return paragraphs


def _runs_on(line: str) -> bool:
    """Whether ``line`` looks cut by a hard wrap: about a wrapped line's length, and not
    the end of a sentence."""
    return _MIN_WRAPPED_LINE <= len(line) <= _MAX_WRAPPED_LINE and line[-1] not in _SENTENCE_END


def _continues(previous_line: str, line: str) -> bool:
    """Whether ``line`` continues a sentence that a hard wrap cut after ``previous_line``."""
    return _runs_on(previous_line) and line[0].islower()


def _join_wrapped(texts: list[str], start: int, stop: int) -> str:
    """Lines ``start`` to ``stop`` of a block as one paragraph."""
    if stop - start == 1:
        return texts[start]
    parts = [texts[start]]
    for i in range(start + 1, stop):
        previous = texts[i - 1]
        # A word hyphenated across the wrap ("Bosnia-" / "Herzegovina") keeps its hyphen
        # and loses the space; a dash standing alone ("fell -" / "analysts") keeps it.
        hyphenated = len(previous) >= 2 and previous[-1] == "-" and previous[-2].isalpha()
        parts.append(texts[i] if hyphenated else " " + texts[i])
    return "".join(parts)


# -------------------------------------------------------------------------- boilerplate

# Paragraphs that are web furniture, compared in lower case with trailing ":", ".", "»",
# "›", ">" and spaces removed. Whole paragraphs only: a sentence that contains "click here
# to" is never touched.
_BOILERPLATE_LINES = frozenset(
    {
        "advertisement",
        "advertisements",
        "sponsored",
        "sponsored content",
        "back to top",
        "back to top button",
        "scroll to top",
        "skip to content",
        "skip to main content",
        "share",
        "share this",
        "share this article",
        "share this story",
        "share on facebook",
        "share on twitter",
        "tweet",
        "print",
        "email",
        "copy link",
        "comments",
        "show comments",
        "leave a comment",
        "continue reading",
        "continue reading below",
        "scroll to continue",
        "story continues below",
        "story continues below advertisement",
        "read more",
        "read also",
        "also read",
        "see also",
        "listen to this article",
        "our standards: the thomson reuters trust principles",
        # headers that open a block of links at the end of a page: see _TAIL_MARKERS
        "related",
        "related articles",
        "related stories",
        "related news",
        "related content",
        "related coverage",
        "related posts",
        "related topics",
        "more stories",
        "more news",
        "more from this section",
        "you may also like",
        "you might also like",
        "recommended",
        "recommended for you",
        "recommended stories",
        "most read",
        "most popular",
        "trending",
        "trending now",
        "latest news",
        "read next",
        "up next",
    }
)
_TAIL_MARKERS = frozenset(
    line
    for line in _BOILERPLATE_LINES
    if line.startswith(("related", "more ", "you m", "recommended", "most ", "trending"))
    or line in {"latest news", "read next", "up next", "see also"}
)
# Prompts recognised by how they start: (start in lower case, words one of which must
# follow, or None). "Sign up for" alone could open a real headline; "Sign up for our daily
# newsletter" cannot.
_PROMPT_WORDS = ("newsletter", "our ", "alerts", "briefing", "updates", "email", "free", "daily")
_BOILERPLATE_PREFIXES: tuple[tuple[str, tuple[str, ...] | None], ...] = (
    ("read more:", None),
    ("read more at", None),
    ("read more about", None),
    ("read also:", None),
    ("also read:", None),
    ("see also:", None),
    ("related:", None),
    ("click here to", None),
    ("click here for", None),
    ("click here if", None),
    ("follow us on", None),
    ("to contact the reporter", None),
    ("to contact the editor", None),
    ("sign up for", _PROMPT_WORDS),
    ("sign up to", _PROMPT_WORDS),
    ("subscribe to", _PROMPT_WORDS),
    ("get our", ("newsletter", "app")),
    ("download the", (" app",)),
    ("copyright", ("rights reserved",)),
    ("©", ("rights reserved",)),
    ("(c)", ("rights reserved",)),
)
_BOILERPLATE_PHRASES = (
    "auto-generated from a syndicated feed",
    "has not been edited by",
)
# Boilerplate is short; a longer paragraph is a story paragraph whatever it contains.
_MAX_BOILERPLATE = 300
# Headlines of linked stories after a tail marker are short and end without a full stop.
_MAX_LINK_LINE = 150
_TAIL_LOOKBACK = 40
_RULE_CHARS = frozenset("-_=*~#•·. ")


def _key(paragraph: str) -> str:
    return paragraph.lower().rstrip(" :.»›>|")


def _is_boilerplate(paragraph: str) -> bool:
    if len(paragraph) > _MAX_BOILERPLATE or paragraph[0].islower():
        # Scraped furniture is capitalised; a lower-case line continues a sentence.
        return False
    key = _key(paragraph)
    if key in _BOILERPLATE_LINES:
        return True
    lower = paragraph.lower()
    return _has_prefix_prompt(lower) or any(phrase in lower for phrase in _BOILERPLATE_PHRASES)


def _has_prefix_prompt(lower: str) -> bool:
    for prefix, needed in _BOILERPLATE_PREFIXES:
        if lower.startswith(prefix) and (
            needed is None or any(word in lower[len(prefix) :] for word in needed)
        ):
            return True
    return False


def _is_rule(paragraph: str) -> bool:
    """A separator line such as ``___`` or ``* * *``; ``-30-`` and ``###`` are not: the
    segmenter reads them as end marks."""
    return (
        len(paragraph) >= 3
        and all(c in _RULE_CHARS for c in paragraph)
        and paragraph.strip("#") != ""
    )


def _tail_cut(paragraphs: list[str]) -> int:
    """Where a trailing block of links opened by ``Related Articles`` (or the like) starts;
    ``len(paragraphs)`` when there is none. Only short lines that do not end a sentence
    (headlines of linked stories) and boilerplate may follow the marker."""
    cut = len(paragraphs)
    for i in range(len(paragraphs) - 1, max(-1, len(paragraphs) - 1 - _TAIL_LOOKBACK), -1):
        paragraph = paragraphs[i]
        if len(paragraph) <= _MAX_BOILERPLATE and _key(paragraph) in _TAIL_MARKERS:
            cut = i
        elif not _is_boilerplate(paragraph) and not _is_link_line(paragraph):
            break
    return cut


def _is_link_line(paragraph: str) -> bool:
    return len(paragraph) <= _MAX_LINK_LINE and paragraph[-1] not in ".!?"


def _drop_boilerplate(paragraphs: Iterable[str]) -> list[str]:
    kept = list(paragraphs)
    kept = kept[: _tail_cut(kept)]
    return [p for p in kept if not _is_boilerplate(p) and not _is_rule(p)]
