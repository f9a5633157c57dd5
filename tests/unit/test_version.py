"""One version: the package's, the project's and the CHANGELOG's latest release agree."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import wiredesk

REPO = Path(__file__).resolve().parents[2]


def test_the_package_and_the_project_have_one_version() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert wiredesk.__version__ == project["version"]


def test_the_latest_release_in_the_changelog_is_that_version() -> None:
    text = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## \[([^\]]+)\](?: - (\d{4}-\d{2}-\d{2}))?$", text, re.MULTILINE)
    assert headings[0] == ("Unreleased", ""), "Unreleased goes on top"
    version, date = headings[1]
    assert version == wiredesk.__version__
    assert date, f"release {version} has no date"
    releases = [tuple(int(n) for n in v.split(".")) for v, _ in headings[1:]]
    assert releases == sorted(releases, reverse=True), "releases newest first"
