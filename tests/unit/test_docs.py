"""The documentation a person reads: a short README, docs/ beside it, no dangling link.

Every relative link in the README, the CHANGELOG and ``docs/`` must name a file that
exists, and a ``#anchor`` must be the GitHub slug of one of that page's headings (how
GitHub renders Markdown anchors), so a moved section cannot leave a link behind.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PAGES = sorted([REPO / "README.md", REPO / "CHANGELOG.md", *(REPO / "docs").glob("*.md")])
_LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
_FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def anchors(page: Path) -> set[str]:
    text = _FENCE.sub("", page.read_text(encoding="utf-8"))
    return {slug(m.group(1)) for m in re.finditer(r"^#{1,6} (.+?)\s*$", text, re.MULTILINE)}


def test_slug_is_githubs() -> None:
    assert slug("WiredeskWorkerDown") == "wiredeskworkerdown"
    assert slug("Input: `wire.raw`") == "input-wireraw"
    assert slug("Security: SASL_SSL with SCRAM and ACLs") == "security-sasl_ssl-with-scram-and-acls"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(REPO)))
def test_every_relative_link_resolves(page: Path) -> None:
    text = _FENCE.sub("", page.read_text(encoding="utf-8"))
    for target in _LINK.findall(text):
        if re.match(r"[a-z]+:", target):  # https:, mailto:
            continue
        path, _, anchor = target.partition("#")
        linked = (page.parent / path).resolve() if path else page
        assert linked.exists(), f"{page.name}: link to a missing file: {target}"
        if anchor and linked.suffix == ".md":
            assert anchor in anchors(linked), f"{page.name}: no heading for #{anchor} in {path}"


def test_the_readme_is_short_and_names_the_commands() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 200
    assert "make lint test" in readme and "make test" in readme and "make demo" in readme
    for page in (REPO / "docs").glob("*.md"):
        assert f"(docs/{page.name})" in readme, f"the README links no docs/{page.name}"
