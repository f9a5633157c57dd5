"""Text cleaning: Unicode, control characters, SGML entities, mojibake, whitespace, web boilerplate."""

from __future__ import annotations


def reject_unusable(raw: str) -> None:
    """Raise StoryError for empty, whitespace-only or binary-junk text (see errors.py codes)."""
    raise NotImplementedError


def clean_text(raw: str) -> str:
    """Return the cleaned story text, paragraphs separated by blank lines."""
    raise NotImplementedError
