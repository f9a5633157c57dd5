"""The story keeper's own work per record, without Kafka: where its CPU goes.

``python -m tests.bench.keeper_profile [--records N] [--profile] [--ner]`` builds the
by-key records ``make bench``'s keeper-alone row sends (the seed stories, normalised
without the NER model unless ``--ner``, each under its own id, as stage 1 writes them),
then runs the keeper's decision path on each in order, as :class:`StoryKeeper` does for
a batch: the record decoded from its bytes, :meth:`StoryBook.admit` over a dict (the
Faust table's stand-in, written once a batch of :data:`BATCH_MAX` as the keeper writes
it), the record with its lifecycle encoded, its outputs listed. It
prints the CPU microseconds per record and, with ``--profile``, cProfile's top functions by
their own time. No broker: Faust's and aiokafka's share of the keeper's pace is the
difference between this and the keeper-alone row.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from tests.conftest import SEEDS
from wiredesk import codec
from wiredesk.models import Envelope, EventRecord
from wiredesk.normalize.pipeline import normalize
from wiredesk.resources import load_resources
from wiredesk.stories.book import StoryBook
from wiredesk.stream.keeper import BATCH_MAX, outputs

Message = tuple[bytes, list[tuple[str, bytes]]]


def by_key_records(count: int, *, ner: bool = False, header: bool = True) -> list[Message]:
    """``count`` by-key records (value, headers) of the seed stories, ids ``ceil-N``, with
    the headers stage 1 writes (without the fingerprint when not ``header``)."""
    from wiredesk.codec import SourcePosition
    from wiredesk.stream.keeper import FINGERPRINT_HEADER, by_key_record

    resources = load_resources() if ner else load_resources(None)
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    when = datetime(2024, 6, 1, tzinfo=UTC)
    records = [normalize(Envelope(text=t), resources, received_at=when) for t in texts]
    out: list[Message] = []
    for n in range(count):
        record = records[n % len(records)].model_copy(update={"id": f"ceil-{n:05d}"})
        _, headers = by_key_record(record, SourcePosition("bench.raw", 0, n, None), None)
        if not header:
            headers = [(name, value) for name, value in headers if name != FINGERPRINT_HEADER]
        out.append((codec.encode_record(record), headers))
    return out


def decide_all(messages: Sequence[Message]) -> float:
    """The keeper's decision path over ``messages`` in order; seconds per record."""
    from wiredesk.stream.keeper import KEY_HEADER, SOURCE_HEADER, body_fingerprint

    book = StoryBook({}, timedelta(hours=168), write_behind=True)
    start = time.process_time()  # CPU time: the machine may be shared
    for n, (value, headers) in enumerate(messages, 1):
        source = codec.header(headers, SOURCE_HEADER) or ""
        kafka_key = codec.header(headers, KEY_HEADER)
        record = EventRecord.model_validate_json(value)
        admitted = book.admit(record, source, kafka_key, body_fingerprint(headers))
        outputs(admitted, codec.encode_record(admitted.record))
        if n % BATCH_MAX == 0:
            book.flush()  # the keeper writes its states once a batch
    book.flush()
    return (time.process_time() - start) / len(messages)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=4000)
    parser.add_argument("--profile", action="store_true", help="cProfile's top 25 functions")
    parser.add_argument("--ner", action="store_true", help="records with the NER model's entities")
    parser.add_argument(
        "--no-header", action="store_true", help="without stage 1's fingerprint: the keeper's own"
    )
    args = parser.parse_args(argv)
    messages = by_key_records(args.records, ner=args.ner, header=not args.no_header)
    size = sum(len(v) for v, _ in messages) / len(messages)
    decide_all(messages[:200])  # warm up
    best = min(decide_all(messages) for _ in range(3))
    print(f"keeper decision path: {best * 1e6:.0f} us CPU a record ({1 / best:,.0f} records/s on "
          f"one core), {len(messages):,} records of {size:,.0f} bytes")  # fmt: skip
    if args.profile:
        profiler = cProfile.Profile()
        profiler.runcall(decide_all, messages)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
    return 0


if __name__ == "__main__":
    sys.exit(main())
