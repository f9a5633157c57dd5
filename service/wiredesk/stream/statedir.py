"""The story keeper's state folder: one per worker process, claimed by a lock.

The keeper keeps its RocksDB table in ``WIREDESK_DATA_DIR``, a relative folder by
default, so two workers started from the same working folder would open the same
database (RocksDB refuses the second, or a rebalance hands one worker's partition to the
other while it is still open). Each worker therefore claims a folder with an exclusive
``flock`` on ``worker.lock`` in the folder's root: the first takes ``<data-dir>``, the
next ``<data-dir>-2``, then ``-3``, ... The lock is the kernel's: it goes when the
process does, however it ends, so a restarted worker gets a folder back (the first free
one) without anything to clean up. The folder is a cache of the changelog topic, so
starting from another worker's old folder, or an empty one, is correct, only slower.
"""

from __future__ import annotations

import fcntl
import os
from dataclasses import dataclass
from pathlib import Path

from wiredesk.settings import SettingsError

LOCK_FILE = "worker.lock"
MAX_FOLDERS = 64  # more workers than this in one working folder is a mistake, not a plan


class StateDirError(SettingsError):
    """No state folder could be claimed; says which and why (start-up stops, as for a
    bad setting)."""


@dataclass(frozen=True, slots=True)
class StateDir:
    """A claimed state folder; the lock is held while ``fd`` is open (the process lives)."""

    path: Path
    fd: int
    wanted: Path  # the folder WIREDESK_DATA_DIR names

    @property
    def is_wanted(self) -> bool:
        return self.path == self.wanted

    def release(self) -> None:
        os.close(self.fd)


def candidates(data_dir: str | os.PathLike[str]) -> list[Path]:
    """``<data-dir>``, ``<data-dir>-2``, ... in the order they are tried."""
    wanted = Path(data_dir)
    return [wanted, *(wanted.with_name(f"{wanted.name}-{n}") for n in range(2, MAX_FOLDERS + 1))]


def claim(data_dir: str | os.PathLike[str]) -> StateDir:
    """The first folder of :func:`candidates` no other process holds, created if needed
    and locked; a :class:`StateDirError` when none is free or a folder cannot be made."""
    wanted = Path(data_dir)
    for folder in candidates(wanted):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd = os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise StateDirError(
                f"WIREDESK_DATA_DIR: cannot use {str(folder)!r} for the keeper's state: "
                f"{exc.strerror or exc}"
            ) from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue
        except OSError as exc:
            os.close(fd)
            raise StateDirError(f"cannot lock {str(folder / LOCK_FILE)!r}: {exc}") from exc
        # The holder's pid, for an operator who wonders whose folder it is.
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        return StateDir(folder, fd, wanted)
    raise StateDirError(
        f"WIREDESK_DATA_DIR: {str(wanted)!r} and its {MAX_FOLDERS - 1} siblings "
        f"({wanted.name}-2 to -{MAX_FOLDERS}) are all held by running workers"
    )


def holder(folder: Path) -> str | None:
    """The pid written in ``folder``'s lock file, if any (for the log line)."""
    try:
        text = (folder / LOCK_FILE).read_text(encoding="ascii", errors="replace").strip()
    except OSError:
        return None
    return text or None
