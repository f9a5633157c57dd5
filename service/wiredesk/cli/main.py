"""``wiredesk`` commands.

- ``wiredesk normalize [PATH ...]``: the offline pipeline, one JSON record per line (or
  ``--format events``: one row per coded event).
- ``wiredesk schemas [--out DIR] [--check]``: write or check the JSON Schemas.
- ``wiredesk worker`` / ``publish`` / ``tail``: the streaming side (see wiredesk.stream).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from wiredesk import codec
from wiredesk.cli.files import InputStory, MissingPathsError, check_paths, iter_paths
from wiredesk.errors import WiredeskError


def _parse_time(value: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise argparse.ArgumentTypeError(
            f"not an ISO 8601 timestamp: {value!r} (e.g. 2020-10-06T10:00:00+09:00)"
        ) from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _report(label: str, error: WiredeskError) -> None:
    print(f"wiredesk: {label}: [{error.code}] {error.message}", file=sys.stderr)


class Progress:
    """``normalizing 12/40`` on standard error, rewritten in place, when it is a terminal
    and there is more than one story (a folder, a JSON-lines file); silent otherwise."""

    def __init__(self, verb: str, total: int, *, shown: bool | None = None) -> None:
        self._verb = verb
        self._total = total
        self._shown = (sys.stderr.isatty() if shown is None else shown) and total > 1

    def step(self, index: int) -> None:
        if self._shown:
            print(f"\r{self._verb} {index}/{self._total}", end="", file=sys.stderr, flush=True)

    def done(self) -> None:
        if self._shown:
            print(file=sys.stderr)


def cmd_normalize(args: argparse.Namespace) -> int:
    paths = args.paths or ["-"]
    check_paths(paths)  # before the model loads (seconds)
    from wiredesk.ninjs import to_ninjs
    from wiredesk.process import Consumed, DeadLetter, Processor
    from wiredesk.resources import load_resources
    from wiredesk.settings import load_settings
    from wiredesk.stories.book import StoryBook
    from wiredesk.stories.coded import rows
    from wiredesk.stories.key import story_key

    settings = load_settings()
    resources = load_resources(
        None if args.no_entities else settings.model,
        max_story_bytes=settings.max_story_bytes,
        languages=settings.language_codes,
    )
    processor = Processor(resources)
    # The stories given are one stream: each gets its place among those before it, as the
    # story keeper would tell it (state in memory, forgotten when the command ends).
    book = None
    if not args.no_lifecycle:
        book = StoryBook({}, timedelta(hours=settings.lifecycle_retention_hours))
    failures = 0
    out = sys.stdout
    # The progress line needs the total, so the inputs are read ahead only when it is
    # shown (a terminal, files only); otherwise stories stream through one at a time, so
    # a pipe (`... | wiredesk normalize -`) gets each record as soon as it is read and a
    # large JSON-lines file is never held whole.
    stories: Iterable[InputStory] = iter_paths(paths)
    progress = Progress("normalizing", 0, shown=False)
    if sys.stderr.isatty() and "-" not in paths:
        stories = list(stories)
        progress = Progress("normalizing", len(stories))
    for index, story in enumerate(stories, start=1):
        progress.step(index)
        if story.error is not None:
            _report(story.label, story.error)
            failures += 1
            continue
        consumed = Consumed(
            story.raw,
            None,
            story.position(),
            story.content_type,
            received_at=args.received_at or datetime.now(UTC),
            received_at_assumed=args.received_at is None,
        )
        outcome = processor.one(consumed)
        if isinstance(outcome, DeadLetter):
            _report(story.label, outcome.error)
            failures += 1
            continue
        record = outcome.record
        first_received_at = record.received_at
        if book is not None:
            admitted = book.admit(record, story.label)
            record, first_received_at = admitted.record, admitted.entry.first_seen
        if args.format == "ninjs":
            out.write(json.dumps(to_ninjs(record), ensure_ascii=False) + "\n")
        elif args.format == "events":
            key = record.lifecycle.story_key if record.lifecycle else story_key(record).value
            for row in rows(record, key, first_received_at):
                out.write(row.model_dump_json() + "\n")
        else:
            out.write(codec.encode_record(record).decode("utf-8") + "\n")
        out.flush()
    progress.done()
    return 1 if failures else 0


def cmd_schemas(args: argparse.Namespace) -> int:
    from wiredesk.jsonschema import render_schemas

    out = Path(args.out)
    stale = []
    for name, text in render_schemas().items():
        target = out / name
        if args.check:
            if not target.exists() or target.read_text(encoding="utf-8") != text:
                stale.append(str(target))
        else:
            out.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            print(f"wrote {target}")
    if stale:
        print("out of date (run `make schemas`): " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wiredesk", description="Normalise agency wire stories into event records."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    norm = sub.add_parser("normalize", help="normalise stories offline, one JSON record per line")
    norm.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="story files (plain text, NewsML-G2/NITF .xml/.nitf, ANPA .anpa/.tst, IPTC 7901: "
        "one story each, format sniffed), .jsonl/.json files (JSON-lines envelopes), "
        "folders, or - for standard input (default)",
    )
    norm.add_argument(
        "--received-at",
        type=_parse_time,
        default=None,
        help="receive time for stories whose envelope has none (ISO 8601; no zone = UTC)",
    )
    norm.add_argument(
        "--format",
        choices=["record", "ninjs", "events"],
        default="record",
        help="record: the event record (default); ninjs: its IPTC ninjs view; events: one "
        "flat row per coded event, the columns of the wire.coded topic (every event of "
        "every record: nothing is retracted offline)",
    )
    norm.add_argument(
        "--no-entities", action="store_true", help="skip NER (text, dateline and agency only)"
    )
    norm.add_argument(
        "--no-lifecycle",
        action="store_true",
        help="leave lifecycle null (by default each story gets its place among those before "
        "it in this run: new, update, kill, duplicate, ...)",
    )
    norm.set_defaults(func=cmd_normalize, parser=norm)

    schemas = sub.add_parser("schemas", help="write the JSON Schemas of the contracts")
    schemas.add_argument("--out", default="schemas")
    schemas.add_argument("--check", action="store_true", help="fail if the files are stale")
    schemas.set_defaults(func=cmd_schemas, parser=schemas)

    from wiredesk.cli.stream import add_stream_commands  # Faust is slow to import: only here

    add_stream_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra:  # the subcommand's own usage, not the top level's
        getattr(args, "parser", parser).error(f"unrecognized arguments: {' '.join(extra)}")
    try:
        code: int = args.func(args)
    except WiredeskError as exc:
        _report("error", exc)
        return 2
    except Exception as exc:  # a settings error at start-up must read clearly, not as a trace
        from wiredesk.settings import SettingsError

        if isinstance(exc, SettingsError | MissingPathsError):
            print(f"wiredesk: {exc}", file=sys.stderr)
            return 2
        raise
    return code


if __name__ == "__main__":
    sys.exit(main())
