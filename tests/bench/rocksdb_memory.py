"""What the story keeper's RocksDB options do to memory: the keeper's write pattern on
RocksDB alone, with Faust's default options and with the keeper's (``TABLE_OPTIONS``).

Each run is its own process (so one's memory cannot hide in the other's), opens a
database the way Faust's store does (``RocksDBOptions.open``, through ``rocksdict``),
then for ``--stories`` stories writes a 1.5 kB state, reads it back, and deletes the
state of the story ``--window`` stories earlier (the retention window), printing the
process's resident memory and the database folder's size on disk every tenth (the disk a
keeper needs for a table of ``--window`` stories).

``--random-state`` writes states of random characters instead of one repeated letter:
RocksDB compresses a repeated letter to almost nothing, so that is the run whose folder
size stands for a real table's on disk (a story's state holds MinHash values, which do
not compress).

Run: ``python -m tests.bench.rocksdb_memory [--stories 200000] [--window 14000]
[--random-state]``.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any


def resident_mb() -> float:
    return int(Path("/proc/self/statm").read_text().split()[1]) * 4096 / 2**20


def folder_mb(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 2**20


def run(options: dict[str, Any], stories: int, window: int, random_state: bool = False) -> None:
    from faust.stores.rocksdb import RocksDBOptions

    with tempfile.TemporaryDirectory(prefix="wiredesk-rocksdb-") as tmp:
        folder = Path(tmp) / "stories.db"
        db = RocksDBOptions(**options, use_rocksdict=True).open(folder)
        state = json.dumps({"state": "x" * 1500}).encode()
        start = resident_mb()
        for n in range(stories):
            key = f"guid:story-{n}".encode()
            if random_state:
                state = json.dumps({"state": base64.b64encode(os.urandom(1125)).decode()}).encode()
            db[key] = state
            db.get(key)
            if n >= window:
                old = f"guid:story-{n - window}".encode()
                db.get(old)
                del db[old]
            if n and n % (stories // 10) == 0:
                print(
                    f"    {n:>8} stories  RSS {resident_mb():6.1f} MB"
                    f"  folder {folder_mb(folder):6.1f} MB",
                    flush=True,
                )
        print(
            f"    start {start:.1f} MB, end {resident_mb():.1f} MB;"
            f" folder at the end {folder_mb(folder):.1f} MB",
            flush=True,
        )
        db.close()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=200_000)
    parser.add_argument("--window", type=int, default=14_000)
    parser.add_argument("--random-state", action="store_true")
    parser.add_argument("--options", choices=["faust", "keeper"], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.options is not None:  # the child process
        from wiredesk.stream.app import TABLE_OPTIONS

        chosen = {} if args.options == "faust" else dict(TABLE_OPTIONS)
        chosen.pop("driver", None)
        run(chosen, args.stories, args.window, args.random_state)
        return 0
    for name, label in (("faust", "Faust's defaults"), ("keeper", "the keeper's options")):
        print(f"RocksDB with {label}, {args.stories:,} stories, window {args.window:,}:")
        subprocess.run(
            [sys.executable, "-m", "tests.bench.rocksdb_memory", "--options", name,
             "--stories", str(args.stories), "--window", str(args.window),
             *(["--random-state"] if args.random_state else [])],
            check=True,
        )  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
