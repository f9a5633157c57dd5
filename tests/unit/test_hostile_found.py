"""Bugs the hostile-input generator (tests/integration/hostile.py) found in the readers,
kept here as strict expected failures until they are fixed (then remove the marker).

Found with ``WIREDESK_HOSTILE_RECORDS=2000``: record 1705, the NITF seed with a run of
hyphens spliced into its ``<distributor>``, was dead-lettered as ``pipeline_failed``
(our own bug) instead of with a story code, and ``wiredesk normalize`` on the same file
ends in a traceback: the NITF reader builds an ``Envelope`` whose ``source`` is longer
than the model's 512 characters, and pydantic's ValidationError is not a StoryError.
"""

from __future__ import annotations

import contextlib

import pytest
from pydantic import ValidationError

from service import formats
from service.errors import StoryError
from tests.conftest import FORMAT_SEEDS

BUG = "NITF reader: a distributor over 512 characters raises ValidationError, not StoryError"


@pytest.mark.xfail(strict=True, raises=ValidationError, reason=BUG)
def test_a_nitf_distributor_over_512_characters_is_a_story_error_or_an_event() -> None:
    seed = (FORMAT_SEEDS / "nitf_ap_kill_chicago.xml").read_bytes()
    value = seed.replace(b"<distributor>The Associated Press", b"<distributor>The Associa"
                         + b"-" * 600 + b"ted Press")  # fmt: skip
    assert value != seed
    # A coded dead letter is fine (so is an event); any other exception is the bug.
    with contextlib.suppress(StoryError):
        formats.read_value(value, content_type="application/xml", max_bytes=65_536)
