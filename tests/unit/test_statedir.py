"""The keeper's state folder: one per worker, claimed by a lock in the folder's root."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from wiredesk.settings import SettingsError
from wiredesk.stream import statedir


def test_the_first_claim_takes_the_folder_itself_and_says_whose_it_is(tmp_path: Path) -> None:
    claimed = statedir.claim(tmp_path / "wiredesk-data")
    try:
        assert claimed.path == tmp_path / "wiredesk-data" and claimed.is_wanted
        assert statedir.holder(claimed.path) == str(os.getpid())
    finally:
        claimed.release()


def test_a_held_folder_sends_the_next_claim_to_its_numbered_sibling(tmp_path: Path) -> None:
    wanted = tmp_path / "wiredesk-data"
    first = statedir.claim(wanted)
    second = statedir.claim(wanted)
    third = statedir.claim(wanted)
    try:
        assert [c.path.name for c in (first, second, third)] == [
            "wiredesk-data", "wiredesk-data-2", "wiredesk-data-3"
        ]  # fmt: skip
        assert not second.is_wanted and second.wanted == wanted
    finally:
        for claimed in (first, second, third):
            claimed.release()


def test_a_released_folder_is_claimed_again(tmp_path: Path) -> None:
    """A worker that ends (however: the kernel drops the lock) leaves its folder to the
    next worker started, with the state in it (a cache of the changelog)."""
    wanted = tmp_path / "wiredesk-data"
    first = statedir.claim(wanted)
    (first.path / "kept.db").write_text("state")
    first.release()
    again = statedir.claim(wanted)
    try:
        assert again.path == wanted
        assert (again.path / "kept.db").read_text() == "state"
    finally:
        again.release()


def test_a_folder_held_by_another_process_is_not_taken(tmp_path: Path) -> None:
    wanted = tmp_path / "wiredesk-data"
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from wiredesk.stream import statedir; "
         f"statedir.claim({str(wanted)!r}); print('held', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline() == b"held\n"
        claimed = statedir.claim(wanted)
        assert claimed.path.name == "wiredesk-data-2"
        assert statedir.holder(wanted) == str(holder.pid)
        claimed.release()
    finally:
        holder.kill()
        holder.wait(10)
    after = statedir.claim(wanted)  # the holder died: its lock died with it
    assert after.path == wanted
    after.release()


def test_no_free_folder_stops_start_up_with_a_settings_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(statedir, "MAX_FOLDERS", 2)
    held = [statedir.claim(tmp_path / "d"), statedir.claim(tmp_path / "d")]
    try:
        with pytest.raises(SettingsError, match="WIREDESK_DATA_DIR"):
            statedir.claim(tmp_path / "d")
    finally:
        for claimed in held:
            claimed.release()


def test_a_folder_that_cannot_be_made_is_a_settings_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(SettingsError, match="WIREDESK_DATA_DIR"):
        statedir.claim(blocker / "wiredesk-data")
