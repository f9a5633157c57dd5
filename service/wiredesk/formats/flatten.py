"""Inline XHTML and NITF body markup -> paragraphs of plain text.

A paragraph is a block element (``p``, ``h1``-``h6``, ``li``, ``blockquote``, ``pre``,
NITF ``hl2``, ...) with all its inline text kept (``<p>A <b>big</b> day</p>`` gives
"A big day"); containers (``body``, ``div``, NITF ``block`` and ``body.content``, lists)
are walked, and loose text directly inside a container is a paragraph of its own, so a
NITF ``p`` without a ``block`` is still body. Tables and media references are dropped
and counted, so the reader can say so in a warning; ``head``/``title``/``script``/
``style`` are not body text and are skipped silently.
"""

from __future__ import annotations

from collections import Counter

from lxml import etree

from wiredesk.formats.xmlsafe import local_name
from wiredesk.models import RecordWarning, WarningCode

BLOCKS = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "blockquote", "pre", "hl2",
     "bq", "note", "fn", "caption"}
)  # fmt: skip
DROPPED = frozenset(
    {"table", "nitf-table", "media", "media-reference", "img", "figure", "object", "video",
     "audio", "iframe", "embed", "photo", "picture", "svg"}
)  # fmt: skip
SKIPPED = frozenset({"head", "title", "script", "style", "body.head", "body.end", "meta"})

Dropped = Counter[str]


def flatten(container: etree._Element) -> tuple[list[str], Dropped]:
    """The paragraphs inside ``container``, and how many of each dropped element."""
    paragraphs: list[str] = []
    dropped: Dropped = Counter()
    _walk(container, paragraphs, dropped)
    return paragraphs, dropped


def _has_block(element: etree._Element) -> bool:
    return any(local_name(e) in BLOCKS or local_name(e) in DROPPED for e in element.iter())


def _walk(container: etree._Element, out: list[str], dropped: Dropped) -> None:
    loose: list[str] = [container.text or ""]

    def flush() -> None:
        text = " ".join("".join(loose).split())
        if text:
            out.append(text)
        loose.clear()

    for element in container:
        name = local_name(element)
        if name in DROPPED:
            dropped[_kind(name)] += 1
        elif name in SKIPPED:
            pass
        elif name in BLOCKS:
            flush()
            text = " ".join(_inline(element, dropped).split())
            if text:
                out.append(text)
        elif name and _has_block(element):
            flush()
            _walk(element, out, dropped)
        else:
            loose.append(_inline(element, dropped) if name else "")
        loose.append(element.tail or "")
    flush()


def _inline(element: etree._Element, dropped: Dropped) -> str:
    """The text of an inline element and everything in it; ``br`` is a space."""
    parts = [element.text or ""]
    for inner in element:
        name = local_name(inner)
        if name in DROPPED:
            dropped[_kind(name)] += 1
        elif name == "br":
            parts.append(" ")
        elif name and name not in SKIPPED:
            parts.append(_inline(inner, dropped))
        parts.append(inner.tail or "")
    return "".join(parts)


def _kind(name: str) -> str:
    return "table" if name in {"table", "nitf-table"} else "media"


def dropped_warning(dropped: Dropped) -> list[RecordWarning]:
    if not dropped:
        return []
    parts = [f"{count} {kind}{'s' if count > 1 else ''}" for kind, count in sorted(dropped.items())]
    return [
        RecordWarning(
            code=WarningCode.MARKUP_DROPPED,
            message="dropped from the body (no text to keep): " + ", ".join(parts),
        )
    ]
