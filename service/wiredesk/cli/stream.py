"""``wiredesk worker``, ``wiredesk publish`` and ``wiredesk tail``."""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import sys
import time
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from wiredesk import codec, formats
from wiredesk.cli.files import InputStory, check_paths, iter_paths
from wiredesk.errors import ErrorCode, StoryError
from wiredesk.normalize.pipeline import story_id
from wiredesk.settings import Settings, load_settings
from wiredesk.stream.kafka import client_config, service_topics, wait_until_ready


def positive_int(value: str) -> int:
    """An argparse type: a whole number of at least 1."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, got {number}")
    return number


def positive_float(value: str) -> float:
    """An argparse type: a number of seconds above 0."""
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not number > 0 or number == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a number above 0, got {value}")
    return number


def settings_help() -> str:
    """``worker --help``'s list of variables, from the settings themselves."""
    from wiredesk.settings import EXTRA_VARIABLES, Settings

    lines = ["variables (each WIREDESK_*, with its default):"]
    for name, field in Settings.model_fields.items():
        default = field.default
        shown = (
            "unset"
            if default is None
            else str(default).lower()
            if isinstance(default, bool)
            else str(default)
        )
        lines.append(f"  WIREDESK_{name.upper()}={shown}")
        if field.description:
            lines.append(f"      {field.description}")
    lines.append(f"  {EXTRA_VARIABLES}=unset")
    lines.append(
        "      WIREDESK_* names set on purpose that no setting reads (comma-separated, or *);"
    )
    lines.append("      any other unknown WIREDESK_* name stops start-up")
    return "\n".join(lines)


def add_stream_commands(sub: Any) -> None:
    worker = sub.add_parser(
        "worker",
        help="run the streaming worker (configured by WIREDESK_*)",
        description="Run the streaming worker. It is configured by environment variables only.",
        epilog=settings_help(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    worker.set_defaults(func=cmd_worker, parser=worker)

    publish = sub.add_parser("publish", help="publish stories to the input topic")
    publish.add_argument("paths", nargs="+", metavar="PATH",
                         help="story files (any format), folders, .jsonl files, or -")  # fmt: skip
    publish.add_argument("--topic", default=None, help="default: WIREDESK_INPUT_TOPIC")
    publish.set_defaults(func=cmd_publish, parser=publish)

    tail = sub.add_parser("tail", help="print a topic's records as JSON lines")
    tail.add_argument("--topic", default=None, help="default: WIREDESK_OUTPUT_TOPIC")
    tail.add_argument("--from", dest="start", choices=["earliest", "latest"], default="earliest")
    tail.add_argument("--max", type=positive_int, default=None, help="stop after N records")
    tail.add_argument("--timeout", type=positive_float, default=None,
                      help="stop after S seconds without a new record")  # fmt: skip
    tail.set_defaults(func=cmd_tail, parser=tail)


def cmd_worker(args: argparse.Namespace) -> int:
    from wiredesk.stream.worker import run_worker

    run_worker(load_settings())
    return 0


# --------------------------------------------------------------------------- publish


def _message(story: InputStory, max_bytes: int) -> tuple[bytes | None, bytes, str]:
    """(key, value, content type) for one story as given; the key is the id the worker
    will give it. What cannot be read is published as given (no key): the worker judges
    it and dead-letters it with a code."""
    try:
        document = formats.read_value(story.raw, content_type=story.content_type,
                                      max_bytes=max_bytes)  # fmt: skip
    except StoryError:
        return None, story.raw, formats.TEXT
    key = story_id(document.envelope, meta=document.meta).encode()
    return key, story.raw, formats.content_type_for(document)


async def _publish(settings: Settings, topic: str, paths: list[str]) -> int:
    await wait_until_ready(settings)
    items = []
    for story in iter_paths(paths):
        if story.error is not None and story.error.code == ErrorCode.UNREADABLE_INPUT:
            print(f"wiredesk: {story.label}: {story.error.message}", file=sys.stderr)
            continue
        items.append(story)
    producer = AIOKafkaProducer(**client_config(settings), acks="all", enable_idempotence=True)
    await producer.start()
    show_progress = sys.stderr.isatty()
    try:
        futures = []
        for index, story in enumerate(items, start=1):
            key, value, content_type = _message(story, settings.max_story_bytes)
            futures.append(
                await producer.send(
                    topic, value=value, key=key, headers=[("content-type", content_type.encode())]
                )
            )
            if show_progress:
                print(f"\rpublishing {index}/{len(items)}", end="", file=sys.stderr, flush=True)
        await asyncio.gather(*futures)
    finally:
        await producer.stop()
    if show_progress:
        print(file=sys.stderr)
    print(f"published {len(items)} stories to {topic}", file=sys.stderr)
    return 0


def cmd_publish(args: argparse.Namespace) -> int:
    check_paths(args.paths)  # nothing is published when a path names nothing
    settings = load_settings()
    return asyncio.run(_publish(settings, args.topic or settings.input_topic, args.paths))


# --------------------------------------------------------------------------- tail


def _value_field(value: bytes | None) -> dict[str, Any]:
    if value is None:
        return {"value": None}
    try:
        text = value.decode("utf-8")
    except UnicodeDecodeError:
        return {"value_base64": base64.b64encode(value).decode("ascii")}
    try:
        return {"value": json.loads(text)}
    except json.JSONDecodeError:
        return {"value": text}


def render_message(topic: str, message: Any, settings: Settings) -> str:
    """One consumed message as one JSON line: an event record as itself, anything
    else (dead letters included) as an object with its position, key and headers."""
    if topic == settings.output_topic and message.value is not None:
        text: str = message.value.decode("utf-8", "replace")
        return text
    key = None if message.key is None else message.key.decode("utf-8", "backslashreplace")
    line = {
        "topic": message.topic,
        "partition": message.partition,
        "offset": message.offset,
        "timestamp": message.timestamp,
        "key": key,
        "headers": codec.headers_to_dict(message.headers),
        **_value_field(message.value),
    }
    return json.dumps(line, ensure_ascii=False)


async def _tail(
    settings: Settings, topic: str, start: str, limit: int | None, timeout: float | None
) -> int:
    consumer = AIOKafkaConsumer(**client_config(settings), enable_auto_commit=False,
                                auto_offset_reset=start)  # fmt: skip
    await consumer.start()
    try:
        partitions = consumer.partitions_for_topic(topic)
        if partitions is None:
            await consumer._client.force_metadata_update()  # topic may be new
            partitions = consumer.partitions_for_topic(topic) or set()
        tps = [TopicPartition(topic, p) for p in sorted(partitions)]
        consumer.assign(tps)
        if start == "earliest":
            await consumer.seek_to_beginning(*tps)
        else:
            await consumer.seek_to_end(*tps)
        printed = 0
        last = time.monotonic()
        while limit is None or printed < limit:
            batch = await consumer.getmany(timeout_ms=200)
            if not batch:
                if timeout is not None and time.monotonic() - last > timeout:
                    break
                continue
            last = time.monotonic()
            for messages in batch.values():
                for message in messages:
                    print(render_message(topic, message, settings), flush=True)
                    printed += 1
                    if limit is not None and printed >= limit:
                        break
                if limit is not None and printed >= limit:
                    break
    finally:
        await consumer.stop()
    return 0


def cmd_tail(args: argparse.Namespace) -> int:
    settings = load_settings()
    topic = args.topic or settings.output_topic
    if topic not in service_topics(settings):
        print(f"wiredesk: note: {topic} is not one of the service's topics", file=sys.stderr)
    return asyncio.run(_tail(settings, topic, args.start, args.max, args.timeout))
